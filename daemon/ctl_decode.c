/* ctl_decode.c: `aisctl decode` (placeholder until the NMEA layer lands). */
#include "daemon/ctl.h"

#include <stdio.h>

int ctl_decode(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "aisctl decode: not built yet\n");
    return 1;
}
