/* disc_mlse.h: burst decoder for FM-discriminator audio (48 kS/s, 5 samples
 * per bit) whose filtering is not known: flat, de-emphasised, AC-coupled or
 * inverted taps all differ from the ideal GMSK frequency waveform. Bursts are
 * found by normalised correlation with the ideal waveform of the last training
 * bits and the start flag (either sign). At each hit the response of the audio
 * path to one line level (a pulse over -1..+8 bits, so de-emphasis and
 * AC-coupling tails are included) plus a DC offset and drift are estimated by
 * least squares, first as the ideal pulse scaled on the preamble, then from
 * the whole burst's decisions; the line levels are decided by a Viterbi
 * (maximum-likelihood sequence) search over the short part of that response,
 * the long tail cancelled with the previous pass's decisions. Frames must pass
 * the plain CRC (no correction here), so a hit costs at most a few 2^-16
 * chances of a false frame. Samples are buffered internally; the per-sample
 * path allocates nothing. */
#ifndef AISD_DISC_MLSE_H
#define AISD_DISC_MLSE_H

#include "decode/frame.h"

#include <stddef.h>
#include <stdint.h>

struct disc_mlse_config {
    float threshold;   /* normalised preamble correlation for a hit (0..1) */
    unsigned max_bits; /* longest burst searched, bits after the start flag */
    unsigned passes;   /* channel estimate + Viterbi passes per hit (>= 1) */
};

struct disc_mlse_result {
    struct ais_frame frame;
    uint64_t sample; /* input sample index of the start of the first training bit */
    float snr_db;    /* signal power of the fitted model over the residual */
    float corr;      /* preamble correlation (negative: inverted audio) */
    unsigned pass;   /* pass that produced the frame (1 = ideal pulse) */
};

struct disc_mlse_stats {
    uint64_t hits;     /* preamble hits decoded */
    uint64_t skipped;  /* hits inside an already decoded burst */
    uint64_t frames;   /* CRC-valid frames */
    uint64_t crc_fail; /* hits whose last pass had a well-formed frame with a wrong CRC */
    uint64_t noframe;  /* hits with no well-formed frame */
    uint64_t checked;  /* frames checked against the CRC (each a ~2^-16 false-pass chance) */
    uint64_t dropped;  /* hits lost because the table of hits waiting for samples was full */
};

typedef void (*disc_mlse_cb)(void *ctx, const struct disc_mlse_result *r);

struct disc_mlse;

void disc_mlse_config_default(struct disc_mlse_config *c);
struct disc_mlse *disc_mlse_create(const struct disc_mlse_config *c);
void disc_mlse_destroy(struct disc_mlse *m);
/* Push n samples (any scale). Frames found go to cb. */
void disc_mlse_execute(struct disc_mlse *m, const float *x, size_t n, disc_mlse_cb cb, void *ctx);
/* Decode the hits still waiting for samples with what there is. */
void disc_mlse_flush(struct disc_mlse *m, disc_mlse_cb cb, void *ctx);
const struct disc_mlse_stats *disc_mlse_stats(const struct disc_mlse *m);

#endif
