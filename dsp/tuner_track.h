/* tuner_track.h: the common (tuner) frequency error of both channels.
 * Acquisition: the receiver runs one front end per grid offset (-span..+span
 * in step) and reports every CRC-valid uncorrected frame here with the front
 * end's offset and the frame's fine frequency; once `acq_frames` frames agree
 * (or `acq_seconds` pass with at least one frame) the median of their absolute
 * offsets becomes the estimate. Tracking: the mean of the frames since (the
 * median counting as the frames it was taken over), which turns into an
 * exponential average with gain alpha once 1/alpha frames are in; frames more
 * than max_dev off are ignored. A frame's offset is mostly its transmitter's
 * (+-1 kHz in the simulations; the fine estimate's own error is 10-30 Hz), so
 * the estimate spreads by that spread times sqrt(alpha / 2). A configured start
 * (acquire 0) counts as 1/alpha frames. After reacq_seconds without a frame the
 * grid search starts again.
 * The offset the receiver tunes its channel mixers to follows the estimate by
 * at most max_step_hz per frame: right after a lock the mean moves by up to a
 * quarter of a frame's deviation (hundreds of Hz), and a burst in flight must
 * not see its channel jump by more than its demodulator can track. */
#ifndef AISD_TUNER_TRACK_H
#define AISD_TUNER_TRACK_H

#include <stddef.h>

struct tuner_track_config {
    double initial_hz; /* configured correction: starting estimate */
    int acquire;       /* 0: no grid search, start locked at initial_hz */
    double span_hz;    /* grid half-width */
    double step_hz;    /* grid step */
    unsigned acq_frames;
    double acq_seconds;   /* end the grid search after this long (median, or the old estimate) */
    double reacq_seconds; /* no frame for this long: search the grid again (0 = never) */
    double alpha;         /* tracking gain per frame once 1/alpha frames are in */
    double max_dev_hz;    /* ignore frames further off than this */
    double max_step_hz;   /* largest change of the tuned offset per frame (0: no limit) */
};

struct tuner_track;

void tuner_track_config_default(struct tuner_track_config *c);
struct tuner_track *tuner_track_create(const struct tuner_track_config *c);
void tuner_track_destroy(struct tuner_track *t);

/* Number of grid offsets while acquiring (1 when locked). */
size_t tuner_track_grid_size(const struct tuner_track *t);
double tuner_track_grid(const struct tuner_track *t, size_t i);
int tuner_track_locked(const struct tuner_track *t);
/* The offset to tune to (Hz): the estimate, approached by at most
 * max_step_hz per frame once locked. */
double tuner_track_offset(const struct tuner_track *t);
/* The estimate itself (Hz). */
double tuner_track_estimate(const struct tuner_track *t);
/* A CRC-valid frame found by a front end tuned at fe_hz with fine offset
 * freq_hz, at stream time now. Returns 1 when this locks the acquisition. */
int tuner_track_frame(struct tuner_track *t, double fe_hz, double freq_hz, double now);
/* Time passes (stream seconds). Returns 1 when this ends the acquisition, 2
 * when a long silence starts a new one (the caller rebuilds the grid). */
int tuner_track_tick(struct tuner_track *t, double now);

#endif
