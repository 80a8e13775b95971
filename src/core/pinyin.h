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
 * of kMandarin; 多音字 surnames (曾 zeng, 单 shan, 仇 qiu, 解 xie, 区 ou, 朴 piao,
 * 查 zha, 盖 ge, 任 ren, 华 hua, 乐 yue, 尉 yu, 万 wan ...) use the surname
 * reading for the first character. */
char *pinyin_full(const char *utf8, char *out, size_t size);

/* Same, initials only ("张三" → "zs"). */
char *pinyin_initials(const char *utf8, char *out, size_t size);

/* Total strokes of code point `cp` (kTotalStrokes), or 0 if unknown. */
int pinyin_strokes(unsigned cp);

/* Writes a sort key for 姓氏笔画 order: for each character, its stroke count
 * as two digits then its code point as six hex digits, so that byte order
 * of keys is stroke order (fewer strokes first, ties by code point, then by
 * the next character). Writes into `out` of `size` bytes. Returns out. */
char *pinyin_stroke_key(const char *utf8, char *out, size_t size);

#endif
