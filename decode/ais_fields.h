/* ais_fields.h: the fields of each AIS message type in gpsd's order, as tables
 * shared by the JSON writer (ais_json.c) and the pipe-separated dump
 * (ais_dump.c). A field names its key, where it sits in the message's union
 * member and its kind, which says how each writer prints it. What depends on
 * the content (type 22's area or addresses, type 24's parts, binary payloads)
 * is written by code around the tables. */
#ifndef AISD_AIS_FIELDS_H
#define AISD_AIS_FIELDS_H

#include <stdint.h>

#include "decode/ais_msg.h"
#include "decode/jsonw.h"

enum ais_field_kind {
    AF_UINT,          /* unsigned */
    AF_INT,           /* int */
    AF_BOOL,          /* bool */
    AF_UBOOL,         /* unsigned flag: a JSON boolean, a number in the dump */
    AF_STR,           /* char[] text */
    AF_HEX,           /* unsigned, "0x..." in the dump */
    AF_BOOL_HEX,      /* bool, "0x..." in the dump (gpsd's type 21 off_position) */
    AF_TENTHS,        /* unsigned tenths: "%.1f" when scaled */
    AF_LEGEND,        /* unsigned + "<text_key>" legend in JSON */
    AF_LEGEND_SCALED, /* the same, the legend only when scaled */
    AF_EPFD,          /* unsigned + "epfd_text" (reserved values numbered) */
    AF_LONLAT,        /* int lon, lat in 1/10000 minute: degrees "%.7f" when scaled */
    AF_LONLAT_1,      /* int lon, lat in 1/10 minute: degrees "%.1f" when scaled */
    AF_LONLAT_4,      /* the same with "%.4f" */
    AF_ACC_LONLAT,    /* bool accuracy, then lon/lat at off2 (before it when scaled) */
    AF_AREA,          /* int corner in 1/10 minute: quoted "%f" degrees when scaled */
    AF_DIMS,          /* unsigned to_bow, to_stern, to_port, to_starboard */
    AF_DATETIME,      /* unsigned year..second: "YYYY-MM-DDTHH:MM:SSZ" */
    AF_ETA,           /* unsigned month..minute: "MM-DDTHH:MMZ" */
    AF_TURN,          /* int ROT indicator: degrees/min or "n/a"/"fastleft"/... scaled */
    AF_SPEED,         /* unsigned 1/10 kn: "n/a"/"fast" or "%.1f" scaled */
    AF_ALT9,          /* unsigned m: "nan"/"high" scaled (type 9) */
    AF_SPEED9,        /* unsigned kn: "nan"/"fast" scaled (type 9) */
    AF_DUMP_ONLY,     /* unsigned in the dump only (gpsd's type 23 txrx) */
};

enum ais_legend { AL_NAV_STATUS, AL_SHIPTYPE, AL_STATION_TYPE, AL_NAVAID_TYPE };

struct ais_field {
    const char *key;      /* NULL ends a table */
    const char *text_key; /* AF_LEGEND*: the legend's key */
    uint16_t off;         /* offset in struct ais_msg's union */
    uint16_t off2;        /* AF_ACC_LONLAT: offset of lon (lat follows) */
    uint8_t kind;         /* enum ais_field_kind */
    uint8_t legend;       /* enum ais_legend */
    uint8_t klen, tklen;  /* strlen of key and text_key (writers skip strlen) */
};

/* The table of a type whose fields are all tabular (1-5, 7, 9-16, 18-21, 23,
 * 27), NULL for the others. */
const struct ais_field *ais_fields_of(unsigned type);

/* Parts of the other types. */
extern const struct ais_field ais_fields_type6[];  /* header before the payload */
extern const struct ais_field ais_fields_type8[];  /* header before the payload */
extern const struct ais_field ais_fields_type17[]; /* position before the payload */
extern const struct ais_field ais_fields_type22[]; /* before the area/addresses */
extern const struct ais_field ais_fields_type22_addressed[];
extern const struct ais_field ais_fields_type22_area[];
extern const struct ais_field ais_fields_type22_tail[];
extern const struct ais_field ais_fields_type24_b[];      /* part B up to the dimensions */
extern const struct ais_field ais_fields_type24_dims[];   /* dimensions (not auxiliary) */
extern const struct ais_field ais_fields_type24_mother[]; /* auxiliary craft */
extern const struct ais_field ais_fields_binslot[];       /* types 25, 26 before the payload */

/* AF_DATETIME / AF_ETA text, as both writers print it: "YYYY-MM-DDTHH:MM:SSZ"
 * (with_year_seconds) or "MM-DDTHH:MMZ" from consecutive unsigned fields
 * (year,) month, day, hour, minute(, second). */
void ais_fields_put_time(struct jsonw *w, const unsigned *t, int with_year_seconds);

/* The union member of m that every table's offsets are relative to. */
static inline const void *ais_fields_base(const struct ais_msg *m)
{
    return &m->type1;
}

#endif
