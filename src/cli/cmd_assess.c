/* cmd_assess.c — `cadre assess`: batch work on assessment rounds (考核,
 * issue 11) — create a round, write its blank score sheet, import a filled
 * one all or nothing, compute, and publish (refused over the 优秀 quota). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/codes.h"
#include "formats/assessment_sheet.h"
#include "store/assessment.h"
#include "util/arena.h"
#include "util/err.h"

static bool parse_id(const char *text, long long *out)
{
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (*end || errno || v <= 0)
        return false;
    *out = v;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Loads round `text` (an id) into `d`; prints why not. */
static int load(struct cli *cli, struct db *db, const char *text, struct arena *a,
                struct assessment_round_data *d)
{
    long long id;
    if (!parse_id(text, &id))
        return cli_usage_error(cli, "轮次应为正整数编号：%s", text);
    int rc = assessment_store_round_load(db, id, a, d);
    if (rc == ERR_NOT_FOUND) {
        fprintf(stderr, "cadre assess: 考核轮次 %lld 不存在\n", id);
        return EXIT_FAIL;
    }
    if (rc < 0) {
        fprintf(stderr, "cadre assess: 无法读取考核轮次 %lld：%s\n", id, db_errmsg(db));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int finish(struct db *db, int rc, const char *what)
{
    if (rc == 0)
        rc = db_commit(db);
    if (rc < 0) {
        db_rollback(db);
        fprintf(stderr, "cadre assess: %s失败：%s\n", what, db_errmsg(db));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int round_create(struct cli *cli, struct db *db, struct arena *a)
{
    if (strcmp(cli->operands[0], "create") != 0)
        return cli_usage_error(cli, "round 之后应为 create");
    struct assessment_round r = {.include_sub = cli_flag(cli, "include-sub")};
    assessment_default_config(&r.config);
    long long year = 0;
    if (!parse_id(cli_value(cli, "year"), &year) || year < 1990 || year > 2100)
        return cli_usage_error(cli, "--year 应为考核年度，如 2025");
    r.year = (int)year;
    r.kind = cli_value(cli, "kind");
    if (!assessment_store_kind_valid(r.kind))
        return cli_usage_error(cli, "--kind 应为 年度、平时、专项、任期 之一");
    if (!parse_id(cli_value(cli, "unit"), &r.unit_id))
        return cli_usage_error(cli, "--unit 应为考核范围单位的编号");
    long long quarter = 0;
    if (cli_flag(cli, "quarter") && (!parse_id(cli_value(cli, "quarter"), &quarter) || quarter > 4))
        return cli_usage_error(cli, "--quarter 应为 1 到 4");
    r.quarter = (int)quarter;
    r.category = cli_value(cli, "category");
    const char *scheme = cli_value(cli, "scheme");
    if (assessment_store_scheme_find(db,
                                     scheme       ? scheme
                                     : r.category ? r.category
                                                  : "科级及以下",
                                     &r.scheme_id) < 0) {
        fprintf(stderr, "cadre assess: 考核方案“%s”不存在（可用方案名称或适用类别）\n",
                scheme ? scheme : r.category);
        return EXIT_FAIL;
    }
    r.name = cli_value(cli, "name");
    if (!r.name)
        r.name = arena_sprintf(a, "%d年%s考核", r.year, r.kind);
    int rc = db_begin(db);
    if (rc == 0)
        rc = assessment_store_round_create(db, &r);
    if (rc == ERR_INVALID) {
        db_rollback(db);
        fprintf(stderr, "cadre assess: 单位 %lld 不存在\n", r.unit_id);
        return EXIT_FAIL;
    }
    json_t *after = NULL;
    if (rc == 0) {
        after = json_pack("{s:I, s:s, s:s, s:i, s:I}", "id", (json_int_t)r.id, "name", r.name,
                          "kind", r.kind, "year", r.year, "unit_id", (json_int_t)r.unit_id);
        rc = cli_audit(db, "assessment.round_create", "assessment", r.id, after);
        json_decref(after);
    }
    if (finish(db, rc, "新建考核轮次") != EXIT_OK)
        return EXIT_FAIL;
    struct assessment_round stored;
    if (assessment_store_round_get(db, r.id, a, &stored) == 0)
        printf("已新建考核轮次“%s”（%s），考核对象 %lld 人\n", stored.name, stored.state,
               stored.people);
    printf("%lld\n", r.id);
    return EXIT_OK;
}

static int sheet(struct cli *cli, struct db *db, struct arena *a)
{
    struct assessment_round_data d;
    int status = load(cli, db, cli->operands[0], a, &d);
    if (status != EXIT_OK)
        return status;
    const char *path = cli_value(cli, "output");
    if (!path)
        return cli_usage_error(cli, "请用 -o 指定输出文件（.xlsx 或 .csv）");
    enum table_format format = ends_with(path, ".csv") ? TABLE_CSV : TABLE_XLSX;
    if (!ends_with(path, ".csv") && !ends_with(path, ".xlsx"))
        return cli_usage_error(cli, "输出文件应以 .xlsx 或 .csv 结尾：%s", path);
    struct assessment_sheet_person *people =
        arena_calloc(a, d.people_count ? d.people_count : 1, sizeof *people);
    for (size_t i = 0; i < d.people_count; i++)
        people[i] = (struct assessment_sheet_person){d.stored[i].id_number, d.stored[i].name};
    if (assessment_sheet_write(path, format, &d.scheme, d.groups, d.group_count, people,
                               d.people_count) < 0) {
        fprintf(stderr, "cadre assess: 无法写入 %s：%s\n", path, strerror(errno));
        return EXIT_FAIL;
    }
    json_t *after = json_pack("{s:I, s:s}", "round_id", (json_int_t)d.round.id, "file", path);
    int rc = cli_audit(db, "assessment.sheet_export", "assessment", d.round.id, after);
    json_decref(after);
    if (rc < 0)
        fprintf(stderr, "cadre assess: 审计记录写入失败\n");
    printf("已写出空白测评表 %s：%zu 人，每人 %zu 行\n", path, d.people_count, d.group_count + 1);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap > TABLE_MAX_BYTES) {
                free(buf);
                buf = NULL;
                errno = EFBIG;
                break;
            }
            char *bigger = realloc(buf, cap * 2);
            if (!bigger)
                abort();
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int import(struct cli *cli, struct db *db, struct arena *a)
{
    struct assessment_round_data d;
    int status = load(cli, db, cli->operands[0], a, &d);
    if (status != EXIT_OK)
        return status;
    bool draft = strcmp(d.round.state, ASSESSMENT_STATE_DRAFT) == 0;
    if (!draft && strcmp(d.round.state, ASSESSMENT_STATE_RATING) != 0) {
        fprintf(stderr,
                "cadre assess: 轮次处于“%s”状态，导入测评表须在“草稿”或“评分中”状态下进行\n",
                d.round.state);
        return EXIT_FAIL;
    }
    size_t len;
    char *data = read_file(cli->operands[1], &len);
    if (!data) {
        fprintf(stderr, "cadre assess: 无法读取 %s：%s\n", cli->operands[1], strerror(errno));
        return EXIT_FAIL;
    }
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct assessment_sheet_row *rows;
    size_t n;
    int rc =
        assessment_sheet_read(data, len, &d.scheme, d.groups, d.group_count, a, &rows, &n, &fe);
    free(data);
    for (size_t r = 0; rc == 0 && r < n; r++)
        if (*rows[r].id_number && assessment_store_index_by_id_number(&d, rows[r].id_number) < 0)
            field_errors_add_row(&fe, rows[r].row, "身份证号",
                                 "身份证号为 %s 的干部（%s）不在本轮次的考核范围内",
                                 rows[r].id_number, rows[r].name);
    if (fe.count) {
        fprintf(stderr, "测评表有 %zu 处错误，未导入任何数据：\n", fe.count);
        for (const struct field_error *e = fe.head; e; e = e->next)
            fprintf(stderr, "  第 %d 行 %s：%s\n", e->row, e->field, e->message);
        return EXIT_FAIL;
    }
    long long ratings = 0, exams = 0;
    rc = db_begin(db);
    /* A draft opens with its first sheet: its people freeze. */
    if (rc == 0 && draft)
        rc = assessment_store_round_move(db, d.round.id, ASSESSMENT_STATE_DRAFT,
                                         ASSESSMENT_STATE_RATING);
    for (size_t r = 0; rc == 0 && r < n; r++) {
        rc = assessment_store_sheet_row(db, &d,
                                        assessment_store_index_by_id_number(&d, rows[r].id_number),
                                        rows[r].group, rows[r].values);
        if (rows[r].group < 0)
            exams++;
        else
            ratings++;
        cli_progress("导入测评表", r + 1, n);
    }
    if (rc == 0) {
        json_t *after = json_pack("{s:I, s:I, s:I}", "round_id", (json_int_t)d.round.id, "ratings",
                                  (json_int_t)ratings, "exams", (json_int_t)exams);
        rc = cli_audit(db, "assessment.sheet_import", "assessment", d.round.id, after);
        json_decref(after);
    }
    if (finish(db, rc, "导入测评表") != EXIT_OK)
        return EXIT_FAIL;
    printf("已导入测评表：评分 %lld 行，考试成绩 %lld 行\n", ratings, exams);
    return EXIT_OK;
}

static int compute(struct cli *cli, struct db *db, struct arena *a)
{
    struct assessment_round_data d;
    int status = load(cli, db, cli->operands[0], a, &d);
    if (status != EXIT_OK)
        return status;
    if (strcmp(d.round.state, ASSESSMENT_STATE_PUBLISHED) == 0 ||
        strcmp(d.round.state, ASSESSMENT_STATE_ARCHIVED) == 0) {
        fprintf(stderr, "cadre assess: 轮次已公布，结果不再重新计算\n");
        return EXIT_FAIL;
    }
    struct assessment_result *out =
        arena_calloc(a, d.people_count ? d.people_count : 1, sizeof *out);
    assessment_compute(&d.round.config, d.people, d.people_count, d.ratings, d.rating_count, out,
                       a);
    int rc = db_begin(db);
    if (rc == 0)
        rc = assessment_store_results_save(db, &d, out);
    if (rc == 0) {
        json_t *after =
            json_pack("{s:I, s:I, s:I}", "round_id", (json_int_t)d.round.id, "people",
                      (json_int_t)d.people_count, "ratings", (json_int_t)d.rating_count);
        rc = cli_audit(db, "assessment.compute", "assessment", d.round.id, after);
        json_decref(after);
    }
    if (finish(db, rc, "计算考核结果") != EXIT_OK)
        return EXIT_FAIL;
    bool as_json = cli_flag(cli, "json");
    json_t *items = as_json ? json_array() : NULL;
    if (!as_json)
        printf("排名\t综合得分\t建议等次\t姓名\t单位\t类别\t说明\n");
    for (size_t i = 0; i < d.people_count; i++) {
        const struct assessment_result *o = &out[i];
        const struct assessment_round_person *s = &d.stored[i];
        const char *label = o->grade ? codes_label("grade", o->grade) : NULL;
        if (as_json) {
            json_array_append_new(
                items,
                json_pack("{s:I, s:s, s:s?, s:s, s:o, s:o, s:o, s:s?, s:s?, s:s, s:b}", "person_id",
                          (json_int_t)s->person_id, "name", s->name, "unit_name", s->unit_name,
                          "category", s->category, "composite",
                          o->scored ? json_real(o->composite) : json_null(), "rank_unit",
                          o->rank_unit ? json_integer(o->rank_unit) : json_null(), "rank_category",
                          o->rank_category ? json_integer(o->rank_category) : json_null(), "grade",
                          o->grade, "grade_label", label, "reasons", o->reasons, "over_quota",
                          o->over_quota));
            continue;
        }
        char score[32] = "—";
        if (o->scored)
            snprintf(score, sizeof score, "%.2f", o->composite);
        printf("%d\t%s\t%s%s\t%s\t%s\t%s\t%s\n", o->rank_unit, score, label ? label : "—",
               o->over_quota ? "（超名额）" : "", s->name, s->unit_name ? s->unit_name : "",
               s->category, o->reasons);
    }
    if (as_json) {
        json_t *doc = json_pack("{s:I, s:o}", "round_id", (json_int_t)d.round.id, "items", items);
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text ? text : "{}");
        free(text);
        json_decref(doc);
    }
    return EXIT_OK;
}

static int publish(struct cli *cli, struct db *db, struct arena *a)
{
    struct assessment_round_data d;
    int status = load(cli, db, cli->operands[0], a, &d);
    if (status != EXIT_OK)
        return status;
    bool rating = strcmp(d.round.state, ASSESSMENT_STATE_RATING) == 0;
    if (!rating && strcmp(d.round.state, ASSESSMENT_STATE_CALIBRATION) != 0) {
        fprintf(stderr, "cadre assess: 轮次处于“%s”状态，公布须在“评分中”或“校准”状态下进行\n",
                d.round.state);
        return EXIT_FAIL;
    }
    bool computed = d.people_count == 0;
    for (size_t i = 0; i < d.people_count; i++)
        computed |= d.stored[i].computed;
    if (!computed) {
        fprintf(stderr, "cadre assess: 尚未计算考核结果，请先执行 cadre assess compute %lld\n",
                d.round.id);
        return EXIT_FAIL;
    }
    struct assessment_pool *pools;
    size_t npools;
    if (assessment_store_final_pools(&d, a, &pools, &npools) > 0) {
        for (size_t p = 0; p < npools; p++)
            if (pools[p].excellent > pools[p].allowed)
                fprintf(stderr,
                        "cadre assess: 优秀 %d 人，超过名额 %d 人（%d 人的 %d%%，向下取整），"
                        "未公布；请在校准中调整\n",
                        pools[p].excellent, pools[p].allowed, pools[p].graded, pools[p].pct);
        return EXIT_FAIL;
    }
    long long written = 0;
    int rc = db_begin(db);
    if (rc == 0 && rating) /* rating closes with publication */
        rc = assessment_store_round_move(db, d.round.id, ASSESSMENT_STATE_RATING,
                                         ASSESSMENT_STATE_CALIBRATION);
    if (rc == 0)
        rc = assessment_store_publish(db, d.round.id, &written);
    if (rc == 0) {
        json_t *after = json_pack("{s:I, s:I}", "round_id", (json_int_t)d.round.id, "written",
                                  (json_int_t)written);
        rc = cli_audit(db, "assessment.publish", "assessment", d.round.id, after);
        json_decref(after);
    }
    if (finish(db, rc, "公布考核结果") != EXIT_OK)
        return EXIT_FAIL;
    printf("已公布考核轮次“%s”：%lld 人的等次写入年度考核记录\n", d.round.name, written);
    return EXIT_OK;
}

static int run(struct cli *cli)
{
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    int status;
    if (cli_verb(cli, "round"))
        status = round_create(cli, db, a);
    else if (cli_verb(cli, "sheet"))
        status = sheet(cli, db, a);
    else if (cli_verb(cli, "import"))
        status = import(cli, db, a);
    else if (cli_verb(cli, "compute"))
        status = compute(cli, db, a);
    else
        status = publish(cli, db, a);
    arena_free(a);
    db_close(db);
    return status;
}

const struct command cmd_assess_entry = {
    .name = "assess",
    .summary = "考核：新建轮次、测评表、导入、计算、公布",
    .forms =
        (const struct cli_form[]){
            {.verb = "round",
             .operands = "create",
             .options =
                 (const struct cli_option[]){
                     {"year", 0, "年度", "考核年度", CLI_REQUIRED},
                     {"kind", 0, "年度|平时|专项|任期", "考核类型", CLI_REQUIRED},
                     {"unit", 0, "单位编号", "考核范围单位", CLI_REQUIRED},
                     {"include-sub", 0, NULL, "包括下级单位"},
                     {"scheme", 0, "方案", "考核方案名称或适用类别（默认按类别，否则科级及以下）"},
                     {"category", 0, "类别", "只考核该类别的干部（处级领导、科级及以下……）"},
                     {"quarter", 0, "季度", "平时考核的季度 1–4"},
                     {"name", 0, "名称", "轮次名称（默认“某年某类考核”）"},
                     {0},
                 }},
            {.verb = "sheet",
             .operands = "轮次",
             .options =
                 (const struct cli_option[]){
                     {"output", 'o', "文件.xlsx|文件.csv", "写出的空白测评表", CLI_REQUIRED},
                     {0},
                 }},
            {.verb = "import", .operands = "轮次 文件"},
            {.verb = "compute",
             .operands = "轮次",
             .options =
                 (const struct cli_option[]){
                     {"json", 0, NULL, "以 JSON 输出每人的综合得分、排名、建议等次与说明"},
                     {0},
                 }},
            {.verb = "publish", .operands = "轮次"},
            {0},
        },
    .about = "round create 新建考核轮次（草稿状态），按单位（--include-sub 含下级单位）确定\n"
             "考核对象，最后一行单独输出新轮次的编号。sheet 写出空白测评表：每人每个测评主体\n"
             "一行、另有“考试”一行，每个考核项一列（表头注明所占权重）。import 导入填好的\n"
             "测评表（XLSX 或 CSV），全部成功或全部不写入，错误逐行列出；草稿轮次随之开始评分。\n"
             "compute 计算综合得分、单位内排名、建议等次及说明（折算、处分等）。publish 把\n"
             "校准后的等次写入干部年度考核记录；优秀人数超过名额时不公布，退出状态为 1；\n"
             "评分中的轮次随之结束评分。网页中可逐人评分与校准。\n",
    .run = run,
};
