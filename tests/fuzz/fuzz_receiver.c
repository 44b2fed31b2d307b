/* fuzz_receiver.c: libFuzzer target for the DSP chain on arbitrary samples:
 * the first byte picks the path (receiver at 288 kS/s or 240 kS/s, the
 * resampled rate, in cu8/cs8/cs16/cf32, locked or acquiring on a 3- or
 * 13-offset grid; or the 48 kHz discriminator path),
 * the rest is sample data pushed in uneven pieces, then flushed. cf32 bytes
 * include NaN and infinities. Every delivered frame must be well formed:
 * a length the link layer allows, channel A or B, a sample index inside the
 * input, finite metadata, at most a few corrected bits. */
#include "dsp/disc_demod.h"
#include "dsp/dispatch.h"
#include "dsp/receiver.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

struct fz {
    uint64_t nsamples; /* input samples pushed so far */
    unsigned frames;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dispatch_init();
    return 0;
}

static void on_frame(void *ctx, const struct rx_frame *f)
{
    struct fz *z = ctx;
    if (f->frame.nbytes < 1 || f->frame.nbytes > AIS_FRAME_MAX_BYTES) abort();
    if (f->channel != 'A' && f->channel != 'B') abort();
    if (f->sample > z->nsamples) abort();
    if (!isfinite(f->time) || f->time < 0) abort();
    if (!isfinite(f->level_dbfs) || !isfinite(f->snr_db) || !isfinite(f->freq_hz)) abort();
    if (f->corrected_bits > 8) abort();
    z->frames++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    unsigned sel = data[0];
    data++;
    size--;
    struct fz z = {0, 0};

    if (sel % 9 == 8) { /* discriminator path: int16 samples, or raw floats */
        struct disc_demod_config dc;
        disc_demod_config_default(&dc);
        dc.on_frame = on_frame;
        dc.ctx = &z;
        struct disc_demod *d = disc_demod_create(&dc);
        if (!d) abort();
        size_t n = size / 4;
        float *x = malloc((n ? n : 1) * sizeof *x);
        if (sel & 0x80) {
            memcpy(x, data, n * 4);
        } else {
            for (size_t i = 0; i < n; i++)
                x[i] = (float)(int16_t)(data[2 * i] | data[2 * i + 1] << 8) / 32768.0f;
        }
        z.nsamples = n;
        for (size_t off = 0; off < n;) {
            size_t k = 1 + (off * 7919 + sel) % 1500;
            if (k > n - off) k = n - off;
            disc_demod_execute(d, x + off, k);
            off += k;
        }
        disc_demod_flush(d);
        struct receiver_stats st;
        disc_demod_get_stats(d, &st);
        disc_demod_destroy(d);
        free(x);
        return 0;
    }

    static const enum kern_format fmts[] = {KERN_CU8, KERN_CS8, KERN_CS16, KERN_CF32};
    static const double rates[] = {288000, 240000};
    enum kern_format fmt = fmts[sel % 4];
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rates[(sel / 4) % 2];
    rc.tuner.acquire = (sel >> 4) & 1;
    /* Acquisition runs one front end per grid offset, each with its own
     * demodulators (13 on the default grid: 9x the samples' cost and 7x the
     * set-up of one). The same code runs on a 3-offset grid; the full grid in
     * one acquiring input of four. */
    if (((sel >> 5) & 3) != 3) rc.tuner.span_hz = rc.tuner.step_hz;
    rc.on_frame = on_frame;
    rc.ctx = &z;
    struct receiver *r = receiver_create(&rc);
    if (!r) abort();
    size_t w = kern_format_size(fmt);
    size_t n = size / w;
    /* Repeat the data so that a burst-length stretch (26.7 ms) gets through the
     * filters even from a short input: about 0.1 s at 288 kS/s. */
    uint8_t *buf = malloc(n * w ? n * w : 1);
    memcpy(buf, data, n * w);
    size_t reps = n ? 1 + 30000 / n : 0;
    if (reps > 64) reps = 64;
    for (size_t rep = 0; rep < reps; rep++)
        for (size_t off = 0; off < n;) {
            size_t k = 1 + (off * 7919 + sel + rep) % 4000;
            if (k > n - off) k = n - off;
            z.nsamples += k;
            receiver_execute(r, fmt, buf + off * w, k);
            off += k;
        }
    receiver_flush(r);
    struct receiver_stats st;
    receiver_get_stats(r, &st);
    if (st.samples != z.nsamples) abort();
    receiver_destroy(r);
    free(buf);
    return 0;
}
