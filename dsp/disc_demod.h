/* disc_demod.h: the FM-discriminator input path. Real 48 kHz samples of
 * instantaneous frequency from a VHF receiver's discriminator tap, of unknown
 * gain, polarity and audio filtering (flat, de-emphasised, AC-coupled), are
 * decoded burst by burst by dsp/disc_mlse.h (preamble correlation, least-squares
 * estimate of the tap's response, Viterbi sequence decision, plain CRC), and
 * the frames are passed on as receiver frames on one channel. */
#ifndef AISD_DISC_DEMOD_H
#define AISD_DISC_DEMOD_H

#include "dsp/disc_mlse.h"
#include "dsp/receiver.h"

#include <stddef.h>

struct disc_demod_config {
    double rate;  /* must be 48000 */
    char channel; /* channel letter reported ('A' default) */
    struct disc_mlse_config mlse;
    /* Settings of the coherent IQ demodulator. The discriminator path used
     * them before it decoded with dsp/disc_mlse.h; they no longer have an
     * effect here (kept so that callers that set them still build). */
    struct gmsk_demod_config demod;
    receiver_cb on_frame;
    void *ctx;
};

struct disc_demod;

void disc_demod_config_default(struct disc_demod_config *c);
struct disc_demod *disc_demod_create(const struct disc_demod_config *c);
void disc_demod_destroy(struct disc_demod *d);
/* Push n real samples (any scale; full scale 1 by convention). */
int disc_demod_execute(struct disc_demod *d, const float *x, size_t n);
void disc_demod_flush(struct disc_demod *d);
void disc_demod_get_stats(const struct disc_demod *d, struct receiver_stats *s);

#endif
