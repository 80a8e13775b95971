/* roles.c — the permission table, as data. Separation of duties (三员分立):
 * the system administrator manages accounts, the security administrator
 * assigns roles, the security auditor reads the audit log; none of the
 * three sees personnel data. */
#include "core/roles.h"

#include <string.h>

static const struct role_info roles[ROLE_COUNT] = {
    {ROLE_ADMIN, "admin", "系统管理员"},
    {ROLE_PERSONNEL, "personnel", "人事干部"},
    {ROLE_SECURITY, "security", "安全管理员"},
    {ROLE_AUDITOR, "auditor", "安全审计员"},
    {ROLE_DISCIPLINE, "discipline", "纪检干部"},
    {ROLE_PARTY, "party", "党组成员"},
    {ROLE_UNIT_HEAD, "unit_head", "处室负责人"},
    {ROLE_SELF, "self", "干部本人"},
};

static const struct {
    const char *name, *label;
} perms[PERM_COUNT] = {
    [PERM_PUBLIC] = {"public", "无需登录"},
    [PERM_AUTH] = {"auth", "已登录"},
    [PERM_CODES_READ] = {"codes.read", "查看代码表"},
    [PERM_UNITS_READ] = {"units.read", "查看机构与职数"},
    [PERM_UNITS_WRITE] = {"units.write", "维护机构与职数"},
    [PERM_PEOPLE_READ] = {"people.read", "查看干部信息"},
    [PERM_PEOPLE_WRITE] = {"people.write", "维护干部信息"},
    [PERM_SENSITIVE_READ] = {"sensitive.read", "查看完整身份证号与电话"},
    [PERM_IMPORT] = {"roster.import", "导入花名册"},
    [PERM_EXPORT] = {"roster.export", "导出花名册"},
    [PERM_USERS_ADMIN] = {"users.admin", "管理用户账号"},
    [PERM_RULES_WRITE] = {"rules.write", "维护任职资格规则"},
    [PERM_USERS_READ] = {"users.read", "查看用户账号"},
    [PERM_ROLES_ASSIGN] = {"roles.assign", "分配角色、设置安全策略"},
    [PERM_AUDIT_READ] = {"audit.read", "查看审计日志"},
    [PERM_AUDIT_EXPORT] = {"audit.export", "导出审计日志"},
    [PERM_PUNISHMENTS_WRITE] = {"punishments.write", "维护处分记录"},
};

/* The matrix: one row per role, one bit per permission. */
#define P(p) (1u << (p))
static const unsigned matrix[ROLE_COUNT] = {
    [ROLE_ADMIN] = P(PERM_CODES_READ) | P(PERM_USERS_ADMIN) | P(PERM_USERS_READ),
    [ROLE_PERSONNEL] = P(PERM_CODES_READ) | P(PERM_UNITS_READ) | P(PERM_UNITS_WRITE) |
                       P(PERM_PEOPLE_READ) | P(PERM_PEOPLE_WRITE) | P(PERM_SENSITIVE_READ) |
                       P(PERM_IMPORT) | P(PERM_EXPORT) | P(PERM_RULES_WRITE) |
                       P(PERM_PUNISHMENTS_WRITE),
    /* 三员分立: the security administrator grants, the system administrator
     * creates accounts, the auditor only watches; none sees personnel data. */
    [ROLE_SECURITY] = P(PERM_USERS_READ) | P(PERM_ROLES_ASSIGN),
    [ROLE_AUDITOR] = P(PERM_AUDIT_READ) | P(PERM_AUDIT_EXPORT),
    /* The discipline office reads the registry (masked: it identifies people
     * by name and unit) and keeps punishments, and nothing else of it. */
    [ROLE_DISCIPLINE] = P(PERM_CODES_READ) | P(PERM_UNITS_READ) | P(PERM_PEOPLE_READ) |
                        P(PERM_PUNISHMENTS_WRITE),
    /* The party group decides appointments: it reads everything, unmasked,
     * and exports; it writes nothing (approvals come with the selection work). */
    [ROLE_PARTY] = P(PERM_CODES_READ) | P(PERM_UNITS_READ) | P(PERM_PEOPLE_READ) |
                   P(PERM_SENSITIVE_READ) | P(PERM_EXPORT),
    /* A unit head sees their unit's people, ID numbers and phones masked
     * (their own and their family's), and may export that roster. */
    [ROLE_UNIT_HEAD] = P(PERM_CODES_READ) | P(PERM_UNITS_READ) | P(PERM_PEOPLE_READ) |
                       P(PERM_EXPORT),
    /* A cadre reads their own record, nothing else. */
    [ROLE_SELF] = P(PERM_CODES_READ) | P(PERM_PEOPLE_READ),
};

const struct role_info *roles_all(size_t *n)
{
    *n = ROLE_COUNT;
    return roles;
}

int roles_find(const char *name)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(roles[i].name, name) == 0 || strcmp(roles[i].label, name) == 0)
            return i;
    return -1;
}

const char *roles_name(enum role r)
{
    return r < ROLE_COUNT ? roles[r].name : "?";
}

const char *roles_label(enum role r)
{
    return r < ROLE_COUNT ? roles[r].label : "?";
}

bool roles_allows(enum role r, enum perm p)
{
    if (p == PERM_PUBLIC || p == PERM_AUTH)
        return true;
    return r < ROLE_COUNT && p < PERM_COUNT && (matrix[r] & P(p));
}

bool roles_mask_allows(unsigned mask, enum perm p)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if ((mask & (1u << r)) && roles_allows((enum role)r, p))
            return true;
    return false;
}

bool roles_always_scoped(enum role r)
{
    return r == ROLE_UNIT_HEAD || r == ROLE_SELF;
}

/* Record kinds whose writes need their own permission. */
static const struct {
    const char *segment;
    enum perm write;
} kind_perms[] = {
    {"punishments", PERM_PUNISHMENTS_WRITE},
};

static const char *const kind_segments[] = {"punishments"};

enum perm roles_kind_perm(const char *kind_segment, enum perm route_perm)
{
    if (!kind_segment || route_perm != PERM_PEOPLE_WRITE)
        return route_perm;
    for (size_t i = 0; i < sizeof kind_perms / sizeof *kind_perms; i++)
        if (strcmp(kind_perms[i].segment, kind_segment) == 0)
            return kind_perms[i].write;
    return route_perm;
}

const char *const *roles_kind_segments(size_t *n)
{
    *n = sizeof kind_segments / sizeof *kind_segments;
    return kind_segments;
}

const char *perm_name(enum perm p)
{
    return p < PERM_COUNT ? perms[p].name : "?";
}

const char *perm_label(enum perm p)
{
    return p < PERM_COUNT ? perms[p].label : "?";
}
