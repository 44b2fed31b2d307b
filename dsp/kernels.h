/* kernels.h: the DSP kernel API, the hot per-sample loops of aisd.
 * Each kernel is a pure function on caller-owned arrays, its state passed in
 * and out, so the flavours (generic C, SSE2, AVX2+FMA, NEON) are
 * interchangeable. Call them through the dispatch table: kern.firdecim_crcf().
 * Kernels never allocate, lock or log; any alignment and any length (0 too) is
 * valid; in and out arrays must not overlap unless a kernel says so. */
#ifndef AISD_KERNELS_H
#define AISD_KERNELS_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

/* glibc defines CMPLXF only for gcc >= 4.7; clang has the same builtin. */
#ifndef CMPLXF
#define CMPLXF(x, y) __builtin_complex((float)(x), (float)(y))
#endif

/* Interleaved I/Q sample formats the converters read. */
enum kern_format {
    KERN_CU8 = 0, /* RTL-SDR: unsigned 8-bit, 127.5 = zero */
    KERN_CS8,     /* signed 8-bit */
    KERN_CS16,    /* signed 16-bit, host byte order (little-endian files) */
    KERN_CF32,    /* 32-bit float, host byte order */
};

/* Bytes per complex sample of a format. */
size_t kern_format_size(enum kern_format f);

/* The kernel table. Every entry is always set (a flavour lacking a kernel
 * inherits the next lower-ranked flavour's). */
struct kern_table {
    /* Conversion of n complex samples to full scale 1.0, minus a complex
     * offset (the DC estimate): out = in * scale - offset, with
     * cu8 (v - 127.5) / 128, cs8 v / 128, cs16 v / 32768, cf32 v. */
    void (*conv_cu8_cf)(const uint8_t *in, size_t n, float complex offset, float complex *out);
    void (*conv_cs8_cf)(const int8_t *in, size_t n, float complex offset, float complex *out);
    void (*conv_cs16_cf)(const int16_t *in, size_t n, float complex offset, float complex *out);
    void (*conv_cf32_cf)(const float complex *in, size_t n, float complex offset,
                         float complex *out);

    /* Element-wise product y[k] = x[k] * h[k]: mixing with a precomputed
     * phasor table. y may equal x. */
    void (*mul_cccf)(const float complex *x, const float complex *h, size_t n, float complex *y);

    /* Mixing with a rotating phasor: y[k] = x[k] * p * step^k with p = *phase
     * on entry; *phase is left at p * step^n, renormalised to |p| = 1.
     * |step| must be 1. y may equal x. */
    void (*rotate_cccf)(const float complex *x, size_t n, float complex *phase, float complex step,
                        float complex *y);

    /* FIR decimation, complex in, real taps:
     *   y[m] = sum_{j < ntaps} hr[j] * x[m * decim + j],  m < nout,
     * hr the taps reversed (hr[j] = h[ntaps - 1 - j]), given as dtaps, each
     * tap stored twice: dtaps[2j] = dtaps[2j + 1] = hr[j] (kern_taps_prepare).
     * x holds at least (nout - 1) * decim + ntaps samples: the caller keeps
     * ntaps - 1 samples of history in front. decim = 1 is a plain FIR. */
    void (*firdecim_crcf)(const float *dtaps, size_t ntaps, const float complex *x, size_t nout,
                          size_t decim, float complex *y);

    /* Dot products: sum x[k] * h[k], and sum x[k] * conj(h[k]). */
    float complex (*dot_cccf)(const float complex *x, const float complex *h, size_t n);
    float complex (*dotc_cccf)(const float complex *x, const float complex *h, size_t n);

    /* Correlation against a template: y[m] = sum_{k < nh} x[m + k] * conj(h[k]),
     * m < nout; x holds nout + nh - 1 samples. */
    void (*corr_cccf)(const float complex *x, size_t nout, const float complex *h, size_t nh,
                      float complex *y);

    /* Phase of each sample, radians in [-pi, pi], fast atan2 (|error| < 2e-5
     * rad); arg(0) = 0. */
    void (*arg_cf)(const float complex *x, size_t n, float *y);

    /* Phase/frequency discriminator: y[k] = arg(x[k] * conj(x[k - 1])) in
     * radians per sample, x[-1] = *prev on entry; *prev = x[n - 1] on exit
     * (unchanged when n = 0). Same fast atan2 as arg_cf. */
    void (*freqdisc_cf)(const float complex *x, size_t n, float complex *prev, float *y);

    /* Power: y[k] = |x[k]|^2 (re * re + im * im, no fused multiply-add: bit-exact
     * across flavours); energy = sum |x[k]|^2; sum = sum x[k]. */
    void (*mag2_cf)(const float complex *x, size_t n, float *y);
    float (*energy_cf)(const float complex *x, size_t n);
    float complex (*sum_cf)(const float complex *x, size_t n);

    /* Lag products (the preamble detector's differential correlation):
     *   re[k] + i im[k] = c[k + lag] * conj(c[k]),  k < n; c holds n + lag samples,
     * computed as re = ur vr + ui vi, im = ui vr - ur vi with separate
     * multiplies and adds (no fused multiply-add), so every flavour gives the
     * same bits as the generic one. */
    void (*lagprod_cf)(const float complex *c, size_t n, size_t lag, float *re, float *im);

    /* Power of a 4-term comb sum (the detector's metric):
     *   y[k] = ar^2 + ai^2, ar = ((re[k] + re[k+s]) + re[k+2s]) + re[k+3s], ai likewise,
     * k < n, s = stride; summed in that order, no fused multiply-add: bit-exact
     * across flavours. */
    void (*comb4_mag2_f)(const float *re, const float *im, size_t stride, size_t n, float *y);

    /* Both polarities of a correlation in one pass (the demodulator's lag
     * search): y = corr_cccf(x, h) and yc = corr_cccf(x, conj(h)), each with
     * exactly the bits of this flavour's corr_cccf (the conjugate template only
     * flips the sign of the cross terms, which every flavour sums apart). */
    void (*corr2_cccf)(const float complex *x, size_t nout, const float complex *h, size_t nh,
                       float complex *y, float complex *yc);

    /* Coherent segment sums across lags (the demodulator's frequency search):
     *   y[k] = |sum_{s < nseg} c[s * stride + k] * ph[s]|,  k < n,
     * each product (cr pr - ci pi, cr pi + ci pr), summed from s = 0 up starting
     * at 0, magnitude sqrt(re^2 + im^2); separate multiplies and adds: bit-exact
     * across flavours. */
    void (*cohmag_cf)(const float complex *c, size_t stride, size_t nseg, const float complex *ph,
                      size_t n, float *y);

    /* Differential segment sums across lags: y[k] = |a_k| with
     *   a_k = sum_{s + 1 < nseg} u * conj(v),  u = c[(s + 1) stride + k], v = c[s stride + k],
     * each product (ur vr + ui vi, ui vr - ur vi), summed from s = 0 up starting
     * at 0; bit-exact across flavours. */
    void (*diffmag_cf)(const float complex *c, size_t stride, size_t nseg, size_t n, float *y);

    /* Energy in double: sum |x[k]|^2, each |x|^2 in float as mag2_cf, summed in
     * four double lanes (lane j takes k = j mod 4, in order) returned as
     * (l0 + l1) + (l2 + l3): bit-exact across flavours. */
    double (*energy_cd)(const float complex *x, size_t n);

    /* The detector's threshold scan: the first k < n with
     *   !(m2[k] < thr2 * nrm[k] * nrm[k]) && !(nrm[k] <= 1e-30f)
     * (products left to right, no fused multiply-add: bit-exact across
     * flavours), or n when there is none. */
    size_t (*thr_first_f)(const float *m2, const float *nrm, float thr2, size_t n);

    /* cu8 conversion (as conv_cu8_cf) into the two polyphases of the input,
     * for a half-band decimator: a[k] = sample 2k, k < (n + 1) / 2, and
     * b[k] = sample 2k + 1, k < n / 2. */
    void (*conv_cu8_deint_cf)(const uint8_t *in, size_t n, float complex offset, float complex *a,
                              float complex *b);

    /* Half-band decimation by 2 on the polyphases of the input: the FIR of the
     * non-zero taps of one polyphase plus the centre tap on the other,
     *   y[m] = sum_{j < ntaps} hr[j] * xf[m + j] + centre * xc[m],  m < nout,
     * dtaps laid out as for firdecim_crcf; xf holds nout + ntaps - 1 samples,
     * xc holds nout. The centre term is added last. */
    void (*hbdecim_crcf)(const float *dtaps, size_t ntaps, float centre, const float complex *xf,
                         const float complex *xc, size_t nout, float complex *y);

    /* Every other sample: y[k] = x[2k], k < n; x holds 2n - 1 samples (none
     * past x[2n - 2] is read). Exact copies (the detector's decimation). */
    void (*even_cf)(const float complex *x, size_t n, float complex *y);
};

/* The active table (the only global mutable state of aisd). Statically the
 * generic flavour; dispatch_init() installs the best one the CPU supports. */
extern struct kern_table kern;

/* Convert n samples of format f through table t (kern for the active one). */
void kern_convert(const struct kern_table *t, enum kern_format f, const void *in, size_t n,
                  float complex offset, float complex *out);

/* Lay out ntaps real taps h for firdecim_crcf: dtaps (2 * ntaps floats) gets
 * them reversed and duplicated. */
void kern_taps_prepare(const float *h, size_t ntaps, float *dtaps);

/* The generic C flavour: the reference every other flavour is tested against. */
void kern_conv_cu8_cf_generic(const uint8_t *in, size_t n, float complex offset,
                              float complex *out);
void kern_conv_cs8_cf_generic(const int8_t *in, size_t n, float complex offset, float complex *out);
void kern_conv_cs16_cf_generic(const int16_t *in, size_t n, float complex offset,
                               float complex *out);
void kern_conv_cf32_cf_generic(const float complex *in, size_t n, float complex offset,
                               float complex *out);
void kern_mul_cccf_generic(const float complex *x, const float complex *h, size_t n,
                           float complex *y);
void kern_rotate_cccf_generic(const float complex *x, size_t n, float complex *phase,
                              float complex step, float complex *y);
void kern_firdecim_crcf_generic(const float *dtaps, size_t ntaps, const float complex *x,
                                size_t nout, size_t decim, float complex *y);
float complex kern_dot_cccf_generic(const float complex *x, const float complex *h, size_t n);
float complex kern_dotc_cccf_generic(const float complex *x, const float complex *h, size_t n);
void kern_corr_cccf_generic(const float complex *x, size_t nout, const float complex *h, size_t nh,
                            float complex *y);
void kern_arg_cf_generic(const float complex *x, size_t n, float *y);
void kern_freqdisc_cf_generic(const float complex *x, size_t n, float complex *prev, float *y);
void kern_mag2_cf_generic(const float complex *x, size_t n, float *y);
float kern_energy_cf_generic(const float complex *x, size_t n);
float complex kern_sum_cf_generic(const float complex *x, size_t n);
void kern_lagprod_cf_generic(const float complex *c, size_t n, size_t lag, float *re, float *im);
void kern_comb4_mag2_f_generic(const float *re, const float *im, size_t stride, size_t n, float *y);
void kern_corr2_cccf_generic(const float complex *x, size_t nout, const float complex *h, size_t nh,
                             float complex *y, float complex *yc);
void kern_cohmag_cf_generic(const float complex *c, size_t stride, size_t nseg,
                            const float complex *ph, size_t n, float *y);
void kern_diffmag_cf_generic(const float complex *c, size_t stride, size_t nseg, size_t n,
                             float *y);
double kern_energy_cd_generic(const float complex *x, size_t n);
/* energy_cd with its four lanes carried in and out (the SIMD flavours' tails):
 * the samples are k0, k0 + 1, ... of the whole sum. */
void kern_energy_cd_lanes_generic(const float complex *x, size_t n, size_t k0, double *lane);
size_t kern_thr_first_f_generic(const float *m2, const float *nrm, float thr2, size_t n);
void kern_conv_cu8_deint_cf_generic(const uint8_t *in, size_t n, float complex offset,
                                    float complex *a, float complex *b);
void kern_hbdecim_crcf_generic(const float *dtaps, size_t ntaps, float centre,
                               const float complex *xf, const float complex *xc, size_t nout,
                               float complex *y);
void kern_even_cf_generic(const float complex *x, size_t n, float complex *y);

/* The SIMD flavours each export one function that sets the entries they
 * implement (dispatch.c calls it only when the CPU supports the flavour). */
void kern_fill_sse2(struct kern_table *t);
void kern_fill_avx2(struct kern_table *t);
void kern_fill_neon(struct kern_table *t);

/* Fast atan2 shared by the flavours' scalar tails: a degree-9 odd polynomial
 * of min/max on [0, 1], then octant fix-up. |error| < 2e-5 rad. */
static inline float kern_atan2f(float y, float x)
{
    float ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    float mx = ax > ay ? ax : ay, mn = ax > ay ? ay : ax;
    float a = mn / (mx + 1e-30f);
    float s = a * a;
    float r = (((0.0208351f * s - 0.085133f) * s + 0.180141f) * s - 0.3302995f) * s + 0.999866f;
    r *= a;
    if (ay > ax) r = 1.57079637f - r;
    if (x < 0) r = 3.14159274f - r;
    return y < 0 ? -r : r;
}

#endif
