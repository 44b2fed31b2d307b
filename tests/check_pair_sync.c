/* check_pair_sync.c: joint synchronisation of two bursts whose preambles
 * overlap (dsp/pair_sync.h). Two simulated bursts (dsp/gmsk_mod, ramp-up and
 * all) on one 48 kS/s channel, the weaker 2-3 dB down and starting a few bits
 * before or after: from a first estimate that is off in time (by up to 4 bits,
 * the training sequence's period) and frequency, both starts are found to a
 * fraction of a sample and both frequencies to a few Hz, whichever starts
 * first, also when the other's training has the other polarity; a lone
 * burst leaves no second one, and alone it leaves only the
 * noise unexplained (the test that calls for the pair search). */
#include "decode/frame.h"
#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/gmsk_mod.h"
#include "dsp/iq_sim.h"
#include "dsp/pair_sync.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS 6000
#define T0 2000.0 /* first level of the first burst */

static int8_t known[32];

/* Adds a random type-1 burst whose training bit 0 is at tau; fills known.
 * flip: every level negated (the same bits from the other NRZI state: the
 * training in the other polarity). */
static void add_burst(struct gmsk_mod *m, struct rng *r, double tau, double amp, double freq,
                      int flip, float complex *y)
{
    struct ais_frame f;
    f.nbytes = 21;
    for (int i = 0; i < 21; i++)
        f.bytes[i] = (uint8_t)rng_below(r, 256);
    f.bytes[0] = (uint8_t)(1 << 2 | (f.bytes[0] & 3));
    uint8_t lev[600];
    int nl = iq_sim_levels(&f, 0, lev, sizeof lev);
    ck_assert_int_gt(nl, 40);
    for (int i = 0; flip && i < nl; i++)
        lev[i] = !lev[i];
    int8_t c = 1;
    for (int i = 0; i < 32; i++) {
        c = (int8_t)(c * (lev[8 + i] ? 1 : -1));
        known[i] = c;
    }
    double start = tau - 8 * 5.0;
    double off = start - floor(start);
    size_t len = gmsk_mod_length(m, (size_t)nl, off);
    float complex *b = calloc(len, sizeof *b);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(
        gmsk_mod_burst(m, lev, (size_t)nl, off, amp, freq, rng_range(r, 0, 2 * M_PI), b), 0);
    for (size_t i = 0; i < len && (size_t)start + i < NS; i++)
        y[(size_t)start + i] += b[i];
    free(b);
}

struct truth {
    double tau[2], freq[2];
};

/* The stronger at tau T0 + 40, the weaker db down starting bits later (its
 * training in the other polarity when flip), noise for 20 dB Eb/N0 of the
 * stronger. */
static void make_pol(float complex *y, struct rng *r, double db, double bits, int flip,
                     struct truth *t)
{
    struct gmsk_mod_config mc = gmsk_mod_config_default();
    mc.sample_rate = 48000;
    struct gmsk_mod *m = gmsk_mod_create(&mc);
    ck_assert_ptr_nonnull(m);
    memset(y, 0, NS * sizeof *y);
    const double amp = 0.3;
    double sigma = sqrt(amp * amp * 48000.0 / 9600.0 / 100.0 / 2.0);
    t->tau[0] = T0 + 40 + rng_range(r, 0, 1);
    t->tau[1] = t->tau[0] + 5 * bits + rng_range(r, -0.5, 0.5);
    t->freq[0] = rng_range(r, -300, 300);
    t->freq[1] = rng_range(r, -300, 300);
    if (db > 0) add_burst(m, r, t->tau[1], amp * pow(10, -db / 20), t->freq[1], flip, y);
    add_burst(m, r, t->tau[0], amp, t->freq[0], 0, y); /* known[] of the stronger */
    for (int i = 0; i < NS; i++)
        y[i] += test_cnoise(r, sigma);
    gmsk_mod_destroy(m);
}

static void make(float complex *y, struct rng *r, double db, double bits, struct truth *t)
{
    make_pol(y, r, db, bits, 0, t);
}

static float complex y[NS];

START_TEST(both_found_from_a_biased_estimate)
{
    struct pair_sync *ps = pair_sync_create();
    ck_assert_ptr_nonnull(ps);
    struct rng r;
    rng_seed(&r, 5);
    static const double offs[] = {-13, -9.5, -6, -2.5, 1, 3.5, 6, 9, 12.5};
    for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
        struct truth t;
        make(y, &r, 2 + (i & 1), offs[i], &t);
        /* the demodulator's estimate: off by 4 bits and a sample, 60 Hz */
        double tau0 = t.tau[0] + ((i & 2) ? 20 : -20) + 1, f0 = t.freq[0] + 60;
        struct pair_sync_burst b[2];
        double left = pair_sync_search(ps, y, NS, known, tau0, f0, b);
        ck_assert_double_lt(left, 0.3);
        /* which result is which: the larger amplitude is the stronger */
        int s = cabs(b[1].g) > cabs(b[0].g);
        ck_assert_double_lt(fabs(b[s].tau - t.tau[0]), 1.0);
        ck_assert_double_lt(fabs(b[!s].tau - t.tau[1]), 1.0);
        ck_assert_double_lt(fabs(b[s].freq_hz - t.freq[0]), 15);
        ck_assert_double_lt(fabs(b[!s].freq_hz - t.freq[1]), 20);
        double ratio_db = 20 * log10(cabs(b[!s].g) / cabs(b[s].g));
        ck_assert_double_lt(fabs(ratio_db + 2 + (i & 1)), 1.0);
        ck_assert_int_eq(b[0].pol, 0);
        ck_assert_int_eq(b[1].pol, 0);
    }
    pair_sync_destroy(ps);
}
END_TEST

/* The other burst's training in the other polarity (its transmitter's NRZI
 * state before it the other one): found as well, and its polarity told. */
START_TEST(other_polarity_found)
{
    struct pair_sync *ps = pair_sync_create();
    ck_assert_ptr_nonnull(ps);
    struct rng r;
    rng_seed(&r, 9);
    static const double offs[] = {-12, -7.5, -3, 0.5, 2.5, 5, 8.5, 11};
    for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
        struct truth t;
        make_pol(y, &r, 2 + (i & 1), offs[i], 1, &t);
        double tau0 = t.tau[0] + ((i & 2) ? 20 : -20) + 1, f0 = t.freq[0] + 60;
        struct pair_sync_burst b[2];
        double left = pair_sync_search(ps, y, NS, known, tau0, f0, b);
        ck_assert_double_lt(left, 0.3);
        int s = cabs(b[1].g) > cabs(b[0].g);
        ck_assert_int_eq(b[s].pol, 0); /* the polarity of known[] */
        ck_assert_int_eq(b[!s].pol, 1);
        ck_assert_double_lt(fabs(b[s].tau - t.tau[0]), 1.0);
        ck_assert_double_lt(fabs(b[!s].tau - t.tau[1]), 1.0);
        ck_assert_double_lt(fabs(b[s].freq_hz - t.freq[0]), 15);
        ck_assert_double_lt(fabs(b[!s].freq_hz - t.freq[1]), 20);
    }
    pair_sync_destroy(ps);
}
END_TEST

START_TEST(lone_burst_no_pair)
{
    struct pair_sync *ps = pair_sync_create();
    ck_assert_ptr_nonnull(ps);
    struct rng r;
    rng_seed(&r, 6);
    for (int i = 0; i < 4; i++) {
        struct truth t;
        make(y, &r, 0, 0, &t);
        struct pair_sync_burst b[2];
        double left = pair_sync_search(ps, y, NS, known, t.tau[0], t.freq[0], b);
        ck_assert_double_gt(left, 0.6);
        ck_assert_double_lt(fabs(b[0].tau - t.tau[0]), 1.0);
        /* alone, it leaves the noise unexplained (sigma^2 per I and Q) */
        double noise = 2 * 0.3 * 0.3 * 48000.0 / 9600.0 / 100.0 / 2.0;
        double u = pair_sync_unexplained(ps, y, NS, known, t.tau[0] + 0.5, t.freq[0] + 20);
        ck_assert_double_lt(u, 1.3 * noise);
        ck_assert_double_gt(u, 0.7 * noise);
        /* with a second burst 4 dB down a few bits away, much more */
        make(y, &r, 4, 3 + i, &t);
        u = pair_sync_unexplained(ps, y, NS, known, t.tau[0], t.freq[0]);
        ck_assert_double_gt(u, 2 * noise);
    }
    pair_sync_destroy(ps);
}
END_TEST

int main(void)
{
    dispatch_init();
    Suite *s = suite_create("pair_sync");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, both_found_from_a_biased_estimate);
    tcase_add_test(tc, lone_burst_no_pair);
    tcase_add_test(tc, other_polarity_found);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? 1 : 0;
}
