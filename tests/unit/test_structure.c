/* test_structure.c — the counts behind the dashboard: bands at their edges,
 * minorities without the unknown, codes by table order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/structure.h"
#include "util/arena.h"

static struct date D(int y, int m, int d) {
    return (struct date){y, m, d};
}

static void
test_age_bands_and_shares(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct structure_stats s;
    structure_init(&s, D(2026, 6, 30), a);
    structure_add(&s, "1", "01", D(1996, 7, 1), NULL, NULL, NULL);  /* 29: band 0 */
    structure_add(&s, "1", "01", D(1996, 6, 30), NULL, NULL, NULL); /* 30 today: band 1 */
    structure_add(&s, "2", "05", D(1966, 6, 30), "05", "5B", "21"); /* 60: band 7 */
    structure_add(&s, "2", NULL, D(1971, 1, 0), "05", NULL, "99");  /* 55, month only; bad code */
    structure_add(&s, "9", "01", D(1980, 1, 1), NULL, NULL, NULL);  /* sex not stated */
    assert_int_equal(s.total, 5);
    assert_int_equal(s.female, 2);
    assert_int_equal(s.minority, 1);
    assert_int_equal(s.ethnicity_unknown, 1);
    assert_int_equal(s.age[0].male, 1);
    assert_int_equal(s.age[1].male, 1);
    assert_int_equal(s.age[6].female, 1);
    assert_int_equal(s.age[7].female, 1);
    long long in_bands = 0;
    for (int i = 0; i < STRUCTURE_AGE_BANDS; i++)
        in_bands += s.age[i].male + s.age[i].female;
    assert_int_equal(in_bands, 4); /* the person of unstated sex is in no band */
    /* Rank "05" is the fifth rung; the code table order is kept. */
    assert_int_equal(s.rank.counts[4], 2);
    assert_int_equal(s.rank.none, 3);
    assert_int_equal(s.post_level.none, 4);
    assert_int_equal(s.education.none, 4); /* "99" is no education code */
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age_bands_and_shares),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
