/* handlers.h — what every api_<area>.c includes (requests, route tables)
 * and the few helpers modules share. Handlers themselves are static in
 * their module: a module is its file and its route table, listed once in
 * router.c. */
#ifndef CADRE_HANDLERS_H
#define CADRE_HANDLERS_H

#include "http/request.h"
#include "http/router.h"
#include "store/recycle.h"

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

/* api_recycle.c, shared by the delete routes (people, units, records),
 * which move what they delete into the 回收站 (store/recycle.h): the
 * account doing it; the reason given as {"reason": "..."} in the body or
 * ?reason= (`required`: a 422 on the field "reason" when missing; at most
 * 200 characters), borrowed for the request; and the audit image of bin
 * row `bin_id` ({"rows": masked rows, "reason", "recycle_bin_id"}, a new
 * reference, NULL when it cannot be read). */
struct recycle_actor api_recycle_actor(const struct request *req);
int api_recycle_reason(struct request *req, bool required, const char **reason);
json_t *api_recycle_deleted_json(struct request *req, long long bin_id);

/* api_public.c, shared with api_tipoffs.c: the tip-off body's five texts
 * parsed and checked (core/tipoffs.h) into `out` (borrowing from `body`);
 * keys other than those and `extra_keys` are refused. 0 or ERR_INVALID
 * with the messages in req->errors. api_tipoff_no_key answers the 409 of
 * a server without its data key (as TOTP does); api_now_utc is the time as the tables
 * keep it ("2025-05-01T06:32:10Z", in the arena). */
struct tipoff_report;
int api_tipoff_report_parse(struct request *req, json_t *body, const char *const *extra_keys,
                            size_t nextra, struct tipoff_report *out);
int api_tipoff_no_key(struct request *req);
/* An uploaded attachment's body checked (api_public.c, shared with
 * api_tipoffs.c): present, at most TIPOFFS_ATTACHMENT_MAX_BYTES (413), a
 * JPEG, PNG or PDF by its first bytes and declared as such; `*type` set.
 * 0, or an error answered / recorded in req->errors. */
int api_tipoff_attachment_check(struct request *req, const char **type);
const char *api_now_utc(struct request *req);
/* api_roster.c, shared by the imports: the uploaded file, the "file" field
 * of a multipart/form-data body or the body itself sent as XLSX or CSV,
 * copied into `*data` (owned, free()). Returns 0, ERR_INVALID (problem
 * recorded, request marked malformed) or ERR_TOO_LARGE. */
int api_read_upload(struct request *req, char **data, size_t *len);

#endif
