/* test_cli.c — the command-line option spec: what cli_parse accepts and
 * refuses, and the usage text it prints from the same table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int run_nothing(struct cli *cli)
{
    (void)cli;
    return EXIT_OK;
}

/* A command with two verbs, as `cadre audit` has. */
static const struct command two_verbs = {
    .name = "thing",
    .summary = "测试",
    .forms =
        (const struct cli_form[]){
            {.verb = "show",
             .operands = "编号 文件",
             .options =
                 (const struct cli_option[]){
                     {"json", 0, NULL, "输出 JSON"},
                     {"output", 'o', "文件", "写入的文件", CLI_REQUIRED},
                     {"list", 0, NULL, "逐行"},
                     {"xlsx", 0, "文件", "工作簿", CLI_OR},
                     {0},
                 }},
            {.verb = "make",
             .options =
                 (const struct cli_option[]){
                     {"people", 0, "N", "人数"},
                     {0},
                 }},
            {0},
        },
    .about = "说明。\n",
    .run = run_nothing,
};

/* A command without arguments, as `cadre init`. */
static const struct command bare = {.name = "bare", .summary = "无参数", .run = run_nothing};

/* Parses `args` (a NULL-terminated list after the command name) for `cmd`. */
static int parse(const struct command *cmd, struct cli *cli, char **args)
{
    static char *argv[16];
    int argc = 0;
    argv[argc++] = (char *)cmd->name;
    for (size_t i = 0; args[i]; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    *cli = (struct cli){.db_url = "x.db", .argc = argc, .argv = argv, .command = cmd};
    return cli_parse(cli);
}

#define ARGS(...) ((char *[]){__VA_ARGS__, NULL})

static void test_accepts(void **state)
{
    (void)state;
    struct cli cli;
    assert_int_equal(parse(&two_verbs, &cli, ARGS("show", "7", "a.csv", "--json", "-o", "out")), 0);
    assert_true(cli_verb(&cli, "show"));
    assert_false(cli_verb(&cli, "make"));
    assert_string_equal(cli.operands[0], "7");
    assert_string_equal(cli.operands[1], "a.csv");
    assert_true(cli_flag(&cli, "json"));
    assert_string_equal(cli_value(&cli, "json"), "");
    assert_string_equal(cli_value(&cli, "output"), "out");
    assert_null(cli_value(&cli, "xlsx"));

    /* Options before operands, long forms with "=", the last of a repeat. */
    assert_int_equal(
        parse(&two_verbs, &cli,
              ARGS("show", "--output=o1", "--xlsx", "w.xlsx", "7", "f", "--output", "o2")),
        0);
    assert_string_equal(cli.operands[0], "7");
    assert_string_equal(cli_value(&cli, "output"), "o2");
    assert_string_equal(cli_value(&cli, "xlsx"), "w.xlsx");

    /* A value that starts with '-' is still the option's value. */
    assert_int_equal(parse(&two_verbs, &cli, ARGS("make", "--people", "-3")), 0);
    assert_string_equal(cli_value(&cli, "people"), "-3");

    assert_int_equal(parse(&bare, &cli, ARGS(NULL)), 0);
}

static void test_refuses(void **state)
{
    (void)state;
    char **const cases[] = {
        ARGS("nope"),                         /* unknown verb */
        ARGS("show", "7"),                    /* an operand missing */
        ARGS("show", "7", "f", "g"),          /* one too many */
        ARGS("show", "7", "f", "--bogus"),    /* unknown option */
        ARGS("show", "7", "f", "-x"),         /* unknown letter */
        ARGS("show", "7", "f", "--output"),   /* a missing value */
        ARGS("show", "7", "f", "--json=yes"), /* a value for a flag */
        ARGS("make", "--json"),               /* another verb's option */
    };
    struct cli cli;
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(parse(&two_verbs, &cli, cases[i]), EXIT_USAGE);
    assert_int_equal(parse(&two_verbs, &cli, (char *[]){NULL}), EXIT_USAGE); /* no verb */
    assert_int_equal(parse(&bare, &cli, ARGS("extra")), EXIT_USAGE);
}

static char *usage_of(const struct command *cmd, bool full)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cli_usage(cmd, out, full);
    fclose(out);
    return text;
}

static void test_usage(void **state)
{
    (void)state;
    char *text = usage_of(&two_verbs, false);
    /* One synopsis per form; required options without brackets; CLI_OR
     * joins; past 80 columns (CJK counting two) the line wraps. */
    assert_non_null(strstr(text, "用法: cadre [--db 路径] thing show 编号 文件 [--json] -o 文件\n"
                                 "        [--list | --xlsx 文件]\n"));
    assert_non_null(strstr(text, "      cadre [--db 路径] thing make [--people N]\n"));
    assert_null(strstr(text, "说明"));
    free(text);

    text = usage_of(&two_verbs, true);
    assert_non_null(strstr(text, "\n说明。\n"));
    assert_non_null(strstr(text, "\n选项:\n"));
    assert_non_null(strstr(text, "  -o, --output 文件  写入的文件\n"));
    assert_non_null(strstr(text, "  --people N         人数\n"));
    free(text);

    text = usage_of(&bare, true);
    assert_string_equal(text, "用法: cadre [--db 路径] bare\n");
    free(text);
}

/* Every real command: its --help parses as its own spec says, and a name in
 * cli/commands.def is unique. */
static void test_table(void **state)
{
    (void)state;
    size_t n;
    const struct command *const *cmds = cli_commands(&n);
    assert_true(n >= 16);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = i + 1; k < n; k++)
            assert_string_not_equal(cmds[i]->name, cmds[k]->name);
        char *text = usage_of(cmds[i], true);
        assert_non_null(strstr(text, "用法: cadre"));
        assert_non_null(strstr(text, cmds[i]->name));
        free(text);
        for (const struct cli_form *f = cmds[i]->forms; f && (f->verb || f->operands || f->options);
             f++) {
            size_t opts = 0;
            for (const struct cli_option *o = f->options; o && o->name; o++, opts++)
                assert_non_null(o->help);
            assert_true(opts <= CLI_OPTIONS_MAX);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
