/* blockq.c: SPSC ring of preallocated sample blocks with drop accounting and
 * an eventfd doorbell. See blockq.h. */
#include "daemon/blockq.h"

#include "decode/err.h"
#include "decode/log.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

struct blockq {
    size_t n, mask, block_bytes;
    struct blockq_block *blocks;
    uint8_t *mem;
    int efd;
    _Alignas(64) _Atomic size_t head; /* next to write (producer) */
    _Alignas(64) _Atomic size_t tail; /* next to read (consumer) */
    _Alignas(64) _Atomic uint64_t drops;
    _Atomic uint64_t pushed;
    _Atomic int closed;
    int pending_discont; /* producer-only */
};

void blockq_config_default(struct blockq_config *c)
{
    c->nblocks = 128;
    c->block_bytes = 65536;
}

struct blockq *blockq_create(const struct blockq_config *c)
{
    if (!c->nblocks || c->nblocks > 65536 || !c->block_bytes || c->block_bytes > (64u << 20)) {
        log_error("blockq_create(): nblocks 1..65536 and block_bytes 1..64 MiB");
        return NULL;
    }
    struct blockq *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    q->n = 1;
    while (q->n < c->nblocks)
        q->n <<= 1;
    q->mask = q->n - 1;
    q->block_bytes = c->block_bytes;
    q->blocks = calloc(q->n, sizeof *q->blocks);
    q->mem = malloc(q->n * q->block_bytes);
    q->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (!q->blocks || !q->mem || q->efd < 0) {
        log_error("blockq_create(): out of memory or descriptors");
        blockq_destroy(q);
        return NULL;
    }
    for (size_t i = 0; i < q->n; i++)
        q->blocks[i].data = q->mem + i * q->block_bytes;
    return q;
}

void blockq_destroy(struct blockq *q)
{
    if (!q) return;
    if (q->efd >= 0) close(q->efd);
    free(q->mem);
    free(q->blocks);
    free(q);
}

static void ring(struct blockq *q)
{
    uint64_t one = 1;
    ssize_t r =
        write(q->efd, &one, sizeof one); /* non-blocking; a full counter is still a wakeup */
    (void)r;
}

int blockq_push(struct blockq *q, const void *data, size_t len, uint64_t sample0, double time)
{
    size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
    if (head - tail >= q->n) {
        atomic_fetch_add_explicit(&q->drops, 1, memory_order_relaxed);
        q->pending_discont = 1;
        return AISD_E_AGAIN;
    }
    if (len > q->block_bytes) len = q->block_bytes;
    struct blockq_block *b = &q->blocks[head & q->mask];
    memcpy(b->data, data, len);
    b->len = len;
    b->sample0 = sample0;
    b->time = time;
    b->discont = q->pending_discont;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    b->mono_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
    q->pending_discont = 0;
    atomic_store_explicit(&q->head, head + 1, memory_order_release);
    atomic_fetch_add_explicit(&q->pushed, 1, memory_order_relaxed);
    ring(q);
    return 0;
}

int blockq_push_wait(struct blockq *q, const void *data, size_t len, uint64_t sample0, double time,
                     const _Atomic int *stop, int timeout_ms)
{
    struct timespec ms = {0, 1000000};
    for (int waited = 0;; waited++) {
        size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
        size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
        if (head - tail < q->n) return blockq_push(q, data, len, sample0, time);
        if ((stop && *stop) || (timeout_ms >= 0 && waited >= timeout_ms)) return AISD_E_AGAIN;
        nanosleep(&ms, NULL);
    }
}

void blockq_mark_discont(struct blockq *q)
{
    q->pending_discont = 1;
}

void blockq_close(struct blockq *q)
{
    atomic_store_explicit(&q->closed, 1, memory_order_release);
    ring(q);
}

struct blockq_block *blockq_peek(struct blockq *q)
{
    size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&q->head, memory_order_acquire);
    return head == tail ? NULL : &q->blocks[tail & q->mask];
}

void blockq_release(struct blockq *q)
{
    size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
}

int blockq_wait(struct blockq *q, int timeout_ms)
{
    if (blockq_peek(q) || blockq_eof(q)) return 1;
    struct pollfd p = {q->efd, POLLIN, 0};
    int r = poll(&p, 1, timeout_ms);
    if (r > 0) {
        uint64_t v;
        ssize_t n = read(q->efd, &v, sizeof v);
        (void)n;
    }
    return blockq_peek(q) || blockq_eof(q);
}

int blockq_eof(struct blockq *q)
{
    return atomic_load_explicit(&q->closed, memory_order_acquire) && !blockq_peek(q);
}

uint64_t blockq_drops(const struct blockq *q)
{
    return atomic_load_explicit(&((struct blockq *)q)->drops, memory_order_relaxed);
}

uint64_t blockq_pushed(const struct blockq *q)
{
    return atomic_load_explicit(&((struct blockq *)q)->pushed, memory_order_relaxed);
}

size_t blockq_block_bytes(const struct blockq *q)
{
    return q->block_bytes;
}

size_t blockq_depth(const struct blockq *q)
{
    struct blockq *m = (struct blockq *)q;
    return atomic_load_explicit(&m->head, memory_order_acquire) -
           atomic_load_explicit(&m->tail, memory_order_acquire);
}
