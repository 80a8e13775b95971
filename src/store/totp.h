/* totp.h — the second login factor (RFC 6238: HMAC-SHA1, 6 digits, 30 s
 * steps, ±1 step): enrolment, verification, removal. Secrets are sealed
 * with the key file (util/secret.h). */
#ifndef CADRE_TOTP_H
#define CADRE_TOTP_H

#include <time.h>

#include "store/db.h"

struct secret_key;

#define TOTP_SECRET_BYTES 20
#define TOTP_DIGITS 6
#define TOTP_STEP_SECONDS 30

/* Starts enrolment: a new random secret, sealed with `key` and kept as
 * pending; its base32 form (no padding) written into `secret_b32` (33
 * bytes; the caller wipes it). ERR_CONFLICT when TOTP is already on. */
int totp_begin(struct db *db, const struct secret_key *key, long long user_id, char secret_b32[33]);

/* Confirms enrolment with a `code` of the pending secret: it becomes the
 * secret, and the user's sessions waiting for TOTP are freed. ERR_CONFLICT
 * when nothing is pending, ERR_INVALID when the code is wrong. */
int totp_confirm(struct db *db, const struct secret_key *key, long long user_id, const char *code,
                 time_t now);

/* Checks a login code: 0 when right and not used before (the step is then
 * remembered), ERR_UNAUTHORIZED otherwise, ERR_UNAVAILABLE without a key. */
int totp_verify(struct db *db, const struct secret_key *key, long long user_id, const char *code,
                time_t now);

/* Removes TOTP (and any pending enrolment) from a user. */
int totp_disable(struct db *db, long long user_id);

#endif
