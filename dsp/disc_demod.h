/* disc_demod.h: the FM-discriminator input path. Real 48 kHz samples of
 * instantaneous frequency (a VHF receiver's discriminator tap, unknown gain and
 * polarity) are integrated back to phase, exp(j phase) is fed to the coherent
 * demodulator (dsp/gmsk_demod.h), under several gain hypotheses (the gain sets
 * the modulation index the demodulator sees); frames are de-duplicated.
 * Gain is normalised per block by the RMS of the input. Alongside, a plain
 * non-coherent path (bit-length matched filter, slicer, one HDLC deframer per
 * bit phase) covers audio whose filtering breaks the phase model. */
#ifndef AISD_DISC_DEMOD_H
#define AISD_DISC_DEMOD_H

#include "dsp/receiver.h"

#include <stddef.h>

struct disc_demod_config {
    double rate;  /* must be 48000 */
    char channel; /* channel letter reported ('A' default) */
    struct gmsk_demod_config demod;
    receiver_cb on_frame;
    void *ctx;
};

struct disc_demod;

void disc_demod_config_default(struct disc_demod_config *c);
struct disc_demod *disc_demod_create(const struct disc_demod_config *c);
void disc_demod_destroy(struct disc_demod *d);
/* Push n real samples (full scale 1). */
int disc_demod_execute(struct disc_demod *d, const float *x, size_t n);
void disc_demod_flush(struct disc_demod *d);
void disc_demod_get_stats(const struct disc_demod *d, struct receiver_stats *s);

#endif
