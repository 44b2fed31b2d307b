/* armour.c: six-bit AIS payload armour <-> MSB-first bytes (see armour.h). */
#include "decode/armour.h"

#include "decode/err.h"

/* Six-bit value of each byte, -1 outside the armour alphabet. */
static const int8_t armour_table[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
    24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, -1, -1, -1, -1, -1, -1, -1, -1,
    40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

int armour_value(unsigned char c)
{
    return armour_table[c];
}

char armour_char(unsigned v)
{
    v &= 63;
    return (char)(v < 40 ? '0' + v : '`' + (v - 40));
}

int armour_decode(const char *payload, size_t len, unsigned fill, uint8_t *bytes, size_t max_bytes,
                  size_t *nbits)
{
    if (fill > ARMOUR_FILL_MAX || (len == 0 && fill > 0) || (len > 0 && fill >= 6 * len))
        return AISD_E_RANGE;
    size_t total = 6 * len;
    size_t need = (total - fill + 7) / 8;
    if (need > max_bytes) return AISD_E_NOMEM;
    /* Four characters make three bytes exactly: do those in one step. */
    size_t i = 0, o = 0;
    for (; i + 4 <= len && o + 3 <= need; i += 4, o += 3) {
        int a = armour_table[(unsigned char)payload[i]];
        int b = armour_table[(unsigned char)payload[i + 1]];
        int c = armour_table[(unsigned char)payload[i + 2]];
        int d = armour_table[(unsigned char)payload[i + 3]];
        if ((a | b | c | d) < 0) return AISD_E_FORMAT;
        uint32_t w = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
        bytes[o] = (uint8_t)(w >> 16);
        bytes[o + 1] = (uint8_t)(w >> 8);
        bytes[o + 2] = (uint8_t)w;
    }
    /* The rest bit by bit; bytes past need would hold only pad bits. */
    uint32_t acc = 0;
    unsigned accbits = 0;
    for (; i < len; i++) {
        int v = armour_value((unsigned char)payload[i]);
        if (v < 0) return AISD_E_FORMAT;
        acc = (acc << 6 | (uint32_t)v) & 0x3FFF;
        accbits += 6;
        if (accbits >= 8) {
            accbits -= 8;
            if (o < need) bytes[o++] = (uint8_t)(acc >> accbits);
        }
    }
    if (accbits > 0 && o < need) bytes[o++] = (uint8_t)(acc << (8 - accbits));
    *nbits = total - fill;
    /* Clear the pad bits so the same message always gives the same bytes. */
    size_t nb = *nbits;
    if (nb % 8) bytes[nb / 8] &= (uint8_t)(0xFF00u >> (nb % 8));
    return 0;
}

size_t armour_encode(const uint8_t *bytes, size_t nbits, char *out, size_t max, unsigned *fill)
{
    size_t nch = (nbits + 5) / 6;
    if (nbits == 0 || nch + 1 > max) return 0;
    size_t nbytes = (nbits + 7) / 8;
    for (size_t k = 0; k < nch; k++) {
        size_t bit = 6 * k;
        size_t byte = bit / 8;
        unsigned w = (unsigned)bytes[byte] << 8;
        if (byte + 1 < nbytes) w |= bytes[byte + 1];
        unsigned v = (w >> (10 - bit % 8)) & 63;
        /* Bits past nbits are sent as 0 whatever the caller's bytes hold. */
        size_t valid = nbits - bit;
        if (valid < 6) v &= (63u << (6 - valid)) & 63u;
        out[k] = armour_char(v);
    }
    out[nch] = '\0';
    if (fill) *fill = (unsigned)(6 * nch - nbits);
    return nch;
}
