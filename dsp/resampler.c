/* resampler.c: liquid-dsp resamp_crcf behind our object conventions (see
 * resampler.h). */
#include "dsp/resampler.h"

#include "decode/err.h"
#include "decode/log.h"

#include <liquid/liquid.h>
#include <math.h>
#include <stdlib.h>

struct resampler {
    resamp_crcf q;
    double ratio;
    double delay;
};

struct resampler_config resampler_config_default(void)
{
    struct resampler_config c = {.rate_in = 0, .rate_out = 0, .pass_hz = 0, .stop_db = 60};
    return c;
}

struct resampler *resampler_create(const struct resampler_config *cfg)
{
    if (!cfg || !(cfg->rate_in > 0) || !(cfg->rate_out > 0)) {
        log_error("resampler_create(): rates must be > 0");
        return NULL;
    }
    double ratio = cfg->rate_out / cfg->rate_in;
    if (ratio > 1.0 || ratio < 1.0 / 16) {
        log_error("resampler_create(): rate_out/rate_in = %g outside [1/16, 1]", ratio);
        return NULL;
    }
    double pass = cfg->pass_hz > 0 ? cfg->pass_hz : 0.4 * cfg->rate_out;
    /* Pass |f| <= pass; stop what would alias onto it: |f| >= rate_out - pass. */
    double stop = cfg->rate_out - pass;
    if (!(stop > pass)) {
        log_error("resampler_create(): pass_hz %g too wide for rate_out %g", pass, cfg->rate_out);
        return NULL;
    }
    float fc = (float)((pass + stop) / 2 / cfg->rate_in);
    float df = (float)((stop - pass) / cfg->rate_in);
    float as = cfg->stop_db > 0 ? cfg->stop_db : 60;
    /* Rates close together (2.56 MS/s: 196.9k -> 192k) leave a transition
     * wider than half the input rate, beyond liquid's estimate (it fails and
     * gave m 2: 0.2 dB droop over the channels, ~36 dB of image rejection);
     * design those as if it were 0.45 wide. */
    unsigned m = (estimate_req_filter_len(df < 0.45f ? df : 0.45f, as) + 1) / 2;
    if (m < 2) m = 2;
    if (m > 64) m = 64;
    struct resampler *r = calloc(1, sizeof *r);
    if (!r) {
        log_error("resampler_create(): out of memory");
        return NULL;
    }
    r->q = resamp_crcf_create((float)ratio, m, fc > 0.49f ? 0.49f : fc, as, 256);
    if (!r->q) {
        log_error("resampler_create(): liquid resamp_crcf_create failed");
        free(r);
        return NULL;
    }
    r->ratio = ratio;
    r->delay = m;
    return r;
}

int resampler_execute(struct resampler *r, const float complex *x, size_t n, float complex *y,
                      size_t *ny)
{
    unsigned got = 0;
    *ny = 0;
    if (!r || n > 0xffffffffu) return AISD_E_INVAL;
    if (n && resamp_crcf_execute_block(r->q, (float complex *)x, (unsigned)n, y, &got) != 0)
        return AISD_E_INVAL;
    *ny = got;
    return AISD_OK;
}

size_t resampler_max_out(const struct resampler *r, size_t n)
{
    return (size_t)ceil((double)n * r->ratio) + 4;
}

double resampler_delay(const struct resampler *r)
{
    return r->delay;
}

void resampler_reset(struct resampler *r)
{
    if (r) resamp_crcf_reset(r->q);
}

void resampler_destroy(struct resampler *r)
{
    if (!r) return;
    resamp_crcf_destroy(r->q);
    free(r);
}
