/* check_receiver.c: the whole receiver (dsp/receiver.h) and `aisctl rx`
 * plumbing: the SwiftAIS over-the-air recording gives exactly its sentence,
 * every corpus synthetic burst at >= 12 dB decodes with no false frame,
 * pure noise gives no frame, a tuner 50 ppm off is acquired with no configured
 * correction, and a strong burst's image (I/Q imbalance) is never reported on
 * the other channel. Simulated input comes from dsp/iq_sim. */
#include "daemon/ctl_rx.h"
#include "decode/armour.h"
#include "decode/err.h"
#include "decode/frame.h"
#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/iq_sim.h"
#include "dsp/receiver.h"
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

/* Minimal reader of the corpus truth lines: payload and ebn0_db. */
static int truth_line(const char *line, char *pay, size_t max, double *ebn0)
{
    const char *p = strstr(line, "\"payload\": \"");
    const char *e = strstr(line, "\"ebn0_db\": ");
    if (!p || !e) return -1;
    p += 12;
    size_t n = strcspn(p, "\"");
    if (n >= max) return -1;
    memcpy(pay, p, n);
    pay[n] = 0;
    *ebn0 = atof(e + 11);
    return 0;
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

/* Render cu8 at rate with bursts; frames random type 1. */
static uint8_t *simulate(double rate, size_t n, const struct simb *b, int nb, double gain_db,
                         double phase_deg, uint64_t seed, struct ais_frame *frames)
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
        f->nbytes = 21;
        for (int k = 0; k < 21; k++)
            f->bytes[k] = (uint8_t)rng_below(&r, 256);
        f->bytes[0] = (uint8_t)(1 << 2 | (f->bytes[0] & 3));
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
    tcase_add_test(tc, image_not_reported);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
