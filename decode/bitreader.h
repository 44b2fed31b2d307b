/* bitreader.h: field extraction from an AIS message held MSB first in bytes:
 * unsigned and two's-complement signed fields of up to 64 bits, and six-bit
 * ASCII text with gpsd's exact stop-at-'@' and right-trimming rules.
 * Bits at or past nbits read as zero, so any (pos, width) is safe to ask for:
 * a short message never reads out of bounds. Allocation-free, stateless. */
#ifndef AISD_BITREADER_H
#define AISD_BITREADER_H

#include <stddef.h>
#include <stdint.h>

struct bitreader {
    const uint8_t *bytes; /* message bits, MSB first: bit i = bytes[i/8] >> (7 - i%8) */
    size_t nbits;         /* valid bits; reads beyond are zero */
};

/* width 0..64 bits from bit pos, as unsigned. */
uint64_t bitreader_u(const struct bitreader *br, size_t pos, unsigned width);
/* width 1..64 bits from bit pos, sign-extended from the field's top bit. */
int64_t bitreader_s(const struct bitreader *br, size_t pos, unsigned width);

/* Up to count six-bit characters from pos into out (capacity outsz >= 1,
 * always NUL-terminated), stopping at the first '@' (value 0) like gpsd.
 * Returns the number of characters stored. Not trimmed. */
size_t bitreader_text_raw(const struct bitreader *br, size_t pos, size_t count, char *out,
                          size_t outsz);
/* Remove trailing spaces and '@' from a NUL-terminated string in place. */
void bitreader_trim(char *s);
/* bitreader_text_raw then bitreader_trim: gpsd's from_sixbit(). */
size_t bitreader_text(const struct bitreader *br, size_t pos, size_t count, char *out,
                      size_t outsz);

/* The six-bit character set: value 0..63 -> ASCII ('@', 'A'..'Z', ... '?'). */
extern const char bitreader_sixchr[64];

#endif
