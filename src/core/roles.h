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

/* Every permission, module by module, in one list: its enum name, API
 * name, Chinese label and the roles that hold it. The enum, the names and
 * the role × permission matrix all come from here, so a module adds its
 * permissions as a block of lines in this list and nowhere else (the
 * routes of its api_<area>.c then name them). Order is the API's order
 * (GET /api/v1/roles, `cadre roles --matrix`). */
#define ROLE_BIT(r) (1u << ROLE_##r)
#define ROLES_PERMISSIONS(X)                                                                       \
    /* code tables: every role that reads personnel data, and the admin */                         \
    X(CODES_READ, "codes.read", "查看代码表",                                                      \
      ROLE_BIT(ADMIN) | ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE) | ROLE_BIT(PARTY) |             \
          ROLE_BIT(UNIT_HEAD) | ROLE_BIT(SELF))                                                    \
    /* units */                                                                                    \
    X(UNITS_READ, "units.read", "查看机构与职数",                                                  \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE) | ROLE_BIT(PARTY) | ROLE_BIT(UNIT_HEAD))          \
    X(UNITS_WRITE, "units.write", "维护机构与职数", ROLE_BIT(PERSONNEL))                           \
    /* people and their records; the discipline office identifies people                           \
     * by name and unit (masked), the party group reads everything */                              \
    X(PEOPLE_READ, "people.read", "查看干部信息",                                                  \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE) | ROLE_BIT(PARTY) | ROLE_BIT(UNIT_HEAD) |         \
          ROLE_BIT(SELF))                                                                          \
    X(PEOPLE_WRITE, "people.write", "维护干部信息", ROLE_BIT(PERSONNEL))                           \
    X(SENSITIVE_READ, "sensitive.read", "查看完整身份证号与电话",                                  \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(PARTY))                                                       \
    /* the roster file: a unit head may export their unit's (masked) */                            \
    X(IMPORT, "roster.import", "导入花名册", ROLE_BIT(PERSONNEL))                                  \
    X(EXPORT, "roster.export", "导出花名册",                                                       \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(PARTY) | ROLE_BIT(UNIT_HEAD))                                 \
    /* accounts (三员分立: the system administrator creates accounts, the                      \
     * security administrator grants roles, the auditor only watches;                              \
     * none of the three sees personnel data) */                                                   \
    X(USERS_ADMIN, "users.admin", "管理用户账号", ROLE_BIT(ADMIN))                                 \
    X(USERS_READ, "users.read", "查看用户账号", ROLE_BIT(ADMIN) | ROLE_BIT(SECURITY))              \
    X(ROLES_ASSIGN, "roles.assign", "分配角色、设置安全策略", ROLE_BIT(SECURITY))                  \
    /* the audit log */                                                                            \
    X(AUDIT_READ, "audit.read", "查看审计日志", ROLE_BIT(AUDITOR))                                 \
    X(AUDIT_EXPORT, "audit.export", "导出审计日志", ROLE_BIT(AUDITOR))                             \
    /* the qualification rule tables (任职资格规则) */                                       \
    X(RULES_WRITE, "rules.write", "维护任职资格规则", ROLE_BIT(PERSONNEL))                         \
    /* punishment records (处分): the personnel and the discipline office */                     \
    X(PUNISHMENTS_WRITE, "punishments.write", "维护处分记录",                                      \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE))                                                  \
    /* the 回收站: the personnel office sees and restores what was deleted                      \
     * and asks for a purge; another 人事干部 or a 党组成员 approves it */                 \
    X(RECYCLE_READ, "recycle.read", "查看回收站", ROLE_BIT(PERSONNEL) | ROLE_BIT(PARTY))           \
    X(RECYCLE_RESTORE, "recycle.restore", "从回收站恢复", ROLE_BIT(PERSONNEL))                     \
    X(RECYCLE_PURGE_REQUEST, "recycle.purge_request", "申请彻底删除", ROLE_BIT(PERSONNEL))         \
    X(RECYCLE_PURGE_APPROVE, "recycle.purge_approve", "批准彻底删除",                              \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(PARTY))                                                       \
    /* tip-offs (信访举报): the discipline office alone reads and handles                      \
     * them; supervision records (作风表现, 函询, 提醒; 诫勉 is a punishment             \
     * record) are read by those who decide on people and kept by both offices */                  \
    X(TIPOFFS_READ, "tipoffs.read", "查阅信访举报", ROLE_BIT(DISCIPLINE))                          \
    X(TIPOFFS_WRITE, "tipoffs.write", "登记、办理信访举报", ROLE_BIT(DISCIPLINE))                  \
    X(SUPERVISION_READ, "supervision.read", "查看监督记录",                                        \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE) | ROLE_BIT(PARTY))                                \
    X(SUPERVISION_WRITE, "supervision.write", "维护作风表现与函询、提醒记录",                      \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE))                                                  \
    /* assessment (考核, issue 11): the office runs rounds, leaders read them, */                \
    /* and anyone who may be assigned as a rater rates */                                          \
    X(ASSESSMENT_READ, "assessment.read", "查看考核方案、轮次与结果",                              \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(PARTY))                                                       \
    X(ASSESSMENT_WRITE, "assessment.write", "组织考核（方案、轮次、校准、公布）",                  \
      ROLE_BIT(PERSONNEL))                                                                         \
    X(ASSESSMENT_RATE, "assessment.rate", "参加考核测评（评分）",                                  \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(DISCIPLINE) | ROLE_BIT(PARTY) | ROLE_BIT(UNIT_HEAD) |         \
          ROLE_BIT(SELF))                                                                          \
    /* personal-matters reports (个人有关事项报告): the personnel office                   \
     * manages and enters them, 干部本人 fills in and reads only their own;                    \
     * nobody else reads them (处室负责人 and 党组成员 included) */                       \
    X(DECLARATIONS_FILE, "declarations.file", "填报、查看个人有关事项报告",                        \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(SELF))                                                        \
    X(DECLARATIONS_MANAGE, "declarations.manage", "管理个人有关事项报告、抽查与查核",              \
      ROLE_BIT(PERSONNEL))                                                                         \
    /* training (培训): the personnel office runs classes; the party group                       \
     * reads; a cadre enters their own external training for approval */                           \
    X(TRAINING_READ, "training.read", "查看培训班、考勤与学时达标",                                \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(PARTY))                                                       \
    X(TRAINING_WRITE, "training.write", "维护培训班、考勤与结业", ROLE_BIT(PERSONNEL))             \
    X(TRAINING_SELF, "training.self", "登记外出培训（待认定）",                                    \
      ROLE_BIT(PERSONNEL) | ROLE_BIT(SELF))

enum perm {
    PERM_PUBLIC = 0, /* no login needed */
    PERM_AUTH,       /* any logged-in user */
#define ROLES_PERM_ENUM(id, name, label, roles) PERM_##id,
    ROLES_PERMISSIONS(ROLES_PERM_ENUM)
#undef ROLES_PERM_ENUM
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
