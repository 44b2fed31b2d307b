/* dspthread.c: the DSP thread body, the one owner of the receiver
 * (dsp/receiver.h): takes sample blocks from the block queue, runs the
 * receiver on them in place, and queues each frame with its signal metadata
 * and event time to the main thread (a full ring is a counted drop: this thread
 * never waits on the main thread). At a discontinuity (dropped blocks, a
 * reconnected source) the receiver is flushed and started afresh. Event time of
 * a frame: the capture time of the block holding its last sample, plus the
 * offset into that block; a short history of recent blocks maps sample indices
 * to times and to the monotonic time the block arrived (latency figures).
 * About once a second of sample time it also queues a clock tick, so the alert
 * engine's event time follows the samples through silences (no frames): the
 * station-health and dark rules need that, and a replay stays deterministic. */
#include "daemon/pipeline.h"

#include "decode/log.h"
#include "dsp/receiver.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DSP_HISTORY 256 /* blocks remembered: > the receiver's longest delay (~0.15 s) */
/* A tick's time lags the samples by more than the receiver holds a frame, so
 * no frame queued after a tick is older than it. */
#define DSP_TICK_LAG_S 1.0
#define DSP_TICK_EVERY_S 1.0

struct dsp_block_ref {
    uint64_t rx_sample0; /* first sample of the block, in receiver sample indices */
    double time;
    int64_t mono_ns; /* CLOCK_MONOTONIC when its first sample arrived */
};

struct dspthread {
    struct pipeline *p;
    struct receiver *rx;
    struct receiver_config rc;
    enum kern_format fmt;
    uint64_t rx_samples; /* samples pushed into the current receiver */
    struct dsp_block_ref hist[DSP_HISTORY];
    unsigned nhist, head;
    double rate;
    uint64_t frames;
    /* IQ snippets: the latest raw bytes, indexed by receiver sample */
    uint8_t *ring;
    size_t ring_samples, bps;
    uint64_t snip_pre, snip_post; /* samples before the burst and after its end */
    uint64_t stream0;             /* stream sample index of receiver sample 0 */
    double next_tick;             /* event time of the next clock tick */
};

static void ring_put(struct dspthread *d, const uint8_t *data, size_t n)
{
    while (n) {
        size_t pos = (size_t)(d->rx_samples % d->ring_samples);
        size_t k = d->ring_samples - pos < n ? d->ring_samples - pos : n;
        memcpy(d->ring + pos * d->bps, data, k * d->bps);
        data += k * d->bps;
        n -= k;
        d->rx_samples += k;
    }
}

/* Copy receiver samples [from, to) out of the history into a snippet slot.
 * Returns the slot index, or -1. */
static int snip(struct dspthread *d, uint64_t from, uint64_t to, uint64_t *first)
{
    struct snipq *q = d->p->snipq;
    uint64_t oldest = d->rx_samples > d->ring_samples ? d->rx_samples - d->ring_samples : 0;
    if (from < oldest) from = oldest;
    if (to > d->rx_samples) to = d->rx_samples;
    size_t max = snipq_slot_bytes(q) / d->bps;
    if (to - from > max) to = from + max;
    if (to <= from) return -1;
    int index;
    struct snipq_slot *slot = snipq_acquire(q, &index);
    if (!slot) return -1;
    size_t n = 0;
    for (uint64_t s = from; s < to;) {
        size_t pos = (size_t)(s % d->ring_samples);
        size_t k = d->ring_samples - pos < to - s ? d->ring_samples - pos : (size_t)(to - s);
        memcpy(slot->data + n * d->bps, d->ring + pos * d->bps, k * d->bps);
        n += k;
        s += k;
    }
    slot->len = n * d->bps;
    *first = d->stream0 + from;
    snipq_commit(q);
    return index;
}

static const struct dsp_block_ref *find_block(const struct dspthread *d, uint64_t s)
{
    for (unsigned i = 0; i < d->nhist; i++) {
        const struct dsp_block_ref *b = &d->hist[(d->head + DSP_HISTORY - 1 - i) % DSP_HISTORY];
        if (b->rx_sample0 <= s) return b;
    }
    return d->nhist ? &d->hist[(d->head + DSP_HISTORY - d->nhist) % DSP_HISTORY] : NULL;
}

static void on_frame(void *ctx, const struct rx_frame *f)
{
    struct dspthread *d = ctx;
    struct pipeline *p = d->p;
    struct itemq_item it;
    it.kind = ITEMQ_FRAME;
    it.u.f.frame = f->frame;
    it.u.f.channel = f->channel;
    it.u.f.corrected_bits = f->corrected_bits;
    it.u.f.level_dbfs = f->level_dbfs;
    it.u.f.snr_db = f->snr_db;
    it.u.f.freq_hz = f->freq_hz;
    /* The burst ends after training (24), flags (16), data + FCS and some stuffing. */
    uint64_t bits = 24 + 16 + (uint64_t)f->frame.nbytes * 8 + 16 + 4;
    uint64_t end = f->sample + (uint64_t)((double)bits * d->rate / 9600.0);
    if (end > d->rx_samples) end = d->rx_samples;
    const struct dsp_block_ref *b = find_block(d, end);
    it.u.f.sample = d->stream0 + end;
    it.u.f.snip = -1;
    if (d->ring) {
        uint64_t from = f->sample > d->snip_pre ? f->sample - d->snip_pre : 0;
        it.u.f.snip = snip(d, from, end + d->snip_post, &it.u.f.snip_sample0);
    }
    if (b) {
        it.time = b->time + (double)(end - b->rx_sample0) / d->rate;
        it.mono_ns = (double)b->mono_ns + (double)(end - b->rx_sample0) / d->rate * 1e9;
    } else {
        it.time = pipeline_wall_time();
        it.mono_ns = itemq_now_ns();
    }
    if (f->channel == 'B')
        atomic_fetch_add(&p->frames_b, 1);
    else
        atomic_fetch_add(&p->frames_a, 1);
    if (itemq_push(p->iq, &it) && it.u.f.snip >= 0) snipq_rollback(p->snipq);
    d->frames++;
}

/* Queue a clock tick when the samples have passed the next tick time. A full
 * ring drops it: the next one follows a second later. */
static void maybe_tick(struct dspthread *d, double block_end_time)
{
    double t = block_end_time - DSP_TICK_LAG_S;
    if (!(t >= d->next_tick)) return;
    struct itemq_item it;
    memset(&it, 0, sizeof it);
    it.kind = ITEMQ_TICK;
    it.time = t;
    it.mono_ns = itemq_now_ns();
    itemq_push(d->p->iq, &it);
    d->next_tick = t + DSP_TICK_EVERY_S;
}

static int start_receiver(struct dspthread *d)
{
    d->rx = receiver_create(&d->rc);
    d->stream0 += d->rx_samples;
    d->rx_samples = 0;
    d->nhist = d->head = 0;
    return d->rx ? 0 : -1;
}

static void update_ppm(struct dspthread *d)
{
    struct receiver_stats s;
    receiver_get_stats(d->rx, &s);
    if (s.locked && isfinite(s.ppm)) {
        int64_t applied = atomic_load(&d->p->ppm_applied_micro);
        atomic_store(&d->p->ppm_micro, applied + (int64_t)(s.ppm * 1e6));
    }
}

void dspthread_run(struct pipeline *p)
{
    struct dspthread *d = calloc(1, sizeof *d);
    if (!d) {
        atomic_store(&p->dsp_ready, 1);
        return;
    }
    d->p = p;
    d->rate = p->conf.rate;
    d->fmt = (enum kern_format)p->kfmt;
    receiver_config_default(&d->rc);
    d->rc.rate = p->conf.rate;
    d->rc.centre_hz = p->conf.center;
    d->rc.on_frame = on_frame;
    d->rc.ctx = d;
    if (start_receiver(d)) {
        log_error("dsp: cannot create the receiver for %.0f S/s (a multiple of 48000 is needed)",
                  d->rate);
        atomic_store(&p->stop, 1);
        atomic_store(&p->dsp_ready, 1);
        free(d);
        return;
    }
    atomic_store(&p->dsp_ready, 1);
    size_t bps = p->bytes_per_sample;
    d->bps = bps;
    if (p->snipq) {
        /* the receiver emits a frame about 0.2 s after its start: keep 0.6 s + margins */
        d->snip_pre = d->snip_post = (uint64_t)(d->rate * p->conf.iq_snippet_ms / 1000.0);
        d->ring_samples = (size_t)(d->rate * 0.6) + 2 * (size_t)d->snip_pre;
        d->ring = malloc(d->ring_samples * bps);
        if (!d->ring) log_warn("dsp: no memory for IQ snippets; going on without");
    }
    unsigned blocks = 0;
    for (;;) {
        if (!blockq_wait(p->bq, 200)) {
            if (pipeline_stopping(p)) break;
            continue;
        }
        /* Asked to stop (a signal): the blocks still queued, up to seconds of
         * samples, are not worth a shutdown that systemd would time out. */
        if (pipeline_stopping(p)) {
            log_info("dsp: stopping; samples still queued are not decoded");
            break;
        }
        struct blockq_block *b = blockq_peek(p->bq);
        if (!b) {
            if (blockq_eof(p->bq)) break;
            continue;
        }
        if (b->discont && d->rx_samples) {
            receiver_flush(d->rx);
            receiver_destroy(d->rx);
            if (start_receiver(d)) {
                blockq_release(p->bq);
                break;
            }
        }
        size_t n = b->len / bps;
        struct dsp_block_ref *h = &d->hist[d->head];
        h->rx_sample0 = d->rx_samples;
        h->time = b->time;
        /* a block is queued when its last sample has arrived: its first one
         * arrived a block's duration earlier (without this, a frame's latency
         * was short by a block, and often negative) */
        h->mono_ns = b->mono_ns - (int64_t)((double)n / d->rate * 1e9);
        d->head = (d->head + 1) % DSP_HISTORY;
        if (d->nhist < DSP_HISTORY) d->nhist++;
        if (d->ring)
            ring_put(d, b->data, n); /* advances rx_samples */
        else
            d->rx_samples += n;
        receiver_execute(d->rx, d->fmt, b->data, n);
        double block_end = b->time + (double)n / d->rate;
        blockq_release(p->bq);
        maybe_tick(d, block_end);
        if (++blocks % 64 == 0) update_ppm(d);
    }
    receiver_flush(d->rx);
    update_ppm(d);
    receiver_destroy(d->rx);
    free(d->ring);
    free(d);
}
