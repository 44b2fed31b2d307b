/* kern_sse2.c: the SSE2 flavour of the DSP kernels (see kernels.h): the
 * baseline of every x86-64 CPU. Compiled with -msse2 only (no SSE3 addsub, no
 * SSE4.1 blends, no FMA). A vector holds 2 interleaved complex samples; tails
 * fall to the generic code. */
#include "dsp/kernels.h"

#include <emmintrin.h>
#include <math.h>

#define SHUF(v, a, b, c, d) _mm_shuffle_ps((v), (v), _MM_SHUFFLE(d, c, b, a))

static inline float complex hsum_c(__m128 s)
{
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    float f[4];
    _mm_storeu_ps(f, s);
    return CMPLXF(f[0], f[1]);
}

/* a * b for 2 complex lanes. */
static inline __m128 cmul(__m128 a, __m128 b)
{
    const __m128 neg_even = _mm_setr_ps(-0.0f, 0.0f, -0.0f, 0.0f);
    __m128 br = SHUF(b, 0, 0, 2, 2), bi = SHUF(b, 1, 1, 3, 3);
    __m128 as = SHUF(a, 1, 0, 3, 2);
    return _mm_add_ps(_mm_mul_ps(a, br), _mm_xor_ps(_mm_mul_ps(as, bi), neg_even));
}

static void conv_cu8(const uint8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    const __m128 scale = _mm_set1_ps(1.0f / 128.0f), bias = _mm_setr_ps(br, bi, br, bi);
    const __m128i z = _mm_setzero_si128();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 2 * k));
        __m128i lo = _mm_unpacklo_epi8(v, z), hi = _mm_unpackhi_epi8(v, z);
        __m128 f0 = _mm_cvtepi32_ps(_mm_unpacklo_epi16(lo, z));
        __m128 f1 = _mm_cvtepi32_ps(_mm_unpackhi_epi16(lo, z));
        __m128 f2 = _mm_cvtepi32_ps(_mm_unpacklo_epi16(hi, z));
        __m128 f3 = _mm_cvtepi32_ps(_mm_unpackhi_epi16(hi, z));
        _mm_storeu_ps(o + 2 * k, _mm_add_ps(_mm_mul_ps(f0, scale), bias));
        _mm_storeu_ps(o + 2 * k + 4, _mm_add_ps(_mm_mul_ps(f1, scale), bias));
        _mm_storeu_ps(o + 2 * k + 8, _mm_add_ps(_mm_mul_ps(f2, scale), bias));
        _mm_storeu_ps(o + 2 * k + 12, _mm_add_ps(_mm_mul_ps(f3, scale), bias));
    }
    kern_conv_cu8_cf_generic(in + 2 * k, n - k, offset, out + k);
}

/* The same conversion, the 16-bit samples of each 16-byte load reordered
 * first: 4 even ones in the low 8 bytes, 4 odd ones in the high 8. */
static void conv_cu8_deint(const uint8_t *in, size_t n, float complex offset, float complex *a,
                           float complex *b)
{
    float *oa = (float *)a, *ob = (float *)b;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    const __m128 scale = _mm_set1_ps(1.0f / 128.0f), bias = _mm_setr_ps(br, bi, br, bi);
    const __m128i z = _mm_setzero_si128();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 2 * k));
        v = _mm_shufflehi_epi16(_mm_shufflelo_epi16(v, _MM_SHUFFLE(3, 1, 2, 0)),
                                _MM_SHUFFLE(3, 1, 2, 0));
        v = _mm_shuffle_epi32(v, _MM_SHUFFLE(3, 1, 2, 0));
        __m128i lo = _mm_unpacklo_epi8(v, z), hi = _mm_unpackhi_epi8(v, z);
        __m128 f0 = _mm_cvtepi32_ps(_mm_unpacklo_epi16(lo, z));
        __m128 f1 = _mm_cvtepi32_ps(_mm_unpackhi_epi16(lo, z));
        __m128 f2 = _mm_cvtepi32_ps(_mm_unpacklo_epi16(hi, z));
        __m128 f3 = _mm_cvtepi32_ps(_mm_unpackhi_epi16(hi, z));
        _mm_storeu_ps(oa + k, _mm_add_ps(_mm_mul_ps(f0, scale), bias));
        _mm_storeu_ps(oa + k + 4, _mm_add_ps(_mm_mul_ps(f1, scale), bias));
        _mm_storeu_ps(ob + k, _mm_add_ps(_mm_mul_ps(f2, scale), bias));
        _mm_storeu_ps(ob + k + 4, _mm_add_ps(_mm_mul_ps(f3, scale), bias));
    }
    kern_conv_cu8_deint_cf_generic(in + 2 * k, n - k, offset, a + k / 2, b + k / 2);
}

static void conv_cs8(const int8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const __m128 scale = _mm_set1_ps(1.0f / 128.0f), bias = _mm_setr_ps(br, bi, br, bi);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 2 * k));
        __m128i lo = _mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8);
        __m128i hi = _mm_srai_epi16(_mm_unpackhi_epi8(v, v), 8);
        __m128 f0 = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpacklo_epi16(lo, lo), 16));
        __m128 f1 = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpackhi_epi16(lo, lo), 16));
        __m128 f2 = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpacklo_epi16(hi, hi), 16));
        __m128 f3 = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpackhi_epi16(hi, hi), 16));
        _mm_storeu_ps(o + 2 * k, _mm_add_ps(_mm_mul_ps(f0, scale), bias));
        _mm_storeu_ps(o + 2 * k + 4, _mm_add_ps(_mm_mul_ps(f1, scale), bias));
        _mm_storeu_ps(o + 2 * k + 8, _mm_add_ps(_mm_mul_ps(f2, scale), bias));
        _mm_storeu_ps(o + 2 * k + 12, _mm_add_ps(_mm_mul_ps(f3, scale), bias));
    }
    kern_conv_cs8_cf_generic(in + 2 * k, n - k, offset, out + k);
}

static void conv_cs16(const int16_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const __m128 scale = _mm_set1_ps(1.0f / 32768.0f), bias = _mm_setr_ps(br, bi, br, bi);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 2 * k));
        __m128 f0 = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16));
        __m128 f1 = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16));
        _mm_storeu_ps(o + 2 * k, _mm_add_ps(_mm_mul_ps(f0, scale), bias));
        _mm_storeu_ps(o + 2 * k + 4, _mm_add_ps(_mm_mul_ps(f1, scale), bias));
    }
    kern_conv_cs16_cf_generic(in + 2 * k, n - k, offset, out + k);
}

static void conv_cf32(const float complex *in, size_t n, float complex offset, float complex *out)
{
    const float *i = (const float *)in;
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const __m128 bias = _mm_setr_ps(br, bi, br, bi);
    size_t k = 0;
    for (; k + 2 <= n; k += 2)
        _mm_storeu_ps(o + 2 * k, _mm_add_ps(_mm_loadu_ps(i + 2 * k), bias));
    kern_conv_cf32_cf_generic(in + k, n - k, offset, out + k);
}

static void mul(const float complex *x, const float complex *h, size_t n, float complex *y)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float *o = (float *)y;
    size_t k = 0;
    for (; k + 2 <= n; k += 2)
        _mm_storeu_ps(o + 2 * k, cmul(_mm_loadu_ps(a + 2 * k), _mm_loadu_ps(b + 2 * k)));
    kern_mul_cccf_generic(x + k, h + k, n - k, y + k);
}

static inline __m128 renorm(__m128 ph)
{
    __m128 m2 = _mm_mul_ps(ph, ph);
    m2 = _mm_add_ps(m2, SHUF(m2, 1, 0, 3, 2));
    return _mm_div_ps(ph, _mm_sqrt_ps(m2));
}

/* Four phasor chains, one per vector of an 8-sample pass, each stepped by
 * step^8: independent complex multiplies instead of one dependent chain. */
static void rotate(const float complex *x, size_t n, float complex *phase, float complex step,
                   float complex *y)
{
    const float *a = (const float *)x;
    float *o = (float *)y;
    float complex p = *phase;
    size_t k = 0;
    if (n >= 2) {
        float complex p1 = p * step, s2 = step * step, s8 = s2 * s2 * s2 * s2;
        __m128 ph0 = _mm_setr_ps(crealf(p), cimagf(p), crealf(p1), cimagf(p1));
        const __m128 st2 = _mm_setr_ps(crealf(s2), cimagf(s2), crealf(s2), cimagf(s2));
        const __m128 st = _mm_setr_ps(crealf(s8), cimagf(s8), crealf(s8), cimagf(s8));
        __m128 ph1 = cmul(ph0, st2), ph2 = cmul(ph1, st2), ph3 = cmul(ph2, st2);
        /* Runs of up to 64 passes, renormalised after each whole run (after
         * the pass at k = 504 mod 512): no test in the inner loop. */
        const size_t k8 = n & ~(size_t)7;
        while (k < k8) {
            size_t run_end = (k & ~(size_t)511) + 512, e = run_end < k8 ? run_end : k8;
            for (; k < e; k += 8) {
                _mm_storeu_ps(o + 2 * k, cmul(_mm_loadu_ps(a + 2 * k), ph0));
                _mm_storeu_ps(o + 2 * k + 4, cmul(_mm_loadu_ps(a + 2 * k + 4), ph1));
                _mm_storeu_ps(o + 2 * k + 8, cmul(_mm_loadu_ps(a + 2 * k + 8), ph2));
                _mm_storeu_ps(o + 2 * k + 12, cmul(_mm_loadu_ps(a + 2 * k + 12), ph3));
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
        for (; k + 2 <= n; k += 2) {
            _mm_storeu_ps(o + 2 * k, cmul(_mm_loadu_ps(a + 2 * k), ph0));
            ph0 = ph1;
            ph1 = ph2;
            ph2 = ph3;
        }
        float f[4];
        _mm_storeu_ps(f, ph0);
        p = CMPLXF(f[0], f[1]);
    }
    *phase = p;
    kern_rotate_cccf_generic(x + k, n - k, phase, step, y + k);
}

static inline float complex fir_one(const float *dt, size_t ntaps, const float *xp)
{
    __m128 acc0 = _mm_setzero_ps(), acc1 = _mm_setzero_ps();
    size_t j = 0;
    for (; j + 4 <= ntaps; j += 4) {
        acc0 = _mm_add_ps(acc0, _mm_mul_ps(_mm_loadu_ps(dt + 2 * j), _mm_loadu_ps(xp + 2 * j)));
        acc1 = _mm_add_ps(acc1,
                          _mm_mul_ps(_mm_loadu_ps(dt + 2 * j + 4), _mm_loadu_ps(xp + 2 * j + 4)));
    }
    __m128 s = _mm_add_ps(acc0, acc1);
    if (j + 2 <= ntaps) {
        s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(dt + 2 * j), _mm_loadu_ps(xp + 2 * j)));
        j += 2;
    }
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    if (j < ntaps)
        s = _mm_add_ps(s, _mm_mul_ps(_mm_castpd_ps(_mm_load_sd((const double *)(dt + 2 * j))),
                                     _mm_castpd_ps(_mm_load_sd((const double *)(xp + 2 * j)))));
    float f[4];
    _mm_storeu_ps(f, s);
    return CMPLXF(f[0], f[1]);
}

/* Two outputs per pass share the tap loads and one horizontal reduction. */
static void firdecim(const float *dtaps, size_t ntaps, const float complex *x, size_t nout,
                     size_t decim, float complex *y)
{
    const float *xf = (const float *)x;
    float *yf = (float *)y;
    size_t m = 0;
    for (; m + 2 <= nout; m += 2) {
        const float *xa = xf + 2 * m * decim, *xb = xa + 2 * decim, *dt = dtaps;
        __m128 a0 = _mm_setzero_ps(), a1 = _mm_setzero_ps();
        __m128 b0 = _mm_setzero_ps(), b1 = _mm_setzero_ps();
        size_t j = 0;
        for (; j + 4 <= ntaps; j += 4) {
            __m128 t0 = _mm_loadu_ps(dt + 2 * j), t1 = _mm_loadu_ps(dt + 2 * j + 4);
            a0 = _mm_add_ps(a0, _mm_mul_ps(t0, _mm_loadu_ps(xa + 2 * j)));
            a1 = _mm_add_ps(a1, _mm_mul_ps(t1, _mm_loadu_ps(xa + 2 * j + 4)));
            b0 = _mm_add_ps(b0, _mm_mul_ps(t0, _mm_loadu_ps(xb + 2 * j)));
            b1 = _mm_add_ps(b1, _mm_mul_ps(t1, _mm_loadu_ps(xb + 2 * j + 4)));
        }
        if (j + 2 <= ntaps) {
            __m128 t0 = _mm_loadu_ps(dt + 2 * j);
            a0 = _mm_add_ps(a0, _mm_mul_ps(t0, _mm_loadu_ps(xa + 2 * j)));
            b0 = _mm_add_ps(b0, _mm_mul_ps(t0, _mm_loadu_ps(xb + 2 * j)));
            j += 2;
        }
        __m128 sa = _mm_add_ps(a0, a1), sb = _mm_add_ps(b0, b1);
        if (j < ntaps) {
            __m128 t = _mm_castpd_ps(_mm_load_sd((const double *)(dt + 2 * j)));
            sa = _mm_add_ps(
                sa, _mm_mul_ps(t, _mm_castpd_ps(_mm_load_sd((const double *)(xa + 2 * j)))));
            sb = _mm_add_ps(
                sb, _mm_mul_ps(t, _mm_castpd_ps(_mm_load_sd((const double *)(xb + 2 * j)))));
        }
        _mm_storeu_ps(yf + 2 * m, _mm_add_ps(_mm_movelh_ps(sa, sb), _mm_movehl_ps(sb, sa)));
    }
    if (m < nout) y[m] = fir_one(dtaps, ntaps, xf + 2 * m * decim);
}

/* Across outputs: a vector holds 2 consecutive outputs, each tap is
 * broadcast once and multiplies 8 vectors (16 outputs) of input: no
 * horizontal sums. */
static void hbdecim(const float *dtaps, size_t ntaps, float centre, const float complex *xf,
                    const float complex *xc, size_t nout, float complex *y)
{
    const float *x = (const float *)xf, *c = (const float *)xc;
    float *o = (float *)y;
    const __m128 cv = _mm_set1_ps(centre);
    size_t m = 0;
    for (; m + 16 <= nout; m += 16) {
        const float *xp = x + 2 * m;
        __m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (size_t j = 0; j < ntaps; j++, xp += 2) {
            const __m128 t = _mm_load1_ps(dtaps + 2 * j);
            a0 = _mm_add_ps(a0, _mm_mul_ps(t, _mm_loadu_ps(xp)));
            a1 = _mm_add_ps(a1, _mm_mul_ps(t, _mm_loadu_ps(xp + 4)));
            a2 = _mm_add_ps(a2, _mm_mul_ps(t, _mm_loadu_ps(xp + 8)));
            a3 = _mm_add_ps(a3, _mm_mul_ps(t, _mm_loadu_ps(xp + 12)));
            a4 = _mm_add_ps(a4, _mm_mul_ps(t, _mm_loadu_ps(xp + 16)));
            a5 = _mm_add_ps(a5, _mm_mul_ps(t, _mm_loadu_ps(xp + 20)));
            a6 = _mm_add_ps(a6, _mm_mul_ps(t, _mm_loadu_ps(xp + 24)));
            a7 = _mm_add_ps(a7, _mm_mul_ps(t, _mm_loadu_ps(xp + 28)));
        }
        float *op = o + 2 * m;
        const float *cp = c + 2 * m;
        _mm_storeu_ps(op, _mm_add_ps(a0, _mm_mul_ps(cv, _mm_loadu_ps(cp))));
        _mm_storeu_ps(op + 4, _mm_add_ps(a1, _mm_mul_ps(cv, _mm_loadu_ps(cp + 4))));
        _mm_storeu_ps(op + 8, _mm_add_ps(a2, _mm_mul_ps(cv, _mm_loadu_ps(cp + 8))));
        _mm_storeu_ps(op + 12, _mm_add_ps(a3, _mm_mul_ps(cv, _mm_loadu_ps(cp + 12))));
        _mm_storeu_ps(op + 16, _mm_add_ps(a4, _mm_mul_ps(cv, _mm_loadu_ps(cp + 16))));
        _mm_storeu_ps(op + 20, _mm_add_ps(a5, _mm_mul_ps(cv, _mm_loadu_ps(cp + 20))));
        _mm_storeu_ps(op + 24, _mm_add_ps(a6, _mm_mul_ps(cv, _mm_loadu_ps(cp + 24))));
        _mm_storeu_ps(op + 28, _mm_add_ps(a7, _mm_mul_ps(cv, _mm_loadu_ps(cp + 28))));
    }
    for (; m + 2 <= nout; m += 2) {
        __m128 a = _mm_setzero_ps();
        for (size_t j = 0; j < ntaps; j++)
            a = _mm_add_ps(a,
                           _mm_mul_ps(_mm_load1_ps(dtaps + 2 * j), _mm_loadu_ps(x + 2 * (m + j))));
        _mm_storeu_ps(o + 2 * m, _mm_add_ps(a, _mm_mul_ps(cv, _mm_loadu_ps(c + 2 * m))));
    }
    kern_hbdecim_crcf_generic(dtaps, ntaps, centre, xf + m, xc + m, nout - m, y + m);
}

/* Every other sample, a complex sample as one 64-bit lane: 2 per pass from
 * 4, the last pass only while its 4th sample is still inside x. */
static void even(const float complex *x, size_t n, float complex *y)
{
    const double *xd = (const double *)(const void *)x;
    size_t k = 0;
    for (; k + 2 < n; k += 2) /* reads x[2k .. 2k + 3], 2k + 3 <= 2n - 3 */
        _mm_storeu_pd((double *)(void *)(y + k),
                      _mm_unpacklo_pd(_mm_loadu_pd(xd + 2 * k), _mm_loadu_pd(xd + 2 * k + 2)));
    kern_even_cf_generic(x + 2 * k, n - k, y + k);
}

/* Accumulate [ar*br, ai*br] in *p and [ai*bi, ar*bi] in *q. */
static inline void dot_parts(const float complex *x, const float complex *h, size_t n, __m128 *p,
                             __m128 *q)
{
    const float *a = (const float *)x, *b = (const float *)h;
    __m128 p0 = _mm_setzero_ps(), q0 = _mm_setzero_ps();
    size_t k = 0;
    for (; k + 2 <= n; k += 2) {
        __m128 va = _mm_loadu_ps(a + 2 * k), vb = _mm_loadu_ps(b + 2 * k);
        p0 = _mm_add_ps(p0, _mm_mul_ps(va, SHUF(vb, 0, 0, 2, 2)));
        q0 = _mm_add_ps(q0, _mm_mul_ps(SHUF(va, 1, 0, 3, 2), SHUF(vb, 1, 1, 3, 3)));
    }
    if (k < n) {
        __m128 va = _mm_castpd_ps(_mm_load_sd((const double *)(a + 2 * k)));
        __m128 vb = _mm_castpd_ps(_mm_load_sd((const double *)(b + 2 * k)));
        p0 = _mm_add_ps(p0, _mm_mul_ps(va, SHUF(vb, 0, 0, 2, 2)));
        q0 = _mm_add_ps(q0, _mm_mul_ps(SHUF(va, 1, 0, 3, 2), SHUF(vb, 1, 1, 3, 3)));
    }
    *p = p0;
    *q = q0;
}

static float complex dot(const float complex *x, const float complex *h, size_t n)
{
    __m128 p, q;
    dot_parts(x, h, n, &p, &q);
    float complex sp = hsum_c(p), sq = hsum_c(q);
    return CMPLXF(crealf(sp) - crealf(sq), cimagf(sp) + cimagf(sq));
}

static float complex dotc(const float complex *x, const float complex *h, size_t n)
{
    __m128 p, q;
    dot_parts(x, h, n, &p, &q);
    float complex sp = hsum_c(p), sq = hsum_c(q);
    return CMPLXF(crealf(sp) + crealf(sq), cimagf(sp) - cimagf(sq));
}

/* Correlation vectorised across outputs: 8 outputs per pass (4 vectors of
 * 2), each template tap broadcast, no horizontal sums (see kern_avx2.c). */
#define CORR_MAXH 64
/* y = corr(x, h); when yc is given also yc = corr(x, conj(h)) = a - b where
 * y = a + b (conj(h) negates hi, so b exactly). */
static inline void corr_core(const float complex *x, size_t nout, const float complex *h, size_t nh,
                             float complex *y, float complex *yc)
{
    size_t m = 0;
    if (nh <= CORR_MAXH && nout >= 8) {
        __m128 hr[CORR_MAXH], hi[CORR_MAXH];
        const __m128 alt = _mm_setr_ps(0.0f, -0.0f, 0.0f, -0.0f);
        for (size_t k = 0; k < nh; k++) {
            hr[k] = _mm_set1_ps(crealf(h[k]));
            hi[k] = _mm_xor_ps(_mm_set1_ps(cimagf(h[k])), alt);
        }
        const float *xf = (const float *)x;
        float *yf = (float *)y, *ycf = (float *)yc;
        for (; m + 8 <= nout; m += 8) {
            __m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            __m128 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            const float *xp = xf + 2 * m;
            for (size_t k = 0; k < nh; k++) {
                const float *q = xp + 2 * k;
                __m128 v0 = _mm_loadu_ps(q), v1 = _mm_loadu_ps(q + 4);
                __m128 v2 = _mm_loadu_ps(q + 8), v3 = _mm_loadu_ps(q + 12);
                a0 = _mm_add_ps(a0, _mm_mul_ps(v0, hr[k]));
                a1 = _mm_add_ps(a1, _mm_mul_ps(v1, hr[k]));
                a2 = _mm_add_ps(a2, _mm_mul_ps(v2, hr[k]));
                a3 = _mm_add_ps(a3, _mm_mul_ps(v3, hr[k]));
                b0 = _mm_add_ps(b0, _mm_mul_ps(SHUF(v0, 1, 0, 3, 2), hi[k]));
                b1 = _mm_add_ps(b1, _mm_mul_ps(SHUF(v1, 1, 0, 3, 2), hi[k]));
                b2 = _mm_add_ps(b2, _mm_mul_ps(SHUF(v2, 1, 0, 3, 2), hi[k]));
                b3 = _mm_add_ps(b3, _mm_mul_ps(SHUF(v3, 1, 0, 3, 2), hi[k]));
            }
            _mm_storeu_ps(yf + 2 * m, _mm_add_ps(a0, b0));
            _mm_storeu_ps(yf + 2 * m + 4, _mm_add_ps(a1, b1));
            _mm_storeu_ps(yf + 2 * m + 8, _mm_add_ps(a2, b2));
            _mm_storeu_ps(yf + 2 * m + 12, _mm_add_ps(a3, b3));
            if (yc) {
                _mm_storeu_ps(ycf + 2 * m, _mm_sub_ps(a0, b0));
                _mm_storeu_ps(ycf + 2 * m + 4, _mm_sub_ps(a1, b1));
                _mm_storeu_ps(ycf + 2 * m + 8, _mm_sub_ps(a2, b2));
                _mm_storeu_ps(ycf + 2 * m + 12, _mm_sub_ps(a3, b3));
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

static inline __m128 sel(__m128 mask, __m128 a, __m128 b) /* mask ? a : b */
{
    return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b));
}

static inline __m128 atan2_4(__m128 y, __m128 x)
{
    const __m128 sign = _mm_set1_ps(-0.0f);
    __m128 ax = _mm_andnot_ps(sign, x), ay = _mm_andnot_ps(sign, y);
    __m128 mx = _mm_max_ps(ax, ay), mn = _mm_min_ps(ax, ay);
    __m128 a = _mm_div_ps(mn, _mm_add_ps(mx, _mm_set1_ps(1e-30f)));
    __m128 s = _mm_mul_ps(a, a);
    __m128 r = _mm_add_ps(_mm_mul_ps(_mm_set1_ps(0.0208351f), s), _mm_set1_ps(-0.085133f));
    r = _mm_add_ps(_mm_mul_ps(r, s), _mm_set1_ps(0.180141f));
    r = _mm_add_ps(_mm_mul_ps(r, s), _mm_set1_ps(-0.3302995f));
    r = _mm_add_ps(_mm_mul_ps(r, s), _mm_set1_ps(0.999866f));
    r = _mm_mul_ps(r, a);
    r = sel(_mm_cmpgt_ps(ay, ax), _mm_sub_ps(_mm_set1_ps(1.57079637f), r), r);
    r = sel(_mm_cmplt_ps(x, _mm_setzero_ps()), _mm_sub_ps(_mm_set1_ps(3.14159274f), r), r);
    return sel(_mm_cmplt_ps(y, _mm_setzero_ps()), _mm_sub_ps(_mm_setzero_ps(), r), r);
}

static inline void deinterleave(const float *a, __m128 *re, __m128 *im)
{
    __m128 v0 = _mm_loadu_ps(a), v1 = _mm_loadu_ps(a + 4);
    *re = _mm_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0));
    *im = _mm_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1));
}

static void arg(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 re, im;
        deinterleave(a + 2 * k, &re, &im);
        _mm_storeu_ps(y + k, atan2_4(im, re));
    }
    kern_arg_cf_generic(x + k, n - k, y + k);
}

static void freqdisc(const float complex *x, size_t n, float complex *prev, float *y)
{
    if (n == 0) return;
    kern_freqdisc_cf_generic(x, 1, prev, y);
    const float *a = (const float *)x;
    size_t k = 1;
    for (; k + 4 <= n; k += 4) {
        __m128 cr, ci, pr, pi;
        deinterleave(a + 2 * k, &cr, &ci);
        deinterleave(a + 2 * k - 2, &pr, &pi);
        __m128 re = _mm_add_ps(_mm_mul_ps(cr, pr), _mm_mul_ps(ci, pi));
        __m128 im = _mm_sub_ps(_mm_mul_ps(ci, pr), _mm_mul_ps(cr, pi));
        _mm_storeu_ps(y + k, atan2_4(im, re));
    }
    float complex p = x[k - 1];
    kern_freqdisc_cf_generic(x + k, n - k, &p, y + k);
    *prev = x[n - 1];
}

static void mag2(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 re, im;
        deinterleave(a + 2 * k, &re, &im);
        _mm_storeu_ps(y + k, _mm_add_ps(_mm_mul_ps(re, re), _mm_mul_ps(im, im)));
    }
    kern_mag2_cf_generic(x + k, n - k, y + k);
}

static float energy(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    __m128 e0 = _mm_setzero_ps(), e1 = _mm_setzero_ps();
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 v = _mm_loadu_ps(a + 2 * k), w = _mm_loadu_ps(a + 2 * k + 4);
        e0 = _mm_add_ps(e0, _mm_mul_ps(v, v));
        e1 = _mm_add_ps(e1, _mm_mul_ps(w, w));
    }
    float complex s = hsum_c(_mm_add_ps(e0, e1));
    return crealf(s) + cimagf(s) + kern_energy_cf_generic(x + k, n - k);
}

static float complex sum(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 = _mm_add_ps(s0, _mm_loadu_ps(a + 2 * k));
        s1 = _mm_add_ps(s1, _mm_loadu_ps(a + 2 * k + 4));
    }
    return hsum_c(_mm_add_ps(s0, s1)) + kern_sum_cf_generic(x + k, n - k);
}

/* Bit-exact with the generic flavour (the same operations in the same order). */
static void lagprod(const float complex *c, size_t n, size_t lag, float *re, float *im)
{
    const float *v = (const float *)c, *u = (const float *)(c + lag);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 ur, ui, vr, vi;
        deinterleave(u + 2 * k, &ur, &ui);
        deinterleave(v + 2 * k, &vr, &vi);
        _mm_storeu_ps(re + k, _mm_add_ps(_mm_mul_ps(ur, vr), _mm_mul_ps(ui, vi)));
        _mm_storeu_ps(im + k, _mm_sub_ps(_mm_mul_ps(ui, vr), _mm_mul_ps(ur, vi)));
    }
    kern_lagprod_cf_generic(c + k, n - k, lag, re + k, im + k);
}

static void comb4_mag2(const float *re, const float *im, size_t stride, size_t n, float *y)
{
    size_t k = 0;
    const size_t s2 = 2 * stride, s3 = 3 * stride;
    for (; k + 4 <= n; k += 4) {
        __m128 ar = _mm_add_ps(_mm_loadu_ps(re + k), _mm_loadu_ps(re + k + stride));
        __m128 ai = _mm_add_ps(_mm_loadu_ps(im + k), _mm_loadu_ps(im + k + stride));
        ar = _mm_add_ps(ar, _mm_loadu_ps(re + k + s2));
        ai = _mm_add_ps(ai, _mm_loadu_ps(im + k + s2));
        ar = _mm_add_ps(ar, _mm_loadu_ps(re + k + s3));
        ai = _mm_add_ps(ai, _mm_loadu_ps(im + k + s3));
        _mm_storeu_ps(y + k, _mm_add_ps(_mm_mul_ps(ar, ar), _mm_mul_ps(ai, ai)));
    }
    kern_comb4_mag2_f_generic(re + k, im + k, stride, n - k, y + k);
}

/* Coherent sums across lags, 4 lags per pass, separate multiplies and adds:
 * bit-exact with the generic flavour. */
static void cohmag(const float complex *c, size_t stride, size_t nseg, const float complex *ph,
                   size_t n, float *y)
{
    const float *a = (const float *)c, *p = (const float *)ph;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 ar = _mm_setzero_ps(), ai = _mm_setzero_ps();
        for (size_t s = 0; s < nseg; s++) {
            __m128 cr, ci;
            deinterleave(a + 2 * (s * stride + k), &cr, &ci);
            __m128 pr = _mm_set1_ps(p[2 * s]), pi = _mm_set1_ps(p[2 * s + 1]);
            __m128 tr = _mm_sub_ps(_mm_mul_ps(cr, pr), _mm_mul_ps(ci, pi));
            __m128 ti = _mm_add_ps(_mm_mul_ps(cr, pi), _mm_mul_ps(ci, pr));
            ar = _mm_add_ps(ar, tr);
            ai = _mm_add_ps(ai, ti);
        }
        _mm_storeu_ps(y + k, _mm_sqrt_ps(_mm_add_ps(_mm_mul_ps(ar, ar), _mm_mul_ps(ai, ai))));
    }
    kern_cohmag_cf_generic(c + k, stride, nseg, ph, n - k, y + k);
}

static void diffmag(const float complex *c, size_t stride, size_t nseg, size_t n, float *y)
{
    const float *a = (const float *)c;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 ar = _mm_setzero_ps(), ai = _mm_setzero_ps(), vr, vi;
        deinterleave(a + 2 * k, &vr, &vi);
        for (size_t s = 1; s < nseg; s++) {
            __m128 ur, ui;
            deinterleave(a + 2 * (s * stride + k), &ur, &ui);
            __m128 tr = _mm_add_ps(_mm_mul_ps(ur, vr), _mm_mul_ps(ui, vi));
            __m128 ti = _mm_sub_ps(_mm_mul_ps(ui, vr), _mm_mul_ps(ur, vi));
            ar = _mm_add_ps(ar, tr);
            ai = _mm_add_ps(ai, ti);
            vr = ur;
            vi = ui;
        }
        _mm_storeu_ps(y + k, _mm_sqrt_ps(_mm_add_ps(_mm_mul_ps(ar, ar), _mm_mul_ps(ai, ai))));
    }
    kern_diffmag_cf_generic(c + k, stride, nseg, n - k, y + k);
}

/* Four double lanes in two registers: lane j takes samples k = j mod 4. */
static double energy_cd(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    __m128d l01 = _mm_setzero_pd(), l23 = _mm_setzero_pd();
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 re, im;
        deinterleave(a + 2 * k, &re, &im);
        __m128 m = _mm_add_ps(_mm_mul_ps(re, re), _mm_mul_ps(im, im));
        l01 = _mm_add_pd(l01, _mm_cvtps_pd(m));
        l23 = _mm_add_pd(l23, _mm_cvtps_pd(_mm_movehl_ps(m, m)));
    }
    double lane[4];
    _mm_storeu_pd(lane, l01);
    _mm_storeu_pd(lane + 2, l23);
    kern_energy_cd_lanes_generic(x + k, n - k, k, lane);
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

/* Four windows per test; a block with a pass goes to the generic scan. */
static size_t thr_first(const float *m2, const float *nrm, float thr2, size_t n)
{
    const __m128 tv = _mm_set1_ps(thr2), tiny = _mm_set1_ps(1e-30f);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        __m128 v = _mm_loadu_ps(nrm + k);
        __m128 t = _mm_mul_ps(_mm_mul_ps(tv, v), v);
        __m128 pass = _mm_and_ps(_mm_cmpnlt_ps(_mm_loadu_ps(m2 + k), t), _mm_cmpnle_ps(v, tiny));
        if (_mm_movemask_ps(pass)) return k + kern_thr_first_f_generic(m2 + k, nrm + k, thr2, 4);
    }
    return k + kern_thr_first_f_generic(m2 + k, nrm + k, thr2, n - k);
}

void kern_fill_sse2(struct kern_table *t)
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
