/* pinyin.c — pinyin and stroke counts of Han characters for name search and
 * 姓氏笔画 order, over the tables gen_unihan.py compiles from Unihan and the
 * stroke sequences of core/strokes.c. */
#include "core/pinyin.h"

#include <string.h>

#include "core/strokes.h"
#include "core/unihan_data.h"
#include "util/utf8.h"

/* Surnames that are 多音字: as the first character of a name they are read
 * the surname way, which is often not the first kMandarin reading
 * (曾 céng, 单 dān, 仇 chóu, 解 jiě, 区 qū, 朴 pǔ, 翟 dí, 覃 tán ...). Where
 * the surname itself is read two ways in use (乐 Yuè and Lè, 覃 Qín and
 * Tán, 查 Zhā and Chá ...), `alternate` is the other reading, which search
 * finds too (pinyin_full_alternate). */
static const struct {
    unsigned cp;
    const char *pinyin, *alternate;
} surname_readings[] = {
    {0x4E07, "wan", NULL},      /* 万 (wàn; 万俟 mòqí is a compound) */
    {0x4E50, "yue", "le"},      /* 乐 (lè): Yuè and Lè are both surnames */
    {0x4EC7, "qiu", NULL},      /* 仇 (chóu) */
    {0x4EFB, "ren", NULL},      /* 任 (rèn; the surname is rén) */
    {0x533A, "ou", NULL},       /* 区 (qū) */
    {0x534E, "hua", NULL},      /* 华 (huá; the surname is also read huà) */
    {0x5355, "shan", NULL},     /* 单 (dān; 单于 chányú is a compound) */
    {0x535C, "bu", NULL},       /* 卜 (bo) */
    {0x53E5, "gou", "ju"},      /* 句 (jù) */
    {0x53EC, "shao", "zhao"},   /* 召 (zhào, a Dai surname) */
    {0x5458, "yun", "yuan"},    /* 员 (yuán) */
    {0x5C09, "wei", "yu"},      /* 尉 (wèi; yù, and 尉迟 yùchí is a compound) */
    {0x6298, "she", NULL},      /* 折 (zhé) */
    {0x66FE, "zeng", NULL},     /* 曾 (céng) */
    {0x6734, "piao", NULL},     /* 朴 (pǔ) */
    {0x67E5, "zha", "cha"},     /* 查 (chá) */
    {0x76D6, "ge", "gai"},      /* 盖 (gài) */
    {0x796D, "zhai", NULL},     /* 祭 (jì) */
    {0x79CD, "chong", "zhong"}, /* 种 (zhǒng) */
    {0x79D8, "bi", "mi"},       /* 秘 (mì) */
    {0x7E41, "po", "fan"},      /* 繁 (fán) */
    {0x7F2A, "miao", NULL},     /* 缪 (móu) */
    {0x7FDF, "zhai", "di"},     /* 翟 (dí) */
    {0x80FD, "nai", "neng"},    /* 能 (néng) */
    {0x8584, "bo", NULL},       /* 薄 (báo) */
    {0x8983, "qin", "tan"},     /* 覃 (tán) */
    {0x89D2, "jue", NULL},      /* 角 (jiǎo) */
    {0x89E3, "xie", NULL},      /* 解 (jiě) */
    {0x90FD, "du", NULL},       /* 都 (dōu) */
    {0x91CD, "chong", NULL},    /* 重 (zhòng) */
    {0x957F, "chang", NULL},    /* 长 (zhǎng; 长孙 zhǎngsūn is a compound) */
    {0x961A, "kan", NULL},      /* 阚 (hǎn) */
    {0x9697, "wei", "kui"},     /* 隗 (kuí) */
    {0x9ED1, "he", "hei"},      /* 黑 (hēi) */
};

/* Compound surnames (复姓, the 百家姓's and those in use today), read as a
 * whole at the start of a name: their syllables, space-separated, and where
 * usage varies (or the two characters may also be a single surname and the
 * first character of the given name: 单 + 于…) the other reading. Each
 * first character's surname reading above would be wrong for 万俟, 长孙,
 * 单于 and 尉迟; the others are listed so that the whole list is here. */
static const struct {
    const char *surname, *pinyin, *alternate;
} compound_surnames[] = {
    {"万俟", "mo qi", "wan si"},    {"长孙", "zhang sun", "chang sun"},
    {"单于", "chan yu", "shan yu"}, {"尉迟", "yu chi", "wei chi"},
    {"澹台", "tan tai", "dan tai"}, {"子车", "zi ju", "zi che"},
    {"欧阳", "ou yang", NULL},      {"司马", "si ma", NULL},
    {"上官", "shang guan", NULL},   {"诸葛", "zhu ge", NULL},
    {"东方", "dong fang", NULL},    {"皇甫", "huang fu", NULL},
    {"公孙", "gong sun", NULL},     {"慕容", "mu rong", NULL},
    {"令狐", "ling hu", NULL},      {"宇文", "yu wen", NULL},
    {"公冶", "gong ye", NULL},      {"太叔", "tai shu", NULL},
    {"申屠", "shen tu", NULL},      {"夏侯", "xia hou", NULL},
    {"轩辕", "xuan yuan", NULL},    {"端木", "duan mu", NULL},
    {"呼延", "hu yan", NULL},       {"南宫", "nan gong", NULL},
    {"独孤", "du gu", NULL},        {"第五", "di wu", NULL},
    {"百里", "bai li", NULL},       {"东郭", "dong guo", NULL},
    {"西门", "xi men", NULL},       {"闻人", "wen ren", NULL},
    {"赫连", "he lian", NULL},      {"拓跋", "tuo ba", NULL},
    {"司徒", "si tu", NULL},        {"司空", "si kong", NULL},
    {"司寇", "si kou", NULL},       {"钟离", "zhong li", NULL},
    {"宗政", "zong zheng", NULL},   {"濮阳", "pu yang", NULL},
    {"淳于", "chun yu", NULL},      {"仲孙", "zhong sun", NULL},
    {"叔孙", "shu sun", NULL},      {"乐正", "yue zheng", NULL},
    {"漆雕", "qi diao", NULL},      {"壤驷", "rang si", NULL},
    {"公良", "gong liang", NULL},   {"谷梁", "gu liang", NULL},
    {"宰父", "zai fu", NULL},       {"亓官", "qi guan", NULL},
    {"巫马", "wu ma", NULL},        {"公西", "gong xi", NULL},
    {"颛孙", "zhuan sun", NULL},    {"羊舌", "yang she", NULL},
    {"梁丘", "liang qiu", NULL},    {"左丘", "zuo qiu", NULL},
    {"东门", "dong men", NULL},     {"段干", "duan gan", NULL},
    {"微生", "wei sheng", NULL},    {"公羊", "gong yang", NULL},
    {"归海", "gui hai", NULL},      {"鲜于", "xian yu", NULL},
    {"闾丘", "lv qiu", NULL},       {"太史", "tai shi", NULL},
    {"夹谷", "jia gu", NULL},       {"南门", "nan men", NULL},
    {"公乘", "gong sheng", NULL},   {"公仪", "gong yi", NULL},
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

/* The toneless reading of `cp` (the surname one if `as_surname`, its other
 * reading if `alternate` too), or NULL when it has none. */
static const char *reading_of(unsigned cp, int as_surname, int alternate)
{
    if (as_surname) {
        for (size_t k = 0; k < sizeof surname_readings / sizeof surname_readings[0]; k++)
            if (surname_readings[k].cp == cp)
                return alternate && surname_readings[k].alternate ? surname_readings[k].alternate
                                                                  : surname_readings[k].pinyin;
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

/* The compound surname `name` starts with, or -1. */
static long compound_of(const char *name)
{
    for (size_t k = 0; k < sizeof compound_surnames / sizeof compound_surnames[0]; k++) {
        const char *s = compound_surnames[k].surname;
        /* The first character's bytes first: a name is read five times
         * when it is stored, so this loop is on the import's path. (A
         * name shorter than `s` differs at its NUL.) */
        if (name[0] != s[0] || name[1] != s[1] || name[2] != s[2])
            continue;
        if (strncmp(name, s, strlen(s)) == 0)
            return (long)k;
    }
    return -1;
}

/* Appends the space-separated `syllables`, whole or their first letters. */
static void append_syllables(char *out, size_t size, size_t *len, const char *syllables,
                             int initials_only)
{
    const char *s = syllables;
    while (*s) {
        size_t n = strcspn(s, " ");
        append(out, size, len, s, initials_only ? 1 : n);
        s += n;
        s += strspn(s, " ");
    }
}

/* Whether the surname that `name` (spaces skipped) starts with has a second
 * reading in use. */
static int has_alternate(const char *name)
{
    long k = compound_of(name);
    if (k >= 0)
        return compound_surnames[k].alternate != NULL;
    const char *p = name;
    unsigned cp = utf8_next(&p);
    for (size_t i = 0; i < sizeof surname_readings / sizeof surname_readings[0]; i++)
        if (surname_readings[i].cp == cp)
            return surname_readings[i].alternate != NULL;
    return 0;
}

static char *romanise(const char *utf8, char *out, size_t size, int initials_only, int alternate)
{
    if (out == NULL || size == 0)
        return out;
    out[0] = '\0';
    /* utf8_next trusts its input; a malformed name yields no pinyin rather
     * than a read past its end. */
    if (utf8 == NULL || !utf8_valid(utf8, strlen(utf8)))
        return out;
    const char *p = utf8;
    while (*p == ' ' || *p == '\t' || strncmp(p, "\xE3\x80\x80", 3) == 0) /* U+3000 */
        p += *p == ' ' || *p == '\t' ? 1 : 3;
    if (alternate && !has_alternate(p))
        return out;
    size_t len = 0;
    int first = 1; /* still at the surname */
    long compound = compound_of(p);
    if (compound >= 0) {
        append_syllables(out, size, &len,
                         alternate ? compound_surnames[compound].alternate
                                   : compound_surnames[compound].pinyin,
                         initials_only);
        p += strlen(compound_surnames[compound].surname);
        first = 0;
    }
    unsigned cp;
    while ((cp = utf8_next(&p)) != 0) {
        if (cp == ' ' || cp == '\t' || cp == 0x3000)
            continue;
        if (is_ascii_alnum(cp)) {
            char c = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
            append(out, size, &len, &c, 1);
        } else {
            const char *syllable = reading_of(cp, first, alternate);
            if (syllable != NULL)
                append(out, size, &len, syllable, initials_only ? 1 : strlen(syllable));
        }
        first = 0;
    }
    return out;
}

char *pinyin_full(const char *utf8, char *out, size_t size)
{
    return romanise(utf8, out, size, 0, 0);
}

char *pinyin_initials(const char *utf8, char *out, size_t size)
{
    return romanise(utf8, out, size, 1, 0);
}

char *pinyin_full_alternate(const char *utf8, char *out, size_t size)
{
    return romanise(utf8, out, size, 0, 1);
}

char *pinyin_initials_alternate(const char *utf8, char *out, size_t size)
{
    return romanise(utf8, out, size, 1, 1);
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
        /* "%02d%s%06x" of (strokes, sequence, cp), written by hand: this
         * runs for every character of every name an import writes. */
        static const char hex[] = "0123456789abcdef";
        char *o = out + len;
        o[0] = (char)('0' + strokes / 10);
        o[1] = (char)('0' + strokes % 10);
        memcpy(o + 2, sequence, (size_t)strokes);
        for (int i = 0; i < 6; i++)
            o[2 + strokes + i] = hex[(cp >> (4 * (5 - i))) & 0xf];
        o[group] = '\0';
        len += group;
    }
    return out;
}
