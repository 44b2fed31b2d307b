/* input_nmea.c: the NMEA input thread: lines from a file, stdin, UDP datagrams
 * or a TCP server (reconnecting), queued to the main thread as sentences with
 * their event time: the tag block's c: field when the tag block is valid
 * (decode/nmea_tag: checksum, seconds or ms), else for a file or stdin the
 * latest such time before it, and the time of arrival for a network feed. With
 * --realtime a file is paced by those tag-block times; a jump of more than an
 * hour (either way) restarts the pacing from the new time instead of waiting
 * for it. Lines too long to be NMEA are counted (lines_too_long), not queued.
 * UDP datagrams the kernel drops because the socket's buffer is full are
 * counted from SO_RXQ_OVFL (udp_in_dropped). */
#include "daemon/netsock.h"
#include "daemon/pipeline.h"

#include "decode/log.h"
#include "decode/nmea_tag.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct reader {
    struct pipeline *p;
    int realtime;
    double t0_event, t0_wall; /* pacing origin */
    double last_event;        /* the latest tag time paced on */
    int replay;               /* a file or stdin: a line without a tag time takes the latest */
    double last_tag;          /* the latest valid tag time read (0: none yet) */
    char buf[ITEMQ_LINE_MAX];
    size_t len;
    int overlong; /* the line being read did not fit in buf */
};

/* Pacing restarts at a tag time this far from the previous one. */
#define NMEA_PACE_MAX_JUMP_S 3600.0

/* The c: time of a leading tag block in unix seconds, or 0 when there is no
 * valid one (the main thread counts a corrupt tag block as a rejected line). */
static double tag_time(const char *line)
{
    if (line[0] != '\\') return 0;
    const char *end = strchr(line + 1, '\\');
    struct nmea_tag tag;
    if (!end || nmea_tag_parse(line + 1, (size_t)(end - line - 1), &tag)) return 0;
    if (!(tag.fields & NMEA_TAG_TIME) || tag.time_ms <= 0) return 0;
    return (double)tag.time_ms / 1000.0;
}

/* --realtime: wait until the tag time t is due, t0_event having been due at
 * t0_wall. A jump of more than NMEA_PACE_MAX_JUMP_S from the previous time
 * (a bad clock, a log spliced from two days) starts over from t, logged. */
static void pace(struct reader *r, double t)
{
    double now = pipeline_wall_time();
    if (r->t0_wall > 0 && fabs(t - r->last_event) > NMEA_PACE_MAX_JUMP_S) {
        log_warn("input: tag-block time jumps by %.0f s (%.3f to %.3f): pacing restarts from it",
                 t - r->last_event, r->last_event, t);
        r->t0_wall = 0;
    }
    if (r->t0_wall == 0) {
        r->t0_event = t;
        r->t0_wall = now;
    }
    r->last_event = t;
    double due = r->t0_wall + (t - r->t0_event);
    while (due > now + 0.001 && !pipeline_stopping(r->p)) {
        double d = due - now;
        struct timespec ts = {0, (long)((d > 0.05 ? 0.05 : d) * 1e9)};
        nanosleep(&ts, NULL);
        now = pipeline_wall_time();
    }
}

static int emit(struct reader *r, char *line, size_t n)
{
    int overlong = r->overlong;
    r->overlong = 0;
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
        n--;
    if (!n && !overlong) return 0;
    if (overlong || n >= ITEMQ_LINE_MAX) { /* not NMEA: far too long */
        if (atomic_fetch_add(&r->p->lines_too_long, 1) == 0)
            log_warn("input: a line of more than %d bytes (not NMEA): dropped; such lines are "
                     "counted in the status (nmea_rejects.too_long)",
                     ITEMQ_LINE_MAX - 1);
        return 0;
    }
    struct itemq_item it;
    it.kind = ITEMQ_SENTENCE;
    memcpy(it.u.line, line, n);
    it.u.line[n] = 0;
    it.line_len = (uint32_t)n; /* a NUL byte in it: the main thread counts the line (nul) */
    double t = memchr(line, 0, n) ? 0 : tag_time(it.u.line);
    if (r->realtime && t > 0) pace(r, t);
    /* A replayed log's line without c: (the later fragments of a message,
     * whose group tag block has no time) is at the time of the line before,
     * not at the wall clock: a type 5 from last year's log had its first
     * fragment timed out by its second, a day of wall clock later. A network
     * feed's untagged lines keep their time of arrival. */
    if (t > 0)
        r->last_tag = t;
    else if (r->replay)
        t = r->last_tag;
    it.time = t > 0 ? t : pipeline_wall_time();
    it.mono_ns = itemq_now_ns();
    atomic_fetch_add(&r->p->sentences, 1);
    atomic_store(&r->p->last_sample_ns, pipeline_mono_ns());
    atomic_store(&r->p->input_up, 1);
    return itemq_push_wait(r->p->iq, &it, &r->p->stop);
}

/* Split buffered bytes into lines; keep the tail. */
static int feed(struct reader *r, const char *data, size_t n, int datagram)
{
    for (size_t i = 0; i < n; i++) {
        char ch = data[i];
        if (ch == '\n') {
            if (emit(r, r->buf, r->len)) return -1;
            r->len = 0;
        } else if (r->len < sizeof r->buf) {
            r->buf[r->len++] = ch;
        } else {
            r->overlong = 1;
        }
    }
    if (datagram && (r->len || r->overlong)) {
        if (emit(r, r->buf, r->len)) return -1;
        r->len = 0;
    }
    return 0;
}

/* One datagram into chunk. The kernel's count of datagrams it dropped on this
 * socket (SO_RXQ_OVFL, as of when this one was queued) goes into
 * udp_in_dropped, logged when it first rises. */
static ssize_t recv_datagram(struct reader *r, int fd, char *chunk, size_t max)
{
    struct iovec iov = {chunk, max};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(uint32_t))];
    } ctl;
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl.buf;
    mh.msg_controllen = sizeof ctl.buf;
    ssize_t got = recvmsg(fd, &mh, 0);
    if (got < 0) return got;
#ifdef SO_RXQ_OVFL
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
            uint32_t dropped;
            memcpy(&dropped, CMSG_DATA(c), sizeof dropped);
            uint64_t before = atomic_exchange(&r->p->udp_in_dropped, dropped);
            if (!before && dropped)
                log_warn("input %s: the kernel dropped %u datagrams (socket buffer full: aisd "
                         "fell behind); counted in the status (udp_in_dropped)",
                         r->p->conf.input, (unsigned)dropped);
        }
#endif
    return got;
}

/* Read fd until EOF or stop. Returns 0 at EOF, -1 on error. */
static int pump_fd(struct reader *r, int fd, int datagram)
{
    char chunk[16384];
    for (;;) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int pr = poll(&pfd, 1, 200);
        if (pipeline_stopping(r->p)) return 0;
        if (pr < 0 && errno != EINTR) return -1;
        if (pr <= 0) continue;
        ssize_t got =
            datagram ? recv_datagram(r, fd, chunk, sizeof chunk) : read(fd, chunk, sizeof chunk);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (got == 0) {
            if (r->len || r->overlong) emit(r, r->buf, r->len);
            r->len = 0;
            return 0;
        }
        if (feed(r, chunk, (size_t)got, datagram)) return 0; /* stopping */
    }
}

void input_nmea_run(struct pipeline *p)
{
    struct reader *r = calloc(1, sizeof *r);
    if (!r) return;
    r->p = p;
    r->realtime = p->conf.realtime;
    const char *src = p->conf.input + 5;
    if (!strncmp(src, "udp://", 6)) {
        int fd = netsock_open(src + 6, SOCK_DGRAM, NETSOCK_BIND, 0);
        if (fd < 0) {
            log_error("input %s: cannot bind: %s", p->conf.input, netsock_strerror(errno));
            atomic_store(&p->input_failed, 1);
        } else {
            log_info("input: NMEA over UDP on %s", src + 6);
#ifdef SO_RXQ_OVFL
            int one = 1;
            if (setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one))
                log_warn("input %s: SO_RXQ_OVFL: %s (datagrams the kernel drops are not counted)",
                         p->conf.input, strerror(errno));
#endif
            atomic_store(&p->input_up, 1);
            if (pump_fd(r, fd, 1)) {
                log_error("input %s: receive error: %s", p->conf.input, strerror(errno));
                atomic_store(&p->input_failed, 1);
            }
            close(fd);
        }
    } else if (!strncmp(src, "tcp://", 6)) {
        int backoff = 500;
        while (!pipeline_stopping(p)) {
            int fd = netsock_connect(src + 6, 5000, &p->stop, p->lookups);
            pipeline_note_open(p, fd >= 0);
            if (fd < 0) {
                pipeline_note_connect_error(p, errno);
                const char *why = netsock_strerror(errno);
                if (pipeline_note_down(p, "%s: cannot connect (%s)", p->conf.input, why))
                    log_warn("input %s: cannot connect (%s); retrying in %d ms (the same failure "
                             "is logged again in 10 min; aisctl status counts them)",
                             p->conf.input, why, backoff);
                pipeline_sleep_ms(p, backoff);
                backoff = backoff < 8000 ? backoff * 2 : 10000;
                continue;
            }
            log_info("input: connected to NMEA server %s", src + 6);
            int64_t t_open = pipeline_mono_ns();
            pump_fd(r, fd, 0);
            close(fd);
            r->len = 0;
            r->overlong = 0;
            /* the backoff starts over only after a connection that lasted: a
             * server that accepts and closes at once is not retried at 2 Hz */
            if (pipeline_mono_ns() - t_open >= 5000000000LL) backoff = 500;
            if (!pipeline_stopping(p)) {
                if (pipeline_note_down(p, "%s: connection closed", p->conf.input))
                    log_warn("input %s: connection closed; reconnecting in %d ms", p->conf.input,
                             backoff);
                atomic_store(&p->input_up, 0);
                pipeline_sleep_ms(p, backoff);
                backoff = backoff < 8000 ? backoff * 2 : 10000;
            }
        }
    } else {
        int fd = strcmp(src, "-") ? open(src, O_RDONLY | O_CLOEXEC) : 0;
        r->replay = 1;
        if (fd < 0) {
            log_error("input %s: %s", src, strerror(errno));
            atomic_store(&p->input_failed, 1);
        } else {
            if (pump_fd(r, fd, 0)) {
                log_error("input %s: read error: %s", src, strerror(errno));
                atomic_store(&p->input_failed, 1);
            }
            if (fd) close(fd);
        }
    }
    free(r);
}
