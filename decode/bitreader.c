/* bitreader.c: see bitreader.h. Reads are bounds-checked per byte, so fields
 * that straddle or pass the end of the message read zeros there. */
#include "decode/bitreader.h"

#include <string.h>

const char bitreader_sixchr[64] =
    "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

uint64_t bitreader_u(const struct bitreader *br, size_t pos, unsigned width)
{
    if (width == 0) return 0;
    if (width > 64) width = 64;
    size_t end = pos + width; /* exclusive */
    size_t nbits = br->nbits;
    size_t first = pos >> 3;
    size_t last = (end - 1) >> 3; /* last byte touched */
    size_t nbytes = (nbits + 7) >> 3;
    /* Accumulate bytes first..last (at most 9) into a 128-bit-ish pair. */
    uint64_t hi = 0, lo = 0; /* lo holds the last up-to-8 bytes, hi the one before */
    for (size_t b = first; b <= last; b++) {
        uint8_t v = b < nbytes ? br->bytes[b] : 0;
        hi = (hi << 8) | (lo >> 56);
        lo = (lo << 8) | v;
    }
    /* Mask off bits at or past nbits inside the last valid byte. */
    unsigned shift = (unsigned)((last + 1) * 8 - end); /* unused low bits */
    uint64_t val;
    if (shift == 0)
        val = lo;
    else
        val = (lo >> shift) | (shift < 64 ? hi << (64 - shift) : 0);
    if (width < 64) val &= ((uint64_t)1 << width) - 1;
    if (end > nbits) {
        /* zero the bits of the field that lie at or beyond nbits */
        size_t valid = nbits > pos ? nbits - pos : 0;
        if (valid == 0) return 0;
        unsigned drop = (unsigned)(width - valid);
        val = (val >> drop) << drop;
    }
    return val;
}

int64_t bitreader_s(const struct bitreader *br, size_t pos, unsigned width)
{
    if (width == 0) return 0;
    if (width > 64) width = 64;
    uint64_t u = bitreader_u(br, pos, width);
    if (width < 64 && (u >> (width - 1)) & 1) u |= ~(uint64_t)0 << width;
    return (int64_t)u;
}

size_t bitreader_text_raw(const struct bitreader *br, size_t pos, size_t count, char *out,
                          size_t outsz)
{
    if (outsz == 0) return 0;
    if (count > outsz - 1) count = outsz - 1;
    size_t i;
    for (i = 0; i < count; i++) {
        char c = bitreader_sixchr[bitreader_u(br, pos + 6 * i, 6)];
        if (c == '@') break;
        out[i] = c;
    }
    out[i] = '\0';
    return i;
}

void bitreader_trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '@'))
        s[--n] = '\0';
}

size_t bitreader_text(const struct bitreader *br, size_t pos, size_t count, char *out, size_t outsz)
{
    size_t n = bitreader_text_raw(br, pos, count, out, outsz);
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '@'))
        out[--n] = '\0';
    return n;
}
