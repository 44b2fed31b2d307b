/* overlap.h: two bursts on top of each other on one channel. When the
 * demodulator fails on a clear preamble, overlap_retry rebuilds the burst it
 * tried from its decisions (exact GMSK phase modulation, amplitude, phase and
 * frequency fitted over the burst), subtracts it, looks for a second burst in
 * what is left (a scratch demodulator with its own detector), rebuilds and
 * subtracts that one from the original, and decodes again: successive
 * cancellation, iterated a few times. Frames found on the way (the stronger,
 * and the weaker as a bonus) must pass the same checks as any other frame.
 * Gated: only when the failed burst's rebuild leaves more than noise over it
 * (a lone burst whose CRC fails costs no CRC checks here).
 * Runs only on failed hits, never per sample; allocates at create only (one
 * object can serve every demodulator of a thread: dsp/receiver makes one). */
#ifndef AISD_OVERLAP_H
#define AISD_OVERLAP_H

#include "dsp/gmsk_demod.h"

#define OVERLAP_MAX_FRAMES 4

struct overlap;

struct overlap_stats {
    uint64_t retries;     /* failed clear hits retried */
    uint64_t gated;       /* failed clear hits not retried: no sign of a second burst */
    uint64_t frames;      /* frames found */
    uint64_t found;       /* failed bursts decoded with the other burst from the preamble search
                           * in the residual (the scratch detector had not found it) */
    uint64_t later;       /* failed bursts decoded with their start a training period later
                           * than the demodulator's (the joint detection fitted that better) */
    uint64_t corrections; /* CRC-aided corrections of joint decisions run (past the gate) */
    uint64_t starved;     /* of those, corrections that CRC-checked no candidate (no flip
                           * pattern within the cost and score ceilings, or none well-formed) */
    uint64_t corrected;   /* failed bursts decoded by them */
    uint64_t checked;     /* CRC checks made: plain decodes of the scratch runs and of the joint
                           * decisions, and the correction's candidates (each a ~2^-16 chance of
                           * a false pass) */
};

/* c: the main demodulator's configuration (the scratch one copies it). */
struct overlap *overlap_create(const struct gmsk_demod_config *c);
void overlap_destroy(struct overlap *ov);

/* Whether a hit at sample inside a burst already handled (mean power
 * busy_power at its start) is a stronger burst starting on top of it, not an
 * echo of the first: the power rises by more than 1.8 dB. */
int overlap_stronger_starts(const struct gmsk_demod *d, uint64_t sample, float busy_power);

/* Counters over every retry so far. */
const struct overlap_stats *overlap_stats(const struct overlap *ov);

/* Retry the failed attempt p of demodulator d. Frames found go to out (at most
 * max), sample indices in d's numbering. Returns how many. */
int overlap_retry(struct overlap *ov, const struct gmsk_demod *d, const struct gmsk_attempt *p,
                  struct gmsk_result *out, int max);

#endif
