/* attachment_name_fuzz.c — tipoffs_attachment_name, which turns the name
 * an anonymous reporter's file had into the one it is downloaded under,
 * on arbitrary bytes, with what it promises: valid UTF-8 without control
 * characters, path separators or quotes, at most 100 characters, ending
 * in the extension of its type, and the same name when sanitised again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/tipoffs.h"
#include "util/arena.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1024)
        return 0;
    static const char *const types[] = {"image/jpeg", "image/png", "application/pdf"};
    static const char *const exts[] = {".jpg", ".png", ".pdf"};
    size_t t = data[0] % 3;
    char *s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    struct arena *a = arena_new();
    const char *name = tipoffs_attachment_name(s, types[t], a);
    size_t len = strlen(name);
    if (!utf8_valid(name, len) || utf8_length(name) > TIPOFFS_ATTACHMENT_NAME_MAX ||
        strpbrk(name, "/\\\"*:<>?|") || name[0] == '.' || name[0] == ' ')
        abort();
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            abort();
    const char *ext = strrchr(name, '.');
    if (!ext || ext == name ||
        (strcasecmp(ext, exts[t]) != 0 && !(t == 0 && strcasecmp(ext, ".jpeg") == 0)))
        abort();
    if (strcmp(tipoffs_attachment_name(name, types[t], a), name) != 0)
        abort();
    arena_free(a);
    free(s);
    return 0;
}
