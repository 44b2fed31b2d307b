/* itemq.c: SPSC ring of items (frames or sentences) with an eventfd doorbell
 * for the main loop. See itemq.h. */
#include "daemon/itemq.h"

#include "decode/err.h"
#include "decode/log.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

struct itemq {
    size_t n, mask;
    struct itemq_item *items;
    int efd;
    _Alignas(64) _Atomic size_t head;
    _Alignas(64) _Atomic size_t tail;
    _Alignas(64) _Atomic uint64_t drops;
};

double itemq_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

struct itemq *itemq_create(size_t capacity)
{
    if (!capacity || capacity > (1u << 20)) {
        log_error("itemq_create(): capacity must be 1..1048576");
        return NULL;
    }
    struct itemq *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    q->n = 1;
    while (q->n < capacity)
        q->n <<= 1;
    q->mask = q->n - 1;
    q->items = calloc(q->n, sizeof *q->items);
    q->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (!q->items || q->efd < 0) {
        log_error("itemq_create(): out of memory or descriptors");
        itemq_destroy(q);
        return NULL;
    }
    return q;
}

void itemq_destroy(struct itemq *q)
{
    if (!q) return;
    if (q->efd >= 0) close(q->efd);
    free(q->items);
    free(q);
}

int itemq_fd(const struct itemq *q)
{
    return q->efd;
}

/* The bytes of a sentence item's line to copy: line_len and its final NUL. */
static size_t line_bytes(const struct itemq_item *it)
{
    return (it->line_len < ITEMQ_LINE_MAX ? it->line_len : ITEMQ_LINE_MAX - 1) + 1;
}

int itemq_push(struct itemq *q, const struct itemq_item *it)
{
    size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
    if (head - tail >= q->n) {
        atomic_fetch_add_explicit(&q->drops, 1, memory_order_relaxed);
        return AISD_E_AGAIN;
    }
    struct itemq_item *dst = &q->items[head & q->mask];
    size_t sz =
        it->kind == ITEMQ_SENTENCE ? offsetof(struct itemq_item, u) + line_bytes(it) : sizeof *it;
    memcpy(dst, it, sz);
    atomic_store_explicit(&q->head, head + 1, memory_order_release);
    uint64_t one = 1;
    ssize_t r = write(q->efd, &one, sizeof one);
    (void)r;
    return 0;
}

int itemq_push_wait(struct itemq *q, const struct itemq_item *it, const _Atomic int *stop)
{
    struct timespec ms = {0, 1000000};
    for (;;) {
        size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
        size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
        if (head - tail < q->n) return itemq_push(q, it);
        if (stop && *stop) return AISD_E_AGAIN;
        nanosleep(&ms, NULL);
    }
}

int itemq_pop(struct itemq *q, struct itemq_item *out)
{
    size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&q->head, memory_order_acquire);
    if (head == tail) {
        uint64_t v;
        ssize_t r = read(q->efd, &v, sizeof v);
        (void)r;
        /* A push may have landed between the check and the read: look again. */
        head = atomic_load_explicit(&q->head, memory_order_acquire);
        if (head == tail) return 0;
        uint64_t one = 1;
        r = write(q->efd, &one, sizeof one);
        (void)r;
    }
    const struct itemq_item *src = &q->items[tail & q->mask];
    size_t sz = src->kind == ITEMQ_SENTENCE ? offsetof(struct itemq_item, u) + line_bytes(src)
                                            : sizeof *src;
    memcpy(out, src, sz);
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
    return 1;
}

uint64_t itemq_drops(const struct itemq *q)
{
    return atomic_load_explicit(&((struct itemq *)q)->drops, memory_order_relaxed);
}
