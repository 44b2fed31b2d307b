/* kern_avx2.c: the AVX2+FMA flavour of the DSP kernels (see kernels.h).
 * Compiled with -mavx2 -mfma and installed only when the CPU has both. A
 * vector holds 4 interleaved complex samples; tails fall to scalar code that
 * does the same arithmetic as the generic flavour. */
#include "dsp/kernels.h"

#include <immintrin.h>
#include <math.h>

/* Sum of the 4 complex lanes of v as one complex value. */
static inline float complex hsum_c(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    float f[4];
    _mm_storeu_ps(f, s);
    return CMPLXF(f[0], f[1]);
}

/* a * b for 4 complex lanes. */
static inline __m256 cmul(__m256 a, __m256 b)
{
    __m256 br = _mm256_moveldup_ps(b), bi = _mm256_movehdup_ps(b);
    __m256 as = _mm256_permute_ps(a, 0xb1); /* [ai ar] */
    return _mm256_fmaddsub_ps(a, br, _mm256_mul_ps(as, bi));
}

static void conv_cu8(const uint8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    const __m256 scale = _mm256_set1_ps(1.0f / 128.0f);
    const __m256 bias = _mm256_setr_ps(br, bi, br, bi, br, bi, br, bi);
    size_t k = 0;
    /* 32 samples a pass, each 8 bytes zero-extended straight from memory
     * (vpmovzxbd with a memory operand: no shift or extract). */
#define CU8_4(q)                                                                                   \
    _mm256_storeu_ps(o + 2 * k + 8 * (q),                                                          \
                     _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(      \
                                         (const __m128i *)(in + 2 * k + 8 * (q))))),               \
                                     scale, bias))
    for (; k + 32 <= n; k += 32) {
        CU8_4(0);
        CU8_4(1);
        CU8_4(2);
        CU8_4(3);
        CU8_4(4);
        CU8_4(5);
        CU8_4(6);
        CU8_4(7);
    }
    for (; k + 4 <= n; k += 4)
        CU8_4(0);
#undef CU8_4
    kern_conv_cu8_cf_generic(in + 2 * k, n - k, offset, out + k);
}

/* The same conversion, each 16-byte load shuffled into its 4 even samples
 * (low 8 bytes) and 4 odd samples (high 8 bytes) first. */
static void conv_cu8_deint(const uint8_t *in, size_t n, float complex offset, float complex *a,
                           float complex *b)
{
    float *oa = (float *)a, *ob = (float *)b;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    const __m256 scale = _mm256_set1_ps(1.0f / 128.0f);
    const __m256 bias = _mm256_setr_ps(br, bi, br, bi, br, bi, br, bi);
    const __m128i split = _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15);
    size_t k = 0;
#define DEINT8(q) /* samples k + q .. k + q + 7 -> 4 + 4 */                                        \
    do {                                                                                           \
        __m128i v =                                                                                \
            _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(in + 2 * k + 2 * (q))), split);     \
        __m256 e = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(v));                                    \
        __m256 o = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(v, 8)));                 \
        _mm256_storeu_ps(oa + k + (q), _mm256_fmadd_ps(e, scale, bias));                           \
        _mm256_storeu_ps(ob + k + (q), _mm256_fmadd_ps(o, scale, bias));                           \
    } while (0)
    for (; k + 32 <= n; k += 32) { /* unrolled: the loop's own instructions once per 32 */
        DEINT8(0);
        DEINT8(8);
        DEINT8(16);
        DEINT8(24);
    }
    for (; k + 8 <= n; k += 8)
        DEINT8(0);
#undef DEINT8
    kern_conv_cu8_deint_cf_generic(in + 2 * k, n - k, offset, a + k / 2, b + k / 2);
}

static void conv_cs8(const int8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const __m256 scale = _mm256_set1_ps(1.0f / 128.0f);
    const __m256 bias = _mm256_setr_ps(br, bi, br, bi, br, bi, br, bi);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 2 * k));
        __m256 lo = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(v));
        __m256 hi = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(v, 8)));
        _mm256_storeu_ps(o + 2 * k, _mm256_fmadd_ps(lo, scale, bias));
        _mm256_storeu_ps(o + 2 * k + 8, _mm256_fmadd_ps(hi, scale, bias));
    }
    kern_conv_cs8_cf_generic(in + 2 * k, n - k, offset, out + k);
}

static void conv_cs16(const int16_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const __m256 scale = _mm256_set1_ps(1.0f / 32768.0f);
    const __m256 bias = _mm256_setr_ps(br, bi, br, bi, br, bi, br, bi);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 2 * k));
        __m256 f = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(v));
        _mm256_storeu_ps(o + 2 * k, _mm256_fmadd_ps(f, scale, bias));
    }
    kern_conv_cs16_cf_generic(in + 2 * k, n - k, offset, out + k);
}

static void conv_cf32(const float complex *in, size_t n, float complex offset, float complex *out)
{
    const float *i = (const float *)in;
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const __m256 bias = _mm256_setr_ps(br, bi, br, bi, br, bi, br, bi);
    size_t k = 0;
    for (; k + 4 <= n; k += 4)
        _mm256_storeu_ps(o + 2 * k, _mm256_add_ps(_mm256_loadu_ps(i + 2 * k), bias));
    kern_conv_cf32_cf_generic(in + k, n - k, offset, out + k);
}

static void mul(const float complex *x, const float complex *h, size_t n, float complex *y)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float *o = (float *)y;
    size_t k = 0;
    for (; k + 4 <= n; k += 4)
        _mm256_storeu_ps(o + 2 * k, cmul(_mm256_loadu_ps(a + 2 * k), _mm256_loadu_ps(b + 2 * k)));
    kern_mul_cccf_generic(x + k, h + k, n - k, y + k);
}

static inline __m256 renorm(__m256 ph)
{
    __m256 m2 = _mm256_mul_ps(ph, ph);
    m2 = _mm256_add_ps(m2, _mm256_permute_ps(m2, 0xb1));
    return _mm256_mul_ps(ph, _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_sqrt_ps(m2)));
}

/* Four phasor chains, one per vector of a 16-sample pass, each stepped by
 * step^16: the four complex multiplies of the phasor update are independent,
 * so the loop runs at the multipliers' throughput, not at the latency of one
 * chain of dependent complex multiplies (2.6x faster than one chain). */
static void rotate(const float complex *x, size_t n, float complex *phase, float complex step,
                   float complex *y)
{
    const float *a = (const float *)x;
    float *o = (float *)y;
    float complex p = *phase;
    size_t k = 0;
    if (n >= 4) {
        float complex s2 = step * step, s4 = s2 * s2, s16 = s4 * s4 * s4 * s4;
        float complex p1 = p * step, p2 = p * s2, p3 = p1 * s2;
        __m256 ph0 = _mm256_setr_ps(crealf(p), cimagf(p), crealf(p1), cimagf(p1), crealf(p2),
                                    cimagf(p2), crealf(p3), cimagf(p3));
        const __m256 st4 = _mm256_setr_ps(crealf(s4), cimagf(s4), crealf(s4), cimagf(s4),
                                          crealf(s4), cimagf(s4), crealf(s4), cimagf(s4));
        const __m256 st = _mm256_setr_ps(crealf(s16), cimagf(s16), crealf(s16), cimagf(s16),
                                         crealf(s16), cimagf(s16), crealf(s16), cimagf(s16));
        __m256 ph1 = cmul(ph0, st4), ph2 = cmul(ph1, st4), ph3 = cmul(ph2, st4);
        /* Runs of up to 64 passes, renormalised after each whole run (after
         * the pass at k = 1008 mod 1024): no test in the inner loop. */
        const size_t k16 = n & ~(size_t)15; /* passes end here */
        while (k < k16) {
            size_t run_end = (k & ~(size_t)1023) + 1024, e = run_end < k16 ? run_end : k16;
            for (; k < e; k += 16) {
                _mm256_storeu_ps(o + 2 * k, cmul(_mm256_loadu_ps(a + 2 * k), ph0));
                _mm256_storeu_ps(o + 2 * k + 8, cmul(_mm256_loadu_ps(a + 2 * k + 8), ph1));
                _mm256_storeu_ps(o + 2 * k + 16, cmul(_mm256_loadu_ps(a + 2 * k + 16), ph2));
                _mm256_storeu_ps(o + 2 * k + 24, cmul(_mm256_loadu_ps(a + 2 * k + 24), ph3));
                ph0 = cmul(ph0, st);
                ph1 = cmul(ph1, st);
                ph2 = cmul(ph2, st);
                ph3 = cmul(ph3, st);
            }
            if (k == run_end) {
                ph0 = renorm(ph0);
                ph1 = renorm(ph1);
                ph2 = renorm(ph2);
                ph3 = renorm(ph3);
            }
        }
        /* 0..3 vectors left: the chains hold the next ones in order. */
        for (; k + 4 <= n; k += 4) {
            _mm256_storeu_ps(o + 2 * k, cmul(_mm256_loadu_ps(a + 2 * k), ph0));
            ph0 = ph1;
            ph1 = ph2;
            ph2 = ph3;
        }
        float f[8];
        _mm256_storeu_ps(f, ph0);
        p = CMPLXF(f[0], f[1]);
    }
    *phase = p;
    kern_rotate_cccf_generic(x + k, n - k, phase, step, y + k);
}

/* One output: dot of 2 * ntaps floats. */
static inline float complex fir_one(const float *dt, size_t ntaps, const float *xp)
{
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t j = 0;
    for (; j + 8 <= ntaps; j += 8) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(dt + 2 * j), _mm256_loadu_ps(xp + 2 * j), acc0);
        acc1 =
            _mm256_fmadd_ps(_mm256_loadu_ps(dt + 2 * j + 8), _mm256_loadu_ps(xp + 2 * j + 8), acc1);
    }
    if (j + 4 <= ntaps) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(dt + 2 * j), _mm256_loadu_ps(xp + 2 * j), acc0);
        j += 4;
    }
    __m256 acc = _mm256_add_ps(acc0, acc1);
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    for (; j + 2 <= ntaps; j += 2)
        s = _mm_fmadd_ps(_mm_loadu_ps(dt + 2 * j), _mm_loadu_ps(xp + 2 * j), s);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    if (j < ntaps)
        s = _mm_fmadd_ps(_mm_castpd_ps(_mm_load_sd((const double *)(dt + 2 * j))),
                         _mm_castpd_ps(_mm_load_sd((const double *)(xp + 2 * j))), s);
    float f[4];
    _mm_storeu_ps(f, s);
    return CMPLXF(f[0], f[1]);
}

/* Four outputs per pass share the tap loads and the horizontal reductions;
 * two, then one, for what is left. */
static inline __m128 fold(__m256 a)
{
    return _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
}

/* sa, sb: [r0 i0 r1 i1] partial sums of two outputs -> [ra ia rb ib] */
static inline __m128 pair(__m128 sa, __m128 sb)
{
    return _mm_add_ps(_mm_movelh_ps(sa, sb), _mm_movehl_ps(sb, sa));
}

/* Four outputs' accumulators [c0 c1 c2 c3] to [y0 y1 y2 y3], each
 * (c0 + c2) + (c1 + c3) as fold() then pair() sum them: the same bits, with
 * 4 lane moves instead of 4 extracts and 4 shuffles. */
static inline __m256 reduce4(__m256 a0, __m256 a1, __m256 a2, __m256 a3)
{
    __m256 u02 = _mm256_add_ps(_mm256_permute2f128_ps(a0, a2, 0x20),
                               _mm256_permute2f128_ps(a0, a2, 0x31)); /* a0: p q, a2: p q */
    __m256 u13 =
        _mm256_add_ps(_mm256_permute2f128_ps(a1, a3, 0x20), _mm256_permute2f128_ps(a1, a3, 0x31));
    __m256d d02 = _mm256_castps_pd(u02), d13 = _mm256_castps_pd(u13);
    return _mm256_add_ps(_mm256_castpd_ps(_mm256_unpacklo_pd(d02, d13)),
                         _mm256_castpd_ps(_mm256_unpackhi_pd(d02, d13)));
}

/* The taps past the last multiple of 4 (0..3 of them) into s. */
static inline __m128 fir_tail(const float *dt, const float *xp, size_t j, size_t ntaps, __m128 s)
{
    for (; j + 2 <= ntaps; j += 2)
        s = _mm_fmadd_ps(_mm_loadu_ps(dt + 2 * j), _mm_loadu_ps(xp + 2 * j), s);
    if (j < ntaps)
        s = _mm_fmadd_ps(_mm_castpd_ps(_mm_load_sd((const double *)(dt + 2 * j))),
                         _mm_castpd_ps(_mm_load_sd((const double *)(xp + 2 * j))), s);
    return s;
}

/* Sixteen outputs a pass for an odd decimation D and G <= 11 tap groups
 * without a tail (the 288 kS/s channel filter: 44 taps /3). Outputs m + r +
 * 4q (q = 0..3) start q D whole vectors apart, so each input vector is loaded
 * once for the four of them (G + 3D loads for 4G multiply-adds, against 4G
 * before, most of them split across cache lines at a 3-sample stride) and
 * the taps stay in registers. Each output still sums its tap groups in order
 * from zero and is reduced by reduce4: the same bits as the 8-output pass.
 * Returns the outputs done (a multiple of 16). */
static inline __attribute__((always_inline)) size_t
fir_shared(const float *dt, const float *xf, size_t nout, float *yf, const size_t G, const size_t D)
{
    __m256 t[11];
#pragma GCC unroll 11
    for (size_t g = 0; g < G; g++)
        t[g] = _mm256_loadu_ps(dt + 8 * g);
    size_t m = 0;
    for (; m + 16 <= nout; m += 16) {
        __m256d v[4]; /* v[r] = [y(m + r) y(m + r + 4) y(m + r + 8) y(m + r + 12)] */
#pragma GCC unroll 4
        for (size_t r = 0; r < 4; r++) {
            const float *xb = xf + 2 * (m + r) * D;
            __m256 a[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                           _mm256_setzero_ps()};
#pragma GCC unroll 64
            for (size_t k = 0; k < G + 3 * D; k++) {
                const __m256 xv = _mm256_loadu_ps(xb + 8 * k);
#pragma GCC unroll 4
                for (size_t q = 0; q < 4; q++)
                    if (k >= q * D && k - q * D < G) a[q] = _mm256_fmadd_ps(t[k - q * D], xv, a[q]);
            }
            v[r] = _mm256_castps_pd(reduce4(a[0], a[1], a[2], a[3]));
        }
        /* Transpose the 4 x 4 complex values into y(m) .. y(m + 15). */
        __m256d t0 = _mm256_unpacklo_pd(v[0], v[1]), t1 = _mm256_unpackhi_pd(v[0], v[1]);
        __m256d t2 = _mm256_unpacklo_pd(v[2], v[3]), t3 = _mm256_unpackhi_pd(v[2], v[3]);
        double *o = (double *)(void *)(yf + 2 * m);
        _mm256_storeu_pd(o, _mm256_permute2f128_pd(t0, t2, 0x20));
        _mm256_storeu_pd(o + 4, _mm256_permute2f128_pd(t1, t3, 0x20));
        _mm256_storeu_pd(o + 8, _mm256_permute2f128_pd(t0, t2, 0x31));
        _mm256_storeu_pd(o + 12, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
    return m;
}

/* The 8-output pass below for a constant tap count without a tail, its tap
 * loop unrolled (no counter between the groups): the same multiply-adds in
 * the same order and the same reduction. Returns the outputs done. */
static inline __attribute__((always_inline)) size_t fir8_whole(const float *dt, const size_t ntaps,
                                                               const float *xf, size_t nout,
                                                               size_t decim, float *yf)
{
    const size_t step = 2 * decim;
    size_t m = 0;
    for (; m + 8 <= nout; m += 8) {
        const float *x0 = xf + 2 * m * decim;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        __m256 a4 = a0, a5 = a0, a6 = a0, a7 = a0;
#pragma GCC unroll 32
        for (size_t j = 0; j < ntaps; j += 4) {
            const __m256 t = _mm256_loadu_ps(dt + 2 * j);
            const float *xj = x0 + 2 * j;
            a0 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj), a0);
            a1 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + step), a1);
            a2 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 2 * step), a2);
            a3 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 3 * step), a3);
            a4 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 4 * step), a4);
            a5 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 5 * step), a5);
            a6 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 6 * step), a6);
            a7 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 7 * step), a7);
        }
        _mm256_storeu_ps(yf + 2 * m, reduce4(a0, a1, a2, a3));
        _mm256_storeu_ps(yf + 2 * m + 8, reduce4(a4, a5, a6, a7));
    }
    return m;
}

static void firdecim(const float *dtaps, size_t ntaps, const float complex *x, size_t nout,
                     size_t decim, float complex *y)
{
    if (ntaps == 44 && decim == 3 && nout >= 16) { /* the 288 kS/s channel filter */
        size_t done = fir_shared(dtaps, (const float *)x, nout, (float *)y, 11, 3);
        x += done * decim;
        y += done;
        nout -= done;
    }
    const float *xf = (const float *)x, *dt = dtaps;
    float *yf = (float *)y;
    const size_t n4 = ntaps & ~(size_t)3, step = 2 * decim;
    size_t m = 0;
    switch (ntaps) { /* the channelizer's other padded filter lengths */
    case 56:
        m = fir8_whole(dt, 56, xf, nout, decim, yf);
        break;
    case 64:
        m = fir8_whole(dt, 64, xf, nout, decim, yf);
        break;
    case 68:
        m = fir8_whole(dt, 68, xf, nout, decim, yf);
        break;
    case 72:
        m = fir8_whole(dt, 72, xf, nout, decim, yf);
        break;
    default:
        break;
    }
    /* Eight outputs per pass, two tap groups per iteration: the tap load and
     * the loop overhead are shared by more multiply-adds. Each output still
     * accumulates its tap groups in order: the same bits as four per pass. */
    for (; m + 8 <= nout; m += 8) {
        const float *x0 = xf + 2 * m * decim, *x1 = x0 + step, *x2 = x1 + step, *x3 = x2 + step;
        const float *x4 = x3 + step, *x5 = x4 + step, *x6 = x5 + step, *x7 = x6 + step;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        __m256 a4 = a0, a5 = a0, a6 = a0, a7 = a0;
#define FIR8(t, o)                                                                                 \
    do {                                                                                           \
        a0 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x0 + (o)), a0);                                    \
        a1 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x1 + (o)), a1);                                    \
        a2 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x2 + (o)), a2);                                    \
        a3 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x3 + (o)), a3);                                    \
        a4 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x4 + (o)), a4);                                    \
        a5 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x5 + (o)), a5);                                    \
        a6 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x6 + (o)), a6);                                    \
        a7 = _mm256_fmadd_ps(t, _mm256_loadu_ps(x7 + (o)), a7);                                    \
    } while (0)
        size_t j = 0;
        for (; j + 8 <= n4; j += 8) {
            __m256 t = _mm256_loadu_ps(dt + 2 * j), u = _mm256_loadu_ps(dt + 2 * j + 8);
            FIR8(t, 2 * j);
            FIR8(u, 2 * j + 8);
        }
        if (j < n4) {
            __m256 t = _mm256_loadu_ps(dt + 2 * j);
            FIR8(t, 2 * j);
        }
#undef FIR8
        if (n4 == ntaps) { /* no tail: reduce four outputs at once */
            _mm256_storeu_ps(yf + 2 * m, reduce4(a0, a1, a2, a3));
            _mm256_storeu_ps(yf + 2 * m + 8, reduce4(a4, a5, a6, a7));
            continue;
        }
        __m128 s0 = fold(a0), s1 = fold(a1), s2 = fold(a2), s3 = fold(a3);
        __m128 s4 = fold(a4), s5 = fold(a5), s6 = fold(a6), s7 = fold(a7);
        {
            s0 = fir_tail(dt, x0, n4, ntaps, s0);
            s1 = fir_tail(dt, x1, n4, ntaps, s1);
            s2 = fir_tail(dt, x2, n4, ntaps, s2);
            s3 = fir_tail(dt, x3, n4, ntaps, s3);
            s4 = fir_tail(dt, x4, n4, ntaps, s4);
            s5 = fir_tail(dt, x5, n4, ntaps, s5);
            s6 = fir_tail(dt, x6, n4, ntaps, s6);
            s7 = fir_tail(dt, x7, n4, ntaps, s7);
        }
        _mm_storeu_ps(yf + 2 * m, pair(s0, s1));
        _mm_storeu_ps(yf + 2 * m + 4, pair(s2, s3));
        _mm_storeu_ps(yf + 2 * m + 8, pair(s4, s5));
        _mm_storeu_ps(yf + 2 * m + 12, pair(s6, s7));
    }
    for (; m + 4 <= nout; m += 4) {
        const float *xa = xf + 2 * m * decim, *xb = xa + step, *xc = xb + step, *xd = xc + step;
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
        __m256 c = _mm256_setzero_ps(), d = _mm256_setzero_ps();
        for (size_t j = 0; j < n4; j += 4) {
            __m256 t = _mm256_loadu_ps(dt + 2 * j);
            a = _mm256_fmadd_ps(t, _mm256_loadu_ps(xa + 2 * j), a);
            b = _mm256_fmadd_ps(t, _mm256_loadu_ps(xb + 2 * j), b);
            c = _mm256_fmadd_ps(t, _mm256_loadu_ps(xc + 2 * j), c);
            d = _mm256_fmadd_ps(t, _mm256_loadu_ps(xd + 2 * j), d);
        }
        __m128 sa = fold(a), sb = fold(b), sc = fold(c), sd = fold(d);
        if (n4 < ntaps) {
            sa = fir_tail(dt, xa, n4, ntaps, sa);
            sb = fir_tail(dt, xb, n4, ntaps, sb);
            sc = fir_tail(dt, xc, n4, ntaps, sc);
            sd = fir_tail(dt, xd, n4, ntaps, sd);
        }
        _mm_storeu_ps(yf + 2 * m, pair(sa, sb));
        _mm_storeu_ps(yf + 2 * m + 4, pair(sc, sd));
    }
    for (; m + 2 <= nout; m += 2) {
        const float *xa = xf + 2 * m * decim, *xb = xa + step;
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
        for (size_t j = 0; j < n4; j += 4) {
            __m256 t = _mm256_loadu_ps(dt + 2 * j);
            a = _mm256_fmadd_ps(t, _mm256_loadu_ps(xa + 2 * j), a);
            b = _mm256_fmadd_ps(t, _mm256_loadu_ps(xb + 2 * j), b);
        }
        __m128 sa = fir_tail(dt, xa, n4, ntaps, fold(a));
        __m128 sb = fir_tail(dt, xb, n4, ntaps, fold(b));
        _mm_storeu_ps(yf + 2 * m, pair(sa, sb));
    }
    if (m < nout) y[m] = fir_one(dtaps, ntaps, xf + 2 * m * decim);
}

/* Passes of 32 outputs from m on while they fit; returns where they end. A
 * constant ntaps (the 288 kS/s stage 1's 12) unrolls the tap loop: no loop
 * counter or pointer updates between the broadcasts. */
static inline __attribute__((always_inline)) size_t hb_passes(const float *dtaps,
                                                              const size_t ntaps, __m256 cv,
                                                              const float *x, const float *c,
                                                              size_t nout, float *o)
{
    size_t m = 0;
    for (; m + 32 <= nout; m += 32) {
        const float *xp = x + 2 * m;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
        __m256 a7 = a0;
#pragma GCC unroll 12
        for (size_t j = 0; j < ntaps; j++) {
            const __m256 t = _mm256_broadcast_ss(dtaps + 2 * j);
            const float *xj = xp + 2 * j;
            a0 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj), a0);
            a1 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 8), a1);
            a2 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 16), a2);
            a3 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 24), a3);
            a4 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 32), a4);
            a5 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 40), a5);
            a6 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 48), a6);
            a7 = _mm256_fmadd_ps(t, _mm256_loadu_ps(xj + 56), a7);
        }
        float *op = o + 2 * m;
        const float *cp = c + 2 * m;
        _mm256_storeu_ps(op, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp), a0));
        _mm256_storeu_ps(op + 8, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 8), a1));
        _mm256_storeu_ps(op + 16, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 16), a2));
        _mm256_storeu_ps(op + 24, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 24), a3));
        _mm256_storeu_ps(op + 32, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 32), a4));
        _mm256_storeu_ps(op + 40, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 40), a5));
        _mm256_storeu_ps(op + 48, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 48), a6));
        _mm256_storeu_ps(op + 56, _mm256_fmadd_ps(cv, _mm256_loadu_ps(cp + 56), a7));
    }
    return m;
}

/* Across outputs: the polyphase is contiguous, so a vector holds 4
 * consecutive outputs, each tap is broadcast (a load, no shuffle) and
 * multiplies 8 vectors (32 outputs) of input: no horizontal sums, and 8
 * independent accumulators cover the multiply-add latency. */
static void hbdecim(const float *dtaps, size_t ntaps, float centre, const float complex *xf,
                    const float complex *xc, size_t nout, float complex *y)
{
    const float *x = (const float *)xf, *c = (const float *)xc;
    float *o = (float *)y;
    const __m256 cv = _mm256_set1_ps(centre);
    size_t m = ntaps == 12 ? hb_passes(dtaps, 12, cv, x, c, nout, o)
                           : hb_passes(dtaps, ntaps, cv, x, c, nout, o);
    for (; m + 4 <= nout; m += 4) {
        __m256 a = _mm256_setzero_ps();
        for (size_t j = 0; j < ntaps; j++)
            a = _mm256_fmadd_ps(_mm256_broadcast_ss(dtaps + 2 * j),
                                _mm256_loadu_ps(x + 2 * (m + j)), a);
        _mm256_storeu_ps(o + 2 * m, _mm256_fmadd_ps(cv, _mm256_loadu_ps(c + 2 * m), a));
    }
    kern_hbdecim_crcf_generic(dtaps, ntaps, centre, xf + m, xc + m, nout - m, y + m);
}

/* Every other sample, a complex sample as one 64-bit lane: 4 per pass from
 * 8, the last pass only while its 8th sample is still inside x. */
static void even(const float complex *x, size_t n, float complex *y)
{
    const double *xd = (const double *)(const void *)x;
    size_t k = 0;
    for (; k + 4 < n; k += 4) { /* reads x[2k .. 2k + 7], 2k + 7 <= 2n - 3 */
        __m256d v0 = _mm256_loadu_pd(xd + 2 * k), v1 = _mm256_loadu_pd(xd + 2 * k + 4);
        __m256d e = _mm256_unpacklo_pd(v0, v1); /* x0 x4 x2 x6 */
        _mm256_storeu_pd((double *)(void *)(y + k), _mm256_permute4x64_pd(e, 0xd8));
    }
    kern_even_cf_generic(x + 2 * k, n - k, y + k);
}

/* Accumulate [ar*br, ai*br] in *p and [ai*bi, ar*bi] in *q. */
static inline void dot_parts(const float complex *x, const float complex *h, size_t n, __m256 *p,
                             __m256 *q)
{
    const float *a = (const float *)x, *b = (const float *)h;
    __m256 p0 = _mm256_setzero_ps(), q0 = _mm256_setzero_ps();
    __m256 p1 = _mm256_setzero_ps(), q1 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 va = _mm256_loadu_ps(a + 2 * k), vb = _mm256_loadu_ps(b + 2 * k);
        __m256 wa = _mm256_loadu_ps(a + 2 * k + 8), wb = _mm256_loadu_ps(b + 2 * k + 8);
        p0 = _mm256_fmadd_ps(va, _mm256_moveldup_ps(vb), p0);
        q0 = _mm256_fmadd_ps(_mm256_permute_ps(va, 0xb1), _mm256_movehdup_ps(vb), q0);
        p1 = _mm256_fmadd_ps(wa, _mm256_moveldup_ps(wb), p1);
        q1 = _mm256_fmadd_ps(_mm256_permute_ps(wa, 0xb1), _mm256_movehdup_ps(wb), q1);
    }
    for (; k + 4 <= n; k += 4) {
        __m256 va = _mm256_loadu_ps(a + 2 * k), vb = _mm256_loadu_ps(b + 2 * k);
        p0 = _mm256_fmadd_ps(va, _mm256_moveldup_ps(vb), p0);
        q0 = _mm256_fmadd_ps(_mm256_permute_ps(va, 0xb1), _mm256_movehdup_ps(vb), q0);
    }
    if (k < n) { /* 1..3 left: masked loads */
        const __m256i idx = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
        __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - k)), idx);
        __m256 va = _mm256_maskload_ps(a + 2 * k, mask), vb = _mm256_maskload_ps(b + 2 * k, mask);
        p0 = _mm256_fmadd_ps(va, _mm256_moveldup_ps(vb), p0);
        q0 = _mm256_fmadd_ps(_mm256_permute_ps(va, 0xb1), _mm256_movehdup_ps(vb), q0);
    }
    *p = _mm256_add_ps(p0, p1);
    *q = _mm256_add_ps(q0, q1);
}

static float complex dot(const float complex *x, const float complex *h, size_t n)
{
    __m256 p, q;
    dot_parts(x, h, n, &p, &q);
    float complex sp = hsum_c(p), sq = hsum_c(q);
    return CMPLXF(crealf(sp) - crealf(sq), cimagf(sp) + cimagf(sq));
}

static float complex dotc(const float complex *x, const float complex *h, size_t n)
{
    __m256 p, q;
    dot_parts(x, h, n, &p, &q);
    float complex sp = hsum_c(p), sq = hsum_c(q);
    return CMPLXF(crealf(sp) + crealf(sq), cimagf(sp) - cimagf(sq));
}

/* Correlation vectorised across outputs: 16 (then 8) outputs per pass,
 * each template tap broadcast (prepared once per call for short templates,
 * the preamble detector's case), so there is no horizontal sum at all:
 *   y[m..m+3] += x[m+k..m+k+3] * [hr hr ..] + swap(x[m+k..]) * [hi -hi ..] */
#define CORR_MAXH 64
/* y = corr(x, h); when yc is given also yc = corr(x, conj(h)) = a - b where
 * y = a + b (conj(h) negates hi, so b exactly). */
static inline void corr_core(const float complex *x, size_t nout, const float complex *h, size_t nh,
                             float complex *y, float complex *yc)
{
    size_t m = 0;
    if (nh <= CORR_MAXH && nout >= 8) {
        __m256 hr[CORR_MAXH], hi[CORR_MAXH];
        const __m256 alt = _mm256_setr_ps(0.0f, -0.0f, 0.0f, -0.0f, 0.0f, -0.0f, 0.0f, -0.0f);
        for (size_t k = 0; k < nh; k++) {
            hr[k] = _mm256_set1_ps(crealf(h[k]));
            hi[k] = _mm256_xor_ps(_mm256_set1_ps(cimagf(h[k])), alt);
        }
        const float *xf = (const float *)x;
        float *yf = (float *)y, *ycf = (float *)yc;
        /* 16 outputs: 8 independent accumulators hide the FMA latency. */
        for (; m + 16 <= nout; m += 16) {
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            __m256 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            const float *xp = xf + 2 * m;
            for (size_t k = 0; k < nh; k++) {
                const float *q = xp + 2 * k;
                __m256 v0 = _mm256_loadu_ps(q), v1 = _mm256_loadu_ps(q + 8);
                __m256 v2 = _mm256_loadu_ps(q + 16), v3 = _mm256_loadu_ps(q + 24);
                a0 = _mm256_fmadd_ps(v0, hr[k], a0);
                a1 = _mm256_fmadd_ps(v1, hr[k], a1);
                a2 = _mm256_fmadd_ps(v2, hr[k], a2);
                a3 = _mm256_fmadd_ps(v3, hr[k], a3);
                b0 = _mm256_fmadd_ps(_mm256_permute_ps(v0, 0xb1), hi[k], b0);
                b1 = _mm256_fmadd_ps(_mm256_permute_ps(v1, 0xb1), hi[k], b1);
                b2 = _mm256_fmadd_ps(_mm256_permute_ps(v2, 0xb1), hi[k], b2);
                b3 = _mm256_fmadd_ps(_mm256_permute_ps(v3, 0xb1), hi[k], b3);
            }
            _mm256_storeu_ps(yf + 2 * m, _mm256_add_ps(a0, b0));
            _mm256_storeu_ps(yf + 2 * m + 8, _mm256_add_ps(a1, b1));
            _mm256_storeu_ps(yf + 2 * m + 16, _mm256_add_ps(a2, b2));
            _mm256_storeu_ps(yf + 2 * m + 24, _mm256_add_ps(a3, b3));
            if (yc) {
                _mm256_storeu_ps(ycf + 2 * m, _mm256_sub_ps(a0, b0));
                _mm256_storeu_ps(ycf + 2 * m + 8, _mm256_sub_ps(a1, b1));
                _mm256_storeu_ps(ycf + 2 * m + 16, _mm256_sub_ps(a2, b2));
                _mm256_storeu_ps(ycf + 2 * m + 24, _mm256_sub_ps(a3, b3));
            }
        }
        for (; m + 8 <= nout; m += 8) {
            __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
            __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps();
            const float *xp = xf + 2 * m;
            for (size_t k = 0; k < nh; k++) {
                __m256 v0 = _mm256_loadu_ps(xp + 2 * k), v1 = _mm256_loadu_ps(xp + 2 * k + 8);
                a0 = _mm256_fmadd_ps(v0, hr[k], a0);
                a1 = _mm256_fmadd_ps(v1, hr[k], a1);
                b0 = _mm256_fmadd_ps(_mm256_permute_ps(v0, 0xb1), hi[k], b0);
                b1 = _mm256_fmadd_ps(_mm256_permute_ps(v1, 0xb1), hi[k], b1);
            }
            _mm256_storeu_ps(yf + 2 * m, _mm256_add_ps(a0, b0));
            _mm256_storeu_ps(yf + 2 * m + 8, _mm256_add_ps(a1, b1));
            if (yc) {
                _mm256_storeu_ps(ycf + 2 * m, _mm256_sub_ps(a0, b0));
                _mm256_storeu_ps(ycf + 2 * m + 8, _mm256_sub_ps(a1, b1));
            }
        }
    }
    for (; m < nout; m++) {
        y[m] = dotc(x + m, h, nh);
        if (yc) yc[m] = dot(x + m, h, nh); /* = dotc(x, conj(h)): the q parts change sign */
    }
}

static void corr(const float complex *x, size_t nout, const float complex *h, size_t nh,
                 float complex *y)
{
    corr_core(x, nout, h, nh, y, NULL);
}

static void corr2(const float complex *x, size_t nout, const float complex *h, size_t nh,
                  float complex *y, float complex *yc)
{
    corr_core(x, nout, h, nh, y, yc);
}

/* atan2 of 8 lanes, same polynomial as kern_atan2f. */
static inline __m256 atan2_8(__m256 y, __m256 x)
{
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 ax = _mm256_andnot_ps(sign, x), ay = _mm256_andnot_ps(sign, y);
    __m256 mx = _mm256_max_ps(ax, ay), mn = _mm256_min_ps(ax, ay);
    __m256 a = _mm256_div_ps(mn, _mm256_add_ps(mx, _mm256_set1_ps(1e-30f)));
    __m256 s = _mm256_mul_ps(a, a);
    __m256 r = _mm256_fmadd_ps(_mm256_set1_ps(0.0208351f), s, _mm256_set1_ps(-0.085133f));
    r = _mm256_fmadd_ps(r, s, _mm256_set1_ps(0.180141f));
    r = _mm256_fmadd_ps(r, s, _mm256_set1_ps(-0.3302995f));
    r = _mm256_fmadd_ps(r, s, _mm256_set1_ps(0.999866f));
    r = _mm256_mul_ps(r, a);
    __m256 swap = _mm256_cmp_ps(ay, ax, _CMP_GT_OQ);
    r = _mm256_blendv_ps(r, _mm256_sub_ps(_mm256_set1_ps(1.57079637f), r), swap);
    __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    r = _mm256_blendv_ps(r, _mm256_sub_ps(_mm256_set1_ps(3.14159274f), r), neg);
    __m256 yneg = _mm256_cmp_ps(y, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(r, _mm256_sub_ps(_mm256_setzero_ps(), r), yneg);
}

/* 8 complex samples at a -> re, im in sample order. */
static inline void deinterleave(const float *a, __m256 *re, __m256 *im)
{
    __m256 v0 = _mm256_loadu_ps(a), v1 = _mm256_loadu_ps(a + 8);
    __m256 r = _mm256_shuffle_ps(v0, v1, 0x88), i = _mm256_shuffle_ps(v0, v1, 0xdd);
    /* lanes are [0 1 4 5 | 2 3 6 7]: fix the 64-bit order */
    *re = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(r), 0xd8));
    *im = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(i), 0xd8));
}

static void arg(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 re, im;
        deinterleave(a + 2 * k, &re, &im);
        _mm256_storeu_ps(y + k, atan2_8(im, re));
    }
    kern_arg_cf_generic(x + k, n - k, y + k);
}

static void freqdisc(const float complex *x, size_t n, float complex *prev, float *y)
{
    if (n == 0) return;
    /* y[0] from *prev, then vectors where x[k - 1] is in the array. */
    kern_freqdisc_cf_generic(x, 1, prev, y);
    const float *a = (const float *)x;
    size_t k = 1;
    for (; k + 8 <= n; k += 8) {
        __m256 cr, ci, pr, pi;
        deinterleave(a + 2 * k, &cr, &ci);
        deinterleave(a + 2 * k - 2, &pr, &pi);
        /* x * conj(p) */
        __m256 re = _mm256_fmadd_ps(ci, pi, _mm256_mul_ps(cr, pr));
        __m256 im = _mm256_fmsub_ps(ci, pr, _mm256_mul_ps(cr, pi));
        _mm256_storeu_ps(y + k, atan2_8(im, re));
    }
    float complex p = x[k - 1];
    kern_freqdisc_cf_generic(x + k, n - k, &p, y + k);
    *prev = x[n - 1];
}

static void mag2(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 re, im;
        deinterleave(a + 2 * k, &re, &im);
        /* no fused multiply-add: bit-exact with the generic flavour */
        _mm256_storeu_ps(y + k, _mm256_add_ps(_mm256_mul_ps(re, re), _mm256_mul_ps(im, im)));
    }
    kern_mag2_cf_generic(x + k, n - k, y + k);
}

static float energy(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    __m256 e0 = _mm256_setzero_ps(), e1 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 v = _mm256_loadu_ps(a + 2 * k), w = _mm256_loadu_ps(a + 2 * k + 8);
        e0 = _mm256_fmadd_ps(v, v, e0);
        e1 = _mm256_fmadd_ps(w, w, e1);
    }
    float complex s = hsum_c(_mm256_add_ps(e0, e1));
    return crealf(s) + cimagf(s) + kern_energy_cf_generic(x + k, n - k);
}

static float complex sum(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(a + 2 * k));
        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(a + 2 * k + 8));
    }
    return hsum_c(_mm256_add_ps(s0, s1)) + kern_sum_cf_generic(x + k, n - k);
}

/* No fused multiply-add here: bit-exact with the generic flavour. */
static void lagprod(const float complex *c, size_t n, size_t lag, float *re, float *im)
{
    const float *v = (const float *)c, *u = (const float *)(c + lag);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 ur, ui, vr, vi;
        deinterleave(u + 2 * k, &ur, &ui);
        deinterleave(v + 2 * k, &vr, &vi);
        _mm256_storeu_ps(re + k, _mm256_add_ps(_mm256_mul_ps(ur, vr), _mm256_mul_ps(ui, vi)));
        _mm256_storeu_ps(im + k, _mm256_sub_ps(_mm256_mul_ps(ui, vr), _mm256_mul_ps(ur, vi)));
    }
    kern_lagprod_cf_generic(c + k, n - k, lag, re + k, im + k);
}

static void comb4_mag2(const float *re, const float *im, size_t stride, size_t n, float *y)
{
    size_t k = 0;
    const size_t s2 = 2 * stride, s3 = 3 * stride;
    for (; k + 8 <= n; k += 8) {
        __m256 ar = _mm256_add_ps(_mm256_loadu_ps(re + k), _mm256_loadu_ps(re + k + stride));
        __m256 ai = _mm256_add_ps(_mm256_loadu_ps(im + k), _mm256_loadu_ps(im + k + stride));
        ar = _mm256_add_ps(ar, _mm256_loadu_ps(re + k + s2));
        ai = _mm256_add_ps(ai, _mm256_loadu_ps(im + k + s2));
        ar = _mm256_add_ps(ar, _mm256_loadu_ps(re + k + s3));
        ai = _mm256_add_ps(ai, _mm256_loadu_ps(im + k + s3));
        _mm256_storeu_ps(y + k, _mm256_add_ps(_mm256_mul_ps(ar, ar), _mm256_mul_ps(ai, ai)));
    }
    kern_comb4_mag2_f_generic(re + k, im + k, stride, n - k, y + k);
}

/* Coherent sums across lags, 8 lags per pass, separate multiplies and adds:
 * bit-exact with the generic flavour. */
static void cohmag(const float complex *c, size_t stride, size_t nseg, const float complex *ph,
                   size_t n, float *y)
{
    const float *a = (const float *)c, *p = (const float *)ph;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 ar = _mm256_setzero_ps(), ai = _mm256_setzero_ps();
        for (size_t s = 0; s < nseg; s++) {
            __m256 cr, ci;
            deinterleave(a + 2 * (s * stride + k), &cr, &ci);
            __m256 pr = _mm256_set1_ps(p[2 * s]), pi = _mm256_set1_ps(p[2 * s + 1]);
            __m256 tr = _mm256_sub_ps(_mm256_mul_ps(cr, pr), _mm256_mul_ps(ci, pi));
            __m256 ti = _mm256_add_ps(_mm256_mul_ps(cr, pi), _mm256_mul_ps(ci, pr));
            ar = _mm256_add_ps(ar, tr);
            ai = _mm256_add_ps(ai, ti);
        }
        _mm256_storeu_ps(
            y + k, _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(ar, ar), _mm256_mul_ps(ai, ai))));
    }
    kern_cohmag_cf_generic(c + k, stride, nseg, ph, n - k, y + k);
}

static void diffmag(const float complex *c, size_t stride, size_t nseg, size_t n, float *y)
{
    const float *a = (const float *)c;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 ar = _mm256_setzero_ps(), ai = _mm256_setzero_ps(), vr, vi;
        deinterleave(a + 2 * k, &vr, &vi);
        for (size_t s = 1; s < nseg; s++) {
            __m256 ur, ui;
            deinterleave(a + 2 * (s * stride + k), &ur, &ui);
            __m256 tr = _mm256_add_ps(_mm256_mul_ps(ur, vr), _mm256_mul_ps(ui, vi));
            __m256 ti = _mm256_sub_ps(_mm256_mul_ps(ui, vr), _mm256_mul_ps(ur, vi));
            ar = _mm256_add_ps(ar, tr);
            ai = _mm256_add_ps(ai, ti);
            vr = ur;
            vi = ui;
        }
        _mm256_storeu_ps(
            y + k, _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(ar, ar), _mm256_mul_ps(ai, ai))));
    }
    kern_diffmag_cf_generic(c + k, stride, nseg, n - k, y + k);
}

/* Four double lanes in one register: lane j takes samples k = j mod 4. */
static double energy_cd(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    __m256d acc = _mm256_setzero_pd();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 re, im;
        deinterleave(a + 2 * k, &re, &im);
        __m256 m = _mm256_add_ps(_mm256_mul_ps(re, re), _mm256_mul_ps(im, im));
        acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm256_castps256_ps128(m)));
        acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm256_extractf128_ps(m, 1)));
    }
    double lane[4];
    _mm256_storeu_pd(lane, acc);
    kern_energy_cd_lanes_generic(x + k, n - k, k, lane);
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

/* Eight windows per test; a block with a pass goes to the generic scan. */
static size_t thr_first(const float *m2, const float *nrm, float thr2, size_t n)
{
    const __m256 tv = _mm256_set1_ps(thr2), tiny = _mm256_set1_ps(1e-30f);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 v = _mm256_loadu_ps(nrm + k);
        __m256 t = _mm256_mul_ps(_mm256_mul_ps(tv, v), v);
        __m256 pass = _mm256_and_ps(_mm256_cmp_ps(_mm256_loadu_ps(m2 + k), t, _CMP_NLT_UQ),
                                    _mm256_cmp_ps(v, tiny, _CMP_NLE_UQ));
        if (_mm256_movemask_ps(pass)) return k + kern_thr_first_f_generic(m2 + k, nrm + k, thr2, 8);
    }
    return k + kern_thr_first_f_generic(m2 + k, nrm + k, thr2, n - k);
}

void kern_fill_avx2(struct kern_table *t)
{
    t->conv_cu8_cf = conv_cu8;
    t->conv_cs8_cf = conv_cs8;
    t->conv_cs16_cf = conv_cs16;
    t->conv_cf32_cf = conv_cf32;
    t->mul_cccf = mul;
    t->rotate_cccf = rotate;
    t->firdecim_crcf = firdecim;
    t->hbdecim_crcf = hbdecim;
    t->conv_cu8_deint_cf = conv_cu8_deint;
    t->even_cf = even;
    t->dot_cccf = dot;
    t->dotc_cccf = dotc;
    t->corr_cccf = corr;
    t->arg_cf = arg;
    t->freqdisc_cf = freqdisc;
    t->mag2_cf = mag2;
    t->energy_cf = energy;
    t->sum_cf = sum;
    t->lagprod_cf = lagprod;
    t->comb4_mag2_f = comb4_mag2;
    t->corr2_cccf = corr2;
    t->cohmag_cf = cohmag;
    t->diffmag_cf = diffmag;
    t->energy_cd = energy_cd;
    t->thr_first_f = thr_first;
}
