/* preamble.c: differential segment-correlation preamble detector, run at 2.5
 * samples per bit (every other 48 kS/s sample) on the SIMD correlation kernel. */
#include "dsp/preamble.h"

#include "decode/log.h"
#include "dsp/kernels.h"
#include "dsp/laurent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PER 10           /* decimated samples per training period (4 bits) */
#define NSEG 5           /* periods in the window */
#define WIN (PER * NSEG) /* 50 decimated samples = 20 bits */
#define HIST 64          /* decimated history kept between calls (> WIN) */
#define CHUNK 1024       /* decimated samples per inner pass */

struct preamble {
    struct preamble_config cfg;
    float complex t[PER];          /* one training period, every other sample */
    float tnorm;                   /* sum |t|^2 */
    float normk;                   /* tnorm (NSEG - 1) / NSEG: norm = esum * normk */
    float thr2;                    /* threshold squared */
    float complex x[HIST + CHUNK]; /* decimated samples, x[0] has index xbase */
    float e[HIST + CHUNK];         /* |x|^2 */
    float complex c[HIST + CHUNK]; /* c(j) = sum_k x[j+k] conj(t[k]), same indexing */
    float dr[HIST + CHUNK];        /* d(j) = c(j) conj(c(j - PER)), same indexing */
    float di[HIST + CHUNK];
    float m2[HIST + CHUNK];  /* |A|^2 by window start (x indexing), this pass only */
    float nrm[HIST + CHUNK]; /* the threshold's norm by window start, this pass only */
    uint64_t xbase;          /* decimated index of x[0] */
    size_t nx;               /* decimated samples held */
    uint64_t nc;             /* correlations computed (c index of the next one) */
    double esum;             /* sum of e over the current window */
    uint64_t n;              /* 48 kS/s samples seen */
    int have;                /* a pending maximum */
    struct preamble_hit best;
    uint64_t dropped;
};

void preamble_config_default(struct preamble_config *c)
{
    c->threshold = 0.3f;
    c->step = 2;
    c->hold = 150;
    c->pulse = NULL;
}

struct preamble *preamble_create(const struct preamble_config *c)
{
    if (!c || !(c->threshold > 0 && c->threshold < 1)) {
        log_error("preamble: threshold must be in (0,1)");
        return NULL;
    }
    if (c->step != 2 || c->hold < 20 || c->hold > 2000) {
        log_error("preamble: step must be 2 and hold 20..2000");
        return NULL;
    }
    struct preamble *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->cfg = *c;
    /* One period of the steady-state training waveform: data 0101... with
     * NRZI gives levels 1100 1100 ...; modulate 16 bits, take bits 8..12. */
    struct laurent_config lc;
    laurent_config_default(&lc);
    struct laurent *own = c->pulse ? NULL : laurent_create(&lc);
    const struct laurent *l = c->pulse ? c->pulse : own;
    if (!l) {
        free(p);
        return NULL;
    }
    int8_t a[16];
    for (int i = 0; i < 16; i++)
        a[i] = (i & 2) ? -1 : 1;
    float complex w[16 * 5];
    laurent_modulate(l, a, 16, 0, w, 16 * 5);
    laurent_destroy(own);
    p->tnorm = 0;
    for (int m = 0; m < PER; m++) {
        p->t[m] = w[40 + 2 * m];
        p->tnorm += crealf(p->t[m]) * crealf(p->t[m]) + cimagf(p->t[m]) * cimagf(p->t[m]);
    }
    p->normk = p->tnorm * (NSEG - 1) / NSEG;
    p->thr2 = c->threshold * c->threshold;
    return p;
}

void preamble_reset(struct preamble *p)
{
    p->xbase = 0;
    p->nx = 0;
    p->nc = 0;
    p->esum = 0;
    p->n = 0;
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

static void add_hit(struct preamble *p, struct preamble_hit *hits, size_t max, size_t *nh)
{
    if (*nh < max)
        hits[(*nh)++] = p->best;
    else
        p->dropped++;
    p->have = 0;
}

/* New decimated samples are in x[nx - added .. nx): compute their
 * correlations and metrics. The metric of window start s0 is
 * A = sum_{k=1..4} d(s0 + PER k) with d(j) = c(j) conj(c(j - PER)), so each
 * d is computed once; the threshold test needs no square root or division. */
static void run(struct preamble *p, struct preamble_hit *hits, size_t max, size_t *nh)
{
    uint64_t xend = p->xbase + p->nx; /* decimated index after the last sample */
    if (xend < PER) return;
    uint64_t cend = xend - PER + 1; /* correlations possible: j + PER <= xend */
    if (cend <= p->nc) return;
    size_t j0 = (size_t)(p->nc - p->xbase), cnt = (size_t)(cend - p->nc);
    kern.corr_cccf(p->x + j0, cnt, p->t, PER, p->c + j0);
    /* d(j) for the new j >= PER (c(j - PER) is held: HIST > PER). */
    uint64_t jd = p->nc > PER ? p->nc : PER;
    if (jd < cend) {
        size_t jj = (size_t)(jd - p->xbase);
        kern.lagprod_cf(p->c + jj - PER, (size_t)(cend - jd), PER, p->dr + jj, p->di + jj);
    }
    /* Metrics from window start s0 = PER * 4 (j = WIN + PER * 3) on. */
    uint64_t jm = p->nc > (uint64_t)WIN + PER * 3 ? p->nc : (uint64_t)WIN + PER * 3;
    if (jm >= cend) {
        p->nc = cend;
        return;
    }
    size_t ss = (size_t)(jm - (WIN - PER) - p->xbase); /* x index of window start s0 */
    size_t ssend = (size_t)(cend - (WIN - PER) - p->xbase);
    if (jm == (uint64_t)WIN + PER * 3) {
        /* First window: esum over x[s0 .. s0 + WIN), then slides by one. */
        p->esum = 0;
        for (size_t i = 0; i < WIN; i++)
            p->esum += p->e[ss + i];
    } else
        p->esum += p->e[ss + WIN - 1] - p->e[ss - 1];
    /* |A|^2 of every window start in [ss, ssend) in one pass. */
    kern.comb4_mag2_f(p->dr + PER + ss, p->di + PER + ss, PER, ssend - ss, p->m2 + ss);
    const float *m2s = p->m2, *e = p->e;
    const float thr2 = p->thr2, normk = p->normk;
    /* The norm of every window (running energy, sequential in double), then
     * the threshold test on the kernel, which skips to the next pass. */
    float *nrm = p->nrm;
    double esum = p->esum;
    nrm[ss] = (float)esum * normk;
    for (size_t i = ss + 1; i < ssend; i++) {
        esum += e[i + WIN - 1] - e[i - 1];
        nrm[i] = (float)esum * normk;
    }
    p->esum = esum;
    for (;;) {
        ss += kern.thr_first_f(m2s + ss, nrm + ss, thr2, ssend - ss);
        if (ss == ssend) break;
        float norm = nrm[ss], m2 = m2s[ss];          /* passes the threshold */
        uint64_t at = 2 * ((uint64_t)ss + p->xbase); /* 48 kS/s index of s0 */
        if (p->have && at > p->best.sample + p->cfg.hold) add_hit(p, hits, max, nh);
        float rho = sqrtf(m2) / norm;
        if (!p->have || rho > p->best.rho) {
            p->best.sample = at;
            p->best.rho = rho;
            p->have = 1;
        }
        if (++ss == ssend) break;
    }
    /* A pending maximum ends once a later start is more than hold away. */
    uint64_t last = 2 * ((uint64_t)ss - 1 + p->xbase);
    if (p->have && last > p->best.sample + p->cfg.hold) add_hit(p, hits, max, nh);
    p->nc = cend;
}

size_t preamble_execute(struct preamble *p, const float complex *y, size_t n,
                        struct preamble_hit *hits, size_t max)
{
    size_t nh = 0;
    size_t i = (p->n & 1) ? 1 : 0; /* even 48 kS/s indices only */
    while (i < n) {
        /* Keep HIST decimated samples of history. */
        if (p->nx + CHUNK > HIST + CHUNK) {
            size_t drop = p->nx - HIST;
            memmove(p->x, p->x + drop, HIST * sizeof *p->x);
            memmove(p->e, p->e + drop, HIST * sizeof *p->e);
            memmove(p->c, p->c + drop, HIST * sizeof *p->c);
            memmove(p->dr, p->dr + drop, HIST * sizeof *p->dr);
            memmove(p->di, p->di + drop, HIST * sizeof *p->di);
            p->xbase += drop;
            p->nx = HIST;
        }
        size_t room = HIST + CHUNK - p->nx, avail = (n - i + 1) / 2;
        size_t k = avail < room ? avail : room;
        const float complex *ys = y + i;
        float complex *xd = p->x + p->nx;
        kern.even_cf(ys, k, xd);           /* exact copies */
        kern.mag2_cf(xd, k, p->e + p->nx); /* bit-exact across flavours */
        i += 2 * k;
        p->nx += k;
        run(p, hits, max, &nh);
    }
    p->n += n;
    return nh;
}

uint64_t preamble_horizon(const struct preamble *p)
{
    /* The next correlation index nc ends the window starting at nc - (WIN - PER). */
    uint64_t next = p->nc > (uint64_t)(WIN - PER) ? 2 * (p->nc - (WIN - PER)) : 0;
    return p->have && p->best.sample < next ? p->best.sample : next;
}

size_t preamble_flush(struct preamble *p, struct preamble_hit *hits, size_t max)
{
    if (!p->have || max == 0) return 0;
    size_t nh = 0;
    add_hit(p, hits, max, &nh);
    return nh;
}
