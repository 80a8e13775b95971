/* test_router.c — the modules' route tables as data: every entry complete,
 * no two routes the router could not tell apart, every write that records
 * an action labelling it, and the audit log's labels the same as before
 * they moved from one central table into the modules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/router.h"
#include "store/audit.h"
#include "util/arena.h"

enum { MAX_ROUTES = 256 };

struct collected {
    const struct route *r[MAX_ROUTES];
    size_t n;
};

static void collect(const struct route *r, void *ctx)
{
    struct collected *c = ctx;
    assert_true(c->n < MAX_ROUTES);
    c->r[c->n++] = r;
}

/* True when any byte of `s` is not ASCII (the summaries are Chinese). */
static bool has_non_ascii(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s >= 0x80)
            return true;
    return false;
}

static void test_entries_complete(void **state)
{
    (void)state;
    struct collected c = {0};
    router_each(collect, &c);
    assert_true(c.n >= 50);
    assert_non_null(router_route("POST", "/api/v1/imports/roster"));
    assert_null(router_route("GET", "/api/v1/imports/roster"));
    for (size_t i = 0; i < c.n; i++) {
        const struct route *r = c.r[i];
        assert_non_null(r->method);
        assert_non_null(r->handler);
        assert_true(strncmp(r->pattern, "/api/v1/", 8) == 0);
        assert_true(has_non_ascii(r->summary));
        /* An action has its label, and a label its action. */
        assert_true((r->audit == NULL) == (r->audit_label == NULL));
        if (r->audit)
            assert_true(has_non_ascii(r->audit_label));
        /* A write the router records names an object type, or its
         * handler names one (record kinds, rule tables). */
        if ((r->flags & ROUTE_WRITE) && r->audit && !r->object_type)
            assert_true(strncmp(r->audit, "rule.", 5) == 0);
        /* ETags for reads and changes of one record, never for lists. */
        if (r->target)
            assert_true(strcmp(r->method, "POST") != 0);
    }
}

/* The shape of a pattern: its literal segments, each {param} as "{}". */
static void shape(const char *pattern, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 3 < cap;) {
        if (*p == '{') {
            out[o++] = '{';
            out[o++] = '}';
            p = strchr(p, '}') + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

/* Two routes of one method with the same shape would match the same paths
 * with the same precedence: the router could not choose. */
static void test_no_ambiguous_routes(void **state)
{
    (void)state;
    struct collected c = {0};
    router_each(collect, &c);
    for (size_t i = 0; i < c.n; i++)
        for (size_t j = i + 1; j < c.n; j++) {
            if (strcmp(c.r[i]->method, c.r[j]->method) != 0)
                continue;
            char a[256], b[256];
            shape(c.r[i]->pattern, a, sizeof a);
            shape(c.r[j]->pattern, b, sizeof b);
            if (strcmp(a, b) == 0)
                fail_msg("%s %s and %s are the same route", c.r[i]->method, c.r[i]->pattern,
                         c.r[j]->pattern);
        }
}

/* Every action the central table of store/audit.c labelled, with the label
 * it gave: the audit log and its CSV read the same as before. */
static void test_audit_labels_unchanged(void **state)
{
    (void)state;
    static const char *const labels[][2] = {
        {"session.login", "登录"},
        {"session.logout", "退出登录"},
        {"session.lockout", "登录锁定"},
        {"session.revoke", "注销会话"},
        {"session.revoke_all", "注销全部会话"},
        {"user.create", "新建账号"},
        {"user.update", "修改账号"},
        {"user.password", "修改密码"},
        {"user.roles", "分配角色"},
        {"user.totp_begin", "开始启用动态口令"},
        {"user.totp_enable", "启用动态口令"},
        {"token.create", "创建 API 令牌"},
        {"security.policy", "修改安全策略"},
        {"person.create", "新增干部"},
        {"person.update", "修改干部信息"},
        {"person.delete", "删除干部"},
        {"person.read_sensitive", "查看完整身份证号与电话"},
        {"family.read_sensitive", "查看家庭成员完整身份证号"},
        {"unit.create", "新建机构"},
        {"unit.update", "修改机构"},
        {"unit.delete", "删除机构"},
        {"roster.import", "导入花名册"},
        {"person.import_create", "导入花名册新增干部"},
        {"person.import_update", "导入花名册修改干部"},
        {"roster.export", "导出花名册"},
        {"qualifications.export", "导出资格名单"},
        {"rule.create", "新增规则"},
        {"rule.update", "修改规则"},
        {"rule.confirm", "确认规则"},
        {"audit.export", "导出审计日志"},
        {"db.restore", "恢复数据库"},
        {"demo.create", "生成演示数据"},
    };
    struct arena *a = arena_new();
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        assert_string_equal(audit_action_label(a, labels[i][0], "user"), labels[i][1]);
    /* Derived labels: record kinds and refusals; unknown actions as they are. */
    assert_string_equal(audit_action_label(a, "career.create", "career"), "新增任职经历");
    assert_string_equal(audit_action_label(a, "audit.read", "route"), "越权访问（查看审计日志）");
    assert_string_equal(audit_action_label(a, "no.such", "user"), "no.such");
    arena_free(a);
}

int main(void)
{
    audit_label_source_add(router_audit_label);
    audit_label_source_add(cli_audit_label);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_complete),
        cmocka_unit_test(test_no_ambiguous_routes),
        cmocka_unit_test(test_audit_labels_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
