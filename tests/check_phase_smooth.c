/* check_phase_smooth.c: dsp/phase_smooth, the non-causal carrier reference of
 * the demodulator's pass 2: it follows a carrier whose phase wanders over a
 * burst (a constant reference does not), normalises the amplitude from the
 * burst, takes off the C0 pulse's two-bit ISI, and its timing metric peaks at
 * the burst's true timing on matched-filter outputs of a modulated burst. */
#include "decode/rng.h"
#include "dsp/laurent.h"
#include "dsp/phase_smooth.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>

#define N 500

static void random_c(struct rng *r, int8_t *c, size_t n)
{
    for (size_t k = 0; k < n; k++)
        c[k] = rng_below(r, 2) ? 1 : -1;
}

/* Matched-filter outputs w_k as the demodulator has them (b_k rotated by
 * j^-(k+1)) of y at timing tau (start of bit 0, samples). */
static void mf_outputs(const struct laurent *l, const float complex *y, size_t ny, double tau,
                       float complex *w, size_t n)
{
    int half = laurent_c0_half(l), sps = (int)laurent_sps(l);
    int t0 = (int)floor(tau);
    float h[64];
    laurent_mf_taps(l, (float)(tau - t0), h);
    static const float complex jm[4] = {1, -I, -1, I};
    for (size_t k = 0; k < n; k++) {
        float complex acc = 0;
        for (int m = -half; m <= half; m++) {
            long i = t0 + sps * ((long)k + 1) + m;
            if (i >= 0 && (size_t)i < ny) acc += h[m + half] * y[i];
        }
        w[k] = acc * jm[(k + 1) & 3];
    }
}

START_TEST(follows_a_wandering_carrier)
{
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *l = laurent_create(&lc);
    ck_assert_ptr_nonnull(l);
    float r1 = laurent_r1(l), r2 = laurent_r2(l);
    struct rng r;
    rng_seed(&r, 7);
    static int8_t c[N];
    static float complex w[N], ref[N], work[N + 1];
    static float soft[N];
    const double amp = 0.8, sigma = 0.1; /* noise per axis, before amp */
    double mse = 0, mse_flat = 0, mse_isi = 0, gain = 0;
    int n = 0;
    for (int trial = 0; trial < 20; trial++) {
        random_c(&r, c, N);
        double ph0 = rng_range(&r, 0, 2 * M_PI);
        for (size_t k = 0; k < N; k++) {
            /* the phase wanders by +-0.6 rad over the burst */
            double th = ph0 + 0.6 * sin(2 * M_PI * (double)k / 350.0 + trial);
            int nx = k + 1 < N ? c[k + 1] : 0, pv = k ? c[k - 1] : 0;
            int isi = (k >= 2 ? c[k - 2] : 0) + (k + 2 < N ? c[k + 2] : 0);
            float complex m = (float)(c[k] - r2 * isi) + I * r1 * (float)(nx - pv);
            float complex noise = test_cnoise(&r, sigma);
            w[k] = (float)amp * (m + noise) * ((float)cos(th) + I * (float)sin(th));
        }
        phase_smooth_ref(w, c, N, N, r1, 32, work, ref);
        float a = phase_smooth_amp(w, c, N, r1, ref);
        ck_assert_float_gt(a, 0);
        phase_smooth_soft(w, ref, c, N, r2, a, soft);
        for (size_t k = 2; k + 2 < N; k++) {
            mse += (soft[k] - c[k]) * (soft[k] - c[k]);
            gain += soft[k] * c[k];
            n++;
        }
        /* the same reference, the two-bit ISI left in */
        phase_smooth_soft(w, ref, c, N, 0, a, soft);
        for (size_t k = 2; k + 2 < N; k++)
            mse_isi += (soft[k] - c[k]) * (soft[k] - c[k]);
        /* one reference for the whole burst: the wander is not followed */
        phase_smooth_ref(w, c, N, N, r1, N, work, ref);
        a = phase_smooth_amp(w, c, N, r1, ref);
        phase_smooth_soft(w, ref, c, N, r2, a, soft);
        for (size_t k = 2; k + 2 < N; k++)
            mse_flat += (soft[k] - c[k]) * (soft[k] - c[k]);
    }
    mse /= n;
    mse_flat /= n;
    mse_isi /= n;
    gain /= n;
    /* the noise alone is sigma^2; the reference's own noise adds ~1/64 of it */
    ck_assert_double_lt(mse, 1.1 * sigma * sigma);
    ck_assert_double_gt(mse, 0.9 * sigma * sigma);
    ck_assert_double_lt(fabs(gain - 1), 0.02);
    ck_assert_double_gt(mse_flat, 2 * mse);
    /* without the ISI term the error holds about 2 r2^2 more */
    ck_assert_double_gt(2 * r2 * r2, 0.1 * sigma * sigma);
    ck_assert_double_gt(mse_isi - mse, r2 * r2);
    laurent_destroy(l);
}
END_TEST

START_TEST(timing_metric_peaks_at_the_burst_timing)
{
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *l = laurent_create(&lc);
    ck_assert_ptr_nonnull(l);
    float r1 = laurent_r1(l);
    struct rng r;
    rng_seed(&r, 11);
    enum { NB = 300 };
    static int8_t a[NB], c[NB];
    static float complex y[5 * NB + 200], w[NB], ref[NB], work[NB + 1];
    for (int trial = 0; trial < 8; trial++) {
        int8_t acc = 1;
        for (size_t i = 0; i < NB; i++) {
            a[i] = rng_below(&r, 2) ? 1 : -1;
            acc = (int8_t)(acc * a[i]);
            c[i] = acc;
        }
        double tau = rng_range(&r, 40, 41);
        size_t ny = sizeof y / sizeof y[0];
        laurent_modulate(l, a, NB, (float)tau, y, ny);
        for (size_t i = 0; i < ny; i++)
            y[i] += 0.3f * test_cnoise(&r, 1.0);
        /* the preamble's estimate is off by up to 0.4 samples */
        double off = -0.4 + 0.8 * trial / 7.0, t1 = tau + off;
        mf_outputs(l, y, ny, t1, w, NB);
        phase_smooth_ref(w, c, NB, NB, r1, 32, work, ref);
        float m0 = phase_smooth_metric(w, c, NB, r1, ref);
        mf_outputs(l, y, ny, t1 - 0.5, w, NB);
        float mm = phase_smooth_metric(w, c, NB, r1, ref);
        mf_outputs(l, y, ny, t1 + 0.5, w, NB);
        float mp = phase_smooth_metric(w, c, NB, r1, ref);
        float den = mm - 2 * m0 + mp;
        ck_assert_float_lt(den, 0);
        double est = t1 + 0.5 * 0.5 * (mm - mp) / den;
        ck_assert_double_lt(fabs(est - tau), 0.1);
        mf_outputs(l, y, ny, tau, w, NB);
        ck_assert_float_gt(phase_smooth_metric(w, c, NB, r1, ref), m0 - 1e-3f * fabsf(m0));
    }
    laurent_destroy(l);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("phase_smooth");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, follows_a_wandering_carrier);
    tcase_add_test(tc, timing_metric_peaks_at_the_burst_timing);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? 1 : 0;
}
