/* cmd_qualify.c — `cadre qualify` (the 资格名单 of every cadre in service,
 * as a summary, a list, JSON or a workbook) and `cadre check-records` (the
 * 三龄两历 and 回避 findings of every cadre), on the stored rule tables. */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/codes.h"
#include "core/qualify_list.h"
#include "formats/qualify_json.h"
#include "formats/table.h"
#include "store/qualify_data.h"
#include "store/rulebook.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

enum output { OUT_SUMMARY, OUT_LIST, OUT_JSON, OUT_XLSX };

/* A part of the walk: this many consecutive person ids, handed to one
 * worker; small enough to spread evenly, large enough that the seven
 * range queries per part cost nothing. At most WINDOW_PER_THREAD parts
 * per thread are in flight, which bounds the output held in memory. */
enum { PART_IDS = 4096, WINDOW_PER_THREAD = 2, THREADS_MAX = 64 };

struct qualify_run {
    const struct rules *rules;
    struct date as_of;
    struct date today; /* the day the records are read (records_as_of) */
    const struct qualify_target *target;
    int within_months;
    int group; /* -1: all */
    enum output out;
    struct table_writer *xlsx;
    bool first_json;
    long long people;
    long long counts[QUALIFY_LIST_GROUPS];
    long long findings;
};

/* What one walk (a part, or the whole for --xlsx) produced. */
struct tally {
    const struct qualify_run *run;
    FILE *out;             /* list lines or JSON items, each item after ",\n" */
    struct arena *scratch; /* one person's evaluation, emptied after each */
    long long people;
    long long counts[QUALIFY_LIST_GROUPS];
};

static bool in_service(const struct qualify_subject *s)
{
    return s->person.status && strcmp(s->person.status, "1") == 0;
}

/* The decisive reasons that are not met, joined for one cell. */
static const char *reasons_text(struct arena *a, const struct qualify_list_entry *e)
{
    const char *text = "";
    for (const struct qualify_reason *x = e->result->reasons; x; x = x->next)
        if (qualify_list_shows(e, x))
            text = *text ? arena_sprintf(a, "%s；%s", text, x->text) : x->text;
    return text;
}

static void progress(size_t done, void *arg)
{
    (void)arg;
    cli_progress("评估", done, done); /* the total is not known ahead of the scan */
}

static int qualify_one(const struct qualify_subject *s, void *arg)
{
    struct tally *t = arg;
    const struct qualify_run *run = t->run;
    if (!in_service(s))
        return 0;
    t->people++;
    struct arena *a = t->scratch;
    struct qualify_list_entry *e;
    size_t n;
    /* The list and the workbook show only the sentences a list row shows
     * (qualify_list_shows); JSON carries every reason's sentence. No output
     * shows findings. Read today: a year not over today is not graded yet. */
    unsigned options = QUALIFY_NO_RECORD_CHECKS | (run->out == OUT_JSON ? 0 : QUALIFY_BRIEF);
    struct qualify_input in = s->in;
    in.records_as_of = run->today;
    int rc = qualify_list_person_with(a, run->rules, &in, run->as_of, run->target,
                                      run->within_months, options, &e, &n, NULL);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        t->counts[e[i].group]++;
        if (run->out == OUT_SUMMARY || (run->group >= 0 && (int)e[i].group != run->group))
            continue;
        const struct qualify_result *r = e[i].result;
        char from[11], change[11];
        date_format_iso(e[i].eligible_from, from);
        date_format_iso(qualify_list_change_date(&e[i]), change);
        const char *rank = s->current_rank ? codes_label("rank", s->current_rank) : NULL;
        const char *post =
            s->current_post_level ? codes_label("post_level", s->current_post_level) : NULL;
        char id[24];
        snprintf(id, sizeof id, "%lld", s->person.id);
        const char *cells[] = {
            id,
            s->person.name,
            s->unit_name,
            rank,
            post,
            r->label,
            qualify_list_group_label(e[i].group),
            from,
            change,
            reasons_text(a, &e[i]),
        };
        if (run->out == OUT_LIST) {
            /* t->out belongs to this thread alone: no stream locking. */
            for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
                if (k)
                    fputc_unlocked('\t', t->out);
                if (cells[k])
                    fputs_unlocked(cells[k], t->out);
            }
            fputc_unlocked('\n', t->out);
        } else if (run->out == OUT_XLSX) {
            table_writer_row(run->xlsx, cells, sizeof cells / sizeof *cells);
        } else {
            json_t *o =
                json_pack("{s:I, s:s?, s:s?, s:s?, s:s?}", "person_id", (json_int_t)s->person.id,
                          "name", s->person.name, "unit_name", s->unit_name, "current_rank",
                          s->current_rank, "current_post_level", s->current_post_level);
            json_t *res = qualify_json_result(r);
            json_object_update(o, res);
            json_decref(res);
            json_object_set_new(o, "group", json_string(qualify_list_group_name(e[i].group)));
            json_object_set_new(o, "eligible_from", qualify_json_date(e[i].eligible_from));
            json_object_set_new(o, "change_date",
                                qualify_json_date(qualify_list_change_date(&e[i])));
            char *line = json_dumps(o, JSON_COMPACT);
            fputs(",\n", t->out);
            fputs(line, t->out);
            free(line);
            json_decref(o);
        }
    }
    arena_reset(a);
    return rc == ERR_INVALID ? 0 : rc;
}

/* ---- the walk in parts, on several threads ----------------------------- */

/* One part's output, waiting to be written in id order. */
struct part {
    char *text;
    size_t len;
    long long people;
    long long counts[QUALIFY_LIST_GROUPS];
    int rc;
    bool ready;
};

struct pool {
    const struct qualify_run *run;
    struct date as_of;
    long long first; /* the smallest person id */
    size_t parts, window;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t next;    /* the next part to hand out */
    size_t written; /* parts written so far */
    bool stop;
    struct part *slots; /* part k waits in slots[k % window] */
};

struct worker {
    struct pool *pool;
    struct qualify_reader *reader;
    pthread_t thread;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct pool *p = w->pool;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next < p->parts && p->next >= p->written + p->window)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->stop || p->next >= p->parts)
            break;
        size_t k = p->next++;
        pthread_mutex_unlock(&p->lock);

        struct part out = {0};
        struct tally t = {.run = p->run, .scratch = arena_new()};
        t.out = open_memstream(&out.text, &out.len);
        if (!t.out)
            abort(); /* out of memory */
        long long from = p->first + (long long)k * PART_IDS;
        out.rc = qualify_reader_range(w->reader, from, from + PART_IDS, p->as_of, qualify_one, &t);
        fclose(t.out);
        arena_free(t.scratch);
        out.people = t.people;
        memcpy(out.counts, t.counts, sizeof out.counts);
        out.ready = true;

        pthread_mutex_lock(&p->lock);
        p->slots[k % p->window] = out;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Evaluates every person with `n_threads` workers, each on its own
 * connection of `conns` (all in one snapshot), writing the parts to
 * stdout in id order: the same bytes whatever the number of threads. */
static int walk_threads(struct qualify_run *run, struct db **conns, size_t n_threads,
                        long long first, long long last)
{
    struct pool p = {.run = run, .as_of = run->as_of, .first = first};
    p.parts = last >= first ? (size_t)((last - first) / PART_IDS + 1) : 0;
    p.window = n_threads * WINDOW_PER_THREAD;
    p.slots = xcalloc(p.window, sizeof *p.slots);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    struct worker *workers = xcalloc(n_threads, sizeof *workers);
    int rc = 0;
    size_t started = 0;
    for (size_t i = 0; i < n_threads && rc == 0; i++) {
        workers[i].pool = &p;
        rc = qualify_reader_open(conns[i], QUALIFY_DATA_LEAN, &workers[i].reader);
    }
    for (size_t i = 0; i < n_threads && rc == 0; i++, started++)
        if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
            rc = ERR_IO;
    pthread_mutex_lock(&p.lock);
    if (rc != 0)
        p.stop = true;
    while (!p.stop && p.written < p.parts) {
        struct part *slot = &p.slots[p.written % p.window];
        while (!slot->ready)
            pthread_cond_wait(&p.changed, &p.lock);
        struct part out = *slot;
        *slot = (struct part){0};
        pthread_mutex_unlock(&p.lock);
        if (out.rc == 0) {
            /* Each JSON item comes after ",\n": not the first of all. */
            size_t skip = run->out == OUT_JSON && run->first_json && out.len >= 2 ? 2 : 0;
            if (out.len > skip && fwrite(out.text + skip, 1, out.len - skip, stdout) == 0)
                out.rc = ERR_IO;
            run->first_json = run->first_json && out.len == 0;
            run->people += out.people;
            for (int g = 0; g < QUALIFY_LIST_GROUPS; g++)
                run->counts[g] += out.counts[g];
            /* Parts done of all: a known total, so the line is throttled
             * and ends once (people per part vary). */
            cli_progress("评估（按编号分段）", p.written + 1, p.parts);
        }
        free(out.text);
        pthread_mutex_lock(&p.lock);
        p.written++;
        if (out.rc != 0) {
            rc = out.rc;
            p.stop = true;
        }
        pthread_cond_broadcast(&p.changed);
    }
    p.stop = true;
    pthread_cond_broadcast(&p.changed);
    pthread_mutex_unlock(&p.lock);
    for (size_t i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
    /* Parts finished after a failure were never written. */
    for (size_t i = 0; i < p.window; i++)
        free(p.slots[i].text);
    for (size_t i = 0; i < n_threads; i++)
        qualify_reader_free(workers[i].reader);
    free(workers);
    free(p.slots);
    pthread_cond_destroy(&p.changed);
    pthread_mutex_destroy(&p.lock);
    return rc;
}

static int parse_date(const char *s, struct date *d)
{
    return date_parse_iso(s, d) == 0 && d->day != 0 ? 0 : ERR_INVALID;
}

static size_t online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > THREADS_MAX ? THREADS_MAX : (size_t)n;
}

static int run_qualify(struct cli *cli)
{
    struct qualify_run run = {.group = -1, .first_json = true};
    struct qualify_target target;
    const char *xlsx_path = cli_value(cli, "xlsx"), *val;
    size_t n_threads = online_cpus();
    run.as_of = run.today = cli_today();
    if ((val = cli_value(cli, "as-of")) && parse_date(val, &run.as_of) < 0)
        return cli_usage_error(cli, "--as-of 应为 YYYY-MM-DD 格式的日期");
    if ((val = cli_value(cli, "target"))) {
        if (qualify_json_target_parse(val, &target) < 0)
            return cli_usage_error(cli,
                                   "--target 应为职级或职务层次（rank:03、post:5A、一级调研员）");
        run.target = &target;
    }
    if ((val = cli_value(cli, "within"))) {
        char *end;
        long n = strtol(val, &end, 10);
        if (*end || n < 0 || n > 120)
            return cli_usage_error(cli, "--within 应为 0 到 120 之间的月数");
        run.within_months = (int)n;
    }
    if ((val = cli_value(cli, "group")) && (run.group = qualify_list_group_find(val)) < 0)
        return cli_usage_error(cli, "--group 应为 now、soon、not_yet、barred、incomplete 或 held");
    if ((val = cli_value(cli, "threads"))) {
        char *end;
        long n = strtol(val, &end, 10);
        if (!*val || *end || n < 1 || n > THREADS_MAX)
            return cli_usage_error(cli, "--threads 应为 1 到 64 之间的线程数");
        n_threads = (size_t)n;
    }
    int outputs = cli_flag(cli, "list") + cli_flag(cli, "json") + (xlsx_path != NULL);
    if (outputs > 1)
        return cli_usage_error(cli, "--list、--json 与 --xlsx 只能选一个");
    run.out = cli_flag(cli, "list")   ? OUT_LIST
              : cli_flag(cli, "json") ? OUT_JSON
              : xlsx_path             ? OUT_XLSX
                                      : OUT_SUMMARY;
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    /* The workbook writer is not shared between threads: one walk on `db`. */
    size_t n_conns = run.out == OUT_XLSX ? 0 : n_threads;
    struct db **conns = xcalloc(n_conns + 1, sizeof *conns);
    char *msg = NULL;
    int rc = n_conns ? qualify_data_open_readers(db, cli->db_url, n_conns, conns, &msg) : 0;
    if (rc < 0 && msg)
        fprintf(stderr, "cadre: %s\n", msg);
    free(msg);
    struct arena *a = arena_new();
    struct rules *rules = NULL;
    if (rc == 0)
        rc = rulebook_load(db, a, &rules); /* in the readers' snapshot */
    run.rules = rules;
    long long first = 0, last = -1;
    if (rc == 0 && n_conns && (rc = qualify_data_id_range(db, &first, &last)) == 0 && first == 0)
        last = -1; /* nobody */
    if (rc == 0 && run.out == OUT_XLSX) {
        run.xlsx = table_writer_open(TABLE_XLSX, xlsx_path, "资格名单");
        if (!run.xlsx) {
            fprintf(stderr, "cadre qualify: 无法创建文件 %s：%s\n", xlsx_path, strerror(errno));
            rc = ERR_IO;
        } else {
            static const char *const header[] = {"编号",         "姓名", "单位", "现职级",
                                                 "现职务层次",   "目标", "结论", "符合日期",
                                                 "结论可变日期", "理由"};
            table_writer_row(run.xlsx, header, sizeof header / sizeof *header);
        }
    }
    if (rc == 0 && run.out == OUT_JSON) {
        char day[11];
        printf("{\"as_of\":\"%s\",\"within_months\":%d,\"items\":[\n",
               date_format_iso(run.as_of, day), run.within_months);
    }
    if (rc == 0 && run.out == OUT_XLSX) {
        struct tally t = {.run = &run, .out = stdout, .scratch = arena_new()};
        rc =
            qualify_data_each(db, NULL, 0, run.as_of, QUALIFY_DATA_LEAN, qualify_one, progress, &t);
        arena_free(t.scratch);
        run.people = t.people;
        memcpy(run.counts, t.counts, sizeof run.counts);
    } else if (rc == 0) {
        /* jansson seeds its hash function on first use: do it here, before
         * the workers build JSON objects at once. */
        json_object_seed(0);
        fflush(stdout);
        rc = walk_threads(&run, conns, n_threads, first, last);
    }
    for (size_t i = 0; i < n_conns; i++)
        db_close(conns[i]);
    free(conns);
    db_rollback(db);
    if (run.out == OUT_JSON && rc == 0) {
        printf("\n],\"people\":%lld,\"counts\":{", run.people);
        for (int g = 0; g < QUALIFY_LIST_GROUPS; g++)
            printf("%s\"%s\":%lld", g ? "," : "",
                   qualify_list_group_name((enum qualify_list_group)g), run.counts[g]);
        printf("}}\n");
    }
    if (run.xlsx && table_writer_close(run.xlsx) < 0 && rc == 0)
        rc = ERR_IO;
    if (rc == 0 && run.out != OUT_JSON && run.out != OUT_LIST) {
        char day[11];
        fprintf(run.out == OUT_SUMMARY ? stdout : stderr, "评估日期 %s，在职干部 %lld 人：",
                date_format_iso(run.as_of, day), run.people);
        for (int g = 0; g < QUALIFY_LIST_GROUPS; g++)
            fprintf(run.out == OUT_SUMMARY ? stdout : stderr, "%s%s %lld", g ? "，" : "",
                    qualify_list_group_label((enum qualify_list_group)g), run.counts[g]);
        fprintf(run.out == OUT_SUMMARY ? stdout : stderr, "\n");
    }
    if (rc == ERR_UNAVAILABLE)
        fprintf(stderr, "cadre qualify: 数据库正在频繁写入，无法取得一致的数据，请稍后重试\n");
    else if (rc < 0)
        fprintf(stderr, "cadre qualify: 评估失败（%s）\n", err_name(rc));
    arena_free(a);
    db_close(db);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

/* ---- check-records ----------------------------------------------------- */

static int check_one(const struct qualify_subject *s, void *arg)
{
    struct qualify_run *run = arg;
    if (!in_service(s))
        return 0;
    run->people++;
    struct arena *a = arena_new();
    struct qualify_report *rep;
    int rc = qualify_evaluate(a, run->rules, &s->in, run->as_of, NULL, 0, &rep);
    for (const struct qualify_finding *f = rc == 0 ? rep->findings : NULL; f; f = f->next) {
        run->findings++;
        if (run->out == OUT_JSON) {
            json_t *o = qualify_json_finding(f);
            json_object_set_new(o, "person_id", json_integer(s->person.id));
            json_object_set_new(o, "name", json_string(s->person.name ? s->person.name : ""));
            char *line = json_dumps(o, JSON_COMPACT);
            printf("%s%s", run->first_json ? "" : ",\n", line);
            run->first_json = false;
            free(line);
            json_decref(o);
        } else {
            printf("%lld\t%s\t%s\t%s\t%s\n", s->person.id, s->person.name ? s->person.name : "",
                   f->rule_id, f->fields ? f->fields : "", f->text);
        }
    }
    arena_free(a);
    return rc == ERR_INVALID ? 0 : rc;
}

static int run_check_records(struct cli *cli)
{
    struct qualify_run run = {.group = -1, .first_json = true};
    run.as_of = cli_today();
    if (cli_flag(cli, "json"))
        run.out = OUT_JSON;
    const char *as_of = cli_value(cli, "as-of");
    if (as_of && parse_date(as_of, &run.as_of) < 0)
        return cli_usage_error(cli, "--as-of 应为 YYYY-MM-DD 格式的日期");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    struct rules *rules;
    int rc = rulebook_load(db, a, &rules);
    run.rules = rules;
    if (run.out == OUT_JSON)
        printf("{\"items\":[\n");
    if (rc == 0)
        rc = qualify_data_each(db, NULL, 0, run.as_of, QUALIFY_DATA_COLLEAGUES, check_one, progress,
                               &run);
    if (run.out == OUT_JSON)
        printf("\n],\"people\":%lld,\"findings\":%lld}\n", run.people, run.findings);
    else if (rc == 0)
        fprintf(stderr, "在职干部 %lld 人，审核发现 %lld 处问题\n", run.people, run.findings);
    if (rc < 0)
        fprintf(stderr, "cadre check-records: 审核失败（%s）\n", err_name(rc));
    arena_free(a);
    db_close(db);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

const struct command cmd_qualify_entry = {
    .name = "qualify",
    .summary = "资格名单：在职干部对各目标是否符合任职资格（结论、理由、日期）",
    .forms =
        (const struct cli_form[]){
            {.options =
                 (const struct cli_option[]){
                     {"as-of", 0, "日期", "评估日期 YYYY-MM-DD（默认今天）"},
                     {"target", 0, "目标", "只评估一个目标：rank:03、post:5A、一级调研员、正处级"},
                     {"within", 0, "月数", "找出这么多个月内将符合的人及符合日期（0 到 120）"},
                     {"group", 0, "now|soon|not_yet|barred|incomplete|held", "只列出这一种结论"},
                     {"list", 0, NULL, "逐行输出（制表符分隔）"},
                     {"json", 0, NULL, "输出 JSON", CLI_OR},
                     {"xlsx", 0, "文件", "写入工作簿", CLI_OR},
                     {"threads", 0, "N", "并行评估的线程数（1 到 64，默认为 CPU 数）"},
                     {0},
                 }},
            {0},
        },
    .about = "按数据库中的规则表评估每名在职干部，默认目标为下一职级与下一职务层次。\n"
             "默认只打印各结论的人数；--list、--json、--xlsx 输出每人的结论、理由与日期。\n"
             "“符合”指达到最低条件，不等于应当晋升。多线程评估的输出与单线程完全相同。\n",
    .run = run_qualify,
};

const struct command cmd_check_records_entry = {
    .name = "check-records",
    .summary = "档案审核：三龄两历、职级与职务、回避",
    .forms =
        (const struct cli_form[]){{.options =
                                       (const struct cli_option[]){
                                           {"as-of", 0, "日期", "审核日期 YYYY-MM-DD（默认今天）"},
                                           {"json", 0, NULL, "输出 JSON"},
                                           {0},
                                       }},
                                  {0}},
    .about = "逐人列出审核发现（编号、姓名、规则、涉及字段、说明），在职干部；结尾打印总数。\n",
    .run = run_check_records,
};
