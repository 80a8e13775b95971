/* cmd_user.c — `cadre user add` and `cadre token create`. */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/password_policy.h"
#include "core/roles.h"
#include "store/audit.h"
#include "store/accounts.h"
#include "store/sessions.h"
#include "util/arena.h"
#include "util/err.h"

/* Writes an audit record for a change made from the command line. */
static int cli_audit(struct db *db, const char *action, long long object_id, const char *object)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", object_id);
    struct audit_entry e = {.username = "(命令行)",
                            .source_addr = "cli",
                            .action = action,
                            .object_type = object,
                            .object_id = id,
                            .outcome = "ok"};
    return audit_write(db, &e);
}

static int read_password(char *buf, size_t size)
{
    if (!fgets(buf, (int)size, stdin))
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* A positive id from the command line. */
static bool parse_id(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

static int id_usage(const char *option)
{
    fprintf(stderr, "cadre user add: %s 应为正整数编号\n", option);
    return EXIT_USAGE;
}

int cmd_user(struct cli *cli)
{
    if (cli->argc < 3 || strcmp(cli->argv[1], "add") != 0) {
        fputs("用法: cadre user add 用户名 --role 角色 [--unit 单位编号] [--person 干部编号]"
              " [--name 姓名] --password-stdin\n",
              stderr);
        return EXIT_USAGE;
    }
    const char *username = cli->argv[2], *role_name = NULL, *display = NULL;
    bool from_stdin = false;
    long long unit_id = 0, person_id = 0;
    static const struct option opts[] = {{"role", required_argument, 0, 'r'},
                                         {"unit", required_argument, 0, 'u'},
                                         {"person", required_argument, 0, 'P'},
                                         {"name", required_argument, 0, 'n'},
                                         {"password-stdin", no_argument, 0, 'p'},
                                         {0, 0, 0, 0}};
    optind = 3;
    int c;
    while ((c = getopt_long(cli->argc, cli->argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            role_name = optarg;
        else if (c == 'n')
            display = optarg;
        else if (c == 'p')
            from_stdin = true;
        else if (c == 'u' && !parse_id(optarg, &unit_id))
            return id_usage("--unit");
        else if (c == 'P' && !parse_id(optarg, &person_id))
            return id_usage("--person");
        else if (c != 'u' && c != 'P')
            return EXIT_USAGE;
    }
    int role = role_name ? roles_find(role_name) : -1;
    if (role < 0) {
        size_t n;
        const struct role_info *all = roles_all(&n);
        fputs("cadre user add: 请用 --role 指定角色：", stderr);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "%s%s（%s）", i ? "、" : "", all[i].name, all[i].label);
        fputs("\n", stderr);
        return EXIT_USAGE;
    }
    if (role == ROLE_UNIT_HEAD && !unit_id) {
        fputs("cadre user add: 处室负责人须用 --unit 指定所负责的单位\n", stderr);
        return EXIT_USAGE;
    }
    if (role == ROLE_SELF && (unit_id || !person_id)) {
        fputs("cadre user add: 干部本人须用 --person 关联本人的干部编号，且不按单位限定\n", stderr);
        return EXIT_USAGE;
    }
    if (!from_stdin) {
        fputs("cadre user add: 密码只从标准输入读取，请加 --password-stdin\n", stderr);
        return EXIT_USAGE;
    }
    char password[257];
    if (read_password(password, sizeof password) < 0) {
        fputs("cadre user add: 未从标准输入读到密码\n", stderr);
        return EXIT_USAGE;
    }
    const char *problem = password_policy_problem(username, password);
    if (problem) {
        fprintf(stderr, "cadre user add: %s\n", problem);
        sodium_memzero(password, sizeof password);
        return EXIT_FAIL;
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    long long id = 0;
    int rc = db_begin(db);
    if (rc == 0)
        rc = accounts_create(db, username, display, password, false, -1, &id);
    const char *failed = "无法写入数据库";
    if (rc == ERR_CONFLICT)
        failed = "用户名已存在";
    if (rc == 0 && (rc = accounts_add_role_in(db, id, role, unit_id)) == ERR_CONFLICT)
        failed = "单位不存在";
    if (rc == 0 && person_id && (rc = accounts_set_person(db, id, person_id)) == ERR_CONFLICT)
        failed = "干部不存在";
    if (rc == 0)
        rc = cli_audit(db, "user.create", id, "user");
    if (rc == 0)
        rc = db_commit(db);
    sodium_memzero(password, sizeof password);
    if (rc < 0) {
        db_rollback(db);
        fprintf(stderr, "cadre user add: %s\n", failed);
        db_close(db);
        return EXIT_FAIL;
    }
    if (unit_id)
        printf("已创建用户 %s（%s，限单位 %lld 及其下级单位）\n", username,
               roles_label((enum role)role), unit_id);
    else
        printf("已创建用户 %s（%s）\n", username, roles_label((enum role)role));
    db_close(db);
    return EXIT_OK;
}

int cmd_token(struct cli *cli)
{
    if (cli->argc < 3 || strcmp(cli->argv[1], "create") != 0) {
        fputs("用法: cadre token create 用户名 [--name 说明]\n", stderr);
        return EXIT_USAGE;
    }
    const char *username = cli->argv[2], *name = "cli";
    if (cli->argc == 5 && strcmp(cli->argv[3], "--name") == 0)
        name = cli->argv[4];
    else if (cli->argc != 3)
        return EXIT_USAGE;
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    struct user u;
    char token[65];
    int rc = accounts_get_by_name(db, username, a, &u);
    if (rc == ERR_NOT_FOUND) {
        fprintf(stderr, "cadre token create: 用户“%s”不存在\n", username);
    } else if (rc == 0 && (rc = db_begin(db)) == 0) {
        rc = sessions_token_create(db, u.id, name, token);
        if (rc == 0)
            rc = cli_audit(db, "token.create", u.id, "user");
        rc = rc == 0 ? db_commit(db) : rc;
        if (rc < 0)
            db_rollback(db);
    }
    arena_free(a);
    db_close(db);
    if (rc < 0)
        return EXIT_FAIL;
    fprintf(stderr, "已为 %s 创建 API 令牌（请妥善保存，只显示这一次）:\n", username);
    printf("%s\n", token);
    sodium_memzero(token, sizeof token);
    return EXIT_OK;
}
