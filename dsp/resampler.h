/* resampler.h: arbitrary-ratio complex resampler for input rates that are not
 * a whole multiple of 48 kS/s. A thin owner of liquid-dsp's polyphase
 * resamp_crcf (Kaiser design, 60 dB): off the SIMD path, used only for odd
 * rates, after the channelizer's first decimation. One thread per object;
 * execute allocates nothing. */
#ifndef AISD_RESAMPLER_H
#define AISD_RESAMPLER_H

#include <complex.h>
#include <stddef.h>

struct resampler_config {
    double rate_in;  /* S/s, > 0 */
    double rate_out; /* S/s, rate_in / 16 .. rate_in */
    double pass_hz;  /* keep |f| <= pass_hz flat; default 0.4 * rate_out */
    float stop_db;   /* stop-band attenuation, default 60 */
};

struct resampler;

struct resampler_config resampler_config_default(void);
struct resampler *resampler_create(const struct resampler_config *cfg);
/* Resample n samples of x into y; y needs resampler_max_out(r, n) room.
 * *ny gets the count produced. 0 or AISD_E_INVAL. */
int resampler_execute(struct resampler *r, const float complex *x, size_t n, float complex *y,
                      size_t *ny);
size_t resampler_max_out(const struct resampler *r, size_t n);
/* Group delay in input samples (of rate_in). */
double resampler_delay(const struct resampler *r);
void resampler_reset(struct resampler *r);
void resampler_destroy(struct resampler *r);

#endif
