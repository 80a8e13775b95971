/* tipoffs.h — tip-offs (信访举报) and supervision records as the domain sees them: the tracking
 * code a reporter reads aloud, the case workflow 受理 → 初核 → 了结 / 立案 → 结果反馈 with its
 * deadlines, the status a reporter may see, the validation of what a reporter sends, and the six
 * problem categories of conduct records (speech 一(四)). Pure: randomness and dates come in as
 * parameters. */
#ifndef CADRE_TIPOFFS_H
#define CADRE_TIPOFFS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/fields.h"

struct arena;

/* ---- tracking codes ------------------------------------------------------ */

/* A code is 20 symbols of Crockford's base32 (0-9 A-Z without I L O U),
 * 5 bits each: 100 bits of randomness, shown as five groups of four
 * ("7KQ3-XM2P-...") so it can be read aloud over the telephone. Reading a
 * code back forgives what people confuse: case, spaces and hyphens, O for
 * 0, I and L for 1. */
#define TIPOFFS_CODE_SYMBOLS 20
#define TIPOFFS_CODE_RANDOM_BYTES 13 /* 104 bits drawn, the first 100 used */
#define TIPOFFS_CODE_TEXT 24         /* 20 symbols, 4 hyphens (without the NUL) */

/* Formats the code drawn as `random` (TIPOFFS_CODE_RANDOM_BYTES bytes from
 * the caller's random source) into `out` (TIPOFFS_CODE_TEXT + 1 bytes,
 * NUL-terminated, grouped with hyphens). */
void tipoffs_code_format(const unsigned char random[TIPOFFS_CODE_RANDOM_BYTES],
                         char out[TIPOFFS_CODE_TEXT + 1]);

/* Reads a code as typed into its canonical form (20 upper-case symbols,
 * no hyphens) in `out` (TIPOFFS_CODE_SYMBOLS + 1 bytes). Returns true when
 * `text` (may be NULL) is a code: exactly 20 symbols after dropping spaces
 * and hyphens and mapping o→0, i/l→1; false otherwise (`out` then empty). */
bool tipoffs_code_normalize(const char *text, char out[TIPOFFS_CODE_SYMBOLS + 1]);

/* ---- the case workflow ----------------------------------------------------- */

/* The stages of a case. A tip-off arrives as TIPOFF_RECEIVED; discipline
 * staff accept it (受理), check it preliminarily (初核), then either close it
 * (了结: unfounded, or settled without a case) or file a case (立案); either
 * ends with the result given back (结果反馈). */
enum tipoff_status {
    TIPOFF_RECEIVED = 0, /* 待受理 */
    TIPOFF_ACCEPTED,     /* 已受理 */
    TIPOFF_CHECKING,     /* 初核中 */
    TIPOFF_CLOSED,       /* 了结 */
    TIPOFF_FILED,        /* 立案 */
    TIPOFF_ANSWERED,     /* 已反馈 */
    TIPOFF_STATUS_COUNT
};

/* The API name ("received", "accepted", ...), the Chinese label staff see
 * ("待受理") and the one a reporter sees for the same stage ("已受理" ...
 * "已办结"): a reporter learns how far the case is, not what was found. */
const char *tipoffs_status_name(enum tipoff_status s);
const char *tipoffs_status_label(enum tipoff_status s);
const char *tipoffs_status_public_label(enum tipoff_status s);
/* The reporter's stage's API name: "received", "accepted", "checking",
 * "handling" (了结 and 立案 alike), "done". */
const char *tipoffs_status_public_name(enum tipoff_status s);
/* The status called `name`; -1 when none. */
int tipoffs_status_find(const char *name);

/* Whether the workflow allows going from `from` to `to`: received →
 * accepted → checking → closed | filed → answered, and nothing else. */
bool tipoffs_transition_allowed(enum tipoff_status from, enum tipoff_status to);

/* Days each stage may last before the case is overdue, counted in
 * calendar days from the day the stage began: received (to decide on
 * acceptance), accepted (to begin the check), checking (to conclude),
 * closed and filed (to give the result back). 0: no deadline (answered).
 * The office sets them (docs/supervision.md); TIPOFFS_DEFAULT_DEADLINES
 * are the defaults of the 信访工作条例's 15 days for acceptance and the
 * discipline inspection practice of a preliminary check within about
 * three months. */
struct tipoff_deadlines {
    int days[TIPOFF_STATUS_COUNT];
};
extern const struct tipoff_deadlines TIPOFFS_DEFAULT_DEADLINES;
/* Longest stage deadline accepted (days). */
#define TIPOFFS_DEADLINE_MAX_DAYS 3650

/* The day by which stage `s`, begun on `since`, is due; false when the
 * stage has no deadline (`*due` untouched). */
bool tipoffs_due(const struct tipoff_deadlines *d, enum tipoff_status s, struct date since,
                 struct date *due);

/* ---- what a reporter sends ------------------------------------------------ */

/* Limits of the public form: a name, a unit, the text of the tip-off and
 * an addition, counted in characters (not bytes). Generous for any real
 * letter; a 1 MB body of one field is refused field by field. */
#define TIPOFFS_NAME_MAX 50
#define TIPOFFS_UNIT_MAX 100
#define TIPOFFS_CONTACT_MAX 100
#define TIPOFFS_CONTENT_MAX 20000
#define TIPOFFS_CONTENT_MIN 10

struct tipoff_report {
    const char *subject_name;  /* 被反映人 */
    const char *subject_unit;  /* 被反映人单位 */
    const char *content;       /* 反映的问题 */
    const char *reporter_name; /* NULL or "": anonymous */
    const char *contact;       /* NULL or "" */
};

/* Checks one text field: present when `required`, valid UTF-8 (the
 * caller's JSON parser ensures it), at most `max` characters, at least
 * `min` when present, and no control characters except newline and tab
 * when `multiline` (none at all otherwise). Appends a Chinese message on
 * `field` to `fe` for each problem. */
void tipoffs_check_text(const char *value, const char *field, const char *label, bool required,
                        size_t min, size_t max, bool multiline, struct field_errors *fe);

/* Checks a whole report; every problem goes to `fe`. */
void tipoffs_validate(const struct tipoff_report *r, struct field_errors *fe);

/* ---- attachments ------------------------------------------------------------ */

/* Most attachments a tip-off keeps, and the largest one (the server's body
 * cap, 1 MiB, bounds it too). */
#define TIPOFFS_ATTACHMENTS_MAX 10
#define TIPOFFS_ATTACHMENT_MAX_BYTES (1000u * 1000u)

/* The media type of an attachment recognised by its first bytes (JPEG,
 * PNG, PDF), or NULL for anything else: a declared type is not trusted. */
const char *tipoffs_attachment_type(const void *data, size_t len);

/* Longest attachment name kept, in characters (extension included). */
#define TIPOFFS_ATTACHMENT_NAME_MAX 100

/* The name an attachment is kept and downloaded under, from the name the
 * uploaded file had (`raw`, may be NULL or not UTF-8): its last path
 * component, without control characters, with each of \ / : * ? " < > |
 * as "_", without leading or trailing dots and spaces, cut to
 * TIPOFFS_ATTACHMENT_NAME_MAX characters keeping the extension, and ending
 * in the extension of `media_type` (tipoffs_attachment_type's: .jpg/.jpeg,
 * .png, .pdf; added when it has another one). "附件" plus the extension
 * when nothing is left. Returns a string in `a`. */
const char *tipoffs_attachment_name(const char *raw, const char *media_type, struct arena *a);

/* ---- letters registered later ----------------------------------------------- */

/* Most days a letter's receipt may lie before the day it is registered: a
 * letter kept unregistered longer is a mistyped year, not a backlog. */
#define TIPOFFS_BACKDATE_MAX_DAYS 365

/* Checks the day a letter was received (`received`, a full date) as of
 * `today`: not after today and at most TIPOFFS_BACKDATE_MAX_DAYS before
 * it. Returns NULL when it may be recorded, else the Chinese reason. */
const char *tipoffs_receipt_problem(struct date received, struct date today);

/* ---- conduct and supervision records -------------------------------------- */

/* What a supervision record is: a conduct record in one of the six
 * problem categories, or a measure that is not a punishment: 函询 (a
 * written inquiry the cadre answers) or 提醒 (a reminder talk). 诫勉 is
 * organisational handling with a blocking period: it is a punishment
 * record (code O01 of the punishment table), so that the rules engine
 * applies its period like any other's; the supervision timeline shows it
 * from there. */
enum supervision_kind {
    SUPERVISION_CONDUCT = 0, /* 作风表现记录 */
    SUPERVISION_INQUIRY,     /* 函询 */
    SUPERVISION_REMINDER,    /* 提醒 */
    SUPERVISION_KIND_COUNT
};
const char *supervision_kind_name(enum supervision_kind k);
const char *supervision_kind_label(enum supervision_kind k);
/* The kind called `name` (API name or label); -1 when none. */
int supervision_kind_find(const char *name);

/* The six categories of problems of speech 一(四): political, attitude to
 * posts, work ethic, ability, teamwork, discipline. A conduct record names one; it is evidence for
 * the portrait, never a verdict by itself. */
enum conduct_category {
    CONDUCT_POLITICAL = 0,
    CONDUCT_POSTS,
    CONDUCT_WORK_ETHIC,
    CONDUCT_ABILITY,
    CONDUCT_TEAMWORK,
    CONDUCT_DISCIPLINE,
    CONDUCT_CATEGORY_COUNT
};
const char *conduct_category_name(enum conduct_category c);
const char *conduct_category_label(enum conduct_category c);
int conduct_category_find(const char *name);

/* The category called `name` (API name or label); -1 when none. */
int conduct_category_find(const char *name);

#endif
