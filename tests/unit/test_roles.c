/* test_roles.c — the permission table: separation of duties holds, names
 * and labels resolve, and every permission has a name and a label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/roles.h"

static void test_admin_sees_no_personnel_data(void **state)
{
    (void)state;
    static const enum perm personnel_data[] = {PERM_UNITS_READ,   PERM_PEOPLE_READ,
                                               PERM_PEOPLE_WRITE, PERM_SENSITIVE_READ,
                                               PERM_IMPORT,       PERM_EXPORT};
    for (size_t i = 0; i < sizeof personnel_data / sizeof *personnel_data; i++) {
        assert_false(roles_allows(ROLE_ADMIN, personnel_data[i]));
        assert_true(roles_allows(ROLE_PERSONNEL, personnel_data[i]));
    }
    assert_true(roles_allows(ROLE_ADMIN, PERM_USERS_ADMIN));
    assert_false(roles_allows(ROLE_PERSONNEL, PERM_USERS_ADMIN));
}

static void test_public_and_auth_for_everyone(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_true(roles_allows((enum role)r, PERM_PUBLIC));
        assert_true(roles_allows((enum role)r, PERM_AUTH));
    }
    assert_false(roles_mask_allows(0, PERM_PEOPLE_READ));
    assert_true(roles_mask_allows((1u << ROLE_ADMIN) | (1u << ROLE_PERSONNEL), PERM_PEOPLE_READ));
    assert_false(roles_allows(ROLE_COUNT, PERM_CODES_READ));
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(roles_find("personnel"), ROLE_PERSONNEL);
    assert_int_equal(roles_find("人事干部"), ROLE_PERSONNEL);
    assert_int_equal(roles_find("系统管理员"), ROLE_ADMIN);
    assert_int_equal(roles_find("root"), -1);
    for (int p = 0; p < PERM_COUNT; p++) {
        assert_true(strlen(perm_name((enum perm)p)) > 0);
        assert_true(strlen(perm_label((enum perm)p)) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin_sees_no_personnel_data),
        cmocka_unit_test(test_public_and_auth_for_everyone),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
