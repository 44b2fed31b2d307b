/* crc_fix.c: symbol-domain HDLC decode and CRC-aided flip search. */
#include "dsp/crc_fix.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/msg_plausible.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXSYM 2048
#define MAXFLIP 16
#define RECENT 16  /* failed plain decodes remembered, so a repeat counts once */
#define LOC_MAX 40 /* symbols of the localised search's region at most */
/* Messages of at least this many bits (type 5's 424, type 19's 312) search
 * the nflip least reliable symbols, shorter ones nflip_short. */
#define LONG_BITS 300
#define WSLACK 2 /* symbols a candidate's frame may end past the hard decisions' */

struct crc_fix {
    struct crc_fix_config cfg;
    uint16_t table[256];
    struct crc_fix_stats stats;
    int8_t work[MAXSYM];
    uint16_t masks[1u << MAXFLIP];
    float mcost[1u << MAXFLIP];
    uint16_t map[(AIS_FRAME_MAX_BYTES + 3) * 8]; /* symbol of each de-stuffed bit */
    uint16_t region[LOC_MAX];                    /* the localised search's symbols */
    struct loc_pat {
        float score;
        uint16_t a, b, c; /* symbols flipped (b == a: one; c == b: two) */
    } pats[LOC_MAX * (1 + MAXFLIP + MAXFLIP * (MAXFLIP - 1) / 2)];
    uint32_t recent[RECENT]; /* hashes of the last failed plain decodes */
    unsigned nrecent, next;  /* entries filled, next one to overwrite */
};

/* The operating point (docs/receiver.md, "CRC-aided correction"): every
 * CRC-checked candidate of a burst whose true frame is not in the list is a
 * 2^-16 chance of a false frame, and the list is cut by the score (up to 4
 * flips among the 12 least reliable, 16 in the window of a type 5: a lost
 * type 5 at 6 dB most often had a likely error just past the 12th, where the
 * 16 bought 33 of 7200 bursts for 2.8 % more checks, docs/receiver.md
 * "Session 10"; the cost ceiling equals the score's) and by a
 * cap of 24 checks, cheapest first: a candidate's chance of being the frame
 * falls with its rank in its search at an equal score (a search with many
 * candidates under the ceiling has many weak symbols, and its true pattern,
 * when there, is nearly always among its first few), so the checks past the
 * 24th bought fewer frames than the ceiling's last ones (docs/receiver.md,
 * "Session 9"; the cap was 64 and only bounded the work). Where on that
 * trade-off to sit is the score ceiling: 7.0 here, with part of what the cap
 * saves (6.5 with the cap 64 before; 7 with the former cost ceiling 6 and
 * cap 32). The
 * type-5 text checks (msg_text_plausible) refuse a share of the candidates
 * under it before the CRC; the checks they free go to the next patterns up to
 * 4 above the ceiling, so a search never checks more candidates than it did
 * without the text checks (docs/receiver.md, "Type-5 text"). */
void crc_fix_config_default(struct crc_fix_config *c)
{
    c->nflip = 16;
    c->nflip_short = 12;
    c->max_flips = 4;
    c->gate = 1.0f;
    c->cost_max = 7.0f;
    c->max_cands = 24;
    c->score_max = 7.0f;
    c->score_extra = 4.0f;
    c->loc_cands = 16;
    c->loc_zmax = 0.1f;
}

/* dsp/overlap's point: the demodulator's search (12 symbols, 4 flips, cost
 * and score 7) with up to 64 CRC checks. The joint correction runs only on a
 * failed burst with a second burst found on it, and there its checks past the
 * 24th still find frames: at ranks 25-32 0.41 % of checks found one, against
 * 2^-16 false passes (docs/receiver.md, overlap "Session 10"). */
void crc_fix_config_joint(struct crc_fix_config *c)
{
    c->nflip = 12;
    c->nflip_short = 0;
    c->max_flips = 4;
    c->gate = 1.0f;
    c->cost_max = 7.0f;
    c->max_cands = 64;
    c->score_max = 7.0f;
    c->score_extra = 0.0f;
    c->loc_cands = 0;
    c->loc_zmax = 1.0f;
}

struct crc_fix *crc_fix_create(const struct crc_fix_config *c)
{
    if (!c || c->nflip > MAXFLIP || c->max_flips > c->nflip ||
        (c->nflip_short && c->max_flips > c->nflip_short) || c->nflip_short > MAXFLIP) {
        log_error("crc_fix: nflip and nflip_short must be <= %d and max_flips <= both", MAXFLIP);
        return NULL;
    }
    if (!(c->gate >= 0) || !(c->cost_max >= 0) || !(c->score_max >= 0) || !(c->score_extra >= 0) ||
        !(c->loc_zmax >= 0)) {
        log_error("crc_fix: gate, cost_max, score_max, score_extra and loc_zmax must be >= 0");
        return NULL;
    }
    struct crc_fix *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->cfg = *c;
    for (unsigned i = 0; i < 256; i++) {
        uint16_t r = (uint16_t)i;
        for (int b = 0; b < 8; b++)
            r = (r & 1) ? (uint16_t)((r >> 1) ^ 0x8408) : (uint16_t)(r >> 1);
        x->table[i] = r;
    }
    return x;
}

void crc_fix_destroy(struct crc_fix *x)
{
    free(x);
}

const struct crc_fix_stats *crc_fix_stats(const struct crc_fix *x)
{
    return &x->stats;
}

unsigned crc_fix_type_bits(unsigned type, unsigned *alt)
{
    if (alt) *alt = 0;
    switch (type) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 9:
    case 11:
    case 18:
    case 22:
        return 168;
    case 5:
        return 424;
    case 10:
        return 72;
    case 19:
        return 312;
    case 23:
        return 160;
    case 24:
        if (alt) *alt = 168;
        return 160;
    case 27:
        return 96;
    default:
        return 0;
    }
}

static int crc_residue_ok(const struct crc_fix *x, const uint8_t *b, size_t n)
{
    uint16_t r = 0xFFFF;
    for (size_t i = 0; i < n; i++)
        r = (uint16_t)((r >> 8) ^ x->table[(r ^ b[i]) & 0xFF]);
    return r == 0xF0B8;
}

/* Destuff from data_start; returns the frame bit count (FCS included) at the
 * end flag, or -1 (abort, no flag, too long). Bits packed LSB first into buf.
 * With map, map[i] is the symbol of de-stuffed bit i. */
static int destuff_map(const int8_t *c, size_t n, size_t data_start, uint8_t *buf, size_t maxbits,
                       size_t *end, uint16_t *map)
{
    size_t nb = 0;
    int ones = 0;
    memset(buf, 0, (maxbits + 7) / 8);
    for (size_t k = data_start; k < n; k++) {
        int bit = c[k] == c[k - 2];
        if (bit) {
            if (++ones == 6) {
                /* Flag 01111110: the 0 before the ones is already stored. */
                if (k + 1 < n && c[k + 1] == c[k - 1]) return -1; /* seventh one: abort */
                if (end) *end = k + 2;
                return nb >= 6 ? (int)(nb - 6) : -1;
            }
        } else {
            if (ones == 5) {
                ones = 0;
                continue; /* stuffed zero */
            }
            ones = 0;
        }
        if (nb >= maxbits) return -1;
        if (bit) buf[nb >> 3] |= (uint8_t)(1u << (nb & 7));
        if (map) map[nb] = (uint16_t)k;
        nb++;
    }
    return -1;
}

static int destuff(const int8_t *c, size_t n, size_t data_start, uint8_t *buf, size_t maxbits,
                   size_t *end)
{
    return destuff_map(c, n, data_start, buf, maxbits, end, NULL);
}

static int structure_ok(int nbits, const uint8_t *buf, int strict)
{
    if (nbits < (AIS_FRAME_MIN_BYTES + 2) * 8 || (nbits & 7) ||
        nbits > (AIS_FRAME_MAX_BYTES + 2) * 8)
        return 0;
    unsigned type = buf[0] >> 2;
    if (type < 1 || type > 27) return 0;
    unsigned alt, want = crc_fix_type_bits(type, &alt);
    unsigned msg = (unsigned)nbits - 16;
    if (want && msg != want && msg != alt) return 0;
    (void)strict;
    return 1;
}

/* FNV-1a over the frame bytes (FCS included). */
static uint32_t frame_hash(const uint8_t *b, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

/* A well-formed frame failed the CRC: count it unless it is a recent repeat. */
static void count_plain_failure(struct crc_fix *x, const uint8_t *b, size_t n)
{
    uint32_t h = frame_hash(b, n);
    for (unsigned i = 0; i < x->nrecent; i++)
        if (x->recent[i] == h) return;
    x->recent[x->next] = h;
    x->next = (x->next + 1) % RECENT;
    if (x->nrecent < RECENT) x->nrecent++;
    x->stats.plain_failed++;
}

int crc_fix_decode(struct crc_fix *x, const int8_t *c, size_t n, size_t data_start,
                   struct ais_frame *f, size_t *end)
{
    uint8_t buf[AIS_FRAME_MAX_BYTES + 3];
    if (data_start < 2 || n > MAXSYM) return AISD_E_FORMAT;
    int nb = destuff(c, n, data_start, buf, (AIS_FRAME_MAX_BYTES + 3) * 8, end);
    if (nb < 0 || !structure_ok(nb, buf, 1)) return AISD_E_FORMAT;
    if (!crc_residue_ok(x, buf, (size_t)nb / 8)) {
        count_plain_failure(x, buf, (size_t)nb / 8);
        return AISD_E_CHECKSUM;
    }
    f->nbytes = (uint16_t)(nb / 8 - 2);
    memcpy(f->bytes, buf, f->nbytes);
    return 0;
}

size_t crc_fix_raw_span(const int8_t *c, size_t n, size_t data_start, unsigned want)
{
    unsigned nb = 0;
    int ones = 0;
    for (size_t k = data_start; k < n; k++) {
        int bit = c[k] == c[k - 2];
        if (bit)
            ones++;
        else if (ones == 5) {
            ones = 0;
            continue;
        } else
            ones = 0;
        if (++nb >= want) return k + 1;
    }
    return n;
}

size_t crc_fix_hard_end(const int8_t *c, size_t n, size_t data_start)
{
    int ones = 0;
    for (size_t k = data_start; k < n; k++) {
        if (c[k] == c[k - 2]) {
            if (++ones >= 6) return k + 2 < n ? k + 2 : n;
        } else
            ones = 0;
    }
    return n;
}

unsigned crc_fix_hard_type(const int8_t *c, size_t n, size_t data_start)
{
    unsigned b = 0, nb = 0;
    int ones = 0;
    for (size_t k = data_start; k < n && nb < 8; k++) {
        int bit = c[k] == c[k - 2];
        if (bit)
            ones++;
        else if (ones == 5) {
            ones = 0;
            continue; /* a stuffed bit */
        } else
            ones = 0;
        if (nb >= 2) b |= (unsigned)bit << (nb - 2); /* bits 2..7 of the first byte */
        nb++;
    }
    return nb < 8 ? 0 : b;
}

/* Masks in order of cost, equal costs by mask (the order of the
 * insertion sort this replaced, so have <= 12 gives the same list). */
static int before(float ca, unsigned ma, float cb, unsigned mb)
{
    return ca < cb || (ca == cb && ma < mb);
}

unsigned crc_fix_masks(const float *llr, unsigned have, unsigned max_flips, float cmax,
                       uint16_t *masks, float *mcost)
{
    unsigned nm = 0;
    for (unsigned mask = 1; mask < (1u << have); mask++) {
        if ((unsigned)__builtin_popcount(mask) > max_flips) continue;
        float cost = 0;
        for (unsigned i = 0; i < have; i++)
            if (mask & (1u << i)) cost += llr[i];
        if (cost > cmax) continue;
        mcost[nm] = cost;
        masks[nm++] = (uint16_t)mask;
    }
    /* Shell sort (gaps 3h + 1): up to 2516 masks of 4 flips among 16. */
    unsigned h = 1;
    while (h < nm / 3)
        h = 3 * h + 1;
    for (; h > 0; h /= 3)
        for (unsigned i = h; i < nm; i++) {
            float c = mcost[i];
            uint16_t m = masks[i];
            unsigned j = i;
            while (j >= h && before(c, m, mcost[j - h], masks[j - h])) {
                mcost[j] = mcost[j - h];
                masks[j] = masks[j - h];
                j -= h;
            }
            mcost[j] = c;
            masks[j] = m;
        }
    return nm;
}

/* Whether symbol j is among the first r of the localised region. */
static int in_region_before(const struct crc_fix *x, size_t j, unsigned r)
{
    for (unsigned q = 0; q < r; q++)
        if (x->region[q] == j) return 1;
    return 0;
}

static int cmp_pat(const void *a, const void *b)
{
    float x = ((const struct loc_pat *)a)->score, y = ((const struct loc_pat *)b)->score;
    return (x > y) - (x < y);
}

/* The symbols (x->region, returned count) one of which the hard decisions
 * c[] must have wrong to be a frame of bits (or alt) message bits: those of
 * the field a check fails on, or, for a frame of the wrong length (a hidden
 * or spurious stuffed bit, a broken or spurious flag), every symbol whose flip
 * alone gives the frame its length. 0 when nothing points anywhere (or too
 * many symbols do). x->work holds c. */
static unsigned local_region(struct crc_fix *x, const int8_t *c, size_t wend, size_t wext,
                             size_t data_start, unsigned bits, unsigned alt, unsigned maxbits)
{
    uint8_t buf[AIS_FRAME_MAX_BYTES + 3];
    size_t e = 0;
    unsigned first = 0, count = 0, nr = 0;
    int nb = destuff_map(c, wend, data_start, buf, maxbits + 16 + 8, &e, x->map);
    int len_ok = nb >= 0 && ((unsigned)nb == bits + 16 || (alt && (unsigned)nb == alt + 16));
    if (!len_ok) {
        /* Only when the type read says this length: a frame of another
         * length is not this one's to fix. */
        unsigned talt, tbits = crc_fix_type_bits(crc_fix_hard_type(c, wend, data_start), &talt);
        if (!tbits || (tbits != bits && tbits != alt && talt != bits)) return 0;
        for (size_t k = data_start; k < wend; k++) {
            x->work[k] = (int8_t)-c[k];
            int nb1 = destuff(x->work, wext, data_start, buf, maxbits + 16 + 8, &e);
            x->work[k] = c[k];
            if (nb1 < 0 || ((unsigned)nb1 != bits + 16 && (!alt || (unsigned)nb1 != alt + 16)))
                continue;
            if (nr == LOC_MAX) return 0;
            x->region[nr++] = (uint16_t)k;
        }
        return nr;
    }
    unsigned calt, cbits = crc_fix_type_bits(buf[0] >> 2, &calt);
    unsigned msg = (unsigned)nb - 16;
    if (cbits != msg && calt != msg) {
        first = 0; /* the type bits */
        count = 6;
    } else if (!msg_implausible_bits(buf, msg, &first, &count))
        return 0;
    /* Message bit m is de-stuffed bit 8 (m / 8) + 7 - m % 8 (bytes go LSB
     * first); a data bit at symbol k is c_k c_{k-2}. */
    size_t a = wend, z = 0;
    for (unsigned m = first; m < first + count && m < msg; m++) {
        size_t k = x->map[8 * (m / 8) + 7 - m % 8];
        if (k < a) a = k;
        if (k > z) z = k;
    }
    if (a > z) return 0;
    a = a >= data_start + 2 ? a - 2 : data_start;
    if (z >= wend) z = wend - 1;
    if (z < a || z - a + 1 > LOC_MAX) return 0;
    for (size_t k = a; k <= z; k++)
        x->region[nr++] = (uint16_t)k;
    return nr;
}

/* The localised search, when the main one found nothing and the hard
 * decisions break the frame's structure or a field check: one of a few
 * symbols (the region R) is then wrong, which the score, computed as if every
 * symbol were as likely wrong as its LLR says, does not know. Conditioned on
 * that, a pattern with a flip in R is the error with probability e^-s / Z_R,
 * Z_R = P(some symbol of R wrong); on a burst whose FCS is wrong the check
 * fails that way with probability Z_R too. So the ceiling on s rises by
 * -ln Z_R (a region of confident symbols: a confident error there is the
 * likely one) and each wrong-FCS burst pays Z_R times the (capped) checks.
 * Patterns: one flip in R, alone or with one or two of the least reliable
 * symbols (at most max_flips in all), cheapest first, at most loc_cands CRC
 * checks. Returns 1 (found, *f set),
 * 0, or -1 (ambiguous). */
static int local_search(struct crc_fix *x, const int8_t *c, const float *s, size_t wend,
                        size_t wext, size_t data_start, unsigned bits, unsigned alt,
                        unsigned maxbits, double var, double nlp0, const size_t *idx,
                        const float *llr, unsigned have, float base, struct ais_frame *f,
                        unsigned *nflipped)
{
    unsigned nr = local_region(x, c, wend, wext, data_start, bits, alt, maxbits);
    if (nr == 0) return 0;
    double pnone = 1;
    for (unsigned r = 0; r < nr; r++)
        pnone *= 1.0 - 1.0 / (1.0 + exp(2.0 * fabsf(s[x->region[r]]) / var));
    double zr = 1.0 - pnone;
    if (zr < 1e-12) zr = 1e-12;
    /* A region with a weak symbol (Z_R >= 0.1): the ceiling rises by less
     * than 2.3, and its checks found fewer frames per check on wrong-FCS
     * bursts than the main search's last ones (36 of 7200 bursts at 4.5-7 dB
     * for two thirds of the localised checks; docs/receiver.md). */
    if (zr >= (double)x->cfg.loc_zmax) return 0;
    double ceil_loc = (double)x->cfg.score_max - log(zr);
    x->stats.local++;
    unsigned np = 0;
    for (unsigned r = 0; r < nr; r++) {
        size_t k = x->region[r];
        float la = (float)(2.0 * fabsf(s[k]) / var);
        if ((double)nlp0 + la > ceil_loc) continue;
        int in_l = 0;
        for (unsigned i = 0; i < have; i++)
            in_l |= idx[i] == k;
        /* Alone, or with one or two of the least reliable (i, q; have:
         * none): a wrong name character besides a weak symbol or two
         * elsewhere. Not again: a pattern the main search had (all its
         * symbols among the least reliable, under its ceiling), or one made
         * at a region symbol met before (it is among the least reliable here,
         * and k is too). */
        unsigned extra = x->cfg.max_flips > 3 ? 2 : x->cfg.max_flips > 0 ? x->cfg.max_flips - 1 : 0;
        for (unsigned i = 0; i <= have; i++) {
            if (i < have && (extra < 1 || idx[i] == k)) continue;
            for (unsigned q = i < have ? i + 1 : have; q <= have; q++) {
                if (q < have && (extra < 2 || idx[q] == k)) continue;
                size_t j = i < have ? idx[i] : k, m = q < have ? idx[q] : j;
                float lf = la + (i < have ? llr[i] : 0) + (q < have ? llr[q] : 0);
                float sc = (float)nlp0 + lf;
                if ((double)sc > ceil_loc) continue;
                if (in_l && (lf <= base || in_region_before(x, j, r) || in_region_before(x, m, r)))
                    continue;
                x->pats[np++] = (struct loc_pat){sc, (uint16_t)k, (uint16_t)j, (uint16_t)m};
            }
        }
    }
    qsort(x->pats, np, sizeof x->pats[0], cmp_pat);
    uint8_t buf[AIS_FRAME_MAX_BYTES + 3];
    struct ais_frame cand;
    int found = 0;
    unsigned checked = 0;
    for (unsigned pi = 0; pi < np && checked < x->cfg.loc_cands; pi++) {
        const struct loc_pat *p = &x->pats[pi];
        if ((double)p->score > ceil_loc) break;
        x->work[p->a] = (int8_t)-c[p->a];
        x->work[p->b] = (int8_t)-c[p->b];
        x->work[p->c] = (int8_t)-c[p->c];
        size_t e = 0;
        int nb = destuff(x->work, wext, data_start, buf, maxbits + 16 + 8, &e);
        x->work[p->a] = c[p->a];
        x->work[p->b] = c[p->b];
        x->work[p->c] = c[p->c];
        if (nb < 0 || !structure_ok(nb, buf, 1)) continue;
        unsigned calt, cbits = crc_fix_type_bits(buf[0] >> 2, &calt);
        if (!cbits || ((unsigned)nb - 16 != cbits && (unsigned)nb - 16 != calt)) continue;
        if (!msg_plausible(buf, (size_t)nb - 16) || !msg_text_plausible(buf, (size_t)nb - 16))
            continue;
        checked++;
        x->stats.tried++;
        x->stats.local_tried++;
        if (!crc_residue_ok(x, buf, (size_t)nb / 8)) continue;
        cand.nbytes = (uint16_t)(nb / 8 - 2);
        memcpy(cand.bytes, buf, cand.nbytes);
        if (found && (cand.nbytes != f->nbytes || memcmp(cand.bytes, f->bytes, cand.nbytes))) {
            x->stats.ambiguous++;
            return -1;
        }
        if (!found) {
            *f = cand;
            *nflipped = p->b == p->a ? 1 : p->c == p->b ? 2 : 3;
        }
        found = 1;
    }
    if (found) x->stats.local_fixed++;
    return found;
}

int crc_fix_search(struct crc_fix *x, const int8_t *c, const float *s, size_t n, size_t data_start,
                   unsigned want_bits, struct ais_frame *f, unsigned *nflipped)
{
    if (n > MAXSYM || data_start < 2 || data_start + 8 >= n || x->cfg.nflip == 0)
        return AISD_E_NOTTHIS;
    unsigned alt, bits = crc_fix_type_bits(crc_fix_hard_type(c, n, data_start), &alt);
    if (want_bits) {
        /* Assumed length: any type of that fixed length is acceptable. */
        bits = want_bits;
        alt = 0;
    }
    if (!bits) return AISD_E_NOTTHIS;
    unsigned maxbits = alt > bits ? alt : bits;
    size_t wend = crc_fix_raw_span(c, n, data_start, maxbits + 16) + 8;
    if (wend > n) return AISD_E_NOTTHIS;
    /* Candidates are de-stuffed a little further: the window's end is the
     * hard decisions', and a flip that restores a stuffed bit they lost
     * moves the end flag later (its sixth one was past the window in 11 of
     * 106 lost bursts at 6-7 dB, most with a cheap true pattern). */
    size_t wext = wend + WSLACK <= n ? wend + WSLACK : n;
    size_t w0 = data_start;
    size_t wn = wend - w0;
    /* Noise level and probabilities of error. */
    double var = 0;
    for (size_t k = w0; k < wend; k++) {
        double d = fabs((double)s[k]) - 1.0;
        var += d * d;
    }
    var /= (double)wn;
    if (var < 1e-4) var = 1e-4;
    unsigned nf = x->cfg.nflip;
    if (maxbits < LONG_BITS && x->cfg.nflip_short) nf = x->cfg.nflip_short;
    size_t idx[MAXFLIP];
    float rel[MAXFLIP];
    unsigned have = 0;
    double psum = 0;
    for (size_t k = w0; k < wend; k++) {
        float r = fabsf(s[k]);
        psum += 1.0 / (1.0 + exp(2.0 * r / var));
        if (have < nf) {
            unsigned j = have++;
            while (j > 0 && rel[j - 1] > r) {
                rel[j] = rel[j - 1];
                idx[j] = idx[j - 1];
                j--;
            }
            rel[j] = r;
            idx[j] = k;
        } else if (r < rel[nf - 1]) {
            unsigned j = nf - 1;
            while (j > 0 && rel[j - 1] > r) {
                rel[j] = rel[j - 1];
                idx[j] = idx[j - 1];
                j--;
            }
            rel[j] = r;
            idx[j] = k;
        }
    }
    double pin = 0;
    float llr[MAXFLIP];
    for (unsigned i = 0; i < have; i++) {
        llr[i] = (float)(2.0 * rel[i] / var);
        pin += 1.0 / (1.0 + exp(llr[i]));
    }
    double eout = psum - pin;
    double nlp0 = 0;
    for (size_t k = w0; k < wend; k++)
        nlp0 += log1p(exp(-2.0 * fabsf(s[k]) / var));
    if (eout > x->cfg.gate) {
        x->stats.gated++;
        return AISD_E_RANGE;
    }
    x->stats.searches++;
    memcpy(x->work, c, n);
    uint8_t buf[AIS_FRAME_MAX_BYTES + 3];
    int found = 0;
    float best_cost = 0;
    unsigned best_flips = 0;
    struct ais_frame cand;
    /* The admissible masks (flip count and cost ceiling), cheapest first, at
     * most max_cands of them: every candidate checked is a 2^-16 chance of a
     * false frame when the true frame is not in the list (wrong FCS). */
    float base = x->cfg.cost_max; /* the ceiling on the flipped LLRs */
    if (x->cfg.score_max > 0 && x->cfg.score_max - (float)nlp0 < base)
        base = x->cfg.score_max - (float)nlp0;
    float cmax = base + x->cfg.score_extra;
    /* Above base only while fewer candidates were checked than base's
     * field-plausible ones (those msg_text_plausible refused included). */
    unsigned budget = 0;
    unsigned nm = crc_fix_masks(llr, have, x->cfg.max_flips, cmax, x->masks, x->mcost);
    unsigned checked = 0;
    for (unsigned mi = 0; mi < nm; mi++) {
        if (x->cfg.max_cands && checked >= x->cfg.max_cands) break;
        unsigned mask = x->masks[mi];
        unsigned pop = (unsigned)__builtin_popcount(mask);
        float cost = x->mcost[mi];
        if (cost > base && checked >= budget) break;
        for (unsigned i = 0; i < have; i++)
            x->work[idx[i]] = (mask & (1u << i)) ? (int8_t)-c[idx[i]] : c[idx[i]];
        size_t e = 0;
        int nb = destuff(x->work, wext, data_start, buf, maxbits + 16 + 8, &e);
        if (nb < 0 || !structure_ok(nb, buf, 1)) continue;
        /* The candidate's own type must be fixed-length, of this length. */
        unsigned calt, cbits = crc_fix_type_bits(buf[0] >> 2, &calt);
        if (!cbits || ((unsigned)nb - 16 != cbits && (unsigned)nb - 16 != calt)) continue;
        /* Implausible fields: refused before the CRC, so not a 2^-16 chance. */
        if (!msg_plausible(buf, (size_t)nb - 16)) continue;
        if (cost <= base && (!x->cfg.max_cands || budget < x->cfg.max_cands)) budget++;
        if (!msg_text_plausible(buf, (size_t)nb - 16)) continue;
        checked++;
        x->stats.tried++;
        if (!crc_residue_ok(x, buf, (size_t)nb / 8)) continue;
        cand.nbytes = (uint16_t)(nb / 8 - 2);
        memcpy(cand.bytes, buf, cand.nbytes);
        if (found && (cand.nbytes != f->nbytes || memcmp(cand.bytes, f->bytes, cand.nbytes))) {
            x->stats.ambiguous++;
            return AISD_E_CHECKSUM;
        }
        if (!found || cost < best_cost) {
            *f = cand;
            best_cost = cost;
            best_flips = pop;
        }
        found = 1;
    }
    if (!found && x->cfg.loc_cands) {
        memcpy(x->work + data_start, c + data_start, wext - data_start);
        int rl = local_search(x, c, s, wend, wext, data_start, bits, alt, maxbits, var, nlp0, idx,
                              llr, have, base, f, &best_flips);
        if (rl < 0) return AISD_E_CHECKSUM;
        found = rl;
    }
    if (!found) return AISD_E_FORMAT;
    x->stats.fixed++;
    *nflipped = best_flips;
    return 0;
}
