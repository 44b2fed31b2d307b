/* check_sim.c: the signal simulator: the GMSK modulator (dsp/gmsk_mod) against
 * the AIS definition, the mixer (dsp/iq_sim): Eb/N0 calibration, quantisation,
 * wrong-FCS bursts, determinism, and a loopback through a plain FM
 * discriminator and the link layer's deframer at several sample rates. */
#include "decode/err.h"
#include "decode/frame.h"
#include "decode/rng.h"
#include "dsp/gmsk_mod.h"
#include "dsp/iq_sim.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- modulator ---------------------------------------------------------- */

START_TEST(gmsk_pulse_shape)
{
    struct gmsk_mod *m = gmsk_mod_create(NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq_tol(gmsk_mod_phase_pulse(m, -10), 0.0, 1e-12);
    ck_assert_double_eq_tol(gmsk_mod_phase_pulse(m, 10), 0.5, 1e-12);
    ck_assert_double_eq_tol(gmsk_mod_phase_pulse(m, 0), 0.25, 1e-9); /* symmetric */
    /* BT 0.4: the pulse spreads beyond its own bit: ISI into the next one. */
    double q_end = gmsk_mod_phase_pulse(m, 0.5);
    ck_assert(q_end > 0.40 && q_end < 0.49);
    double prev = -1;
    for (double t = -3; t <= 3; t += 0.01) {
        double q = gmsk_mod_phase_pulse(m, t);
        ck_assert(q >= prev - 1e-15);
        prev = q;
    }
    gmsk_mod_destroy(m);
    struct gmsk_mod_config c = gmsk_mod_config_default();
    c.sample_rate = 10000; /* below 2 bit rates */
    ck_assert_ptr_null(gmsk_mod_create(&c));
    gmsk_mod_destroy(NULL);
}
END_TEST

START_TEST(gmsk_deviation_and_envelope)
{
    /* 64 ones then 64 zeros at 30 samples per bit: steady frequency +2400 Hz
     * then -2400 Hz (h 0.5 at 9600 bit/s), constant envelope. */
    struct gmsk_mod *m = gmsk_mod_create(NULL);
    uint8_t lv[128];
    for (int i = 0; i < 128; i++)
        lv[i] = i < 64;
    size_t len = gmsk_mod_length(m, 128, 0);
    float complex *s = calloc(len, sizeof *s);
    ck_assert_int_eq(gmsk_mod_burst(m, lv, 128, 0, 0.5, 0, 0, s), 0);
    for (size_t i = 10 * 30; i < 60 * 30; i++) {
        ck_assert_double_eq_tol(cabsf(s[i]), 0.5, 1e-5);
        double f = carg(s[i + 1] * conj(s[i])) * 288000 / (2 * M_PI);
        ck_assert_double_eq_tol(f, 2400, 1.0);
    }
    for (size_t i = 70 * 30; i < 120 * 30; i++) {
        double f = carg(s[i + 1] * conj(s[i])) * 288000 / (2 * M_PI);
        ck_assert_double_eq_tol(f, -2400, 1.0);
    }
    /* ramps: zero before the start and after the ramp-down */
    ck_assert_double_eq_tol(cabsf(s[0]), 0, 1e-6);
    ck_assert_double_eq_tol(cabsf(s[len - 1]), 0, 1e-6);
    /* alternating bits: the phase moves +-pi/2 per bit at bit boundaries
     * only on average; between bit centres of 1 then 0 it moves less than pi/2
     * (Gaussian ISI) */
    free(s);
    gmsk_mod_destroy(m);
}
END_TEST

/* A plain receiver for the loopback: mix to baseband, boxcar over one bit,
 * FM discriminator, every sample phase tried with its own deframer. */
static int loopback_count(const float complex *x, size_t n, double fs, double f0,
                          const struct ais_frame *want)
{
    double spb = fs / 9600.0;
    size_t L = (size_t)floor(spb);
    float complex *v = calloc(n, sizeof *v), *y = calloc(n, sizeof *y);
    float *d = calloc(n, sizeof *d);
    double complex acc = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = (float complex)(x[i] * cexp(-I * 2 * M_PI * f0 * (double)i / fs));
        acc += v[i];
        if (i >= L) acc -= v[i - L];
        y[i] = (float complex)acc;
        d[i] = i ? (float)cargf(y[i] * conjf(y[i - 1])) : 0;
    }
    int found = 0;
    int phases = 16;
    for (int ph = 0; ph < phases && !found; ph++) {
        struct hdlc_deframer df;
        hdlc_deframer_init(&df);
        for (double t = spb * ph / phases; t < (double)n; t += spb) {
            struct ais_frame out;
            if (hdlc_deframer_push(&df, d[(size_t)t] > 0, &out) == 1 &&
                out.nbytes == want->nbytes && !memcmp(out.bytes, want->bytes, want->nbytes))
                found = 1;
        }
    }
    free(v);
    free(y);
    free(d);
    return found;
}

/* A 168-bit frame with the MMSI in its usual place, random elsewhere. */
static void sample_frame(struct ais_frame *f, unsigned mmsi)
{
    struct rng r;
    rng_seed(&r, mmsi);
    f->nbytes = 21;
    for (int i = 0; i < 21; i++)
        f->bytes[i] = (uint8_t)rng_next(&r);
    f->bytes[0] = (uint8_t)(1u << 2); /* type 1, repeat 0 */
    f->bytes[1] = (uint8_t)(mmsi >> 22);
    f->bytes[2] = (uint8_t)(mmsi >> 14);
    f->bytes[3] = (uint8_t)(mmsi >> 6);
    f->bytes[4] = (uint8_t)((mmsi << 2) | (f->bytes[4] & 3));
}

START_TEST(loopback_rates)
{
    /* Noise-free bursts at the native rates and at a rate with a non-integer
     * number of samples per bit, with a fractional start and carrier offset,
     * come back through the link layer's deframer bit-exact. */
    static const double rates[] = {288000, 1536000, 250000, 1000000};
    struct ais_frame f;
    sample_frame(&f, 273111222);
    uint8_t lv[600];
    int nl = iq_sim_levels(&f, 0, lv, sizeof lv);
    ck_assert_int_gt(nl, 200);
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        struct iq_sim_config c = iq_sim_config_default();
        c.sample_rate = rates[r];
        c.noise_rms = 0;
        c.format = IQ_SIM_CF32;
        struct iq_sim *s = iq_sim_create(&c);
        size_t n = (size_t)(0.05 * rates[r]);
        struct iq_sim_burst b = {lv, (size_t)nl, 100.37, 0.5, 25000 + 150, 1.0};
        ck_assert_int_eq(iq_sim_add(s, &b), 0);
        float *buf = calloc(2 * n, sizeof *buf);
        ck_assert_int_eq(iq_sim_render(s, n, buf), 0);
        ck_assert_msg(loopback_count((const float complex *)buf, n, rates[r], 25000, &f),
                      "rate %.0f", rates[r]);
        /* the other channel hears nothing */
        ck_assert(!loopback_count((const float complex *)buf, n, rates[r], -25000, &f));
        free(buf);
        iq_sim_destroy(s);
    }
}
END_TEST

START_TEST(bad_fcs_levels)
{
    struct ais_frame f;
    sample_frame(&f, 422000111);
    uint8_t good[600], bad[600], bits[600], msg[600];
    int ng = iq_sim_levels(&f, 0, good, sizeof good);
    int nb = iq_sim_levels(&f, 0x1234, bad, sizeof bad);
    ck_assert_int_gt(ng, 0);
    ck_assert_int_gt(nb, 0);
    /* good: the deframer delivers f; bad: a CRC error, same data bits */
    struct hdlc_deframer d;
    struct ais_frame out;
    int got = 0;
    hdlc_deframer_init(&d);
    for (int i = 0; i < ng; i++)
        got += hdlc_deframer_push(&d, good[i], &out);
    ck_assert_int_eq(got, 1);
    ck_assert_mem_eq(out.bytes, f.bytes, f.nbytes);
    got = 0;
    hdlc_deframer_init(&d);
    for (int i = 0; i < nb; i++)
        got += hdlc_deframer_push(&d, bad[i], &out);
    ck_assert_int_eq(got, 0);
    ck_assert_uint_eq(d.stats.crc_errors, 1);
    ais_nrzi_decode(bad, (size_t)nb, 0, bits);
    size_t used;
    int n = ais_destuff(bits + 40, (size_t)nb - 40, msg, sizeof msg, &used);
    ck_assert_int_eq(n, (f.nbytes + 2) * 8);
    struct ais_frame g;
    ck_assert_int_eq(ais_frame_from_bits(msg, (size_t)n, &g), AISD_E_CHECKSUM);
    uint16_t fcs = 0;
    for (int k = 0; k < 16; k++)
        fcs |= (uint16_t)(msg[n - 16 + k] << k);
    ck_assert_uint_eq(fcs ^ ais_crc16(f.bytes, f.nbytes), 0x1234);
}
END_TEST

START_TEST(ebn0_calibration_and_noise)
{
    struct iq_sim_config c = iq_sim_config_default();
    c.sample_rate = 288000;
    c.noise_rms = 0.1;
    c.format = IQ_SIM_CF32;
    struct iq_sim *s = iq_sim_create(&c);
    ck_assert_double_eq_tol(iq_sim_noise_power(s), 0.02, 1e-12);
    /* Eb/N0 = A^2 / (Rb * P / fs) */
    double a = iq_sim_amplitude(s, 10.0);
    ck_assert_double_eq_tol(a * a / (9600 * 0.02 / 288000), 10.0, 1e-9);
    ck_assert_double_eq_tol(iq_sim_ebn0_db(s, a), 10.0, 1e-9);
    size_t n = 200000;
    float *buf = malloc(2 * n * sizeof *buf);
    ck_assert_int_eq(iq_sim_render(s, n, buf), 0);
    double pi = 0, pq = 0, mi = 0, cross = 0;
    for (size_t i = 0; i < n; i++) {
        pi += buf[2 * i] * buf[2 * i];
        pq += buf[2 * i + 1] * buf[2 * i + 1];
        mi += buf[2 * i];
        cross += buf[2 * i] * buf[2 * i + 1];
    }
    ck_assert_double_eq_tol((pi + pq) / n, 0.02, 0.0004);
    ck_assert_double_eq_tol(pi / n, pq / n, 0.0004);
    ck_assert_double_eq_tol(mi / n, 0, 0.001);
    ck_assert_double_eq_tol(cross / n, 0, 0.0003);
    /* white: adjacent samples uncorrelated */
    double lag = 0;
    for (size_t i = 1; i < n; i++)
        lag += buf[2 * i] * buf[2 * i - 2];
    ck_assert_double_eq_tol(lag / n, 0, 0.0003);
    free(buf);
    iq_sim_destroy(s);
}
END_TEST

START_TEST(quantise_impairments_determinism)
{
    struct iq_sim_config c = iq_sim_config_default();
    c.noise_rms = 0;
    c.dc_i = 10 / 127.5;
    c.dc_q = -4 / 127.5;
    struct iq_sim *s = iq_sim_create(&c);
    uint8_t u[8];
    ck_assert_int_eq(iq_sim_render(s, 4, u), 0);
    ck_assert_uint_eq(u[0], 138); /* 127.5 + 10 -> the code 138 (137.5 .. 138.5 is 10.5) */
    ck_assert_uint_eq(u[1], 124);
    iq_sim_destroy(s);

    /* gain imbalance: Q scaled; phase: Q picks up I */
    c = iq_sim_config_default();
    c.noise_rms = 0;
    c.format = IQ_SIM_CF32;
    c.iq_gain_db = 6.0206;
    c.iq_phase_deg = 0;
    s = iq_sim_create(&c);
    uint8_t lv[300];
    struct ais_frame f;
    sample_frame(&f, 273000002);
    int nl = iq_sim_levels(&f, 0, lv, sizeof lv);
    struct iq_sim_burst b = {lv, (size_t)nl, 0, 0.25, 25000, 0};
    ck_assert_int_eq(iq_sim_add(s, &b), 0);
    float x[2 * 4000];
    ck_assert_int_eq(iq_sim_render(s, 4000, x), 0);
    double ei = 0, eq = 0;
    for (int i = 200; i < 4000; i++) {
        ei += x[2 * i] * x[2 * i];
        eq += x[2 * i + 1] * x[2 * i + 1];
    }
    ck_assert_double_eq_tol(eq / ei, 4.0, 0.2);
    /* a burst may not start before what is already rendered */
    ck_assert_int_eq(iq_sim_add(s, &b), AISD_E_RANGE);
    iq_sim_destroy(s);

    /* clipping in cu8, counted */
    c = iq_sim_config_default();
    c.noise_rms = 2.0;
    s = iq_sim_create(&c);
    uint8_t big[2000];
    iq_sim_render(s, 1000, big);
    ck_assert_uint_gt(iq_sim_stats(s).clipped, 500);
    iq_sim_destroy(s);

    /* same seed, same bytes; another seed, other bytes */
    uint8_t a1[4000], a2[4000], a3[4000];
    for (int k = 0; k < 3; k++) {
        c = iq_sim_config_default();
        c.seed = k == 2 ? 99 : 7;
        s = iq_sim_create(&c);
        b = (struct iq_sim_burst){lv, (size_t)nl, 10.5, 0.3, 25000, 0.3};
        iq_sim_add(s, &b);
        iq_sim_render(s, 2000, k == 0 ? a1 : k == 1 ? a2 : a3);
        iq_sim_destroy(s);
    }
    ck_assert_mem_eq(a1, a2, sizeof a1);
    ck_assert(memcmp(a1, a3, sizeof a1) != 0);
    enum iq_sim_format fm;
    ck_assert_int_eq(iq_sim_format_parse("cs16", &fm), 0);
    ck_assert_int_eq(fm, IQ_SIM_CS16);
    ck_assert_uint_eq(iq_sim_sample_bytes(fm), 4);
    ck_assert_int_eq(iq_sim_format_parse("wav", &fm), AISD_E_INVAL);
}
END_TEST

START_TEST(rng_deterministic)
{
    struct rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    double sum = 0, sq = 0;
    for (int i = 0; i < 20000; i++) {
        ck_assert_uint_eq(rng_next(&a), rng_next(&b));
        double x = rng_normal(&a);
        rng_normal(&b);
        sum += x;
        sq += x * x;
        double u = rng_uniform(&a);
        rng_uniform(&b);
        ck_assert(u > 0 && u < 1);
        ck_assert_uint_lt(rng_below(&a, 7), 7);
        rng_below(&b, 7);
    }
    ck_assert_double_eq_tol(sum / 20000, 0, 0.03);
    ck_assert_double_eq_tol(sq / 20000, 1, 0.05);
}
END_TEST

static Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, gmsk_pulse_shape);
    tcase_add_test(tc, gmsk_deviation_and_envelope);
    tcase_add_test(tc, loopback_rates);
    tcase_add_test(tc, bad_fcs_levels);
    tcase_add_test(tc, ebn0_calibration_and_noise);
    tcase_add_test(tc, quantise_impairments_determinism);
    tcase_add_test(tc, rng_deterministic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sim_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
