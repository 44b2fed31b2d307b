/* channelizer.c: tuner IQ to the two 48 kS/s AIS channels (see channelizer.h).
 *
 *   convert (- DC) -> [stage 1: low-pass of the whole +-pass band, decimate D1]
 *     -> [resampler to 192 kS/s when the rate is not a multiple of 48 kS/s]
 *     -> per channel: rotate by -(offset + correction) -> low-pass, decimate D2
 *
 * The plan (D1, D2) is the cheapest by a cost model in complex multiply-adds
 * per input sample; filters are Kaiser designs from liquid-dsp. A stage 1
 * decimating by 2 is a half-band filter (every other tap zero but the
 * centre): its input is kept as the two polyphases (cu8 is converted straight
 * into them), the FIR of the non-zero taps runs on one, the centre tap on the
 * other, in one kernel (hbdecim_crcf). */
#include "dsp/channelizer.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/aligned.h"
#include "dsp/dispatch.h"
#include "dsp/resampler.h"

#include <liquid/liquid.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TWO_PI 6.283185307179586
#define CHAN_PASS_HZ 8000.0  /* channel filter: flat to here */
#define CHAN_STOP_HZ 22000.0 /* ... and stop-band from here */
#define CHAN_HALF_HZ 9000.0  /* a channel's half-width kept by stage 1 */
#define RESAMP_RATE 192000.0 /* channel-stage rate on the resampled path */
#define S1_CHUNK 2048        /* input samples converted and run through stage 1 at a time */

/* A decimating FIR with its input history: buf[0 .. fill) pending samples. */
struct stage {
    float *dtaps;
    size_t ntaps, decim; /* ntaps: padded with zeros to a multiple of 4 */
    size_t design_taps;  /* the designed length (delay, reports) */
    float complex *buf;
    size_t cap, fill;
    /* Half-band (decim 2): the pending input x[0 .. fill) kept as its
     * polyphases ph[p][k] = x[2k + p] instead of in buf (buf is then only
     * scratch for the conversion of formats other than cu8);
     * y[m] = sum_i g[i] ph[hb_par][m + i] + hb_centre ph[1 - hb_par][m + hb_coff],
     * g (hb_ntaps) laid out as hb_dtaps. */
    int hb;
    float *hb_dtaps;
    size_t hb_ntaps, hb_par, hb_coff;
    float hb_centre;
    float complex *ph[2];
};

struct channelizer {
    struct channelizer_config cfg;
    unsigned d1, d2;
    double r1, rc, ratio, delay, pass;
    struct stage s1;      /* used when d1 > 1 */
    struct resampler *rs; /* odd rates only */
    float complex *wide;  /* conversion (d1 = 1) or stage-1 output */
    size_t wide_cap;
    float complex *wide2; /* resampler output */
    size_t wide2_cap;
    struct stage ch[2];
    double phase[2]; /* mixer phase, radians, kept in double: no drift */
    double corr;
    float complex dc;
    struct channelizer *leader;  /* a follower: the front (to the channel stages) is its */
    int front_only;              /* no channel stages (a leader kept for its followers) */
    uint64_t nblocks;            /* blocks run */
    const float complex *last_w; /* the front's output of the last block, its length */
    size_t last_nw, last_n;      /* ... and the input length */
};

struct channelizer_config channelizer_config_default(void)
{
    struct channelizer_config c = {
        .rate = 288000,
        .centre_hz = 162.000e6,
        .chan_hz = {161.975e6, 162.025e6},
        .correction_hz = 0,
        .max_correction_hz = 12500,
        .dc_time_s = 0.5,
        .max_block = 16384,
        .stop_db = 60,
        .decim1 = 0,
    };
    return c;
}

static size_t kaiser_len(double df, double as)
{
    if (df >= 0.5) df = 0.49;
    /* liquid's estimate runs a few dB short at the band edge: design 5 dB up. */
    size_t n = estimate_req_filter_len((float)df, (float)(as + 5));
    return n | 1; /* odd: integer group delay */
}

/* Samples each polyphase buffer of a half-band stage holds (cap inputs). */
static size_t ph_len(const struct stage *s)
{
    return (s->cap + 1) / 2 + 1;
}

/* The polyphase layout of a half-band stage from its kernel taps (dtaps):
 * the kernel's y[m] = sum_j hr[j] x[2m + j] splits by the parity of j; one
 * parity holds only the centre tap. Not a half-band: the plain FIR stays. */
static int halfband_init(struct stage *s)
{
    size_t nz[2] = {0, 0}, jc = 0;
    for (size_t j = 0; j < s->ntaps; j++)
        if (s->dtaps[2 * j] != 0) nz[j & 1]++;
    size_t pc = nz[0] == 1 ? 0 : 1;
    if (s->decim != 2 || nz[pc] != 1) return AISD_OK;
    for (size_t j = pc; j < s->ntaps; j += 2)
        if (s->dtaps[2 * j] != 0) jc = j;
    s->hb_par = 1 - pc;
    s->hb_ntaps = s->ntaps / 2;
    s->hb_centre = s->dtaps[2 * jc];
    s->hb_coff = jc / 2;
    s->hb_dtaps = aligned_calloc(2 * s->hb_ntaps, sizeof(float));
    s->ph[0] = aligned_calloc(ph_len(s), sizeof(float complex));
    s->ph[1] = aligned_calloc(ph_len(s), sizeof(float complex));
    if (!s->hb_dtaps || !s->ph[0] || !s->ph[1]) return AISD_E_NOMEM;
    for (size_t i = 0; i < s->hb_ntaps; i++)
        s->hb_dtaps[2 * i] = s->hb_dtaps[2 * i + 1] = s->dtaps[2 * (2 * i + s->hb_par)];
    s->hb = 1;
    return AISD_OK;
}

/* Design a unity-DC-gain Kaiser low-pass and lay it out for the kernel. */
static int stage_init(struct stage *s, double pass, double stop, double rate, size_t decim,
                      double as, size_t max_in)
{
    size_t n = kaiser_len((stop - pass) / rate, as);
    /* Zero taps appended (the oldest samples) up to a multiple of 4: the
     * kernels then run without tails; the delay is that of the n taps. */
    size_t np = (n + 3) / 4 * 4;
    float *h = calloc(np, sizeof *h);
    if (!h) return AISD_E_NOMEM;
    double fc = (pass + stop) / 2 / rate;
    liquid_firdes_kaiser((unsigned)n, (float)fc, (float)as, 0, h);
    /* Decimating by 2 with the cut-off at a quarter of the rate: a half-band
     * filter, whose taps an even distance from the centre are zero (sin(pi k)
     * in float leaves ~1e-8): made exactly zero, then skipped. */
    if (decim == 2 && fabs(fc - 0.25) < 1e-12)
        for (size_t j = 0; j < n; j++)
            if (j != (n - 1) / 2 && (j + (n - 1) / 2) % 2 == 0) h[j] = 0;
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        sum += h[j];
    for (size_t j = 0; j < n; j++)
        h[j] = (float)(h[j] / sum);
    s->design_taps = n;
    n = np;
    s->ntaps = n;
    s->decim = decim;
    s->dtaps = aligned_calloc(2 * n, sizeof(float));
    s->cap = n - 1 + max_in;
    s->buf = aligned_calloc(s->cap, sizeof(float complex));
    if (s->dtaps) kern_taps_prepare(h, n, s->dtaps);
    free(h);
    s->fill = n - 1;
    int rc = s->dtaps && s->buf ? AISD_OK : AISD_E_NOMEM;
    return rc == AISD_OK ? halfband_init(s) : rc;
}

/* The same filter as src with its own (zeroed) history: no design work. */
static int stage_clone(struct stage *s, const struct stage *src, size_t max_in)
{
    memset(s, 0, sizeof *s);
    s->ntaps = src->ntaps;
    s->decim = src->decim;
    s->design_taps = src->design_taps;
    s->dtaps = aligned_calloc(2 * s->ntaps, sizeof(float));
    s->cap = s->ntaps - 1 + max_in;
    s->buf = aligned_calloc(s->cap, sizeof(float complex));
    if (s->dtaps) memcpy(s->dtaps, src->dtaps, 2 * s->ntaps * sizeof(float));
    s->fill = s->ntaps - 1;
    int rc = s->dtaps && s->buf ? AISD_OK : AISD_E_NOMEM;
    return rc == AISD_OK && src->hb ? halfband_init(s) : rc;
}

/* Copy src's pending input into s (the same filter). */
static void stage_copy_pending(struct stage *s, const struct stage *src)
{
    if (src->hb) {
        memcpy(s->ph[0], src->ph[0], (src->fill + 1) / 2 * sizeof(float complex));
        memcpy(s->ph[1], src->ph[1], src->fill / 2 * sizeof(float complex));
    } else
        memcpy(s->buf, src->buf, src->fill * sizeof *s->buf);
    s->fill = src->fill;
}

static void stage_reset(struct stage *s)
{
    if (!s->buf) return;
    memset(s->buf, 0, s->cap * sizeof *s->buf);
    if (s->hb) {
        memset(s->ph[0], 0, ph_len(s) * sizeof(float complex));
        memset(s->ph[1], 0, ph_len(s) * sizeof(float complex));
    }
    s->fill = s->ntaps - 1;
}

static void stage_free(struct stage *s)
{
    aligned_free(s->dtaps);
    aligned_free(s->buf);
    aligned_free(s->hb_dtaps);
    aligned_free(s->ph[0]);
    aligned_free(s->ph[1]);
}

/* Append n input samples of format fmt, converted minus dc. */
static void stage_push(struct stage *s, enum kern_format fmt, const void *in, size_t n,
                       float complex dc)
{
    if (!s->hb) {
        kern_convert(&kern, fmt, in, n, dc, s->buf + s->fill);
        s->fill += n;
        return;
    }
    /* The next sample is x[fill]: polyphase fill & 1, index fill / 2. */
    size_t p = s->fill & 1, k = s->fill / 2;
    float complex *a = s->ph[p] + k, *b = s->ph[1 - p] + k + p;
    if (fmt == KERN_CU8)
        kern.conv_cu8_deint_cf(in, n, dc, a, b);
    else {
        kern_convert(&kern, fmt, in, n, dc, s->buf);
        kern.even_cf(s->buf, (n + 1) / 2, a); /* exact copies, as the cu8 path's */
        kern.even_cf(s->buf + 1, n / 2, b);
    }
    s->fill += n;
}

/* Filter what is pending into y; keep the history for the next call. */
static size_t stage_run(struct stage *s, float complex *y)
{
    if (s->fill < s->ntaps) return 0;
    size_t nout = (s->fill - s->ntaps) / s->decim + 1;
    size_t used = nout * s->decim;
    if (s->hb) {
        float complex *f = s->ph[s->hb_par], *c = s->ph[1 - s->hb_par];
        kern.hbdecim_crcf(s->hb_dtaps, s->hb_ntaps, s->hb_centre, f, c + s->hb_coff, nout, y);
        /* used is even: each polyphase drops nout samples. */
        memmove(s->ph[0], s->ph[0] + nout, ((s->fill + 1) / 2 - nout) * sizeof(float complex));
        memmove(s->ph[1], s->ph[1] + nout, (s->fill / 2 - nout) * sizeof(float complex));
    } else {
        kern.firdecim_crcf(s->dtaps, s->ntaps, s->buf, nout, s->decim, y);
        memmove(s->buf, s->buf + used, (s->fill - used) * sizeof *s->buf);
    }
    s->fill -= used;
    return nout;
}

/* Complex multiply-adds per input sample of a plan (the cost model). */
static double plan_cost(double fs, unsigned d1, unsigned d2, double pass, double as)
{
    double r1 = fs / d1, rc = CHANNELIZER_RATE * d2;
    double c = 0;
    if (d1 > 1) c += (double)kaiser_len((r1 - 2 * pass) / fs, as) / d1 + 0.5;
    size_t n2 = kaiser_len((CHAN_STOP_HZ - CHAN_PASS_HZ) / rc, as);
    c += (2.0 * n2 / d2 + 2 * 2.0) * rc / fs;
    return c;
}

static int choose_plan(struct channelizer *c)
{
    const struct channelizer_config *k = &c->cfg;
    double fs = k->rate, as = k->stop_db;
    double m = fs / CHANNELIZER_RATE;
    long mi = lround(m);
    int whole = fabs(m - (double)mi) < 1e-9 * m && mi >= 2;
    if (whole) {
        double best = INFINITY;
        for (long d2 = 2; d2 <= 16; d2++) {
            if (mi % d2) continue;
            unsigned d1 = (unsigned)(mi / d2);
            double r1 = fs / d1;
            if (d1 > 1 && r1 < 2 * c->pass + 20e3) continue; /* stage 1 could not keep the band */
            if (r1 < 2 * c->pass) continue;
            if (k->decim1 && d1 != k->decim1) continue;
            double cost = plan_cost(fs, d1, (unsigned)d2, c->pass, as);
            if (cost < best) {
                best = cost;
                c->d1 = d1;
                c->d2 = (unsigned)d2;
            }
        }
        if (c->d1) return AISD_OK;
        if (k->decim1) {
            log_error("channelizer_create(): decim1 %u gives no usable plan at %.0f S/s", k->decim1,
                      fs);
            return AISD_E_INVAL;
        }
    }
    /* Odd rate: decimate to [192k, 384k), then resample to 192k. */
    c->d1 = k->decim1 ? k->decim1 : (unsigned)floor(fs / RESAMP_RATE);
    if (c->d1 < 1) c->d1 = 1;
    c->d2 = (unsigned)(RESAMP_RATE / CHANNELIZER_RATE);
    if (fs / c->d1 < RESAMP_RATE || (c->d1 > 1 && fs / c->d1 < 2 * c->pass + 20e3)) {
        log_error("channelizer_create(): decim1 %u too large for %.0f S/s", c->d1, fs);
        return AISD_E_INVAL;
    }
    return AISD_OK;
}

struct channelizer *channelizer_create(const struct channelizer_config *cfg)
{
    struct channelizer_config d = channelizer_config_default();
    if (!cfg) cfg = &d;
    if (!(cfg->rate >= 240e3 && cfg->rate <= 3.2e6)) {
        log_error("channelizer_create(): rate %.0f outside 240000..3200000 S/s", cfg->rate);
        return NULL;
    }
    if (!(cfg->max_correction_hz >= 0 && cfg->max_correction_hz <= 50e3) ||
        fabs(cfg->correction_hz) > cfg->max_correction_hz) {
        log_error("channelizer_create(): correction %.0f / max %.0f Hz out of range",
                  cfg->correction_hz, cfg->max_correction_hz);
        return NULL;
    }
    if (cfg->max_block < 64 || cfg->max_block > (1u << 24)) {
        log_error("channelizer_create(): max_block %zu outside 64..16M", cfg->max_block);
        return NULL;
    }
    if (!(cfg->dc_time_s >= 0) || !(cfg->stop_db >= 20 && cfg->stop_db <= 120)) {
        log_error("channelizer_create(): dc_time_s must be >= 0 and stop_db in 20..120");
        return NULL;
    }
    double off = 0;
    for (int i = 0; i < 2; i++)
        off = fmax(off, fabs(cfg->chan_hz[i] - cfg->centre_hz));
    double pass = off + CHAN_HALF_HZ + cfg->max_correction_hz;
    if (2 * pass > cfg->rate) {
        log_error("channelizer_create(): channels (%.0f Hz off centre + correction) do not fit "
                  "in %.0f S/s",
                  off, cfg->rate);
        return NULL;
    }
    dispatch_init();
    struct channelizer *c = calloc(1, sizeof *c);
    if (!c) {
        log_error("channelizer_create(): out of memory");
        return NULL;
    }
    c->cfg = *cfg;
    c->pass = pass;
    if (choose_plan(c) != AISD_OK) {
        free(c);
        return NULL;
    }
    double fs = cfg->rate;
    c->r1 = fs / c->d1;
    c->rc = CHANNELIZER_RATE * c->d2;
    c->ratio = fs / CHANNELIZER_RATE;
    size_t blk = cfg->max_block;
    int rc = AISD_OK;
    if (c->d1 > 1) rc = stage_init(&c->s1, pass, c->r1 - pass, fs, c->d1, cfg->stop_db, blk);
    c->wide_cap = blk / c->d1 + 2;
    c->wide = aligned_calloc(c->wide_cap, sizeof(float complex));
    size_t chan_in = c->wide_cap;
    if (rc == AISD_OK && fabs(c->r1 - c->rc) > 1e-6 * c->rc) {
        struct resampler_config rcfg = resampler_config_default();
        rcfg.rate_in = c->r1;
        rcfg.rate_out = c->rc;
        rcfg.pass_hz = pass;
        rcfg.stop_db = cfg->stop_db;
        c->rs = resampler_create(&rcfg);
        if (!c->rs)
            rc = AISD_E_INVAL;
        else {
            c->wide2_cap = resampler_max_out(c->rs, c->wide_cap);
            c->wide2 = aligned_calloc(c->wide2_cap, sizeof(float complex));
            chan_in = c->wide2_cap;
        }
    }
    for (int i = 0; i < 2 && rc == AISD_OK; i++)
        rc = stage_init(&c->ch[i], CHAN_PASS_HZ, CHAN_STOP_HZ, c->rc, c->d2, cfg->stop_db, chan_in);
    if (rc != AISD_OK || !c->wide || (c->rs && !c->wide2)) {
        log_error("channelizer_create(): %s",
                  rc == AISD_E_INVAL ? "resampler failed" : "out of memory");
        channelizer_destroy(c);
        return NULL;
    }
    double n1 = c->d1 > 1 ? (double)c->s1.design_taps : 1;
    c->delay = ((double)c->ch[0].design_taps - 1) / 2 * (fs / c->rc) + (n1 - 1) / 2 +
               (c->rs ? resampler_delay(c->rs) * c->d1 : 0);
    c->corr = cfg->correction_hz;
    return c;
}

size_t channelizer_max_out(const struct channelizer *c, size_t n)
{
    return (size_t)ceil((double)n / c->ratio) + 4;
}

/* The shared part: conversion, DC blocker, stage 1, resampler. */
static const float complex *run_front(struct channelizer *c, enum kern_format fmt, const void *in,
                                      size_t n, size_t *nwp)
{
    float complex *w = c->wide;
    size_t nw;
    if (c->d1 > 1) {
        /* In chunks whose converted samples stay in the L1 cache until
         * stage 1 has read them (the same outputs as one call). */
        const unsigned char *p = in;
        size_t sz = kern_format_size(fmt);
        nw = 0;
        for (size_t k; n; n -= k, p += k * sz) {
            k = n < S1_CHUNK ? n : S1_CHUNK;
            stage_push(&c->s1, fmt, p, k, c->dc);
            nw += stage_run(&c->s1, w + nw);
        }
    } else {
        kern_convert(&kern, fmt, in, n, c->dc, w);
        nw = n;
    }
    if (c->cfg.dc_time_s > 0 && nw) {
        /* Slow DC blocker: first-order loop on the residual block mean. */
        float complex s = kern.sum_cf(w, nw);
        double a = 1 - exp(-(double)nw / (c->cfg.dc_time_s * c->r1));
        c->dc += (float complex)(a / (double)nw) * s;
    }
    if (c->rs) {
        size_t n2 = 0;
        resampler_execute(c->rs, w, nw, c->wide2, &n2);
        w = c->wide2;
        nw = n2;
    }
    *nwp = nw;
    return w;
}

/* One block: returns the outputs per channel, or -1 for a follower out of
 * step with its leader. */
static long run_block(struct channelizer *c, enum kern_format fmt, const void *in, size_t n,
                      float complex *oa, float complex *ob)
{
    const float complex *w;
    size_t nw;
    if (c->leader) {
        const struct channelizer *l = c->leader;
        if (l->nblocks != c->nblocks + 1 || l->last_n != n) return -1;
        w = l->last_w;
        nw = l->last_nw;
    } else {
        w = run_front(c, fmt, in, n, &nw);
        c->last_w = w;
        c->last_nw = nw;
        c->last_n = n;
    }
    c->nblocks++;
    if (c->front_only) return 0;
    size_t nout = 0;
    for (int i = 0; i < 2; i++) {
        struct stage *s = &c->ch[i];
        double f = c->cfg.chan_hz[i] - c->cfg.centre_hz + c->corr;
        double dphi = -TWO_PI * f / c->rc;
        float complex ph = CMPLXF((float)cos(c->phase[i]), (float)sin(c->phase[i]));
        float complex step = CMPLXF((float)cos(dphi), (float)sin(dphi));
        kern.rotate_cccf(w, nw, &ph, step, s->buf + s->fill);
        s->fill += nw;
        c->phase[i] = fmod(c->phase[i] + dphi * (double)nw, TWO_PI);
        nout = stage_run(s, i == 0 ? oa : ob);
    }
    return (long)nout;
}

int channelizer_execute(struct channelizer *c, enum kern_format fmt, const void *in, size_t n,
                        float complex *out_a, float complex *out_b, size_t *nout)
{
    *nout = 0;
    if (!c || (n && (!in || !out_a || !out_b)) || kern_format_size(fmt) == 0) return AISD_E_INVAL;
    const unsigned char *p = in;
    size_t sz = kern_format_size(fmt), total = 0;
    while (n) {
        size_t k = n < c->cfg.max_block ? n : c->cfg.max_block;
        long got = run_block(c, fmt, p, k, out_a + total, out_b + total);
        if (got < 0) {
            log_error("channelizer_execute(): follower not in step with its leader (run the "
                      "leader first on the same block of at most max_block samples)");
            *nout = total;
            return AISD_E_INVAL;
        }
        total += (size_t)got;
        p += k * sz;
        n -= k;
    }
    *nout = total;
    return AISD_OK;
}

int channelizer_set_correction(struct channelizer *c, double hz)
{
    double m = c->cfg.max_correction_hz;
    if (!(fabs(hz) <= m)) {
        c->corr = hz > 0 ? m : -m;
        return AISD_E_RANGE;
    }
    c->corr = hz;
    return AISD_OK;
}

double channelizer_correction(const struct channelizer *c)
{
    return c->corr;
}

double channelizer_ratio(const struct channelizer *c)
{
    return c->ratio;
}

double channelizer_delay(const struct channelizer *c)
{
    return c->delay;
}

float complex channelizer_dc(const struct channelizer *c)
{
    return c->leader ? c->leader->dc : c->dc;
}

struct channelizer *channelizer_create_follower(const struct channelizer_config *cfg,
                                                struct channelizer *leader)
{
    if (!cfg || !leader) return NULL;
    while (leader->leader)
        leader = leader->leader;
    const struct channelizer_config *l = &leader->cfg;
    if (cfg->rate != l->rate || cfg->centre_hz != l->centre_hz ||
        cfg->chan_hz[0] != l->chan_hz[0] || cfg->chan_hz[1] != l->chan_hz[1] ||
        cfg->max_correction_hz != l->max_correction_hz || cfg->dc_time_s != l->dc_time_s ||
        cfg->max_block != l->max_block || cfg->stop_db != l->stop_db || cfg->decim1 != l->decim1) {
        log_error("channelizer_create_follower(): configuration differs from the leader's");
        return NULL;
    }
    /* A resampler's state cannot be copied at detach: resampled rates get an
     * independent channelizer. */
    if (leader->rs) return channelizer_create(cfg);
    if (!(fabs(cfg->correction_hz) <= cfg->max_correction_hz)) {
        log_error("channelizer_create_follower(): correction %.0f / max %.0f Hz out of range",
                  cfg->correction_hz, cfg->max_correction_hz);
        return NULL;
    }
    /* The leader's plan and channel filters (copied, not designed again: the
     * Kaiser designs are most of the start-up cost of a 13-front-end grid);
     * the front is the leader's. */
    struct channelizer *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cfg = *cfg;
    c->d1 = leader->d1;
    c->d2 = leader->d2;
    c->r1 = leader->r1;
    c->rc = leader->rc;
    c->ratio = leader->ratio;
    c->delay = leader->delay;
    c->pass = leader->pass;
    c->wide_cap = leader->wide_cap;
    c->corr = cfg->correction_hz;
    int rc = AISD_OK;
    for (int i = 0; i < 2 && rc == AISD_OK; i++)
        rc = stage_clone(&c->ch[i], &leader->ch[i], leader->ch[i].cap - (leader->ch[i].ntaps - 1));
    if (rc != AISD_OK) {
        log_error("channelizer_create_follower(): out of memory");
        channelizer_destroy(c);
        return NULL;
    }
    c->leader = leader;
    c->nblocks = leader->nblocks;
    return c;
}

int channelizer_detach(struct channelizer *c)
{
    if (!c || !c->leader) return AISD_OK;
    struct channelizer *l = c->leader;
    const struct channelizer_config *k = &c->cfg;
    size_t blk = k->max_block;
    int rc = AISD_OK;
    if (c->d1 > 1) {
        rc = stage_clone(&c->s1, &l->s1, blk);
        if (rc == AISD_OK) stage_copy_pending(&c->s1, &l->s1);
    }
    c->wide = aligned_calloc(c->wide_cap, sizeof(float complex));
    if (rc != AISD_OK || !c->wide) {
        log_error("channelizer_detach(): out of memory");
        return AISD_E_NOMEM;
    }
    c->dc = l->dc;
    c->leader = NULL;
    return AISD_OK;
}

void channelizer_front_only(struct channelizer *c, int on)
{
    if (c) c->front_only = on;
}

int channelizer_describe(const struct channelizer *c, char *buf, size_t len)
{
    if (c->d1 > 1)
        return snprintf(buf, len,
                        "%.0f S/s: stage 1 %zu taps /%u -> %.0f S/s%s; channels %zu taps /%u "
                        "-> 48000 S/s",
                        c->cfg.rate, c->s1.design_taps, c->d1, c->r1,
                        c->rs ? ", resampled to 192000 S/s" : "", c->ch[0].design_taps, c->d2);
    return snprintf(buf, len, "%.0f S/s:%s channels %zu taps /%u -> 48000 S/s", c->cfg.rate,
                    c->rs ? " resampled to 192000 S/s;" : "", c->ch[0].design_taps, c->d2);
}

void channelizer_reset(struct channelizer *c)
{
    if (!c) return;
    stage_reset(&c->s1);
    stage_reset(&c->ch[0]);
    stage_reset(&c->ch[1]);
    resampler_reset(c->rs);
    c->phase[0] = c->phase[1] = 0;
    c->dc = 0;
}

void channelizer_destroy(struct channelizer *c)
{
    if (!c) return;
    stage_free(&c->s1);
    stage_free(&c->ch[0]);
    stage_free(&c->ch[1]);
    resampler_destroy(c->rs);
    aligned_free(c->wide);
    aligned_free(c->wide2);
    free(c);
}
