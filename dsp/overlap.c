/* overlap.c: successive cancellation of overlapping bursts on one channel
 * (see overlap.h). */
#include "dsp/overlap.h"

#include "dsp/laurent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FS 48000.0
#define SPS 5
#define DATA_START 32
#define MAXSYM 1108
#define SEG_MAX 8000  /* samples handed to the scratch demodulator (its ring holds 8192) */
#define BEFORE 2600   /* samples kept before the failed burst (a weaker one may start there) */
#define MAXATT 16     /* attempts remembered per scratch run */
#define ITERATIONS 3  /* cancel-and-retry rounds */
#define SAME_BURST 25 /* samples: an attempt this close to the failed one is the same burst */

struct att_copy {
    double tau; /* segment sample index */
    double freq;
    float quality;
    size_t nsym, end;
    int rc;
    int8_t dec[MAXSYM];
};

/* A rebuilt burst: the Laurent model of user X at sample n is
 * g e^{j(w0 n + dw (n - n0))} sum_i j^(i+1) c_i C0(n - tau - SPS (i + 1)). */
struct burst_fit {
    double tau, w0, dw, n0;
    double complex g;
    size_t kend;
};

#define NSTATE 32 /* (cS_{k-1}, cS_k, cW_m, cW_{m+1}, cW_{m+2}) */

struct overlap {
    struct gmsk_demod *scratch;
    struct crc_fix *fix;
    uint8_t surv[MAXSYM][NSTATE];
    int8_t cs[MAXSYM], cw[MAXSYM + 8];
    struct laurent *lau;
    float complex y[SEG_MAX], e[SEG_MAX], r[SEG_MAX], s[SEG_MAX];
    struct att_copy att[MAXATT], prim;
    int natt;
    struct gmsk_result fr[OVERLAP_MAX_FRAMES];
    int nfr;
};

struct overlap *overlap_create(const struct gmsk_demod_config *c)
{
    struct overlap *ov = calloc(1, sizeof *ov);
    if (!ov) return NULL;
    struct gmsk_demod_config sc = *c;
    sc.overlap = 0; /* no recursion */
    sc.limiter = 0;
    sc.verbose = 0;
    ov->scratch = gmsk_demod_create(&sc);
    ov->fix = crc_fix_create(&c->fix);
    struct laurent_config lc;
    laurent_config_default(&lc);
    ov->lau = laurent_create(&lc);
    if (!ov->scratch || !ov->lau || !ov->fix) {
        overlap_destroy(ov);
        return NULL;
    }
    return ov;
}

void overlap_destroy(struct overlap *ov)
{
    if (!ov) return;
    gmsk_demod_destroy(ov->scratch);
    crc_fix_destroy(ov->fix);
    laurent_destroy(ov->lau);
    free(ov);
}

/* Symbols up to the end flag from hard decisions (6 ones in the data bits
 * d_k = c_k c_{k-2}), or n when there is none. */
static size_t flag_end(const int8_t *c, size_t n)
{
    int ones = 0;
    for (size_t k = DATA_START; k < n; k++) {
        if (c[k] == c[k - 2]) {
            if (++ones >= 6) return k + 2 < n ? k + 2 : n;
        } else
            ones = 0;
    }
    return n;
}

/* Symbols up to the end flag: the flag found by the demodulator (end) or in
 * the hard decisions, kept within what the message type allows. */
static size_t burst_end(const int8_t *c, size_t n, size_t end)
{
    size_t fe = end ? end : flag_end(c, n);
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
 * bit 0 starting at tau, into s[n0..n1); 0 elsewhere in [0, len). */
static void modulate(const struct laurent *l, const int8_t *c, size_t kend, double tau,
                     float complex *s, size_t n0, size_t n1)
{
    const double span = 4.0 * SPS;
    int prefix = 0; /* sum of a_i over finished pulses */
    size_t done = 0;
    for (size_t n = n0; n < n1; n++) {
        double t = (double)n - tau;
        /* bit i's pulse runs from SPS (i + 1/2) - span/2 for span samples */
        long ihi = (long)floor((t + span / 2) / SPS - 0.5); /* last pulse started */
        long ilo = ihi - 5;                                 /* pulses before are finished */
        while (ilo > 0 && (long)done < ilo && done < kend) {
            prefix += done ? c[done] * c[done - 1] : c[0];
            done++;
        }
        double ph = 0.5 * prefix;
        for (long i = (long)done; i <= ihi && i < (long)kend; i++) {
            if (i < 0) continue;
            int a = i ? c[i] * c[i - 1] : c[0];
            double st = SPS * ((double)i + 0.5) - span / 2;
            ph += a * laurent_q(l, (float)(t - st));
        }
        ph *= M_PI;
        s[n] = (float)cos(ph) + I * (float)sin(ph);
    }
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
                acc += x[n] * conj(ov->s[n]) * cexp(-I * w0 * (double)n);
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
        }
    }
    double tau = btau;
    size_t n0 = (size_t)fmax(0, ceil(tau + 2.0 * SPS));
    size_t n1 = (size_t)fmin((double)len, floor(tau + SPS * ((double)kend + 1.0)));
    modulate(ov->lau, a->dec, kend, tau, ov->s, n0, n1);
    for (size_t n = n0; n < n1; n++)
        out[n] =
            (float complex)(bg * ov->s[n] * cexp(I * (w0 * (double)n + bdw * (double)(n - n0))));
    /* The same burst on the Laurent model: its gain relative to the exact one. */
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
            l += jp[(i + 1) & 3] * a->dec[i] * c0;
        }
        num += ov->s[n] * conj(l);
        den += creal(l * conj(l));
    }
    *fit = (struct burst_fit){tau, w0, bdw, (double)n0, den > 0 ? bg * num / den : 0, kend};
}

/* Basis of symbol i of a rebuilt burst over the samples nw..nw+4. */
static void basis(const struct overlap *ov, const struct burst_fit *f, long i, long nw,
                  float complex *b)
{
    static const double complex jp[4] = {1, I, -1, -I};
    for (int q = 0; q < 5; q++)
        b[q] = 0;
    if (i < 0 || i >= (long)f->kend) return;
    double pk = f->tau + SPS * ((double)i + 1.0);
    for (int q = 0; q < 5; q++) {
        double n = (double)(nw + q), t = n - pk;
        if (fabs(t) > 8.0) continue;
        double ph = f->w0 * n + f->dw * (n - f->n0);
        b[q] =
            (float complex)(f->g * cexp(I * ph) * jp[(i + 1) & 3] * laurent_c0(ov->lau, (float)t));
    }
}

/* Joint maximum-likelihood sequence detection of two rebuilt bursts s and w
 * over s's symbols [2, ks): per symbol of s, the 5 samples around its Laurent
 * peak depend on s's symbols k-1..k+1 and on 4 symbols of w; 32 states. The
 * known preambles (first 32 symbols of each, from ks_known / kw_known) are
 * forced. Decisions go to ov->cs (s) and ov->cw (w, by w's own index). */
static void joint(struct overlap *ov, const float complex *y, size_t len,
                  const struct burst_fit *fs, const int8_t *ks_known, size_t ks,
                  const struct burst_fit *fw, const int8_t *kw_known)
{
    float pm[NSTATE], nm[NSTATE];
    const float inf = 1e30f;
    for (int st = 0; st < NSTATE; st++) {
        int b1 = (st >> 4) & 1, b0 = (st >> 3) & 1;
        pm[st] = (b1 == (ks_known[1] < 0) && b0 == (ks_known[2] < 0)) ? 0 : inf;
    }
    ov->cs[0] = ks_known[0];
    ov->cs[1] = ks_known[1];
    ov->cs[2] = ks_known[2];
    long k0 = 2, k = k0, m0 = 0;
    for (; k + 1 < (long)ks; k++) {
        double pk = fs->tau + SPS * ((double)k + 1.0);
        long nw = (long)ceil(pk - 2.5);
        if (nw < 0 || nw + 5 > (long)len) break;
        if (k == k0) m0 = (long)floor((pk - 10.0 - fw->tau) / SPS - 1.0) + 1;
        long m = m0 + (k - k0);
        float complex bs[3][5], bw[4][5], ps[8][5], pw[16][5];
        for (int d = 0; d < 3; d++)
            basis(ov, fs, k - 1 + d, nw, bs[d]);
        for (int e = 0; e < 4; e++)
            basis(ov, fw, m + e, nw, bw[e]);
        for (int c = 0; c < 8; c++)
            for (int q = 0; q < 5; q++) {
                float complex v = 0;
                for (int d = 0; d < 3; d++)
                    v += ((c >> (2 - d)) & 1 ? -1.0f : 1.0f) * bs[d][q];
                ps[c][q] = v;
            }
        for (int c = 0; c < 16; c++)
            for (int q = 0; q < 5; q++) {
                float complex v = 0;
                for (int e = 0; e < 4; e++)
                    v += ((c >> (3 - e)) & 1 ? -1.0f : 1.0f) * bw[e][q];
                pw[c][q] = y[nw + q] - v; /* y minus w's part */
            }
        int fs_bit = k + 1 < DATA_START ? (ks_known[k + 1] < 0) : -1;
        int fw_bit = m + 3 >= 0 && m + 3 < DATA_START ? (kw_known[m + 3] < 0) : -1;
        for (int st = 0; st < NSTATE; st++)
            nm[st] = inf;
        for (int st = 0; st < NSTATE; st++) {
            if (pm[st] >= inf) continue;
            int b1 = (st >> 4) & 1, b0 = (st >> 3) & 1, w = st & 7;
            for (int bn = 0; bn < 2; bn++) {
                if (fs_bit >= 0 && bn != fs_bit) continue;
                const float complex *a = ps[(b1 << 2) | (b0 << 1) | bn];
                for (int bwn = 0; bwn < 2; bwn++) {
                    if (fw_bit >= 0 && bwn != fw_bit) continue;
                    const float complex *r = pw[(w << 1) | bwn];
                    float mt = pm[st];
                    for (int q = 0; q < 5; q++) {
                        float complex e = r[q] - a[q];
                        mt += crealf(e) * crealf(e) + cimagf(e) * cimagf(e);
                    }
                    int ns = (b0 << 4) | (bn << 3) | ((w << 1) & 7) | bwn;
                    if (mt < nm[ns]) {
                        nm[ns] = mt;
                        ov->surv[k][ns] = (uint8_t)st;
                    }
                }
            }
        }
        memcpy(pm, nm, sizeof pm);
    }
    long kl = k - 1; /* last step done */
    int st = 0;
    for (int i = 1; i < NSTATE; i++)
        if (pm[i] < pm[st]) st = i;
    for (size_t i = (size_t)(kl + 2); i < ks; i++)
        ov->cs[i] = 1;
    for (long kk = kl; kk >= k0; kk--) {
        ov->cs[kk + 1] = (st >> 3) & 1 ? -1 : 1;
        long wi = m0 + (kk - k0) + 3;
        if (wi >= 0 && wi < MAXSYM) ov->cw[wi] = st & 1 ? -1 : 1;
        st = ov->surv[kk][st];
    }
    for (int e = 0; e < 3; e++)
        if (m0 + e >= 0 && m0 + e < MAXSYM) ov->cw[m0 + e] = (st >> (2 - e)) & 1 ? -1 : 1;
}

/* A frame from joint decisions c[0..n) of burst f, if its CRC passes. */
static int joint_frame(struct overlap *ov, const int8_t *c, size_t n, const struct burst_fit *f,
                       float sync, uint64_t seg0, struct gmsk_result *r)
{
    size_t end = 0;
    memset(r, 0, sizeof *r);
    if (crc_fix_decode(ov->fix, c, n, DATA_START, &r->frame, &end) != 0) return 0;
    r->sample = seg0 + (uint64_t)floor(f->tau);
    r->nsamples = (uint32_t)(SPS * end);
    r->power = (float)creal(f->g * conj(f->g));
    r->freq_hz = (float)((f->w0 + f->dw) * FS / (2.0 * M_PI));
    r->sync = sync;
    r->pass = 3;
    return 1;
}

static void add_frame(struct gmsk_result *out, int *nout, int max, const struct gmsk_result *r)
{
    for (int k = 0; k < *nout; k++)
        if (out[k].frame.nbytes == r->frame.nbytes &&
            !memcmp(out[k].frame.bytes, r->frame.bytes, r->frame.nbytes))
            return;
    if (*nout < max) out[(*nout)++] = *r;
}

static void on_attempt(void *ctx, const struct gmsk_attempt *a)
{
    struct overlap *ov = ctx;
    if (ov->natt == MAXATT || a->nsym > MAXSYM) return;
    struct att_copy *c = &ov->att[ov->natt++];
    c->tau = a->tau;
    c->freq = a->freq_hz;
    c->quality = a->quality;
    c->nsym = a->nsym;
    c->end = a->end;
    c->rc = a->rc;
    memcpy(c->dec, a->dec, a->nsym);
}

static void on_frame(void *ctx, const struct gmsk_result *r)
{
    struct overlap *ov = ctx;
    if (ov->nfr < OVERLAP_MAX_FRAMES) ov->fr[ov->nfr++] = *r;
}

static void run_scratch(struct overlap *ov, const float complex *x, size_t len)
{
    ov->natt = 0;
    ov->nfr = 0;
    gmsk_demod_reset(ov->scratch);
    gmsk_demod_on_attempt(ov->scratch, on_attempt, ov);
    gmsk_demod_execute(ov->scratch, x, len, on_frame, ov);
    gmsk_demod_flush(ov->scratch, on_frame, ov);
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

/* The best attempt of the last scratch run near (near = 1) or away from tau. */
static const struct att_copy *pick(const struct overlap *ov, double tau, int near)
{
    const struct att_copy *b = NULL;
    for (int i = 0; i < ov->natt; i++) {
        const struct att_copy *a = &ov->att[i];
        int is_near = fabs(a->tau - tau) <= (near ? SAME_BURST : 3);
        if (is_near == near && (!b || a->quality > b->quality)) b = a;
    }
    return b;
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
    pr->tau = p->tau - (double)seg0;
    pr->freq = p->freq_hz;
    pr->quality = p->quality;
    pr->nsym = p->nsym;
    pr->end = p->end;
    pr->rc = p->rc;
    memcpy(pr->dec, p->dec, p->nsym);
    double tau = pr->tau;
    int nout = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        /* Take the failed burst away and look for the other one. */
        struct burst_fit fs, fw;
        rebuild(ov, pr, ov->y, len, ov->r, &fs);
        for (size_t n = 0; n < len; n++)
            ov->e[n] = ov->y[n] - ov->r[n];
        run_scratch(ov, ov->e, len);
        collect(ov, seg0, -1e9, out, &nout, max);
        const struct att_copy *w = pick(ov, tau, 0);
        if (!w) break;
        /* Take the other one away from the original and decode again. */
        rebuild(ov, w, ov->e, len, ov->r, &fw);
        if (fs.kend && fw.kend) {
            /* Both bursts known roughly: decide both jointly. */
            size_t ks = fs.kend + 2 < pr->nsym ? fs.kend + 2 : pr->nsym;
            fs.kend = ks;
            fw.kend += 1;
            memcpy(ov->cw, w->dec, w->nsym);
            joint(ov, ov->y, len, &fs, pr->dec, ks, &fw, w->dec);
            struct gmsk_result jr;
            int ok = joint_frame(ov, ov->cs, ks, &fs, pr->quality, seg0, &jr);
            if (ok) add_frame(out, &nout, max, &jr);
            if (joint_frame(ov, ov->cw, fw.kend < w->nsym ? fw.kend : w->nsym, &fw, w->quality,
                            seg0, &jr))
                add_frame(out, &nout, max, &jr);
            if (!ok) {
                /* Again with both bursts refitted from the joint decisions. */
                struct att_copy *sa = &ov->prim, *wa = &ov->att[MAXATT - 1];
                *wa = *w;
                memcpy(wa->dec, ov->cw, wa->nsym);
                wa->end = 0;
                memcpy(sa->dec, ov->cs, ks);
                sa->end = 0;
                rebuild(ov, wa, ov->y, len, ov->r, &fw);
                for (size_t n = 0; n < len; n++)
                    ov->e[n] = ov->y[n] - ov->r[n];
                rebuild(ov, sa, ov->e, len, ov->r, &fs);
                for (size_t n = 0; n < len; n++)
                    ov->e[n] = ov->y[n] - ov->r[n];
                rebuild(ov, wa, ov->e, len, ov->r, &fw);
                if (fs.kend && fw.kend) {
                    ks = fs.kend + 2 < sa->nsym ? fs.kend + 2 : sa->nsym;
                    fs.kend = ks;
                    fw.kend += 1;
                    joint(ov, ov->y, len, &fs, sa->dec, ks, &fw, wa->dec);
                    ok = joint_frame(ov, ov->cs, ks, &fs, pr->quality, seg0, &jr);
                    if (ok) add_frame(out, &nout, max, &jr);
                    if (joint_frame(ov, ov->cw, fw.kend < wa->nsym ? fw.kend : wa->nsym, &fw,
                                    wa->quality, seg0, &jr))
                        add_frame(out, &nout, max, &jr);
                }
            }
            if (ok) break;
        }
        for (size_t n = 0; n < len; n++)
            ov->e[n] = ov->y[n] - ov->r[n];
        run_scratch(ov, ov->e, len);
        int got = collect(ov, seg0, tau, out, &nout, max);
        if (got) break;
        const struct att_copy *np = pick(ov, tau, 1);
        if (!np) break;
        *pr = *np;
    }
    return nout;
}
