/* cmd_sql.c — `cadre sql`, a hidden debugging command: runs statements on
 * the database through the store's driver, as it is (no migration, no
 * version check), so tests read and prepare databases without the engine's
 * own shell and can run against any driver. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/db.h"
#include "util/xmalloc.h"

/* A column value as JSON: text (or its bytes in hex when not UTF-8), null. */
static json_t *cell_json(struct db_stmt *st, int col)
{
    if (db_column_is_null(st, col))
        return json_null();
    const char *text = db_column_text(st, col);
    json_t *v = json_string(text ? text : "");
    if (v)
        return v;
    int len = 0;
    const unsigned char *bytes = db_column_blob(st, col, &len);
    char *hex = xmalloc((size_t)len * 2 + 1);
    for (int i = 0; i < len; i++)
        snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    v = json_string(hex);
    free(hex);
    return v;
}

/* Runs one statement; prints its rows as "a|b|c" lines (NULL empty) or
 * adds them to `rows` as objects. */
static int run_statement(struct db *db, const char *sql, json_t *rows)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int n = db_column_count(st);
        json_t *row = rows ? json_object() : NULL;
        for (int c = 0; c < n; c++) {
            if (row) {
                json_object_set_new(row, db_column_name(st, c), cell_json(st, c));
            } else {
                const char *v = db_column_text(st, c);
                printf("%s%s", c ? "|" : "", v ? v : "");
            }
        }
        if (row)
            json_array_append_new(rows, row);
        else
            putchar('\n');
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int print_table(void *arg, const char *name)
{
    (void)arg;
    puts(name);
    return 0;
}

/* The whole of standard input (a script). */
static char *read_stdin(void)
{
    size_t len = 0, cap = 1 << 16;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
        len += got;
        if (cap - len - 1 == 0)
            buf = xrealloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    return buf;
}

static int run(struct cli *cli)
{
    struct db *db = NULL;
    char *msg = NULL;
    if (db_open(cli->db_url, &db, &msg) < 0) {
        fprintf(stderr, "cadre sql: %s\n", msg ? msg : "无法打开数据库");
        free(msg);
        return EXIT_FAIL;
    }
    int rc = 0;
    if (cli_verb(cli, "query")) {
        json_t *rows = cli_flag(cli, "json") ? json_array() : NULL;
        rc = run_statement(db, cli->operands[0], rows);
        if (rows && rc == 0) {
            char *text = json_dumps(rows, JSON_COMPACT | JSON_ENSURE_ASCII);
            if (text)
                puts(text);
            free(text);
        }
        json_decref(rows);
    } else if (cli_verb(cli, "exec")) {
        char *script = read_stdin();
        rc = db_exec(db, script);
        free(script);
        if (rc == 0 && cli_flag(cli, "checkpoint"))
            rc = db_checkpoint(db);
    } else if (cli_verb(cli, "tables")) {
        rc = db_tables(db, print_table, NULL);
    } else {
        char *why = NULL;
        puts(db_check(db, &why) < 0 ? (why ? why : "损坏") : "ok");
        free(why);
    }
    if (rc < 0)
        fprintf(stderr, "cadre sql: %s\n", db_errmsg(db));
    db_close(db);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

/* Hidden: no summary, so `cadre --help` does not list it. */
const struct command cmd_sql_entry = {
    .name = "sql",
    .forms =
        (const struct cli_form[]){
            {.verb = "query",
             .operands = "语句",
             .options =
                 (const struct cli_option[]){{"json", 0, NULL, "结果行输出为 JSON 对象数组"}, {0}}},
            {.verb = "exec",
             .options =
                 (const struct cli_option[]){{"checkpoint", 0, NULL, "结束前把日志并回数据库文件"},
                                             {0}}},
            {.verb = "tables"},
            {.verb = "check"},
            {0},
        },
    .about = "调试与测试用：按原样打开数据库（不迁移、不校验版本），经存储层的驱动执行。\n"
             "query 执行一条语句并打印结果行（列以 | 分隔，NULL 为空）；exec 执行标准输入中的\n"
             "脚本，不打印结果；tables 列出全部表；check 打印数据库自检结果（ok 或原因）。\n",
    .run = run,
};
