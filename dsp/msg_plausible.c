/* msg_plausible.c: field range checks of decoded AIS messages (see the header). */
#include "dsp/msg_plausible.h"

static uint32_t field(const uint8_t *b, size_t nbits, size_t at, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t k = at + i;
        unsigned bit = k < nbits ? (b[k >> 3] >> (7 - (k & 7))) & 1u : 0;
        v = (v << 1) | bit;
    }
    return v;
}

static int32_t sfield(const uint8_t *b, size_t nbits, size_t at, unsigned n)
{
    uint32_t v = field(b, nbits, at, n);
    if (v & (1u << (n - 1))) return (int32_t)v - (int32_t)(1u << (n - 1)) * 2;
    return (int32_t)v;
}

/* Longitude/latitude in 1/10000 min (scale 600000 per degree) or 1/10 min. */
static int position_ok(const uint8_t *b, size_t nbits, size_t lon, size_t lat, unsigned wlon,
                       unsigned wlat, int32_t per_degree)
{
    int32_t x = sfield(b, nbits, lon, wlon), y = sfield(b, nbits, lat, wlat);
    return x >= -181 * per_degree && x <= 181 * per_degree && y >= -91 * per_degree &&
           y <= 91 * per_degree;
}

static int course_ok(uint32_t cog, uint32_t hdg)
{
    return cog <= 3600 && (hdg < 360 || hdg == 511);
}

/* A 6-bit text field of nch characters: letters, digits, space and the
 * punctuation names and destinations use (& ' ( ) , - . / >), with '@' (0)
 * only as the padding at its end. A corrected candidate whose flips land in
 * the text turns a character into one of the other 17 codes (or breaks the
 * padding) about a third of the time. */
static int text_ok(const uint8_t *b, size_t nbits, size_t at, unsigned nch)
{
    int pad = 0;
    for (unsigned i = 0; i < nch; i++) {
        uint32_t v = field(b, nbits, at + 6 * i, 6);
        if (v == 0) {
            pad = 1;
            continue;
        }
        if (pad) return 0;
        int ok = (v >= 1 && v <= 26) || v == 32 || (v >= 38 && v <= 41) || (v >= 44 && v <= 57) ||
                 v == 62;
        if (!ok) return 0;
    }
    return 1;
}

int msg_plausible(const uint8_t *b, size_t nbits)
{
    if (nbits < 38) return 0;
    uint32_t type = field(b, nbits, 0, 6), mmsi = field(b, nbits, 8, 30);
    if (mmsi == 0 || mmsi > 999999999u) return 0;
    switch (type) {
    case 1:
    case 2:
    case 3:
        return nbits == 168 && position_ok(b, nbits, 61, 89, 28, 27, 600000) &&
               course_ok(field(b, nbits, 116, 12), field(b, nbits, 128, 9)) &&
               field(b, nbits, 143, 2) <= 2 && field(b, nbits, 145, 3) == 0;
    case 4:
    case 11: {
        uint32_t epfd = field(b, nbits, 134, 4);
        return nbits == 168 && field(b, nbits, 52, 4) <= 12 && field(b, nbits, 61, 5) <= 24 &&
               field(b, nbits, 66, 6) <= 60 && field(b, nbits, 72, 6) <= 60 &&
               position_ok(b, nbits, 79, 107, 28, 27, 600000) && (epfd <= 8 || epfd == 15) &&
               field(b, nbits, 138, 10) == 0;
    }
    case 5: {
        uint32_t epfd = field(b, nbits, 270, 4);
        return nbits == 424 && (epfd <= 8 || epfd == 15) && field(b, nbits, 274, 4) <= 12 &&
               field(b, nbits, 283, 5) <= 24 && field(b, nbits, 288, 6) <= 60 &&
               field(b, nbits, 423, 1) == 0;
    }
    case 9:
        return nbits == 168 && position_ok(b, nbits, 61, 89, 28, 27, 600000) &&
               field(b, nbits, 116, 12) <= 3600 && field(b, nbits, 143, 3) == 0;
    case 18:
        return nbits == 168 && position_ok(b, nbits, 57, 85, 28, 27, 600000) &&
               course_ok(field(b, nbits, 112, 12), field(b, nbits, 124, 9)) &&
               field(b, nbits, 38, 8) == 0;
    case 19:
        return nbits == 312 && position_ok(b, nbits, 57, 85, 28, 27, 600000) &&
               course_ok(field(b, nbits, 112, 12), field(b, nbits, 124, 9)) &&
               field(b, nbits, 38, 8) == 0;
    case 24: {
        uint32_t part = field(b, nbits, 38, 2);
        return (part == 0 && nbits == 160) || (part == 1 && nbits == 168);
    }
    case 27: {
        uint32_t cog = field(b, nbits, 85, 9);
        return nbits == 96 && position_ok(b, nbits, 44, 62, 18, 17, 600) &&
               (cog <= 360 || cog == 511);
    }
    default:
        return 0;
    }
}

int msg_text_plausible(const uint8_t *b, size_t nbits)
{
    if (nbits < 38 || field(b, nbits, 0, 6) != 5) return 1;
    return nbits == 424 && text_ok(b, nbits, 70, 7) && text_ok(b, nbits, 112, 20) &&
           text_ok(b, nbits, 302, 20);
}
