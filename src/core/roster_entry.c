/* roster_entry.c — what a roster row implies beyond its cells: the 职务层次 of a
 * post title in a unit, for rosters kept without that column. */
#include "core/roster_entry.h"

#include <string.h>

/* Title endings that name a level by themselves: a 厅长 leads a 厅, a 处长
 * a 处 and a 科长 a 科, wherever they serve (公务员法 Art.18; 职务层次
 * GB/T 12407-2008). 局长 and 主任 do not: a 局 or a 中心 may be of either
 * level, so those need the unit. */
static const struct {
    const char *ending;
    const char *principal, *deputy;
} leveled_titles[] = {
    {"厅长", "4A", "4B"},
    {"处长", "5A", "5B"},
    {"科长", "6A", "6B"},
};

/* Endings of a leader's title whose level the unit decides. */
static const char *const unit_titles[] = {"主任", "局长", "部长", "主席", "书记", "所长", "站长"};

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && memcmp(s + n - m, end, m) == 0;
}

/* Whether the title is a deputy's: "副处长", "办公室副主任". */
static bool is_deputy(const char *title, const char *ending)
{
    size_t n = strlen(title), m = strlen(ending), fu = strlen("副");
    return n >= m + fu && memcmp(title + n - m - fu, "副", fu) == 0;
}

const char *roster_entry_infer_post_level(const char *title, const struct roster_unit_facts *unit)
{
    if (!title || !*title)
        return NULL;
    for (size_t i = 0; i < sizeof leveled_titles / sizeof leveled_titles[0]; i++)
        if (ends_with(title, leveled_titles[i].ending))
            return is_deputy(title, leveled_titles[i].ending) ? leveled_titles[i].deputy
                                                              : leveled_titles[i].principal;
    if (!unit)
        return NULL;
    for (size_t i = 0; i < sizeof unit_titles / sizeof unit_titles[0]; i++) {
        if (!ends_with(title, unit_titles[i]))
            continue;
        bool deputy = is_deputy(title, unit_titles[i]);
        /* The unit's establishment (职数) names the levels of its leaders:
         * one principal level and one deputy level decide. */
        const char *found = NULL;
        size_t count = 0;
        for (size_t k = 0; k < unit->nlevels; k++) {
            const char *code = unit->levels[k];
            size_t len = code ? strlen(code) : 0;
            if (len == 2 && code[1] == (deputy ? 'B' : 'A') && (!found || strcmp(found, code)))
                found = code, count++;
        }
        if (count == 1)
            return found;
        if (count > 1)
            return NULL;
        /* No establishment: a 处室 (内设机构) of a 机关 at 厅 level is led at
         * 县处级 — the case of most 厅 rosters. */
        if (unit->kind && strcmp(unit->kind, "2") == 0 && unit->parent_level &&
            strcmp(unit->parent_level, "4") == 0)
            return deputy ? "5B" : "5A";
        return NULL;
    }
    return NULL;
}
