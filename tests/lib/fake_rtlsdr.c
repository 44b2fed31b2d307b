/* fake_rtlsdr.c: a stand-in for librtlsdr and the dongle behind it, because no
 * RTL-SDR hardware exists here. Linked before -lrtlsdr into a test build of
 * aisd (build/tests/aisd_fakertl) so that its symbols win; the normal aisd is
 * untouched. It implements the calls daemon/input_rtlsdr.c makes with
 * librtlsdr's semantics: rtlsdr_read_async blocks, calling the callback with
 * buf_len-byte buffers, until rtlsdr_cancel_async (then returns 0) or until
 * the device is lost (then returns -1); rtlsdr_cancel_async returns -2 when no
 * reader runs. The samples are cu8 from the file FAKE_RTLSDR_FILE (looped;
 * without one, mid-scale noise), paced in real time at the rate set; a
 * tuner correction set (rtlsdr_set_freq_correction) shifts them by
 * -ppm * centre, as a corrected dongle would (the file carries the tuner error
 * `aisctl sim --ppm` gave it).
 * Misbehaviour on cue, from the environment (byte counts are over the whole
 * run, across reopens; each happens once):
 *   FAKE_RTLSDR_UNPLUG_AFTER=N  after N bytes read_async returns -1 (unplug)
 *   FAKE_RTLSDR_GONE_OPENS=K    ... and the next K rtlsdr_open calls fail
 *   FAKE_RTLSDR_STALL_AFTER=N   after N bytes no more callbacks, but
 *                               read_async returns only when cancelled
 *   FAKE_RTLSDR_WEDGE_S=S       with STALL_AFTER: the stalled reader ignores
 *                               rtlsdr_cancel_async for S seconds (a wedged
 *                               USB stack), then returns on the cancel
 *   FAKE_RTLSDR_ABSENT=K        the first K rtlsdr_get_device_count calls
 *                               find no device (a large K: never plugged in)
 * The device's state lives in file-scope variables: it stands for the one
 * piece of hardware on the bus. */
#include <math.h>
#include <rtl-sdr.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FAKE_SERIAL "00000001"

struct rtlsdr_dev {
    unsigned char *iq; /* the file's samples */
    size_t iq_len;
    uint32_t rate, center;
    int ppm;
    double phase; /* of the correction's frequency shift */
    atomic_int running, cancel;
};

static uint64_t bytes_total; /* bytes delivered over the whole run */
static int unplugged, stalled, gone_opens = -1, absent_counts = -1;
static double wedge_until; /* a stalled reader ignores cancels until then (mono_s) */

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    if (s <= 0) return;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

uint32_t rtlsdr_get_device_count(void)
{
    if (absent_counts < 0) absent_counts = (int)env_long("FAKE_RTLSDR_ABSENT", 0);
    if (absent_counts > 0) {
        absent_counts--;
        return 0;
    }
    return 1;
}

const char *rtlsdr_get_device_name(uint32_t index)
{
    return index == 0 ? "Generic RTL2832U (fake)" : "";
}

int rtlsdr_get_device_usb_strings(uint32_t index, char *manufact, char *product, char *serial)
{
    if (index != 0) return -1;
    if (manufact) strcpy(manufact, "Realtek");
    if (product) strcpy(product, "RTL2838UHIDIR (fake)");
    if (serial) strcpy(serial, FAKE_SERIAL);
    return 0;
}

int rtlsdr_get_index_by_serial(const char *serial)
{
    if (!serial) return -1;
    return strcmp(serial, FAKE_SERIAL) ? -3 : 0;
}

int rtlsdr_open(rtlsdr_dev_t **out, uint32_t index)
{
    *out = NULL;
    if (gone_opens < 0) gone_opens = (int)env_long("FAKE_RTLSDR_GONE_OPENS", 0);
    if (unplugged && gone_opens > 0) {
        gone_opens--;
        return -1;
    }
    if (index != 0) return -1;
    rtlsdr_dev_t *d = calloc(1, sizeof *d);
    if (!d) return -1;
    d->rate = 2048000;
    const char *path = getenv("FAKE_RTLSDR_FILE");
    FILE *f = path && *path ? fopen(path, "rb") : NULL;
    if (path && *path && !f) {
        fprintf(stderr, "fake_rtlsdr: cannot open %s\n", path);
        free(d);
        return -1;
    }
    if (f) {
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        d->iq = n > 1 ? malloc((size_t)n) : NULL;
        d->iq_len = d->iq ? fread(d->iq, 1, (size_t)n, f) & ~(size_t)1 : 0;
        fclose(f);
    }
    *out = d;
    return 0;
}

int rtlsdr_close(rtlsdr_dev_t *dev)
{
    if (!dev) return -1;
    free(dev->iq);
    free(dev);
    return 0;
}

int rtlsdr_set_sample_rate(rtlsdr_dev_t *dev, uint32_t rate)
{
    if (!dev || rate <= 225000 || rate > 3200000 || (rate > 300000 && rate <= 900000)) return -22;
    dev->rate = rate;
    return 0;
}

int rtlsdr_set_center_freq(rtlsdr_dev_t *dev, uint32_t freq)
{
    if (!dev || freq < 24000000) return -1;
    dev->center = freq;
    return 0;
}

int rtlsdr_set_freq_correction(rtlsdr_dev_t *dev, int ppm)
{
    if (!dev || ppm <= -1000 || ppm >= 1000) return -1;
    dev->ppm = ppm;
    return 0;
}

int rtlsdr_set_tuner_gain_mode(rtlsdr_dev_t *dev, int manual)
{
    return dev && (manual == 0 || manual == 1) ? 0 : -1;
}

int rtlsdr_set_tuner_gain(rtlsdr_dev_t *dev, int gain)
{
    return dev && gain >= 0 && gain <= 600 ? 0 : -1;
}

int rtlsdr_set_bias_tee(rtlsdr_dev_t *dev, int on)
{
    return dev && (on == 0 || on == 1) ? 0 : -1;
}

int rtlsdr_reset_buffer(rtlsdr_dev_t *dev)
{
    return dev ? 0 : -1;
}

static void fill(rtlsdr_dev_t *dev, unsigned char *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        uint64_t at = bytes_total + i;
        buf[i] = dev->iq_len ? dev->iq[at % dev->iq_len] : (unsigned char)(127 + (at * 7919) % 5);
    }
    if (!dev->ppm) return;
    double step = -2 * M_PI * dev->ppm * 1e-6 * dev->center / dev->rate;
    for (uint32_t i = 0; i + 1 < len; i += 2) {
        double re = buf[i] - 127.5, im = buf[i + 1] - 127.5, c = cos(dev->phase),
               s = sin(dev->phase);
        double r2 = re * c - im * s + 127.5, i2 = re * s + im * c + 127.5;
        buf[i] = (unsigned char)(r2 < 0 ? 0 : r2 > 255 ? 255 : lround(r2));
        buf[i + 1] = (unsigned char)(i2 < 0 ? 0 : i2 > 255 ? 255 : lround(i2));
        dev->phase = fmod(dev->phase + step, 2 * M_PI);
    }
}

int rtlsdr_read_async(rtlsdr_dev_t *dev, rtlsdr_read_async_cb_t cb, void *ctx, uint32_t buf_num,
                      uint32_t buf_len)
{
    (void)buf_num;
    if (!dev || atomic_exchange(&dev->running, 1)) return -2;
    if (buf_len == 0) buf_len = 16 * 32 * 512;
    unsigned char *buf = malloc(buf_len);
    if (!buf) return -1;
    long unplug_after = env_long("FAKE_RTLSDR_UNPLUG_AFTER", -1);
    long stall_after = env_long("FAKE_RTLSDR_STALL_AFTER", -1);
    double t0 = mono_s();
    uint64_t sent = 0;
    int rc = 0;
    for (;;) {
        if (atomic_load(&dev->cancel) && !(stalled == 1 && mono_s() < wedge_until)) break;
        if (!unplugged && unplug_after >= 0 && bytes_total >= (uint64_t)unplug_after) {
            unplugged = 1; /* every transfer fails: librtlsdr gives up with an error */
            rc = -1;
            break;
        }
        if (stalled == 1 ||
            (!stalled && stall_after >= 0 && bytes_total >= (uint64_t)stall_after)) {
            if (!stalled) wedge_until = mono_s() + (double)env_long("FAKE_RTLSDR_WEDGE_S", 0);
            stalled = 1; /* the dongle stops delivering; the reader waits on */
            sleep_s(0.01);
            continue;
        }
        fill(dev, buf, buf_len);
        bytes_total += buf_len;
        sent += buf_len;
        sleep_s(t0 + (double)sent / 2 / dev->rate - mono_s());
        if (!atomic_load(&dev->cancel)) cb(buf, buf_len, ctx);
    }
    if (stalled == 1 && atomic_load(&dev->cancel)) stalled = 2; /* once only */
    free(buf);
    atomic_store(&dev->cancel, 0);
    atomic_store(&dev->running, 0);
    return rc;
}

int rtlsdr_cancel_async(rtlsdr_dev_t *dev)
{
    if (!dev || !atomic_load(&dev->running)) return -2;
    atomic_store(&dev->cancel, 1);
    return 0;
}
