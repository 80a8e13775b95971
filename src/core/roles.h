/* roles.h — who may do what: the roles of cadre and the one permission table
 * (role × action) the router checks for every endpoint. Printed by
 * `cadre roles --matrix`. */
#ifndef CADRE_ROLES_H
#define CADRE_ROLES_H

#include <stdbool.h>
#include <stddef.h>

enum role {
    ROLE_ADMIN = 0,     /* 系统管理员: accounts and settings, no personnel data */
    ROLE_PERSONNEL = 1, /* 人事干部: the personnel office, the whole registry */
    ROLE_SECURITY = 2,  /* 安全管理员: assigns roles and the security policy, no personnel data */
    ROLE_AUDITOR = 3,   /* 安全审计员: reads and exports the audit log, nothing else */
    ROLE_COUNT
};

enum perm {
    PERM_PUBLIC = 0,     /* no login needed */
    PERM_AUTH,           /* any logged-in user */
    PERM_CODES_READ,
    PERM_UNITS_READ,
    PERM_UNITS_WRITE,
    PERM_PEOPLE_READ,
    PERM_PEOPLE_WRITE,
    PERM_SENSITIVE_READ, /* unmasked ID numbers and phones */
    PERM_IMPORT,
    PERM_EXPORT,
    PERM_USERS_ADMIN,
    PERM_USERS_READ,     /* list accounts (who is who), no changes */
    PERM_ROLES_ASSIGN,   /* assign roles; TOTP and lock-out policy */
    PERM_AUDIT_READ,
    PERM_AUDIT_EXPORT,
    PERM_RULES_WRITE,    /* edit the qualification rule tables (任职资格规则) */
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

/* Name of a permission ("people.read"), and its Chinese description. */
const char *perm_name(enum perm p);
const char *perm_label(enum perm p);

#endif
