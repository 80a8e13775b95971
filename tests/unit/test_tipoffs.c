/* test_tipoffs.c — tracking codes (format, randomness used, forgiving
 * reading), the case workflow's allowed steps and deadlines, the checks of
 * a reporter's text, attachment sniffing and the supervision kinds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/tipoffs.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/utf8.h"

static void test_code_format(void **state)
{
    (void)state;
    unsigned char zero[TIPOFFS_CODE_RANDOM_BYTES] = {0};
    char out[TIPOFFS_CODE_TEXT + 1];
    tipoffs_code_format(zero, out);
    assert_string_equal(out, "0000-0000-0000-0000-0000");
    unsigned char ones[TIPOFFS_CODE_RANDOM_BYTES];
    memset(ones, 0xff, sizeof ones);
    tipoffs_code_format(ones, out);
    assert_string_equal(out, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    /* The first symbol is the first five bits: 10000 = 16 = 'G'. */
    unsigned char first[TIPOFFS_CODE_RANDOM_BYTES] = {0x80};
    tipoffs_code_format(first, out);
    assert_string_equal(out, "G000-0000-0000-0000-0000");
    /* Bit 99 (the last used) is the low bit of the 20th symbol; bits
     * 100..103 are not used. */
    unsigned char last[TIPOFFS_CODE_RANDOM_BYTES] = {0};
    last[12] = 0x10;
    tipoffs_code_format(last, out);
    assert_string_equal(out, "0000-0000-0000-0000-0001");
    last[12] = 0x0f;
    tipoffs_code_format(last, out);
    assert_string_equal(out, "0000-0000-0000-0000-0000");
    /* Every symbol reachable, none of I L O U ever written. */
    for (int v = 0; v < 256; v++) {
        unsigned char r[TIPOFFS_CODE_RANDOM_BYTES];
        memset(r, v, sizeof r);
        tipoffs_code_format(r, out);
        assert_int_equal(strlen(out), TIPOFFS_CODE_TEXT);
        assert_null(strpbrk(out, "ILOU"));
    }
}

static void test_code_normalize(void **state)
{
    (void)state;
    char c[TIPOFFS_CODE_SYMBOLS + 1];
    assert_true(tipoffs_code_normalize("7KQ3-XM2P-0A1B-CDEF-GHJK", c));
    assert_string_equal(c, "7KQ3XM2P0A1BCDEFGHJK");
    /* Lower case, spaces, O for 0, I and L for 1. */
    assert_true(tipoffs_code_normalize("7kq3 xm2p oaib cdef ghjk", c));
    assert_string_equal(c, "7KQ3XM2P0A1BCDEFGHJK");
    assert_true(tipoffs_code_normalize("7KQ3XM2PoAlBCDEFGHJK", c));
    assert_string_equal(c, "7KQ3XM2P0A1BCDEFGHJK");
    /* Wrong length, U, punctuation, non-ASCII, NULL. */
    assert_false(tipoffs_code_normalize("7KQ3-XM2P-0A1B-CDEF-GHJ", c));
    assert_string_equal(c, "");
    assert_false(tipoffs_code_normalize("7KQ3-XM2P-0A1B-CDEF-GHJKK", c));
    assert_false(tipoffs_code_normalize("UKQ3-XM2P-0A1B-CDEF-GHJK", c));
    assert_false(tipoffs_code_normalize("7KQ3_XM2P_0A1B_CDEF_GHJK", c));
    assert_false(tipoffs_code_normalize("举报举报举报举报举报举报举报", c));
    assert_false(tipoffs_code_normalize("", c));
    assert_false(tipoffs_code_normalize(NULL, c));
    /* A formatted code reads back to itself without hyphens. */
    unsigned char r[TIPOFFS_CODE_RANDOM_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    char out[TIPOFFS_CODE_TEXT + 1];
    tipoffs_code_format(r, out);
    assert_true(tipoffs_code_normalize(out, c));
    assert_int_equal(strlen(c), TIPOFFS_CODE_SYMBOLS);
}

static void test_workflow(void **state)
{
    (void)state;
    /* The whole table: exactly these steps are allowed. */
    static const struct {
        enum tipoff_status from, to;
    } allowed[] = {
        {TIPOFF_RECEIVED, TIPOFF_ACCEPTED}, {TIPOFF_ACCEPTED, TIPOFF_CHECKING},
        {TIPOFF_CHECKING, TIPOFF_CLOSED},   {TIPOFF_CHECKING, TIPOFF_FILED},
        {TIPOFF_CLOSED, TIPOFF_ANSWERED},   {TIPOFF_FILED, TIPOFF_ANSWERED},
    };
    int count = 0;
    for (int f = 0; f < TIPOFF_STATUS_COUNT; f++)
        for (int t = 0; t < TIPOFF_STATUS_COUNT; t++) {
            bool want = false;
            for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
                want |= allowed[i].from == (enum tipoff_status)f &&
                        allowed[i].to == (enum tipoff_status)t;
            assert_int_equal(
                tipoffs_transition_allowed((enum tipoff_status)f, (enum tipoff_status)t), want);
            count += want;
        }
    assert_int_equal(count, 6);
    for (int s = 0; s < TIPOFF_STATUS_COUNT; s++) {
        assert_int_equal(tipoffs_status_find(tipoffs_status_name((enum tipoff_status)s)), s);
        assert_non_null(tipoffs_status_public_label((enum tipoff_status)s));
    }
    assert_int_equal(tipoffs_status_find("nope"), -1);
    assert_int_equal(tipoffs_status_find(NULL), -1);
    /* 了结 and 立案 look the same to the reporter. */
    assert_string_equal(tipoffs_status_public_name(TIPOFF_CLOSED),
                        tipoffs_status_public_name(TIPOFF_FILED));
}

static void test_deadlines(void **state)
{
    (void)state;
    struct date due;
    struct tipoff_deadlines d = TIPOFFS_DEFAULT_DEADLINES;
    assert_true(tipoffs_due(&d, TIPOFF_RECEIVED, (struct date){2025, 1, 20}, &due));
    assert_int_equal(due.year, 2025);
    assert_int_equal(due.month, 2);
    assert_int_equal(due.day, 4);
    assert_false(tipoffs_due(&d, TIPOFF_ANSWERED, (struct date){2025, 1, 20}, &due));
    d.days[TIPOFF_CHECKING] = 0;
    assert_false(tipoffs_due(&d, TIPOFF_CHECKING, (struct date){2025, 1, 20}, &due));
    d.days[TIPOFF_CHECKING] = 30;
    assert_true(tipoffs_due(&d, TIPOFF_CHECKING, (struct date){2024, 2, 20}, &due));
    assert_int_equal(due.month, 3);
    assert_int_equal(due.day, 21); /* 2024 is a leap year */
}

static size_t errors_of(const struct tipoff_report *r, struct arena *a, const char *field)
{
    struct field_errors fe;
    field_errors_init(&fe, a);
    tipoffs_validate(r, &fe);
    size_t n = 0;
    for (const struct field_error *e = fe.head; e; e = e->next)
        if (!field || strcmp(e->field, field) == 0)
            n++;
    return n;
}

static void test_validate(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct tipoff_report ok = {"王某", "某某处", "反映某某同志违规收受礼金的问题，时间地点如下。",
                               NULL, NULL};
    assert_int_equal(errors_of(&ok, a, NULL), 0);
    struct tipoff_report r = ok;
    r.subject_name = "   ";
    assert_int_equal(errors_of(&r, a, "subject_name"), 1);
    r = ok;
    r.content = "太短";
    assert_int_equal(errors_of(&r, a, "content"), 1);
    r = ok;
    r.content = "第一行\n第二行\t缩进，以及更多的文字说明。";
    assert_int_equal(errors_of(&r, a, NULL), 0);
    r = ok;
    r.subject_name = "王\n某"; /* a one-line field takes no newline */
    assert_int_equal(errors_of(&r, a, "subject_name"), 1);
    r = ok;
    r.content = "正常的文字\x01控制字符不行，其余正常。";
    assert_int_equal(errors_of(&r, a, "content"), 1);
    r = ok;
    r.reporter_name = "\x1b[31m";
    assert_int_equal(errors_of(&r, a, "reporter_name"), 1);
    /* Lengths are characters: 50 Chinese characters are a valid name. */
    char name[3 * 51 + 1] = "";
    for (int i = 0; i < 50; i++)
        strcat(name, "王");
    r = ok;
    r.subject_name = name;
    assert_int_equal(errors_of(&r, a, NULL), 0);
    strcat(name, "王");
    assert_int_equal(errors_of(&r, a, "subject_name"), 1);
    /* Every problem at once. */
    struct tipoff_report bad = {NULL, "", "x", "\x7f", "\x02"};
    assert_int_equal(errors_of(&bad, a, NULL), 5);
    arena_free(a);
}

static void test_attachment_type(void **state)
{
    (void)state;
    assert_string_equal(tipoffs_attachment_type("\xff\xd8\xff\xe0", 4), "image/jpeg");
    assert_string_equal(tipoffs_attachment_type("\x89PNG\r\n\x1a\n....", 12), "image/png");
    assert_string_equal(tipoffs_attachment_type("%PDF-1.7\n", 9), "application/pdf");
    assert_null(tipoffs_attachment_type("<html><script>", 14));
    assert_null(tipoffs_attachment_type("%PD", 3));
    assert_null(tipoffs_attachment_type(NULL, 0));
}

static void test_supervision_kinds(void **state)
{
    (void)state;
    assert_int_equal(supervision_kind_find("conduct"), SUPERVISION_CONDUCT);
    assert_int_equal(supervision_kind_find("函询"), SUPERVISION_INQUIRY);
    assert_int_equal(supervision_kind_find("reminder"), SUPERVISION_REMINDER);
    assert_int_equal(supervision_kind_find("admonition"), -1); /* a punishment record */
    assert_int_equal(conduct_category_find("teamwork"), CONDUCT_TEAMWORK);
    assert_int_equal(conduct_category_find("政治上不清醒"), CONDUCT_POLITICAL);
    assert_int_equal(conduct_category_find(NULL), -1);
    for (int c = 0; c < CONDUCT_CATEGORY_COUNT; c++)
        assert_non_null(conduct_category_label((enum conduct_category)c));
    assert_null(conduct_category_name(CONDUCT_CATEGORY_COUNT));
}

static void test_attachment_name(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    static const struct {
        const char *raw, *type, *want;
    } cases[] = {
        {"举报材料.pdf", "application/pdf", "举报材料.pdf"},
        {"照片.JPG", "image/jpeg", "照片.JPG"},
        {"scan.jpeg", "image/jpeg", "scan.jpeg"},
        {"scan.png", "image/jpeg", "scan.png.jpg"}, /* the bytes decide the type */
        {"C:\\Users\\张三\\Desktop\\证据.pdf", "application/pdf", "证据.pdf"},
        {"../../etc/passwd", "application/pdf", "passwd.pdf"},
        {"a/b/", "image/png", "附件.png"},
        {"  ..hidden.pdf. ", "application/pdf", "hidden.pdf"},
        {"what?<is>:this|\"*.pdf", "application/pdf", "what__is__this___.pdf"},
        {"line\r\nbreak\t.pdf", "application/pdf", "linebreak.pdf"},
        {"invoice\xE2\x80\xAE"
         "fdp.exe",
         "application/pdf", "invoicefdp.exe.pdf"},
        {"", "image/png", "附件.png"},
        {NULL, "image/jpeg", "附件.jpg"},
        {"\xff\xfe bad utf8.pdf", "application/pdf", "附件.pdf"},
        {".pdf", "application/pdf", "pdf.pdf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(tipoffs_attachment_name(cases[i].raw, cases[i].type, a), cases[i].want);
    /* Cut to the limit, the extension kept. */
    char longname[400] = {0};
    for (int i = 0; i < 120; i++)
        strcat(longname, "长");
    strcat(longname, ".pdf");
    const char *cut = tipoffs_attachment_name(longname, "application/pdf", a);
    assert_int_equal(utf8_length(cut), TIPOFFS_ATTACHMENT_NAME_MAX);
    assert_string_equal(cut + strlen(cut) - 4, ".pdf");
    arena_free(a);
}

static void test_receipt(void **state)
{
    (void)state;
    const struct date today = {2026, 12, 7};
    assert_null(tipoffs_receipt_problem(today, today));
    assert_null(tipoffs_receipt_problem((struct date){2026, 11, 20}, today));
    assert_null(tipoffs_receipt_problem((struct date){2025, 12, 7}, today)); /* 365 days */
    assert_non_null(tipoffs_receipt_problem((struct date){2025, 12, 6}, today));
    assert_non_null(tipoffs_receipt_problem((struct date){2026, 12, 8}, today));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_format),       cmocka_unit_test(test_code_normalize),
        cmocka_unit_test(test_workflow),          cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_validate),          cmocka_unit_test(test_attachment_type),
        cmocka_unit_test(test_supervision_kinds), cmocka_unit_test(test_attachment_name),
        cmocka_unit_test(test_receipt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
