/* mask.h — sensitive values (ID numbers, phone numbers) as roles without
 * PERM_SENSITIVE_READ see them: one rule each, for the API, the audit log
 * and every export alike. */
#ifndef CADRE_MASK_H
#define CADRE_MASK_H

/* Size of the buffer the functions below write into. */
#define MASK_MAX 64

/* Writes a phone number with its middle hidden, the usual Chinese form,
 * into `out`: 11 or more characters keep the first three and the last four
 * ("138****5678", "010*****5678"); 8 to 10 keep the last four only
 * ("****5678": a local landline would otherwise show seven of its eight
 * digits); shorter ones, longer than MASK_MAX - 1, and text that is not
 * plain ASCII (a note typed into the field) are hidden whole as "****", so
 * neither digits nor broken UTF-8 leak. NULL for NULL, else out. */
const char *mask_phone(const char *phone, char out[MASK_MAX]);

/* Writes an ID number as idnum_mask does ("1101**********1234"; any other
 * length hidden whole, at most 18 characters) into `out`. NULL for NULL,
 * else out. */
const char *mask_id_number(const char *number, char out[MASK_MAX]);

#endif
