/* forms_pdf.h — the 干部任免审批表 as PDF (cairo + pango, A4, printable at
 * 100 %): the national form's grid, the same as the person page's view,
 * with a CJK font found at run time through fontconfig. */
#ifndef CADRE_FORMS_PDF_H
#define CADRE_FORMS_PDF_H

#include <stddef.h>

#include "core/forms.h"

/* The font family the forms are set in: a font for Chinese that
 * fontconfig knows (Noto Serif CJK SC preferred, then any with lang zh), or
 * NULL when none is installed. Static. */
const char *forms_pdf_font(void);

/* Writes the `n` forms (core/forms.h) into one PDF at `path`: each on one A4 page, or two when
 * its 简历 and the rest do not fit one (the 简历 continues on the second).
 * Returns 0; ERR_UNAVAILABLE with `*why` (Chinese, static) when no CJK font
 * is installed; ERR_IO when the file cannot be written. */
int forms_pdf_write(const struct forms_sheet *sheets, size_t n, const char *path, const char **why);

#endif
