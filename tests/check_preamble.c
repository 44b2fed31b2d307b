/* check_preamble.c: the streaming preamble detector against its defining
 * formula (rho from preamble.h computed directly in double precision), its
 * block-size independence, and the hits it gives on clean training bursts. */
#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/laurent.h"
#include "dsp/preamble.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { N = 200000, NBURST = 12, BURST_BITS = 60, MAXH = 4096 };

static float complex sig[N];
static size_t burst_at[NBURST];

/* Noise (power 2 sigma^2 per sample) plus NBURST bursts: the 24-bit training
 * (levels 1100 1100 ...), then random levels, amplitude 1, offsets up to
 * +-800 Hz, at random fractional timing. */
static void make_signal(double sigma, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    for (size_t i = 0; i < N; i++)
        sig[i] = test_cnoise(&r, sigma);
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *l = laurent_create(&lc);
    ck_assert_ptr_nonnull(l);
    static float complex w[5 * BURST_BITS + 40];
    for (int b = 0; b < NBURST; b++) {
        int8_t a[BURST_BITS];
        for (int i = 0; i < BURST_BITS; i++)
            a[i] = i < 24 ? ((i & 2) ? -1 : 1) : (rng_below(&r, 2) ? 1 : -1);
        float t0 = (float)rng_range(&r, 0, 1);
        size_t nw = 5 * BURST_BITS + 40;
        laurent_modulate(l, a, BURST_BITS, t0, w, nw);
        double f = rng_range(&r, -800, 800) / 48000.0, ph = rng_range(&r, 0, 6.28);
        size_t at = 3000 + (size_t)b * 15000 + rng_below(&r, 5000);
        burst_at[b] = at;
        for (size_t i = 0; i < nw; i++) {
            double p = ph + 2 * M_PI * f * (double)i;
            sig[at + i] += w[i] * (float complex)(cos(p) + I * sin(p));
        }
    }
    laurent_destroy(l);
}

/* rho at window start s (48 kS/s index, even), straight from the definition
 * in preamble.h on every other sample: c(j) = sum_k x[j+k] conj(t[k]) with
 * t one training period; A = sum_{s=1..4} c(20s) c*(20(s-1)) (in 48 kS/s
 * samples), rho = |A| / (E (4/5) sum |t|^2), E the energy over the 100
 * samples (50 decimated ones) of the window. */
static double direct_rho(const float complex *y, size_t s, const double complex *t, double tnorm)
{
    double complex c[5];
    for (int g = 0; g < 5; g++) {
        c[g] = 0;
        for (int k = 0; k < 10; k++)
            c[g] += (double complex)y[s + 20 * (size_t)g + 2 * (size_t)k] * conj(t[k]);
    }
    double complex a = 0;
    for (int g = 1; g < 5; g++)
        a += c[g] * conj(c[g - 1]);
    double e = 0;
    for (int k = 0; k < 50; k++)
        e += creal(y[s + 2 * (size_t)k] * conjf(y[s + 2 * (size_t)k]));
    return cabs(a) / (e * tnorm * 4 / 5);
}

/* One training period of the steady-state training waveform, every other
 * sample (the detector's template, rebuilt here from the modulator). */
static double template_period(double complex *t)
{
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *l = laurent_create(&lc);
    int8_t a[16];
    for (int i = 0; i < 16; i++)
        a[i] = (i & 2) ? -1 : 1;
    float complex w[80];
    laurent_modulate(l, a, 16, 0, w, 80);
    laurent_destroy(l);
    double tn = 0;
    for (int m = 0; m < 10; m++) {
        t[m] = w[40 + 2 * m];
        tn += creal(t[m] * conj(t[m]));
    }
    return tn;
}

static size_t detect_with(const float complex *y, size_t n, struct rng *blocks,
                          struct preamble_hit *hits, const struct laurent *pulse)
{
    struct preamble_config c;
    preamble_config_default(&c);
    c.pulse = pulse;
    struct preamble *p = preamble_create(&c);
    ck_assert_ptr_nonnull(p);
    size_t nh = 0, i = 0;
    while (i < n) {
        size_t m = blocks ? 1 + (size_t)rng_below(blocks, 3000) : n;
        if (m > n - i) m = n - i;
        nh += preamble_execute(p, y + i, m, hits + nh, MAXH - nh);
        i += m;
    }
    nh += preamble_flush(p, hits + nh, MAXH - nh);
    ck_assert_uint_eq(preamble_dropped(p), 0);
    preamble_destroy(p);
    return nh;
}

static size_t detect(const float complex *y, size_t n, struct rng *blocks,
                     struct preamble_hit *hits)
{
    return detect_with(y, n, blocks, hits, NULL);
}

static struct preamble_hit h1[MAXH], h2[MAXH];

/* A pulse design given in the configuration (the receiver shares one) is the
 * one used: the default design gives exactly the detector's own hits, another
 * one (BT 0.3) different ones. */
START_TEST(shared_pulse_is_used)
{
    make_signal(0.5, 12);
    size_t n1 = detect(sig, N, NULL, h1);
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *same = laurent_create(&lc);
    lc.bt = 0.3f;
    struct laurent *other = laurent_create(&lc);
    ck_assert(same && other);
    size_t n2 = detect_with(sig, N, NULL, h2, same);
    ck_assert_uint_gt(n1, NBURST / 2);
    ck_assert_uint_eq(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        ck_assert_uint_eq(h1[i].sample, h2[i].sample);
        ck_assert_float_eq(h1[i].rho, h2[i].rho);
    }
    n2 = detect_with(sig, N, NULL, h2, other);
    int differ = n2 != n1;
    for (size_t i = 0; i < n1 && !differ; i++)
        differ = h1[i].rho != h2[i].rho;
    ck_assert_msg(differ, "the BT 0.3 pulse gave the default pulse's hits: not used");
    laurent_destroy(same);
    laurent_destroy(other);
}
END_TEST

START_TEST(blocks_do_not_matter)
{
    make_signal(0.5, 11);
    size_t n1 = detect(sig, N, NULL, h1);
    struct rng r;
    rng_seed(&r, 3);
    size_t n2 = detect(sig, N, &r, h2);
    ck_assert_uint_gt(n1, NBURST / 2);
    ck_assert_uint_eq(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        ck_assert_uint_eq(h1[i].sample, h2[i].sample);
        ck_assert_float_eq(h1[i].rho, h2[i].rho);
    }
}
END_TEST

START_TEST(hits_match_the_formula)
{
    double complex t[10];
    double tn = template_period(t);
    struct preamble_config c;
    preamble_config_default(&c);
    for (int run = 0; run < 2; run++) {
        make_signal(run ? 0.5 : 0.3, 20 + (uint64_t)run);
        size_t nh = detect(sig, N, NULL, h1);
        ck_assert_uint_gt(nh, 0);
        for (size_t i = 0; i < nh; i++) {
            size_t s = (size_t)h1[i].sample;
            ck_assert_uint_eq(s % 2, 0);
            double rho = direct_rho(sig, s, t, tn);
            ck_assert_double_eq_tol(h1[i].rho, rho, 1e-3 * rho + 1e-5);
            ck_assert_double_ge(rho, c.threshold - 1e-4);
            /* A reported maximum dominates the hold samples after it. */
            for (size_t k = s + 2; k <= s + c.hold && k + 100 < N; k += 2)
                ck_assert_double_le(direct_rho(sig, k, t, tn), rho + 1e-4);
        }
        /* Every burst is found where the demodulator's lag search (training
         * start 25 samples before to 45 after the window start) covers it. */
        for (int b = 0; b < NBURST; b++) {
            int found = 0;
            for (size_t i = 0; i < nh; i++)
                if (h1[i].sample + 25 >= burst_at[b] && h1[i].sample <= burst_at[b] + 45 &&
                    h1[i].rho > (run ? c.threshold : 0.5f))
                    found = 1;
            ck_assert_msg(found, "burst %d at %zu not detected (noise sigma run %d)", b,
                          burst_at[b], run);
        }
    }
}
END_TEST

int main(void)
{
    dispatch_init();
    Suite *s = suite_create("preamble");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, blocks_do_not_matter);
    tcase_add_test(tc, hits_match_the_formula);
    tcase_add_test(tc, shared_pulse_is_used);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
