/* roles.h — who may do what: the roles of cadre and the one permission list
 * (each permission with the roles holding it) the router checks for every
 * endpoint. Printed by `cadre roles --matrix`. */
#ifndef CADRE_ROLES_H
#define CADRE_ROLES_H

#include <stdbool.h>
#include <stddef.h>

enum role {
    ROLE_ADMIN = 0,     /* 系统管理员: accounts and settings, no personnel data */
    ROLE_PERSONNEL = 1, /* 人事干部: the personnel office, the whole registry */
    ROLE_SECURITY = 2, /* 安全管理员: assigns roles and the security policy, no personnel data */
    ROLE_AUDITOR = 3, /* 安全审计员: reads and exports the audit log, nothing else */
    ROLE_DISCIPLINE = 4, /* 纪检干部: reads people, keeps punishments, reads and handles tip-offs */
    ROLE_PARTY = 5,      /* 党组成员: reads everything, approves; writes nothing */
    ROLE_UNIT_HEAD = 6, /* 处室负责人: reads their own unit's people, masked; always unit-scoped */
    ROLE_SELF = 7,      /* 干部本人: reads their own record (users.person_id), masked */
    ROLE_COUNT
};

/* Every permission is one PERMISSION(...) entry of core/permissions.def
 * (its enum name, API name, Chinese label and the roles that hold it);
 * the enum below, the names and the role × permission matrix all come
 * from there. */
#define ROLE_BIT(r) (1u << ROLE_##r)

enum perm {
    PERM_PUBLIC = 0, /* no login needed */
    PERM_AUTH,       /* any logged-in user */
#define PERMISSION(id, name, label, roles) PERM_##id,
#include "core/permissions.def"
#undef PERMISSION
    PERM_COUNT
};

struct role_info {
    enum role role;
    const char *name;  /* API and CLI name: "admin", "personnel" */
    const char *label; /* Chinese: "系统管理员" */
};

/* All roles; `*n` set. */
const struct role_info *roles_all(size_t *n);
/* The role called `name` (API name or Chinese label); -1 if none. */
int roles_find(const char *name);
/* The role's API name / label. */
const char *roles_name(enum role r);
const char *roles_label(enum role r);

/* True when role `r` holds permission `p` (PERM_PUBLIC and PERM_AUTH: always). */
bool roles_allows(enum role r, enum perm p);
/* True when any role of the bit set `roles` (1 << role) holds `p`. */
bool roles_mask_allows(unsigned roles, enum perm p);

/* Whether a role's grants reach only part of the registry: ROLE_UNIT_HEAD
 * always works within its unit (unscoped, it grants no personnel data) and
 * ROLE_SELF within its own person; other roles only when given a unit. */
bool roles_always_scoped(enum role r);

/* The permission a record route needs for the record kind named by its
 * path segment ("punishments"), given the route's own permission: writes
 * of punishments need PERM_PUNISHMENTS_WRITE (the discipline office keeps
 * them), everything else the route's permission. */
enum perm roles_kind_perm(const char *kind_segment, enum perm route_perm);

/* The record kinds (path segments) whose permission differs from their
 * route's, for `cadre routes --json` and the docs; `*n` set. */
const char *const *roles_kind_segments(size_t *n);

/* Name of a permission ("people.read"), and its Chinese description. */
const char *perm_name(enum perm p);
const char *perm_label(enum perm p);

#endif
