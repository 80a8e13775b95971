/* cmd_meta.c — `cadre routes`, `cadre roles`, `cadre audit verify`,
 * `cadre backup`: what the system is and how to check it. */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "http/router.h"
#include "store/audit.h"
#include "util/err.h"

int cmd_routes(struct cli *cli)
{
    bool as_json = cli->argc > 1 && strcmp(cli->argv[1], "--json") == 0;
    size_t n;
    const struct route *routes = router_routes(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (as_json)
            json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "method",
                                                   routes[i].method, "path", routes[i].pattern,
                                                   "permission", perm_name(routes[i].perm),
                                                   "summary", routes[i].summary));
        else
            printf("%-7s %-40s %-16s %s\n", routes[i].method, routes[i].pattern,
                   perm_name(routes[i].perm), routes[i].summary);
    }
    if (as_json) {
        char *s = json_dumps(items, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
    }
    json_decref(items);
    return EXIT_OK;
}

int cmd_roles(struct cli *cli)
{
    (void)cli;
    size_t n;
    const struct role_info *roles = roles_all(&n);
    printf("%-18s", "权限");
    for (size_t r = 0; r < n; r++)
        printf(" %-12s", roles[r].name);
    printf("\n");
    for (int p = PERM_CODES_READ; p < PERM_COUNT; p++) {
        printf("%-18s", perm_name((enum perm)p));
        for (size_t r = 0; r < n; r++)
            printf(" %-12s", roles_allows(roles[r].role, (enum perm)p) ? "是" : "-");
        printf("  %s\n", perm_label((enum perm)p));
    }
    printf("\n角色: ");
    for (size_t r = 0; r < n; r++)
        printf("%s%s=%s", r ? ", " : "", roles[r].name, roles[r].label);
    printf("\n");
    return EXIT_OK;
}

int cmd_audit(struct cli *cli)
{
    if (cli->argc != 2 || strcmp(cli->argv[1], "verify") != 0) {
        fputs("用法: cadre audit verify\n", stderr);
        return EXIT_USAGE;
    }
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    long long bad = 0, count = 0;
    int rc = audit_verify(db, &bad);
    db_query_int(db, "SELECT count(*) FROM audit_log", &count, 0);
    db_close(db);
    if (rc == ERR_CONFLICT) {
        printf("审计日志哈希链在第 %lld 条记录处断开（该记录被修改、删除或插入）\n", bad);
        return EXIT_FAIL;
    }
    if (rc < 0) {
        fputs("cadre audit verify: 无法读取审计日志\n", stderr);
        return EXIT_FAIL;
    }
    printf("审计日志完整：共 %lld 条记录，哈希链校验通过\n", count);
    return EXIT_OK;
}

int cmd_backup(struct cli *cli)
{
    if (cli->argc != 2) {
        fputs("用法: cadre backup 目标文件\n", stderr);
        return EXIT_USAGE;
    }
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    int rc = db_backup(db, cli->argv[1]);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "cadre backup: 无法写入 %s\n", cli->argv[1]);
        return EXIT_FAIL;
    }
    printf("已备份到 %s\n", cli->argv[1]);
    return EXIT_OK;
}
