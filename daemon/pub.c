/* pub.c: XPUB publisher with sequence numbers and optional CURVE. See pub.h. */
#include "daemon/pub.h"
#include "daemon/zap.h"

#include "decode/err.h"
#include "decode/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define PUB_TOPICS 96

struct pub {
    void *sock;
    uint64_t seq, sent, dropped;
    int subscriptions;
    char topics[PUB_TOPICS][24];
    uint64_t topic_seq[PUB_TOPICS];
    int ntopics;
    char *buf;
    size_t cap;
};

struct pub *pub_create(void *zctx, const struct pub_config *c)
{
    struct pub *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->sock = zmq_socket(zctx, ZMQ_XPUB);
    if (!p->sock) {
        log_error("pub_create(): zmq_socket: %s", zmq_strerror(errno));
        free(p);
        return NULL;
    }
    int hwm = c->sndhwm > 0 ? c->sndhwm : 10000, linger = 500, zero = 0;
    zmq_setsockopt(p->sock, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(p->sock, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(p->sock, ZMQ_XPUB_NODROP, &zero, sizeof zero);
    int verbose = 1;
    zmq_setsockopt(p->sock, ZMQ_XPUB_VERBOSE, &verbose, sizeof verbose);
    if (c->curve_secret) zap_curve_server(p->sock, c->curve_secret);
    for (int i = 0; i < c->nendpoints; i++) {
        if (zmq_bind(p->sock, c->endpoints[i])) {
            log_error("publish %s: %s", c->endpoints[i], zmq_strerror(errno));
            pub_destroy(p);
            return NULL;
        }
        log_info("publishing on %s%s", c->endpoints[i], c->curve_secret ? " (CURVE)" : "");
    }
    return p;
}

void pub_destroy(struct pub *p)
{
    if (!p) return;
    if (p->sock) zmq_close(p->sock);
    free(p->buf);
    free(p);
}

static uint64_t next_topic_seq(struct pub *p, const char *topic)
{
    for (int i = 0; i < p->ntopics; i++)
        if (!strcmp(p->topics[i], topic)) return ++p->topic_seq[i];
    if (p->ntopics < PUB_TOPICS && strlen(topic) < sizeof p->topics[0]) {
        strcpy(p->topics[p->ntopics], topic);
        p->topic_seq[p->ntopics] = 1;
        p->ntopics++;
        return 1;
    }
    return 0;
}

int pub_send(struct pub *p, const char *topic, const char *json)
{
    size_t jl = strlen(json), need = jl + 64;
    if (need > p->cap) {
        char *nb = realloc(p->buf, need * 2);
        if (!nb) return AISD_E_NOMEM;
        p->buf = nb;
        p->cap = need * 2;
    }
    p->seq++;
    const char *rest = jl && json[0] == '{' ? json + 1 : json;
    int n = snprintf(p->buf, p->cap, "{\"pub_seq\":%llu,\"topic_seq\":%llu%s%s",
                     (unsigned long long)p->seq, (unsigned long long)next_topic_seq(p, topic),
                     (*rest && *rest != '}') ? "," : "", rest);
    if (n < 0) return AISD_E_RANGE;
    if (zmq_send(p->sock, topic, strlen(topic), ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
        zmq_send(p->sock, p->buf, (size_t)n, ZMQ_DONTWAIT) < 0) {
        p->dropped++;
        return AISD_E_AGAIN;
    }
    p->sent++;
    return 0;
}

void *pub_socket(struct pub *p)
{
    return p->sock;
}

int pub_drain_subscriptions(struct pub *p)
{
    int news = 0;
    for (;;) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, p->sock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&m);
            break;
        }
        const uint8_t *d = zmq_msg_data(&m);
        if (zmq_msg_size(&m) >= 1) {
            if (d[0] == 1) {
                p->subscriptions++;
                news++;
            } else if (d[0] == 0 && p->subscriptions > 0)
                p->subscriptions--;
        }
        zmq_msg_close(&m);
    }
    return news;
}

uint64_t pub_sent(const struct pub *p)
{
    return p->sent;
}

uint64_t pub_dropped(const struct pub *p)
{
    return p->dropped;
}

int pub_subscriptions(const struct pub *p)
{
    return p->subscriptions;
}
