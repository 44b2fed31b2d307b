/* iq_sim.c: noise + bursts + front-end impairments + quantisation, streamed. */
#include "dsp/iq_sim.h"

#include "decode/err.h"
#include "decode/log.h"
#include "decode/rng.h"
#include "dsp/gmsk_mod.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NOISE_RMS_REF (20.0 / 127.5) /* the default: 20 cu8 counts per axis */

struct pending {
    uint64_t first; /* absolute index of buf[0] */
    size_t len;
    float complex *buf;
};

struct iq_sim {
    struct iq_sim_config c;
    struct gmsk_mod *mod;
    struct rng rng;
    uint64_t pos;
    struct pending *p;
    size_t np, pcap;
    float complex *work;
    size_t work_cap;
    double gain_q, cos_e, sin_e;
    struct iq_sim_stats st;
};

struct iq_sim_config iq_sim_config_default(void)
{
    struct iq_sim_config c = {
        .sample_rate = 288000.0,
        .bit_rate = 9600.0,
        .noise_rms = NOISE_RMS_REF,
        .format = IQ_SIM_CU8,
        .ramp_up_bits = 5.0,
        .ramp_down_bits = 2.0,
        .seed = 1,
    };
    return c;
}

size_t iq_sim_sample_bytes(enum iq_sim_format f)
{
    switch (f) {
    case IQ_SIM_CU8:
    case IQ_SIM_CS8:
        return 2;
    case IQ_SIM_CS16:
        return 4;
    case IQ_SIM_CF32:
        return 8;
    }
    return 0;
}

int iq_sim_format_parse(const char *name, enum iq_sim_format *f)
{
    static const char *const names[] = {"cu8", "cs8", "cs16", "cf32"};
    for (int i = 0; i < 4; i++)
        if (name && !strcmp(name, names[i])) {
            *f = (enum iq_sim_format)i;
            return 0;
        }
    return AISD_E_INVAL;
}

struct iq_sim *iq_sim_create(const struct iq_sim_config *c)
{
    struct iq_sim_config d = iq_sim_config_default();
    if (!c) c = &d;
    if (c->noise_rms < 0 || !iq_sim_sample_bytes(c->format)) {
        log_error("iq_sim: need noise_rms >= 0 and a known format");
        return NULL;
    }
    struct gmsk_mod_config mc = gmsk_mod_config_default();
    mc.sample_rate = c->sample_rate;
    mc.bit_rate = c->bit_rate;
    mc.ramp_up_bits = c->ramp_up_bits;
    mc.ramp_down_bits = c->ramp_down_bits;
    mc.ramp_up_delay = c->ramp_up_delay;
    mc.ramp_down_lead = c->ramp_down_lead;
    struct gmsk_mod *mod = gmsk_mod_create(&mc);
    if (!mod) return NULL;
    struct iq_sim *s = calloc(1, sizeof *s);
    if (!s) {
        gmsk_mod_destroy(mod);
        return NULL;
    }
    s->c = *c;
    s->mod = mod;
    rng_seed(&s->rng, c->seed);
    s->gain_q = pow(10.0, c->iq_gain_db / 20.0);
    s->cos_e = cos(c->iq_phase_deg * M_PI / 180.0);
    s->sin_e = sin(c->iq_phase_deg * M_PI / 180.0);
    return s;
}

void iq_sim_destroy(struct iq_sim *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->np; i++)
        free(s->p[i].buf);
    free(s->p);
    free(s->work);
    gmsk_mod_destroy(s->mod);
    free(s);
}

double iq_sim_noise_power(const struct iq_sim *s)
{
    return 2.0 * s->c.noise_rms * s->c.noise_rms;
}

static double ref_noise_power(const struct iq_sim *s)
{
    double p = iq_sim_noise_power(s);
    return p > 0 ? p : 2.0 * NOISE_RMS_REF * NOISE_RMS_REF;
}

double iq_sim_amplitude(const struct iq_sim *s, double ebn0_db)
{
    /* A^2 = Eb/N0 * Rb * N0, N0 = P / fs */
    double n0 = ref_noise_power(s) / s->c.sample_rate;
    return sqrt(pow(10.0, ebn0_db / 10.0) * s->c.bit_rate * n0);
}

double iq_sim_ebn0_db(const struct iq_sim *s, double amp)
{
    double n0 = ref_noise_power(s) / s->c.sample_rate;
    return 10.0 * log10(amp * amp / (s->c.bit_rate * n0));
}

size_t iq_sim_burst_length(const struct iq_sim *s, size_t nlevels)
{
    return gmsk_mod_length(s->mod, nlevels, 0.999999);
}

void iq_sim_corpus_shape(struct iq_sim_config *c)
{
    c->ramp_up_delay = 2.0;
    c->ramp_up_bits = 6.0;
    c->ramp_down_lead = 6.0;
    c->ramp_down_bits = 6.0;
}

int iq_sim_levels(const struct ais_frame *f, uint16_t fcs_xor, uint8_t *levels, size_t max)
{
    return iq_sim_levels_trailer(f, fcs_xor, 0, levels, max);
}

int iq_sim_levels_trailer(const struct ais_frame *f, uint16_t fcs_xor, unsigned trailer_bits,
                          uint8_t *levels, size_t max)
{
    struct ais_burst_layout l;
    ais_burst_layout_default(&l);
    l.trailer_bits = trailer_bits;
    size_t ds = 0;
    int n = ais_burst_encode(f, &l, levels, max, &ds);
    if (n < 0 || !fcs_xor) return n;
    /* Back to data bits, de-stuff, flip FCS bits, stuff again, NRZI again. */
    size_t nn = (size_t)n;
    uint8_t *d = malloc(nn), *msg = malloc(nn), *out = malloc(max);
    int rc = AISD_E_NOMEM;
    if (!d || !msg || !out) goto done;
    ais_nrzi_decode(levels, nn, 0, d);
    size_t consumed = 0;
    rc = ais_destuff(d + ds, nn - ds, msg, nn, &consumed);
    if (rc < 0) goto done;
    size_t nbits = (size_t)rc, fcs0 = nbits - 16;
    for (unsigned k = 0; k < 16; k++)
        msg[fcs0 + k] ^= (uint8_t)((fcs_xor >> k) & 1);
    size_t m = 0;
    memcpy(out, d, ds);
    m = ds;
    unsigned ones = 0;
    rc = AISD_E_RANGE;
    for (size_t i = 0; i < nbits; i++) {
        if (m + 2 > max) goto done;
        out[m++] = msg[i];
        ones = msg[i] ? ones + 1 : 0;
        if (ones == 5) {
            out[m++] = 0;
            ones = 0;
        }
    }
    size_t tail = nn - (ds + consumed - 8); /* end flag and trailer */
    if (m + tail > max) goto done;
    memcpy(out + m, d + ds + consumed - 8, tail);
    m += tail;
    ais_nrzi_encode(out, m, 0, levels);
    rc = (int)m;
done:
    free(d);
    free(msg);
    free(out);
    return rc;
}

int iq_sim_add(struct iq_sim *s, const struct iq_sim_burst *b)
{
    if (!s || !b || !b->levels || !b->nlevels || !(b->start >= 0)) return AISD_E_INVAL;
    uint64_t first = (uint64_t)floor(b->start);
    if (first < s->pos) return AISD_E_RANGE;
    double offset = b->start - (double)first;
    size_t len = gmsk_mod_length(s->mod, b->nlevels, offset);
    float complex *buf = calloc(len, sizeof *buf);
    if (!buf) return AISD_E_NOMEM;
    int rc =
        gmsk_mod_burst(s->mod, b->levels, b->nlevels, offset, b->amp, b->freq_hz, b->phase, buf);
    if (rc) {
        free(buf);
        return rc;
    }
    if (s->np == s->pcap) {
        size_t cap = s->pcap ? 2 * s->pcap : 16;
        struct pending *p = realloc(s->p, cap * sizeof *p);
        if (!p) {
            free(buf);
            return AISD_E_NOMEM;
        }
        s->p = p;
        s->pcap = cap;
    }
    s->p[s->np++] = (struct pending){first, len, buf};
    s->st.bursts++;
    return 0;
}

static void add_noise(struct iq_sim *s, float complex *w, size_t n)
{
    double rms = s->c.noise_rms;
    if (rms <= 0) {
        memset(w, 0, n * sizeof *w);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double r = rms * sqrt(-2.0 * log(rng_uniform(&s->rng)));
        double a = 2.0 * M_PI * rng_uniform(&s->rng);
        w[i] = (float complex)(r * cos(a) + I * r * sin(a));
    }
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static void quantise(struct iq_sim *s, const float complex *w, size_t n, void *out)
{
    for (size_t i = 0; i < n; i++) {
        double x = crealf(w[i]), y = cimagf(w[i]);
        double vi = x + s->c.dc_i;
        double vq = s->gain_q * (y * s->cos_e - x * s->sin_e) + s->c.dc_q;
        double v[2] = {vi, vq};
        for (int k = 0; k < 2; k++) {
            switch (s->c.format) {
            case IQ_SIM_CU8: {
                double u = floor(v[k] * 127.5) + 128.0;
                if (u < 0 || u > 255) s->st.clipped++;
                ((uint8_t *)out)[2 * i + k] = (uint8_t)clampd(u, 0, 255);
                break;
            }
            case IQ_SIM_CS8: {
                double u = nearbyint(v[k] * 127.0);
                if (u < -128 || u > 127) s->st.clipped++;
                ((int8_t *)out)[2 * i + k] = (int8_t)clampd(u, -128, 127);
                break;
            }
            case IQ_SIM_CS16: {
                double u = nearbyint(v[k] * 32767.0);
                if (u < -32768 || u > 32767) s->st.clipped++;
                ((int16_t *)out)[2 * i + k] = (int16_t)clampd(u, -32768, 32767);
                break;
            }
            case IQ_SIM_CF32:
                ((float *)out)[2 * i + k] = (float)v[k];
                break;
            }
        }
    }
}

int iq_sim_render(struct iq_sim *s, size_t n, void *out)
{
    if (!s || (!out && n)) return AISD_E_INVAL;
    if (n > s->work_cap) {
        float complex *w = realloc(s->work, n * sizeof *w);
        if (!w) return AISD_E_NOMEM;
        s->work = w;
        s->work_cap = n;
    }
    float complex *w = s->work;
    add_noise(s, w, n);
    uint64_t end = s->pos + n;
    size_t keep = 0;
    for (size_t i = 0; i < s->np; i++) {
        struct pending *p = &s->p[i];
        uint64_t pend = p->first + p->len;
        uint64_t a = p->first > s->pos ? p->first : s->pos;
        uint64_t b = pend < end ? pend : end;
        for (uint64_t k = a; k < b; k++)
            w[k - s->pos] += p->buf[k - p->first];
        if (pend > end)
            s->p[keep++] = *p;
        else
            free(p->buf);
    }
    s->np = keep;
    quantise(s, w, n, out);
    s->pos = end;
    s->st.samples += n;
    return 0;
}

uint64_t iq_sim_position(const struct iq_sim *s)
{
    return s->pos;
}

struct iq_sim_stats iq_sim_stats(const struct iq_sim *s)
{
    return s->st;
}
