/* showdsp.h: the DSP kernel flavour choice (dsp/dispatch.h) for aisd:
 * installing it at start-up (optionally forced by the `dsp` key) and printing
 * it for `aisd --show-dsp`. */
#ifndef AISD_SHOWDSP_H
#define AISD_SHOWDSP_H

#include <stdio.h>

/* Install the best (or the forced) flavours. 0, or a negative aisd_err when
 * the forced flavour is unknown or unsupported. */
int showdsp_init(const char *force);
/* Install and describe. 0 or a negative aisd_err. */
int showdsp_print(FILE *out, const char *force);

#endif
