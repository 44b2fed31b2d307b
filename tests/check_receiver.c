/* check_receiver.c: the whole receiver (dsp/receiver.h) and `aisctl rx`
 * plumbing: the SwiftAIS over-the-air recording gives exactly its sentence,
 * every corpus synthetic burst at >= 12 dB decodes with no false frame,
 * pure noise gives no frame, a tuner 50 ppm off is acquired with no configured
 * correction, and a strong burst's image (I/Q imbalance) is never reported on
 * the other channel, not even when the image decodes well and bursts on both
 * channels coincide, nor twice when several front ends decode one burst; and a
 * frame comes out promptly (counted in samples pushed, not wall time); NaN or
 * infinite cf32 samples are zeroed and counted (dsp/iq_source, which aisd
 * and aisctl rx both read through) instead of leaving the receiver deaf;
 * aisctl rx opens WAV and discriminator files as iq_source reads them.
 * Simulated input comes from dsp/iq_sim. */
#include "daemon/ctl_rx.h"
#include "decode/armour.h"
#include "decode/err.h"
#include "decode/frame.h"
#include "decode/jparse.h"
#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/iq_sim.h"
#include "dsp/iq_source.h"
#include "dsp/receiver.h"
#include "dsp/wav.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct col {
    struct rx_frame *f;
    int n, cap;
};

static void col_cb(void *ctx, const struct rx_frame *f)
{
    struct col *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->f = realloc(c->f, (size_t)c->cap * sizeof *c->f);
    }
    c->f[c->n++] = *f;
}

static void payload(const struct rx_frame *f, char *out, size_t max)
{
    unsigned fill;
    armour_encode(f->frame.bytes, (size_t)f->frame.nbytes * 8, out, max, &fill);
}

START_TEST(swiftais_wav_exact_sentence)
{
    char *path = test_corpus_file("iq/swiftais_sentence1_240k_cs16.wav");
    if (!path) return;
    struct rx_opts o;
    rx_opts_default(&o);
    o.centre = 161.992e6;
    struct col c = {0};
    struct receiver_stats st;
    double secs, wall;
    ck_assert_int_eq(rx_run_file(&o, path, col_cb, &c, &st, &secs, &wall), 0);
    free(path);
    ck_assert_int_eq(c.n, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    unsigned seq = 0;
    rx_print_frame(m, &c.f[0], 0, &seq);
    fclose(m);
    ck_assert_str_eq(buf, "!AIVDM,1,1,,B,E>k`HC0VTah9QTb:Pb2h0ab0P00=N97j<4dDP00000<020,4*6F\n");
    ck_assert_int_eq(c.f[0].corrected_bits, 0);
    free(buf);
    free(c.f);
}
END_TEST

/* The payload and ebn0_db of a corpus truth line. */
static int truth_line(const char *line, char *pay, size_t max, double *ebn0)
{
    struct jparse_val *o = jparse(line, strlen(line), NULL, 0);
    const char *p = jparse_str(o, "payload");
    const struct jparse_val *e = jparse_get(o, "ebn0_db");
    int ok = p && e && e->type == JP_NUM && strlen(p) < max;
    if (ok) {
        snprintf(pay, max, "%s", p);
        *ebn0 = e->num;
    }
    jparse_free(o);
    return ok ? 0 : -1;
}

START_TEST(corpus_sweep_strong_bursts_all_decode)
{
    char *path = test_corpus_file("synthetic/sweep_288k.cu8");
    char *tpath = test_corpus_file("synthetic/sweep_288k.cu8.truth.jsonl");
    if (!path || !tpath) {
        free(path);
        free(tpath);
        return;
    }
    struct rx_opts o;
    rx_opts_default(&o);
    struct col c = {0};
    struct receiver_stats st;
    double secs, wall;
    ck_assert_int_eq(rx_run_file(&o, path, col_cb, &c, &st, &secs, &wall), 0);
    char(*got)[200] = calloc((size_t)c.n + 1, sizeof *got);
    for (int i = 0; i < c.n; i++)
        payload(&c.f[i], got[i], sizeof got[i]);
    FILE *t = fopen(tpath, "r");
    ck_assert_ptr_nonnull(t);
    char line[1024];
    int strong = 0, strong_ok = 0, matched = 0;
    while (fgets(line, sizeof line, t)) {
        char pay[200];
        double eb;
        if (truth_line(line, pay, sizeof pay, &eb)) continue;
        int found = 0;
        for (int i = 0; i < c.n; i++)
            if (!strcmp(got[i], pay)) found = 1;
        matched += found;
        if (eb >= 12) {
            strong++;
            strong_ok += found;
        }
    }
    fclose(t);
    ck_assert_int_eq(strong, 60);
    ck_assert_int_eq(strong_ok, strong);
    /* Every decoded frame is one of the file's bursts. */
    ck_assert_int_eq(matched, c.n);
    free(got);
    free(c.f);
    free(path);
    free(tpath);
}
END_TEST

struct simb {
    double chan_hz; /* -25000 or +25000 */
    double ebn0, freq, start;
};

/* Render cu8 at rate with bursts of the given frames. */
static uint8_t *simulate_frames(double rate, size_t n, const struct simb *b, int nb, double gain_db,
                                double phase_deg, uint64_t seed, struct ais_frame *frames,
                                int given);

/* Render cu8 at rate with bursts; frames random type 1. */
static uint8_t *simulate(double rate, size_t n, const struct simb *b, int nb, double gain_db,
                         double phase_deg, uint64_t seed, struct ais_frame *frames)
{
    return simulate_frames(rate, n, b, nb, gain_db, phase_deg, seed, frames, 0);
}

static uint8_t *simulate_frames(double rate, size_t n, const struct simb *b, int nb, double gain_db,
                                double phase_deg, uint64_t seed, struct ais_frame *frames,
                                int given)
{
    struct iq_sim_config sc = iq_sim_config_default();
    sc.sample_rate = rate;
    sc.iq_gain_db = gain_db;
    sc.iq_phase_deg = phase_deg;
    sc.seed = seed;
    struct iq_sim *s = iq_sim_create(&sc);
    ck_assert_ptr_nonnull(s);
    struct rng r;
    rng_seed(&r, seed + 100);
    static uint8_t lev[64][600];
    for (int i = 0; i < nb; i++) {
        struct ais_frame *f = &frames[i];
        if (!given) {
            f->nbytes = 21;
            for (int k = 0; k < 21; k++)
                f->bytes[k] = (uint8_t)rng_below(&r, 256);
            f->bytes[0] = (uint8_t)(1 << 2 | (f->bytes[0] & 3));
        }
        int nl = iq_sim_levels(f, 0, lev[i], sizeof lev[i]);
        ck_assert_int_gt(nl, 0);
        struct iq_sim_burst ib = {lev[i],
                                  (size_t)nl,
                                  b[i].start,
                                  iq_sim_amplitude(s, b[i].ebn0),
                                  b[i].chan_hz + b[i].freq,
                                  rng_range(&r, 0, 6.28)};
        ck_assert_int_eq(iq_sim_add(s, &ib), 0);
    }
    uint8_t *out = malloc(2 * n);
    ck_assert_int_eq(iq_sim_render(s, n, out), 0);
    iq_sim_destroy(s);
    return out;
}

static struct col run(const uint8_t *cu8, size_t n, double rate, int acquire)
{
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    rc.tuner.acquire = acquire;
    struct col c = {0};
    rc.on_frame = col_cb;
    rc.ctx = &c;
    struct receiver *r = receiver_create(&rc);
    ck_assert_ptr_nonnull(r);
    receiver_execute(r, KERN_CU8, cu8, n);
    receiver_flush(r);
    struct receiver_stats st;
    receiver_get_stats(r, &st);
    receiver_destroy(r);
    return c;
}

START_TEST(counters_never_go_back)
{
    /* Front ends are dropped when the tuner locks and rebuilt when no frame
     * came for reacq_seconds (every 300 s in a wrong-FCS sweep, which has no
     * frame to lock on): what their demodulators counted (hits, CRC failures,
     * correction candidates: the expected-false-frame figure) stays in the
     * totals. Wrong-FCS bursts at 100 ms, grid search 0.5 s, restarted after
     * 0.5 s without a frame, counters read every 0.1 s. */
    const double rate = 288000;
    const size_t blk = (size_t)(0.1 * rate), nblk = 32;
    struct iq_sim_config sc = iq_sim_config_default();
    sc.sample_rate = rate;
    sc.seed = 77;
    struct iq_sim *s = iq_sim_create(&sc);
    ck_assert_ptr_nonnull(s);
    struct rng r;
    rng_seed(&r, 78);
    for (int i = 0; i < 30; i++) {
        struct ais_frame f;
        uint8_t lev[600];
        f.nbytes = 21;
        for (int k = 0; k < 21; k++)
            f.bytes[k] = (uint8_t)rng_below(&r, 256);
        f.bytes[0] = (uint8_t)(1 << 2 | (f.bytes[0] & 3));
        int nl = iq_sim_levels(&f, (uint16_t)(1 + rng_below(&r, 65535)), lev, sizeof lev);
        ck_assert_int_gt(nl, 0);
        struct iq_sim_burst ib = {lev,
                                  (size_t)nl,
                                  0.1 * rate * (i + 1) + 1000,
                                  iq_sim_amplitude(s, 8),
                                  i & 1 ? 25000.0 : -25000.0,
                                  rng_range(&r, 0, 6.28)};
        ck_assert_int_eq(iq_sim_add(s, &ib), 0);
    }
    uint8_t *cu8 = malloc(2 * blk * nblk);
    ck_assert_int_eq(iq_sim_render(s, blk * nblk, cu8), 0);
    iq_sim_destroy(s);
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    rc.tuner.acq_seconds = 0.5;
    rc.tuner.reacq_seconds = 0.5;
    struct col c = {0};
    rc.on_frame = col_cb;
    rc.ctx = &c;
    struct receiver *rx = receiver_create(&rc);
    ck_assert_ptr_nonnull(rx);
    struct receiver_stats prev = {0}, st;
    for (size_t b = 0; b < nblk; b++) {
        receiver_execute(rx, KERN_CU8, cu8 + 2 * blk * b, blk);
        receiver_get_stats(rx, &st);
        ck_assert_uint_ge(st.hits, prev.hits);
        ck_assert_uint_ge(st.crc_fail, prev.crc_fail);
        ck_assert_uint_ge(st.fix_searches + st.fix_gated, prev.fix_searches + prev.fix_gated);
        ck_assert_uint_ge(st.fix_tried, prev.fix_tried);
        ck_assert_uint_ge(st.plain_failed, prev.plain_failed);
        prev = st;
    }
    receiver_flush(rx);
    receiver_get_stats(rx, &st);
    receiver_destroy(rx);
    free(cu8);
    ck_assert_int_eq(c.n, 0);
    /* every burst was heard and failed its CRC at least once */
    ck_assert_uint_ge(st.plain_failed, 30);
    ck_assert_uint_ge(st.crc_fail, 30);
    free(c.f);
}
END_TEST

START_TEST(reset_keeps_lock_and_sample_count)
{
    /* 20 bursts at 15 dB, tuner +30 ppm; a reset after the first half: every
     * burst of the second half still decodes, at the right sample index, and
     * the tuner estimate survives. */
    double rate = 288000, tuner = 4860;
    enum { NB = 20 };
    struct simb b[NB];
    for (int i = 0; i < NB; i++) {
        b[i].chan_hz = (i & 1) ? 25000 : -25000;
        b[i].ebn0 = 15;
        b[i].freq = tuner + 37.0 * i - 300;
        b[i].start = 20000 + 12000.0 * i;
    }
    size_t n = 20000 + 12000 * NB + 20000;
    struct ais_frame fr[NB];
    uint8_t *x = simulate(rate, n, b, NB, 0, 0, 13, fr);
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    struct col c = {0};
    rc.on_frame = col_cb;
    rc.ctx = &c;
    struct receiver *r = receiver_create(&rc);
    size_t half = 20000 + 12000 * (NB / 2) - 6000;
    receiver_execute(r, KERN_CU8, x, half);
    receiver_reset(r);
    struct receiver_stats st;
    receiver_get_stats(r, &st);
    ck_assert(st.locked);
    double off = st.offset_hz;
    receiver_execute(r, KERN_CU8, x + 2 * half, n - half);
    receiver_flush(r);
    receiver_get_stats(r, &st);
    ck_assert(fabs(off - tuner) < 500);
    int late = 0;
    for (int i = NB / 2; i < NB; i++)
        for (int k = 0; k < c.n; k++)
            if (!memcmp(c.f[k].frame.bytes, fr[i].bytes, 21)) {
                late++;
                /* training starts 8 ramp bits (240 samples) after the burst start */
                ck_assert(fabs((double)c.f[k].sample - (b[i].start + 240)) < 60);
            }
    ck_assert_int_eq(late, NB / 2);
    receiver_destroy(r);
    free(c.f);
    free(x);
}
END_TEST

START_TEST(pure_noise_no_frame)
{
    double rate = 288000;
    size_t n = (size_t)(rate * 30);
    struct ais_frame fr[1];
    uint8_t *x = simulate(rate, n, NULL, 0, 0, 0, 77, fr);
    struct col c = run(x, n, rate, 1);
    ck_assert_int_eq(c.n, 0);
    free(c.f);
    free(x);
}
END_TEST

START_TEST(tuner_50ppm_acquired)
{
    /* 40 bursts at 10..20 dB, tuner +50 ppm (+8100 Hz), +-1 kHz per burst. */
    double rate = 288000, tuner = 8100;
    enum { NB = 40 };
    struct simb b[NB];
    struct rng r;
    rng_seed(&r, 1);
    for (int i = 0; i < NB; i++) {
        b[i].chan_hz = (i & 1) ? 25000 : -25000;
        b[i].ebn0 = rng_range(&r, 10, 20);
        b[i].freq = tuner + rng_range(&r, -1000, 1000);
        b[i].start = 20000 + 9000.0 * i + rng_range(&r, 0, 100);
    }
    size_t n = 20000 + 9000 * NB + 20000;
    struct ais_frame fr[NB];
    uint8_t *x = simulate(rate, n, b, NB, 0, 0, 5, fr);
    struct col c = run(x, n, rate, 1);
    int ok = 0;
    for (int i = 0; i < NB; i++)
        for (int k = 0; k < c.n; k++)
            if (c.f[k].frame.nbytes == 21 && !memcmp(c.f[k].frame.bytes, fr[i].bytes, 21)) ok++;
    /* Acquisition may cost the first bursts, not more. */
    ck_assert_int_ge(ok, NB - 4);
    ck_assert_int_le(c.n, NB);
    free(c.f);
    free(x);
}
END_TEST

START_TEST(acquisition_narrows_after_first_frame)
{
    /* Tuner +30 ppm; a first burst, then three more after a gap: once the
     * first frame is out only the front ends within 3 kHz of its estimate
     * still decode (not yet locked); the later bursts still decode there and
     * lock the tuner at the right offset. */
    double rate = 288000, tuner = 4860;
    enum { NB = 4 };
    struct simb b[NB];
    for (int i = 0; i < NB; i++) {
        b[i].chan_hz = (i & 1) ? 25000 : -25000;
        b[i].ebn0 = 15;
        b[i].freq = tuner + (i & 1 ? 400 : -400);
        b[i].start = i ? 100000 + 12000.0 * i : 20000;
    }
    size_t n = 100000 + 12000 * NB + 20000;
    struct ais_frame fr[NB];
    uint8_t *x = simulate(rate, n, b, NB, 0, 0, 21, fr);
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    struct col c = {0};
    rc.on_frame = col_cb;
    rc.ctx = &c;
    struct receiver *r = receiver_create(&rc);
    ck_assert_ptr_nonnull(r);
    struct receiver_stats st;
    receiver_get_stats(r, &st);
    ck_assert_uint_eq(st.front_ends, 13);
    receiver_execute(r, KERN_CU8, x, 90000);
    receiver_get_stats(r, &st);
    ck_assert_int_eq(c.n, 1);
    ck_assert(!st.locked);
    ck_assert_uint_ge(st.front_ends, 2);
    ck_assert_uint_le(st.front_ends, 4);
    receiver_execute(r, KERN_CU8, x + 2 * 90000, n - 90000);
    receiver_flush(r);
    receiver_get_stats(r, &st);
    ck_assert_int_eq(c.n, NB);
    ck_assert(st.locked);
    ck_assert_uint_eq(st.front_ends, 1);
    ck_assert(fabs(st.offset_hz - tuner) < 500);
    receiver_destroy(r);
    free(c.f);
    free(x);
}
END_TEST

START_TEST(image_not_reported)
{
    /* Strong bursts (45 dB) with 0.5 dB / 3 degree I/Q imbalance: the image
     * (about 28 dB down, so ~17 dB) must not appear on the other channel. */
    double rate = 288000;
    enum { NB = 10 };
    struct simb b[NB];
    for (int i = 0; i < NB; i++) {
        b[i].chan_hz = (i & 1) ? 25000 : -25000;
        b[i].ebn0 = 45;
        b[i].freq = 100.0 * i - 500;
        b[i].start = 20000 + 9000.0 * i;
    }
    size_t n = 20000 + 9000 * NB + 20000;
    struct ais_frame fr[NB];
    uint8_t *x = simulate(rate, n, b, NB, 0.5, 3, 9, fr);
    struct col c = run(x, n, rate, 0);
    ck_assert_int_eq(c.n, NB);
    for (int k = 0; k < c.n; k++)
        for (int i = 0; i < NB; i++)
            if (!memcmp(c.f[k].frame.bytes, fr[i].bytes, 21))
                ck_assert_int_eq(c.f[k].channel, (i & 1) ? 'B' : 'A');
    free(c.f);
    free(x);
}
END_TEST

/* Each of the nb frames exactly once, on its own channel. */
static void each_once_on_its_channel(const struct col *c, const struct ais_frame *fr,
                                     const struct simb *b, int nb)
{
    for (int i = 0; i < nb; i++) {
        int seen = 0;
        for (int k = 0; k < c->n; k++)
            if (c->f[k].frame.nbytes == 21 && !memcmp(c->f[k].frame.bytes, fr[i].bytes, 21)) {
                seen++;
                ck_assert_int_eq(c->f[k].channel, b[i].chan_hz > 0 ? 'B' : 'A');
            }
        ck_assert_int_eq(seen, 1);
    }
    ck_assert_int_eq(c->n, nb);
}

START_TEST(decodable_image_and_coinciding_bursts_deduplicated)
{
    /* 3 dB / 20 degree I/Q imbalance: the image is only ~12 dB down, so a
     * 35 dB burst's image decodes on the other channel (at ~23 dB) and only
     * the de-duplication (same bytes on both channels: the stronger wins)
     * keeps it out. Half the bursts coincide with a weaker one on the other
     * channel (the same slot, 30 vs 26 dB), so a channel's frame cannot just
     * wait for quiet on the other. With acquisition on, up to 13 front ends
     * decode each burst: still each frame once. */
    double rate = 288000;
    enum { NB = 16 };
    struct simb b[NB];
    for (int i = 0; i < NB; i++) {
        int pair = i / 2, second = i & 1;
        b[i].chan_hz = (pair + second) & 1 ? 25000 : -25000;
        b[i].freq = 80.0 * i - 600;
        if (pair % 2 == 0) {
            /* a lone strong burst on one channel */
            b[i].ebn0 = second ? 35 : 34;
            b[i].start = 20000 + 12000.0 * i;
        } else {
            /* two bursts of one slot on both channels, 4 dB apart */
            b[i].ebn0 = second ? 26 : 30;
            b[i].start = 20000 + 12000.0 * (i - second) + 37.0 * second;
        }
    }
    size_t n = 20000 + 12000 * NB + 20000;
    struct ais_frame fr[NB];
    uint8_t *x = simulate(rate, n, b, NB, 3, 20, 21, fr);
    for (int acquire = 0; acquire < 2; acquire++) {
        struct col c = run(x, n, rate, acquire);
        each_once_on_its_channel(&c, fr, b, NB);
        free(c.f);
    }
    free(x);
}
END_TEST

START_TEST(image_waits_for_its_source_held_behind_another_hit)
{
    /* On A, a short 11 dB burst whose type is invalid (0) but whose preamble
     * is clear (its own image stays below the detector on B): its decode is held for the span of
     * the correction's guessed lengths (~61 ms), and with it every later hit on A. Right after it,
     * a 35 dB burst on A whose image (3 dB / 20 degree imbalance, ~12 dB down) decodes on B some 20
     * ms before A gets to the real one. The image must wait for A and lose to it there, not go out
     * first on B. 2.4 MS/s: the receiver works in blocks of 6.8 ms, so the two decodes fall in
     * different blocks. */
    double rate = 2400000, spb = rate / 9600;
    enum { NB = 2 };
    struct ais_frame fr[NB];
    memset(fr, 0, sizeof fr);
    fr[0].nbytes = 4; /* type 0: invalid */
    fr[0].bytes[1] = 0x5a;
    fr[0].bytes[2] = 0xc3;
    fr[1].nbytes = 21;
    for (int k = 0; k < 21; k++)
        fr[1].bytes[k] = (uint8_t)(37 * k + 11);
    fr[1].bytes[0] = 1 << 2;
    uint8_t lev[600];
    int nl0 = iq_sim_levels(&fr[0], 0, lev, sizeof lev);
    struct simb b[NB] = {{-25000, 11, 120, 0.1 * rate},
                         {-25000, 35, -150, 0.1 * rate + (nl0 + 24) * spb}};
    size_t n = (size_t)(rate * 0.5);
    uint8_t *x = simulate_frames(rate, n, b, NB, 3, 20, 41, fr, 1);
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    rc.tuner.acquire = 0;
    struct col c = {0};
    rc.on_frame = col_cb;
    rc.ctx = &c;
    struct receiver *r = receiver_create(&rc);
    size_t blk = (size_t)(rate * 0.010);
    for (size_t off = 0; off < n; off += blk)
        receiver_execute(r, KERN_CU8, x + 2 * off, n - off < blk ? n - off : blk);
    receiver_flush(r);
    struct receiver_stats st;
    receiver_get_stats(r, &st);
    ck_assert_int_eq(c.n, 1);
    ck_assert_int_eq(c.f[0].channel, 'A');
    ck_assert(!memcmp(c.f[0].frame.bytes, fr[1].bytes, 21));
    ck_assert_uint_ge(st.images, 1); /* the image did decode, and was dropped */
    receiver_destroy(r);
    free(c.f);
    free(x);
}
END_TEST

START_TEST(nonfinite_cf32_zeroed_and_counted)
{
    /* 8 bursts at 15 dB as cf32, with 2000 NaN samples before the first and
     * +-Inf values between the bursts. One NaN in the channel filters would
     * leave the receiver deaf for the rest of the stream. */
    double rate = 288000;
    enum { NB = 8 };
    struct simb b[NB];
    for (int i = 0; i < NB; i++) {
        b[i].chan_hz = (i & 1) ? 25000 : -25000;
        b[i].ebn0 = 15;
        b[i].freq = 40.0 * i - 150;
        b[i].start = 30000 + 12000.0 * i;
    }
    size_t n = 30000 + 12000 * NB + 20000;
    struct ais_frame fr[NB];
    uint8_t *x = simulate(rate, n, b, NB, 0, 0, 51, fr);
    float *f = malloc(2 * n * sizeof *f);
    for (size_t i = 0; i < 2 * n; i++)
        f[i] = ((float)x[i] - 127.5f) / 127.5f;
    size_t bad = 0;
    for (size_t i = 20000; i < 22000; i++, bad += 2)
        f[2 * i] = f[2 * i + 1] = NAN;
    for (int i = 0; i + 1 < NB; i++, bad += 2) {
        size_t gap = (size_t)b[i].start + 9000; /* after burst i, before burst i + 1 */
        f[2 * gap] = INFINITY;
        f[2 * gap + 1] = -INFINITY;
    }
    char *dir = test_tmpdir(), path[600];
    snprintf(path, sizeof path, "%s/nan.cf32", dir);
    FILE *o = fopen(path, "wb");
    ck_assert_ptr_nonnull(o);
    ck_assert_uint_eq(fwrite(f, sizeof *f, 2 * n, o), 2 * n);
    fclose(o);
    /* aisd's reader */
    struct iq_source_config ic = iq_source_config_default();
    ic.path = path;
    ic.format = IQ_SRC_CF32;
    ic.rate = rate;
    struct iq_source *src = iq_source_create(&ic);
    ck_assert_ptr_nonnull(src);
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    rc.tuner.acquire = 0;
    struct col c = {0};
    rc.on_frame = col_cb;
    rc.ctx = &c;
    struct receiver *r = receiver_create(&rc);
    size_t got;
    while (iq_source_read(src, f, 4096, &got) == 0 && got) {
        for (size_t i = 0; i < 2 * got; i++)
            ck_assert(isfinite(f[i]));
        receiver_execute(r, KERN_CF32, f, got);
    }
    receiver_flush(r);
    struct iq_source_stats st;
    iq_source_get_stats(src, &st);
    ck_assert_uint_eq(st.nonfinite, bad);
    iq_source_destroy(src);
    receiver_destroy(r);
    each_once_on_its_channel(&c, fr, b, NB);
    free(c.f);
    /* aisctl rx's open (through the same reader) */
    double used;
    src = rx_source_open(path, IQ_SRC_CF32, rate, &used);
    ck_assert_ptr_nonnull(src);
    ck_assert_double_eq(used, rate);
    while (iq_source_read(src, f, 4096, &got) == 0 && got)
        for (size_t i = 0; i < 2 * got; i++)
            ck_assert(isfinite(f[i]));
    iq_source_get_stats(src, &st);
    ck_assert_uint_eq(st.nonfinite, bad);
    iq_source_destroy(src);
    struct rx_opts opt;
    rx_opts_default(&opt);
    opt.acquire = 0;
    opt.rate = rate;
    struct col c2 = {0};
    struct receiver_stats rs;
    double secs, wall;
    ck_assert_int_eq(rx_run_file(&opt, path, col_cb, &c2, &rs, &secs, &wall), 0);
    each_once_on_its_channel(&c2, fr, b, NB);
    free(c2.f);
    test_rmdir_r(dir);
    free(dir);
    free(f);
    free(x);
}
END_TEST

/* aisctl rx opens a file through dsp/iq_source (aisd's reader; it had a
 * reader of its own): the WAV header from dsp/wav, 8-bit I/Q is cu8, reading
 * stops at the end of the data chunk (a chunk after it is not samples), a
 * WAV cut short is counted, mono is discriminator audio, --rate wins over the
 * header, a file without RIFF is refused. */
START_TEST(rx_source_reads_wav_through_iq_source)
{
    char *dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/x.wav", dir);
    int16_t s16[64];
    for (int k = 0; k < 64; k++)
        s16[k] = (int16_t)(k * 1000 - 30000);
    struct wav_info w = {.channels = 2, .bits = 16, .rate = 240000, .data_bytes = sizeof s16};
    FILE *f = fopen(path, "wb");
    ck_assert_int_eq(wav_write_header(f, &w), 0);
    fwrite(s16, 1, sizeof s16, f);
    fwrite("JUNK\x04\x00\x00\x00"
           "abcd",
           1, 12, f);
    fclose(f);
    double rate;
    struct iq_source_stats st;
    struct iq_source *in = rx_source_open(path, -1, 0, &rate); /* the format from the name */
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(iq_source_kern_format(in), KERN_CS16);
    ck_assert_double_eq(rate, 240000);
    ck_assert_int_eq(iq_source_length(in), 32);
    int16_t back[128];
    size_t n, total = 0;
    while (iq_source_read(in, back + 2 * total, 5, &n) == 0 && n)
        total += n;
    ck_assert_uint_eq(total, 32); /* not the JUNK chunk's 3 more */
    ck_assert_mem_eq(back, s16, sizeof s16);
    iq_source_get_stats(in, &st);
    ck_assert_uint_eq(st.partial_bytes, 0);
    ck_assert_uint_eq(st.missing_bytes, 0);
    iq_source_destroy(in);
    in = rx_source_open(path, IQ_SRC_WAV, 250000, &rate);
    ck_assert_double_eq(rate, 250000); /* --rate wins */
    iq_source_destroy(in);

    /* cut short: 101 of the 128 bytes declared, the last sample incomplete */
    f = fopen(path, "wb");
    ck_assert_int_eq(wav_write_header(f, &w), 0);
    fwrite(s16, 1, 101, f);
    fclose(f);
    in = rx_source_open(path, IQ_SRC_WAV, 0, &rate);
    ck_assert_ptr_nonnull(in);
    for (total = 0; iq_source_read(in, back + 2 * total, 5, &n) == 0 && n;)
        total += n;
    ck_assert_uint_eq(total, 25);
    iq_source_get_stats(in, &st);
    ck_assert_uint_eq(st.partial_bytes, 1);
    ck_assert_uint_eq(st.missing_bytes, sizeof s16 - 101);
    iq_source_destroy(in);

    uint8_t u8[8] = {0, 255, 127, 128, 1, 2, 3, 4};
    w = (struct wav_info){.channels = 2, .bits = 8, .rate = 288000, .data_bytes = sizeof u8};
    f = fopen(path, "wb");
    ck_assert_int_eq(wav_write_header(f, &w), 0);
    fwrite(u8, 1, sizeof u8, f);
    fclose(f);
    in = rx_source_open(path, IQ_SRC_WAV, 0, &rate);
    ck_assert_int_eq(iq_source_kern_format(in), KERN_CU8);
    ck_assert(!iq_source_is_disc(in));
    ck_assert_int_eq(iq_source_read(in, back, 64, &n), 0);
    ck_assert_uint_eq(n, 4);
    iq_source_destroy(in);

    w = (struct wav_info){.channels = 1, .bits = 16, .rate = 48000, .data_bytes = sizeof s16};
    f = fopen(path, "wb");
    ck_assert_int_eq(wav_write_header(f, &w), 0);
    fwrite(s16, 1, sizeof s16, f);
    fclose(f);
    in = rx_source_open(path, IQ_SRC_WAV, 0, &rate);
    ck_assert(iq_source_is_disc(in));
    float fl[128];
    ck_assert_int_eq(iq_source_read_disc(in, fl, 128, &n), 0);
    ck_assert_uint_eq(n, 64);
    ck_assert_float_eq(fl[0], -30000.0f / 32768.0f);
    iq_source_destroy(in);

    w = (struct wav_info){.channels = 2, .bits = 16, .rate = 4000, .data_bytes = sizeof s16};
    f = fopen(path, "wb");
    ck_assert_int_eq(wav_write_header(f, &w), 0);
    fwrite(s16, 1, sizeof s16, f);
    fclose(f);
    ck_assert_ptr_null(rx_source_open(path, IQ_SRC_WAV, 0, &rate)); /* no receiver runs at 4 kS/s */

    f = fopen(path, "wb");
    fputs("not a wav file at all", f);
    fclose(f);
    ck_assert_ptr_null(rx_source_open(path, IQ_SRC_WAV, 0, &rate));
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

struct disc_frames {
    int n;
    unsigned type;
};

static void count_disc_frame(void *ctx, const struct rx_frame *f)
{
    struct disc_frames *d = ctx;
    d->n++;
    d->type = f->frame.bytes[0] >> 2;
}

/* Discriminator audio named as dsp/iq_source (and aisd's refusal) names it:
 * .txt is text, .s16 raw s16. aisctl rx read both as cu8 I/Q (nothing
 * decoded) while aisd told the user "aisctl rx reads it". The gnuais burst
 * (corpus 1.num, a type 1) decodes from either. */
START_TEST(rx_reads_discriminator_audio_by_its_name)
{
    char *num = test_corpus_file("discriminator/gnuais/1.num");
    if (!num) return;
    FILE *in = fopen(num, "r");
    ck_assert_ptr_nonnull(in);
    char *dir = test_tmpdir();
    char txt[512], s16[512];
    snprintf(txt, sizeof txt, "%s/burst.txt", dir);
    snprintf(s16, sizeof s16, "%s/burst.s16", dir);
    FILE *t = fopen(txt, "w"), *b = fopen(s16, "wb");
    long v;
    while (fscanf(in, "%ld", &v) == 1) {
        fprintf(t, "%ld\n", v);
        uint8_t le[2] = {(uint8_t)(v & 0xff), (uint8_t)((unsigned long)v >> 8)};
        fwrite(le, 1, 2, b);
    }
    fclose(in);
    fclose(t);
    fclose(b);
    const char *files[] = {num, txt, s16};
    for (int k = 0; k < 3; k++) {
        struct rx_opts o;
        rx_opts_default(&o);
        struct disc_frames d = {0, 0};
        struct receiver_stats st;
        double secs, wall;
        ck_assert_int_eq(rx_run_file(&o, files[k], count_disc_frame, &d, &st, &secs, &wall), 0);
        ck_assert_msg(d.n == 1 && d.type == 1, "%s: %d frames, type %u", files[k], d.n, d.type);
        ck_assert_double_eq_tol(secs, 1402.0 / 48000, 1e-9);
    }
    test_rmdir_r(dir);
    free(dir);
    free(num);
}
END_TEST

struct timed {
    struct col c;
    uint64_t pushed; /* input samples pushed when the frame came out */
    uint64_t *at;    /* per frame */
};

static void timed_cb(void *ctx, const struct rx_frame *f)
{
    struct timed *t = ctx;
    t->at = realloc(t->at, (size_t)(t->c.n + 1) * sizeof *t->at);
    t->at[t->c.n] = t->pushed;
    col_cb(&t->c, f);
}

START_TEST(frame_released_promptly)
{
    /* Samples pushed 10 ms at a time (as the daemon does), at 288 kS/s and
     * 2.4 MS/s: every plain frame is out before 20 ms of samples after its
     * burst's last sample have been pushed (its end flag, the decision delay,
     * one block), though it is de-duplicated against both channels. The
     * former fixed hold kept each frame ~160 ms after its end. */
    const double rates[2] = {288000, 2400000};
    for (int ri = 0; ri < 2; ri++) {
        double rate = rates[ri], spb = rate / 9600;
        enum { NB = 8 };
        struct simb b[NB];
        for (int i = 0; i < NB; i++) {
            b[i].chan_hz = (i & 1) ? 25000 : -25000;
            b[i].ebn0 = 16;
            b[i].freq = 50.0 * i - 200;
            b[i].start = rate * (0.1 + 0.09 * i);
        }
        size_t n = (size_t)(rate * (0.1 + 0.09 * NB + 0.3));
        struct ais_frame fr[NB];
        uint8_t *x = simulate(rate, n, b, NB, 0, 0, 31 + (uint64_t)ri, fr);
        struct receiver_config rc;
        receiver_config_default(&rc);
        rc.rate = rate;
        rc.tuner.acquire = 0;
        struct timed t = {{0}, 0, NULL};
        rc.on_frame = timed_cb;
        rc.ctx = &t;
        struct receiver *r = receiver_create(&rc);
        ck_assert_ptr_nonnull(r);
        size_t blk = (size_t)(rate * 0.010);
        for (size_t off = 0; off < n; off += blk) {
            size_t m = n - off < blk ? n - off : blk;
            t.pushed += m;
            receiver_execute(r, KERN_CU8, x + 2 * off, m);
        }
        ck_assert_int_eq(t.c.n, NB); /* all out before the end of input */
        for (int i = 0; i < NB; i++) {
            int k = 0;
            while (k < t.c.n && memcmp(t.c.f[k].frame.bytes, fr[i].bytes, 21))
                k++;
            ck_assert_int_lt(k, t.c.n);
            uint8_t lev[600];
            int nl = iq_sim_levels(&fr[i], 0, lev, sizeof lev);
            double end = b[i].start + nl * spb; /* the burst's last sample */
            double late_ms = ((double)t.at[k] - end) / rate * 1000;
            ck_assert_msg(late_ms < 20, "frame %d out %.1f ms after its burst at %.0f S/s", i,
                          late_ms, rate);
        }
        receiver_destroy(r);
        free(t.c.f);
        free(t.at);
        free(x);
    }
}
END_TEST

int main(void)
{
    dispatch_init();
    Suite *s = suite_create("receiver");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, swiftais_wav_exact_sentence);
    tcase_add_test(tc, corpus_sweep_strong_bursts_all_decode);
    tcase_add_test(tc, reset_keeps_lock_and_sample_count);
    tcase_add_test(tc, pure_noise_no_frame);
    tcase_add_test(tc, tuner_50ppm_acquired);
    tcase_add_test(tc, acquisition_narrows_after_first_frame);
    tcase_add_test(tc, image_not_reported);
    tcase_add_test(tc, decodable_image_and_coinciding_bursts_deduplicated);
    tcase_add_test(tc, frame_released_promptly);
    tcase_add_test(tc, image_waits_for_its_source_held_behind_another_hit);
    tcase_add_test(tc, nonfinite_cf32_zeroed_and_counted);
    tcase_add_test(tc, rx_source_reads_wav_through_iq_source);
    tcase_add_test(tc, rx_reads_discriminator_audio_by_its_name);
    tcase_add_test(tc, counters_never_go_back);
    suite_add_tcase(s, tc);
    int failed = test_run_suite(s);
    return failed ? 1 : 0;
}
