/* pub.h: the ZeroMQ publisher: an XPUB socket (a PUB that also sees
 * subscriptions) bound to one or more endpoints, sending multipart
 * [topic, json] without ever blocking (at the high-water mark ZeroMQ drops).
 * Every message gets "pub_seq" (per publisher, all topics) and "topic_seq" (per
 * topic) spliced in as its first JSON members, so a subscriber sees losses.
 * Optional CURVE server role. Main thread only. */
#ifndef AISD_PUB_H
#define AISD_PUB_H

#include <stdint.h>

struct pub_config {
    const char *const *endpoints;
    int nendpoints;
    int sndhwm;
    const uint8_t *curve_secret; /* 32-byte secret key, or NULL for no CURVE */
};

struct pub;

struct pub *pub_create(void *zctx, const struct pub_config *c);
void pub_destroy(struct pub *p);
/* json must be an object ("{...}"). Returns 0, or AISD_E_AGAIN when dropped. */
int pub_send(struct pub *p, const char *topic, const char *json);
/* The socket, for zmq_poll (subscriptions arrive as POLLIN). */
void *pub_socket(struct pub *p);
/* Read pending subscription messages; returns the number of new subscribes. */
int pub_drain_subscriptions(struct pub *p);
uint64_t pub_sent(const struct pub *p);
uint64_t pub_dropped(const struct pub *p);
int pub_subscriptions(const struct pub *p);

#endif
