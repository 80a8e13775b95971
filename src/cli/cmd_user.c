/* cmd_user.c — `cadre user add` and `cadre token create`: accounts and API
 * tokens from the command line, each write audited. */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/password_policy.h"
#include "core/roles.h"
#include "store/accounts.h"
#include "store/sessions.h"
#include "util/arena.h"
#include "util/err.h"

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

static int run_user(struct cli *cli)
{
    const char *username = cli->operands[0], *role_name = cli_value(cli, "role");
    const char *display = cli_value(cli, "name");
    bool from_stdin = cli_flag(cli, "password-stdin");
    long long unit_id = 0, person_id = 0;
    if (cli_flag(cli, "unit") && !parse_id(cli_value(cli, "unit"), &unit_id))
        return cli_usage_error(cli, "--unit 应为正整数编号");
    if (cli_flag(cli, "person") && !parse_id(cli_value(cli, "person"), &person_id))
        return cli_usage_error(cli, "--person 应为正整数编号");
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
        rc = cli_audit(db, "user.create", "user", id, NULL);
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

static int run_token(struct cli *cli)
{
    const char *username = cli->operands[0], *name = cli_value(cli, "name");
    if (!name)
        name = "cli";
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
            rc = cli_audit(db, "token.create", "user", u.id, NULL);
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

const struct command cmd_user_entry = {
    .name = "user",
    .summary = "管理用户账号",
    .forms =
        (const struct cli_form[]){
            {.verb = "add",
             .operands = "用户名",
             .options =
                 (const struct cli_option[]){
                     {"role", 0, "角色", "角色名（见上文）", CLI_REQUIRED},
                     {"unit", 0, "单位编号", "把角色限定在该单位及其下级单位"},
                     {"person", 0, "干部编号", "把账号关联到本人的干部信息"},
                     {"name", 0, "姓名", "显示的姓名"},
                     {"password-stdin", 0, NULL, "从标准输入读取密码（必需：密码不出现在命令行）",
                      CLI_REQUIRED},
                     {0},
                 }},
            {0},
        },
    .about =
        "从标准输入读取密码（至少 10 位，含三类字符）。角色: admin（系统管理员）、\n"
        "personnel（人事干部）、security（安全管理员）、auditor（安全审计员）、discipline（纪检干部"
        "）、\n"
        "party（党组成员）、unit_head（处室负责人，须 --unit）、self（干部本人，须 --person）。\n",
    .run = run_user,
};

const struct command cmd_token_entry = {
    .name = "token",
    .summary = "为用户创建 API 令牌",
    .forms = (const struct cli_form[]){{.verb = "create",
                                        .operands = "用户名",
                                        .options =
                                            (const struct cli_option[]){
                                                {"name", 0, "说明", "令牌的用途（默认 cli）"},
                                                {0},
                                            }},
                                       {0}},
    .about = "最后一行只打印令牌本身，便于脚本读取。令牌只显示这一次。\n",
    .run = run_token,
};
