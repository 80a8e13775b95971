/* pinyin.c — pinyin and stroke counts of Han characters for name search and
 * 姓氏笔画 order, over the tables gen_unihan.py compiles from Unihan and the
 * stroke sequences of core/strokes.c. */
#include "core/pinyin.h"

#include <stdio.h>
#include <string.h>

#include "core/strokes.h"
#include "core/unihan_data.h"
#include "util/utf8.h"

/* Surnames that are 多音字: as the first character of a name they are read
 * the surname way, which is often not the first kMandarin reading
 * (曾 céng, 单 dān, 仇 chóu, 解 jiě, 区 qū, 朴 pǔ, 翟 dí, 覃 tán ...). */
static const struct {
    unsigned cp;
    const char *pinyin;
} surname_readings[] = {
    {0x4E07, "wan"},   /* 万 (wàn; 万俟 mòqí is a compound) */
    {0x4E50, "yue"},   /* 乐 (lè) */
    {0x4EC7, "qiu"},   /* 仇 (chóu) */
    {0x4EFB, "ren"},   /* 任 (rèn; the surname is rén) */
    {0x533A, "ou"},    /* 区 (qū) */
    {0x534E, "hua"},   /* 华 (huá; the surname is also read huà) */
    {0x5355, "shan"},  /* 单 (dān) */
    {0x535C, "bu"},    /* 卜 (bo) */
    {0x53E5, "gou"},   /* 句 (jù) */
    {0x53EC, "shao"},  /* 召 (zhào) */
    {0x5458, "yun"},   /* 员 (yuán) */
    {0x5C09, "yu"},    /* 尉 (wèi; 尉迟 yùchí) */
    {0x6298, "she"},   /* 折 (zhé) */
    {0x66FE, "zeng"},  /* 曾 (céng) */
    {0x6734, "piao"},  /* 朴 (pǔ) */
    {0x67E5, "zha"},   /* 查 (chá) */
    {0x76D6, "ge"},    /* 盖 (gài) */
    {0x796D, "zhai"},  /* 祭 (jì) */
    {0x79CD, "chong"}, /* 种 (zhǒng) */
    {0x79D8, "bi"},    /* 秘 (mì) */
    {0x7E41, "po"},    /* 繁 (fán) */
    {0x7F2A, "miao"},  /* 缪 (móu) */
    {0x7FDF, "zhai"},  /* 翟 (dí) */
    {0x80FD, "nai"},   /* 能 (néng) */
    {0x8584, "bo"},    /* 薄 (báo) */
    {0x8983, "qin"},   /* 覃 (tán) */
    {0x89D2, "jue"},   /* 角 (jiǎo) */
    {0x89E3, "xie"},   /* 解 (jiě) */
    {0x90FD, "du"},    /* 都 (dōu) */
    {0x91CD, "chong"}, /* 重 (zhòng) */
    {0x957F, "chang"}, /* 长 (zhǎng) */
    {0x961A, "kan"},   /* 阚 (hǎn) */
    {0x9697, "wei"},   /* 隗 (kuí) */
    {0x9ED1, "he"},    /* 黑 (hēi) */
};

/* Index of `cp` in the data strings, or -1 when Unihan knows nothing of it. */
static long unihan_index(unsigned cp)
{
    size_t lo = 0, hi = unihan_range_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct unihan_range *r = &unihan_ranges[mid];
        if (cp < r->first)
            hi = mid;
        else if (cp - r->first >= r->count)
            lo = mid + 1;
        else
            return (long)(r->offset + (cp - r->first));
    }
    return -1;
}

static int digit(char byte)
{
    return (unsigned char)byte - UNIHAN_BYTE_BASE;
}

int pinyin_strokes(unsigned cp)
{
    long i = unihan_index(cp);
    return i < 0 ? 0 : digit(unihan_strokes[i]);
}

/* The toneless reading of `cp` (the surname one if `as_surname`), or NULL
 * when it has none. */
static const char *reading_of(unsigned cp, int as_surname)
{
    if (as_surname) {
        for (size_t k = 0; k < sizeof surname_readings / sizeof surname_readings[0]; k++)
            if (surname_readings[k].cp == cp)
                return surname_readings[k].pinyin;
    }
    long i = unihan_index(cp);
    if (i < 0)
        return NULL;
    size_t syllable = (size_t)digit(unihan_readings[2 * i]) * UNIHAN_BYTE_RADIX +
                      (size_t)digit(unihan_readings[2 * i + 1]);
    if (syllable == 0 || syllable >= unihan_syllable_count)
        return NULL;
    return unihan_syllables[syllable];
}

static int is_ascii_alnum(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Appends `n` bytes of `s` to `out` at `*len`, keeping room for the NUL. */
static void append(char *out, size_t size, size_t *len, const char *s, size_t n)
{
    size_t room = size - 1 - *len;
    if (n > room)
        n = room;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

static char *romanise(const char *utf8, char *out, size_t size, int initials_only)
{
    if (out == NULL || size == 0)
        return out;
    out[0] = '\0';
    /* utf8_next trusts its input; a malformed name yields no pinyin rather
     * than a read past its end. */
    if (utf8 == NULL || !utf8_valid(utf8, strlen(utf8)))
        return out;
    size_t len = 0;
    int first = 1; /* still before the first character that is not a space */
    const char *p = utf8;
    unsigned cp;
    while ((cp = utf8_next(&p)) != 0) {
        if (cp == ' ' || cp == '\t' || cp == 0x3000)
            continue;
        if (is_ascii_alnum(cp)) {
            char c = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
            append(out, size, &len, &c, 1);
        } else {
            const char *syllable = reading_of(cp, first);
            if (syllable != NULL)
                append(out, size, &len, syllable, initials_only ? 1 : strlen(syllable));
        }
        first = 0;
    }
    return out;
}

char *pinyin_full(const char *utf8, char *out, size_t size)
{
    return romanise(utf8, out, size, 0);
}

char *pinyin_initials(const char *utf8, char *out, size_t size)
{
    return romanise(utf8, out, size, 1);
}

char *pinyin_stroke_key(const char *utf8, char *out, size_t size)
{
    if (out == NULL || size == 0)
        return out;
    out[0] = '\0';
    if (utf8 == NULL || !utf8_valid(utf8, strlen(utf8)))
        return out;
    size_t len = 0;
    const char *p = utf8;
    unsigned cp;
    while ((cp = utf8_next(&p)) != 0) {
        char sequence[STROKES_MAX + 1];
        int strokes = strokes_sequence(cp, sequence);
        if (strokes == 0) {
            /* No sequence: the Unihan count, its strokes before every known
             * sequence of that count. */
            strokes = pinyin_strokes(cp);
            if (strokes > STROKES_MAX)
                strokes = STROKES_MAX;
            memset(sequence, '0', (size_t)strokes);
            sequence[strokes] = '\0';
        }
        /* Whole groups only: a cut group would sort wrongly. */
        size_t group = 2 + (size_t)strokes + 6;
        if (size - len <= group)
            break;
        snprintf(out + len, size - len, "%02d%s%06x", strokes, sequence, cp);
        len += group;
    }
    return out;
}
