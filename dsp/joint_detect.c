/* joint_detect.c: joint 32-state sequence detection of two overlapping
 * bursts on the Laurent model (see joint_detect.h). Per step, the 128 branch
 * metrics (8 patterns of s's symbols k-1..k+1 against 16 of w's m..m+3) are
 * computed once and kept for the backward pass; the pulse values they are
 * built from are the same at every step (both bursts have whole samples per
 * bit), so C0 is evaluated once per detection, not per symbol. */
#include "dsp/joint_detect.h"

#include "dsp/laurent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SPS 5
#define DATA_START 32
#define NSTATE 32    /* (cS_{k-1}, cS_k, cW_m, cW_{m+1}, cW_{m+2}) */
#define NBRANCH 128  /* (cS_{k-1}, cS_k, cS_{k+1}) x (cW_m .. cW_{m+3}) */
#define LVAR_HALF 16 /* symbols: half the window of the local residual power */

struct joint_detect {
    const struct laurent *lau;
    uint8_t surv[JOINT_MAXSYM][NSTATE];
    float alpha[JOINT_MAXSYM + 1][NSTATE];             /* forward path metrics */
    float bm[JOINT_MAXSYM][NBRANCH];                   /* branch metrics per step of s */
    int8_t fs_bit[JOINT_MAXSYM], fw_bit[JOINT_MAXSYM]; /* forced new bits (-1: free) */
    float pstep[JOINT_MAXSYM + 1]; /* the best path's metric per step (by s's symbol) */
    float complex rs[JOINT_MAXLEN], rw[JOINT_MAXLEN]; /* the two carriers */
    float complex xs[JOINT_MAXLEN], xw[JOINT_MAXLEN]; /* unit-gain models (joint_track) */
};

struct joint_detect *joint_detect_create(const struct laurent *l)
{
    if (!l) return NULL;
    struct joint_detect *jd = calloc(1, sizeof *jd);
    if (jd) jd->lau = l;
    return jd;
}

void joint_detect_destroy(struct joint_detect *jd)
{
    free(jd);
}

void joint_rotation(double complex g, double w, double dw, double n0, size_t lo, size_t hi,
                    float complex *out)
{
    double complex r = g * cexp(I * (w * (double)lo + dw * ((double)lo - n0))),
                   st = cexp(I * (w + dw));
    for (size_t n = lo; n < hi; n++) {
        out[n] = (float complex)r;
        r *= st;
        if (((n - lo) & 255) == 255) /* keep the recurrence exact */
            r = g * cexp(I * (w * (double)(n + 1) + dw * ((double)(n + 1) - n0)));
    }
}

#define TRACK_BLOCK 40   /* samples per block of the gain tracking (8 symbols) */
#define TRACK_HALF 4     /* blocks either side of a block in its fit (72 symbols in all) */
#define TRACK_PRIOR 40.0 /* pull towards the constant gain, in samples of the burst's power */
#define TRACK_NB (JOINT_MAXLEN / TRACK_BLOCK + 1)

/* The unit-gain Laurent model of burst f with symbols c[0..f->kend) over
 * [0, len) into x (carrier scratch: rot): what dsp/joint_detect's branch
 * metrics take for it, without g. */
static void unit_model(const struct laurent *l, const struct burst_fit *f, const int8_t *c,
                       size_t len, float complex *rot, float complex *x)
{
    static const float complex jp[4] = {1, I, -1, -I};
    memset(x, 0, len * sizeof *x);
    /* the pulse's fraction of a sample is the same for every symbol */
    double p0 = f->tau + SPS;
    long q0 = (long)ceil(p0 - 8.0);
    float c0[17];
    for (int q = 0; q < 17; q++) {
        double t = (double)(q0 + q) - p0;
        c0[q] = fabs(t) > 8.0 ? 0.0f : laurent_c0(l, (float)t);
    }
    for (long i = 0; i < (long)f->kend && i < JOINT_MAXSYM; i++) {
        long n0 = q0 + SPS * i;
        float complex v = jp[(i + 1) & 3] * (float)c[i];
        for (int q = 0; q < 17; q++) {
            long n = n0 + q;
            if (n >= 0 && n < (long)len) x[n] += v * c0[q];
        }
    }
    joint_rotation(1, f->w0, f->dw, f->n0, 0, len, rot);
    for (size_t n = 0; n < len; n++)
        x[n] *= rot[n];
}

void joint_track(struct joint_detect *jd, const float complex *y, size_t len,
                 const struct burst_fit *fs, const int8_t *cs, const struct burst_fit *fw,
                 const int8_t *cw, float complex *gs, float complex *gw)
{
    if (len > JOINT_MAXLEN) len = JOINT_MAXLEN;
    unit_model(jd->lau, fs, cs, len, jd->rs, jd->xs);
    unit_model(jd->lau, fw, cw, len, jd->rw, jd->xw);
    /* per block: |xs|^2, |xw|^2, xs* xw, xs* y, xw* y */
    size_t nb = (len + TRACK_BLOCK - 1) / TRACK_BLOCK;
    double pss[TRACK_NB], pww[TRACK_NB], tss = 0, tww = 0;
    double complex psw[TRACK_NB], psy[TRACK_NB], pwy[TRACK_NB];
    for (size_t b = 0; b < nb; b++) {
        double ss = 0, ww = 0;
        double complex sw = 0, sy = 0, wy = 0;
        for (size_t n = b * TRACK_BLOCK; n < (b + 1) * TRACK_BLOCK && n < len; n++) {
            float complex a = conjf(jd->xs[n]), c = conjf(jd->xw[n]);
            ss += crealf(a * jd->xs[n]);
            ww += crealf(c * jd->xw[n]);
            sw += a * jd->xw[n];
            sy += a * y[n];
            wy += c * y[n];
        }
        pss[b] = ss;
        pww[b] = ww;
        psw[b] = sw;
        psy[b] = sy;
        pwy[b] = wy;
        tss += ss;
        tww += ww;
    }
    /* the prior: TRACK_PRIOR samples of each burst's mean power per sample
     * over its span */
    double ls = TRACK_PRIOR * tss / (SPS * (double)(fs->kend + 1)),
           lw = TRACK_PRIOR * tww / (SPS * (double)(fw->kend + 1));
    double complex kg[2][TRACK_NB];
    for (size_t b = 0; b < nb; b++) {
        double a = ls, d = lw;
        double complex bb = 0, r1 = ls * fs->g, r2 = lw * fw->g;
        for (long k = (long)b - TRACK_HALF; k <= (long)b + TRACK_HALF; k++) {
            if (k < 0 || k >= (long)nb) continue;
            a += pss[k];
            d += pww[k];
            bb += psw[k];
            r1 += psy[k];
            r2 += pwy[k];
        }
        double det = a * d - creal(bb * conj(bb));
        if (!(det > 1e-12 * (a * d + 1e-30))) {
            kg[0][b] = fs->g;
            kg[1][b] = fw->g;
            continue;
        }
        kg[0][b] = (d * r1 - bb * r2) / det;
        kg[1][b] = (a * r2 - conj(bb) * r1) / det;
    }
    /* between the blocks' centres, linearly */
    for (size_t n = 0; n < len; n++) {
        double u = ((double)n - 0.5 * (TRACK_BLOCK - 1)) / TRACK_BLOCK;
        long b = (long)floor(u);
        double f = u - (double)b;
        if (b < 0) {
            b = 0;
            f = 0;
        }
        if (b >= (long)nb - 1) {
            b = (long)nb - 1;
            f = 0;
        }
        long b1 = b + 1 < (long)nb ? b + 1 : b;
        gs[n] = (float complex)((1 - f) * kg[0][b] + f * kg[0][b1]);
        gw[n] = (float complex)((1 - f) * kg[1][b] + f * kg[1][b1]);
    }
}

/* C0 of symbol i of burst f at the samples nw..nw+4 (0 beyond 8 samples). */
static void pulse_values(const struct laurent *l, const struct burst_fit *f, long i, long nw,
                         float *c0)
{
    double pk = f->tau + SPS * ((double)i + 1.0);
    for (int q = 0; q < 5; q++) {
        double t = (double)(nw + q) - pk;
        c0[q] = fabs(t) > 8.0 ? 0.0f : laurent_c0(l, (float)t);
    }
}

/* Basis of symbol i of a rebuilt burst (carrier rt, length kend) over the
 * samples nw..nw+4, from its pulse values c0 there. */
static void basis(size_t kend, const float complex *rt, long i, long nw, const float *c0,
                  float complex *b)
{
    static const double complex jp[4] = {1, I, -1, -I};
    for (int q = 0; q < 5; q++)
        b[q] = 0;
    if (i < 0 || i >= (long)kend) return;
    for (int q = 0; q < 5; q++)
        if (c0[q] != 0.0f) b[q] = rt[nw + q] * (float complex)jp[(i + 1) & 3] * c0[q];
}

/* Step k of s (w's symbols m..m+3): the branch metrics over the 5 samples
 * around s's symbol k's peak (what s's symbols k-1..k+1 and w's m..m+3 leave
 * of y), into jd->bm[k] by (s's pattern << 4 | w's pattern), and the forced
 * bits. c0s / c0w: the pulse values of those symbols there. 0 when the
 * samples are outside y. */
static int step_metrics(struct joint_detect *jd, const float complex *y, size_t len,
                        const struct burst_fit *fs, const int8_t *ks_known,
                        const struct burst_fit *fw, const int8_t *kw_known, long k, long m,
                        const float c0s[3][5], const float c0w[4][5])
{
    double pk = fs->tau + SPS * ((double)k + 1.0);
    long nw = (long)ceil(pk - 2.5);
    if (nw < 0 || nw + 5 > (long)len) return 0;
    float complex bs[3][5], bw[4][5];
    for (int d = 0; d < 3; d++)
        basis(fs->kend, jd->rs, k - 1 + d, nw, c0s[d], bs[d]);
    for (int e = 0; e < 4; e++)
        basis(fw->kend, jd->rw, m + e, nw, c0w[e], bw[e]);
    /* Each pattern's sum of +-basis, in symbol order (pattern bit d set: symbol
     * d negative), extended one symbol at a time from the shorter patterns. */
    float psr[8][5], psi[8][5], pwr[5][16], pwi[5][16];
    for (int q = 0; q < 5; q++) {
        float complex v[16], u[16];
        v[0] = bs[0][q];
        v[1] = -bs[0][q];
        for (int d = 1, nv = 2; d < 3; d++, nv *= 2) {
            for (int c = 0; c < nv; c++) {
                u[2 * c] = v[c] + bs[d][q];
                u[2 * c + 1] = v[c] - bs[d][q];
            }
            memcpy(v, u, 2 * (size_t)nv * sizeof *v);
        }
        for (int c = 0; c < 8; c++) {
            psr[c][q] = crealf(v[c]);
            psi[c][q] = cimagf(v[c]);
        }
        v[0] = bw[0][q];
        v[1] = -bw[0][q];
        for (int e = 1, nv = 2; e < 4; e++, nv *= 2) {
            for (int c = 0; c < nv; c++) {
                u[2 * c] = v[c] + bw[e][q];
                u[2 * c + 1] = v[c] - bw[e][q];
            }
            memcpy(v, u, 2 * (size_t)nv * sizeof *v);
        }
        for (int c = 0; c < 16; c++) {
            float complex r = y[nw + q] - v[c];
            pwr[q][c] = crealf(r);
            pwi[q][c] = cimagf(r);
        }
    }
    float *bm = jd->bm[k];
    for (int a = 0; a < 8; a++) {
        float acc[16] = {0};
        for (int q = 0; q < 5; q++)
            for (int c = 0; c < 16; c++) {
                float dr = pwr[q][c] - psr[a][q], di = pwi[q][c] - psi[a][q];
                acc[c] += dr * dr + di * di;
            }
        memcpy(bm + 16 * a, acc, sizeof acc);
    }
    jd->fs_bit[k] = (int8_t)(k + 1 < DATA_START ? (ks_known[k + 1] < 0) : -1);
    jd->fw_bit[k] = (int8_t)(m + 3 >= 0 && m + 3 < DATA_START ? (kw_known[m + 3] < 0) : -1);
    return 1;
}

/* Over s's symbols [2, ks) (on past s's end while w goes on: s's pulses are 0
 * there), per symbol of s the 5 samples around its Laurent peak depend on s's
 * symbols k-1..k+1 and on 4 symbols of w: 32 states (cS_{k-1}, cS_k, cW_m,
 * cW_{m+1}, cW_{m+2}), a branch per new pair (cS_{k+1}, cW_{m+3}). The known
 * preambles (first 32 symbols of each) are forced. */
float joint_detect_run(struct joint_detect *jd, const float complex *y, size_t len,
                       const struct burst_fit *fs, const int8_t *ks_known, size_t ks,
                       const struct burst_fit *fw, const int8_t *kw_known,
                       const struct joint_out *out)
{
    float nm[NSTATE];
    const float inf = 1e30f;
    if (len > JOINT_MAXLEN) len = JOINT_MAXLEN;
    if (ks > JOINT_MAXSYM) ks = JOINT_MAXSYM;
    for (int st = 0; st < NSTATE; st++) {
        int b1 = (st >> 4) & 1, b0 = (st >> 3) & 1;
        jd->alpha[2][st] = (b1 == (ks_known[1] < 0) && b0 == (ks_known[2] < 0)) ? 0 : inf;
    }
    joint_rotation(fs->gain ? 1 : fs->g, fs->w0, fs->dw, fs->n0, 0, len, jd->rs);
    joint_rotation(fw->gain ? 1 : fw->g, fw->w0, fw->dw, fw->n0, 0, len, jd->rw);
    for (size_t n = 0; fs->gain && n < len; n++)
        jd->rs[n] *= fs->gain[n];
    for (size_t n = 0; fw->gain && n < len; n++)
        jd->rw[n] *= fw->gain[n];
    for (size_t k = 0; k < ks; k++)
        out->rel[k] = out->lvar[k] = 0;
    out->cs[0] = ks_known[0];
    out->cs[1] = ks_known[1];
    out->cs[2] = ks_known[2];
    const long k0 = 2;
    long m0 = (long)floor((fs->tau + SPS * ((double)k0 + 1.0) - 10.0 - fw->tau) / SPS - 1.0) + 1;
    /* The pulse values at each step: the samples start at 5 k + const, s's
     * symbols there at k - 1.., w's at m0 + (k - k0).., all 5 apart. */
    float c0s[3][5], c0w[4][5];
    {
        long nw0 = (long)ceil(fs->tau + SPS * ((double)k0 + 1.0) - 2.5);
        for (int d = 0; d < 3; d++)
            pulse_values(jd->lau, fs, k0 - 1 + d, nw0, c0s[d]);
        for (int e = 0; e < 4; e++)
            pulse_values(jd->lau, fw, m0 + e, nw0, c0w[e]);
    }
    long k = k0;
    long kmax = (long)ks;
    long kw_end = (long)ceil((fw->tau + SPS * ((double)fw->kend + 1.0) - fs->tau) / SPS);
    if (kw_end > kmax) kmax = kw_end;
    if (kmax > JOINT_MAXSYM - 1) kmax = JOINT_MAXSYM - 1;
    for (; k + 1 < kmax; k++) {
        if (!step_metrics(jd, y, len, fs, ks_known, fw, kw_known, k, m0 + (k - k0), c0s, c0w))
            break;
        /* per new state, its 4 predecessors in the order of their numbers
         * (the first of equal metrics survives) */
        const float *pm = jd->alpha[k], *bm = jd->bm[k];
        int fsb = jd->fs_bit[k], fwb = jd->fw_bit[k];
        for (int ns = 0; ns < NSTATE; ns++) {
            int b0 = ns >> 4, bn = (ns >> 3) & 1, w01 = (ns >> 1) & 3, bwn = ns & 1;
            float best = inf;
            int arg = 0;
            if ((fsb < 0 || bn == fsb) && (fwb < 0 || bwn == fwb))
                for (int b1 = 0; b1 < 2; b1++)
                    for (int w2 = 0; w2 < 2; w2++) {
                        int st = (b1 << 4) | (b0 << 3) | (w2 << 2) | w01;
                        if (pm[st] >= inf) continue;
                        float mt = bm[(((b1 << 2) | (b0 << 1) | bn) << 4) | ((st & 7) << 1) | bwn] +
                                   pm[st];
                        if (mt < best) {
                            best = mt;
                            arg = st;
                        }
                    }
            nm[ns] = best;
            jd->surv[k][ns] = (uint8_t)arg;
        }
        memcpy(jd->alpha[k + 1], nm, sizeof nm);
    }
    long kl = k - 1; /* last step done */
    int st = 0;
    for (int i = 1; i < NSTATE; i++)
        if (jd->alpha[kl + 1][i] < jd->alpha[kl + 1][st]) st = i;
    /* per symbol, relative to the signal: comparable between fits */
    float metric = kl >= k0 ? jd->alpha[kl + 1][st] / (float)(kl + 1 - k0) /
                                  (float)(creal(fs->g * conj(fs->g)) + 1e-20)
                            : inf;
    for (long i = kl + 2; i < (long)ks; i++)
        out->cs[i] = 1;
    for (long kk = kl; kk >= k0; kk--) {
        out->cs[kk + 1] = (st >> 3) & 1 ? -1 : 1;
        long wi = m0 + (kk - k0) + 3;
        if (wi >= 0 && wi < JOINT_MAXSYM) out->cw[wi] = st & 1 ? -1 : 1;
        int prev = jd->surv[kk][st];
        jd->pstep[kk + 1] = jd->alpha[kk + 1][st] - jd->alpha[kk][prev];
        st = prev;
    }
    /* The best path's residual power per sample around each symbol of s
     * (LVAR_HALF symbols either side): what calibrates the margins as LLRs
     * (the residual is larger where the two bursts overlap and fit worse). */
    {
        double cum[JOINT_MAXSYM + 2];
        cum[0] = 0;
        for (long kk = k0; kk <= kl; kk++)
            cum[kk - k0 + 1] = cum[kk - k0] + jd->pstep[kk + 1];
        for (long kk = k0; kk <= kl; kk++) {
            long a = kk - LVAR_HALF < k0 ? k0 : kk - LVAR_HALF;
            long b = kk + LVAR_HALF > kl ? kl : kk + LVAR_HALF;
            out->lvar[kk + 1] =
                (float)((cum[b - k0 + 1] - cum[a - k0]) / (double)(SPS * (b - a + 1)));
        }
    }
    for (int e = 0; e < 3; e++)
        if (m0 + e >= 0 && m0 + e < JOINT_MAXSYM) out->cw[m0 + e] = (st >> (2 - e)) & 1 ? -1 : 1;
    /* Backward pass over the kept branch metrics: margins of s's decisions. */
    float beta[NSTATE], nb[NSTATE];
    for (int i = 0; i < NSTATE; i++)
        beta[i] = 0;
    for (long kk = kl; kk >= k0; kk--) {
        float best[2] = {inf, inf};
        for (int i = 0; i < NSTATE; i++)
            nb[i] = inf;
        const float *pm = jd->alpha[kk], *bm = jd->bm[kk];
        int fsb = jd->fs_bit[kk], fwb = jd->fw_bit[kk];
        for (int s0 = 0; s0 < NSTATE; s0++) {
            int b1 = (s0 >> 4) & 1, b0 = (s0 >> 3) & 1, w = s0 & 7;
            for (int bn = 0; bn < 2; bn++) {
                if (fsb >= 0 && bn != fsb) continue;
                for (int bwn = 0; bwn < 2; bwn++) {
                    if (fwb >= 0 && bwn != fwb) continue;
                    int ns = (b0 << 4) | (bn << 3) | ((w << 1) & 7) | bwn;
                    float tail =
                        bm[(((b1 << 2) | (b0 << 1) | bn) << 4) | (w << 1) | bwn] + beta[ns];
                    if (tail < nb[s0]) nb[s0] = tail;
                    if (pm[s0] < inf && pm[s0] + tail < best[bn]) best[bn] = pm[s0] + tail;
                }
            }
        }
        out->rel[kk + 1] = best[0] < inf && best[1] < inf ? fabsf(best[0] - best[1]) : inf;
        memcpy(beta, nb, sizeof beta);
    }
    return metric;
}
