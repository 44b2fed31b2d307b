/* query.c: the REP query socket. See query.h. */
#include "daemon/query.h"
#include "daemon/zap.h"

#include "decode/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

struct query {
    void *sock;
};

struct query *query_create(void *zctx, const struct query_config *c)
{
    struct query *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    q->sock = zmq_socket(zctx, ZMQ_REP);
    if (!q->sock) {
        free(q);
        return NULL;
    }
    int linger = 0;
    zmq_setsockopt(q->sock, ZMQ_LINGER, &linger, sizeof linger);
    if (c->curve_secret) zap_curve_server(q->sock, c->curve_secret);
    if (zmq_bind(q->sock, c->endpoint)) {
        log_error("query %s: %s", c->endpoint, zmq_strerror(errno));
        query_destroy(q);
        return NULL;
    }
    log_info("queries on %s", c->endpoint);
    return q;
}

void query_destroy(struct query *q)
{
    if (!q) return;
    zmq_close(q->sock);
    free(q);
}

void *query_socket(struct query *q)
{
    return q->sock;
}

int query_recv(struct query *q, char *req, size_t max)
{
    int n = zmq_recv(q->sock, req, max - 1, ZMQ_DONTWAIT);
    if (n < 0) return -1;
    if ((size_t)n > max - 1) n = (int)(max - 1);
    req[n] = 0;
    /* discard any further parts */
    int more = 0;
    size_t ml = sizeof more;
    while (!zmq_getsockopt(q->sock, ZMQ_RCVMORE, &more, &ml) && more) {
        char junk[64];
        zmq_recv(q->sock, junk, sizeof junk, 0);
    }
    size_t l = strlen(req);
    while (l && (req[l - 1] == '\n' || req[l - 1] == ' ' || req[l - 1] == '\r'))
        req[--l] = 0;
    return 0;
}

void query_reply(struct query *q, const char *json)
{
    zmq_send(q->sock, json, strlen(json), ZMQ_DONTWAIT);
}
