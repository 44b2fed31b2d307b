/* preamble.h: cheap streaming AIS preamble detector for one 48 kS/s channel.
 * The 24-bit training sequence is periodic with 4 bits (20 samples), so one
 * 20-tap correlation c(n) with one training period serves every segment: the
 * metric is rho(n) = |sum_{s=1..4} c(n+20s) c*(n+20(s-1))| normalised by the
 * energy of y[n..n+100), i.e. a differential segment correlation over 20 bits
 * that ignores frequency offsets up to about +-1 kHz. Either NRZI polarity
 * matches (the other polarity is the same pattern shifted by 2 bits). It is
 * evaluated every `step` samples and reports one local maximum above the
 * threshold per +-`hold` samples. Fine synchronisation happens downstream. */
#ifndef AISD_PREAMBLE_H
#define AISD_PREAMBLE_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

struct laurent;

struct preamble_config {
    float threshold;             /* rho threshold, 0..1 */
    unsigned step;               /* evaluate every step samples (1 or 2) */
    unsigned hold;               /* samples either side a maximum must dominate */
    const struct laurent *pulse; /* pulse design shared by the caller (it outlives the
                                  * detector); NULL: made and freed by preamble_create */
};

struct preamble_hit {
    uint64_t sample; /* channel sample index where the 100-sample window starts */
    float rho;
};

struct preamble;

void preamble_config_default(struct preamble_config *c);
struct preamble *preamble_create(const struct preamble_config *c);
void preamble_reset(struct preamble *p);
void preamble_destroy(struct preamble *p);

/* Push n channel samples; whose first has index first. Hits go to hits (at
 * most max; the rest are dropped and counted). Returns the number of hits. */
size_t preamble_execute(struct preamble *p, const float complex *y, size_t n,
                        struct preamble_hit *hits, size_t max);
uint64_t preamble_dropped(const struct preamble *p);
/* The smallest channel sample index a hit still to be reported can have (the
 * pending maximum, or the next window start to be evaluated): every hit with a
 * smaller index has been returned already. */
uint64_t preamble_horizon(const struct preamble *p);
/* End of input: report the pending maximum, if any (0 or 1 hits). */
size_t preamble_flush(struct preamble *p, struct preamble_hit *hits, size_t max);

#endif
