/* idnum.h — the citizen identity number of GB 11643-1999 (RULES.md §10). */
#ifndef CADRE_IDNUM_H
#define CADRE_IDNUM_H

#include "core/date.h"

/* What a valid number says about its holder. */
struct idnum_info {
    char number[19]; /* the 18-character form, check digit uppercased */
    struct date birth;
    int sex; /* 1 male, 2 female: the GB/T 2261.1 code */
};

/* Why a number is rejected. */
enum idnum_problem {
    IDNUM_OK = 0,
    IDNUM_LENGTH,     /* not 18 (or legacy 15) characters */
    IDNUM_CHARACTERS, /* not digits + final digit or X */
    IDNUM_DATE,       /* the birth date is not a real date, or is after `today` */
    IDNUM_CHECKSUM,   /* the ISO 7064 MOD 11-2 check character is wrong */
};

/* Checks `s` (18 characters, or a legacy 15 that is upgraded by inserting
 * "19" and computing the check digit; a lowercase x is accepted) against
 * GB 11643 on `today`. Returns IDNUM_OK and fills `*info`, or the problem. */
enum idnum_problem idnum_check(const char *s, struct date today, struct idnum_info *info);

/* A Chinese sentence for `p` ("身份证号校验位错误" ...), for field messages. */
const char *idnum_problem_message(enum idnum_problem p);

/* The check character ('0'..'9' or 'X') for the first 17 digits of `s`. */
char idnum_check_char(const char *first17);

/* Writes the masked form "1101**********1234" (first 4, last 4) into `out`
 * (>= 19 bytes). Shorter input is masked whole. Returns out. */
char *idnum_mask(const char *number, char *out);

#endif
