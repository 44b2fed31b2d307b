/* overlap.c: successive cancellation of overlapping bursts on one channel
 * (see overlap.h). */
#include "dsp/overlap.h"

#include "decode/err.h"
#include "dsp/joint_detect.h"
#include "dsp/laurent.h"
#include "dsp/msg_plausible.h"
#include "dsp/pair_sync.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FS 48000.0
#define SPS 5
#define DATA_START 32
#define MAXSYM JOINT_MAXSYM
#define SEG_MAX JOINT_MAXLEN /* samples handed to the scratch demodulator (its ring holds 8192) */
#define BEFORE 2600    /* samples kept before the failed burst (a weaker one may start there) */
#define MAXATT 16      /* attempts remembered per scratch run */
#define ITERATIONS 3   /* cancel-and-retry rounds */
#define REFITS 3       /* joint detections after the first, each on a refit */
#define TRACK_PASSES 1 /* joint detections with tracked gains after each untracked one */
#define SAME_BURST 25  /* samples: an attempt this close to the failed one is the same burst */
#define PAIR_MIN 1.4   /* unexplained preamble power over the noise that calls for the pair sync */
#define GATE_WIN 80    /* samples per window of the second-burst gate */
#define GATE_MIN 2.0   /* the gate's residual power over the noise, plus GATE_FIT per unit of */
#define GATE_FIT 0.01  /* the failed burst's own SNR (what its rebuild leaves: ramps, drift) */

struct att_copy {
    double tau; /* segment sample index */
    double freq;
    float quality;
    size_t nsym, end;
    int rc;
    int8_t dec[MAXSYM];
};

#define TPL0 (4 * SPS)           /* preamble template: from training bit 4 */
#define TPLN (28 * SPS)          /* to the end of the start flag, 7 segments of 4 bits */
#define CHANNEL_NOISE_BW 27100.0 /* Hz: noise bandwidth of a channel (docs/receiver.md) */
#define FIND_MIN 0.18 /* normalised preamble correlation for a burst found in a residual */
/* The joint correction's LLRs are the symbol margins over KAPPA times the
 * local residual power: max-log margins of a model that misfits where the
 * bursts overlap are over-confident, and measured on lost pairs the wrong
 * symbols had margins up to about 9 such (unscaled) LLRs (docs/receiver.md:
 * 2 and 3 measured, with gates 1 and 2). */
#define KAPPA 2.0

/* The correction's gate (expected errors outside its flip set) for the joint
 * decisions, times the joint operating point's (crc_fix_config_joint, 1.0). */
#define JOINT_GATE 2.0
#define JFLIP 12 /* at most this many least reliable symbols in the correction */

/* Joint decisions of the failed burst kept for the CRC-aided correction. */
struct joint_keep {
    int8_t c[MAXSYM];
    float rel[MAXSYM], lvar[MAXSYM]; /* margins, residual power (ov->rel, ov->lvar) */
    size_t ks;
    struct burst_fit fit;
    float quality, metric; /* metric: the path metric per symbol, 1e30 = none */
};

#define NKEEP 2 /* the best-fitting joint decisions kept, each different */

struct overlap {
    struct gmsk_demod *scratch;
    struct crc_fix *fix;
    struct joint_detect *jd;
    float rel[MAXSYM]; /* metric margin of each joint decision of s */
    int8_t cs[MAXSYM], cw[MAXSYM + 8], cs_prev[MAXSYM], cs_trk[MAXSYM], cw_trk[MAXSYM + 8];
    float soft[MAXSYM];
    int correct; /* CRC-aided correction of the joint decisions */
    struct laurent *lau;
    float complex y[SEG_MAX], e[SEG_MAX], r[SEG_MAX], s[SEG_MAX];
    float complex rot[SEG_MAX];             /* a carrier rotation */
    float complex gs[SEG_MAX], gw[SEG_MAX]; /* tracked gains of the two bursts (joint_track) */
    double ecum[SEG_MAX + 1];               /* running sum of |e|^2 */
    float complex tpl[2][TPLN];             /* preamble template per polarity */
    float complex ac[2][SEG_MAX + TPLN];    /* its training period's correlation */
    float complex e0[SEG_MAX];              /* the residual of the failed burst alone */
    double noise;                           /* the gate's noise power */
    int8_t fw_known[DATA_START];            /* known symbols of a burst found by find_preamble */
    struct att_copy save_pr;                /* the failed burst before a joint detection */
    struct burst_fit save_fs;
    struct att_copy att[MAXATT], prim, orig;
    struct att_copy round_pr; /* the failed burst as the retry loop's round started */
    struct pair_sync *psync;
    int natt;
    struct gmsk_result fr[OVERLAP_MAX_FRAMES];
    int nfr;
    struct overlap_stats stats;
    float jmetric;               /* the last joint detection's path metric per symbol */
    float lvar[MAXSYM + 1];      /* its residual power per sample around each symbol of s */
    struct crc_fix_config fixc;  /* the joint correction's operating point */
    uint16_t masks[1u << JFLIP]; /* its flip patterns, cheapest first */
    float mcost[1u << JFLIP];
    int8_t work[MAXSYM];
    double complex ub[MAXSYM + 2];         /* a rebuild's per-bit correlations at its best timing */
    struct att_copy late;                  /* the failed burst a training period later */
    int8_t cs_a[MAXSYM], cw_a[MAXSYM + 8]; /* a joint detection's outputs, kept */
    float rel_a[MAXSYM], lvar_a[MAXSYM + 1];
    struct joint_keep fx[NKEEP]; /* the joint decisions the correction will run on */
};

struct overlap *overlap_create(const struct gmsk_demod_config *c)
{
    struct overlap *ov = calloc(1, sizeof *ov);
    if (!ov) return NULL;
    struct gmsk_demod_config sc = *c;
    sc.overlap = 0; /* no recursion */
    sc.overlap_work = NULL;
    sc.limiter = 0;
    sc.correct = 0; /* plain CRC passes only: every search is a chance of a false frame */
    ov->correct = c->correct;
    sc.verbose = 0;
    ov->scratch = gmsk_demod_create(&sc);
    struct crc_fix_config fc = c->fix_joint;
    fc.gate = (float)(JOINT_GATE * fc.gate);
    if (fc.nflip > JFLIP) fc.nflip = JFLIP;
    ov->fixc = fc;
    ov->fix = crc_fix_create(&fc);
    struct laurent_config lc;
    laurent_config_default(&lc);
    ov->lau = laurent_create(&lc);
    ov->psync = pair_sync_create();
    ov->jd = joint_detect_create(ov->lau);
    if (!ov->scratch || !ov->lau || !ov->fix || !ov->psync || !ov->jd) {
        overlap_destroy(ov);
        return NULL;
    }
    return ov;
}

const struct overlap_stats *overlap_stats(const struct overlap *ov)
{
    return &ov->stats;
}

void overlap_destroy(struct overlap *ov)
{
    if (!ov) return;
    gmsk_demod_destroy(ov->scratch);
    crc_fix_destroy(ov->fix);
    joint_detect_destroy(ov->jd); /* before the pulses it borrows */
    laurent_destroy(ov->lau);
    pair_sync_destroy(ov->psync);
    free(ov);
}

/* Symbols up to the end flag: the flag found by the demodulator (end) or in
 * the hard decisions, kept within what the message type allows. */
static size_t burst_end(const int8_t *c, size_t n, size_t end)
{
    size_t fe = end ? end : crc_fix_hard_end(c, n, DATA_START);
    unsigned alt = 0, bits = crc_fix_type_bits(crc_fix_hard_type(c, n, DATA_START), &alt);
    if (!bits) return fe;
    size_t kmin = DATA_START + bits + 16 + 8, kmax = kmin + (bits + 16) / 5;
    if (fe >= n)
        fe = kmin + 4;
    else if (fe < kmin)
        fe = kmin + 2;
    else if (fe > kmax)
        fe = kmax;
    return fe < n ? fe : n;
}

/* Unit-amplitude GMSK of symbols c[0..kend) (levels a_i = c_i c_{i-1}) with
 * bit 0 starting at tau, into s[n0..n1). The phase is exact: pi/2 times the
 * sum of the levels whose pulse is over (a power of j, kept as a running
 * integer) plus pi times the 4 pulses still running. With whole samples per
 * bit, what those 4 add at sample n depends only on (n - n0) mod SPS and
 * their levels (-1, 0 outside the burst, +1): its cos/sin is computed once
 * per pattern and call (at most 5 x 81, as the patterns occur), not per
 * sample. Linear in n1 - n0 with one table look-up per sample. */
static void modulate(const struct laurent *l, const int8_t *c, size_t kend, double tau,
                     float complex *s, size_t n0, size_t n1)
{
    enum { RUN = 4, NPAT = 81 }; /* pulses running (span / SPS), 3^RUN patterns */
    if (n1 <= n0) return;
    /* u: samples since bit 0's frequency pulse started (bit i's starts at
     * SPS i); the last pulse started at sample n is floor(u / SPS). */
    double u0 = (double)n0 - tau + 2.0 * SPS - 0.5 * SPS;
    double k0 = floor(u0 / SPS), r0 = u0 - SPS * k0;
    int m = (int)floor(r0);
    if (m > SPS - 1) m = SPS - 1;
    double f = r0 - m;
    float qv[SPS][RUN]; /* q of the pulse started d bits ago, at sub-sample m */
    for (int mm = 0; mm < SPS; mm++)
        for (int d = 0; d < RUN; d++)
            qv[mm][d] = laurent_q(l, (float)(SPS * d + f + mm));
    float complex tab[SPS][NPAT];
    uint8_t have[SPS][NPAT];
    memset(have, 0, sizeof have);
    long ihi = (long)k0;
    /* levels of bits ihi-3..ihi (0 outside [0, kend)), and the sum of those before */
    int lev[RUN], sum = 0;
    for (long i = 0; i < ihi - (RUN - 1) && i < (long)kend; i++)
        sum += i ? c[i] * c[i - 1] : c[0];
    for (int d = 0; d < RUN; d++) {
        long i = ihi - d;
        lev[d] = i >= 0 && i < (long)kend ? (i ? c[i] * c[i - 1] : c[0]) : 0;
    }
    static const float complex jp[4] = {1, I, -1, -I};
    for (size_t n = n0; n < n1; n++) {
        int pat = 0;
        for (int d = 0; d < RUN; d++)
            pat = 3 * pat + lev[d] + 1;
        if (!have[m][pat]) {
            double ph = 0;
            for (int d = 0; d < RUN; d++)
                ph += lev[d] * (double)qv[m][d];
            ph *= M_PI;
            tab[m][pat] = (float)cos(ph) + I * (float)sin(ph);
            have[m][pat] = 1;
        }
        s[n] = jp[(unsigned)sum & 3u] * tab[m][pat];
        if (++m == SPS) { /* the next bit's pulse starts, the oldest one is over */
            m = 0;
            sum += lev[RUN - 1];
            for (int d = RUN - 1; d > 0; d--)
                lev[d] = lev[d - 1];
            ihi++;
            lev[0] = ihi >= 0 && ihi < (long)kend ? (ihi ? c[ihi] * c[ihi - 1] : c[0]) : 0;
        }
    }
}

/* The gain of a burst on the Laurent model relative to the exact one: the
 * exact waveform of symbols c[0..kend) with bit 0 at tau is in ov->s over
 * [n0, n1). */
static double complex laurent_ratio(const struct overlap *ov, const int8_t *c, size_t kend,
                                    double tau, size_t n0, size_t n1)
{
    double complex num = 0;
    double den = 0;
    for (size_t n = n0; n < n1; n++) {
        double complex l = 0;
        double t = (double)n - tau;
        long k = (long)floor(t / SPS) - 1;
        for (long i = k - 2; i <= k + 2; i++) {
            if (i < 0 || i >= (long)kend) continue;
            double c0 = laurent_c0(ov->lau, (float)(t - SPS * ((double)i + 1.0)));
            static const double complex jp[4] = {1, I, -1, -I};
            l += jp[(i + 1) & 3] * c[i] * c0;
        }
        num += ov->s[n] * conj(l);
        den += creal(l * conj(l));
    }
    return den > 0 ? num / den : 0;
}

#define COH_HEAD 48  /* bits whose fit is the reference (the preamble and a few more) */
#define COH_BLOCK 16 /* bits per block of the coherence check */
#define COH_MIN 0.5  /* a block's projection on the reference below which it is wrong */

/* How many of the nb bits of a burst its decisions fit: u[b] is the
 * correlation of the signal with the rebuilt bit b (frequency dw per sample
 * still in it). Blocks of COH_BLOCK bits after the first COH_HEAD are
 * projected on the gain fitted over those; where two blocks in a row fall
 * under COH_MIN of it, the decisions have gone wrong (random decisions, or a
 * phase slip: every other symbol wrong; both average to 0). nb if nowhere. */
static size_t coherent_bits(const double complex *u, size_t nb, double dw)
{
    if (nb < COH_HEAD + 2 * COH_BLOCK) return nb;
    double complex ref = 0;
    for (size_t b = 0; b < COH_HEAD; b++)
        ref += u[b] * cexp(-I * dw * (double)(SPS * b + SPS / 2));
    ref /= COH_HEAD;
    double rr = creal(ref * conj(ref));
    if (!(rr > 0)) return nb;
    int low = 0;
    for (size_t b0 = COH_HEAD; b0 + COH_BLOCK <= nb; b0 += COH_BLOCK) {
        double complex blk = 0;
        for (size_t b = b0; b < b0 + COH_BLOCK; b++)
            blk += u[b] * cexp(-I * dw * (double)(SPS * b + SPS / 2));
        double m = creal(blk * conj(ref)) / (COH_BLOCK * rr);
        if (m < COH_MIN) {
            if (++low == 2) return b0 - COH_BLOCK;
        } else
            low = 0;
    }
    return nb;
}

/* Rebuild attempt a over x (segment samples, len): fit amplitude, phase and
 * frequency by least squares, timing over a few fractions of a sample.
 * Writes the rebuilt burst into out (0 outside it). */
static void rebuild(struct overlap *ov, const struct att_copy *a, const float complex *x,
                    size_t len, float complex *out, struct burst_fit *fit)
{
    memset(out, 0, len * sizeof *out);
    memset(fit, 0, sizeof *fit);
    size_t kend = burst_end(a->dec, a->nsym, a->end);
    if (kend > a->nsym) kend = a->nsym;
    if (kend < DATA_START + 16) return;
    double w0 = 2.0 * M_PI * a->freq / FS;
    double best = -1, btau = a->tau, bdw = 0;
    size_t bnb = 0;
    joint_rotation(1, -w0, 0, 0, 0, len, ov->rot);
    double complex bg = 0;
    static const double dt[5] = {0, -0.3, 0.3, -0.6, 0.6};
    for (int ti = 0; ti < 5; ti++) {
        double tau = a->tau + dt[ti];
        double f0 = ceil(tau + 2.0 * SPS), f1 = floor(tau + SPS * ((double)kend + 1.0));
        if (f0 < 0) f0 = 0;
        if (f1 > (double)len) f1 = (double)len;
        if (f1 - f0 < 100) return;
        size_t n0 = (size_t)f0, n1 = (size_t)f1;
        modulate(ov->lau, a->dec, kend, tau, ov->s, n0, n1);
        /* per-bit correlations, then the residual frequency from lag-16 products */
        double complex u[MAXSYM + 2];
        size_t nb = (n1 - n0) / SPS;
        for (size_t b = 0; b < nb; b++) {
            double complex acc = 0;
            for (size_t n = n0 + SPS * b; n < n0 + SPS * (b + 1); n++)
                acc += x[n] * conjf(ov->s[n]) * ov->rot[n];
            u[b] = acc;
        }
        double complex lagp = 0;
        const size_t lag = 16;
        for (size_t b = 0; b + lag < nb; b++)
            lagp += u[b + lag] * conj(u[b]);
        double dw = carg(lagp) / (double)(lag * SPS); /* per sample */
        double complex g = 0;
        for (size_t b = 0; b < nb; b++)
            g += u[b] * cexp(-I * dw * (double)(SPS * b + SPS / 2));
        double m = cabs(g);
        if (m > best) {
            best = m;
            btau = tau;
            bdw = dw;
            bg = g / (double)(SPS * nb);
            bnb = nb;
            memcpy(ov->ub, u, nb * sizeof *u);
        }
    }
    size_t kc = coherent_bits(ov->ub, bnb, bdw);
    if (kc < bnb) {
        /* The decisions go wrong from bit kc on (the demodulator's phase
         * slipped where the other burst comes in, say): amplitude, phase and
         * frequency from the bits before, not from decisions that do not fit. */
        double complex lagp = 0;
        const size_t lag = 16;
        for (size_t b = 0; b + lag < kc; b++)
            lagp += ov->ub[b + lag] * conj(ov->ub[b]);
        bdw = carg(lagp) / (double)(lag * SPS);
        double complex g = 0;
        for (size_t b = 0; b < kc; b++)
            g += ov->ub[b] * cexp(-I * bdw * (double)(SPS * b + SPS / 2));
        bg = g / (double)(SPS * kc);
    }
    double tau = btau;
    size_t n0 = (size_t)fmax(0, ceil(tau + 2.0 * SPS));
    /* The burst may go on after its end flag (trailer bits, ramp down): keep
     * the decided symbols after it as long as they still fit the signal. */
    size_t kext = kend + 16 < a->nsym ? kend + 16 : a->nsym;
    size_t e1 = (size_t)fmin((double)len, floor(tau + SPS * ((double)kext + 1.5)));
    if (kext > kend && cabs(bg) > 0 && e1 > n0) {
        modulate(ov->lau, a->dec, kext, tau, ov->s, n0, e1);
        double r[MAXSYM];
        size_t kk = kend;
        for (size_t b = kend; b < kext; b++) {
            double complex acc = 0;
            double lo = ceil(tau + SPS * ((double)b + 0.5)), hi = tau + SPS * ((double)b + 1.5);
            for (double n = lo; n < hi && n < (double)e1; n += 1)
                acc += x[(size_t)n] *
                       conj(bg * ov->s[(size_t)n] * cexp(I * (w0 * n + bdw * (n - (double)n0))));
            r[b] = creal(acc) / (creal(bg * conj(bg)) * SPS);
        }
        while (kk < kext) {
            double m = 0;
            size_t c = 0;
            for (size_t b = kk; b < kext && b < kk + 3; b++, c++)
                m += r[b];
            if (m < 0.5 * (double)c) break;
            kk++;
        }
        kend = kk;
    }
    size_t n1 = (size_t)fmin((double)len, floor(tau + SPS * ((double)kend + 1.0)));
    modulate(ov->lau, a->dec, kend, tau, ov->s, n0, n1);
    joint_rotation(bg, w0, bdw, (double)n0, n0, n1, out);
    for (size_t n = n0; n < n1; n++)
        out[n] *= ov->s[n];
    /* where the decisions do not fit, their rebuild is no burst: nothing to take away */
    if (kc < bnb)
        for (size_t n = n0 + SPS * kc; n < n1; n++)
            out[n] = 0;
    *fit = (struct burst_fit){
        tau, w0, bdw, (double)n0, bg * laurent_ratio(ov, a->dec, kend, tau, n0, n1), kend, NULL};
}

/* Joint detection of s (fit fs, ks symbols, the first known: ks_known) and
 * w (fit fw) in ov->y (dsp/joint_detect): decisions to ov->cs and ov->cw (w's
 * by its own index), margins to ov->rel, residual power to ov->lvar, the
 * path metric per symbol to ov->jmetric. */
static void joint(struct overlap *ov, size_t len, const struct burst_fit *fs,
                  const int8_t *ks_known, size_t ks, const struct burst_fit *fw,
                  const int8_t *kw_known)
{
    struct joint_out o = {ov->cs, ov->cw, ov->rel, ov->lvar};
    ov->jmetric = joint_detect_run(ov->jd, ov->y, len, fs, ks_known, ks, fw, kw_known, &o);
}

/* The joint detection again, each burst's complex gain tracked over the
 * frame from the last joint decisions (ov->cs, ov->cw; dsp/joint_detect
 * joint_track): the gains fitted once from the first decisions drift from
 * the signal over a frame (a residual frequency error), most where the two
 * overlap and each burst's fit is disturbed by the other. */
static void joint_tracked(struct overlap *ov, size_t len, const struct burst_fit *fs,
                          const int8_t *ks_known, size_t ks, const struct burst_fit *fw,
                          const int8_t *kw_known)
{
    struct burst_fit ts = *fs, tw = *fw;
    ts.kend = ks;
    joint_track(ov->jd, ov->y, len, &ts, ov->cs, &tw, ov->cw, ov->gs, ov->gw);
    ts.gain = ov->gs;
    tw.gain = ov->gw;
    joint(ov, len, &ts, ks_known, ks, &tw, kw_known);
}

static void frame_meta(const struct burst_fit *f, float sync, double noise, uint64_t seg0,
                       size_t end, struct gmsk_result *r);

/* A frame of a fixed-length type at its length. */
static int fixed_length(const struct ais_frame *f)
{
    unsigned alt = 0, bits = crc_fix_type_bits(f->bytes[0] >> 2, &alt);
    unsigned nbits = 8u * f->nbytes;
    return bits && (nbits == bits || nbits == alt);
}

/* When the decided type is no fixed-length one (its symbols wrong): the
 * message length of the fixed-length types whose burst fits n symbols (end
 * flag, stuffing, the 2 symbols past it), the commonest first; 0 if none. */
static unsigned length_bits(size_t n)
{
    static const unsigned bits[] = {168, 424, 160, 312, 96, 72};
    for (size_t i = 0; i < sizeof bits / sizeof *bits; i++) {
        size_t kmin = DATA_START + bits[i] + 16 + 8, kmax = kmin + (bits[i] + 16) / 5 + 2;
        if (n >= kmin && n <= kmax) return bits[i];
    }
    return 0;
}

/* CRC-aided correction of kept joint decisions (fx) with calibrated
 * LLRs: the forward-backward metric margin of each symbol of s over the
 * residual power per sample of the best path (noise plus what the two fits
 * miss), so that symbol k is wrong about 1 / (1 + e^L_k) of the time. The
 * operating point is the joint one (ov->fixc, as crc_fix_search reads it):
 * the nflip least reliable symbols of the message window, at most max_flips
 * flipped, run only when the expected errors outside them are at most gate,
 * flip patterns cheapest first up to cost_max and to score_max (-ln of the
 * pattern's probability, over the window), at most max_cands CRC checks;
 * fixed-length types at their length, plausible fields and type-5 text
 * (msg_text_plausible, as crc_fix_search's candidates), and a second frame
 * passing makes it ambiguous. crc_fix_search cannot take these: it derives
 * LLRs from soft values assumed Gaussian around +-1, which path-metric
 * margins are not (most joint corrections got a negative score budget). */
static int joint_correct(struct overlap *ov, const struct joint_keep *fx, struct ais_frame *f,
                         unsigned *nflipped)
{
    const int8_t *c = fx->c;
    size_t n = fx->ks;
    const struct crc_fix_config *fc = &ov->fixc;
    unsigned alt = 0, bits = crc_fix_type_bits(crc_fix_hard_type(c, n, DATA_START), &alt);
    if (!bits) bits = length_bits(n);
    if (!bits) return AISD_E_NOTTHIS;
    /* the message, its FCS and the end flag */
    size_t wend = crc_fix_raw_span(c, n, DATA_START, (alt > bits ? alt : bits) + 16) + 8;
    if (wend > n) wend = n;
    unsigned nf = fc->nflip, have = 0;
    size_t idx[JFLIP];
    double llr[JFLIP], psum = 0, nlp0 = 0;
    for (size_t k = DATA_START; k < wend; k++) {
        double L = fx->rel[k] >= 1e29f ? 1e9 /* forced */
                   : fx->lvar[k] > 0   ? fx->rel[k] / (KAPPA * fx->lvar[k])
                                       : 0; /* not decided */
        double p = 1.0 / (1.0 + exp(L));
        psum += p;
        nlp0 += log1p(exp(-L));
        unsigned j;
        if (have < nf)
            j = have++;
        else if (L < llr[nf - 1])
            j = nf - 1;
        else
            continue;
        while (j > 0 && llr[j - 1] > L) {
            llr[j] = llr[j - 1];
            idx[j] = idx[j - 1];
            j--;
        }
        llr[j] = L;
        idx[j] = k;
    }
    for (unsigned i = 0; i < have; i++)
        psum -= 1.0 / (1.0 + exp(llr[i]));
    if (psum > fc->gate) return AISD_E_RANGE;
    ov->stats.corrections++;
    double cmax = fc->cost_max;
    if (fc->score_max > 0 && fc->score_max - nlp0 < cmax) cmax = fc->score_max - nlp0;
    float lf[JFLIP];
    for (unsigned i = 0; i < have; i++)
        lf[i] = (float)llr[i];
    unsigned nm = crc_fix_masks(lf, have, fc->max_flips, (float)cmax, ov->masks, ov->mcost);
    int found = 0;
    unsigned checked = 0;
    struct ais_frame cand;
    for (unsigned mi = 0; mi < nm && (!fc->max_cands || checked < fc->max_cands); mi++) {
        memcpy(ov->work, c, n);
        for (unsigned i = 0; i < have; i++)
            if (ov->masks[mi] & (1u << i)) ov->work[idx[i]] = (int8_t)-c[idx[i]];
        size_t end = 0;
        int rc = crc_fix_decode(ov->fix, ov->work, n, DATA_START, &cand, &end);
        if (rc == AISD_E_FORMAT) continue; /* not a frame of its type's length: no CRC check */
        checked++;
        if (rc != 0 || !fixed_length(&cand) || !msg_plausible(cand.bytes, 8u * cand.nbytes) ||
            !msg_text_plausible(cand.bytes, 8u * cand.nbytes))
            continue;
        if (found && (cand.nbytes != f->nbytes || memcmp(cand.bytes, f->bytes, cand.nbytes))) {
            ov->stats.checked += checked;
            return AISD_E_CHECKSUM; /* two frames: neither */
        }
        if (!found) {
            *f = cand;
            *nflipped = (unsigned)__builtin_popcount(ov->masks[mi]);
        }
        found = 1;
    }
    ov->stats.checked += checked;
    ov->stats.starved += !checked;
    return found ? 0 : AISD_E_FORMAT;
}

/* A frame from joint decisions c[0..n) of burst f, if its CRC passes. */
static int joint_frame(struct overlap *ov, const int8_t *c, size_t n, const struct burst_fit *f,
                       float sync, uint64_t seg0, struct gmsk_result *r)
{
    size_t end = 0;
    memset(r, 0, sizeof *r);
    int rc = crc_fix_decode(ov->fix, c, n, DATA_START, &r->frame, &end);
    ov->stats.checked += rc != AISD_E_FORMAT;
    if (rc != 0) return 0;
    /* Many decisions get checked here: only fixed-length types, at their
     * length (junk passing the CRC rarely has the end flag just there). */
    if (!fixed_length(&r->frame)) return 0;
    frame_meta(f, sync, ov->noise, seg0, end, r);
    return 1;
}

/* Metadata of a frame from burst f ending at symbol end. Its SNR is an
 * estimate of the demodulator's (10 log10 (1 / var(soft)), about 2 Eb/N0):
 * the fitted burst power over the noise power per sample (0: unknown),
 * scaled by the channel's noise bandwidth over the bit rate. */
static void frame_meta(const struct burst_fit *f, float sync, double noise, uint64_t seg0,
                       size_t end, struct gmsk_result *r)
{
    r->sample = seg0 + (uint64_t)floor(f->tau);
    r->nsamples = (uint32_t)(SPS * end);
    r->power = (float)creal(f->g * conj(f->g));
    r->snr_db = noise > 0 && r->power > 0
                    ? (float)(10.0 * log10(2.0 * CHANNEL_NOISE_BW / 9600.0 * r->power / noise))
                    : 0.0f;
    r->freq_hz = (float)((f->w0 + f->dw) * FS / (2.0 * M_PI));
    r->sync = sync;
    r->pass = 3;
}

static void add_frame(struct gmsk_result *out, int *nout, int max, const struct gmsk_result *r)
{
    for (int k = 0; k < *nout; k++)
        if (out[k].frame.nbytes == r->frame.nbytes &&
            !memcmp(out[k].frame.bytes, r->frame.bytes, r->frame.nbytes))
            return;
    if (*nout < max) out[(*nout)++] = *r;
}

/* The joint decisions of s just made (ov->cs, fit fs, ks symbols) are kept
 * for the CRC-aided correction when they are among the NKEEP best-fitting
 * (lowest path metric) so far in this retry; the same decisions once, with
 * their best fit. */
static void keep_joint(struct overlap *ov, size_t ks, const struct burst_fit *fs, float quality)
{
    if (!ov->correct) return;
    int last = NKEEP - 1;
    for (int i = 0; i < NKEEP; i++) {
        const struct joint_keep *k = &ov->fx[i];
        if (k->metric < 1e29f && k->ks == ks && !memcmp(k->c, ov->cs, ks)) {
            if (!(ov->jmetric < k->metric)) return;
            last = i; /* replaced: the ones after it stay */
            break;
        }
    }
    int at = 0;
    while (at <= last && !(ov->jmetric < ov->fx[at].metric))
        at++;
    if (at > last) return;
    for (int i = last; i > at; i--)
        ov->fx[i] = ov->fx[i - 1];
    struct joint_keep *k = &ov->fx[at];
    memcpy(k->rel, ov->rel, ks * sizeof *ov->rel);
    memcpy(k->lvar, ov->lvar, ks * sizeof *ov->lvar);
    memcpy(k->c, ov->cs, ks);
    k->ks = ks;
    k->fit = *fs;
    k->quality = quality;
    k->metric = ov->jmetric;
}

/* The joint decisions just made (ov->cs for sa, fit fs, ks symbols; ov->cw
 * for wa, fit fw) CRC-checked: frames to out, and sa's decisions kept for
 * the correction when they gave no frame. Returns 1 when sa's frame was
 * found. */
static int check_joint(struct overlap *ov, uint64_t seg0, const struct att_copy *sa,
                       const struct burst_fit *fs, size_t ks, const struct att_copy *wa,
                       const struct burst_fit *fw, struct gmsk_result *out, int *nout, int max)
{
    struct gmsk_result jr;
    int ok = joint_frame(ov, ov->cs, ks, fs, sa->quality, seg0, &jr);
    if (ok) add_frame(out, nout, max, &jr);
    if (joint_frame(ov, ov->cw, fw->kend < wa->nsym ? fw->kend : wa->nsym, fw, wa->quality, seg0,
                    &jr))
        add_frame(out, nout, max, &jr);
    if (!ok) keep_joint(ov, ks, fs, sa->quality);
    return ok;
}

/* Joint detections of sa (fit fs, ks symbols) and wa (fit fw) with both
 * gains tracked from the last joint decisions (joint_tracked), up to
 * TRACK_PASSES while they change; frames to out, s's decisions kept for the
 * correction. Returns 1 when sa's frame was found. */
static int track_passes(struct overlap *ov, size_t len, uint64_t seg0, struct att_copy *sa,
                        const struct burst_fit *fs, struct att_copy *wa, const struct burst_fit *fw,
                        size_t ks, struct gmsk_result *out, int *nout, int max)
{
    int ok = 0;
    for (int tp = 0; tp < TRACK_PASSES && !ok; tp++) {
        memcpy(ov->cs_trk, ov->cs, ks);
        memcpy(ov->cw_trk, ov->cw, wa->nsym);
        joint_tracked(ov, len, fs, sa->dec, ks, fw, wa->dec);
        if (!memcmp(ov->cs_trk, ov->cs, ks) && !memcmp(ov->cw_trk, ov->cw, wa->nsym))
            break; /* the same decisions: checked already, and the same gains would follow */
        ok = check_joint(ov, seg0, sa, fs, ks, wa, fw, out, nout, max);
    }
    return ok;
}

#define PERIOD 4 /* bits: the training sequence's period */

/* The demodulator's timing of s (sa, fit fs, ks symbols) can be a training
 * period early: the training repeats every 4 bits, only the ramp before it
 * and the start flag after it tell, and the other burst on top can hide
 * them. s a period later, its decisions moved with it, when the joint
 * detection (just run on sa: its outputs in ov) fits that better; the
 * outputs are then that detection's and 1 is returned. */
static int later_by_a_period(struct overlap *ov, size_t len, struct att_copy *sa,
                             struct burst_fit *fs, size_t *ks, const struct burst_fit *fw,
                             const struct att_copy *wa)
{
    if (sa->nsym < DATA_START + PERIOD + 16 || *ks < DATA_START + PERIOD + 16 ||
        !(ov->jmetric < 1e29f))
        return 0;
    struct att_copy *b = &ov->late;
    *b = *sa;
    memcpy(b->dec + DATA_START, sa->dec + DATA_START + PERIOD, sa->nsym - DATA_START - PERIOD);
    b->nsym = sa->nsym - PERIOD;
    b->tau = sa->tau + PERIOD * SPS;
    b->end = sa->end > DATA_START + PERIOD ? sa->end - PERIOD : 0;
    struct burst_fit f = *fs;
    f.tau += PERIOD * SPS;
    f.kend = *ks - PERIOD;
    float m0 = ov->jmetric;
    memcpy(ov->cs_a, ov->cs, *ks);
    memcpy(ov->cw_a, ov->cw, sizeof ov->cw);
    memcpy(ov->rel_a, ov->rel, *ks * sizeof *ov->rel);
    memcpy(ov->lvar_a, ov->lvar, *ks * sizeof *ov->lvar);
    joint(ov, len, &f, b->dec, f.kend, fw, wa->dec);
    if (ov->jmetric < m0) {
        *sa = *b;
        *fs = f;
        *ks = f.kend;
        return 1;
    }
    memcpy(ov->cs, ov->cs_a, *ks);
    memcpy(ov->cw, ov->cw_a, sizeof ov->cw);
    memcpy(ov->rel, ov->rel_a, *ks * sizeof *ov->rel);
    memcpy(ov->lvar, ov->lvar_a, *ks * sizeof *ov->lvar);
    ov->jmetric = m0;
    return 0;
}

/* Joint detection of bursts sa (fit fs) and wa (fit fw), each time again
 * with the gains tracked (track_passes), refitted from the joint decisions
 * up to REFITS times while they change, then the CRC-aided correction of
 * sa's. Frames go to out; sa->dec and wa->dec end with the
 * latest joint decisions, ov->r with wa's last rebuild. Returns 1 when sa's
 * frame was found. */
static int decide_pair(struct overlap *ov, size_t len, uint64_t seg0, struct att_copy *sa,
                       struct burst_fit *fs, struct att_copy *wa, struct burst_fit *fw,
                       struct gmsk_result *out, int *nout, int max)
{
    size_t ks = fs->kend + 2 < sa->nsym ? fs->kend + 2 : sa->nsym;
    fs->kend = ks;
    fw->kend += 1;
    memcpy(ov->cw, wa->dec, wa->nsym);
    joint(ov, len, fs, sa->dec, ks, fw, wa->dec);
    int ok = check_joint(ov, seg0, sa, fs, ks, wa, fw, out, nout, max);
    int later = !ok && later_by_a_period(ov, len, sa, fs, &ks, fw, wa);
    if (later) ok = check_joint(ov, seg0, sa, fs, ks, wa, fw, out, nout, max);
    if (!ok) ok = track_passes(ov, len, seg0, sa, fs, wa, fw, ks, out, nout, max);
    for (int rf = 0; rf < REFITS && !ok; rf++) {
        /* Again with both bursts refitted from the joint decisions, while
         * they still change. */
        if (rf > 0 && !memcmp(ov->cs_prev, ov->cs, ks)) break;
        memcpy(ov->cs_prev, ov->cs, ks);
        memcpy(wa->dec, ov->cw, wa->nsym);
        wa->end = 0;
        memcpy(sa->dec, ov->cs, ks);
        sa->end = 0;
        rebuild(ov, wa, ov->y, len, ov->r, fw);
        for (size_t n = 0; n < len; n++)
            ov->e[n] = ov->y[n] - ov->r[n];
        rebuild(ov, sa, ov->e, len, ov->r, fs);
        for (size_t n = 0; n < len; n++)
            ov->e[n] = ov->y[n] - ov->r[n];
        rebuild(ov, wa, ov->e, len, ov->r, fw);
        if (!fs->kend || !fw->kend) break;
        ks = fs->kend + 2 < sa->nsym ? fs->kend + 2 : sa->nsym;
        fs->kend = ks;
        fw->kend += 1;
        joint(ov, len, fs, sa->dec, ks, fw, wa->dec);
        ok = check_joint(ov, seg0, sa, fs, ks, wa, fw, out, nout, max);
        if (!ok) ok = track_passes(ov, len, seg0, sa, fs, wa, fw, ks, out, nout, max);
    }
    ov->stats.later += (uint64_t)(later && ok);
    return ok;
}

/* A demodulator attempt kept (its decisions copied), timed tau in the work area. */
static void att_keep(struct att_copy *c, const struct gmsk_attempt *a, double tau)
{
    c->tau = tau;
    c->freq = a->freq_hz;
    c->quality = a->quality;
    c->nsym = a->nsym;
    c->end = a->end;
    c->rc = a->rc;
    memcpy(c->dec, a->dec, a->nsym);
}

static void on_attempt(void *ctx, const struct gmsk_attempt *a)
{
    struct overlap *ov = ctx;
    if (ov->natt == MAXATT || a->nsym > MAXSYM) return;
    att_keep(&ov->att[ov->natt++], a, a->tau);
}

/* A scratch run's frame. Its decode checks many attempts on what is left
 * after a cancellation: only fixed-length types at their length are taken,
 * as from the joint detection. */
static void on_frame(void *ctx, const struct gmsk_result *r)
{
    struct overlap *ov = ctx;
    if (!fixed_length(&r->frame)) return;
    if (ov->nfr < OVERLAP_MAX_FRAMES) ov->fr[ov->nfr++] = *r;
}

static void run_scratch(struct overlap *ov, const float complex *x, size_t len)
{
    ov->natt = 0;
    ov->nfr = 0;
    uint64_t checked = gmsk_demod_stats(ov->scratch)->checked;
    gmsk_demod_reset(ov->scratch);
    gmsk_demod_on_attempt(ov->scratch, on_attempt, ov);
    gmsk_demod_execute(ov->scratch, x, len, on_frame, ov);
    gmsk_demod_flush(ov->scratch, on_frame, ov);
    ov->stats.checked += gmsk_demod_stats(ov->scratch)->checked - checked;
}

/* Keep frames not seen yet; returns 1 if one of them starts near tau. */
static int collect(struct overlap *ov, uint64_t seg0, double tau, struct gmsk_result *out,
                   int *nout, int max)
{
    int near = 0;
    for (int i = 0; i < ov->nfr; i++) {
        struct gmsk_result r = ov->fr[i];
        if (fabs((double)r.sample - tau) <= SAME_BURST) near = 1;
        r.sample += seg0;
        int dup = 0;
        for (int k = 0; k < *nout; k++)
            if (out[k].frame.nbytes == r.frame.nbytes &&
                !memcmp(out[k].frame.bytes, r.frame.bytes, r.frame.nbytes))
                dup = 1;
        if (!dup && *nout < max) out[(*nout)++] = r;
    }
    return near;
}

/* The best attempt of the last scratch run near tau (near = 1), or else away
 * from it but overlapping [tau, tau_end) by at least 8 bits (a neighbour that
 * does not overlap is no interference). */
static const struct att_copy *pick(const struct overlap *ov, double tau, double tau_end, int near)
{
    const struct att_copy *b = NULL;
    for (int i = 0; i < ov->natt; i++) {
        const struct att_copy *a = &ov->att[i];
        int is_near = fabs(a->tau - tau) <= (near ? SAME_BURST : 3);
        if (is_near != near) continue;
        if (!near) {
            double a_end = a->tau + SPS * (double)burst_end(a->dec, a->nsym, a->end);
            if (a->tau > tau_end - 8 * SPS || a_end < tau + 8 * SPS) continue;
        }
        if (!b || a->quality > b->quality) b = a;
    }
    return b;
}

int overlap_stronger_starts(const struct gmsk_demod *d, uint64_t sample, float busy_power)
{
    if (!(busy_power > 0)) return 0;
    float p = gmsk_demod_power(d, sample, 100);
    return p > 1.5f * busy_power;
}

/* How many frames in out start within span samples of sample t. */
static int found_near(const struct gmsk_result *out, int nout, double t, double span)
{
    int n = 0;
    for (int i = 0; i < nout; i++)
        n += fabs((double)out[i].sample - t) <= span;
    return n;
}

/* A fit of burst a (its first symbols known) from a joint preamble sync. */
static void pair_fit(struct overlap *ov, const struct att_copy *a, const struct pair_sync_burst *b,
                     size_t kend, size_t len, struct burst_fit *f)
{
    size_t n0 = (size_t)fmax(0, ceil(b->tau + 2.0 * SPS));
    size_t n1 = (size_t)fmin((double)len, floor(b->tau + SPS * (DATA_START - 1.5)));
    modulate(ov->lau, a->dec, DATA_START, b->tau, ov->s, n0, n1);
    double complex g = n1 > n0 ? b->g * laurent_ratio(ov, a->dec, DATA_START, b->tau, n0, n1) : 0;
    *f = (struct burst_fit){b->tau, 2.0 * M_PI * b->freq_hz / FS, 0, (double)n0, g, kend, NULL};
}

/* Attempt a's symbols in the other polarity when pol: the same bits from
 * the other NRZI state, c_i times (-1)^(i+1). */
static void other_polarity(struct att_copy *a, int pol)
{
    if (!pol) return;
    for (size_t i = 0; i < a->nsym; i += 2)
        a->dec[i] = (int8_t)-a->dec[i];
}

/* Two bursts starting within a few bits of each other: their preambles bias
 * the demodulator's sync and the rebuilds from its decisions. Synchronise
 * both jointly over the preambles (dsp/pair_sync.h) and decide them jointly
 * from there. */
static void pair_retry(struct overlap *ov, size_t len, uint64_t seg0, struct gmsk_result *out,
                       int *nout, int max)
{
    const struct att_copy *o = &ov->orig;
    /* Only when the failed burst alone leaves much more than the noise (the
     * quietest of a few stretches well before it) unexplained over its
     * preamble: another burst is there. A lone weak burst costs no search. */
    double noise = INFINITY;
    for (int i = 0; i < 4; i++) {
        double t0 = o->tau - (double)(PAIR_SYNC_SPAN + 8) * SPS - 128.0 * (i + 1);
        if (t0 < 0) break;
        double p = 0;
        for (size_t n = (size_t)t0; n < (size_t)t0 + 128; n++)
            p += crealf(ov->y[n] * conjf(ov->y[n]));
        if (p / 128 < noise) noise = p / 128;
    }
    if (isfinite(noise) &&
        pair_sync_unexplained(ov->psync, ov->y, len, o->dec, o->tau, o->freq) < PAIR_MIN * noise)
        return;
    struct pair_sync_burst b[2];
    double left = pair_sync_search(ov->psync, ov->y, len, o->dec, o->tau, o->freq, b);
    if (!(left < 0.8)) return;
    int st = cabs(b[1].g) > cabs(b[0].g); /* the stronger as s */
    struct att_copy *sa = &ov->prim, *wa = &ov->att[MAXATT - 1];
    *sa = *o;
    *wa = *o;
    sa->tau = b[st].tau;
    sa->freq = (float)b[st].freq_hz;
    wa->tau = b[!st].tau;
    wa->freq = (float)b[!st].freq_hz;
    other_polarity(sa, b[st].pol);
    other_polarity(wa, b[!st].pol);
    size_t kend = burst_end(o->dec, o->nsym, o->end);
    struct burst_fit fs, fw;
    pair_fit(ov, sa, &b[st], kend, len, &fs);
    pair_fit(ov, wa, &b[!st], kend, len, &fw);
    decide_pair(ov, len, seg0, sa, &fs, wa, &fw, out, nout, max);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Whether anything but noise is left after taking the failed burst (fit f,
 * its rebuild in ov->r) away from y[0..len): a second burst. The noise is the
 * lower quartile of the power in 64-sample windows away from the burst; the
 * residual is measured in GATE_WIN-sample windows over the burst. A lone
 * burst leaves the noise, a few spikes where its decisions are wrong, and a
 * little of its own power where the rebuild misses (ramps, drift: one window
 * at most at high SNR); another burst under it, even 6 dB weaker at 10 dB,
 * leaves its power over at least 16 bits, which is two windows: the second
 * largest window decides. Without a noise reference (a short segment) there
 * is no gate. */
static int second_burst_evidence(struct overlap *ov, const struct burst_fit *f, double tau,
                                 size_t kend, size_t len)
{
    double b0 = tau - 10.0 * SPS, b1 = tau + SPS * ((double)kend + 10.0);
    double wp[SEG_MAX / 64];
    size_t nw = 0;
    for (size_t n = 0; n + 64 <= len; n += 64) {
        if ((double)n + 64 > b0 && (double)n < b1) continue;
        double p = 0;
        for (size_t i = n; i < n + 64; i++)
            p += crealf(ov->y[i] * conjf(ov->y[i]));
        wp[nw++] = p / 64;
    }
    ov->noise = 0;
    if (nw < 8) return 1;
    qsort(wp, nw, sizeof *wp, cmp_double);
    double noise = wp[nw / 4];
    ov->noise = noise;
    if (!(noise > 0)) return 1;
    double snr = creal(f->g * conj(f->g)) / noise;
    size_t n0 = (size_t)fmax(0, ceil(tau + 2.0 * SPS));
    size_t n1 = (size_t)fmin((double)len, floor(tau + SPS * ((double)kend + 1.0)));
    double top[2] = {0, 0};
    for (size_t n = n0; n + GATE_WIN <= n1; n += GATE_WIN) {
        double p = 0;
        for (size_t i = n; i < n + GATE_WIN; i++) {
            float complex e = ov->y[i] - ov->r[i];
            p += crealf(e * conjf(e));
        }
        if (p > top[0]) {
            top[1] = top[0];
            top[0] = p;
        } else if (p > top[1])
            top[1] = p;
    }
    return top[1] / GATE_WIN > (GATE_MIN + GATE_FIT * snr) * noise;
}

/* The other burst's preamble in the residual e (the failed burst taken
 * away), training bit 0 within [lo, hi] (segment samples): a differential
 * correlation over 4-bit segments (blind to frequency offsets), either
 * polarity, then timing to 0.25 sample, frequency and amplitude fitted. When
 * the other burst starts inside the failed one, the failed one's decisions
 * are wrong from there on and what they leave hides the other one from a
 * detector with a threshold; here the best peak is taken. Returns the
 * normalised correlation (0 when nothing), the burst in b, the known
 * symbols with its polarity in c. */
static double find_preamble(struct overlap *ov, const float complex *e, size_t len, double lo,
                            double hi, struct pair_sync_burst b[3], int8_t *c)
{
    int8_t pc[2][DATA_START];
    for (int i = 0; i < DATA_START; i++) {
        pc[0][i] = ov->orig.dec[i];
        pc[1][i] = (int8_t)((i & 1) ? pc[0][i] : -pc[0][i]); /* the other polarity */
    }
    for (int pol = 0; pol < 2; pol++) {
        modulate(ov->lau, pc[pol], DATA_START, 0.0, ov->s, TPL0, TPL0 + TPLN);
        memcpy(ov->tpl[pol], ov->s + TPL0, sizeof ov->tpl[pol]);
    }
    ov->ecum[0] = 0;
    for (size_t n = 0; n < len; n++)
        ov->ecum[n + 1] = ov->ecum[n] + crealf(e[n] * conjf(e[n]));
    long t0 = (long)ceil(lo), t1 = (long)floor(hi);
    if (t0 < -TPL0) t0 = -TPL0;
    if (t1 > (long)len - TPL0 - TPLN) t1 = (long)len - TPL0 - TPLN;
    double best = 0, bw = 0;
    long bt = -1;
    int bp = 0;
    enum { NSEG = TPLN / (4 * SPS), NTRAIN = (24 - 4) / 4 };
    /* The training sequence repeats every 4 bits: the correlation of its
     * segments is one 20-tap correlation (ov->ac) at 5 lags. */
    for (int pol = 0; pol < 2; pol++)
        for (long t = t0; t <= t1 + 4 * SPS * (NTRAIN - 1); t++) {
            float complex a = 0;
            if (t + TPL0 + 4 * SPS <= (long)len)
                for (int m = 0; m < 4 * SPS; m++)
                    a += e[t + TPL0 + m] * conjf(ov->tpl[pol][m]);
            ov->ac[pol][t - t0] = a;
        }
    for (long t = t0; t <= t1; t++) {
        const float complex *x = e + t + TPL0;
        double en = ov->ecum[t + TPL0 + TPLN] - ov->ecum[t + TPL0];
        if (!(en > 0)) continue;
        for (int pol = 0; pol < 2; pol++) {
            float complex cs[NSEG], acc = 0;
            for (int g = 0; g < NSEG; g++) {
                float complex a = 0;
                if (g < NTRAIN)
                    a = ov->ac[pol][t - t0 + 4 * SPS * g];
                else
                    for (int m = 4 * SPS * g; m < 4 * SPS * (g + 1); m++)
                        a += x[m] * conjf(ov->tpl[pol][m]);
                cs[g] = a;
                if (g) acc += a * conjf(cs[g - 1]);
            }
            /* |acc| <= sum |cs_g||cs_g-1| <= 4 SPS * energy over 2 segments */
            double m = cabsf(acc) / (4.0 * SPS * en * 2.0 * (NSEG - 1) / NSEG);
            if (m > best) {
                best = m;
                bt = t;
                bp = pol;
                bw = cargf(acc) / (4.0 * SPS);
            }
        }
    }
    if (bt < 0) return 0;
    /* Coherent fit: timing (a training period either side too: the start
     * flag decides), frequency on a 10 Hz grid +-150 Hz around the estimate. */
    double bm[3] = {-1, -1, -1};
    for (int k = 0; k < 15; k++) {
        double tau = (double)bt + 4.0 * SPS * (k / 5 - 1) + 0.25 * (k % 5 - 2);
        size_t n0 = (size_t)fmax(0, ceil(tau + TPL0)),
               n1 = (size_t)fmin((double)len, floor(tau + TPL0 + TPLN));
        if (n1 <= n0 + 4 * SPS) continue;
        modulate(ov->lau, pc[bp], DATA_START, tau, ov->s, n0, n1);
        double den = 0;
        for (size_t n = n0; n < n1; n++)
            den += crealf(ov->s[n] * conjf(ov->s[n]));
        for (int fi = -15; fi <= 15; fi++) {
            double w = bw + 2.0 * M_PI * 10.0 * fi / FS;
            double complex num = 0, r = cexp(-I * w * (double)n0), st = cexp(-I * w);
            for (size_t n = n0; n < n1; n++) {
                num += e[n] * conjf(ov->s[n]) * r;
                r *= st;
            }
            if (den > 0 && cabs(num) / den > bm[k / 5]) {
                bm[k / 5] = cabs(num) / den;
                b[k / 5] = (struct pair_sync_burst){tau, w * FS / (2.0 * M_PI), num / den, 0};
            }
        }
    }
    if (!(bm[0] > 0) || !(bm[2] > 0)) b[0] = b[2] = b[1];
    memcpy(c, pc[bp], DATA_START);
    return bm[1] > 0 ? best : 0;
}

/* Symbols of a burst starting at tau (segment samples) in e, up to where e
 * falls back to the noise for 3 windows of 8 bits. */
static size_t residual_end(const struct overlap *ov, double tau, size_t len)
{
    const size_t win = 8 * SPS;
    size_t n = (size_t)fmax(0, tau + SPS * (double)DATA_START), quiet = 0;
    for (; n + win <= len; n += win) {
        double p = (ov->ecum[n + win] - ov->ecum[n]) / (double)win;
        quiet = p < 1.5 * ov->noise ? quiet + 1 : 0;
        if (quiet == 3) break;
    }
    double k = ((double)n - (double)(quiet * win) - tau) / SPS;
    if (k < DATA_START + 40) k = DATA_START + 40;
    if (k > MAXSYM - 8) k = MAXSYM - 8;
    return (size_t)k;
}

/* Joint detection of the failed burst pr (fit fs) with a burst whose
 * preamble was found in the residual (find_preamble: candidates bc, known
 * symbols in ov->fw_known), kw symbols long. */
static int found_retry(struct overlap *ov, size_t len, uint64_t seg0, struct att_copy *pr,
                       struct burst_fit *fs, const struct pair_sync_burst bc[3], size_t kw,
                       struct gmsk_result *out, int *nout, int max)
{
    struct att_copy *wa = &ov->att[MAXATT - 1];
    *wa = ov->orig;
    memcpy(wa->dec, ov->fw_known, DATA_START);
    for (size_t k = DATA_START; k < MAXSYM; k++)
        wa->dec[k] = 1;
    wa->freq = (float)bc[1].freq_hz;
    wa->nsym = kw + 8;
    wa->end = 0;
    /* The start is rough (the training repeats every 4 bits): the one the
     * joint detection fits best. */
    struct burst_fit fw;
    double bj = INFINITY;
    int bi = 1;
    size_t ks = fs->kend + 2 < pr->nsym ? fs->kend + 2 : pr->nsym;
    for (int ti = 0; ti < 3; ti++) {
        if (ti != 1 && bc[ti].tau == bc[1].tau) continue;
        pair_fit(ov, wa, &bc[ti], kw, len, &fw);
        struct burst_fit s1 = *fs, w1 = fw;
        s1.kend = ks;
        w1.kend += 1;
        joint(ov, len, &s1, pr->dec, ks, &w1, wa->dec);
        if (ov->jmetric < bj) {
            bj = ov->jmetric;
            bi = ti;
        }
    }
    wa->tau = bc[bi].tau;
    pair_fit(ov, wa, &bc[bi], kw, len, &fw);
    return decide_pair(ov, len, seg0, pr, fs, wa, &fw, out, nout, max);
}

/* Whether attempts a and b are the same: a round of the retry loop started
 * from either does the same (everything in it follows from the attempt). */
static int same_attempt(const struct att_copy *a, const struct att_copy *b)
{
    return a->tau == b->tau && a->freq == b->freq && a->quality == b->quality &&
           a->nsym == b->nsym && a->end == b->end && a->rc == b->rc &&
           !memcmp(a->dec, b->dec, a->nsym);
}

int overlap_retry(struct overlap *ov, const struct gmsk_demod *d, const struct gmsk_attempt *p,
                  struct gmsk_result *out, int max)
{
    if (!ov || !p || p->nsym > MAXSYM || !(p->tau > 0)) return 0;
    uint64_t count = gmsk_demod_count(d);
    uint64_t t0 = (uint64_t)p->tau;
    uint64_t seg0 = t0 > BEFORE ? t0 - BEFORE : 0;
    size_t len = 0;
    for (; seg0 + 200 < t0; seg0 += 256) {
        len = count - seg0 < SEG_MAX ? (size_t)(count - seg0) : SEG_MAX;
        if (gmsk_demod_samples(d, seg0, ov->y, len)) break;
        len = 0;
    }
    if (len < 1000) return 0;
    struct att_copy *pr = &ov->prim;
    att_keep(pr, p, p->tau - (double)seg0);
    ov->orig = *pr;
    for (int i = 0; i < NKEEP; i++)
        ov->fx[i].metric = 1e30f;
    double tau = pr->tau;
    int nout = 0;
    struct pair_sync_burst bc[3]; /* the best preamble in the first residual */
    int find = 0;                 /* look for it */
    double w_tau[ITERATIONS];     /* the other bursts tried */
    int nw = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        /* Take the failed burst away and look for the other one. */
        struct burst_fit fs, fw;
        ov->round_pr = *pr;
        rebuild(ov, pr, ov->y, len, ov->r, &fs);
        if (it == 0) {
            if (!second_burst_evidence(ov, &fs, tau, burst_end(pr->dec, pr->nsym, pr->end), len)) {
                ov->stats.gated++;
                return 0;
            }
            ov->stats.retries++;
        }
        for (size_t n = 0; n < len; n++)
            ov->e[n] = ov->y[n] - ov->r[n];
        run_scratch(ov, ov->e, len);
        collect(ov, seg0, -1e9, out, &nout, max);
        const struct att_copy *w =
            pick(ov, tau, tau + SPS * (double)burst_end(pr->dec, pr->nsym, pr->end), 0);
        if (it == 0 && ov->noise > 0 && fs.kend) {
            memcpy(ov->e0, ov->e, len * sizeof *ov->e);
            ov->save_pr = *pr;
            ov->save_fs = fs;
            find = 1;
        }
        if (!w) break;
        if (nw < ITERATIONS) w_tau[nw++] = w->tau;
        /* Take the other one away from the original and decode again. */
        rebuild(ov, w, ov->e, len, ov->r, &fw);
        if (fs.kend && fw.kend) {
            /* Both bursts known roughly: decide both jointly. */
            struct att_copy *wa = &ov->att[MAXATT - 1];
            *wa = *w;
            int ok = decide_pair(ov, len, seg0, pr, &fs, wa, &fw, out, &nout, max);
            if (ok) break;
        }
        for (size_t n = 0; n < len; n++)
            ov->e[n] = ov->y[n] - ov->r[n];
        run_scratch(ov, ov->e, len);
        int got = collect(ov, seg0, tau, out, &nout, max);
        if (got) break;
        const struct att_copy *np = pick(ov, tau, 0, 1);
        if (!np || same_attempt(np, &ov->round_pr)) break; /* none, or this round again */
        *pr = *np;
    }
    if (find && !found_near(out, nout, seg0 + tau, SAME_BURST)) {
        /* The scratch detector's bursts were not the other one (or there
         * was none): the best preamble in the first residual. */
        double kend_s = (double)burst_end(ov->save_pr.dec, ov->save_pr.nsym, ov->save_pr.end);
        double rho = find_preamble(ov, ov->e0, len, tau - 40.0 * SPS, tau + SPS * (kend_s - 16.0),
                                   bc, ov->fw_known);
        size_t kw = rho > FIND_MIN ? residual_end(ov, bc[1].tau, len) : 0;
        int tried = !kw;
        for (int i = 0; i < nw; i++)
            tried |= fabs(bc[1].tau - w_tau[i]) <= 2.0 * SPS;
        if (!tried) {
            *pr = ov->save_pr;
            struct burst_fit fs = ov->save_fs;
            ov->stats.found +=
                (uint64_t)found_retry(ov, len, seg0, pr, &fs, bc, kw, out, &nout, max);
        }
    }
    /* Nothing at the failed burst, or one frame there but maybe not the
     * stronger's (the other one's, which starts a few bits away): both
     * bursts synchronised jointly. */
    if (found_near(out, nout, seg0 + tau, PAIR_SYNC_SPAN * SPS) < 2) {
        pair_retry(ov, len, seg0, out, &nout, max);
    }
    for (int i = 0;
         i < NKEEP && ov->fx[i].metric < 1e29f && !found_near(out, nout, seg0 + tau, SAME_BURST);
         i++) {
        /* Last: the CRC-aided correction of the best joint decisions of the
         * failed burst, soft values from the joint detection's margins; then
         * of the next best. */
        const struct joint_keep *fx = &ov->fx[i];
        struct gmsk_result jr;
        memset(&jr, 0, sizeof jr);
        unsigned flipped = 0;
        int frc = joint_correct(ov, fx, &jr.frame, &flipped);
        if (frc == 0) {
            frame_meta(&fx->fit, fx->quality, ov->noise, seg0,
                       crc_fix_hard_end(fx->c, fx->ks, DATA_START), &jr);
            jr.corrected = (uint8_t)flipped;
            /* as for every corrected frame: its fields must be plausible */
            if (msg_plausible(jr.frame.bytes, 8u * jr.frame.nbytes)) {
                add_frame(out, &nout, max, &jr);
                ov->stats.corrected++;
            }
        }
    }
    ov->stats.frames += (uint64_t)nout;
    return nout;
}
