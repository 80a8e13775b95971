/* query.h — the roster filters of a query string, read once for every
 * endpoint that takes them (GET /api/v1/people and the roster exports). */
#ifndef CADRE_QUERY_H
#define CADRE_QUERY_H

#include "http/request.h"
#include "store/people.h"

/* Reads q, unit_id, include_sub, rank, post_level, gender, ethnicity, party,
 * education, status (each code by code or label), age_min, age_max and sort
 * into `f`, with f->today = req->today. Paging is not read: page and
 * per_page are left 0 (every matching person), for the caller to set.
 * Every problem goes to req->errors under its parameter name (an unknown
 * code, a bad number, age_min > age_max, an unknown sort key, a unit that
 * does not exist). Returns 0 or ERR_INVALID. Strings borrow from the
 * request. */
int people_filter_from_query(struct request *req, struct people_filter *f);

#endif
