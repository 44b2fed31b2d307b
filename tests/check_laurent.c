/* check_laurent.c: the reference GMSK modulator of dsp/laurent against its
 * definition summed directly (every bit's phase pulse, in bit order, in
 * double): exactly the same samples for symbol runs with gaps (0 = no pulse),
 * fractional starts and outputs past the last pulse; and its known values
 * (phase pi/2 per +1 bit once the pulses are over; no pulses, phase 0). */
#include "decode/rng.h"
#include "dsp/laurent.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>

#define NB 300

/* The definition in laurent.h, one full pass over the bits per sample. */
static void modulate_direct(const struct laurent *l, const int8_t *a, size_t nbits, float t0,
                            float complex *out, size_t nout)
{
    float sps = (float)laurent_sps(l);
    float span = 4 * sps;
    for (size_t n = 0; n < nout; n++) {
        float t = (float)n - t0;
        double ph = 0;
        for (size_t i = 0; i < nbits; i++) {
            if (!a[i]) continue;
            float start = sps * ((float)i + 0.5f) - span / 2;
            if (t <= start) break;
            ph += a[i] * laurent_q(l, t - start);
        }
        ph *= M_PI;
        out[n] = (float)cos(ph) + I * (float)sin(ph);
    }
}

START_TEST(modulate_matches_definition)
{
    struct laurent_config c;
    laurent_config_default(&c);
    struct laurent *l = laurent_create(&c);
    ck_assert_ptr_nonnull(l);
    static int8_t a[NB];
    static float complex y0[5 * NB + 60], y1[5 * NB + 60];
    struct rng r;
    rng_seed(&r, 5);
    for (int run = 0; run < 12; run++) {
        for (int i = 0; i < NB; i++)
            a[i] = (int8_t)(run % 3 == 2 && rng_below(&r, 5) == 0 ? 0 : rng_below(&r, 2) ? 1 : -1);
        float t0 = run < 4 ? 0.0f : (float)rng_range(&r, -3, 7);
        size_t nout = 5 * NB + (size_t)rng_below(&r, 60);
        modulate_direct(l, a, NB, t0, y0, nout);
        laurent_modulate(l, a, NB, t0, y1, nout);
        for (size_t n = 0; n < nout; n++)
            ck_assert_msg(y0[n] == y1[n], "run %d sample %zu: %g%+gi vs %g%+gi", run, n,
                          crealf(y1[n]), cimagf(y1[n]), crealf(y0[n]), cimagf(y0[n]));
    }
    /* All +1: the phase advances pi/2 per bit once the pulses are over. */
    for (int i = 0; i < 40; i++)
        a[i] = 1;
    laurent_modulate(l, a, 40, 0, y1, 5 * 40 + 20);
    ck_assert(cabsf(y1[5 * 40 + 19] - cexpf(I * (float)M_PI / 2 * 40)) < 1e-4f);
    /* No pulses: phase 0 throughout. */
    for (int i = 0; i < 40; i++)
        a[i] = 0;
    laurent_modulate(l, a, 40, 0, y1, 5 * 40);
    for (int n = 0; n < 5 * 40; n++)
        ck_assert(y1[n] == 1);
    laurent_destroy(l);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("laurent");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, modulate_matches_definition);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
