/* disc_demod.c: discriminator audio -> phase -> coherent demodulation. */
#include "dsp/disc_demod.h"

#include "decode/log.h"
#include "dsp/laurent.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NGAIN 7
#define BLOCK 48000
#define MAXREC 64

static const float gains[NGAIN] = {0.7f, 0.8f, 0.9f, 1.0f, 1.12f, 1.25f, 1.4f};

struct disc_demod {
    struct disc_demod_config cfg;
    struct gmsk_demod *dem[NGAIN];
    double phase[NGAIN];
    float ref_rms;          /* RMS phase step of GMSK (rad/sample) */
    float *blk;
    size_t nblk;
    float complex *y;
    uint64_t nin;
    struct ais_frame recent[MAXREC];
    uint64_t recent_at[MAXREC];
    size_t nrecent;
    struct receiver_stats st;
};

void disc_demod_config_default(struct disc_demod_config *c)
{
    memset(c, 0, sizeof *c);
    c->rate = 48000;
    c->channel = 'A';
    gmsk_demod_config_default(&c->demod);
}

struct disc_demod *disc_demod_create(const struct disc_demod_config *c)
{
    if (!c || fabs(c->rate - 48000) > 1) {
        log_error("disc_demod: rate must be 48000 (resample first)");
        return NULL;
    }
    if (!c->on_frame) {
        log_error("disc_demod: on_frame callback missing");
        return NULL;
    }
    struct disc_demod *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->cfg = *c;
    d->blk = malloc(BLOCK * sizeof *d->blk);
    d->y = malloc(BLOCK * sizeof *d->y);
    if (!d->blk || !d->y) {
        disc_demod_destroy(d);
        return NULL;
    }
    for (int i = 0; i < NGAIN; i++) {
        d->dem[i] = gmsk_demod_create(&c->demod);
        if (!d->dem[i]) {
            disc_demod_destroy(d);
            return NULL;
        }
    }
    /* Reference RMS phase step of a GMSK signal with random data. */
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *l = laurent_create(&lc);
    if (!l) {
        disc_demod_destroy(d);
        return NULL;
    }
    int8_t a[200];
    uint32_t s = 12345;
    for (int i = 0; i < 200; i++) {
        s = s * 1103515245u + 12345u;
        a[i] = (s >> 16) & 1 ? 1 : -1;
    }
    float complex w[1000];
    laurent_modulate(l, a, 200, 0, w, 1000);
    laurent_destroy(l);
    double acc = 0;
    for (int n = 101; n < 900; n++) {
        double dp = cargf(w[n] * conjf(w[n - 1]));
        acc += dp * dp;
    }
    d->ref_rms = (float)sqrt(acc / 799.0);
    return d;
}

void disc_demod_destroy(struct disc_demod *d)
{
    if (!d)
        return;
    for (int i = 0; i < NGAIN; i++)
        gmsk_demod_destroy(d->dem[i]);
    free(d->blk);
    free(d->y);
    free(d);
}

struct cbctx {
    struct disc_demod *d;
};

static void demod_cb(void *ctx, const struct gmsk_result *g)
{
    struct disc_demod *d = ctx;
    for (size_t i = 0; i < d->nrecent; i++) {
        uint64_t dt = d->recent_at[i] > g->sample ? d->recent_at[i] - g->sample
                                                  : g->sample - d->recent_at[i];
        if (dt < 200 && d->recent[i].nbytes == g->frame.nbytes &&
            !memcmp(d->recent[i].bytes, g->frame.bytes, g->frame.nbytes)) {
            d->st.duplicates++;
            return;
        }
    }
    size_t slot = d->nrecent < MAXREC ? d->nrecent++ : (size_t)(g->sample % MAXREC);
    d->recent[slot] = g->frame;
    d->recent_at[slot] = g->sample;
    struct rx_frame f;
    memset(&f, 0, sizeof f);
    f.frame = g->frame;
    f.channel = d->cfg.channel;
    f.sample = g->sample;
    f.time = (double)g->sample / d->cfg.rate;
    f.level_dbfs = 0;
    f.snr_db = g->snr_db;
    f.freq_hz = g->freq_hz;
    f.corrected_bits = g->corrected;
    d->st.frames[0]++;
    if (g->corrected) {
        d->st.corrected++;
        d->st.corrected_bits += g->corrected;
    }
    d->cfg.on_frame(d->cfg.ctx, &f);
}

static void run_block(struct disc_demod *d)
{
    if (!d->nblk)
        return;
    double mean = 0, var = 0;
    for (size_t i = 0; i < d->nblk; i++)
        mean += d->blk[i];
    mean /= (double)d->nblk;
    for (size_t i = 0; i < d->nblk; i++)
        var += (d->blk[i] - mean) * (d->blk[i] - mean);
    double rms = sqrt(var / (double)d->nblk);
    if (rms <= 0)
        rms = 1;
    for (int g = 0; g < NGAIN; g++) {
        double k = gains[g] * d->ref_rms / rms;
        double ph = d->phase[g];
        for (size_t i = 0; i < d->nblk; i++) {
            ph += k * d->blk[i];
            d->y[i] = (float)cos(ph) + I * (float)sin(ph);
        }
        d->phase[g] = fmod(ph, 2 * M_PI);
        gmsk_demod_execute(d->dem[g], d->y, d->nblk, demod_cb, d);
    }
    d->nin += d->nblk;
    d->nblk = 0;
}

int disc_demod_execute(struct disc_demod *d, const float *x, size_t n)
{
    while (n) {
        size_t m = BLOCK - d->nblk < n ? BLOCK - d->nblk : n;
        memcpy(d->blk + d->nblk, x, m * sizeof *x);
        d->nblk += m;
        x += m;
        n -= m;
        if (d->nblk == BLOCK)
            run_block(d);
    }
    return 0;
}

void disc_demod_flush(struct disc_demod *d)
{
    run_block(d);
    for (int g = 0; g < NGAIN; g++)
        gmsk_demod_flush(d->dem[g], demod_cb, d);
}

void disc_demod_get_stats(const struct disc_demod *d, struct receiver_stats *s)
{
    *s = d->st;
    s->samples = d->nin;
    s->locked = 1;
    for (int g = 0; g < NGAIN; g++)
        s->crc_fail += gmsk_demod_stats(d->dem[g])->crc_fail;
}
