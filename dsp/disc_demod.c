/* disc_demod.c: discriminator audio -> phase -> coherent demodulation. */
#include "dsp/disc_demod.h"

#include "decode/log.h"
#include "dsp/laurent.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NGAIN 5
#define NEMPH 3
#define NHYP (NGAIN * NEMPH)
#define BLOCK 48000
#define MAXREC 64
#define PAD 400

static const float gains[NGAIN] = {0.8f, 0.9f, 1.0f, 1.12f, 1.25f};
/* De-emphasis undone: y = x + a (x[n] - x[n-1]), a = tau * 48 kHz for no
 * de-emphasis, 50 us and 75 us (broadcast-style audio paths). */
static const float emph[NEMPH] = {0.0f, 2.4f, 3.6f};

struct disc_demod {
    struct disc_demod_config cfg;
    struct gmsk_demod *dem[NHYP];
    double phase[NHYP];
    float last[NEMPH];
    float ref_rms; /* RMS phase step of GMSK (rad/sample) */
    float *blk;
    size_t nblk;
    float complex *y;
    uint64_t nin;
    int pad;
    struct ais_frame recent[MAXREC];
    uint64_t recent_at[MAXREC];
    size_t nrecent;
    struct receiver_stats st;
    struct hdlc_deframer hd[5]; /* non-coherent slicer, one per bit phase */
    float box[5];               /* last 5 samples (bit-length matched filter) */
    uint64_t ns;                /* samples through the slicer */
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
    if (!d) return NULL;
    d->cfg = *c;
    d->blk = malloc(BLOCK * sizeof *d->blk);
    d->y = malloc(BLOCK * sizeof *d->y);
    if (!d->blk || !d->y) {
        disc_demod_destroy(d);
        return NULL;
    }
    for (int i = 0; i < NHYP; i++) {
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
    for (int i = 0; i < 5; i++)
        hdlc_deframer_init(&d->hd[i]);
    return d;
}

void disc_demod_destroy(struct disc_demod *d)
{
    if (!d) return;
    for (int i = 0; i < NHYP; i++)
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
        uint64_t dt =
            d->recent_at[i] > g->sample ? d->recent_at[i] - g->sample : g->sample - d->recent_at[i];
        if (dt < 3000 && d->recent[i].nbytes == g->frame.nbytes &&
            !memcmp(d->recent[i].bytes, g->frame.bytes, g->frame.nbytes)) {
            (void)dt;
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
    f.sample = g->sample >= PAD && d->pad ? g->sample - PAD : g->sample;
    f.time = (double)f.sample / d->cfg.rate;
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

static int plausible(const struct ais_frame *f)
{
    unsigned type = f->bytes[0] >> 2, alt;
    unsigned want = crc_fix_type_bits(type, &alt);
    unsigned bits = 8u * f->nbytes;
    return type >= 1 && type <= 27 && (!want || bits == want || bits == alt);
}

static void slicer(struct disc_demod *d, double mean)
{
    float prev = d->last[2];
    for (size_t i = 0; i < d->nblk; i++) {
        float v = d->blk[i] + emph[2] * (d->blk[i] - prev) - (float)mean;
        prev = d->blk[i];
        d->box[d->ns % 5] = v;
        float acc = d->box[(d->ns + 4) % 5] + d->box[(d->ns + 3) % 5] + d->box[d->ns % 5];
        int ph = (int)(d->ns % 5);
        d->ns++;
        struct ais_frame f;
        if (hdlc_deframer_push(&d->hd[ph], acc > 0, &f) && plausible(&f)) {
            struct gmsk_result g;
            memset(&g, 0, sizeof g);
            g.frame = f;
            g.sample = d->ns > (uint64_t)(8 * f.nbytes + 64) * 5
                           ? d->ns - (uint64_t)(8 * f.nbytes + 64) * 5
                           : 0;
            g.snr_db = 0;
            demod_cb(d, &g);
        }
    }
}

static void run_block(struct disc_demod *d)
{
    if (!d->nblk) return;
    double mean = 0, var = 0;
    size_t i0 = d->nin == 0 && d->pad ? PAD : 0;
    if (d->nblk <= i0) return;
    for (size_t i = i0; i < d->nblk; i++)
        mean += d->blk[i];
    mean /= (double)(d->nblk - i0);
    for (size_t i = i0; i < d->nblk; i++)
        var += (d->blk[i] - mean) * (d->blk[i] - mean);
    double rms = sqrt(var / (double)(d->nblk - i0));
    if (rms <= 0) rms = 1;
    for (int e = 0; e < NEMPH; e++) {
        /* Emphasis in place on a copy kept in y's real parts is not needed:
         * compute it on the fly per hypothesis. */
        for (int g = 0; g < NGAIN; g++) {
            int h = e * NGAIN + g;
            double k = gains[g] * d->ref_rms / rms;
            double ph = d->phase[h];
            float prev = d->last[e];
            for (size_t i = 0; i < d->nblk; i++) {
                float x = d->blk[i] + emph[e] * (d->blk[i] - prev);
                prev = d->blk[i];
                ph += k * x;
                d->y[i] = (float)cos(ph) + I * (float)sin(ph);
            }
            d->phase[h] = fmod(ph, 2 * M_PI);
            gmsk_demod_execute(d->dem[h], d->y, d->nblk, demod_cb, d);
        }
    }
    slicer(d, mean);
    d->last[0] = d->last[1] = d->last[2] = d->nblk ? d->blk[d->nblk - 1] : 0;
    d->nin += d->nblk;
    d->nblk = 0;
}

int disc_demod_execute(struct disc_demod *d, const float *x, size_t n)
{
    if (d->nin == 0 && d->nblk == 0 && n) {
        /* Lead-in of unmodulated carrier so that a burst at the very start of
         * the input still has the detector's and the sync search's history. */
        memset(d->blk, 0, PAD * sizeof *d->blk);
        d->nblk = PAD;
        d->pad = 1;
    }
    while (n) {
        size_t m = BLOCK - d->nblk < n ? BLOCK - d->nblk : n;
        memcpy(d->blk + d->nblk, x, m * sizeof *x);
        d->nblk += m;
        x += m;
        n -= m;
        if (d->nblk == BLOCK) run_block(d);
    }
    return 0;
}

void disc_demod_flush(struct disc_demod *d)
{
    run_block(d);
    for (int g = 0; g < NHYP; g++)
        gmsk_demod_flush(d->dem[g], demod_cb, d);
}

void disc_demod_get_stats(const struct disc_demod *d, struct receiver_stats *s)
{
    *s = d->st;
    s->samples = d->nin;
    s->locked = 1;
    for (int g = 0; g < NHYP; g++) {
        s->crc_fail += gmsk_demod_stats(d->dem[g])->crc_fail;
        s->hits += gmsk_demod_stats(d->dem[g])->hits;
        s->nosync += gmsk_demod_stats(d->dem[g])->nosync;
        s->noframe += gmsk_demod_stats(d->dem[g])->noframe;
    }
}
