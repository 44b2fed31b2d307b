/* lookup.h: host name lookups with a deadline. getaddrinfo has no timeout: a
 * name server that does not answer holds the caller for as long as the C
 * library's resolver retries (tens of seconds, more with several servers or
 * NSS modules), deaf to a shutdown. lookup_addr runs getaddrinfo in a thread
 * of its own and waits for it at most timeout_ms, returning early when *stop
 * is set; a lookup it gives up on finishes in its thread and frees itself.
 * A caller that retries caps how many of its lookups run at once.
 * Numeric addresses (and a NULL host) are resolved at once, in the caller. */
#ifndef AISD_LOOKUP_H
#define AISD_LOOKUP_H

#include <netdb.h>

/* A cap on the lookup threads of one caller that retries (a network input):
 * a lookup given up on runs on until the C library's resolver gives up, or
 * for ever in a hung NSS module, and each retry started another. Held by its
 * owner and by each running lookup; freed when the last lets go. */
struct lookup_cap;

/* At most max_running lookups at once (given up on or not); NULL when out of
 * memory. */
struct lookup_cap *lookup_cap_create(int max_running);
/* The owner lets go (its lookups still running keep it). */
void lookup_cap_release(struct lookup_cap *cap);
/* Lookups running now. */
int lookup_cap_running(struct lookup_cap *cap);

/* getaddrinfo(host, port, hints, res) within timeout_ms. 0 with *res (free it
 * with freeaddrinfo), or an errno value: ENXIO the name does not resolve,
 * ETIME the lookup took longer than timeout_ms, EINTR *stop was set, EAGAIN
 * no thread could be started, EBUSY cap's lookups are all still running (none
 * started). stop and cap may be NULL. */
int lookup_addr(const char *host, const char *port, const struct addrinfo *hints, int timeout_ms,
                const _Atomic int *stop, struct lookup_cap *cap, struct addrinfo **res);

#endif
