/* aligned.h: the one allocator for DSP buffers: 64-byte aligned (a cache line,
 * enough for any SIMD flavour), size rounded up, zero-filled. Called when
 * objects are created, never on the per-sample path. */
#ifndef AISD_ALIGNED_H
#define AISD_ALIGNED_H

#include <stddef.h>

#define ALIGNED_BYTES 64

/* n elements of size bytes, zeroed; NULL on overflow or failure. */
void *aligned_calloc(size_t n, size_t size);
/* NULL-safe. */
void aligned_free(void *p);

#endif
