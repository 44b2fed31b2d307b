/* gmsk_demod.h: coherent GMSK (AIS) demodulator for one 48 kS/s channel.
 * Per burst: preamble detection (dsp/preamble.h), fine synchronisation over
 * lags +-5 bits and both polarities (timing to a fraction of a sample,
 * frequency, phase), Laurent C0 matched filter with a decision-directed PLL
 * (pass 1), on failure a whole-burst frequency/phase/timing re-fit with a
 * non-causal carrier reference (pass 2, dsp/phase_smooth.h), HDLC in the c
 * domain and CRC-aided correction (dsp/crc_fix.h). Each detector hit is one
 * hypothesis; hits inside an already decoded burst are skipped.
 * Samples go into a ring buffer; a hit is processed as soon as the samples of
 * the frame its type announces are in (a plain frame a few ms after its end
 * flag; a frame that needs the correction once the span the correction
 * searches is in; at the latest once the longest frame's samples are, about
 * 115 ms after the training, or at flush), with the same result as if it had
 * waited for every sample. */
#ifndef AISD_GMSK_DEMOD_H
#define AISD_GMSK_DEMOD_H

#include "decode/frame.h"
#include "dsp/crc_fix.h"
#include "dsp/preamble.h"

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

struct gmsk_demod_config {
    struct preamble_config det;
    struct crc_fix_config fix;
    struct crc_fix_config fix_joint; /* dsp/overlap's correction of joint decisions */
    int correct;                     /* run the CRC-aided correction */
    int pass2;                       /* run the whole-burst resync on CRC failure */
    float sync_min;                  /* minimum coherent preamble correlation (0..1) */
    int sync_hyps;                   /* sync hypotheses tried per hit (1..4) */
    float alt_ratio;                 /* an alternative must score this fraction of the best */
    int limiter;                     /* on failure, retry on the hard-limited signal (overlaps) */
    float limiter_q;                 /* ... when the sync quality is at least this */
    float guess_q;                   /* sync quality from which a bad/variable type still gets the
                                      * correction with assumed lengths 168 and 424 (0 = never) */
    float pll_bw1;                   /* loop B_nT, pass 1 */
    float pll_bw2;     /* loop B_nT, pass 2 (with smooth, its decisions seed the reference) */
    int smooth;        /* pass 2: from the narrow loop's decisions, timing refit and a
                        * non-causal carrier reference (dsp/phase_smooth.h) */
    unsigned max_bits; /* longest burst demodulated, bits after the training start */
    int overlap;       /* on failure, cancel an overlapping burst and retry (dsp/overlap.h) */
    float overlap_q;   /* ... when the sync quality is at least this */
    struct overlap *overlap_work; /* the retry's work areas, shared by the demodulators of one
                                   * thread and owned by the caller (dsp/receiver makes one);
                                   * NULL: gmsk_demod_create makes the demodulator its own */
    const struct laurent *pulse;  /* pulse design shared by the demodulators and their
                                   * detectors (dsp/receiver makes one: start-up cost), owned
                                   * by the caller; NULL: gmsk_demod_create makes its own */
    int verbose;                  /* one stderr line per processed hit (development) */
};

struct gmsk_result {
    struct ais_frame frame;
    uint64_t sample;   /* channel sample index of the start of training bit 0 */
    uint32_t nsamples; /* burst length in channel samples (training to end flag) */
    float power;       /* mean |y|^2 over the burst */
    float snr_db;      /* 10 log10(1 / var(soft)) at the matched filter */
    float freq_hz;     /* carrier offset within the channel */
    float sync;        /* coherent preamble correlation */
    uint8_t corrected; /* c symbols flipped by the correction (0 = none) */
    uint8_t pass;      /* 1 or 2; 3: joint detection of an overlap (dsp/overlap) */
};

struct gmsk_demod_stats {
    uint64_t hits;                /* detector hits */
    uint64_t skipped;             /* hits inside a decoded burst */
    uint64_t nosync;              /* fine sync below sync_min */
    uint64_t pass1, pass2, fixed; /* frames by the stage that found them */
    uint64_t limited;             /* frames found on the limiter retry */
    uint64_t overlapped;          /* frames found after cancelling an overlap */
    uint64_t crc_fail;            /* well-formed frame, wrong CRC, not corrected */
    uint64_t noframe;             /* no well-formed frame */
    uint64_t checked;             /* well-formed frames checked against the CRC (plain decodes) */
};

typedef void (*gmsk_demod_cb)(void *ctx, const struct gmsk_result *r);

/* One finished decode attempt on a hit's best sync hypothesis (frame or not):
 * what dsp/overlap needs to rebuild the burst and subtract it. */
struct gmsk_attempt {
    double tau;        /* channel sample index of the start of training bit 0 */
    float freq_hz;     /* carrier offset, pass-2 correction included */
    float quality;     /* coherent preamble correlation */
    const int8_t *dec; /* decided c_k, k < nsym (the preamble known) */
    size_t nsym;
    size_t end; /* symbols up to the end flag when one was found, else 0 */
    int rc;     /* 0: a frame was delivered */
};
typedef void (*gmsk_attempt_cb)(void *ctx, const struct gmsk_attempt *a);

struct gmsk_demod;
struct overlap;

void gmsk_demod_config_default(struct gmsk_demod_config *c);
struct gmsk_demod *gmsk_demod_create(const struct gmsk_demod_config *c);
void gmsk_demod_reset(struct gmsk_demod *d);
void gmsk_demod_destroy(struct gmsk_demod *d);

/* Push n samples (48 kS/s). Frames are passed to cb as they are found.
 * Same as gmsk_demod_push + gmsk_demod_process per GMSK_DEMOD_MAX_PUSH samples. */
void gmsk_demod_execute(struct gmsk_demod *d, const float complex *y, size_t n, gmsk_demod_cb cb,
                        void *ctx);
/* The two halves of gmsk_demod_execute, for a caller that feeds two
 * demodulators the same span before either decodes (the image check of one
 * channel reads the other's samples): push at most GMSK_DEMOD_MAX_PUSH samples
 * (no decoding), then process. Between two process calls, push no more than
 * GMSK_DEMOD_MAX_PUSH samples (the ring must not wrap over a pending hit). */
#define GMSK_DEMOD_MAX_PUSH 1024
void gmsk_demod_push(struct gmsk_demod *d, const float complex *y, size_t n);
void gmsk_demod_process(struct gmsk_demod *d, gmsk_demod_cb cb, void *ctx);
/* Channel sample index before which no frame can start that has not been
 * passed to cb yet: every later frame has gmsk_result.sample >= it, except
 * those of the overlap retry (dsp/overlap.h), which decodes again up to 2600
 * samples before a failed burst (mostly copies of frames already found). */
uint64_t gmsk_demod_horizon(const struct gmsk_demod *d);
/* Process pending hits with whatever samples there are (end of input). */
void gmsk_demod_flush(struct gmsk_demod *d, gmsk_demod_cb cb, void *ctx);
/* Samples pushed so far. */
uint64_t gmsk_demod_count(const struct gmsk_demod *d);
/* Mean |y|^2 over [start, start+len) if still in the ring, else -1. */
float gmsk_demod_power(const struct gmsk_demod *d, uint64_t start, size_t len);
const struct gmsk_demod_stats *gmsk_demod_stats(const struct gmsk_demod *d);
const struct crc_fix_stats *gmsk_demod_fix_stats(const struct gmsk_demod *d);
/* Detector hits lost because the table of hits waiting for samples was full. */
uint64_t gmsk_demod_hits_dropped(const struct gmsk_demod *d);
/* Report every best-hypothesis attempt to cb (NULL: none). */
void gmsk_demod_on_attempt(struct gmsk_demod *d, gmsk_attempt_cb cb, void *ctx);
/* The correction searches only bursts whose carrier offset in the channel is
 * within [lo_hz, hi_hz] (default: any). While the tuner acquires, several
 * front ends see the same burst; the receiver gives each the part of the grid
 * nearest to it, so one of them searches it: every search is another chance
 * of a false frame. */
void gmsk_demod_set_fix_range(struct gmsk_demod *d, float lo_hz, float hi_hz);
/* Copy samples [start, start + n) out of the ring; 0 if they are not all there. */
int gmsk_demod_samples(const struct gmsk_demod *d, uint64_t start, float complex *out, size_t n);

#endif
