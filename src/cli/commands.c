/* commands.c — the command table, the parser and usage text that every
 * command's option spec drives, and what the commands share. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/crypto.h"
#include "store/store.h"
#include "util/secret.h"
#include "util/utf8.h"

static const struct command *const commands[] = {
#define CLI_COMMAND(name) &cmd_##name##_entry,
#include "cli/commands.def"
#undef CLI_COMMAND
};

const struct command *const *cli_commands(size_t *n)
{
    *n = sizeof commands / sizeof *commands;
    return commands;
}

/* ---- parsing ------------------------------------------------------------ */

static size_t count_options(const struct cli_option *o)
{
    size_t n = 0;
    while (o && o[n].name)
        n++;
    return n;
}

/* Splits the operand names of `f` ("用户名 文件") into `names`; returns how many. */
static size_t operand_names(const struct cli_form *f, char buf[256],
                            const char *names[CLI_OPERANDS_MAX])
{
    size_t n = 0;
    snprintf(buf, 256, "%s", f->operands ? f->operands : "");
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w && n < CLI_OPERANDS_MAX;
         w = strtok_r(NULL, " ", &save))
        names[n++] = w;
    return n;
}

/* The form whose verb is argv[1], or the one form without a verb. */
static const struct cli_form *match_form(const struct cli *cli)
{
    for (const struct cli_form *f = cli->command->forms; f->verb || f->operands || f->options;
         f++) {
        if (!f->verb)
            return f;
        if (cli->argc > 1 && strcmp(cli->argv[1], f->verb) == 0)
            return f;
    }
    return NULL;
}

int cli_parse(struct cli *cli)
{
    const struct command *cmd = cli->command;
    memset(cli->operands, 0, sizeof cli->operands);
    memset(cli->values, 0, sizeof cli->values);
    cli->form = NULL;
    if (!cmd->forms) {
        if (cli->argc > 1)
            return cli_usage_error(cli, "多余的参数“%s”", cli->argv[1]);
        return 0;
    }
    const struct cli_form *f = match_form(cli);
    if (!f) {
        char verbs[256] = "";
        size_t len = 0;
        for (const struct cli_form *v = cmd->forms; v->verb && len < sizeof verbs; v++)
            len +=
                (size_t)snprintf(verbs + len, sizeof verbs - len, "%s%s", len ? "、" : "", v->verb);
        if (cli->argc > 1)
            return cli_usage_error(cli, "未知的子命令“%s”（应为 %s）", cli->argv[1], verbs);
        return cli_usage_error(cli, "缺少子命令（%s）", verbs);
    }
    cli->form = f;

    /* getopt_long from the table: long options, their letters, and ':' to
     * tell a missing value from an unknown option. */
    size_t nopts = count_options(f->options);
    if (nopts > CLI_OPTIONS_MAX)
        abort(); /* a table larger than the parser: a programming error */
    struct option longs[CLI_OPTIONS_MAX + 1];
    char shorts[2 * CLI_OPTIONS_MAX + 2] = ":";
    size_t ns = 1;
    for (size_t i = 0; i < nopts; i++) {
        const struct cli_option *o = &f->options[i];
        longs[i] = (struct option){o->name, o->value ? required_argument : no_argument, NULL,
                                   256 + (int)i};
        if (o->letter) {
            shorts[ns++] = o->letter;
            if (o->value)
                shorts[ns++] = ':';
        }
    }
    longs[nopts] = (struct option){0};
    shorts[ns] = '\0';

    /* Past the command name and the verb; optind 0 makes glibc start over. */
    int skip = f->verb ? 1 : 0;
    int argc = cli->argc - skip;
    char **argv = cli->argv + skip;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        size_t k = nopts;
        if (c >= 256)
            k = (size_t)(c - 256);
        else
            for (size_t i = 0; i < nopts; i++)
                if (f->options[i].letter && f->options[i].letter == c)
                    k = i;
        if (c == ':')
            return cli_usage_error(cli, "参数 %s 缺少取值", argv[optind - 1]);
        if (k == nopts)
            return cli_usage_error(cli, "未知参数“%s”", argv[optind - 1]);
        cli->values[k] = f->options[k].value ? optarg : "";
    }
    char buf[256];
    const char *names[CLI_OPERANDS_MAX];
    size_t want = operand_names(f, buf, names);
    size_t got = (size_t)(argc - optind);
    if (got < want)
        return cli_usage_error(cli, "缺少参数：%s", names[got]);
    /* A last operand named "干部..." takes one or more: the rest in `more`. */
    size_t last = want ? strlen(names[want - 1]) : 0;
    bool many = last > 3 && strcmp(names[want - 1] + last - 3, "...") == 0;
    if (got > want && !many)
        return cli_usage_error(cli, "多余的参数“%s”", argv[optind + (int)want]);
    for (size_t i = 0; i < want; i++)
        cli->operands[i] = argv[optind + (int)i];
    cli->more = many ? argv + optind + (int)want : NULL;
    cli->nmore = many ? got - want : 0;
    return 0;
}

const char *cli_value(const struct cli *cli, const char *name)
{
    const struct cli_option *o = cli->form ? cli->form->options : NULL;
    for (size_t i = 0; o && o[i].name; i++)
        if (strcmp(o[i].name, name) == 0)
            return cli->values[i];
    abort(); /* not an option of this form: a programming error */
}

bool cli_flag(const struct cli *cli, const char *name)
{
    return cli_value(cli, name) != NULL;
}

bool cli_verb(const struct cli *cli, const char *verb)
{
    return cli->form && cli->form->verb && strcmp(cli->form->verb, verb) == 0;
}

/* ---- usage ---------------------------------------------------------------- */

/* Columns `s` takes on a terminal: CJK characters two. */
static size_t display_width(const char *s)
{
    size_t w = 0;
    uint32_t cp;
    while ((cp = utf8_next(&s)) != 0)
        w += cp >= 0x1100 ? 2 : 1;
    return w;
}

enum { USAGE_WIDTH = 80, USAGE_INDENT = 8 };

/* A synopsis line being written: words wrap at USAGE_WIDTH. */
struct line {
    FILE *out;
    size_t width;
};

static void put_word(struct line *l, const char *word)
{
    size_t w = display_width(word);
    if (l->width + 1 + w > USAGE_WIDTH) {
        fprintf(l->out, "\n%*s", USAGE_INDENT, "");
        l->width = USAGE_INDENT;
    } else {
        fputc(' ', l->out);
        l->width++;
    }
    fputs(word, l->out);
    l->width += w;
}

/* "-o 文件" or "--format xlsx|csv" or "--json". */
static void option_text(const struct cli_option *o, char *buf, size_t size)
{
    if (o->letter)
        snprintf(buf, size, "-%c%s%s", o->letter, o->value ? " " : "", o->value ? o->value : "");
    else
        snprintf(buf, size, "--%s%s%s", o->name, o->value ? " " : "", o->value ? o->value : "");
}

static void print_synopsis(const struct command *cmd, const struct cli_form *f, FILE *out,
                           const char *lead)
{
    struct line l = {out, display_width(lead) + strlen("cadre")};
    fprintf(out, "%scadre", lead);
    if (!cmd->no_db)
        put_word(&l, "[--db 路径]");
    put_word(&l, cmd->name);
    if (f && f->verb)
        put_word(&l, f->verb);
    char buf[256];
    const char *names[CLI_OPERANDS_MAX];
    size_t n = f ? operand_names(f, buf, names) : 0;
    for (size_t i = 0; i < n; i++)
        put_word(&l, names[i]);
    const struct cli_option *o = f ? f->options : NULL;
    for (size_t i = 0; o && o[i].name;) {
        /* One word: the option, or a bracketed group of alternatives. */
        char word[512] = "", text[128];
        bool required = o[i].flags & CLI_REQUIRED;
        size_t len = 0;
        do {
            option_text(&o[i], text, sizeof text);
            len += (size_t)snprintf(word + len, sizeof word - len, "%s%s", len ? " | " : "", text);
            i++;
        } while (o[i].name && (o[i].flags & CLI_OR) && len < sizeof word - sizeof text);
        if (!required) {
            char bracketed[520];
            snprintf(bracketed, sizeof bracketed, "[%s]", word);
            put_word(&l, bracketed);
        } else {
            put_word(&l, word);
        }
    }
    fputc('\n', out);
}

/* The options of every form, each once, with its help line. */
static void print_options(const struct command *cmd, FILE *out)
{
    const struct cli_option *seen[4 * CLI_OPTIONS_MAX];
    char left[4 * CLI_OPTIONS_MAX][160];
    size_t n = 0, widest = 0;
    for (const struct cli_form *f = cmd->forms; f && (f->verb || f->operands || f->options); f++) {
        for (const struct cli_option *o = f->options; o && o->name; o++) {
            bool dup = false;
            for (size_t i = 0; i < n; i++)
                dup = dup || strcmp(seen[i]->name, o->name) == 0;
            if (dup || !o->help || n == sizeof seen / sizeof *seen)
                continue;
            if (o->letter)
                snprintf(left[n], sizeof left[n], "-%c, --%s%s%s", o->letter, o->name,
                         o->value ? " " : "", o->value ? o->value : "");
            else
                snprintf(left[n], sizeof left[n], "--%s%s%s", o->name, o->value ? " " : "",
                         o->value ? o->value : "");
            size_t w = display_width(left[n]);
            if (w > widest)
                widest = w;
            seen[n++] = o;
        }
    }
    if (n == 0)
        return;
    if (widest > 28)
        widest = 28;
    fputs("\n选项:\n", out);
    for (size_t i = 0; i < n; i++) {
        size_t w = display_width(left[i]);
        if (w > widest)
            fprintf(out, "  %s\n  %*s  %s\n", left[i], (int)widest, "", seen[i]->help);
        else
            fprintf(out, "  %s%*s  %s\n", left[i], (int)(widest - w), "", seen[i]->help);
    }
}

void cli_usage(const struct command *cmd, FILE *out, bool full)
{
    const char *lead = "用法: ";
    if (!cmd->forms) {
        print_synopsis(cmd, NULL, out, lead);
    } else {
        for (const struct cli_form *f = cmd->forms; f->verb || f->operands || f->options; f++) {
            print_synopsis(cmd, f, out, lead);
            lead = "      ";
        }
    }
    if (!full)
        return;
    if (cmd->about)
        fprintf(out, "\n%s", cmd->about);
    print_options(cmd, out);
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
    fprintf(stderr, "cadre %s%s%s: ", cli->command->name, cli->form && cli->form->verb ? " " : "",
            cli->form && cli->form->verb ? cli->form->verb : "");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    cli_usage(cli->command, stderr, false);
    return EXIT_USAGE;
}

bool cli_wants_help(const struct cli *cli)
{
    for (int i = 1; i < cli->argc; i++) {
        if (strcmp(cli->argv[i], "-h") == 0 || strcmp(cli->argv[i], "--help") == 0) {
            cli_usage(cli->command, stdout, true);
            return true;
        }
    }
    return false;
}

/* ---- what the commands share -------------------------------------------- */

struct db *cli_open_db(const struct cli *cli, bool migrate)
{
    struct db *db = NULL;
    char *msg = NULL;
    if (store_open(cli->db_url, migrate, &db, &msg) < 0) {
        fprintf(stderr, "cadre: %s\n", msg ? msg : "无法打开数据库");
        free(msg);
        return NULL;
    }
    /* The key file, when there is one: the database's profile and data keys
     * join its ring, so a command seals, hashes passwords and keeps row
     * MACs as the server does (docs/crypto.md). A key file that is not this
     * database's stops the command before it writes anything. */
    char *path = secret_key_path(cli->db_url);
    secret_configure(path);
    free(path);
    const struct secret_key *key = secret_default_key();
    const char *why = NULL;
    if (key && crypto_load(db, key, &why) < 0) {
        fprintf(stderr, "cadre: %s\n", why ? why : db_errmsg(db));
        db_close(db);
        return NULL;
    }
    return db;
}

int cli_audit(struct db *db, const char *action, const char *object_type, long long object_id,
              const json_t *after)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", object_id);
    char *after_json = after ? json_dumps(after, JSON_COMPACT) : NULL;
    struct audit_entry e = {.username = "(命令行)",
                            .source_addr = "cli",
                            .action = action,
                            .object_type = object_type,
                            .object_id = object_id ? id : NULL,
                            .outcome = "ok",
                            .after_json = after_json};
    int rc = audit_write(db, &e);
    free(after_json);
    return rc;
}

struct date cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

void cli_progress(const char *what, size_t done, size_t total)
{
    static struct timespec last;
    if (!isatty(STDERR_FILENO))
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
    if (done != total && ms < 200)
        return;
    last = now;
    fprintf(stderr, "\r%s %zu/%zu", what, done, total);
    if (done == total)
        fputc('\n', stderr);
}

/* The audit actions only commands write (their other actions are the
 * routes', labelled by the router), with their Chinese labels. */
static const struct audit_action cli_actions[] = {
    {"token.create", "创建 API 令牌"},
    {"db.restore", "恢复数据库"},
    {"demo.create", "生成演示数据"},
    {"key.rotate", "轮换数据密钥"},
    {"audit.reanchor", "审计日志改用 SM3（重新锚定）"},
    {"key.rotate_master", "轮换主密钥"},
    {"key.purge", "销毁已停用的数据密钥"},
};

const char *cli_audit_label(const char *action)
{
    return audit_actions_find(cli_actions, sizeof cli_actions / sizeof *cli_actions, action);
}
