/* kern_sse2.c: the SSE2 flavour of the DSP kernels (see kernels.h). */
#include "dsp/kernels.h"

void kern_fill_sse2(struct kern_table *t)
{
    (void)t;
}
