/* cmd_init.c — `cadre init` and `cadre serve`. */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/server.h"
#include "store/store.h"
#include "util/secret.h"

int cmd_init(struct cli *cli)
{
    if (cli->argc > 1) {
        fprintf(stderr, "cadre init: 多余的参数 %s\n", cli->argv[1]);
        return EXIT_USAGE;
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    printf("数据库 %s 已是版本 %d\n", cli->db_url, store_schema_version());
    db_close(db);
    return EXIT_OK;
}

int cmd_serve(struct cli *cli)
{
    struct server_config cfg = {.db_url = cli->db_url, .listen = "127.0.0.1:8080"};
    static const struct option opts[] = {{"listen", required_argument, 0, 'l'},
                                         {"threads", required_argument, 0, 't'},
                                         {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(cli->argc, cli->argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            cfg.listen = optarg;
            break;
        case 't':
            cfg.threads = (unsigned)atoi(optarg);
            break;
        default:
            return EXIT_USAGE;
        }
    }
    if (optind < cli->argc) {
        fprintf(stderr, "cadre serve: 多余的参数 %s\n", cli->argv[optind]);
        return EXIT_USAGE;
    }
    /* The data key (TOTP secrets, confidential fields): loaded at first need. */
    char *key_path = secret_key_path(cli->db_url);
    secret_configure(key_path);
    free(key_path);
    /* Migrate once at start; server threads then open their own connections. */
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    db_close(db);
    return server_run(&cfg) == 0 ? EXIT_OK : EXIT_FAIL;
}
