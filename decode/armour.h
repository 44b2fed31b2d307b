/* armour.h: AIS six-bit payload armour (ITU-R M.1371 / IEC 61162-1 "VDM"
 * encapsulation) <-> message bits packed MSB first into bytes, with fill bits.
 *
 * Armour characters are '0'..'W' (values 0..39) and '`'..'w' (40..63); each
 * carries 6 message bits, most significant first. The fill count (0..5) says
 * how many trailing bits of the last character are padding. The content of the
 * padding bits is not checked (real senders put garbage there). */
#ifndef AISD_ARMOUR_H
#define AISD_ARMOUR_H

#include <stddef.h>
#include <stdint.h>

#define ARMOUR_FILL_MAX 5

/* Value 0..63 of an armour character, or -1 when c is not one. */
int armour_value(unsigned char c);
/* Armour character for a 6-bit value (v & 63). */
char armour_char(unsigned v);

/* Decode len armour characters with fill pad bits into bytes (MSB first,
 * unused trailing bits of the last byte zero). *nbits gets 6*len - fill.
 * Returns 0, AISD_E_FORMAT for a character outside the armour alphabet,
 * AISD_E_RANGE when fill > 5 or fill >= 6*len with len > 0 or fill > 0 with
 * len == 0 (wrong fill bits), AISD_E_NOMEM when max_bytes is too small.
 * len == 0 with fill 0 decodes to 0 bits. Writes exactly (*nbits + 7) / 8
 * bytes, the pad bits of the last one cleared. */
int armour_decode(const char *payload, size_t len, unsigned fill, uint8_t *bytes, size_t max_bytes,
                  size_t *nbits);

/* Encode nbits message bits (MSB first in bytes) as armour into out, which
 * gets ceil(nbits/6) characters and a terminating NUL. *fill (may be NULL)
 * gets the pad bit count (0..5). Returns the number of characters written
 * (without the NUL), or 0 when out (max bytes, NUL included) is too small or
 * nbits is 0. */
size_t armour_encode(const uint8_t *bytes, size_t nbits, char *out, size_t max, unsigned *fill);

#endif
