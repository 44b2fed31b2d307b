/* rng.h: the small deterministic PRNG of the simulators (xoshiro256** seeded
 * through splitmix64). A value type owned by its user: no global state, the
 * same seed gives the same sequence on every platform.
 *
 * A seeded output is the same from every compiler only if the draws come in
 * one order: C leaves the order of a call's arguments, of the operands of
 * + or *, and of an initializer list's elements unspecified (gcc and clang
 * differ), so never draw twice in one of them; draw into named locals first
 * (the order kept where that was fixed is gcc's, so its outputs stay). */
#ifndef AISD_RNG_H
#define AISD_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in (0, 1), never 0 or 1. */
double rng_uniform(struct rng *r);
/* Uniform in [lo, hi). */
double rng_range(struct rng *r, double lo, double hi);
/* Uniform integer in [0, n) (n > 0). */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Standard normal (Box-Muller; one value per call). */
double rng_normal(struct rng *r);
/* Exponential with the given mean. */
double rng_exp(struct rng *r, double mean);

#endif
