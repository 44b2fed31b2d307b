/* ais_msg.h: the typed AIS message (ITU-R M.1371-5 types 1 to 27) and its
 * decoder entry points. Field names follow gpsd's struct ais_t; values are raw
 * (unscaled) integers exactly as on air: lon/lat in 1/10000 minute (1/10 minute
 * for types 17, 22, 23, 27), speed in 1/10 knot, course in 1/10 degree, turn as
 * the signed ROT indicator, draught in 1/10 m. The JSON layer (ais_json.h)
 * scales. Six-bit text fields are NUL-terminated and trimmed as gpsd does.
 *
 * Type 24 arrives in two parts: ais_decode() decodes either part on its own
 * (part = AIS_T24_PART_A or _B); gpsd pairs B with an earlier A of the same
 * MMSI and reports only the pair. ais_decode_t24_pair() does that pairing with
 * a caller-owned queue (no global state). */
#ifndef AISD_AIS_MSG_H
#define AISD_AIS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/ais_app.h"

#define AIS_MSG_MAX_BITS 1008 /* 5 slots; gpsd's upper bound */
#define AIS_MSG_MAX_BYTES 128 /* >= AIS_MSG_MAX_BITS / 8 */
#define AIS_SHIPNAME_MAXLEN 20
#define AIS_TEXT_MAXLEN ((AIS_MSG_MAX_BITS - 40) / 6) /* types 12/14 text */

/* Positions: types 1, 2, 3. */
struct ais_type1 {
    unsigned status;   /* navigation status 0..15 */
    int turn;          /* rate of turn indicator -128..127 (-128 = n/a) */
    unsigned speed;    /* 1/10 kn, 1023 = n/a, 1022 = >= 102.2 */
    bool accuracy;     /* position accuracy */
    int lon, lat;      /* 1/10000 minute; 181/91 deg = n/a */
    unsigned course;   /* 1/10 degree, 3600 = n/a */
    unsigned heading;  /* degree, 511 = n/a */
    unsigned second;   /* UTC second, 60.. = n/a etc. */
    unsigned maneuver; /* special manoeuvre indicator */
    bool raim;
    unsigned radio; /* communication state, 19 bits */
};

/* Base station report (4) and UTC/date response (11). */
struct ais_type4 {
    unsigned year, month, day, hour, minute, second;
    bool accuracy;
    int lon, lat; /* 1/10000 minute */
    unsigned epfd;
    bool raim;
    unsigned radio;
};

/* Static and voyage related data (5). */
struct ais_type5 {
    unsigned ais_version;
    unsigned imo;
    char callsign[7 + 1];
    char shipname[AIS_SHIPNAME_MAXLEN + 1];
    unsigned shiptype;
    unsigned to_bow, to_stern, to_port, to_starboard;
    unsigned epfd;
    unsigned month, day, hour, minute; /* ETA */
    unsigned draught;                  /* 1/10 m */
    char destination[20 + 1];
    unsigned dte;
};

/* Addressed binary message (6). app holds the decoded application payload
 * when structured; otherwise bitdata/bitcount are reported raw. */
struct ais_type6 {
    unsigned seqno;
    unsigned dest_mmsi;
    bool retransmit;
    unsigned dac, fid;
    size_t bitcount;                    /* bits after the 88-bit header */
    uint8_t bitdata[AIS_MSG_MAX_BYTES]; /* those bits, MSB first, zero padded */
    bool structured;                    /* app is valid */
    struct ais_app app;
};

/* Binary acknowledge (7) and safety related acknowledge (13). */
struct ais_type7 {
    unsigned mmsi1, seqno1, mmsi2, seqno2, mmsi3, seqno3, mmsi4, seqno4;
};

/* Binary broadcast message (8). */
struct ais_type8 {
    unsigned dac, fid;
    size_t bitcount;                    /* bits after the 56-bit header */
    uint8_t bitdata[AIS_MSG_MAX_BYTES]; /* MSB first, trailing bits zeroed */
    bool structured;
    struct ais_app app;
};

/* Standard SAR aircraft position report (9). */
struct ais_type9 {
    unsigned alt;   /* m, 4095 = n/a */
    unsigned speed; /* kn, 1023 = n/a */
    bool accuracy;
    int lon, lat; /* 1/10000 minute */
    unsigned course;
    unsigned second;
    unsigned regional;
    unsigned dte;
    bool assigned;
    bool raim;
    unsigned radio; /* 20 bits */
};

/* UTC/date inquiry (10). */
struct ais_type10 {
    unsigned dest_mmsi;
};

/* Addressed safety related message (12). */
struct ais_type12 {
    unsigned seqno;
    unsigned dest_mmsi;
    bool retransmit;
    char text[AIS_TEXT_MAXLEN + 1];
};

/* Safety related broadcast message (14). */
struct ais_type14 {
    char text[AIS_TEXT_MAXLEN + 1];
};

/* Interrogation (15). Absent trailing requests are zero. */
struct ais_type15 {
    unsigned mmsi1, type1_1, offset1_1, type1_2, offset1_2;
    unsigned mmsi2, type2_1, offset2_1;
};

/* Assignment mode command (16). */
struct ais_type16 {
    unsigned mmsi1, offset1, increment1;
    unsigned mmsi2, offset2, increment2;
};

/* DGNSS broadcast binary message (17). */
struct ais_type17 {
    int lon, lat; /* 1/10 minute */
    size_t bitcount;
    uint8_t bitdata[AIS_MSG_MAX_BYTES];
};

/* Standard class B CS position report (18). */
struct ais_type18 {
    unsigned reserved;
    unsigned speed;
    bool accuracy;
    int lon, lat;
    unsigned course, heading, second;
    unsigned regional;
    bool cs, display, dsc, band, msg22, assigned, raim;
    unsigned radio; /* 20 bits */
};

/* Extended class B CS position report (19). */
struct ais_type19 {
    unsigned reserved;
    unsigned speed;
    bool accuracy;
    int lon, lat;
    unsigned course, heading, second;
    unsigned regional;
    char shipname[AIS_SHIPNAME_MAXLEN + 1];
    unsigned shiptype;
    unsigned to_bow, to_stern, to_port, to_starboard;
    unsigned epfd;
    bool raim;
    unsigned dte;
    bool assigned;
};

/* Data link management (20). Absent blocks are zero. */
struct ais_type20 {
    unsigned offset1, number1, timeout1, increment1;
    unsigned offset2, number2, timeout2, increment2;
    unsigned offset3, number3, timeout3, increment3;
    unsigned offset4, number4, timeout4, increment4;
};

/* Aid-to-navigation report (21); name includes the name extension. */
struct ais_type21 {
    unsigned aid_type;
    char name[AIS_SHIPNAME_MAXLEN + 14 + 1];
    bool accuracy;
    int lon, lat;
    unsigned to_bow, to_stern, to_port, to_starboard;
    unsigned epfd;
    unsigned second;
    bool off_position;
    unsigned regional;
    bool raim;
    bool virtual_aid;
    bool assigned;
};

/* Channel management (22): area (addressed = 0) or two addresses. */
struct ais_type22 {
    unsigned channel_a, channel_b;
    unsigned txrx;
    unsigned power;
    unsigned addressed;
    int ne_lon, ne_lat, sw_lon, sw_lat; /* 1/10 minute, when !addressed */
    unsigned dest1, dest2;              /* when addressed */
    unsigned band_a, band_b;
    unsigned zonesize;
};

/* Group assignment command (23). */
struct ais_type23 {
    int ne_lon, ne_lat, sw_lon, sw_lat; /* 1/10 minute */
    unsigned stationtype;
    unsigned shiptype;
    unsigned txrx;
    unsigned interval;
    unsigned quiet;
};

enum ais_t24_part { AIS_T24_PART_A = 0, AIS_T24_PART_B = 1, AIS_T24_BOTH = 2 };

/* Class B CS static data report (24), part A, part B, or both paired. */
struct ais_type24 {
    enum ais_t24_part part;
    char shipname[AIS_SHIPNAME_MAXLEN + 1]; /* part A (or paired) */
    unsigned shiptype;                      /* part B from here on */
    char vendorid[7 + 1];
    unsigned model;
    unsigned serial;
    char callsign[7 + 1];
    unsigned to_bow, to_stern, to_port, to_starboard; /* unless auxiliary MMSI */
    unsigned mothership_mmsi;                         /* auxiliary craft (98XXXYYYY) */
};

/* Single slot binary message (25). */
struct ais_type25 {
    bool addressed;
    bool structured;
    unsigned dest_mmsi;
    unsigned app_id;
    size_t bitcount;
    uint8_t bitdata[AIS_MSG_MAX_BYTES];
};

/* Multiple slot binary message (26). */
struct ais_type26 {
    bool addressed;
    bool structured;
    unsigned dest_mmsi;
    unsigned app_id;
    size_t bitcount;
    uint8_t bitdata[AIS_MSG_MAX_BYTES];
    unsigned radio; /* 20 bits at the end */
};

/* Long range AIS broadcast (27). */
struct ais_type27 {
    bool accuracy;
    bool raim;
    unsigned status;
    int lon, lat;    /* 1/10 minute */
    unsigned speed;  /* knots, 63 = n/a */
    unsigned course; /* degrees, 511 = n/a */
    bool gnss;
};

struct ais_msg {
    unsigned type;   /* 1..27 */
    unsigned repeat; /* 0..3 */
    unsigned mmsi;
    size_t nbits; /* length of the message as received */
    union {
        struct ais_type1 type1; /* types 1, 2, 3 */
        struct ais_type4 type4; /* types 4, 11 */
        struct ais_type5 type5;
        struct ais_type6 type6;
        struct ais_type7 type7; /* types 7, 13 */
        struct ais_type8 type8;
        struct ais_type9 type9;
        struct ais_type10 type10;
        struct ais_type12 type12;
        struct ais_type14 type14;
        struct ais_type15 type15;
        struct ais_type16 type16;
        struct ais_type17 type17;
        struct ais_type18 type18;
        struct ais_type19 type19;
        struct ais_type20 type20;
        struct ais_type21 type21;
        struct ais_type22 type22;
        struct ais_type23 type23;
        struct ais_type24 type24;
        struct ais_type25 type25;
        struct ais_type26 type26;
        struct ais_type27 type27;
    };
};

/* Decode one message of nbits bits (bytes MSB first) into m.
 * Returns 0; AISD_E_FORMAT when the length is not valid for the type (gpsd's
 * rules: short messages rejected, some oversized ones tolerated);
 * AISD_E_UNSUPPORTED for a message type outside 1..27 (or type 24 part 2/3);
 * AISD_E_INVAL for NULL arguments. Allocates nothing. On success every field
 * of the decoded type is written (a type 24 part leaves the other part's
 * fields empty), so one struct can be reused for every message. */
int ais_decode(const uint8_t *bytes, size_t nbits, struct ais_msg *m);

/* gpsd's type 24 pairing: a caller-owned ring of recent part A names. */
#define AIS_T24_QUEUE_LEN 8
struct ais_t24_queue {
    struct {
        unsigned mmsi;
        char shipname[AIS_SHIPNAME_MAXLEN + 1];
    } ships[AIS_T24_QUEUE_LEN];
    unsigned index;
};

/* Zero the queue. */
void ais_decode_t24_init(struct ais_t24_queue *q);
/* For a decoded type 24: part A is stashed (returns 0: nothing to report);
 * part B with a stashed A of the same MMSI becomes AIS_T24_BOTH with the
 * shipname filled in (returns 1: report it), else returns 0. Any other message
 * type returns 1 unchanged. This is when gpsd/gpsdecode emit a report.
 * gpsdecode -s (split24) still pairs, then reports every part: call this for
 * every message and report when it returns 1 or when splitting (a B that
 * follows its A is then reported as the pair, with the shipname). */
int ais_decode_t24_pair(struct ais_t24_queue *q, struct ais_msg *m);

/* 1 when mmsi is an auxiliary craft's (98XXXYYYY): type 24 B carries the
 * mothership MMSI instead of dimensions. */
int ais_decode_is_auxiliary(unsigned mmsi);

#endif
