/* netsock.h: "host:port" addresses and the sockets aisd's inputs and outputs
 * open on them (NMEA over UDP/TCP in and out, rtl_tcp): one parser and one
 * getaddrinfo loop instead of one per input. */
#ifndef AISD_NETSOCK_H
#define AISD_NETSOCK_H

#include <stddef.h>

struct lookup_cap;

/* How long a host name lookup may take (daemon/lookup.h): a name server that
 * does not answer held the caller for the C library's retries, deaf to a
 * shutdown. */
#define NETSOCK_LOOKUP_MS 5000

enum netsock_mode {
    NETSOCK_CONNECT, /* connect (TCP), or set the peer (UDP) */
    NETSOCK_BIND,    /* bind (UDP to receive) */
    NETSOCK_LISTEN,  /* bind and listen (TCP server) */
};

/* Split "host:port", "[v6 address]:port" or "port" (empty host). 0, or -1
 * when a part does not fit host[hl] / port[pl] or port is empty. */
int netsock_split(const char *hostport, char *host, size_t hl, char *port, size_t pl);

/* A socket of type (SOCK_STREAM, SOCK_DGRAM) on hostport, close-on-exec,
 * SO_REUSEADDR when binding; nonblock: O_NONBLOCK. An empty host or "*" is
 * every address when binding, 127.0.0.1 when connecting. The fd, or -1 with
 * errno set (ENXIO: the host name does not resolve; ETIME: its lookup took
 * longer than NETSOCK_LOOKUP_MS). */
int netsock_open(const char *hostport, int type, enum netsock_mode mode, int nonblock);

/* A TCP connection to hostport (as netsock_open NETSOCK_CONNECT, blocking once
 * connected) that gives up after timeout_ms (errno ETIMEDOUT) and as soon as
 * *stop is set (checked every 100 ms; errno EINTR): a host that drops the
 * SYNs (down behind a router, a firewall, a full listen queue) would
 * otherwise hold the caller for the kernel's two minutes of SYN retries, deaf
 * to a shutdown. The host name's lookup has its own NETSOCK_LOOKUP_MS (errno
 * ETIME) and stops on *stop too; lookups (may be NULL) caps those running at
 * once (errno EBUSY: none started, daemon/lookup.h). */
int netsock_connect(const char *hostport, int timeout_ms, const _Atomic int *stop,
                    struct lookup_cap *lookups);

/* strerror(e) for the errno of netsock_open / netsock_connect: ENXIO, which
 * they set when the host name does not resolve, as that ("No such device or
 * address" reads like a USB fault next to an rtl_tcp input), ETIME as a
 * lookup that timed out and EBUSY as one not started (lookup_addr's cap). */
const char *netsock_strerror(int e);

/* 1 when what is sent to dst_hostport (a UDP destination, a TCP server to
 * connect to) would arrive at a socket bound on bind_hostport on this machine: the same port, and
 * dst a loopback address, "localhost", the bound address, or (bound on every address) an address of
 * this machine. Names other than localhost are not resolved (no DNS at configuration time): 0 for
 * them. */
int netsock_reaches_bound(const char *bind_hostport, const char *dst_hostport);

#endif
