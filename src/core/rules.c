/* rules.c — the seeded national rule set (RULES.md §1–§5, §9) as static rows,
 * and the lookups that pick the row in force on a day. */
#include "core/rules.h"

#include <stdint.h>
#include <string.h>

#include "util/arena.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define D(y, m, d) ((struct date){(y), (m), (d)})
#define OPEN DATE_NONE

/* ---- §1.3 职级 ladder ---------------------------------------------------- */

/* 《公务员职务与职级并行规定》(2019-06-01) Art.18 [TXT]: each target rank
 * with the rank below it and, where the article says "or", the equivalent
 * post level. Note 一级调研员 needs 3 years, not 2 (RULES.md §1.3 note). */
#define S18 "《公务员职务与职级并行规定》第十八条"
#define STEP(to, from, post, months)                                                               \
    {                                                                                              \
        {"rank.step." to, S18, RULES_TXT, D(2019, 6, 1), OPEN}, to, from, post, months             \
    }
static const struct rules_rank_step rank_steps[] = {
    STEP("01", "02", "4B", 48), STEP("02", "03", NULL, 48), STEP("03", "04", "5A", 36),
    STEP("04", "05", NULL, 24), STEP("05", "06", "5B", 24), STEP("06", "07", NULL, 24),
    STEP("07", "08", "6A", 24), STEP("08", "09", NULL, 24), STEP("09", "10", "6B", 24),
    STEP("10", "11", NULL, 24), STEP("11", "12", NULL, 24),
};

/* ---- §1.4 grades ------------------------------------------------------- */

/* Art.19 [TXT]: each 优秀 year shortens by half a year (no cap [ONE]);
 * 基本称职 and 不定等次 years do not count, nor 不称职 (§4: not counted for
 * seniority). Which years belong to a period (6 months of them inside it),
 * and merging the "or" alternatives, are our reading [REC]. */
static const struct rules_grade_counting grade_counting[] = {
    {{"grade.count", "《公务员职务与职级并行规定》第十九条", RULES_TXT, D(2019, 6, 1), OPEN},
     6,
     0,
     "3,4,5",
     6,
     false,
     true,
     true},
};

/* ---- §2.1 leadership posts --------------------------------------------- */

#define T8 "《党政领导干部选拔任用工作条例》第八条"
#define PSTEP(to, from, months)                                                                    \
    {                                                                                              \
        {"post.step." to, T8, RULES_TXT, D(2014, 1, 15), OPEN}, to, from, months                   \
    }
/* Art.8(3): deputy → principal 2 years; lower principal → upper deputy 3. */
static const struct rules_post_step post_steps[] = {
    PSTEP("5B", "6A", 36), PSTEP("5A", "5B", 24), PSTEP("4B", "5A", 36), PSTEP("4A", "4B", 24),
    PSTEP("2B", "4A", 36), PSTEP("2A", "2B", 24), PSTEP("1B", "2A", 36), PSTEP("1A", "1B", 24),
};

/* Art.8(2): normally two posts at the 级 below; "the 级 below" read as both
 * its 正职 and 副职 [REC reading]. */
static const struct rules_post_breadth post_breadth[] = {
    {{"post.breadth", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "5A,5B", "6A,6B", 2},
    {{"post.breadth", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "4A,4B", "5A,5B", 2},
    {{"post.breadth", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "2A,2B", "4A,4B", 2},
    {{"post.breadth", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "1A,1B", "2A,2B", 2},
};

/* Art.8(1): first 县处级 post: 工龄 5 years and 基层 2 years. */
static const struct rules_post_first post_first[] = {
    {{"post.first", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "1A,1B,2A,2B,4A,4B,5A,5B", 60, 24},
};

/* Art.8(4): normally 大学专科 or above; 厅局级 and above 大学本科. */
static const struct rules_education education[] = {
    {{"post.education", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "5A,5B,6A,6B", "31"},
    {{"post.education.bureau", T8, RULES_TXT, D(2014, 1, 15), OPEN}, "1A,1B,2A,2B,4A,4B", "21"},
};

/* ---- §2.6 party age ---------------------------------------------------- */

/* Party age runs from 转正 (党章 Art.7); the registry holds the entry date,
 * so the 1-year 预备期 is added ([REC]: a postponed 转正 is not seen). */
static const struct rules_party_age party_age[] = {
    {{"party.age.branch", "《中国共产党支部工作条例（试行）》第二十三条", RULES_TXT,
      D(2018, 10, 28), OPEN},
     RULES_PARTY_BRANCH_SECRETARY,
     12,
     12},
    {{"party.age.county", "《中国共产党章程》第二十七条", RULES_TXT, OPEN, OPEN},
     RULES_PARTY_COUNTY_COMMITTEE,
     36,
     12},
    {{"party.age.city", "《中国共产党章程》第二十七条", RULES_TXT, OPEN, OPEN},
     RULES_PARTY_CITY_COMMITTEE,
     60,
     12},
};

/* ---- §5 training ------------------------------------------------------- */

/* The 2015 version had the same figures [ONE]; the day the 2023 revision
 * took effect is taken as 2023-10-01 (published mid-October) [REC]. */
#define TRAIN_SRC "《干部教育培训工作条例》（2023）"
#define TRAIN_2015 "《干部教育培训工作条例》（2015）"
static const struct rules_training training[] = {
    {{"training.upper", TRAIN_2015, RULES_ONE, D(2015, 10, 1), D(2023, 9, 30)},
     true,
     "5B",
     "06",
     550,
     60},
    {{"training.lower", TRAIN_2015, RULES_ONE, D(2015, 10, 1), D(2023, 9, 30)},
     false,
     "5B",
     "06",
     90,
     12},
    {{"training.upper", TRAIN_SRC, RULES_TXT, D(2023, 10, 1), OPEN}, true, "5B", "06", 550, 60},
    {{"training.lower", TRAIN_SRC, RULES_TXT, D(2023, 10, 1), OPEN}, false, "5B", "06", 90, 12},
};

/* ---- §3 blocking periods ----------------------------------------------- */

#define ZW_SRC "《公务员法》第六十四条；《政务处分法》第八条"
#define DJ_SRC "《中国共产党纪律处分条例》第九条至第十二条"
#define ZZ_SRC "《中国共产党组织处理规定（试行）》（2021）"
#define BLOCK(kind, src, conf, months, permanent)                                                  \
    {                                                                                              \
        {"block." kind, src, conf, OPEN, OPEN}, kind, months, permanent                            \
    }
static const struct rules_block blocks[] = {
    BLOCK("Z01", ZW_SRC, RULES_LAW, 6, false),
    BLOCK("Z02", ZW_SRC, RULES_LAW, 12, false),
    BLOCK("Z03", ZW_SRC, RULES_LAW, 18, false),
    BLOCK("Z04", ZW_SRC, RULES_LAW, 24, false),
    BLOCK("Z05", ZW_SRC, RULES_LAW, 24, false),
    /* 开除 ends the employment (公务员法 Art.62): no end. */
    BLOCK("Z06", "《公务员法》第六十二条；《政务处分法》第七条", RULES_LAW, 0, true),
    BLOCK("D01", DJ_SRC, RULES_TXT, 12, false),
    BLOCK("D02", DJ_SRC, RULES_TXT, 18, false),
    BLOCK("D03", DJ_SRC, RULES_TXT, 24, false),
    /* 察看 1 or 2 years + 2 years without an equal or higher post: 36 is the
     * one-year case; a record's own months win. */
    BLOCK("D04", DJ_SRC, RULES_TXT, 36, false),
    BLOCK("D05", DJ_SRC, RULES_TXT, 60, false),
    BLOCK("O01", ZZ_SRC "；诫勉有关规定", RULES_ONE, 6, false),
    BLOCK("O02", ZZ_SRC, RULES_REC, 12, false),
    BLOCK("O03", ZZ_SRC, RULES_REC, 24, false),
    BLOCK("O04", ZZ_SRC, RULES_REC, 24, false),
    BLOCK("O05", ZZ_SRC, RULES_REC, 24, false),
};

/* 政务处分法 Art.15 and 处分条例 Art.10 [LAW]: at once → the heaviest (same
 * kind: up to the sum, which we take as the bound); during a period →
 * remaining + new; never beyond 48 months. The same arithmetic for 党纪 is
 * our assumption [REC]; 组织处理 periods run side by side. */
static const struct rules_block_combination combinations[] = {
    {{"block.combine.Z", "《政务处分法》第十五条；《行政机关公务员处分条例》第十条", RULES_LAW,
      OPEN, OPEN},
     "Z",
     true,
     true,
     48},
    {{"block.combine.D", "《中国共产党纪律处分条例》（合并计算参照政务处分）", RULES_REC, OPEN,
      OPEN},
     "D",
     true,
     true,
     48},
    {{"block.combine.O", ZZ_SRC, RULES_REC, OPEN, OPEN}, "O", false, false, 0},
};

/* §2.3 and §4 bars from registry data. */
#define T24 "《党政领导干部选拔任用工作条例》（2019）第二十四条"
static const struct rules_bar bars[] = {
    {{"vet.grade", T24, RULES_TXT, D(2019, 3, 3), OPEN}, false, true, "3,4"},
    {{"vet.emigrated", T24, RULES_TXT, D(2019, 3, 3), OPEN}, false, true, NULL},
    {{"grade.next_year", "《公务员考核规定》（2020）第二十一条", RULES_REC, OPEN, OPEN},
     true,
     false,
     "3,4"},
};

/* ---- §9 retirement ----------------------------------------------------- */

/* 全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13, from
 * 2025-01-01) [TXT]: the rows below are generated month by month from the
 * formula delay = min(cap, ⌊i/step⌋ + 1), i = months of birth after the
 * first affected month (男 1965-01, 女55 1970-01, 女50 1975-01; step
 * 4/4/2; cap 36/36/60); test_qualify checks them against it. The official
 * annex tables are to be compared [REC]. */
#define RET_SRC "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》"
#define M(y, m) ((struct date){(y), (m), 0})
#define NO_MONTH DATE_NONE
#define RET(group, from, to, months)                                                               \
    {                                                                                              \
        {"retire." group, RET_SRC, RULES_TXT, D(2025, 1, 1), OPEN}, group, from, to, months        \
    }
static const struct rules_retirement retirement[] = {
    /* male: 60 before 1965-01; +1 month every 4 months of birth, at most 36. */
    RET("male", NO_MONTH, M(1964, 12), 720),
    RET("male", M(1965, 1), M(1965, 4), 721),
    RET("male", M(1965, 5), M(1965, 8), 722),
    RET("male", M(1965, 9), M(1965, 12), 723),
    RET("male", M(1966, 1), M(1966, 4), 724),
    RET("male", M(1966, 5), M(1966, 8), 725),
    RET("male", M(1966, 9), M(1966, 12), 726),
    RET("male", M(1967, 1), M(1967, 4), 727),
    RET("male", M(1967, 5), M(1967, 8), 728),
    RET("male", M(1967, 9), M(1967, 12), 729),
    RET("male", M(1968, 1), M(1968, 4), 730),
    RET("male", M(1968, 5), M(1968, 8), 731),
    RET("male", M(1968, 9), M(1968, 12), 732),
    RET("male", M(1969, 1), M(1969, 4), 733),
    RET("male", M(1969, 5), M(1969, 8), 734),
    RET("male", M(1969, 9), M(1969, 12), 735),
    RET("male", M(1970, 1), M(1970, 4), 736),
    RET("male", M(1970, 5), M(1970, 8), 737),
    RET("male", M(1970, 9), M(1970, 12), 738),
    RET("male", M(1971, 1), M(1971, 4), 739),
    RET("male", M(1971, 5), M(1971, 8), 740),
    RET("male", M(1971, 9), M(1971, 12), 741),
    RET("male", M(1972, 1), M(1972, 4), 742),
    RET("male", M(1972, 5), M(1972, 8), 743),
    RET("male", M(1972, 9), M(1972, 12), 744),
    RET("male", M(1973, 1), M(1973, 4), 745),
    RET("male", M(1973, 5), M(1973, 8), 746),
    RET("male", M(1973, 9), M(1973, 12), 747),
    RET("male", M(1974, 1), M(1974, 4), 748),
    RET("male", M(1974, 5), M(1974, 8), 749),
    RET("male", M(1974, 9), M(1974, 12), 750),
    RET("male", M(1975, 1), M(1975, 4), 751),
    RET("male", M(1975, 5), M(1975, 8), 752),
    RET("male", M(1975, 9), M(1975, 12), 753),
    RET("male", M(1976, 1), M(1976, 4), 754),
    RET("male", M(1976, 5), M(1976, 8), 755),
    RET("male", M(1976, 9), NO_MONTH, 756),
    /* female_cadre: 55 before 1970-01; +1 month every 4 months of birth, at most 36. */
    RET("female_cadre", NO_MONTH, M(1969, 12), 660),
    RET("female_cadre", M(1970, 1), M(1970, 4), 661),
    RET("female_cadre", M(1970, 5), M(1970, 8), 662),
    RET("female_cadre", M(1970, 9), M(1970, 12), 663),
    RET("female_cadre", M(1971, 1), M(1971, 4), 664),
    RET("female_cadre", M(1971, 5), M(1971, 8), 665),
    RET("female_cadre", M(1971, 9), M(1971, 12), 666),
    RET("female_cadre", M(1972, 1), M(1972, 4), 667),
    RET("female_cadre", M(1972, 5), M(1972, 8), 668),
    RET("female_cadre", M(1972, 9), M(1972, 12), 669),
    RET("female_cadre", M(1973, 1), M(1973, 4), 670),
    RET("female_cadre", M(1973, 5), M(1973, 8), 671),
    RET("female_cadre", M(1973, 9), M(1973, 12), 672),
    RET("female_cadre", M(1974, 1), M(1974, 4), 673),
    RET("female_cadre", M(1974, 5), M(1974, 8), 674),
    RET("female_cadre", M(1974, 9), M(1974, 12), 675),
    RET("female_cadre", M(1975, 1), M(1975, 4), 676),
    RET("female_cadre", M(1975, 5), M(1975, 8), 677),
    RET("female_cadre", M(1975, 9), M(1975, 12), 678),
    RET("female_cadre", M(1976, 1), M(1976, 4), 679),
    RET("female_cadre", M(1976, 5), M(1976, 8), 680),
    RET("female_cadre", M(1976, 9), M(1976, 12), 681),
    RET("female_cadre", M(1977, 1), M(1977, 4), 682),
    RET("female_cadre", M(1977, 5), M(1977, 8), 683),
    RET("female_cadre", M(1977, 9), M(1977, 12), 684),
    RET("female_cadre", M(1978, 1), M(1978, 4), 685),
    RET("female_cadre", M(1978, 5), M(1978, 8), 686),
    RET("female_cadre", M(1978, 9), M(1978, 12), 687),
    RET("female_cadre", M(1979, 1), M(1979, 4), 688),
    RET("female_cadre", M(1979, 5), M(1979, 8), 689),
    RET("female_cadre", M(1979, 9), M(1979, 12), 690),
    RET("female_cadre", M(1980, 1), M(1980, 4), 691),
    RET("female_cadre", M(1980, 5), M(1980, 8), 692),
    RET("female_cadre", M(1980, 9), M(1980, 12), 693),
    RET("female_cadre", M(1981, 1), M(1981, 4), 694),
    RET("female_cadre", M(1981, 5), M(1981, 8), 695),
    RET("female_cadre", M(1981, 9), NO_MONTH, 696),
    /* female_worker: 50 before 1975-01; +1 month every 2 months of birth, at most 60. */
    RET("female_worker", NO_MONTH, M(1974, 12), 600),
    RET("female_worker", M(1975, 1), M(1975, 2), 601),
    RET("female_worker", M(1975, 3), M(1975, 4), 602),
    RET("female_worker", M(1975, 5), M(1975, 6), 603),
    RET("female_worker", M(1975, 7), M(1975, 8), 604),
    RET("female_worker", M(1975, 9), M(1975, 10), 605),
    RET("female_worker", M(1975, 11), M(1975, 12), 606),
    RET("female_worker", M(1976, 1), M(1976, 2), 607),
    RET("female_worker", M(1976, 3), M(1976, 4), 608),
    RET("female_worker", M(1976, 5), M(1976, 6), 609),
    RET("female_worker", M(1976, 7), M(1976, 8), 610),
    RET("female_worker", M(1976, 9), M(1976, 10), 611),
    RET("female_worker", M(1976, 11), M(1976, 12), 612),
    RET("female_worker", M(1977, 1), M(1977, 2), 613),
    RET("female_worker", M(1977, 3), M(1977, 4), 614),
    RET("female_worker", M(1977, 5), M(1977, 6), 615),
    RET("female_worker", M(1977, 7), M(1977, 8), 616),
    RET("female_worker", M(1977, 9), M(1977, 10), 617),
    RET("female_worker", M(1977, 11), M(1977, 12), 618),
    RET("female_worker", M(1978, 1), M(1978, 2), 619),
    RET("female_worker", M(1978, 3), M(1978, 4), 620),
    RET("female_worker", M(1978, 5), M(1978, 6), 621),
    RET("female_worker", M(1978, 7), M(1978, 8), 622),
    RET("female_worker", M(1978, 9), M(1978, 10), 623),
    RET("female_worker", M(1978, 11), M(1978, 12), 624),
    RET("female_worker", M(1979, 1), M(1979, 2), 625),
    RET("female_worker", M(1979, 3), M(1979, 4), 626),
    RET("female_worker", M(1979, 5), M(1979, 6), 627),
    RET("female_worker", M(1979, 7), M(1979, 8), 628),
    RET("female_worker", M(1979, 9), M(1979, 10), 629),
    RET("female_worker", M(1979, 11), M(1979, 12), 630),
    RET("female_worker", M(1980, 1), M(1980, 2), 631),
    RET("female_worker", M(1980, 3), M(1980, 4), 632),
    RET("female_worker", M(1980, 5), M(1980, 6), 633),
    RET("female_worker", M(1980, 7), M(1980, 8), 634),
    RET("female_worker", M(1980, 9), M(1980, 10), 635),
    RET("female_worker", M(1980, 11), M(1980, 12), 636),
    RET("female_worker", M(1981, 1), M(1981, 2), 637),
    RET("female_worker", M(1981, 3), M(1981, 4), 638),
    RET("female_worker", M(1981, 5), M(1981, 6), 639),
    RET("female_worker", M(1981, 7), M(1981, 8), 640),
    RET("female_worker", M(1981, 9), M(1981, 10), 641),
    RET("female_worker", M(1981, 11), M(1981, 12), 642),
    RET("female_worker", M(1982, 1), M(1982, 2), 643),
    RET("female_worker", M(1982, 3), M(1982, 4), 644),
    RET("female_worker", M(1982, 5), M(1982, 6), 645),
    RET("female_worker", M(1982, 7), M(1982, 8), 646),
    RET("female_worker", M(1982, 9), M(1982, 10), 647),
    RET("female_worker", M(1982, 11), M(1982, 12), 648),
    RET("female_worker", M(1983, 1), M(1983, 2), 649),
    RET("female_worker", M(1983, 3), M(1983, 4), 650),
    RET("female_worker", M(1983, 5), M(1983, 6), 651),
    RET("female_worker", M(1983, 7), M(1983, 8), 652),
    RET("female_worker", M(1983, 9), M(1983, 10), 653),
    RET("female_worker", M(1983, 11), M(1983, 12), 654),
    RET("female_worker", M(1984, 1), M(1984, 2), 655),
    RET("female_worker", M(1984, 3), M(1984, 4), 656),
    RET("female_worker", M(1984, 5), M(1984, 6), 657),
    RET("female_worker", M(1984, 7), M(1984, 8), 658),
    RET("female_worker", M(1984, 9), M(1984, 10), 659),
    RET("female_worker", M(1984, 11), NO_MONTH, 660),
    /* 县处级 women cadres at 60 (组通字〔2015〕14号) [REC]; how the 2024
     * decision treats them is not known: configurable (female_county_at_60). */
    {{"retire.female_county", "组通字〔2015〕14号（待核实）", RULES_REC, D(2015, 3, 1), OPEN},
     "female_county",
     NO_MONTH,
     NO_MONTH,
     720},
};

/* §9 terms and same-post limits, N editable. */
static const struct rules_tenure_limit tenure_limits[] = {
    {{"tenure.term", "《党政领导干部职务任期暂行规定》第三条", RULES_TXT, D(2006, 6, 10), OPEN},
     "term",
     60},
    {{"tenure.same_post", "《党政领导干部选拔任用工作条例》（交流）", RULES_ONE, OPEN, OPEN},
     "same_post",
     120},
    {{"tenure.same_level", "《党政领导干部职务任期暂行规定》第七条", RULES_TXT, D(2006, 6, 10),
      OPEN},
     "same_level",
     180},
};

/* §1.2 Art.9 [TXT]: the lowest rank of each post level. */
#define S9 "《公务员职务与职级并行规定》第九条"
#define LOW(level, rank)                                                                           \
    {                                                                                              \
        {"check.rank_below_post", S9, RULES_TXT, D(2019, 6, 1), OPEN}, level, rank                 \
    }
static const struct rules_lowest_rank lowest_ranks[] = {
    LOW("4A", "01"), LOW("4B", "02"), LOW("5A", "04"),
    LOW("5B", "06"), LOW("6A", "08"), LOW("6B", "10"),
};

/* §6 三龄两历 and 回避. */
#define CHK(id, src, conf, value)                                                                  \
    {                                                                                              \
        {id, src, conf, OPEN, OPEN}, value                                                         \
    }
static const struct rules_check checks[] = {
    CHK("check.missing", "三龄两历（干部档案审核）", RULES_TXT, 0),
    CHK("check.id_number", "GB 11643-1999", RULES_TXT, 0),
    CHK("check.birth_id", "《干部档案工作条例》；三龄两历审核", RULES_ONE, 0),
    CHK("check.gender_id", "GB 11643-1999", RULES_TXT, 0),
    /* 党章 Art.1: a member is 18 or older. */
    CHK("check.party_age", "《中国共产党章程》第一条", RULES_TXT, 216),
    /* 劳动法 Art.15: no work under 16. */
    CHK("check.work_age", "《劳动法》第十五条", RULES_LAW, 192),
    CHK("check.fulltime_after_work", "三龄两历（学历与工作经历）审核", RULES_ONE, 0),
    CHK("check.career_gap", "三龄两历（工作经历）审核", RULES_ONE, 2),
    CHK("check.rank_overlap", "《公务员法》第二十一条", RULES_LAW, 0),
    CHK("check.post_overlap", "三龄两历（工作经历）审核", RULES_ONE, 0),
    CHK("check.avoidance.same_unit", "《公务员法》第七十四条", RULES_LAW, 0),
    CHK("check.avoidance.function", "《公务员法》第七十四条", RULES_LAW, 0),
};

static const struct rules seed = {
    .rank_steps = rank_steps,
    .rank_step_count = COUNT(rank_steps),
    .grade_counting = grade_counting,
    .grade_counting_count = COUNT(grade_counting),
    .post_steps = post_steps,
    .post_step_count = COUNT(post_steps),
    .post_breadth = post_breadth,
    .post_breadth_count = COUNT(post_breadth),
    .post_first = post_first,
    .post_first_count = COUNT(post_first),
    .education = education,
    .education_count = COUNT(education),
    .party_age = party_age,
    .party_age_count = COUNT(party_age),
    .training = training,
    .training_count = COUNT(training),
    .blocks = blocks,
    .block_count = COUNT(blocks),
    .combinations = combinations,
    .combination_count = COUNT(combinations),
    .bars = bars,
    .bar_count = COUNT(bars),
    .retirement = retirement,
    .retirement_count = COUNT(retirement),
    /* [REC]: 组通字〔2015〕14号, to confirm under the 2024 decision. */
    .female_county_at_60 = true,
    .tenure_limits = tenure_limits,
    .tenure_limit_count = COUNT(tenure_limits),
    /* No national age ceiling (RULES.md §9): local rows only. */
    .age_ceilings = NULL,
    .age_ceiling_count = 0,
    .lowest_ranks = lowest_ranks,
    .lowest_rank_count = COUNT(lowest_ranks),
    .checks = checks,
    .check_count = COUNT(checks),
};

const struct rules *rules_seed(void)
{
    return &seed;
}

struct rules *rules_copy(struct arena *a, const struct rules *src)
{
    struct rules *r = arena_alloc(a, sizeof *r);
    *r = *src;
    return r;
}

const char *rules_confidence_tag(enum rules_confidence c)
{
    switch (c) {
    case RULES_LAW:
        return "[LAW]";
    case RULES_TXT:
        return "[TXT]";
    case RULES_ONE:
        return "[ONE]";
    case RULES_REC:
        return "[REC]";
    }
    return "[REC]";
}

bool rules_needs_confirmation(enum rules_confidence c)
{
    return c == RULES_ONE || c == RULES_REC;
}

bool rules_row_needs_confirmation(const struct rules_row *row)
{
    return rules_needs_confirmation(row->confidence) && !row->confirmed;
}

bool rules_row_in_force(const struct rules_row *row, struct date day)
{
    if (!date_is_none(row->effective_from) && date_compare(day, row->effective_from) < 0)
        return false;
    if (!date_is_none(row->effective_to) && date_compare(day, row->effective_to) > 0)
        return false;
    return true;
}

bool rules_list_has(const char *list, const char *code)
{
    if (list == NULL || code == NULL || *code == '\0')
        return false;
    size_t n = strlen(code);
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && memcmp(p, code, n) == 0)
            return true;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return false;
}

static bool same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The last row of `array` (rows of `size` bytes, each starting with a
 * struct rules_row) in force on `day` for which `match` holds. Later rows
 * override earlier ones: that is how an office's edit supersedes the seed. */
#define LAST_IN_FORCE(type, array, count, cond)                                                    \
    do {                                                                                           \
        const type *found = NULL;                                                                  \
        for (size_t i_ = 0; i_ < (count); i_++) {                                                  \
            const type *x = &(array)[i_];                                                          \
            if (rules_row_in_force(&x->row, day) && (cond))                                        \
                found = x;                                                                         \
        }                                                                                          \
        return found;                                                                              \
    } while (0)

const struct rules_rank_step *rules_rank_step(const struct rules *r, const char *target_rank,
                                              struct date day)
{
    LAST_IN_FORCE(struct rules_rank_step, r->rank_steps, r->rank_step_count,
                  same(x->target_rank, target_rank));
}

const struct rules_grade_counting *rules_grade_counting_on(const struct rules *r, struct date day)
{
    LAST_IN_FORCE(struct rules_grade_counting, r->grade_counting, r->grade_counting_count, true);
}

const struct rules_post_step *rules_post_step(const struct rules *r, const char *target_level,
                                              struct date day)
{
    LAST_IN_FORCE(struct rules_post_step, r->post_steps, r->post_step_count,
                  same(x->target_level, target_level));
}

const struct rules_block *rules_block(const struct rules *r, const char *kind, struct date day)
{
    LAST_IN_FORCE(struct rules_block, r->blocks, r->block_count, same(x->kind, kind));
}

const struct rules_block_combination *rules_combination(const struct rules *r, const char *category,
                                                        struct date day)
{
    LAST_IN_FORCE(struct rules_block_combination, r->combinations, r->combination_count,
                  same(x->category, category));
}

const struct rules_bar *rules_bar(const struct rules *r, const char *id, struct date day)
{
    LAST_IN_FORCE(struct rules_bar, r->bars, r->bar_count, same(x->row.id, id));
}

const struct rules_check *rules_check(const struct rules *r, const char *id, struct date day)
{
    LAST_IN_FORCE(struct rules_check, r->checks, r->check_count, same(x->row.id, id));
}

const struct rules_tenure_limit *rules_tenure_limit(const struct rules *r, const char *kind,
                                                    struct date day)
{
    LAST_IN_FORCE(struct rules_tenure_limit, r->tenure_limits, r->tenure_limit_count,
                  same(x->kind, kind));
}

const struct rules_party_age *rules_party_age(const struct rules *r, enum rules_party_post post,
                                              struct date day)
{
    LAST_IN_FORCE(struct rules_party_age, r->party_age, r->party_age_count, x->post == post);
}

const struct rules_lowest_rank *rules_lowest_rank(const struct rules *r, const char *post_level,
                                                  struct date day)
{
    LAST_IN_FORCE(struct rules_lowest_rank, r->lowest_ranks, r->lowest_rank_count,
                  same(x->post_level, post_level));
}

const struct rules_retirement *rules_retirement_row(const struct rules *r, const char *group,
                                                    struct date birth)
{
    if (date_is_none(birth))
        return NULL;
    const struct rules_retirement *found = NULL;
    for (size_t i = 0; i < r->retirement_count; i++) {
        const struct rules_retirement *x = &r->retirement[i];
        /* The birth months first: integer tests rule out most rows before
         * the group's strcmp (this runs once per person evaluated). */
        if (!date_is_none(x->birth_from) &&
            date_compare_at(birth, x->birth_from, DATE_PRECISION_MONTH) < 0)
            continue;
        if (!date_is_none(x->birth_to) &&
            date_compare_at(birth, x->birth_to, DATE_PRECISION_MONTH) > 0)
            continue;
        if (!same(x->group, group))
            continue;
        found = x;
    }
    return found;
}

/* ---- the rule tables as records ------------------------------------------ */

/* Longest text a rule field takes: a citation of several articles. */
enum { RULES_TEXT_MAX = 600, RULES_MONTHS_MAX = 1200 };

#define NCHOICES(a) COUNT(a)

static const struct field_choice confidence_choices[] = {
    {"LAW", "法律原文", RULES_LAW},
    {"TXT", "规定原文", RULES_TXT},
    {"ONE", "单一来源", RULES_ONE},
    {"REC", "待核实", RULES_REC},
};
static const struct field_choice party_post_choices[] = {
    {"branch", "党支部书记", RULES_PARTY_BRANCH_SECRETARY},
    {"county", "县级党委委员", RULES_PARTY_COUNTY_COMMITTEE},
    {"city", "省、设区的市党委委员", RULES_PARTY_CITY_COMMITTEE},
};
static const struct field_choice category_choices[] = {
    {"Z", "政务处分", 0},
    {"D", "党纪处分", 0},
    {"O", "组织处理", 0},
};
static const struct field_choice group_choices[] = {
    {"male", "男", 0},
    {"female_cadre", "女干部", 0},
    {"female_worker", "女工人", 0},
    {"female_county", "县处级女干部", 0},
};
static const struct field_choice tenure_kind_choices[] = {
    {"term", "任期", 0},
    {"same_post", "同一职位任职", 0},
    {"same_level", "同一职务层次任职", 0},
};
static const struct field_choice setting_choices[] = {
    {"female_county_at_60", "县处级女干部 60 岁退休", 0},
};

#define REQ FIELD_REQUIRED
/* The five fields of struct rules_row, first in every table: the row is the
 * first member of every row struct, so its offsets hold for all. */
#define COMMON_FIELDS                                                                              \
    {"rule_id", "规则编号", FIELD_TEXT, NULL, offsetof(struct rules_row, id), REQ, RULES_TEXT_MAX, \
     0,         0,          NULL,       0},                                                        \
        {"source", "依据条款",     FIELD_TEXT, NULL, offsetof(struct rules_row, source),           \
         REQ,      RULES_TEXT_MAX, 0,          0,    NULL,                                         \
         0},                                                                                       \
        {"confidence",                                                                             \
         "可信度",                                                                                 \
         FIELD_ENUM,                                                                               \
         NULL,                                                                                     \
         offsetof(struct rules_row, confidence),                                                   \
         REQ,                                                                                      \
         0,                                                                                        \
         0,                                                                                        \
         0,                                                                                        \
         confidence_choices,                                                                       \
         NCHOICES(confidence_choices)},                                                            \
        {"effective_from",                                                                         \
         "生效日期",                                                                               \
         FIELD_DATE,                                                                               \
         NULL,                                                                                     \
         offsetof(struct rules_row, effective_from),                                               \
         FIELD_BY_DAY,                                                                             \
         0,                                                                                        \
         0,                                                                                        \
         0,                                                                                        \
         NULL,                                                                                     \
         0},                                                                                       \
    {                                                                                              \
        "effective_to", "失效日期", FIELD_DATE, NULL, offsetof(struct rules_row, effective_to),    \
            FIELD_BY_DAY, 0, 0, 0, NULL, 0                                                         \
    }

#define CODE(st, member, label, table, flags)                                                      \
    {                                                                                              \
#member, label, FIELD_CODE, table, offsetof(struct st, member), flags, 0, 0, 0, NULL, 0    \
    }
#define CODES(st, member, label, table, flags)                                                     \
    {                                                                                              \
#member, label, FIELD_CODES, table, offsetof(struct st, member), flags, 0, 0, 0, NULL, 0   \
    }
#define INT(st, member, label, lo, hi)                                                             \
    {                                                                                              \
#member, label, FIELD_INT, NULL, offsetof(struct st, member), REQ | FIELD_INT32, 0, lo,    \
            hi, NULL, 0                                                                            \
    }
#define BOOL(st, member, label)                                                                    \
    {                                                                                              \
#member, label, FIELD_BOOL, NULL, offsetof(struct st, member), REQ, 0, 0, 0, NULL, 0       \
    }
#define CHOICE(st, name, member, label, choices)                                                   \
    {                                                                                              \
        name, label, FIELD_TEXT, NULL, offsetof(struct st, member), REQ, RULES_TEXT_MAX, 0, 0,     \
            choices, NCHOICES(choices)                                                             \
    }
#define MONTH(st, member, label)                                                                   \
    {                                                                                              \
#member, label, FIELD_DATE, NULL, offsetof(struct st, member), FIELD_MONTH, 0, 0, 0, NULL, \
            0                                                                                      \
    }

static const struct field_def rank_step_fields[] = {
    COMMON_FIELDS,
    CODE(rules_rank_step, target_rank, "晋升职级", "rank", REQ),
    CODE(rules_rank_step, from_rank, "须任职级", "rank", 0),
    CODE(rules_rank_step, from_post_level, "或任职务层次", "post_level", 0),
    INT(rules_rank_step, months, "任职年限（月）", 0, RULES_MONTHS_MAX),
};
static const struct field_def grade_counting_fields[] = {
    COMMON_FIELDS,
    INT(rules_grade_counting, excellent_reduction_months, "每个优秀年度缩短（月）", 0, 24),
    INT(rules_grade_counting, excellent_reduction_cap, "缩短上限（月，0 为不限）", 0,
        RULES_MONTHS_MAX),
    CODES(rules_grade_counting, not_counted_grades, "不计算年限的考核等次", "grade", 0),
    INT(rules_grade_counting, year_min_months, "计入年度的最少月数", 1, 12),
    BOOL(rules_grade_counting, excellent_for_posts, "优秀缩短也适用于领导职务"),
    BOOL(rules_grade_counting, merge_equivalent, "职级与相当职务年限合并计算"),
    BOOL(rules_grade_counting, concurrent_posts_count, "兼任职务计入任职年限"),
};
static const struct field_def post_step_fields[] = {
    COMMON_FIELDS,
    CODE(rules_post_step, target_level, "晋升职务层次", "post_level", REQ),
    CODE(rules_post_step, from_level, "须任职务层次", "post_level", REQ),
    INT(rules_post_step, months, "任职年限（月）", 0, RULES_MONTHS_MAX),
};
static const struct field_def post_breadth_fields[] = {
    COMMON_FIELDS,
    CODES(rules_post_breadth, target_levels, "适用职务层次", "post_level", REQ),
    CODES(rules_post_breadth, levels, "下一级职务层次", "post_level", REQ),
    INT(rules_post_breadth, min_posts, "至少任职岗位数", 0, 10),
};
static const struct field_def post_first_fields[] = {
    COMMON_FIELDS,
    CODES(rules_post_first, target_levels, "适用职务层次", "post_level", REQ),
    INT(rules_post_first, work_months, "工龄（月）", 0, RULES_MONTHS_MAX),
    INT(rules_post_first, grassroots_months, "基层工作经历（月）", 0, RULES_MONTHS_MAX),
};
static const struct field_def education_fields[] = {
    COMMON_FIELDS,
    CODES(rules_education, target_levels, "适用职务层次", "post_level", REQ),
    CODE(rules_education, min_education, "最低学历", "education", REQ),
};
static const struct field_def party_age_fields[] = {
    COMMON_FIELDS,
    {"party_post", "党内职务", FIELD_ENUM, NULL, offsetof(struct rules_party_age, post), REQ, 0, 0,
     0, party_post_choices, NCHOICES(party_post_choices)},
    INT(rules_party_age, months, "党龄（月）", 0, RULES_MONTHS_MAX),
    INT(rules_party_age, probation_months, "预备期（月）", 0, 24),
};
static const struct field_def training_fields[] = {
    COMMON_FIELDS,
    BOOL(rules_training, upper, "适用于县处级及以上"),
    CODE(rules_training, min_post_level, "分界职务层次", "post_level", REQ),
    CODE(rules_training, min_rank, "分界职级", "rank", REQ),
    INT(rules_training, hours, "学时", 0, 5000),
    INT(rules_training, window_months, "计算期间（月）", 1, 120),
};
static const struct field_def block_fields[] = {
    COMMON_FIELDS,
    CODE(rules_block, kind, "处分或处理类别", "punishment", REQ),
    INT(rules_block, months, "影响期（月）", 0, 120),
    BOOL(rules_block, permanent, "永久（无期限）"),
};
static const struct field_def combination_fields[] = {
    COMMON_FIELDS,
    CHOICE(rules_block_combination, "category", category, "类别", category_choices),
    BOOL(rules_block_combination, combine, "合并计算"),
    BOOL(rules_block_combination, same_kind_sum, "同种处分合并至总和"),
    INT(rules_block_combination, cap_months, "合并上限（月）", 0, 120),
};
static const struct field_def bar_fields[] = {
    COMMON_FIELDS,
    BOOL(rules_bar, for_ranks, "适用于职级晋升"),
    BOOL(rules_bar, for_posts, "适用于职务晋升"),
    CODES(rules_bar, grades, "触发的考核等次", "grade", 0),
};
static const struct field_def retirement_fields[] = {
    COMMON_FIELDS,
    CHOICE(rules_retirement, "person_group", group, "人员类别", group_choices),
    MONTH(rules_retirement, birth_from, "出生年月起"),
    MONTH(rules_retirement, birth_to, "出生年月止"),
    INT(rules_retirement, age_months, "退休年龄（月）", 480, 900),
};
static const struct field_def tenure_fields[] = {
    COMMON_FIELDS,
    CHOICE(rules_tenure_limit, "kind", kind, "类别", tenure_kind_choices),
    INT(rules_tenure_limit, months, "年限（月）", 1, RULES_MONTHS_MAX),
};
/* A rank or a post level: rank codes are digits, post levels digit+letter,
 * so a code is never both. */
static const struct field_def age_ceiling_fields[] = {
    COMMON_FIELDS,
    CODE(rules_age_ceiling, target, "职级或职务层次", "rank,post_level", REQ),
    INT(rules_age_ceiling, max_age_months, "年龄上限（月）", 216, 900),
};
static const struct field_def lowest_rank_fields[] = {
    COMMON_FIELDS,
    CODE(rules_lowest_rank, post_level, "职务层次", "post_level", REQ),
    CODE(rules_lowest_rank, rank, "最低职级", "rank", REQ),
};
static const struct field_def check_fields[] = {
    COMMON_FIELDS,
    INT(rules_check, value, "参数", 0, 10000),
};
static const struct field_def setting_fields[] = {
    COMMON_FIELDS,
    CHOICE(rules_setting, "key", key, "开关", setting_choices),
    INT(rules_setting, value, "取值（1 是，0 否）", 0, 1),
};

/* a < b, a month counting as its first day: rules_row_in_force reads an
 * effective month so, and a birth month as the month's first day. */
static bool before(struct date a, struct date b)
{
    return date_compare_at(a, b, DATE_PRECISION_DAY) < 0;
}

static void retirement_validate(const void *rule, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct rules_retirement *r = rule;
    if (!date_is_none(r->birth_from) && !date_is_none(r->birth_to) &&
        before(r->birth_to, r->birth_from) && !field_errors_has(fe, "birth_to"))
        field_errors_add(fe, "birth_to", "出生年月止不能早于出生年月起");
}

static void rank_step_validate(const void *rule, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct rules_rank_step *r = rule;
    if (!r->from_rank && !r->from_post_level && !field_errors_has(fe, "from_rank"))
        field_errors_add(fe, "from_rank", "须任职级与或任职务层次至少填写一项");
}

#define NO_ARRAY SIZE_MAX
#define TABLE(api, label, art, st, fields, check, ids, arr, cnt)                                   \
    {                                                                                              \
        {api, label, "rule_" api, sizeof(struct st), fields, COUNT(fields), check}, art, ids,      \
            offsetof(struct rules, arr), offsetof(struct rules, cnt)                               \
    }
static const struct rules_table tables[] = {
    TABLE("rank_step", "职级晋升任职年限", "§1.3", rules_rank_step, rank_step_fields,
          rank_step_validate, NULL, rank_steps, rank_step_count),
    TABLE("grade_counting", "年度考核等次的计算", "§1.4", rules_grade_counting,
          grade_counting_fields, NULL, NULL, grade_counting, grade_counting_count),
    TABLE("post_step", "领导职务晋升任职年限", "§2.1(3)", rules_post_step, post_step_fields, NULL,
          NULL, post_steps, post_step_count),
    TABLE("post_breadth", "下一级岗位任职经历", "§2.1(2)", rules_post_breadth, post_breadth_fields,
          NULL, NULL, post_breadth, post_breadth_count),
    TABLE("post_first", "首次任县处级职务的工龄与基层经历", "§2.1(1)", rules_post_first,
          post_first_fields, NULL, NULL, post_first, post_first_count),
    TABLE("education", "学历要求", "§2.1(4)", rules_education, education_fields, NULL, NULL,
          education, education_count),
    TABLE("party_age", "党内职务的党龄", "§2.6", rules_party_age, party_age_fields, NULL, NULL,
          party_age, party_age_count),
    TABLE("training", "培训学时", "§5", rules_training, training_fields, NULL, NULL, training,
          training_count),
    TABLE("block", "处分与组织处理影响期", "§3", rules_block, block_fields, NULL, NULL, blocks,
          block_count),
    TABLE("block_combination", "影响期合并计算", "§3", rules_block_combination, combination_fields,
          NULL, NULL, combinations, combination_count),
    TABLE("bar", "不得列为考察对象等情形", "§2.3 §4", rules_bar, bar_fields, NULL,
          "vet.grade,vet.emigrated,grade.next_year", bars, bar_count),
    TABLE("retirement", "退休年龄（渐进式延迟）", "§9", rules_retirement, retirement_fields,
          retirement_validate, NULL, retirement, retirement_count),
    TABLE("tenure_limit", "任期与同一职位年限", "§9", rules_tenure_limit, tenure_fields, NULL, NULL,
          tenure_limits, tenure_limit_count),
    TABLE("age_ceiling", "本地年龄上限", "§9", rules_age_ceiling, age_ceiling_fields, NULL, NULL,
          age_ceilings, age_ceiling_count),
    TABLE("lowest_rank", "职务对应的最低职级", "§1.2", rules_lowest_rank, lowest_rank_fields, NULL,
          NULL, lowest_ranks, lowest_rank_count),
    TABLE("check", "档案审核（三龄两历、回避）", "§6 §9", rules_check, check_fields, NULL,
          "check.missing,check.id_number,check.birth_id,check.gender_id,check.party_age,"
          "check.work_age,check.fulltime_after_work,check.career_gap,check.rank_overlap,"
          "check.post_overlap,check.avoidance.same_unit,check.avoidance.function",
          checks, check_count),
    {{"setting", "规则开关", "rule_setting", sizeof(struct rules_setting), setting_fields,
      COUNT(setting_fields), NULL},
     "§9",
     NULL,
     NO_ARRAY,
     NO_ARRAY},
};

const struct rules_table *rules_tables(size_t *n)
{
    *n = COUNT(tables);
    return tables;
}

const struct rules_table *rules_table_find(const char *name)
{
    for (size_t i = 0; name && i < COUNT(tables); i++)
        if (strcmp(tables[i].kind.name, name) == 0)
            return &tables[i];
    return NULL;
}

void *rules_table_new_row(const struct rules_table *t, struct arena *a)
{
    /* Zeroed dates are DATE_NONE: open at both ends. */
    void *rule = arena_calloc(a, 1, t->kind.struct_size);
    ((struct rules_row *)rule)->confidence = RULES_REC;
    return rule;
}

int rules_table_validate(const struct rules_table *t, const void *rule, struct field_errors *fe)
{
    size_t before_count = fe->count;
    record_validate(&t->kind, rule, DATE_NONE, fe);
    const struct rules_row *row = rule;
    if (row->id && t->rule_ids && !rules_list_has(t->rule_ids, row->id) &&
        !field_errors_has(fe, "rule_id"))
        field_errors_add(fe, "rule_id", "本表的规则编号只能是：%s（程序按编号执行）", t->rule_ids);
    if (!date_is_none(row->effective_from) && !date_is_none(row->effective_to) &&
        before(row->effective_to, row->effective_from) && !field_errors_has(fe, "effective_to"))
        field_errors_add(fe, "effective_to", "失效日期不能早于生效日期");
    return fe->count > before_count ? ERR_INVALID : 0;
}
