/* qr_svg.h — a QR code (libqrencode) drawn as a small SVG, for the TOTP
 * enrolment screen: no image library, nothing fetched, scales crisply. */
#ifndef CADRE_QR_SVG_H
#define CADRE_QR_SVG_H

/* Encodes `text` (error correction level M, byte mode) and returns owned
 * SVG text (free()): one path of dark modules on a white square with the
 * 4-module quiet zone the standard asks for. NULL when the text is too long
 * for a QR code. */
char *qr_svg(const char *text);

#endif
