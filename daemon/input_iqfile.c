/* input_iqfile.c: the IQ file (or stdin) input thread: reads raw samples in
 * the configured format into the block queue, waiting for free blocks (a file
 * never drops), as fast as possible or paced at the sample rate (--realtime).
 * Block times run from the start time at the nominal rate. A WAV file's header
 * was read by pipeline_create() (data offset, rate). */
#include "daemon/pipeline.h"

#include "decode/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static ssize_t read_full(int fd, uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return got ? (ssize_t)got : -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

void input_iqfile_run(struct pipeline *p)
{
    const char *path = p->conf.input;
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
    if (fd < 0) {
        log_error("input %s: %s", path, strerror(errno));
        return;
    }
    if (p->data_offset && lseek(fd, (off_t)p->data_offset, SEEK_SET) < 0) {
        uint8_t skip[64];
        size_t left = p->data_offset;
        while (left) {
            ssize_t r = read_full(fd, skip, left < sizeof skip ? left : sizeof skip);
            if (r <= 0) break;
            left -= (size_t)r;
        }
    }
    size_t bs = blockq_block_bytes(p->bq) / p->bytes_per_sample * p->bytes_per_sample;
    uint8_t *buf = malloc(bs);
    if (!buf) {
        if (fd) close(fd);
        return;
    }
    double rate = p->conf.rate;
    double t0 = pipeline_wall_time();
    int64_t m0 = pipeline_mono_ns();
    uint64_t sample = 0;
    atomic_store(&p->input_up, 1);
    while (!pipeline_stopping(p)) {
        ssize_t got = read_full(fd, buf, bs);
        if (got < 0) {
            log_error("input %s: %s", path, strerror(errno));
            break;
        }
        size_t n = (size_t)got / p->bytes_per_sample * p->bytes_per_sample;
        if ((size_t)got > n) /* read_full comes back short only at the end */
            log_warn("input %s: ignored %zu trailing bytes (not a whole %s sample)", path,
                     (size_t)got - n, p->conf.format);
        if (!n) break;
        if (p->conf.realtime) { /* a block is there once its last sample is */
            int64_t due = m0 + (int64_t)((double)(sample + n / p->bytes_per_sample) / rate * 1e9);
            int64_t now = pipeline_mono_ns();
            if (due > now) {
                struct timespec ts = {(time_t)((due - now) / 1000000000LL),
                                      (long)((due - now) % 1000000000LL)};
                nanosleep(&ts, NULL);
            }
        }
        if (blockq_push_wait(p->bq, buf, n, sample, t0 + (double)sample / rate, &p->stop, -1))
            break;
        sample += n / p->bytes_per_sample;
        pipeline_note_samples(p, n / p->bytes_per_sample);
    }
    free(buf);
    if (fd) close(fd);
}
