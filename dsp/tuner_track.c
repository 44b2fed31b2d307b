/* tuner_track.c: tuner-error acquisition over a grid and slow tracking. */
#include "dsp/tuner_track.h"

#include "decode/log.h"

#include <math.h>
#include <stdlib.h>

#define MAXACQ 64

struct tuner_track {
    struct tuner_track_config cfg;
    int locked;
    double mean;   /* the estimate */
    double offset; /* what to tune to: follows mean, max_step_hz per frame */
    size_t ngrid;
    double est[MAXACQ];
    size_t nest;
    double acq_start, last_frame;
    double weight; /* frames the estimate stands for (at most 1/alpha) */
};

void tuner_track_config_default(struct tuner_track_config *c)
{
    c->initial_hz = 0;
    c->acquire = 1;
    c->span_hz = 12000;
    c->step_hz = 2000;
    c->acq_frames = 3;
    c->acq_seconds = 8;
    c->reacq_seconds = 300;
    c->alpha = 0.01;
    c->max_dev_hz = 2000;
    c->max_step_hz = 50;
}

struct tuner_track *tuner_track_create(const struct tuner_track_config *c)
{
    if (!c || !(c->step_hz >= 100) || !(c->span_hz >= 0) || c->span_hz / c->step_hz > 100) {
        log_error("tuner_track: step must be >= 100 Hz and span/step <= 100");
        return NULL;
    }
    if (!(c->alpha > 0 && c->alpha <= 1) || c->acq_frames < 1 || c->acq_frames > MAXACQ) {
        log_error("tuner_track: alpha must be in (0,1] and acq_frames 1..%d", MAXACQ);
        return NULL;
    }
    if (!(c->max_step_hz >= 0)) {
        log_error("tuner_track: max_step_hz must be >= 0");
        return NULL;
    }
    struct tuner_track *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->cfg = *c;
    t->mean = t->offset = c->initial_hz;
    t->locked = !c->acquire;
    t->weight = 1.0 / c->alpha;
    t->ngrid = 2 * (size_t)floor(c->span_hz / c->step_hz + 1e-9) + 1;
    return t;
}

void tuner_track_destroy(struct tuner_track *t)
{
    free(t);
}

size_t tuner_track_grid_size(const struct tuner_track *t)
{
    return t->locked ? 1 : t->ngrid;
}

double tuner_track_grid(const struct tuner_track *t, size_t i)
{
    if (t->locked) return t->offset;
    return t->cfg.initial_hz + ((double)i - (double)(t->ngrid / 2)) * t->cfg.step_hz;
}

int tuner_track_locked(const struct tuner_track *t)
{
    return t->locked;
}

double tuner_track_offset(const struct tuner_track *t)
{
    return t->offset;
}

double tuner_track_estimate(const struct tuner_track *t)
{
    return t->mean;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void lock_median(struct tuner_track *t)
{
    double tmp[MAXACQ];
    for (size_t i = 0; i < t->nest; i++)
        tmp[i] = t->est[i];
    qsort(tmp, t->nest, sizeof tmp[0], cmp_double);
    t->mean = t->nest & 1 ? tmp[t->nest / 2] : 0.5 * (tmp[t->nest / 2 - 1] + tmp[t->nest / 2]);
    t->offset = t->mean; /* the receiver moves to it when it leaves the grid */
    t->weight = (double)t->nest;
    t->locked = 1;
}

int tuner_track_frame(struct tuner_track *t, double fe_hz, double freq_hz, double now)
{
    t->last_frame = now;
    if (!t->locked) {
        if (t->nest < MAXACQ) t->est[t->nest++] = fe_hz + freq_hz;
        if (t->nest >= t->cfg.acq_frames) {
            lock_median(t);
            return 1;
        }
        return tuner_track_tick(t, now);
    }
    double dev = fe_hz + freq_hz - t->mean;
    if (fabs(dev) > t->cfg.max_dev_hz) return 0;
    /* The mean of the frames so far, then an exponential average. */
    double w = t->weight + 1.0, cap = 1.0 / t->cfg.alpha;
    t->weight = w < cap ? w : cap;
    t->mean += dev / t->weight;
    double step = t->mean - t->offset, lim = t->cfg.max_step_hz;
    if (lim > 0 && fabs(step) > lim) step = step > 0 ? lim : -lim;
    t->offset += step;
    return 0;
}

int tuner_track_tick(struct tuner_track *t, double now)
{
    if (t->locked) {
        if (t->cfg.acquire && t->cfg.reacq_seconds > 0 &&
            now - t->last_frame > t->cfg.reacq_seconds &&
            now - t->acq_start > t->cfg.reacq_seconds) {
            t->locked = 0;
            t->nest = 0;
            t->acq_start = now;
            return 2;
        }
        return 0;
    }
    if (now - t->acq_start < t->cfg.acq_seconds) return 0;
    if (t->nest) {
        lock_median(t);
    } else {
        t->locked = 1; /* nothing heard: keep the estimate, retry later */
        t->weight = 0; /* ... and take the first frame's */
    }
    t->acq_start = now;
    return 1;
}
