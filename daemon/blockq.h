/* blockq.h: the bounded sample-block queue from the SDR/input thread to the DSP
 * thread. Single producer, single consumer, lock-free (C11 atomics); the
 * producer never waits: when no block is free, blockq_push() counts a drop and
 * flags the next block it does queue as discontinuous, so the DSP resets there.
 * File inputs, which may wait, use blockq_push_wait(). An eventfd wakes the
 * consumer. Blocks are allocated once at create time. */
#ifndef AISD_BLOCKQ_H
#define AISD_BLOCKQ_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct blockq_config {
    size_t nblocks;     /* rounded up to a power of two; default 128 */
    size_t block_bytes; /* capacity of one block; default 65536 */
};

struct blockq_block {
    uint8_t *data;
    size_t len;
    uint64_t sample0; /* index of the first byte's sample in the stream */
    double time;      /* wall-clock (or file) time of the first sample, unix s */
    int discont;      /* samples were lost (or the source restarted) before this block */
    int64_t mono_ns;  /* CLOCK_MONOTONIC when it was queued (latency figures) */
};

struct blockq;

void blockq_config_default(struct blockq_config *c);
struct blockq *blockq_create(const struct blockq_config *c);
void blockq_destroy(struct blockq *q);

/* Producer. Copies len bytes (at most block_bytes) into a free block. Returns
 * 0, or AISD_E_AGAIN when the queue was full (the data is dropped and counted). */
int blockq_push(struct blockq *q, const void *data, size_t len, uint64_t sample0, double time);
/* As blockq_push, but waits (polling every ms, up to timeout_ms; -1 forever
 * while *stop is 0) for a free block instead of dropping. */
int blockq_push_wait(struct blockq *q, const void *data, size_t len, uint64_t sample0, double time,
                     const _Atomic int *stop, int timeout_ms);
/* Mark the next queued block discontinuous (a source restart). */
void blockq_mark_discont(struct blockq *q);
/* The producer will push no more; the consumer sees blockq_eof() once drained. */
void blockq_close(struct blockq *q);

/* Consumer. The oldest queued block, or NULL when empty. */
struct blockq_block *blockq_peek(struct blockq *q);
void blockq_release(struct blockq *q);
/* Wait up to timeout_ms for a block (or close). 1 if one may be there, 0 on timeout. */
int blockq_wait(struct blockq *q, int timeout_ms);
int blockq_eof(struct blockq *q);

uint64_t blockq_drops(const struct blockq *q);
uint64_t blockq_pushed(const struct blockq *q);
size_t blockq_block_bytes(const struct blockq *q);
size_t blockq_depth(const struct blockq *q);

#endif
