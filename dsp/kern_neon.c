/* kern_neon.c: the NEON flavour of the DSP kernels (see kernels.h) for
 * aarch64 (ASIMD, always present) and armhf (-mfpu=neon, probed through
 * HWCAP_NEON). Uses vld2/vst2 to work on de-interleaved I and Q; armhf lacks
 * FMA and vector division, so those go through mla and a refined reciprocal.
 * Tails fall to the generic code. */
#include "dsp/kernels.h"

#include <arm_neon.h>
#include <math.h>

#if defined(__aarch64__)
#define MLA(acc, a, b) vfmaq_f32((acc), (a), (b))
#define MLS(acc, a, b) vfmsq_f32((acc), (a), (b))
static inline float32x4_t vdiv(float32x4_t a, float32x4_t b)
{
    return vdivq_f32(a, b);
}
static inline float hadd(float32x4_t v)
{
    return vaddvq_f32(v);
}
static inline float32x4_t rsqrt(float32x4_t v)
{
    return vdivq_f32(vdupq_n_f32(1.0f), vsqrtq_f32(v));
}
static inline float32x4_t vsqrt(float32x4_t v) /* correctly rounded, as sqrtf */
{
    return vsqrtq_f32(v);
}
#else
#define MLA(acc, a, b) vmlaq_f32((acc), (a), (b))
#define MLS(acc, a, b) vmlsq_f32((acc), (a), (b))
static inline float32x4_t vdiv(float32x4_t a, float32x4_t b)
{
    float32x4_t r = vrecpeq_f32(b);
    r = vmulq_f32(r, vrecpsq_f32(b, r));
    r = vmulq_f32(r, vrecpsq_f32(b, r));
    r = vmulq_f32(r, vrecpsq_f32(b, r));
    return vmulq_f32(a, r);
}
static inline float hadd(float32x4_t v)
{
    float32x2_t s = vadd_f32(vget_low_f32(v), vget_high_f32(v));
    return vget_lane_f32(vpadd_f32(s, s), 0);
}
static inline float32x4_t vsqrt(float32x4_t v) /* lane by lane: armv7 has no vector sqrt */
{
    float t[4];
    vst1q_f32(t, v);
    for (int i = 0; i < 4; i++)
        t[i] = sqrtf(t[i]);
    return vld1q_f32(t);
}
static inline float32x4_t rsqrt(float32x4_t v)
{
    float32x4_t r = vrsqrteq_f32(v);
    r = vmulq_f32(r, vrsqrtsq_f32(vmulq_f32(v, r), r));
    r = vmulq_f32(r, vrsqrtsq_f32(vmulq_f32(v, r), r));
    return vmulq_f32(r, vrsqrtsq_f32(vmulq_f32(v, r), r));
}
#endif

static void conv_cu8(const uint8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    const float bb[4] = {br, bi, br, bi};
    const float32x4_t bias = vld1q_f32(bb), scale = vdupq_n_f32(1.0f / 128.0f);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        uint8x16_t v = vld1q_u8(in + 2 * k);
        uint16x8_t lo = vmovl_u8(vget_low_u8(v)), hi = vmovl_u8(vget_high_u8(v));
        float32x4_t f0 = vcvtq_f32_u32(vmovl_u16(vget_low_u16(lo)));
        float32x4_t f1 = vcvtq_f32_u32(vmovl_u16(vget_high_u16(lo)));
        float32x4_t f2 = vcvtq_f32_u32(vmovl_u16(vget_low_u16(hi)));
        float32x4_t f3 = vcvtq_f32_u32(vmovl_u16(vget_high_u16(hi)));
        vst1q_f32(o + 2 * k, MLA(bias, f0, scale));
        vst1q_f32(o + 2 * k + 4, MLA(bias, f1, scale));
        vst1q_f32(o + 2 * k + 8, MLA(bias, f2, scale));
        vst1q_f32(o + 2 * k + 12, MLA(bias, f3, scale));
    }
    kern_conv_cu8_cf_generic(in + 2 * k, n - k, offset, out + k);
}

/* The same conversion, 16 samples per load taken apart as 16-bit I/Q pairs:
 * 8 even ones and 8 odd ones. */
static void conv_cu8_deint(const uint8_t *in, size_t n, float complex offset, float complex *a,
                           float complex *b)
{
    float *oa = (float *)a, *ob = (float *)b;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    const float bb[4] = {br, bi, br, bi};
    const float32x4_t bias = vld1q_f32(bb), scale = vdupq_n_f32(1.0f / 128.0f);
    size_t k = 0;
    for (; k + 16 <= n; k += 16) {
        uint16x8x2_t v = vld2q_u16((const uint16_t *)(const void *)(in + 2 * k));
        for (int p = 0; p < 2; p++) {
            uint8x16_t u = vreinterpretq_u8_u16(v.val[p]);
            float *o = (p ? ob : oa) + k;
            uint16x8_t lo = vmovl_u8(vget_low_u8(u)), hi = vmovl_u8(vget_high_u8(u));
            vst1q_f32(o, MLA(bias, vcvtq_f32_u32(vmovl_u16(vget_low_u16(lo))), scale));
            vst1q_f32(o + 4, MLA(bias, vcvtq_f32_u32(vmovl_u16(vget_high_u16(lo))), scale));
            vst1q_f32(o + 8, MLA(bias, vcvtq_f32_u32(vmovl_u16(vget_low_u16(hi))), scale));
            vst1q_f32(o + 12, MLA(bias, vcvtq_f32_u32(vmovl_u16(vget_high_u16(hi))), scale));
        }
    }
    kern_conv_cu8_deint_cf_generic(in + 2 * k, n - k, offset, a + k / 2, b + k / 2);
}

static void conv_cs8(const int8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const float bb[4] = {br, bi, br, bi};
    const float32x4_t bias = vld1q_f32(bb), scale = vdupq_n_f32(1.0f / 128.0f);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        int8x16_t v = vld1q_s8(in + 2 * k);
        int16x8_t lo = vmovl_s8(vget_low_s8(v)), hi = vmovl_s8(vget_high_s8(v));
        float32x4_t f0 = vcvtq_f32_s32(vmovl_s16(vget_low_s16(lo)));
        float32x4_t f1 = vcvtq_f32_s32(vmovl_s16(vget_high_s16(lo)));
        float32x4_t f2 = vcvtq_f32_s32(vmovl_s16(vget_low_s16(hi)));
        float32x4_t f3 = vcvtq_f32_s32(vmovl_s16(vget_high_s16(hi)));
        vst1q_f32(o + 2 * k, MLA(bias, f0, scale));
        vst1q_f32(o + 2 * k + 4, MLA(bias, f1, scale));
        vst1q_f32(o + 2 * k + 8, MLA(bias, f2, scale));
        vst1q_f32(o + 2 * k + 12, MLA(bias, f3, scale));
    }
    kern_conv_cs8_cf_generic(in + 2 * k, n - k, offset, out + k);
}

static void conv_cs16(const int16_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const float bb[4] = {br, bi, br, bi};
    const float32x4_t bias = vld1q_f32(bb), scale = vdupq_n_f32(1.0f / 32768.0f);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        int16x8_t v = vld1q_s16(in + 2 * k);
        float32x4_t f0 = vcvtq_f32_s32(vmovl_s16(vget_low_s16(v)));
        float32x4_t f1 = vcvtq_f32_s32(vmovl_s16(vget_high_s16(v)));
        vst1q_f32(o + 2 * k, MLA(bias, f0, scale));
        vst1q_f32(o + 2 * k + 4, MLA(bias, f1, scale));
    }
    kern_conv_cs16_cf_generic(in + 2 * k, n - k, offset, out + k);
}

static void conv_cf32(const float complex *in, size_t n, float complex offset, float complex *out)
{
    const float *i = (const float *)in;
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    const float bb[4] = {br, bi, br, bi};
    const float32x4_t bias = vld1q_f32(bb);
    size_t k = 0;
    for (; k + 2 <= n; k += 2)
        vst1q_f32(o + 2 * k, vaddq_f32(vld1q_f32(i + 2 * k), bias));
    kern_conv_cf32_cf_generic(in + k, n - k, offset, out + k);
}

/* De-interleaved complex product. */
static inline float32x4x2_t cmul(float32x4x2_t a, float32x4x2_t b)
{
    float32x4x2_t r;
    r.val[0] = MLS(vmulq_f32(a.val[0], b.val[0]), a.val[1], b.val[1]);
    r.val[1] = MLA(vmulq_f32(a.val[0], b.val[1]), a.val[1], b.val[0]);
    return r;
}

static void mul(const float complex *x, const float complex *h, size_t n, float complex *y)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float *o = (float *)y;
    size_t k = 0;
    for (; k + 4 <= n; k += 4)
        vst2q_f32(o + 2 * k, cmul(vld2q_f32(a + 2 * k), vld2q_f32(b + 2 * k)));
    kern_mul_cccf_generic(x + k, h + k, n - k, y + k);
}

static inline float32x4x2_t renorm(float32x4x2_t ph)
{
    float32x4_t g = rsqrt(MLA(vmulq_f32(ph.val[0], ph.val[0]), ph.val[1], ph.val[1]));
    ph.val[0] = vmulq_f32(ph.val[0], g);
    ph.val[1] = vmulq_f32(ph.val[1], g);
    return ph;
}

/* Four phasor chains, one per vector of a 16-sample pass, each stepped by
 * step^16: independent complex multiplies instead of one dependent chain. */
static void rotate(const float complex *x, size_t n, float complex *phase, float complex step,
                   float complex *y)
{
    const float *a = (const float *)x;
    float *o = (float *)y;
    float complex p = *phase;
    size_t k = 0;
    if (n >= 4) {
        float complex s2 = step * step, s4 = s2 * s2, s16 = s4 * s4 * s4 * s4;
        float complex q[4] = {p, p * step, p * s2, p * step * s2};
        float32x4x2_t ph0 = vld2q_f32((const float *)q), st4, st;
        st4.val[0] = vdupq_n_f32(crealf(s4));
        st4.val[1] = vdupq_n_f32(cimagf(s4));
        st.val[0] = vdupq_n_f32(crealf(s16));
        st.val[1] = vdupq_n_f32(cimagf(s16));
        float32x4x2_t ph1 = cmul(ph0, st4), ph2 = cmul(ph1, st4), ph3 = cmul(ph2, st4);
        /* Runs of up to 64 passes, renormalised after each whole run (after
         * the pass at k = 1008 mod 1024): no test in the inner loop. */
        const size_t k16 = n & ~(size_t)15;
        while (k < k16) {
            size_t run_end = (k & ~(size_t)1023) + 1024, e = run_end < k16 ? run_end : k16;
            for (; k < e; k += 16) {
                vst2q_f32(o + 2 * k, cmul(vld2q_f32(a + 2 * k), ph0));
                vst2q_f32(o + 2 * k + 8, cmul(vld2q_f32(a + 2 * k + 8), ph1));
                vst2q_f32(o + 2 * k + 16, cmul(vld2q_f32(a + 2 * k + 16), ph2));
                vst2q_f32(o + 2 * k + 24, cmul(vld2q_f32(a + 2 * k + 24), ph3));
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
            vst2q_f32(o + 2 * k, cmul(vld2q_f32(a + 2 * k), ph0));
            ph0 = ph1;
            ph1 = ph2;
            ph2 = ph3;
        }
        p = CMPLXF(vgetq_lane_f32(ph0.val[0], 0), vgetq_lane_f32(ph0.val[1], 0));
    }
    *phase = p;
    kern_rotate_cccf_generic(x + k, n - k, phase, step, y + k);
}

static inline float complex fir_one(const float *dt, size_t ntaps, const float *xp)
{
    float32x4_t acc0 = vdupq_n_f32(0), acc1 = vdupq_n_f32(0);
    size_t j = 0;
    for (; j + 4 <= ntaps; j += 4) {
        acc0 = MLA(acc0, vld1q_f32(dt + 2 * j), vld1q_f32(xp + 2 * j));
        acc1 = MLA(acc1, vld1q_f32(dt + 2 * j + 4), vld1q_f32(xp + 2 * j + 4));
    }
    float32x4_t acc = vaddq_f32(acc0, acc1);
    if (j + 2 <= ntaps) {
        acc = MLA(acc, vld1q_f32(dt + 2 * j), vld1q_f32(xp + 2 * j));
        j += 2;
    }
    float32x2_t s = vadd_f32(vget_low_f32(acc), vget_high_f32(acc));
    if (j < ntaps) s = vmla_f32(s, vld1_f32(dt + 2 * j), vld1_f32(xp + 2 * j));
    return CMPLXF(vget_lane_f32(s, 0), vget_lane_f32(s, 1));
}

/* The taps past the last even count (0 or 1 of them) into s. */
static inline float32x2_t fold_tail(float32x4_t a, const float *dt, const float *xp, size_t j,
                                    size_t ntaps)
{
    float32x2_t s = vadd_f32(vget_low_f32(a), vget_high_f32(a));
    if (j < ntaps) s = vmla_f32(s, vld1_f32(dt + 2 * j), vld1_f32(xp + 2 * j));
    return s;
}

/* Four outputs per pass share the tap loads; two, then one, for the rest.
 * The two-output pass sums each output as the four-output pass does (one
 * accumulator, taps in pairs), so an output's bits do not depend on which of
 * them computes it (test_firdecim_pass_invariant). */
static void firdecim(const float *dtaps, size_t ntaps, const float complex *x, size_t nout,
                     size_t decim, float complex *y)
{
    const float *xf = (const float *)x, *dt = dtaps;
    float *yf = (float *)y;
    const size_t n2 = ntaps & ~(size_t)1, step = 2 * decim;
    size_t m = 0;
    for (; m + 4 <= nout; m += 4) {
        const float *xa = xf + 2 * m * decim, *xb = xa + step, *xc = xb + step, *xd = xc + step;
        float32x4_t a = vdupq_n_f32(0), b = vdupq_n_f32(0), c = vdupq_n_f32(0), d = vdupq_n_f32(0);
        for (size_t j = 0; j < n2; j += 2) {
            float32x4_t t = vld1q_f32(dt + 2 * j);
            a = MLA(a, t, vld1q_f32(xa + 2 * j));
            b = MLA(b, t, vld1q_f32(xb + 2 * j));
            c = MLA(c, t, vld1q_f32(xc + 2 * j));
            d = MLA(d, t, vld1q_f32(xd + 2 * j));
        }
        vst1q_f32(yf + 2 * m,
                  vcombine_f32(fold_tail(a, dt, xa, n2, ntaps), fold_tail(b, dt, xb, n2, ntaps)));
        vst1q_f32(yf + 2 * m + 4,
                  vcombine_f32(fold_tail(c, dt, xc, n2, ntaps), fold_tail(d, dt, xd, n2, ntaps)));
    }
    for (; m + 2 <= nout; m += 2) {
        const float *xa = xf + 2 * m * decim, *xb = xa + step;
        float32x4_t a = vdupq_n_f32(0), b = vdupq_n_f32(0);
        for (size_t j = 0; j < n2; j += 2) {
            float32x4_t t = vld1q_f32(dt + 2 * j);
            a = MLA(a, t, vld1q_f32(xa + 2 * j));
            b = MLA(b, t, vld1q_f32(xb + 2 * j));
        }
        vst1q_f32(yf + 2 * m,
                  vcombine_f32(fold_tail(a, dt, xa, n2, ntaps), fold_tail(b, dt, xb, n2, ntaps)));
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
    const float32x4_t cv = vdupq_n_f32(centre);
    size_t m = 0;
    for (; m + 16 <= nout; m += 16) {
        const float *xp = x + 2 * m;
        float32x4_t a0 = vdupq_n_f32(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0,
                    a7 = a0;
        for (size_t j = 0; j < ntaps; j++, xp += 2) {
            const float32x4_t t = vld1q_dup_f32(dtaps + 2 * j);
            a0 = MLA(a0, t, vld1q_f32(xp));
            a1 = MLA(a1, t, vld1q_f32(xp + 4));
            a2 = MLA(a2, t, vld1q_f32(xp + 8));
            a3 = MLA(a3, t, vld1q_f32(xp + 12));
            a4 = MLA(a4, t, vld1q_f32(xp + 16));
            a5 = MLA(a5, t, vld1q_f32(xp + 20));
            a6 = MLA(a6, t, vld1q_f32(xp + 24));
            a7 = MLA(a7, t, vld1q_f32(xp + 28));
        }
        float *op = o + 2 * m;
        const float *cp = c + 2 * m;
        vst1q_f32(op, MLA(a0, cv, vld1q_f32(cp)));
        vst1q_f32(op + 4, MLA(a1, cv, vld1q_f32(cp + 4)));
        vst1q_f32(op + 8, MLA(a2, cv, vld1q_f32(cp + 8)));
        vst1q_f32(op + 12, MLA(a3, cv, vld1q_f32(cp + 12)));
        vst1q_f32(op + 16, MLA(a4, cv, vld1q_f32(cp + 16)));
        vst1q_f32(op + 20, MLA(a5, cv, vld1q_f32(cp + 20)));
        vst1q_f32(op + 24, MLA(a6, cv, vld1q_f32(cp + 24)));
        vst1q_f32(op + 28, MLA(a7, cv, vld1q_f32(cp + 28)));
    }
    for (; m + 2 <= nout; m += 2) {
        float32x4_t a = vdupq_n_f32(0);
        for (size_t j = 0; j < ntaps; j++)
            a = MLA(a, vld1q_dup_f32(dtaps + 2 * j), vld1q_f32(x + 2 * (m + j)));
        vst1q_f32(o + 2 * m, MLA(a, cv, vld1q_f32(c + 2 * m)));
    }
    kern_hbdecim_crcf_generic(dtaps, ntaps, centre, xf + m, xc + m, nout - m, y + m);
}

/* Every other sample, 4 per pass from 8
 * (vld4q_f32: re/im of the even ones, re/im of the odd ones), the
 * last pass only while its 8th sample is still inside x. */
static void even(const float complex *x, size_t n, float complex *y)
{
    const float *a = (const float *)x;
    size_t k = 0;
    for (; k + 4 < n; k += 4) { /* reads x[2k .. 2k + 7], 2k + 7 <= 2n - 3 */
        float32x4x4_t v = vld4q_f32(a + 4 * k);
        float32x4x2_t e;
        e.val[0] = v.val[0];
        e.val[1] = v.val[1];
        vst2q_f32((float *)(y + k), e);
    }
    kern_even_cf_generic(x + 2 * k, n - k, y + k);
}

/* sum a*b (conj = 0) or a*conj(b) (conj = 1). */
static inline float complex dot_any(const float complex *x, const float complex *h, size_t n,
                                    int conj)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float32x4_t rr = vdupq_n_f32(0), ii = vdupq_n_f32(0), ri = vdupq_n_f32(0), ir = vdupq_n_f32(0);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4x2_t va = vld2q_f32(a + 2 * k), vb = vld2q_f32(b + 2 * k);
        rr = MLA(rr, va.val[0], vb.val[0]);
        ii = MLA(ii, va.val[1], vb.val[1]);
        ri = MLA(ri, va.val[0], vb.val[1]);
        ir = MLA(ir, va.val[1], vb.val[0]);
    }
    float srr = hadd(rr), sii = hadd(ii), sri = hadd(ri), sir = hadd(ir);
    float complex v = conj ? CMPLXF(srr + sii, sir - sri) : CMPLXF(srr - sii, sri + sir);
    return v + (conj ? kern_dotc_cccf_generic(x + k, h + k, n - k)
                     : kern_dot_cccf_generic(x + k, h + k, n - k));
}

static float complex dot(const float complex *x, const float complex *h, size_t n)
{
    return dot_any(x, h, n, 0);
}

static float complex dotc(const float complex *x, const float complex *h, size_t n)
{
    return dot_any(x, h, n, 1);
}

/* Correlation vectorised across outputs: 4 consecutive outputs per pass in
 * de-interleaved registers, each template tap a scalar operand, no
 * horizontal sums:  re += xr hr + xi hi,  im += xi hr - xr hi. */
static inline void corr_core(const float complex *x, size_t nout, const float complex *h, size_t nh,
                             float complex *y, float complex *yc)
{
    const float *xf = (const float *)x, *hf = (const float *)h;
    float *yf = (float *)y, *ycf = (float *)yc;
    size_t m = 0;
    for (; m + 4 <= nout; m += 4) {
        float32x4_t re0 = vdupq_n_f32(0), re1 = vdupq_n_f32(0);
        float32x4_t im0 = vdupq_n_f32(0), im1 = vdupq_n_f32(0);
        const float *xp = xf + 2 * m;
        for (size_t k = 0; k < nh; k++) {
            float32x4x2_t v = vld2q_f32(xp + 2 * k);
            float32x4_t hr = vdupq_n_f32(hf[2 * k]), hi = vdupq_n_f32(hf[2 * k + 1]);
            re0 = MLA(re0, v.val[0], hr);
            re1 = MLA(re1, v.val[1], hi);
            im0 = MLA(im0, v.val[1], hr);
            im1 = MLS(im1, v.val[0], hi);
        }
        float32x4x2_t r;
        r.val[0] = vaddq_f32(re0, re1);
        r.val[1] = vaddq_f32(im0, im1);
        vst2q_f32(yf + 2 * m, r);
        if (yc) { /* conj(h) negates hi: re1 and im1 change sign exactly */
            r.val[0] = vsubq_f32(re0, re1);
            r.val[1] = vsubq_f32(im0, im1);
            vst2q_f32(ycf + 2 * m, r);
        }
    }
    for (; m < nout; m++) {
        y[m] = dot_any(x + m, h, nh, 1);
        if (yc) yc[m] = dot_any(x + m, h, nh, 0);
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

static inline float32x4_t atan2_4(float32x4_t y, float32x4_t x)
{
    float32x4_t ax = vabsq_f32(x), ay = vabsq_f32(y);
    float32x4_t mx = vmaxq_f32(ax, ay), mn = vminq_f32(ax, ay);
    float32x4_t a = vdiv(mn, vaddq_f32(mx, vdupq_n_f32(1e-30f)));
    float32x4_t s = vmulq_f32(a, a);
    float32x4_t r = MLA(vdupq_n_f32(-0.085133f), vdupq_n_f32(0.0208351f), s);
    r = MLA(vdupq_n_f32(0.180141f), r, s);
    r = MLA(vdupq_n_f32(-0.3302995f), r, s);
    r = MLA(vdupq_n_f32(0.999866f), r, s);
    r = vmulq_f32(r, a);
    r = vbslq_f32(vcgtq_f32(ay, ax), vsubq_f32(vdupq_n_f32(1.57079637f), r), r);
    r = vbslq_f32(vcltq_f32(x, vdupq_n_f32(0)), vsubq_f32(vdupq_n_f32(3.14159274f), r), r);
    return vbslq_f32(vcltq_f32(y, vdupq_n_f32(0)), vnegq_f32(r), r);
}

static void arg(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4x2_t v = vld2q_f32(a + 2 * k);
        vst1q_f32(y + k, atan2_4(v.val[1], v.val[0]));
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
        float32x4x2_t c = vld2q_f32(a + 2 * k), p = vld2q_f32(a + 2 * k - 2);
        float32x4_t re = MLA(vmulq_f32(c.val[0], p.val[0]), c.val[1], p.val[1]);
        float32x4_t im = MLS(vmulq_f32(c.val[1], p.val[0]), c.val[0], p.val[1]);
        vst1q_f32(y + k, atan2_4(im, re));
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
        float32x4x2_t v = vld2q_f32(a + 2 * k);
        /* no fused multiply-add: bit-exact with the generic flavour */
        vst1q_f32(y + k, vaddq_f32(vmulq_f32(v.val[0], v.val[0]), vmulq_f32(v.val[1], v.val[1])));
    }
    kern_mag2_cf_generic(x + k, n - k, y + k);
}

static float energy(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    float32x4_t e0 = vdupq_n_f32(0), e1 = vdupq_n_f32(0);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4_t v = vld1q_f32(a + 2 * k), w = vld1q_f32(a + 2 * k + 4);
        e0 = MLA(e0, v, v);
        e1 = MLA(e1, w, w);
    }
    return hadd(vaddq_f32(e0, e1)) + kern_energy_cf_generic(x + k, n - k);
}

static float complex sum(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    float32x4_t s0 = vdupq_n_f32(0), s1 = vdupq_n_f32(0);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 = vaddq_f32(s0, vld1q_f32(a + 2 * k));
        s1 = vaddq_f32(s1, vld1q_f32(a + 2 * k + 4));
    }
    float32x4_t s = vaddq_f32(s0, s1);
    float32x2_t h = vadd_f32(vget_low_f32(s), vget_high_f32(s));
    return CMPLXF(vget_lane_f32(h, 0), vget_lane_f32(h, 1)) + kern_sum_cf_generic(x + k, n - k);
}

/* Separate multiplies and adds (no vfma/vmla): bit-exact with the generic flavour. */
static void lagprod(const float complex *c, size_t n, size_t lag, float *re, float *im)
{
    const float *v = (const float *)c, *u = (const float *)(c + lag);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4x2_t a = vld2q_f32(u + 2 * k), b = vld2q_f32(v + 2 * k);
        vst1q_f32(re + k, vaddq_f32(vmulq_f32(a.val[0], b.val[0]), vmulq_f32(a.val[1], b.val[1])));
        vst1q_f32(im + k, vsubq_f32(vmulq_f32(a.val[1], b.val[0]), vmulq_f32(a.val[0], b.val[1])));
    }
    kern_lagprod_cf_generic(c + k, n - k, lag, re + k, im + k);
}

static void comb4_mag2(const float *re, const float *im, size_t stride, size_t n, float *y)
{
    size_t k = 0;
    const size_t s2 = 2 * stride, s3 = 3 * stride;
    for (; k + 4 <= n; k += 4) {
        float32x4_t ar = vaddq_f32(vld1q_f32(re + k), vld1q_f32(re + k + stride));
        float32x4_t ai = vaddq_f32(vld1q_f32(im + k), vld1q_f32(im + k + stride));
        ar = vaddq_f32(ar, vld1q_f32(re + k + s2));
        ai = vaddq_f32(ai, vld1q_f32(im + k + s2));
        ar = vaddq_f32(ar, vld1q_f32(re + k + s3));
        ai = vaddq_f32(ai, vld1q_f32(im + k + s3));
        vst1q_f32(y + k, vaddq_f32(vmulq_f32(ar, ar), vmulq_f32(ai, ai)));
    }
    kern_comb4_mag2_f_generic(re + k, im + k, stride, n - k, y + k);
}

/* Coherent sums across lags, 4 lags per pass, separate multiplies and adds
 * (no vfma/vmla): bit-exact with the generic flavour. */
static void cohmag(const float complex *c, size_t stride, size_t nseg, const float complex *ph,
                   size_t n, float *y)
{
    const float *a = (const float *)c, *p = (const float *)ph;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4_t ar = vdupq_n_f32(0), ai = vdupq_n_f32(0);
        for (size_t s = 0; s < nseg; s++) {
            float32x4x2_t v = vld2q_f32(a + 2 * (s * stride + k));
            float32x4_t pr = vdupq_n_f32(p[2 * s]), pi = vdupq_n_f32(p[2 * s + 1]);
            float32x4_t tr = vsubq_f32(vmulq_f32(v.val[0], pr), vmulq_f32(v.val[1], pi));
            float32x4_t ti = vaddq_f32(vmulq_f32(v.val[0], pi), vmulq_f32(v.val[1], pr));
            ar = vaddq_f32(ar, tr);
            ai = vaddq_f32(ai, ti);
        }
        float32x4_t q = vaddq_f32(vmulq_f32(ar, ar), vmulq_f32(ai, ai));
        vst1q_f32(y + k, vsqrt(q));
    }
    kern_cohmag_cf_generic(c + k, stride, nseg, ph, n - k, y + k);
}

static void diffmag(const float complex *c, size_t stride, size_t nseg, size_t n, float *y)
{
    const float *a = (const float *)c;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4_t ar = vdupq_n_f32(0), ai = vdupq_n_f32(0);
        float32x4x2_t v = vld2q_f32(a + 2 * k);
        for (size_t s = 1; s < nseg; s++) {
            float32x4x2_t u = vld2q_f32(a + 2 * (s * stride + k));
            float32x4_t tr =
                vaddq_f32(vmulq_f32(u.val[0], v.val[0]), vmulq_f32(u.val[1], v.val[1]));
            float32x4_t ti =
                vsubq_f32(vmulq_f32(u.val[1], v.val[0]), vmulq_f32(u.val[0], v.val[1]));
            ar = vaddq_f32(ar, tr);
            ai = vaddq_f32(ai, ti);
            v = u;
        }
        float32x4_t q = vaddq_f32(vmulq_f32(ar, ar), vmulq_f32(ai, ai));
        vst1q_f32(y + k, vsqrt(q));
    }
    kern_diffmag_cf_generic(c + k, stride, nseg, n - k, y + k);
}

#if defined(__aarch64__)
/* Four double lanes in two registers: lane j takes samples k = j mod 4. */
static double energy_cd(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    float64x2_t l01 = vdupq_n_f64(0), l23 = vdupq_n_f64(0);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4x2_t v = vld2q_f32(a + 2 * k);
        float32x4_t m = vaddq_f32(vmulq_f32(v.val[0], v.val[0]), vmulq_f32(v.val[1], v.val[1]));
        l01 = vaddq_f64(l01, vcvt_f64_f32(vget_low_f32(m)));
        l23 = vaddq_f64(l23, vcvt_high_f64_f32(m));
    }
    double lane[4];
    vst1q_f64(lane, l01);
    vst1q_f64(lane + 2, l23);
    kern_energy_cd_lanes_generic(x + k, n - k, k, lane);
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}
#endif

/* Four windows per test; a block with a pass goes to the generic scan. */
static size_t thr_first(const float *m2, const float *nrm, float thr2, size_t n)
{
    const float32x4_t tv = vdupq_n_f32(thr2), tiny = vdupq_n_f32(1e-30f);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        float32x4_t v = vld1q_f32(nrm + k);
        float32x4_t t = vmulq_f32(vmulq_f32(tv, v), v);
        /* fail = m2 < t or nrm <= tiny (ordered: NaN fails neither, as in C) */
        uint32x4_t fail = vorrq_u32(vcltq_f32(vld1q_f32(m2 + k), t), vcleq_f32(v, tiny));
        uint32x2_t f2 = vand_u32(vget_low_u32(fail), vget_high_u32(fail));
        if ((vget_lane_u32(f2, 0) & vget_lane_u32(f2, 1)) != 0xffffffffu)
            return k + kern_thr_first_f_generic(m2 + k, nrm + k, thr2, 4);
    }
    return k + kern_thr_first_f_generic(m2 + k, nrm + k, thr2, n - k);
}

void kern_fill_neon(struct kern_table *t)
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
#if defined(__aarch64__)
    t->energy_cd = energy_cd; /* armv7 NEON has no double lanes: generic there */
#endif
    t->thr_first_f = thr_first;
}
