/* preamble.c: differential segment-correlation preamble detector. */
#include "dsp/preamble.h"

#include "decode/log.h"
#include "dsp/laurent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PER 20               /* samples per training period (4 bits at 5 sps) */
#define NSEG 5               /* periods in the window */
#define WIN (PER * NSEG)     /* 100 samples */
#define HIST 256             /* sample history (power of 2, > WIN + PER) */
#define CHIST 128            /* c(n) history (power of 2, > WIN) */

struct preamble {
    struct preamble_config cfg;
    float tr[PER], ti[PER]; /* conj template (real, imag) */
    float tnorm;            /* sum |t|^2 */
    float complex y[HIST];
    float e[HIST];           /* |y|^2 */
    float complex c[CHIST];  /* c(n) by n & (CHIST-1) */
    double esum;             /* sum |y|^2 over the last WIN samples */
    uint64_t n;              /* samples seen */
    unsigned since_eval;
    int have;                /* a pending maximum */
    struct preamble_hit best;
    uint64_t dropped;
};

void preamble_config_default(struct preamble_config *c)
{
    c->threshold = 0.25f;
    c->step = 2;
    c->hold = 150;
}

struct preamble *preamble_create(const struct preamble_config *c)
{
    if (!c || !(c->threshold > 0 && c->threshold < 1)) {
        log_error("preamble: threshold must be in (0,1)");
        return NULL;
    }
    if (c->step < 1 || c->step > 4 || c->hold < 20 || c->hold > 2000) {
        log_error("preamble: step must be 1..4 and hold 20..2000");
        return NULL;
    }
    struct preamble *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->cfg = *c;
    /* One period of the steady-state training waveform: data 0101... with
     * NRZI gives levels 1100 1100 ...; modulate 16 bits, take bits 8..12. */
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *l = laurent_create(&lc);
    if (!l) {
        free(p);
        return NULL;
    }
    int8_t a[16];
    for (int i = 0; i < 16; i++)
        a[i] = (i & 2) ? -1 : 1;
    float complex w[16 * 5];
    laurent_modulate(l, a, 16, 0, w, 16 * 5);
    laurent_destroy(l);
    p->tnorm = 0;
    for (int m = 0; m < PER; m++) {
        float complex t = w[40 + m];
        p->tr[m] = crealf(t);
        p->ti[m] = -cimagf(t);
        p->tnorm += crealf(t) * crealf(t) + cimagf(t) * cimagf(t);
    }
    return p;
}

void preamble_reset(struct preamble *p)
{
    memset(p->y, 0, sizeof p->y);
    memset(p->e, 0, sizeof p->e);
    memset(p->c, 0, sizeof p->c);
    p->esum = 0;
    p->n = 0;
    p->since_eval = 0;
    p->have = 0;
}

void preamble_destroy(struct preamble *p)
{
    free(p);
}

uint64_t preamble_dropped(const struct preamble *p)
{
    return p->dropped;
}

/* PLAIN C loop, to be switched to dsp/kernels.h (complex dot product). */
static float complex corr20(const struct preamble *p, uint64_t start)
{
    float ar = 0, ai = 0;
    for (int m = 0; m < PER; m++) {
        float complex v = p->y[(start + (uint64_t)m) & (HIST - 1)];
        float yr = crealf(v), yi = cimagf(v);
        ar += yr * p->tr[m] - yi * p->ti[m];
        ai += yr * p->ti[m] + yi * p->tr[m];
    }
    return ar + I * ai;
}

size_t preamble_execute(struct preamble *p, const float complex *y, size_t n,
                        struct preamble_hit *hits, size_t max)
{
    size_t nh = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = p->n++;
        float complex v = y[i];
        float e = crealf(v) * crealf(v) + cimagf(v) * cimagf(v);
        p->y[k & (HIST - 1)] = v;
        p->esum += e - p->e[(k - WIN) & (HIST - 1)] * (k >= WIN);
        p->e[k & (HIST - 1)] = e;
        if (k < WIN + PER)
            continue;
        if (++p->since_eval < p->cfg.step)
            continue;
        p->since_eval = 0;
        /* Newest complete correlation starts at k - PER + 1; the window of
         * the metric starts at s0 = k - WIN + 1 and uses c(s0 + 20 j). */
        uint64_t cn = k - PER + 1;
        p->c[cn & (CHIST - 1)] = corr20(p, cn);
        uint64_t s0 = k - WIN + 1;
        if (s0 < (uint64_t)PER * 2)
            continue;
        float complex acc = 0;
        for (int j = 1; j < NSEG; j++)
            acc += p->c[(s0 + (uint64_t)PER * j) & (CHIST - 1)] *
                   conjf(p->c[(s0 + (uint64_t)PER * (j - 1)) & (CHIST - 1)]);
        double norm = p->esum / NSEG * p->tnorm * (NSEG - 1);
        float rho = norm > 1e-30 ? (float)(cabsf(acc) / norm) : 0;
        if (p->have && s0 > p->best.sample + p->cfg.hold) {
            if (nh < max)
                hits[nh++] = p->best;
            else
                p->dropped++;
            p->have = 0;
        }
        if (rho >= p->cfg.threshold && (!p->have || rho > p->best.rho)) {
            p->best.sample = s0;
            p->best.rho = rho;
            p->have = 1;
        }
    }
    return nh;
}

size_t preamble_flush(struct preamble *p, struct preamble_hit *hits, size_t max)
{
    if (!p->have || max == 0)
        return 0;
    p->have = 0;
    hits[0] = p->best;
    return 1;
}
