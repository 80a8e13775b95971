/* main.c — `cadre <command>`: global options, then the command table. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/router.h"
#include "store/audit.h"
#include "util/log.h"

static void usage(FILE *out)
{
    size_t n;
    const struct command *const *cmds = cli_commands(&n);
    fputs("用法: cadre [--db 路径] <命令> [参数]\n\n"
          "cadre 干部管理系统：干部名册、任职经历、花名册导入导出与 Web 服务。\n\n命令:\n",
          out);
    for (size_t i = 0; i < n; i++)
        if (cmds[i]->summary) /* a hidden command has none */
            fprintf(out, "  %-14s %s\n", cmds[i]->name, cmds[i]->summary);
    fputs("\n全局选项:\n"
          "  --db 路径    数据库文件（或环境变量 CADRE_DB；默认 ./cadre.db）\n"
          "  --version    显示版本\n"
          "  -h, --help   显示帮助；每个命令也有 --help\n",
          out);
}

int main(int argc, char **argv)
{
    /* Random tokens, password hashes and the audit chain all need libsodium. */
    if (sodium_init() < 0) {
        fputs("cadre: 无法初始化加密库 libsodium\n", stderr);
        return EXIT_FAIL;
    }
    /* The labels of audit actions, for the log's readers and exports. */
    audit_label_source_add(router_audit_label);
    audit_label_source_add(cli_audit_label);
    struct cli cli = {0};
    cli.db_url = getenv("CADRE_DB");
    if (!cli.db_url || !*cli.db_url)
        cli.db_url = "cadre.db";
    const char *level = getenv("CADRE_LOG");
    if (level && strcmp(level, "debug") == 0)
        log_set_level(LOG_DEBUG);

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            cli.db_url = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            cli.db_url = argv[i] + 5;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("cadre %s\n", CADRE_VERSION);
            return EXIT_OK;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else {
            fprintf(stderr, "cadre: 未知选项 %s\n\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    size_t n;
    const struct command *const *cmds = cli_commands(&n);
    for (size_t k = 0; k < n; k++) {
        if (strcmp(cmds[k]->name, argv[i]) == 0) {
            cli.command = cmds[k];
            cli.argc = argc - i;
            cli.argv = argv + i;
            if (cli_wants_help(&cli))
                return EXIT_OK;
            int rc = cli_parse(&cli);
            return rc != 0 ? rc : cmds[k]->run(&cli);
        }
    }
    fprintf(stderr, "cadre: 未知命令“%s”\n\n", argv[i]);
    usage(stderr);
    return EXIT_USAGE;
}
