/* codes.c — the national code tables and their common aliases, as static
 * data a reviewer can check line by line against the standards. */
#include "core/codes.h"

#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* 性别 GB/T 2261.1-2003. */
static const struct code gender[] = {
    {"0", "未知的性别"},
    {"1", "男"},
    {"2", "女"},
    {"9", "未说明的性别"},
};

/* 民族 GB/T 3304-1991 (codes in the standard's order, then 97/98). */
static const struct code ethnicity[] = {
    {"01", "汉族"},       {"02", "蒙古族"},
    {"03", "回族"},       {"04", "藏族"},
    {"05", "维吾尔族"},   {"06", "苗族"},
    {"07", "彝族"},       {"08", "壮族"},
    {"09", "布依族"},     {"10", "朝鲜族"},
    {"11", "满族"},       {"12", "侗族"},
    {"13", "瑶族"},       {"14", "白族"},
    {"15", "土家族"},     {"16", "哈尼族"},
    {"17", "哈萨克族"},   {"18", "傣族"},
    {"19", "黎族"},       {"20", "傈僳族"},
    {"21", "佤族"},       {"22", "畲族"},
    {"23", "高山族"},     {"24", "拉祜族"},
    {"25", "水族"},       {"26", "东乡族"},
    {"27", "纳西族"},     {"28", "景颇族"},
    {"29", "柯尔克孜族"}, {"30", "土族"},
    {"31", "达斡尔族"},   {"32", "仫佬族"},
    {"33", "羌族"},       {"34", "布朗族"},
    {"35", "撒拉族"},     {"36", "毛南族"},
    {"37", "仡佬族"},     {"38", "锡伯族"},
    {"39", "阿昌族"},     {"40", "普米族"},
    {"41", "塔吉克族"},   {"42", "怒族"},
    {"43", "乌孜别克族"}, {"44", "俄罗斯族"},
    {"45", "鄂温克族"},   {"46", "德昂族"},
    {"47", "保安族"},     {"48", "裕固族"},
    {"49", "京族"},       {"50", "塔塔尔族"},
    {"51", "独龙族"},     {"52", "鄂伦春族"},
    {"53", "赫哲族"},     {"54", "门巴族"},
    {"55", "珞巴族"},     {"56", "基诺族"},
    {"97", "其他"},       {"98", "外国血统中国籍人士"},
};

/* 政治面貌 GB/T 4762-1984 (labels in the short form forms use). */
static const struct code party[] = {
    {"01", "中共党员"},   {"02", "中共预备党员"}, {"03", "共青团员"}, {"04", "民革党员"},
    {"05", "民盟盟员"},   {"06", "民建会员"},     {"07", "民进会员"}, {"08", "农工党党员"},
    {"09", "致公党党员"}, {"10", "九三学社社员"}, {"11", "台盟盟员"}, {"12", "无党派人士"},
    {"13", "群众"},
};

/* 家庭关系 GB/T 4761-2008: the first digit is the group (x0 names the group
 * itself), 01/02 are the person and the household head. */
static const struct code relation[] = {
    {"01", "本人"},
    {"02", "户主"},
    {"10", "配偶"},
    {"11", "夫"},
    {"12", "妻"},
    {"20", "子"},
    {"21", "独生子"},
    {"22", "长子"},
    {"23", "次子"},
    {"24", "三子"},
    {"25", "四子"},
    {"26", "五子"},
    {"27", "养子或继子"},
    {"28", "女婿"},
    {"29", "其他儿子"},
    {"30", "女"},
    {"31", "独生女"},
    {"32", "长女"},
    {"33", "次女"},
    {"34", "三女"},
    {"35", "四女"},
    {"36", "五女"},
    {"37", "养女或继女"},
    {"38", "儿媳"},
    {"39", "其他女儿"},
    {"40", "孙子、孙女或外孙子、外孙女"},
    {"41", "孙子"},
    {"42", "孙女"},
    {"43", "外孙子"},
    {"44", "外孙女"},
    {"45", "孙媳妇或外孙媳妇"},
    {"46", "孙女婿或外孙女婿"},
    {"47", "曾孙子或外曾孙子"},
    {"48", "曾孙女或外曾孙女"},
    {"49", "其他孙子、孙女或外孙子、外孙女"},
    {"50", "父母"},
    {"51", "父亲"},
    {"52", "母亲"},
    {"53", "公公"},
    {"54", "婆婆"},
    {"55", "岳父"},
    {"56", "岳母"},
    {"57", "继父或养父"},
    {"58", "继母或养母"},
    {"59", "其他父母关系"},
    {"60", "祖父母或外祖父母"},
    {"61", "祖父"},
    {"62", "祖母"},
    {"63", "外祖父"},
    {"64", "外祖母"},
    {"65", "配偶的祖父母或外祖父母"},
    {"66", "曾祖父"},
    {"67", "曾祖母"},
    {"68", "配偶的曾祖父母或外曾祖父母"},
    {"69", "其他祖父母或外祖父母关系"},
    {"70", "兄弟姐妹"},
    {"71", "兄"},
    {"72", "嫂"},
    {"73", "弟"},
    {"74", "弟媳"},
    {"75", "姐姐"},
    {"76", "姐夫"},
    {"77", "妹妹"},
    {"78", "妹夫"},
    {"79", "其他兄弟姐妹"},
    {"80", "其他"},
    {"81", "伯父"},
    {"82", "伯母"},
    {"83", "叔父"},
    {"84", "婶母"},
    {"85", "舅父"},
    {"86", "舅母"},
    {"87", "姨父"},
    {"88", "姨母"},
    {"89", "姑父"},
    {"90", "姑母"},
    {"91", "堂兄弟、堂姐妹"},
    {"92", "表兄弟、表姐妹"},
    {"93", "侄子"},
    {"94", "侄女"},
    {"95", "外甥"},
    {"96", "外甥女"},
    {"97", "其他亲属"},
    {"99", "非亲属"},
};

/* 学历 GB/T 4658-2006, the "毕业" code of each level; order 1 = highest. */
static const struct code education[] = {
    {"11", "博士研究生", 1}, {"14", "硕士研究生", 2}, {"21", "大学本科", 3},
    {"31", "大学专科", 4},   {"41", "中等专科", 5},   {"61", "高中", 6},
    {"71", "初中", 7},       {"81", "小学", 8},       {"90", "其他", 9},
};

/* 学位 GB/T 6864-2003, the level digit; order 1 = highest. */
static const struct code degree[] = {
    {"2", "博士", 1},
    {"3", "硕士", 2},
    {"4", "学士", 3},
};

/* 职务层次 GB/T 12407-2008; order 1 = highest (公务员法 Art.18). */
static const struct code post_level[] = {
    {"1A", "国家级正职", 1},  {"1B", "国家级副职", 2}, {"2A", "省部级正职", 3},
    {"2B", "省部级副职", 4},  {"4A", "厅局级正职", 5}, {"4B", "厅局级副职", 6},
    {"5A", "县处级正职", 7},  {"5B", "县处级副职", 8}, {"6A", "乡科级正职", 9},
    {"6B", "乡科级副职", 10},
};

/* 职级 (公务员法 Art.19; 职务与职级并行规定). `category` is the post level
 * it is usually equated with (RULES.md §1.2, "usual equivalence" — how
 * offices speak, not a rule of the regulation); 科员 ranks have none. */
static const struct code rank[] = {
    {"01", "一级巡视员", 1, "4A"},   {"02", "二级巡视员", 2, "4B"},
    {"03", "一级调研员", 3, "5A"},   {"04", "二级调研员", 4, "5A"},
    {"05", "三级调研员", 5, "5B"},   {"06", "四级调研员", 6, "5B"},
    {"07", "一级主任科员", 7, "6A"}, {"08", "二级主任科员", 8, "6A"},
    {"09", "三级主任科员", 9, "6B"}, {"10", "四级主任科员", 10, "6B"},
    {"11", "一级科员", 11, NULL},    {"12", "二级科员", 12, NULL},
};

/* 年度考核等次 (公务员法 Art.38; 不定等次 per 考核规定, RULES.md §4). */
static const struct code grade[] = {
    {"1", "优秀", 1}, {"2", "称职", 2}, {"3", "基本称职", 3}, {"4", "不称职", 4}, {"5", "不定等次"},
};

#define ZW "政务处分"
#define DJ "党纪处分"
#define ZZ "组织处理"
#define ZW_SRC "《公务员法》第六十四条；《政务处分法》第八条"
#define DJ_SRC "《中国共产党纪律处分条例》第九条至第十二条"
#define ZZ_SRC "《中国共产党组织处理规定（试行）》（2021）（期限待核实）"

/* 处分与组织处理 with the default effect period in months (RULES.md §3);
 * several punishments at once and a new one during a period are the
 * engine's business, not the table's. */
static const struct code punishment[] = {
    {"Z01", "警告", 0, ZW, 6, ZW_SRC},
    {"Z02", "记过", 0, ZW, 12, ZW_SRC},
    {"Z03", "记大过", 0, ZW, 18, ZW_SRC},
    {"Z04", "降级", 0, ZW, 24, ZW_SRC},
    {"Z05", "撤职", 0, ZW, 24, ZW_SRC},
    /* No period: dismissal ends the employment (《公务员法》第六十二条). */
    {"Z06", "开除", 0, ZW, 0, "《公务员法》第六十二条；《政务处分法》第七条"},
    {"D01", "党内警告", 0, DJ, 12, DJ_SRC},
    {"D02", "党内严重警告", 0, DJ, 18, DJ_SRC},
    {"D03", "撤销党内职务", 0, DJ, 24, DJ_SRC},
    /* 察看 of one or two years, then two years without an equal or higher
     * post: 36 assumes a one-year 察看; the real period is 察看 + 24. */
    {"D04", "留党察看", 0, DJ, 36, DJ_SRC "（期限为察看期加二十四个月，默认按察看一年计）"},
    {"D05", "开除党籍", 0, DJ, 60, DJ_SRC},
    {"O01", "诫勉", 0, ZZ, 6,
     "《中国共产党组织处理规定（试行）》（2021）；诫勉有关规定（期限待核实）"},
    {"O02", "调离岗位", 0, ZZ, 12, ZZ_SRC},
    {"O03", "责令辞职", 0, ZZ, 24, ZZ_SRC},
    {"O04", "免职", 0, ZZ, 24, ZZ_SRC},
    {"O05", "降职", 0, ZZ, 24, ZZ_SRC},
};

/* 单位类别 (cadre's own). */
static const struct code unit_kind[] = {
    {"1", "机关"}, {"2", "内设机构（处室）"}, {"3", "直属单位"}, {"4", "派出机构"}, {"9", "其他"},
};

/* 单位的回避职能 (cadre's own): the work 公务员法 Art.74 names, where a
 * relative of one of the organ's leaders may not serve. A unit without one
 * has none. core/qualify.c matches the labels. */
static const struct code unit_function[] = {
    {"1", "组织"}, {"2", "人事"}, {"3", "纪检"}, {"4", "监察"}, {"5", "审计"}, {"6", "财务"},
};

/* 人员状态 (cadre's own). */
static const struct code person_status[] = {
    {"1", "在职"}, {"2", "退休"}, {"3", "调出"}, {"4", "辞职/辞退"}, {"5", "去世"}, {"9", "其他"},
};

#define TABLE(name, title, standard)                                                               \
    {                                                                                              \
#name, title, standard, name, COUNT(name)                                                  \
    }

static const struct code_table tables[] = {
    TABLE(gender, "性别", "GB/T 2261.1-2003"),
    TABLE(ethnicity, "民族", "GB/T 3304-1991"),
    TABLE(party, "政治面貌", "GB/T 4762-1984"),
    TABLE(relation, "家庭关系", "GB/T 4761-2008"),
    TABLE(education, "学历", "GB/T 4658-2006"),
    TABLE(degree, "学位", "GB/T 6864-2003"),
    TABLE(post_level, "职务层次", "GB/T 12407-2008"),
    TABLE(rank, "职级", ""),
    TABLE(grade, "年度考核等次", ""),
    TABLE(punishment, "处分与组织处理", ""),
    TABLE(unit_kind, "单位类别", ""),
    TABLE(person_status, "人员状态", ""),
    TABLE(unit_function, "回避职能", "公务员法第七十四条"),
};

/* What people type instead of the label: { table, alias, code }. Every
 * ethnicity is also found without its trailing 族 (see codes_find). */
static const struct {
    const char *table;
    const char *alias;
    const char *code;
} aliases[] = {
    {"gender", "男性", "1"},
    {"gender", "女性", "2"},
    {"party", "党员", "01"},
    {"party", "中国共产党党员", "01"},
    {"party", "预备党员", "02"},
    {"party", "中国共产党预备党员", "02"},
    {"party", "团员", "03"},
    {"party", "中国共产主义青年团团员", "03"},
    {"party", "无党派民主人士", "12"},
    {"relation", "丈夫", "11"},
    {"relation", "老公", "11"},
    {"relation", "妻子", "12"},
    {"relation", "老婆", "12"},
    {"relation", "爱人", "10"},
    {"relation", "儿子", "20"},
    {"relation", "女儿", "30"},
    {"relation", "爸爸", "51"},
    {"relation", "妈妈", "52"},
    {"relation", "爷爷", "61"},
    {"relation", "奶奶", "62"},
    {"relation", "外公", "63"},
    {"relation", "姥爷", "63"},
    {"relation", "父", "51"},
    {"relation", "母", "52"},
    {"relation", "哥哥", "71"},
    {"relation", "弟弟", "73"},
    {"relation", "姐", "75"},
    {"relation", "妹", "77"},
    {"education", "研究生", "14"},
    {"education", "研究生（博士）", "11"},
    {"education", "研究生(博士)", "11"},
    {"education", "研究生（硕士）", "14"},
    {"education", "研究生(硕士)", "14"},
    {"education", "本科", "21"},
    {"education", "大学", "21"},
    {"education", "大专", "31"},
    {"education", "专科", "31"},
    {"education", "中专", "41"},
    {"education", "中等专业学校", "41"},
    {"education", "普通高中", "61"},
    {"degree", "博士学位", "2"},
    {"degree", "硕士学位", "3"},
    {"degree", "学士学位", "4"},
    {"post_level", "正部级", "2A"},
    {"post_level", "副部级", "2B"},
    {"post_level", "正厅级", "4A"},
    {"post_level", "副厅级", "4B"},
    {"post_level", "正处级", "5A"},
    {"post_level", "副处级", "5B"},
    {"post_level", "正科级", "6A"},
    {"post_level", "副科级", "6B"},
    {"punishment", "严重警告", "D02"},
    {"punishment", "开除公职", "Z06"},
    {"unit_kind", "内设机构", "2"},
    {"unit_kind", "内设机构(处室)", "2"},
    {"unit_kind", "处室", "2"},
    {"person_status", "辞职", "4"},
    {"person_status", "辞退", "4"},
    {"person_status", "死亡", "5"},
};

const struct code_table *codes_tables(size_t *count)
{
    if (count != NULL)
        *count = COUNT(tables);
    return tables;
}

const struct code_table *codes_table(const char *name)
{
    if (name == NULL)
        return NULL;
    /* First bytes before strcmp: the 资格名单 looks codes up millions of times. */
    for (size_t i = 0; i < COUNT(tables); i++)
        if (tables[i].name[0] == name[0] && strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

const struct code *codes_by_code(const struct code_table *t, const char *code)
{
    if (t == NULL || code == NULL)
        return NULL;
    for (size_t i = 0; i < t->count; i++)
        if (t->codes[i].code[0] == code[0] && strcmp(t->codes[i].code, code) == 0)
            return &t->codes[i];
    return NULL;
}

/* True when `s` equals the `len` bytes at `text`. */
static int equals(const char *s, const char *text, size_t len)
{
    return strlen(s) == len && memcmp(s, text, len) == 0;
}

/* Moves `*text`/`*len` past leading and trailing ASCII white space and
 * ideographic spaces (U+3000, what a Chinese IME types). */
static void trim(const char **text, size_t *len)
{
    static const char ideographic_space[] = "\xE3\x80\x80";
    for (;;) {
        if (*len > 0 && strchr(" \t\r\n", **text) != NULL) {
            (*text)++, (*len)--;
        } else if (*len >= 3 && memcmp(*text, ideographic_space, 3) == 0) {
            *text += 3, *len -= 3;
        } else if (*len > 0 && strchr(" \t\r\n", (*text)[*len - 1]) != NULL) {
            (*len)--;
        } else if (*len >= 3 && memcmp(*text + *len - 3, ideographic_space, 3) == 0) {
            *len -= 3;
        } else {
            return;
        }
    }
}

const struct code *codes_find(const struct code_table *t, const char *code_or_label)
{
    if (t == NULL || code_or_label == NULL)
        return NULL;
    const char *text = code_or_label;
    size_t len = strlen(text);
    trim(&text, &len);
    if (len == 0)
        return NULL;

    /* Codes are ASCII; "1a" or "z01" from a spreadsheet mean "1A", "Z01". */
    for (size_t i = 0; i < t->count; i++)
        if (strlen(t->codes[i].code) == len && strncasecmp(t->codes[i].code, text, len) == 0)
            return &t->codes[i];
    for (size_t i = 0; i < t->count; i++)
        if (equals(t->codes[i].label, text, len))
            return &t->codes[i];
    for (size_t i = 0; i < COUNT(aliases); i++)
        if (strcmp(aliases[i].table, t->name) == 0 && equals(aliases[i].alias, text, len))
            return codes_by_code(t, aliases[i].code);

    /* "汉", "蒙古", "维吾尔": an ethnicity is often written without 族. */
    static const char zu[] = "族";
    if (strcmp(t->name, "ethnicity") == 0) {
        for (size_t i = 0; i < t->count; i++) {
            const char *label = t->codes[i].label;
            size_t label_len = strlen(label);
            if (label_len == len + strlen(zu) && memcmp(label, text, len) == 0 &&
                strcmp(label + len, zu) == 0)
                return &t->codes[i];
        }
    }
    return NULL;
}

size_t codes_aliases(const struct code_table *t, const char *code, const char **out, size_t max)
{
    size_t n = 0;
    if (t == NULL || code == NULL)
        return 0;
    for (size_t i = 0; i < COUNT(aliases) && n < max; i++)
        if (strcmp(aliases[i].table, t->name) == 0 && strcmp(aliases[i].code, code) == 0)
            out[n++] = aliases[i].alias;
    return n;
}

const char *codes_label(const char *name, const char *code)
{
    const struct code *c = codes_by_code(codes_table(name), code);
    return c == NULL ? NULL : c->label;
}
