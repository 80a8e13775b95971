/* handlers.h — the route table of every api_<area>.c (listed once in
 * router.c), and the few helpers modules share. Handlers themselves are
 * static in their module: a module is its file and its table. */
#ifndef CADRE_HANDLERS_H
#define CADRE_HANDLERS_H

#include "http/request.h"
#include "http/router.h"

extern const struct route_table api_misc_routes;    /* health, code tables, roles */
extern const struct route_table api_session_routes; /* log in and out, own password, TOTP */
extern const struct route_table api_users_routes;   /* accounts, roles, security policy */
extern const struct route_table api_audit_routes;   /* the audit log and its export */
extern const struct route_table api_units_routes;   /* the unit tree and establishment */
extern const struct route_table api_people_routes;  /* the roster and one person */
extern const struct route_table api_records_routes; /* a person's records by kind */
extern const struct route_table api_qualify_routes; /* 任职资格, 资格名单 and its export */
extern const struct route_table api_rules_routes;   /* the qualification rule tables */
extern const struct route_table api_alerts_routes;  /* 提醒 */
extern const struct route_table api_stats_routes;   /* the structure dashboard */
extern const struct route_table api_roster_routes;  /* roster import and export */

/* api_session.c, shared with api_users.c: a user and a list of sessions
 * as JSON (new references). */
json_t *api_user_json(const struct user *u);
json_t *api_sessions_json(const struct session_info *s, size_t n, long long current);

/* api_roster.c, shared by the exports. export_send finishes one: writes
 * the audit record `action` with `after` (borrowed), then streams `fd`
 * (taken: closed on failure) of `size` bytes as an attachment named
 * "<stem>-YYYYMMDD.<ext>" (RFC 5987; "<ascii_stem>.<ext>" for old
 * clients). export_filter_json is the roster filter as the audit record
 * keeps it (a new reference). */
int export_send(struct request *req, int fd, size_t size, bool xlsx, const char *action,
                json_t *after, const char *ascii_stem, const char *stem);
json_t *export_filter_json(const struct people_filter *f);

#endif
