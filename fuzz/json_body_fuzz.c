/* json_body_fuzz.c — request bodies through the real path of a create or a
 * PATCH: req_json_body (UTF-8, duplicate keys refused), record_json_parse
 * into one of the seven record kinds or (bit 0x40 of the first byte) a row
 * of one of the rule tables, which share the parser, validation and back to
 * JSON. The first byte picks the kind and whether it is a PATCH. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "core/rules.h"
#include "formats/qualify_json.h"
#include "formats/record_json.h"
#include "http/request.h"
#include "util/arena.h"

static const struct record_kind *const kinds[] = {
    &person_kind, &career_kind,     &education_kind, &assessment_kind,
    &reward_kind, &punishment_kind, &family_kind,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const struct record_kind *kind = kinds[data[0] % (sizeof kinds / sizeof *kinds)];
    const struct rules_table *table = NULL;
    if (data[0] & 0x40) {
        size_t n;
        const struct rules_table *tables = rules_tables(&n);
        table = &tables[(data[0] & 0x3f) % n];
        kind = &table->kind;
    }
    bool partial = data[0] & 0x80;
    struct request req = {0};
    req.arena = arena_new();
    field_errors_init(&req.errors, req.arena);
    /* The server hands handlers a NUL-terminated copy of the body. */
    char *body = arena_alloc(req.arena, size);
    memcpy(body, data + 1, size - 1);
    body[size - 1] = '\0';
    req.body = body;
    req.body_len = size - 1;
    req.today = (struct date){2025, 6, 15};

    json_t *obj;
    if (req_json_body(&req, &obj) == 0) {
        void *rec = table ? rules_table_new_row(table, req.arena)
                          : arena_calloc(req.arena, 1, kind->struct_size);
        int rc = record_json_parse(kind, obj, rec, partial, req.arena, &req.errors);
        if (rc == 0 && !partial)
            rc = table ? rules_table_validate(table, rec, &req.errors)
                       : record_validate(kind, rec, req.today, &req.errors);
        if (rc == 0 && table) {
            json_t *out = qualify_json_rule_row(table, 1, rec, NULL, NULL, req.today);
            char *s = json_dumps(out, JSON_COMPACT);
            free(s);
            json_decref(out);
        } else if (rc == 0) {
            /* What was accepted must render, masked and not. */
            json_t *out = record_json_new(kind, rec, false);
            char *s = json_dumps(out, JSON_COMPACT);
            free(s);
            json_decref(out);
            out = record_json_new(kind, rec, true);
            json_decref(out);
        } else if (!req.errors.head) {
            abort(); /* a refusal must say why */
        }
    } else if (!req.errors.head) {
        abort();
    }
    arena_free(req.arena);
    return 0;
}
