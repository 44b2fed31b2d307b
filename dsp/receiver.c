/* receiver.c: channelizer front ends, per-channel demodulators, tuner
 * acquisition/tracking, de-duplication and image rejection.
 * Release of frames: a decoded frame waits in a small table until no copy of
 * it can still come, from another sync hypothesis, another front end
 * (acquisition) or the other channel (its image), so the best copy is the one
 * delivered. Each demodulator tells up to which sample every frame has been
 * reported (gmsk_demod_horizon); a frame leaves once the lowest horizon over
 * every front end and both channels has passed its start plus the duplicate
 * tolerance (12 bits); or, for a frame that cannot be an image (the other
 * channel over its burst is less than image_floor_db stronger, the image
 * rejection every front end has; so a copy on the other channel would be its
 * image and lose to it), once the horizon of its own channel has. A plain frame thus leaves a few
 * ms after its end flag; it waits longer only while a burst that starts within 12 bits of it is
 * still being decoded on its channel (another front end), or on the other channel when that one is
 * as strong or stronger. Delivered frames are remembered until their copies can no longer come, and
 * a late copy is dropped (counted as a duplicate or an image). */
#include "dsp/receiver.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/channelizer.h"
#include "dsp/laurent.h"
#include "dsp/overlap.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 16384 /* input samples per processing block */
#define MAXFE 64
#define MAXPEND 64
#define MAXGONE 32 /* delivered frames remembered while copies may still come */
/* The overlap retry (dsp/overlap.c) decodes again up to 2600 channel samples
 * before a failed burst: frames it finds there may come after the horizon has
 * passed them. Delivered frames are remembered that much longer, so such a
 * late copy is still recognised. */
#define LATE_COPY_CH 2800
/* Margin on the power comparison of a frame and its possible copy on the other
 * channel (whose span differs by up to the tolerance): 1 dB. */
#define STRONGER 1.26f
/* Acquisition: once a first frame gives the tuner error, only the front ends
 * within this distance of it keep decoding (2 kHz grid: 3 of them, which
 * cover +-2 kHz of transmitter offset around the estimate) until the lock. */
#define NARROW_HZ 3000.0
/* Acquisition: each front end's correction searches the bursts nearer to it
 * than to its neighbours on the grid, plus this margin (their estimates of
 * one burst's frequency differ by tens of Hz): one search per burst, not one
 * per front end that synchronises it. */
#define FIX_MARGIN_HZ 100.0

/* One front end: a channelizer at one common tuner correction and the two
 * channel demodulators behind it. Several run side by side while acquiring. */
struct fe {
    double offset; /* common tuner offset applied (Hz) */
    uint64_t in0;  /* input sample index when this front end started */
    struct channelizer *ch;
    struct gmsk_demod *dem[2]; /* both NULL: the leader kept only for its front */
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
    float other; /* the other channel's power over the burst (< 0: unknown) */
    double fe_offset, freq;
    int live;
};

/* A delivered frame: a copy that comes later is dropped. */
struct gone {
    struct ais_frame frame;
    uint64_t sample;
    char channel;
    int live;
};

struct receiver {
    struct receiver_config cfg;
    double ratio, delay; /* channel sample m ~ input sample m * ratio - delay */
    struct tuner_track *tt;
    struct overlap *ov;    /* the overlap retry's work areas, shared by every demodulator */
    struct laurent *pulse; /* the GMSK pulse design, shared by every demodulator and detector */
    struct fe *fe[MAXFE];
    size_t nfe;
    int narrowed; /* acquisition grid narrowed around a first estimate */
    uint64_t nin; /* input samples consumed */
    size_t maxout;
    float complex *ya, *yb;
    struct pending pend[MAXPEND];
    float image_floor; /* image_floor_db as a power ratio */
    struct gone gone[MAXGONE];
    unsigned gone_next;
    struct receiver_stats st;
    struct receiver_stats retired; /* demodulator counters of front ends gone (lock, regrid) */
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
    c->image_floor_db = 10;
}

static void demod_cb(void *ctx, const struct gmsk_result *g);

static void fe_tune(struct receiver *r, struct fe *f, double offset)
{
    (void)r;
    channelizer_set_correction(f->ch, offset);
    f->offset = channelizer_correction(f->ch);
}

/* The demodulator and correction counters of b (those add_fe_counts fills) added to a. */
static void add_demod_counts(struct receiver_stats *a, const struct receiver_stats *b)
{
    a->crc_fail += b->crc_fail;
    a->hits += b->hits;
    a->nosync += b->nosync;
    a->noframe += b->noframe;
    a->fix_searches += b->fix_searches;
    a->fix_gated += b->fix_gated;
    a->fix_ambiguous += b->fix_ambiguous;
    a->fix_tried += b->fix_tried;
    a->plain_failed += b->plain_failed;
    a->overlap_frames += b->overlap_frames;
    a->hits_dropped += b->hits_dropped;
}

/* Those counters of a front end's two demodulators (if it still has them) added to s. */
static void add_fe_counts(struct receiver_stats *s, const struct fe *f)
{
    for (int c = 0; c < 2 && f->dem[0]; c++) {
        const struct gmsk_demod_stats *g = gmsk_demod_stats(f->dem[c]);
        const struct crc_fix_stats *x = gmsk_demod_fix_stats(f->dem[c]);
        struct receiver_stats d = {0};
        d.crc_fail = g->crc_fail;
        d.hits = g->hits;
        d.nosync = g->nosync;
        d.noframe = g->noframe;
        d.fix_searches = x->searches;
        d.fix_gated = x->gated;
        d.fix_ambiguous = x->ambiguous;
        d.fix_tried = x->tried;
        d.plain_failed = x->plain_failed;
        d.overlap_frames = g->overlapped;
        d.hits_dropped = gmsk_demod_hits_dropped(f->dem[c]);
        add_demod_counts(s, &d);
    }
}

static void fe_destroy(struct fe *f)
{
    if (!f) return;
    gmsk_demod_destroy(f->dem[0]);
    gmsk_demod_destroy(f->dem[1]);
    channelizer_destroy(f->ch);
    free(f);
}

/* leader: NULL, or the front end whose conversion and stage 1 this one
 * shares (acquisition grid; it runs first on every block). */
static struct fe *fe_create(struct receiver *r, double offset, struct fe *leader)
{
    struct fe *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->r = r;
    struct channelizer_config cc = channelizer_config_default();
    cc.rate = r->cfg.rate;
    cc.centre_hz = r->cfg.centre_hz;
    cc.chan_hz[0] = r->cfg.channel_hz[0];
    cc.chan_hz[1] = r->cfg.channel_hz[1];
    cc.max_block = BLOCK;
    if (fabs(offset) > cc.max_correction_hz)
        offset = offset > 0 ? cc.max_correction_hz : -cc.max_correction_hz;
    cc.correction_hz = offset;
    f->ch = leader ? channelizer_create_follower(&cc, leader->ch) : channelizer_create(&cc);
    f->dem[0] = gmsk_demod_create(&r->cfg.demod);
    f->dem[1] = gmsk_demod_create(&r->cfg.demod);
    if (!f->ch || !f->dem[0] || !f->dem[1]) {
        fe_destroy(f);
        return NULL;
    }
    for (int c = 0; c < 2; c++) {
        f->ctx[c].fe = f;
        f->ctx[c].ch = c;
    }
    f->offset = offset;
    f->in0 = r->nin;
    r->ratio = channelizer_ratio(f->ch);
    r->delay = channelizer_delay(f->ch);
    return f;
}

void receiver_destroy(struct receiver *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nfe; i++)
        fe_destroy(r->fe[i]);
    tuner_track_destroy(r->tt);
    overlap_destroy(r->ov);
    laurent_destroy(r->pulse);
    free(r->ya);
    free(r->yb);
    free(r);
}

/* Each decoding front end's correction range: half way to its neighbours
 * (plus the margin), unlimited beyond the outermost ones. */
static void set_fix_ranges(struct receiver *r)
{
    for (size_t i = 0; i < r->nfe; i++) {
        struct fe *f = r->fe[i];
        if (!f->dem[0]) continue;
        double lo = -INFINITY, hi = INFINITY;
        for (size_t j = 0; j < r->nfe; j++) {
            const struct fe *o = r->fe[j];
            if (j == i || !o->dem[0]) continue;
            double half = (o->offset - f->offset) / 2;
            if (half > 0 && half + FIX_MARGIN_HZ < hi) hi = half + FIX_MARGIN_HZ;
            if (half < 0 && half - FIX_MARGIN_HZ > lo) lo = half - FIX_MARGIN_HZ;
        }
        for (int c = 0; c < 2; c++)
            gmsk_demod_set_fix_range(f->dem[c], (float)lo, (float)hi);
    }
}

static int build_fes(struct receiver *r)
{
    size_t n = tuner_track_grid_size(r->tt);
    if (n > MAXFE) n = MAXFE;
    for (size_t i = 0; i < n; i++) {
        r->fe[i] = fe_create(r, tuner_track_grid(r->tt, i), i ? r->fe[0] : NULL);
        if (!r->fe[i]) return AISD_E_NOMEM;
        r->nfe = i + 1;
    }
    set_fix_ranges(r);
    return 0;
}

struct receiver *receiver_create(const struct receiver_config *c)
{
    if (!c || !c->on_frame) {
        log_error("receiver: on_frame callback missing");
        return NULL;
    }
    struct receiver *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->cfg = *c;
    r->image_floor = powf(10.0f, c->image_floor_db / 10.0f);
    r->tt = tuner_track_create(&c->tuner);
    /* Made here, not on the DSP thread's first overlap: the per-sample path
     * allocates nothing. */
    if (c->demod.overlap) r->ov = overlap_create(&c->demod);
    r->cfg.demod.overlap_work = r->ov;
    /* One pulse design for the 2 x 13 demodulators and detectors of the
     * acquisition grid (each made its own: most of the start-up time). */
    struct laurent_config lc;
    laurent_config_default(&lc);
    if (!r->cfg.demod.pulse) r->cfg.demod.pulse = r->pulse = laurent_create(&lc);
    if (!r->tt || (c->demod.overlap && !r->ov) || !r->cfg.demod.pulse || build_fes(r) != 0) {
        receiver_destroy(r);
        return NULL;
    }
    r->maxout = channelizer_max_out(r->fe[0]->ch, BLOCK);
    r->ya = malloc(r->maxout * sizeof *r->ya);
    r->yb = malloc(r->maxout * sizeof *r->yb);
    if (!r->ya || !r->yb) {
        receiver_destroy(r);
        return NULL;
    }
    return r;
}

static void fe_block(struct receiver *r, struct fe *f, enum kern_format fmt, const void *in,
                     size_t n)
{
    size_t m = 0;
    channelizer_execute(f->ch, fmt, in, n, r->ya, r->yb, &m);
    if (!f->dem[0]) return;
    /* Both channels get each span before either decodes in it: the image
     * check of a frame reads the other channel's power over the burst. */
    for (size_t i = 0; i < m; i += GMSK_DEMOD_MAX_PUSH) {
        size_t k = m - i < GMSK_DEMOD_MAX_PUSH ? m - i : GMSK_DEMOD_MAX_PUSH;
        gmsk_demod_push(f->dem[0], r->ya + i, k);
        gmsk_demod_push(f->dem[1], r->yb + i, k);
        gmsk_demod_process(f->dem[0], demod_cb, &f->ctx[0]);
        gmsk_demod_process(f->dem[1], demod_cb, &f->ctx[1]);
    }
}

static uint64_t in_sample(const struct receiver *r, uint64_t cs)
{
    double i = (double)cs * r->ratio - r->delay;
    return i > 0 ? (uint64_t)(i + 0.5) : 0;
}

/* Input sample index before which no frame can start that has not reached
 * demod_cb yet, per channel over every front end. */
static void horizons(const struct receiver *r, uint64_t h[2])
{
    h[0] = h[1] = UINT64_MAX;
    for (size_t i = 0; i < r->nfe; i++)
        for (int c = 0; c < 2; c++) {
            const struct fe *f = r->fe[i];
            if (!f->dem[c]) continue;
            uint64_t x = f->in0 + in_sample(r, gmsk_demod_horizon(f->dem[c]));
            if (x < h[c]) h[c] = x;
        }
}

/* Frames within this many input samples (12 bits) of each other are copies. */
static uint64_t dup_tolerance(const struct receiver *r)
{
    return (uint64_t)(60 * r->ratio);
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
    if (other > 0 && g->power > 0 && 10.0f * log10f(other / g->power) > r->cfg.image_margin_db) {
        r->st.images++;
        return;
    }
    struct pending np;
    memset(&np, 0, sizeof np);
    np.f.frame = g->frame;
    np.f.channel = ch ? 'B' : 'A';
    np.f.sample = f->in0 + in_sample(r, g->sample);
    np.f.time = (double)np.f.sample / r->cfg.rate;
    np.f.level_dbfs = g->power > 0 ? 10.0f * log10f(g->power) : -200.0f;
    np.f.snr_db = g->snr_db;
    np.f.freq_hz = (float)(f->offset + g->freq_hz);
    np.f.corrected_bits = g->corrected;
    np.csample = g->sample;
    np.power = g->power;
    np.other = other;
    np.fe_offset = f->offset;
    np.freq = g->freq_hz;
    np.live = 1;
    const uint64_t tol = dup_tolerance(r);
    for (size_t i = 0; i < MAXGONE; i++) {
        const struct gone *o = &r->gone[i];
        if (!o->live || !same_frame(&o->frame, &np.f.frame)) continue;
        uint64_t dt = o->sample > np.f.sample ? o->sample - np.f.sample : np.f.sample - o->sample;
        if (dt > tol) continue;
        /* A copy of a frame already delivered, which was the better one. */
        if (o->channel != np.f.channel)
            r->st.images++;
        else
            r->st.duplicates++;
        return;
    }
    for (size_t i = 0; i < MAXPEND; i++) {
        struct pending *p = &r->pend[i];
        if (!p->live || !same_frame(&p->f.frame, &np.f.frame)) continue;
        uint64_t dt =
            p->f.sample > np.f.sample ? p->f.sample - np.f.sample : np.f.sample - p->f.sample;
        if (dt > tol) continue;
        int better;
        if (p->f.channel != np.f.channel) {
            better = np.power > p->power; /* image: the stronger is the real one */
            r->st.images++;
        } else {
            better = (np.f.corrected_bits < p->f.corrected_bits) ||
                     (np.f.corrected_bits == p->f.corrected_bits && np.f.snr_db > p->f.snr_db);
            r->st.duplicates++;
        }
        if (better) *p = np;
        return;
    }
    for (size_t i = 0; i < MAXPEND; i++)
        if (!r->pend[i].live) {
            r->pend[i] = np;
            return;
        }
    r->st.frames_dropped++;
    log_warn("receiver: pending frame table full, frame dropped");
}

/* Decode what a front end has already seen before it goes. */
static void fe_retire(struct fe *f)
{
    if (!f->dem[0]) return;
    gmsk_demod_flush(f->dem[0], demod_cb, &f->ctx[0]);
    gmsk_demod_flush(f->dem[1], demod_cb, &f->ctx[1]);
}

static void relock(struct receiver *r)
{
    double off = tuner_track_offset(r->tt);
    size_t best = r->nfe;
    for (size_t i = 0; i < r->nfe; i++)
        if (r->fe[i]->dem[0] &&
            (best == r->nfe || fabs(r->fe[i]->offset - off) < fabs(r->fe[best]->offset - off)))
            best = i;
    if (best == r->nfe) return;
    struct fe *keep = r->fe[best];
    /* Its own copy of the shared front before the leader goes. */
    if (channelizer_detach(keep->ch) != 0) {
        log_error("receiver: out of memory at tuner lock; staying on the acquisition grid");
        return;
    }
    for (size_t i = 0; i < r->nfe; i++)
        if (i != best) {
            fe_retire(r->fe[i]);
            add_fe_counts(&r->retired, r->fe[i]); /* its counts stay in the totals */
            fe_destroy(r->fe[i]);
        }
    r->fe[0] = keep;
    r->nfe = 1;
    r->narrowed = 0;
    set_fix_ranges(r);
    fe_tune(r, keep, off);
}

/* A first frame during acquisition puts the tuner error at est: the front ends
 * further than NARROW_HZ from it stop (the leader keeps running its front for
 * its followers). The lock still waits for tuner_track's frames. */
static void narrow(struct receiver *r, double est)
{
    if (r->narrowed || r->nfe < 2) return;
    r->narrowed = 1;
    size_t k = 0;
    for (size_t i = 0; i < r->nfe; i++) {
        struct fe *f = r->fe[i];
        if (fabs(f->offset - est) <= NARROW_HZ || !f->dem[0]) {
            r->fe[k++] = f;
            continue;
        }
        fe_retire(f);
        add_fe_counts(&r->retired, f); /* its counts stay in the totals */
        if (i == 0) {                  /* the leader: its followers still need its front */
            gmsk_demod_destroy(f->dem[0]);
            gmsk_demod_destroy(f->dem[1]);
            f->dem[0] = f->dem[1] = NULL;
            channelizer_front_only(f->ch, 1);
            r->fe[k++] = f;
        } else
            fe_destroy(f);
    }
    r->nfe = k;
    set_fix_ranges(r);
}

/* Back to acquisition: one front end per grid offset. Demodulator state
 * starts afresh (a burst in flight at this moment may be lost). */
static void regrid(struct receiver *r)
{
    for (size_t i = 0; i < r->nfe; i++) {
        add_fe_counts(&r->retired, r->fe[i]);
        fe_destroy(r->fe[i]);
    }
    r->nfe = 0;
    r->narrowed = 0;
    if (build_fes(r) != 0) log_error("receiver: out of memory rebuilding the acquisition grid");
}

/* Every copy of p is in once no frame can come within the tolerance on either
 * channel; or on its own channel, when it is clearly the stronger of the two
 * (a copy on the other channel would be its image and lose to it). */
static int ready(const struct receiver *r, const struct pending *p, const uint64_t h[2])
{
    uint64_t last = p->f.sample + dup_tolerance(r);
    int c = p->f.channel == 'B';
    if (last < h[0] && last < h[1]) return 1;
    return last < h[c] && p->other >= 0 && p->other * STRONGER <= p->power * r->image_floor;
}

static void remember(struct receiver *r, const struct pending *p)
{
    struct gone *g = &r->gone[r->gone_next++ % MAXGONE];
    g->frame = p->f.frame;
    g->sample = p->f.sample;
    g->channel = p->f.channel;
    g->live = 1;
}

static void emit(struct receiver *r, int all)
{
    for (;;) {
        uint64_t h[2];
        horizons(r, h);
        uint64_t hmin = h[0] < h[1] ? h[0] : h[1];
        for (size_t i = 0; i < MAXGONE; i++)
            if (r->gone[i].live &&
                r->gone[i].sample + dup_tolerance(r) + (uint64_t)(LATE_COPY_CH * r->ratio) < hmin)
                r->gone[i].live = 0;
        /* Oldest first, of those whose copies are all in. */
        struct pending *o = NULL;
        for (size_t i = 0; i < MAXPEND; i++) {
            struct pending *p = &r->pend[i];
            if (p->live && (!o || p->f.sample < o->f.sample) && (all || ready(r, p, h))) o = p;
        }
        if (!o) return;
        o->live = 0;
        if (!all) remember(r, o);
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
            else if (!tuner_track_locked(r->tt))
                narrow(r, o->fe_offset + o->freq);
        }
        r->cfg.on_frame(r->cfg.ctx, &f);
    }
}

int receiver_execute(struct receiver *r, enum kern_format fmt, const void *in, size_t n)
{
    const uint8_t *p = in;
    size_t width = kern_format_size(fmt);
    while (n) {
        size_t m = n < BLOCK ? n : BLOCK;
        for (size_t i = 0; i < r->nfe; i++)
            fe_block(r, r->fe[i], fmt, p, m);
        r->nin += m;
        emit(r, 0);
        int tk = tuner_track_tick(r->tt, (double)r->nin / r->cfg.rate);
        if (tk == 1)
            relock(r);
        else if (tk == 2)
            regrid(r);
        p += m * width;
        n -= m;
    }
    return 0;
}

void receiver_flush(struct receiver *r)
{
    for (size_t i = 0; i < r->nfe; i++)
        fe_retire(r->fe[i]);
    emit(r, 1);
}

void receiver_reset(struct receiver *r)
{
    receiver_flush(r);
    for (size_t i = 0; i < r->nfe; i++) {
        channelizer_reset(r->fe[i]->ch);
        fe_tune(r, r->fe[i], r->fe[i]->offset);
        if (!r->fe[i]->dem[0]) continue;
        gmsk_demod_reset(r->fe[i]->dem[0]);
        gmsk_demod_reset(r->fe[i]->dem[1]);
        r->fe[i]->in0 = r->nin;
    }
}

void receiver_get_stats(const struct receiver *r, struct receiver_stats *s)
{
    *s = r->st;
    s->samples = r->nin;
    s->crc_fail = 0;
    add_demod_counts(s, &r->retired);
    for (size_t i = 0; i < r->nfe; i++)
        add_fe_counts(s, r->fe[i]);
    if (r->ov) {
        s->overlap_retries = overlap_stats(r->ov)->retries;
        s->overlap_checked = overlap_stats(r->ov)->checked;
    }
    s->front_ends = 0;
    for (size_t i = 0; i < r->nfe; i++)
        s->front_ends += r->fe[i]->dem[0] != NULL;
    s->locked = tuner_track_locked(r->tt);
    s->offset_hz = tuner_track_offset(r->tt);
    s->ppm = s->offset_hz / r->cfg.centre_hz * 1e6;
}
