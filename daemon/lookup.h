/* lookup.h: host name lookups with a deadline. getaddrinfo has no timeout: a
 * name server that does not answer holds the caller for as long as the C
 * library's resolver retries (tens of seconds, more with several servers or
 * NSS modules), deaf to a shutdown. lookup_addr runs getaddrinfo in a thread
 * of its own and waits for it at most timeout_ms, returning early when *stop
 * is set; a lookup it gives up on finishes in its thread and frees itself.
 * Numeric addresses (and a NULL host) are resolved at once, in the caller. */
#ifndef AISD_LOOKUP_H
#define AISD_LOOKUP_H

#include <netdb.h>

/* getaddrinfo(host, port, hints, res) within timeout_ms. 0 with *res (free it
 * with freeaddrinfo), or an errno value: ENXIO the name does not resolve,
 * ETIME the lookup took longer than timeout_ms, EINTR *stop was set, EAGAIN
 * no thread could be started. stop may be NULL. */
int lookup_addr(const char *host, const char *port, const struct addrinfo *hints, int timeout_ms,
                const _Atomic int *stop, struct addrinfo **res);

#endif
