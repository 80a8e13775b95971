/* xlsx_write.c — one-sheet XLSX exports through libxlsxwriter: a bold,
 * frozen header row, every cell text, columns sized to their contents. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "formats/table.h"
#include "formats/table_impl.h"
#include "util/err.h"
#include "util/xmalloc.h"

/* Column widths in Excel's units (about one Latin digit): a CJK character is
 * two. Narrow columns cut off headers like "出生年月"; one long 备注 should
 * not push the rest of a roster off the screen, so widths are capped. */
#define XLSX_MIN_WIDTH 6.0
#define XLSX_MAX_WIDTH 50.0
/* libxlsxwriter's (unexported) string limit, Excel's 32767, in bytes. */
#define XLSX_MAX_CELL_BYTES 32767u

struct table_xlsx_writer {
    lxw_workbook *workbook;
    lxw_worksheet *sheet;
    lxw_format *header_format;
    lxw_row_t next_row;
    double widths[TABLE_MAX_COLS];
    size_t ncols;
    bool failed;
};

struct table_xlsx_writer *table_xlsx_writer_open(const char *path, const char *sheet_name)
{
    /* libxlsxwriter only creates the file in workbook_close(); create it
     * now so an unwritable path fails here, with errno, as promised. */
    FILE *probe = fopen(path, "wb");
    if (!probe)
        return NULL;
    fclose(probe);

    /* Constant memory: rows go to a temporary file as they are written, so
     * an export of every cadre does not sit in memory. It writes inline
     * strings, which our reader and Excel both read. */
    lxw_workbook_options options = {.constant_memory = LXW_TRUE};
    lxw_workbook *workbook = workbook_new_opt(path, &options);
    if (!workbook) {
        errno = ENOMEM;
        return NULL;
    }
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, sheet_name);
    if (!sheet) /* a name Excel refuses (over 31 characters, or []:*?/\) */
        sheet = workbook_add_worksheet(workbook, NULL);
    if (!sheet) {
        workbook_close(workbook);
        errno = EINVAL;
        return NULL;
    }
    struct table_xlsx_writer *w = xcalloc(1, sizeof *w);
    w->workbook = workbook;
    w->sheet = sheet;
    w->header_format = workbook_add_format(workbook);
    format_set_bold(w->header_format);
    worksheet_freeze_panes(sheet, 1, 0);
    return w;
}

/* Display width of `s` in Excel's units, for the column width. */
static double display_width(const char *s)
{
    double width = 0;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t step = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        width += c < 0x80 ? 1.1 : 2.1;
        while (step-- > 0 && *s)
            s++;
    }
    return width;
}

/* Excel holds at most 32767 characters in a cell; libxlsxwriter refuses a
 * longer string outright, so keep the start, cut on a character boundary. */
static const char *fit_cell(const char *cell, char **owned)
{
    size_t len = strlen(cell);
    *owned = NULL;
    if (len <= XLSX_MAX_CELL_BYTES)
        return cell;
    size_t cut = XLSX_MAX_CELL_BYTES;
    while (cut > 0 && ((unsigned char)cell[cut] & 0xC0) == 0x80)
        cut--;
    *owned = xstrndup(cell, cut);
    return *owned;
}

void table_xlsx_writer_row(struct table_xlsx_writer *w, const char *const *cells, size_t n)
{
    if (w->failed)
        return;
    if (w->next_row >= LXW_ROW_MAX || n > TABLE_MAX_COLS) {
        w->failed = true;
        return;
    }
    lxw_format *format = w->next_row == 0 ? w->header_format : NULL;
    for (size_t col = 0; col < n; col++) {
        if (!cells[col] || !cells[col][0])
            continue;
        char *owned;
        const char *text = fit_cell(cells[col], &owned);
        /* Always a string, never worksheet_write_formula: "=1+1" stays text,
         * so formula injection cannot run. */
        if (worksheet_write_string(w->sheet, w->next_row, (lxw_col_t)col, text, format) !=
            LXW_NO_ERROR)
            w->failed = true;
        double width = display_width(text);
        if (width > w->widths[col])
            w->widths[col] = width;
        free(owned);
    }
    if (n > w->ncols)
        w->ncols = n;
    w->next_row++;
}

int table_xlsx_writer_close(struct table_xlsx_writer *w)
{
    if (!w)
        return 0;
    for (size_t col = 0; col < w->ncols; col++) {
        double width = w->widths[col] + 2;
        if (width < XLSX_MIN_WIDTH)
            width = XLSX_MIN_WIDTH;
        if (width > XLSX_MAX_WIDTH)
            width = XLSX_MAX_WIDTH;
        worksheet_set_column(w->sheet, (lxw_col_t)col, (lxw_col_t)col, width, NULL);
    }
    bool failed = w->failed;
    if (workbook_close(w->workbook) != LXW_NO_ERROR)
        failed = true;
    free(w);
    return failed ? ERR_IO : 0;
}
