/* test_json_write.c — the list writer gives jansson's bytes: every escape,
 * nesting and commas, and every record kind's members (empty, filled with
 * hostile text, masked and unmasked) against json_dumps(record_json_new). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "formats/json_write.h"
#include "formats/record_json.h"
#include "util/strbuf.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* json_dumps of `v` (taken), compact, as a malloc'd string. */
static char *dumped(json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    return s;
}

static void test_strings_escape_as_jansson(void **state)
{
    (void)state;
    char every[160];
    size_t k = 0;
    for (int c = 1; c < 128; c++)
        every[k++] = (char)c;
    every[k] = '\0';
    const char *texts[] = {"",
                           "plain",
                           every,
                           "干部\"任免\"\\审批表\n",
                           "\xe2\x80\xa8 U+2028",
                           "tab\tcr\rff\fbs\b",
                           "\x1f\x7f",
                           "尾\\"};
    for (size_t i = 0; i < N(texts); i++) {
        struct strbuf sb = STRBUF_INIT;
        struct json_writer w;
        jw_init(&w, &sb);
        jw_string(&w, texts[i]);
        char *want = dumped(json_string(texts[i]));
        assert_non_null(want);
        assert_string_equal(sb.data, want);
        free(want);
        strbuf_release(&sb);
    }
}

/* The writer tests eight bytes at a time: each special byte at every
 * offset of a word and in the bytes after the last whole word, beside
 * plain ASCII and UTF-8, escapes as jansson does. */
static void test_specials_at_every_offset(void **state)
{
    (void)state;
    const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', ' ', '!', '#', '[', ']', 0x7f};
    for (size_t len = 1; len <= 27; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < N(specials); k++) {
                char text[64];
                for (size_t i = 0; i < len; i++)
                    text[i] = (char)('a' + i % 26);
                if (len >= 6 && at + 3 < len) /* UTF-8 beside it: 干 */
                    memcpy(text + (at + 1), "\xe5\xb9\xb2", 3);
                text[at] = specials[k];
                text[len] = '\0';
                struct strbuf sb = STRBUF_INIT;
                struct json_writer w;
                jw_init(&w, &sb);
                jw_string(&w, text);
                char *want = dumped(json_string(text));
                assert_non_null(want);
                assert_string_equal(sb.data, want);
                free(want);
                strbuf_release(&sb);
            }
}

/* Integers as "%lld" writes them, at the edges of long long too. */
static void test_integers_as_jansson(void **state)
{
    (void)state;
    const long long values[] = {0,   1,         -1,         9,         10,        -10,          99,
                                100, 123456789, -987654321, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    for (size_t i = 0; i < N(values); i++) {
        struct strbuf sb = STRBUF_INIT;
        struct json_writer w;
        jw_init(&w, &sb);
        jw_int(&w, values[i]);
        char *want = dumped(json_integer((json_int_t)values[i]));
        assert_string_equal(sb.data, want);
        free(want);
        strbuf_release(&sb);
    }
}

static void test_nesting_and_commas(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    jw_key(&w, "items");
    jw_array_begin(&w);
    for (int i = 0; i < 3; i++) {
        jw_object_begin(&w);
        jw_key(&w, "id");
        jw_int(&w, i - 1);
        jw_key(&w, "empty");
        jw_array_begin(&w);
        jw_array_end(&w);
        jw_key(&w, "o");
        jw_object_begin(&w);
        jw_object_end(&w);
        jw_key(&w, "b");
        jw_bool(&w, i == 1);
        jw_key(&w, "n");
        jw_string(&w, NULL);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_key(&w, "total");
    jw_int(&w, 9007199254740993LL);
    jw_key(&w, "raw");
    json_t *raw = json_pack("{s:[i,s]}", "x", 1, "y");
    jw_json(&w, raw);
    json_decref(raw);
    jw_object_end(&w);

    json_t *items = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(items, json_pack("{s:i, s:[], s:{}, s:b, s:n}", "id", i - 1, "empty",
                                               "o", "b", i == 1, "n"));
    char *want = dumped(json_pack("{s:o, s:I, s:{s:[i,s]}}", "items", items, "total",
                                  (json_int_t)9007199254740993LL, "raw", "x", 1, "y"));
    assert_string_equal(sb.data, want);
    free(want);
    strbuf_release(&sb);
}

/* Every field of `rec` (of `kind`) set to a value of its type: text with
 * the characters JSON must escape, a known and an unknown code, dates of
 * both precisions, numbers, the first choice. */
static void fill(const struct record_kind *kind, void *rec, int variant)
{
    long long *ids = rec;
    ids[0] = 41 + variant;
    ids[1] = 7;
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *f = &kind->fields[i];
        void *p = field_ptr(f, rec);
        switch (f->type) {
        case FIELD_TEXT:
            *(const char **)p = f->nchoices ? f->choices[variant % f->nchoices].value
                                            : "430102197703155617 \"甲\"\\乙\n丙\t";
            break;
        case FIELD_CODE:
            *(const char **)p = variant ? "01" : "no-such-code";
            break;
        case FIELD_CODES:
            *(const char **)p = "01,02,zz";
            break;
        case FIELD_DATE:
            *(struct date *)p = (struct date){2020, 5, variant ? 17 : 0};
            break;
        case FIELD_INT:
            if (f->flags & FIELD_INT32)
                *(int *)p = -42;
            else
                *(long long *)p = 4200000000LL;
            break;
        case FIELD_ENUM:
            *(int *)p = f->nchoices ? f->choices[0].number : 0;
            break;
        case FIELD_REF:
            *(long long *)p = 12;
            break;
        case FIELD_BOOL:
            *(bool *)p = true;
            break;
        }
    }
}

static void test_record_members_as_record_json_new(void **state)
{
    (void)state;
    const struct record_kind *kinds[] = {&person_kind,     &career_kind,  &education_kind,
                                         &assessment_kind, &reward_kind,  &punishment_kind,
                                         &family_kind,     &training_kind};
    for (size_t k = 0; k < N(kinds); k++) {
        for (int variant = -1; variant < 2; variant++) {
            void *rec = calloc(1, kinds[k]->struct_size);
            if (variant >= 0)
                fill(kinds[k], rec, variant);
            for (int unmask = 0; unmask < 2; unmask++) {
                struct strbuf sb = STRBUF_INIT;
                struct json_writer w;
                jw_init(&w, &sb);
                jw_object_begin(&w);
                record_json_write_members(&w, kinds[k], rec, unmask);
                jw_object_end(&w);
                char *want = dumped(record_json_new(kinds[k], rec, unmask));
                assert_non_null(want);
                if (strcmp(sb.data, want) != 0)
                    fail_msg("%s (variant %d, unmask %d):\n got  %s\n want %s", kinds[k]->name,
                             variant, unmask, sb.data, want);
                free(want);
                strbuf_release(&sb);
            }
            free(rec);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_escape_as_jansson),
        cmocka_unit_test(test_specials_at_every_offset),
        cmocka_unit_test(test_integers_as_jansson),
        cmocka_unit_test(test_nesting_and_commas),
        cmocka_unit_test(test_record_members_as_record_json_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
