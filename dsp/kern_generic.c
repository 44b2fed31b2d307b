/* kern_generic.c: the generic C flavour of the DSP kernels (see kernels.h).
 * Plain loops, no intrinsics: the reference that every SIMD flavour is tested
 * against, and the fallback on any CPU. Also the format helpers. */
#include "dsp/kernels.h"

#include <math.h>
#include <string.h>

size_t kern_format_size(enum kern_format f)
{
    switch (f) {
    case KERN_CU8:
    case KERN_CS8:
        return 2;
    case KERN_CS16:
        return 4;
    case KERN_CF32:
        return 8;
    }
    return 0;
}

void kern_convert(const struct kern_table *t, enum kern_format f, const void *in, size_t n,
                  float complex offset, float complex *out)
{
    switch (f) {
    case KERN_CU8:
        t->conv_cu8_cf(in, n, offset, out);
        break;
    case KERN_CS8:
        t->conv_cs8_cf(in, n, offset, out);
        break;
    case KERN_CS16:
        t->conv_cs16_cf(in, n, offset, out);
        break;
    case KERN_CF32:
        t->conv_cf32_cf(in, n, offset, out);
        break;
    }
}

void kern_taps_prepare(const float *h, size_t ntaps, float *dtaps)
{
    for (size_t j = 0; j < ntaps; j++)
        dtaps[2 * j] = dtaps[2 * j + 1] = h[ntaps - 1 - j];
}

void kern_conv_cu8_cf_generic(const uint8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -127.5f / 128.0f - crealf(offset), bi = -127.5f / 128.0f - cimagf(offset);
    for (size_t k = 0; k < n; k++) {
        o[2 * k] = in[2 * k] * (1.0f / 128.0f) + br;
        o[2 * k + 1] = in[2 * k + 1] * (1.0f / 128.0f) + bi;
    }
}

void kern_conv_cs8_cf_generic(const int8_t *in, size_t n, float complex offset, float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    for (size_t k = 0; k < n; k++) {
        o[2 * k] = in[2 * k] * (1.0f / 128.0f) + br;
        o[2 * k + 1] = in[2 * k + 1] * (1.0f / 128.0f) + bi;
    }
}

void kern_conv_cs16_cf_generic(const int16_t *in, size_t n, float complex offset,
                               float complex *out)
{
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    for (size_t k = 0; k < n; k++) {
        o[2 * k] = in[2 * k] * (1.0f / 32768.0f) + br;
        o[2 * k + 1] = in[2 * k + 1] * (1.0f / 32768.0f) + bi;
    }
}

void kern_conv_cf32_cf_generic(const float complex *in, size_t n, float complex offset,
                               float complex *out)
{
    const float *i = (const float *)in;
    float *o = (float *)out;
    const float br = -crealf(offset), bi = -cimagf(offset);
    for (size_t k = 0; k < n; k++) {
        o[2 * k] = i[2 * k] + br;
        o[2 * k + 1] = i[2 * k + 1] + bi;
    }
}

void kern_mul_cccf_generic(const float complex *x, const float complex *h, size_t n,
                           float complex *y)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float *o = (float *)y;
    for (size_t k = 0; k < n; k++) {
        float ar = a[2 * k], ai = a[2 * k + 1], br = b[2 * k], bi = b[2 * k + 1];
        o[2 * k] = ar * br - ai * bi;
        o[2 * k + 1] = ar * bi + ai * br;
    }
}

void kern_rotate_cccf_generic(const float complex *x, size_t n, float complex *phase,
                              float complex step, float complex *y)
{
    const float *a = (const float *)x;
    float *o = (float *)y;
    float pr = crealf(*phase), pi = cimagf(*phase);
    const float sr = crealf(step), si = cimagf(step);
    for (size_t k = 0; k < n; k++) {
        float ar = a[2 * k], ai = a[2 * k + 1];
        o[2 * k] = ar * pr - ai * pi;
        o[2 * k + 1] = ar * pi + ai * pr;
        float t = pr * sr - pi * si;
        pi = pr * si + pi * sr;
        pr = t;
        if ((k & 255) == 255) {
            float g = 1.0f / sqrtf(pr * pr + pi * pi);
            pr *= g;
            pi *= g;
        }
    }
    float g = 1.0f / sqrtf(pr * pr + pi * pi);
    *phase = CMPLXF(pr * g, pi * g);
}

void kern_firdecim_crcf_generic(const float *dtaps, size_t ntaps, const float complex *x,
                                size_t nout, size_t decim, float complex *y)
{
    float *o = (float *)y;
    for (size_t m = 0; m < nout; m++) {
        const float *xp = (const float *)(x + m * decim);
        float re = 0, im = 0;
        for (size_t j = 0; j < ntaps; j++) {
            re += dtaps[2 * j] * xp[2 * j];
            im += dtaps[2 * j + 1] * xp[2 * j + 1];
        }
        o[2 * m] = re;
        o[2 * m + 1] = im;
    }
}

float complex kern_dot_cccf_generic(const float complex *x, const float complex *h, size_t n)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float re = 0, im = 0;
    for (size_t k = 0; k < n; k++) {
        re += a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
        im += a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
    }
    return CMPLXF(re, im);
}

float complex kern_dotc_cccf_generic(const float complex *x, const float complex *h, size_t n)
{
    const float *a = (const float *)x, *b = (const float *)h;
    float re = 0, im = 0;
    for (size_t k = 0; k < n; k++) {
        re += a[2 * k] * b[2 * k] + a[2 * k + 1] * b[2 * k + 1];
        im += a[2 * k + 1] * b[2 * k] - a[2 * k] * b[2 * k + 1];
    }
    return CMPLXF(re, im);
}

void kern_corr_cccf_generic(const float complex *x, size_t nout, const float complex *h, size_t nh,
                            float complex *y)
{
    for (size_t m = 0; m < nout; m++)
        y[m] = kern_dotc_cccf_generic(x + m, h, nh);
}

void kern_arg_cf_generic(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    for (size_t k = 0; k < n; k++)
        y[k] = kern_atan2f(a[2 * k + 1], a[2 * k]);
}

void kern_freqdisc_cf_generic(const float complex *x, size_t n, float complex *prev, float *y)
{
    if (n == 0) return;
    const float *a = (const float *)x;
    float pr = crealf(*prev), pi = cimagf(*prev);
    for (size_t k = 0; k < n; k++) {
        float ar = a[2 * k], ai = a[2 * k + 1];
        y[k] = kern_atan2f(ai * pr - ar * pi, ar * pr + ai * pi);
        pr = ar;
        pi = ai;
    }
    *prev = x[n - 1];
}

void kern_mag2_cf_generic(const float complex *x, size_t n, float *y)
{
    const float *a = (const float *)x;
    for (size_t k = 0; k < n; k++) {
        float r2 = a[2 * k] * a[2 * k], i2 = a[2 * k + 1] * a[2 * k + 1]; /* never fused */
        y[k] = r2 + i2;
    }
}

float kern_energy_cf_generic(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    float e = 0;
    for (size_t k = 0; k < n; k++)
        e += a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
    return e;
}

float complex kern_sum_cf_generic(const float complex *x, size_t n)
{
    const float *a = (const float *)x;
    float re = 0, im = 0;
    for (size_t k = 0; k < n; k++) {
        re += a[2 * k];
        im += a[2 * k + 1];
    }
    return CMPLXF(re, im);
}

void kern_lagprod_cf_generic(const float complex *c, size_t n, size_t lag, float *re, float *im)
{
    const float *v = (const float *)c, *u = (const float *)(c + lag);
    for (size_t k = 0; k < n; k++) {
        float ur = u[2 * k], ui = u[2 * k + 1], vr = v[2 * k], vi = v[2 * k + 1];
        float a = ur * vr, b = ui * vi, e = ui * vr, f = ur * vi;
        re[k] = a + b;
        im[k] = e - f;
    }
}

void kern_comb4_mag2_f_generic(const float *re, const float *im, size_t stride, size_t n, float *y)
{
    for (size_t k = 0; k < n; k++) {
        float ar = re[k] + re[k + stride], ai = im[k] + im[k + stride];
        ar = ar + re[k + 2 * stride];
        ai = ai + im[k + 2 * stride];
        ar = ar + re[k + 3 * stride];
        ai = ai + im[k + 3 * stride];
        float pr = ar * ar, pi = ai * ai;
        y[k] = pr + pi;
    }
}

void kern_corr2_cccf_generic(const float complex *x, size_t nout, const float complex *h, size_t nh,
                             float complex *y, float complex *yc)
{
    /* dot(x, h) has the bits of dotc(x, conj(h)): the cross terms change sign. */
    for (size_t m = 0; m < nout; m++) {
        y[m] = kern_dotc_cccf_generic(x + m, h, nh);
        yc[m] = kern_dot_cccf_generic(x + m, h, nh);
    }
}

void kern_cohmag_cf_generic(const float complex *c, size_t stride, size_t nseg,
                            const float complex *ph, size_t n, float *y)
{
    const float *a = (const float *)c, *p = (const float *)ph;
    for (size_t k = 0; k < n; k++) {
        float ar = 0, ai = 0;
        for (size_t s = 0; s < nseg; s++) {
            const float *v = a + 2 * (s * stride + k);
            float cr = v[0], ci = v[1], pr = p[2 * s], pi = p[2 * s + 1];
            float rr = cr * pr, ii = ci * pi, ri = cr * pi, ir = ci * pr;
            float tr = rr - ii, ti = ri + ir;
            ar = ar + tr;
            ai = ai + ti;
        }
        float qr = ar * ar, qi = ai * ai;
        y[k] = sqrtf(qr + qi);
    }
}

void kern_diffmag_cf_generic(const float complex *c, size_t stride, size_t nseg, size_t n, float *y)
{
    const float *a = (const float *)c;
    for (size_t k = 0; k < n; k++) {
        float ar = 0, ai = 0;
        for (size_t s = 0; s + 1 < nseg; s++) {
            const float *u = a + 2 * ((s + 1) * stride + k), *v = a + 2 * (s * stride + k);
            float ur = u[0], ui = u[1], vr = v[0], vi = v[1];
            float rr = ur * vr, ii = ui * vi, ir = ui * vr, ri = ur * vi;
            float tr = rr + ii, ti = ir - ri;
            ar = ar + tr;
            ai = ai + ti;
        }
        float qr = ar * ar, qi = ai * ai;
        y[k] = sqrtf(qr + qi);
    }
}

void kern_energy_cd_lanes_generic(const float complex *x, size_t n, size_t k0, double *lane)
{
    const float *a = (const float *)x;
    for (size_t k = 0; k < n; k++) {
        float re = a[2 * k], im = a[2 * k + 1];
        float rr = re * re, ii = im * im;
        float m = rr + ii;
        lane[(k0 + k) & 3] += (double)m;
    }
}

double kern_energy_cd_generic(const float complex *x, size_t n)
{
    double lane[4] = {0, 0, 0, 0};
    kern_energy_cd_lanes_generic(x, n, 0, lane);
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

size_t kern_thr_first_f_generic(const float *m2, const float *nrm, float thr2, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        float t = thr2 * nrm[k];
        t = t * nrm[k];
        if (!(m2[k] < t) && !(nrm[k] <= 1e-30f)) return k;
    }
    return n;
}

void kern_conv_cu8_deint_cf_generic(const uint8_t *in, size_t n, float complex offset,
                                    float complex *a, float complex *b)
{
    for (size_t k = 0; 2 * k < n; k++) {
        kern_conv_cu8_cf_generic(in + 4 * k, 1, offset, a + k);
        if (2 * k + 1 < n) kern_conv_cu8_cf_generic(in + 4 * k + 2, 1, offset, b + k);
    }
}

void kern_hbdecim_crcf_generic(const float *dtaps, size_t ntaps, float centre,
                               const float complex *xf, const float complex *xc, size_t nout,
                               float complex *y)
{
    kern_firdecim_crcf_generic(dtaps, ntaps, xf, nout, 1, y);
    float *o = (float *)y;
    const float *c = (const float *)xc;
    for (size_t m = 0; m < 2 * nout; m++)
        o[m] += centre * c[m];
}

void kern_even_cf_generic(const float complex *x, size_t n, float complex *y)
{
    for (size_t k = 0; k < n; k++)
        memcpy(y + k, x + 2 * k, sizeof *y); /* an 8-byte move: exact */
}
