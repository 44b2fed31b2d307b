/* gmsk_demod.c: coherent GMSK demodulator for one channel (see gmsk_demod.h). */
#include "dsp/gmsk_demod.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/kernels.h"
#include "dsp/laurent.h"
#include "dsp/overlap.h"
#include "dsp/phase_smooth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FS 48000.0f
#define SPS 5
#define RING 8192u
#define RMASK (RING - 1)
#define DATA_START 32 /* training 24 + flag 8 */
#define TPL_OFF 10    /* template starts 2 bits into the training */
#define TPL_LEN 140   /* 28 bits of known waveform */
#define SEG 10        /* segment length for frequency search */
#define NSEGS (TPL_LEN / SEG)
#define NGRID 16 /* refine's 13 frequencies, padded to whole vectors */
/* Training start relative to the detector window. The detector peaks where
 * its 5 training periods fit best, up to 2 periods (40 samples) either side of
 * the training start at low SNR (unmodulated ramp, training, flag). */
#define LAG_LO (-65)
#define LAG_HI 55
#define NLAGS (LAG_HI - LAG_LO + 1)
#define MAXHITS 64
#define MAXBITS 1108
#define MF_HALF 12
#define MF_TAPS (2 * MF_HALF + 1)

/* Which CRC-aided correction an attempt may run: none; every one (the best
 * sync hypothesis: its type's length and the guessed lengths); or the type's
 * own length only, and only on a well-formed frame with a wrong CRC (another
 * hypothesis, when the best one gave no well-formed frame: the training
 * repeats every 4 bits, so at low SNR the best correlation is sometimes one
 * period off, and the right one is then the one whose frame is well-formed). */
enum { FIX_NONE, FIX_ALL, FIX_FORMED };

struct sync {
    double tau; /* channel sample index of the start of bit 0 */
    float freq; /* Hz */
    int pol;
    float quality;
};

/* A hit is processed as soon as its burst may be complete: the sync as soon as
 * the first symbols are in, the decode once the samples of the length its type
 * announces are (so a short frame leaves ~5 ms after its end instead of after
 * the longest possible burst). An attempt that needs more samples is deferred
 * (AISD_E_AGAIN) to the sample count in ready; hits are processed in order, so
 * a deferred hit holds the ones after it. */
struct hit_state {
    struct sync hyp[8];
    int nh;         /* sync hypotheses (-1: not synchronised yet) */
    int next;       /* next hypothesis to try; nh: the limiter; nh + 1: the overlap */
    int rc;         /* result of the latest finished attempt */
    unsigned tried; /* the current hypothesis's correction with its type's length is done */
    int alt_fix;    /* the best hypothesis gave no well-formed frame: the first other one
                     * that does gets the correction (FIX_FORMED) */
    uint64_t ready; /* retry once this many samples are in */
};

struct gmsk_demod {
    struct gmsk_demod_config cfg;
    struct preamble *det;
    struct crc_fix *fix;
    const struct laurent *lau;
    struct laurent *lau_own; /* lau when not shared (cfg.pulse NULL) */
    float r1, r2;
    float complex tpl[2][TPL_LEN];      /* template per polarity (- is the conjugate) */
    float complex lin[NLAGS + TPL_LEN]; /* samples of the lag search */
    float complex sc[2][NSEGS][NLAGS];  /* segment correlations per polarity, segment, lag */
    int8_t known[2][DATA_START];        /* known c_k per polarity */
    float complex ring[RING];
    uint64_t n;
    struct preamble_hit hits[MAXHITS];
    struct hit_state hst[MAXHITS]; /* per pending hit: where its processing stands */
    size_t nhits;
    uint64_t busy_until;
    float busy_power; /* mean |y|^2 at the start of the burst behind busy_until */
    struct gmsk_demod_stats stats;
    /* per-burst work areas */
    float complex yd[SPS * (MAXBITS + 4) + 2 * MF_HALF + 8];
    float complex w[MAXBITS];
    float soft[MAXBITS];
    int8_t dec[MAXBITS];
    int8_t dec1[MAXBITS]; /* pass 1 decisions kept during pass 2 */
    float soft1[MAXBITS];
    int limit;                 /* current attempt uses the hard limiter */
    float complex wr[MAXBITS]; /* PLL-rotated matched-filter outputs */
    float complex u[MAXBITS];  /* residual phasors for pass 2 */
    /* the best hypothesis' attempt, for dsp/overlap and gmsk_demod_on_attempt */
    struct gmsk_attempt att;
    int have_att;
    int8_t att_dec[MAXBITS];
    gmsk_attempt_cb on_att;
    void *att_ctx;
    float fix_lo, fix_hi; /* carrier offsets the correction searches (gmsk_demod_set_fix_range) */
    struct overlap *ov;
    struct gmsk_result ovr[OVERLAP_MAX_FRAMES];
};

void gmsk_demod_config_default(struct gmsk_demod_config *c)
{
    preamble_config_default(&c->det);
    crc_fix_config_default(&c->fix);
    crc_fix_config_joint(&c->fix_joint);
    c->correct = 1;
    c->pass2 = 1;
    c->sync_min = 0.45f;
    c->sync_hyps = 6;
    c->alt_ratio = 0.6f;
    c->limiter = 1;
    c->limiter_q = 0.5f;
    c->guess_q = 0.6f;
    c->pll_bw1 = 0.03f;
    c->pll_bw2 = 0.003f;
    c->smooth = 1;
    c->max_bits = 1100;
    c->overlap = 1;
    c->overlap_q = 0.65f;
    c->overlap_work = NULL;
    c->pulse = NULL;
    c->verbose = 0;
}

struct gmsk_demod *gmsk_demod_create(const struct gmsk_demod_config *c)
{
    if (!c || c->max_bits < 100 || c->max_bits > MAXBITS - 8) {
        log_error("gmsk_demod: max_bits must be 100..%d", MAXBITS - 8);
        return NULL;
    }
    if (!(c->pll_bw1 > 0 && c->pll_bw1 < 0.2f) || !(c->pll_bw2 > 0 && c->pll_bw2 < 0.2f)) {
        log_error("gmsk_demod: pll bandwidths must be in (0, 0.2)");
        return NULL;
    }
    /* The ring holds a hit's whole burst plus the detector and chunk delays. */
    if ((size_t)SPS * (c->max_bits + 2) + 1600 > RING) {
        log_error("gmsk_demod: max_bits too large for the ring");
        return NULL;
    }
    struct gmsk_demod *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->cfg = *c;
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct preamble_config dc = c->det;
    if (!dc.pulse) dc.pulse = c->pulse;
    d->det = preamble_create(&dc);
    d->fix = crc_fix_create(&c->fix);
    if (!c->pulse) d->lau_own = laurent_create(&lc);
    d->lau = c->pulse ? c->pulse : d->lau_own;
    if (c->overlap) d->ov = c->overlap_work ? c->overlap_work : overlap_create(c);
    if (!d->det || !d->fix || !d->lau || (c->overlap && !d->ov)) {
        gmsk_demod_destroy(d);
        return NULL;
    }
    d->r1 = laurent_r1(d->lau);
    d->r2 = laurent_r2(d->lau);
    d->fix_lo = -INFINITY;
    d->fix_hi = INFINITY;
    /* Known preamble: training 0101... then flag 01111110 (data bits). */
    uint8_t bits[DATA_START], lev[DATA_START];
    for (int i = 0; i < 24; i++)
        bits[i] = (uint8_t)(i & 1);
    for (int i = 0; i < 8; i++)
        bits[24 + i] = (uint8_t)(i != 0 && i != 7);
    uint8_t prev = 0;
    int8_t a[DATA_START];
    for (int i = 0; i < DATA_START; i++) {
        lev[i] = bits[i] ? prev : (uint8_t)!prev;
        prev = lev[i];
        a[i] = lev[i] ? 1 : -1;
    }
    int8_t cc = 1;
    for (int i = 0; i < DATA_START; i++) {
        cc = (int8_t)(cc * a[i]);
        d->known[0][i] = cc;
        d->known[1][i] = (int8_t)((i & 1) ? cc : -cc); /* (-1)^(i+1) c_i */
    }
    float complex t[SPS * DATA_START];
    laurent_modulate(d->lau, a, DATA_START, 0, t, SPS * DATA_START);
    for (int m = 0; m < TPL_LEN; m++) {
        d->tpl[0][m] = t[TPL_OFF + m];
        d->tpl[1][m] = conjf(t[TPL_OFF + m]);
    }
    return d;
}

void gmsk_demod_reset(struct gmsk_demod *d)
{
    preamble_reset(d->det);
    d->n = 0;
    d->nhits = 0;
    d->busy_until = 0;
    memset(d->ring, 0, sizeof d->ring);
}

void gmsk_demod_destroy(struct gmsk_demod *d)
{
    if (!d) return;
    preamble_destroy(d->det);
    crc_fix_destroy(d->fix);
    laurent_destroy(d->lau_own);
    if (!d->cfg.overlap_work) overlap_destroy(d->ov);
    free(d);
}

uint64_t gmsk_demod_count(const struct gmsk_demod *d)
{
    return d->n;
}

const struct gmsk_demod_stats *gmsk_demod_stats(const struct gmsk_demod *d)
{
    return &d->stats;
}

const struct crc_fix_stats *gmsk_demod_fix_stats(const struct gmsk_demod *d)
{
    return crc_fix_stats(d->fix);
}

uint64_t gmsk_demod_hits_dropped(const struct gmsk_demod *d)
{
    return preamble_dropped(d->det);
}

float gmsk_demod_power(const struct gmsk_demod *d, uint64_t start, size_t len)
{
    if (len == 0 || start + len > d->n || d->n - start > RING) return -1;
    /* Out of the ring in at most two pieces, on the energy kernel. */
    size_t at = (size_t)(start & RMASK), m = RING - at < len ? RING - at : len;
    double e = kern.energy_cd(d->ring + at, m) + kern.energy_cd(d->ring, len - m);
    return (float)(e / (double)len);
}

void gmsk_demod_set_fix_range(struct gmsk_demod *d, float lo_hz, float hi_hz)
{
    d->fix_lo = lo_hz;
    d->fix_hi = hi_hz;
}

void gmsk_demod_on_attempt(struct gmsk_demod *d, gmsk_attempt_cb cb, void *ctx)
{
    d->on_att = cb;
    d->att_ctx = ctx;
}

int gmsk_demod_samples(const struct gmsk_demod *d, uint64_t start, float complex *out, size_t n)
{
    if (start + n > d->n || d->n - start > RING) return 0;
    for (size_t i = 0; i < n; i++)
        out[i] = d->ring[(start + i) & RMASK];
    return 1;
}

static inline float complex ring_at(const struct gmsk_demod *d, int64_t i)
{
    return d->ring[(uint64_t)i & RMASK];
}

/* Segment correlations of the template at every lag, both polarities, on
 * the correlation kernel: for segment s, c_s(lag) = sum_m y[lag + m] conj(t_s[m]).
 * The - template is the conjugate of the + one: one pass gives both. */
static void sync_segments(struct gmsk_demod *d, int64_t lag0)
{
    for (int i = 0; i < NLAGS + TPL_LEN; i++)
        d->lin[i] = ring_at(d, lag0 + TPL_OFF + i);
    for (int sg = 0; sg < NSEGS; sg++)
        kern.corr2_cccf(d->lin + sg * SEG, NLAGS, d->tpl[0] + sg * SEG, SEG, d->sc[0][sg],
                        d->sc[1][sg]);
}

/* The segment correlations of one lag and polarity. */
static void segs_at(const struct gmsk_demod *d, int li, int p, float complex *c)
{
    for (int sg = 0; sg < NSEGS; sg++)
        c[sg] = d->sc[p][sg][li];
}

/* a * b without C's NaN/inf recovery path (the same value for finite
 * operands; the inner loops of the lag search are mostly that path's test). */
static inline float complex cmulf(float complex a, float complex b)
{
    return CMPLXF(crealf(a) * crealf(b) - cimagf(a) * cimagf(b),
                  crealf(a) * cimagf(b) + cimagf(a) * crealf(b));
}

/* The segment phasors of frequency f: ph[s] = r^s, r = e^{-j 2 pi f SEG / FS}. */
static void seg_phasors(float f, float complex *ph)
{
    float a = -2.0f * (float)M_PI * f * SEG / FS;
    float complex r = cosf(a) + I * sinf(a);
    ph[0] = 1;
    for (int s = 0; s + 1 < NSEGS; s++)
        ph[s + 1] = cmulf(ph[s], r);
}

static float coherent_ph(const float complex *c, const float complex *ph)
{
    float complex acc = 0;
    for (int s = 0; s < NSEGS; s++)
        acc += cmulf(c[s], ph[s]);
    return sqrtf(crealf(acc) * crealf(acc) + cimagf(acc) * cimagf(acc));
}

static inline float cmag(float complex v)
{
    return sqrtf(crealf(v) * crealf(v) + cimagf(v) * cimagf(v));
}

/* e^{-j dw k}, exact; the loops step a phasor and resynchronise with it. */
static inline float complex rot_at(float dw, size_t k)
{
    float a = dw * (float)k;
    return cosf(a) - I * sinf(a);
}

static float parabola(float a, float b, float c)
{
    float den = a - 2 * b + c;
    if (den >= 0) return 0;
    float x = 0.5f * (a - c) / den;
    return x < -0.5f ? -0.5f : x > 0.5f ? 0.5f : x;
}

/* phg[s][i]: the phasor of segment s at the grid frequency f0 + 50 (i - 6),
 * i < 13, lanes 13..15 zero (the same for every hypothesis of a hit). The
 * kernel's products are coherent_ph's with the factors swapped: same bits. */
static void refine(struct gmsk_demod *d, int64_t lag0, int bl, int bp, float f0,
                   const float complex (*phg)[NGRID], struct sync *out)
{
    /* Frequency on a grid around f0, then interpolated; timing by parabola. */
    float fb, mb = -1, mgrid[NGRID];
    float complex c[NSEGS];
    segs_at(d, bl, bp, c);
    kern.cohmag_cf(phg[0], NGRID, NSEGS, c, NGRID, mgrid);
    int ib = 0;
    for (int i = 0; i < 13; i++) {
        if (mgrid[i] > mb) {
            mb = mgrid[i];
            ib = i;
        }
    }
    fb = f0 + 50.0f * (float)(ib - 6);
    if (ib > 0 && ib < 12) fb += 50.0f * parabola(mgrid[ib - 1], mgrid[ib], mgrid[ib + 1]);
    float complex ph[NSEGS], cl[NSEGS], cr[NSEGS];
    seg_phasors(fb, ph);
    float m0 = coherent_ph(c, ph);
    float frac = 0;
    if (bl > 0 && bl < NLAGS - 1) {
        segs_at(d, bl - 1, bp, cl);
        segs_at(d, bl + 1, bp, cr);
        frac = parabola(coherent_ph(cl, ph), m0, coherent_ph(cr, ph));
    }
    double e = 0;
    for (int m = 0; m < TPL_LEN; m++) {
        float complex v = ring_at(d, lag0 + bl + TPL_OFF + m);
        e += crealf(v) * crealf(v) + cimagf(v) * cimagf(v);
    }
    out->quality = e > 0 ? (float)(m0 / sqrt(e * TPL_LEN)) : 0;
    out->tau = (double)(lag0 + bl) + frac;
    out->freq = fb;
    out->pol = bp;
}

/* Up to max sync hypotheses, best first: the strongest coherent maxima over
 * lag and polarity at least 3 samples apart (the training repeats every 4 bits,
 * so a lag 20 samples off scores almost as well at low SNR). */
static int fine_sync(struct gmsk_demod *d, uint64_t s0, struct sync *out, int max)
{
    int64_t lag0 = (int64_t)s0 + LAG_LO;
    sync_segments(d, lag0);
    /* Frequency from the best differential sum: its magnitude at every lag on
     * the kernel (the same bits as the sum below), the sum itself at the best. */
    float best = -1, dm[2][NLAGS], cm[2][NLAGS];
    int dl = 0, dp = 0;
    for (int p = 0; p < 2; p++)
        kern.diffmag_cf(d->sc[p][0], NLAGS, NSEGS, NLAGS, dm[p]);
    for (int li = 0; li < NLAGS; li++)
        for (int p = 0; p < 2; p++)
            if (dm[p][li] > best) {
                best = dm[p][li];
                dl = li;
                dp = p;
            }
    float complex bestd = 0, sb[NSEGS];
    if (best >= 0) {
        segs_at(d, dl, dp, sb);
        for (int s = 0; s + 1 < NSEGS; s++)
            bestd += cmulf(sb[s + 1], conjf(sb[s]));
    }
    float f0 = cargf(bestd) * FS / (2.0f * (float)M_PI * SEG);
    float met[NLAGS][2];
    float complex ph0[NSEGS], phg[NSEGS][NGRID] = {{0}};
    seg_phasors(f0, ph0); /* once for every lag (speed) */
    for (int p = 0; p < 2; p++)
        kern.cohmag_cf(d->sc[p][0], NLAGS, NSEGS, ph0, NLAGS, cm[p]);
    for (int li = 0; li < NLAGS; li++)
        for (int p = 0; p < 2; p++)
            met[li][p] = cm[p][li];
    for (int i = 0; i < 13; i++) { /* refine's grid, once per hit */
        float complex g[NSEGS];
        seg_phasors(f0 + 50.0f * (float)(i - 6), g);
        for (int sg = 0; sg < NSEGS; sg++)
            phg[sg][i] = g[sg];
    }
    /* Best first; then the same polarity one training period (20 samples)
     * either side, the usual confusion at low SNR; then other maxima. */
    int n = 0;
    float top = 0;
    int bl0 = -1, bp0 = 0;
    while (n < max) {
        int bl = -1, bp = 0;
        float bm = -1;
        if (n == 1 || n == 2) {
            int li = bl0 + (n == 1 ? 20 : -20);
            if (li >= 0 && li < NLAGS) {
                /* the local maximum within +-2 of that lag */
                for (int k = li - 2; k <= li + 2; k++)
                    if (k >= 0 && k < NLAGS && met[k][bp0] > bm) {
                        bm = met[k][bp0];
                        bl = k;
                        bp = bp0;
                    }
            }
        }
        if (bl < 0)
            for (int li = 0; li < NLAGS; li++)
                for (int p = 0; p < 2; p++)
                    if (met[li][p] > bm) {
                        bm = met[li][p];
                        bl = li;
                        bp = p;
                    }
        if (bl < 0 || bm <= 0 || (n > 0 && bm < d->cfg.alt_ratio * top)) break;
        if (n == 0) {
            top = bm;
            bl0 = bl;
            bp0 = bp;
        }
        for (int li = bl - 3; li <= bl + 3; li++)
            if (li >= 0 && li < NLAGS) met[li][0] = met[li][1] = -1;
        refine(d, lag0, bl, bp, f0, (const float complex(*)[NGRID])phg, &out[n]);
        if (out[n].quality < d->cfg.sync_min) break;
        n++;
    }
    /* The first one gets the correction: the highest coherent correlation at
     * its own refined frequency and timing, which picks the right training
     * period more often than the metric at the common frequency. */
    for (int i = 1; i < n; i++)
        if (out[i].quality > out[0].quality) {
            struct sync t = out[0];
            out[0] = out[i];
            out[i] = t;
        }
    return n;
}

/* Derotate y around the burst into yd[i0..i1): yd[i] = y[base + i] e^{-j w i}. */
static void derotate(struct gmsk_demod *d, int64_t base, size_t i0, size_t i1, float freq)
{
    if (d->limit) {
        /* Hard limiter: the phase of a burst with a weaker one under it is
         * off by at most asin(ratio) (FM capture), where the linear sum is not. */
        double w = -2.0 * M_PI * freq / FS;
        float complex step = (float)cos(w) + I * (float)sin(w);
        float complex ph = (float)cos(w * (double)i0) + I * (float)sin(w * (double)i0);
        for (size_t i = i0; i < i1; i++) {
            float complex v = ring_at(d, base + (int64_t)i);
            float m = crealf(v) * crealf(v) + cimagf(v) * cimagf(v);
            d->yd[i] = m > 0 ? v * ph / sqrtf(m) : 0;
            ph *= step;
            if ((i & 63) == 63) ph /= cmag(ph);
        }
        return;
    }
    if (i1 <= i0) return;
    /* Out of the ring in at most two pieces, then the rotation kernel. */
    size_t n = i1 - i0, at = (size_t)((uint64_t)(base + (int64_t)i0) & RMASK);
    size_t m = RING - at < n ? RING - at : n;
    memcpy(d->yd + i0, d->ring + at, m * sizeof *d->yd);
    memcpy(d->yd + i0 + m, d->ring, (n - m) * sizeof *d->yd);
    double w = -2.0 * M_PI * freq / FS;
    float complex step = (float)cos(w) + I * (float)sin(w);
    float complex ph = (float)cos(w * (double)i0) + I * (float)sin(w * (double)i0);
    kern.rotate_cccf(d->yd + i0, n, &ph, step, d->yd + i0);
}

/* Matched-filter outputs w[k0..k1) (not yet normalised): b_k peaks at
 * t0 + frac + SPS (k + 1); derotates the samples it needs first. */
static void mf_range(struct gmsk_demod *d, int64_t base, const float *h0, float freq, size_t k0,
                     size_t k1)
{
    static const float complex jm[4] = {1, -I, -1, I}; /* j^-(k+1) for (k+1) mod 4 */
    size_t i0 = k0 ? (size_t)SPS * k0 + MF_TAPS : 0;
    size_t i1 = (size_t)SPS * k1 + MF_TAPS;
    derotate(d, base, i0, i1, freq);
    if (k1 <= k0) return;
    /* w[k] = sum_m h0[m] yd[SPS (k + 1) + m]: the FIR-decimation kernel
     * (taps given in this order, each twice: see kernels.h). */
    float dt[2 * MF_TAPS];
    for (int m = 0; m < MF_TAPS; m++)
        dt[2 * m] = dt[2 * m + 1] = h0[m];
    kern.firdecim_crcf(dt, MF_TAPS, d->yd + (size_t)SPS * (k0 + 1), k1 - k0, SPS, d->w + k0);
    for (size_t k = k0; k < k1; k++)
        d->w[k] *= jm[(k + 1) & 3];
}

struct pll {
    float k1, k2, theta, nu;
};

static void pll_init(struct pll *p, float bw)
{
    const float zeta = 0.7071f;
    float tn = bw / (zeta + 1.0f / (4.0f * zeta));
    float den = 1 + 2 * zeta * tn + tn * tn;
    p->k1 = 4 * zeta * tn / den;
    p->k2 = 4 * tn * tn / den;
    p->theta = 0;
    p->nu = 0;
}

/* Decide symbols [k0, k1) from w with the PLL; known symbols forced. */
static void pll_run(struct gmsk_demod *d, struct pll *p, const int8_t *known, size_t k0, size_t k1,
                    float complex *wr)
{
    float complex ph = cosf(p->theta) - I * sinf(p->theta);
    for (size_t k = k0; k < k1; k++) {
        float complex v = d->w[k] * ph;
        wr[k] = v;
        int8_t c = (int8_t)(crealf(v) >= 0 ? 1 : -1);
        d->dec[k] = k < DATA_START ? known[k] : c;
        d->soft[k] = crealf(v);
        if (k >= 2) {
            float complex pv = wr[k - 1];
            float e =
                (float)d->dec[k - 1] * (cimagf(pv) - d->r1 * (float)(d->dec[k] - d->dec[k - 2]));
            p->nu += p->k2 * e;
            float dt = p->k1 * e + p->nu;
            p->theta += dt;
            /* e^{-j dt} to second order; renormalised now and then. */
            ph *= (1.0f - 0.5f * dt * dt) - I * dt;
            if ((k & 15) == 15) ph = cosf(p->theta) - I * sinf(p->theta);
        }
    }
}

/* Pass 2's matched-filter outputs at timing tau into d->w[0..need), on the
 * scale and carrier of the fit: d->yd holds the samples from tb - MF_HALF on,
 * derotated at the fitted frequency (the fit's dw radians per symbol is dw /
 * SPS per sample); symbol k's centre is then SPS (k + 1) + MF_HALF + frac
 * samples in, where the fit's rotation e^{-j dw k} is the derotation times a
 * constant. gain holds the preamble gain and fitted phase, and the carrier
 * phase between the first attempt's derotation start t0 and tb. */
static void mf_at(struct gmsk_demod *d, double tau, int64_t tb, float complex gain, float dw,
                  size_t need)
{
    static const float complex jm[4] = {1, -I, -1, I};
    int64_t t = (int64_t)floor(tau);
    float frac = (float)(tau - (double)t), h[MF_TAPS], dt[2 * MF_TAPS];
    laurent_mf_taps(d->lau, frac, h);
    for (int m = 0; m < MF_TAPS; m++)
        dt[2 * m] = dt[2 * m + 1] = h[m];
    size_t off = (size_t)(t - tb);
    kern.firdecim_crcf(dt, MF_TAPS, d->yd + off + SPS, need, SPS, d->w);
    float a = dw * ((float)(SPS + MF_HALF) + (float)off + frac) / SPS;
    float complex g = cmulf(gain, cosf(a) + I * sinf(a));
    for (size_t k = 0; k < need; k++)
        d->w[k] = cmulf(d->w[k], cmulf(g, jm[(k + 1) & 3]));
}

/* Pass 2's decisions after the frequency/phase fit (d->w on its carrier):
 * the timing refined over the burst from the narrow loop's decisions (three
 * matched-filter timings half a sample apart, parabola), then each symbol
 * decided against the reference of its neighbours (dsp/phase_smooth).
 * Symbols [0, nfit) are fitted (up to pass 1's first end flag), [0, need)
 * decided. gain: the preamble gain and the fitted phase; t0, freq: the first
 * attempt's derotation start and frequency. */
#define SMOOTH_HALF 32
#define TIMING_STEP 0.5
static void pass2_smooth(struct gmsk_demod *d, double tau, int64_t t0, float freq,
                         float complex gain, float dw, const int8_t *known, size_t nfit,
                         size_t need)
{
    float complex *ref = d->wr, *work = d->u;
    const int8_t *dec = d->dec;
    phase_smooth_ref(d->w, dec, need, nfit, d->r1, SMOOTH_HALF, work, ref);
    float m0 = phase_smooth_metric(d->w, dec, nfit, d->r1, ref);
    /* One derotation for every timing tried (at most 2 samples apart). */
    int64_t tb = (int64_t)floor(tau - TIMING_STEP);
    float f2 = freq + dw * FS / (2.0f * (float)M_PI * SPS);
    derotate(d, tb - MF_HALF, 0, (size_t)SPS * need + MF_TAPS + 2, f2);
    double a = -2.0 * M_PI * (double)f2 / FS * (double)(tb - t0);
    gain = cmulf(gain, (float)cos(a) + I * (float)sin(a));
    mf_at(d, tau - TIMING_STEP, tb, gain, dw, need);
    float mm = phase_smooth_metric(d->w, dec, nfit, d->r1, ref);
    mf_at(d, tau + TIMING_STEP, tb, gain, dw, need);
    float mp = phase_smooth_metric(d->w, dec, nfit, d->r1, ref);
    float den = mm - 2 * m0 + mp, x = 0;
    if (den < 0) x = 0.5f * (mm - mp) / den;
    x = x < -1 ? -1 : x > 1 ? 1 : x;
    mf_at(d, tau + TIMING_STEP * x, tb, gain, dw, need);
    phase_smooth_ref(d->w, dec, need, nfit, d->r1, SMOOTH_HALF, work, ref);
    float amp = phase_smooth_amp(d->w, dec, nfit, d->r1, ref);
    phase_smooth_soft(d->w, ref, dec, need, d->r2, amp > 0 ? amp : 1, d->soft);
    for (size_t k = 0; k < need; k++)
        d->dec[k] = k < DATA_START ? known[k] : (int8_t)(d->soft[k] >= 0 ? 1 : -1);
}

static float soft_var(const float *s, size_t k0, size_t k1)
{
    double v = 0;
    for (size_t k = k0; k < k1; k++) {
        double e = fabs((double)s[k]) - 1.0;
        v += e * e;
    }
    return k1 > k0 ? (float)(v / (double)(k1 - k0)) : 1.0f;
}

static int decode_at(struct gmsk_demod *d, const struct preamble_hit *h, const struct sync *syp,
                     int correct, int final, unsigned *tried, uint64_t *ready, gmsk_demod_cb cb,
                     void *ctx);

/* Samples needed (d->n) before nbits symbols from t0 can be decided. */
static uint64_t ready_for(int64_t t0, size_t nbits)
{
    int64_t r = t0 + MF_HALF + 2 + (int64_t)SPS * ((int64_t)nbits + 1);
    return r > 0 ? (uint64_t)r : 0;
}

/* One step of a hit's processing. final: no more samples will come (flush), or
 * the longest burst is in. Returns 1 when the hit is done, 0 when deferred
 * (hs->ready set). */
static int process_hit(struct gmsk_demod *d, const struct preamble_hit *h, struct hit_state *hs,
                       int final, gmsk_demod_cb cb, void *ctx)
{
    if (hs->nh < 0) {
        d->stats.hits++;
        if (h->sample < d->busy_until &&
            !(d->cfg.overlap && overlap_stronger_starts(d, h->sample, d->busy_power))) {
            d->stats.skipped++;
            return 1;
        }
        if (h->sample < (uint64_t)(-LAG_LO) + 64 || h->sample + LAG_HI + TPL_OFF + TPL_LEN > d->n ||
            d->n - h->sample > RING - 256) {
            d->stats.noframe++;
            return 1;
        }
        hs->nh = fine_sync(d, h->sample, hs->hyp, d->cfg.sync_hyps < 8 ? d->cfg.sync_hyps : 8);
        if (hs->nh == 0) {
            d->stats.nosync++;
            return 1;
        }
        hs->next = 0;
        hs->rc = AISD_E_FORMAT;
        d->have_att = 0;
    } else if (d->n - h->sample > RING - 256) {
        d->stats.noframe++; /* cannot happen while hits are drained in time */
        return 1;
    }
    uint64_t ready = 0;
    d->limit = 0;
    for (; hs->next < hs->nh && hs->rc != 0; hs->next++) {
        int rc, fix = hs->next == 0 ? FIX_ALL : hs->alt_fix ? FIX_FORMED : FIX_NONE;
        do /* a step may make the next one due at once */
            rc = decode_at(d, h, &hs->hyp[hs->next], fix, final, &hs->tried, &ready, cb, ctx);
        while (rc == AISD_E_AGAIN && ready <= d->n);
        if (rc == AISD_E_AGAIN) {
            hs->ready = ready;
            return 0;
        }
        hs->rc = rc;
        if (hs->next == 0)
            hs->alt_fix = rc == AISD_E_FORMAT;
        else if (hs->tried & 1)
            hs->alt_fix = 0; /* one more correction per hit at most */
        hs->tried = 0;
    }
    if (hs->rc != 0 && hs->next == hs->nh && d->cfg.limiter &&
        hs->hyp[0].quality >= d->cfg.limiter_q) {
        /* Maybe a weaker burst underneath: the limited signal, best sync only,
         * no correction. */
        d->limit = 1;
        int rc;
        do
            rc = decode_at(d, h, &hs->hyp[0], FIX_NONE, final, &hs->tried, &ready, cb, ctx);
        while (rc == AISD_E_AGAIN && ready <= d->n);
        d->limit = 0;
        if (rc == AISD_E_AGAIN) {
            hs->ready = ready;
            return 0;
        }
        hs->rc = rc;
        if (rc == 0) d->stats.limited++;
    }
    hs->next = hs->nh + 1; /* the hypotheses and the limiter are done */
    if (hs->rc != 0 && d->cfg.overlap && d->have_att && hs->hyp[0].quality >= d->cfg.overlap_q) {
        /* Maybe two bursts on top of each other: cancel one, decode the other.
         * It reads the samples there are after the burst (the other one may
         * end later): so, as always, once the longest burst's are in. */
        uint64_t all_in =
            h->sample + LAG_HI + (uint64_t)SPS * (d->cfg.max_bits + 2) + 2 * MF_HALF + 8;
        if (!final && d->n < all_in) {
            hs->ready = all_in;
            return 0;
        }
        int nf = overlap_retry(d->ov, d, &d->att, d->ovr, OVERLAP_MAX_FRAMES);
        d->have_att = 0;
        for (int i = 0; i < nf; i++) {
            const struct gmsk_result *r = &d->ovr[i];
            if (r->sample + r->nsamples > d->busy_until) {
                d->busy_until = r->sample + r->nsamples;
                d->busy_power = gmsk_demod_power(d, r->sample, 150);
            }
            d->stats.overlapped++;
            if (cb) cb(ctx, r);
        }
        if (nf > 0) hs->rc = 0;
    }
    if (hs->rc == AISD_E_CHECKSUM)
        d->stats.crc_fail++;
    else if (hs->rc != 0)
        d->stats.noframe++;
    return 1;
}

/* Decodes one sync hypothesis. Before the longest burst is in (!final), it
 * returns AISD_E_AGAIN with *ready (the sample count to retry at) when the
 * result could still change with more samples: a frame is only taken early
 * when it is the one the whole span would give (the PLL and the matched filter
 * are causal, and the decode stops at the first end flag), and the correction
 * always runs on the span it would have with every sample in. */
static int decode_at(struct gmsk_demod *d, const struct preamble_hit *h, const struct sync *syp,
                     int correct, int final, unsigned *tried, uint64_t *ready, gmsk_demod_cb cb,
                     void *ctx)
{
    struct sync sy = *syp;
    if (!isfinite(sy.tau) || !isfinite(sy.freq)) /* NaN/inf samples (a corrupt cf32 file) */
        return AISD_E_FORMAT;
    int64_t t0 = (int64_t)floor(sy.tau);
    float frac = (float)(sy.tau - (double)t0);
    /* Symbols available. */
    int64_t avail = (int64_t)d->n - t0 - MF_HALF - 2;
    size_t nb = avail >= 2 * SPS ? (size_t)(avail / SPS) - 1 : 0;
    if (nb >= d->cfg.max_bits) {
        nb = d->cfg.max_bits;
        final = 1;
    }
    if (nb < DATA_START + 48) {
        if (final) return AISD_E_FORMAT;
        *ready = ready_for(t0, DATA_START + 48);
        return AISD_E_AGAIN;
    }
    int64_t base = t0 - MF_HALF;
    float h0[MF_TAPS];
    laurent_mf_taps(d->lau, frac, h0);
    size_t first = DATA_START + 16;
    mf_range(d, base, h0, sy.freq, 0, first);
    const int8_t *known = d->known[sy.pol];
    float complex g = 0;
    for (int k = 2; k < 30; k++)
        g += d->w[k] * (float)known[k];
    g /= 28.0f;
    if (cabsf(g) <= 0) return AISD_E_FORMAT;
    float complex ginv = 1.0f / g;
    for (size_t k = 0; k < first; k++)
        d->w[k] *= ginv;
    /* Pass 1 on the first symbols, to learn the type and so the length. */
    float complex *wr = d->wr;
    struct pll p;
    pll_init(&p, d->cfg.pll_bw1);
    pll_run(d, &p, known, 0, first, wr);
    unsigned type = crc_fix_hard_type(d->dec, first, DATA_START);
    int valid = type >= 1 && type <= 27;
    unsigned alt = 0, bits = valid ? crc_fix_type_bits(type, &alt) : 0;
    /* A clear preamble whose type is invalid or variable may have errors in
     * the type bits themselves: the correction then tries the common
     * lengths (168, 424) too. */
    int guess =
        correct == FIX_ALL && d->cfg.correct && d->cfg.guess_q > 0 && sy.quality >= d->cfg.guess_q;
    if (!valid && !guess) {
        if (d->cfg.verbose)
            fprintf(stderr, "hit %llu rho %.2f tau %.1f f %.0f pol %d q %.2f badtype %u\n",
                    (unsigned long long)h->sample, h->rho, sy.tau, sy.freq, sy.pol, sy.quality,
                    type);
        return AISD_E_FORMAT;
    }
    /* Spans (symbols from the training start): full is the one the decode
     * has with every sample in, as it always had: the guessed lengths' span
     * for a clear preamble whose type is invalid or of fixed length, the
     * type's length, or the longest burst for a variable-length type. */
    unsigned mx = alt > bits ? alt : bits;
    size_t need_type = DATA_START + (mx + 16) * 6 / 5 + 24; /* fixed length, most stuffing */
    size_t gspan = DATA_START + (424 + 16) * 6 / 5 + 24;    /* the guessed lengths' */
    if (gspan > d->cfg.max_bits) gspan = d->cfg.max_bits;
    size_t need, full;
    if (guess && (!valid || bits))
        full = gspan;
    else if (bits)
        full = need_type;
    else
        full = d->cfg.max_bits;
    if (full > d->cfg.max_bits) full = d->cfg.max_bits;
    /* early: fewer symbols than full. A plain frame that ends inside them is
     * taken then (the same frame as with every sample in: the matched filter
     * and the PLL are causal and the decode stops at the first end flag).
     * Each correction runs once, on the span of the length it assumes: the
     * type's own length (once need_type is in), the guessed lengths 168/424
     * (once gspan is in), so a corrected frame is not held for the longest
     * burst either. */
    int early = !final && full > nb;
    int fix_type = bits && correct && d->cfg.correct && !(*tried & 1);
    int fix_guess = guess && !(*tried & 2);
    if (early && bits) {
        /* The shortest burst of that length: no stuffing, both flags. */
        unsigned lo = alt && alt < bits ? alt : bits;
        size_t shortest = DATA_START + lo + 16 + 8 + 4;
        if (nb < shortest) {
            *ready = ready_for(t0, shortest);
            return AISD_E_AGAIN;
        }
    } else if (early && !valid) {
        *ready = ready_for(t0, full); /* only the correction's guesses can help */
        return AISD_E_AGAIN;
    }
    need = full < nb ? full : nb;
    int step_fix = 0; /* an early step that ends with a correction */
    if (early && bits && nb >= need_type) {
        need = need_type; /* guessed lengths pending: the type's own one now */
        step_fix = fix_type;
    } else if (early && valid && !bits && fix_guess && nb >= gspan) {
        need = gspan; /* variable length: the guessed lengths now */
        step_fix = 1;
    }
    mf_range(d, base, h0, sy.freq, first, need);
    for (size_t k = first; k < need; k++)
        d->w[k] *= ginv;
    pll_run(d, &p, known, first, need, wr);
    int flag1 = crc_fix_hard_end(d->dec, need, DATA_START) < need; /* pass 1 saw an end flag */
    size_t end = bits || !valid ? need : crc_fix_hard_end(d->dec, need, DATA_START);
    if (!bits && valid) {
        /* Variable length: the frame ends at the first end flag. Before it is
         * in, come back 64 symbols later (or for the guessed lengths). */
        if (early && !step_fix && end + 4 > need) {
            size_t next = need + 64 < full ? need + 64 : full;
            if (fix_guess && need < gspan && gspan < next) next = gspan;
            *ready = ready_for(t0, next);
            return AISD_E_AGAIN;
        }
        if (!guess) {
            end = end + 4 < need ? end + 4 : need;
            need = end;
            early = 0; /* the full decode stops at the same flag */
        }
    }
    struct gmsk_result r;
    memset(&r, 0, sizeof r);
    size_t fend = 0;
    int rc = crc_fix_decode(d->fix, d->dec, need, DATA_START, &r.frame, &fend);
    d->stats.checked += rc != AISD_E_FORMAT;
    int formed = rc == AISD_E_CHECKSUM; /* a well-formed frame in pass 1 or 2 */
    r.pass = 1;
    float dfreq = 0;
    if (rc == 0 && early && !step_fix && fend > need) {
        /* The flag's last symbol: whether a seventh one follows is not known yet. */
        *ready = ready_for(t0, need + 1);
        return AISD_E_AGAIN;
    }
    if (rc != 0 && early && !step_fix && !flag1) {
        /* Pass 2 fits its frequency over the burst up to the first end flag:
         * without one yet, it would not be the fit of the whole span. */
        *ready = ready_for(t0, bits && need < need_type ? need_type : full);
        return AISD_E_AGAIN;
    }
    if (rc != 0 && d->cfg.pass2) {
        /* Keep pass 1's decisions: the correction uses whichever pass looks
         * cleaner (pass 2's narrow loop can be worse on long bursts). */
        memcpy(d->dec1, d->dec, need);
        memcpy(d->soft1, d->soft, need * sizeof *d->soft);
        /* Whole-burst resync: residual frequency and phase from decisions. */
        size_t e2 = crc_fix_hard_end(d->dec, need, DATA_START);
        float complex acc = 0;
        const int lag = 16;
        float complex *u = d->u;
        for (size_t k = 1; k + 1 < e2; k++) {
            float complex model =
                (float)d->dec[k] + I * d->r1 * (float)(d->dec[k + 1] - d->dec[k - 1]);
            u[k] = d->w[k] * conjf(model);
        }
        for (size_t k = 1; k + lag + 1 < e2; k++)
            acc += u[k + lag] * conjf(u[k]);
        float dw = cargf(acc) / lag;
        float complex rs = cosf(dw) - I * sinf(dw), rp = 1;
        float complex ph = 0;
        for (size_t k = 1; k + 1 < e2; k++) {
            if ((k & 31) == 1) rp = rot_at(dw, k);
            ph += u[k] * rp;
            rp *= rs;
        }
        float phi = cargf(ph);
        float complex r0 = cosf(phi) - I * sinf(phi);
        for (size_t k = 0; k < need; k++) {
            if ((k & 31) == 0) rp = rot_at(dw, k) * r0;
            d->w[k] *= rp;
            rp *= rs;
        }
        dfreq = dw * 9600.0f / (2.0f * (float)M_PI);
        pll_init(&p, d->cfg.pll_bw2);
        pll_run(d, &p, known, 0, need, wr);
        if (d->cfg.smooth) pass2_smooth(d, sy.tau, t0, sy.freq, ginv * r0, dw, known, e2, need);
        rc = crc_fix_decode(d->fix, d->dec, need, DATA_START, &r.frame, &fend);
        d->stats.checked += rc != AISD_E_FORMAT;
        formed |= rc == AISD_E_CHECKSUM;
        r.pass = 2;
        if (rc == 0 && early && !step_fix && fend > need) {
            *ready = ready_for(t0, need + 1);
            return AISD_E_AGAIN;
        }
        if (rc != 0 && soft_var(d->soft1, DATA_START, need) < soft_var(d->soft, DATA_START, need)) {
            memcpy(d->dec, d->dec1, need);
            memcpy(d->soft, d->soft1, need * sizeof *d->soft);
        }
    }
    /* A variable-length frame whose end flag is in: the plain decode is what
     * it will be; only the guessed lengths may still be pending. */
    int plain_done = valid && !bits && flag1;
    if (rc != 0 && early && !step_fix && !(plain_done && !fix_guess)) {
        /* Not yet: the next length the burst may have, or the full span. */
        size_t next = bits && need < need_type ? need_type : full;
        if (valid && !bits && fix_guess) next = gspan;
        *ready = ready_for(t0, next);
        return AISD_E_AGAIN;
    }
    unsigned flipped = 0;
    /* Correction only on the best sync hypothesis (and FIX_FORMED's one):
     * every extra search is another chance for a false frame. */
    int run_guesses = fix_guess && (!early || (step_fix && !bits));
    /* ... and only by the front end nearest to the burst (acquisition grid). */
    int in_range = sy.freq >= d->fix_lo && sy.freq <= d->fix_hi;
    if (rc != 0 && d->cfg.correct && correct && (correct == FIX_ALL || formed) && in_range) {
        static const unsigned guesses[3] = {0, 168, 424};
        for (int gi = 0; gi < 3 && rc != 0; gi++) {
            unsigned want = guesses[gi];
            if (want == 0 && !fix_type) continue;
            if (want && !run_guesses) break;
            if (want && (!guess || want == bits || want == alt)) continue;
            *tried |= want ? 2 : 1;
            int rf =
                crc_fix_search(d->fix, d->dec, d->soft, need, DATA_START, want, &r.frame, &flipped);
            if (want == 0 && rf != 0 && rf != AISD_E_CHECKSUM &&
                crc_fix_type_bits(crc_fix_hard_type(d->dec, need, DATA_START), NULL) != bits)
                /* The decisions the correction works on (pass 2, or pass 1
                 * redone over the whole span) read a type of another length
                 * than the first symbols did: the length learnt from those. */
                rf = crc_fix_search(d->fix, d->dec, d->soft, need, DATA_START, bits, &r.frame,
                                    &flipped);
            if (d->cfg.verbose) fprintf(stderr, "fix want %u rc %d\n", want, rf);
            if (rf == 0) {
                rc = 0;
                fend = crc_fix_hard_end(d->dec, need, DATA_START);
            }
        }
        if (run_guesses) *tried |= 2;
    }
    if (rc != 0 && early && !(plain_done && !(fix_guess && !run_guesses))) {
        /* The guessed lengths on their span, or the plain decode up to the
         * end flag of a variable-length frame. */
        size_t next = full;
        if (valid && !bits) next = need + 64 < full ? need + 64 : full;
        *ready = ready_for(t0, next);
        return AISD_E_AGAIN;
    }
    if (rc == AISD_E_CHECKSUM && fend > DATA_START && fend <= need) {
        /* A well-formed burst with a bad CRC: later hits inside it are its
         * own echoes (the strongest preamble came first). */
        uint64_t until = (uint64_t)t0 + (uint64_t)SPS * fend;
        if (until > d->busy_until) {
            d->busy_until = until;
            d->busy_power = gmsk_demod_power(d, (uint64_t)t0, 150);
        }
    }
    if (correct == FIX_ALL && !d->limit) {
        memcpy(d->att_dec, d->dec, need);
        d->att = (struct gmsk_attempt){sy.tau,     sy.freq + dfreq,
                                       sy.quality, d->att_dec,
                                       need,       fend > DATA_START && fend <= need ? fend : 0,
                                       rc};
        d->have_att = 1;
        if (d->on_att) d->on_att(d->att_ctx, &d->att);
    }
    if (d->cfg.verbose)
        fprintf(stderr, "hit %llu rho %.2f tau %.1f f %.0f pol %d q %.2f type %u rc %d pass %d\n",
                (unsigned long long)h->sample, h->rho, sy.tau, sy.freq, sy.pol, sy.quality, type,
                rc, r.pass);
    if (rc != 0) return rc;
    if (flipped)
        d->stats.fixed++;
    else if (r.pass == 1)
        d->stats.pass1++;
    else
        d->stats.pass2++;
    if (fend < DATA_START + 8 || fend > need) fend = need;
    r.corrected = (uint8_t)flipped;
    r.sample = (uint64_t)t0;
    r.nsamples = (uint32_t)(SPS * fend);
    r.power = gmsk_demod_power(d, (uint64_t)t0, r.nsamples);
    float v = soft_var(d->soft, DATA_START, fend);
    r.snr_db = 10.0f * log10f(1.0f / (v > 1e-6f ? v : 1e-6f));
    r.freq_hz = sy.freq + dfreq;
    r.sync = sy.quality;
    d->busy_until = (uint64_t)t0 + r.nsamples;
    d->busy_power = gmsk_demod_power(d, (uint64_t)t0, 150);
    if (cb) cb(ctx, &r);
    return 0;
}

static void drain(struct gmsk_demod *d, int all, gmsk_demod_cb cb, void *ctx)
{
    size_t i = 0;
    while (i < d->nhits && (all || d->n >= d->hst[i].ready)) {
        if (!process_hit(d, &d->hits[i], &d->hst[i], all, cb, ctx)) break;
        i++;
    }
    if (i) {
        memmove(d->hits, d->hits + i, (d->nhits - i) * sizeof d->hits[0]);
        memmove(d->hst, d->hst + i, (d->nhits - i) * sizeof d->hst[0]);
        d->nhits -= i;
    }
}

/* New hits from the detector: first attempt once the sync and the first
 * symbols (type, so length) can be in. */
static void add_hits(struct gmsk_demod *d, size_t nh)
{
    for (size_t i = d->nhits; i < d->nhits + nh; i++) {
        d->hst[i].nh = -1;
        d->hst[i].next = 0;
        d->hst[i].rc = AISD_E_FORMAT;
        d->hst[i].tried = 0;
        d->hst[i].alt_fix = 0;
        d->hst[i].ready = ready_for((int64_t)d->hits[i].sample + LAG_HI + 1, DATA_START + 48);
    }
    d->nhits += nh;
}

void gmsk_demod_push(struct gmsk_demod *d, const float complex *y, size_t n)
{
    /* Into the ring in at most two pieces per RING samples (speed). */
    for (size_t i = 0; i < n;) {
        size_t at = (size_t)((d->n + i) & RMASK), m = RING - at;
        if (m > n - i) m = n - i;
        memcpy(d->ring + at, y + i, m * sizeof *y);
        i += m;
    }
    add_hits(d, preamble_execute(d->det, y, n, d->hits + d->nhits, MAXHITS - d->nhits));
    d->n += n;
}

void gmsk_demod_process(struct gmsk_demod *d, gmsk_demod_cb cb, void *ctx)
{
    drain(d, 0, cb, ctx);
}

void gmsk_demod_execute(struct gmsk_demod *d, const float complex *y, size_t n, gmsk_demod_cb cb,
                        void *ctx)
{
    /* Chunks small enough that hits are processed before the ring wraps. */
    while (n) {
        size_t m = n < GMSK_DEMOD_MAX_PUSH ? n : GMSK_DEMOD_MAX_PUSH;
        gmsk_demod_push(d, y, m);
        drain(d, 0, cb, ctx);
        y += m;
        n -= m;
    }
}

void gmsk_demod_flush(struct gmsk_demod *d, gmsk_demod_cb cb, void *ctx)
{
    add_hits(d, preamble_flush(d->det, d->hits + d->nhits, MAXHITS - d->nhits));
    drain(d, 1, cb, ctx);
}

uint64_t gmsk_demod_horizon(const struct gmsk_demod *d)
{
    uint64_t h = preamble_horizon(d->det);
    if (d->nhits && d->hits[0].sample < h) h = d->hits[0].sample;
    /* A hit's training starts at most -LAG_LO samples before it, the timing
     * parabola and the floor() take up to 2 more. */
    const uint64_t back = (uint64_t)(-LAG_LO) + 2;
    return h > back ? h - back : 0;
}
