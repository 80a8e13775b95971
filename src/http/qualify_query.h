/* qualify_query.h — the query parameters and row columns the
 * qualification views (api_qualify.c, api_alerts.c) share. */
#ifndef CADRE_QUALIFY_QUERY_H
#define CADRE_QUALIFY_QUERY_H

#include <jansson.h>
#include <stdbool.h>

#include "core/qualify.h"
#include "http/request.h"
#include "store/people.h"
#include "store/qualify_data.h"

/* A list's page when none is asked for; "within N months" reaches 10
 * years at most. */
#define QUALIFY_PER_PAGE_DEFAULT 20
#define QUALIFY_WITHIN_MAX 120

/* as_of: a day (YYYY-MM-DD) into `*out`; today when absent. Returns 0 or
 * ERR_INVALID (message on "as_of"). */
int qualify_query_as_of(struct request *req, struct date *out);

/* target: optional; "rank:03", "post:5A", a code or its Chinese label.
 * `*given` tells whether there was one. Returns 0 or ERR_INVALID. */
int qualify_query_target(struct request *req, struct qualify_target *out, bool *given);

/* The label of `code` in code table `table`, or null (a new reference). */
json_t *qualify_query_code_json(const char *table, const char *code);

/* The inputs of one evaluation as the user may see them: the cadres a 回避
 * finding could name are only those inside the user's scope, so a scoped
 * user never learns of a relative posted elsewhere; and the records as
 * read `today` (a year not over today has no 年度考核 grade yet, on any
 * evaluation day). A copy in `a`. */
const struct qualify_input *qualify_query_scoped_input(struct db *db,
                                                       const struct people_scope *scope,
                                                       const struct qualify_input *in,
                                                       struct date today, struct arena *a);

/* The roster filters of the query (status 在职 unless asked otherwise) into
 * `f` (every person: f->page 0), and the paging into `pg`. Returns 0 or
 * ERR_INVALID. */
int qualify_query_filter(struct request *req, struct people_filter *f, struct req_page *pg);

/* The ids of the people matching `f`, sorted, in `*l` (free l->ids with
 * free()). Returns 0 or err. */
struct id_list {
    long long *ids;
    size_t n, cap;
};
int qualify_query_people(struct request *req, struct people_filter *f, struct id_list *l);

/* What a list row shows of the person: id, name, unit, current rank and
 * post with labels, set on `o`. */
void qualify_query_person_columns(json_t *o, const struct qualify_subject *s);

#endif
