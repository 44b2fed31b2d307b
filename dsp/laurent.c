/* laurent.c: Gaussian phase pulse, Laurent C0 pulse and reference modulator. */
#include "dsp/laurent.h"

#include "decode/log.h"

#include <math.h>
#include <stdlib.h>

struct laurent {
    unsigned len, sps;
    size_t nq;  /* fine points of q over [0, len*sps] */
    size_t nc0; /* fine points of C0 over its support */
    float *q;   /* q at t = i / LAURENT_OS samples */
    float *c0;  /* C0 at t = i / LAURENT_OS - (len+1)*sps/2 */
    float r1, r2;
};

void laurent_config_default(struct laurent_config *c)
{
    c->bt = 0.4f;
    c->len = 4;
    c->sps = 5;
}

static double qfunc(double x)
{
    return 0.5 * erfc(x / sqrt(2.0));
}

/* Gaussian-filtered rectangle of width one bit, t in bits from its centre. */
static double gauss_freq(double t, double bt)
{
    double k = 2.0 * M_PI * bt / sqrt(log(2.0));
    return qfunc(k * (t - 0.5)) - qfunc(k * (t + 0.5));
}

static float interp(const float *v, size_t n, double pos)
{
    if (!(pos > 0)) /* and NaN */
        return v[0];
    if (pos >= (double)(n - 1)) return v[n - 1];
    size_t i = (size_t)pos;
    float f = (float)(pos - (double)i);
    return v[i] + f * (v[i + 1] - v[i]);
}

struct laurent *laurent_create(const struct laurent_config *c)
{
    if (!c || c->bt <= 0.05f || c->bt > 2.0f) {
        log_error("laurent: bt must be in (0.05, 2]");
        return NULL;
    }
    if (c->len < 1 || c->len > 8 || c->sps < 2 || c->sps > 64) {
        log_error("laurent: len must be 1..8 and sps 2..64");
        return NULL;
    }
    struct laurent *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->len = c->len;
    l->sps = c->sps;
    l->nq = (size_t)c->len * c->sps * LAURENT_OS + 1;
    l->nc0 = (size_t)(c->len + 1) * c->sps * LAURENT_OS + 1;
    l->q = calloc(l->nq, sizeof *l->q);
    l->c0 = calloc(l->nc0, sizeof *l->c0);
    if (!l->q || !l->c0) {
        laurent_destroy(l);
        return NULL;
    }
    /* q(t) = integral of the frequency pulse, truncated to len bits and
     * scaled so that it ends at exactly 1/2. */
    double dt = 1.0 / ((double)c->sps * LAURENT_OS); /* bits per fine step */
    double acc = 0;
    double *g = malloc(l->nq * sizeof *g);
    if (!g) {
        laurent_destroy(l);
        return NULL;
    }
    for (size_t i = 0; i < l->nq; i++)
        g[i] = gauss_freq((double)i * dt - c->len / 2.0, c->bt);
    double total = 0;
    for (size_t i = 1; i < l->nq; i++)
        total += 0.5 * (g[i] + g[i - 1]) * dt;
    l->q[0] = 0;
    for (size_t i = 1; i < l->nq; i++) {
        acc += 0.5 * (g[i] + g[i - 1]) * dt;
        l->q[i] = (float)(0.5 * acc / total);
    }
    free(g);
    /* psi(t) = sin(pi q(t)) on [0, LT], mirrored on [LT, 2LT];
     * C0(t) = prod_{i<L} psi(t + iT), t in [0, (L+1)T]. */
    size_t lt = l->nq - 1; /* fine points per LT */
    size_t bit = (size_t)c->sps * LAURENT_OS;
    /* sin(pi q) once per fine point (the product below takes each up to len
     * times; start-up cost of every demodulator and detector). */
    double *psi_q = malloc(l->nq * sizeof *psi_q);
    if (!psi_q) {
        laurent_destroy(l);
        return NULL;
    }
    for (size_t t = 0; t < l->nq; t++)
        psi_q[t] = sin(M_PI * l->q[t]);
    for (size_t n = 0; n < l->nc0; n++) {
        double p = 1.0;
        for (unsigned i = 0; i < c->len; i++) {
            size_t t = n + i * bit;
            double psi;
            if (t <= lt)
                psi = psi_q[t];
            else if (t <= 2 * lt)
                psi = psi_q[2 * lt - t];
            else
                psi = 0;
            p *= psi;
        }
        l->c0[n] = (float)p;
    }
    free(psi_q);
    float peak = l->c0[(l->nc0 - 1) / 2];
    for (size_t n = 0; n < l->nc0; n++)
        l->c0[n] /= peak;
    /* Autocorrelation at lags of 1 and 2 bits, normalised. */
    double r0 = 0, a1 = 0, a2 = 0;
    for (size_t n = 0; n < l->nc0; n++) {
        r0 += (double)l->c0[n] * l->c0[n];
        if (n + bit < l->nc0) a1 += (double)l->c0[n] * l->c0[n + bit];
        if (n + 2 * bit < l->nc0) a2 += (double)l->c0[n] * l->c0[n + 2 * bit];
    }
    l->r1 = (float)(a1 / r0);
    l->r2 = (float)(a2 / r0);
    return l;
}

void laurent_destroy(struct laurent *l)
{
    if (!l) return;
    free(l->q);
    free(l->c0);
    free(l);
}

unsigned laurent_sps(const struct laurent *l)
{
    return l->sps;
}

int laurent_c0_half(const struct laurent *l)
{
    return (int)((l->len + 1) * l->sps / 2);
}

float laurent_c0(const struct laurent *l, float t)
{
    double pos = ((double)t + (l->len + 1) * l->sps / 2.0) * LAURENT_OS;
    if (pos <= 0 || pos >= (double)(l->nc0 - 1)) return 0;
    return interp(l->c0, l->nc0, pos);
}

void laurent_mf_taps(const struct laurent *l, float frac, float *taps)
{
    int half = laurent_c0_half(l);
    for (int m = -half; m <= half; m++)
        taps[m + half] = laurent_c0(l, (float)m - frac);
}

float laurent_r1(const struct laurent *l)
{
    return l->r1;
}

float laurent_r2(const struct laurent *l)
{
    return l->r2;
}

float laurent_q(const struct laurent *l, float t)
{
    if (t <= 0) return 0;
    double pos = (double)t * LAURENT_OS;
    if (pos >= (double)(l->nq - 1)) return 0.5f;
    return interp(l->q, l->nq, pos);
}

void laurent_modulate(const struct laurent *l, const int8_t *a, size_t nbits, float t0,
                      float complex *out, size_t nout)
{
    float sps = (float)l->sps;
    float span = (float)(l->len * l->sps);
    /* Bits whose pulse is over contribute exactly +-1/2 each: their sum
     * (exact in double, so the same value as summed in turn) is kept in base
     * and the loop starts at the first bit still in its pulse. t only grows,
     * and a bit's pulse ends no later than the next one's. */
    double base = 0;
    size_t done = 0;
    for (size_t n = 0; n < nout; n++) {
        float t = (float)n - t0; /* samples from the start of bit 0 */
        /* Bit i's pulse starts at sps*(i + 1/2) - span/2. */
        for (; done < nbits; done++) {
            float start = sps * ((float)done + 0.5f) - span / 2;
            if (a[done] && !(t > start && (double)(t - start) * LAURENT_OS >= (double)(l->nq - 1)))
                break;
            if (a[done]) base += a[done] * 0.5f;
        }
        double ph = base;
        for (size_t i = done; i < nbits; i++) {
            if (!a[i]) continue;
            float start = sps * ((float)i + 0.5f) - span / 2;
            if (t <= start) break;
            ph += a[i] * laurent_q(l, t - start);
        }
        ph *= M_PI;
        out[n] = (float)cos(ph) + I * (float)sin(ph);
    }
}
