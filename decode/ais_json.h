/* ais_json.h: gpsd's AIS JSON for a decoded message, field for field: the
 * same names, order and number formats as gpsd/gpsdecode, in the scaled form
 * (gpsdecode -j) and the unscaled form (-u), with the *_text legends.
 * Allocation-free: writes into the caller's buffer. */
#ifndef AISD_AIS_JSON_H
#define AISD_AIS_JSON_H

#include <stddef.h>

#include "decode/ais_msg.h"
#include "decode/jsonw.h"

struct ais_json_opts {
    int scaled;         /* 1: scaled units and legends like gpsdecode -j */
    const char *device; /* "device" member; NULL or "" omits it (gpsd daemon logs) */
};

/* One JSON object, no trailing newline, NUL-terminated in buf. Returns its
 * length, or AISD_E_RANGE when len is too small (4096 always suffices),
 * AISD_E_INVAL for NULL arguments. */
int ais_json(const struct ais_msg *m, const struct ais_json_opts *o, char *buf, size_t len);

/* The same into an open writer (for callers that wrap or extend the object). */
void ais_json_write(const struct ais_msg *m, const struct ais_json_opts *o, struct jsonw *w);

/* gpsd's legends, shared with ais_app and ais_dump. Never NULL. */
const char *ais_json_nav_status_text(unsigned status);
const char *ais_json_epfd_text(unsigned epfd, char *tmp, size_t tmpsz);
const char *ais_json_shiptype_text(unsigned shiptype);
const char *ais_json_station_type_text(unsigned stationtype);
const char *ais_json_navaid_type_text(unsigned aidtype);

/* "bitcount:hex" of a bit payload as gpsd's "data" members write it (hex of
 * the whole bytes that hold bitcount bits, lower case). */
void ais_json_put_data(struct jsonw *w, size_t bitcount, const uint8_t *bitdata);

#endif
