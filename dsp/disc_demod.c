/* disc_demod.c: discriminator audio -> dsp/disc_mlse bursts -> receiver frames. */
#include "dsp/disc_demod.h"

#include "decode/log.h"
#include "dsp/crc_fix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct disc_demod {
    struct disc_demod_config cfg;
    struct disc_mlse *mlse;
    uint64_t nin;
    struct receiver_stats st;
};

void disc_demod_config_default(struct disc_demod_config *c)
{
    memset(c, 0, sizeof *c);
    c->rate = 48000;
    c->channel = 'A';
    disc_mlse_config_default(&c->mlse);
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
    d->mlse = disc_mlse_create(&c->mlse);
    if (!d->mlse) {
        free(d);
        return NULL;
    }
    return d;
}

void disc_demod_destroy(struct disc_demod *d)
{
    if (!d) return;
    disc_mlse_destroy(d->mlse);
    free(d);
}

/* Type 1..27 and, for the fixed-length types, the length of the type. */
static int plausible(const struct ais_frame *f)
{
    unsigned type = f->bytes[0] >> 2, alt;
    unsigned want = crc_fix_type_bits(type, &alt);
    unsigned bits = 8u * f->nbytes;
    return type >= 1 && type <= 27 && (!want || bits == want || bits == alt);
}

static void mlse_cb(void *ctx, const struct disc_mlse_result *r)
{
    struct disc_demod *d = ctx;
    if (!plausible(&r->frame)) {
        d->st.noframe++; /* CRC valid by chance, or not AIS */
        return;
    }
    struct rx_frame f;
    memset(&f, 0, sizeof f);
    f.frame = r->frame;
    f.channel = d->cfg.channel;
    f.sample = r->sample;
    f.time = (double)f.sample / d->cfg.rate;
    f.snr_db = r->snr_db;
    d->st.frames[0]++;
    d->cfg.on_frame(d->cfg.ctx, &f);
}

int disc_demod_execute(struct disc_demod *d, const float *x, size_t n)
{
    disc_mlse_execute(d->mlse, x, n, mlse_cb, d);
    d->nin += n;
    return 0;
}

void disc_demod_flush(struct disc_demod *d)
{
    disc_mlse_flush(d->mlse, mlse_cb, d);
}

void disc_demod_get_stats(const struct disc_demod *d, struct receiver_stats *s)
{
    *s = d->st;
    s->samples = d->nin;
    s->locked = 1;
    const struct disc_mlse_stats *m = disc_mlse_stats(d->mlse);
    s->hits += m->hits;
    s->crc_fail += m->crc_fail;
    s->noframe += m->noframe;
    s->hits_dropped += m->dropped;
}
