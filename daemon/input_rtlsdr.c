/* input_rtlsdr.c: the RTL-SDR input thread, the one owner of the dongle: opens
 * it by index or serial, tunes it (centre, rate, gain or auto, ppm, bias tee)
 * and runs librtlsdr's async reader, whose callback only copies into the block
 * queue (a full queue is a counted drop). An unplug (the reader returns) or a
 * stall (pipeline_tick cancels after 2 s without samples) closes the device,
 * which is reopened with backoff (reset only once a session has delivered
 * samples for a while, so a dongle that opens but fails at once is not
 * reopened twice a second), tuned with the DSP's latest ppm estimate.
 * USB transfers of about 5 ms (buf_len: a multiple of 512 bytes, and of
 * 16384, the URB size librtlsdr recommends, from about 1.2 MS/s up).
 * Tested with a stand-in librtlsdr (tests/lib/fake_rtlsdr.c,
 * tests/check_rtlsdr.c), not with real hardware: the unplug and stall paths
 * follow librtlsdr's rtlsdr_read_async (it returns after rtlsdr_cancel_async,
 * or once every transfer has failed when the device is gone). */
#include "daemon/pipeline.h"

#include "decode/log.h"

#include <rtl-sdr.h>
#include <stdlib.h>
#include <string.h>

/* Said when a failure is logged: the same one again is not, until it changes
 * or PIPELINE_RELOG_S have passed (`aisctl status` counts the attempts). */
#define RTLSDR_RETRY_NOTE "the same failure is logged again in 10 min; aisctl status counts them"

struct rtlsdr_cb_ctx {
    struct pipeline *p;
    uint64_t sample;
};

static void on_samples(unsigned char *buf, uint32_t len, void *ctx)
{
    struct rtlsdr_cb_ctx *c = ctx;
    struct pipeline *p = c->p;
    size_t bs = blockq_block_bytes(p->bq) & ~(size_t)1;
    double now = pipeline_wall_time();
    for (uint32_t off = 0; off + 1 < len; off += (uint32_t)bs) {
        size_t n = len - off < bs ? len - off : bs;
        n &= ~(size_t)1;
        blockq_push(p->bq, buf + off, n, c->sample, now - (double)(len - off) / 2 / p->conf.rate);
        c->sample += n / 2;
        pipeline_note_samples(p, n / 2);
    }
}

/* The device's index: the configured one (daemon/conf), or the one holding
 * that serial number. */
static int device_index(const char *dev)
{
    int idx = conf_device_index(dev);
    return idx >= 0 ? idx : rtlsdr_get_index_by_serial(dev);
}

/* Open and tune the dongle; NULL after saying why (logged, and the status's
 * input_why). */
static rtlsdr_dev_t *open_device(struct pipeline *p)
{
    const struct conf *c = &p->conf;
    int n = (int)rtlsdr_get_device_count();
    if (n <= 0) {
        if (pipeline_note_down(p, "no RTL-SDR device found"))
            log_warn("input: no RTL-SDR device found; retrying (%s)", RTLSDR_RETRY_NOTE);
        return NULL;
    }
    int idx = device_index(c->device);
    if (idx < 0 || idx >= n) {
        if (pipeline_note_down(p, "RTL-SDR device '%s' not found (%d present)", c->device, n))
            log_warn("input: RTL-SDR device '%s' not found (%d present); retrying (%s)", c->device,
                     n, RTLSDR_RETRY_NOTE);
        return NULL;
    }
    rtlsdr_dev_t *dev = NULL;
    if (rtlsdr_open(&dev, (uint32_t)idx) < 0 || !dev) {
        if (pipeline_note_down(p, "cannot open RTL-SDR #%d (in use, or the DVB driver holds it?)",
                               idx))
            log_warn("input: cannot open RTL-SDR #%d (in use, or the DVB driver holds it?); "
                     "retrying (%s)",
                     idx, RTLSDR_RETRY_NOTE);
        return NULL;
    }
    double ppm = (double)atomic_load(&p->ppm_micro) / 1e6;
    int ippm = (int)(ppm < 0 ? ppm - 0.5 : ppm + 0.5);
    atomic_store(&p->ppm_applied_micro, (int64_t)ippm * 1000000);
    int rc = rtlsdr_set_sample_rate(dev, (uint32_t)c->rate);
    if (ippm) rc |= rtlsdr_set_freq_correction(dev, ippm);
    rc |= rtlsdr_set_center_freq(dev, (uint32_t)c->center);
    if (strcmp(c->gain, "auto")) {
        rc |= rtlsdr_set_tuner_gain_mode(dev, 1);
        rc |= rtlsdr_set_tuner_gain(dev, (int)(atof(c->gain) * 10 + 0.5));
    } else
        rc |= rtlsdr_set_tuner_gain_mode(dev, 0);
    rtlsdr_set_bias_tee(dev, c->bias_tee ? 1 : 0);
    rc |= rtlsdr_reset_buffer(dev);
    if (rc) {
        if (pipeline_note_down(p, "RTL-SDR #%d: tuning failed", idx))
            log_warn("input: RTL-SDR #%d: tuning failed; retrying (%s)", idx, RTLSDR_RETRY_NOTE);
        rtlsdr_close(dev);
        return NULL;
    }
    char vendor[256] = "", product[256] = "", serial[256] = "";
    rtlsdr_get_device_usb_strings((uint32_t)idx, vendor, product, serial);
    log_info("input: RTL-SDR #%d %s %s serial %s: %.3f MHz, %.0f S/s, gain %s, ppm %d%s", idx,
             vendor, product, serial, c->center / 1e6, c->rate, c->gain, ippm,
             c->bias_tee ? ", bias tee on" : "");
    return dev;
}

void input_rtlsdr_run(struct pipeline *p)
{
    struct rtlsdr_cb_ctx ctx = {p, 0};
    int backoff = 500, first = 1;
    uint32_t buf_len = (uint32_t)(blockq_block_bytes(p->bq) / 512 * 512);
    if (buf_len >= 12288) buf_len = (buf_len + 8192) / 16384 * 16384;
    while (!pipeline_stopping(p)) {
        rtlsdr_dev_t *dev = open_device(p);
        pipeline_note_open(p, dev != NULL);
        if (dev) {
            pthread_mutex_lock(&p->dev_lock);
            p->dev = dev;
            pthread_mutex_unlock(&p->dev_lock);
            if (!first) blockq_mark_discont(p->bq);
            first = 0;
            uint64_t sample0 = ctx.sample;
            int64_t t_open = pipeline_mono_ns();
            atomic_store(&p->cancel_requested, 0);
            atomic_store(&p->last_sample_ns, pipeline_mono_ns());
            atomic_store(&p->input_up, 1);
            if (!pipeline_stopping(p)) {
                int rc = rtlsdr_read_async(dev, on_samples, &ctx, 0, buf_len);
                const char *how = atomic_load(&p->cancel_requested) ? "stalled" : "unplugged?";
                if (pipeline_note_down(p, "RTL-SDR reader ended (%d, %s)", rc, how) &&
                    !pipeline_stopping(p))
                    log_warn("input: RTL-SDR reader ended (%d, %s); closing and reopening", rc,
                             how);
            }
            atomic_store(&p->input_up, 0);
            /* A session that delivered samples for 5 s or more was a good
             * one: the next failure starts the backoff afresh. */
            if (ctx.sample > sample0 && pipeline_mono_ns() - t_open > 5000000000LL) backoff = 500;
            pthread_mutex_lock(&p->dev_lock);
            p->dev = NULL;
            pthread_mutex_unlock(&p->dev_lock);
            rtlsdr_close(dev);
        }
        if (pipeline_stopping(p)) break;
        pipeline_sleep_ms(p, backoff);
        backoff = backoff < 8000 ? backoff * 2 : 10000;
    }
}

int input_rtlsdr_cancel(struct pipeline *p)
{
    int rc = -1;
    pthread_mutex_lock(&p->dev_lock);
    if (p->dev) rc = rtlsdr_cancel_async(p->dev); /* -2: no reader running */
    pthread_mutex_unlock(&p->dev_lock);
    return rc;
}
