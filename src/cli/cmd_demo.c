/* cmd_demo.c — `cadre demo`: a realistic, reproducible demo department (one
 * 厅, its 处室 and 直属单位 with their 职数, N cadres with careers that obey
 * RULES.md, and the two first accounts), also the generator of the benchmark
 * databases (bench/gen.sh: 100,000 and 1,000,000 people).
 *
 * Reproducible: every person is drawn from a PRNG seeded by (seed, index), so
 * the same seed gives the same people in the same calendar year, whatever N
 * (the first 300 of a 100,000 run are the 300 of the default run). Dates are
 * generated "as of" 1 January of the current year, so nothing lies in the
 * future and the data only changes when the year does. Memory stays flat:
 * one person at a time in a small arena, committed in batches. */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/codes.h"
#include "core/idnum.h"
#include "core/records.h"
#include "core/roles.h"
#include "core/rules.h"
#include "store/people.h"
#include "store/records.h"
#include "store/units.h"
#include "store/accounts.h"
#include "store/passwords.h"
#include "util/arena.h"
#include "util/err.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* People per transaction: big enough that commits cost nothing, small enough
 * that a 1,000,000-person run keeps the WAL and the page cache bounded. */
enum { DEMO_BATCH = 10000 };
enum { DEMO_DEFAULT_PEOPLE = 300, DEMO_MAX_PEOPLE = 10000000 };

/* The department's name: invented, so no real office is imitated. */
#define DEPT_NAME "省发展研究厅"
#define DEPT_SHORT "省发研"

/* ---- PRNG: splitmix64 (Steele, Lea, Flood 2014), one stream per person ---- */

struct rng {
    uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A stream for `index` under `seed`: independent of every other index, so
 * person i is the same whatever N is. */
static struct rng rng_for(uint64_t seed, uint64_t index)
{
    struct rng r = {seed * 0xD1B54A32D192ED03ull ^ (index + 1) * 0x9E3779B97F4A7C15ull};
    rng_next(&r);
    return r;
}

/* Uniform in [0, n), n > 0 (multiply-shift: no modulo bias worth the name). */
static int rng_below(struct rng *r, int n)
{
    return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

/* True with probability `per_mille`/1000. */
static bool rng_chance(struct rng *r, int per_mille)
{
    return rng_below(r, 1000) < per_mille;
}

/* Roughly normal (Irwin–Hall of 12 uniforms), mean 0, sd 1, in months of
 * `sd_months`: enough for the shape of an age pyramid, with no libm. */
static int rng_normal_months(struct rng *r, int mean_months, int sd_months)
{
    int64_t sum = 0;
    for (int i = 0; i < 12; i++)
        sum += rng_below(r, 1000);
    return mean_months + (int)((sum - 6000) * sd_months / 1000);
}

struct weighted {
    const char *value;
    int weight;
};

static const char *pick(struct rng *r, const struct weighted *w, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i].weight;
    int x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < w[i].weight)
            return w[i].value;
        x -= w[i].weight;
    }
    return w[n - 1].value;
}

#define PICK(r, table) pick((r), (table), COUNT(table))
#define ONE_OF(r, array) ((array)[rng_below((r), (int)COUNT(array))])

/* ---- the department -------------------------------------------------- */

/* One unit of the demo tree. `heads`/`deputies` are the establishment (职数)
 * of the unit's principal and deputy posts; `*_filled` how many the demo
 * appoints: two units over establishment and two with a vacancy, so the UI
 * has something to show. `weight` shares out the staff. */
struct unit_def {
    const char *name;
    const char *kind; /* unit_kind: 1 机关, 2 处室, 3 直属单位 */
    const char *head_title, *deputy_title;
    int heads, deputies;
    int heads_filled, deputies_filled;
    int weight;
};

static const struct unit_def unit_defs[] = {
    {DEPT_NAME, "1", "厅长", "副厅长", 1, 3, 1, 3, 0},
    {"办公室", "2", "主任", "副主任", 1, 2, 1, 2, 4},
    {"人事处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"政策法规处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"综合规划处", "2", "处长", "副处长", 1, 2, 1, 3, 3},
    {"财务处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"区域发展处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"产业研究处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"社会发展处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"科技信息处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"统计调查处", "2", "处长", "副处长", 1, 2, 1, 2, 3},
    {"对外合作处", "2", "处长", "副处长", 1, 2, 1, 2, 2},
    {"督查考核处", "2", "处长", "副处长", 1, 2, 1, 1, 2},
    {"审计处", "2", "处长", "副处长", 1, 2, 0, 2, 2},
    {"机关党委", "2", "专职副书记", "副书记", 1, 2, 1, 2, 2},
    {"离退休干部处", "2", "处长", "副处长", 1, 2, 1, 2, 2},
    {"信息中心", "3", "主任", "副主任", 1, 2, 1, 3, 10},
    {"发展战略研究院", "3", "院长", "副院长", 1, 3, 1, 3, 12},
    {"干部教育培训中心", "3", "主任", "副主任", 1, 2, 1, 2, 8},
    {"政策咨询服务中心", "3", "主任", "副主任", 1, 2, 1, 2, 8},
    {"机关服务中心", "3", "主任", "副主任", 1, 2, 1, 2, 8},
};

enum {
    UNIT_ROOT = 0,
    UNIT_PERSONNEL = 2,
    UNIT_RETIRED = 15,
    UNIT_INSTITUTE = 17,
    UNIT_SERVICE = 20
};

/* A post to fill with a generated leader. */
struct slot {
    int unit;               /* index into unit_defs */
    const char *post_level; /* "4A" ... */
    bool head;
};

/* ---- the ladders (RULES.md §1), as core has them -------------------- */

/* Ranks are numbered by their ladder order (core/codes.c "rank"): 1 一级巡视员
 * … 12 二级科员. The demo's own tuning below (chances of promotion, starting
 * ranks) is written for a ladder of this length; ladder_load checks it. */
enum { RANK_TOP = 1, RANK_BOTTOM = 12 };

/* Chance per year (‰), once the minimum is served, that an ordinary cadre is
 * promoted to rank `order`: promotion is selection within quotas, never
 * due (RULES.md §1.3), and scarcer the higher the rank — which is what
 * makes the pyramid. */
static const int rank_promote_per_mille[RANK_BOTTOM + 1] = {0,   0,   15,  50,  70,  90, 120,
                                                            250, 400, 550, 700, 900, 0};

/* The 职级 ladder of core: each rank's code, and the months to serve in the
 * rank below before promotion to it (职务与职级并行规定 Art. 18, the seeded
 * rule set of core/rules.c as in force at the demo's date), by order. */
struct ladder {
    const struct code_table *ranks;
    const char *code[RANK_BOTTOM + 1];
    int step_months[RANK_BOTTOM + 1]; /* [RANK_BOTTOM]: no rank below, 0 */
    struct date day;
};

/* Fills `l` from core as of `day`. Returns 0, or ERR_INTERNAL when core's
 * ladder is not the one the demo's tables are written for. */
static int ladder_load(struct ladder *l, struct date day)
{
    *l = (struct ladder){.ranks = codes_table("rank"), .day = day};
    if (!l->ranks || l->ranks->count != RANK_BOTTOM)
        return ERR_INTERNAL;
    for (size_t i = 0; i < l->ranks->count; i++) {
        int order = l->ranks->codes[i].order;
        if (order < RANK_TOP || order > RANK_BOTTOM)
            return ERR_INTERNAL;
        l->code[order] = l->ranks->codes[i].code;
    }
    for (int order = RANK_TOP; order <= RANK_BOTTOM; order++) {
        const struct rules_rank_step *step = rules_rank_step(rules_seed(), l->code[order], day);
        l->step_months[order] = step ? step->months : 0;
    }
    return 0;
}

/* The order of rank `code`, or RANK_BOTTOM when core does not know it. */
static int ladder_order(const struct ladder *l, const char *code)
{
    const struct code *c = code ? codes_by_code(l->ranks, code) : NULL;
    return c ? c->order : RANK_BOTTOM;
}

/* The rank a leadership post is usually equated with: the lowest 职级 of
 * the post (RULES.md §1.2, Art.9), where a leader's post starts. */
static int post_rank_equivalent(const struct ladder *l, const char *post_level)
{
    const struct rules_lowest_rank *low = rules_lowest_rank(rules_seed(), post_level, l->day);
    return ladder_order(l, low ? low->rank : NULL);
}

/* The highest rank a leader of that level reaches in the demo: the highest
 * rank the ladder equates with the post level (core/codes.c). */
static int post_rank_cap(const struct ladder *l, const char *post_level)
{
    int cap = RANK_BOTTOM;
    for (size_t i = 0; i < l->ranks->count; i++) {
        const struct code *c = &l->ranks->codes[i];
        if (c->category && strcmp(c->category, post_level) == 0 && c->order < cap)
            cap = c->order;
    }
    return cap;
}

/* Full-time education levels the generator uses, with years of study and
 * the rank a graduate starts at after the one-year probation (RULES.md §1.8,
 * the pre-2019 rule mapped through the 套改 table: 中专 二级科员, 大专 and
 * 本科 一级科员, 硕士 四级主任科员, 博士 二级主任科员). */
enum edu { EDU_ZHONGZHUAN, EDU_DAZHUAN, EDU_BENKE, EDU_SHUOSHI, EDU_BOSHI };

static const struct {
    const char *code;     /* GB/T 4658 */
    const char *degree;   /* GB/T 6864, NULL for none */
    int years, start_age; /* this stage only */
    int start_rank;
} edu_info[] = {
    [EDU_ZHONGZHUAN] = {"41", NULL, 3, 15, 12}, [EDU_DAZHUAN] = {"31", NULL, 3, 18, 11},
    [EDU_BENKE] = {"21", "4", 4, 18, 11},       [EDU_SHUOSHI] = {"14", "3", 3, 22, 10},
    [EDU_BOSHI] = {"11", "2", 3, 25, 8},
};

/* The statutory retirement month (RULES.md §9: the 2024 decision, as the
 * seeded rule set of core/rules.c has it by birth month; women here are
 * cadres, 女干部). */
static struct date retirement_date(struct date birth, bool male)
{
    const struct rules_retirement *row =
        rules_retirement_row(rules_seed(), male ? "male" : "female_cadre", birth);
    struct date d = {birth.year, birth.month, 0};
    return date_add_months(d, row ? row->age_months : (male ? 60 : 55) * 12);
}

/* ---- names, places, schools ------------------------------------------ */

static const struct weighted surnames[] = {
    {"王", 72}, {"李", 72}, {"张", 70},  {"刘", 55},  {"陈", 48},  {"杨", 33},  {"黄", 25},
    {"赵", 22}, {"吴", 21}, {"周", 21},  {"徐", 16},  {"孙", 15},  {"马", 14},  {"朱", 13},
    {"胡", 13}, {"郭", 12}, {"何", 12},  {"林", 11},  {"高", 11},  {"罗", 11},  {"郑", 10},
    {"梁", 10}, {"谢", 8},  {"宋", 7},   {"唐", 7},   {"许", 7},   {"韩", 7},   {"邓", 7},
    {"冯", 7},  {"曹", 6},  {"彭", 6},   {"曾", 6},   {"肖", 6},   {"田", 5},   {"董", 5},
    {"潘", 5},  {"袁", 5},  {"蔡", 5},   {"蒋", 5},   {"余", 5},   {"于", 5},   {"杜", 4},
    {"叶", 4},  {"程", 4},  {"魏", 4},   {"苏", 4},   {"吕", 4},   {"丁", 4},   {"任", 4},
    {"卢", 4},  {"姚", 4},  {"沈", 4},   {"钟", 4},   {"姜", 4},   {"崔", 4},   {"谭", 4},
    {"陆", 3},  {"范", 3},  {"汪", 3},   {"廖", 3},   {"石", 3},   {"金", 3},   {"韦", 3},
    {"贾", 3},  {"夏", 3},  {"付", 3},   {"方", 3},   {"邹", 3},   {"熊", 3},   {"白", 3},
    {"孟", 3},  {"秦", 3},  {"邱", 3},   {"侯", 3},   {"江", 3},   {"尹", 3},   {"薛", 3},
    {"闫", 3},  {"段", 3},  {"雷", 3},   {"龙", 2},   {"黎", 2},   {"史", 2},   {"陶", 2},
    {"贺", 2},  {"毛", 2},  {"郝", 2},   {"顾", 2},   {"龚", 2},   {"邵", 2},   {"万", 2},
    {"覃", 2},  {"武", 2},  {"钱", 2},   {"戴", 2},   {"严", 2},   {"莫", 2},   {"孔", 2},
    {"向", 2},  {"常", 2},  {"欧阳", 1}, {"司马", 1}, {"诸葛", 1}, {"上官", 1},
};

/* Given-name characters by generation and sex; a two-character name is a
 * first character from `*_first` and a second from `*_second`. */
static const char *const old_male_names[] = {"建国", "建华", "国强", "卫东", "志刚", "建军", "国庆",
                                             "德明", "振华", "立新", "永胜", "红军", "学军", "向东",
                                             "跃进", "志勇", "建平", "小平", "国华", "长青"};
static const char *const old_female_names[] = {"秀英", "桂英", "秀兰", "玉兰", "桂兰", "红梅",
                                               "淑珍", "丽华", "秀珍", "凤英", "建华", "玉梅",
                                               "小红", "春梅", "爱华", "素芳", "美玲", "卫红"};
static const char *const male_first[] = {
    "志", "建", "俊", "文", "明", "永", "海", "晓", "小", "国", "家", "宏", "学", "振", "子",
    "天", "浩", "宇", "博", "思", "嘉", "一", "泽", "新", "云", "金", "德", "立", "中", "鸿"};
static const char *const male_second[] = {"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超",
                                          "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波",
                                          "宁", "峰", "东", "亮", "林", "浩", "宇", "晨", "凯",
                                          "毅", "健", "然", "轩", "航", "豪", "远", "哲", "成"};
static const char *const female_first[] = {"晓", "小", "丽", "美", "秀", "雅", "静", "思", "欣",
                                           "佳", "雨", "梦", "诗", "子", "紫", "可", "慧", "艳",
                                           "文", "婉", "春", "玉", "海", "红", "一", "语"};
static const char *const female_second[] = {"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕",
                                            "玲", "婷", "雪", "慧", "琳", "颖", "倩", "洁", "萍",
                                            "红", "梅", "莉", "兰", "琴", "云", "莹", "晶", "怡",
                                            "悦", "雯", "璐", "瑶", "丹", "蕾", "涵", "桐", "馨"};

static const char *random_given_name(struct rng *r, bool male, int birth_year, struct arena *a)
{
    if (birth_year < 1972 && rng_chance(r, 350))
        return male ? ONE_OF(r, old_male_names) : ONE_OF(r, old_female_names);
    if (rng_chance(r, birth_year < 1975 ? 300 : 150))
        return male ? ONE_OF(r, male_second) : ONE_OF(r, female_second);
    return arena_sprintf(a, "%s%s", male ? ONE_OF(r, male_first) : ONE_OF(r, female_first),
                         male ? ONE_OF(r, male_second) : ONE_OF(r, female_second));
}

/* A household-registration county (GB/T 2260 address code) with the place
 * a form writes as 籍贯/出生地. Most cadres of a provincial department come
 * from its province; the demo's "home" is a real province only so that the
 * codes are real. */
struct place {
    const char *code, *name;
};

static const struct place home_places[] = {
    {"430102", "湖南长沙"}, {"430104", "湖南长沙"},   {"430121", "湖南长沙"},
    {"430202", "湖南株洲"}, {"430302", "湖南湘潭"},   {"430321", "湖南湘潭"},
    {"430405", "湖南衡阳"}, {"430421", "湖南衡阳"},   {"430602", "湖南岳阳"},
    {"430621", "湖南岳阳"}, {"430702", "湖南常德"},   {"430721", "湖南常德"},
    {"430902", "湖南益阳"}, {"431002", "湖南郴州"},   {"431102", "湖南永州"},
    {"431202", "湖南怀化"}, {"430502", "湖南邵阳"},   {"433101", "湖南吉首"},
    {"431302", "湖南娄底"}, {"430802", "湖南张家界"},
};

static const struct place other_places[] = {
    {"110105", "北京"},         {"120101", "天津"},     {"130102", "河北石家庄"},
    {"140105", "山西太原"},     {"210102", "辽宁沈阳"}, {"220102", "吉林长春"},
    {"230103", "黑龙江哈尔滨"}, {"310104", "上海"},     {"320102", "江苏南京"},
    {"330106", "浙江杭州"},     {"340102", "安徽合肥"}, {"350102", "福建福州"},
    {"360102", "江西南昌"},     {"370102", "山东济南"}, {"410105", "河南郑州"},
    {"420106", "湖北武汉"},     {"440106", "广东广州"}, {"450103", "广西南宁"},
    {"500103", "重庆"},         {"510107", "四川成都"}, {"520102", "贵州贵阳"},
    {"530102", "云南昆明"},     {"610113", "陕西西安"}, {"620102", "甘肃兰州"},
    {"650102", "新疆乌鲁木齐"},
};

static const struct place *random_place(struct rng *r)
{
    return rng_chance(r, 720) ? &ONE_OF(r, home_places) : &ONE_OF(r, other_places);
}

/* About 8% minorities (RULES.md asks for a realistic mix; weights follow the
 * larger groups of the 2020 census, with the home province's 土家族/苗族). */
static const struct weighted ethnicities[] = {
    {"01", 920}, {"15", 14}, {"06", 12}, {"08", 9}, {"03", 8}, {"11", 7}, {"12", 4}, {"13", 4},
    {"05", 4},   {"07", 4},  {"02", 4},  {"04", 3}, {"14", 3}, {"10", 2}, {"09", 2},
};

static const char *const universities[] = {
    "北京大学",     "清华大学",         "中国人民大学", "武汉大学",     "中山大学",
    "南京大学",     "复旦大学",         "浙江大学",     "四川大学",     "湖南大学",
    "中南大学",     "湘潭大学",         "湖南师范大学", "山东大学",     "吉林大学",
    "厦门大学",     "南开大学",         "兰州大学",     "西北大学",     "郑州大学",
    "华中师范大学", "中国政法大学",     "中央财经大学", "上海财经大学", "中南财经政法大学",
    "西南政法大学", "对外经济贸易大学", "华东政法大学", "长沙理工大学", "湖南农业大学",
};
static const char *const colleges[] = {"湖南财经高等专科学校", "湖南行政学院", "长沙师范专科学校",
                                       "湖南广播电视大学", "湖南经济管理干部学院"};
static const char *const technical_schools[] = {
    "湖南省财经学校", "湖南省银行学校", "长沙市财贸学校", "湖南省农业学校", "湖南省统计学校"};
static const char *const majors[] = {
    "汉语言文学", "法学",           "经济学",           "行政管理", "会计学",
    "财政学",     "国际经济与贸易", "计算机科学与技术", "统计学",   "政治学与行政学",
    "社会学",     "金融学",         "工商管理",         "城乡规划", "环境科学",
    "历史学",     "新闻学",         "档案学",           "哲学",     "区域经济学",
    "产业经济学", "马克思主义理论", "公共管理",         "软件工程",
};
static const char *const specialties[] = {
    "文字综合", "经济管理", "法律事务", "财务会计", "统计分析", "政策研究", "信息化建设",
    "党务工作", "人事管理", "审计监督", "区域规划", "产业政策", "外事工作", "项目管理"};

/* ---- one generated person -------------------------------------------- */

struct demo {
    struct db *db;
    uint64_t seed;
    struct date today;    /* the clock, for validation */
    struct date asof;     /* 1 January this year: nothing happens later */
    struct date year_end; /* in-service cadres stay below retirement age until then */
    struct ladder ladder;
    long long unit_ids[COUNT(unit_defs)];
    int unit_weight_total;
    struct slot slots[96];
    size_t nslots;
    /* What was written, for the summary and the audit record. */
    long long people, retired, leaders, records;
};

/* A person under construction: the struct that is stored, and what the
 * later steps need to know. */
struct draft {
    struct rng rng;
    struct arena *a;
    struct person p;
    bool male;
    const char *surname;
    enum edu edu;
    struct date graduated; /* last full-time graduation (month) */
    bool retired;
    struct date retire; /* retirement month, when retired */
    const struct slot *slot;
    /* Recent assessments: years asof.year-5 .. asof.year-1, grade code or NULL. */
    const char *grades[5];
    int first_grade_year;
    /* One punishment at most. */
    const char *punishment; /* code or NULL */
    struct date punished;
    int punished_months;
};

static struct date month_of(int year, int month)
{
    return (struct date){year, month, 0};
}

static bool after(struct date a, struct date b)
{
    return date_compare(a, b) > 0;
}

/* Writes one record after checking it with the same validation user input
 * gets: a generator bug must not put data in the database that the UI
 * would refuse. */
static int demo_write(struct demo *d, struct draft *x, const struct record_kind *kind, void *rec)
{
    struct field_errors fe;
    field_errors_init(&fe, x->a);
    if (record_validate(kind, rec, d->today, &fe) != 0) {
        fprintf(stderr, "cadre demo: 生成的%s记录未通过校验（程序错误）: %s %s\n", kind->label,
                fe.head->field, fe.head->message);
        return ERR_INTERNAL;
    }
    int rc = records_insert(d->db, kind, rec);
    if (rc == 0)
        d->records++;
    return rc;
}

/* Birth date, sex and schooling. Leaders are placed by demo_leader_timeline
 * instead. */
static void draw_age(struct demo *d, struct draft *x)
{
    struct rng *r = &x->rng;
    for (int attempt = 0;; attempt++) {
        int age_months;
        int shape = rng_below(r, 100);
        if (x->retired)
            age_months = rng_range(r, 55 * 12, 72 * 12);
        else if (attempt > 20 || shape < 46) /* the young hump */
            age_months = rng_normal_months(r, 30 * 12, 42);
        else if (shape < 86) /* the old hump */
            age_months = rng_normal_months(r, 53 * 12, 36);
        else /* the thin middle */
            age_months = rng_range(r, 23 * 12, 58 * 12);
        if (age_months < 22 * 12 + 6)
            continue;
        struct date birth = date_add_months(d->asof, -age_months);
        birth.day = rng_range(r, 1, date_days_in_month(birth.year, birth.month));
        struct date retire = retirement_date(birth, x->male);
        if (x->retired) {
            /* Retired in the last ten years, not in the future. */
            if (after(retire, d->asof) || date_months_between(retire, d->asof) > 120)
                continue;
            x->retire = retire;
        } else if (!after(retire, d->year_end)) {
            continue;
        }
        x->p.birth_date = birth;
        return;
    }
}

/* The August after graduating from `edu` for someone born `birth` (entry at
 * the September after turning the stage's start age, one year later for a
 * fifth of them). */
static struct date graduation(struct rng *r, struct date birth, enum edu edu)
{
    int year = birth.year + (birth.month > 8 ? 1 : 0);
    if (edu == EDU_ZHONGZHUAN)
        return month_of(year + 15 + 3, 7);
    year += 18 + (rng_chance(r, 200) ? 1 : 0);
    if (edu == EDU_DAZHUAN)
        return month_of(year + 3, 7);
    year += 4;
    if (edu >= EDU_SHUOSHI)
        year += 3;
    if (edu == EDU_BOSHI)
        year += 3;
    return month_of(year, 7);
}

static enum edu draw_education(struct rng *r, int birth_year)
{
    int x = rng_below(r, 100);
    if (birth_year >= 1985)
        return x < 4 ? EDU_BOSHI : x < 34 ? EDU_SHUOSHI : x < 94 ? EDU_BENKE : EDU_DAZHUAN;
    if (birth_year >= 1970)
        return x < 3    ? EDU_BOSHI
               : x < 23 ? EDU_SHUOSHI
               : x < 80 ? EDU_BENKE
               : x < 95 ? EDU_DAZHUAN
                        : EDU_ZHONGZHUAN;
    return x < 1    ? EDU_BOSHI
           : x < 7  ? EDU_SHUOSHI
           : x < 50 ? EDU_BENKE
           : x < 80 ? EDU_DAZHUAN
                    : EDU_ZHONGZHUAN;
}

/* Education for an ordinary cadre: lowered until they have graduated and
 * started work before `asof`. */
static void draw_schooling(struct demo *d, struct draft *x)
{
    x->edu = draw_education(&x->rng, x->p.birth_date.year);
    for (;;) {
        x->graduated = graduation(&x->rng, x->p.birth_date, x->edu);
        struct date work = date_add_months(x->graduated, 1);
        if (!after(work, d->asof) || x->edu == EDU_ZHONGZHUAN)
            break;
        x->edu--;
    }
    x->p.work_start_date = date_add_months(x->graduated, rng_chance(&x->rng, 800) ? 1 : 3);
    if (after(x->p.work_start_date, d->asof))
        x->p.work_start_date = d->asof;
}

/* A rank history climbing one rung at a time from `start` at `from`, each
 * step after at least the minimum years of §1.3, skipping assessment years
 * that do not count (基本称职, 不定等次: the count restarts after them — the
 * strict reading of §1.4) and any punishment's effect period (§1.5, §3).
 * `fast` gives the exact waits (in months) of the first rungs (leaders, on
 * the track computed by demo_leader_timeline); after them the chance of
 * promotion per year applies, up to `cap`. Writes the records. */
struct rung {
    int order;
    struct date start;
};

static size_t climb(struct demo *d, struct draft *x, int start, struct date from, const int *fast,
                    size_t nfast, int cap, struct rung *out)
{
    struct rng *r = &x->rng;
    struct date stop = x->retired ? date_add_months(x->retire, -12) : d->asof;
    size_t n = 0;
    out[n++] = (struct rung){start, from};
    int order = start;
    struct date since = from;
    while (order > cap) {
        int next = order - 1;
        int months = d->ladder.step_months[next];
        if (n - 1 < nfast) {
            months = fast[n - 1];
        } else {
            int waited = 0;
            while (!rng_chance(r, rank_promote_per_mille[next]) && waited < 40)
                waited++;
            months += waited * 12 + rng_below(r, 12);
        }
        struct date when = date_add_months(since, months);
        for (bool moved = true; moved;) {
            moved = false;
            for (int k = 0; k < 5; k++) {
                const char *g = x->grades[k];
                int year = d->asof.year - 5 + k;
                if (!g || (strcmp(g, "3") != 0 && strcmp(g, "5") != 0))
                    continue;
                struct date restart =
                    date_add_months(month_of(year + 1, 1), d->ladder.step_months[next]);
                if (year >= since.year && year <= when.year && after(restart, when)) {
                    when = restart;
                    moved = true;
                }
            }
            /* Compared by month, as the rank dates are kept: a promotion
             * "2024-09" is not after a decision of 2024-09-06. */
            struct date decided = month_of(x->punished.year, x->punished.month);
            if (x->punishment && !after(decided, when)) {
                struct date end = date_add_months(decided, x->punished_months + 1);
                if (after(end, when)) {
                    when = end;
                    moved = true;
                }
            }
        }
        if (after(when, stop))
            break;
        out[n++] = (struct rung){next, when};
        order = next;
        since = when;
    }
    return n;
}

/* 基层 (RULES.md §2.1(1): 县 and below): where most cadres of a provincial
 * department began. A grassroots first rung is held in one of these. */
static const char *const grassroots_counties[] = {
    "湘潭县", "浏阳市", "醴陵市", "宁乡市", "攸县",   "衡山县", "平江县", "桃源县",
    "安化县", "桂阳县", "祁阳市", "溆浦县", "新化县", "凤凰县", "慈利县", "邵东市",
};
static const char *const grassroots_organs[] = {
    "发展和改革局", "人民政府办公室", "财政局", "统计局", "农业农村局", "城关镇人民政府",
};

/* Salt of the grassroots streams; any constant other than 0 will do. */
#define GRASSROOTS_SALT 0x6A09E667F3BCC908ull

/* Where a person's first rung was held when it was at the grassroots: a
 * county organ, or NULL (not grassroots). Drawn from a stream of its own
 * (seed ^ salt, index) and never from the person's: the rest of a seed's
 * data stays exactly what it was before grassroots careers were marked,
 * which the benchmark databases rely on. Most cadres of a provincial 厅
 * came up from a county; a first rung still current is this department's. */
static const char *grassroots_first_rung(struct demo *d, size_t index, size_t nrungs,
                                         struct arena *a)
{
    struct rng g = rng_for(d->seed ^ GRASSROOTS_SALT, index);
    if (nrungs < 2 || !rng_chance(&g, 850))
        return NULL;
    const char *county = ONE_OF(&g, grassroots_counties);
    return arena_sprintf(a, "%s%s", county, ONE_OF(&g, grassroots_organs));
}

/* Salt of the 简历-gap streams; any constant other than 0 and the others. */
#define CAREER_GAP_SALT 0xBB67AE8584CAA73Bull

/* Months missing from the 简历 after an in-service cadre's first rung, or
 * 0. About 4% of files here lack the record of a stretch (a transfer, a
 * full-time course) between the first rank and the second, as real files
 * do, so that 档案审核 (check.career_gap, 待本单位确认 until the office
 * confirms the rule) has something to show in a new demo. Drawn from a
 * stream of its own (seed ^ salt, index), like the grassroots marks: the
 * rest of a seed's data stays as it was. The first rung keeps at least a
 * year. */
static int career_gap_months(struct demo *d, size_t index, const struct draft *x,
                             const struct rung *rungs, size_t n)
{
    struct rng g = rng_for(d->seed ^ CAREER_GAP_SALT, index);
    if (x->slot || x->retired || n < 2 || !rng_chance(&g, 40))
        return 0;
    int months = rng_range(&g, 6, 30);
    return date_months_between(rungs[0].start, rungs[1].start) >= months + 12 ? months : 0;
}

/* The rank history; the first rung held at `grassroots` (a county organ,
 * flagged 基层, no unit of ours) when that is not NULL, and ended `gap`
 * months before the second began (career_gap_months). */
static int write_ranks(struct demo *d, struct draft *x, const struct rung *rungs, size_t n,
                       const char *grassroots, int gap)
{
    for (size_t i = 0; i < n; i++) {
        bool local = i == 0 && grassroots != NULL;
        struct career_record c = {
            .person_id = x->p.id,
            .kind = "rank",
            .unit_id = local ? 0 : x->p.unit_id,
            .title = local ? grassroots : NULL,
            .grassroots = local,
            .rank = d->ladder.code[rungs[i].order],
            .start_date = rungs[i].start,
            .end_date = i + 1 >= n          ? DATE_NONE
                        : i == 0 && gap > 0 ? date_add_months(rungs[1].start, -gap)
                                            : rungs[i + 1].start,
            .document_number = arena_sprintf(x->a, DEPT_SHORT "人〔%d〕%d号", rungs[i].start.year,
                                             rng_range(&x->rng, 3, 96)),
        };
        int rc = demo_write(d, x, &career_kind, &c);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The date the history reached rank `order`, or none. */
static struct date reached(const struct rung *rungs, size_t n, int order)
{
    for (size_t i = 0; i < n; i++)
        if (rungs[i].order <= order)
            return rungs[i].start;
    return DATE_NONE;
}

static const char *post_title(struct draft *x, int unit, bool head)
{
    const struct unit_def *u = &unit_defs[unit];
    const char *t = head ? u->head_title : u->deputy_title;
    if (unit == UNIT_ROOT)
        return t;
    return arena_sprintf(x->a, "%s%s", u->name, t);
}

static int write_post(struct demo *d, struct draft *x, int unit, const char *level, bool head,
                      struct date start, struct date end, bool concurrent, const char *title)
{
    bool provincial = level[0] == '4';
    struct career_record c = {
        .person_id = x->p.id,
        .kind = "post",
        .unit_id = d->unit_ids[unit],
        .title = title ? title : post_title(x, unit, head),
        .post_level = level,
        .start_date = start,
        .end_date = end,
        .concurrent = concurrent,
        .document_number = provincial ? arena_sprintf(x->a, "省委干〔%d〕%d号", start.year,
                                                      rng_range(&x->rng, 10, 180))
                                      : arena_sprintf(x->a, DEPT_SHORT "党组〔%d〕%d号", start.year,
                                                      rng_range(&x->rng, 2, 40)),
    };
    return demo_write(d, x, &career_kind, &c);
}

static int random_section(struct rng *r)
{
    return rng_range(r, 1, UNIT_RETIRED - 1); /* a 处室, not 离退休干部处 */
}

/* A leader's posts: the chain of levels from 县处级副职 up to the slot's,
 * each taken when the rank history reached its equivalent (so a 处长 holds
 * at least 二级调研员, and served ≥ 2 years as deputy: §2.1 3a), earlier
 * ones in other units. The 厅长 is also 党组书记 (concurrent). */
static int write_leader_posts(struct demo *d, struct draft *x, const struct rung *rungs, size_t n)
{
    static const char *const chain[] = {"5B", "5A", "4B", "4A"};
    const struct slot *s = x->slot;
    size_t top = 0;
    while (strcmp(chain[top], s->post_level) != 0)
        top++;
    for (size_t i = 0; i <= top; i++) {
        struct date start = reached(rungs, n, post_rank_equivalent(&d->ladder, chain[i]));
        struct date end =
            i < top ? reached(rungs, n, post_rank_equivalent(&d->ladder, chain[i + 1])) : DATE_NONE;
        bool current = i == top;
        bool head = current ? s->head : chain[i][1] == 'A';
        int unit = current ? s->unit : random_section(&x->rng);
        int rc = write_post(d, x, unit, chain[i], head, start, end, false, NULL);
        if (rc < 0)
            return rc;
        if (current && s->unit == UNIT_ROOT && s->head)
            rc = write_post(d, x, UNIT_ROOT, "4A", true, start, DATE_NONE, true, "党组书记");
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A leader's life backwards from the post: how long in it, how long each
 * rung took on a fast track (the minimum plus a few months), hence when work
 * started and when they were born. */
static void leader_timeline(struct demo *d, struct draft *x, int *fast, size_t *nfast,
                            struct date *first_rank)
{
    struct rng *r = &x->rng;
    int level_order = x->slot->post_level[0] == '4' ? 2 : 1;
    int x_edu = rng_below(r, 100);
    x->edu = x_edu < 5 ? EDU_BOSHI : x_edu < 40 ? EDU_SHUOSHI : EDU_BENKE;
    int target = post_rank_equivalent(&d->ladder, x->slot->post_level);
    for (int shrink = 0;; shrink++) {
        int start = edu_info[x->edu].start_rank;
        int total = 0;
        *nfast = 0;
        for (int o = start - 1; o >= target; o--) {
            int extra = level_order == 2 ? 4 : 18;
            int months = d->ladder.step_months[o] + (shrink > 3 ? 0 : rng_range(r, 0, extra));
            fast[(*nfast)++] = months;
            total += months;
        }
        int in_post = shrink > 3 ? 6 : rng_range(r, 6, level_order == 2 ? 66 : 90);
        struct date reach = date_add_months(d->asof, -in_post);
        struct date first = date_add_months(reach, -total);
        /* Work starts in August, a year before the first rank (probation). */
        struct date work = date_add_months(first, -12);
        if (work.month < 8)
            work = month_of(work.year - 1, 8);
        else
            work = month_of(work.year, 8);
        *first_rank = date_add_months(work, 12);
        x->graduated = month_of(work.year, 7);
        int born = work.year - 22 - (x->edu == EDU_SHUOSHI ? 3 : x->edu == EDU_BOSHI ? 6 : 0);
        struct date birth = {born, rng_range(r, 1, 8), 0};
        birth.day = rng_range(r, 1, date_days_in_month(birth.year, birth.month));
        x->p.birth_date = birth;
        x->p.work_start_date = work;
        if (after(retirement_date(birth, x->male), d->year_end) || shrink > 6)
            return;
    }
}

static int write_education(struct demo *d, struct draft *x)
{
    struct rng *r = &x->rng;
    /* Every full-time stage up to the highest, each ending where the next
     * begins. */
    struct date end = x->graduated;
    struct date stage_end[5];
    for (int e = (int)x->edu; e >= 0; e--) {
        stage_end[e] = end;
        if (e == EDU_BENKE || e == EDU_ZHONGZHUAN || e == EDU_DAZHUAN)
            break;
        end = month_of(end.year - edu_info[e].years, 7);
    }
    int lowest = x->edu <= EDU_BENKE ? (int)x->edu : EDU_BENKE;
    for (int e = lowest; e <= (int)x->edu; e++) {
        struct date start = month_of(stage_end[e].year - edu_info[e].years, 9);
        const char *school = e == EDU_ZHONGZHUAN ? ONE_OF(r, technical_schools)
                             : e == EDU_DAZHUAN  ? ONE_OF(r, colleges)
                                                 : ONE_OF(r, universities);
        /* Degrees as conferred: none for 大专/中专, and 学士 only since 1982. */
        const char *degree = edu_info[e].degree;
        if (e == EDU_BENKE && stage_end[e].year < 1982)
            degree = NULL;
        struct education_record rec = {
            .person_id = x->p.id,
            .kind = "fulltime",
            .education = edu_info[e].code,
            .degree = degree,
            .school = school,
            .major = ONE_OF(r, majors),
            .start_date = start,
            .end_date = stage_end[e],
        };
        int rc = demo_write(d, x, &education_kind, &rec);
        if (rc < 0)
            return rc;
    }
    /* In-service study for those below 硕士 who have worked long enough
     * (two in five of 大专/中专, one in five of 本科, most leaders): 本科 by
     * correspondence, or a 党校 研究生 or an MPA after a 本科. */
    bool leader = x->slot != NULL;
    int worked = date_months_between(x->p.work_start_date, d->asof);
    int chance = x->edu == EDU_BENKE ? 220 : 400;
    if (x->edu < EDU_SHUOSHI && worked >= 60 && rng_chance(r, leader ? 700 : chance)) {
        struct date start =
            month_of(x->p.work_start_date.year + rng_range(r, 3, worked / 12 - 2), 9);
        struct date finish = month_of(start.year + (x->edu == EDU_BENKE ? 3 : 2), 7);
        if (after(finish, d->asof))
            return 0;
        struct education_record rec = {
            .person_id = x->p.id, .kind = "inservice", .start_date = start, .end_date = finish};
        if (x->edu < EDU_BENKE) {
            rec.education = "21";
            rec.school = rng_chance(r, 500) ? "中央广播电视大学" : "湖南大学（函授）";
            rec.major = rng_chance(r, 500) ? "行政管理" : "法学";
            rec.degree = rng_chance(r, 300) ? "4" : NULL;
        } else if (rng_chance(r, 500)) {
            rec.education = "14";
            rec.school = "中共湖南省委党校";
            rec.major = rng_chance(r, 500) ? "经济管理" : "政治学理论";
        } else {
            rec.education = "14";
            rec.degree = "3";
            rec.school = ONE_OF(r, universities);
            rec.major = "公共管理（MPA）";
        }
        int rc = demo_write(d, x, &education_kind, &rec);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Party membership (GB/T 4762): most cadres are 中共党员, joined after 18. */
static void draw_party(struct demo *d, struct draft *x)
{
    struct rng *r = &x->rng;
    int age = date_age(x->p.birth_date, d->asof);
    struct date adult = date_add_months(x->p.birth_date, 18 * 12 + 6);
    int roll = rng_below(r, 1000);
    if (x->slot || roll < 700) {
        x->p.party = "01";
        int oldest = x->slot ? 30 : 40;
        int latest = age <= oldest ? age - 1 : oldest;
        int join_age = rng_range(r, 19, latest > 19 ? latest : 19);
        struct date join = date_add_months(x->p.birth_date, join_age * 12 + rng_below(r, 12));
        if (after(join, d->asof))
            join = d->asof;
        if (after(adult, join))
            join = adult;
        x->p.party_join_date = (struct date){join.year, join.month, 0};
    } else if (roll < 715 && age < 40) {
        x->p.party = "02";
        struct date join = date_add_months(d->asof, -rng_range(r, 1, 11));
        x->p.party_join_date = (struct date){join.year, join.month, 0};
    } else if (roll < 760) {
        static const struct weighted democratic[] = {{"04", 2}, {"05", 4}, {"06", 3}, {"07", 3},
                                                     {"08", 2}, {"09", 1}, {"10", 3}};
        x->p.party = PICK(r, democratic);
    } else if (age <= 28) {
        x->p.party = "03";
    } else {
        x->p.party = rng_chance(r, 200) ? "12" : "13";
    }
}

/* An ID number agreeing with the birth date and sex (GB 11643, RULES.md
 * §10); `seq` picks among the 500 sequence numbers of the right parity. */
static void make_id_number(char out[19], const char *address, struct date birth, bool male, int seq)
{
    int sequence = (seq % 500) * 2 + (male ? 1 : 0);
    snprintf(out, 19, "%s%04d%02d%02d%03d", address, birth.year, birth.month, birth.day, sequence);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

static void draw_assessments(struct demo *d, struct draft *x)
{
    struct rng *r = &x->rng;
    /* The probation year is not graded; the first full year is. */
    x->first_grade_year = x->p.work_start_date.year + 1;
    for (int k = 0; k < 5; k++) {
        int year = d->asof.year - 5 + k;
        x->grades[k] = NULL;
        if (year < x->first_grade_year || (x->retired && year >= x->retire.year))
            continue;
        int roll = rng_below(r, 1000);
        const char *g = roll < (x->slot ? 300 : 150) ? "1" : "2";
        if (!x->slot && roll >= 985)
            g = "3";
        if (x->punishment && year == x->punished.year) {
            /* 受处分 that year (2007 考核规定 Art.25): never 优秀; during a
             * 记过 period, 不定等次. */
            g = strcmp(x->punishment, "Z02") == 0 ? "5" : "2";
        }
        x->grades[k] = g;
    }
}

static void draw_punishment(struct demo *d, struct draft *x)
{
    struct rng *r = &x->rng;
    x->punishment = NULL;
    if (x->slot || !rng_chance(r, 25))
        return;
    struct date earliest = date_add_months(x->p.work_start_date, 24);
    struct date six_years = date_add_months(d->asof, -72);
    if (after(six_years, earliest))
        earliest = six_years;
    struct date latest = x->retired ? date_add_months(x->retire, -6) : date_add_months(d->asof, -1);
    int span = date_months_between(earliest, latest);
    if (span <= 0)
        return;
    static const struct weighted kinds[] = {{"Z01", 35}, {"Z02", 15}, {"O01", 35}, {"D01", 15}};
    const char *kind = PICK(r, kinds);
    if (strcmp(kind, "D01") == 0 && strcmp(x->p.party ? x->p.party : "", "01") != 0)
        kind = "Z01";
    struct date when = date_add_months(earliest, rng_below(r, span + 1));
    when.day = rng_range(r, 1, 28);
    if (after(when, d->today))
        when = d->today;
    x->punishment = kind;
    x->punished = when;
    const struct code *c = codes_by_code(codes_table("punishment"), kind);
    x->punished_months = c ? c->months : 12;
}

static int write_punishment(struct demo *d, struct draft *x)
{
    if (!x->punishment)
        return 0;
    static const char *const reasons[] = {"违反工作纪律，工作失职", "违反中央八项规定精神",
                                          "公务接待超标准", "请销假制度执行不严",
                                          "履行职责不力，造成不良影响"};
    bool party = x->punishment[0] == 'D';
    struct punishment_record rec = {
        .person_id = x->p.id,
        .kind = x->punishment,
        .decision_date = x->punished,
        .effect_months = x->punished_months,
        .reason = ONE_OF(&x->rng, reasons),
        .authority = party ? DEPT_NAME "机关纪委" : DEPT_NAME,
        .document_number =
            arena_sprintf(x->a, "%s〔%d〕%d号", party ? DEPT_SHORT "纪" : DEPT_SHORT "人",
                          x->punished.year, rng_range(&x->rng, 1, 60)),
    };
    return demo_write(d, x, &punishment_kind, &rec);
}

static int write_assessments_and_rewards(struct demo *d, struct draft *x)
{
    int run = 0;
    for (int k = 0; k < 5; k++) {
        if (!x->grades[k]) {
            run = 0;
            continue;
        }
        int year = d->asof.year - 5 + k;
        struct assessment_record a = {.person_id = x->p.id, .year = year, .grade = x->grades[k]};
        int rc = demo_write(d, x, &assessment_kind, &a);
        if (rc < 0)
            return rc;
        run = strcmp(x->grades[k], "1") == 0 ? run + 1 : 0;
        if (run == 0)
            continue;
        /* 优秀 brings a 嘉奖 that year; three in a row a 三等功 (考核规定
         * 2020 Art.19, RULES.md §4). Decided in January of the next year. */
        struct reward_record w = {
            .person_id = x->p.id,
            .name = run == 3 ? "记三等功" : "嘉奖",
            .award_date = month_of(year + 1, 1),
            .authority = DEPT_NAME,
            .document_number =
                arena_sprintf(x->a, DEPT_SHORT "人〔%d〕%d号", year + 1, rng_range(&x->rng, 1, 20)),
            .notes = arena_sprintf(x->a, "%d年度考核优秀", year),
        };
        if (run == 3)
            run = 0;
        if ((rc = demo_write(d, x, &reward_kind, &w)) < 0)
            return rc;
    }
    if (x->p.party && strcmp(x->p.party, "01") == 0 && rng_chance(&x->rng, 20)) {
        int year = d->asof.year - rng_range(&x->rng, 1, 5);
        if (year > x->p.party_join_date.year) {
            struct reward_record w = {.person_id = x->p.id,
                                      .name = "优秀共产党员",
                                      .award_date = month_of(year, 6),
                                      .authority = DEPT_NAME "机关党委"};
            return demo_write(d, x, &reward_kind, &w);
        }
    }
    return 0;
}

static const char *family_work(struct rng *r, int age, struct arena *a)
{
    static const char *const jobs[] = {"省人民医院医生",
                                       "市第一中学教师",
                                       "省农业科学院研究人员",
                                       "国网湖南省电力有限公司职员",
                                       "市税务局干部",
                                       "省财政厅干部",
                                       "中国银行湖南省分行职员",
                                       "长沙市雨花区人民法院法官",
                                       "湖南大学教师",
                                       "市自然资源局干部",
                                       "个体经营",
                                       "自由职业",
                                       "市妇幼保健院护士",
                                       "省交通规划勘察设计院工程师"};
    if (age < 3)
        return "";
    if (age < 6)
        return "学龄前";
    if (age < 12)
        return arena_sprintf(a, "长沙市%s小学学生", rng_chance(r, 500) ? "实验" : "育才");
    if (age < 18)
        return arena_sprintf(a, "长沙市第%s中学学生", rng_chance(r, 500) ? "一" : "十一");
    if (age < 23)
        return arena_sprintf(a, "%s学生", ONE_OF(r, universities));
    if (age >= 60)
        return rng_chance(r, 250) ? "务农" : "退休";
    return ONE_OF(r, jobs);
}

static struct date random_day_in_year(struct rng *r, int year)
{
    struct date b = {year, rng_range(r, 1, 12), 0};
    b.day = rng_range(r, 1, date_days_in_month(b.year, b.month));
    return b;
}

/* 2–4 family members with GB/T 4761 relation codes (the member's relation
 * to the cadre): spouse, children, parents. */
static int write_family(struct demo *d, struct draft *x)
{
    struct rng *r = &x->rng;
    struct family_record m[6];
    size_t n = 0;
    int age = date_age(x->p.birth_date, d->asof);
    bool married = age >= 30 ? rng_chance(r, 920) : age >= 26 && rng_chance(r, 500);
    const char *spouse_surname = PICK(r, surnames);
    if (married) {
        int spouse_year =
            x->p.birth_date.year + (x->male ? rng_range(r, 0, 4) : -rng_range(r, 0, 4));
        struct date sb = random_day_in_year(r, spouse_year);
        m[n++] = (struct family_record){
            .relation = x->male ? "12" : "11",
            .name = arena_sprintf(x->a, "%s%s", spouse_surname,
                                  random_given_name(r, !x->male, spouse_year, x->a)),
            .birth_date = sb,
            .party = rng_chance(r, 500) ? "01" : "13",
            .work_unit = family_work(r, date_age(sb, d->asof), x->a),
        };
    }
    int kids = !married || age < 28 ? 0 : rng_chance(r, 620) ? 1 : rng_chance(r, 870) ? 2 : 0;
    const char *father_surname = x->male ? x->surname : spouse_surname;
    bool first_male = rng_chance(r, 520), second_male = rng_chance(r, 520);
    for (int k = 0; k < kids; k++) {
        bool boy = k == 0 ? first_male : second_male;
        int year = x->p.birth_date.year + rng_range(r, 25, 33) + k * rng_range(r, 2, 5);
        if (year > d->asof.year - 1)
            break;
        const char *relation;
        if (kids == 1)
            relation = boy ? "21" : "31"; /* 独生子 / 独生女 */
        else if (first_male == second_male)
            relation = boy ? (k == 0 ? "22" : "23") : (k == 0 ? "32" : "33");
        else
            relation = boy ? "20" : "30";
        struct date cb = random_day_in_year(r, year);
        if (after(cb, d->asof))
            cb = d->asof;
        int child_age = date_age(cb, d->asof);
        m[n++] = (struct family_record){
            .relation = relation,
            .name =
                arena_sprintf(x->a, "%s%s", father_surname, random_given_name(r, boy, 2000, x->a)),
            .birth_date = cb,
            .party = child_age >= 14 && child_age < 28       ? "03"
                     : child_age >= 23 && rng_chance(r, 400) ? "01"
                                                             : "13",
            .work_unit = family_work(r, child_age, x->a),
        };
    }
    for (int k = 0; k < 2 && n < 4; k++) {
        bool father = k == 0;
        int year = x->p.birth_date.year - rng_range(r, 24, 32);
        struct date pb = random_day_in_year(r, year);
        int parent_age = date_age(pb, d->asof);
        bool dead = parent_age > 88 ? rng_chance(r, 800) : parent_age > 75 && rng_chance(r, 300);
        m[n++] = (struct family_record){
            .relation = father ? "51" : "52",
            .name = arena_sprintf(x->a, "%s%s", father ? x->surname : PICK(r, surnames),
                                  random_given_name(r, father, year, x->a)),
            .birth_date = pb,
            .party = rng_chance(r, 350) ? "01" : "13",
            .work_unit = dead ? "" : family_work(r, parent_age, x->a),
            .status = dead ? "已故" : NULL,
        };
    }
    for (size_t i = 0; i < n; i++) {
        m[i].person_id = x->p.id;
        if (m[i].work_unit && !*m[i].work_unit)
            m[i].work_unit = NULL;
        int rc = demo_write(d, x, &family_kind, &m[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int pick_unit(struct demo *d, struct rng *r)
{
    int x = rng_below(r, d->unit_weight_total);
    for (size_t i = 0; i < COUNT(unit_defs); i++) {
        if (i == UNIT_RETIRED)
            continue; /* its staff are generated as retirees' carers below */
        if (x < unit_defs[i].weight)
            return (int)i;
        x -= unit_defs[i].weight;
    }
    return UNIT_PERSONNEL;
}

static const char *professional_title(struct rng *r, int unit, int age)
{
    if (unit_defs[unit].kind[0] != '3' || !rng_chance(r, 400) || age < 28)
        return NULL;
    if (unit == UNIT_INSTITUTE)
        return age >= 45   ? (rng_chance(r, 400) ? "研究员" : "副研究员")
               : age >= 35 ? "副研究员"
                           : "助理研究员";
    static const char *const senior[] = {"高级经济师", "高级工程师", "高级会计师"};
    static const char *const middle[] = {"经济师", "工程师", "会计师", "统计师"};
    return age >= 42 ? ONE_OF(r, senior) : ONE_OF(r, middle);
}

/* Generates and writes person `index`. */
static int demo_person(struct demo *d, size_t index, struct arena *a)
{
    struct draft xd = {.rng = rng_for(d->seed, index), .a = a};
    struct draft *x = &xd;
    struct rng *r = &x->rng;
    x->slot = index < d->nslots ? &d->slots[index] : NULL;
    x->retired = !x->slot && rng_chance(r, 40);
    bool senior = x->slot && x->slot->post_level[0] == '4';
    x->male = rng_chance(r, x->slot ? (senior ? 950 : 750) : 580);
    /* Women lead at 县处级 and 副厅 here; the 厅长 is male so the one-rung
     * ladder to 一级巡视员 fits before retirement at 60. */
    if (x->slot && strcmp(x->slot->post_level, "4A") == 0)
        x->male = true;

    int fast[RANK_BOTTOM];
    size_t nfast = 0;
    struct date first_rank = DATE_NONE;
    if (x->slot) {
        leader_timeline(d, x, fast, &nfast, &first_rank);
    } else {
        draw_age(d, x);
        draw_schooling(d, x);
        first_rank = date_add_months(x->p.work_start_date, 12);
    }
    struct person *p = &x->p;
    p->gender = x->male ? "1" : "2";
    x->surname = PICK(r, surnames);
    p->name =
        arena_sprintf(a, "%s%s", x->surname, random_given_name(r, x->male, p->birth_date.year, a));
    p->ethnicity = PICK(r, ethnicities);
    const struct place *home = random_place(r);
    p->native_place = home->name;
    p->birth_place = rng_chance(r, 850) ? home->name : random_place(r)->name;
    draw_party(d, x);
    p->health = rng_chance(r, 980) ? "健康" : "良好";
    int unit = x->slot ? x->slot->unit : x->retired ? UNIT_RETIRED : pick_unit(d, r);
    /* The 离退休干部处 has staff too: a tenth of the people picked for
     * 机关服务中心 work there instead. */
    if (!x->slot && !x->retired && unit == UNIT_SERVICE && rng_chance(r, 300))
        unit = UNIT_RETIRED;
    p->unit_id = d->unit_ids[unit];
    int age = date_age(p->birth_date, d->asof);
    p->title = professional_title(r, unit, age);
    p->specialty = rng_chance(r, 450) ? ONE_OF(r, specialties) : NULL;
    p->phone = arena_sprintf(a, "1%c%09d", "35789"[rng_below(r, 5)], rng_below(r, 1000000000));
    p->status = x->retired ? "2" : "1";
    char id_number[19];
    int seq = rng_below(r, 500);
    make_id_number(id_number, home->code, p->birth_date, x->male, seq);
    p->id_number = id_number;

    struct field_errors fe;
    field_errors_init(&fe, a);
    if (record_validate(&person_kind, p, d->today, &fe) != 0) {
        fprintf(stderr, "cadre demo: 生成的干部未通过校验（程序错误）: %s %s\n", fe.head->field,
                fe.head->message);
        return ERR_INTERNAL;
    }
    /* Two people may draw the same county, birthday and sequence number;
     * the next sequence numbers of the same parity are tried in turn. */
    int rc;
    for (int tries = 0; (rc = people_insert(d->db, p)) == ERR_CONFLICT && tries < 500; tries++)
        make_id_number(id_number, home->code, p->birth_date, x->male, ++seq);
    if (rc < 0)
        return rc;
    d->people++;
    d->retired += x->retired;
    d->leaders += x->slot != NULL;

    if ((rc = write_education(d, x)) < 0)
        return rc;
    draw_punishment(d, x);
    draw_assessments(d, x);
    struct rung rungs[RANK_BOTTOM + 1];
    size_t nrungs = 0;
    /* Still in the probation year: no rank yet (任职 from its end, §1.8). */
    bool ranked = !after(first_rank, d->asof) && (!x->retired || after(x->retire, first_rank));
    if (ranked) {
        int start = edu_info[x->edu].start_rank;
        int cap = x->slot ? post_rank_cap(&d->ladder, x->slot->post_level) : 2;
        nrungs = climb(d, x, start, first_rank, fast, nfast, cap, rungs);
        const char *grassroots = grassroots_first_rung(d, index, nrungs, a);
        int gap = career_gap_months(d, index, x, rungs, nrungs);
        if ((rc = write_ranks(d, x, rungs, nrungs, grassroots, gap)) < 0)
            return rc;
    }
    if (x->slot) {
        rc = write_leader_posts(d, x, rungs, nrungs);
    } else if (x->retired && nrungs > 0 && rungs[nrungs - 1].order <= 6 && rng_chance(r, 500)) {
        /* Some retirees led a 处室 until they retired. */
        bool head = rungs[nrungs - 1].order <= 4;
        struct date start = reached(rungs, nrungs, head ? 4 : 6);
        rc = write_post(d, x, random_section(r), head ? "5A" : "5B", head, start, x->retire, false,
                        NULL);
    }
    if (rc < 0)
        return rc;
    if ((rc = write_assessments_and_rewards(d, x)) < 0 || (rc = write_punishment(d, x)) < 0)
        return rc;
    return write_family(d, x);
}

/* ---- units, accounts, audit ----------------------------------------- */

static int create_units(struct demo *d)
{
    for (size_t i = 0; i < COUNT(unit_defs); i++) {
        const struct unit_def *u = &unit_defs[i];
        bool root = i == UNIT_ROOT;
        struct unit_establishment est[2] = {
            {root ? "4A" : "5A", u->heads, 0},
            {root ? "4B" : "5B", u->deputies, 0},
        };
        char code[16];
        snprintf(code, sizeof code, "%03zu", i);
        struct unit unit = {
            .parent_id = root ? 0 : d->unit_ids[UNIT_ROOT],
            .name = u->name,
            .kind = u->kind,
            .code = code,
            .sort = (long long)i,
        };
        int rc = units_insert(d->db, &unit, est, 2);
        if (rc < 0)
            return rc;
        d->unit_ids[i] = unit.id;
        if (i != UNIT_RETIRED)
            d->unit_weight_total += u->weight;
        for (int k = 0; k < u->heads_filled; k++)
            d->slots[d->nslots++] = (struct slot){(int)i, root ? "4A" : "5A", true};
    }
    /* Deputies after every principal, so a small --people still has a head
     * in each unit. */
    for (size_t i = 0; i < COUNT(unit_defs); i++)
        for (int k = 0; k < unit_defs[i].deputies_filled; k++)
            d->slots[d->nslots++] = (struct slot){(int)i, i == UNIT_ROOT ? "4B" : "5B", false};
    return 0;
}

/* One demo account per role, so that a newcomer can try each. `unit` (an
 * index into unit_defs, -1 none) scopes the role; `self` links the account
 * to a person in service of that unit (干部本人). */
struct account {
    const char *username, *display_name, *label;
    enum role role;
    int unit;
    bool self;
    char password[17];
    bool created;
    const char *note; /* printed before the password: the unit or the person */
    char person_name[64];
};

/* The 处室 of the demo unit head and of the demo cadre. */
#define DEMO_HEAD_UNIT 4 /* 综合规划处 */

static int create_accounts(struct demo *d, struct account *accounts, size_t n)
{
    struct arena *a = arena_new();
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct user existing;
        struct account *acc = &accounts[i];
        if (accounts_get_by_name(d->db, acc->username, a, &existing) == 0)
            continue;
        passwords_random(acc->password, 16);
        long long id = 0;
        rc = accounts_create(d->db, acc->username, acc->display_name, acc->password, true, -1, &id);
        long long unit_id = acc->unit >= 0 ? d->unit_ids[acc->unit] : 0;
        if (rc == 0)
            rc = accounts_add_role_in(d->db, id, (int)acc->role, acc->self ? 0 : unit_id);
        if (rc == 0 && acc->unit >= 0 && !acc->self)
            acc->note = unit_defs[acc->unit].name;
        if (rc == 0 && acc->self) {
            /* The first cadre in service of the unit. */
            long long person_id = 0;
            rc = people_first_in_unit(d->db, unit_id, &person_id);
            struct person_view v;
            if (rc == 0 && person_id > 0 && (rc = accounts_set_person(d->db, id, person_id)) == 0 &&
                people_get(d->db, person_id, a, &v) == 0 && v.person.name) {
                snprintf(acc->person_name, sizeof acc->person_name, "%s", v.person.name);
                acc->note = acc->person_name;
            }
        }
        if (rc == 0)
            rc = cli_audit(d->db, "user.create", "user", id, NULL);
        acc->created = rc == 0;
    }
    arena_free(a);
    return rc;
}

static int audit_demo(struct demo *d, long long people_wanted)
{
    json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "department", DEPT_NAME, "seed",
                          (json_int_t)d->seed, "people", (json_int_t)people_wanted, "units",
                          (json_int_t)COUNT(unit_defs), "leaders", (json_int_t)d->leaders,
                          "retired", (json_int_t)d->retired, "records", (json_int_t)d->records);
    int rc = cli_audit(d->db, "demo.create", "unit", d->unit_ids[UNIT_ROOT], j);
    json_decref(j);
    return rc;
}

static bool parse_count(const char *s, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int run(struct cli *cli)
{
    long long people = DEMO_DEFAULT_PEOPLE, seed = 1;
    const char *p = cli_value(cli, "people"), *s = cli_value(cli, "seed");
    if ((p && !parse_count(p, DEMO_MAX_PEOPLE, &people)) ||
        (s && !parse_count(s, INT64_MAX, &seed)))
        return cli_usage_error(cli, "参数有误（--people 为 0 到 %d 的整数，--seed 为非负整数）",
                               DEMO_MAX_PEOPLE);
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;

    struct arena *a = arena_new();
    struct unit_node **roots = NULL;
    size_t nroots = 0;
    int rc = units_tree(db, a, &roots, &nroots);
    arena_free(a);
    if (rc == 0 && nroots > 0) {
        fputs("cadre demo: 数据库中已有单位，演示数据只能生成在空数据库中。"
              "请用 --db 指定一个新的数据库文件。\n",
              stderr);
        db_close(db);
        return EXIT_FAIL;
    }

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct demo d = {.db = db, .seed = (uint64_t)seed, .today = cli_today()};
    d.asof = (struct date){d.today.year, 1, 1};
    d.year_end = (struct date){d.today.year, 12, 31};
    if (rc == 0 && (rc = ladder_load(&d.ladder, d.asof)) < 0)
        fputs("cadre demo: 职级表与演示数据的设定不一致（程序错误）\n", stderr);
    struct account accounts[] = {
        {"renshi", "人事干部", "人事干部", ROLE_PERSONNEL, -1, false, "", false, NULL, ""},
        {"admin", "系统管理员", "管理员", ROLE_ADMIN, -1, false, "", false, NULL, ""},
        {"anquan", "安全管理员", "安全管理员", ROLE_SECURITY, -1, false, "", false, NULL, ""},
        {"shenji", "安全审计员", "安全审计员", ROLE_AUDITOR, -1, false, "", false, NULL, ""},
        {"jijian", "纪检干部", "纪检干部", ROLE_DISCIPLINE, -1, false, "", false, NULL, ""},
        {"dangzu", "党组成员", "党组成员", ROLE_PARTY, -1, false, "", false, NULL, ""},
        {"chuzhang", "处室负责人", "处室负责人", ROLE_UNIT_HEAD, DEMO_HEAD_UNIT, false, "", false,
         NULL, ""},
        {"ganbu", "干部本人", "干部本人", ROLE_SELF, DEMO_HEAD_UNIT, true, "", false, NULL, ""},
    };

    bool committed_some = false;
    if (rc == 0)
        rc = db_begin(db);
    if (rc == 0)
        rc = create_units(&d);
    for (long long i = 0; rc == 0 && i < people; i++) {
        a = arena_new();
        rc = demo_person(&d, (size_t)i, a);
        arena_free(a);
        if (rc == 0 && (i + 1) % DEMO_BATCH == 0 && i + 1 < people) {
            rc = db_commit(db);
            committed_some = rc == 0;
            if (rc == 0)
                rc = db_begin(db);
        }
        cli_progress("生成干部", (size_t)i + 1, (size_t)people);
    }
    if (rc == 0)
        rc = create_accounts(&d, accounts, COUNT(accounts));
    if (rc == 0)
        rc = audit_demo(&d, people);
    if (rc == 0)
        rc = db_commit(db);
    if (rc < 0) {
        db_rollback(db);
        fprintf(stderr, "cadre demo: 写入数据库失败（%s）%s\n", err_name(rc),
                committed_some ? "。已分批写入部分数据，请删除该数据库文件后重试"
                               : "，未写入任何数据");
        db_close(db);
        return EXIT_FAIL;
    }
    db_close(db);

    printf("已生成演示数据：%s 及 %zu 个处室、直属单位，干部 %lld 名（其中退休 %lld 名，"
           "领导职务 %lld 名），各类记录 %lld 条；种子 %lld，用时 %.1f 秒。\n",
           DEPT_NAME, COUNT(unit_defs) - 1, d.people, d.retired, d.leaders, d.records, seed,
           seconds_since(&t0));
    for (size_t i = 0; i < COUNT(accounts); i++) {
        if (accounts[i].created && accounts[i].note)
            printf("%s（%s） %s 的一次性密码: %s\n", accounts[i].label, accounts[i].note,
                   accounts[i].username, accounts[i].password);
        else if (accounts[i].created)
            printf("%s %s 的一次性密码: %s\n", accounts[i].label, accounts[i].username,
                   accounts[i].password);
        else
            printf("账号 %s 已存在，未改动。\n", accounts[i].username);
        sodium_memzero(accounts[i].password, sizeof accounts[i].password);
    }
    printf("首次登录后须修改密码；密码只显示这一次。\n");
    return EXIT_OK;
}

const struct command cmd_demo_entry = {
    .name = "demo",
    .summary = "生成演示单位、干部与账号（同一种子生成相同数据）",
    .forms = (const struct cli_form[]){{.options =
                                            (const struct cli_option[]){
                                                {"people", 0, "N", "干部人数（默认 300）"},
                                                {"seed", 0, "S", "随机种子（默认 1）"},
                                                {0},
                                            }},
                                       {0}},
    .about = "在空数据库中生成一个厅（约 15 个处室、5 个直属单位）及 N 名干部（默认 300），\n"
             "并创建管理员 admin 与人事干部 renshi 等账号，打印一次性密码。\n",
    .run = run,
};
