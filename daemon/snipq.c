/* snipq.c: SPSC ring of IQ snippet slots. See snipq.h. */
#include "daemon/snipq.h"

#include "decode/log.h"

#include <stdlib.h>

struct snipq {
    size_t n, slot_bytes;
    struct snipq_slot *slots;
    uint8_t *mem;
    _Alignas(64) _Atomic size_t head;
    _Alignas(64) _Atomic size_t tail;
    _Atomic uint64_t drops;
};

struct snipq *snipq_create(size_t nslots, size_t slot_bytes)
{
    if (!nslots || nslots > 1024 || !slot_bytes || slot_bytes > (16u << 20)) {
        log_error("snipq_create(): 1..1024 slots of at most 16 MiB");
        return NULL;
    }
    struct snipq *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    q->n = nslots;
    q->slot_bytes = slot_bytes;
    q->slots = calloc(nslots, sizeof *q->slots);
    q->mem = malloc(nslots * slot_bytes);
    if (!q->slots || !q->mem) {
        snipq_destroy(q);
        return NULL;
    }
    for (size_t i = 0; i < nslots; i++)
        q->slots[i].data = q->mem + i * slot_bytes;
    return q;
}

void snipq_destroy(struct snipq *q)
{
    if (!q) return;
    free(q->mem);
    free(q->slots);
    free(q);
}

size_t snipq_slot_bytes(const struct snipq *q)
{
    return q->slot_bytes;
}

struct snipq_slot *snipq_acquire(struct snipq *q, int *index)
{
    size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
    if (head - tail >= q->n) {
        atomic_fetch_add_explicit(&q->drops, 1, memory_order_relaxed);
        return NULL;
    }
    *index = (int)(head % q->n);
    return &q->slots[head % q->n];
}

void snipq_commit(struct snipq *q)
{
    size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    atomic_store_explicit(&q->head, head + 1, memory_order_release);
}

void snipq_rollback(struct snipq *q)
{
    size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    atomic_store_explicit(&q->head, head - 1, memory_order_release);
}

struct snipq_slot *snipq_get(struct snipq *q, int index)
{
    return index >= 0 && (size_t)index < q->n ? &q->slots[index] : NULL;
}

void snipq_release(struct snipq *q)
{
    size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
}

uint64_t snipq_drops(const struct snipq *q)
{
    return atomic_load_explicit(&((struct snipq *)q)->drops, memory_order_relaxed);
}
