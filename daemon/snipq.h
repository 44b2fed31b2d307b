/* snipq.h: IQ snippets from the DSP thread to the main thread: a ring of
 * preallocated slots, each holding the raw samples around one frame. The DSP
 * thread fills the next free slot (none free: the snippet is dropped and
 * counted) and names its index in the frame item; the main thread writes the
 * slot to a file and releases it, in the same order. Lock-free SPSC. */
#ifndef AISD_SNIPQ_H
#define AISD_SNIPQ_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct snipq_slot {
    uint8_t *data;
    size_t len;
};

struct snipq;

struct snipq *snipq_create(size_t nslots, size_t slot_bytes);
void snipq_destroy(struct snipq *q);
size_t snipq_slot_bytes(const struct snipq *q);
/* Producer: the next free slot and its index, or NULL (counted as a drop). */
struct snipq_slot *snipq_acquire(struct snipq *q, int *index);
void snipq_commit(struct snipq *q);
/* Undo the last commit (the frame that names it could not be queued). */
void snipq_rollback(struct snipq *q);
/* Consumer: the slot of a committed index (the oldest), then release it. */
struct snipq_slot *snipq_get(struct snipq *q, int index);
void snipq_release(struct snipq *q);
uint64_t snipq_drops(const struct snipq *q);

#endif
