/* cmd_appointment.c — `cadre appointment list [--state S]`: the appointment
 * cases (任免事项), in one step or all, as a table or JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/appointment.h"
#include "core/codes.h"
#include "store/appointment.h"
#include "util/arena.h"
#include "util/err.h"

/* The target as the office says it: "三级调研员", "综合处处长（县处级正职）". */
static const char *target_text(const struct appointment *c, struct arena *a)
{
    if (c->kind == APPOINTMENT_RANK) {
        const char *l = c->rank ? codes_label("rank", c->rank) : NULL;
        return l ? l : c->rank ? c->rank : "";
    }
    if (!c->title)
        return "免职";
    const char *l = c->post_level ? codes_label("post_level", c->post_level) : NULL;
    return l ? arena_sprintf(a, "%s（%s）", c->title, l) : c->title;
}

static int run(struct cli *cli)
{
    const char *state_s = cli_value(cli, "state");
    int state = -1;
    if (state_s && (state = appointment_state_find(state_s)) < 0)
        return cli_usage_error(
            cli, "--state 应为 motion、recommendation、vetting、decision、notice、"
                 "reported、consented、approved、appointed、returned、stopped 或其中文名");
    bool json = cli_flag(cli, "json");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    json_t *items = json_array();
    long long total = 0;
    int rc = 0;
    /* Page through every case, a thousand at a time. */
    for (int page = 1;; page++) {
        struct appointment *cases;
        size_t n;
        if ((rc = appointment_list(db, state, 0, page, 1000, a, &cases, &n, &total)) < 0)
            break;
        for (size_t i = 0; i < n; i++) {
            const struct appointment *c = &cases[i];
            char since[11];
            date_format_iso(c->state_since, since);
            json_array_append_new(
                items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                                 (json_int_t)c->id, "person_id", (json_int_t)c->person_id,
                                 "person_name", c->person_name ? c->person_name : "", "kind",
                                 appointment_kind_name(c->kind), "target", target_text(c, a),
                                 "state", appointment_state_name(c->state), "state_label",
                                 appointment_state_label(c->state), "state_since", since));
        }
        if (n < 1000)
            break;
    }
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "cadre appointment: 无法读取任免事项（%s）\n", err_name(rc));
        json_decref(items);
        arena_free(a);
        return EXIT_FAIL;
    }
    if (json) {
        json_t *doc = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
        char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", s);
        free(s);
        json_decref(doc);
    } else {
        size_t i;
        json_t *o;
        json_array_foreach(items, i, o)
        {
            printf("%lld\t%s\t%s\t%s\t%s\t%s\n",
                   (long long)json_integer_value(json_object_get(o, "id")),
                   json_string_value(json_object_get(o, "person_name")),
                   appointment_kind_label(
                       appointment_kind_find(json_string_value(json_object_get(o, "kind")))),
                   json_string_value(json_object_get(o, "target")),
                   json_string_value(json_object_get(o, "state_label")),
                   json_string_value(json_object_get(o, "state_since")));
        }
        fprintf(stderr, "共 %lld 件\n", total);
        json_decref(items);
    }
    arena_free(a);
    return EXIT_OK;
}

const struct command cmd_appointment_entry = {
    .name = "appointment",
    .summary = "任免事项：按环节列出",
    .forms =
        (const struct cli_form[]){
            {.verb = "list",
             .options =
                 (const struct cli_option[]){
                     {"state", 0, "环节", "只列出该环节的事项（如 notice 或 任前公示）"},
                     {"json", 0, NULL, "输出 JSON"},
                     {0},
                 }},
            {0},
        },
    .about = "每行：编号、姓名、类别、拟任（职务或职级）、当前环节、进入该环节的日期。\n"
             "办理（动议、核查、推进、任职）在网页或 API 中进行，见 docs/appointments.md。\n",
    .run = run,
};
