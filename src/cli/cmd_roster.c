/* cmd_roster.c — `cadre import roster` and `cadre export roster`: the
 * 花名册 in and out from the command line, with the same all-or-nothing
 * import and the same file layout as the web API. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/codes.h"
#include "formats/roster_layout.h"
#include "formats/roster_file.h"
#include "formats/table.h"
#include "store/audit.h"
#include "store/people.h"
#include "store/roster_apply.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Reads the whole of `path` (at most TABLE_MAX_BYTES). Returns owned bytes
 * or NULL with a Chinese reason printed. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cadre import: 无法打开文件 %s：%s\n", path, strerror(errno));
        return NULL;
    }
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t got;
    bool too_large = false;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        if (got > TABLE_MAX_BYTES - sb.len) {
            too_large = true;
            break;
        }
        strbuf_append(&sb, buf, got);
    }
    bool failed = ferror(f);
    fclose(f);
    if (too_large || failed) {
        fprintf(stderr, "cadre import: %s\n",
                too_large ? "文件超过 64 MB，请拆分后导入" : "读取文件失败");
        strbuf_release(&sb);
        return NULL;
    }
    *len = sb.len;
    return sb.data ? strbuf_detach(&sb) : calloc(1, 1);
}

static void on_progress(size_t done, size_t total, void *arg)
{
    (void)arg;
    cli_progress("导入", done, total);
}

/* The audit record of one person the import created or changed, in the
 * import's transaction. */
struct change_ctx {
    struct db *db;
};

static int on_change(const struct roster_change *c, void *arg)
{
    struct change_ctx *ctx = arg;
    const char *before, *after;
    roster_file_change_text(c, c->scratch, &before, &after);
    char id[24];
    snprintf(id, sizeof id, "%lld", c->person_id);
    struct audit_entry e = {.username = "(命令行)",
                            .source_addr = "cli",
                            .action = c->before ? "person.import_update" : "person.import_create",
                            .object_type = "person",
                            .object_id = id,
                            .outcome = "ok",
                            .before_json = before,
                            .after_json = after};
    return audit_write(ctx->db, &e);
}

/* Problems printed by default: a terminal (or a log) gains nothing from the
 * 100,001st line; --max-errors 0 prints them all. */
enum { IMPORT_ERRORS_SHOWN = 100 };

/* Prints the first `max` problems (every one when `max` is 0): "行 12，
 * 列“身份证号”：…", then how many there were and how many were left out. */
static void print_errors(const struct field_errors *fe, bool as_json, size_t max)
{
    size_t shown = 0;
    if (as_json) {
        json_t *errors = json_array();
        for (const struct field_error *e = fe->head; e && (max == 0 || shown < max);
             e = e->next, shown++) {
            json_t *o = json_pack("{s:s, s:s}", "field", e->field, "message", e->message);
            if (e->row)
                json_object_set_new(o, "row", json_integer(e->row));
            if (e->name)
                json_object_set_new(o, "name", json_string(e->name));
            json_array_append_new(errors, o);
        }
        json_t *out =
            json_pack("{s:b, s:o, s:I, s:I}", "ok", 0, "errors", errors, "errors_total",
                      (json_int_t)fe->count, "errors_omitted", (json_int_t)(fe->count - shown));
        json_dumpf(out, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(out);
        return;
    }
    for (const struct field_error *e = fe->head; e && (max == 0 || shown < max);
         e = e->next, shown++) {
        if (e->row)
            fprintf(stderr, "行 %d，", e->row);
        if (e->name)
            fprintf(stderr, "%s，", e->name);
        if (e->field && *e->field)
            fprintf(stderr, "列“%s”：", e->field);
        fprintf(stderr, "%s\n", e->message);
    }
    if (shown < fe->count)
        fprintf(stderr,
                "共 %zu 处错误（以上列出前 %zu 处，另有 %zu 处未列出；--max-errors 0 "
                "列出全部），未写入任何数据。\n",
                fe->count, shown, fe->count - shown);
    else
        fprintf(stderr, "共 %zu 处错误，未写入任何数据。\n", fe->count);
}

static int run_import(struct cli *cli)
{
    bool as_json = cli_flag(cli, "json");
    const char *path = cli->operands[0];
    long max_errors = IMPORT_ERRORS_SHOWN;
    const char *max = cli_value(cli, "max-errors");
    if (max) {
        char *end;
        errno = 0;
        max_errors = strtol(max, &end, 10);
        if (errno || *end || end == max || max_errors < 0)
            return cli_usage_error(cli, "--max-errors 应为不小于 0 的整数");
    }
    size_t len;
    char *data = read_file(path, &len);
    if (!data)
        return EXIT_FAIL;
    struct db *db = cli_open_db(cli, true);
    if (!db) {
        free(data);
        return EXIT_FAIL;
    }
    struct arena *a = arena_new();
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct date today = cli_today();
    struct table t;
    const char *msg = NULL;
    struct roster_entry *entries = NULL;
    size_t n = 0;
    struct roster_stats stats = {0};
    struct field_errors notes;
    field_errors_init(&notes, a);
    int rc = table_read(data, len, a, &t, &msg);
    if (rc < 0)
        field_errors_add(&fe, "", "%s", msg ? msg : "文件无法读取");
    else
        rc = roster_file_parse(&t, today, a, &entries, &n, &fe);
    /* A file with bad cells is checked against the database too (units,
     * repeated ID numbers), so that one report lists every problem. */
    if (rc == ERR_INVALID && n > 0) {
        int check = roster_apply_check(db, entries, n, a, &fe);
        if (check < 0)
            rc = check;
    }
    if (rc == 0)
        rc = db_begin(db);
    struct change_ctx change = {.db = db};
    struct roster_apply_opts opts = {
        .progress = on_progress, .on_change = on_change, .change_arg = &change, .notes = &notes};
    if (rc == 0)
        rc = roster_apply_with(db, entries, n, today, a, &fe, &stats, &opts);
    json_t *result = NULL;
    if (rc == 0) {
        result = json_pack("{s:b, s:I, s:I, s:I, s:I, s:s, s:I, s:I}", "ok", 1, "created",
                           (json_int_t)stats.created, "updated", (json_int_t)stats.updated,
                           "unchanged", (json_int_t)stats.unchanged, "total", (json_int_t)n, "file",
                           path, "levels_inferred", (json_int_t)stats.levels_inferred, "incomplete",
                           (json_int_t)stats.incomplete);
        rc = cli_audit(db, "roster.import", "roster", 0, result);
        if (notes.count) {
            roster_file_errors_finish(entries, n, &notes);
            json_t *list = json_array();
            for (const struct field_error *e = notes.head; e; e = e->next) {
                json_t *o = json_pack("{s:i, s:s, s:s}", "row", e->row, "field", e->field,
                                      "message", e->message);
                if (e->name)
                    json_object_set_new(o, "name", json_string(e->name));
                json_array_append_new(list, o);
            }
            json_object_set_new(result, "notes", list);
        }
    }
    if (rc == 0)
        rc = db_commit(db);
    if (rc < 0)
        db_rollback(db);
    free(data);

    int status = EXIT_OK;
    if (rc == ERR_INVALID) {
        roster_file_errors_finish(entries, n, &fe);
        print_errors(&fe, as_json, (size_t)max_errors);
        status = EXIT_FAIL;
    } else if (rc < 0) {
        fprintf(stderr, "cadre import: 写入数据库失败（%s），未写入任何数据\n", db_errmsg(db));
        status = EXIT_FAIL;
    } else if (as_json) {
        json_dumpf(result, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else {
        printf("已导入 %s：共 %zu 行，新增 %zu 人，更新 %zu 人，未变 %zu 人\n", path, n,
               stats.created, stats.updated, stats.unchanged);
        if (stats.levels_inferred)
            printf("其中 %zu 人的职务层次未填，已按职务名称和单位推断（见下）\n",
                   stats.levels_inferred);
        if (stats.incomplete)
            printf("数据不全：%zu 人的职务层次无法推断，其现任职务未导入（见下）\n",
                   stats.incomplete);
        for (const struct field_error *e = notes.head; e; e = e->next)
            printf("行 %d，%s%s%s：%s\n", e->row, e->name ? e->name : "", e->name ? "，" : "",
                   e->field, e->message);
    }
    json_decref(result);
    arena_free(a);
    db_close(db);
    return status;
}

/* ---- export ---- */

struct export_state {
    struct db *db;
    struct table_writer *w;
    struct date today;
    struct arena *scratch;
    const char **cells;
    size_t ncells, count, total;
};

#define EXPORT_BATCH 1024

static int export_row(const struct person_view *v, void *arg)
{
    struct export_state *s = arg;
    if (s->count % EXPORT_BATCH == 0) {
        arena_free(s->scratch);
        s->scratch = arena_new();
    }
    struct roster_entry e;
    roster_apply_entry_from_view(s->db, v, s->scratch, &e);
    s->count++;
    /* The command line works on the database file itself: nothing is
     * hidden from whoever can run it, so ID numbers are written whole and
     * the file can be imported again. */
    roster_file_cells(&e, (int)s->count, s->today, true, s->scratch, s->cells);
    table_writer_row(s->w, s->cells, s->ncells);
    if (s->count < s->total)
        cli_progress("导出", s->count, s->total);
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int run_export(struct cli *cli)
{
    const char *format_name = cli_value(cli, "format"), *output = cli_value(cli, "output");
    const char *status = cli_value(cli, "status"), *q = cli_value(cli, "q");
    bool include_sub = cli_flag(cli, "include-sub");
    long long unit = 0;
    if (cli_flag(cli, "unit")) {
        const char *text = cli_value(cli, "unit");
        char *end;
        errno = 0;
        unit = strtoll(text, &end, 10);
        if (errno || end == text || *end || unit <= 0)
            return cli_usage_error(cli, "--unit 应为正整数编号");
    }
    if (!output)
        return cli_usage_error(cli, "请用 -o 指定导出的文件");
    if (!format_name)
        format_name = ends_with(output, ".csv") ? "csv" : "xlsx";
    enum table_format format;
    if (strcmp(format_name, "xlsx") == 0)
        format = TABLE_XLSX;
    else if (strcmp(format_name, "csv") == 0)
        format = TABLE_CSV;
    else
        return cli_usage_error(cli, "--format 应为 xlsx 或 csv");

    struct date today = cli_today();
    struct people_filter f = {.q = q,
                              .unit_id = unit,
                              .include_sub = include_sub,
                              .age_min = -1,
                              .age_max = -1,
                              .today = today};
    if (status) {
        const struct code *code = codes_find(codes_table("person_status"), status);
        if (!code) {
            fprintf(stderr, "cadre export: 人员状态“%s”不存在\n", status);
            return EXIT_USAGE;
        }
        f.status = code->code;
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    if (unit && !units_exists(db, unit)) {
        fprintf(stderr, "cadre export: 单位 %lld 不存在\n", unit);
        db_close(db);
        return EXIT_FAIL;
    }

    struct arena *a = arena_new();
    size_t ncols;
    const struct roster_column *cols = roster_layout_columns(&ncols);
    struct export_state s = {.db = db, .today = today, .ncells = ncols};
    s.cells = arena_calloc(a, ncols, sizeof *s.cells);
    int rc = db_begin_read(db);
    if (rc == 0) {
        /* The total, for the progress line: one COUNT. */
        struct people_filter count = f;
        count.per_page = 1;
        struct person_view *rows;
        size_t got;
        long long total = 0;
        rc = people_list(db, &count, a, &rows, &got, &total);
        s.total = total > 0 ? (size_t)total : 0;
    }
    if (rc == 0) {
        s.w = table_writer_open(format, output, "干部花名册");
        if (!s.w) {
            fprintf(stderr, "cadre export: 无法创建文件 %s：%s\n", output, strerror(errno));
            rc = ERR_IO;
        }
    }
    if (rc == 0) {
        for (size_t i = 0; i < ncols; i++)
            s.cells[i] = cols[i].header;
        table_writer_row(s.w, s.cells, ncols);
        rc = people_each(db, &f, export_row, &s);
        int close_rc = table_writer_close(s.w);
        if (rc == 0)
            rc = close_rc;
        cli_progress("导出", s.total, s.total);
    }
    db_rollback(db);
    arena_free(s.scratch);
    if (rc == 0) {
        /* Keys in alphabetical order, as the audit log has always had them. */
        json_t *after = json_pack("{s:I, s:s, s:s}", "count", (json_int_t)s.count, "file", output,
                                  "format", format_name);
        if (unit)
            json_object_set_new(after, "include_sub", json_boolean(include_sub));
        if (q)
            json_object_set_new(after, "q", json_string(q));
        if (f.status)
            json_object_set_new(after, "status", json_string(f.status));
        if (unit)
            json_object_set_new(after, "unit_id", json_integer(unit));
        json_object_set_new(after, "unmasked", json_true());
        rc = cli_audit(db, "roster.export", "roster", 0, after);
        json_decref(after);
    }
    arena_free(a);
    if (rc < 0) {
        fprintf(stderr, "cadre export: 导出失败（%s）\n",
                rc == ERR_IO ? "写文件出错" : err_name(rc));
        db_close(db);
        return EXIT_FAIL;
    }
    printf("已导出 %zu 人到 %s\n", s.count, output);
    db_close(db);
    return EXIT_OK;
}

const struct command cmd_import_entry = {
    .name = "import",
    .summary = "导入花名册（XLSX 或 CSV，全部成功或全部不写入）",
    .forms = (const struct cli_form[]){{.verb = "roster",
                                        .operands = "文件",
                                        .options =
                                            (const struct cli_option[]){
                                                {"json", 0, NULL, "输出 JSON"},
                                                {"max-errors", 0, "N",
                                                 "最多列出 N 处错误（默认 100，0 为全部）"},
                                                {0},
                                            }},
                                       {0}},
    .about = "按身份证号匹配已有干部并更新，其余新增。任何一行有误则不写入任何数据，\n"
             "并逐行列出错误（行号、列、原因），退出码 1。默认列出前 100 处错误并给出\n"
             "总数，--max-errors N 改为前 N 处（0 为全部）；--json 输出中另有\n"
             "errors_total 与 errors_omitted。\n",
    .run = run_import,
};

const struct command cmd_export_entry = {
    .name = "export",
    .summary = "导出花名册（XLSX 或 CSV）",
    .forms =
        (const struct cli_form[]){
            {.verb = "roster",
             .options =
                 (const struct cli_option[]){
                     {"format", 0, "xlsx|csv", "文件格式（默认按 -o 的扩展名）"},
                     {"output", 'o', "文件", "写入的文件", CLI_REQUIRED},
                     {"unit", 0, "ID", "只导出该单位的干部"},
                     {"include-sub", 0, NULL, "与 --unit 同用：含下级单位"},
                     {"status", 0, "代码", "只导出该人员状态（代码或名称，如 1、在职）"},
                     {"q", 0, "关键词", "按姓名、拼音或身份证号筛选"},
                     {0},
                 }},
            {0},
        },
    .about = "导出内容与导入格式一致，可再次导入。\n",
    .run = run_export,
};
