/* table.h — spreadsheets as rows of text cells: CSV (libcsv) and XLSX
 * (libzip + libxml2 reader in, libxlsxwriter out). Both readers work on a
 * buffer in memory, so the CLI and an HTTP upload share them. */
#ifndef CADRE_TABLE_H
#define CADRE_TABLE_H

#include <stddef.h>

struct arena;

struct table_row {
    int number; /* row number as the spreadsheet shows it (1-based) */
    size_t ncells;
    const char **cells; /* UTF-8 text, trimmed of nothing; NULL/"" for empty */
};

struct table {
    struct table_row *rows;
    size_t nrows;
};

enum table_format { TABLE_CSV, TABLE_XLSX };

/* Largest file either reader accepts, and most rows/columns (limits against
 * hostile files: a zip bomb, a sheet of a million empty columns). */
#define TABLE_MAX_BYTES (64u << 20)
/* Largest XML part of an XLSX once inflated. It is read as a stream and
 * never held whole, but a zip bomb must still stop somewhere; our own
 * export of 100,000 people inflates to about 90 MB. */
#define TABLE_MAX_XML_BYTES (512u << 20)
#define TABLE_MAX_ROWS 2000000
#define TABLE_MAX_COLS 256

/* Guesses the format from the first bytes ("PK\3\4" → XLSX, else CSV). */
enum table_format table_sniff(const void *data, size_t len);

/* Reads CSV (RFC 4180, comma-separated; a UTF-8 BOM skipped; GB18030 input
 * converted to UTF-8 when it is not valid UTF-8). A cell starting with "'"
 * followed by = + - @ (our export's formula guard) has the "'" removed.
 * Rows entirely empty are skipped. Everything is allocated in `a`.
 * Returns 0, or ERR_INVALID with a Chinese message in `*msg` (in `a`). */
int table_read_csv(const void *data, size_t len, struct arena *a, struct table *out,
                   const char **msg);

/* Reads the first worksheet of an XLSX file: shared and inline strings,
 * numbers as written (integers without ".0"), booleans, and cells whose
 * number format is a date turned into "YYYY-MM-DD". No DTD, no entities, no
 * network (libxml2 reader with XML_PARSE_NONET, DTD refused). Guards against
 * zip bombs by the uncompressed size. Returns 0 or ERR_INVALID + `*msg`. */
int table_read_xlsx(const void *data, size_t len, struct arena *a, struct table *out,
                    const char **msg);

/* Either reader by table_sniff. */
int table_read(const void *data, size_t len, struct arena *a, struct table *out, const char **msg);

/* A writer of rows into a file. */
struct table_writer;

/* Opens `path` for writing in `format`; XLSX gets one sheet named
 * `sheet_name` with the header row bold and frozen. CSV is written as UTF-8
 * with a BOM (so Excel shows Chinese) and CRLF line ends. Returns owned
 * writer or NULL (errno set) when the file cannot be created. */
struct table_writer *table_writer_open(enum table_format format, const char *path,
                                       const char *sheet_name);

/* Writes one row of `n` cells (NULL = empty). Every cell is written as text;
 * a cell starting with = + - @ gets a leading "'" in CSV and is written as a
 * string (never a formula) in XLSX, so formula injection cannot run. */
void table_writer_row(struct table_writer *w, const char *const *cells, size_t n);

/* Finishes and frees the writer. Returns 0 or ERR_IO. NULL is a no-op (0). */
int table_writer_close(struct table_writer *w);

#endif
