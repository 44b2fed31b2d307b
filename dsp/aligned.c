/* aligned.c: the aligned allocator for DSP buffers (see aligned.h). */
#include "dsp/aligned.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *aligned_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    bytes = (bytes + ALIGNED_BYTES - 1) / ALIGNED_BYTES * ALIGNED_BYTES;
    if (bytes == 0) bytes = ALIGNED_BYTES;
    void *p = aligned_alloc(ALIGNED_BYTES, bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

void aligned_free(void *p)
{
    free(p);
}
