/* msg_plausible.h: field plausibility of a decoded AIS message, for frames
 * that only pass the CRC after correction. A corrected candidate that is not
 * the transmitted frame passes the CRC with probability 2^-16; its fields are
 * then random bits, and ranges that real messages keep (positions within
 * +-181/91 degrees, course <= 360, heading < 360 or 511, time fields in range,
 * spare bits zero, a nonzero MMSI below 10^9) reject most of those, a further
 * factor of about 1/30 for types 1-3; for type 5 the time fields and its text
 * (call sign, name, destination: letters, digits, space, & ' ( ) , - . / >,
 * '@' only as trailing padding). Frames that pass the CRC uncorrected are
 * never checked against this. */
#ifndef AISD_MSG_PLAUSIBLE_H
#define AISD_MSG_PLAUSIBLE_H

#include <stddef.h>
#include <stdint.h>

/* 1 if the message (bytes MSB first, nbits bits, type in the first 6) is
 * plausible, 0 if a field is out of its range or the type has no check. */
int msg_plausible(const uint8_t *bytes, size_t nbits);

#endif
