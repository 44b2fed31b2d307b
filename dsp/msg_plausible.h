/* msg_plausible.h: field plausibility of a decoded AIS message, for frames
 * that only pass the CRC after correction. A corrected candidate that is not
 * the transmitted frame passes the CRC with probability 2^-16; its fields are
 * then random bits, and ranges that real messages keep (positions within
 * +-181/91 degrees, course <= 360, heading < 360 or 511, time fields in range,
 * spare bits zero, a nonzero MMSI below 10^9) reject most of those, a further
 * factor of about 1/30 for types 1-3. Frames that pass the CRC uncorrected are
 * never checked against this. */
#ifndef AISD_MSG_PLAUSIBLE_H
#define AISD_MSG_PLAUSIBLE_H

#include <stddef.h>
#include <stdint.h>

/* 1 if the message (bytes MSB first, nbits bits, type in the first 6) is
 * plausible, 0 if a field is out of its range or the type has no check. */
int msg_plausible(const uint8_t *bytes, size_t nbits);

/* 1 unless the message is a type 5 whose text (call sign, name, destination)
 * holds a character names and destinations do not use: they are letters,
 * digits, space and & ' ( ) , - . / >, with '@' only as padding at the end.
 * Kept apart from msg_plausible: dsp/crc_fix spends the candidates this
 * refuses on less likely error patterns (see crc_fix_config.score_extra). */
int msg_text_plausible(const uint8_t *bytes, size_t nbits);

/* 0 when msg_plausible and msg_text_plausible both pass; otherwise 1 with
 * the message bits [*first, *first + *count) of the first field found out of
 * range (the type field when the type or length is wrong): a frame decided
 * with symbol errors that fails a check has one of them there, which
 * dsp/crc_fix's localised search uses. */
int msg_implausible_bits(const uint8_t *bytes, size_t nbits, unsigned *first, unsigned *count);

#endif
