/* nmeaout.c: NMEA over UDP datagrams and a TCP server. See nmeaout.h. */
#include "daemon/nmeaout.h"
#include "daemon/netsock.h"

#include "decode/log.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LINE_MAX_BYTES 1024
/* Kernel send buffer per TCP client (the kernel doubles it): about 5,000
 * sentences, minutes of a busy station's traffic. A client that stops
 * reading then loses whole lines (counted) after this much, whatever the
 * host's tcp_wmem, and 32 stalled clients hold at most 16 MiB. */
#define CLIENT_SNDBUF (256 * 1024)

/* A TCP client and the unsent end of a line the kernel took only in part. */
struct client {
    int fd;
    size_t nrest;
    char rest[LINE_MAX_BYTES];
};

struct nmeaout {
    int udp[8];
    int nudp;
    int listen_fd;
    struct client clients[NMEAOUT_MAX_CLIENTS];
    int nclients;
    uint64_t dropped;
    uint64_t refused; /* TCP clients turned away: NMEAOUT_MAX_CLIENTS connected */
    int tcp_port;
};

struct nmeaout *nmeaout_create(const struct nmeaout_config *c)
{
    struct nmeaout *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->listen_fd = -1;
    for (int i = 0; i < c->nudp && o->nudp < 8; i++) {
        int fd = netsock_open(c->udp[i], SOCK_DGRAM, NETSOCK_CONNECT, 1);
        if (fd < 0) {
            log_error("udp %s: cannot open: %s", c->udp[i], netsock_strerror(errno));
            nmeaout_destroy(o);
            return NULL;
        }
        o->udp[o->nudp++] = fd;
    }
    if (c->tcp && *c->tcp) {
        o->listen_fd = netsock_open(c->tcp, SOCK_STREAM, NETSOCK_LISTEN, 1);
        if (o->listen_fd < 0) {
            log_error("tcp %s: cannot listen: %s", c->tcp, netsock_strerror(errno));
            nmeaout_destroy(o);
            return NULL;
        }
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (!getsockname(o->listen_fd, (struct sockaddr *)&ss, &sl)) {
            char port[16];
            if (!getnameinfo((struct sockaddr *)&ss, sl, NULL, 0, port, sizeof port,
                             NI_NUMERICSERV))
                o->tcp_port = atoi(port);
        }
        log_info("serving NMEA on TCP %s", c->tcp);
    }
    return o;
}

void nmeaout_destroy(struct nmeaout *o)
{
    if (!o) return;
    for (int i = 0; i < o->nudp; i++)
        close(o->udp[i]);
    for (int i = 0; i < o->nclients; i++)
        close(o->clients[i].fd);
    if (o->listen_fd >= 0) close(o->listen_fd);
    free(o);
}

static void drop_client(struct nmeaout *o, int i)
{
    close(o->clients[i].fd);
    o->clients[i] = o->clients[--o->nclients];
}

/* Send what is left of a line; 0 when it is all out (or there was none), 1
 * while some is still pending, -1 when the connection is broken. */
static int flush_rest(struct client *c)
{
    if (!c->nrest) return 0;
    ssize_t w = send(c->fd, c->rest, c->nrest, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (w < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 1 : -1;
    c->nrest -= (size_t)w;
    memmove(c->rest, c->rest + w, c->nrest);
    return c->nrest ? 1 : 0;
}

void nmeaout_send(struct nmeaout *o, const char *line)
{
    char buf[LINE_MAX_BYTES];
    int n = snprintf(buf, sizeof buf, "%s\r\n", line);
    if (n <= 0 || (size_t)n >= sizeof buf) {
        o->dropped++;
        return;
    }
    for (int i = 0; i < o->nudp; i++)
        if (send(o->udp[i], buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
            o->dropped++; /* nobody listening (ECONNREFUSED) or buffer full */
    for (int i = 0; i < o->nclients;) {
        struct client *c = &o->clients[i];
        int pending = flush_rest(c);
        ssize_t w = pending ? 0 : send(c->fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (pending < 0 || (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            o->dropped++;
            drop_client(o, i); /* broken connection */
            continue;
        }
        if (pending || w < 0) {
            o->dropped++; /* slow client: it loses this whole line */
        } else if (w < n) {
            /* the kernel took part of it: the rest goes first, when it can */
            c->nrest = (size_t)(n - w);
            memcpy(c->rest, buf + w, c->nrest);
        }
        i++;
    }
}

int nmeaout_fds(const struct nmeaout *o, int *fds, int *want_write, int max)
{
    int n = 0;
    if (o->listen_fd >= 0 && n < max) {
        want_write[n] = 0;
        fds[n++] = o->listen_fd;
    }
    for (int i = 0; i < o->nclients && n < max; i++) {
        want_write[n] = o->clients[i].nrest != 0;
        fds[n++] = o->clients[i].fd;
    }
    return n;
}

void nmeaout_handle(struct nmeaout *o, int fd, int readable, int writable)
{
    if (fd == o->listen_fd) {
        if (!readable) return;
        int c = accept4(o->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c < 0) return;
        if (o->nclients >= NMEAOUT_MAX_CLIENTS) {
            o->refused++;
            log_warn("nmea tcp: %d clients connected, one more refused", NMEAOUT_MAX_CLIENTS);
            close(c);
            return;
        }
        int sndbuf = CLIENT_SNDBUF;
        if (setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf) != 0)
            log_warn("nmea tcp: SO_SNDBUF %d: %s", sndbuf, strerror(errno));
        o->clients[o->nclients].fd = c;
        o->clients[o->nclients++].nrest = 0;
        return;
    }
    for (int i = 0; i < o->nclients; i++) {
        if (o->clients[i].fd != fd) continue;
        if (writable && flush_rest(&o->clients[i]) < 0) {
            drop_client(o, i);
            return;
        }
        if (!readable) return;
        char junk[512];
        ssize_t r = recv(fd, junk, sizeof junk, MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) drop_client(o, i);
        return;
    }
}

int nmeaout_clients(const struct nmeaout *o)
{
    return o->nclients;
}

uint64_t nmeaout_dropped(const struct nmeaout *o)
{
    return o->dropped;
}

uint64_t nmeaout_refused(const struct nmeaout *o)
{
    return o->refused;
}

int nmeaout_tcp_port(const struct nmeaout *o)
{
    return o->tcp_port;
}
