/* dates_fuzz.c — every accepted date form: date_parse_iso and
 * date_parse_loose on arbitrary text, Excel serials from the same bytes, and
 * the properties a parsed date must keep (valid; ISO text parses back to
 * itself; month arithmetic stays valid). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(struct date d)
{
    if (!date_valid(d))
        abort();
    char iso[16], dotted[16];
    date_format_iso(d, iso);
    date_format_dotted(d, dotted);
    struct date back;
    if (date_parse_iso(iso, &back) != 0 || date_compare(back, d) != 0 || back.day != d.day)
        abort();
    if (date_parse_loose(dotted, &back) != 0 || back.year != d.year || back.month != d.month)
        abort();
    const struct date today = {2025, 6, 15};
    int months = date_months_between(d, today);
    if (months < 0)
        abort();
    struct date later = date_add_months(d, months % 1200);
    if (!date_is_none(later) && !date_valid(later))
        abort();
    if (d.day) {
        struct date next = date_add_days(d, 40);
        if (!date_is_none(next) && !date_valid(next)) /* none past 9999-12-31 */
            abort();
    }
    (void)date_age(d, today);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    struct date d;
    if (date_parse_iso(s, &d) == 0)
        check(d);
    if (date_parse_loose(s, &d) == 0)
        check(d);
    if (size >= sizeof(double)) {
        double serial;
        memcpy(&serial, data, sizeof serial);
        if (date_from_excel_serial(serial, &d) == 0)
            check(d);
    }
    free(s);
    return 0;
}
