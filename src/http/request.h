/* request.h — one HTTP request as handlers see it, and the ways to answer
 * it. Everything a handler allocates comes from req->arena and dies with the
 * request. Handlers return 0 after setting a response, or a negative err
 * code, which the router turns into a problem+json answer (ERR_INVALID
 * carries req->errors, field by field, in Chinese). */
#ifndef CADRE_REQUEST_H
#define CADRE_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/roles.h"
#include "store/db.h"
#include "store/people.h"
#include "store/sessions.h"
#include "util/err.h"

struct MHD_Connection;
struct arena;

#define REQUEST_MAX_PARAMS 4
#define REQUEST_MAX_HEADERS 8

struct request {
    struct arena *arena;
    struct db *db; /* this server thread's connection */
    struct MHD_Connection *conn;
    const char *method;
    const char *path; /* without the query string */
    const char *source_addr;
    const char *body; /* NUL-terminated; NULL when none */
    size_t body_len;
    const char *params[REQUEST_MAX_PARAMS]; /* {id} ... in pattern order */
    size_t nparams;
    struct date today; /* the server's date for this request */
    bool authenticated;
    struct auth auth;
    const char *role;                 /* the role label used (for the audit log) */
    const struct people_scope *scope; /* what the route's permission reaches (NULL: all) */
    struct field_errors errors;       /* filled by validation, reported on ERR_INVALID */
    const char *error_detail;         /* optional Chinese detail for an error answer */
    bool malformed;                   /* the body could not be read at all: 400, not 422 */

    /* What the router records after a ROUTE_WRITE handler returns 0 (set
     * by req_audit_set; action and object_type override the route's). */
    struct {
        const char *action, *object_type;
        long long object_id;
        json_t *before, *after; /* owned by the request (freed with the arena) */
    } audit;

    /* The response. */
    int status;
    const char *content_type;
    const char *resp_body; /* in the arena */
    size_t resp_len;
    bool resp_persistent; /* resp_body lives for the whole run: not copied */
    int resp_fd;          /* >= 0: stream this file instead (closed after) */
    size_t resp_fd_size;
    const char *headers[REQUEST_MAX_HEADERS][2];
    size_t nheaders;
};

/* A query parameter, or NULL. ERR_INVALID is recorded (field = name) when
 * the value is not valid UTF-8, and NULL returned. */
const char *req_query(struct request *req, const char *name);

/* A query parameter as an integer within [min, max]; `*out` = `dflt` when
 * absent. Returns 0 or ERR_INVALID (message recorded on field `name`). */
int req_query_int(struct request *req, const char *name, long long min, long long max,
                  long long dflt, long long *out);

/* Paging of every list, parsed and capped in one place: `page` (1 ..
 * REQ_PAGE_MAX) and `per_page` (1 .. REQ_PER_PAGE_MAX, `per_page_default`
 * when absent). A page of 1000 rows is what a browser lays out without
 * stalling and what an export-like client needs; beyond a million pages
 * is a typing accident. */
#define REQ_PER_PAGE_MAX 1000
#define REQ_PAGE_MAX 1000000
struct req_page {
    long long page, per_page;
    long long offset; /* (page - 1) * per_page */
};
/* Reads page and per_page into `out`. Returns 0 or ERR_INVALID (messages
 * recorded on the fields "page" and "per_page"). */
int req_paging(struct request *req, long long per_page_default, struct req_page *out);
/* The list answer {items, total, page, per_page}; takes `items`. */
int resp_list(struct request *req, json_t *items, long long total, const struct req_page *pg);
/* A list answered whole, as one page: {items, total: n, page: 1, per_page: n}
 * (`items` taken) — for the short lists no client pages through. */
int resp_list_whole(struct request *req, json_t *items);

/* A request header, or NULL. */
const char *req_header(struct request *req, const char *name);

/* The path parameter `i` as a positive id; ERR_NOT_FOUND when it is not one. */
int req_param_id(struct request *req, size_t i, long long *out);

/* The path parameter `i` as a positive id, or ERR_NOT_FOUND with
 * `not_found` (Chinese, static: "干部不存在") as the error detail: the
 * start of every load-or-404. */
int req_id_or_404(struct request *req, size_t i, const char *not_found, long long *out);

/* Turns ERR_NOT_FOUND into itself with `detail` as the answer's detail;
 * any other code unchanged. For `return req_404(req, load(...), "...")`. */
int req_404(struct request *req, int rc, const char *detail);

/* JSON helpers for values that may be absent: a string or null, an id or
 * null (0 is none). New references. */
json_t *json_str_or_null(const char *s);
json_t *json_id_or_null(long long id);

/* Parses the body as a JSON object (UTF-8, duplicate keys rejected).
 * Returns 0 and a new reference freed with the arena, or ERR_INVALID with a
 * Chinese message. */
int req_json_body(struct request *req, json_t **out);

/* Adds a response header (name and value borrowed for the request). */
void resp_header(struct request *req, const char *name, const char *value);

/* Sets a JSON response; takes the reference to `body`. */
int resp_json(struct request *req, int status, json_t *body);

/* Sets a response of bytes copied into the arena. */
int resp_bytes(struct request *req, int status, const char *content_type, const void *data,
               size_t len);

/* Streams file descriptor `fd` (taken) of `size` bytes as the response. */
int resp_file(struct request *req, int status, const char *content_type, int fd, size_t size);

/* At most this many field errors in one problem answer (a roster import
 * can have one per cell); errors_total and errors_omitted say the rest. */
#define PROBLEM_ERRORS_MAX 1000

/* Sets a problem+json response for err `code` with `title`/`detail` and the
 * first PROBLEM_ERRORS_MAX field errors recorded in req->errors, with
 * `errors_total` (all of them) and `errors_omitted` (those left out).
 * Returns 0. */
int resp_problem(struct request *req, int code, const char *detail);

/* The HTTP status for an err code (the one table: ERR_INVALID → 422, ...). */
int http_status_for(int code);

/* For a ROUTE_WRITE handler: the object its audit record names and the
 * object before and after (each may be NULL; references taken). */
void req_audit_set(struct request *req, long long object_id, json_t *before, json_t *after);

/* A file export written to a temporary file, then streamed: `write` is
 * called with the path of a fresh private temporary file (removed after)
 * and `ctx`, fills it and returns 0 or an err code. On success `*fd` is
 * an open descriptor of the file (already unlinked) and `*size` its
 * size. `what` names the export in log lines. */
int req_temp_export(struct request *req, const char *what,
                    int (*write)(struct request *req, const char *path, void *ctx), void *ctx,
                    int *fd, size_t *size);

/* Writes an audit record of the current user for `action` on an object;
 * inside the request's open transaction when there is one. */
int req_audit(struct request *req, const char *action, const char *object_type, long long object_id,
              const char *outcome, json_t *before, json_t *after);

/* req_audit with `before_json` and `after_json` already written (compact,
 * sorted keys, as req_audit dumps them; borrowed, NULL for none): for a
 * caller writing many records, such as an import's one per person. */
int req_audit_text(struct request *req, const char *action, const char *object_type,
                   long long object_id, const char *outcome, const char *before_json,
                   const char *after_json);

/* The same without anything that names who acted: no account, role or
 * address, no object id, only `after` (borrowed; it must name nobody).
 * For ROUTE_ANONYMOUS routes. */
int req_audit_anonymous(struct request *req, const char *action, const char *object_type,
                        json_t *after);

/* The part of the registry permission `p` reaches for user `u`: NULL when
 * one of the user's roles holding `p` is unscoped (the whole registry),
 * else the units of the scoped roles holding it and, for 干部本人, the
 * user's person (allocated in `a`). A role that is always scoped
 * (roles_always_scoped) without its unit or person adds nothing. */
const struct people_scope *auth_scope(const struct user *u, enum perm p, struct arena *a);

/* Whether the user may see person `person_id`'s ID numbers and phones
 * unmasked: a role with PERM_SENSITIVE_READ whose scope holds the person. */
bool req_unmask_person(struct request *req, long long person_id);

/* Whether the user is 干部本人 of person `person_id` (a ROLE_SELF grant and
 * users.person_id equal to it): they see their own ID number and phone
 * unmasked (not their family members'), and the view is audited like any
 * other unmasked read. */
bool req_unmask_own(struct request *req, long long person_id);

/* Whether every person of req->scope may be shown unmasked (exports): the
 * scope of PERM_SENSITIVE_READ provably covers it. When unsure, false. */
bool req_unmask_scope(struct request *req);

#endif
