/* date.h — calendar dates as personnel records hold them: a day, or only a
 * month ("1975.03"), and the month arithmetic that tenure is counted in. */
#ifndef CADRE_DATE_H
#define CADRE_DATE_H

#include <stdbool.h>

/* A date. `day == 0` means only the month is known; `year == 0` means no
 * date at all (an absent field). Values are plain; copy freely. */
struct date {
    int year;  /* 1..9999, or 0 for "none" */
    int month; /* 1..12 */
    int day;   /* 1..31, or 0 for month precision */
};

#define DATE_NONE ((struct date){0, 0, 0})

/* True when `d` is "none". Inline, with date_compare: the tenure
 * arithmetic calls both millions of times in a 资格名单. */
static inline bool date_is_none(struct date d)
{
    return d.year == 0;
}

/* True when `d` is a real calendar date (or a real month when day == 0):
 * February 29 only in leap years, no 2月30日, year 1..9999. "none" is not valid. */
bool date_valid(struct date d);

bool date_is_leap_year(int year);
/* Days in `month` of `year` (28..31). */
int date_days_in_month(int year, int month);

/* Parses the API form: "YYYY-MM-DD" or "YYYY-MM" exactly. Returns 0 and sets
 * `*out`, or ERR_INVALID (malformed or not a real date). */
int date_parse_iso(const char *s, struct date *out);

/* Parses the forms roster files use: "1975.03", "1975.3", "1975-03",
 * "1975/03", "1975-03-08", "1975.03.08", "1975/3/8", "197503", "19750308",
 * "1975年3月", "1975年3月8日", surrounding spaces ignored. Returns 0 or
 * ERR_INVALID. (Excel serial numbers are the xlsx reader's job: see
 * date_from_excel_serial.) */
int date_parse_loose(const char *s, struct date *out);

/* Converts an Excel 1900-system serial day number (e.g. 27461 = 1975-03-08)
 * to a date. Returns 0 or ERR_INVALID when out of range. */
int date_from_excel_serial(double serial, struct date *out);

/* Writes "YYYY-MM-DD" or "YYYY-MM" (month precision) into `buf` (>= 11
 * bytes); "" for none. Returns buf. */
char *date_format_iso(struct date d, char *buf);

/* Writes the form's style "1975.03" (always month precision) into `buf`
 * (>= 8 bytes); "" for none. Returns buf. */
char *date_format_dotted(struct date d, char *buf);

/* Writes the date as the UI and messages show it: "1975.03" for a month,
 * "1975.03.08" for a day, into `buf` (>= 11 bytes); "" for none. Returns
 * buf. */
char *date_format_display(struct date d, char *buf);

/* <0, 0, >0 as a is before, same as, after b. A month-precision date compares
 * as the first of its month. "none" sorts first. */
static inline int date_compare(struct date a, struct date b)
{
    if (date_is_none(a) || date_is_none(b))
        return date_is_none(b) - date_is_none(a);
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    int da = a.day ? a.day : 1, db = b.day ? b.day : 1;
    return (da > db) - (da < db);
}

/* How finely two dates are compared when one may be only a month. The
 * records hold both ("1975.03" from a roster, "1975-03-08" from an ID
 * number), and each question means one of these; say which. */
enum date_precision {
    DATE_PRECISION_DAY,    /* a month-only date counts as the first of its
                              month (date_compare): effective dates of rules */
    DATE_PRECISION_MONTH,  /* year and month only: the day is ignored
                              (retirement rows are chosen by birth month) */
    DATE_PRECISION_SHARED, /* the precision both share: by month when either is
                              only a month, else by day. A roster's 2021.05 is
                              neither before nor after a precise 2021-05-20,
                              so a check cannot fault one against the other */
};

/* <0, 0, >0 as `a` is before, same as, after `b` at `precision`. "none"
 * sorts first, as in date_compare. Inline: the tenure checks call it for
 * every pair of career records in a 资格名单. */
static inline int date_compare_at(struct date a, struct date b, enum date_precision precision)
{
    if (precision == DATE_PRECISION_MONTH ||
        (precision == DATE_PRECISION_SHARED && (a.day == 0 || b.day == 0))) {
        a.day = 0;
        b.day = 0;
    }
    return date_compare(a, b);
}

/* Whole months from `from` to `to`, counted as personnel offices count
 * tenure: from the start month, (to.year - from.year) * 12 + (to.month -
 * from.month), minus one when `to` has a day and `from` has a day and
 * to.day < from.day (the month anniversary is not yet reached; a start on the
 * 31st is reached on the last day of a shorter month). 0 when `to` is before
 * `from`. The one function tenure is counted with (docs/tenure.md). */
int date_months_between(struct date from, struct date to);

/* Adds `months` (may be negative) keeping the day, clamped to the month's
 * end (2024-01-31 + 1 month = 2024-02-29). Month precision stays so. */
struct date date_add_months(struct date d, int months);

/* Adds `days` to a day-precision date (month precision is treated as day 1). */
struct date date_add_days(struct date d, int days);

/* Age in whole years on `today` of someone born on `birth` (a month-precision
 * birth date counts from the first of the month). */
int date_age(struct date birth, struct date today);

#endif
