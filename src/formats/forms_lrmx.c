/* forms_lrmx.c — forms_lrmx_write of forms_lrmx.h. */
#include "formats/forms_lrmx.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

/* The editor writes at most ten family members. */
#define FAMILY_MAX 10

static int element(xmlTextWriterPtr w, const char *tag, const char *text)
{
    return xmlTextWriterWriteElement(w, (const xmlChar *)tag, (const xmlChar *)(text ? text : "")) <
                   0
               ? ERR_IO
               : 0;
}

static int family(xmlTextWriterPtr w, const struct forms_sheet *s)
{
    if (xmlTextWriterStartElement(w, (const xmlChar *)"JiaTingChengYuan") < 0)
        return ERR_IO;
    int rc = 0;
    for (size_t i = 0; i < s->family_count && i < FAMILY_MAX && rc == 0; i++) {
        const struct forms_family_row *m = &s->family[i];
        if (xmlTextWriterStartElement(w, (const xmlChar *)"Item") < 0)
            return ERR_IO;
        if ((rc = element(w, "ChengWei", m->relation)) == 0 &&
            (rc = element(w, "XingMing", m->name)) == 0 &&
            (rc = element(w, "ChuShengRiQi", s->family_birth_ym ? s->family_birth_ym[i] : "")) ==
                0 &&
            (rc = element(w, "ZhengZhiMianMao", m->party)) == 0 &&
            (rc = element(w, "GongZuoDanWeiJiZhiWu", m->work)) == 0 &&
            xmlTextWriterEndElement(w) < 0)
            rc = ERR_IO;
    }
    if (rc == 0 && xmlTextWriterEndElement(w) < 0)
        rc = ERR_IO;
    return rc;
}

static const char *photo_base64(const struct forms_sheet *s, struct arena *a)
{
    if (!s->photo || !s->photo_len)
        return "";
    size_t n = sodium_base64_ENCODED_LEN(s->photo_len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(a, n);
    sodium_bin2base64(b64, n, s->photo, s->photo_len, sodium_base64_VARIANT_ORIGINAL);
    return b64;
}

int forms_lrmx_write(const struct forms_sheet *s, struct arena *a, const char **xml, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        if (buf)
            xmlBufferFree(buf);
        return ERR_IO;
    }
    xmlTextWriterSetIndent(w, 1);
    const struct {
        const char *tag, *text;
    } before_family[] = {
        {"XingMing", s->name},
        {"XingBie", s->gender},
        {"ChuShengNianYue", s->birth_ym},
        {"MinZu", s->ethnicity},
        {"JiGuan", s->native_place},
        {"ChuShengDi", s->birth_place},
        {"RuDangShiJian", s->party_ym},
        {"CanJiaGongZuoShiJian", s->work_ym},
        {"JianKangZhuangKuang", s->health},
        {"ZhuanYeJiShuZhiWu", s->title},
        {"ShuXiZhuanYeYouHeZhuanChang", s->specialty},
        {"QuanRiZhiJiaoYu_XueLi", s->fulltime_education},
        {"QuanRiZhiJiaoYu_XueWei", s->fulltime_degree},
        {"QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", s->fulltime_school},
        {"QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", *s->fulltime_degree ? s->fulltime_school : ""},
        {"ZaiZhiJiaoYu_XueLi", s->inservice_education},
        {"ZaiZhiJiaoYu_XueWei", s->inservice_degree},
        {"ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", s->inservice_school},
        {"ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", *s->inservice_degree ? s->inservice_school : ""},
        {"XianRenZhiWu", s->current_post},
        {"NiRenZhiWu", s->proposed_post},
        {"NiMianZhiWu", s->removed_post},
        {"JianLi", s->resume},
        {"JiangChengQingKuang", s->rewards},
        {"NianDuKaoHeJieGuo", s->assessments},
        {"RenMianLiYou", s->reason},
    };
    const struct {
        const char *tag, *text;
    } after_family[] = {
        {"ChengBaoDanWei", s->reporting_unit}, {"JiSuanNianLingShiJian", s->age_day_ymd},
        {"TianBiaoShiJian", s->age_day_ymd},   {"TianBiaoRen", ""},
        {"ShenFenZheng", s->id_number},        {"ZhaoPian", photo_base64(s, a)},
        {"Version", FORMS_LRMX_VERSION},
    };
    int rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
                     xmlTextWriterStartElement(w, (const xmlChar *)"Person") < 0
                 ? ERR_IO
                 : 0;
    for (size_t i = 0; rc == 0 && i < sizeof before_family / sizeof *before_family; i++)
        rc = element(w, before_family[i].tag, before_family[i].text);
    if (rc == 0)
        rc = family(w, s);
    for (size_t i = 0; rc == 0 && i < sizeof after_family / sizeof *after_family; i++)
        rc = element(w, after_family[i].tag, after_family[i].text);
    if (rc == 0 && (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndDocument(w) < 0))
        rc = ERR_IO;
    xmlFreeTextWriter(w);
    if (rc == 0) {
        *len = (size_t)xmlBufferLength(buf);
        char *copy = arena_alloc(a, *len + 1);
        memcpy(copy, xmlBufferContent(buf), *len);
        copy[*len] = '\0';
        *xml = copy;
    }
    xmlBufferFree(buf);
    return rc;
}
