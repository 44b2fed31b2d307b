/* ais_encode.h: typed AIS message (decode/ais_msg.h) -> message bits, the
 * inverse of ais_decode for the types the simulators transmit: 1, 2, 3
 * (position), 4 and 11 (base station), 5 (static and voyage), 18 and 19 (class
 * B), 21 (aid to navigation, name extension included), 24 part A or B (class B
 * static), 27 (long range). Bits are packed MSB first per ITU-R M.1371, text as
 * six-bit ASCII padded with '@'; the message is zero padded to whole bytes. */
#ifndef AISD_AIS_ENCODE_H
#define AISD_AIS_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "decode/ais_msg.h"
#include "decode/frame.h"

/* Encode m into bytes (max_bytes); *nbits gets the message length in bits
 * before byte padding (e.g. 168 for type 1). Returns 0, AISD_E_INVAL (NULL, or
 * type 24 with part AIS_T24_BOTH), AISD_E_UNSUPPORTED (another type),
 * AISD_E_RANGE (max_bytes too small). Field values are masked to their width. */
int ais_encode_bits(const struct ais_msg *m, uint8_t *bytes, size_t max_bytes, size_t *nbits);

/* Encode m as a link-layer frame (whole bytes). Same returns. */
int ais_encode(const struct ais_msg *m, struct ais_frame *f);

/* Six-bit value of a text character ('@'..'_' -> 0..31, ' '..'?' -> 32..63;
 * lower case folded to upper case, anything else -> '?'). */
unsigned ais_encode_sixbit(char c);

#endif
