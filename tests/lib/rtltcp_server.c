/* rtltcp_server.c: the rtl_tcp-protocol stand-in for a dongle. See rtltcp_server.h. */
#include "tests/lib/rtltcp_server.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void read_commands(int fd, const char *log)
{
    uint8_t b[5];
    for (;;) {
        ssize_t r = recv(fd, b, sizeof b, MSG_DONTWAIT | MSG_PEEK);
        if (r < 5) return;
        if (recv(fd, b, sizeof b, 0) != 5) return;
        if (log) {
            FILE *f = fopen(log, "a");
            if (f) {
                fprintf(f, "%u %u\n", b[0],
                        (unsigned)b[1] << 24 | (unsigned)b[2] << 16 | (unsigned)b[3] << 8 | b[4]);
                fclose(f);
            }
        }
    }
}

static void serve(int fd, const struct rtltcp_server_config *c, double end)
{
    uint8_t greet[12] = {'R', 'T', 'L', '0', 0, 0, 0, 5, 0, 0, 0, 29};
    if (send(fd, greet, sizeof greet, MSG_NOSIGNAL) != (ssize_t)sizeof greet) return;
    size_t pos = 0;
    double t0 = mono();
    uint64_t sent = 0; /* bytes */
    const size_t chunk = 16384;
    while (mono() < end) {
        read_commands(fd, c->cmd_log);
        if (c->rate > 0) {
            double due = t0 + (double)sent / 2 / c->rate;
            double now = mono();
            if (due > now) {
                struct timespec ts = {0, (long)((due - now) * 1e9)};
                if (ts.tv_nsec > 20000000) ts.tv_nsec = 20000000;
                nanosleep(&ts, NULL);
                continue;
            }
        }
        struct pollfd p = {fd, POLLOUT, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        size_t n = c->len - pos < chunk ? c->len - pos : chunk;
        ssize_t w = send(fd, c->samples + pos, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return;
        }
        pos = (pos + (size_t)w) % c->len;
        sent += (uint64_t)w;
    }
}

int rtltcp_server_run(const struct rtltcp_server_config *c)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0) return -1;
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)c->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4)) {
        close(ls);
        return -1;
    }
    double end = mono() + (c->run_seconds > 0 ? c->run_seconds : 60);
    while (mono() < end) {
        struct pollfd p = {ls, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) continue;
        serve(fd, c, end);
        close(fd);
    }
    close(ls);
    return 0;
}
