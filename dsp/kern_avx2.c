/* kern_avx2.c: the AVX2 flavour of the DSP kernels (see kernels.h). */
#include "dsp/kernels.h"

void kern_fill_avx2(struct kern_table *t)
{
    (void)t;
}
