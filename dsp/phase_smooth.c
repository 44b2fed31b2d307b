/* phase_smooth.c: non-causal decision-directed carrier reference, timing
 * metric and ISI-corrected soft values for one burst (see phase_smooth.h). */
#include "dsp/phase_smooth.h"

#include "dsp/kernels.h"

#include <math.h>

static inline float complex model_at(const int8_t *c, size_t n, size_t k, float r1)
{
    int next = k + 1 < n ? c[k + 1] : 0, prev = k ? c[k - 1] : 0;
    return (float)c[k] + I * r1 * (float)(next - prev);
}

/* w conj(m) without C's NaN/inf recovery path. */
static inline float complex resid(float complex w, float complex m)
{
    return CMPLXF(crealf(w) * crealf(m) + cimagf(w) * cimagf(m),
                  cimagf(w) * crealf(m) - crealf(w) * cimagf(m));
}

float phase_smooth_ref(const float complex *w, const int8_t *c, size_t n, size_t nfit, float r1,
                       unsigned half, float complex *work, float complex *ref)
{
    if (nfit > n) nfit = n;
    if (nfit == 0 || n == 0) return 0;
    /* work[j] = sum_{i<j} u_i: prefix sums, one window in two lookups. */
    double mm = 0;
    work[0] = 0;
    for (size_t j = 0; j < nfit; j++) {
        float complex m = model_at(c, nfit, j, r1);
        work[j + 1] = work[j] + resid(w[j], m);
        mm += crealf(m) * crealf(m) + cimagf(m) * cimagf(m);
    }
    for (size_t k = 0; k < n; k++) {
        size_t lo, hi;
        if (k < nfit) {
            lo = k > half ? k - half : 0;
            hi = k + half + 1 < nfit ? k + half + 1 : nfit;
        } else { /* past the fitted span: its last full window */
            hi = nfit;
            lo = nfit > 2 * (size_t)half + 1 ? nfit - 2 * (size_t)half - 1 : 0;
        }
        float complex r = work[hi] - work[lo];
        if (k < nfit) r -= resid(w[k], model_at(c, nfit, k, r1));
        ref[k] = r;
    }
    /* The amplitude along each symbol's own reference: a carrier that wanders
     * over the burst does not shrink it (a coherent sum over the burst would). */
    return mm > 0 ? phase_smooth_metric(w, c, nfit, r1, ref) / (float)mm : 0;
}

float phase_smooth_metric(const float complex *w, const int8_t *c, size_t nfit, float r1,
                          const float complex *ref)
{
    double m = 0;
    for (size_t k = 1; k + 1 < nfit; k++) {
        float complex u = resid(w[k], model_at(c, nfit, k, r1));
        float a = sqrtf(crealf(ref[k]) * crealf(ref[k]) + cimagf(ref[k]) * cimagf(ref[k]));
        if (a > 0) m += (crealf(u) * crealf(ref[k]) + cimagf(u) * cimagf(ref[k])) / a;
    }
    return (float)m;
}

void phase_smooth_soft(const float complex *w, const float complex *ref, const int8_t *c, size_t n,
                       float r2, float amp, float *soft)
{
    for (size_t k = 0; k < n; k++) {
        float a = sqrtf(crealf(ref[k]) * crealf(ref[k]) + cimagf(ref[k]) * cimagf(ref[k])) * amp;
        float v = a > 0 ? (crealf(w[k]) * crealf(ref[k]) + cimagf(w[k]) * cimagf(ref[k])) / a : 0;
        int isi = (k >= 2 ? c[k - 2] : 0) + (k + 2 < n ? c[k + 2] : 0);
        soft[k] = v + r2 * (float)isi;
    }
}
