/* receiver.c: channelizer front ends, per-channel demodulators, tuner
 * acquisition/tracking, de-duplication and image rejection. */
#include "dsp/receiver.h"

#include "decode/err.h"
#include "decode/log.h"

#include <complex.h>
#include <liquid/liquid.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CH_RATE 48000.0
#define BLOCK 4096   /* input samples per processing block */
#define MAXFE 64
#define MAXPEND 64

/* ---- Front end: TEMPORARY channelizer until wt-dsp's dsp/channelizer.h
 * lands. The input is rotated by -(mid + offset) so that both channels sit at
 * +-half the spacing; then y_A,B = rot^{+-} (P -+ jQ) with P = sum h cos x and
 * Q = sum h sin x (real taps, complex input), computed once per output. */
struct fe {
    double offset;               /* common tuner offset applied (Hz) */
    float complex rot, rstep;    /* input rotation phasor and its step */
    float complex orot, ostep;   /* output rotation e^{+j w' i} */
    float *x;                    /* rotated input: hist + block, interleaved */
    struct gmsk_demod *dem[2];
    struct receiver *r;
    struct fe_ctx {
        struct fe *fe;
        int ch;
    } ctx[2];
};

struct pending {
    struct rx_frame f;
    uint64_t csample; /* channel sample index */
    float power;
    double fe_offset, freq;
    int live;
};

struct receiver {
    struct receiver_config cfg;
    unsigned dec;            /* decimation factor */
    unsigned ntaps;
    float *hc, *hs;          /* h cos(w'k), h sin(w'k), reversed order */
    double mid_hz, half_hz;  /* channel midpoint and half spacing relative to centre */
    struct tuner_track *tt;
    struct fe *fe[MAXFE];
    size_t nfe;
    uint64_t nin;            /* input samples consumed */
    uint64_t nout;           /* channel samples produced */
    float dc_re, dc_im;
    float complex *ya, *yb;
    struct pending pend[MAXPEND];
    struct receiver_stats st;
};

void receiver_config_default(struct receiver_config *c)
{
    memset(c, 0, sizeof *c);
    c->rate = 288000;
    c->centre_hz = 162.0e6;
    c->channel_hz[0] = 161.975e6;
    c->channel_hz[1] = 162.025e6;
    tuner_track_config_default(&c->tuner);
    gmsk_demod_config_default(&c->demod);
    c->track = 1;
    c->image_margin_db = 20;
}

static void demod_cb(void *ctx, const struct gmsk_result *g);

static void fe_tune(struct receiver *r, struct fe *f, double offset)
{
    f->offset = offset;
    double w = -2.0 * M_PI * (r->mid_hz + offset) / r->cfg.rate;
    f->rstep = (float)cos(w) + I * (float)sin(w);
}

static void fe_destroy(struct fe *f)
{
    if (!f)
        return;
    gmsk_demod_destroy(f->dem[0]);
    gmsk_demod_destroy(f->dem[1]);
    free(f->x);
    free(f);
}

static struct fe *fe_create(struct receiver *r, double offset)
{
    struct fe *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->r = r;
    f->x = calloc(2 * (size_t)(r->ntaps + BLOCK), sizeof *f->x);
    f->dem[0] = gmsk_demod_create(&r->cfg.demod);
    f->dem[1] = gmsk_demod_create(&r->cfg.demod);
    if (!f->x || !f->dem[0] || !f->dem[1]) {
        fe_destroy(f);
        return NULL;
    }
    for (int c = 0; c < 2; c++) {
        f->ctx[c].fe = f;
        f->ctx[c].ch = c;
    }
    f->rot = 1;
    f->orot = 1;
    double w = 2.0 * M_PI * r->half_hz / r->cfg.rate * r->dec;
    f->ostep = (float)cos(w) + I * (float)sin(w);
    /* Output index m corresponds to input i = m*dec + dec - 1. */
    double w0 = 2.0 * M_PI * r->half_hz / r->cfg.rate * (r->dec - 1);
    f->orot = (float)cos(w0) + I * (float)sin(w0);
    fe_tune(r, f, offset);
    return f;
}

void receiver_destroy(struct receiver *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfe; i++)
        fe_destroy(r->fe[i]);
    tuner_track_destroy(r->tt);
    free(r->hc);
    free(r->hs);
    free(r->ya);
    free(r->yb);
    free(r);
}

static int build_fes(struct receiver *r)
{
    size_t n = tuner_track_grid_size(r->tt);
    if (n > MAXFE)
        n = MAXFE;
    for (size_t i = 0; i < n; i++) {
        r->fe[i] = fe_create(r, tuner_track_grid(r->tt, i));
        if (!r->fe[i])
            return AISD_E_NOMEM;
        r->nfe = i + 1;
    }
    return 0;
}

struct receiver *receiver_create(const struct receiver_config *c)
{
    if (!c || !(c->rate >= CH_RATE * 4) || c->rate > 10e6) {
        log_error("receiver: rate must be 192 kS/s .. 10 MS/s");
        return NULL;
    }
    double d = c->rate / CH_RATE;
    if (fabs(d - floor(d + 0.5)) > 1e-9) {
        log_error("receiver: rate %.0f is not a multiple of 48000 (resample first)", c->rate);
        return NULL;
    }
    double spacing = c->channel_hz[1] - c->channel_hz[0];
    double mid = 0.5 * (c->channel_hz[0] + c->channel_hz[1]) - c->centre_hz;
    if (!(spacing > 20000) || fabs(mid) + spacing / 2 + 15000 > c->rate / 2) {
        log_error("receiver: channels must be > 20 kHz apart and inside the band");
        return NULL;
    }
    if (!c->on_frame) {
        log_error("receiver: on_frame callback missing");
        return NULL;
    }
    struct receiver *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cfg = *c;
    r->dec = (unsigned)floor(d + 0.5);
    r->mid_hz = mid;
    r->half_hz = spacing / 2;
    /* Low-pass: 13 kHz cutoff, 60 dB stop band; about 14 taps per output. */
    r->ntaps = (r->dec * 14) | 1;
    float *h = malloc(r->ntaps * sizeof *h);
    r->hc = malloc(r->ntaps * sizeof *r->hc);
    r->hs = malloc(r->ntaps * sizeof *r->hs);
    r->ya = malloc((BLOCK / r->dec + 2) * sizeof *r->ya);
    r->yb = malloc((BLOCK / r->dec + 2) * sizeof *r->yb);
    if (!h || !r->hc || !r->hs || !r->ya || !r->yb) {
        free(h);
        receiver_destroy(r);
        return NULL;
    }
    liquid_firdes_kaiser(r->ntaps, (float)(13000.0 / c->rate), 60.0f, 0.0f, h);
    double sum = 0;
    for (unsigned k = 0; k < r->ntaps; k++)
        sum += h[k];
    /* Output y(i) = sum_k h[k] e^{-j w (i-k)} x(i-k) for channel at +half:
     * e^{-j w i} sum_k h[k] e^{+j w k} x(i-k). Store reversed (index ntaps-1-k). */
    double w = 2.0 * M_PI * r->half_hz / c->rate;
    for (unsigned k = 0; k < r->ntaps; k++) {
        double hk = h[k] / sum;
        r->hc[r->ntaps - 1 - k] = (float)(hk * cos(w * k));
        r->hs[r->ntaps - 1 - k] = (float)(hk * sin(w * k));
    }
    free(h);
    r->tt = tuner_track_create(&c->tuner);
    if (!r->tt || build_fes(r) != 0) {
        receiver_destroy(r);
        return NULL;
    }
    return r;
}

/* PLAIN C loop, to be switched to the channelizer of dsp/ (wt-dsp). */
static void fe_filter(const struct receiver *r, const float *x, float *p, float *q)
{
    float pr = 0, pi = 0, qr = 0, qi = 0;
    for (unsigned k = 0; k < r->ntaps; k++) {
        float xr = x[2 * k], xi = x[2 * k + 1];
        pr += r->hc[k] * xr;
        pi += r->hc[k] * xi;
        qr += r->hs[k] * xr;
        qi += r->hs[k] * xi;
    }
    p[0] = pr;
    p[1] = pi;
    q[0] = qr;
    q[1] = qi;
}

static void fe_block(struct receiver *r, struct fe *f, const float *in, size_t n, uint64_t nin0)
{
    unsigned nt = r->ntaps;
    float *x = f->x;
    /* Rotate the block into x after the history of nt-1 samples. */
    float complex rot = f->rot, st = f->rstep;
    for (size_t i = 0; i < n; i++) {
        float complex v = (in[2 * i] - r->dc_re) + I * (in[2 * i + 1] - r->dc_im);
        v *= rot;
        x[2 * (nt - 1 + i)] = crealf(v);
        x[2 * (nt - 1 + i) + 1] = cimagf(v);
        rot *= st;
    }
    f->rot = rot / cabsf(rot);
    size_t m = 0;
    unsigned D = r->dec;
    uint64_t rem = (nin0 + 1) % D; /* first output at i >= nin0 with (i+1) % D == 0 */
    uint64_t first = rem ? nin0 + (D - rem) : nin0;
    for (uint64_t i = first; i < nin0 + n; i += D) {
        size_t pos = (size_t)(i - nin0) + nt - 1; /* buffer index of input i */
        float p[2], q[2];
        fe_filter(r, x + 2 * (pos - (nt - 1)), p, q);
        float complex P = p[0] + I * p[1], Q = q[0] + I * q[1];
        /* A (-half): e^{+jw i} (P - jQ); B (+half): e^{-jw i} (P + jQ). */
        float complex o = f->orot;
        r->ya[m] = o * (P - I * Q);
        r->yb[m] = conjf(o) * (P + I * Q);
        o *= f->ostep;
        f->orot = o / cabsf(o);
        m++;
    }
    memmove(x, x + 2 * n, 2 * (size_t)(nt - 1) * sizeof *x);
    gmsk_demod_execute(f->dem[0], r->ya, m, demod_cb, &f->ctx[0]);
    gmsk_demod_execute(f->dem[1], r->yb, m, demod_cb, &f->ctx[1]);
}

static uint64_t in_sample(const struct receiver *r, uint64_t cs)
{
    uint64_t i = cs * r->dec + r->dec - 1;
    uint64_t gd = (r->ntaps - 1) / 2;
    return i > gd ? i - gd : 0;
}

static int same_frame(const struct ais_frame *a, const struct ais_frame *b)
{
    return a->nbytes == b->nbytes && !memcmp(a->bytes, b->bytes, a->nbytes);
}

static void demod_cb(void *ctx, const struct gmsk_result *g)
{
    struct fe_ctx *fc = ctx;
    struct fe *f = fc->fe;
    struct receiver *r = f->r;
    int ch = fc->ch;
    /* Image check: the other channel much stronger over the same span. */
    float other = gmsk_demod_power(f->dem[!ch], g->sample, g->nsamples);
    if (other > 0 && g->power > 0 &&
        10.0f * log10f(other / g->power) > r->cfg.image_margin_db) {
        r->st.images++;
        return;
    }
    struct pending np;
    memset(&np, 0, sizeof np);
    np.f.frame = g->frame;
    np.f.channel = ch ? 'B' : 'A';
    np.f.sample = in_sample(r, g->sample);
    np.f.time = (double)np.f.sample / r->cfg.rate;
    np.f.level_dbfs = g->power > 0 ? 10.0f * log10f(g->power) : -200.0f;
    np.f.snr_db = g->snr_db;
    np.f.freq_hz = (float)(f->offset + g->freq_hz);
    np.f.corrected_bits = g->corrected;
    np.csample = g->sample;
    np.power = g->power;
    np.fe_offset = f->offset;
    np.freq = g->freq_hz;
    np.live = 1;
    const uint64_t tol = 60; /* channel samples */
    for (size_t i = 0; i < MAXPEND; i++) {
        struct pending *p = &r->pend[i];
        if (!p->live || !same_frame(&p->f.frame, &np.f.frame))
            continue;
        uint64_t dt = p->csample > np.csample ? p->csample - np.csample : np.csample - p->csample;
        if (dt > tol)
            continue;
        int better;
        if (p->f.channel != np.f.channel) {
            better = np.power > p->power; /* image: the stronger is the real one */
            r->st.images++;
        } else {
            better = (np.f.corrected_bits < p->f.corrected_bits) ||
                     (np.f.corrected_bits == p->f.corrected_bits && np.f.snr_db > p->f.snr_db);
            r->st.duplicates++;
        }
        if (better)
            *p = np;
        return;
    }
    for (size_t i = 0; i < MAXPEND; i++)
        if (!r->pend[i].live) {
            r->pend[i] = np;
            return;
        }
    log_warn("receiver: pending frame table full, frame dropped");
}

static void relock(struct receiver *r)
{
    double off = tuner_track_offset(r->tt);
    size_t best = 0;
    for (size_t i = 1; i < r->nfe; i++)
        if (fabs(r->fe[i]->offset - off) < fabs(r->fe[best]->offset - off))
            best = i;
    struct fe *keep = r->fe[best];
    for (size_t i = 0; i < r->nfe; i++)
        if (i != best)
            fe_destroy(r->fe[i]);
    r->fe[0] = keep;
    r->nfe = 1;
    fe_tune(r, keep, off);
}

static void emit(struct receiver *r, int all)
{
    for (;;) {
        /* Oldest first. */
        struct pending *o = NULL;
        for (size_t i = 0; i < MAXPEND; i++)
            if (r->pend[i].live && (!o || r->pend[i].csample < o->csample))
                o = &r->pend[i];
        if (!o)
            return;
        uint64_t hold = 9000; /* channel samples: > the demodulator's decision delay */
        if (!all && o->csample + hold > r->nout)
            return;
        o->live = 0;
        struct rx_frame f = o->f;
        r->st.frames[f.channel == 'B']++;
        if (f.corrected_bits) {
            r->st.corrected++;
            r->st.corrected_bits += f.corrected_bits;
        } else {
            int was = tuner_track_locked(r->tt);
            if (tuner_track_frame(r->tt, o->fe_offset, o->freq, f.time) && !was)
                relock(r);
            else if (was && r->cfg.track && r->nfe == 1)
                fe_tune(r, r->fe[0], tuner_track_offset(r->tt));
        }
        r->cfg.on_frame(r->cfg.ctx, &f);
    }
}

int receiver_execute(struct receiver *r, const float *iq, size_t n)
{
    while (n) {
        size_t m = n < BLOCK ? n : BLOCK;
        /* DC: slow average of block means. */
        double sr = 0, si = 0;
        for (size_t i = 0; i < m; i++) {
            sr += iq[2 * i];
            si += iq[2 * i + 1];
        }
        float a = r->nin == 0 ? 1.0f : 0.05f;
        r->dc_re += a * ((float)(sr / (double)m) - r->dc_re);
        r->dc_im += a * ((float)(si / (double)m) - r->dc_im);
        for (size_t i = 0; i < r->nfe; i++)
            fe_block(r, r->fe[i], iq, m, r->nin);
        r->nin += m;
        r->nout = r->nfe ? gmsk_demod_count(r->fe[0]->dem[0]) : 0;
        emit(r, 0);
        if (!tuner_track_locked(r->tt) && tuner_track_tick(r->tt, (double)r->nin / r->cfg.rate))
            relock(r);
        iq += 2 * m;
        n -= m;
    }
    return 0;
}

void receiver_flush(struct receiver *r)
{
    for (size_t i = 0; i < r->nfe; i++)
        for (int c = 0; c < 2; c++)
            gmsk_demod_flush(r->fe[i]->dem[c], demod_cb, &r->fe[i]->ctx[c]);
    emit(r, 1);
}

void receiver_get_stats(const struct receiver *r, struct receiver_stats *s)
{
    *s = r->st;
    s->samples = r->nin;
    s->crc_fail = 0;
    for (size_t i = 0; i < r->nfe; i++)
        for (int c = 0; c < 2; c++)
        {
            const struct gmsk_demod_stats *g = gmsk_demod_stats(r->fe[i]->dem[c]);
            const struct crc_fix_stats *x = gmsk_demod_fix_stats(r->fe[i]->dem[c]);
            s->crc_fail += g->crc_fail;
            s->hits += g->hits;
            s->nosync += g->nosync;
            s->noframe += g->noframe;
            s->fix_searches += x->searches;
            s->fix_gated += x->gated;
            s->fix_ambiguous += x->ambiguous;
        }
    s->locked = tuner_track_locked(r->tt);
    s->offset_hz = tuner_track_offset(r->tt);
    s->ppm = s->offset_hz / r->cfg.centre_hz * 1e6;
}
