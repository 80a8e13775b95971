/* cmd_declarations.c — `cadre declarations draw|status`: the yearly random
 * draw of personal-matters reports (recorded, never redone) and the year's
 * reporting status. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/declarations.h"
#include "store/declarations.h"
#include "util/arena.h"
#include "util/err.h"

static int parse_year(struct cli *cli, int *year)
{
    const char *s = cli_value(cli, "year");
    char *end;
    long y = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || y < 2000 || y > 9999)
        return cli_usage_error(cli, "--year 应为四位的报告年度，如 --year 2025");
    *year = (int)y;
    return 0;
}

static int run_draw(struct cli *cli)
{
    int year = 0;
    if (parse_year(cli, &year))
        return EXIT_USAGE;
    const char *seed = cli_value(cli, "seed");
    if (!declarations_seed_valid(seed))
        return cli_usage_error(cli, "--seed 应为公开的随机种子：一行文字，不超过 %d 字节",
                               DECLARATIONS_SEED_MAX);
    const char *ratio = cli_value(cli, "ratio") ? cli_value(cli, "ratio") : "0.1";
    struct arena *a = arena_new();
    int per10000;
    const char *canonical;
    if (declarations_ratio_parse(ratio, &per10000, &canonical, a) < 0) {
        arena_free(a);
        return cli_usage_error(cli, "--ratio 应为大于 0、不超过 1 的小数（最多四位），如 0.1");
    }
    bool dry = cli_flag(cli, "dry-run");
    struct db *db = cli_open_db(cli, false);
    if (!db) {
        arena_free(a);
        return EXIT_FAIL;
    }
    const char **ids;
    size_t n;
    struct declaration_draw d;
    long long id = 0;
    int rc = db_begin(db);
    if (rc == 0)
        rc = declarations_obliged_ids(db, a, &ids, &n);
    if (rc == 0)
        rc = declarations_draw(year, seed, ratio, ids, n, a, &d);
    if (rc == 0 && !dry) {
        rc = declarations_draw_save(db, &d, &id);
        if (rc == 0) {
            json_t *after =
                json_pack("{s:i, s:s, s:s, s:I, s:I, s:s}", "year", year, "seed", d.seed, "ratio",
                          d.ratio, "obliged_count", (json_int_t)d.nobliged, "sample_count",
                          (json_int_t)d.ndrawn, "fingerprint", d.fingerprint);
            rc = cli_audit(db, "declaration.draw", "declaration_draw", id, after);
            json_decref(after);
        }
    }
    if (rc == 0)
        rc = dry ? (db_rollback(db), 0) : db_commit(db);
    else
        db_rollback(db);
    if (rc == ERR_CONFLICT)
        fprintf(stderr,
                "cadre declarations: %d 年度已经抽查过，抽查不能重做"
                "（cadre declarations status --year %d 查看）\n",
                year, year);
    else if (rc < 0)
        fprintf(stderr, "cadre declarations: 抽查失败（%s）\n", err_name(rc));
    if (rc == 0) {
        for (size_t i = 0; i < d.ndrawn; i++)
            printf("%s\n", d.drawn[i]);
        printf("%s\n", d.fingerprint);
        fprintf(stderr, "%s：应报告 %zu 人，抽查比例 %s，抽中 %zu 人%s\n",
                dry ? "试算（未记录）" : "已记录", d.nobliged, d.ratio, d.ndrawn,
                dry ? "" : "，已列入查核");
    }
    db_close(db);
    arena_free(a);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static int run_status(struct cli *cli)
{
    int year = 0;
    if (parse_year(cli, &year))
        return EXIT_USAGE;
    bool json = cli_flag(cli, "json");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    struct declaration_duty *duties;
    size_t n = 0, nr = 0;
    struct declaration_report *reports;
    struct declaration_draw_record draw;
    int rc = declarations_duties(db, true, a, &duties, &n);
    if (rc == 0)
        rc = declarations_reports(db, 0, year, a, &reports, &nr);
    int draw_rc = rc == 0 ? declarations_draw_get(db, year, a, &draw) : rc;
    if (rc < 0 || (draw_rc < 0 && draw_rc != ERR_NOT_FOUND)) {
        fprintf(stderr, "cadre declarations: 无法读取（%s）\n", err_name(rc < 0 ? rc : draw_rc));
        arena_free(a);
        db_close(db);
        return EXIT_FAIL;
    }
    struct date today = cli_today(), deadline = declarations_annual_deadline(year);
    long long counts[4] = {0};
    json_t *people = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct declaration_report *r = NULL;
        for (size_t k = 0; k < nr && !r; k++)
            if (reports[k].person_id == duties[i].person_id &&
                strcmp(reports[k].kind, "annual") == 0)
                r = &reports[k];
        struct date sub = r && strcmp(r->status, "submitted") == 0 ? r->submitted_on : DATE_NONE;
        enum declaration_state s = declarations_state(deadline, sub, today);
        counts[s]++;
        json_array_append_new(people, json_pack("{s:I, s:s?, s:s?, s:s}", "person_id",
                                                (json_int_t)duties[i].person_id, "name",
                                                duties[i].name, "id_number", duties[i].id_number,
                                                "state", declarations_state_name(s)));
    }
    char dl[11];
    date_format_iso(deadline, dl);
    if (json) {
        json_t *doc = json_pack(
            "{s:i, s:s, s:I, s:{s:I, s:I, s:I, s:I}, s:o, s:o}", "year", year, "deadline", dl,
            "obliged", (json_int_t)n, "counts", "pending", (json_int_t)counts[DECL_PENDING],
            "on_time", (json_int_t)counts[DECL_ON_TIME], "late", (json_int_t)counts[DECL_LATE],
            "missing", (json_int_t)counts[DECL_MISSING], "people", json_incref(people), "draw",
            draw_rc == 0 ? json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "seed", draw.seed,
                                     "ratio", draw.ratio, "algorithm", draw.algorithm,
                                     "obliged_count", (json_int_t)draw.obliged_count,
                                     "sample_count", (json_int_t)draw.sample_count, "fingerprint",
                                     draw.fingerprint, "drawn_at", draw.drawn_at)
                         : json_null());
        char *s = json_dumps(doc, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
        json_decref(doc);
    } else {
        printf("%d 年度个人有关事项报告（截止 %s）：应报告 %zu 人\n", year, dl, n);
        printf("按时报告 %lld，逾期报告 %lld，未报告 %lld，待报告 %lld\n", counts[DECL_ON_TIME],
               counts[DECL_LATE], counts[DECL_MISSING], counts[DECL_PENDING]);
        if (draw_rc == 0)
            printf("随机抽查：%s 按比例 %s 抽中 %lld 人（种子“%s”，指纹 %s）\n", draw.drawn_at,
                   draw.ratio, draw.sample_count, draw.seed, draw.fingerprint);
        else
            printf("随机抽查：尚未进行\n");
    }
    json_decref(people);
    arena_free(a);
    db_close(db);
    return EXIT_OK;
}

static int run(struct cli *cli)
{
    return cli_verb(cli, "draw") ? run_draw(cli) : run_status(cli);
}

const struct command cmd_declarations_entry = {
    .name = "declarations",
    .summary = "个人有关事项报告：年度随机抽查、报告情况",
    .forms =
        (const struct cli_form[]){
            {.verb = "draw",
             .options =
                 (const struct cli_option[]){
                     {"year", 0, "年度", "报告年度（抽查该年度的报告）", CLI_REQUIRED},
                     {"seed", 0, "种子", "事先公开的随机种子，如开奖号码或指数收盘价",
                      CLI_REQUIRED},
                     {"ratio", 0, "比例", "抽查比例（默认 0.1，按应报告人数向上取整）"},
                     {"dry-run", 0, NULL, "只试算，不记录"},
                     {0},
                 }},
            {.verb = "status",
             .options =
                 (const struct cli_option[]){
                     {"year", 0, "年度", "报告年度", CLI_REQUIRED},
                     {"json", 0, NULL, "输出 JSON"},
                     {0},
                 }},
            {0},
        },
    .about = "draw 逐行打印抽中人员的身份证号，最后一行单独打印本次抽查的指纹；\n"
             "输入相同（年度、应报告人员名单、种子、比例），结果相同。\n"
             "不带 --dry-run 时记录抽查并将抽中人员列入查核；每个年度只能抽查一次。\n"
             "复核方法见 docs/declarations.md（可用 sha256sum 手工重做）。\n",
    .run = run,
};
