/* unihan_data.h — the tables tools/gen_unihan.py generates from Unihan for
 * core/pinyin.c (internal: nothing else includes this). */
#ifndef CADRE_UNIHAN_DATA_H
#define CADRE_UNIHAN_DATA_H

#include <stddef.h>
#include <stdint.h>

/* Every code point from `first` to `first + count - 1` has data at index
 * `offset + (cp - first)` of the strings below. Ranges are sorted and
 * disjoint; code points inside a range may still have no data. */
struct unihan_range {
    uint32_t first;
    uint32_t count;
    uint32_t offset;
};

/* The digits of the data strings are printable bytes: digit = byte - ' '
 * (0..94), so the generated literal is plain text. */
#define UNIHAN_BYTE_BASE 0x20
#define UNIHAN_BYTE_RADIX 95

extern const struct unihan_range unihan_ranges[];
extern const size_t unihan_range_count;

/* Toneless syllables ("a" ... "zuo", ü as v), sorted; [0] is "" (no reading). */
extern const char *const unihan_syllables[];
extern const size_t unihan_syllable_count;

/* One digit per code point: kTotalStrokes (first value), 0 = unknown. */
extern const char unihan_strokes[];

/* Two digits per code point, high first: index into unihan_syllables of the
 * first kMandarin reading, 0 = none. */
extern const char unihan_readings[];

#endif
