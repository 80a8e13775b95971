/* csv.c — CSV in and out through libcsv: UTF-8 (or GB18030, as Excel on a
 * Chinese Windows saves "CSV") in, UTF-8 with a BOM and CRLF out. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/table.h"
#include "formats/table_impl.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* ---- reading ---------------------------------------------------------- */

struct csv_in {
    struct arena *arena;
    struct table_row *rows; /* xrealloc'd; handed to the arena on success */
    size_t nrows, rows_cap;
    const char *cells[TABLE_MAX_COLS];
    size_t ncells;
    bool row_has_text;
    int record_number;   /* records seen so far, as Excel numbers rows */
    int last_terminator; /* the byte that ended the previous record */
    const char *error;   /* first problem, in the arena */
};

/* libcsv trims spaces and tabs around unquoted fields by default; the
 * contract is to trim nothing ("  张三" stays as the file has it). */
static int csv_no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Our export writes "'=..." so Excel shows the text instead of running it;
 * reading it back removes exactly that one quote. */
static const char *strip_formula_guard(const char *cell)
{
    if (cell[0] == '\'' && table_cell_needs_guard(cell + 1))
        return cell + 1;
    return cell;
}

static void csv_on_field(void *field, size_t len, void *data)
{
    struct csv_in *in = data;
    if (in->error)
        return;
    if (in->ncells == TABLE_MAX_COLS) {
        /* Trailing empty fields (",,,," to the right edge) are harmless. */
        if (len > 0)
            in->error = arena_sprintf(in->arena, "第 %d 行超过 %d 列，无法读取",
                                      in->record_number + 1, TABLE_MAX_COLS);
        return;
    }
    const char *cell = NULL;
    if (len > 0) {
        cell = strip_formula_guard(arena_strndup(in->arena, field, len));
        in->row_has_text = true;
    }
    in->cells[in->ncells++] = cell;
}

static void csv_on_row_end(int terminator, void *data)
{
    struct csv_in *in = data;
    /* With CSV_REPALL_NL libcsv reports every line end, so blank lines count
     * as rows as Excel counts them; but the LF of a CRLF after a record is
     * reported as a record of its own, which is not a row. */
    bool crlf_tail = in->ncells == 0 && terminator == '\n' && in->last_terminator == '\r';
    in->last_terminator = terminator;
    if (crlf_tail)
        return;
    in->record_number++;
    if (in->error || !in->row_has_text) {
        in->ncells = 0;
        in->row_has_text = false;
        return;
    }
    if (in->nrows == TABLE_MAX_ROWS) {
        in->error = arena_sprintf(in->arena, "文件超过 %d 行，无法读取", TABLE_MAX_ROWS);
        return;
    }
    if (in->nrows == in->rows_cap) {
        in->rows_cap = in->rows_cap ? in->rows_cap * 2 : 256;
        in->rows = xrealloc(in->rows, in->rows_cap * sizeof *in->rows);
    }
    struct table_row *row = &in->rows[in->nrows++];
    row->number = in->record_number;
    row->ncells = in->ncells;
    row->cells = arena_calloc(in->arena, in->ncells, sizeof *row->cells);
    memcpy(row->cells, in->cells, in->ncells * sizeof *row->cells);
    in->ncells = 0;
    in->row_has_text = false;
}

/* Converts GB18030 (a superset of GBK and GB2312, what Excel on a Chinese
 * Windows writes as "CSV") to UTF-8. Returns owned text and its length in
 * `*out_len`, or NULL when the bytes are not GB18030 either. */
static char *gb18030_to_utf8(const char *in, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return NULL;
    /* Each GB18030 sequence of n bytes becomes at most 3n/2 + 1 UTF-8 bytes;
     * len is at most TABLE_MAX_BYTES, so 2 * len + 1 cannot overflow. */
    size_t cap = 2 * len + 1;
    char *out = xmalloc(cap);
    char *src = (char *)in, *dst = out;
    size_t src_left = len, dst_left = cap;
    size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    if (rc != (size_t)-1)
        rc = iconv(cd, NULL, NULL, &dst, &dst_left);
    iconv_close(cd);
    if (rc == (size_t)-1 || src_left != 0) {
        free(out);
        return NULL;
    }
    *out_len = (size_t)(dst - out);
    return out;
}

int table_read_csv(const void *data, size_t len, struct arena *a, struct table *out,
                   const char **msg)
{
    const char *text = data;
    char *converted = NULL;
    memset(out, 0, sizeof *out);
    *msg = NULL;

    if (len > TABLE_MAX_BYTES) {
        *msg = arena_sprintf(a, "文件超过 %u MB，无法读取", TABLE_MAX_BYTES >> 20);
        return ERR_INVALID;
    }
    /* table_read sends everything that is not a zip here, so an old .xls
     * (an OLE2 compound file) arrives too; say what it is. */
    if (len >= 8 && memcmp(text, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        *msg = "这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 或 CSV UTF-8 后再导入";
        return ERR_INVALID;
    }
    if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
        *msg =
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为“CSV UTF-8（逗号分隔）”后再导入";
        return ERR_INVALID;
    }
    if (len >= 3 && memcmp(text, utf8_bom, 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (!utf8_valid(text, len)) {
        size_t converted_len = 0;
        converted = gb18030_to_utf8(text, len, &converted_len);
        if (!converted || !utf8_valid(converted, converted_len)) {
            free(converted);
            *msg = "文件编码无法识别：既不是 UTF-8 也不是 GB18030，请另存为“CSV "
                   "UTF-8（逗号分隔）”后再导入";
            return ERR_INVALID;
        }
        text = converted;
        len = converted_len;
    }

    struct csv_in in = {.arena = a};
    struct csv_parser parser;
    /* Strict: a stray quote or an unterminated quoted cell is an error rather
     * than a silent shift of every later cell. */
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
        abort(); /* only fails when out of memory */
    csv_set_realloc_func(&parser, xrealloc);
    csv_set_free_func(&parser, free);
    csv_set_space_func(&parser, csv_no_space);

    int rc = 0;
    if (csv_parse(&parser, text, len, csv_on_field, csv_on_row_end, &in) != len ||
        csv_fini(&parser, csv_on_field, csv_on_row_end, &in) != 0) {
        if (!in.error)
            in.error =
                arena_sprintf(a, "CSV 格式错误（第 %d 行附近）：引号不配对或引号后有多余字符",
                              in.record_number + 1);
    }
    csv_free(&parser);
    free(converted);

    if (in.error) {
        free(in.rows);
        *msg = in.error;
        rc = ERR_INVALID;
    } else {
        if (in.rows)
            arena_defer(a, free, in.rows);
        out->rows = in.rows;
        out->nrows = in.nrows;
    }
    return rc;
}

/* ---- writing ---------------------------------------------------------- */

struct table_csv_writer {
    FILE *fp;
    bool failed;
};

struct table_csv_writer *table_csv_writer_open(const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return NULL;
    struct table_csv_writer *w = xcalloc(1, sizeof *w);
    w->fp = fp;
    /* The BOM is what makes Excel read the file as UTF-8 rather than GBK. */
    if (fwrite(utf8_bom, 1, 3, fp) != 3)
        w->failed = true;
    return w;
}

void table_csv_writer_row(struct table_csv_writer *w, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n && !w->failed; i++) {
        if (i > 0 && fputc(',', w->fp) == EOF)
            w->failed = true;
        const char *cell = cells[i] ? cells[i] : "";
        char *guarded = NULL;
        if (table_cell_needs_guard(cell))
            cell = guarded = xasprintf("'%s", cell);
        /* csv_fwrite quotes every field and doubles inner quotes, so commas
         * and line breaks inside a cell survive. */
        if (!w->failed && csv_fwrite(w->fp, cell, strlen(cell)) != 0)
            w->failed = true;
        free(guarded);
    }
    if (!w->failed && fputs("\r\n", w->fp) == EOF)
        w->failed = true;
}

int table_csv_writer_close(struct table_csv_writer *w)
{
    if (!w)
        return 0;
    bool failed = w->failed || ferror(w->fp);
    if (fclose(w->fp) != 0)
        failed = true;
    free(w);
    return failed ? ERR_IO : 0;
}
