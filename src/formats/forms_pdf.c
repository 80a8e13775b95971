/* forms_pdf.c — forms_pdf_write of forms_pdf.h: the grid measured with pango
 * (every box as high as its text needs), drawn with cairo on A4 pages. */
#include "formats/forms_pdf.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <jpeglib.h>
#include <pango/pangocairo.h>

#include "util/err.h"
#include "util/xmalloc.h"

/* A4 in points; 2 cm margins; 五号 (10.5 pt) text, as the national form. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 56.7
#define FONT_SIZE 10.5
#define TITLE_SIZE 20.0
#define PAD 3.0
#define ROW_MIN 24.0
#define NCOL 7

/* Column widths of the grid, in per cent, as the person page's view. */
static const double col_pct[NCOL] = {12, 14, 10, 14, 12, 18, 20};

/* ---- the font -------------------------------------------------------------- */

static char font_family[256];
static pthread_once_t font_once = PTHREAD_ONCE_INIT;

/* The families tried first: a 宋体-like serif reads as the printed form. */
static const char *const preferred[] = {"Noto Serif CJK SC", "Noto Sans CJK SC",
                                        "WenQuanYi Zen Hei", "Source Han Serif SC"};

static void find_font(void)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)":lang=zh");
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, NULL);
    FcFontSet *fs = pat && os ? FcFontList(NULL, pat, os) : NULL;
    const char *chosen = NULL;
    size_t rank = sizeof preferred / sizeof *preferred;
    for (int i = 0; fs && i < fs->nfont; i++) {
        FcChar8 *family;
        for (int k = 0; FcPatternGetString(fs->fonts[i], FC_FAMILY, k, &family) == FcResultMatch;
             k++) {
            for (size_t p = 0; p < rank; p++)
                if (strcmp((const char *)family, preferred[p]) == 0) {
                    rank = p;
                    chosen = preferred[p];
                }
            if (!chosen)
                snprintf(font_family, sizeof font_family, "%s", (const char *)family);
        }
    }
    if (chosen)
        snprintf(font_family, sizeof font_family, "%s", chosen);
    if (fs)
        FcFontSetDestroy(fs);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
}

const char *forms_pdf_font(void)
{
    pthread_once(&font_once, find_font);
    return font_family[0] ? font_family : NULL;
}

/* ---- boxes ------------------------------------------------------------------ */

struct page {
    cairo_t *cr;
    PangoContext *pctx; /* of a font map of this call's own: nothing kept after */
    PangoFontDescription *font, *bold;
    double col_x[NCOL + 1]; /* left edge of each column; [NCOL] the right edge */
};

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

static PangoLayout *layout_for(struct page *pg, const char *text, double width, bool left,
                               bool bold)
{
    PangoLayout *l = pango_layout_new(pg->pctx);
    pango_layout_set_font_description(l, bold ? pg->bold : pg->font);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, left ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text_or_empty(text), -1);
    return l;
}

static double text_height(struct page *pg, const char *text, double width)
{
    if (!text || !*text)
        return 0;
    PangoLayout *l = layout_for(pg, text, width, true, false);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

/* A box: its frame, and its text centred, or left-aligned (at the top when
 * `top` or when it is long) within the padding. */
static void box_at(struct page *pg, double x, double y, double w, double h, const char *text,
                   bool left, bool top)
{
    cairo_rectangle(pg->cr, x, y, w, h);
    cairo_stroke(pg->cr);
    if (!text || !*text)
        return;
    PangoLayout *l = layout_for(pg, text, w - 2 * PAD, left, false);
    int lw, lh;
    pango_layout_get_size(l, &lw, &lh);
    double th = (double)lh / PANGO_SCALE;
    double ty = left && (top || th + 2 * PAD > 3 * ROW_MIN) ? y + PAD : y + (h - th) / 2;
    cairo_move_to(pg->cr, x + PAD, ty);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

static void box(struct page *pg, double x, double y, double w, double h, const char *text,
                bool left)
{
    box_at(pg, x, y, w, h, text, left, false);
}

struct cell {
    int col, span;
    const char *text;
    bool left;
};

static double cell_width(const struct page *pg, const struct cell *c)
{
    return pg->col_x[c->col + c->span] - pg->col_x[c->col];
}

static double row_height(struct page *pg, const struct cell *cells, size_t n, double min)
{
    double h = min;
    for (size_t i = 0; i < n; i++) {
        double need = text_height(pg, cells[i].text, cell_width(pg, &cells[i]) - 2 * PAD) + 2 * PAD;
        if (need > h)
            h = need;
    }
    return h;
}

static void draw_row(struct page *pg, double y, double h, const struct cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        box(pg, pg->col_x[cells[i].col], y, cell_width(pg, &cells[i]), h, cells[i].text,
            cells[i].left);
}

/* ---- the photo --------------------------------------------------------------- */

struct mem_read {
    const unsigned char *data;
    size_t len, at;
};

static cairo_status_t png_read(void *closure, unsigned char *to, unsigned int n)
{
    struct mem_read *m = closure;
    if (n > m->len - m->at)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(to, m->data + m->at, n);
    m->at += n;
    return CAIRO_STATUS_SUCCESS;
}

struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
};

static void jpeg_fail_exit(j_common_ptr cinfo)
{
    longjmp(((struct jpeg_fail *)cinfo->err)->jump, 1);
}

/* The JPEG decoded into an RGB24 surface, its original bytes attached so
 * the PDF embeds them as they are. NULL when it does not decode. */
static cairo_surface_t *jpeg_surface(const unsigned char *data, size_t len)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_fail fail;
    cairo_surface_t *volatile s = NULL;
    cinfo.err = jpeg_std_error(&fail.mgr);
    fail.mgr.error_exit = jpeg_fail_exit;
    if (setjmp(fail.jump)) {
        jpeg_destroy_decompress(&cinfo);
        if (s)
            cairo_surface_destroy(s);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    int w = (int)cinfo.output_width, h = (int)cinfo.output_height;
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *pixels = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *row = xmalloc((size_t)w * 3);
    while (cinfo.output_scanline < cinfo.output_height) {
        int y = (int)cinfo.output_scanline;
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&cinfo, rows, 1);
        uint32_t *out = (uint32_t *)(void *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++)
            out[x] = (uint32_t)row[3 * x] << 16 | (uint32_t)row[3 * x + 1] << 8 | row[3 * x + 2];
    }
    free(row);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    cairo_surface_mark_dirty(s);
    unsigned char *copy = xmalloc(len);
    memcpy(copy, data, len);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len, free, copy);
    return s;
}

/* The photo fitted into the box, centred, keeping its proportions. */
static void photo(struct page *pg, const struct forms_sheet *f, double x, double y, double w,
                  double h)
{
    cairo_rectangle(pg->cr, x, y, w, h);
    cairo_stroke(pg->cr);
    cairo_surface_t *s = NULL;
    if (f->photo && f->photo_len && f->photo_type && strcmp(f->photo_type, "image/png") == 0) {
        struct mem_read m = {f->photo, f->photo_len, 0};
        s = cairo_image_surface_create_from_png_stream(png_read, &m);
    } else if (f->photo && f->photo_len) {
        s = jpeg_surface(f->photo, f->photo_len);
    }
    if (!s || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        if (s)
            cairo_surface_destroy(s);
        box(pg, x, y, w, h, "照片", false);
        return;
    }
    double iw = cairo_image_surface_get_width(s), ih = cairo_image_surface_get_height(s);
    double scale =
        (w - 2 * PAD) / iw < (h - 2 * PAD) / ih ? (w - 2 * PAD) / iw : (h - 2 * PAD) / ih;
    cairo_save(pg->cr);
    cairo_translate(pg->cr, x + (w - iw * scale) / 2, y + (h - ih * scale) / 2);
    cairo_scale(pg->cr, scale, scale);
    cairo_set_source_surface(pg->cr, s, 0, 0);
    cairo_paint(pg->cr);
    cairo_restore(pg->cr);
    cairo_surface_destroy(s);
}

/* ---- one form ------------------------------------------------------------------ */

/* The rows below the 简历: their total height, and drawn from `y` when
 * `draw`. */
static double rest(struct page *pg, const struct forms_sheet *f, double y, bool draw)
{
    double y0 = y;
    struct {
        const char *label, *text;
        double min;
    } rows[] = {
        {"奖惩\n情况", f->rewards, 44},
        {"年度考核\n结果", f->assessments, 30},
        {"任免\n理由", f->reason, 36},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const struct cell c[] = {{0, 1, rows[i].label, false}, {1, 6, rows[i].text, true}};
        double h = row_height(pg, c, 2, rows[i].min);
        if (draw)
            draw_row(pg, y, h, c, 2);
        y += h;
    }
    /* 家庭主要成员及重要社会关系: a header, the members, blank rows up to four. */
    double fam_top = y;
    const struct cell head[] = {{1, 1, "称谓", false},
                                {2, 1, "姓名", false},
                                {3, 1, "出生年月", false},
                                {4, 1, "政治面貌", false},
                                {5, 2, "工作单位及职务", false}};
    double h = row_height(pg, head, 5, ROW_MIN);
    if (draw)
        draw_row(pg, y, h, head, 5);
    y += h;
    size_t nrows = f->family_count > 4 ? f->family_count : 4;
    for (size_t i = 0; i < nrows; i++) {
        const struct forms_family_row *m = i < f->family_count ? &f->family[i] : NULL;
        const struct cell c[] = {{1, 1, m ? m->relation : NULL, false},
                                 {2, 1, m ? m->name : NULL, false},
                                 {3, 1, m ? m->birth : NULL, false},
                                 {4, 1, m ? m->party : NULL, false},
                                 {5, 2, m ? m->work : NULL, true}};
        h = row_height(pg, c, 5, ROW_MIN);
        if (draw)
            draw_row(pg, y, h, c, 5);
        y += h;
    }
    if (draw)
        box(pg, pg->col_x[0], fam_top, pg->col_x[1] - pg->col_x[0], y - fam_top,
            "家庭\n主要\n成员\n及重要\n社会\n关系", false);
    const struct cell unit[] = {{0, 1, "呈报\n单位", false}, {1, 6, f->reporting_unit, true}};
    h = row_height(pg, unit, 2, 30);
    if (draw)
        draw_row(pg, y, h, unit, 2);
    y += h;
    return y - y0;
}

/* The rows above the 简历, drawn from `y`; returns their height. */
static double top(struct page *pg, const struct forms_sheet *f, double y)
{
    double y0 = y;
    const struct cell r1[] = {{0, 1, "姓名", false},
                              {1, 1, f->name, false},
                              {2, 1, "性别", false},
                              {3, 1, f->gender, false},
                              {4, 1, "出生年月\n（岁）", false},
                              {5, 1, f->birth, false}};
    const struct cell r2[] = {{0, 1, "民族", false},   {1, 1, f->ethnicity, false},
                              {2, 1, "籍贯", false},   {3, 1, f->native_place, false},
                              {4, 1, "出生地", false}, {5, 1, f->birth_place, false}};
    const struct cell r3[] = {{0, 1, "入党\n时间", false},     {1, 1, f->party_box, false},
                              {2, 1, "参加工\n作时间", false}, {3, 1, f->work_start, false},
                              {4, 1, "健康状况", false},       {5, 1, f->health, false}};
    const struct cell r4[] = {{0, 1, "专业技\n术职务", false},
                              {1, 2, f->title, false},
                              {3, 1, "熟悉专业\n有何专长", false},
                              {4, 2, f->specialty, false}};
    const struct cell *rows[] = {r1, r2, r3, r4};
    const size_t counts[] = {6, 6, 6, 4};
    for (size_t i = 0; i < 4; i++) {
        double h = row_height(pg, rows[i], counts[i], 34);
        draw_row(pg, y, h, rows[i], counts[i]);
        y += h;
    }
    photo(pg, f, pg->col_x[6], y0, pg->col_x[7] - pg->col_x[6], y - y0);

    /* 学历学位: 全日制教育 and 在职教育, the label spanning both. */
    double edu_top = y;
    const struct cell e1[] = {{1, 1, "全日制\n教育", false},
                              {2, 2, f->fulltime_level, false},
                              {4, 1, "毕业院校\n系及专业", false},
                              {5, 2, f->fulltime_school, true}};
    const struct cell e2[] = {{1, 1, "在职\n教育", false},
                              {2, 2, f->inservice_level, false},
                              {4, 1, "毕业院校\n系及专业", false},
                              {5, 2, f->inservice_school, true}};
    double h = row_height(pg, e1, 4, 28);
    draw_row(pg, y, h, e1, 4);
    y += h;
    h = row_height(pg, e2, 4, 28);
    draw_row(pg, y, h, e2, 4);
    y += h;
    box(pg, pg->col_x[0], edu_top, pg->col_x[1] - pg->col_x[0], y - edu_top, "学历\n学位", false);

    struct {
        const char *label, *text;
    } posts[] = {{"现任职务", f->current_post},
                 {"拟任职务", f->proposed_post},
                 {"拟免职务", f->removed_post}};
    for (size_t i = 0; i < 3; i++) {
        const struct cell c[] = {{0, 1, posts[i].label, false}, {1, 6, posts[i].text, true}};
        h = row_height(pg, c, 2, ROW_MIN);
        draw_row(pg, y, h, c, 2);
        y += h;
    }
    return y - y0;
}

/* Splits `text` laid out at `width` after the lines that fit in `height`:
 * `*first` the lines that fit (owned), the rest returned (borrowed from
 * `text`, "" when all fit). */
static const char *split_lines(struct page *pg, const char *text, double width, double height,
                               char **first)
{
    PangoLayout *l = layout_for(pg, text, width, true, false);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int cut = -1;
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        if ((double)(logical.y + logical.height) / PANGO_SCALE > height) {
            cut = pango_layout_iter_get_index(it);
            break;
        }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    if (cut < 0) {
        *first = xstrdup(text);
        return "";
    }
    *first = xstrndup(text, (size_t)cut);
    const char *rest_text = text + cut;
    while (*rest_text == '\n')
        rest_text++;
    return rest_text;
}

static void title(struct page *pg, double y)
{
    PangoLayout *l = layout_for(pg, "干部任免审批表", PAGE_W - 2 * MARGIN, false, true);
    cairo_move_to(pg->cr, MARGIN, y);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

static void one_form(struct page *pg, const struct forms_sheet *f)
{
    double y = MARGIN;
    title(pg, y);
    y += 40;
    y += top(pg, f, y);
    double bottom = PAGE_H - MARGIN;
    double text_w = pg->col_x[NCOL] - pg->col_x[1] - 2 * PAD;
    double resume_h = text_height(pg, f->resume, text_w) + 2 * PAD;
    if (resume_h < 100)
        resume_h = 100;
    double rest_h = rest(pg, f, 0, false);
    const char *label = "简\n\n\n历";
    if (y + resume_h + rest_h <= bottom) {
        /* One page: the 简历 takes the room the rest leaves. */
        double h = bottom - y - rest_h;
        box(pg, pg->col_x[0], y, pg->col_x[1] - pg->col_x[0], h, label, false);
        box_at(pg, pg->col_x[1], y, pg->col_x[NCOL] - pg->col_x[1], h, f->resume, true, true);
        rest(pg, f, y + h, true);
        cairo_show_page(pg->cr);
        return;
    }
    /* Two pages: the 简历 fills the first and goes on on the second. */
    char *first;
    const char *more =
        split_lines(pg, text_or_empty(f->resume), text_w, bottom - y - 2 * PAD, &first);
    box(pg, pg->col_x[0], y, pg->col_x[1] - pg->col_x[0], bottom - y, label, false);
    box_at(pg, pg->col_x[1], y, pg->col_x[NCOL] - pg->col_x[1], bottom - y, first, true, true);
    free(first);
    cairo_show_page(pg->cr);
    y = MARGIN;
    if (*more) {
        const struct cell c[] = {{0, 1, "简历\n（续）", false}, {1, 6, more, true}};
        double h = row_height(pg, c, 2, ROW_MIN);
        draw_row(pg, y, h, c, 2);
        y += h;
    }
    rest(pg, f, y, true);
    cairo_show_page(pg->cr);
}

int forms_pdf_write(const struct forms_sheet *sheets, size_t n, const char *path, const char **why)
{
    *why = NULL;
    const char *family = forms_pdf_font();
    if (!family) {
        *why = "未找到中文字体，无法生成任免审批表 PDF。请安装 fonts-noto-cjk 或 fonts-wqy-zenhei";
        return ERR_UNAVAILABLE;
    }
    cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        *why = "无法写入 PDF 文件";
        return ERR_IO;
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "干部任免审批表");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cadre");
    struct page pg = {.cr = cairo_create(surface)};
    PangoFontMap *fonts = pango_cairo_font_map_new();
    pg.pctx = pango_font_map_create_context(fonts);
    pango_cairo_update_context(pg.cr, pg.pctx);
    pg.font = pango_font_description_new();
    pango_font_description_set_family(pg.font, family);
    pango_font_description_set_absolute_size(pg.font, FONT_SIZE * PANGO_SCALE);
    pg.bold = pango_font_description_copy(pg.font);
    pango_font_description_set_weight(pg.bold, PANGO_WEIGHT_BOLD);
    pango_font_description_set_absolute_size(pg.bold, TITLE_SIZE * PANGO_SCALE);
    double x = MARGIN;
    for (int c = 0; c < NCOL; c++) {
        pg.col_x[c] = x;
        x += (PAGE_W - 2 * MARGIN) * col_pct[c] / 100;
    }
    pg.col_x[NCOL] = PAGE_W - MARGIN;
    cairo_set_line_width(pg.cr, 0.8);
    cairo_set_source_rgb(pg.cr, 0, 0, 0);
    for (size_t i = 0; i < n; i++)
        one_form(&pg, &sheets[i]);
    pango_font_description_free(pg.font);
    pango_font_description_free(pg.bold);
    g_object_unref(pg.pctx);
    g_object_unref(fonts);
    cairo_destroy(pg.cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        *why = "无法写入 PDF 文件";
        return ERR_IO;
    }
    return 0;
}
