/* check_channelizer.c: the channelizer's behaviour: plans for every native and
 * an odd rate, channel gain and stop-band (>= 55 dB from 22 kHz off the
 * channel), the common tuner correction without phase glitches, the DC
 * blocker, stream continuity across arbitrary block sizes, followers sharing
 * a leader's front. */
#include "decode/err.h"
#include "dsp/channelizer.h"
#include "dsp/dispatch.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TWO_PI 6.283185307179586

/* Every native rate, then resampled ones. Under qemu (make cross-test sets
 * AISD_TEST_QUICK=1) only the first three plus one resampled rate run: the
 * point there is the NEON kernels inside the chain, the full response is
 * checked natively. */
static const double all_rates[] = {288e3, 2.4e6, 1.536e6, 1.92e6, 2.304e6,
                                   240e3, 1e6,   3.2e6,   250e3};
static const double quick_rates[] = {288e3, 2.4e6, 1.536e6, 250e3};
static const double *rates = all_rates;
static int nrates = (int)(sizeof all_rates / sizeof all_rates[0]);

/* Run n samples of a tone (offset f Hz from the centre, amplitude amp) through
 * c in blocks of `blk`; return the RMS of output ch (0 = A, 1 = B) after the
 * start-up transient. */
static double tone_rms(struct channelizer *c, double fs, double f, double amp, size_t n, size_t blk,
                       int ch)
{
    float complex *x = malloc(n * sizeof *x);
    size_t cap = channelizer_max_out(c, n);
    float complex *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
    ck_assert(x && a && b);
    double complex p = amp, w = cexp(I * TWO_PI * f / fs);
    for (size_t k = 0; k < n; k++, p *= w)
        x[k] = (float complex)p;
    size_t got = 0;
    for (size_t k = 0; k < n; k += blk) {
        size_t m = n - k < blk ? n - k : blk, no = 0;
        ck_assert_int_eq(channelizer_execute(c, KERN_CF32, x + k, m, a + got, b + got, &no), 0);
        got += no;
    }
    size_t skip = (size_t)(channelizer_delay(c) / channelizer_ratio(c)) + 200;
    ck_assert_uint_gt(got, skip + 100);
    const float complex *y = ch ? b : a;
    double e = 0;
    for (size_t k = skip; k < got; k++)
        e += cabsf(y[k]) * cabsf(y[k]);
    free(x);
    free(a);
    free(b);
    return sqrt(e / (double)(got - skip));
}

static struct channelizer *make(double fs)
{
    struct channelizer_config cfg = channelizer_config_default();
    cfg.rate = fs;
    cfg.dc_time_s = 0; /* tones only: keep the DC loop out of the measurement */
    struct channelizer *c = channelizer_create(&cfg);
    ck_assert_ptr_nonnull(c);
    return c;
}

START_TEST(test_rejects_bad_config)
{
    struct channelizer_config cfg = channelizer_config_default();
    cfg.rate = 100e3;
    ck_assert_ptr_null(channelizer_create(&cfg));
    cfg.rate = 4e6;
    ck_assert_ptr_null(channelizer_create(&cfg));
    cfg = channelizer_config_default();
    cfg.correction_hz = 20000;
    ck_assert_ptr_null(channelizer_create(&cfg));
    cfg = channelizer_config_default();
    cfg.max_block = 0;
    ck_assert_ptr_null(channelizer_create(&cfg));
    channelizer_destroy(NULL);
}
END_TEST

START_TEST(test_output_count)
{
    double fs = rates[_i];
    struct channelizer *c = make(fs);
    char d[200];
    channelizer_describe(c, d, sizeof d);
    printf("%s\n", d);
    ck_assert(fabs(channelizer_ratio(c) - fs / 48000) < 1e-9);
    size_t n = (size_t)(fs / 20); /* 50 ms */
    uint8_t *in = calloc(2 * n, 1);
    size_t cap = channelizer_max_out(c, 997);
    float complex *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
    size_t total = 0;
    for (size_t k = 0; k < n; k += 997) {
        size_t m = n - k < 997 ? n - k : 997, no = 0;
        ck_assert_int_eq(channelizer_execute(c, KERN_CU8, in + 2 * k, m, a, b, &no), 0);
        ck_assert_uint_le(no, cap);
        total += no;
    }
    /* 2400 outputs per 50 ms, give or take the resampler's start-up. */
    ck_assert_msg(total >= 2400 - 20 && total <= 2400 + 2, "%zu outputs", total);
    free(in);
    free(a);
    free(b);
    channelizer_destroy(c);
}
END_TEST

START_TEST(test_channel_gain_and_separation)
{
    double fs = rates[_i];
    size_t n = (size_t)(fs * 0.015);
    for (int ch = 0; ch < 2; ch++) {
        double f = ch ? 25e3 : -25e3;
        struct channelizer *c = make(fs);
        double own = tone_rms(c, fs, f, 0.5, n, 4096, ch);
        channelizer_destroy(c);
        c = make(fs);
        double other = tone_rms(c, fs, f, 0.5, n, 4096, !ch);
        channelizer_destroy(c);
        ck_assert_msg(fabs(own - 0.5) < 0.01, "rate %.0f ch %d gain %f", fs, ch, own);
        ck_assert_msg(20 * log10(other / 0.5) < -55, "rate %.0f: other channel at %.1f dB", fs,
                      20 * log10(other / 0.5));
    }
}
END_TEST

/* Tones from 22 kHz off the channel centre, the other channel, and the
 * frequencies that alias onto the channel at every decimation (k * 48 kHz and
 * k * 192/240/288 kHz away) must be >= 55 dB down; 7 kHz off must pass. */
START_TEST(test_stopband)
{
    double fs = rates[_i];
    size_t n = (size_t)(fs * 0.012);
    static const double near[] = {22e3, 23.5e3, 26e3, 31e3, 38e3, 44e3, 50e3, 53e3, 61e3, 75e3};
    double offs[64];
    size_t no = 0;
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
        offs[no++] = near[i];
    for (int k = 1; k <= 6; k++) {
        offs[no++] = k * 48e3 + 1.1e3;
        offs[no++] = k * 144e3 - 3.3e3;
        offs[no++] = k * 192e3 + 2.7e3;
        offs[no++] = k * 240e3 - 0.6e3;
        offs[no++] = k * 288e3 + 4.1e3;
    }
    double worst = -200;
    for (size_t i = 0; i < no; i++) {
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            double f = -25e3 + sgn * offs[i];
            if (fabs(f) >= fs / 2) continue;
            struct channelizer *c = make(fs);
            double r = tone_rms(c, fs, f, 1.0, n, 8192, 0);
            channelizer_destroy(c);
            double db = 20 * log10(r + 1e-12);
            if (db > worst) worst = db;
            ck_assert_msg(db < -55, "rate %.0f: tone %.0f Hz off channel A at %.1f dB", fs,
                          sgn * offs[i], db);
        }
    }
    struct channelizer *c = make(fs);
    double pass = tone_rms(c, fs, -25e3 + 7e3, 1.0, n, 8192, 0);
    channelizer_destroy(c);
    ck_assert_msg(20 * log10(pass) > -1.0, "rate %.0f: 7 kHz at %.2f dB", fs, 20 * log10(pass));
    printf("rate %.0f: worst stop-band %.1f dB, 7 kHz %.2f dB\n", fs, worst, 20 * log10(pass));
}
END_TEST

/* A tuner error moves both channels; the correction brings them back, and a
 * change between blocks leaves the output phase continuous. */
START_TEST(test_correction)
{
    const double fs = 288e3, err = 8100;
    struct channelizer *c = make(fs);
    ck_assert_double_eq(channelizer_correction(c), 0);
    size_t n = 28800;
    float complex *x = malloc(4 * n * sizeof *x), *a = malloc(n * sizeof *a),
                  *b = malloc(n * sizeof *b);
    for (size_t k = 0; k < 4 * n; k++)
        x[k] = (float complex)(0.5 * cexp(I * TWO_PI * (-25e3 + err) * (double)k / fs));
    size_t no = 0, got = 0;
    /* Uncorrected: 8.1 kHz off, still mostly in band but rotating. */
    ck_assert_int_eq(channelizer_execute(c, KERN_CF32, x, n, a, b, &no), 0);
    got += no;
    ck_assert_int_eq(channelizer_set_correction(c, err), 0);
    ck_assert_double_eq(channelizer_correction(c), err);
    ck_assert_int_eq(channelizer_execute(c, KERN_CF32, x + n, n, a + got, b + got, &no), 0);
    size_t start = got + 200;
    got += no;
    /* Corrected: a constant phasor (0 Hz) of amplitude 0.5. */
    float complex ref = a[start];
    for (size_t k = start; k < got; k++) {
        ck_assert_msg(fabsf(cabsf(a[k]) - 0.5f) < 0.005f, "k %zu |a| %f", k, cabsf(a[k]));
        ck_assert_msg(cabsf(a[k] - ref) < 0.01f, "k %zu drifts", k);
    }
    /* A 30 Hz change between blocks: the phase steps from 0 to 30 Hz rotation
     * with no jump between consecutive samples. */
    ck_assert_int_eq(channelizer_set_correction(c, err + 30), 0);
    size_t before = got;
    ck_assert_int_eq(channelizer_execute(c, KERN_CF32, x + 2 * n, n, a + got, b + got, &no), 0);
    got += no;
    double maxstep = 0;
    for (size_t k = before - 50; k < got; k++) {
        double d = fabs(carg(a[k] * conjf(a[k - 1])));
        maxstep = fmax(maxstep, d);
    }
    /* 30 Hz at 48 kS/s is 0.0039 rad per sample. */
    ck_assert_msg(maxstep < 0.006, "phase step %f rad", maxstep);
    ck_assert_int_eq(channelizer_set_correction(c, 1e6), AISD_E_RANGE);
    ck_assert_double_eq(channelizer_correction(c), 12500);
    free(x);
    free(a);
    free(b);
    channelizer_destroy(c);
}
END_TEST

/* cu8 with a DC offset: the blocker learns it, and the channel output is
 * unaffected either way. */
START_TEST(test_dc_blocker)
{
    struct channelizer_config cfg = channelizer_config_default();
    cfg.rate = rates[_i];
    cfg.dc_time_s = 0.01;
    struct channelizer *c = channelizer_create(&cfg);
    ck_assert_ptr_nonnull(c);
    size_t n = (size_t)(cfg.rate * 0.12);
    uint8_t *in = malloc(2 * n);
    for (size_t k = 0; k < n; k++) {
        in[2 * k] = 127 + 20 + (uint8_t)(k & 1); /* I: +20 LSB, Q: -10 LSB */
        in[2 * k + 1] = 127 - 10 + (uint8_t)(k & 1);
    }
    size_t cap = channelizer_max_out(c, n);
    float complex *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
    size_t no = 0;
    ck_assert_int_eq(channelizer_execute(c, KERN_CU8, in, n, a, b, &no), 0);
    float complex dc = channelizer_dc(c);
    /* mean of 127/128 + ... : (147.5 - 127.5) / 128 and (117.5 - 127.5) / 128 */
    ck_assert_msg(fabsf(crealf(dc) - 20.0f / 128) < 0.002f, "dc %f", crealf(dc));
    ck_assert_msg(fabsf(cimagf(dc) + 10.0f / 128) < 0.002f, "dc %f", cimagf(dc));
    free(in);
    free(a);
    free(b);
    channelizer_destroy(c);
}
END_TEST

/* The same input in one block or in odd-sized blocks gives the same output. */
START_TEST(test_block_independence)
{
    double fs = rates[_i];
    size_t n = (size_t)(fs * 0.01);
    uint8_t *in = malloc(2 * n);
    srand(7);
    for (size_t k = 0; k < 2 * n; k++)
        in[k] = (uint8_t)(rand() & 0xff);
    /* The same samples as cf32 (exactly (v - 127.5) / 128): the formats
     * without a polyphase conversion kernel take the generic path. */
    float complex *xf = malloc(n * sizeof *xf);
    for (size_t k = 0; k < n; k++)
        xf[k] = CMPLXF((in[2 * k] - 127.5f) / 128, (in[2 * k + 1] - 127.5f) / 128);
    struct channelizer *c1 = make(fs), *c2 = make(fs), *c3 = make(fs);
    size_t cap = channelizer_max_out(c1, n);
    float complex *a1 = malloc(cap * sizeof *a1), *b1 = malloc(cap * sizeof *b1);
    float complex *a2 = malloc(cap * sizeof *a2), *b2 = malloc(cap * sizeof *b2);
    float complex *a3 = malloc(cap * sizeof *a3), *b3 = malloc(cap * sizeof *b3);
    size_t n1 = 0, n2 = 0, n3 = 0, no;
    ck_assert_int_eq(channelizer_execute(c1, KERN_CU8, in, n, a1, b1, &n1), 0);
    for (size_t k = 0, blk = 1; k < n; k += blk, blk = blk * 3 % 1001 + 1) {
        size_t m = n - k < blk ? n - k : blk;
        ck_assert_int_eq(channelizer_execute(c2, KERN_CU8, in + 2 * k, m, a2 + n2, b2 + n2, &no),
                         0);
        n2 += no;
        ck_assert_int_eq(channelizer_execute(c3, KERN_CF32, xf + k, m, a3 + n3, b3 + n3, &no), 0);
        n3 += no;
    }
    ck_assert_uint_eq(n1, n2);
    ck_assert_uint_eq(n1, n3);
    for (size_t k = 0; k < n1; k++) {
        ck_assert_msg(cabsf(a1[k] - a2[k]) < 1e-4f, "A[%zu]", k);
        ck_assert_msg(cabsf(b1[k] - b2[k]) < 1e-4f, "B[%zu]", k);
        ck_assert_msg(cabsf(a1[k] - a3[k]) < 1e-4f, "cf32 A[%zu]", k);
        ck_assert_msg(cabsf(b1[k] - b3[k]) < 1e-4f, "cf32 B[%zu]", k);
    }
    free(xf);
    free(a3);
    free(b3);
    channelizer_destroy(c3);
    free(in);
    free(a1);
    free(b1);
    free(a2);
    free(b2);
    channelizer_destroy(c1);
    channelizer_destroy(c2);
}
END_TEST

/* A follower (shared front, own correction) gives exactly what an independent
 * channelizer at that correction gives, also after detaching and the
 * leader's destruction; out of step or mismatched, it is refused. (At
 * resampled rates a follower is an independent channelizer.) */
START_TEST(test_follower)
{
    double fs = rates[_i];
    size_t blk = 4096, nblk = 12, n = blk * nblk;
    uint8_t *in = malloc(2 * n);
    srand(11);
    for (size_t k = 0; k < 2 * n; k++)
        in[k] = (uint8_t)(rand() & 0xff);
    struct channelizer_config cfg = channelizer_config_default();
    cfg.rate = fs;
    cfg.max_block = blk;
    struct channelizer *lead = channelizer_create(&cfg);
    cfg.correction_hz = 4000;
    struct channelizer *alone = channelizer_create(&cfg);
    struct channelizer *fol = channelizer_create_follower(&cfg, lead);
    ck_assert(lead && alone && fol);
    struct channelizer_config bad = cfg;
    bad.stop_db = 70;
    ck_assert_ptr_null(channelizer_create_follower(&bad, lead));
    char desc[200];
    channelizer_describe(lead, desc, sizeof desc);
    int resampled = strstr(desc, "resampled") != NULL; /* then independent */
    size_t cap = channelizer_max_out(lead, blk);
    float complex *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
    float complex *a2 = malloc(cap * sizeof *a2), *b2 = malloc(cap * sizeof *b2);
    size_t outs = 0;
    for (size_t i = 0; i < nblk; i++) {
        const uint8_t *p = in + 2 * blk * i;
        size_t n1 = 0, n2 = 0, n3 = 0;
        if (i == 3 && !resampled) /* not run after its leader: refused */
            ck_assert_int_eq(channelizer_execute(fol, KERN_CU8, p, blk, a, b, &n3), AISD_E_INVAL);
        if (i < 6) ck_assert_int_eq(channelizer_execute(lead, KERN_CU8, p, blk, a, b, &n1), 0);
        if (i == 6) { /* on its own from here on */
            ck_assert_int_eq(channelizer_detach(fol), 0);
            channelizer_destroy(lead);
        }
        ck_assert_int_eq(channelizer_execute(fol, KERN_CU8, p, blk, a, b, &n3), 0);
        ck_assert_int_eq(channelizer_execute(alone, KERN_CU8, p, blk, a2, b2, &n2), 0);
        ck_assert_uint_eq(n2, n3);
        for (size_t k = 0; k < n2; k++) {
            ck_assert_msg(a[k] == a2[k] && b[k] == b2[k], "block %zu output %zu differs", i, k);
        }
        outs += n2;
    }
    ck_assert_double_gt((double)outs + 100, (double)n / channelizer_ratio(alone));
    free(in);
    free(a);
    free(b);
    free(a2);
    free(b2);
    channelizer_destroy(alone);
    channelizer_destroy(fol);
}
END_TEST

/* channelizer_delay() and _ratio() map outputs to input samples: a tone
 * switched on at input sample S crosses half amplitude at the output sample
 * nearest (S + delay) / ratio. */
START_TEST(test_delay)
{
    double fs = rates[_i];
    struct channelizer *c = make(fs);
    size_t n = (size_t)(fs * 0.01), start = n / 2;
    float complex *x = calloc(n, sizeof *x);
    size_t cap = channelizer_max_out(c, n);
    float complex *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
    double complex p = 0.5, w = cexp(I * TWO_PI * -25e3 / fs);
    for (size_t k = 0; k < n; k++, p *= w)
        if (k >= start) x[k] = (float complex)p;
    size_t no = 0;
    ck_assert_int_eq(channelizer_execute(c, KERN_CF32, x, n, a, b, &no), 0);
    double want = ((double)start + channelizer_delay(c)) / channelizer_ratio(c);
    size_t cross = 0;
    for (size_t k = 1; k < no; k++)
        if (cabsf(a[k - 1]) < 0.25f && cabsf(a[k]) >= 0.25f) {
            /* interpolate the crossing */
            double f = (0.25 - cabsf(a[k - 1])) / (cabsf(a[k]) - cabsf(a[k - 1]));
            ck_assert_msg(fabs((double)(k - 1) + f - want) < 0.6,
                          "rate %.0f: half amplitude at %.2f, expected %.2f", fs,
                          (double)(k - 1) + f, want);
            cross = k;
            break;
        }
    ck_assert_uint_gt(cross, 0);
    free(x);
    free(a);
    free(b);
    channelizer_destroy(c);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("channelizer");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_rejects_bad_config);
    tcase_add_loop_test(tc, test_output_count, 0, nrates);
    tcase_add_loop_test(tc, test_channel_gain_and_separation, 0, nrates);
    tcase_add_loop_test(tc, test_stopband, 0, nrates);
    tcase_add_loop_test(tc, test_delay, 0, nrates);
    tcase_add_test(tc, test_correction);
    tcase_add_loop_test(tc, test_dc_blocker, 0, 2);
    tcase_add_loop_test(tc, test_block_independence, 0, nrates);
    tcase_add_loop_test(tc, test_follower, 0, nrates);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *q = getenv("AISD_TEST_QUICK");
    if (q && *q == '1') {
        rates = quick_rates;
        nrates = (int)(sizeof quick_rates / sizeof quick_rates[0]);
    }
    dispatch_init();
    return test_run_suite(suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
