/* cmd_training.c — `cadre training import|compliance|stats`: the 培训登记表
 * imported all or nothing, the list of people short of statutory hours, and
 * the period's training figures, from the command line. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/training.h"
#include "formats/table.h"
#include "formats/training_stats.h"
#include "formats/training_sheet.h"
#include "store/training.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Problems printed at most (a terminal gains nothing from the 10,001st). */
enum { ERRORS_SHOWN = 100 };

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cadre training: 无法打开文件 %s：%s\n", path, strerror(errno));
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
        fprintf(stderr, "cadre training: %s\n",
                too_large ? "文件超过 64 MB，请拆分后导入" : "读取文件失败");
        strbuf_release(&sb);
        return NULL;
    }
    *len = sb.len;
    return sb.data ? strbuf_detach(&sb) : calloc(1, 1);
}

static void print_errors(const struct field_errors *fe, bool as_json)
{
    size_t shown = 0;
    if (as_json) {
        json_t *errors = json_array();
        for (const struct field_error *e = fe->head; e; e = e->next)
            json_array_append_new(errors, json_pack("{s:i, s:s, s:s}", "row", e->row, "field",
                                                    e->field, "message", e->message));
        json_t *out = json_pack("{s:b, s:o, s:I}", "ok", 0, "errors", errors, "errors_total",
                                (json_int_t)fe->count);
        json_dumpf(out, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(out);
        return;
    }
    for (const struct field_error *e = fe->head; e && shown < ERRORS_SHOWN; e = e->next, shown++) {
        if (e->row)
            fprintf(stderr, "行 %d，", e->row);
        if (e->field && *e->field)
            fprintf(stderr, "列“%s”：", e->field);
        fprintf(stderr, "%s\n", e->message);
    }
    fprintf(stderr, "共 %zu 处错误%s，未写入任何数据。\n", fe->count,
            shown < fe->count ? "（只列出前 100 处）" : "");
}

static int run_import(struct cli *cli)
{
    bool as_json = cli_flag(cli, "json");
    const char *path = cli->operands[0];
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
    struct table t;
    const char *msg = NULL;
    struct training_sheet_row *rows = NULL;
    size_t n = 0;
    struct training_import_stats stats = {0};
    struct training_config cfg;
    int rc = table_read(data, len, a, &t, &msg);
    if (rc < 0)
        field_errors_add(&fe, "", "%s", msg ? msg : "文件无法读取");
    else
        rc = training_sheet_parse(&t, cli_today(), a, &rows, &n, &fe);
    if (rc == 0)
        rc = training_settings_load(db, &cfg);
    if (rc == 0)
        rc = db_begin(db);
    if (rc == 0)
        rc = training_import(db, &cfg, rows, n, a, &fe, &stats);
    json_t *result = NULL;
    if (rc == 0) {
        result =
            json_pack("{s:b, s:s, s:I, s:I, s:I, s:I}", "ok", 1, "file", path, "rows",
                      (json_int_t)stats.rows, "classes_created", (json_int_t)stats.classes_created,
                      "enrolments_created", (json_int_t)stats.enrolments_created,
                      "enrolments_updated", (json_int_t)stats.enrolments_updated);
        rc = cli_audit(db, "training.import", "training_sheet", 0, result);
    }
    if (rc == 0)
        rc = db_commit(db);
    else if (db_in_transaction(db))
        db_rollback(db);
    int status = EXIT_OK;
    if (rc == 0) {
        if (as_json) {
            json_dumpf(result, stdout, JSON_INDENT(2));
            fputc('\n', stdout);
        } else {
            printf("导入 %zu 行：新建培训班 %zu 个，新增学员记录 %zu 条，更新 %zu 条。\n",
                   stats.rows, stats.classes_created, stats.enrolments_created,
                   stats.enrolments_updated);
        }
    } else if (fe.count) {
        print_errors(&fe, as_json);
        status = EXIT_FAIL;
    } else {
        fprintf(stderr, "cadre training import: 导入失败（%s）\n", err_name(rc));
        status = EXIT_FAIL;
    }
    json_decref(result);
    arena_free(a);
    db_close(db);
    free(data);
    return status;
}

/* ---- compliance -------------------------------------------------------- */

struct compliance_out {
    bool as_json;
    json_t *items;
    struct table_writer *w;
    size_t count;
};

static const char *const compliance_header[] = {"身份证号", "姓名",       "层次", "要求",
                                                "应学学时", "已认定学时", "差额", "计算期间"};

static int compliance_row(const struct training_person_status *s, void *arg)
{
    struct compliance_out *o = arg;
    for (size_t i = 0; i < s->ncheck; i++) {
        const struct training_check *k = &s->checks[i];
        if (k->shortfall <= 0)
            continue;
        o->count++;
        char from[11], to[11], due[11];
        date_format_iso(k->from, from);
        date_format_iso(k->to, to);
        date_format_iso(k->due, due);
        const char *level = k->req->upper ? "县处级以上" : "乡科级及以下";
        if (o->as_json) {
            json_array_append_new(o->items,
                                  json_pack("{s:s?, s:s?, s:s, s:s, s:f, s:f, s:f, s:s, s:s, s:s}",
                                            "id_number", s->id_number, "name", s->name, "level",
                                            level, "rule_id", k->req->row.id, "required",
                                            k->required, "credited", k->credited, "shortfall",
                                            k->shortfall, "from", from, "to", to, "due", due));
            continue;
        }
        char req[16], got[16], gap[16], window[32];
        snprintf(req, sizeof req, "%g", k->required);
        snprintf(got, sizeof got, "%g", k->credited);
        snprintf(gap, sizeof gap, "%g", k->shortfall);
        snprintf(window, sizeof window, "%s至%s", from, to);
        const char *cells[] = {s->id_number, s->name, level, k->req->label, req, got, gap, window};
        if (o->w) {
            table_writer_row(o->w, cells, sizeof cells / sizeof *cells);
        } else {
            for (size_t c = 0; c < sizeof cells / sizeof *cells; c++)
                printf("%s%s", c ? "\t" : "", cells[c] ? cells[c] : "");
            putchar('\n');
        }
    }
    return 0;
}

static int run_compliance(struct cli *cli)
{
    struct date as_of = cli_today();
    const char *day = cli_value(cli, "as-of");
    if (day && (date_parse_iso(day, &as_of) < 0 || as_of.day == 0))
        return cli_usage_error(cli, "--as-of 应为 YYYY-MM-DD");
    bool as_json = cli_flag(cli, "json");
    const char *xlsx = cli_value(cli, "xlsx");
    if (as_json && xlsx)
        return cli_usage_error(cli, "--json 与 --xlsx 只能选一个");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct training_config cfg;
    struct compliance_out o = {.as_json = as_json, .items = json_array()};
    int rc = training_settings_load(db, &cfg);
    if (rc == 0 && xlsx) {
        o.w = table_writer_open(TABLE_XLSX, xlsx, "培训学时不足");
        if (!o.w) {
            fprintf(stderr, "cadre training compliance: 无法写入 %s：%s\n", xlsx, strerror(errno));
            rc = ERR_IO;
        } else {
            table_writer_row(o.w, compliance_header,
                             sizeof compliance_header / sizeof *compliance_header);
        }
    } else if (rc == 0 && !as_json) {
        for (size_t c = 0; c < sizeof compliance_header / sizeof *compliance_header; c++)
            printf("%s%s", c ? "\t" : "", compliance_header[c]);
        putchar('\n');
    }
    if (rc == 0)
        rc = training_compliance_scan(db, &cfg, as_of, false, compliance_row, &o);
    if (o.w && table_writer_close(o.w) < 0 && rc == 0)
        rc = ERR_IO;
    if (rc == 0 && as_json) {
        char d[11];
        json_t *out = json_pack("{s:s, s:O, s:I}", "as_of", date_format_iso(as_of, d), "items",
                                o.items, "total", (json_int_t)o.count);
        json_dumpf(out, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(out);
    } else if (rc == 0 && xlsx) {
        printf("已写入 %s：%zu 人次学时不足。\n", xlsx, o.count);
    }
    json_decref(o.items);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "cadre training compliance: 计算失败（%s）\n", err_name(rc));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* ---- stats ------------------------------------------------------------- */

static void print_rows(const char *title, const char *none, const struct training_stats_row *rows,
                       size_t n)
{
    if (n)
        printf("%s：\n", title);
    for (size_t i = 0; i < n; i++)
        printf("  %s：%lld 期、%lld 场次、%lld 人次、%lld 人\n", rows[i].name ? rows[i].name : none,
               rows[i].classes, rows[i].sessions, rows[i].attendances, rows[i].people);
}

static int run_stats(struct cli *cli)
{
    struct date from, to;
    if (date_parse_iso(cli_value(cli, "from"), &from) < 0 || from.day == 0)
        return cli_usage_error(cli, "--from 应为 YYYY-MM-DD");
    if (date_parse_iso(cli_value(cli, "to"), &to) < 0 || to.day == 0)
        return cli_usage_error(cli, "--to 应为 YYYY-MM-DD");
    const char *xlsx = cli_value(cli, "xlsx");
    if (cli_flag(cli, "json") && xlsx)
        return cli_usage_error(cli, "--json 与 --xlsx 只能选一个");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    struct training_stats st;
    int rc = training_stats(db, from, to, a, &st);
    if (rc == 0 && cli_flag(cli, "json")) {
        json_t *out = training_stats_json(&st, from, to);
        json_dumpf(out, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(out);
    } else if (rc == 0 && xlsx) {
        if ((rc = training_stats_write(&st, from, to, TABLE_XLSX, xlsx)) < 0)
            fprintf(stderr, "cadre training stats: 无法写入 %s：%s\n", xlsx, strerror(errno));
        else
            printf("已写入 %s。\n", xlsx);
    } else if (rc == 0) {
        printf("举办培训班 %lld 期、%lld 场次，培训 %lld 人次（%lld 人）。\n", st.total.classes,
               st.total.sessions, st.total.attendances, st.total.people);
        print_rows("按培训项目", "（未归入项目）", st.programmes, st.nprogrammes);
        print_rows("按单位", "（未定单位）", st.units, st.nunits);
        print_rows("按层次", "", st.levels, st.nlevels);
        print_rows("按年龄段", "", st.ages, st.nages);
    }
    arena_free(a);
    db_close(db);
    if (rc < 0) {
        if (rc != ERR_IO)
            fprintf(stderr, "cadre training stats: 统计失败（%s）\n", err_name(rc));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int run(struct cli *cli)
{
    if (cli_verb(cli, "import"))
        return run_import(cli);
    if (cli_verb(cli, "compliance"))
        return run_compliance(cli);
    return run_stats(cli);
}

const struct command cmd_training_entry = {
    .name = "training",
    .summary = "培训：导入培训登记表、学时达标名单、培训统计",
    .forms =
        (const struct cli_form[]){
            {.verb = "import",
             .operands = "文件",
             .options = (const struct cli_option[]){{"json", 0, NULL, "输出 JSON"}, {0}}},
            {.verb = "compliance",
             .options =
                 (const struct cli_option[]){
                     {"as-of", 0, "YYYY-MM-DD", "按该日计算（默认今天）"},
                     {"json", 0, NULL, "输出 JSON", CLI_OR},
                     {"xlsx", 0, "文件", "写入 XLSX 文件", CLI_OR},
                     {0},
                 }},
            {.verb = "stats",
             .options =
                 (const struct cli_option[]){
                     {"from", 0, "YYYY-MM-DD", "起始日期", CLI_REQUIRED},
                     {"to", 0, "YYYY-MM-DD", "截止日期", CLI_REQUIRED},
                     {"json", 0, NULL, "输出 JSON", CLI_OR},
                     {"xlsx", 0, "文件", "写入 XLSX 文件", CLI_OR},
                     {0},
                 }},
            {0}},
    .about =
        "import：培训登记表（XLSX 或 CSV，列：身份证号、姓名、培训班名称、主办单位、培训类别、\n"
        "开始日期、结束日期、学时、请假学时），每人每班一行；按名称与起止日期匹配或新建培训班\n"
        "（培训类别为网络培训、自学的不计入集中培训学时）。任何一行有误则不写入任何数据。\n"
        "compliance：学时不足的干部，每人每项要求一行（身份证号、姓名、层次、要求、应学学时、\n"
        "已认定学时、差额、计算期间）。stats：期间内结束的培训班的期数、场次、人次与人数，\n"
        "合计并按培训项目、单位、层次（县处级以上/乡科级及以下）、年龄段（截止日期时）分列。\n",
    .run = run,
};
