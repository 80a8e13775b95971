/* pinyin.h — name search and official name-list order from the Unihan data
 * of Debian's unicode-data package (kMandarin, kTotalStrokes), compiled in
 * at build time by tools/gen_unihan.py. */
#ifndef CADRE_PINYIN_H
#define CADRE_PINYIN_H

#include <stddef.h>

/* Writes the toneless lowercase pinyin of every Han character of `utf8`,
 * concatenated ("张三" → "zhangsan"; non-Han ASCII letters and digits are
 * kept lowercased, anything else dropped) into `out` of `size` bytes
 * (truncated, always NUL-terminated). Returns `out`. Uses the first reading
 * of kMandarin, except for the surname: a compound surname (复姓) is read as
 * a whole (万俟 moqi, 长孙 zhangsun, 单于 chanyu, 尉迟 yuchi, 欧阳 ouyang ...)
 * and a 多音字 surname the surname way (曾 zeng, 单 shan, 仇 qiu, 解 xie,
 * 区 ou, 朴 piao, 查 zha, 盖 ge, 尉 wei, 覃 qin, 翟 zhai ...). */
char *pinyin_full(const char *utf8, char *out, size_t size);

/* Same, initials only ("张三" → "zs", "万俟卨" → "mqx"). */
char *pinyin_initials(const char *utf8, char *out, size_t size);

/* The same with the surname's other reading, for surnames read two ways in
 * use (尉迟 weichi, 长孙 changsun, 单于 shanyu, 万俟 wansi, 澹台 dantai, 乐 le,
 * 覃 tan, 查 cha, 翟 di, 盖 gai ...), so that a search finds the person by
 * either; "" when the surname has one reading. Same contract otherwise. */
char *pinyin_full_alternate(const char *utf8, char *out, size_t size);
char *pinyin_initials_alternate(const char *utf8, char *out, size_t size);

/* The version of the readings and of the key format above: a database whose
 * stored name keys were written by another version has them written anew
 * (store/migrate.c). Bump it with any change to a reading or a key. */
#define PINYIN_KEYS_VERSION 2

/* Total strokes of code point `cp` (kTotalStrokes), or 0 if unknown. */
int pinyin_strokes(unsigned cp);

/* Writes a sort key for 姓氏笔画 order: for each character, its stroke count
 * as two digits, its strokes in writing order as the digits 1-5 (横竖撇点折,
 * core/strokes.h; as many '0's when the sequence is unknown and the count
 * is Unihan's), then its code point as six hex digits. Byte order of keys
 * is then the order of official name lists: fewer strokes first, equal
 * counts by the first stroke in the order 横、竖、撇、点、折, then by the
 * second stroke and so on, then by code point, then by the next character.
 * Writes whole characters only into `out` of `size` bytes (NUL-terminated).
 * Returns out. */
char *pinyin_stroke_key(const char *utf8, char *out, size_t size);

#endif
