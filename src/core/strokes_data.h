/* strokes_data.h — the tables tools/gen_strokes.py generates from
 * rime-stroke's stroke.dict.yaml for core/strokes.c (internal: nothing else
 * includes this). */
#ifndef CADRE_STROKES_DATA_H
#define CADRE_STROKES_DATA_H

#include <stddef.h>
#include <stdint.h>

/* Code points `first` .. `first + count - 1` have entries in strokes_data,
 * one after another; the entry of `first + k * STROKES_BLOCK` starts at
 * strokes_data[strokes_blocks[block + k]]. Ranges are sorted and disjoint. */
struct strokes_range {
    uint32_t first;
    uint32_t count;
    uint32_t block;
};

#define STROKES_BLOCK 32
#define STROKES_BYTE_BASE 0x20

extern const struct strokes_range strokes_ranges[];
extern const size_t strokes_range_count;
extern const uint32_t strokes_blocks[];

/* Per code point: a byte BASE + n (n strokes, 0 = unknown), then
 * (n + 1) / 2 bytes BASE + (a - 1) * 5 + (b - 1) for the strokes a, b in
 * 1..5 (横竖撇点折), two to a byte; an odd last stroke has b = 1. */
extern const char strokes_data[];

#endif
