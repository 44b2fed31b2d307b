/* laurent.h: GMSK pulse design for the coherent demodulator: the Gaussian
 * phase pulse q(t), the Laurent main pulse C0 (matched filter and its ISI
 * coefficients R1, R2), and a reference modulator for templates and tests.
 *
 * Time convention (in samples, sps per bit): bit i's frequency pulse is
 * centred at sps*(i + 1/2) + t0, and the Laurent pulse C0 for b_k peaks at
 * sps*(k + 1) + t0, where t0 is the time of the start of bit 0.
 * b_k = exp(j pi/2 sum_{i<=k} a_i) = j^(k+1) c_k, c_k = prod_{i<=k} a_i. */
#ifndef AISD_LAURENT_H
#define AISD_LAURENT_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#define LAURENT_OS 64 /* fine-grid points per sample */

struct laurent_config {
    float bt;     /* Gaussian bandwidth-time product (AIS: 0.4) */
    unsigned len; /* frequency-pulse length L in bits (4 for BT 0.4) */
    unsigned sps; /* samples per bit (5 at 48 kS/s) */
};

struct laurent;

void laurent_config_default(struct laurent_config *c);
struct laurent *laurent_create(const struct laurent_config *c);
void laurent_destroy(struct laurent *l);

unsigned laurent_sps(const struct laurent *l);
/* Half-width of C0 in whole samples: taps run -half..+half. */
int laurent_c0_half(const struct laurent *l);
/* C0 at time t samples from its peak (0 outside the support); peak value 1. */
float laurent_c0(const struct laurent *l, float t);
/* Matched-filter taps h[m + half] = C0(m - frac), m = -half..half, frac in [0,1). */
void laurent_mf_taps(const struct laurent *l, float frac, float *taps);
/* Normalised C0 autocorrelation at lags of one and two bits. */
float laurent_r1(const struct laurent *l);
float laurent_r2(const struct laurent *l);
/* Phase pulse q at time t samples from the start of its frequency pulse:
 * 0 before, 1/2 after len*sps. */
float laurent_q(const struct laurent *l, float t);

/* Reference GMSK (h = 1/2) modulator: out[n] for sample n, with bit 0 starting
 * at sample t0 and symbols a[0..nbits) = +-1 (0 = no pulse). Unit amplitude,
 * phase 0 before the first pulse. */
void laurent_modulate(const struct laurent *l, const int8_t *a, size_t nbits, float t0,
                      float complex *out, size_t nout);

#endif
