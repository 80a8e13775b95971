/* photo.c — photo_check of photo.h with libjpeg and libpng: every row is
 * decoded (and thrown away) so a truncated or corrupt file is refused. */
#include "formats/photo.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "util/err.h"
#include "util/xmalloc.h"

static const unsigned char JPEG_MAGIC[] = {0xFF, 0xD8, 0xFF};
static const unsigned char PNG_MAGIC[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

/* ---- JPEG ---------------------------------------------------------------- */

struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
};

static void jpeg_on_error(j_common_ptr cinfo)
{
    struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
    longjmp(f->jump, 1);
}

/* libjpeg prints warnings (a corrupt marker it skipped) to stderr; a photo
 * with one is refused instead. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
    if (level < 0)
        jpeg_on_error(cinfo);
}

static int check_jpeg(const unsigned char *data, size_t len, struct photo_info *out,
                      const char **why)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_fail fail;
    /* volatile: changed after setjmp and read after the longjmp. */
    JSAMPARRAY volatile row = NULL;
    cinfo.err = jpeg_std_error(&fail.mgr);
    fail.mgr.error_exit = jpeg_on_error;
    fail.mgr.emit_message = jpeg_on_message;
    if (setjmp(fail.jump)) {
        jpeg_destroy_decompress(&cinfo);
        *why = "照片无法解码（JPEG 文件已损坏或不完整）";
        return ERR_INVALID;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.image_width > PHOTO_MAX_SIDE || cinfo.image_height > PHOTO_MAX_SIDE) {
        jpeg_destroy_decompress(&cinfo);
        *why = "照片尺寸过大（长、宽均不得超过 4096 像素）";
        return ERR_INVALID;
    }
    jpeg_start_decompress(&cinfo);
    row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                     cinfo.output_width * (JDIMENSION)cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height)
        jpeg_read_scanlines(&cinfo, row, 1);
    jpeg_finish_decompress(&cinfo);
    out->content_type = "image/jpeg";
    out->width = (int)cinfo.image_width;
    out->height = (int)cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

/* ---- PNG ----------------------------------------------------------------- */

struct png_source {
    const unsigned char *data;
    size_t len, at;
};

static void png_on_read(png_structp png, png_bytep to, size_t n)
{
    struct png_source *s = png_get_io_ptr(png);
    if (n > s->len - s->at)
        png_error(png, "truncated");
    memcpy(to, s->data + s->at, n);
    s->at += n;
}

static void png_on_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static int check_png(const unsigned char *data, size_t len, struct photo_info *out,
                     const char **why)
{
    struct png_source src = {data, len, 0};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_on_error, png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        *why = "照片无法解码";
        return ERR_INVALID;
    }
    /* volatile: allocated after setjmp, freed after the longjmp. */
    unsigned char *volatile row = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_read_struct(&png, &info, NULL);
        *why = "照片无法解码（PNG 文件已损坏或不完整）";
        return ERR_INVALID;
    }
    png_set_read_fn(png, &src, png_on_read);
    png_set_user_limits(png, PHOTO_MAX_SIDE, PHOTO_MAX_SIDE);
    png_read_info(png, info);
    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    /* One row at a time, every pass of an interlaced image. */
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    row = xmalloc(png_get_rowbytes(png, info));
    for (int p = 0; p < passes; p++)
        for (png_uint_32 y = 0; y < height; y++)
            png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    out->content_type = "image/png";
    out->width = (int)width;
    out->height = (int)height;
    return 0;
}

int photo_check(const void *data, size_t len, struct photo_info *out, const char **why)
{
    const unsigned char *bytes = data;
    *why = NULL;
    if (len > PHOTO_MAX_BYTES) {
        *why = "照片文件过大（不得超过 1 MB）";
        return ERR_TOO_LARGE;
    }
    if (len >= sizeof JPEG_MAGIC && memcmp(bytes, JPEG_MAGIC, sizeof JPEG_MAGIC) == 0)
        return check_jpeg(bytes, len, out, why);
    if (len >= sizeof PNG_MAGIC && memcmp(bytes, PNG_MAGIC, sizeof PNG_MAGIC) == 0)
        return check_png(bytes, len, out, why);
    *why = "照片应为 JPEG 或 PNG 图片";
    return ERR_INVALID;
}
