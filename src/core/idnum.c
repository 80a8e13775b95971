/* idnum.c — checking, upgrading and masking GB 11643-1999 citizen identity numbers. */
#include "core/idnum.h"

#include <string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

char idnum_check_char(const char *first17)
{
    /* ISO 7064 MOD 11-2: weight i is 2^(17-i) mod 11 (RULES.md §10). */
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * weights[i];
    return check[sum % 11];
}

enum idnum_problem idnum_check(const char *s, struct date today, struct idnum_info *info)
{
    if (!s)
        return IDNUM_LENGTH;
    size_t len = strlen(s);
    if (len != 18 && len != 15)
        return IDNUM_LENGTH;

    char number[19];
    if (len == 15) {
        /* Legacy numbers (before 1999) have a two-digit year of the 1900s
         * and no check character: insert "19", then compute it. */
        for (size_t i = 0; i < 15; i++)
            if (!is_digit(s[i]))
                return IDNUM_CHARACTERS;
        memcpy(number, s, 6);
        memcpy(number + 6, "19", 2);
        memcpy(number + 8, s + 6, 9);
        number[17] = idnum_check_char(number);
    } else {
        for (size_t i = 0; i < 17; i++)
            if (!is_digit(s[i]))
                return IDNUM_CHARACTERS;
        char last = s[17] == 'x' ? 'X' : s[17];
        if (!is_digit(last) && last != 'X')
            return IDNUM_CHARACTERS;
        memcpy(number, s, 17);
        number[17] = last;
    }
    number[18] = '\0';

    struct date birth = {0, 0, 0};
    for (int i = 6; i < 10; i++)
        birth.year = birth.year * 10 + (number[i] - '0');
    birth.month = (number[10] - '0') * 10 + (number[11] - '0');
    birth.day = (number[12] - '0') * 10 + (number[13] - '0');
    if (birth.day == 0 || !date_valid(birth))
        return IDNUM_DATE;
    if (!date_is_none(today) && date_compare(birth, today) > 0)
        return IDNUM_DATE;

    if (len == 18 && idnum_check_char(number) != number[17])
        return IDNUM_CHECKSUM;

    if (info) {
        memcpy(info->number, number, sizeof info->number);
        info->birth = birth;
        /* The 17th character ends the sequence code: odd for men. */
        info->sex = (number[16] - '0') % 2 ? 1 : 2;
    }
    return IDNUM_OK;
}

const char *idnum_problem_message(enum idnum_problem p)
{
    switch (p) {
    case IDNUM_OK:
        return "身份证号正确";
    case IDNUM_LENGTH:
        return "身份证号应为 18 位（或旧版 15 位）";
    case IDNUM_CHARACTERS:
        return "身份证号只能由数字组成，最后一位可以是 X";
    case IDNUM_DATE:
        return "身份证号中的出生日期不存在或晚于今天";
    case IDNUM_CHECKSUM:
        return "身份证号校验位错误";
    }
    return "身份证号不正确";
}

char *idnum_mask(const char *number, char *out)
{
    size_t len = number ? strlen(number) : 0;
    /* Only the two real lengths keep their ends visible: a short or
     * malformed value would give away too much of itself. Output never
     * exceeds 18 characters. */
    size_t keep = (len == 15 || len == 18) ? 4 : 0;
    size_t shown = len > 18 ? 18 : len;
    for (size_t i = 0; i < shown; i++)
        out[i] = '*';
    if (keep) {
        memcpy(out, number, keep);
        memcpy(out + len - keep, number + len - keep, keep);
    }
    out[shown] = '\0';
    return out;
}
