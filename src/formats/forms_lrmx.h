/* forms_lrmx.h — the 干部任免审批表 as an LRMX file (任免表 3.x, RULES.md
 * §8.2): UTF-8 XML, root Person, every tag in the editor's order, written
 * with libxml2's text writer. */
#ifndef CADRE_FORMS_LRMX_H
#define CADRE_FORMS_LRMX_H

#include <stddef.h>

#include "core/forms.h"

struct arena;

/* The version the file says it is, as the editor's exporters write it. */
#define FORMS_LRMX_VERSION "3.2.1.6"

/* Writes `s` as LRMX: the 34 tags of §8.2 in order (empty ones as empty
 * elements), months as "197503", 简历 one period a line, family members as
 * JiaTingChengYuan/Item (at most 10), the photo in base64, the ID number as
 * given in s->id_number (the caller masks it when the reader may not see
 * it). Returns 0 and the document in `*xml` (`*len` bytes, in `a`), or
 * ERR_IO when libxml2 fails. */
int forms_lrmx_write(const struct forms_sheet *s, struct arena *a, const char **xml, size_t *len);

#endif
