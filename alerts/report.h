/* report.h: one AIS message reduced to what vessel state and the alert rules
 * use, in physical units (degrees, knots), with "not available" as NaN / -1.
 * report_from_msg() converts a decoded struct ais_msg and rejects impossible
 * values (lat 91, lon 181, speed 102.3 n/a, MMSI 0), saying why. */
#ifndef AISD_REPORT_H
#define AISD_REPORT_H

#include <stdint.h>

struct ais_msg;

enum report_kind {
    REPORT_NONE = 0, /* nothing for vessel state (e.g. a binary message) */
    REPORT_POSITION, /* types 1-3, 18, 19, 27 */
    REPORT_STATIC,   /* types 5, 24 */
};

enum report_class { CLASS_UNKNOWN = 0, CLASS_A = 1, CLASS_B = 2 };

/* Which static fields a REPORT_STATIC (or type 19) carries. */
enum report_static_bits {
    RS_NAME = 1u << 0,
    RS_CALLSIGN = 1u << 1,
    RS_IMO = 1u << 2,
    RS_SHIPTYPE = 1u << 3,
    RS_DIMS = 1u << 4,
    RS_VOYAGE = 1u << 5, /* destination, ETA, draught */
};

struct report {
    uint32_t mmsi;
    uint8_t type; /* AIS message type */
    uint8_t kind; /* enum report_kind */
    uint8_t cls;  /* enum report_class */
    uint8_t cs;   /* class B "CS" (carrier sense) unit */
    int has_pos;  /* lat/lon valid */
    double lat, lon;
    double sog;  /* knots, NaN = n/a */
    double cog;  /* degrees, NaN = n/a */
    int heading; /* degrees, -1 = n/a */
    int status;  /* navigation status 0..15, -1 = none (class B) */
    int turn;    /* ROT indicator, -128 = n/a */
    int second;  /* UTC second of the report, -1 = n/a */
    /* static and voyage data */
    unsigned fields; /* enum report_static_bits */
    char name[21];
    char callsign[8];
    char destination[21];
    uint32_t imo;
    int shiptype;
    uint16_t to_bow, to_stern, to_port, to_starboard;
    double draught; /* metres */
    uint8_t eta_month, eta_day, eta_hour, eta_minute;
};

enum report_reject {
    REPORT_OK = 0,
    REPORT_BAD_MMSI,     /* MMSI 0 or > 999999999 */
    REPORT_BAD_POSITION, /* lat/lon out of range or not available */
    REPORT_BAD_SPEED,    /* 102.3 kn "not available" or above 102.2 */
    REPORT_IGNORED,      /* a message type vessel state does not use */
    REPORT_NREJECT
};

/* Convert m; returns enum report_reject. A position report whose position is
 * "not available" yields REPORT_BAD_POSITION (nothing to track). SOG "n/a" is
 * kept as NaN for position reports (the position is still good): only values
 * above 102.2 are refused as REPORT_BAD_SPEED. */
int report_from_msg(const struct ais_msg *m, struct report *r);

/* Short name of a reject reason, for counters. */
const char *report_reject_name(int reason);

#endif
