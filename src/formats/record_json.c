/* record_json.c — field-table driven JSON mapping: values both ways, and
 * the description of the fields themselves. */
#include "formats/record_json.h"

#include "formats/json_write.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/err.h"

/* Keys our answers carry that a client may echo back; never written. The
 * rule rows' own (table, confirmation, in_force) are among them. */
static bool ignorable_key(const char *key)
{
    static const char *const exact[] = {"id",
                                        "person_id",
                                        "age",
                                        "unit_name",
                                        "party_box",
                                        "unit_path",
                                        "created_at",
                                        "updated_at",
                                        "months_served",
                                        "tenure",
                                        "education",
                                        "degree",
                                        "table",
                                        "confidence_tag",
                                        "needs_confirmation",
                                        "confirmation_label",
                                        "in_force",
                                        "confirmed",
                                        "confirmed_by",
                                        "confirmed_at"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strcmp(key, exact[i]) == 0)
            return true;
    size_t len = strlen(key);
    return strncmp(key, "current_", 8) == 0 || (len > 6 && strcmp(key + len - 6, "_label") == 0) ||
           (len > 7 && strcmp(key + len - 7, "_labels") == 0);
}

int record_json_parse(const struct record_kind *kind, json_t *obj, void *rec, bool partial,
                      struct arena *a, struct field_errors *fe)
{
    size_t before = fe->count;
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        const struct field_def *f = fields_find(kind, key);
        if (!f) {
            if (!ignorable_key(key))
                field_errors_add(fe, key, "未知字段“%s”", key);
            continue;
        }
        if (f->flags & FIELD_READONLY)
            continue;
        char buf[32];
        const char *text = NULL;
        switch (json_typeof(value)) {
        case JSON_NULL:
            text = "";
            break;
        case JSON_STRING:
            text = json_string_value(value);
            if (strlen(text) != json_string_length(value)) {
                field_errors_add(fe, f->name, "%s不能包含空字符", f->label);
                continue;
            }
            break;
        case JSON_INTEGER:
            if (f->type == FIELD_INT || f->type == FIELD_REF || f->type == FIELD_CODE) {
                snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
                text = buf;
            }
            break;
        case JSON_TRUE:
        case JSON_FALSE:
            if (f->type == FIELD_BOOL)
                text = json_is_true(value) ? "1" : "0";
            break;
        default:
            break;
        }
        if (!text) {
            field_errors_add(fe, f->name, "%s的类型不正确", f->label);
            continue;
        }
        field_set_text(f, rec, text, false, a, fe);
    }
    (void)partial; /* a create starts from a zeroed record; absent keys stay unset */
    return fe->count > before ? ERR_INVALID : 0;
}

json_t *record_json_field(const struct field_def *f, const void *rec, bool unmask)
{
    const void *p = field_cptr(f, rec);
    char buf[32];
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
    case FIELD_CODES: {
        const char *s = *(const char *const *)p;
        if (!s)
            return json_null();
        if ((f->flags & FIELD_SENSITIVE) && !unmask) {
            char masked[MASK_MAX];
            return json_string(field_mask(f, s, masked));
        }
        return json_string(s);
    }
    case FIELD_DATE: {
        struct date d = *(const struct date *)p;
        if (f->flags & FIELD_MONTH)
            d.day = 0;
        return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
    }
    case FIELD_INT:
        if (f->flags & FIELD_INT32)
            return json_integer(*(const int *)p);
        return json_integer(*(const long long *)p);
    case FIELD_ENUM:
        for (size_t i = 0; i < f->nchoices; i++)
            if (f->choices[i].number == *(const int *)p)
                return json_string(f->choices[i].value);
        return json_null();
    case FIELD_REF: {
        long long v = *(const long long *)p;
        return v ? json_integer(v) : json_null();
    }
    case FIELD_BOOL:
        return json_boolean(*(const bool *)p);
    }
    return json_null();
}

/* "<name><suffix>" in `key` (64 bytes; field names are short, cut to fit):
 * copied, not printed, as it runs for every label of every row of a list. */
static const char *suffixed(char key[64], const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    if (n + m >= 64)
        n = 63 - m;
    memcpy(key, name, n);
    memcpy(key + n, suffix, m + 1);
    return key;
}

/* The labels beside field `f`'s value in `o`: "<name>_label" for a code (null
 * when unknown), a choice; "<name>_labels" for a code list, one label per
 * code (the code itself when the table does not know it). */
static void add_labels(json_t *o, const struct field_def *f, const void *rec)
{
    char key[64];
    if (f->type == FIELD_CODES) {
        json_t *labels = json_array();
        const char *list = *(const char *const *)field_cptr(f, rec);
        for (const char *p = list ? list : ""; *p;) {
            size_t len = strcspn(p, ",");
            char code[32];
            if (len > 0 && len < sizeof code) {
                memcpy(code, p, len);
                code[len] = '\0';
                const char *label = field_value_label(f, code);
                json_array_append_new(labels, json_string(label ? label : code));
            }
            p += len + (p[len] == ',');
        }
        json_object_set_new(o, suffixed(key, f->name, "_labels"), labels);
        return;
    }
    const char *value = NULL;
    if (f->type == FIELD_CODE || (f->type == FIELD_TEXT && f->nchoices))
        value = *(const char *const *)field_cptr(f, rec);
    else if (f->type == FIELD_ENUM)
        value = json_string_value(json_object_get(o, f->name));
    else
        return;
    const char *label = field_value_label(f, value);
    json_object_set_new(o, suffixed(key, f->name, "_label"),
                        label ? json_string(label) : json_null());
}

void record_json_set_fields(json_t *o, const struct record_kind *kind, const void *rec, bool unmask)
{
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *f = &kind->fields[i];
        if (strcmp(f->name, "id") == 0 || strcmp(f->name, "person_id") == 0)
            continue;
        json_object_set_new(o, f->name, record_json_field(f, rec, unmask));
        add_labels(o, f, rec);
    }
}

json_t *record_json_new(const struct record_kind *kind, const void *rec, bool unmask)
{
    json_t *o = json_object();
    const long long *ids = rec;
    json_object_set_new(o, "id", json_integer(ids[0]));
    if (strcmp(kind->name, "person") != 0)
        json_object_set_new(o, "person_id", json_integer(ids[1]));
    record_json_set_fields(o, kind, rec, unmask);
    return o;
}

void record_json_write_field(struct json_writer *w, const struct field_def *f, const void *rec,
                             bool unmask)
{
    const void *p = field_cptr(f, rec);
    char buf[32];
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
    case FIELD_CODES: {
        const char *s = *(const char *const *)p;
        if (s && (f->flags & FIELD_SENSITIVE) && !unmask) {
            char masked[MASK_MAX];
            jw_string(w, field_mask(f, s, masked));
            return;
        }
        jw_string(w, s);
        return;
    }
    case FIELD_DATE: {
        struct date d = *(const struct date *)p;
        if (f->flags & FIELD_MONTH)
            d.day = 0;
        jw_string(w, date_is_none(d) ? NULL : date_format_iso(d, buf));
        return;
    }
    case FIELD_INT:
        jw_int(w, (f->flags & FIELD_INT32) ? *(const int *)p : *(const long long *)p);
        return;
    case FIELD_ENUM:
        for (size_t i = 0; i < f->nchoices; i++)
            if (f->choices[i].number == *(const int *)p) {
                jw_string(w, f->choices[i].value);
                return;
            }
        jw_null(w);
        return;
    case FIELD_REF: {
        long long v = *(const long long *)p;
        if (v)
            jw_int(w, v);
        else
            jw_null(w);
        return;
    }
    case FIELD_BOOL:
        jw_bool(w, *(const bool *)p);
        return;
    }
    jw_null(w);
}

/* add_labels written into `w`. */
static void write_labels(struct json_writer *w, const struct field_def *f, const void *rec)
{
    char key[64];
    if (f->type == FIELD_CODES) {
        jw_key(w, suffixed(key, f->name, "_labels"));
        jw_array_begin(w);
        const char *list = *(const char *const *)field_cptr(f, rec);
        for (const char *p = list ? list : ""; *p;) {
            size_t len = strcspn(p, ",");
            char code[32];
            if (len > 0 && len < sizeof code) {
                memcpy(code, p, len);
                code[len] = '\0';
                const char *label = field_value_label(f, code);
                jw_string(w, label ? label : code);
            }
            p += len + (p[len] == ',');
        }
        jw_array_end(w);
        return;
    }
    const char *value = NULL;
    if (f->type == FIELD_CODE || (f->type == FIELD_TEXT && f->nchoices)) {
        value = *(const char *const *)field_cptr(f, rec);
    } else if (f->type == FIELD_ENUM) {
        int number = *(const int *)field_cptr(f, rec);
        for (size_t i = 0; i < f->nchoices; i++)
            if (f->choices[i].number == number)
                value = f->choices[i].value;
    } else {
        return;
    }
    jw_key(w, suffixed(key, f->name, "_label"));
    jw_string(w, field_value_label(f, value));
}

void record_json_write_members(struct json_writer *w, const struct record_kind *kind,
                               const void *rec, bool unmask)
{
    const long long *ids = rec;
    jw_key(w, "id");
    jw_int(w, ids[0]);
    if (strcmp(kind->name, "person") != 0) {
        jw_key(w, "person_id");
        jw_int(w, ids[1]);
    }
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *f = &kind->fields[i];
        if (strcmp(f->name, "id") == 0 || strcmp(f->name, "person_id") == 0)
            continue;
        jw_key(w, f->name);
        record_json_write_field(w, f, rec, unmask);
        write_labels(w, f, rec);
    }
}

static const char *type_name(const struct field_def *f)
{
    switch (f->type) {
    case FIELD_TEXT:
        return "text";
    case FIELD_CODE:
        return "code";
    case FIELD_CODES:
        return "codes";
    case FIELD_DATE:
        return "date";
    case FIELD_INT:
        return "integer";
    case FIELD_BOOL:
        return "boolean";
    case FIELD_REF:
        return "ref";
    case FIELD_ENUM:
        return "choice";
    }
    return "text";
}

json_t *record_json_field_schema(const struct field_def *f, struct arena *a)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "name", f->name, "label", f->label, "type",
                          type_name(f), "required", (f->flags & FIELD_REQUIRED) != 0);
    if (f->type == FIELD_CODE || f->type == FIELD_CODES)
        json_object_set_new(o, "code_table", json_string(f->code_table));
    if (f->type == FIELD_REF)
        json_object_set_new(o, "references", json_string(f->code_table));
    /* Every fixed choice with its Chinese label: a form needs no list of
     * its own to show or offer them. */
    size_t n;
    const struct field_choice *choices = field_choices(f, a, &n);
    if (n) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                arr, json_pack("{s:s, s:s}", "value", choices[i].value, "label",
                               choices[i].label ? choices[i].label : choices[i].value));
        json_object_set_new(o, "choices", arr);
    }
    if (f->type == FIELD_INT && f->min < f->max) {
        json_object_set_new(o, "min", json_integer(f->min));
        json_object_set_new(o, "max", json_integer(f->max));
    }
    if (f->type == FIELD_TEXT && f->max_len > 0)
        json_object_set_new(o, "max_length", json_integer(f->max_len));
    if (f->type == FIELD_DATE) {
        json_object_set_new(o, "precision", json_string(field_date_precision(f)));
        json_object_set_new(o, "input", json_string(field_date_input(f)));
        if (f->flags & FIELD_NOT_FUTURE)
            json_object_set_new(o, "not_future", json_true());
    }
    if (f->only_when) {
        /* "kind=post" → {"field": "kind", "value": "post"} */
        const char *eq = strchr(f->only_when, '=');
        if (eq)
            json_object_set_new(o, "only_when",
                                json_pack("{s:s%, s:s}", "field", f->only_when,
                                          (size_t)(eq - f->only_when), "value", eq + 1));
    }
    if (f->flags & FIELD_READONLY)
        json_object_set_new(o, "readonly", json_true());
    if (f->flags & FIELD_SENSITIVE)
        json_object_set_new(o, "sensitive", json_true());
    return o;
}

json_t *record_json_fields_schema(const struct record_kind *kind, struct arena *a)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < kind->nfields; i++)
        json_array_append_new(arr, record_json_field_schema(&kind->fields[i], a));
    return arr;
}
