/* table_impl.h — what table.c needs from the per-format files: the CSV and
 * XLSX writers behind table_writer, and the formula guard both share. Not
 * for use outside src/formats/. */
#ifndef CADRE_TABLE_IMPL_H
#define CADRE_TABLE_IMPL_H

#include <stdbool.h>
#include <stddef.h>

/* True when a spreadsheet would take `cell` as a formula (it starts with
 * = + - @), so an export must neutralise it. NULL is false. */
bool table_cell_needs_guard(const char *cell);

/* CSV writer (csv.c): UTF-8 with BOM, CRLF, every field quoted by libcsv. */
struct table_csv_writer;
/* Returns owned writer, or NULL with errno set. */
struct table_csv_writer *table_csv_writer_open(const char *path);
void table_csv_writer_row(struct table_csv_writer *w, const char *const *cells, size_t n);
/* Finishes and frees; 0 or ERR_IO. */
int table_csv_writer_close(struct table_csv_writer *w);

/* XLSX writer (xlsx_write.c): one sheet, bold frozen header, text cells. */
struct table_xlsx_writer;
/* Returns owned writer, or NULL with errno set. */
struct table_xlsx_writer *table_xlsx_writer_open(const char *path, const char *sheet_name);
void table_xlsx_writer_row(struct table_xlsx_writer *w, const char *const *cells, size_t n);
/* Finishes and frees; 0 or ERR_IO. */
int table_xlsx_writer_close(struct table_xlsx_writer *w);

#endif
