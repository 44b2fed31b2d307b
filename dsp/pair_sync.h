/* pair_sync.h: joint synchronisation of two bursts that start within a few
 * bits of each other on one channel. Their training sequences and start flags
 * (the 32 known symbols) lie on top of each other, so the demodulator's
 * single-burst preamble correlation is biased by the other one. Here both are
 * fitted at once by least squares over the span where both preambles are
 * known: the other's start (+-PAIR_SYNC_SPAN bits) and frequency on a grid,
 * the two complex amplitudes solved for each candidate, then both starts and
 * frequencies refined in turn. Used by dsp/overlap on failed clear hits only;
 * allocates at create only. */
#ifndef AISD_PAIR_SYNC_H
#define AISD_PAIR_SYNC_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#define PAIR_SYNC_SPAN 16 /* bits: how far apart the two starts may be */

struct pair_sync_burst {
    double tau;       /* sample index of the start of training bit 0 */
    double freq_hz;   /* carrier offset */
    double complex g; /* complex amplitude of the unit-amplitude GMSK preamble */
    int pol;          /* 0: the known symbols' polarity; 1: the other (every other training
                       * symbol negated: the NRZI state before it was the other one) */
};

struct pair_sync;

struct pair_sync *pair_sync_create(void);
void pair_sync_destroy(struct pair_sync *ps);

/* y[0..len): 48 kS/s samples; known[0..32): the preamble's c symbols (as
 * decided, polarity included); (tau0, f0_hz): a first estimate of one of the
 * two bursts. Writes that burst refined to out[0] and the other to out[1],
 * each with the polarity of its training that fits best.
 * Returns the power the pair leaves unexplained over the joint span as a
 * fraction of what the first burst alone leaves (small: a second burst is
 * there); 1 or more when no pair was found. */
double pair_sync_search(struct pair_sync *ps, const float complex *y, size_t len,
                        const int8_t *known, double tau0, double f0_hz,
                        struct pair_sync_burst out[2]);

/* Power per sample that one burst alone (training bit 0 near tau, frequency
 * near f_hz, both refined a little) leaves unexplained over its training
 * and start flag: about the noise power when no other burst is there. */
double pair_sync_unexplained(struct pair_sync *ps, const float complex *y, size_t len,
                             const int8_t *known, double tau, double f_hz);

#endif
