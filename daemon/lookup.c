/* lookup.c: getaddrinfo with a deadline, in a thread of its own (see
 * lookup.h). The request is shared by the caller and the thread and freed by
 * whichever lets go of it last: a caller that gives up does not wait for the
 * name server. */
#include "daemon/lookup.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lookup_cap {
    _Atomic int refs;    /* the owner and each running lookup */
    _Atomic int running; /* lookups started and not finished */
    int max_running;
};

struct lookup_cap *lookup_cap_create(int max_running)
{
    struct lookup_cap *cap = calloc(1, sizeof *cap);
    if (!cap) return NULL;
    atomic_init(&cap->refs, 1);
    atomic_init(&cap->running, 0);
    cap->max_running = max_running;
    return cap;
}

void lookup_cap_release(struct lookup_cap *cap)
{
    if (cap && atomic_fetch_sub(&cap->refs, 1) == 1) free(cap);
}

int lookup_cap_running(struct lookup_cap *cap)
{
    return atomic_load(&cap->running);
}

/* Take one of cap's places (and a hold on cap): 0, or -1 when all are taken. */
static int cap_take(struct lookup_cap *cap)
{
    if (!cap) return 0;
    if (atomic_fetch_add(&cap->running, 1) >= cap->max_running) {
        atomic_fetch_sub(&cap->running, 1);
        return -1;
    }
    atomic_fetch_add(&cap->refs, 1);
    return 0;
}

static void cap_give_back(struct lookup_cap *cap)
{
    if (!cap) return;
    atomic_fetch_sub(&cap->running, 1);
    lookup_cap_release(cap);
}

struct lookup {
    pthread_mutex_t lock;
    pthread_cond_t finished;
    int done, rc, refs; /* refs: the caller and the thread */
    int has_port;
    struct lookup_cap *cap; /* the place the thread holds, or NULL */
    char host[256], port[32];
    struct addrinfo hints, *res;
};

static void lookup_free(struct lookup *l)
{
    if (l->res) freeaddrinfo(l->res);
    pthread_cond_destroy(&l->finished);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

/* Let go of l (its lock held): 1 when the other side already has. */
static int let_go(struct lookup *l)
{
    return --l->refs == 0;
}

static void *lookup_thread(void *arg)
{
    struct lookup *l = arg;
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(l->host, l->has_port ? l->port : NULL, &l->hints, &res);
    cap_give_back(l->cap);
    pthread_mutex_lock(&l->lock);
    l->rc = rc;
    l->res = res;
    l->done = 1;
    pthread_cond_signal(&l->finished);
    int last = let_go(l);
    pthread_mutex_unlock(&l->lock);
    if (last) lookup_free(l);
    return NULL;
}

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct lookup *lookup_new(const char *host, const char *port, const struct addrinfo *hints)
{
    if (strlen(host) >= sizeof((struct lookup *)0)->host ||
        (port && strlen(port) >= sizeof((struct lookup *)0)->port))
        return NULL;
    struct lookup *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&l->finished, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&l->lock, NULL);
    strcpy(l->host, host);
    if (port) strcpy(l->port, port);
    l->has_port = port != NULL;
    l->hints = *hints;
    l->refs = 2;
    return l;
}

int lookup_addr(const char *host, const char *port, const struct addrinfo *hints, int timeout_ms,
                const _Atomic int *stop, struct lookup_cap *cap, struct addrinfo **res)
{
    *res = NULL;
    /* A numeric address (or none: the wildcard, loopback) needs no name server. */
    struct addrinfo numeric = *hints;
    numeric.ai_flags |= AI_NUMERICHOST;
    int rc = getaddrinfo(host, port, host ? &numeric : hints, res);
    if (rc == 0) return 0;
    if (!host || rc != EAI_NONAME) return ENXIO;

    struct lookup *l = lookup_new(host, port, hints);
    if (!l) return ENXIO;
    if (cap_take(cap)) {
        l->refs = 1;
        lookup_free(l);
        return EBUSY;
    }
    l->cap = cap;
    pthread_attr_t ta;
    pthread_attr_init(&ta);
    pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int started = pthread_create(&t, &ta, lookup_thread, l) == 0;
    pthread_attr_destroy(&ta);
    if (!started) {
        cap_give_back(cap);
        l->refs = 1;
        lookup_free(l);
        return EAGAIN;
    }
    int64_t deadline = mono_ns() + (int64_t)timeout_ms * 1000000LL;
    int err = 0;
    pthread_mutex_lock(&l->lock);
    while (!l->done) {
        if (stop && atomic_load(stop)) {
            err = EINTR;
            break;
        }
        int64_t now = mono_ns();
        if (now >= deadline) {
            err = ETIME;
            break;
        }
        /* wake every 100 ms to look at *stop */
        int64_t until = now + 100000000LL < deadline ? now + 100000000LL : deadline;
        struct timespec ts = {(time_t)(until / 1000000000LL), (long)(until % 1000000000LL)};
        pthread_cond_timedwait(&l->finished, &l->lock, &ts);
    }
    if (l->done) {
        err = l->rc ? ENXIO : 0;
        *res = l->res;
        l->res = NULL;
    }
    int last = let_go(l);
    pthread_mutex_unlock(&l->lock);
    if (last) lookup_free(l);
    return err;
}
