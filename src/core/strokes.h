/* strokes.h — the stroke sequence (笔顺) of a Han character, from Debian's
 * rime-data-stroke (mainland sequences where it has them) compiled in at
 * build time by tools/gen_strokes.py, for the 姓氏笔画 order. */
#ifndef CADRE_STROKES_H
#define CADRE_STROKES_H

/* The most strokes a sequence has (𪚥 has 64). */
#define STROKES_MAX 64

/* Writes the strokes of code point `cp` in writing order as the digits
 * '1'..'5' (横、竖、撇、点、折; 提 counts as 横, 竖钩 as 竖, 捺 as 点, every
 * turning stroke as 折) into `out`, which has room for STROKES_MAX + 1
 * bytes, NUL-terminated. Returns the number of strokes, or 0 (and "") when
 * the sequence of `cp` is unknown. */
int strokes_sequence(unsigned cp, char *out);

#endif
