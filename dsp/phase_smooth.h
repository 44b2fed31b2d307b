/* phase_smooth.h: non-causal, decision-directed carrier reference for one
 * burst's Laurent C0 matched-filter outputs (pass 2 of dsp/gmsk_demod).
 * Given w_k (normalised, frequency already fitted) and decisions c_k, the
 * residual phasors u_j = w_j conj(m_j), m_j = c_j + j r1 (c_{j+1} - c_{j-1}),
 * summed over the symbols either side of k (k itself left out) give each
 * symbol's reference: the phase error of a causal loop is about halved and the
 * amplitude comes from the whole burst instead of the preamble. Soft values
 * also take off the C0 pulse's two-bit ISI: Re w_k = c_k - r2 (c_{k-2} +
 * c_{k+2}) + noise. A decision-directed timing metric lets the caller refine
 * the preamble's timing over the whole burst. Pure functions on caller arrays. */
#ifndef AISD_PHASE_SMOOTH_H
#define AISD_PHASE_SMOOTH_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

/* ref[k], k < n: the unit phasor of the sum of u_j over |j - k| <= half,
 * j != k, j < nfit (symbols past nfit take the window that ends at nfit; 0
 * where the sum is 0). work holds nfit + 1 values. */
void phase_smooth_ref(const float complex *w, const int8_t *c, size_t n, size_t nfit, float r1,
                      unsigned half, float complex *work, float complex *ref);
/* Timing metric: sum over 1 <= k < nfit - 1 of Re(w_k conj(m_k) conj(ref_k));
 * largest at the right timing. */
float phase_smooth_metric(const float complex *w, const int8_t *c, size_t nfit, float r1,
                          const float complex *ref);
/* The burst's amplitude along the references: the metric over sum |m_k|^2 (a
 * carrier that wanders over the burst does not shrink it, as it would a
 * coherent sum over the burst); 0 when there is nothing to fit. */
float phase_smooth_amp(const float complex *w, const int8_t *c, size_t nfit, float r1,
                       const float complex *ref);
/* soft[k] = Re(w_k conj(ref_k)) / amp + r2 (c_{k-2} + c_{k+2}), k < n. */
void phase_smooth_soft(const float complex *w, const float complex *ref, const int8_t *c, size_t n,
                       float r2, float amp, float *soft);

#endif
