/* showdsp.c: `aisd --show-dsp` and the `dsp` key: an adapter over dsp/dispatch.h
 * (the kernel flavours chosen for this CPU, or forced). */
#include "daemon/showdsp.h"

#include "dsp/dispatch.h"

#include <stdlib.h>

int showdsp_init(const char *force)
{
    if (force && *force) return dispatch_force(force);
    return dispatch_init() == 0 ? 0 : 0; /* a bad AISD_DSP still installs the best flavour */
}

int showdsp_print(FILE *out, const char *force)
{
    int rc = showdsp_init(force);
    if (rc) return rc; /* refused (logged): no table, it would show another flavour active */
    int want = dispatch_describe(NULL, 0);
    char *buf = malloc((size_t)want + 1);
    if (!buf) return -1;
    dispatch_describe(buf, (size_t)want + 1);
    fputs(buf, out);
    if (buf[0] && buf[want - 1] != '\n') fputc('\n', out);
    free(buf);
    return rc;
}
