/* cli.h — what every subcommand gets and the helpers they share. One file
 * per command group (cmd_<group>.c), listed in the table of main.c. */
#ifndef CADRE_CLI_H
#define CADRE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/date.h"
#include "store/db.h"

/* Exit statuses of every command. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
    const char *db_url; /* --db, else $CADRE_DB, else ./cadre.db */
    int argc;           /* the command's own arguments, argv[0] = command name */
    char **argv;
};

struct command {
    const char *name;    /* "init", "serve", "import", ... */
    const char *summary; /* Chinese, one line; NULL hides the command (cadre sql) */
    const char *usage;   /* the --help text (Chinese), printed as is */
    int (*run)(struct cli *cli);
};

/* The command table (main.c); `*n` set. */
const struct command *cli_commands(size_t *n);

/* Opens the database, migrating it when `migrate`. On failure prints the
 * Chinese reason to stderr and returns NULL. */
struct db *cli_open_db(const struct cli *cli, bool migrate);

/* Prints `cmd`'s usage to `out`. */
void cli_usage(const struct command *cmd, FILE *out);

/* True when argv holds -h or --help; prints the usage of `name` then. */
bool cli_wants_help(const struct cli *cli, const char *name);

/* Today's local date (the CLI's clock: core never reads one). */
struct date cli_today(void);

/* Progress on a terminal: "\r导入 12345/100000" on stderr when it is a tty,
 * at most a few times a second; silent otherwise. `done == total` ends the line. */
void cli_progress(const char *what, size_t done, size_t total);

/* Commands, one per file. */
int cmd_init(struct cli *cli);
int cmd_serve(struct cli *cli);
int cmd_demo(struct cli *cli);
int cmd_import(struct cli *cli);
int cmd_export(struct cli *cli);
int cmd_person(struct cli *cli);
int cmd_user(struct cli *cli);
int cmd_token(struct cli *cli);
int cmd_routes(struct cli *cli);
int cmd_roles(struct cli *cli);
int cmd_audit(struct cli *cli);
int cmd_backup(struct cli *cli);
int cmd_restore(struct cli *cli);
int cmd_key(struct cli *cli);
int cmd_qualify(struct cli *cli);
int cmd_check_records(struct cli *cli);
int cmd_sql(struct cli *cli);

#endif
