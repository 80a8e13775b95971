/* table.c — format sniffing and the dispatch from table_read/table_writer
 * to the CSV and XLSX implementations. */
#include "formats/table.h"

#include <stdlib.h>
#include <string.h>

#include "formats/table_impl.h"
#include "util/err.h"
#include "util/xmalloc.h"

struct table_writer {
    enum table_format format;
    struct table_csv_writer *csv;
    struct table_xlsx_writer *xlsx;
};

bool table_cell_needs_guard(const char *cell)
{
    return cell && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@');
}

enum table_format table_sniff(const void *data, size_t len)
{
    /* Every zip (and so every XLSX) starts with a local file header. */
    if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return TABLE_XLSX;
    return TABLE_CSV;
}

int table_read(const void *data, size_t len, struct arena *a, struct table *out, const char **msg)
{
    if (table_sniff(data, len) == TABLE_XLSX)
        return table_read_xlsx(data, len, a, out, msg);
    return table_read_csv(data, len, a, out, msg);
}

struct table_writer *table_writer_open(enum table_format format, const char *path,
                                       const char *sheet_name)
{
    struct table_writer *w = xcalloc(1, sizeof *w);
    w->format = format;
    if (format == TABLE_XLSX)
        w->xlsx = table_xlsx_writer_open(path, sheet_name);
    else
        w->csv = table_csv_writer_open(path);
    if (!w->xlsx && !w->csv) {
        free(w); /* free() keeps errno on glibc */
        return NULL;
    }
    return w;
}

void table_writer_row(struct table_writer *w, const char *const *cells, size_t n)
{
    if (w->xlsx)
        table_xlsx_writer_row(w->xlsx, cells, n);
    else
        table_csv_writer_row(w->csv, cells, n);
}

int table_writer_close(struct table_writer *w)
{
    if (!w)
        return 0;
    int rc = w->xlsx ? table_xlsx_writer_close(w->xlsx) : table_csv_writer_close(w->csv);
    free(w);
    return rc;
}
