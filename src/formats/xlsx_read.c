/* xlsx_read.c — the values of an XLSX file's first worksheet, read with
 * libzip from memory and libxml2's streaming reader (no DTD, no entities, no
 * network), every entry capped by its uncompressed size. */
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/date.h"
#include "formats/table.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define NOT_XLSX "文件不是有效的 XLSX 工作簿"

/* Excel's own limit; a larger row number in a cell reference is garbage. */
#define XLSX_MAX_ROW_NUMBER 1048576L

struct xlsx_in {
    struct arena *arena;
    zip_t *zip;
    const char *error; /* the first problem, a Chinese sentence */
    bool date1904;     /* workbookPr date1904: serials count from 1904 */
    const char *sheet_path, *strings_path, *styles_path;
    const char **strings; /* shared strings (arena text, NULL for "") */
    size_t nstrings, strings_cap;
    bool *xf_is_date; /* per cellXfs entry: its number format shows a date */
    size_t nxf, xf_cap;
    struct table_row *rows; /* handed to the arena on success */
    size_t nrows, rows_cap;
};

/* One zip entry parsed as XML. */
struct xml_entry {
    const char *name;
    zip_file_t *file;
    xmlTextReaderPtr reader;
    zip_uint64_t bytes; /* uncompressed bytes read so far */
    bool too_large, zip_failed;
};

static void fail(struct xlsx_in *x, const char *message)
{
    if (!x->error)
        x->error = message;
}

/* ---- zip entries as XML ---------------------------------------------- */

/* Feeds the XML parser from the zip entry, counting what is inflated: the
 * sizes in the zip's directory are the attacker's to choose, the bytes
 * actually produced are not. */
static int entry_read(void *context, char *buffer, int len)
{
    struct xml_entry *e = context;
    if (len <= 0)
        return 0;
    zip_int64_t n = zip_fread(e->file, buffer, (zip_uint64_t)len);
    if (n < 0) {
        e->zip_failed = true;
        return -1;
    }
    e->bytes += (zip_uint64_t)n;
    if (e->bytes > TABLE_MAX_XML_BYTES) {
        e->too_large = true;
        return -1;
    }
    return (int)n;
}

/* libxml2 would print parse errors on stderr; the caller reports them. */
static void xml_quiet(void *arg, xmlErrorPtr error)
{
    (void)arg;
    (void)error;
}

/* Opens entry `name`. Returns 1 when open, 0 when the entry does not exist,
 * -1 on error (x->error set). */
static int entry_open(struct xlsx_in *x, const char *name, struct xml_entry *e)
{
    memset(e, 0, sizeof *e);
    e->name = name;
    zip_int64_t index = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    if (index < 0)
        return 0;
    zip_stat_t st;
    if (zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > TABLE_MAX_XML_BYTES) {
        fail(x, arena_sprintf(x->arena, "文件过大：%s 解压后超过 %u MB，无法读取", name,
                              TABLE_MAX_XML_BYTES >> 20));
        return -1;
    }
    e->file = zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
    if (!e->file) {
        fail(x, arena_sprintf(x->arena, NOT_XLSX "：无法解压 %s（已加密或已损坏）", name));
        return -1;
    }
    /* No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR
     * (nothing is fetched), NONET for good measure; a DOCTYPE is refused
     * outright in xml_next. */
    e->reader = xmlReaderForIO(entry_read, NULL, e, name, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!e->reader) {
        zip_fclose(e->file);
        e->file = NULL;
        fail(x, arena_sprintf(x->arena, NOT_XLSX "：%s 无法读取", name));
        return -1;
    }
    xmlTextReaderSetStructuredErrorHandler(e->reader, xml_quiet, NULL);
    return 1;
}

static void entry_close(struct xml_entry *e)
{
    if (e->reader)
        xmlFreeTextReader(e->reader);
    if (e->file)
        zip_fclose(e->file);
    e->reader = NULL;
    e->file = NULL;
}

/* Moves to the next node. Returns 1 on a node, 0 at the end of the
 * document, -1 on an error (x->error set). */
static int xml_next(struct xlsx_in *x, struct xml_entry *e)
{
    int rc = xmlTextReaderRead(e->reader);
    if (rc == 1) {
        int type = xmlTextReaderNodeType(e->reader);
        /* Office never writes a DTD; one here can only be an entity attack
         * (billion laughs, external entities), so refuse the file. */
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY ||
            type == XML_READER_TYPE_ENTITY_REFERENCE) {
            fail(x, arena_sprintf(x->arena, NOT_XLSX "：%s 含有 DTD 声明，已拒绝", e->name));
            return -1;
        }
        return 1;
    }
    if (rc < 0) {
        if (e->too_large)
            fail(x, arena_sprintf(x->arena, "文件过大：%s 解压后超过 %u MB，无法读取", e->name,
                                  TABLE_MAX_XML_BYTES >> 20));
        else if (e->zip_failed)
            fail(x, arena_sprintf(x->arena, NOT_XLSX "：%s 的压缩数据已损坏", e->name));
        else
            fail(x, arena_sprintf(x->arena, NOT_XLSX "：%s 的 XML 格式错误", e->name));
    }
    return rc;
}

static bool is_element(xmlTextReaderPtr r, const char *local_name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), local_name) == 0;
}

static bool is_end(xmlTextReaderPtr r, const char *local_name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), local_name) == 0;
}

/* Attribute `name` of the current element copied into the arena, or NULL. */
static const char *attr_dup(struct xlsx_in *x, xmlTextReaderPtr r, const char *name)
{
    xmlChar *value = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    if (!value)
        return NULL;
    const char *copy = arena_strdup(x->arena, (const char *)value);
    xmlFree(value);
    return copy;
}

/* Attribute `name` into `buf` (cut to `size`); "" when absent. For the short
 * attributes of every cell, which should not pile up in the arena. */
static const char *attr_buf(xmlTextReaderPtr r, const char *name, char *buf, size_t size)
{
    xmlChar *value = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    buf[0] = '\0';
    if (value) {
        snprintf(buf, size, "%s", (const char *)value);
        xmlFree(value);
    }
    return buf;
}

/* Parses a non-negative decimal attribute; -1 when absent or not digits. */
static long parse_index(const char *s)
{
    if (!s || !isdigit((unsigned char)s[0]))
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    return *end == '\0' && v >= 0 ? v : -1;
}

/* Appends the text of the element the reader is on to `sb` and leaves the
 * reader on its end tag. With `in_t`, only text inside <t> counts (the
 * runs of a rich string) and phonetic guides (<rPh>) are skipped; without,
 * the element's own text (a <v>). Returns 0 or -1 (x->error set). */
static int collect_text(struct xlsx_in *x, struct xml_entry *e, bool in_t, struct strbuf *sb)
{
    xmlTextReaderPtr r = e->reader;
    if (xmlTextReaderIsEmptyElement(r))
        return 0;
    int depth = xmlTextReaderDepth(r);
    int text_depth = in_t ? -1 : depth + 1; /* depth where wanted text sits */
    int skip_depth = -1;
    int rc;
    while ((rc = xml_next(x, e)) == 1) {
        int type = xmlTextReaderNodeType(r);
        int d = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (d == depth)
                return 0;
            if (d == skip_depth)
                skip_depth = -1;
            if (in_t && d + 1 == text_depth)
                text_depth = -1;
        } else if (type == XML_READER_TYPE_ELEMENT) {
            if (xmlTextReaderIsEmptyElement(r) || skip_depth >= 0)
                continue;
            if (in_t && is_element(r, "rPh"))
                skip_depth = d;
            else if (in_t && is_element(r, "t"))
                text_depth = d + 1;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                    type == XML_READER_TYPE_WHITESPACE ||
                    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
                   d == text_depth && skip_depth < 0) {
            strbuf_puts(sb, (const char *)xmlTextReaderConstValue(r));
        }
    }
    if (rc == 0)
        fail(x, arena_sprintf(x->arena, NOT_XLSX "：%s 不完整", e->name));
    return -1;
}

/* ---- workbook: which sheet is first, and where its parts are ----------- */

/* The first <sheet>'s r:id, and whether dates count from 1904. */
static int read_workbook(struct xlsx_in *x, const char **sheet_rid)
{
    struct xml_entry e;
    int rc = entry_open(x, "xl/workbook.xml", &e);
    if (rc == 0)
        fail(x, NOT_XLSX "：缺少 xl/workbook.xml");
    if (rc <= 0)
        return -1;
    *sheet_rid = NULL;
    while (!*sheet_rid && (rc = xml_next(x, &e)) == 1) {
        xmlTextReaderPtr r = e.reader;
        if (is_element(r, "workbookPr")) {
            char buf[8];
            attr_buf(r, "date1904", buf, sizeof buf);
            x->date1904 = strcmp(buf, "1") == 0 || strcmp(buf, "true") == 0;
        } else if (is_element(r, "sheet")) {
            /* r:id, in the transitional or the strict namespace alike */
            while (xmlTextReaderMoveToNextAttribute(r) == 1) {
                if (xmlTextReaderConstNamespaceUri(r) &&
                    strcmp((const char *)xmlTextReaderConstLocalName(r), "id") == 0) {
                    *sheet_rid = arena_strdup(x->arena, (const char *)xmlTextReaderConstValue(r));
                    break;
                }
            }
            xmlTextReaderMoveToElement(r);
            if (!*sheet_rid)
                *sheet_rid = ""; /* a sheet without r:id: fall back to sheet1 */
        }
    }
    entry_close(&e);
    if (rc < 0)
        return -1;
    if (!*sheet_rid) {
        fail(x, NOT_XLSX "：工作簿中没有工作表");
        return -1;
    }
    return 0;
}

/* A relationship target is relative to xl/ unless it starts with "/". */
static const char *part_path(struct xlsx_in *x, const char *target)
{
    if (target[0] == '/')
        return target + 1;
    return arena_sprintf(x->arena, "xl/%s", target);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The paths of the sheet, the shared strings and the styles from
 * xl/_rels/workbook.xml.rels, defaulting to the names Excel uses. */
static int read_relationships(struct xlsx_in *x, const char *sheet_rid)
{
    x->sheet_path = "xl/worksheets/sheet1.xml";
    x->strings_path = "xl/sharedStrings.xml";
    x->styles_path = "xl/styles.xml";
    struct xml_entry e;
    int rc = entry_open(x, "xl/_rels/workbook.xml.rels", &e);
    if (rc <= 0)
        return rc;
    while ((rc = xml_next(x, &e)) == 1) {
        if (!is_element(e.reader, "Relationship"))
            continue;
        const char *id = attr_dup(x, e.reader, "Id");
        const char *type = attr_dup(x, e.reader, "Type");
        const char *target = attr_dup(x, e.reader, "Target");
        if (!target || !type || !target[0])
            continue;
        if (id && strcmp(id, sheet_rid) == 0)
            x->sheet_path = part_path(x, target);
        else if (ends_with(type, "/sharedStrings"))
            x->strings_path = part_path(x, target);
        else if (ends_with(type, "/styles"))
            x->styles_path = part_path(x, target);
    }
    entry_close(&e);
    return rc < 0 ? -1 : 0;
}

/* ---- shared strings ------------------------------------------------------ */

static int read_shared_strings(struct xlsx_in *x)
{
    struct xml_entry e;
    int rc = entry_open(x, x->strings_path, &e);
    if (rc <= 0)
        return rc; /* a workbook of numbers only has none */
    struct strbuf sb = STRBUF_INIT;
    while ((rc = xml_next(x, &e)) == 1) {
        if (!is_element(e.reader, "si"))
            continue;
        strbuf_reset(&sb);
        if (collect_text(x, &e, true, &sb) < 0) {
            rc = -1;
            break;
        }
        if (x->nstrings == x->strings_cap) {
            x->strings_cap = x->strings_cap ? x->strings_cap * 2 : 256;
            x->strings = xrealloc(x->strings, x->strings_cap * sizeof *x->strings);
        }
        x->strings[x->nstrings++] = sb.len ? arena_strndup(x->arena, sb.data, sb.len) : NULL;
    }
    strbuf_release(&sb);
    entry_close(&e);
    return rc < 0 ? -1 : 0;
}

/* ---- styles: which cell formats are dates -------------------------------- */

/* Excel's built-in number formats that show a date or a time (ECMA-376
 * §18.8.30; 27–36 and 50–58 are the East Asian date formats). */
static bool builtin_format_is_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* True when a custom format code such as "yyyy\"年\"m\"月\"" shows a date:
 * it has y, d, or m outside quoted text, escapes and [...] sections, and m is
 * not the minutes of a time ("h:mm", "mm:ss", "[h]:mm"). */
static bool format_code_is_date(const char *code)
{
    bool has_date = false, has_month_or_minute = false, has_time = false;
    for (const char *p = code; *p && *p != ';'; p++) {
        switch (*p) {
        case '"':
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
            break;
        case '\\':
        case '_':
        case '*':
            if (p[1])
                p++;
            break;
        case '[': {
            /* [Red], [$-804], [DBNum1] are decoration; [h], [mm], [ss] are
             * elapsed time. */
            const char *close = strchr(p, ']');
            if (!close)
                return has_date || (has_month_or_minute && !has_time);
            char c = (char)tolower((unsigned char)p[1]);
            if (c == 'h' || c == 'm' || c == 's') {
                bool elapsed = true;
                for (const char *q = p + 1; q < close; q++)
                    if (tolower((unsigned char)*q) != c)
                        elapsed = false;
                if (elapsed)
                    has_time = true;
            }
            p = close;
            break;
        }
        case 'y':
        case 'Y':
        case 'd':
        case 'D':
            has_date = true;
            break;
        case 'm':
        case 'M':
            has_month_or_minute = true;
            break;
        case 'h':
        case 'H':
        case 's':
        case 'S':
            has_time = true;
            break;
        default:
            break;
        }
    }
    return has_date || (has_month_or_minute && !has_time);
}

struct custom_format {
    long id;
    bool is_date;
};

static int read_styles(struct xlsx_in *x)
{
    struct xml_entry e;
    int rc = entry_open(x, x->styles_path, &e);
    if (rc <= 0)
        return rc; /* no styles: no dates, every number as a number */
    struct custom_format *formats = NULL;
    size_t nformats = 0, formats_cap = 0;
    int xfs_depth = -1; /* depth of <cellXfs> while inside it */
    while ((rc = xml_next(x, &e)) == 1) {
        xmlTextReaderPtr r = e.reader;
        if (is_element(r, "numFmt")) {
            long id = parse_index(attr_dup(x, r, "numFmtId"));
            const char *code = attr_dup(x, r, "formatCode");
            if (id < 0 || !code)
                continue;
            if (nformats == formats_cap) {
                formats_cap = formats_cap ? formats_cap * 2 : 16;
                formats = xrealloc(formats, formats_cap * sizeof *formats);
            }
            formats[nformats++] = (struct custom_format){id, format_code_is_date(code)};
        } else if (is_element(r, "cellXfs") && !xmlTextReaderIsEmptyElement(r)) {
            xfs_depth = xmlTextReaderDepth(r);
        } else if (is_end(r, "cellXfs")) {
            xfs_depth = -1;
        } else if (xfs_depth >= 0 && is_element(r, "xf") &&
                   xmlTextReaderDepth(r) == xfs_depth + 1) {
            char buf[16];
            long id = parse_index(attr_buf(r, "numFmtId", buf, sizeof buf));
            bool is_date = builtin_format_is_date(id);
            for (size_t i = 0; i < nformats; i++)
                if (formats[i].id == id)
                    is_date = formats[i].is_date;
            if (x->nxf == x->xf_cap) {
                x->xf_cap = x->xf_cap ? x->xf_cap * 2 : 64;
                x->xf_is_date = xrealloc(x->xf_is_date, x->xf_cap * sizeof *x->xf_is_date);
            }
            x->xf_is_date[x->nxf++] = is_date;
        }
    }
    free(formats);
    entry_close(&e);
    return rc < 0 ? -1 : 0;
}

/* ---- the worksheet ----------------------------------------------------- */

/* Column index of a reference like "AB12" (A = 0), or -1 when it has no
 * letters or more than Excel's three. */
static long ref_column(const char *ref)
{
    long col = 0;
    int letters = 0;
    for (; isalpha((unsigned char)*ref); ref++, letters++) {
        if (letters == 3)
            return -1;
        col = col * 26 + (toupper((unsigned char)*ref) - 'A' + 1);
    }
    return letters ? col - 1 : -1;
}

/* A number as Excel shows it in General format: integers without ".0",
 * others to 15 significant digits ("0.30000000000000004" → "0.3"). */
static const char *number_text(struct xlsx_in *x, const char *v, bool is_date)
{
    char *end;
    double number = strtod(v, &end);
    if (end == v || *end != '\0' || !isfinite(number))
        return arena_strdup(x->arena, v); /* not a number after all: as is */
    if (is_date) {
        /* The serial's fraction is the time of day, which no roster date has. */
        double serial = floor(number) + (x->date1904 ? 1462 : 0);
        struct date day;
        if (date_from_excel_serial(serial, &day) == 0) {
            char buf[16];
            return arena_strdup(x->arena, date_format_iso(day, buf));
        }
    }
    if (number == floor(number) && fabs(number) < 1e15)
        return arena_sprintf(x->arena, "%.0f", number == 0 ? 0.0 : number);
    return arena_sprintf(x->arena, "%.15g", number);
}

/* The text of one cell from its type attribute `t`, style index and value.
 * Returns arena text, or NULL for an empty cell (x->error set when bad). */
static const char *cell_text(struct xlsx_in *x, const char *t, long style, const char *value)
{
    if (!value || !value[0])
        return NULL;
    if (strcmp(t, "s") == 0) {
        long index = parse_index(value);
        if (index < 0 || (size_t)index >= x->nstrings) {
            fail(x, NOT_XLSX "：单元格引用了不存在的共享字符串");
            return NULL;
        }
        return x->strings[index];
    }
    if (strcmp(t, "b") == 0)
        return strcmp(value, "1") == 0 ? "TRUE" : "FALSE";
    if (strcmp(t, "d") == 0) /* ISO 8601 date-time: keep the date */
        return arena_strndup(x->arena, value, strcspn(value, "T"));
    if (t[0] == '\0' || strcmp(t, "n") == 0) {
        bool is_date = style >= 0 && (size_t)style < x->nxf && x->xf_is_date[style];
        return number_text(x, value, is_date);
    }
    return arena_strdup(x->arena, value); /* str, inlineStr, e (#N/A, ...) */
}

struct row_in {
    long number;
    const char *cells[TABLE_MAX_COLS];
    size_t ncells; /* one past the last non-empty cell */
};

static void row_flush(struct xlsx_in *x, struct row_in *row)
{
    if (row->ncells == 0 || x->error)
        return;
    if (x->nrows == TABLE_MAX_ROWS) {
        fail(x, arena_sprintf(x->arena, "工作表超过 %d 行，无法读取", TABLE_MAX_ROWS));
        return;
    }
    if (x->nrows == x->rows_cap) {
        x->rows_cap = x->rows_cap ? x->rows_cap * 2 : 256;
        x->rows = xrealloc(x->rows, x->rows_cap * sizeof *x->rows);
    }
    struct table_row *out = &x->rows[x->nrows++];
    out->number = (int)row->number;
    out->ncells = row->ncells;
    out->cells = arena_calloc(x->arena, row->ncells, sizeof *out->cells);
    memcpy(out->cells, row->cells, row->ncells * sizeof *out->cells);
    memset(row->cells, 0, row->ncells * sizeof *row->cells);
    row->ncells = 0;
}

/* Reads one <c> the reader is on into `row`. Returns 0 or -1. */
static int read_cell(struct xlsx_in *x, struct xml_entry *e, struct row_in *row, long *last_col,
                     struct strbuf *value)
{
    xmlTextReaderPtr r = e->reader;
    char ref[16], type[16], style[16];
    attr_buf(r, "r", ref, sizeof ref);
    attr_buf(r, "t", type, sizeof type);
    attr_buf(r, "s", style, sizeof style);
    long col = ref_column(ref);
    if (col < 0) /* no reference: the cell after the previous one */
        col = *last_col + 1;
    *last_col = col;

    strbuf_reset(value);
    bool has_value = false;
    if (!xmlTextReaderIsEmptyElement(r)) {
        int depth = xmlTextReaderDepth(r);
        int rc;
        while ((rc = xml_next(x, e)) == 1) {
            if (xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
                xmlTextReaderDepth(r) == depth)
                break;
            if (xmlTextReaderDepth(r) != depth + 1)
                continue;
            /* <f> (the formula) is skipped: <v> holds its cached result. */
            if (is_element(r, "v") || is_element(r, "is")) {
                has_value = true;
                if (collect_text(x, e, is_element(r, "is"), value) < 0)
                    return -1;
            }
        }
        if (rc != 1) {
            if (rc == 0)
                fail(x, arena_sprintf(x->arena, NOT_XLSX "：%s 不完整", e->name));
            return -1;
        }
    }
    if (!has_value)
        return 0;
    const char *text = cell_text(x, type, parse_index(style), strbuf_str(value));
    if (x->error)
        return -1;
    if (!text)
        return 0;
    if (col >= TABLE_MAX_COLS) {
        fail(x, arena_sprintf(x->arena, "工作表第 %ld 行超过 %d 列，无法读取", row->number,
                              TABLE_MAX_COLS));
        return -1;
    }
    row->cells[col] = text;
    if ((size_t)col + 1 > row->ncells)
        row->ncells = (size_t)col + 1;
    return 0;
}

static int read_sheet(struct xlsx_in *x)
{
    struct xml_entry e;
    int rc = entry_open(x, x->sheet_path, &e);
    if (rc == 0)
        fail(x, arena_sprintf(x->arena, NOT_XLSX "：缺少工作表 %s", x->sheet_path));
    if (rc <= 0)
        return -1;
    struct row_in *row = xcalloc(1, sizeof *row);
    struct strbuf value = STRBUF_INIT;
    long last_col = -1;
    bool in_row = false;
    while ((rc = xml_next(x, &e)) == 1) {
        xmlTextReaderPtr r = e.reader;
        if (is_element(r, "row")) {
            char buf[16];
            long number = parse_index(attr_buf(r, "r", buf, sizeof buf));
            if (number <= 0 || number > XLSX_MAX_ROW_NUMBER)
                number = row->number + 1;
            row->number = number;
            last_col = -1;
            in_row = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "row")) {
            row_flush(x, row);
            in_row = false;
        } else if (in_row && is_element(r, "c")) {
            if (read_cell(x, &e, row, &last_col, &value) < 0) {
                rc = -1;
                break;
            }
        }
        if (x->error) {
            rc = -1;
            break;
        }
    }
    strbuf_release(&value);
    free(row);
    entry_close(&e);
    return rc < 0 ? -1 : 0;
}

/* ---- the whole file ------------------------------------------------------ */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static int read_all(struct xlsx_in *x)
{
    const char *sheet_rid;
    if (read_workbook(x, &sheet_rid) < 0 || read_relationships(x, sheet_rid) < 0 ||
        read_shared_strings(x) < 0 || read_styles(x) < 0 || read_sheet(x) < 0)
        return -1;
    return 0;
}

int table_read_xlsx(const void *data, size_t len, struct arena *a, struct table *out,
                    const char **msg)
{
    memset(out, 0, sizeof *out);
    *msg = NULL;
    if (len > TABLE_MAX_BYTES) {
        *msg = arena_sprintf(a, "文件超过 %u MB，无法读取", TABLE_MAX_BYTES >> 20);
        return ERR_INVALID;
    }
    /* libxml2 must be initialised once before threads use it. */
    pthread_once(&xml_once, xmlInitParser);

    struct xlsx_in x = {.arena = a};
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *source = zip_source_buffer_create(data, len, 0, &zerr);
    if (source)
        x.zip = zip_open_from_source(source, ZIP_RDONLY, &zerr);
    zip_error_fini(&zerr);
    if (!x.zip) {
        zip_source_free(source);
        *msg = NOT_XLSX "：无法作为 zip 压缩包打开（文件可能已损坏）";
        return ERR_INVALID;
    }

    int rc = read_all(&x) < 0 ? ERR_INVALID : 0;
    if (rc == 0 && !x.error) {
        if (x.rows)
            arena_defer(a, free, x.rows);
        out->rows = x.rows;
        out->nrows = x.nrows;
    } else {
        rc = ERR_INVALID;
        *msg = x.error ? x.error : NOT_XLSX;
        free(x.rows);
    }
    zip_discard(x.zip);
    free(x.strings);
    free(x.xf_is_date);
    return rc;
}
