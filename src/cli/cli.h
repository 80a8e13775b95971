/* cli.h — what every subcommand gets and the helpers they share. Each
 * command file (cmd_<group>.c) defines the entry of its commands (name,
 * options, help text, run); commands.c lists the entries. */
#ifndef CADRE_CLI_H
#define CADRE_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/date.h"
#include "store/db.h"

/* Exit statuses of every command. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli;

/* Most options one form may have, and most operands. */
enum { CLI_OPTIONS_MAX = 16, CLI_OPERANDS_MAX = 4 };

/* Flags of an option, for its usage only: the command itself checks that a
 * required option is there (its message says why it is needed). */
enum {
    CLI_REQUIRED = 1, /* shown without brackets */
    CLI_OR = 2,       /* an alternative to the option before it: "[--list | --json]" */
};

/* One option. The parser (getopt_long) and the usage text both come from
 * this, so they cannot disagree. A list of options ends with {0}. */
struct cli_option {
    const char *name;  /* long name without the dashes: "format" */
    char letter;       /* the short form ('o' for -o), or 0 */
    const char *value; /* the value's name in the usage ("文件"); NULL: a flag */
    const char *help;  /* Chinese, one line */
    unsigned flags;    /* CLI_REQUIRED, CLI_OR */
};

/* One way to call a command: `cadre <name> [verb] [operands] [options]`.
 * A list of forms ends with {0}. */
struct cli_form {
    const char *verb;                 /* "roster", "verify"; NULL: none */
    const char *operands;             /* their names, space-separated ("用户名"); NULL: none */
    const struct cli_option *options; /* NULL: none */
};

struct command {
    const char *name;             /* "init", "serve", "import", ... */
    const char *summary;          /* Chinese, one line (`cadre --help`); NULL: hidden (sql) */
    const struct cli_form *forms; /* NULL: the command takes no arguments */
    const char *about;            /* Chinese paragraphs after the synopsis in --help, or NULL */
    bool no_db;                   /* the command does not use --db (not shown in its usage) */
    int (*run)(struct cli *cli);
};

/* A command's invocation: the raw arguments, and what cli_parse found in them. */
struct cli {
    const char *db_url; /* --db, else $CADRE_DB, else ./cadre.db */
    int argc;           /* the command's own arguments, argv[0] = command name */
    char **argv;
    const struct command *command;
    const struct cli_form *form;            /* the form the arguments matched */
    const char *operands[CLI_OPERANDS_MAX]; /* in the order of form->operands */
    const char *values[CLI_OPTIONS_MAX];    /* by option of `form`: its value ("" for a
                                               flag), NULL when not given */
    char **more;  /* when the last operand's name ends in "..." ("干部..."): the */
    size_t nmore; /* operands given after it (borrowed from argv), else none */
};

/* Every command's entry, from the one list in cli/commands.def. */
#define CLI_COMMAND(name) extern const struct command cmd_##name##_entry;
#include "cli/commands.def"
#undef CLI_COMMAND

/* The command table (commands.c, from cli/commands.def); `*n` set. */
const struct command *const *cli_commands(size_t *n);

/* Matches `cli->argv` to one of the forms of `cli->command` and fills
 * `form`, `operands` and `values`. On a mistake (unknown verb or option, a
 * missing value or operand, one too many) prints the reason and the
 * synopsis to stderr and returns EXIT_USAGE; else 0. */
int cli_parse(struct cli *cli);

/* The value of option `name` ("format") as given, or NULL when absent; ""
 * for a flag that was given. `name` must be an option of the matched form
 * (anything else is a programming error: abort). */
const char *cli_value(const struct cli *cli, const char *name);

/* True when option `name` was given (cli_value != NULL). */
bool cli_flag(const struct cli *cli, const char *name);

/* True when the matched form is the one of `verb` ("export"). */
bool cli_verb(const struct cli *cli, const char *verb);

/* Prints "cadre <command>: <message>" and the command's synopsis to stderr;
 * returns EXIT_USAGE, for `return cli_usage_error(cli, ...)`. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints `cmd`'s synopsis to `out`; with `full`, also its description and
 * its options (the --help text). */
void cli_usage(const struct command *cmd, FILE *out, bool full);

/* True when argv holds -h or --help; prints the full usage of `cli->command`
 * to stdout then. */
bool cli_wants_help(const struct cli *cli);

/* The label of an audit action only commands write (store/audit.h
 * audit_label_fn), or NULL. */
const char *cli_audit_label(const char *action);

/* Opens the database, migrating it when `migrate`. On failure prints the
 * Chinese reason to stderr and returns NULL. */
struct db *cli_open_db(const struct cli *cli, bool migrate);

/* Appends the audit record of a change made from the command line (user
 * "(命令行)", source "cli", outcome "ok"), in the caller's transaction when
 * one is open (store/audit.h audit_write). `object_id` 0: none. `after`:
 * what was done (borrowed; NULL for nothing), written compact with its keys
 * in the order they were added. Returns 0 or the store's error. */
int cli_audit(struct db *db, const char *action, const char *object_type, long long object_id,
              const json_t *after);

/* Today's local date (the CLI's clock: core never reads one). */
struct date cli_today(void);

/* Progress on a terminal: "\r导入 12345/100000" on stderr when it is a tty,
 * at most a few times a second; silent otherwise. `done == total` ends the line. */
void cli_progress(const char *what, size_t done, size_t total);

#endif
