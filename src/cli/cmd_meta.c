/* cmd_meta.c — `cadre routes`, `cadre roles`, `cadre audit verify|export`,
 * `cadre backup`, `cadre restore`, `cadre key init`: what the system is,
 * how to check it, and how to keep it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "formats/table.h"
#include "http/router.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/xmalloc.h"

/* The record kinds whose permission differs from the route's, as
 * {"punishments": "punishments.write"}; NULL for routes without {kind}. */
static json_t *kind_permissions(const struct route *r)
{
    if (!r->per_kind)
        return json_null();
    json_t *o = json_object();
    size_t n;
    const char *const *segments = roles_kind_segments(&n);
    for (size_t i = 0; i < n; i++) {
        enum perm p = roles_kind_perm(segments[i], r->perm);
        if (p != r->perm)
            json_object_set_new(o, segments[i], json_string(perm_name(p)));
    }
    return o;
}

int cmd_routes(struct cli *cli)
{
    bool as_json = cli->argc > 1 && strcmp(cli->argv[1], "--json") == 0;
    size_t n;
    const struct route *routes = router_routes(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (as_json)
            json_array_append_new(
                items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "method", routes[i].method,
                                 "path", routes[i].pattern, "permission",
                                 perm_name(routes[i].perm), "summary", routes[i].summary, "scope",
                                 route_scope_name(routes[i].scope), "kind_permissions",
                                 kind_permissions(&routes[i])));
        else
            printf("%-7s %-40s %-18s %-7s %s\n", routes[i].method, routes[i].pattern,
                   perm_name(routes[i].perm), route_scope_name(routes[i].scope),
                   routes[i].summary);
    }
    if (as_json) {
        char *s = json_dumps(items, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
    }
    json_decref(items);
    return EXIT_OK;
}

/* The permission table as JSON: what the API test of every route × role
 * × scope derives its expectations from. */
static void print_matrix_json(void)
{
    size_t n;
    const struct role_info *roles = roles_all(&n);
    json_t *perms = json_array(), *role_list = json_array();
    for (int p = PERM_CODES_READ; p < PERM_COUNT; p++)
        json_array_append_new(perms, json_pack("{s:s, s:s}", "name", perm_name((enum perm)p),
                                               "label", perm_label((enum perm)p)));
    for (size_t r = 0; r < n; r++) {
        json_t *held = json_array();
        for (int p = 0; p < PERM_COUNT; p++)
            if (roles_allows(roles[r].role, (enum perm)p))
                json_array_append_new(held, json_string(perm_name((enum perm)p)));
        json_array_append_new(role_list,
                              json_pack("{s:s, s:s, s:b, s:o}", "name", roles[r].name, "label",
                                        roles[r].label, "always_scoped",
                                        roles_always_scoped(roles[r].role), "permissions", held));
    }
    json_t *o = json_pack("{s:o, s:o}", "roles", role_list, "permissions", perms);
    char *s = json_dumps(o, JSON_INDENT(2));
    printf("%s\n", s);
    free(s);
    json_decref(o);
}

int cmd_roles(struct cli *cli)
{
    bool as_json = false;
    for (int i = 1; i < cli->argc; i++) {
        if (strcmp(cli->argv[i], "--json") == 0)
            as_json = true;
        else if (strcmp(cli->argv[i], "--matrix") != 0) {
            fprintf(stderr, "cadre roles: 未知参数“%s”\n", cli->argv[i]);
            return EXIT_USAGE;
        }
    }
    if (as_json) {
        print_matrix_json();
        return EXIT_OK;
    }
    size_t n;
    const struct role_info *roles = roles_all(&n);
    printf("%-18s", "权限");
    for (size_t r = 0; r < n; r++)
        printf(" %-10s", roles[r].name);
    printf("\n");
    for (int p = PERM_CODES_READ; p < PERM_COUNT; p++) {
        printf("%-18s", perm_name((enum perm)p));
        for (size_t r = 0; r < n; r++)
            printf(" %-10s", roles_allows(roles[r].role, (enum perm)p) ? "是" : "-");
        printf("  %s\n", perm_label((enum perm)p));
    }
    printf("\n角色: ");
    for (size_t r = 0; r < n; r++)
        printf("%s%s=%s", r ? ", " : "", roles[r].name, roles[r].label);
    printf("\n处室负责人（unit_head）只在所负责单位及下级单位内有效，干部本人（self）只及账号关联的本人；"
           "其他角色可按单位限定（--unit）。处分记录的新增、修改、删除需 punishments.write。\n");
    return EXIT_OK;
}

#define AUDIT_USAGE                                                                                \
    "用法: cadre audit verify [--csv 导出的文件]\n"                                         \
    "      cadre audit export [--from 日期] [--to 日期] [-o 文件] [--format csv|json]\n"

struct export_ctx {
    struct table_writer *w;
    FILE *json;
    struct arena *scratch; /* one CSV record's numbers and labels */
    long long count;
};

static int export_record(void *ctx, const struct audit_record *r)
{
    struct export_ctx *x = ctx;
    if (x->w) {
        /* The same layout as the API's export (store/audit.h). */
        const char *csv[AUDIT_CSV_COLUMNS];
        audit_csv_cells(r, x->scratch, csv);
        table_writer_row(x->w, csv, AUDIT_CSV_COLUMNS);
        arena_reset(x->scratch);
    } else {
        char buf[2][24];
        const char *cells[14];
        audit_cells(r, buf, cells);
        json_t *o = json_object();
        for (int i = 0; i < 14; i++)
            json_object_set_new(o, audit_columns[i],
                                cells[i] ? json_string(cells[i]) : json_null());
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fprintf(x->json, "%s%s", x->count ? ",\n" : "", line);
        free(line);
        json_decref(o);
    }
    x->count++;
    return 0;
}

/* Copies file `from` to stream `to`. */
static int copy_to(const char *from, FILE *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return ERR_IO;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, to) != n) {
            fclose(in);
            return ERR_IO;
        }
    fclose(in);
    return fflush(to) == 0 ? 0 : ERR_IO;
}

static int audit_export(struct cli *cli)
{
    const char *from = NULL, *to = NULL, *out = NULL, *format = "csv";
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},
                                         {"to", required_argument, 0, 't'},
                                         {"format", required_argument, 0, 'F'},
                                         {"output", required_argument, 0, 'o'},
                                         {0, 0, 0, 0}};
    optind = 2;
    int c;
    while ((c = getopt_long(cli->argc, cli->argv, "o:", opts, NULL)) != -1) {
        if (c == 'f')
            from = optarg;
        else if (c == 't')
            to = optarg;
        else if (c == 'F')
            format = optarg;
        else if (c == 'o')
            out = optarg;
        else
            return EXIT_USAGE;
    }
    struct audit_filter f = {0};
    char from_bound[21], to_bound[21];
    if ((from && audit_time_bound(from, false, from_bound) < 0) ||
        (to && audit_time_bound(to, true, to_bound) < 0) ||
        (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) || optind < cli->argc) {
        fputs("cadre audit export: 日期应为 YYYY-MM-DD，格式应为 csv 或 json\n" AUDIT_USAGE,
              stderr);
        return EXIT_USAGE;
    }
    f.from = from ? from_bound : NULL;
    f.to = to ? to_bound : NULL;
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    /* CSV goes through a file (the table writer's); to stdout by a copy. */
    char tmp[4096] = "";
    const char *path = out;
    if (!out && strcmp(format, "csv") == 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/cadre-audit-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(tmp);
        if (fd < 0) {
            db_close(db);
            fputs("cadre audit export: 无法创建临时文件\n", stderr);
            return EXIT_FAIL;
        }
        close(fd);
        path = tmp;
    }
    struct export_ctx x = {.scratch = arena_new()};
    int rc = 0;
    if (strcmp(format, "csv") == 0) {
        if (!(x.w = table_writer_open(TABLE_CSV, path, "审计日志")))
            rc = ERR_IO;
        else
            table_writer_row(x.w, audit_csv_header, AUDIT_CSV_COLUMNS);
    } else if (!(x.json = out ? fopen(out, "w") : stdout)) {
        rc = ERR_IO;
    } else {
        fputs("[\n", x.json);
    }
    if (rc == 0 && (rc = db_begin_read(db)) == 0) {
        rc = audit_each(db, &f, export_record, &x);
        db_rollback(db);
    }
    if (x.w && table_writer_close(x.w) < 0 && rc == 0)
        rc = ERR_IO;
    arena_free(x.scratch);
    if (x.json) {
        fputs(x.count ? "\n]\n" : "]\n", x.json);
        if ((x.json != stdout ? fclose(x.json) : fflush(x.json)) != 0 && rc == 0)
            rc = ERR_IO;
    }
    if (rc == 0 && tmp[0])
        rc = copy_to(tmp, stdout);
    if (tmp[0])
        unlink(tmp);
    if (rc == 0) {
        char after[512];
        snprintf(after, sizeof after,
                 "{\"count\":%lld,\"format\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}", x.count,
                 format, f.from ? f.from : "", f.to ? f.to : "");
        struct audit_entry e = {.username = "(命令行)",
                                .source_addr = "cli",
                                .action = "audit.export",
                                .object_type = "audit_log",
                                .outcome = "ok",
                                .after_json = after};
        rc = audit_write(db, &e);
    }
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "cadre audit export: 无法%s\n", out ? "写入输出文件" : "导出审计日志");
        return EXIT_FAIL;
    }
    fprintf(stderr, "已导出 %lld 条审计记录%s%s\n", x.count, out ? "到 " : "", out ? out : "");
    return EXIT_OK;
}

/* `cadre audit verify --csv FILE`: the chain checked from an export alone
 * (store/audit.h audit_check_records), no database needed. */
static int audit_verify_csv(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cadre audit verify: 无法打开文件 %s：%s\n", path, strerror(errno));
        return EXIT_FAIL;
    }
    char *data = NULL;
    size_t len = 0, cap = 0, got;
    bool too_large = false;
    do {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            data = xrealloc(data, cap);
        }
        got = fread(data + len, 1, cap - len, f);
        len += got;
        too_large = len > TABLE_MAX_BYTES;
    } while (got > 0 && !too_large);
    bool failed = ferror(f);
    fclose(f);
    if (too_large || failed) {
        free(data);
        fprintf(stderr, "cadre audit verify: %s\n",
                too_large ? "文件超过 64 MB，请按日期分段导出后分别校验" : "读取文件失败");
        return EXIT_FAIL;
    }
    struct arena *a = arena_new();
    struct table t;
    const char *msg = NULL;
    int rc = table_read_csv(data, len, a, &t, &msg);
    free(data);
    int map[AUDIT_CSV_COLUMNS];
    const char *missing = NULL;
    if (rc == 0 && t.nrows == 0) {
        msg = "文件是空的";
        rc = ERR_INVALID;
    }
    if (rc == 0 && audit_csv_columns(t.rows[0].cells, t.rows[0].ncells, map, &missing) < 0) {
        msg = arena_sprintf(a, "不是审计日志导出文件：缺少“%s”列", missing);
        rc = ERR_INVALID;
    }
    if (rc < 0) {
        fprintf(stderr, "cadre audit verify: %s\n", msg ? msg : "文件无法读取");
        arena_free(a);
        return EXIT_FAIL;
    }
    size_t n = t.nrows - 1;
    struct audit_record *r = arena_calloc(a, n ? n : 1, sizeof *r);
    for (size_t i = 0; i < n; i++)
        audit_csv_record(map, t.rows[i + 1].cells, t.rows[i + 1].ncells, &r[i]);
    struct audit_check check;
    rc = audit_check_records(r, n, &check);
    int status = EXIT_OK;
    if (rc < 0) {
        printf("审计日志文件 %s 校验未通过：序号 %lld 的记录%s\n", path, check.first_bad,
               check.why);
        status = EXIT_FAIL;
    } else if (n == 0) {
        printf("审计日志文件 %s 中没有记录\n", path);
    } else {
        printf("审计日志文件 %s 完整：共 %zu 条记录（序号 %lld 至 %lld），每条的哈希与内容相符",
               path, n, r[0].id, r[n - 1].id);
        if (check.gaps)
            printf("；筛选导出，有 %zu 处序号不连续，其间的链接须对照数据库核对", check.gaps);
        printf("\n最后一条的哈希：%s（与数据库中序号 %lld 的记录核对，可确认文件未被整体改写）\n",
               r[n - 1].hash, r[n - 1].id);
    }
    arena_free(a);
    return status;
}

int cmd_audit(struct cli *cli)
{
    if (cli->argc >= 2 && strcmp(cli->argv[1], "export") == 0)
        return audit_export(cli);
    if (cli->argc == 4 && strcmp(cli->argv[1], "verify") == 0 && strcmp(cli->argv[2], "--csv") == 0)
        return audit_verify_csv(cli->argv[3]);
    if (cli->argc != 2 || strcmp(cli->argv[1], "verify") != 0) {
        fputs(AUDIT_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    long long bad = 0, count = 0;
    int rc = audit_verify(db, &bad);
    struct audit_filter everything = {0};
    audit_count(db, &everything, &count);
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

/* ---- key ------------------------------------------------------------------ */

int cmd_key(struct cli *cli)
{
    const char *path = NULL;
    if (cli->argc == 4 && strcmp(cli->argv[2], "--key") == 0)
        path = cli->argv[3];
    else if (cli->argc != 2)
        path = ""; /* usage */
    if (path && !*path) {
        fputs("用法: cadre key init [--key 路径]\n", stderr);
        return EXIT_USAGE;
    }
    if (strcmp(cli->argv[1], "init") != 0) {
        fputs("用法: cadre key init [--key 路径]\n", stderr);
        return EXIT_USAGE;
    }
    char *owned = path ? NULL : secret_key_path(cli->db_url);
    if (!path)
        path = owned;
    int rc = secret_key_create(path);
    if (rc == ERR_CONFLICT)
        fprintf(stderr, "cadre key init: %s 已存在，不会覆盖（覆盖会使已加密的数据无法解密）\n",
                path);
    else if (rc < 0)
        fprintf(stderr, "cadre key init: 无法写入 %s：%s\n", path, strerror(errno));
    else
        printf("已生成数据密钥 %s（权限 0600）。请与数据库分开备份：没有它，加密字段无法恢复。\n",
               path);
    free(owned);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

/* ---- restore ---------------------------------------------------------------- */

static int copy_file(const char *from, const char *to_path, int to_fd)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ERR_IO;
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(to_fd, buf, (size_t)n) != n) {
            rc = ERR_IO;
            break;
        }
    if (n < 0 || fsync(to_fd) != 0)
        rc = ERR_IO;
    close(in);
    (void)to_path;
    return rc;
}

/* Checks the copy at `path`: integrity, schema version (older ones are
 * migrated), the audit chain; then records the restore in its audit log. */
static int check_restored(const char *path, const char *from, char **why)
{
    struct db *db = NULL;
    char *msg = NULL;
    *why = NULL;
    if (db_open(path, &db, &msg) < 0) {
        *why = xasprintf("无法打开备份文件：%s", msg ? msg : "");
        free(msg);
        return ERR_INVALID;
    }
    long long version = 0;
    char *problem = NULL;
    if (store_check(db, &version, &problem) < 0) {
        *why = xasprintf("%s", problem);
        free(problem);
    }
    if (!*why && version > store_schema_version())
        *why = xasprintf("备份的数据库版本 %lld 高于本程序支持的版本 %d", version,
                         store_schema_version());
    if (!*why && version < store_schema_version() && store_migrate(db, &msg) < 0) {
        *why = xasprintf("无法把备份升级到当前版本：%s", msg ? msg : "");
        free(msg);
    }
    long long bad = 0;
    if (!*why && audit_verify(db, &bad) < 0)
        *why = xasprintf("备份的审计日志哈希链在第 %lld 条记录处断开，拒绝恢复", bad);
    if (!*why) {
        json_t *a = json_pack("{s:s, s:I}", "from", from, "schema_version", (json_int_t)version);
        char *after = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(a);
        struct audit_entry e = {.username = "(命令行)",
                                .source_addr = "cli",
                                .action = "db.restore",
                                .object_type = "database",
                                .outcome = "ok",
                                .after_json = after};
        if (audit_write(db, &e) < 0)
            *why = xasprintf("无法写入审计记录：%s", db_errmsg(db));
        free(after);
    }
    /* Fold the WAL back in, so the file alone is the database. */
    if (!*why && db_checkpoint(db) < 0)
        *why = xasprintf("无法写入：%s", db_errmsg(db));
    db_close(db);
    return *why ? ERR_INVALID : 0;
}

int cmd_restore(struct cli *cli)
{
    if (cli->argc != 2) {
        fputs("用法: cadre [--db 路径] restore 备份文件\n", stderr);
        return EXIT_USAGE;
    }
    const char *from = cli->argv[1];
    const char *target = cli->db_url;
    if (strncmp(target, "sqlite:", 7) == 0)
        target += 7;
    if (strstr(target, "://")) {
        fputs("cadre restore: 只能恢复 SQLite 数据库文件\n", stderr);
        return EXIT_FAIL;
    }
    if (access(from, R_OK) != 0) {
        fprintf(stderr, "cadre restore: 无法读取备份文件 %s\n", from);
        return EXIT_FAIL;
    }
    if (db_in_use(target)) {
        fprintf(stderr,
                "cadre restore: 数据库 %s 正被其他进程（如 cadre serve）使用，"
                "请先停止服务再恢复\n",
                target);
        return EXIT_FAIL;
    }
    /* Work on a copy beside the target, then rename it over: the database
     * is either the old one or the restored one, never half of each. */
    char *tmp = xasprintf("%s.restore-XXXXXX", target);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "cadre restore: 无法在数据库所在目录创建临时文件：%s\n", strerror(errno));
        free(tmp);
        return EXIT_FAIL;
    }
    fchmod(fd, 0600);
    int rc = copy_file(from, tmp, fd);
    close(fd);
    char *why = NULL;
    if (rc < 0)
        why = xasprintf("无法复制备份文件");
    else
        rc = check_restored(tmp, from, &why);
    if (rc == 0 && db_in_use(target)) {
        why = xasprintf("数据库在恢复期间被其他进程打开，已放弃恢复");
        rc = ERR_CONFLICT;
    }
    if (rc == 0) {
        /* The old WAL and shared memory belong to the old file: left in
         * place they would be replayed onto the restored one. */
        const char *suffixes[] = {"-wal", "-shm"};
        for (size_t i = 0; i < 2; i++) {
            char *p = xasprintf("%s%s", target, suffixes[i]);
            unlink(p);
            free(p);
        }
        if (rename(tmp, target) != 0) {
            why = xasprintf("无法替换数据库文件：%s", strerror(errno));
            rc = ERR_IO;
        }
    }
    if (rc < 0) {
        const char *suffixes[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            char *p = xasprintf("%s%s", tmp, suffixes[i]);
            unlink(p);
            free(p);
        }
        fprintf(stderr, "cadre restore: %s；数据库未作任何修改\n", why ? why : "恢复失败");
        free(why);
        free(tmp);
        return EXIT_FAIL;
    }
    /* Make the rename durable. */
    char *dir = xstrdup(target);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int dfd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    free(tmp);
    printf("已从 %s 恢复数据库 %s（完整性、版本与审计链均已校验）\n", from, target);
    return EXIT_OK;
}
