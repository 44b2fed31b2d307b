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

/* Where a check failed: message bits [at, at + n). */
struct span {
    unsigned at, n;
};

static int fail(struct span *w, unsigned at, unsigned n)
{
    w->at = at;
    w->n = n;
    return 0;
}

/* Longitude/latitude in 1/10000 min (scale 600000 per degree) or 1/10 min. */
static int position_ok(const uint8_t *b, size_t nbits, unsigned lon, unsigned lat, unsigned wlon,
                       unsigned wlat, int32_t per_degree, struct span *w)
{
    int32_t x = sfield(b, nbits, lon, wlon), y = sfield(b, nbits, lat, wlat);
    if (x < -181 * per_degree || x > 181 * per_degree) return fail(w, lon, wlon);
    if (y < -91 * per_degree || y > 91 * per_degree) return fail(w, lat, wlat);
    return 1;
}

static int course_ok(const uint8_t *b, size_t nbits, unsigned cog, unsigned hdg, struct span *w)
{
    if (field(b, nbits, cog, 12) > 3600) return fail(w, cog, 12);
    uint32_t h = field(b, nbits, hdg, 9);
    if (!(h < 360 || h == 511)) return fail(w, hdg, 9);
    return 1;
}

/* Field at..at+n-1 at most max. */
static int at_most(const uint8_t *b, size_t nbits, unsigned at, unsigned n, uint32_t max,
                   struct span *w)
{
    return field(b, nbits, at, n) <= max ? 1 : fail(w, at, n);
}

static int epfd_ok(const uint8_t *b, size_t nbits, unsigned at, struct span *w)
{
    uint32_t e = field(b, nbits, at, 4);
    return e <= 8 || e == 15 ? 1 : fail(w, at, 4);
}

/* A 6-bit text field of nch characters: letters, digits, space and the
 * punctuation names and destinations use (& ' ( ) , - . / >), with '@' (0)
 * only as the padding at its end. A corrected candidate whose flips land in
 * the text turns a character into one of the other 17 codes (or breaks the
 * padding) about a third of the time. */
static int text_ok(const uint8_t *b, size_t nbits, unsigned at, unsigned nch, struct span *w)
{
    int pad = 0;
    for (unsigned i = 0; i < nch; i++) {
        uint32_t v = field(b, nbits, at + 6 * i, 6);
        if (v == 0) {
            pad = 1;
            continue;
        }
        /* A character after the padding: the padding's last '@' or this one. */
        if (pad) return fail(w, at + 6 * i - 6, 12);
        int ok = (v >= 1 && v <= 26) || v == 32 || (v >= 38 && v <= 41) || (v >= 44 && v <= 57) ||
                 v == 62;
        if (!ok) return fail(w, at + 6 * i, 6);
    }
    return 1;
}

/* The field checks of msg_plausible; on failure *w is the failing field. */
static int fields_ok(const uint8_t *b, size_t nbits, struct span *w)
{
    if (nbits < 38) return fail(w, 0, 6);
    uint32_t type = field(b, nbits, 0, 6), mmsi = field(b, nbits, 8, 30);
    if (mmsi == 0 || mmsi > 999999999u) return fail(w, 8, 30);
    switch (type) {
    case 1:
    case 2:
    case 3:
        return (nbits == 168 || fail(w, 0, 6)) &&
               position_ok(b, nbits, 61, 89, 28, 27, 600000, w) &&
               course_ok(b, nbits, 116, 128, w) && at_most(b, nbits, 143, 2, 2, w) &&
               at_most(b, nbits, 145, 3, 0, w);
    case 4:
    case 11:
        return (nbits == 168 || fail(w, 0, 6)) && at_most(b, nbits, 52, 4, 12, w) &&
               at_most(b, nbits, 61, 5, 24, w) && at_most(b, nbits, 66, 6, 60, w) &&
               at_most(b, nbits, 72, 6, 60, w) &&
               position_ok(b, nbits, 79, 107, 28, 27, 600000, w) && epfd_ok(b, nbits, 134, w) &&
               at_most(b, nbits, 138, 10, 0, w);
    case 5:
        return (nbits == 424 || fail(w, 0, 6)) && epfd_ok(b, nbits, 270, w) &&
               at_most(b, nbits, 274, 4, 12, w) && at_most(b, nbits, 283, 5, 24, w) &&
               at_most(b, nbits, 288, 6, 60, w) && at_most(b, nbits, 423, 1, 0, w);
    case 9:
        return (nbits == 168 || fail(w, 0, 6)) &&
               position_ok(b, nbits, 61, 89, 28, 27, 600000, w) &&
               at_most(b, nbits, 116, 12, 3600, w) && at_most(b, nbits, 143, 3, 0, w);
    case 18:
    case 19:
        return (nbits == (type == 18 ? 168u : 312u) || fail(w, 0, 6)) &&
               position_ok(b, nbits, 57, 85, 28, 27, 600000, w) &&
               course_ok(b, nbits, 112, 124, w) && at_most(b, nbits, 38, 8, 0, w);
    case 24: {
        uint32_t part = field(b, nbits, 38, 2);
        return (part == 0 && nbits == 160) || (part == 1 && nbits == 168) ? 1 : fail(w, 0, 40);
    }
    case 27: {
        uint32_t cog = field(b, nbits, 85, 9);
        return (nbits == 96 || fail(w, 0, 6)) && position_ok(b, nbits, 44, 62, 18, 17, 600, w) &&
               (cog <= 360 || cog == 511 || fail(w, 85, 9));
    }
    default:
        return fail(w, 0, 6);
    }
}

int msg_plausible(const uint8_t *b, size_t nbits)
{
    struct span w;
    return fields_ok(b, nbits, &w);
}

static int text_fields_ok(const uint8_t *b, size_t nbits, struct span *w)
{
    if (nbits < 38 || field(b, nbits, 0, 6) != 5) return 1;
    return (nbits == 424 || fail(w, 0, 6)) && text_ok(b, nbits, 70, 7, w) &&
           text_ok(b, nbits, 112, 20, w) && text_ok(b, nbits, 302, 20, w);
}

int msg_implausible_bits(const uint8_t *b, size_t nbits, unsigned *first, unsigned *count)
{
    struct span w = {0, 0};
    if (fields_ok(b, nbits, &w) && text_fields_ok(b, nbits, &w)) return 0;
    *first = w.at;
    *count = w.n;
    return 1;
}

int msg_text_plausible(const uint8_t *b, size_t nbits)
{
    struct span w;
    return text_fields_ok(b, nbits, &w);
}
