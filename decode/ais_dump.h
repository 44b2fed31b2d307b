/* ais_dump.h: gpsd's pipe-separated AIS dump (gpsdecode -c, the format of
 * gpsd's sample.aivdm.chk): "type|repeat|mmsi(9 digits)|fields...", raw
 * (unscaled) values, some in hex as gpsd prints them. Allocation-free. */
#ifndef AISD_AIS_DUMP_H
#define AISD_AIS_DUMP_H

#include <stddef.h>

#include "decode/ais_msg.h"

/* One line without the line end, NUL-terminated. Returns its length,
 * AISD_E_RANGE when len is too small (1024 always suffices), AISD_E_INVAL
 * for NULL arguments. */
int ais_dump(const struct ais_msg *m, char *buf, size_t len);

#endif
