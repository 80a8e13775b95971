/* qr_svg.c — QR modules to one SVG path. */
#include "formats/qr_svg.h"

#include <qrencode.h>
#include <stdlib.h>

#include "util/strbuf.h"

#define QUIET_ZONE 4

char *qr_svg(const char *text)
{
    QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!qr)
        return NULL;
    int size = qr->width + 2 * QUIET_ZONE;
    struct strbuf sb = {0};
    strbuf_printf(&sb,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                  "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                  "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                  size, size, size, size);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1) /* bit 0: dark module */
                strbuf_printf(&sb, "M%d %dh1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE);
    strbuf_printf(&sb, "\"/></svg>");
    QRcode_free(qr);
    return strbuf_detach(&sb);
}
