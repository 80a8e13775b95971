/* tipoffs.c — tracking codes, the case workflow and its deadlines, the
 * checks of a reporter's text, attachment types, and the supervision
 * record kinds (core/tipoffs.h). */
#include "core/tipoffs.h"

#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/utf8.h"

/* Crockford's base32: no I, L, O or U, so nothing reads as another. */
static const char CROCKFORD[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void tipoffs_code_format(const unsigned char random[TIPOFFS_CODE_RANDOM_BYTES],
                         char out[TIPOFFS_CODE_TEXT + 1])
{
    size_t o = 0;
    for (size_t i = 0; i < TIPOFFS_CODE_SYMBOLS; i++) {
        size_t bit = i * 5;
        unsigned v = ((unsigned)random[bit / 8] << 8) | random[bit / 8 + 1];
        v = (v >> (11 - bit % 8)) & 31;
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = CROCKFORD[v];
    }
    out[o] = '\0';
}

bool tipoffs_code_normalize(const char *text, char out[TIPOFFS_CODE_SYMBOLS + 1])
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = text; p && *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if (!strchr(CROCKFORD, c) || c == '\0' || n >= TIPOFFS_CODE_SYMBOLS) {
            out[0] = '\0';
            return false;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    if (n != TIPOFFS_CODE_SYMBOLS) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* ---- workflow ---------------------------------------------------------------- */

static const struct {
    const char *name, *label, *public_name, *public_label;
} statuses[TIPOFF_STATUS_COUNT] = {
    [TIPOFF_RECEIVED] = {"received", "待受理", "received", "已收到，等待受理"},
    [TIPOFF_ACCEPTED] = {"accepted", "已受理", "accepted", "已受理"},
    [TIPOFF_CHECKING] = {"checking", "初核中", "checking", "正在核查"},
    [TIPOFF_CLOSED] = {"closed", "了结", "handling", "正在办理"},
    [TIPOFF_FILED] = {"filed", "立案", "handling", "正在办理"},
    [TIPOFF_ANSWERED] = {"answered", "已反馈", "done", "已办结"},
};

const char *tipoffs_status_name(enum tipoff_status s)
{
    return (unsigned)s < TIPOFF_STATUS_COUNT ? statuses[s].name : NULL;
}

const char *tipoffs_status_label(enum tipoff_status s)
{
    return (unsigned)s < TIPOFF_STATUS_COUNT ? statuses[s].label : NULL;
}

/* 了结 and 立案 both read "正在办理" to the reporter until the result is
 * given back: whether a case was filed is not the reporter's to learn
 * from a web page, it is told in the feedback. */
const char *tipoffs_status_public_label(enum tipoff_status s)
{
    return (unsigned)s < TIPOFF_STATUS_COUNT ? statuses[s].public_label : NULL;
}

const char *tipoffs_status_public_name(enum tipoff_status s)
{
    return (unsigned)s < TIPOFF_STATUS_COUNT ? statuses[s].public_name : NULL;
}

int tipoffs_status_find(const char *name)
{
    for (int s = 0; name && s < TIPOFF_STATUS_COUNT; s++)
        if (strcmp(statuses[s].name, name) == 0)
            return s;
    return -1;
}

bool tipoffs_transition_allowed(enum tipoff_status from, enum tipoff_status to)
{
    switch (from) {
    case TIPOFF_RECEIVED:
        return to == TIPOFF_ACCEPTED;
    case TIPOFF_ACCEPTED:
        return to == TIPOFF_CHECKING;
    case TIPOFF_CHECKING:
        return to == TIPOFF_CLOSED || to == TIPOFF_FILED;
    case TIPOFF_CLOSED:
    case TIPOFF_FILED:
        return to == TIPOFF_ANSWERED;
    default:
        return false;
    }
}

const struct tipoff_deadlines TIPOFFS_DEFAULT_DEADLINES = {.days = {
                                                               [TIPOFF_RECEIVED] = 15,
                                                               [TIPOFF_ACCEPTED] = 15,
                                                               [TIPOFF_CHECKING] = 90,
                                                               [TIPOFF_CLOSED] = 15,
                                                               [TIPOFF_FILED] = 90,
                                                               [TIPOFF_ANSWERED] = 0,
                                                           }};

bool tipoffs_due(const struct tipoff_deadlines *d, enum tipoff_status s, struct date since,
                 struct date *due)
{
    if ((unsigned)s >= TIPOFF_STATUS_COUNT || d->days[s] <= 0 || !date_valid(since))
        return false;
    *due = date_add_days(since, d->days[s]);
    return true;
}

/* ---- reporter's text ------------------------------------------------------------- */

void tipoffs_check_text(const char *value, const char *field, const char *label, bool required,
                        size_t min, size_t max, bool multiline, struct field_errors *fe)
{
    size_t len = value ? strlen(value) : 0;
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = value[i] == ' ' || value[i] == '\n' || value[i] == '\t' || value[i] == '\r';
    if (blank) {
        if (required)
            field_errors_add(fe, field, "请填写%s", label);
        return;
    }
    if (!utf8_valid(value, len)) {
        field_errors_add(fe, field, "%s含有无法识别的字符", label);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];
        bool allowed = c >= 0x20 && c != 0x7f;
        if (multiline && (c == '\n' || c == '\t' || c == '\r'))
            allowed = true;
        if (!allowed) {
            field_errors_add(fe, field, "%s含有控制字符，请删除后重新提交", label);
            return;
        }
    }
    size_t chars = utf8_length(value);
    if (chars > max)
        field_errors_add(fe, field, "%s不能超过 %zu 个字（现有 %zu 个字）", label, max, chars);
    else if (chars < min)
        field_errors_add(fe, field, "%s至少需要 %zu 个字，请写明具体问题", label, min);
}

void tipoffs_validate(const struct tipoff_report *r, struct field_errors *fe)
{
    tipoffs_check_text(r->subject_name, "subject_name", "被反映人姓名", true, 1, TIPOFFS_NAME_MAX,
                       false, fe);
    tipoffs_check_text(r->subject_unit, "subject_unit", "被反映人单位", true, 1, TIPOFFS_UNIT_MAX,
                       false, fe);
    tipoffs_check_text(r->content, "content", "反映的问题", true, TIPOFFS_CONTENT_MIN,
                       TIPOFFS_CONTENT_MAX, true, fe);
    tipoffs_check_text(r->reporter_name, "reporter_name", "举报人姓名", false, 1, TIPOFFS_NAME_MAX,
                       false, fe);
    tipoffs_check_text(r->contact, "contact", "联系方式", false, 1, TIPOFFS_CONTACT_MAX, false, fe);
}

/* ---- attachments ----------------------------------------------------------------- */

const char *tipoffs_attachment_type(const void *data, size_t len)
{
    const unsigned char *b = data;
    if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return "image/jpeg";
    if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (len >= 5 && memcmp(b, "%PDF-", 5) == 0)
        return "application/pdf";
    return NULL;
}

/* The extensions a type may carry, the first the one added when missing. */
static const char *const *type_extensions(const char *media_type)
{
    static const char *const jpeg[] = {"jpg", "jpeg", NULL}, *const png[] = {"png", NULL},
                             *const pdf[] = {"pdf", NULL};
    if (media_type && strcmp(media_type, "image/png") == 0)
        return png;
    if (media_type && strcmp(media_type, "application/pdf") == 0)
        return pdf;
    return jpeg;
}

/* Characters a name does not keep: controls (C0, DEL, C1) and the
 * direction marks and overrides that make "x\u202Efdp.exe" read as a PDF. */
static bool name_drops(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

static bool name_trims(uint32_t cp)
{
    return cp == ' ' || cp == '.';
}

const char *tipoffs_attachment_name(const char *raw, const char *media_type, struct arena *a)
{
    /* Code points of the last path component, cleaned. */
    size_t len = raw ? strlen(raw) : 0;
    uint32_t *cps = arena_calloc(a, len + 1, sizeof *cps);
    size_t n = 0;
    if (raw && utf8_valid(raw, len)) {
        const char *p = raw;
        while (*p) {
            uint32_t cp = utf8_next(&p);
            if (cp == '/' || cp == '\\') {
                n = 0;
                continue;
            }
            if (name_drops(cp))
                continue;
            cps[n++] = cp < 0x80 && strchr(":*?\"<>|", (int)cp) ? '_' : cp;
        }
    }
    size_t from = 0;
    while (from < n && name_trims(cps[from]))
        from++;
    while (n > from && name_trims(cps[n - 1]))
        n--;
    /* The extension it has, if the type allows it; else the type's own. */
    const char *const *exts = type_extensions(media_type);
    const char *ext = exts[0];
    size_t stem_end = n;
    for (size_t i = n; i > from + 1; i--) {
        if (cps[i - 1] != '.')
            continue;
        /* Compared without case, kept as the file had it ("照片.JPG"). */
        char have[8] = {0};
        size_t k = 0;
        for (size_t j = i; j < n && k < sizeof have - 1; j++)
            have[k++] = cps[j] < 0x80 ? (char)cps[j] : '?';
        for (const char *const *e = exts; *e; e++)
            if (i + strlen(*e) == n && strcasecmp(have, *e) == 0) {
                ext = arena_strdup(a, have);
                stem_end = i - 1;
            }
        break;
    }
    size_t room = TIPOFFS_ATTACHMENT_NAME_MAX - 1 - strlen(ext);
    if (stem_end - from > room)
        stem_end = from + room;
    while (stem_end > from && name_trims(cps[stem_end - 1]))
        stem_end--;
    char *out = arena_alloc(a, (stem_end - from) * 4 + strlen("附件") + strlen(ext) + 2);
    size_t o = 0;
    for (size_t i = from; i < stem_end; i++)
        o += utf8_encode(cps[i], out + o);
    if (o == 0) {
        memcpy(out, "附件", strlen("附件"));
        o = strlen("附件");
    }
    out[o++] = '.';
    strcpy(out + o, ext);
    return out;
}

const char *tipoffs_receipt_problem(struct date received, struct date today)
{
    if (date_compare(received, today) > 0)
        return "收信日期不能晚于今天";
    if (date_compare(date_add_days(received, TIPOFFS_BACKDATE_MAX_DAYS), today) < 0)
        return "收信日期不能早于一年前，请核对年份";
    return NULL;
}

/* ---- supervision records ------------------------------------------------------------ */

static const struct {
    const char *name, *label;
} kinds[SUPERVISION_KIND_COUNT] = {
    [SUPERVISION_CONDUCT] = {"conduct", "作风表现记录"},
    [SUPERVISION_INQUIRY] = {"inquiry", "函询"},
    [SUPERVISION_REMINDER] = {"reminder", "提醒"},
};

const char *supervision_kind_name(enum supervision_kind k)
{
    return (unsigned)k < SUPERVISION_KIND_COUNT ? kinds[k].name : NULL;
}

const char *supervision_kind_label(enum supervision_kind k)
{
    return (unsigned)k < SUPERVISION_KIND_COUNT ? kinds[k].label : NULL;
}

int supervision_kind_find(const char *name)
{
    for (int k = 0; name && k < SUPERVISION_KIND_COUNT; k++)
        if (strcmp(kinds[k].name, name) == 0 || strcmp(kinds[k].label, name) == 0)
            return k;
    return -1;
}

/* The six categories in the speech's own order and words (一(四): 一是政治上不清醒 …
 * 六是纪律规矩意识不够强). */
static const struct {
    const char *name, *label;
} categories[CONDUCT_CATEGORY_COUNT] = {
    [CONDUCT_POLITICAL] = {"political", "政治上不清醒"},
    [CONDUCT_POSTS] = {"posts", "政绩观存在偏差"},
    [CONDUCT_WORK_ETHIC] = {"work_ethic", "实干精神不足"},
    [CONDUCT_ABILITY] = {"ability", "能力素质欠缺"},
    [CONDUCT_TEAMWORK] = {"teamwork", "团结协作不够"},
    [CONDUCT_DISCIPLINE] = {"discipline", "纪律规矩意识不够强"},
};

const char *conduct_category_name(enum conduct_category c)
{
    return (unsigned)c < CONDUCT_CATEGORY_COUNT ? categories[c].name : NULL;
}

const char *conduct_category_label(enum conduct_category c)
{
    return (unsigned)c < CONDUCT_CATEGORY_COUNT ? categories[c].label : NULL;
}

int conduct_category_find(const char *name)
{
    for (int c = 0; name && c < CONDUCT_CATEGORY_COUNT; c++)
        if (strcmp(categories[c].name, name) == 0 || strcmp(categories[c].label, name) == 0)
            return c;
    return -1;
}
