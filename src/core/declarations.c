/* declarations.c — the rules of personal-matters reports: obligation,
 * deadlines, the item tables, the reproducible draw and the 漏报/隐瞒不报 table. */
#include "core/declarations.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* ---- who reports, and when ------------------------------------------ */

/* 县处级副职 is post level 5B (order 8), 四级调研员 is rank 06 (order 6):
 * these and every rung above them report (RULES.md §7; the 职级 mapping is
 * the inference the rules page marks). */
enum { OBLIGED_POST_ORDER = 8, OBLIGED_RANK_ORDER = 6 };

static bool order_at_most(const char *table, const char *code, int order)
{
    if (code == NULL || *code == '\0')
        return false;
    const struct code *c = codes_by_code(codes_table(table), code);
    return c != NULL && c->order > 0 && c->order <= order;
}

bool declarations_rank_obliged(const char *rank, const char *post_level)
{
    return order_at_most("post_level", post_level, OBLIGED_POST_ORDER) ||
           order_at_most("rank", rank, OBLIGED_RANK_ORDER);
}

bool declarations_formerly_obliged(const char *rank, const char *post_level)
{
    return declarations_rank_obliged(rank, post_level);
}

int declarations_current_year(struct date today)
{
    struct date last = declarations_annual_deadline(today.year - 1);
    return date_compare(today, last) <= 0 ? today.year - 1 : today.year;
}

struct date declarations_annual_deadline(int year)
{
    return (struct date){year + 1, 1, 31};
}

struct date declarations_event_deadline(struct date event)
{
    return date_add_days(event, 30);
}

enum declaration_state declarations_state(struct date deadline, struct date submitted,
                                          struct date today)
{
    if (!date_is_none(submitted))
        return date_compare(submitted, deadline) <= 0 ? DECL_ON_TIME : DECL_LATE;
    return date_compare(today, deadline) <= 0 ? DECL_PENDING : DECL_MISSING;
}

static const char *const state_names[][2] = {
    [DECL_PENDING] = {"pending", "待报告"},
    [DECL_ON_TIME] = {"on_time", "按时报告"},
    [DECL_LATE] = {"late", "逾期报告"},
    [DECL_MISSING] = {"missing", "未报告"},
};

const char *declarations_state_name(enum declaration_state s)
{
    return state_names[s][0];
}

const char *declarations_state_label(enum declaration_state s)
{
    return state_names[s][1];
}

/* ---- the report's items ---------------------------------------------- */

enum { LEN_NAME = 50, LEN_PLACE = 200, LEN_LONG = 2000, LEN_CHOICE = 20 };

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define M(member) offsetof(struct declaration_item, member)
#define TEXT(member, label, flags, len)                                                            \
    {                                                                                              \
#member, label, FIELD_TEXT, NULL, M(member), flags, len, 0, 0                              \
    }
#define RELATION(label, flags)                                                                     \
    {                                                                                              \
        "relation", label, FIELD_CODE, "relation", M(relation), flags, 0, 0, 0                     \
    }
#define DATE(label, flags)                                                                         \
    {                                                                                              \
        "date", label, FIELD_DATE, NULL, M(date), flags | FIELD_BY_DAY, 0, 0, 0                    \
    }
/* Amounts in 元, up to a trillion: beyond any household. */
#define AMOUNT(label, flags)                                                                       \
    {                                                                                              \
        "amount", label, FIELD_INT, NULL, M(amount), flags, 0, 0, 1000000000000LL                  \
    }
#define CHOICE(member, label, flags, choices)                                                      \
    {                                                                                              \
#member, label, FIELD_TEXT, NULL, M(member), flags, LEN_CHOICE, 0, 0, choices,             \
            NFIELDS(choices)                                                                       \
    }
#define REQ FIELD_REQUIRED
#define PAST FIELD_NOT_FUTURE
#define NOTES TEXT(notes, "备注", 0, LEN_LONG)

/* Art.3 (1) */
static const struct field_choice marriage_status[] = {
    {"married", "已婚", 0}, {"unmarried", "未婚", 0}, {"divorced", "离异", 0},
    {"widowed", "丧偶", 0}, {"remarried", "再婚", 0},
};
static const struct field_def marriage_fields[] = {
    CHOICE(status, "婚姻状况", REQ, marriage_status),
    TEXT(person_name, "配偶姓名", 0, LEN_NAME),
    DATE("变化时间", PAST),
    NOTES,
};
/* Art.3 (2) */
static const struct field_choice passport_kinds[] = {
    {"passport", "持有普通护照", 0},
    {"trip", "因私出国", 0},
};
static const struct field_def passport_fields[] = {
    CHOICE(kind, "类别", REQ, passport_kinds),
    TEXT(number, "护照号码", 0, LEN_NAME),
    TEXT(country, "前往国家", 0, LEN_NAME),
    DATE("签发或出境日期", PAST),
    NOTES,
};
/* Art.3 (3) */
static const struct field_choice hmt_kinds[] = {
    {"hk_macau_permit", "持有往来港澳通行证", 0},
    {"taiwan_permit", "持有往来台湾通行证", 0},
    {"hk_macau_trip", "因私往来港澳", 0},
    {"taiwan_trip", "因私往来台湾", 0},
};
static const struct field_def hmt_fields[] = {
    CHOICE(kind, "类别", REQ, hmt_kinds),
    TEXT(number, "证件号码", 0, LEN_NAME),
    DATE("签发或出境日期", PAST),
    NOTES,
};
/* Art.3 (4), (5) */
static const struct field_def child_foreign_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "子女姓名", REQ, LEN_NAME),
    TEXT(name, "子女配偶姓名", REQ, LEN_NAME),
    TEXT(country, "子女配偶国籍", 0, LEN_NAME),
    DATE("登记结婚时间", PAST),
    NOTES,
};
static const struct field_def child_hmt_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "子女姓名", REQ, LEN_NAME),
    TEXT(name, "子女配偶姓名", REQ, LEN_NAME),
    TEXT(country, "子女配偶所在地区（港澳台）", 0, LEN_NAME),
    DATE("登记结婚时间", PAST),
    NOTES,
};
/* Art.3 (6) */
static const struct field_choice emigration_kinds[] = {
    {"nationality", "取得外国国籍", 0},
    {"permanent", "取得永久居留资格", 0},
    {"long_term", "取得长期居留许可", 0},
    {"abroad_year", "连续在国（境）外工作、生活一年以上", 0},
};
static const struct field_def emigration_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "姓名", REQ, LEN_NAME),
    CHOICE(kind, "情形", REQ, emigration_kinds),
    TEXT(country, "所在国家（地区）", REQ, LEN_NAME),
    DATE("起始时间", PAST),
    NOTES,
};
/* Art.3 (7) */
static const struct field_choice employment_kinds[] = {
    {"public", "党政机关、事业单位", 0},
    {"state", "国有企业", 0},
    {"private", "民营企业", 0},
    {"foreign", "外资企业", 0},
    {"foreign_ngo", "境外非政府组织驻华机构", 0},
    {"abroad", "在国（境）外工作", 0},
    {"self", "自由职业、个体经营", 0},
    {"other", "其他", 0},
};
static const struct field_def employment_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "姓名", REQ, LEN_NAME),
    CHOICE(kind, "从业类别", REQ, employment_kinds),
    TEXT(name, "工作单位", REQ, LEN_PLACE),
    TEXT(post, "职务", 0, LEN_NAME),
    NOTES,
};
/* Art.3 (8) */
static const struct field_def prosecution_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "姓名", REQ, LEN_NAME),
    TEXT(name, "罪名", REQ, LEN_NAME),
    DATE("被追究时间", PAST),
    TEXT(notes, "处理阶段及结果", 0, LEN_LONG),
};
/* Art.4 (1), (2) */
static const struct field_def salary_fields[] = {
    AMOUNT("工资及各类奖金、津贴、补贴（元）", REQ),
    NOTES,
};
static const struct field_choice labor_kinds[] = {
    {"lecture", "讲学", 0}, {"writing", "写作", 0}, {"consulting", "咨询", 0},
    {"review", "审稿", 0},  {"art", "书画", 0},     {"other", "其他", 0},
};
static const struct field_def labor_fields[] = {
    CHOICE(kind, "劳务类别", REQ, labor_kinds),
    AMOUNT("劳务所得（元）", REQ),
    NOTES,
};
/* Art.4 (3) */
static const struct field_choice house_kinds[] = {
    {"residence", "住房", 0},
    {"garage", "车库", 0},
    {"parking", "车位", 0},
    {"storeroom", "储藏间", 0},
    {"commercial", "商铺、写字楼等", 0},
};
static const struct field_def house_fields[] = {
    RELATION("产权人与本人关系", REQ),
    TEXT(person_name, "产权人", REQ, LEN_NAME),
    CHOICE(kind, "房产类别", REQ, house_kinds),
    TEXT(address, "房产地址", REQ, LEN_PLACE),
    TEXT(area, "建筑面积（平方米）", REQ, 12),
    TEXT(share, "产权份额", 0, LEN_NAME),
    DATE("取得时间", PAST),
    NOTES,
};
/* Art.4 (4) */
static const struct field_choice securities_kinds[] = {
    {"shares", "股票", 0},
    {"funds", "基金", 0},
    {"insurance", "投资型保险", 0},
};
static const struct field_def securities_fields[] = {
    RELATION("持有人与本人关系", REQ),
    TEXT(person_name, "持有人", REQ, LEN_NAME),
    CHOICE(kind, "类别", REQ, securities_kinds),
    TEXT(name, "名称", 0, LEN_PLACE),
    TEXT(number, "代码", 0, LEN_NAME),
    AMOUNT("市值或缴纳保费（元）", REQ),
    NOTES,
};
/* Art.4 (5) */
static const struct field_choice business_kinds[] = {
    {"unlisted", "投资非上市公司、企业", 0},
    {"individual", "个体工商户", 0},
    {"sole", "个人独资企业", 0},
    {"partnership", "合伙企业", 0},
};
static const struct field_def business_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "姓名", REQ, LEN_NAME),
    CHOICE(kind, "类别", REQ, business_kinds),
    TEXT(name, "企业或字号名称", REQ, LEN_PLACE),
    TEXT(number, "统一社会信用代码", 0, LEN_NAME),
    AMOUNT("出资额（元）", 0),
    NOTES,
};
/* Art.4 (6) */
static const struct field_choice overseas_kinds[] = {
    {"deposit", "存款", 0},
    {"investment", "投资", 0},
};
static const struct field_def overseas_fields[] = {
    RELATION("与本人关系", REQ),
    TEXT(person_name, "姓名", REQ, LEN_NAME),
    CHOICE(kind, "类别", REQ, overseas_kinds),
    TEXT(country, "所在国家（地区）", REQ, LEN_NAME),
    AMOUNT("金额（元）", REQ),
    NOTES,
};

/* An area is a positive decimal of at most two places: "89.5", "120". */
static bool area_valid(const char *s)
{
    if (s == NULL || *s == '\0')
        return true;
    size_t digits = 0, decimals = 0;
    bool dot = false;
    for (const char *p = s; *p; p++) {
        if (*p == '.' && !dot && digits > 0)
            dot = true;
        else if (*p >= '0' && *p <= '9')
            dot ? decimals++ : digits++;
        else
            return false;
    }
    return digits > 0 && digits <= 7 && decimals <= 2 && strtod(s, NULL) > 0;
}

static void house_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct declaration_item *it = record;
    if (!field_errors_has(fe, "area") && !area_valid(it->area))
        field_errors_add(fe, "area", "建筑面积应为大于零的数字（平方米，最多两位小数），如 89.5");
}

#define KIND(type, label, fields, validate)                                                        \
    static const struct record_kind type##_kind = {                                                \
        #type,  label,           "declarations", sizeof(struct declaration_item),                  \
        fields, NFIELDS(fields), validate}

KIND(marriage, "本人婚姻情况", marriage_fields, NULL);
KIND(passport, "本人持有普通护照以及因私出国的情况", passport_fields, NULL);
KIND(hmt_permit, "本人持有往来港澳通行证、因私往来台湾通行证以及因私往来港澳台的情况", hmt_fields,
     NULL);
KIND(child_foreign_marriage, "子女与外国人、无国籍人通婚的情况", child_foreign_fields, NULL);
KIND(child_hmt_marriage, "子女与港澳以及台湾居民通婚的情况", child_hmt_fields, NULL);
KIND(emigration, "配偶、子女移居国（境）外或连续在国（境）外工作、生活一年以上的情况",
     emigration_fields, NULL);
KIND(employment, "配偶、子女及其配偶的从业情况", employment_fields, NULL);
KIND(prosecution, "配偶、子女及其配偶被追究刑事责任的情况", prosecution_fields, NULL);
KIND(salary, "本人的工资及各类奖金、津贴、补贴等", salary_fields, NULL);
KIND(labor_income, "本人从事讲学、写作、咨询、审稿、书画等劳务所得", labor_fields, NULL);
KIND(house, "本人、配偶、共同生活的子女为所有权人或者共有人的房产情况", house_fields,
     house_validate);
KIND(securities, "本人、配偶、共同生活的子女持有股票、基金、投资型保险的情况", securities_fields,
     NULL);
KIND(business, "配偶、子女及其配偶经商办企业的情况", business_fields, NULL);
KIND(overseas, "本人、配偶、共同生活的子女在国（境）外的存款和投资情况", overseas_fields, NULL);

static const struct declaration_item_type item_types[] = {
    {"marriage", DECL_FAMILY, 1, &marriage_kind},
    {"passport", DECL_FAMILY, 2, &passport_kind},
    {"hmt_permit", DECL_FAMILY, 3, &hmt_permit_kind},
    {"child_foreign_marriage", DECL_FAMILY, 4, &child_foreign_marriage_kind},
    {"child_hmt_marriage", DECL_FAMILY, 5, &child_hmt_marriage_kind},
    {"emigration", DECL_FAMILY, 6, &emigration_kind},
    {"employment", DECL_FAMILY, 7, &employment_kind},
    {"prosecution", DECL_FAMILY, 8, &prosecution_kind},
    {"salary", DECL_ASSETS, 1, &salary_kind},
    {"labor_income", DECL_ASSETS, 2, &labor_income_kind},
    {"house", DECL_ASSETS, 3, &house_kind},
    {"securities", DECL_ASSETS, 4, &securities_kind},
    {"business", DECL_ASSETS, 5, &business_kind},
    {"overseas", DECL_ASSETS, 6, &overseas_kind},
};

const struct declaration_item_type *declarations_item_types(size_t *n)
{
    *n = NFIELDS(item_types);
    return item_types;
}

const struct declaration_item_type *declarations_item_type(const char *type)
{
    for (size_t i = 0; type && i < NFIELDS(item_types); i++)
        if (strcmp(item_types[i].type, type) == 0)
            return &item_types[i];
    return NULL;
}

/* ---- the random draw -------------------------------------------------- */

int declarations_ratio_parse(const char *text, int *per10000, const char **canonical,
                             struct arena *a)
{
    if (text == NULL)
        return ERR_INVALID;
    long whole = 0, frac = 0;
    int places = 0;
    const char *p = text;
    if (*p < '0' || *p > '9')
        return ERR_INVALID;
    while (*p >= '0' && *p <= '9' && whole <= 1)
        whole = whole * 10 + (*p++ - '0');
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return ERR_INVALID;
        while (*p >= '0' && *p <= '9') {
            if (++places > 4)
                return ERR_INVALID;
            frac = frac * 10 + (*p++ - '0');
        }
    }
    if (*p != '\0')
        return ERR_INVALID;
    for (int i = places; i < 4; i++)
        frac *= 10;
    long v = whole * 10000 + frac;
    if (v <= 0 || v > 10000)
        return ERR_INVALID;
    *per10000 = (int)v;
    if (v == 10000) {
        *canonical = "1";
    } else {
        char digits[5];
        snprintf(digits, sizeof digits, "%04ld", v);
        size_t len = 4;
        while (len > 0 && digits[len - 1] == '0')
            len--;
        digits[len] = '\0';
        *canonical = arena_sprintf(a, "0.%s", digits);
    }
    return 0;
}

size_t declarations_sample_size(int per10000, size_t obliged)
{
    uint64_t product = (uint64_t)per10000 * obliged;
    return (size_t)((product + 9999) / 10000);
}

bool declarations_seed_valid(const char *seed)
{
    if (seed == NULL)
        return false;
    size_t len = strlen(seed);
    if (len == 0 || len > DECLARATIONS_SEED_MAX || !utf8_valid(seed, len))
        return false;
    for (const unsigned char *p = (const unsigned char *)seed; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static int str_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

struct ranked {
    char hash[DIGEST_SHA256_HEX + 1];
    const char *id;
};

static int ranked_cmp(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    int c = strcmp(a->hash, b->hash);
    return c ? c : strcmp(a->id, b->id);
}

int declarations_draw(int year, const char *seed, const char *ratio, const char *const *ids,
                      size_t n, struct arena *a, struct declaration_draw *out)
{
    memset(out, 0, sizeof *out);
    int per10000;
    const char *canonical_ratio;
    if (year < 2000 || year > 9999 || !declarations_seed_valid(seed) ||
        declarations_ratio_parse(ratio, &per10000, &canonical_ratio, a) < 0)
        return ERR_INVALID;
    const char **sorted = arena_calloc(a, n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == NULL || ids[i][0] == '\0' || strchr(ids[i], '\n'))
            return ERR_INVALID;
        sorted[i] = ids[i];
    }
    qsort(sorted, n, sizeof *sorted, str_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0)
            return ERR_INVALID;

    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "year=%d\nseed=%s\nratio=%s\nalgorithm=%s\n", year, seed, canonical_ratio,
                  DECLARATIONS_DRAW_ALGORITHM);
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&sb, "%s\n", sorted[i]);
    out->canonical = arena_strndup(a, sb.data, sb.len);
    digest_sha256_hex(sb.data, sb.len, out->fingerprint);
    strbuf_release(&sb);

    size_t take = declarations_sample_size(per10000, n);
    struct ranked *r = arena_calloc(a, n ? n : 1, sizeof *r);
    size_t seed_len = strlen(seed);
    char *buf = arena_alloc(a, seed_len + 1 + 64);
    for (size_t i = 0; i < n; i++) {
        size_t id_len = strlen(sorted[i]);
        if (id_len > 64)
            buf = arena_alloc(a, seed_len + 1 + id_len);
        memcpy(buf, seed, seed_len);
        buf[seed_len] = '\n';
        memcpy(buf + seed_len + 1, sorted[i], id_len);
        digest_sha256_hex(buf, seed_len + 1 + id_len, r[i].hash);
        r[i].id = sorted[i];
    }
    qsort(r, n, sizeof *r, ranked_cmp);
    const char **drawn = arena_calloc(a, take ? take : 1, sizeof *drawn);
    for (size_t i = 0; i < take; i++)
        drawn[i] = r[i].id;

    out->year = year;
    out->seed = arena_strdup(a, seed);
    out->ratio = canonical_ratio;
    out->obliged = sorted;
    out->nobliged = n;
    out->drawn = drawn;
    out->ndrawn = take;
    return 0;
}

/* ---- checks: 漏报 or 隐瞒不报 ------------------------------------------ */

/* 《领导干部个人有关事项报告查核结果处理办法》Art.3 (漏报) and Art.4 (隐瞒不报),
 * row by row as RULES.md §7 tabulates them. */
static const char *const ROW_HMT = "未报告持有往来港澳台通行证或因私往来港澳台情况（漏报）";
static const char *const ROW_HOUSE_AREA = "少报房产面积（漏报）";
static const char *const ROW_HOUSE_MINOR = "漏报车库、车位、储藏间等（漏报）";
static const char *const ROW_HOUSE = "漏报一处以上房产（车库、车位、储藏间等除外）（隐瞒不报）";
static const char *const ROW_SECURITIES_UNDER = "少报股票、基金、投资型保险的数额（漏报）";
static const char *const ROW_SECURITIES = "未报告持有股票、基金、投资型保险（隐瞒不报）";
static const char *const ROW_BUSINESS_UNDER =
    "少报投资非上市公司、个体工商户、个人独资企业或合伙企业的出资额（漏报）";
static const char *const ROW_BUSINESS =
    "漏报一项以上投资非上市公司、个体工商户、个人独资企业或合伙企业（隐瞒不报）";
static const char *const ROW_OTHER = "其他漏报情形（漏报）";

static const struct {
    const char *type;
    const char *row; /* 隐瞒不报 whatever the discrepancy */
} concealed_types[] = {
    {"marriage", "未报告本人婚姻变化情况（隐瞒不报）"},
    {"passport", "未报告持有普通护照或因私出国情况（隐瞒不报）"},
    {"child_foreign_marriage", "未报告子女与外国人、无国籍人通婚情况（隐瞒不报）"},
    {"child_hmt_marriage", "未报告子女与港澳台居民通婚情况（隐瞒不报）"},
    {"emigration", "未报告配偶、子女移居国（境）外或在国（境）外连续居住一年以上情况（隐瞒不报）"},
    {"employment", "未报告配偶、子女及其配偶的从业情况（隐瞒不报）"},
    {"prosecution", "未报告配偶、子女及其配偶被追究刑事责任情况（隐瞒不报）"},
};

int declarations_classify(const char *type, const char *kind, enum declaration_discrepancy d,
                          bool type_reported, const char **row)
{
    if (declarations_item_type(type) == NULL)
        return ERR_INVALID;
    for (size_t i = 0; i < NFIELDS(concealed_types); i++)
        if (strcmp(type, concealed_types[i].type) == 0) {
            *row = concealed_types[i].row;
            return CLASS_CONCEALMENT;
        }
    if (strcmp(type, "hmt_permit") == 0) {
        *row = ROW_HMT;
        return CLASS_OMISSION;
    }
    if (strcmp(type, "house") == 0) {
        bool minor = kind && (strcmp(kind, "garage") == 0 || strcmp(kind, "parking") == 0 ||
                              strcmp(kind, "storeroom") == 0);
        if (d == DISC_UNDER) {
            *row = ROW_HOUSE_AREA;
            return CLASS_OMISSION;
        }
        *row = minor ? ROW_HOUSE_MINOR : ROW_HOUSE;
        return minor ? CLASS_OMISSION : CLASS_CONCEALMENT;
    }
    if (strcmp(type, "securities") == 0) {
        if (d == DISC_MISSING && !type_reported) {
            *row = ROW_SECURITIES;
            return CLASS_CONCEALMENT;
        }
        *row = ROW_SECURITIES_UNDER;
        return CLASS_OMISSION;
    }
    if (strcmp(type, "business") == 0) {
        *row = d == DISC_MISSING ? ROW_BUSINESS : ROW_BUSINESS_UNDER;
        return d == DISC_MISSING ? CLASS_CONCEALMENT : CLASS_OMISSION;
    }
    *row = ROW_OTHER;
    return CLASS_OMISSION;
}

const char *declarations_class_name(enum declaration_class c)
{
    return c == CLASS_CONCEALMENT ? "concealment" : "omission";
}

const char *declarations_class_label(enum declaration_class c)
{
    return c == CLASS_CONCEALMENT ? "隐瞒不报" : "漏报";
}

#define OMIT (1u << CLASS_OMISSION)
#define HIDE (1u << CLASS_CONCEALMENT)

/* 处理办法 Art.5–7 with RULES.md §7's effect periods: 漏报 → 批评教育, 责令检查,
 * 限期改正, and when serious 诫勉; 隐瞒不报 → at least 诫勉, when serious
 * 调离岗位, 免职, 降职. The periods of §7 are written on the punishment record
 * (effect_months), so they hold even where the code table's default differs. */
static const struct declaration_handling handlings[] = {
    {"criticism", "批评教育", NULL, 0, OMIT}, {"self_check", "责令作出检查", NULL, 0, OMIT},
    {"correct", "限期改正", NULL, 0, OMIT},   {"O01", "诫勉", "O01", 6, OMIT | HIDE},
    {"O02", "调离岗位", "O02", 12, HIDE},     {"O04", "免职", "O04", 12, HIDE},
    {"O05", "降职", "O05", 24, HIDE},
};

const struct declaration_handling *declarations_handlings(size_t *n)
{
    *n = NFIELDS(handlings);
    return handlings;
}

const struct declaration_handling *declarations_handling(const char *code)
{
    for (size_t i = 0; code && i < NFIELDS(handlings); i++)
        if (strcmp(handlings[i].code, code) == 0)
            return &handlings[i];
    return NULL;
}

const struct declaration_handling *declarations_propose(int worst)
{
    if (worst == CLASS_CONCEALMENT)
        return declarations_handling("O01");
    if (worst == CLASS_OMISSION)
        return declarations_handling("criticism");
    return NULL;
}
