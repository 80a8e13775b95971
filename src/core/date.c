/* date.c — calendar dates at day or month precision, and tenure's month arithmetic. */
#include "core/date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

bool date_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && date_is_leap_year(year))
        return 29;
    return days[month - 1];
}

bool date_valid(struct date d)
{
    if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12)
        return false;
    return d.day >= 0 && d.day <= date_days_in_month(d.year, d.month);
}

/* Reads exactly `n` ASCII digits at `*s`, advancing past them. */
static bool read_digits(const char **s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *value = v;
    return true;
}

/* Reads one or two ASCII digits (a month or day written "3" or "03"). */
static bool read_1or2_digits(const char **s, int *value)
{
    if (!read_digits(s, 1, value))
        return false;
    int second;
    if (read_digits(s, 1, &second))
        *value = *value * 10 + second;
    return true;
}

static int finish(struct date d, struct date *out)
{
    if (!date_valid(d))
        return ERR_INVALID;
    *out = d;
    return 0;
}

int date_parse_iso(const char *s, struct date *out)
{
    struct date d = {0, 0, 0};
    if (!s || !read_digits(&s, 4, &d.year) || *s++ != '-' || !read_digits(&s, 2, &d.month))
        return ERR_INVALID;
    if (*s == '-') {
        s++;
        /* "YYYY-MM-" with no day, or a day of 00, is not the API form. */
        if (!read_digits(&s, 2, &d.day) || d.day == 0)
            return ERR_INVALID;
    }
    if (*s != '\0')
        return ERR_INVALID;
    return finish(d, out);
}

static bool is_space_at(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        *len = 1;
        return true;
    }
    /* U+3000 IDEOGRAPHIC SPACE: Chinese spreadsheets pad cells with it. */
    if (strncmp(s, "\xE3\x80\x80", 3) == 0) {
        *len = 3;
        return true;
    }
    return false;
}

static bool skip_word(const char **s, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*s, word, n) != 0)
        return false;
    *s += n;
    return true;
}

/* "1975年3月" or "1975年3月8日", `s` just after the year. */
static bool parse_chinese_rest(const char *s, const char *end, struct date *d)
{
    if (!skip_word(&s, "年") || !read_1or2_digits(&s, &d->month) || !skip_word(&s, "月"))
        return false;
    if (s < end) {
        if (!read_1or2_digits(&s, &d->day) || d->day == 0 || !skip_word(&s, "日"))
            return false;
    }
    return s == end;
}

/* "1975.3", "1975-03-08", "1975/3/8": one separator used throughout. */
static bool parse_separated_rest(const char *s, const char *end, struct date *d)
{
    char sep = *s;
    if (sep != '.' && sep != '-' && sep != '/')
        return false;
    s++;
    if (!read_1or2_digits(&s, &d->month))
        return false;
    if (s < end) {
        if (*s++ != sep || !read_1or2_digits(&s, &d->day) || d->day == 0)
            return false;
    }
    return s == end;
}

int date_parse_loose(const char *s, struct date *out)
{
    if (!s)
        return ERR_INVALID;
    size_t skip;
    while (*s && is_space_at(s, &skip))
        s += skip;
    const char *end = s + strlen(s);
    for (;;) {
        /* Trailing spaces: step back over ASCII whitespace and U+3000. */
        if (end > s && strchr(" \t\r\n", end[-1]) != NULL)
            end--;
        else if (end - s >= 3 && strncmp(end - 3, "\xE3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    size_t len = (size_t)(end - s);

    struct date d = {0, 0, 0};
    const char *p = s;
    if (!read_digits(&p, 4, &d.year))
        return ERR_INVALID;
    if (p == end)
        return ERR_INVALID; /* a bare year is not a date */

    if (len == 6 || len == 8) {
        /* Compact digits: "197503", "19750308" (the LRMX form). */
        const char *q = p;
        if (read_digits(&q, 2, &d.month) && (len == 6 || (read_digits(&q, 2, &d.day) && d.day))) {
            if (q == end)
                return finish(d, out);
        }
        d.month = d.day = 0;
    }
    if (*p == '.' || *p == '-' || *p == '/') {
        if (!parse_separated_rest(p, end, &d))
            return ERR_INVALID;
        return finish(d, out);
    }
    if (!parse_chinese_rest(p, end, &d))
        return ERR_INVALID;
    return finish(d, out);
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's
 * proleptic-Gregorian algorithms; exact for every year 1..9999). */
static long days_from_civil(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2);
    return (struct date){(int)year, month, day};
}

int date_from_excel_serial(double serial, struct date *out)
{
    /* Serial 1 is 1900-01-01. Excel (after Lotus 1-2-3) believes 1900 was a
     * leap year: serial 60 is the non-existent 1900-02-29, and every serial
     * from 61 on is one more than the true day count. A fractional part is
     * the time of day and is dropped. */
    if (!isfinite(serial) || serial < 1 || serial >= 2958466) /* 9999-12-31 is 2958465 */
        return ERR_INVALID;
    long n = (long)floor(serial);
    if (n == 60)
        return ERR_INVALID;
    if (n > 60)
        n--;
    *out = civil_from_days(days_from_civil(1899, 12, 31) + n);
    return 0;
}

/* Writes `n` decimal digits of `v` (0 <= v < 10^n) at `p`. */
static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

/* By hand rather than snprintf: a 资格名单 formats millions of dates. A
 * valid date has a year of 1..9999, so four digits always suffice. */
char *date_format_iso(struct date d, char *buf)
{
    if (date_is_none(d) || !date_valid(d)) {
        buf[0] = '\0';
        return buf;
    }
    put_digits(buf, d.year, 4);
    buf[4] = '-';
    put_digits(buf + 5, d.month, 2);
    if (d.day == 0) {
        buf[7] = '\0';
    } else {
        buf[7] = '-';
        put_digits(buf + 8, d.day, 2);
        buf[10] = '\0';
    }
    return buf;
}

char *date_format_dotted(struct date d, char *buf)
{
    if (date_is_none(d) || !date_valid(d))
        buf[0] = '\0';
    else
        snprintf(buf, 8, "%04d.%02d", d.year, d.month);
    return buf;
}

char *date_format_display(struct date d, char *buf)
{
    date_format_iso(d, buf);
    for (char *c = buf; *c; c++)
        if (*c == '-')
            *c = '.';
    return buf;
}

int date_months_between(struct date from, struct date to)
{
    if (date_is_none(from) || date_is_none(to) || date_compare(to, from) < 0)
        return 0;
    int months = (to.year - from.year) * 12 + (to.month - from.month);
    /* The anniversary day of the month is not reached yet, unless `to` is
     * the last day of a month too short to hold the start day (a start on
     * 01-31 completes a month on 02-28/29). */
    if (from.day && to.day && to.day < from.day && to.day < date_days_in_month(to.year, to.month))
        months--;
    return months > 0 ? months : 0;
}

struct date date_add_months(struct date d, int months)
{
    if (date_is_none(d))
        return d;
    long index = (long)d.year * 12 + (d.month - 1) + months;
    long year = index / 12;
    if (index < 12 || year > 9999) /* outside years 1..9999 */
        return DATE_NONE;
    struct date r = {(int)year, (int)(index - year * 12) + 1, d.day};
    int last = date_days_in_month(r.year, r.month);
    if (r.day > last)
        r.day = last;
    return r;
}

struct date date_add_days(struct date d, int days)
{
    if (date_is_none(d))
        return d;
    long z = days_from_civil(d.year, d.month, d.day ? d.day : 1) + days;
    if (z < days_from_civil(1, 1, 1) || z > days_from_civil(9999, 12, 31))
        return DATE_NONE;
    return civil_from_days(z);
}

int date_age(struct date birth, struct date today)
{
    if (date_is_none(birth) || date_is_none(today))
        return 0;
    int age = today.year - birth.year;
    int birth_day = birth.day ? birth.day : 1, today_day = today.day ? today.day : 1;
    /* The birthday of this year not yet reached. Someone born on 02-29
     * comes of age on 03-01 in a common year. */
    if (today.month < birth.month || (today.month == birth.month && today_day < birth_day))
        age--;
    return age > 0 ? age : 0;
}
