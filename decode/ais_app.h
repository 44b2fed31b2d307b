/* ais_app.h: binary application messages carried by AIS types 6 and 8, keyed
 * by DAC/FID: one typed struct per application that gpsd decodes (IMO236,
 * IMO289, Inland AIS DAC 200, GLA DAC 235/250), the decoder, gpsd's JSON
 * fields for them (scaled and unscaled) and gpsd's pipe-separated dump tail.
 * Field names follow gpsd; values are the raw on-air integers. */
#ifndef AISD_AIS_APP_H
#define AISD_AIS_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jsonw;

/* Which application a struct ais_app holds. */
enum ais_app_kind {
    AIS_APP_NONE = 0,
    AIS_APP_6_200_21, /* Inland: ETA at lock/bridge/terminal */
    AIS_APP_6_200_22, /* Inland: RTA at lock/bridge/terminal */
    AIS_APP_6_200_55, /* Inland: number of persons on board */
    AIS_APP_6_235_10, /* GLA (DAC 235 and 250): AtoN monitoring data */
    AIS_APP_6_1_12,   /* IMO236: dangerous cargo indication */
    AIS_APP_6_1_14,   /* IMO236: tidal window */
    AIS_APP_6_1_15,   /* IMO236: extended ship static and voyage data */
    AIS_APP_6_1_16,   /* IMO236/289: number of persons on board */
    AIS_APP_6_1_18,   /* IMO289: clearance time to enter port */
    AIS_APP_6_1_20,   /* IMO289: berthing data */
    AIS_APP_6_1_25,   /* IMO289: dangerous cargo indication */
    AIS_APP_6_1_28,   /* IMO289: route information, addressed */
    AIS_APP_6_1_30,   /* IMO289: text description, addressed */
    AIS_APP_6_1_32,   /* IMO289: tidal window */
    AIS_APP_8_1_11,   /* IMO236: meteorological and hydrological data */
    AIS_APP_8_1_13,   /* IMO236: fairway closed */
    AIS_APP_8_1_15,   /* IMO236: extended ship static and voyage data */
    AIS_APP_8_1_16,   /* IMO236/289: number of persons on board */
    AIS_APP_8_1_17,   /* IMO289: VTS-generated/synthetic targets */
    AIS_APP_8_1_19,   /* IMO289: marine traffic signal */
    AIS_APP_8_1_27,   /* IMO289: route information, broadcast */
    AIS_APP_8_1_29,   /* IMO289: text description, broadcast */
    AIS_APP_8_1_31,   /* IMO289: meteorological and hydrological data */
    AIS_APP_8_200_10, /* Inland: ship static and voyage related data */
    AIS_APP_8_200_23, /* Inland: EMMA warning */
    AIS_APP_8_200_24, /* Inland: water levels */
    AIS_APP_8_200_40, /* Inland: signal status */
};

/* Array bounds: as many elements as a 1008-bit message can carry. */
#define AIS_APP_TIDALS_MAX 11
#define AIS_APP_CARGOS_MAX 54
#define AIS_APP_WAYPOINTS_MAX 31
#define AIS_APP_TARGETS_MAX 8
#define AIS_APP_GAUGES_MAX 4
#define AIS_APP_TEXT_MAX 161 /* characters of six-bit text (broadcast) */

struct ais_app_inland_eta { /* 6/200/21 and 6/200/22 */
    char country[2 + 1], locode[3 + 1], section[5 + 1], terminal[5 + 1], hectometre[5 + 1];
    unsigned month, day, hour, minute;
    unsigned tugs, airdraught; /* 21 only */
    unsigned status;           /* 22 only */
};

struct ais_app_persons_inland { /* 6/200/55 */
    unsigned crew, passengers, personnel;
};

struct ais_app_gla_aton {                 /* 6/235/10 */
    unsigned ana_int, ana_ext1, ana_ext2; /* 0.05 V */
    unsigned racon, light;
    bool alarm;
    unsigned stat_ext;
    bool off_pos;
};

struct ais_app_dangerous_cargo { /* 6/1/12 */
    char lastport[5 + 1];
    unsigned lmonth, lday, lhour, lminute;
    char nextport[5 + 1];
    unsigned nmonth, nday, nhour, nminute;
    char dangerous[20 + 1];
    char imdcat[4 + 1];
    unsigned unid, amount, unit;
};

struct ais_app_tidal { /* 6/1/14 and 6/1/32 */
    unsigned month, day;
    unsigned ntidals;
    struct ais_app_tidal_window {
        int lon, lat; /* 1/1000 minute */
        unsigned from_hour, from_min, to_hour, to_min;
        unsigned cdir, cspeed;
    } tidals[AIS_APP_TIDALS_MAX];
};

struct ais_app_clearance { /* 6/1/18 */
    unsigned linkage, month, day, hour, minute;
    char portname[20 + 1];
    char destination[5 + 1];
    int lon, lat; /* 1/1000 minute */
};

struct ais_app_berthing { /* 6/1/20 */
    unsigned linkage, berth_length, berth_depth, position;
    unsigned month, day, hour, minute;
    unsigned availability;
    /* service status, two bits each, in gpsd's order */
    unsigned agent, fuel, chandler, stevedore, electrical, water, customs, cartage, crane, lift,
        medical, navrepair, provisions, shiprepair, surveyor, steam, tugs, solidwaste, liquidwaste,
        hazardouswaste, ballast, additional, regional1, regional2, future1, future2;
    char berth_name[20 + 1];
    int berth_lon, berth_lat; /* 1/1000 minute */
};

struct ais_app_cargo289 { /* 6/1/25 */
    unsigned unit, amount;
    unsigned ncargos;
    struct ais_app_cargo {
        unsigned code, subtype;
    } cargos[AIS_APP_CARGOS_MAX];
};

struct ais_app_route { /* 6/1/28 and 8/1/27 */
    unsigned linkage, sender, rtype, month, day, hour, minute, duration;
    unsigned waycount;
    struct ais_app_waypoint {
        int lon, lat; /* 1/10000 minute */
    } waypoints[AIS_APP_WAYPOINTS_MAX];
};

struct ais_app_text { /* 6/1/30 and 8/1/29 */
    unsigned linkage;
    char text[AIS_APP_TEXT_MAX + 1];
};

struct ais_app_met236 { /* 8/1/11: every field unsigned with an offset */
    int lat, lon;       /* 1/1000 minute */
    unsigned day, hour, minute;
    unsigned wspeed, wgust, wdir, wgustdir;
    unsigned airtemp, humidity, dewpoint, pressure, pressuretend, visibility;
    int waterlevel;
    unsigned leveltrend;
    unsigned cspeed, cdir, cspeed2, cdir2, cdepth2, cspeed3, cdir3, cdepth3;
    unsigned waveheight, waveperiod, wavedir, swellheight, swellperiod, swelldir;
    unsigned seastate, watertemp, preciptype, salinity, ice;
};

struct ais_app_fairway_closed { /* 8/1/13 */
    char reason[20 + 1], closefrom[20 + 1], closeto[20 + 1];
    unsigned radius, extunit;
    unsigned fday, fmonth, fhour, fminute;
    unsigned tday, tmonth, thour, tminute;
};

struct ais_app_targets { /* 8/1/17 */
    unsigned ntargets;
    struct ais_app_target {
        unsigned idtype;    /* 0 mmsi, 1 imo, 2 callsign, 3 other */
        uint32_t id;        /* mmsi or imo (gpsd keeps the low 32 of 42 bits) */
        char idtext[7 + 1]; /* callsign or other */
        int lat, lon;       /* 1/1000 minute */
        unsigned course, second, speed;
    } targets[AIS_APP_TARGETS_MAX];
};

struct ais_app_traffic_signal { /* 8/1/19 */
    unsigned linkage;
    char station[20 + 1];
    int lon, lat; /* 1/1000 minute */
    unsigned status, signal, hour, minute, nextsignal;
};

struct ais_app_met289 { /* 8/1/31 */
    int lon, lat;       /* 1/1000 minute */
    bool accuracy;
    unsigned day, hour, minute;
    unsigned wspeed, wgust, wdir, wgustdir;
    int airtemp; /* 0.1 degC */
    unsigned humidity;
    int dewpoint; /* 0.1 degC */
    unsigned pressure, pressuretend;
    bool visgreater;
    unsigned visibility;
    int waterlevel; /* cm + 1000 */
    unsigned leveltrend;
    unsigned cspeed, cdir, cspeed2, cdir2, cdepth2, cspeed3, cdir3, cdepth3;
    unsigned waveheight, waveperiod, wavedir, swellheight, swellperiod, swelldir;
    unsigned seastate;
    int watertemp; /* 0.1 degC */
    unsigned preciptype, salinity, ice;
};

struct ais_app_inland_static { /* 8/200/10 */
    char vin[8 + 1];
    unsigned length, beam, shiptype, hazard, draught, loaded;
    bool speed_q, course_q, heading_q;
};

struct ais_app_emma { /* 8/200/23 */
    unsigned start_year, start_month, start_day, end_year, end_month, end_day;
    unsigned start_hour, start_minute, end_hour, end_minute;
    int start_lon, start_lat, end_lon, end_lat; /* 1/10000 minute */
    unsigned type;
    int min, max;
    unsigned intensity, wind;
};

struct ais_app_water_levels { /* 8/200/24 */
    char country[2 + 1];
    unsigned ngauges;
    struct ais_app_gauge {
        unsigned id;
        int level;
    } gauges[AIS_APP_GAUGES_MAX];
};

struct ais_app_signal_status { /* 8/200/40 */
    int lon, lat;              /* 1/10000 minute */
    unsigned form, facing, direction, status;
};

/* Tagged union keyed by (msgtype, dac, fid); filled by ais_app_decode(). */
struct ais_app {
    int msgtype; /* 6 or 8 */
    unsigned dac, fid;
    size_t bitcount; /* bits after the type 6/8 header */
    enum ais_app_kind kind;
    union {
        struct ais_app_inland_eta inland_eta;
        struct ais_app_persons_inland persons_inland;
        struct ais_app_gla_aton gla_aton;
        struct ais_app_dangerous_cargo dangerous_cargo;
        struct ais_app_tidal tidal;
        unsigned airdraught; /* 6/1/15, 8/1/15 */
        unsigned persons;    /* 6/1/16, 8/1/16 */
        struct ais_app_clearance clearance;
        struct ais_app_berthing berthing;
        struct ais_app_cargo289 cargo289;
        struct ais_app_route route;
        struct ais_app_text text;
        struct ais_app_met236 met236;
        struct ais_app_fairway_closed fairway_closed;
        struct ais_app_targets targets;
        struct ais_app_traffic_signal traffic_signal;
        struct ais_app_met289 met289;
        struct ais_app_inland_static inland_static;
        struct ais_app_emma emma;
        struct ais_app_water_levels water_levels;
        struct ais_app_signal_status signal_status;
    } u;
};

/* Decode the application payload of a type 6/8 message. bytes holds the whole
 * message (MSB first), bitpos is where the application data starts (88 for
 * type 6, 56 for type 8) and nbits is the length of the whole message, so
 * gpsd's absolute bit offsets apply. Returns 0 when decoded (structured),
 * AISD_E_NOTTHIS when this DAC/FID (or this length) is not one gpsd decodes:
 * the caller then reports the raw data. Bits past nbits read as zero, as in
 * gpsd. Never reads bytes past (nbits + 7) / 8. */
int ais_app_decode(int msgtype, unsigned dac, unsigned fid, const uint8_t *bytes, size_t bitpos,
                   size_t nbits, struct ais_app *out);

/* The application fields of a decoded message as gpsd's JSON text, each
 * preceded by a comma (",\"lastport\":\"...\",..."), scaled or unscaled
 * (gpsd -u). Writes at most len bytes including the NUL, like snprintf, and
 * returns the length the full text needs. Empty for AIS_APP_NONE. */
size_t ais_app_json_text(const struct ais_app *a, int scaled, char *buf, size_t len);

/* Append the application fields (after "fid") to the open JSON object. */
void ais_app_json(const struct ais_app *a, int scaled, struct jsonw *w);

/* gpsd's pipe-separated dump (gpsdecode -c) after "dac|fid" for a decoded
 * application: "|ana_int|...", the met/hydro fields, or for the other decoded
 * applications "|bitcount:" followed by two 'x' per data byte, as gpsd prints
 * them. snprintf-style return. */
size_t ais_app_dump(const struct ais_app *a, char *buf, size_t len);

/* Largest JSON text ais_app_json_text() can produce, with margin. */
#define AIS_APP_JSON_MAX 4096

#endif
