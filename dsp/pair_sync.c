/* pair_sync.c: least-squares synchronisation of two bursts over their
 * overlapping preambles (see pair_sync.h). */
#include "dsp/pair_sync.h"

#include "dsp/laurent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FS 48000.0
#define SPS 5
#define NK 32                         /* known symbols: training and start flag */
#define NR 8                          /* ramp-up bits before the training (unmodulated: data 1s) */
#define KMAX (PAIR_SYNC_SPAN * SPS)   /* coarse search of the other's start, samples */
#define PRE (NR * SPS + 2 * KMAX + 4) /* base samples before the fixed burst's start */
#define NBASE (PRE + NK * SPS + 4)
#define NREG ((NR + NK) * SPS + KMAX + 8)
#define KSTEP 2   /* coarse start grid, samples (refined after) */
#define MINREG 40 /* samples both preambles must share */
#define NF 41     /* coarse frequency grid of the other burst */
#define FSTEP 50.0
#define NFP 44 /* NF padded to whole vectors */
/* Where a burst is known: from the start of its ramp-up (8 bits before
 * training bit 0; the amplitude modelled as rising over bits -7.5..-1.5, a
 * guess between transmitters) to 30.5 bits after (the first data bit's pulse
 * starts). Both bursts' ramps are in the span, so the later one's start is
 * seen, not only its training sequence (periodic over 4 bits). */
#define KNOWN_LO (-(double)NR * SPS)
#define KNOWN_HI (30.5 * SPS)
#define RAMP_LO (-7.5 * SPS)
#define RAMP_HI (-1.5 * SPS)

struct pair_sync {
    struct laurent *lau;
    float rotr[NREG][NFP], roti[NREG][NFP]; /* e^{-j w_f m}, by m then f */
    float complex base[NBASE];              /* the preamble at the first estimate's start */
    float complex ps[NBASE];                /* ... with its frequency */
    float complex zy[NREG], zs[NREG], ca[NREG], cb[NREG];
};

struct pair_sync *pair_sync_create(void)
{
    struct pair_sync *ps = calloc(1, sizeof *ps);
    if (!ps) return NULL;
    struct laurent_config lc;
    laurent_config_default(&lc);
    ps->lau = laurent_create(&lc);
    if (!ps->lau) {
        pair_sync_destroy(ps);
        return NULL;
    }
    for (int f = 0; f < NF; f++) {
        double w = 2.0 * M_PI * FSTEP * (f - NF / 2) / FS;
        for (int m = 0; m < NREG; m++) {
            float complex r = (float complex)cexp(-I * w * m);
            ps->rotr[m][f] = crealf(r);
            ps->roti[m][f] = cimagf(r);
        }
    }
    return ps;
}

void pair_sync_destroy(struct pair_sync *ps)
{
    if (!ps) return;
    laurent_destroy(ps->lau);
    free(ps);
}

/* Least squares of y by g_a a + g_b b, given aa = |a|^2, bb = |b|^2,
 * ab = <a, b>, s = <a, y>, b = <b, y> (<u, v> = sum conj(u) v) and y = |y|^2.
 * Returns the residual power; 0 gains when a and b are nearly collinear. */
static double ls2(double aa, double bb, double complex ab, double complex s, double complex b,
                  double y, double complex *ga, double complex *gb)
{
    double det = aa * bb - creal(ab * conj(ab));
    if (!(det > 0.1 * aa * bb)) {
        *ga = *gb = 0;
        return y;
    }
    *ga = (bb * s - ab * b) / det;
    *gb = (aa * b - conj(ab) * s) / det;
    return y - creal(conj(s) * *ga + conj(b) * *gb);
}

/* The span [r0, r1) where both bursts (starts ta, tb, each allowed to move by
 * slack samples) are known, within [0, len). */
static int region(double ta, double tb, double slack, size_t len, long *r0, long *r1)
{
    double lo = fmin(ta, tb);
    *r0 = (long)ceil(lo + KNOWN_LO);
    *r1 = (long)floor(lo - slack + KNOWN_HI) + 1;
    if (*r0 < 0) *r0 = 0;
    if (*r1 > (long)len) *r1 = (long)len;
    return *r1 - *r0 >= MINREG;
}

/* Amplitude of the ramp-up at t samples from training bit 0. */
static double ramp(double t)
{
    if (t <= RAMP_LO) return 0;
    if (t >= RAMP_HI) return 1;
    return 0.5 * (1.0 - cos(M_PI * (t - RAMP_LO) / (RAMP_HI - RAMP_LO)));
}

/* Unit burst start (ramp, training, flag: levels a[0..NR + NK)) with training
 * bit 0 at tau and frequency f over [r0, r1) into out. */
static void preamble(const struct pair_sync *ps, const int8_t *a, double tau, double f, long r0,
                     long r1, float complex *out)
{
    laurent_modulate(ps->lau, a, NR + NK, (float)(tau - NR * SPS - (double)r0), out,
                     (size_t)(r1 - r0));
    for (long n = r0; n < r1 && (double)n - tau < RAMP_HI; n++)
        out[n - r0] *= (float)ramp((double)n - tau);
    if (f == 0) return;
    double w = 2.0 * M_PI * f / FS;
    double cr = cos(w * (double)r0), ci = sin(w * (double)r0), sr = cos(w), si = sin(w);
    for (long n = r0; n < r1; n++) {
        float re = crealf(out[n - r0]), im = cimagf(out[n - r0]);
        out[n - r0] = (float)(re * cr - im * ci) + I * (float)(re * ci + im * cr);
        double t = cr * sr - ci * si;
        ci = cr * si + ci * sr;
        cr = t;
    }
}

/* Refine burst x (start, frequency) with the other one (fixed waveform fix
 * over [r0, r1)) by least squares on a grid of +-tspan samples (step tstep)
 * and +-fspan Hz (step fstep). Returns the best residual. */
static double refine(struct pair_sync *ps, const int8_t *a, const float complex *y, long r0,
                     long r1, const float complex *fix, struct pair_sync_burst *x, double tspan,
                     double tstep, double fspan, double fstep)
{
    double yy = 0, aa = 0;
    double complex s = 0;
    for (long k = r0; k < r1; k++) {
        yy += crealf(y[k] * conjf(y[k]));
        aa += crealf(fix[k - r0] * conjf(fix[k - r0]));
        s += conjf(fix[k - r0]) * y[k];
    }
    double best = INFINITY, bt = x->tau, bf = x->freq_hz;
    for (double dt = -tspan; dt <= tspan + 1e-9; dt += tstep) {
        preamble(ps, a, x->tau + dt, 0, r0, r1, ps->cb);
        double bb = 0;
        for (long k = r0; k < r1; k++)
            bb += crealf(ps->cb[k - r0] * conjf(ps->cb[k - r0]));
        for (double df = -fspan; df <= fspan + 1e-9; df += fstep) {
            double w = 2.0 * M_PI * (x->freq_hz + df) / FS;
            double cr = cos(w * (double)r0), ci = sin(w * (double)r0), sr = cos(w), si = sin(w);
            double abr = 0, abi = 0, br = 0, bi = 0;
            for (long k = r0; k < r1; k++) {
                /* p = cb e^{j w k}, ab += conj(fix) p, b += conj(p) y (in reals) */
                double qr = crealf(ps->cb[k - r0]), qi = cimagf(ps->cb[k - r0]);
                double pr = qr * cr - qi * ci, pi = qr * ci + qi * cr;
                double fr = crealf(fix[k - r0]), fi = cimagf(fix[k - r0]);
                double yr = crealf(y[k]), yi = cimagf(y[k]);
                abr += fr * pr + fi * pi;
                abi += fr * pi - fi * pr;
                br += pr * yr + pi * yi;
                bi += pr * yi - pi * yr;
                double t = cr * sr - ci * si;
                ci = cr * si + ci * sr;
                cr = t;
            }
            double complex ab = abr + I * abi, b = br + I * bi;
            double complex ga, gb;
            double r = ls2(aa, bb, ab, s, b, yy, &ga, &gb);
            if (r < best) {
                best = r;
                bt = x->tau + dt;
                bf = x->freq_hz + df;
            }
        }
    }
    x->tau = bt;
    x->freq_hz = bf;
    return best;
}

/* Burst x's start (within +-KMAX samples of fix's) and frequency on the
 * coarse grid, with burst fix as it is; levels afix and ax. Returns the best
 * residual (INFINITY: none). */
static double coarse(struct pair_sync *ps, const int8_t *afix, const int8_t *ax,
                     const float complex *y, size_t len, const struct pair_sync_burst *fix,
                     struct pair_sync_burst *x)
{
    long nb0 = (long)floor(fix->tau) - PRE;
    preamble(ps, ax, fix->tau, 0, nb0, nb0 + NBASE, ps->base);
    preamble(ps, afix, fix->tau, fix->freq_hz, nb0, nb0 + NBASE, ps->ps);
    /* One span for every candidate (so that they compare alike): from where
     * the earliest one's ramp starts to where the earliest one's first data
     * bit may start. */
    long rs = (long)ceil(fix->tau + KNOWN_LO) - KMAX,
         re = (long)floor(fix->tau + KNOWN_HI) + 1 - KMAX;
    if (rs < 0) rs = 0;
    if (re > (long)len) re = (long)len;
    if (re - rs < MINREG) return INFINITY;
    double best = INFINITY;
    for (long k = -KMAX; k <= KMAX; k += KSTEP) {
        double tw = fix->tau + (double)k;
        long r0 = rs, r1 = re;
        long nn = r1 - r0;
        double yy = 0, aa = 0, bb = 0;
        double complex s = 0;
        for (long m = 0; m < nn; m++) {
            long n = r0 + m;
            float complex pw = conjf(ps->base[n - k - nb0]), pss = ps->ps[n - nb0];
            ps->zy[m] = y[n] * pw;
            ps->zs[m] = pss * pw;
            s += conjf(pss) * y[n];
            yy += crealf(y[n] * conjf(y[n]));
            aa += crealf(pss * conjf(pss));
            bb += crealf(pw * conjf(pw));
        }
        /* Every frequency at once, each summed over m in order (spelt out
         * in reals: a complex product may be a library call; the loop over
         * the frequencies vectorises). */
        float ar[NFP] = {0}, ai[NFP] = {0}, br[NFP] = {0}, bi[NFP] = {0};
        for (long m = 0; m < nn; m++) {
            float zsr = crealf(ps->zs[m]), zsi = cimagf(ps->zs[m]);
            float zyr = crealf(ps->zy[m]), zyi = cimagf(ps->zy[m]);
            const float *rr = ps->rotr[m], *ri = ps->roti[m];
            for (int f = 0; f < NFP; f++) {
                ar[f] += zsr * rr[f] - zsi * ri[f];
                ai[f] += zsr * ri[f] + zsi * rr[f];
                br[f] += zyr * rr[f] - zyi * ri[f];
                bi[f] += zyr * ri[f] + zyi * rr[f];
            }
        }
        for (int f = 0; f < NF; f++) {
            double complex za = ar[f] + I * ai[f], zb = br[f] + I * bi[f];
            /* <fix, x> = conj(za), <x, y> = zb (a common phase on both) */
            double complex ga, gb;
            double r = ls2(aa, bb, conj(za), s, zb, yy, &ga, &gb);
            if (r < best) {
                best = r;
                x->tau = tw;
                x->freq_hz = FSTEP * (f - NF / 2);
            }
        }
    }
    return best;
}

double pair_sync_search(struct pair_sync *ps, const float complex *y, size_t len,
                        const int8_t *known, double tau0, double f0_hz,
                        struct pair_sync_burst out[2])
{
    memset(out, 0, 2 * sizeof *out);
    out[0].tau = tau0;
    out[0].freq_hz = f0_hz;
    if (!(tau0 > PRE) || tau0 + NK * SPS >= (double)len) return 1;
    /* levels: the ramp's are the level before training bit 0 (which changes it) */
    /* levels per polarity: the ramp's are the level before training bit 0
     * (which changes it); the other polarity negates every level (the same
     * bits from the other NRZI state: the conjugate waveform) */
    int8_t a[2][NR + NK];
    for (int i = 0; i < NR; i++)
        a[0][i] = (int8_t)-known[0];
    a[0][NR] = known[0];
    for (int i = 1; i < NK; i++)
        a[0][NR + i] = (int8_t)(known[i] * known[i - 1]);
    for (int i = 0; i < NR + NK; i++)
        a[1][i] = (int8_t)-a[0][i];
    struct pair_sync_burst *s = &out[0], *w = &out[1];
    /* The first estimate may be off by whole bits (the training sequence
     * repeats every 4): each burst in turn is searched on the coarse grid
     * with the other fixed, then refined, in the polarity that fits it best
     * (either may end up in the other one: the first estimate may be the
     * other burst's). */
    for (int round = 0; round < 3; round++) {
        struct pair_sync_burst *fix = round & 1 ? w : s, *x = round & 1 ? s : w;
        struct pair_sync_burst alt = *x;
        double r0p = coarse(ps, a[fix->pol], a[0], y, len, fix, x);
        double r1p = coarse(ps, a[fix->pol], a[1], y, len, fix, &alt);
        if (!isfinite(r0p) && !isfinite(r1p)) return 1;
        x->pol = 0;
        if (r1p < r0p) {
            *x = alt;
            x->pol = 1;
        }
        const int8_t *af = a[fix->pol], *ax = a[x->pol];
        long r0, r1;
        if (!region(s->tau, w->tau, 1.0, len, &r0, &r1)) return 1;
        preamble(ps, af, fix->tau, fix->freq_hz, r0, r1, ps->ca);
        refine(ps, ax, y, r0, r1, ps->ca, x, 1.0, 0.25, 2 * FSTEP, 5);
        if (!region(s->tau, w->tau, 1.0, len, &r0, &r1)) return 1;
        preamble(ps, ax, x->tau, x->freq_hz, r0, r1, ps->ca);
        refine(ps, af, y, r0, r1, ps->ca, fix, 1.0, 0.25, round ? 2 * FSTEP : 150, 5);
    }
    /* Last, both frequencies finer. */
    for (int i = 0; i < 2; i++) {
        struct pair_sync_burst *fix = &out[!i], *x = &out[i];
        long r0, r1;
        if (!region(s->tau, w->tau, 0.25, len, &r0, &r1)) return 1;
        preamble(ps, a[fix->pol], fix->tau, fix->freq_hz, r0, r1, ps->ca);
        refine(ps, a[x->pol], y, r0, r1, ps->ca, x, 0.25, 0.25, 5, 1);
    }
    /* Gains and residuals at the result. */
    long r0, r1;
    if (!region(s->tau, w->tau, 0, len, &r0, &r1)) return 1;
    preamble(ps, a[s->pol], s->tau, s->freq_hz, r0, r1, ps->ca);
    preamble(ps, a[w->pol], w->tau, w->freq_hz, r0, r1, ps->cb);
    double yy = 0, aa = 0, bb = 0;
    double complex ab = 0, sa = 0, sb = 0;
    for (long k = r0; k < r1; k++) {
        yy += crealf(y[k] * conjf(y[k]));
        aa += crealf(ps->ca[k - r0] * conjf(ps->ca[k - r0]));
        bb += crealf(ps->cb[k - r0] * conjf(ps->cb[k - r0]));
        ab += conjf(ps->ca[k - r0]) * ps->cb[k - r0];
        sa += conjf(ps->ca[k - r0]) * y[k];
        sb += conjf(ps->cb[k - r0]) * y[k];
    }
    double r2 = ls2(aa, bb, ab, sa, sb, yy, &s->g, &w->g);
    double r1s = aa > 0 ? yy - creal(sa * conj(sa)) / aa : 0;
    return r1s > 0 ? r2 / r1s : 1;
}

double pair_sync_unexplained(struct pair_sync *ps, const float complex *y, size_t len,
                             const int8_t *known, double tau, double f_hz)
{
    if (!(tau > PRE) || tau + NK * SPS >= (double)len) return 0;
    int8_t a[NR + NK];
    for (int i = 0; i < NR; i++)
        a[i] = (int8_t)-known[0];
    a[NR] = known[0];
    for (int i = 1; i < NK; i++)
        a[NR + i] = (int8_t)(known[i] * known[i - 1]);
    /* training and flag only (the ramp's shape differs between transmitters) */
    long r0 = (long)ceil(tau + 1.5 * SPS + 1), r1 = (long)floor(tau + KNOWN_HI - 1) + 1;
    double best = INFINITY;
    for (double dt = -1; dt <= 1 + 1e-9; dt += 0.5) {
        preamble(ps, a, tau + dt, 0, r0, r1, ps->cb);
        for (double df = -50; df <= 50 + 1e-9; df += 10) {
            double w = 2.0 * M_PI * (f_hz + df) / FS;
            double cr = cos(w * (double)r0), ci = sin(w * (double)r0), sr = cos(w), si = sin(w);
            double yy = 0, bb = 0, br = 0, bi = 0;
            for (long k = r0; k < r1; k++) {
                double qr = crealf(ps->cb[k - r0]), qi = cimagf(ps->cb[k - r0]);
                double pr = qr * cr - qi * ci, pi = qr * ci + qi * cr;
                double yr = crealf(y[k]), yi = cimagf(y[k]);
                yy += yr * yr + yi * yi;
                bb += pr * pr + pi * pi;
                br += pr * yr + pi * yi;
                bi += pr * yi - pi * yr;
                double t = cr * sr - ci * si;
                ci = cr * si + ci * sr;
                cr = t;
            }
            double r = bb > 0 ? yy - (br * br + bi * bi) / bb : yy;
            if (r < best) best = r;
        }
    }
    return best / (double)(r1 - r0);
}
