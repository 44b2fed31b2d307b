/* pipeline.c: creates the queues, starts and joins the input and DSP threads,
 * reads their counters, and watches a live input for stalls. See pipeline.h. */
#include "daemon/pipeline.h"

#include "daemon/lookup.h"
#include "decode/err.h"
#include "decode/log.h"
#include "dsp/iq_source.h"
#include "dsp/kernels.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pipeline *pipeline_create(const struct conf *c)
{
    struct pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->conf = *c;
    pthread_mutex_init(&p->dev_lock, NULL);
    pthread_mutex_init(&p->why_lock, NULL);
    p->kfmt = KERN_CU8; /* dongles and rtl_tcp */
    p->bytes_per_sample = 2;
    if (c->input_kind == CONF_IN_IQFILE) {
        struct iq_source_config sc = iq_source_config_default();
        sc.path = c->input;
        sc.format = (enum iq_source_format)iq_source_format_parse(c->format);
        sc.rate = c->rate;
        p->iqsrc = iq_source_create(&sc);
        if (!p->iqsrc || iq_source_is_disc(p->iqsrc)) {
            log_error("input %s: cannot read it as %s IQ (check the format, the header and its "
                      "sample rate)",
                      c->input, c->format);
            pipeline_destroy(p);
            return NULL;
        }
        p->conf.rate = iq_source_rate(p->iqsrc);
        if (!(p->conf.rate >= 240000 && p->conf.rate <= 3200000)) {
            log_error("input %s: sample rate %.0f S/s outside 240000..3200000", c->input,
                      p->conf.rate);
            pipeline_destroy(p);
            return NULL;
        }
        p->kfmt = iq_source_kern_format(p->iqsrc);
        p->bytes_per_sample = kern_format_size(p->kfmt);
    }
    if (c->input_kind != CONF_IN_NMEA) {
        /* About 5 ms of samples per block (latency: a block goes on once its
         * last sample is in), 512-byte multiples (USB), and
         * a queue of about 2 s. */
        struct blockq_config bc;
        blockq_config_default(&bc);
        size_t want = (size_t)(p->conf.rate * 0.005) * p->bytes_per_sample;
        want = (want + 511) / 512 * 512;
        if (want < 4096) want = 4096;
        bc.block_bytes = want;
        bc.nblocks = (size_t)(2.0 / 0.005);
        p->bq = blockq_create(&bc);
        if (!p->bq) {
            pipeline_destroy(p);
            return NULL;
        }
    }
    if (c->iq_snippets && p->bq) {
        /* burst (up to 5 slots, 133 ms) plus the margins on both sides */
        size_t slot =
            (size_t)(p->conf.rate * (0.14 + 2.0 * c->iq_snippet_ms / 1000.0)) * p->bytes_per_sample;
        p->snipq = snipq_create(16, slot);
        if (!p->snipq) {
            pipeline_destroy(p);
            return NULL;
        }
    }
    p->iq = itemq_create(4096);
    if (!p->iq) {
        pipeline_destroy(p);
        return NULL;
    }
    p->lookups = lookup_cap_create(PIPELINE_LOOKUPS_MAX);
    if (!p->lookups) {
        pipeline_destroy(p);
        return NULL;
    }
    atomic_store(&p->ppm_micro, (int64_t)(c->ppm * 1e6));
    return p;
}

static void *input_main(void *arg)
{
    struct pipeline *p = arg;
    switch (p->conf.input_kind) {
    case CONF_IN_RTLSDR:
        input_rtlsdr_run(p);
        break;
    case CONF_IN_RTLTCP:
        input_rtltcp_run(p);
        break;
    case CONF_IN_IQFILE:
        input_iqfile_run(p);
        break;
    case CONF_IN_NMEA:
        input_nmea_run(p);
        break;
    }
    atomic_store(&p->input_up, 0);
    atomic_store(&p->input_exited, 1);
    if (p->bq)
        blockq_close(p->bq);
    else {
        struct itemq_item it = {.kind = ITEMQ_EOF};
        itemq_push_wait(p->iq, &it, &p->stop);
        atomic_store(&p->input_done, 1);
    }
    return NULL;
}

static void *dsp_main(void *arg)
{
    struct pipeline *p = arg;
    dspthread_run(p);
    struct itemq_item it = {.kind = ITEMQ_EOF};
    itemq_push_wait(p->iq, &it, &p->stop);
    atomic_store(&p->input_done, 1);
    return NULL;
}

int pipeline_start(struct pipeline *p)
{
    atomic_store(&p->last_sample_ns, pipeline_mono_ns());
    atomic_store(&p->input_alive_ns, pipeline_mono_ns());
    if (p->bq) {
        if (pthread_create(&p->dsp_thread, NULL, dsp_main, p)) {
            log_error("pipeline: cannot start the DSP thread");
            return AISD_E_NOMEM;
        }
        p->dsp_started = 1;
        /* The samples start flowing only once the receiver is built (~0.1 s
         * at 2.4 MS/s: a front end per acquisition offset): otherwise the
         * first blocks wait in the queue and the first frames come late. */
        struct timespec ms = {0, 1000000};
        for (int t = 0; t < 10000 && !atomic_load(&p->dsp_ready); t++)
            nanosleep(&ms, NULL);
    }
    if (pthread_create(&p->input_thread, NULL, input_main, p)) {
        log_error("pipeline: cannot start the input thread");
        return AISD_E_NOMEM;
    }
    p->input_started = 1;
    return 0;
}

void pipeline_stop(struct pipeline *p)
{
    if (!p) return;
    atomic_store(&p->stop, 1);
    if (p->input_started) {
        /* A cancel that comes just before the reader starts finds none to
         * stop: ask until the thread is out. */
        struct timespec ms = {0, 20000000};
        while (p->conf.input_kind == CONF_IN_RTLSDR && !atomic_load(&p->input_exited)) {
            input_rtlsdr_cancel(p);
            nanosleep(&ms, NULL);
        }
        pthread_join(p->input_thread, NULL);
        p->input_started = 0;
    }
    if (p->dsp_started) {
        blockq_close(p->bq);
        pthread_join(p->dsp_thread, NULL);
        p->dsp_started = 0;
    }
}

void pipeline_destroy(struct pipeline *p)
{
    if (!p) return;
    pipeline_stop(p);
    blockq_destroy(p->bq);
    itemq_destroy(p->iq);
    iq_source_destroy(p->iqsrc);
    snipq_destroy(p->snipq);
    lookup_cap_release(p->lookups); /* lookups still running keep it */
    pthread_mutex_destroy(&p->dev_lock);
    pthread_mutex_destroy(&p->why_lock);
    free(p);
}

int pipeline_fd(const struct pipeline *p)
{
    return itemq_fd(p->iq);
}

int pipeline_pop(struct pipeline *p, struct itemq_item *it)
{
    return itemq_pop(p->iq, it);
}

void pipeline_stats(const struct pipeline *p, struct pipeline_stats *s)
{
    struct pipeline *m = (struct pipeline *)p;
    memset(s, 0, sizeof *s);
    s->samples = atomic_load(&m->samples);
    s->blocks = p->bq ? blockq_pushed(p->bq) : 0;
    s->drops = p->bq ? blockq_drops(p->bq) : 0;
    s->item_drops = itemq_drops(p->iq);
    s->frames[0] = atomic_load(&m->frames_a);
    s->frames[1] = atomic_load(&m->frames_b);
    s->sentences = atomic_load(&m->sentences);
    s->lines_too_long = atomic_load(&m->lines_too_long);
    s->reopens = atomic_load(&m->reopens);
    s->reopen_attempts = atomic_load(&m->reopen_attempts);
    s->stalls = atomic_load(&m->stalls);
    s->lookup_timeouts = atomic_load(&m->lookup_timeouts);
    s->lookup_refused = atomic_load(&m->lookup_refused);
    s->nonfinite = atomic_load(&m->nonfinite);
    s->udp_in_dropped = atomic_load(&m->udp_in_dropped);
    s->ppm = (double)atomic_load(&m->ppm_micro) / 1e6;
    s->input_up = atomic_load(&m->input_up);
    s->input_done = atomic_load(&m->input_done);
    s->open_failures = atomic_load(&m->open_failures);
    int64_t alive = atomic_load(&m->input_alive_ns);
    s->input_quiet_s = alive ? (double)(pipeline_mono_ns() - alive) / 1e9 : 0;
    pthread_mutex_lock(&m->why_lock);
    snprintf(s->input_why, sizeof s->input_why, "%s", s->input_up ? "" : m->input_why);
    pthread_mutex_unlock(&m->why_lock);
}

void pipeline_tick(struct pipeline *p)
{
    int live = p->conf.input_kind == CONF_IN_RTLSDR;
    if (!live || !atomic_load(&p->input_up)) return;
    int64_t age = pipeline_mono_ns() - atomic_load(&p->last_sample_ns);
    if (age > 2000000000LL && !atomic_load(&p->cancel_requested)) {
        /* A cancel that finds no running reader (it is being opened, or it
         * has just returned) is not lost: the next tick asks again. */
        atomic_store(&p->cancel_requested, 1);
        if (input_rtlsdr_cancel(p) == 0) {
            log_warn("input: no samples for %.1f s: reopening", (double)age / 1e9);
            atomic_fetch_add(&p->stalls, 1);
        } else
            atomic_store(&p->cancel_requested, 0);
    }
}

int pipeline_stopping(const struct pipeline *p)
{
    return atomic_load(&((struct pipeline *)p)->stop);
}

void pipeline_note_samples(struct pipeline *p, uint64_t n)
{
    atomic_fetch_add_explicit(&p->samples, n, memory_order_relaxed);
    atomic_store_explicit(&p->last_sample_ns, pipeline_mono_ns(), memory_order_relaxed);
}

void pipeline_note_open(struct pipeline *p, int ok)
{
    atomic_store(&p->input_alive_ns, pipeline_mono_ns());
    if (ok) {
        atomic_store(&p->open_failures, 0);
        pthread_mutex_lock(&p->why_lock);
        p->input_why[0] = 0;
        pthread_mutex_unlock(&p->why_lock);
    } else
        atomic_fetch_add(&p->open_failures, 1);
    if (atomic_fetch_add(&p->open_attempts, 1) == 0) return; /* the first open is no reopen */
    atomic_fetch_add(&p->reopen_attempts, 1);
    if (ok) atomic_fetch_add(&p->reopens, 1);
}

int pipeline_note_down(struct pipeline *p, const char *fmt, ...)
{
    char why[PIPELINE_WHY_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    int64_t now = pipeline_mono_ns();
    pthread_mutex_lock(&p->why_lock);
    int say = strcmp(why, p->input_why) != 0 ||
              now - p->why_logged_ns >= (int64_t)PIPELINE_RELOG_S * 1000000000LL;
    snprintf(p->input_why, sizeof p->input_why, "%s", why);
    if (say) p->why_logged_ns = now;
    pthread_mutex_unlock(&p->why_lock);
    atomic_store(&p->input_alive_ns, now);
    return say;
}

double pipeline_wall_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t pipeline_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int pipeline_sleep_ms(struct pipeline *p, int ms)
{
    struct timespec step = {0, 10000000};
    for (int t = 0; t < ms; t += 10) {
        if (pipeline_stopping(p)) return 1;
        atomic_store_explicit(&p->input_alive_ns, pipeline_mono_ns(), memory_order_relaxed);
        nanosleep(&step, NULL);
    }
    return pipeline_stopping(p);
}

void pipeline_note_connect_error(struct pipeline *p, int err)
{
    if (err == ETIME) atomic_fetch_add(&p->lookup_timeouts, 1);
    if (err == EBUSY) atomic_fetch_add(&p->lookup_refused, 1);
}
