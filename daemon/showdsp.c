/* showdsp.c: prints the DSP dispatch choices (adapter over dsp/dispatch.h). */
#include "daemon/showdsp.h"

int showdsp_print(FILE *out)
{
    fprintf(out, "dsp: kernel dispatch not available in this build\n");
    return 0;
}
