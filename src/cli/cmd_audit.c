/* cmd_audit.c — `cadre audit verify` (the hash chain, in the database or in
 * an exported CSV file alone) and `cadre audit export` (CSV or JSON, itself
 * audited). */
#include <errno.h>
#include <sodium.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "formats/table.h"
#include "store/audit.h"
#include "store/crypto.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/xmalloc.h"

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
    const char *from = cli_value(cli, "from"), *to = cli_value(cli, "to");
    const char *out = cli_value(cli, "output"), *format = cli_value(cli, "format");
    if (!format)
        format = "csv";
    struct audit_filter f = {0};
    char from_bound[21], to_bound[21];
    if ((from && audit_time_bound(from, false, from_bound) < 0) ||
        (to && audit_time_bound(to, true, to_bound) < 0) ||
        (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0))
        return cli_usage_error(cli, "日期应为 YYYY-MM-DD，格式应为 csv 或 json");
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
        json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "count", (json_int_t)x.count, "format",
                                  format, "from", f.from ? f.from : "", "to", f.to ? f.to : "");
        rc = cli_audit(db, "audit.export", "audit_log", 0, after);
        json_decref(after);
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

static int run(struct cli *cli)
{
    if (cli_verb(cli, "export"))
        return audit_export(cli);
    if (cli_flag(cli, "csv"))
        return audit_verify_csv(cli_value(cli, "csv"));
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    long long bad = 0, count = 0;
    /* With the key file, the re-anchoring record's HMAC-SM3 is checked too,
     * under the audit key the ring cli_open_db loaded holds (carried over a
     * master rotation). */
    const struct secret_key *master = secret_default_key();
    bool keyed = master != NULL;
    unsigned char key[32];
    if (keyed)
        crypto_audit_key(master, key);
    int rc = audit_verify_keyed(db, keyed ? key : NULL, sizeof key, &bad);
    sodium_memzero(key, sizeof key);
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
    printf("审计日志完整：共 %lld 条记录，哈希链校验通过%s\n", count,
           keyed ? "（含重新锚定记录的 HMAC-SM3）"
                 : "（未找到密钥文件，未校验重新锚定记录的 HMAC-SM3）");
    return EXIT_OK;
}

const struct command cmd_audit_entry = {
    .name = "audit",
    .summary = "校验或导出审计日志",
    .forms =
        (const struct cli_form[]){
            {.verb = "verify",
             .options =
                 (const struct cli_option[]){
                     {"csv", 0, "导出的文件", "只凭导出的 CSV 文件校验，不读数据库"},
                     {0},
                 }},
            {.verb = "export",
             .options =
                 (const struct cli_option[]){
                     {"from", 0, "日期", "起始日期（本地日期 YYYY-MM-DD，含当天）"},
                     {"to", 0, "日期", "截止日期（含当天）"},
                     {"output", 'o', "文件", "写入的文件（默认写到标准输出）"},
                     {"format", 0, "csv|json", "导出格式（默认 csv）"},
                     {0},
                 }},
            {0},
        },
    .about =
        "verify 重算哈希链，指出第一条被修改、删除或插入的记录；--csv 只凭导出的 CSV 文件\n"
        "校验（每条记录的哈希与内容、相邻记录的链接），并给出最后一条的哈希以便与数据库核对。\n"
        "export 导出审计记录（日期为本地日期 YYYY-MM-DD，含首尾两天；不加 -o 时写到标准输出），\n"
        "导出本身也记入审计日志。审计记录不能通过本系统修改或删除。\n",
    .run = run,
};
