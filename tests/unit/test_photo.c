/* test_photo.c — photo_check: JPEG and PNG accepted after a full decode;
 * truncated, corrupt, other formats, too many bytes or pixels refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "formats/photo.h"
#include "util/err.h"

/* A w×h gradient as RGB rows. */
static unsigned char *pixels(int w, int h)
{
    unsigned char *img = malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *p = img + ((size_t)y * (size_t)w + (size_t)x) * 3;
            p[0] = (unsigned char)x;
            p[1] = (unsigned char)y;
            p[2] = 200;
        }
    return img;
}

static unsigned char *make_jpeg(int w, int h, size_t *len)
{
    unsigned char *img = pixels(w, h), *out = NULL;
    unsigned long n = 0;
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, &n);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = img + (size_t)c.next_scanline * (size_t)w * 3;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(img);
    *len = n;
    return out;
}

static unsigned char *make_png(int w, int h, bool interlaced, size_t *len)
{
    unsigned char *img = pixels(w, h);
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop i = png_create_info_struct(p);
    png_init_io(p, f);
    png_set_IHDR(p, i, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(p, i);
    int passes = png_set_interlace_handling(p);
    for (int pass = 0; pass < passes; pass++)
        for (int y = 0; y < h; y++)
            png_write_row(p, img + (size_t)y * (size_t)w * 3);
    png_write_end(p, NULL);
    png_destroy_write_struct(&p, &i);
    fclose(f);
    free(img);
    return (unsigned char *)buf;
}

static void test_jpeg_and_png_accepted(void **state)
{
    (void)state;
    struct photo_info info;
    const char *why;
    size_t n;
    unsigned char *jpeg = make_jpeg(60, 80, &n);
    assert_int_equal(photo_check(jpeg, n, &info, &why), 0);
    assert_string_equal(info.content_type, "image/jpeg");
    assert_int_equal(info.width, 60);
    assert_int_equal(info.height, 80);
    free(jpeg);
    for (int inter = 0; inter < 2; inter++) {
        unsigned char *png = make_png(33, 45, inter, &n);
        assert_int_equal(photo_check(png, n, &info, &why), 0);
        assert_string_equal(info.content_type, "image/png");
        assert_int_equal(info.width, 33);
        assert_int_equal(info.height, 45);
        free(png);
    }
}

static void test_truncated_and_corrupt_refused(void **state)
{
    (void)state;
    struct photo_info info;
    const char *why;
    size_t n;
    unsigned char *jpeg = make_jpeg(60, 80, &n);
    assert_int_equal(photo_check(jpeg, n / 2, &info, &why), ERR_INVALID);
    assert_non_null(strstr(why, "JPEG"));
    memset(jpeg + n / 2, 0xFF, 40); /* markers where the scan data was */
    assert_int_equal(photo_check(jpeg, n, &info, &why), ERR_INVALID);
    free(jpeg);
    unsigned char *png = make_png(60, 80, false, &n);
    assert_int_equal(photo_check(png, n - 20, &info, &why), ERR_INVALID);
    assert_non_null(strstr(why, "PNG"));
    png[n / 2] ^= 0x55; /* the CRC no longer holds */
    assert_int_equal(photo_check(png, n, &info, &why), ERR_INVALID);
    free(png);
}

static void test_other_formats_refused(void **state)
{
    (void)state;
    struct photo_info info;
    const char *why;
    static const char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    assert_int_equal(photo_check(gif, sizeof gif - 1, &info, &why), ERR_INVALID);
    assert_string_equal(why, "照片应为 JPEG 或 PNG 图片");
    assert_int_equal(photo_check("", 0, &info, &why), ERR_INVALID);
    assert_int_equal(photo_check("\xFF\xD8", 2, &info, &why), ERR_INVALID);
}

static void test_limits(void **state)
{
    (void)state;
    struct photo_info info;
    const char *why;
    unsigned char *big = calloc(PHOTO_MAX_BYTES + 1, 1);
    memcpy(big, "\xFF\xD8\xFF", 3);
    assert_int_equal(photo_check(big, PHOTO_MAX_BYTES + 1, &info, &why), ERR_TOO_LARGE);
    assert_non_null(why);
    free(big);
    size_t n;
    unsigned char *wide = make_png(PHOTO_MAX_SIDE + 1, 1, false, &n);
    assert_int_equal(photo_check(wide, n, &info, &why), ERR_INVALID);
    free(wide);
    unsigned char *tall = make_jpeg(1, PHOTO_MAX_SIDE + 1, &n);
    assert_int_equal(photo_check(tall, n, &info, &why), ERR_INVALID);
    assert_non_null(strstr(why, "4096"));
    free(tall);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg_and_png_accepted),
        cmocka_unit_test(test_truncated_and_corrupt_refused),
        cmocka_unit_test(test_other_formats_refused),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
