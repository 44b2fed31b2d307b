/* disc_sim.c: simulated discriminator audio (see disc_sim.h). */
#include "tests/lib/disc_sim.h"

#include "decode/rng.h"
#include "dsp/gmsk_mod.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>

#define SPACING 6000
#define IF_TAPS 31

const char *disc_tap_name(enum disc_tap tap)
{
    static const char *names[DISC_NTAPS] = {"flat", "de-emphasis 75 us", "AC 20 Hz", "AC 300 Hz",
                                            "inverted + 75 us + AC 50 Hz"};
    return tap < DISC_NTAPS ? names[tap] : "?";
}

static void random_frame(struct rng *r, unsigned type, unsigned nbytes, struct ais_frame *f)
{
    f->nbytes = (uint16_t)nbytes;
    for (unsigned i = 0; i < nbytes; i++)
        f->bytes[i] = (uint8_t)rng_below(r, 256);
    f->bytes[0] = (uint8_t)(type << 2 | (f->bytes[0] & 3));
}

/* The tap's audio path, in place; output scaled to about 0.3 full scale. */
static void tap_filter(enum disc_tap tap, float *x, size_t n)
{
    double lp_tau = 0, hp_hz = 0, sign = 1;
    if (tap == DISC_TAP_DEEMPH_75US) lp_tau = 75e-6;
    if (tap == DISC_TAP_AC_20HZ) hp_hz = 20;
    if (tap == DISC_TAP_AC_300HZ) hp_hz = 300;
    if (tap == DISC_TAP_INVERTED_DEEMPH_AC_50HZ) {
        lp_tau = 75e-6;
        hp_hz = 50;
        sign = -1;
    }
    double lp = 0, hp = 0, prev = 0;
    double a_lp = lp_tau > 0 ? 1 - exp(-1 / (lp_tau * 48000)) : 1;
    double a_hp = exp(-2 * M_PI * hp_hz / 48000);
    for (size_t i = 0; i < n; i++) {
        lp += a_lp * (x[i] - lp);
        hp = hp_hz > 0 ? a_hp * (hp + lp - prev) : lp;
        prev = lp;
        x[i] = (float)(0.3 * sign * hp);
    }
}

float *disc_sim_audio(enum disc_tap tap, double ebn0_db, int nb, int noise_only, uint64_t seed,
                      struct ais_frame *fr, size_t *n)
{
    struct gmsk_mod_config mc = gmsk_mod_config_default();
    mc.sample_rate = 48000;
    struct gmsk_mod *mod = gmsk_mod_create(&mc);
    struct rng r;
    rng_seed(&r, seed);
    size_t total = (size_t)nb * SPACING + 4000;
    float complex *y = calloc(total, sizeof *y), *z = calloc(total, sizeof *z);
    float *x = calloc(total, sizeof *x);
    if (!mod || !y || !z || !x) {
        gmsk_mod_destroy(mod);
        free(y);
        free(z);
        free(x);
        return NULL;
    }
    double n0 = 1.0 / (9600 * pow(10, ebn0_db / 10));
    double sigma = sqrt(n0 * 48000 / 2);
    for (size_t i = 0; i < total; i++) {
        double re = rng_normal(&r), im = rng_normal(&r); /* in this order: decode/rng.h */
        y[i] = (float)(sigma * re) + I * (float)(sigma * im);
    }
    for (int b = 0; b < nb && !noise_only; b++) {
        int type5 = b % 4 == 3;
        random_frame(&r, type5 ? 5 : 1, type5 ? 53 : 21, &fr[b]);
        uint8_t lev[1200];
        struct ais_burst_layout lay;
        ais_burst_layout_default(&lay);
        int nl = ais_burst_encode(&fr[b], &lay, lev, sizeof lev, NULL);
        double off = rng_uniform(&r);
        size_t len = gmsk_mod_length(mod, (size_t)nl, off);
        float complex *tmp = calloc(len, sizeof *tmp);
        if (!tmp || nl <= 0) {
            free(tmp);
            continue;
        }
        double phase = rng_range(&r, 0, 6.28); /* drawn first: see decode/rng.h */
        double freq = rng_range(&r, -500, 500);
        gmsk_mod_burst(mod, lev, (size_t)nl, off, 1.0, freq, phase, tmp);
        size_t at = 1000 + (size_t)b * SPACING + rng_below(&r, 500);
        for (size_t i = 0; i < len; i++)
            y[at + i] += tmp[i];
        free(tmp);
    }
    /* IF filter: Hamming-windowed sinc, cut-off 8 kHz. */
    float h[IF_TAPS];
    double hs = 0;
    for (int i = 0; i < IF_TAPS; i++) {
        double t = i - IF_TAPS / 2, fc = 8000.0 / 48000;
        h[i] = (float)((t == 0 ? 2 * fc : sin(2 * M_PI * fc * t) / (M_PI * t)) *
                       (0.54 - 0.46 * cos(2 * M_PI * i / (IF_TAPS - 1))));
        hs += h[i];
    }
    for (size_t i = IF_TAPS - 1; i < total; i++) {
        float complex a = 0;
        for (int k = 0; k < IF_TAPS; k++)
            a += h[k] * y[i - (size_t)k];
        z[i] = a / (float)hs;
    }
    for (size_t i = 1; i < total; i++)
        x[i] = cargf(z[i] * conjf(z[i - 1])) / (float)M_PI;
    tap_filter(tap, x, total);
    free(y);
    free(z);
    gmsk_mod_destroy(mod);
    *n = total;
    return x;
}
