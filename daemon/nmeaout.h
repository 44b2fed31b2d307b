/* nmeaout.h: NMEA sentences to the usual consumers (OpenCPN, aggregators):
 * UDP datagrams to one or more HOST:PORT destinations and a TCP server that
 * streams every sentence to each connected client. Never blocks: a client
 * whose socket buffer is full loses whole lines (counted); a line the kernel
 * took only in part is finished first, when the client can take it, so the
 * stream stays whole. A client is closed only when its connection breaks.
 * Main thread only; its descriptors join the main poll. */
#ifndef AISD_NMEAOUT_H
#define AISD_NMEAOUT_H

#include <stdint.h>

#define NMEAOUT_MAX_CLIENTS 32

struct nmeaout_config {
    const char *const *udp; /* HOST:PORT destinations */
    int nudp;
    const char *tcp; /* [HOST:]PORT to listen on, or NULL */
};

struct nmeaout;

struct nmeaout *nmeaout_create(const struct nmeaout_config *c);
void nmeaout_destroy(struct nmeaout *o);
/* Send one sentence (without line end; CR LF is added). */
void nmeaout_send(struct nmeaout *o, const char *line);
/* Descriptors to poll (listener and clients), each for input and, where
 * want_write[i], also for output (a line's end is pending); returns the count. */
int nmeaout_fds(const struct nmeaout *o, int *fds, int *want_write, int max);
/* Call when fd is readable or writable: accepts a client, reads/closes one,
 * or sends the rest of its pending line. */
void nmeaout_handle(struct nmeaout *o, int fd, int readable, int writable);
int nmeaout_clients(const struct nmeaout *o);
/* Lines not sent to a destination or client (buffer full, nobody listening). */
uint64_t nmeaout_dropped(const struct nmeaout *o);
/* TCP clients refused because NMEAOUT_MAX_CLIENTS were connected. */
uint64_t nmeaout_refused(const struct nmeaout *o);
/* The TCP port actually bound (for port 0), or 0. */
int nmeaout_tcp_port(const struct nmeaout *o);

#endif
