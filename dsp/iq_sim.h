/* iq_sim.h: the simulator's sample mixer. Modulated bursts (dsp/gmsk_mod) are
 * added at absolute (fractional) sample positions to white complex Gaussian
 * noise over the whole band; RTL-SDR front-end impairments (DC offset, I/Q gain
 * and phase imbalance) are applied to the sum, which is then quantised (with
 * clipping) to cu8, cs8, cs16 or cf32 and handed out block by block, so files of
 * any length stream with bounded memory. Full scale is 1.0 in every format.
 * Eb/N0 follows the corpus definition: Eb/N0 = A^2 / (Rb N0), N0 = noise power
 * per complex sample / sample rate. Deterministic for a given seed. */
#ifndef AISD_IQ_SIM_H
#define AISD_IQ_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "decode/frame.h"

enum iq_sim_format { IQ_SIM_CU8, IQ_SIM_CS8, IQ_SIM_CS16, IQ_SIM_CF32 };

struct iq_sim_config {
    double sample_rate;  /* S/s */
    double bit_rate;     /* 9600 */
    double noise_rms;    /* rms of I (and of Q) noise, full scale = 1; 0 = none */
    double dc_i, dc_q;   /* DC offset, full-scale units */
    double iq_gain_db;   /* Q gain relative to I */
    double iq_phase_deg; /* Q axis skew */
    enum iq_sim_format format;
    double ramp_up_bits, ramp_down_bits;
    double ramp_up_delay, ramp_down_lead; /* see dsp/gmsk_mod.h (0, 0) */
    uint64_t seed;
};

/* One burst to add. levels from ais_burst_encode. */
struct iq_sim_burst {
    const uint8_t *levels;
    size_t nlevels;
    double start;   /* sample index of the first level (fractional allowed) */
    double amp;     /* steady amplitude, full-scale units (see iq_sim_amplitude) */
    double freq_hz; /* offset from the centre frequency */
    double phase;   /* start phase, radians */
};

struct iq_sim_stats {
    uint64_t samples; /* complex samples rendered */
    uint64_t bursts;  /* bursts added */
    uint64_t clipped; /* I or Q values clipped by quantisation */
};

struct iq_sim;

struct iq_sim_config iq_sim_config_default(void);
struct iq_sim *iq_sim_create(const struct iq_sim_config *c);
void iq_sim_destroy(struct iq_sim *s);

/* Bytes per complex sample of a format; name <-> format ("cu8", ...). */
size_t iq_sim_sample_bytes(enum iq_sim_format f);
int iq_sim_format_parse(const char *name, enum iq_sim_format *f);

/* Noise power per complex sample (2 noise_rms^2). */
double iq_sim_noise_power(const struct iq_sim *s);
/* Burst amplitude for an Eb/N0 in dB against this mixer's noise; with no noise,
 * the amplitude for the same Eb/N0 against noise_rms_ref. */
double iq_sim_amplitude(const struct iq_sim *s, double ebn0_db);
/* Eb/N0 in dB of a burst of amplitude amp (inverse of iq_sim_amplitude). */
double iq_sim_ebn0_db(const struct iq_sim *s, double amp);

/* Samples a burst of nlevels occupies from its start (ramp-down included). */
size_t iq_sim_burst_length(const struct iq_sim *s, size_t nlevels);

/* A burst's line levels for frame f (ais_burst_encode with the default
 * layout), with its FCS XORed with fcs_xor (0: a valid burst; nonzero: a
 * deliberately wrong FCS for false-frame tests). Returns the number of levels
 * or a negative aisd_err (AISD_E_RANGE when max is too small). */
int iq_sim_levels(const struct ais_frame *f, uint16_t fcs_xor, uint8_t *levels, size_t max);
/* The same with trailer_bits data 1s (unmodulated carrier) after the end flag. */
int iq_sim_levels_trailer(const struct ais_frame *f, uint16_t fcs_xor, unsigned trailer_bits,
                          uint8_t *levels, size_t max);

/* The burst shape of the independent synthesizer behind the corpus' synthetic/
 * files (measured on its 12-14 dB bursts): within the 8 ramp bits the amplitude
 * rises over bits 2..8; after the end flag 8 more data 1s (unmodulated), the
 * amplitude falling over their last 6. Sets c's ramps; use
 * IQ_SIM_CORPUS_TRAILER with iq_sim_levels_trailer. Its line level 1 is a
 * negative deviation (invert the levels). */
void iq_sim_corpus_shape(struct iq_sim_config *c);
#define IQ_SIM_CORPUS_TRAILER 8

/* Queue a burst. Bursts may overlap and come in any order, but none may start
 * before the next sample to be rendered (AISD_E_RANGE). */
int iq_sim_add(struct iq_sim *s, const struct iq_sim_burst *b);

/* Render the next n complex samples into out (n * iq_sim_sample_bytes bytes). */
int iq_sim_render(struct iq_sim *s, size_t n, void *out);

/* Index of the next sample iq_sim_render will produce. */
uint64_t iq_sim_position(const struct iq_sim *s);
struct iq_sim_stats iq_sim_stats(const struct iq_sim *s);

#endif
