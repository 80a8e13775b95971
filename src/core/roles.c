/* roles.c — the roles and the permission table, as data (the list itself
 * is core/permissions.def). Separation of duties (三员分立): the
 * system administrator manages accounts, the security administrator
 * assigns roles, the security auditor reads the audit log; none of the
 * three sees personnel data. */
#include "core/roles.h"

#include <string.h>

static const struct role_info roles[ROLE_COUNT] = {
    {ROLE_ADMIN, "admin", "系统管理员"},         {ROLE_PERSONNEL, "personnel", "人事干部"},
    {ROLE_SECURITY, "security", "安全管理员"},   {ROLE_AUDITOR, "auditor", "安全审计员"},
    {ROLE_DISCIPLINE, "discipline", "纪检干部"}, {ROLE_PARTY, "party", "党组成员"},
    {ROLE_UNIT_HEAD, "unit_head", "处室负责人"}, {ROLE_SELF, "self", "干部本人"},
};

/* The permissions as data, from the one list in roles.h. */
static const struct {
    const char *name, *label;
    unsigned roles; /* ROLE_BIT of each role holding it */
} perms[PERM_COUNT] = {
    [PERM_PUBLIC] = {"public", "无需登录", 0},
    [PERM_AUTH] = {"auth", "已登录", 0},
#define PERMISSION(id, name, label, roles) [PERM_##id] = {name, label, roles},
#include "core/permissions.def"
#undef PERMISSION
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
    return r < ROLE_COUNT && p < PERM_COUNT && (perms[p].roles & (1u << r));
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
