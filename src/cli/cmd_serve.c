/* cmd_serve.c — `cadre serve`: migrates the database once, loads the key
 * file's keys and checks a sample of the row MACs, then runs the web server
 * (JSON API and the embedded web UI) until stopped. */
#include <sodium.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/server.h"
#include "store/crypto.h"
#include "store/rowmac.h"
#include "util/log.h"
#include "util/secret.h"

/* Loads the ring again on a connection of its own (secret_ring_loader):
 * a rotation run beside the server made a key it has not seen. */
static int reload_ring(const struct secret_key *master, void *ctx)
{
    struct db *db = NULL;
    char *msg = NULL;
    const char *why = NULL;
    int rc = db_open(ctx, &db, &msg);
    free(msg);
    if (rc == 0)
        rc = crypto_load(db, master, &why);
    db_close(db);
    return rc;
}

/* The row MACs of a bounded sample at start (200 consecutive person ids
 * from a random place): a quick sign of tampering, logged, never in the
 * way of starting; `cadre verify-data` checks all. */
static void sample_check(struct db *db)
{
    long long max_id = 0;
    if (!rowmac_enabled() ||
        db_query_int(db, "SELECT coalesce(max(id), 0) FROM people", &max_id, 0) < 0)
        return;
    long long from =
        max_id > 200 ? 1 + (long long)randombytes_uniform((uint32_t)(max_id - 199)) : 1;
    struct rowmac_problem shown[5];
    struct rowmac_report report;
    if (rowmac_verify(db, from, from + 199, shown, 5, &report) < 0)
        return;
    if (report.problems)
        log_warn("row integrity: %lld problem(s) among persons %lld..%lld (first: %s, person %lld);"
                 " run cadre verify-data",
                 report.problems, from, from + 199, shown[0].table, shown[0].person_id);
    else
        log_info("row integrity: sample of persons %lld..%lld intact (%lld groups)", from,
                 from + 199, report.people_checked);
}

static int run(struct cli *cli)
{
    struct server_config cfg = {.db_url = cli->db_url, .listen = "127.0.0.1:8080"};
    if (cli_flag(cli, "listen"))
        cfg.listen = cli_value(cli, "listen");
    cfg.behind_https = cli_flag(cli, "behind-https");
    if (cli_flag(cli, "threads"))
        cfg.threads = (unsigned)atoi(cli_value(cli, "threads"));
    /* Migrate once at start; server threads then open their own connections. */
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    /* cli_open_db has loaded the key file, when there is one, with the
     * database's profile and data keys (a key file made while the server
     * runs is used from the next start for that; docs/crypto.md). */
    /* A table protected since the last start takes in its older rows. */
    long long adopted = 0;
    if (rowmac_adopt(db, &adopted) < 0)
        log_warn("row integrity: could not take newly protected tables in");
    else if (adopted)
        log_info("row integrity: %lld group(s) of newly protected tables given a MAC", adopted);
    sample_check(db);
    db_close(db);
    secret_ring_loader(reload_ring, (void *)cli->db_url);
    return server_run(&cfg) == 0 ? EXIT_OK : EXIT_FAIL;
}

const struct command cmd_serve_entry = {
    .name = "serve",
    .summary = "启动 Web 服务（JSON API 与网页界面）",
    .forms =
        (const struct cli_form[]){
            {.options =
                 (const struct cli_option[]){
                     {"listen", 0, "地址:端口", "监听地址（默认 127.0.0.1:8080）"},
                     {"threads", 0, "N", "工作线程数（默认按 CPU 数）"},
                     {"behind-https", 0, NULL,
                      "经 HTTPS/国密 TLCP 反向代理提供服务：会话 Cookie 加 Secure，发送 HSTS"},
                     {0},
                 }},
            {0}},
    .about = "启动前自动迁移数据库。默认监听 127.0.0.1:8080。\n",
    .run = run,
};
