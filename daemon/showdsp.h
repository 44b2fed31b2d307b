/* showdsp.h: `aisd --show-dsp`: the DSP kernel flavours chosen for this CPU. */
#ifndef AISD_SHOWDSP_H
#define AISD_SHOWDSP_H

#include <stdio.h>

int showdsp_print(FILE *out);

#endif
