/* test_table.c — spreadsheets in and out: CSV quoting, encodings and the
 * formula guard; XLSX written by our writer and by libxlsxwriter directly
 * (dates, numbers, sparse rows, shared and rich strings) read back; and
 * hostile or broken zips refused with a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "formats/table.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define BYTES(s) s, sizeof(s) - 1

#define MAX_CELLS 28
#define MAX_ROWS 6

struct expect_row {
    int number;
    size_t ncells;
    const char *cells[MAX_CELLS]; /* NULL = empty cell */
};

static char tmpdir[] = "/tmp/cadre-test-table-XXXXXX";

static int setup_dir(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown_dir(void **state)
{
    (void)state;
    return nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static char *temp_path(struct arena *a, const char *name)
{
    return arena_sprintf(a, "%s/%s", tmpdir, name);
}

/* The whole file, in the arena. */
static char *slurp(struct arena *a, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long size = ftell(fp);
    assert_true(size >= 0);
    rewind(fp);
    char *buf = arena_alloc(a, (size_t)size + 1);
    assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    *len = (size_t)size;
    return buf;
}

static void assert_table(const struct table *t, const struct expect_row *rows, size_t nrows)
{
    assert_int_equal(t->nrows, nrows);
    for (size_t i = 0; i < nrows; i++) {
        const struct table_row *got = &t->rows[i];
        assert_int_equal(got->number, rows[i].number);
        assert_int_equal(got->ncells, rows[i].ncells);
        for (size_t j = 0; j < rows[i].ncells; j++) {
            if (!rows[i].cells[j]) {
                if (got->cells[j] && got->cells[j][0])
                    fail_msg("row %zu cell %zu: expected empty, got \"%s\"", i, j, got->cells[j]);
            } else {
                assert_non_null(got->cells[j]);
                assert_string_equal(got->cells[j], rows[i].cells[j]);
            }
        }
    }
}

static size_t count_rows(const struct expect_row *rows)
{
    size_t n = 0;
    while (n < MAX_ROWS && rows[n].number)
        n++;
    return n;
}

/* ---- CSV reading ------------------------------------------------------- */

static const struct csv_case {
    const char *name;
    const char *input;
    size_t len;
    struct expect_row rows[MAX_ROWS];
} csv_cases[] = {
    {"CRLF", BYTES("a,b\r\nc,d\r\n"), {{1, 2, {"a", "b"}}, {2, 2, {"c", "d"}}}},
    {"LF, no final line end",
     BYTES("姓名,性别\n张三,男"),
     {{1, 2, {"姓名", "性别"}}, {2, 2, {"张三", "男"}}}},
    {"CR only", BYTES("a\rb\r"), {{1, 1, {"a"}}, {2, 1, {"b"}}}},
    {"BOM skipped", BYTES("\xEF\xBB\xBF姓名,性别\r\n"), {{1, 2, {"姓名", "性别"}}}},
    {"quotes, commas, line breaks in cells",
     BYTES("\"a,b\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\r\nnext\r\n"),
     {{1, 3, {"a,b", "say \"hi\"", "line1\r\nline2"}}, {2, 1, {"next"}}}},
    {"empty rows skipped, numbers kept",
     BYTES("a\r\n\r\n,,\r\nb\n\nc"),
     {{1, 1, {"a"}}, {4, 1, {"b"}}, {6, 1, {"c"}}}},
    {"empty cells", BYTES("x,,z,\r\n"), {{1, 4, {"x", NULL, "z", NULL}}}},
    {"spaces kept", BYTES("  a , b \r\n"), {{1, 2, {"  a ", " b "}}}},
    {"formula guard removed, other quotes kept",
     BYTES("'=SUM(A1),'+1,'-5,'@x,'abc,''=x\r\n"),
     {{1, 6, {"=SUM(A1)", "+1", "-5", "@x", "'abc", "''=x"}}}},
    {"GB18030 converted",
     BYTES("\xD0\xD5\xC3\xFB\x2C\xD0\xD4\xB1\xF0\x0D\x0A\xD5\xC5\xC8\xFD\x2C\xC4\xD0\x0D\x0A"),
     {{1, 2, {"姓名", "性别"}}, {2, 2, {"张三", "男"}}}},
    {"empty file", BYTES(""), {{0}}},
};

static void test_csv_read(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(csv_cases); i++) {
        const struct csv_case *c = &csv_cases[i];
        print_message("csv: %s\n", c->name);
        struct arena *a = arena_new();
        struct table t;
        const char *msg = "unset";
        assert_int_equal(table_read_csv(c->input, c->len, a, &t, &msg), 0);
        assert_null(msg);
        assert_table(&t, c->rows, count_rows(c->rows));
        /* table_read picks the same reader for these bytes */
        struct table t2;
        assert_int_equal(table_read(c->input, c->len, a, &t2, &msg), 0);
        assert_int_equal(t2.nrows, t.nrows);
        arena_free(a);
    }
}

static const struct error_case {
    const char *name;
    const char *input;
    size_t len;
    const char *message_part;
} csv_errors[] = {
    {"unterminated quote", BYTES("a,\"b\r\nc\r\n"), "引号"},
    {"stray quote in a bare cell", BYTES("a\"b,c\r\n"), "引号"},
    {"neither UTF-8 nor GB18030", BYTES("ab\xFF\xFF\r\n"), "编码"},
    {"NUL byte", BYTES("a\0b\r\n"), "编码"},
    {"UTF-16",
     BYTES("\xFF\xFE"
           "a\0,\0"),
     "UTF-16"},
    {"old .xls", BYTES("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), ".xls"},
};

static void test_csv_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(csv_errors); i++) {
        const struct error_case *c = &csv_errors[i];
        print_message("csv error: %s\n", c->name);
        struct arena *a = arena_new();
        struct table t;
        const char *msg = NULL;
        assert_int_equal(table_read_csv(c->input, c->len, a, &t, &msg), ERR_INVALID);
        assert_non_null(msg);
        if (!strstr(msg, c->message_part))
            fail_msg("message \"%s\" lacks \"%s\"", msg, c->message_part);
        assert_int_equal(t.nrows, 0);
        arena_free(a);
    }
}

/* ---- writing and reading back ------------------------------------------ */

static const char *const written[][3] = {
    {"姓名", "备注", "公式"},
    {"张三", "含,逗号", "=1+1"},
    {"李\"四\"", "两行\n文字", NULL},
    {"-5", "+86 138", "@SUM(A1)"},
};

static void write_rows(enum table_format format, const char *path)
{
    struct table_writer *w = table_writer_open(format, path, "花名册");
    assert_non_null(w);
    for (size_t i = 0; i < N(written); i++)
        table_writer_row(w, written[i], 3);
    assert_int_equal(table_writer_close(w), 0);
}

static void assert_written_rows(const struct table *t)
{
    assert_int_equal(t->nrows, N(written));
    for (size_t i = 0; i < N(written); i++) {
        assert_int_equal(t->rows[i].number, (int)i + 1);
        for (size_t j = 0; j < 3; j++) {
            if (!written[i][j]) {
                assert_true(j >= t->rows[i].ncells || !t->rows[i].cells[j]);
                continue;
            }
            assert_true(j < t->rows[i].ncells);
            assert_non_null(t->rows[i].cells[j]);
            assert_string_equal(t->rows[i].cells[j], written[i][j]);
        }
    }
}

static void test_csv_write_round_trip(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *path = temp_path(a, "out.csv");
    write_rows(TABLE_CSV, path);

    size_t len;
    const char *bytes = slurp(a, path, &len);
    static const char expected[] = "\xEF\xBB\xBF\"姓名\",\"备注\",\"公式\"\r\n"
                                   "\"张三\",\"含,逗号\",\"'=1+1\"\r\n"
                                   "\"李\"\"四\"\"\",\"两行\n文字\",\"\"\r\n"
                                   "\"'-5\",\"'+86 138\",\"'@SUM(A1)\"\r\n";
    assert_int_equal(len, sizeof expected - 1);
    assert_memory_equal(bytes, expected, len);

    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read(bytes, len, a, &t, &msg), 0);
    assert_written_rows(&t);
    arena_free(a);
}

/* Entry `name` of the zip at `path`, NUL-terminated, in the arena. */
static char *zip_entry_text(struct arena *a, const char *path, const char *name)
{
    int err = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    char *text = arena_alloc(a, st.size + 1);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_discard(za);
    return text;
}

static void test_xlsx_write_round_trip(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *path = temp_path(a, "out.xlsx");
    write_rows(TABLE_XLSX, path);

    size_t len;
    const char *bytes = slurp(a, path, &len);
    assert_int_equal(table_sniff(bytes, len), TABLE_XLSX);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read(bytes, len, a, &t, &msg), 0);
    assert_written_rows(&t);

    /* The sheet's promises: named, header frozen, widths set, no formula. */
    const char *workbook = zip_entry_text(a, path, "xl/workbook.xml");
    assert_non_null(strstr(workbook, "name=\"花名册\""));
    const char *sheet = zip_entry_text(a, path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "ySplit=\"1\""));
    assert_non_null(strstr(sheet, "<cols>"));
    assert_null(strstr(sheet, "<f>"));
    const char *styles = zip_entry_text(a, path, "xl/styles.xml");
    assert_non_null(strstr(styles, "<b/>"));
    arena_free(a);
}

static void test_writer_open_fails(void **state)
{
    (void)state;
    errno = 0;
    assert_null(table_writer_open(TABLE_CSV, "/nonexistent-dir/x.csv", NULL));
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_null(table_writer_open(TABLE_XLSX, "/nonexistent-dir/x.xlsx", "名册"));
    assert_int_equal(errno, ENOENT);
    assert_int_equal(table_writer_close(NULL), 0);
}

/* ---- XLSX as Excel writes it (libxlsxwriter, shared strings) ----------- */

static void test_xlsx_read_libxlsxwriter(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *path = temp_path(a, "excel.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "名册");
    lxw_format *iso = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    lxw_format *builtin = workbook_add_format(wb);
    format_set_num_format_index(builtin, 14); /* Excel's m/d/yyyy */
    lxw_format *chinese = workbook_add_format(wb);
    format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format *elapsed = workbook_add_format(wb);
    format_set_num_format(elapsed, "[h]:mm");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);

    const char *header[] = {"姓名", "出生年月", "入党时间", "参加工作时间", "工时", "金额"};
    for (lxw_col_t c = 0; c < N(header); c++)
        worksheet_write_string(ws, 0, c, header[c], NULL);
    worksheet_write_string(ws, 1, 0, "张三", NULL);
    worksheet_write_datetime(ws, 1, 1, &(lxw_datetime){1975, 3, 8, 0, 0, 0}, iso);
    worksheet_write_number(ws, 1, 2, 36000, builtin);
    worksheet_write_datetime(ws, 1, 3, &(lxw_datetime){1995, 7, 1, 9, 30, 0}, chinese);
    worksheet_write_number(ws, 1, 4, 1.5, elapsed);
    worksheet_write_number(ws, 1, 5, 1234.5, money);
    /* row 3 (index 2) left out: a sparse sheet */
    worksheet_write_number(ws, 3, 0, 42, NULL);
    worksheet_write_number(ws, 3, 1, 3.25, NULL);
    worksheet_write_boolean(ws, 3, 2, 1, NULL);
    worksheet_write_string(ws, 3, 4, "张三", NULL); /* the same shared string again */
    lxw_rich_string_tuple plain = {.format = NULL, .string = "干部"};
    lxw_rich_string_tuple strong = {.format = bold, .string = "花名册"};
    lxw_rich_string_tuple *runs[] = {&plain, &strong, NULL};
    worksheet_write_rich_string(ws, 4, 0, runs, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    size_t len;
    const char *bytes = slurp(a, path, &len);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_xlsx(bytes, len, a, &t, &msg), 0);
    static const struct expect_row expected[] = {
        {1, 6, {"姓名", "出生年月", "入党时间", "参加工作时间", "工时", "金额"}},
        {2, 6, {"张三", "1975-03-08", "1998-07-24", "1995-07-01", "1.5", "1234.5"}},
        {4, 5, {"42", "3.25", "TRUE", NULL, "张三"}},
        {5, 1, {"干部花名册"}},
    };
    assert_table(&t, expected, N(expected));
    /* one shared string, not two copies */
    assert_ptr_equal(t.rows[1].cells[0], t.rows[2].cells[4]);
    arena_free(a);
}

/* ---- XLSX parts written by hand, for what libxlsxwriter never writes --- */

struct part {
    const char *name;
    const char *text;
    size_t len; /* 0: strlen(text) */
};

#define MAX_PARTS 5

static const char workbook_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"甲\" sheetId=\"1\" r:id=\"rId7\"/>"
    "<sheet name=\"乙\" sheetId=\"2\" r:id=\"rId8\"/></sheets></workbook>";

/* Non-default part names, so the relationships must be followed. */
static const char rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/second.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"/xl/worksheets/first.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"strs.xml\"/></Relationships>";

/* A rich string with a phonetic guide (<rPh>) that is not part of the text. */
static const char strings_xml[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>普通</t></si>"
    "<si><r><t>张</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> 三</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ちょう</t></rPh></si></sst>";

static const char first_sheet_xml[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    "<row><c t=\"inlineStr\"><is><t>内联</t></is></c><c><v>42.0</v></c>"
    "<c><v>0.30000000000000004</v></c><c t=\"str\"><f>A1&amp;\"x\"</f><v>普通x</v></c>"
    "<c t=\"e\"><v>#N/A</v></c><c s=\"0\"/></row>"
    "<row r=\"5\"/>"
    "<row r=\"7\" spans=\"1:28\">\n  <c r=\"AB7\"><v>1E3</v></c>\n</row>"
    "</sheetData></worksheet>";

static const char second_sheet_xml[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>第二张</t></is></c></row>"
    "</sheetData></worksheet>";

/* Writes a zip of the first `nparts` parts that have a name (stored uncompressed with `store`) and
 * returns its bytes in the arena. */
static char *make_zip(struct arena *a, const char *name, const struct part *parts, size_t nparts,
                      bool store, size_t *len)
{
    const char *path = temp_path(a, name);
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(za);
    for (size_t i = 0; i < nparts && parts[i].name; i++) {
        size_t n = parts[i].len ? parts[i].len : strlen(parts[i].text);
        zip_source_t *src = zip_source_buffer(za, parts[i].text, n, 0);
        assert_non_null(src);
        zip_int64_t index = zip_file_add(za, parts[i].name, src, ZIP_FL_OVERWRITE);
        assert_true(index >= 0);
        if (store)
            assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)index, ZIP_CM_STORE, 0), 0);
    }
    assert_int_equal(zip_close(za), 0);
    return slurp(a, path, len);
}

static void test_xlsx_read_parts(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const struct part parts[] = {
        {"xl/workbook.xml", workbook_xml, 0},
        {"xl/_rels/workbook.xml.rels", rels_xml, 0},
        {"xl/strs.xml", strings_xml, 0},
        {"xl/worksheets/first.xml", first_sheet_xml, 0},
        {"xl/worksheets/second.xml", second_sheet_xml, 0},
    };
    size_t len;
    const char *bytes = make_zip(a, "parts.xlsx", parts, N(parts), false, &len);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read(bytes, len, a, &t, &msg), 0);
    static const struct expect_row expected[] = {
        {1, 3, {"普通", NULL, "张 三"}},
        {2, 5, {"内联", "42", "0.3", "普通x", "#N/A"}},
        {7, 28, {[27] = "1000"}},
    };
    assert_table(&t, expected, N(expected));
    arena_free(a);
}

/* ---- broken and hostile files ------------------------------------------ */

static const char doctype_sheet_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY x \"boom\">]>"
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c>"
    "</row></sheetData></worksheet>";

static const char xxe_sheet_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c>"
    "</row></sheetData></worksheet>";

static const char bad_index_sheet_xml[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>"
    "</sheetData></worksheet>";

static const char wide_sheet_xml[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"IW1\"><v>1</v></c></row>"
    "</sheetData></worksheet>";

static const char truncated_sheet_xml[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\">";

static const char marked_sheet_xml[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>MARKER</t></is>"
    "</c></row></sheetData></worksheet>";

static const struct zip_error_case {
    const char *name;
    const char *sheet; /* xl/worksheets/first.xml; NULL leaves the workbook out */
    bool corrupt;      /* stored, then "MARKER" changed behind the CRC's back */
    const char *message_part;
} zip_errors[] = {
    {"no workbook", NULL, false, "xl/workbook.xml"},
    {"DOCTYPE with an internal entity", doctype_sheet_xml, false, "DTD"},
    {"external entity", xxe_sheet_xml, false, "DTD"},
    {"shared string index out of range", bad_index_sheet_xml, false, "共享字符串"},
    {"column beyond the limit", wide_sheet_xml, false, "256 列"},
    {"sheet XML cut short", truncated_sheet_xml, false, "XLSX"},
    {"entry data corrupt", marked_sheet_xml, true, "损坏"},
};

static void test_xlsx_zip_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(zip_errors); i++) {
        const struct zip_error_case *c = &zip_errors[i];
        print_message("xlsx error: %s\n", c->name);
        struct arena *a = arena_new();
        struct part parts[MAX_PARTS] = {{0}};
        if (c->sheet) {
            parts[0] = (struct part){"xl/workbook.xml", workbook_xml, 0};
            parts[1] = (struct part){"xl/_rels/workbook.xml.rels", rels_xml, 0};
            parts[2] = (struct part){"xl/worksheets/first.xml", c->sheet, 0};
        } else {
            parts[0] = (struct part){"readme.txt", "not a workbook", 0};
        }
        size_t len;
        char *bytes = make_zip(a, "bad.xlsx", parts, N(parts), c->corrupt, &len);
        if (c->corrupt) {
            char *marker = memmem(bytes, len, "MARKER", 6);
            assert_non_null(marker);
            marker[0] = 'X';
        }
        struct table t;
        const char *msg = NULL;
        assert_int_equal(table_read(bytes, len, a, &t, &msg), ERR_INVALID);
        assert_non_null(msg);
        if (!strstr(msg, c->message_part))
            fail_msg("message \"%s\" lacks \"%s\"", msg, c->message_part);
        assert_int_equal(t.nrows, 0);
        arena_free(a);
    }
}

static void test_xlsx_not_a_zip(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_xlsx(BYTES("hello, world"), a, &t, &msg), ERR_INVALID);
    assert_non_null(strstr(msg, "XLSX"));

    /* The first half of a real workbook: a local header, no directory. */
    const struct part parts[] = {{"xl/workbook.xml", workbook_xml, 0},
                                 {"xl/_rels/workbook.xml.rels", rels_xml, 0},
                                 {"xl/worksheets/first.xml", first_sheet_xml, 0}};
    size_t len;
    const char *bytes = make_zip(a, "half.xlsx", parts, N(parts), false, &len);
    msg = NULL;
    assert_int_equal(table_sniff(bytes, len / 2), TABLE_XLSX);
    assert_int_equal(table_read(bytes, len / 2, a, &t, &msg), ERR_INVALID);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "XLSX"));
    arena_free(a);
}

/* A sheet that inflates past TABLE_MAX_XML_BYTES: refused, not read. */
static void test_xlsx_zip_bomb(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    size_t big = TABLE_MAX_XML_BYTES + 1;
    char *spaces = xmalloc(big);
    memset(spaces, ' ', big);
    memcpy(spaces, "<worksheet>", 11);
    const struct part parts[] = {{"xl/workbook.xml", workbook_xml, 0},
                                 {"xl/_rels/workbook.xml.rels", rels_xml, 0},
                                 {"xl/worksheets/first.xml", spaces, big}};
    size_t len;
    const char *bytes = make_zip(a, "bomb.xlsx", parts, N(parts), false, &len);
    free(spaces);
    assert_true(len < 1u << 20);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read(bytes, len, a, &t, &msg), ERR_INVALID);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "过大"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_read),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_csv_write_round_trip),
        cmocka_unit_test(test_xlsx_write_round_trip),
        cmocka_unit_test(test_writer_open_fails),
        cmocka_unit_test(test_xlsx_read_libxlsxwriter),
        cmocka_unit_test(test_xlsx_read_parts),
        cmocka_unit_test(test_xlsx_zip_errors),
        cmocka_unit_test(test_xlsx_not_a_zip),
        cmocka_unit_test(test_xlsx_zip_bomb),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
