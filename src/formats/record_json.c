/* record_json.c — field-table driven JSON mapping. */
#include "formats/record_json.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"
#include "util/err.h"

/* Keys our answers carry that a client may echo back; never written. */
static bool ignorable_key(const char *key)
{
    static const char *const exact[] = {"id", "person_id", "age", "unit_name", "unit_path",
                                        "created_at", "updated_at", "months_served", "tenure",
                                        "education", "degree"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strcmp(key, exact[i]) == 0)
            return true;
    size_t len = strlen(key);
    return strncmp(key, "current_", 8) == 0 ||
           (len > 6 && strcmp(key + len - 6, "_label") == 0);
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
    case FIELD_CODE: {
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
        return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
    }
    case FIELD_INT:
        return json_integer(*(const long long *)p);
    case FIELD_REF: {
        long long v = *(const long long *)p;
        return v ? json_integer(v) : json_null();
    }
    case FIELD_BOOL:
        return json_boolean(*(const bool *)p);
    }
    return json_null();
}

json_t *record_json_new(const struct record_kind *kind, const void *rec, bool unmask)
{
    json_t *o = json_object();
    const long long *ids = rec;
    json_object_set_new(o, "id", json_integer(ids[0]));
    if (strcmp(kind->name, "person") != 0)
        json_object_set_new(o, "person_id", json_integer(ids[1]));
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *f = &kind->fields[i];
        if (strcmp(f->name, "id") == 0 || strcmp(f->name, "person_id") == 0)
            continue;
        json_object_set_new(o, f->name, record_json_field(f, rec, unmask));
        if (f->type == FIELD_CODE) {
            const char *code = *(const char *const *)field_cptr(f, rec);
            const char *label = code ? codes_label(f->code_table, code) : NULL;
            char key[64];
            snprintf(key, sizeof key, "%s_label", f->name);
            json_object_set_new(o, key, label ? json_string(label) : json_null());
        }
    }
    return o;
}
