/* gmsk_mod.c: closed-form GMSK burst modulator for the signal simulator.
 * Frequency pulse g(t) = rect(t/T) convolved with a Gaussian of standard
 * deviation sigma = sqrt(ln 2) / (2 pi BT) bits; its integral, the phase pulse,
 * is q(t) = sigma/2 * [F((t + 1/2)/sigma) - F((t - 1/2)/sigma)] with
 * F(x) = x Phi(x) + phi(x), tabulated over +-PULSE_HALF bits. */
#include "dsp/gmsk_mod.h"

#include "decode/err.h"
#include "decode/log.h"

#include <math.h>
#include <stdlib.h>

#define PULSE_HALF 3   /* bits either side of a bit's centre */
#define PULSE_RES 2048 /* table points per bit */
#define PULSE_N (2 * PULSE_HALF * PULSE_RES + 1)

struct gmsk_mod {
    struct gmsk_mod_config c;
    double *q; /* q(t) at t = -PULSE_HALF + i / PULSE_RES */
};

struct gmsk_mod_config gmsk_mod_config_default(void)
{
    struct gmsk_mod_config c = {
        .sample_rate = 288000.0,
        .bit_rate = 9600.0,
        .bt = 0.4,
        .h = 0.5,
        .ramp_up_bits = 5.0,
        .ramp_down_bits = 2.0,
    };
    return c;
}

static double big_f(double x)
{
    /* x * Phi(x) + phi(x) */
    return x * 0.5 * erfc(-x / sqrt(2.0)) + exp(-0.5 * x * x) / sqrt(2.0 * M_PI);
}

struct gmsk_mod *gmsk_mod_create(const struct gmsk_mod_config *c)
{
    struct gmsk_mod_config d = gmsk_mod_config_default();
    if (!c) c = &d;
    if (!(c->bit_rate > 0) || !(c->sample_rate > 2 * c->bit_rate) || !(c->bt > 0.05) ||
        !(c->h > 0) || c->ramp_up_bits < 0 || c->ramp_down_bits < 0 || c->ramp_up_delay < 0 ||
        c->ramp_down_lead < 0) {
        log_error("gmsk_mod: need bit_rate > 0, sample_rate > 2 bit_rate, bt > 0.05, h > 0, ramps "
                  "and their delay/lead >= 0");
        return NULL;
    }
    struct gmsk_mod *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->c = *c;
    m->q = malloc(PULSE_N * sizeof *m->q);
    if (!m->q) {
        free(m);
        return NULL;
    }
    double sigma = sqrt(log(2.0)) / (2.0 * M_PI * c->bt);
    for (int i = 0; i < PULSE_N; i++) {
        double t = -PULSE_HALF + (double)i / PULSE_RES;
        m->q[i] = 0.5 * sigma * (big_f((t + 0.5) / sigma) - big_f((t - 0.5) / sigma));
    }
    /* Pin the ends: exactly 0 and 1/2 outside the table. */
    m->q[0] = 0.0;
    m->q[PULSE_N - 1] = 0.5;
    return m;
}

void gmsk_mod_destroy(struct gmsk_mod *m)
{
    if (!m) return;
    free(m->q);
    free(m);
}

double gmsk_mod_phase_pulse(const struct gmsk_mod *m, double t)
{
    double x = (t + PULSE_HALF) * PULSE_RES;
    if (x <= 0) return 0.0;
    if (x >= PULSE_N - 1) return 0.5;
    size_t i = (size_t)x;
    double f = x - (double)i;
    return m->q[i] + f * (m->q[i + 1] - m->q[i]);
}

size_t gmsk_mod_length(const struct gmsk_mod *m, size_t nlevels, double offset)
{
    double spb = m->c.sample_rate / m->c.bit_rate;
    double end = m->c.ramp_down_bits - m->c.ramp_down_lead;
    if (end < 0) end = 0;
    return (size_t)ceil(offset + ((double)nlevels + end) * spb) + 1;
}

static double envelope(const struct gmsk_mod_config *c, double t, double n)
{
    double up = t - c->ramp_up_delay, down = t - (n - c->ramp_down_lead);
    if (up < 0 || down >= c->ramp_down_bits) return 0.0;
    if (up < c->ramp_up_bits) return 0.5 * (1.0 - cos(M_PI * up / c->ramp_up_bits));
    if (down < 0) return 1.0;
    return 0.5 * (1.0 + cos(M_PI * down / c->ramp_down_bits));
}

int gmsk_mod_burst(const struct gmsk_mod *m, const uint8_t *levels, size_t nlevels, double offset,
                   double amp, double freq_hz, double phase0, float complex *out)
{
    if (!m || !levels || !out || nlevels == 0 || offset < 0 || offset >= 1) return AISD_E_INVAL;
    const struct gmsk_mod_config *c = &m->c;
    size_t len = gmsk_mod_length(m, nlevels, offset);
    double bits_per_sample = c->bit_rate / c->sample_rate;
    double n = (double)nlevels;
    double dphi = 2.0 * M_PI * c->h; /* phase per unit of q: each bit adds pi h */
    /* Running sum of a_k over bits whose pulse is complete (q = 1/2). */
    long done = 0;
    double done_sum = 0.0;
    for (size_t i = 0; i < len; i++) {
        double t = ((double)i - offset) * bits_per_sample;
        double env = envelope(c, t, n);
        if (env == 0.0) continue;
        /* Bits k with t - k - 0.5 >= PULSE_HALF are complete. */
        long klo = (long)floor(t - 0.5 - PULSE_HALF) + 1;
        if (klo < 0) klo = 0;
        if (klo > (long)nlevels) klo = (long)nlevels;
        while (done < klo) {
            done_sum += levels[done] ? 0.5 : -0.5;
            done++;
        }
        double q = done_sum;
        long khi = (long)ceil(t - 0.5 + PULSE_HALF);
        if (khi > (long)nlevels - 1) khi = (long)nlevels - 1;
        for (long k = klo; k <= khi; k++) {
            double p = gmsk_mod_phase_pulse(m, t - (double)k - 0.5);
            q += levels[k] ? p : -p;
        }
        double ph =
            dphi * q + 2.0 * M_PI * freq_hz * ((double)i - offset) / c->sample_rate + phase0;
        out[i] += (float complex)(amp * env * cexp(I * ph));
    }
    return 0;
}
