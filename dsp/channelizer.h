/* channelizer.h: input IQ at the tuner's rate in, the two AIS channels out as
 * 48 kS/s complex baseband (5 samples per bit). Owns the input conversion with
 * a slow DC blocker, a first decimation of the whole band (high rates), a
 * resampler for rates that are not a multiple of 48 kS/s, and per channel a
 * mixer (rotating phasor, common tuner correction included) and a Kaiser
 * low-pass decimator (>= 55 dB from 22 kHz off the channel centre). Runs on the
 * SIMD kernels (kernels.h). One thread per object; execute allocates nothing. */
#ifndef AISD_CHANNELIZER_H
#define AISD_CHANNELIZER_H

#include "dsp/kernels.h"

#include <complex.h>
#include <stddef.h>

#define CHANNELIZER_RATE 48000.0 /* output rate, S/s */

struct channelizer_config {
    double rate;              /* input rate, S/s: 240e3 .. 3.2e6 */
    double centre_hz;         /* tuner centre frequency; default 162.000 MHz */
    double chan_hz[2];        /* channel A, B: default 161.975 / 162.025 MHz */
    double correction_hz;     /* initial tuner correction (channelizer_set_correction) */
    double max_correction_hz; /* |correction| the first stage keeps in band; 12500 */
    double dc_time_s;         /* DC blocker time constant; default 0.5 s; 0 = off */
    size_t max_block;         /* input samples per inner pass; default 16384 */
    float stop_db;            /* filter stop-band design target; default 60 */
    unsigned decim1;          /* force the first decimation (0 = cheapest plan) */
};

struct channelizer;

struct channelizer_config channelizer_config_default(void);

/* NULL (and a log line naming the constraint) on a bad configuration. */
struct channelizer *channelizer_create(const struct channelizer_config *cfg);

/* Acquisition with several tuner corrections: a follower shares the
 * conversion, DC blocker, stage 1 and resampler of a leader and has only its
 * own channel mixers and filters (so it costs about a third at 288 kS/s and
 * a quarter at 2.4 MS/s). cfg must match the leader's except for
 * correction_hz. Per block, run the leader first, then each follower on the
 * same block (n <= max_block; a follower out of step gets AISD_E_INVAL).
 * At resampled rates the result is an independent channelizer (a resampler
 * state cannot be handed over). NULL on a mismatched configuration. */
struct channelizer *channelizer_create_follower(const struct channelizer_config *cfg,
                                                struct channelizer *leader);
/* Give a follower its own copy of the shared front (its state as of now), so
 * that it goes on alone once the leader is destroyed. 0 or AISD_E_NOMEM; a
 * channelizer that is no follower is left as it is. */
int channelizer_detach(struct channelizer *c);
/* on = 1: run only the front (conversion, DC blocker, stage 1, resampler) and
 * produce no channel output, for a leader whose followers still need its front
 * but whose own channels are no longer wanted. */
void channelizer_front_only(struct channelizer *c, int on);

/* Room the caller must give each output for an n-sample input block. */
size_t channelizer_max_out(const struct channelizer *c, size_t n);

/* Channelize n input samples in format fmt (interleaved I/Q). Writes the same
 * number of samples, *nout (<= channelizer_max_out(c, n)), to out_a and out_b.
 * Blocks of any size; the stream is continuous across calls. 0 or
 * AISD_E_INVAL. */
int channelizer_execute(struct channelizer *c, enum kern_format fmt, const void *in, size_t n,
                        float complex *out_a, float complex *out_b, size_t *nout);

/* Tuner correction: a channel nominally at f is taken from f + hz in the input
 * (hz > 0 when the dongle reads low). Takes effect at the next block with no
 * phase jump. AISD_E_RANGE beyond max_correction_hz (value clamped). */
int channelizer_set_correction(struct channelizer *c, double hz);
double channelizer_correction(const struct channelizer *c);

/* Output sample m (counted from create/reset) is the channel's content near
 * input sample m * channelizer_ratio(c) - channelizer_delay(c). */
double channelizer_ratio(const struct channelizer *c);
double channelizer_delay(const struct channelizer *c);

/* The current DC estimate (full scale 1.0) removed at the input. */
float complex channelizer_dc(const struct channelizer *c);

/* One line describing the stages, e.g. for `aisd --show-dsp` and logs. */
int channelizer_describe(const struct channelizer *c, char *buf, size_t len);

/* Clear filter history, DC estimate and phases (after a discontinuity). */
void channelizer_reset(struct channelizer *c);
void channelizer_destroy(struct channelizer *c);

#endif
