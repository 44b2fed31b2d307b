/* gmsk_mod.h: the simulator's AIS burst modulator. Turns a burst's NRZI line
 * levels (decode/frame.h ais_burst_encode) into complex baseband samples at any
 * sample rate: GMSK with BT 0.4, modulation index 0.5, 9600 bit/s, an amplitude
 * ramp over the first and after the last bit, a carrier offset, a start phase
 * and a fractional start time. The phase is computed from the closed-form
 * Gaussian phase pulse (tabulated finely), so non-integer samples per bit and
 * sub-sample timing offsets are exact. Not on the receive path. */
#ifndef AISD_GMSK_MOD_H
#define AISD_GMSK_MOD_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

struct gmsk_mod_config {
    double sample_rate;    /* S/s (any value > 2 * bit_rate) */
    double bit_rate;       /* 9600 for AIS */
    double bt;             /* Gaussian filter bandwidth-time product: 0.4 */
    double h;              /* modulation index: 0.5 */
    double ramp_up_bits;   /* raised-cosine amplitude ramp from the first level */
    double ramp_down_bits; /* raised-cosine ramp after the last level */
    double ramp_up_delay;  /* bits of silence before the ramp-up starts (0) */
    double ramp_down_lead; /* the ramp-down starts this many bits before the
                            * end of the last level (0: after it) */
};

struct gmsk_mod;

struct gmsk_mod_config gmsk_mod_config_default(void);
struct gmsk_mod *gmsk_mod_create(const struct gmsk_mod_config *c);
void gmsk_mod_destroy(struct gmsk_mod *m);

/* Samples a burst of nlevels levels occupies when its first level starts
 * offset samples (0 <= offset < 1) after sample 0 (ramp-down included). */
size_t gmsk_mod_length(const struct gmsk_mod *m, size_t nlevels, double offset);

/* Adds amp * envelope * exp(j(phase(t) + 2 pi freq_hz t + phase0)) to
 * out[0..gmsk_mod_length()) (out must hold that many samples); t is measured
 * from the first level's start, offset samples after out[0]. Level 1 is a
 * positive frequency deviation of h * bit_rate / 2. Returns 0 or AISD_E_INVAL. */
int gmsk_mod_burst(const struct gmsk_mod *m, const uint8_t *levels, size_t nlevels, double offset,
                   double amp, double freq_hz, double phase0, float complex *out);

/* The phase pulse q(t) (0 before, 1/2 long after; t in bits from the bit's
 * centre), exposed for tests. */
double gmsk_mod_phase_pulse(const struct gmsk_mod *m, double t);

#endif
