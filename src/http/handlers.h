/* handlers.h — every API handler, one api_<area>.c per resource. */
#ifndef CADRE_HANDLERS_H
#define CADRE_HANDLERS_H

#include "http/request.h"

/* api_misc.c */
int api_health(struct request *req);
int api_codes_list(struct request *req);
int api_codes_get(struct request *req);
int api_roles_list(struct request *req);

/* api_session.c */
int api_session_create(struct request *req);
int api_session_get(struct request *req);
int api_session_delete(struct request *req);
int api_session_password(struct request *req);
int api_session_list(struct request *req);
int api_sessions_delete(struct request *req);
int api_session_totp_begin(struct request *req);
int api_session_totp_confirm(struct request *req);
/* Shared with api_users.c: a user and a list of sessions as JSON (new references). */
json_t *api_user_json(const struct user *u);
json_t *api_sessions_json(const struct session_info *s, size_t n, long long current);

/* api_users.c */
int api_users_list(struct request *req);
int api_users_create(struct request *req);
int api_users_get(struct request *req);
int api_users_update(struct request *req);
int api_users_roles_put(struct request *req);
int api_users_sessions_list(struct request *req);
int api_users_sessions_delete(struct request *req);
int api_security_policy_get(struct request *req);
int api_security_policy_update(struct request *req);

/* api_audit.c */
int api_audit_list(struct request *req);
int api_audit_export_csv(struct request *req);

/* api_units.c */
/* GET /api/v1/units/names: the whole tree with ids, names and children
 * only (no headcounts or establishment), for the 安全管理员's scope picker. */
int api_units_names(struct request *req);
int api_units_list(struct request *req);
int api_units_create(struct request *req);
int api_units_get(struct request *req);
int api_units_update(struct request *req);
int api_units_delete(struct request *req);

/* api_people.c */
int api_people_list(struct request *req);
int api_people_create(struct request *req);
int api_people_get(struct request *req);
int api_people_update(struct request *req);
int api_people_delete(struct request *req);

/* api_records.c: career, education, assessments, rewards, punishments, family */
int api_records_list(struct request *req);
int api_records_create(struct request *req);
int api_records_get(struct request *req);
int api_records_update(struct request *req);
int api_records_delete(struct request *req);

/* api_stats.c */
int api_stats_overview(struct request *req);

/* api_roster.c */
int api_roster_import(struct request *req);
int api_roster_export_xlsx(struct request *req);
int api_roster_export_csv(struct request *req);
/* Shared by the exports. export_send finishes one: writes the audit record
 * `action` with `after` (borrowed), then streams `fd` (taken: closed on
 * failure) of `size` bytes as an attachment named "<stem>-YYYYMMDD.<ext>"
 * (RFC 5987; "<ascii_stem>.<ext>" for old clients). export_filter_json is
 * the roster filter as the audit record keeps it (a new reference). */
int export_send(struct request *req, int fd, size_t size, bool xlsx, const char *action,
                json_t *after, const char *ascii_stem, const char *stem);
json_t *export_filter_json(const struct people_filter *f);

/* api_qualify.c: 任职资格, 资格名单, alerts, rule tables */
int api_qualify_person(struct request *req);
int api_qualify_list(struct request *req);
int api_alerts(struct request *req);
/* GET /api/v1/exports/qualifications.{csv,xlsx}: the 资格名单 of the same
 * query as GET /api/v1/qualifications, every page, as a file (audited). */
int api_qualify_export_csv(struct request *req);
int api_qualify_export_xlsx(struct request *req);
int api_rules_index(struct request *req);
int api_rules_list(struct request *req);
int api_rules_create(struct request *req);
int api_rules_get(struct request *req);
int api_rules_update(struct request *req);
int api_rules_confirm(struct request *req);

#endif
