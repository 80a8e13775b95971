/* password_policy.h — the rule a new password must meet (pure: no hashing, no storage). */
#ifndef CADRE_PASSWORD_POLICY_H
#define CADRE_PASSWORD_POLICY_H

/* The password policy (GB/T 22239-2019 8.1.4.1 a: 身份鉴别, complexity):
 * at least 10 characters (bytes), three of the four classes upper case,
 * lower case, digit and other, and not the username (compared ignoring
 * ASCII case; `username` NULL skips that check). Borrows both. Returns
 * NULL when acceptable, else a Chinese reason (static). */
const char *password_policy_problem(const char *username, const char *password);

#endif
