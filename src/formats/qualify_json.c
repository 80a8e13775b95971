/* qualify_json.c — qualification reports and rule tables to JSON, and
 * targets from text. */
#include "formats/qualify_json.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "formats/record_json.h"
#include "util/err.h"

json_t *qualify_json_date(struct date d)
{
    char buf[11];
    return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
}

static const char *effect_name(enum qualify_effect e)
{
    switch (e) {
    case QUALIFY_MET:
        return "met";
    case QUALIFY_SHORTFALL:
        return "shortfall";
    case QUALIFY_BAR:
        return "bar";
    case QUALIFY_MISSING:
        return "missing";
    case QUALIFY_NOTE:
        return "note";
    }
    return "note";
}

/* The party posts by name ("branch", "county", "city"): the choices of the
 * party_age rule table's party_post field, one list for the rule page and
 * for targets. */
static const struct field_def *party_post_field(void)
{
    return fields_find(&rules_table_find("party_age")->kind, "party_post");
}

int qualify_json_target_parse(const char *text, struct qualify_target *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text)
        return ERR_INVALID;
    char buf[128];
    if (strlen(text) >= sizeof buf)
        return ERR_INVALID;
    strcpy(buf, text);
    const char *kind = NULL, *code = buf;
    char *colon = strchr(buf, ':');
    if (colon && (strncmp(buf, "rank:", 5) == 0 || strncmp(buf, "post:", 5) == 0)) {
        *colon = '\0';
        kind = buf;
        code = colon + 1;
    }
    /* A party post suffix: "post:5B:branch". */
    char *party = strchr(code, ':');
    if (party) {
        *party++ = '\0';
        const struct field_def *f = party_post_field();
        bool found = false;
        for (size_t i = 0; i < f->nchoices; i++)
            if (strcmp(party, f->choices[i].value) == 0) {
                out->party_post = (enum rules_party_post)f->choices[i].number;
                found = true;
            }
        if (!found)
            return ERR_INVALID;
    }
    const struct code *c = NULL;
    if (!kind || strcmp(kind, "rank") == 0) {
        c = codes_find(codes_table("rank"), code);
        if (c && !party) {
            out->kind = QUALIFY_RANK;
            out->code = c->code;
            return 0;
        }
    }
    if (!kind || strcmp(kind, "post") == 0) {
        c = codes_find(codes_table("post_level"), code);
        if (c) {
            out->kind = QUALIFY_POST;
            out->code = c->code;
            return 0;
        }
    }
    return ERR_INVALID;
}

char *qualify_json_target_name(const struct qualify_target *t, char buf[16])
{
    snprintf(buf, 16, "%s:%s", t->kind == QUALIFY_RANK ? "rank" : "post", t->code ? t->code : "");
    return buf;
}

static json_t *int_or_null(bool set, int v)
{
    return set ? json_integer(v) : json_null();
}

json_t *qualify_json_reason(const struct qualify_reason *r)
{
    bool measured = r->effect == QUALIFY_MET || r->effect == QUALIFY_SHORTFALL;
    json_t *o = json_object();
    json_object_set_new(o, "rule_id", json_string(r->rule_id ? r->rule_id : ""));
    json_object_set_new(o, "source", json_string(r->source ? r->source : ""));
    json_object_set_new(o, "confidence", json_string(rules_confidence_tag(r->confidence)));
    json_object_set_new(o, "needs_confirmation", json_boolean(r->needs_confirmation));
    json_object_set_new(o, "confirmation_label",
                        r->needs_confirmation ? json_string(QUALIFY_JSON_CONFIRM) : json_null());
    json_object_set_new(o, "effect", json_string(effect_name(r->effect)));
    json_object_set_new(o, "decisive", json_boolean(r->decisive));
    json_object_set_new(o, "unit", json_string(r->unit ? r->unit : ""));
    json_object_set_new(o, "required", int_or_null(measured, r->required));
    json_object_set_new(o, "actual", int_or_null(measured, r->actual));
    json_object_set_new(o, "shortfall", int_or_null(measured, r->shortfall));
    json_object_set_new(o, "from", qualify_json_date(r->from));
    json_object_set_new(o, "until", qualify_json_date(r->until));
    json_object_set_new(o, "field", r->field ? json_string(r->field) : json_null());
    json_object_set_new(o, "text", json_string(r->text ? r->text : ""));
    return o;
}

json_t *qualify_json_result(const struct qualify_result *r)
{
    char name[16];
    json_t *reasons = json_array();
    for (const struct qualify_reason *x = r->reasons; x; x = x->next)
        json_array_append_new(reasons, qualify_json_reason(x));
    const char *party = NULL;
    const struct field_def *f = party_post_field();
    for (size_t i = 0; i < f->nchoices; i++)
        if (f->choices[i].number == (int)r->target.party_post)
            party = f->choices[i].value;
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:b, s:s, s:s, s:o, s:o}", "target",
                  qualify_json_target_name(&r->target, name), "target_kind",
                  r->target.kind == QUALIFY_RANK ? "rank" : "post", "target_code",
                  r->target.code ? r->target.code : "", "target_label", r->label, "party_post",
                  party, "asked", r->asked, "verdict", qualify_verdict_name(r->verdict),
                  "verdict_label", qualify_verdict_label(r->verdict), "change_date",
                  qualify_json_date(r->change_date), "reasons", reasons);
    /* At or above the target (a list counts it apart); what the change date brings. */
    json_object_set_new(o, "held", json_boolean(r->held));
    json_object_set_new(o, "change_text", json_string(r->change_text ? r->change_text : ""));
    return o;
}

json_t *qualify_json_finding(const struct qualify_finding *f)
{
    bool confirm = f->needs_confirmation;
    return json_pack(
        "{s:s, s:s, s:s, s:b, s:o, s:s, s:o, s:s}", "rule_id", f->rule_id ? f->rule_id : "",
        "source", f->source ? f->source : "", "confidence", rules_confidence_tag(f->confidence),
        "needs_confirmation", confirm, "confirmation_label",
        confirm ? json_string(QUALIFY_JSON_CONFIRM) : json_null(), "fields",
        f->fields ? f->fields : "", "record_id",
        f->record_id ? json_integer(f->record_id) : json_null(), "text", f->text ? f->text : "");
}

json_t *qualify_json_report(const struct qualify_report *rep, long long person_id)
{
    json_t *results = json_array(), *findings = json_array();
    for (const struct qualify_result *r = rep->results; r; r = r->next)
        json_array_append_new(results, qualify_json_result(r));
    for (const struct qualify_finding *f = rep->findings; f; f = f->next)
        json_array_append_new(findings, qualify_json_finding(f));
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "person_id", (json_int_t)person_id, "as_of",
                     qualify_json_date(rep->as_of), "retirement_date",
                     qualify_json_date(rep->retirement_date), "retirement_age_months",
                     rep->retirement_age_months ? json_integer(rep->retirement_age_months)
                                                : json_null(),
                     "results", results, "findings", findings);
}

json_t *qualify_json_rule_table(const struct rules_table *t, struct arena *a)
{
    return json_pack("{s:s, s:s, s:s, s:s?, s:o}", "name", t->kind.name, "label", t->kind.label,
                     "article", t->article, "rule_ids", t->rule_ids, "columns",
                     record_json_fields_schema(&t->kind, a));
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *qualify_json_rule_row(const struct rules_table *t, long long id, const void *rule,
                              const char *confirmed_by, const char *confirmed_at, struct date today)
{
    const struct rules_row *common = rule;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "table", json_string(t->kind.name));
    record_json_set_fields(o, &t->kind, rule, true);
    bool confirm = rules_row_needs_confirmation(common);
    json_object_set_new(o, "confidence_tag", json_string(rules_confidence_tag(common->confidence)));
    json_object_set_new(o, "needs_confirmation", json_boolean(confirm));
    json_object_set_new(o, "confirmation_label",
                        confirm ? json_string(QUALIFY_JSON_CONFIRM) : json_null());
    /* Who confirmed an uncertain row for the office, and when; a value
     * change withdraws it (store/rulebook.c). */
    json_object_set_new(o, "confirmed", json_boolean(confirmed_at != NULL));
    json_object_set_new(o, "confirmed_by", str_or_null(confirmed_by));
    json_object_set_new(o, "confirmed_at", str_or_null(confirmed_at));
    json_object_set_new(o, "in_force", json_boolean(rules_row_in_force(common, today)));
    return o;
}
