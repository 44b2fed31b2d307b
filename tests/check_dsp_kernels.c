/* check_dsp_kernels.c: every kernel flavour supported here against the
 * generic one on random data, every length 0..67 and unaligned starts (the
 * detector's lag product and comb kernels bit-exact); the
 * generic kernels against closed forms and liquid-dsp (the oracle for the
 * FIR decimator); the dispatch (probe, override, describe). */
#include "decode/err.h"
#include "dsp/aligned.h"
#include "dsp/dispatch.h"
#include "dsp/kernels.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <liquid/liquid.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 67  /* a few AVX2 widths (4 complex / 8 floats) and a tail */
#define OFFS 3   /* unaligned starts: 0..2 samples (and odd bytes for cu8) */
#define BIG 4096 /* arena size, samples */

static uint32_t rng = 12345;
static float frand(void) /* uniform in [-1, 1) */
{
    rng = rng * 1664525u + 1013904223u;
    return (float)((rng >> 8) & 0xffffff) / 8388608.0f - 1.0f;
}

static const struct kern_table *G; /* generic */
static const char *names[8];
static size_t nflav;

static float complex *carena(void)
{
    float complex *p = aligned_calloc(BIG, sizeof *p);
    for (size_t k = 0; k < BIG; k++)
        p[k] = CMPLXF(frand(), frand());
    return p;
}

static int close_c(float complex a, float complex b, float tol)
{
    return cabsf(a - b) <= tol * (1 + cabsf(b));
}

START_TEST(test_flavours_listed)
{
    ck_assert_uint_ge(nflav, 1);
    ck_assert_str_eq(names[nflav - 1], "generic");
#if defined(__x86_64__)
    int has_sse2 = 0;
    for (size_t i = 0; i < nflav; i++)
        has_sse2 |= strcmp(names[i], "sse2") == 0;
    ck_assert(has_sse2); /* every x86-64 has it */
#endif
#if defined(__aarch64__)
    ck_assert_str_eq(names[0], "neon"); /* every aarch64 has it */
#endif
    for (size_t i = 0; i < nflav; i++)
        printf("flavour supported: %s\n", names[i]);
}
END_TEST

START_TEST(test_dispatch_force_and_describe)
{
    ck_assert_int_eq(dispatch_force("bogus"), AISD_E_INVAL);
    ck_assert_int_eq(dispatch_force("generic"), 0);
    ck_assert_str_eq(dispatch_active(), "generic");
    ck_assert_ptr_eq(kern.firdecim_crcf, kern_firdecim_crcf_generic);
    ck_assert_int_eq(dispatch_force("auto"), 0);
    ck_assert_str_eq(dispatch_active(), names[0]);
    char buf[2048];
    int n = dispatch_describe(buf, sizeof buf);
    ck_assert_int_gt(n, 0);
    ck_assert_ptr_nonnull(strstr(buf, "firdecim_crcf"));
    ck_assert_ptr_nonnull(strstr(buf, names[0]));
    printf("%s", buf);
    /* A flavour of the other architecture is known but unsupported. */
#if defined(__x86_64__)
    ck_assert_int_eq(dispatch_force("neon"), AISD_E_UNSUPPORTED);
    ck_assert_ptr_null(dispatch_table("neon"));
#else
    ck_assert_int_eq(dispatch_force("avx2"), AISD_E_UNSUPPORTED);
    ck_assert_ptr_null(dispatch_table("avx2"));
#endif
    ck_assert_str_eq(dispatch_active(), names[0]); /* unchanged */
    /* Truncated report: snprintf semantics. */
    char small[8];
    ck_assert_int_eq(dispatch_describe(small, sizeof small), n);
    ck_assert_uint_eq(strlen(small), 7);
}
END_TEST

/* Every flavour against the generic one: conversions (bit-exact up to
 * rounding), products, rotation, FIR, dots, correlation, phase, power. */
START_TEST(test_flavour_matches_generic)
{
    const char *fl = names[_i];
    const struct kern_table *T = dispatch_table(fl);
    ck_assert_ptr_nonnull(T);
    float complex *x = carena(), *h = carena(), *y0 = carena(), *y1 = carena();
    float *f0 = aligned_calloc(BIG, sizeof *f0), *f1 = aligned_calloc(BIG, sizeof *f1);
    float complex *f0c = carena(), *f1c = carena();
    uint8_t *u8 = aligned_calloc(2 * BIG + 8, 1);
    int16_t *s16 = aligned_calloc(2 * BIG + 8, sizeof *s16);
    for (size_t k = 0; k < 2 * BIG + 8; k++) {
        u8[k] = (uint8_t)(frand() * 128 + 128);
        s16[k] = (int16_t)(frand() * 32767);
    }
    u8[3] = 0;
    u8[4] = 255;
    s16[3] = -32768;
    s16[4] = 32767;
    float dtaps[2 * 80];
    float taps[80];
    for (size_t j = 0; j < 80; j++)
        taps[j] = frand();
    kern_taps_prepare(taps, 80, dtaps);
    const float complex off = CMPLXF(0.01f, -0.02f);
    for (size_t o = 0; o < OFFS; o++) {
        for (size_t n = 0; n <= MAXN; n++) {
            /* Guard sample after the end must stay untouched. */
            const float complex guard = CMPLXF(1234.5f, -99.0f);
#define CHECK_C(what, tol)                                                                         \
    for (size_t k = 0; k < n; k++)                                                                 \
        ck_assert_msg(close_c(y1[o + k], y0[o + k], tol),                                          \
                      "%s %s n=%zu o=%zu k=%zu: %g%+gi vs %g%+gi", fl, what, n, o, k,              \
                      crealf(y1[o + k]), cimagf(y1[o + k]), crealf(y0[o + k]), cimagf(y0[o + k])); \
    ck_assert_msg(y1[o + n] == guard, "%s %s n=%zu wrote past the end", fl, what, n);
#define RUN_C(what, tol, call)                                                                     \
    do {                                                                                           \
        y0[o + n] = y1[o + n] = guard;                                                             \
        {                                                                                          \
            const struct kern_table *t = G;                                                        \
            float complex *y = y0;                                                                 \
            call;                                                                                  \
        }                                                                                          \
        {                                                                                          \
            const struct kern_table *t = T;                                                        \
            float complex *y = y1;                                                                 \
            call;                                                                                  \
        }                                                                                          \
        CHECK_C(what, tol)                                                                         \
    } while (0)
            RUN_C("conv_cu8", 1e-6f, t->conv_cu8_cf(u8 + 2 * o + (o & 1), n, off, y + o));
            RUN_C("conv_cs8", 1e-6f,
                  t->conv_cs8_cf((const int8_t *)u8 + 2 * o + (o & 1), n, off, y + o));
            RUN_C("conv_cs16", 1e-6f, t->conv_cs16_cf(s16 + 2 * o + (o & 1), n, off, y + o));
            RUN_C("conv_cf32", 1e-6f, t->conv_cf32_cf(x + o, n, off, y + o));
            RUN_C("mul", 1e-5f, t->mul_cccf(x + o, h + 2 * o, n, y + o));
            /* In place. */
            RUN_C("mul in place", 1e-5f,
                  (memcpy(y + o, x + o, n * sizeof *x), t->mul_cccf(y + o, h + o, n, y + o)));
            {
                float complex p0 = cexpf(I * 0.3f), p1 = p0, step = cexpf(I * -1.1f);
                RUN_C("rotate", 2e-5f, t->rotate_cccf(x + o, n, y == y0 ? &p0 : &p1, step, y + o));
                ck_assert_msg(close_c(p1, p0, 2e-5f), "%s rotate phase n=%zu", fl, n);
                ck_assert(fabsf(cabsf(p1) - 1) < 1e-6f);
            }
            for (size_t nt = 1; nt <= 19; nt += 3)
                for (size_t dec = 1; dec <= 6; dec += 5)
                    RUN_C("firdecim", 1e-5f,
                          t->firdecim_crcf(dtaps + 2 * (80 - nt), nt, x + o, n, dec, y + o));
            RUN_C("firdecim 80", 2e-5f, t->firdecim_crcf(dtaps, 80, x + o, n, 3, y + o));
            /* The channelizer's other lengths (AVX2 unrolls their tap loops). */
            for (size_t nt = 56; nt <= 72; nt += 4)
                RUN_C("firdecim 56..72", 2e-5f,
                      t->firdecim_crcf(dtaps + 2 * (80 - nt), nt, x + o, n, nt / 7, y + o));
            /* 44 taps /3 (the 288 kS/s channel filter): AVX2 has a 16-output pass for it. */
            RUN_C("firdecim 44/3", 2e-5f,
                  t->firdecim_crcf(dtaps + 2 * (80 - 44), 44, x + o, n, 3, y + o));
            /* Half-band: FIR on one polyphase (x) plus the centre term on h. */
            for (size_t nt = 1; nt <= 25; nt += 4)
                RUN_C("hbdecim", 1e-5f,
                      t->hbdecim_crcf(dtaps + 2 * (80 - nt), nt, 0.5f - 0.01f * (float)nt, x + o,
                                      h + 2 * o + 1, n, y + o));
            /* 12 taps: the 288 kS/s stage 1 (AVX2 unrolls its tap loop). */
            RUN_C("hbdecim 12", 1e-5f,
                  t->hbdecim_crcf(dtaps + 2 * (80 - 12), 12, 0.5f, x + o, h + 2 * o + 1, n, y + o));
            /* Every other sample: exact copies. */
            RUN_C("even", 0.0f, t->even_cf(x + o, n, y + o));
            for (size_t k = 0; k < n; k++)
                ck_assert_msg(y1[o + k] == x[o + 2 * k], "%s even n=%zu o=%zu k=%zu", fl, n, o, k);
            {
                /* cu8 into polyphases: both outputs, against the generic
                 * flavour and against conv_cu8_cf of each sample. */
                const uint8_t *src = u8 + 2 * o + (o & 1);
                float complex *a0 = y0 + o, *a1 = y1 + o, *b0 = f0c + o, *b1 = f1c + o;
                size_t na = (n + 1) / 2, nb = n / 2;
                a0[na] = a1[na] = b0[nb] = b1[nb] = guard;
                G->conv_cu8_deint_cf(src, n, off, a0, b0);
                T->conv_cu8_deint_cf(src, n, off, a1, b1);
                for (size_t k = 0; k < n; k++) {
                    float complex want, g = k & 1 ? b0[k / 2] : a0[k / 2],
                                        t = k & 1 ? b1[k / 2] : a1[k / 2];
                    G->conv_cu8_cf(src + 2 * k, 1, off, &want);
                    ck_assert_msg(g == want && close_c(t, want, 1e-6f),
                                  "%s conv_cu8_deint n=%zu o=%zu k=%zu", fl, n, o, k);
                }
                ck_assert_msg(a1[na] == guard && b1[nb] == guard && a0[na] == guard &&
                                  b0[nb] == guard,
                              "%s conv_cu8_deint n=%zu wrote past the end", fl, n);
            }
            RUN_C("dot", 1e-5f, if (n) y[o] = t->dot_cccf(x + o, h + 1, n));
            RUN_C("dotc", 1e-5f, if (n) y[o] = t->dotc_cccf(x + o, h + 1, n));
            RUN_C("sum", 1e-5f, if (n) y[o] = t->sum_cf(x + o, n));
            RUN_C("energy", 1e-5f, if (n) y[o] = t->energy_cf(x + o, n));
            for (size_t nh = 1; nh <= 21; nh += 5)
                RUN_C("corr", 1e-5f, t->corr_cccf(x + o, n, h + o, nh, y + o));
            /* Real outputs: arg, freqdisc, mag2. */
            for (int which = 0; which < 3; which++) {
                float complex p0 = CMPLXF(0.5f, -0.5f), p1 = p0;
                f0[o + n] = f1[o + n] = 777.0f;
                if (which == 0) {
                    G->arg_cf(x + o, n, f0 + o);
                    T->arg_cf(x + o, n, f1 + o);
                } else if (which == 1) {
                    G->freqdisc_cf(x + o, n, &p0, f0 + o);
                    T->freqdisc_cf(x + o, n, &p1, f1 + o);
                    ck_assert(p0 == p1);
                } else {
                    G->mag2_cf(x + o, n, f0 + o);
                    T->mag2_cf(x + o, n, f1 + o);
                }
                for (size_t k = 0; k < n; k++)
                    ck_assert_msg(which == 2 ? f0[o + k] == f1[o + k] /* mag2: bit-exact */
                                             : fabsf(f0[o + k] - f1[o + k]) <=
                                                   2e-6f * (1 + fabsf(f0[o + k])),
                                  "%s real kernel %d n=%zu k=%zu: %g vs %g", fl, which, n, k,
                                  f1[o + k], f0[o + k]);
                ck_assert_msg(f1[o + n] == 777.0f, "%s real kernel %d wrote past end", fl, which);
            }
        }
    }
    /* The detector's kernels: bit-exact with generic (no fused multiply-add),
     * every length, unaligned starts, lags 1..12 and strides 1..11. */
    for (size_t o = 0; o < OFFS; o++)
        for (size_t n = 0; n <= MAXN; n++) {
            float *r0 = f0 + BIG / 2, *r1 = f1 + BIG / 2;
            for (size_t lag = 1; lag <= 12; lag += 11) {
                f0[o + n] = f1[o + n] = r0[o + n] = r1[o + n] = 777.0f;
                G->lagprod_cf(x + o, n, lag, f0 + o, r0 + o);
                T->lagprod_cf(x + o, n, lag, f1 + o, r1 + o);
                for (size_t k = 0; k < n; k++)
                    ck_assert_msg(f0[o + k] == f1[o + k] && r0[o + k] == r1[o + k],
                                  "%s lagprod n=%zu o=%zu lag=%zu k=%zu", fl, n, o, lag, k);
                ck_assert_msg(f1[o + n] == 777.0f && r1[o + n] == 777.0f,
                              "%s lagprod wrote past the end", fl);
            }
            for (size_t st = 1; st <= 11; st += 5) {
                const float *re = (const float *)x + o, *im = (const float *)h + 2 * o;
                f0[o + n] = f1[o + n] = 777.0f;
                G->comb4_mag2_f(re, im, st, n, f0 + o);
                T->comb4_mag2_f(re, im, st, n, f1 + o);
                for (size_t k = 0; k < n; k++)
                    ck_assert_msg(f0[o + k] == f1[o + k], "%s comb4_mag2 n=%zu o=%zu s=%zu k=%zu",
                                  fl, n, o, st, k);
                ck_assert_msg(f1[o + n] == 777.0f, "%s comb4_mag2 wrote past the end", fl);
            }
        }
    /* The demodulator's lag-search kernels. corr2: both polarities with exactly
     * the bits of two corr_cccf calls of the same flavour (and close to generic);
     * cohmag, diffmag, energy_cd: bit-exact with generic. Every length, unaligned
     * starts, strides and segment counts, guards after the end. */
    {
        float complex *yc0 = carena(), *yc1 = carena(), *hc = carena();
        const float complex guard = CMPLXF(1234.5f, -99.0f);
        for (size_t o = 0; o < OFFS; o++)
            for (size_t n = 0; n <= MAXN; n++) {
                for (size_t nh = 1; nh <= 21; nh += 5) {
                    for (size_t k = 0; k < nh; k++)
                        hc[k] = conjf(h[o + k]);
                    y1[o + n] = yc1[o + n] = guard;
                    T->corr2_cccf(x + o, n, h + o, nh, y1 + o, yc1 + o);
                    T->corr_cccf(x + o, n, h + o, nh, y0 + o);
                    T->corr_cccf(x + o, n, hc, nh, yc0 + o);
                    for (size_t k = 0; k < n; k++) {
                        ck_assert_msg(y1[o + k] == y0[o + k] && yc1[o + k] == yc0[o + k],
                                      "%s corr2 n=%zu o=%zu nh=%zu k=%zu: not corr's bits", fl, n,
                                      o, nh, k);
                        ck_assert(close_c(yc1[o + k], kern_dot_cccf_generic(x + o + k, h + o, nh),
                                          1e-5f));
                    }
                    ck_assert_msg(y1[o + n] == guard && yc1[o + n] == guard,
                                  "%s corr2 wrote past the end", fl);
                }
                for (size_t st = 1; st <= 70; st += 23)
                    for (size_t ns = 0; ns <= 15; ns += 5) {
                        const float complex *c = x + o, *ph = h + 7;
                        f0[o + n] = f1[o + n] = 777.0f;
                        G->cohmag_cf(c, st, ns, ph, n, f0 + o);
                        T->cohmag_cf(c, st, ns, ph, n, f1 + o);
                        for (size_t k = 0; k < n; k++)
                            ck_assert_msg(f0[o + k] == f1[o + k],
                                          "%s cohmag n=%zu o=%zu st=%zu ns=%zu k=%zu", fl, n, o, st,
                                          ns, k);
                        ck_assert_msg(f1[o + n] == 777.0f, "%s cohmag wrote past the end", fl);
                        G->diffmag_cf(c, st, ns, n, f0 + o);
                        T->diffmag_cf(c, st, ns, n, f1 + o);
                        for (size_t k = 0; k < n; k++)
                            ck_assert_msg(f0[o + k] == f1[o + k],
                                          "%s diffmag n=%zu o=%zu st=%zu ns=%zu k=%zu", fl, n, o,
                                          st, ns, k);
                        ck_assert_msg(f1[o + n] == 777.0f, "%s diffmag wrote past the end", fl);
                    }
                /* thr_first: the same index as generic, with windows that pass
                 * sparsely (one in ~20), never, and with norms at and below 1e-30. */
                {
                    float *m2 = f0 + BIG / 2, *nr = f1 + BIG / 2;
                    for (size_t k = 0; k < n + o; k++) {
                        nr[k] = fabsf(frand()) + 0.01f;
                        m2[k] = nr[k] * nr[k] * (0.09f * (0.5f + fabsf(frand())) * 0.5f);
                        if (k % 23 == 7) m2[k] = nr[k] * nr[k] * 0.5f;    /* passes thr2 0.09 */
                        if (k % 31 == 5) nr[k] = (k & 1) ? 1e-30f : 0.0f; /* fails */
                    }
                    for (size_t st = 0; st <= n; st += 1 + n / 7) {
                        size_t r0 = G->thr_first_f(m2 + o + st, nr + o + st, 0.09f, n - st);
                        size_t r1 = T->thr_first_f(m2 + o + st, nr + o + st, 0.09f, n - st);
                        ck_assert_msg(r0 == r1, "%s thr_first n=%zu o=%zu st=%zu: %zu vs %zu", fl,
                                      n, o, st, r1, r0);
                        ck_assert_uint_eq(T->thr_first_f(m2 + o + st, nr + o + st, 1e9f, n - st),
                                          n - st);
                    }
                }
                double e0 = G->energy_cd(x + o, n), e1 = T->energy_cd(x + o, n);
                ck_assert_msg(e0 == e1, "%s energy_cd n=%zu o=%zu: %.17g vs %.17g", fl, n, o, e1,
                              e0);
            }
        aligned_free(yc0);
        aligned_free(yc1);
        aligned_free(hc);
    }
    /* Long runs: accumulation order differs between flavours but stays close. */
    {
        float complex p0 = 1, p1 = 1, st = cexpf(I * 0.01f);
        G->rotate_cccf(x, BIG, &p0, st, y0);
        T->rotate_cccf(x, BIG, &p1, st, y1);
        for (size_t k = 0; k < BIG; k++)
            ck_assert_msg(close_c(y1[k], y0[k], 1e-4f), "%s long rotate k=%zu", fl, k);
        float complex d0 = G->dotc_cccf(x, h, BIG), d1 = T->dotc_cccf(x, h, BIG);
        ck_assert_msg(cabsf(d0 - d1) < 1e-3f, "%s long dotc", fl);
        ck_assert(fabsf(G->energy_cf(x, BIG) - T->energy_cf(x, BIG)) < 1e-3f * BIG);
    }
    aligned_free(x);
    aligned_free(h);
    aligned_free(y0);
    aligned_free(y1);
    aligned_free(f0);
    aligned_free(f1);
    aligned_free(f0c);
    aligned_free(f1c);
    aligned_free(u8);
    aligned_free(s16);
}
END_TEST

/* Exact-size heap buffers for every length: any read or write past an end
 * is caught under `make sanitize` (ASan); the results must still match. */
START_TEST(test_no_overrun)
{
    const char *fl = names[_i];
    const struct kern_table *T = dispatch_table(fl);
    float dt[2 * 9];
    float taps[9] = {1, 2, 3, 4, 5, 4, 3, 2, 1};
    kern_taps_prepare(taps, 9, dt);
    for (size_t n = 0; n <= MAXN; n++) {
        size_t nb = n ? n : 1;
        float complex *x = malloc(nb * sizeof *x), *h = malloc(nb * sizeof *h);
        float complex *y = malloc(nb * sizeof *y), *r = malloc(nb * sizeof *r);
        float *f = malloc(nb * sizeof *f);
        uint8_t *u = malloc(2 * nb);
        int16_t *s = malloc(2 * nb * sizeof *s);
        for (size_t k = 0; k < n; k++) {
            x[k] = CMPLXF(frand(), frand());
            h[k] = CMPLXF(frand(), frand());
            u[2 * k] = u[2 * k + 1] = (uint8_t)k;
            s[2 * k] = s[2 * k + 1] = (int16_t)(k * 100);
        }
        T->conv_cu8_cf(u, n, 0, y);
        if (n) { /* exactly 2n - 1 inputs */
            float complex *in2 = malloc((2 * n - 1) * sizeof *in2), *ev = malloc(n * sizeof *ev);
            for (size_t k = 0; k < 2 * n - 1; k++)
                in2[k] = CMPLXF((float)k, -(float)k);
            T->even_cf(in2, n, ev);
            for (size_t k = 0; k < n; k++)
                ck_assert(ev[k] == in2[2 * k]);
            free(in2);
            free(ev);
        }
        {
            float complex *a = malloc((n + 1) / 2 * sizeof *a + 1),
                          *b = malloc(n / 2 * sizeof *b + 1);
            T->conv_cu8_deint_cf(u, n, 0, a, b);
            free(a);
            free(b);
        }
        T->conv_cs8_cf((const int8_t *)u, n, 0, y);
        T->conv_cs16_cf(s, n, 0, y);
        T->conv_cf32_cf(x, n, 0, y);
        T->mul_cccf(x, h, n, y);
        float complex p = 1;
        T->rotate_cccf(x, n, &p, cexpf(I * 0.1f), y);
        (void)T->dot_cccf(x, h, n);
        (void)T->dotc_cccf(x, h, n);
        (void)T->energy_cf(x, n);
        (void)T->sum_cf(x, n);
        T->arg_cf(x, n, f);
        T->mag2_cf(x, n, f);
        if (n >= 5) { /* exactly n + lag inputs; the comb over exactly its span */
            float *g = malloc(n * sizeof *g), *m = malloc(n * sizeof *m);
            T->lagprod_cf(x, n - 2, 2, f, g);
            T->comb4_mag2_f(f, g, 1, n - 5, m);
            free(g);
            free(m);
        }
        (void)T->energy_cd(x, n);
        (void)T->thr_first_f((const float *)x, (const float *)h, 0.1f, n); /* n floats each */
        T->cohmag_cf(x, 1, n ? 1 : 0, h, n, f); /* exactly n samples: one segment */
        T->diffmag_cf(x, 1, n ? 1 : 0, n, f);
        if (n >= 3) { /* 3 segments of stride 1 over exactly n samples */
            T->cohmag_cf(x, 1, 3, h, n - 2, f);
            T->diffmag_cf(x, 1, 3, n - 2, f);
        }
        p = 1;
        T->freqdisc_cf(x, n, &p, f);
        if (n >= 9) { /* exactly (nout - 1) * decim + ntaps inputs */
            for (size_t dec = 1; dec <= 4; dec++) {
                size_t nout = (n - 9) / dec + 1;
                T->firdecim_crcf(dt, 9, x, nout, dec, y);
                G->firdecim_crcf(dt, 9, x, nout, dec, r);
                for (size_t k = 0; k < nout; k++)
                    ck_assert(close_c(y[k], r[k], 1e-5f));
            }
            /* Half-band: exactly nout + ntaps - 1 and nout samples. */
            T->hbdecim_crcf(dt, 9, 0.5f, x, h + 8, n - 8, y);
            G->hbdecim_crcf(dt, 9, 0.5f, x, h + 8, n - 8, r);
            for (size_t k = 0; k + 8 < n; k++)
                ck_assert(close_c(y[k], r[k], 1e-5f));
            T->corr_cccf(x, n - 8, h, 9, y);
            G->corr_cccf(x, n - 8, h, 9, r);
            for (size_t k = 0; k + 8 < n; k++)
                ck_assert(close_c(y[k], r[k], 1e-5f));
            float complex *yc = malloc((n - 8) * sizeof *yc);
            T->corr2_cccf(x, n - 8, h, 9, r, yc);
            for (size_t k = 0; k + 8 < n; k++)
                ck_assert(r[k] == y[k]);
            free(yc);
        }
        free(x);
        free(h);
        free(y);
        free(r);
        free(f);
        free(u);
        free(s);
    }
}
END_TEST

/* Generic kernels against closed forms. */
START_TEST(test_generic_closed_forms)
{
    uint8_t u[4] = {0, 255, 128, 127};
    float complex y[2];
    kern_conv_cu8_cf_generic(u, 2, 0, y);
    ck_assert(fabsf(crealf(y[0]) + 127.5f / 128) < 1e-7f);
    ck_assert(fabsf(cimagf(y[0]) - 127.5f / 128) < 1e-7f);
    ck_assert(fabsf(crealf(y[1]) - 0.5f / 128) < 1e-7f);
    int16_t s[2] = {-32768, 16384};
    kern_conv_cs16_cf_generic(s, 1, CMPLXF(0.5f, 0), y);
    ck_assert(crealf(y[0]) == -1.5f && cimagf(y[0]) == 0.5f);
    /* Lag-search kernels against double-precision sums: 3 lags, 4 segments of
     * stride 5; a tone c = e^{j 0.3 (s stride + k)} gives |sum_s c conj(c_prev)| =
     * 3 exactly (in double) for diffmag; energy_cd of 1 + 2j, 7 times, is 35. */
    {
        float complex c[20], ph[4], z[7];
        float yv[3];
        for (int i = 0; i < 20; i++)
            c[i] = cexpf(I * 0.3f * (float)i);
        for (int i = 0; i < 4; i++)
            ph[i] = CMPLXF(0.5f * (float)i, 1.0f - 0.25f * (float)i);
        kern_cohmag_cf_generic(c, 5, 4, ph, 3, yv);
        for (int k = 0; k < 3; k++) {
            double complex a = 0;
            for (int sg = 0; sg < 4; sg++)
                a += (double complex)c[sg * 5 + k] * (double complex)ph[sg];
            ck_assert(fabs(yv[k] - cabs(a)) < 1e-5);
        }
        kern_diffmag_cf_generic(c, 5, 4, 3, yv);
        for (int k = 0; k < 3; k++)
            ck_assert(fabsf(yv[k] - 3.0f) < 1e-5f);
        for (int i = 0; i < 7; i++)
            z[i] = CMPLXF(1, 2);
        ck_assert(kern_energy_cd_generic(z, 7) == 35.0);
        ck_assert(kern_energy_cd_generic(z, 0) == 0.0);
    }
    /* atan2 accuracy over the circle, and arg(0) = 0. */
    float maxerr = 0;
    for (int k = 0; k < 100000; k++) {
        double a = -M_PI + 2 * M_PI * k / 100000.0;
        float r = 0.001f + (float)(k % 97);
        float e = fabsf(kern_atan2f(r * (float)sin(a), r * (float)cos(a)) -
                        atan2f(r * (float)sin(a), r * (float)cos(a)));
        if (e > 3.0f) /* +-pi wrap */
            e = fabsf(e - 2 * (float)M_PI);
        if (e > maxerr) maxerr = e;
    }
    ck_assert_msg(maxerr < 2e-5f, "atan2 error %g", maxerr);
    ck_assert(kern_atan2f(0, 0) == 0);
    /* freqdisc of a tone is its frequency. */
    float complex t[64];
    float d[64];
    for (int k = 0; k < 64; k++)
        t[k] = cexpf(I * 0.7f * k);
    float complex prev = cexpf(I * -0.7f);
    kern_freqdisc_cf_generic(t, 64, &prev, d);
    for (int k = 0; k < 64; k++)
        ck_assert(fabsf(d[k] - 0.7f) < 1e-4f);
    ck_assert(prev == t[63]);
    /* Rotation by a tone's conjugate stops it. */
    float complex p = 1, z[64];
    kern_rotate_cccf_generic(t, 64, &p, cexpf(I * -0.7f), z);
    for (int k = 0; k < 64; k++)
        ck_assert(cabsf(z[k] - 1) < 1e-4f);
    ck_assert(cabsf(p - cexpf(I * -0.7f * 64)) < 1e-4f);
    /* Lag products of a tone: its phase step over the lag; the comb of four
     * equal products: 16 |d|^2. */
    float re[54], im[54], m2[24];
    kern_lagprod_cf_generic(t, 54, 10, re, im);
    for (int k = 0; k < 54; k++) {
        float complex want = t[k + 10] * conjf(t[k]);
        ck_assert(fabsf(re[k] - crealf(want)) < 1e-5f && fabsf(im[k] - cimagf(want)) < 1e-5f);
    }
    kern_comb4_mag2_f_generic(re, im, 10, 24, m2);
    for (int k = 0; k < 24; k++)
        ck_assert_msg(fabsf(m2[k] - 16) < 1e-3f, "comb4 %d: %g", k, m2[k]);
    float a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8] = {0, 1, 0, 1, 0, 1, 0, 1};
    kern_comb4_mag2_f_generic(a, b, 2, 1, m2); /* (1+3+5+7)^2 + 0 */
    ck_assert(m2[0] == 256);
    kern_comb4_mag2_f_generic(a, b, 1, 2, m2); /* k=1: (2+3+4+5)^2 + (1+0+1+0)^2 */
    ck_assert(m2[1] == 196 + 4);
}
END_TEST

/* The FIR decimator (every flavour) against liquid-dsp's firdecim_crcf on a
 * Kaiser design, streaming over several blocks. */
START_TEST(test_firdecim_vs_liquid)
{
    const struct kern_table *T = dispatch_table(names[_i]);
    const unsigned ntaps = 73, decim = 6, nout = 500;
    float h[73];
    liquid_firdes_kaiser(ntaps, 13000.0f / 288000, 60, 0, h);
    float dtaps[2 * 73];
    kern_taps_prepare(h, ntaps, dtaps);
    firdecim_crcf q = firdecim_crcf_create(decim, h, ntaps);
    size_t nx = ntaps - 1 + (size_t)nout * decim;
    float complex *x = aligned_calloc(nx, sizeof *x), *y = aligned_calloc(nout, sizeof *y);
    for (size_t k = ntaps - 1; k < nx; k++)
        x[k] = CMPLXF(frand(), frand());
    T->firdecim_crcf(dtaps, ntaps, x, nout, decim, y);
    float complex *ref = malloc(nout * sizeof *ref);
    /* liquid's firfilt, sample by sample: our output m is its output after
     * pushing stream sample m * decim (the window end). */
    float complex *s = x + ntaps - 1;
    firfilt_crcf f = firfilt_crcf_create(h, ntaps);
    size_t m = 0;
    for (size_t k = 0; k < (size_t)nout * decim; k++) {
        firfilt_crcf_push(f, s[k]);
        if (k % decim == 0) {
            firfilt_crcf_execute(f, &ref[m]);
            m++;
        }
    }
    double maxerr = 0;
    for (size_t k = 0; k < nout; k++)
        maxerr = fmax(maxerr, cabsf(y[k] - ref[k]));
    ck_assert_msg(maxerr < 1e-5, "%s: max error vs liquid firfilt %g", names[_i], maxerr);
    /* And liquid's firdecim: its output j is the window ending at the first
     * sample of input group j, the same alignment as ours. */
    float complex *ld = malloc(nout * sizeof *ld);
    firdecim_crcf_execute_block(q, s, nout, ld);
    maxerr = 0;
    for (size_t k = 0; k < nout; k++)
        maxerr = fmax(maxerr, cabsf(y[k] - ld[k]));
    ck_assert_msg(maxerr < 1e-5, "%s: max error vs liquid firdecim %g", names[_i], maxerr);
    firfilt_crcf_destroy(f);
    firdecim_crcf_destroy(q);
    free(ref);
    free(ld);
    aligned_free(x);
    aligned_free(y);
}
END_TEST

/* An output's bits do not depend on which multi-output pass of the kernel
 * computes it (16, 8, 4 or 2 outputs; a single output left at the end of a
 * call may differ): one call over 48 outputs against calls of 2, 4, 8 and 16,
 * for the 288 kS/s channel filter's shape (44 taps /3, which AVX2 runs 16
 * outputs a pass) and two others. */
START_TEST(test_firdecim_pass_invariant)
{
    const struct kern_table *T = dispatch_table(names[_i]);
    enum { NOUT = 48 };
    static const size_t shapes[][2] = {{44, 3}, {72, 5}, {68, 10}, {44, 2}};
    float taps[72], dtaps[2 * 72];
    for (size_t j = 0; j < 72; j++)
        taps[j] = frand();
    kern_taps_prepare(taps, 72, dtaps);
    float complex *x = aligned_calloc(NOUT * 10 + 72, sizeof *x);
    float complex y[NOUT], z[NOUT];
    for (size_t k = 0; k < NOUT * 10 + 72; k++)
        x[k] = CMPLXF(frand(), frand());
    for (size_t s = 0; s < 4; s++) {
        size_t nt = shapes[s][0], dec = shapes[s][1];
        const float *dt = dtaps + 2 * (72 - nt);
        T->firdecim_crcf(dt, nt, x, NOUT, dec, y);
        for (size_t step = 2; step <= 16; step *= 2) {
            for (size_t m = 0; m < NOUT; m += step)
                T->firdecim_crcf(dt, nt, x + m * dec, step, dec, z + m);
            for (size_t m = 0; m < NOUT; m++)
                ck_assert_msg(memcmp(&y[m], &z[m], sizeof y[m]) == 0,
                              "%s firdecim %zu/%zu: output %zu differs in calls of %zu", names[_i],
                              nt, dec, m, step);
        }
    }
    aligned_free(x);
}
END_TEST

/* The half-band decimator (every flavour) on the polyphases of a stream
 * against liquid-dsp's firdecim_crcf (decimation 2) on the stream itself, with
 * the channelizer's stage-1 design at 288 kS/s: a Kaiser half-band of 23 taps
 * whose taps an even distance from the centre are made exactly zero. */
START_TEST(test_hbdecim_vs_liquid)
{
    const struct kern_table *T = dispatch_table(names[_i]);
    enum { NT = 23, NP = 24, NOUT = 700 };
    float h[NP] = {0};
    liquid_firdes_kaiser(NT, 0.25f, 65, 0, h);
    for (int j = 0; j < NT; j++)
        if (j != NT / 2 && (j - NT / 2) % 2 == 0) h[j] = 0;
    /* Kernel layout: padded to 24 taps (a zero at the oldest end), reversed;
     * hr[j] non-zero only for odd j (12 taps) and the centre j = 12. */
    float dt[2 * NP], g[2 * NP / 2];
    kern_taps_prepare(h, NP, dt);
    for (int j = 0; j < NP; j += 2)
        ck_assert(dt[2 * j] == 0 || j == 12);
    for (int i = 0; i < NP / 2; i++)
        g[2 * i] = g[2 * i + 1] = dt[2 * (2 * i + 1)];
    size_t nx = NP - 1 + 2 * (size_t)NOUT + 1;
    float complex *x = calloc(nx, sizeof *x), *ph[2], *y = calloc(NOUT, sizeof *y);
    ph[0] = calloc(nx / 2 + 1, sizeof *ph[0]);
    ph[1] = calloc(nx / 2 + 1, sizeof *ph[1]);
    for (size_t k = NP - 1; k < nx; k++)
        x[k] = CMPLXF(frand(), frand());
    for (size_t k = 0; k < nx; k++)
        ph[k & 1][k / 2] = x[k];
    T->hbdecim_crcf(g, NP / 2, dt[2 * 12], ph[1], ph[0] + 6, NOUT, y);
    /* liquid's output j is the window ending at stream sample 2j. */
    firdecim_crcf q = firdecim_crcf_create(2, h, NT);
    float complex *ref = malloc(NOUT * sizeof *ref);
    firdecim_crcf_execute_block(q, x + NP - 1, NOUT, ref);
    double maxerr = 0;
    for (size_t k = 0; k < NOUT; k++)
        maxerr = fmax(maxerr, cabsf(y[k] - ref[k]));
    ck_assert_msg(maxerr < 1e-5, "%s: max error vs liquid firdecim %g", names[_i], maxerr);
    firdecim_crcf_destroy(q);
    free(ref);
    free(x);
    free(y);
    free(ph[0]);
    free(ph[1]);
}
END_TEST

/* Dot products against liquid's dotprod_cccf (no conjugate). */
START_TEST(test_dot_vs_liquid)
{
    const struct kern_table *T = dispatch_table(names[_i]);
    float complex x[160], h[160];
    for (int k = 0; k < 160; k++) {
        x[k] = CMPLXF(frand(), frand());
        h[k] = CMPLXF(frand(), frand());
    }
    for (unsigned n = 1; n <= 160; n += 13) {
        float complex r;
        dotprod_cccf_run(h, x, n, &r);
        ck_assert_msg(close_c(T->dot_cccf(x, h, n), r, 1e-5f), "%s dot n=%u", names[_i], n);
        float complex hc[160];
        for (unsigned k = 0; k < n; k++)
            hc[k] = conjf(h[k]);
        dotprod_cccf_run(hc, x, n, &r);
        ck_assert_msg(close_c(T->dotc_cccf(x, h, n), r, 1e-5f), "%s dotc n=%u", names[_i], n);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dsp_kernels");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_flavours_listed);
    tcase_add_test(tc, test_dispatch_force_and_describe);
    tcase_add_test(tc, test_generic_closed_forms);
    tcase_add_loop_test(tc, test_flavour_matches_generic, 0, (int)nflav);
    tcase_add_loop_test(tc, test_no_overrun, 0, (int)nflav);
    tcase_add_loop_test(tc, test_firdecim_vs_liquid, 0, (int)nflav);
    tcase_add_loop_test(tc, test_firdecim_pass_invariant, 0, (int)nflav);
    tcase_add_loop_test(tc, test_hbdecim_vs_liquid, 0, (int)nflav);
    tcase_add_loop_test(tc, test_dot_vs_liquid, 0, (int)nflav);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    dispatch_init();
    G = dispatch_table("generic");
    nflav = dispatch_flavours(names, 8);
    return test_run_suite(suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
