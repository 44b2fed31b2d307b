/* check_chan_inband.c: the channelizer costs no Eb/N0 in the AIS signal band
 * at any rate (240 kS/s up to 3.2 MS/s, native or resampled): a multi-tone signal filling
 * +-7 kHz around each channel comes out as the exact baseband at unit gain,
 * delayed by channelizer_delay() (no ripple, phase distortion or delay
 * error), and white input noise of density N0 comes out, through a liquid-dsp
 * Kaiser low-pass of the signal band as the oracle, with exactly N0 in band
 * (nothing folded in by a decimation, from the other channel or from DC). */
#include "decode/rng.h"
#include "dsp/channelizer.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <liquid/liquid.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define TWO_PI 6.283185307179586
#define NTONES 29
#define BAND_HZ 7000.0 /* GMSK +-5 kHz, per-burst offset, residual tuner error */

/* The native rates, then rates that go through dsp/resampler (2.56 MS/s: the
 * resampler's 196.9k -> 192k step, designed too short before: -0.2 dB). */
static const double test_rates[] = {288e3, 1.536e6, 2.4e6,   1.92e6, 2.304e6, 240e3,
                                    250e3, 1e6,     2.048e6, 2.56e6, 3.2e6};
#define NRATES (int)(sizeof test_rates / sizeof test_rates[0])

static struct channelizer *make(double fs)
{
    struct channelizer_config cfg = channelizer_config_default();
    cfg.rate = fs;
    cfg.dc_time_s = 0; /* a test signal with no DC: the blocker would only add its settling */
    struct channelizer *c = channelizer_create(&cfg);
    ck_assert_ptr_nonnull(c);
    return c;
}

/* Channelize x (n samples); *got outputs per channel in a, b (malloc'd). */
static void run(struct channelizer *c, const float complex *x, size_t n, float complex **a,
                float complex **b, size_t *got)
{
    size_t cap = channelizer_max_out(c, n);
    *a = malloc(cap * sizeof **a);
    *b = malloc(cap * sizeof **b);
    ck_assert(*a && *b);
    ck_assert_int_eq(channelizer_execute(c, KERN_CF32, x, n, *a, *b, got), 0);
}

/* Tones at -7..+7 kHz (500 Hz apart) around both channels, random phases,
 * equal amplitude 0.02 each: the output must be the tones of its channel,
 * each at unit gain and the delay reported, up to one common phase. */
START_TEST(test_signal_band_exact)
{
    double fs = test_rates[_i];
    struct channelizer *c = make(fs);
    const struct channelizer_config def = channelizer_config_default();
    double choff[2] = {def.chan_hz[0] - def.centre_hz, def.chan_hz[1] - def.centre_hz};
    double f[NTONES], ph[2][NTONES], amp = 0.02;
    struct rng r;
    rng_seed(&r, 7);
    for (int k = 0; k < NTONES; k++) {
        f[k] = -BAND_HZ + k * 2 * BAND_HZ / (NTONES - 1);
        ph[0][k] = rng_range(&r, 0, TWO_PI);
        ph[1][k] = rng_range(&r, 0, TWO_PI);
    }
    size_t n = (size_t)(fs * 0.1);
    float complex *x = malloc(n * sizeof *x);
    ck_assert_ptr_nonnull(x);
    for (size_t i = 0; i < n; i++) {
        double complex s = 0;
        for (int ch = 0; ch < 2; ch++)
            for (int k = 0; k < NTONES; k++)
                s += amp * cexp(I * (TWO_PI * (choff[ch] + f[k]) * (double)i / fs + ph[ch][k]));
        x[i] = (float complex)s;
    }
    float complex *a, *b;
    size_t got;
    run(c, x, n, &a, &b, &got);
    double ratio = channelizer_ratio(c), delay = channelizer_delay(c);
    size_t skip = (size_t)(delay / ratio) + 100;
    ck_assert_uint_gt(got, skip + 1000);
    for (int ch = 0; ch < 2; ch++) {
        const float complex *y = ch ? b : a;
        /* Least-squares common complex gain g of the expected e onto y. */
        double complex ye = 0;
        double ee = 0, yy = 0;
        double complex *e = malloc(got * sizeof *e);
        ck_assert_ptr_nonnull(e);
        for (size_t m = skip; m < got; m++) {
            double t = (double)m * ratio - delay; /* input sample of output m */
            e[m] = 0;
            for (int k = 0; k < NTONES; k++)
                e[m] += amp * cexp(I * (TWO_PI * f[k] * t / fs + ph[ch][k]));
            ye += y[m] * conj(e[m]);
            ee += creal(e[m] * conj(e[m]));
            yy += crealf(y[m] * conjf(y[m]));
        }
        double complex g = ye / ee;
        double err = 0;
        for (size_t m = skip; m < got; m++) {
            double complex d = y[m] - g * e[m];
            err += creal(d * conj(d));
        }
        double gain_db = 20 * log10(cabs(g)), err_db = 10 * log10(err / ee);
        printf("rate %.0f ch %c: band gain %+.3f dB, error %.1f dB (of %.1f dB total)\n", fs,
               'A' + ch, gain_db, err_db, 10 * log10(yy / ee));
        ck_assert_msg(fabs(gain_db) < 0.05, "rate %.0f ch %d: gain %.3f dB", fs, ch, gain_db);
        /* -40 dB: 0.1 dB ripple or 0.6 deg of phase, a tenth of a sample at 48k. */
        ck_assert_msg(err_db < -40, "rate %.0f ch %d: in-band error %.1f dB", fs, ch, err_db);
        free(e);
    }
    free(x);
    free(a);
    free(b);
    channelizer_destroy(c);
}
END_TEST

/* White noise, variance s2 per complex input sample (N0 = s2 / fs): through a
 * liquid-dsp Kaiser low-pass of +-6 kHz (5..7 kHz transition, 60 dB) at
 * 48 kS/s, each channel must give N0 * 48000 * sum(h^2) within 0.1 dB (the
 * estimate's own spread is about 0.02 dB). */
START_TEST(test_noise_in_band)
{
    double fs = test_rates[_i];
    struct channelizer *c = make(fs);
    double secs = 2.0, s2 = 0.02;
    size_t n = (size_t)(fs * secs);
    float complex *x = malloc(n * sizeof *x);
    ck_assert_ptr_nonnull(x);
    struct rng r;
    rng_seed(&r, 11);
    double sd = sqrt(s2 / 2);
    for (size_t i = 0; i < n; i++) {
        double re = rng_normal(&r) * sd;
        x[i] = CMPLXF((float)re, (float)(rng_normal(&r) * sd));
    }
    float complex *a, *b;
    size_t got;
    run(c, x, n, &a, &b, &got);
    unsigned nh = estimate_req_filter_len(2000.0f / 48000.0f, 60.0f) | 1;
    float *h = malloc(nh * sizeof *h);
    ck_assert_ptr_nonnull(h);
    liquid_firdes_kaiser(nh, 6000.0f / 48000.0f, 60.0f, 0, h);
    double hh = 0;
    for (unsigned j = 0; j < nh; j++)
        hh += (double)h[j] * h[j];
    double expect = s2 / fs * CHANNELIZER_RATE * hh;
    size_t skip = (size_t)(channelizer_delay(c) / channelizer_ratio(c)) + nh + 100;
    ck_assert_uint_gt(got, skip + 10000);
    for (int ch = 0; ch < 2; ch++) {
        const float complex *y = ch ? b : a;
        double p = 0;
        for (size_t m = skip; m < got; m++) {
            double complex v = 0;
            for (unsigned j = 0; j < nh; j++)
                v += h[j] * y[m - j];
            p += creal(v * conj(v));
        }
        p /= (double)(got - skip);
        double db = 10 * log10(p / expect);
        printf("rate %.0f ch %c: in-band noise %+.3f dB against N0\n", fs, 'A' + ch, db);
        ck_assert_msg(fabs(db) < 0.1, "rate %.0f ch %d: in-band noise %+.3f dB against N0", fs, ch,
                      db);
    }
    free(h);
    free(x);
    free(a);
    free(b);
    channelizer_destroy(c);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("chan_inband");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_signal_band_exact, 0, NRATES);
    tcase_add_loop_test(tc, test_noise_in_band, 0, NRATES);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
