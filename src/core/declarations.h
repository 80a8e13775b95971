/* declarations.h — personal-matters reports (领导干部个人有关事项报告,
 * RULES.md §7): who must report, the deadlines, the report's 8 family and 6
 * asset items as field tables, the yearly random draw anyone can redo with
 * `sha256sum`, and the classing of a check's discrepancies as 漏报 or 隐瞒不报
 * with the handling they call for. Pure: no SQL, no clock. */
#ifndef CADRE_DECLARATIONS_H
#define CADRE_DECLARATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/fields.h"
#include "util/digest.h"

struct arena;

/* ---- who reports, and when ------------------------------------------ */

/* Whether a cadre holding post level `post_level` and 职级 `rank` (codes or
 * NULL) must report by rank (规定 Art.2): 县处级副职 (5B) and above, and the
 * non-leading 职级 of 四级调研员 (06) and above. */
bool declarations_rank_obliged(const char *rank, const char *post_level);

/* Whether a cadre still in service (not retired) must report because of a
 * post or 职级 they held before (`rank`, `post_level`: one past career
 * record's codes): those who left a post but have not yet retired report
 * as before (规定 Art.2, RULES.md §7). The same rank rule as
 * declarations_rank_obliged, applied to the past record. */
bool declarations_formerly_obliged(const char *rank, const char *post_level);

/* The 报告年度 whose annual deadline is the next one on or after `today`:
 * up to 31 January the year before today's, after it today's year. */
int declarations_current_year(struct date today);

/* The annual report of 报告年度 `year` covers that year and is due on 31
 * January of the next (规定 Art.5). */
struct date declarations_annual_deadline(int year);

/* A report of an Art.3 event, or of a newly obliged cadre, is due 30 days
 * after `event`. */
struct date declarations_event_deadline(struct date event);

enum declaration_state {
    DECL_PENDING, /* not submitted, the deadline not passed */
    DECL_ON_TIME, /* submitted on or before the deadline */
    DECL_LATE,    /* submitted after the deadline (迟报) */
    DECL_MISSING, /* not submitted, the deadline passed (未报) */
};

/* The state of a report due `deadline`, submitted on `submitted` (DATE_NONE:
 * not yet), as of `today`. */
enum declaration_state declarations_state(struct date deadline, struct date submitted,
                                          struct date today);

/* "pending", "on_time", "late", "missing", and their Chinese labels. */
const char *declarations_state_name(enum declaration_state s);
const char *declarations_state_label(enum declaration_state s);

/* ---- the report's items ---------------------------------------------- */

/* One item of a report. Every item type uses some of these members; its
 * field table (declarations_item_types) says which, with labels. */
struct declaration_item {
    long long id, person_id; /* unused: items live inside a report */
    const char *relation;    /* code, GB/T 4761: whose item it is (配偶, 子女 ...) */
    const char *person_name; /* the family member's name, or the owner's */
    const char *kind;        /* the item type's own choices (住房/车位, 股票/基金 ...) */
    const char *status;      /* 婚姻状况 */
    const char *name;        /* the company, fund, employer, document ... */
    const char *number;      /* 证件号码, 证券代码, 统一社会信用代码 */
    const char *country;     /* 国家（地区） */
    const char *address;     /* 房产地址 */
    const char *post;        /* 职务 */
    const char *area;        /* 建筑面积（平方米）, decimal text */
    const char *share;       /* 产权份额 */
    long long amount;        /* 元 */
    struct date date;        /* the item's date (登记, 出境, 取得 ...) */
    const char *notes;
};

/* The group an item type belongs to: Art.3's 8 家事 or Art.4's 6 家产. */
enum declaration_group { DECL_FAMILY, DECL_ASSETS };

/* One item type: its API name ("house"), its place in the regulation, and
 * its fields as a record kind (name = the type, label = Chinese). */
struct declaration_item_type {
    const char *type;
    enum declaration_group group;
    int article_item; /* 1..8 within Art.3, 1..6 within Art.4 */
    const struct record_kind *kind;
};

/* The 14 item types in the form's order (8 family, then 6 assets); `*n` set. */
const struct declaration_item_type *declarations_item_types(size_t *n);

/* The item type named `type`, or NULL. */
const struct declaration_item_type *declarations_item_type(const char *type);

/* ---- the random draw -------------------------------------------------- */

/* The draw's algorithm, recorded with every draw and documented in
 * docs/declarations.md: rank each obliged ID number by SHA-256 of
 * seed + "\n" + ID number (hex, ascending; equal hashes by ID number), take
 * the first ceil(ratio × obliged). */
#define DECLARATIONS_DRAW_ALGORITHM "cadre-draw-v1"

/* Longest seed, in bytes. */
#define DECLARATIONS_SEED_MAX 200

/* Parses a ratio "0.1", "0.15", "1" (0 < ratio ≤ 1, at most 4 decimals)
 * into parts per 10000 and its canonical text (no trailing zeros: "0.1")
 * in `a`. Returns 0 or ERR_INVALID. */
int declarations_ratio_parse(const char *text, int *per10000, const char **canonical,
                             struct arena *a);

/* ceil(per10000 / 10000 × obliged), computed exactly. */
size_t declarations_sample_size(int per10000, size_t obliged);

/* Whether `seed` may be a draw's seed: 1..DECLARATIONS_SEED_MAX bytes of
 * valid UTF-8 without control characters (a line of the canonical text). */
bool declarations_seed_valid(const char *seed);

struct declaration_draw {
    int year;
    const char *seed;
    const char *ratio;          /* canonical */
    const char *const *obliged; /* sorted (byte order), `nobliged` */
    size_t nobliged;
    const char *const *drawn; /* in rank order, `ndrawn` */
    size_t ndrawn;
    const char *canonical; /* the text the fingerprint hashes */
    char fingerprint[DIGEST_SHA256_HEX + 1];
};

/* Draws the sample of `year` from the obliged ID numbers `ids` (any order;
 * borrowed) with `seed` and `ratio` text. The canonical text is
 *   "year=<Y>\nseed=<seed>\nratio=<ratio>\nalgorithm=cadre-draw-v1\n"
 * followed by every ID number, sorted, each with "\n"; the fingerprint is
 * its SHA-256. Everything in `a`. Returns 0, or ERR_INVALID (a bad seed or
 * ratio, an ID number repeated or empty, a year outside 2000..9999). */
int declarations_draw(int year, const char *seed, const char *ratio, const char *const *ids,
                      size_t n, struct arena *a, struct declaration_draw *out);

/* ---- checks: 漏报 or 隐瞒不报 ------------------------------------------ */

/* How a checked item differs from the report. */
enum declaration_discrepancy {
    DISC_MISSING, /* the item is not in the report */
    DISC_UNDER,   /* reported, but its area or amount is under-reported */
};

enum declaration_class {
    CLASS_OMISSION,    /* 漏报 */
    CLASS_CONCEALMENT, /* 隐瞒不报 */
};

/* Classes one discrepancy by the table of 《查核结果处理办法》Art.3–4
 * (RULES.md §7): item type `type` (declarations_item_types), the item's
 * `kind` (for a house: 住房 or 车库/车位/储藏间), and whether the report
 * holds any item of that type at all (shares, funds and investment
 * insurance: not reporting any is concealment, under-reporting omission).
 * `*row` is set to the table row that decides it (Chinese, static).
 * Returns the class, or -1 (ERR_INVALID) for an unknown type. */
int declarations_classify(const char *type, const char *kind, enum declaration_discrepancy d,
                          bool type_reported, const char **row);

/* "omission"/"concealment" and 漏报/隐瞒不报. */
const char *declarations_class_name(enum declaration_class c);
const char *declarations_class_label(enum declaration_class c);

/* A handling a check's decision may impose (处理办法 Art.5–7). */
struct declaration_handling {
    const char *code;       /* API name: "criticism", "O01" ... */
    const char *label;      /* 批评教育, 诫勉 ... */
    const char *punishment; /* the registry's punishment code it is recorded as, or
                               NULL when it bars nothing (批评教育, 责令检查) */
    int months;             /* effect period (RULES.md §7), 0 for none */
    unsigned classes;       /* 1 << CLASS_*: the classes it may follow */
};

/* All handlings, lightest first; `*n` set. */
const struct declaration_handling *declarations_handlings(size_t *n);

/* The handling `code`, or NULL. */
const struct declaration_handling *declarations_handling(const char *code);

/* The handling proposed for a check whose worst finding is `worst` (-1: no
 * discrepancy → NULL): 漏报 → 批评教育; 隐瞒不报 → at least 诫勉. */
const struct declaration_handling *declarations_propose(int worst);

#endif
