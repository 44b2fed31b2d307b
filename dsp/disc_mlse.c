/* disc_mlse.c: discriminator audio -> preamble hits -> least-squares channel
 * estimate -> Viterbi line levels -> HDLC/CRC (see disc_mlse.h). */
#include "dsp/disc_mlse.h"

#include "decode/err.h"
#include "decode/log.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SPS 5                         /* samples per bit at 48 kS/s */
#define PRE 1                         /* precursor bits of the pulse */
#define POST 8                        /* postcursor bits of the pulse (tails) */
#define SHORT_POST 2                  /* postcursor bits inside the Viterbi state */
#define NSTATE 8                      /* 2^(PRE + SHORT_POST) */
#define OMIN (-(SPS * PRE) - SPS / 2) /* first pulse tap, samples from a bit centre */
#define NTAP (SPS * (PRE + POST + 1))
#define NUNK (NTAP + 3) /* taps, DC, DC drift, AC-coupling term */
#define TRAIN_KNOWN 8   /* training bits before the template (levels known) */
#define TB 24           /* template bits: last 16 training bits + start flag */
#define TLEN (SPS * TB)
#define PEAK_HOLD 50 /* a hit is the best correlation within this many samples */
#define NPEND 32     /* hits waiting for their burst's samples (more are counted as dropped) */
#define FIT_BITS 200 /* data bits fitted when no end flag was found */
#define CHUNK 8192
#define AR 4  /* order of the noise whitening filter */
#define LPD 5 /* half length of the detector's low-pass (5 kHz) */

struct disc_mlse {
    struct disc_mlse_config cfg;
    unsigned nbmax; /* bits from the template start: template + data + end flag */
    float *buf;     /* samples [base, base + len) */
    size_t cap, len, keep;
    uint64_t base;
    uint64_t det_next; /* next template start to correlate */
    uint64_t cand_pos;
    float cand_score; /* |correlation| of the candidate, 0 = none */
    float cand_corr;
    uint64_t pend[NPEND];
    float pend_corr[NPEND];
    size_t npend;
    uint64_t busy_until; /* hits before this are inside a decoded burst */
    float *fbuf;         /* buf through the detector's low-pass, same indices */
    uint64_t fdone;      /* fbuf is valid before this sample */
    float lp[2 * LPD + 1];
    float tmpl[TLEN]; /* ideal template waveform through the low-pass, zero mean */
    float tmpl_raw[TLEN];
    double tmpl_energy;
    int8_t known[TRAIN_KNOWN + TB]; /* levels of training bits -8..-1 and the template */
    float ideal[NTAP];              /* ideal GMSK frequency pulse, peak ~1 */
    /* Per-hit work space (allocated once). */
    int8_t *lev;    /* levels, index k + TRAIN_KNOWN, +-1 (0 = unknown) */
    int8_t *prev;   /* previous pass's levels */
    uint8_t *dec;   /* Viterbi decisions [bit][state] */
    uint8_t *bits;  /* data bits */
    uint8_t *stuff; /* de-stuffed bits */
    float *resid;   /* samples minus DC and tail, per bit sample */
    float *white;   /* the burst's samples through the whitening filter */
    double *cum;    /* running sum of the samples being decoded (x or white) */
    double ata[NUNK * NUNK], atb[NUNK];
    struct disc_mlse_stats st;
};

static double qfunc(double x)
{
    return 0.5 * erfc(x / sqrt(2.0));
}

/* GMSK (BT 0.4) frequency pulse, t in bits from the bit's centre. */
static double freq_pulse(double t)
{
    double s = 2 * M_PI * 0.4 / sqrt(log(2.0));
    return qfunc(s * (t - 0.5)) - qfunc(s * (t + 0.5));
}

void disc_mlse_config_default(struct disc_mlse_config *c)
{
    c->threshold = 0.8f;
    c->max_bits = 1100;
    c->passes = 5;
}

static void make_template(struct disc_mlse *m)
{
    /* Data bits of the training (0101...) and the flag, NRZI from level 1. */
    uint8_t data[TRAIN_KNOWN + TB];
    for (int i = 0; i < TRAIN_KNOWN + 16; i++)
        data[i] = (uint8_t)(i & 1);
    static const uint8_t flag[8] = {0, 1, 1, 1, 1, 1, 1, 0};
    memcpy(data + TRAIN_KNOWN + 16, flag, 8);
    int level = 1;
    for (int i = 0; i < TRAIN_KNOWN + TB; i++) {
        if (!data[i]) level = -level;
        m->known[i] = (int8_t)level;
    }
    /* Detector low-pass: Hamming-windowed sinc, cut-off 5 kHz, DC gain 1.
     * It keeps the GMSK frequency waveform and drops the noise a flat
     * discriminator has above it. */
    double lsum = 0;
    for (int i = 0; i <= 2 * LPD; i++) {
        double t = i - LPD, fc = 5000.0 / 48000;
        double h = t == 0 ? 2 * fc : sin(2 * M_PI * fc * t) / (M_PI * t);
        h *= 0.54 - 0.46 * cos(M_PI * i / LPD);
        m->lp[i] = (float)h;
        lsum += h;
    }
    for (int i = 0; i <= 2 * LPD; i++)
        m->lp[i] = (float)(m->lp[i] / lsum);
    double wave[TLEN + 2 * LPD];
    for (int i = 0; i < TLEN + 2 * LPD; i++) {
        double v = 0;
        for (int k = -TRAIN_KNOWN; k < TB; k++)
            v += m->known[k + TRAIN_KNOWN] *
                 freq_pulse((i - LPD - (SPS / 2 + SPS * k)) / (double)SPS);
        wave[i] = v;
        if (i >= LPD && i < TLEN + LPD) m->tmpl_raw[i - LPD] = (float)v;
    }
    double mean = 0, tf[TLEN];
    for (int i = 0; i < TLEN; i++) {
        double v = 0;
        for (int j = 0; j <= 2 * LPD; j++)
            v += m->lp[j] * wave[i + j];
        tf[i] = v;
        mean += v;
    }
    mean /= TLEN;
    m->tmpl_energy = 0;
    for (int i = 0; i < TLEN; i++) {
        m->tmpl[i] = (float)(tf[i] - mean);
        m->tmpl_energy += (double)m->tmpl[i] * m->tmpl[i];
    }
    for (int j = 0; j < NTAP; j++)
        m->ideal[j] = (float)freq_pulse((j + OMIN) / (double)SPS);
}

struct disc_mlse *disc_mlse_create(const struct disc_mlse_config *c)
{
    if (!c || c->threshold <= 0 || c->threshold >= 1 || c->max_bits < 64 ||
        c->max_bits > 8u * (AIS_FRAME_MAX_BYTES + 2) * 6 / 5 + 8 || c->passes < 1 ||
        c->passes > 8) {
        log_error("disc_mlse: threshold must be in (0,1), max_bits 64..%u, passes 1..8",
                  8u * (AIS_FRAME_MAX_BYTES + 2) * 6 / 5 + 8);
        return NULL;
    }
    struct disc_mlse *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cfg = *c;
    m->nbmax = TB + c->max_bits + 8;
    m->keep = (size_t)SPS * (m->nbmax + 2) + TLEN + 2 * PEAK_HOLD;
    m->cap = m->keep + CHUNK;
    size_t nl = m->nbmax + TRAIN_KNOWN + 2;
    m->buf = malloc(m->cap * sizeof *m->buf);
    m->fbuf = malloc(m->cap * sizeof *m->fbuf);
    m->lev = calloc(nl, 1);
    m->prev = calloc(nl, 1);
    m->dec = malloc((size_t)(m->nbmax + 2) * NSTATE);
    m->bits = malloc(m->nbmax + 2);
    m->stuff = malloc(m->nbmax + 2);
    m->resid = malloc((size_t)SPS * (m->nbmax + 2) * sizeof *m->resid);
    m->white = malloc((size_t)SPS * (m->nbmax + 2) * sizeof *m->white);
    m->cum = malloc((size_t)SPS * (m->nbmax + 2) * sizeof *m->cum);
    if (!m->buf || !m->fbuf || !m->lev || !m->prev || !m->dec || !m->bits || !m->stuff ||
        !m->resid || !m->white || !m->cum) {
        disc_mlse_destroy(m);
        return NULL;
    }
    make_template(m);
    return m;
}

void disc_mlse_destroy(struct disc_mlse *m)
{
    if (!m) return;
    free(m->buf);
    free(m->fbuf);
    free(m->lev);
    free(m->prev);
    free(m->dec);
    free(m->bits);
    free(m->stuff);
    free(m->resid);
    free(m->white);
    free(m->cum);
    free(m);
}

const struct disc_mlse_stats *disc_mlse_stats(const struct disc_mlse *m)
{
    return &m->st;
}

/* Level of bit k (k >= -TRAIN_KNOWN), 0 when not decided. */
static inline int lev_at(const struct disc_mlse *m, long k)
{
    return m->lev[k + TRAIN_KNOWN];
}

/* Solve the symmetric positive definite system a x = b (n unknowns) in place
 * by Cholesky. Returns 0, or -1 when a is not positive definite. */
static int cholesky_solve(double *a, double *b, int n)
{
    for (int j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (int k = 0; k < j; k++)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0)) return -1;
        d = sqrt(d);
        a[j * n + j] = d;
        for (int i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (int k = 0; k < j; k++)
                s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / d;
        }
    }
    for (int i = 0; i < n; i++) {
        double s = b[i];
        for (int k = 0; k < i; k++)
            s -= a[i * n + k] * b[k];
        b[i] = s / a[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = b[i];
        for (int k = i + 1; k < n; k++)
            s -= a[k * n + i] * b[k];
        b[i] = s / a[i * n + i];
    }
    return 0;
}

struct model {
    float tap[NTAP];
    double dc, drift; /* DC at sample p0 + 5 ne * u is dc + drift * u */
    double span;      /* samples over which drift runs 0..1 */
    /* A first-order AC coupling (high-pass y = a (y + x - x')) leaves
     * y[n] = x[n] - (1 - a) sum_{i<n} y[i] + const: the running sum of the
     * audio itself, with weight gamma, undoes it. */
    double gamma;
};

/* Running sum of x[0, len) into m->cum (cum[n] = sum of x[i], i < n, scaled
 * by 1 / SPS). */
static void running_sum(struct disc_mlse *m, const float *x, size_t len)
{
    double acc = 0;
    for (size_t n = 0; n < len; n++) {
        m->cum[n] = acc;
        acc += x[n] / SPS;
    }
}

static inline double baseline(const struct disc_mlse *m, const struct model *md, size_t n)
{
    return md->dc + md->drift * (double)n / md->span + md->gamma * m->cum[n];
}

/* Least-squares fit of the pulse, DC and drift to x over bits [0, ne) with the
 * levels in m->lev. */
static int fit_model(struct disc_mlse *m, const float *x, unsigned ne, struct model *md)
{
    double *ata = m->ata, *atb = m->atb;
    memset(ata, 0, sizeof m->ata);
    memset(atb, 0, sizeof m->atb);
    md->span = (double)SPS * ne;
    int col[PRE + POST + 1 + 3];
    double val[PRE + POST + 1 + 3];
    for (unsigned k = 0; k < ne; k++) {
        for (int d = 0; d < SPS; d++) {
            size_t n = (size_t)SPS * k + (size_t)d;
            int nz = 0;
            for (int j = -PRE; j <= POST; j++) {
                int a = lev_at(m, (long)k - j);
                if (!a) continue;
                col[nz] = d - SPS / 2 + SPS * j - OMIN;
                val[nz++] = a;
            }
            col[nz] = NTAP;
            val[nz++] = 1;
            col[nz] = NTAP + 1;
            val[nz++] = (double)n / md->span;
            col[nz] = NTAP + 2;
            val[nz++] = m->cum[n];
            double y = x[n];
            for (int i = 0; i < nz; i++) {
                atb[col[i]] += val[i] * y;
                for (int j = 0; j < nz; j++)
                    ata[col[i] * NUNK + col[j]] += val[i] * val[j];
            }
        }
    }
    /* A light ridge keeps taps that the data barely excites near zero. */
    double ridge = 0.01 * ne + 1e-9;
    for (int i = 0; i < NTAP; i++)
        ata[i * NUNK + i] += ridge;
    ata[(NTAP + 1) * NUNK + NTAP + 1] += 1e-6 * ne * SPS;
    ata[(NTAP + 2) * NUNK + NTAP + 2] += 1e-6 * ne * SPS;
    double sol[NUNK];
    memcpy(sol, atb, sizeof sol);
    if (cholesky_solve(ata, sol, NUNK) != 0) return -1;
    for (int i = 0; i < NTAP; i++)
        md->tap[i] = (float)sol[i];
    md->dc = sol[NTAP];
    md->drift = sol[NTAP + 1];
    md->gamma = sol[NTAP + 2];
    return 0;
}

/* The fitted model's residual over bits [0, ne) into m->resid. */
static void model_residual(struct disc_mlse *m, const float *x, unsigned ne, const struct model *md)
{
    for (unsigned k = 0; k < ne; k++) {
        for (int d = 0; d < SPS; d++) {
            size_t n = (size_t)SPS * k + (size_t)d;
            double v = x[n] - baseline(m, md, n);
            for (int j = -PRE; j <= POST; j++) {
                int a = lev_at(m, (long)k - j);
                if (a) v -= a * md->tap[d - SPS / 2 + SPS * j - OMIN];
            }
            m->resid[n] = (float)v;
        }
    }
}

/* Power of the fitted pulses over the residual's, in dB, bits [0, ne). */
static double model_snr_db(struct disc_mlse *m, const float *x, unsigned ne, const struct model *md)
{
    model_residual(m, x, ne, md);
    double sig = 0, res = 0;
    for (size_t n = 0; n < (size_t)SPS * ne; n++) {
        double e = m->resid[n], p = x[n] - baseline(m, md, n) - e;
        sig += p * p;
        res += e * e;
    }
    return res > 0 && sig > 0 ? 10 * log10(sig / res) : 99;
}

/* Prediction-error (whitening) filter of order AR for the noise in
 * m->resid[0, len) by Levinson-Durbin; w[0] = 1. Returns 0 or -1. */
static int whitening_filter(const float *e, size_t len, double w[AR + 1])
{
    double r[AR + 1];
    for (int l = 0; l <= AR; l++) {
        double acc = 0;
        for (size_t n = (size_t)l; n < len; n++)
            acc += (double)e[n] * e[n - (size_t)l];
        r[l] = acc;
    }
    if (!(r[0] > 0)) return -1;
    double a[AR + 1] = {1}, err = r[0] * (1 + 1e-6);
    for (int i = 1; i <= AR; i++) {
        double acc = r[i];
        for (int j = 1; j < i; j++)
            acc += a[j] * r[i - j];
        double k = -acc / err, tmp[AR + 1];
        memcpy(tmp, a, sizeof tmp);
        for (int j = 1; j < i; j++)
            a[j] = tmp[j] + k * tmp[i - j];
        a[i] = k;
        err *= 1 - k * k;
        if (!(err > 0)) return -1;
    }
    memcpy(w, a, sizeof a);
    return 0;
}

/* Viterbi over bits [TB, nb) with the template's levels known: writes the
 * decided levels to m->lev. The tail (postcursors beyond the state) comes
 * from m->prev. */
static void viterbi(struct disc_mlse *m, const float *x, unsigned nb, const struct model *md)
{
    /* Samples minus DC and tail. */
    for (unsigned k = 0; k < nb; k++) {
        for (int d = 0; d < SPS; d++) {
            size_t n = (size_t)SPS * k + (size_t)d;
            double v = x[n] - baseline(m, md, n);
            for (int j = SHORT_POST + 1; j <= POST; j++) {
                int a = m->prev[(long)k - j + TRAIN_KNOWN];
                if (a) v -= a * md->tap[d - SPS / 2 + SPS * j - OMIN];
            }
            m->resid[n] = (float)v;
        }
    }
    /* Expected samples of bit k for the 16 combinations of levels
     * (k-2, k-1, k, k+1) = bits 3..0 of the index. */
    float y16[16][SPS];
    for (int c = 0; c < 16; c++)
        for (int d = 0; d < SPS; d++) {
            double v = 0;
            for (int j = -PRE; j <= SHORT_POST; j++) {
                int a = (c >> (j + PRE)) & 1 ? 1 : -1;
                v += a * md->tap[d - SPS / 2 + SPS * j - OMIN];
            }
            y16[c][d] = (float)v;
        }
    double metric[NSTATE], next[NSTATE];
    for (int s = 0; s < NSTATE; s++)
        metric[s] = INFINITY;
    int s0 = 0;
    for (int i = 0; i < 3; i++)
        s0 = s0 << 1 | (lev_at(m, TB - 3 + i) > 0);
    metric[s0] = 0;
    /* Step t hypothesises level t and scores the samples of bit t-1. */
    for (unsigned t = TB; t <= nb; t++) {
        const float *r = m->resid + (size_t)SPS * (t - 1);
        for (int ns = 0; ns < NSTATE; ns++) {
            double best = INFINITY;
            int bb = 0;
            for (int b = 0; b < 2; b++) {
                int s = (ns >> 1) | (b << 2);
                if (metric[s] == INFINITY) continue;
                const float *y = y16[b << 3 | ns];
                double e = metric[s];
                for (int d = 0; d < SPS; d++) {
                    double u = r[d] - y[d];
                    e += u * u;
                }
                if (e < best) {
                    best = e;
                    bb = b;
                }
            }
            next[ns] = best;
            m->dec[(size_t)t * NSTATE + (size_t)ns] = (uint8_t)bb;
        }
        memcpy(metric, next, sizeof metric);
    }
    int s = 0;
    for (int i = 1; i < NSTATE; i++)
        if (metric[i] < metric[s]) s = i;
    /* Traceback: state at step t holds levels t-2, t-1, t. */
    for (unsigned t = nb; t >= TB; t--) {
        m->lev[t + TRAIN_KNOWN] = (int8_t)(s & 1 ? 1 : -1);
        int b = m->dec[(size_t)t * NSTATE + (size_t)s];
        s = (s >> 1) | (b << 2);
    }
}

/* HDLC from the decided levels: 0 with *f, AISD_E_CHECKSUM (well-formed,
 * wrong CRC) or AISD_E_FORMAT; *end = bit after the end flag (0 if none). */
static int deframe(struct disc_mlse *m, unsigned nb, struct ais_frame *f, unsigned *end)
{
    *end = 0;
    for (unsigned k = TB; k < nb; k++)
        m->bits[k] = lev_at(m, k) == lev_at(m, (long)k - 1);
    size_t used = 0;
    int n = ais_destuff(m->bits + TB, nb - TB, m->stuff, 8u * (AIS_FRAME_MAX_BYTES + 2), &used);
    if (n < 0) return AISD_E_FORMAT;
    *end = TB + (unsigned)used;
    int rc = ais_frame_from_bits(m->stuff, (size_t)n, f);
    if (rc == 0 || rc == AISD_E_CHECKSUM) m->st.checked++;
    return rc == 0 ? 0 : rc == AISD_E_CHECKSUM ? AISD_E_CHECKSUM : AISD_E_FORMAT;
}

/* Decode the burst whose template starts at absolute sample p0. */
static void decode_at(struct disc_mlse *m, uint64_t p0, float corr, disc_mlse_cb cb, void *ctx)
{
    if (p0 < m->busy_until) {
        m->st.skipped++;
        return;
    }
    m->st.hits++;
    const float *xs = m->buf + (p0 - m->base), *x = xs;
    size_t avail = m->len - (size_t)(p0 - m->base);
    size_t have = avail / SPS; /* whole bits from p0, one kept for the lookahead */
    unsigned nb = have > (size_t)m->nbmax + 1 ? m->nbmax : (unsigned)(have ? have - 1 : 0);
    if (nb < TB + 48) {
        m->st.noframe++;
        return;
    }
    size_t nl = m->nbmax + TRAIN_KNOWN + 2;
    memset(m->lev, 0, nl);
    memcpy(m->lev, m->known, sizeof m->known);
    memcpy(m->prev, m->lev, nl);
    /* Pass 1: the ideal pulse, gain and DC from the template. */
    struct model md;
    double sx = 0, sxt = 0, stt = 0, st = 0;
    for (int i = 0; i < TLEN; i++) {
        sx += x[i];
        st += m->tmpl_raw[i];
        sxt += (double)x[i] * m->tmpl_raw[i];
        stt += (double)m->tmpl_raw[i] * m->tmpl_raw[i];
    }
    double det = TLEN * stt - st * st;
    double gain = det > 0 ? (TLEN * sxt - st * sx) / det : 0;
    for (int j = 0; j < NTAP; j++)
        md.tap[j] = (float)(gain * m->ideal[j]);
    md.dc = (sx - gain * st) / TLEN;
    md.drift = 0;
    md.gamma = 0;
    md.span = 1;
    running_sum(m, xs, (size_t)SPS * (nb + 1));
    int rc = AISD_E_FORMAT;
    struct ais_frame f;
    unsigned end = 0;
    unsigned pass;
    for (pass = 1; pass <= m->cfg.passes; pass++) {
        if (pass > 1) {
            /* Fit over the frame found, at least one slot's worth of bits
             * (an end flag that bit errors made can be early). */
            unsigned ne = nb < TB + FIT_BITS ? nb : TB + FIT_BITS;
            if (end > ne) ne = end;
            memcpy(m->prev, m->lev, nl);
            if (pass == 2) {
                /* Fit on the raw audio, then whiten the noise the fit leaves
                 * (a flat discriminator's noise rises with frequency). */
                double w[AR + 1];
                if (fit_model(m, xs, ne, &md) != 0) break;
                model_residual(m, xs, ne, &md);
                if (whitening_filter(m->resid, (size_t)SPS * ne, w) != 0) break;
                size_t len = (size_t)SPS * (nb + 1);
                size_t hist = (size_t)(p0 - m->base);
                for (size_t n = 0; n < len; n++) {
                    double v = 0;
                    for (int i = 0; i <= AR; i++)
                        if (n >= (size_t)i || hist >= (size_t)i - n)
                            v += w[i] * xs[(ptrdiff_t)n - i];
                    m->white[n] = (float)v;
                }
                x = m->white;
                running_sum(m, x, len);
            }
            if (fit_model(m, x, ne, &md) != 0) break;
        }
        viterbi(m, x, nb, &md);
        rc = deframe(m, nb, &f, &end);
        if (rc == 0) break;
        if (pass > 1 && !memcmp(m->prev, m->lev, nl)) break;
    }
    if (rc != 0) {
        if (rc == AISD_E_CHECKSUM)
            m->st.crc_fail++;
        else
            m->st.noframe++;
        return;
    }
    m->st.frames++;
    m->busy_until = p0 + (uint64_t)SPS * end;
    struct disc_mlse_result r;
    r.frame = f;
    r.sample = p0 >= (uint64_t)SPS * TRAIN_KNOWN ? p0 - (uint64_t)SPS * TRAIN_KNOWN : 0;
    r.snr_db = (float)model_snr_db(m, x, end, &md);
    r.corr = corr;
    r.pass = pass;
    cb(ctx, &r);
}

/* The candidate hit into the table of hits waiting for samples (or counted
 * as dropped when the table is full). */
static void add_pending(struct disc_mlse *m)
{
    if (m->npend == NPEND) {
        m->st.dropped++;
        return;
    }
    m->pend[m->npend] = m->cand_pos;
    m->pend_corr[m->npend++] = m->cand_corr;
}

/* Correlate template starts up to the last complete window. */
static void detect(struct disc_mlse *m)
{
    uint64_t end = m->base + m->len;
    /* fbuf[n] = sum_j lp[j] buf[n + LPD - j] (zero before the first sample). */
    for (; m->fdone + LPD < end; m->fdone++) {
        size_t n = (size_t)(m->fdone - m->base);
        double v = 0;
        for (int j = 0; j <= 2 * LPD; j++)
            if (m->fdone + LPD >= (uint64_t)j) v += m->lp[j] * m->buf[n + LPD - (size_t)j];
        m->fbuf[n] = (float)v;
    }
    while (m->det_next + TLEN <= m->fdone) {
        const float *x = m->fbuf + (m->det_next - m->base);
        double sx = 0, sxx = 0, sxt = 0;
        for (int i = 0; i < TLEN; i++) {
            sx += x[i];
            sxx += (double)x[i] * x[i];
            sxt += (double)x[i] * m->tmpl[i];
        }
        double var = sxx - sx * sx / TLEN;
        float c = var > 1e-20 ? (float)(sxt / sqrt(var * m->tmpl_energy)) : 0;
        float a = fabsf(c);
        if (m->cand_score > 0 && m->det_next > m->cand_pos + PEAK_HOLD) {
            add_pending(m);
            m->cand_score = 0;
        }
        if (a >= m->cfg.threshold && a > m->cand_score) {
            m->cand_score = a;
            m->cand_corr = c;
            m->cand_pos = m->det_next;
        }
        m->det_next++;
    }
}

static void run_pending(struct disc_mlse *m, int all, disc_mlse_cb cb, void *ctx)
{
    size_t need = (size_t)SPS * (m->nbmax + 1);
    size_t i = 0;
    while (i < m->npend && (all || m->pend[i] + need <= m->base + m->len)) {
        decode_at(m, m->pend[i], m->pend_corr[i], cb, ctx);
        i++;
    }
    memmove(m->pend, m->pend + i, (m->npend - i) * sizeof *m->pend);
    memmove(m->pend_corr, m->pend_corr + i, (m->npend - i) * sizeof *m->pend_corr);
    m->npend -= i;
}

void disc_mlse_execute(struct disc_mlse *m, const float *x, size_t n, disc_mlse_cb cb, void *ctx)
{
    while (n) {
        if (m->len == m->cap) {
            /* Drop what neither the detector nor a pending hit still needs. */
            uint64_t keep_from = m->base + m->len - m->keep;
            if (m->npend && m->pend[0] < keep_from) keep_from = m->pend[0];
            if (m->cand_score > 0 && m->cand_pos < keep_from) keep_from = m->cand_pos;
            if (m->det_next < keep_from) keep_from = m->det_next;
            size_t drop = (size_t)(keep_from - m->base);
            if (!drop) drop = m->len - m->keep; /* cannot happen; never stall */
            memmove(m->buf, m->buf + drop, (m->len - drop) * sizeof *m->buf);
            memmove(m->fbuf, m->fbuf + drop, (m->len - drop) * sizeof *m->fbuf);
            m->len -= drop;
            m->base += drop;
        }
        size_t k = m->cap - m->len < n ? m->cap - m->len : n;
        for (size_t i = 0; i < k; i++)
            m->buf[m->len + i] = isfinite(x[i]) ? x[i] : 0.0f;
        m->len += k;
        x += k;
        n -= k;
        detect(m);
        run_pending(m, 0, cb, ctx);
    }
}

void disc_mlse_flush(struct disc_mlse *m, disc_mlse_cb cb, void *ctx)
{
    detect(m);
    if (m->cand_score > 0) {
        add_pending(m);
        m->cand_score = 0;
    }
    run_pending(m, 1, cb, ctx);
}
