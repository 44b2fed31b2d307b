/* phase_smooth.c: non-causal decision-directed carrier reference, timing
 * metric, amplitude and ISI-corrected soft values for one burst (see
 * phase_smooth.h). */
#include "dsp/phase_smooth.h"

#include "dsp/kernels.h"

#include <math.h>

static inline float complex model_at(const int8_t *c, size_t n, size_t k, float r1)
{
    int next = k + 1 < n ? c[k + 1] : 0, prev = k ? c[k - 1] : 0;
    return CMPLXF((float)c[k], r1 * (float)(next - prev));
}

/* w conj(m) without C's NaN/inf recovery path. */
static inline float complex resid(float complex w, float complex m)
{
    return CMPLXF(crealf(w) * crealf(m) + cimagf(w) * cimagf(m),
                  cimagf(w) * crealf(m) - crealf(w) * cimagf(m));
}

/* Re(a conj(b)) */
static inline float dot(float complex a, float complex b)
{
    return crealf(a) * crealf(b) + cimagf(a) * cimagf(b);
}

void phase_smooth_ref(const float complex *w, const int8_t *c, size_t n, size_t nfit, float r1,
                      unsigned half, float complex *work, float complex *ref)
{
    if (nfit > n) nfit = n;
    if (n == 0) return;
    if (nfit == 0) {
        for (size_t k = 0; k < n; k++)
            ref[k] = 0;
        return;
    }
    /* work[j] = sum_{i<j} u_i: prefix sums, one window (and u_k itself) in
     * lookups. */
    work[0] = 0;
    for (size_t j = 0; j < nfit; j++)
        work[j + 1] = work[j] + resid(w[j], model_at(c, nfit, j, r1));
    size_t full = 2 * (size_t)half + 1;
    for (size_t k = 0; k < n; k++) {
        float complex r;
        if (k < nfit) {
            size_t lo = k > half ? k - half : 0;
            size_t hi = k + half + 1 < nfit ? k + half + 1 : nfit;
            r = (work[hi] - work[lo]) - (work[k + 1] - work[k]);
        } else { /* past the fitted span: its last full window */
            r = work[nfit] - work[nfit > full ? nfit - full : 0];
        }
        float a = sqrtf(crealf(r) * crealf(r) + cimagf(r) * cimagf(r));
        ref[k] = a > 0 ? r / a : 0;
    }
}

float phase_smooth_metric(const float complex *w, const int8_t *c, size_t nfit, float r1,
                          const float complex *ref)
{
    double m = 0;
    for (size_t k = 1; k + 1 < nfit; k++)
        m += dot(resid(w[k], model_at(c, nfit, k, r1)), ref[k]);
    return (float)m;
}

float phase_smooth_amp(const float complex *w, const int8_t *c, size_t nfit, float r1,
                       const float complex *ref)
{
    double mm = 0;
    for (size_t k = 1; k + 1 < nfit; k++) {
        float im = r1 * (float)(c[k + 1] - c[k - 1]);
        mm += 1.0 + (double)(im * im);
    }
    return mm > 0 ? (float)(phase_smooth_metric(w, c, nfit, r1, ref) / mm) : 0;
}

void phase_smooth_soft(const float complex *w, const float complex *ref, const int8_t *c, size_t n,
                       float r2, float amp, float *soft)
{
    float g = amp > 0 ? 1.0f / amp : 1.0f;
    for (size_t k = 0; k < n; k++) {
        int isi = (k >= 2 ? c[k - 2] : 0) + (k + 2 < n ? c[k + 2] : 0);
        soft[k] = dot(w[k], ref[k]) * g + r2 * (float)isi;
    }
}
