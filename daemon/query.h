/* query.h: the query socket (ZeroMQ REP): a client sends one request word
 * ("status", "vessels", "gaps", "alerts", "help") and gets one JSON reply with a
 * snapshot. Non-blocking; answered by the main loop. Optional CURVE server. */
#ifndef AISD_QUERY_H
#define AISD_QUERY_H

#include <stddef.h>
#include <stdint.h>

struct query_config {
    const char *endpoint;
    const uint8_t *curve_secret; /* NULL: no CURVE */
};

struct query;

struct query *query_create(void *zctx, const struct query_config *c);
void query_destroy(struct query *q);
void *query_socket(struct query *q);
/* A pending request as a NUL-terminated string: 0, or -1 when none. After 0,
 * query_reply() must be called before the next query_recv(). */
int query_recv(struct query *q, char *req, size_t max);
void query_reply(struct query *q, const char *json);

#endif
