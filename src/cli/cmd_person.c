/* cmd_person.c — `cadre person show`: one person laid out like the
 * 干部任免审批表, or as JSON. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/codes.h"
#include "core/idnum.h"
#include "formats/record_json.h"
#include "store/people.h"
#include "store/records.h"
#include "util/arena.h"
#include "util/err.h"

static const char *label(const char *table, const char *code)
{
    const char *l = code ? codes_label(table, code) : NULL;
    return l ? l : (code ? code : "");
}

static const char *dotted(struct date d, char *buf)
{
    return date_format_dotted(d, buf);
}

static void print_text(const struct person_view *v, struct arena *a, struct db *db,
                       struct date today)
{
    const struct person *p = &v->person;
    char b1[16], b2[16];
    printf("姓名：%s    性别：%s    出生年月：%s（%d岁）    民族：%s\n", p->name,
           label("gender", p->gender), dotted(p->birth_date, b1), date_age(p->birth_date, today),
           label("ethnicity", p->ethnicity));
    printf("籍贯：%s    出生地：%s    政治面貌：%s    入党时间：%s\n",
           p->native_place ? p->native_place : "", p->birth_place ? p->birth_place : "",
           label("party", p->party), dotted(p->party_join_date, b1));
    printf("参加工作时间：%s    健康状况：%s    专业技术职务：%s\n", dotted(p->work_start_date, b1),
           p->health ? p->health : "", p->title ? p->title : "");
    printf("身份证号：%s    单位：%s    状态：%s\n", p->id_number ? p->id_number : "",
           v->unit_name ? v->unit_name : "", label("person_status", p->status));
    printf("现任职务：%s（%s，%s起）\n", v->current_post_title ? v->current_post_title : "无",
           label("post_level", v->current_post_level), dotted(v->current_post_start, b1));
    printf("现职级：%s（%s起）\n", v->current_rank ? label("rank", v->current_rank) : "无",
           dotted(v->current_rank_start, b2));

    void *items;
    size_t n;
    if (records_list(db, &career_kind, p->id, a, &items, &n) == 0 && n) {
        printf("\n简历：\n");
        const struct career_record *c = items;
        for (size_t i = 0; i < n; i++) {
            const char *what = strcmp(c[i].kind, "rank") == 0 ? label("rank", c[i].rank)
                                                              : (c[i].title ? c[i].title : "");
            printf("  %s—%s  %s%s\n", dotted(c[i].start_date, b1),
                   date_is_none(c[i].end_date) ? "    " : dotted(c[i].end_date, b2), what,
                   c[i].concurrent ? "（兼）" : "");
        }
    }
    if (records_list(db, &assessment_kind, p->id, a, &items, &n) == 0 && n) {
        printf("\n年度考核结果：");
        const struct assessment_record *r = items;
        for (size_t i = 0; i < n; i++)
            printf("%s%lld年%s", i ? "，" : "", r[i].year, label("grade", r[i].grade));
        printf("\n");
    }
    if (records_list(db, &family_kind, p->id, a, &items, &n) == 0 && n) {
        printf("\n家庭主要成员：\n");
        const struct family_record *f = items;
        for (size_t i = 0; i < n; i++)
            printf("  %s  %s  %s  %s  %s\n", label("relation", f[i].relation), f[i].name,
                   dotted(f[i].birth_date, b1), label("party", f[i].party),
                   f[i].work_unit ? f[i].work_unit : "");
    }
}

static int run(struct cli *cli)
{
    bool as_json = cli_flag(cli, "json");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    const char *key = cli->operands[0];
    long long id = 0;
    int rc;
    if (strlen(key) >= 15) {
        struct idnum_info info;
        const char *number = idnum_check(key, cli_today(), &info) == IDNUM_OK ? info.number : key;
        rc = people_find_by_id_number(db, number, &id);
    } else {
        char *end;
        id = strtoll(key, &end, 10);
        rc = *end || id <= 0 ? ERR_NOT_FOUND : 0;
    }
    struct person_view v;
    if (rc == 0)
        rc = people_get(db, id, a, &v);
    if (rc == ERR_NOT_FOUND) {
        fprintf(stderr, "cadre person show: 没有找到干部“%s”\n", key);
    } else if (rc < 0) {
        fprintf(stderr, "cadre person show: 无法读取数据库\n");
    } else if (as_json) {
        json_t *o = record_json_new(&person_kind, &v.person, true);
        json_object_set_new(o, "unit_name", v.unit_name ? json_string(v.unit_name) : json_null());
        json_object_set_new(o, "age", json_integer(date_age(v.person.birth_date, cli_today())));
        char *s = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
        json_decref(o);
    } else {
        print_text(&v, a, db, cli_today());
    }
    arena_free(a);
    db_close(db);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

const struct command cmd_person_entry = {
    .name = "person",
    .summary = "查看一名干部",
    .forms = (const struct cli_form[]){{.verb = "show",
                                        .operands = "ID|身份证号",
                                        .options =
                                            (const struct cli_option[]){
                                                {"json", 0, NULL, "输出 JSON"},
                                                {0},
                                            }},
                                       {0}},
    .about =
        "按编号或身份证号查找，按干部任免审批表的顺序打印基本信息、简历、年度考核与家庭成员。\n",
    .run = run,
};
