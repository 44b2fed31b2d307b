/* input_rtltcp.c: the rtl_tcp client input thread: connects to
 * rtltcp://host:port, checks the 12-byte "RTL0" greeting, sends the tuning
 * commands (centre, rate, gain, ppm, bias tee), then reads cu8 samples into the
 * block queue without ever waiting for it (a full queue is a counted drop).
 * A closed connection or 2 s without samples: reconnect with backoff (counted),
 * and the next block is flagged discontinuous so the DSP resets. The backoff
 * (250 ms doubling to 5 s) starts over only after a connection that delivered
 * samples for RTLTCP_GOOD_S: a server that accepts and drops at once is not
 * retried four times a second. A connect gives up after 5 s (a host that
 * drops the SYNs held it for the kernel's two minutes, deaf to SIGTERM), and
 * so does a host name's lookup (counted in lookup_timeouts). */
#include "daemon/netsock.h"
#include "daemon/pipeline.h"

#include "decode/log.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
    RTLTCP_FREQ = 1,
    RTLTCP_RATE = 2,
    RTLTCP_GAIN_MODE = 3,
    RTLTCP_GAIN = 4,
    RTLTCP_PPM = 5,
    RTLTCP_AGC = 8,
    RTLTCP_BIAS_TEE = 14
};

#define RTLTCP_GOOD_S 5.0
#define RTLTCP_CONNECT_MS 5000

static int send_cmd(int fd, uint8_t cmd, uint32_t param)
{
    uint8_t b[5] = {cmd, (uint8_t)(param >> 24), (uint8_t)(param >> 16), (uint8_t)(param >> 8),
                    (uint8_t)param};
    return send(fd, b, sizeof b, MSG_NOSIGNAL) == (ssize_t)sizeof b ? 0 : -1;
}

/* Read exactly n bytes with a timeout per wait. 0, or -1 (closed, error, stall). */
static int read_exact(struct pipeline *p, int fd, uint8_t *buf, size_t n, int timeout_ms)
{
    size_t got = 0;
    while (got < n) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int waited = 0, pr;
        while ((pr = poll(&pfd, 1, 100)) == 0) {
            if (pipeline_stopping(p)) return -1;
            waited += 100;
            if (waited >= timeout_ms) {
                errno = ETIMEDOUT;
                return -1;
            }
        }
        if (pr < 0 && errno == EINTR) continue;
        ssize_t r = recv(fd, buf + got, n - got, 0);
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (r <= 0) {
            if (r == 0) errno = ECONNRESET;
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

static int configure(struct pipeline *p, int fd)
{
    const struct conf *c = &p->conf;
    double ppm = (double)atomic_load(&p->ppm_micro) / 1e6;
    int manual = strcmp(c->gain, "auto") != 0;
    int32_t ippm = (int32_t)(ppm < 0 ? ppm - 0.5 : ppm + 0.5);
    atomic_store(&p->ppm_applied_micro, (int64_t)ippm * 1000000);
    int rc = send_cmd(fd, RTLTCP_RATE, (uint32_t)c->rate);
    rc |= send_cmd(fd, RTLTCP_FREQ, (uint32_t)c->center);
    rc |= send_cmd(fd, RTLTCP_PPM, (uint32_t)ippm);
    rc |= send_cmd(fd, RTLTCP_GAIN_MODE, manual);
    if (manual) rc |= send_cmd(fd, RTLTCP_GAIN, (uint32_t)(atof(c->gain) * 10 + 0.5));
    rc |= send_cmd(fd, RTLTCP_AGC, 0);
    if (c->bias_tee) rc |= send_cmd(fd, RTLTCP_BIAS_TEE, 1);
    return rc;
}

void input_rtltcp_run(struct pipeline *p)
{
    const char *hp = p->conf.input + 9;
    size_t bs = blockq_block_bytes(p->bq) & ~(size_t)1;
    uint8_t *buf = malloc(bs);
    if (!buf) return;
    int backoff = 250, first = 1;
    uint64_t sample = 0;
    while (!pipeline_stopping(p)) {
        int fd = netsock_connect(hp, RTLTCP_CONNECT_MS, &p->stop, p->lookups);
        uint8_t greet[12];
        const char *why = NULL;
        if (fd < 0) {
            pipeline_note_connect_error(p, errno);
            why = netsock_strerror(errno);
        } else if (read_exact(p, fd, greet, sizeof greet, 2000))
            why = errno == ETIMEDOUT ? "no greeting within 2 s" : "closed before its greeting";
        else if (memcmp(greet, "RTL0", 4))
            why = "not an rtl_tcp server (no RTL0 greeting)";
        else if (configure(p, fd))
            why = "closed while being configured";
        int ok = !why;
        pipeline_note_open(p, ok);
        if (ok) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            log_info("input: rtl_tcp %s connected (tuner type %u)", hp,
                     (unsigned)greet[4] << 24 | greet[5] << 16 | greet[6] << 8 | greet[7]);
            int64_t t_open = pipeline_mono_ns();
            if (!first) blockq_mark_discont(p->bq);
            first = 0;
            atomic_store(&p->input_up, 1);
            while (!pipeline_stopping(p)) {
                if (read_exact(p, fd, buf, bs, 2000)) {
                    if (errno == ETIMEDOUT) {
                        atomic_fetch_add(&p->stalls, 1);
                        log_warn("input: rtl_tcp %s: no samples for 2 s", hp);
                    }
                    break;
                }
                blockq_push(p->bq, buf, bs, sample,
                            pipeline_wall_time() - (double)(bs / 2) / p->conf.rate);
                sample += bs / 2;
                pipeline_note_samples(p, bs / 2);
            }
            atomic_store(&p->input_up, 0);
            const char *lost = strerror(errno);
            int say = pipeline_note_down(p, "rtl_tcp %s lost (%s)", hp, lost);
            if (pipeline_mono_ns() - t_open >= (int64_t)(RTLTCP_GOOD_S * 1e9)) backoff = 250;
            if (say && !pipeline_stopping(p))
                log_warn("input: rtl_tcp %s lost (%s); reconnecting in %d ms", hp, lost, backoff);
        } else {
            if (pipeline_note_down(p, "rtl_tcp %s: cannot connect (%s)", hp, why) &&
                !pipeline_stopping(p))
                log_warn("input: rtl_tcp %s: cannot connect (%s); retrying in %d ms (the same "
                         "failure is logged again in 10 min; aisctl status counts them)",
                         hp, why, backoff);
        }
        if (fd >= 0) close(fd);
        if (pipeline_stopping(p)) break;
        pipeline_sleep_ms(p, backoff);
        backoff = backoff < 4000 ? backoff * 2 : 5000;
    }
    free(buf);
}
