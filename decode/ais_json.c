/* ais_json.c: gpsd's AIS JSON (json_aivdm_dump equivalent) for types 1-27,
 * written with jsonw (no printf). Types 6/8 application fields come from
 * ais_app_json(); unstructured payloads are written as "data":"bits:hex". */
#include "decode/ais_json.h"

#include <string.h>

#include "decode/err.h"

/* gpsd's scale divisors (as integers, printed by jsonw_fixed) */
#define LATLON_DIV 600000    /* 1/10000 minute -> degrees */
#define LATLON_SHORT_DIV 600 /* 1/10 minute -> degrees */

static const char *const nav_legends[16] = {
    "Under way using engine",
    "At anchor",
    "Not under command",
    "Restricted maneuverability",
    "Constrained by her draught",
    "Moored",
    "Aground",
    "Engaged in fishing",
    "Under way sailing",
    "Reserved for HSC",
    "Reserved for WIG",
    "Power-driven vessel towing astern",
    "Power-driven vessel pushing ahead or towing alongside",
    "Reserved",
    "AIS-SART is active",
    "Not defined",
};

static const char *const epfd_legends[9] = {
    "Undefined",
    "GPS",
    "GLONASS",
    "Combined GPS/GLONASS",
    "Loran-C",
    "Chayka",
    "Integrated navigation system",
    "Surveyed",
    "Galileo",
};

static const char *const ship_type_legends[100] = {
    "Not available",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Wing in ground (WIG) - all ships of this type",
    "Wing in ground (WIG) - Hazardous category A",
    "Wing in ground (WIG) - Hazardous category B",
    "Wing in ground (WIG) - Hazardous category C",
    "Wing in ground (WIG) - Hazardous category D",
    "Wing in ground (WIG) - Reserved for future use",
    "Wing in ground (WIG) - Reserved for future use",
    "Wing in ground (WIG) - Reserved for future use",
    "Wing in ground (WIG) - Reserved for future use",
    "Wing in ground (WIG) - Reserved for future use",
    "Fishing",
    "Towing",
    "Towing: length exceeds 200m or breadth exceeds 25m",
    "Dredging or underwater ops",
    "Diving ops",
    "Military ops",
    "Sailing",
    "Pleasure Craft",
    "Reserved",
    "Reserved",
    "High speed craft (HSC) - all ships of this type",
    "High speed craft (HSC) - Hazardous category A",
    "High speed craft (HSC) - Hazardous category B",
    "High speed craft (HSC) - Hazardous category C",
    "High speed craft (HSC) - Hazardous category D",
    "High speed craft (HSC) - Reserved for future use",
    "High speed craft (HSC) - Reserved for future use",
    "High speed craft (HSC) - Reserved for future use",
    "High speed craft (HSC) - Reserved for future use",
    "High speed craft (HSC) - No additional information",
    "Pilot Vessel",
    "Search and Rescue vessel",
    "Tug",
    "Port Tender",
    "Anti-pollution equipment",
    "Law Enforcement",
    "Spare - Local Vessel",
    "Spare - Local Vessel",
    "Medical Transport",
    "Ship according to RR Resolution No. 18",
    "Passenger - all ships of this type",
    "Passenger - Hazardous category A",
    "Passenger - Hazardous category B",
    "Passenger - Hazardous category C",
    "Passenger - Hazardous category D",
    "Passenger - Reserved for future use",
    "Passenger - Reserved for future use",
    "Passenger - Reserved for future use",
    "Passenger - Reserved for future use",
    "Passenger - No additional information",
    "Cargo - all ships of this type",
    "Cargo - Hazardous category A",
    "Cargo - Hazardous category B",
    "Cargo - Hazardous category C",
    "Cargo - Hazardous category D",
    "Cargo - Reserved for future use",
    "Cargo - Reserved for future use",
    "Cargo - Reserved for future use",
    "Cargo - Reserved for future use",
    "Cargo - No additional information",
    "Tanker - all ships of this type",
    "Tanker - Hazardous category A",
    "Tanker - Hazardous category B",
    "Tanker - Hazardous category C",
    "Tanker - Hazardous category D",
    "Tanker - Reserved for future use",
    "Tanker - Reserved for future use",
    "Tanker - Reserved for future use",
    "Tanker - Reserved for future use",
    "Tanker - No additional information",
    "Other Type - all ships of this type",
    "Other Type - Hazardous category A",
    "Other Type - Hazardous category B",
    "Other Type - Hazardous category C",
    "Other Type - Hazardous category D",
    "Other Type - Reserved for future use",
    "Other Type - Reserved for future use",
    "Other Type - Reserved for future use",
    "Other Type - Reserved for future use",
    "Other Type - no additional information",
};

static const char *const station_type_legends[16] = {
    "All types of mobiles",
    "Reserved for future use",
    "All types of Class B mobile stations",
    "SAR airborne mobile station",
    "Aid to Navigation station",
    "Class B shipborne mobile station",
    "Regional use and inland waterways",
    "Regional use and inland waterways",
    "Regional use and inland waterways",
    "Regional use and inland waterways",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
};

static const char *const navaid_type_legends[32] = {
    "Unspecified",
    "Reference point",
    "RACON",
    "Fixed offshore structure",
    "Spare, Reserved for future use.",
    "Light, without sectors",
    "Light, with sectors",
    "Leading Light Front",
    "Leading Light Rear",
    "Beacon, Cardinal N",
    "Beacon, Cardinal E",
    "Beacon, Cardinal S",
    "Beacon, Cardinal W",
    "Beacon, Port hand",
    "Beacon, Starboard hand",
    "Beacon, Preferred Channel port hand",
    "Beacon, Preferred Channel starboard hand",
    "Beacon, Isolated danger",
    "Beacon, Safe water",
    "Beacon, Special mark",
    "Cardinal Mark N",
    "Cardinal Mark E",
    "Cardinal Mark S",
    "Cardinal Mark W",
    "Port hand Mark",
    "Starboard hand Mark",
    "Preferred Channel Port hand",
    "Preferred Channel Starboard hand",
    "Isolated danger",
    "Safe Water",
    "Special Mark",
    "Light Vessel / LANBY / Rigs",
};

const char *ais_json_nav_status_text(unsigned status)
{
    return status < 16 ? nav_legends[status] : "INVALID STATUS";
}

const char *ais_json_epfd_text(unsigned epfd, char *tmp, size_t tmpsz)
{
    if (epfd < 9) return epfd_legends[epfd];
    if (epfd == 15) return "Internal GNSS";
    if (tmp && tmpsz >= 16) {
        struct jsonw w;
        jsonw_init(&w, tmp, tmpsz);
        jsonw_raw(&w, "Reserved (");
        jsonw_put_uint(&w, epfd);
        jsonw_put_char(&w, ')');
        return tmp;
    }
    return "Reserved";
}

const char *ais_json_shiptype_text(unsigned shiptype)
{
    return shiptype < 100 ? ship_type_legends[shiptype] : "INVALID SHIP TYPE";
}

const char *ais_json_station_type_text(unsigned stationtype)
{
    return stationtype < 16 ? station_type_legends[stationtype] : "INVALID STATION TYPE";
}

const char *ais_json_navaid_type_text(unsigned aidtype)
{
    return aidtype < 32 ? navaid_type_legends[aidtype] : "INVALID NAVAID TYPE";
}

void ais_json_put_data(struct jsonw *w, size_t bitcount, const uint8_t *bitdata)
{
    static const char hex[] = "0123456789abcdef";
    jsonw_key(w, "data");
    jsonw_put_char(w, '"');
    jsonw_put_uint(w, bitcount);
    jsonw_put_char(w, ':');
    size_t nbytes = (bitcount + 7) / 8;
    char tmp[2 * AIS_MSG_MAX_BYTES];
    if (nbytes > AIS_MSG_MAX_BYTES) nbytes = AIS_MSG_MAX_BYTES;
    for (size_t i = 0; i < nbytes; i++) {
        tmp[2 * i] = hex[bitdata[i] >> 4];
        tmp[2 * i + 1] = hex[bitdata[i] & 15];
    }
    jsonw_rawn(w, tmp, 2 * nbytes);
    jsonw_put_char(w, '"');
}

/* lon/lat pair in 1/10000 minute: %.7f degrees scaled, raw integers otherwise */
static void put_lonlat(struct jsonw *w, int scaled, int lon, int lat)
{
    if (scaled) {
        jsonw_fixed(w, "lon", lon, LATLON_DIV, 7);
        jsonw_fixed(w, "lat", lat, LATLON_DIV, 7);
    } else {
        jsonw_int(w, "lon", lon);
        jsonw_int(w, "lat", lat);
    }
}

/* a tenths value (speed, course) as %.1f scaled, raw otherwise */
static void put_tenths(struct jsonw *w, int scaled, const char *key, unsigned v)
{
    if (scaled)
        jsonw_fixed(w, key, v, 10, 1);
    else
        jsonw_uint(w, key, v);
}

static void put_epfd(struct jsonw *w, unsigned epfd)
{
    char tmp[24];
    jsonw_uint(w, "epfd", epfd);
    jsonw_str_raw(w, "epfd_text", ais_json_epfd_text(epfd, tmp, sizeof tmp));
}

static void put_shiptype(struct jsonw *w, unsigned shiptype)
{
    jsonw_uint(w, "shiptype", shiptype);
    jsonw_str_raw(w, "shiptype_text", ais_json_shiptype_text(shiptype));
}

static void put_dims(struct jsonw *w, unsigned bow, unsigned stern, unsigned port, unsigned stbd)
{
    jsonw_uint(w, "to_bow", bow);
    jsonw_uint(w, "to_stern", stern);
    jsonw_uint(w, "to_port", port);
    jsonw_uint(w, "to_starboard", stbd);
}

/* a 1/10-minute area corner: scaled as a quoted "%f" string like gpsd */
static void put_area(struct jsonw *w, int scaled, const char *key, int v)
{
    if (scaled) {
        jsonw_key(w, key);
        jsonw_put_char(w, '"');
        jsonw_put_fixed(w, v, LATLON_SHORT_DIV, 6);
        jsonw_put_char(w, '"');
    } else {
        jsonw_int(w, key, v);
    }
}

static void json_type1(const struct ais_type1 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "status", t->status);
    jsonw_str_raw(w, "status_text", ais_json_nav_status_text(t->status));
    if (scaled) {
        jsonw_key(w, "turn");
        if (t->turn == -128) {
            jsonw_raw(w, "\"n/a\"");
        } else if (t->turn == -127) {
            jsonw_raw(w, "\"fastleft\"");
        } else if (t->turn == 127) {
            jsonw_raw(w, "\"fastright\"");
        } else {
            /* ROT = (indicator / 4.733)^2 degrees per minute, signed */
            double rot = t->turn / 4.733;
            rot = rot * rot;
            if (t->turn < 0) rot = -rot;
            jsonw_put_char(w, '"');
            struct jsonw tmpw;
            char tmp[32];
            jsonw_init(&tmpw, tmp, sizeof tmp);
            jsonw_double(&tmpw, NULL, rot, 2);
            jsonw_raw(w, tmp);
            jsonw_put_char(w, '"');
        }
        jsonw_key(w, "speed");
        if (t->speed == 1023)
            jsonw_raw(w, "\"n/a\"");
        else if (t->speed == 1022)
            jsonw_raw(w, "\"fast\"");
        else
            jsonw_put_fixed(w, t->speed, 10, 1);
    } else {
        jsonw_int(w, "turn", t->turn);
        jsonw_uint(w, "speed", t->speed);
    }
    jsonw_bool(w, "accuracy", t->accuracy);
    put_lonlat(w, scaled, t->lon, t->lat);
    put_tenths(w, scaled, "course", t->course);
    jsonw_uint(w, "heading", t->heading);
    jsonw_uint(w, "second", t->second);
    jsonw_uint(w, "maneuver", t->maneuver);
    jsonw_bool(w, "raim", t->raim);
    jsonw_uint(w, "radio", t->radio);
}

static void json_type4(const struct ais_type4 *t, int scaled, struct jsonw *w)
{
    jsonw_key(w, "timestamp");
    jsonw_put_char(w, '"');
    jsonw_put_uint_pad(w, t->year, 4);
    jsonw_put_char(w, '-');
    jsonw_put_uint_pad(w, t->month, 2);
    jsonw_put_char(w, '-');
    jsonw_put_uint_pad(w, t->day, 2);
    jsonw_put_char(w, 'T');
    jsonw_put_uint_pad(w, t->hour, 2);
    jsonw_put_char(w, ':');
    jsonw_put_uint_pad(w, t->minute, 2);
    jsonw_put_char(w, ':');
    jsonw_put_uint_pad(w, t->second, 2);
    jsonw_raw(w, "Z\"");
    jsonw_bool(w, "accuracy", t->accuracy);
    put_lonlat(w, scaled, t->lon, t->lat);
    put_epfd(w, t->epfd);
    jsonw_bool(w, "raim", t->raim);
    jsonw_uint(w, "radio", t->radio);
}

static void json_type5(const struct ais_type5 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "imo", t->imo);
    jsonw_uint(w, "ais_version", t->ais_version);
    jsonw_str(w, "callsign", t->callsign);
    jsonw_str(w, "shipname", t->shipname);
    put_shiptype(w, t->shiptype);
    put_dims(w, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
    put_epfd(w, t->epfd);
    jsonw_key(w, "eta");
    jsonw_put_char(w, '"');
    jsonw_put_uint_pad(w, t->month, 2);
    jsonw_put_char(w, '-');
    jsonw_put_uint_pad(w, t->day, 2);
    jsonw_put_char(w, 'T');
    jsonw_put_uint_pad(w, t->hour, 2);
    jsonw_put_char(w, ':');
    jsonw_put_uint_pad(w, t->minute, 2);
    jsonw_raw(w, "Z\"");
    put_tenths(w, scaled, "draught", t->draught);
    jsonw_str(w, "destination", t->destination);
    jsonw_uint(w, "dte", t->dte);
}

static void json_type6(const struct ais_type6 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "seqno", t->seqno);
    jsonw_uint(w, "dest_mmsi", t->dest_mmsi);
    jsonw_bool(w, "retransmit", t->retransmit);
    jsonw_uint(w, "dac", t->dac);
    jsonw_uint(w, "fid", t->fid);
    if (t->structured)
        ais_app_json(&t->app, scaled, w);
    else
        ais_json_put_data(w, t->bitcount, t->bitdata);
}

static void json_type7(const struct ais_type7 *t, struct jsonw *w)
{
    jsonw_uint(w, "mmsi1", t->mmsi1);
    jsonw_uint(w, "mmsi2", t->mmsi2);
    jsonw_uint(w, "mmsi3", t->mmsi3);
    jsonw_uint(w, "mmsi4", t->mmsi4);
}

static void json_type8(const struct ais_type8 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "dac", t->dac);
    jsonw_uint(w, "fid", t->fid);
    if (t->structured)
        ais_app_json(&t->app, scaled, w);
    else
        ais_json_put_data(w, t->bitcount, t->bitdata);
}

static void json_type9(const struct ais_type9 *t, int scaled, struct jsonw *w)
{
    if (scaled) {
        jsonw_key(w, "alt");
        if (t->alt == 4095)
            jsonw_raw(w, "\"nan\"");
        else if (t->alt == 4094)
            jsonw_raw(w, "\"high\"");
        else
            jsonw_put_uint(w, t->alt);
        jsonw_key(w, "speed");
        if (t->speed == 1023)
            jsonw_raw(w, "\"nan\"");
        else if (t->speed == 1022)
            jsonw_raw(w, "\"fast\"");
        else
            jsonw_put_uint(w, t->speed);
    } else {
        jsonw_uint(w, "alt", t->alt);
        jsonw_uint(w, "speed", t->speed);
    }
    jsonw_bool(w, "accuracy", t->accuracy);
    put_lonlat(w, scaled, t->lon, t->lat);
    put_tenths(w, scaled, "course", t->course);
    jsonw_uint(w, "second", t->second);
    jsonw_uint(w, "regional", t->regional);
    jsonw_uint(w, "dte", t->dte);
    jsonw_bool(w, "raim", t->raim);
    jsonw_uint(w, "radio", t->radio);
}

static void json_type15(const struct ais_type15 *t, struct jsonw *w)
{
    jsonw_uint(w, "mmsi1", t->mmsi1);
    jsonw_uint(w, "type1_1", t->type1_1);
    jsonw_uint(w, "offset1_1", t->offset1_1);
    jsonw_uint(w, "type1_2", t->type1_2);
    jsonw_uint(w, "offset1_2", t->offset1_2);
    jsonw_uint(w, "mmsi2", t->mmsi2);
    jsonw_uint(w, "type2_1", t->type2_1);
    jsonw_uint(w, "offset2_1", t->offset2_1);
}

static void json_type16(const struct ais_type16 *t, struct jsonw *w)
{
    jsonw_uint(w, "mmsi1", t->mmsi1);
    jsonw_uint(w, "offset1", t->offset1);
    jsonw_uint(w, "increment1", t->increment1);
    jsonw_uint(w, "mmsi2", t->mmsi2);
    jsonw_uint(w, "offset2", t->offset2);
    jsonw_uint(w, "increment2", t->increment2);
}

static void json_type17(const struct ais_type17 *t, int scaled, struct jsonw *w)
{
    if (scaled) {
        jsonw_fixed(w, "lon", t->lon, LATLON_SHORT_DIV, 1);
        jsonw_fixed(w, "lat", t->lat, LATLON_SHORT_DIV, 1);
    } else {
        jsonw_int(w, "lon", t->lon);
        jsonw_int(w, "lat", t->lat);
    }
    ais_json_put_data(w, t->bitcount, t->bitdata);
}

static void json_type18(const struct ais_type18 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "reserved", t->reserved);
    put_tenths(w, scaled, "speed", t->speed);
    jsonw_bool(w, "accuracy", t->accuracy);
    put_lonlat(w, scaled, t->lon, t->lat);
    put_tenths(w, scaled, "course", t->course);
    jsonw_uint(w, "heading", t->heading);
    jsonw_uint(w, "second", t->second);
    jsonw_uint(w, "regional", t->regional);
    jsonw_bool(w, "cs", t->cs);
    jsonw_bool(w, "display", t->display);
    jsonw_bool(w, "dsc", t->dsc);
    jsonw_bool(w, "band", t->band);
    jsonw_bool(w, "msg22", t->msg22);
    jsonw_bool(w, "raim", t->raim);
    jsonw_uint(w, "radio", t->radio);
}

static void json_type19(const struct ais_type19 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "reserved", t->reserved);
    put_tenths(w, scaled, "speed", t->speed);
    jsonw_bool(w, "accuracy", t->accuracy);
    put_lonlat(w, scaled, t->lon, t->lat);
    put_tenths(w, scaled, "course", t->course);
    jsonw_uint(w, "heading", t->heading);
    jsonw_uint(w, "second", t->second);
    jsonw_uint(w, "regional", t->regional);
    jsonw_str(w, "shipname", t->shipname);
    put_shiptype(w, t->shiptype);
    put_dims(w, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
    put_epfd(w, t->epfd);
    jsonw_bool(w, "raim", t->raim);
    jsonw_uint(w, "dte", t->dte);
    jsonw_bool(w, "assigned", t->assigned);
}

static void json_type20(const struct ais_type20 *t, struct jsonw *w)
{
    const unsigned v[16] = {t->offset1, t->number1, t->timeout1, t->increment1,
                            t->offset2, t->number2, t->timeout2, t->increment2,
                            t->offset3, t->number3, t->timeout3, t->increment3,
                            t->offset4, t->number4, t->timeout4, t->increment4};
    static const char *const k[16] = {"offset1", "number1", "timeout1", "increment1",
                                      "offset2", "number2", "timeout2", "increment2",
                                      "offset3", "number3", "timeout3", "increment3",
                                      "offset4", "number4", "timeout4", "increment4"};
    for (int i = 0; i < 16; i++)
        jsonw_uint(w, k[i], v[i]);
}

static void json_type21(const struct ais_type21 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "aid_type", t->aid_type);
    jsonw_str_raw(w, "aid_type_text", ais_json_navaid_type_text(t->aid_type));
    jsonw_str(w, "name", t->name);
    if (scaled) {
        put_lonlat(w, scaled, t->lon, t->lat);
        jsonw_bool(w, "accuracy", t->accuracy);
    } else {
        jsonw_bool(w, "accuracy", t->accuracy);
        put_lonlat(w, scaled, t->lon, t->lat);
    }
    put_dims(w, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
    put_epfd(w, t->epfd);
    jsonw_uint(w, "second", t->second);
    jsonw_uint(w, "regional", t->regional);
    jsonw_bool(w, "off_position", t->off_position);
    jsonw_bool(w, "raim", t->raim);
    jsonw_bool(w, "virtual_aid", t->virtual_aid);
}

static void json_type22(const struct ais_type22 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "channel_a", t->channel_a);
    jsonw_uint(w, "channel_b", t->channel_b);
    jsonw_uint(w, "txrx", t->txrx);
    jsonw_bool(w, "power", t->power != 0);
    if (t->addressed) {
        jsonw_uint(w, "dest1", t->dest1);
        jsonw_uint(w, "dest2", t->dest2);
    } else {
        put_area(w, scaled, "ne_lon", t->ne_lon);
        put_area(w, scaled, "ne_lat", t->ne_lat);
        put_area(w, scaled, "sw_lon", t->sw_lon);
        put_area(w, scaled, "sw_lat", t->sw_lat);
    }
    jsonw_bool(w, "addressed", t->addressed != 0);
    jsonw_bool(w, "band_a", t->band_a != 0);
    jsonw_bool(w, "band_b", t->band_b != 0);
    jsonw_uint(w, "zonesize", t->zonesize);
}

static void json_type23(const struct ais_type23 *t, int scaled, struct jsonw *w)
{
    put_area(w, scaled, "ne_lon", t->ne_lon);
    put_area(w, scaled, "ne_lat", t->ne_lat);
    put_area(w, scaled, "sw_lon", t->sw_lon);
    put_area(w, scaled, "sw_lat", t->sw_lat);
    jsonw_uint(w, "stationtype", t->stationtype);
    jsonw_str_raw(w, "stationtype_text", ais_json_station_type_text(t->stationtype));
    put_shiptype(w, t->shiptype);
    jsonw_uint(w, "interval", t->interval);
    jsonw_uint(w, "quiet", t->quiet);
}

static void json_type24(const struct ais_type24 *t, unsigned mmsi, struct jsonw *w)
{
    if (t->part != AIS_T24_BOTH) jsonw_str_raw(w, "part", t->part == AIS_T24_PART_A ? "A" : "B");
    if (t->part != AIS_T24_PART_B) jsonw_str(w, "shipname", t->shipname);
    if (t->part != AIS_T24_PART_A) {
        put_shiptype(w, t->shiptype);
        jsonw_str(w, "vendorid", t->vendorid);
        jsonw_uint(w, "model", t->model);
        jsonw_uint(w, "serial", t->serial);
        jsonw_str(w, "callsign", t->callsign);
        if (ais_decode_is_auxiliary(mmsi))
            jsonw_uint(w, "mothership_mmsi", t->mothership_mmsi);
        else
            put_dims(w, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
    }
}

static void json_binslot(bool addressed, bool structured, unsigned dest, unsigned app_id,
                         size_t bitcount, const uint8_t *bitdata, struct jsonw *w)
{
    jsonw_bool(w, "addressed", addressed);
    jsonw_bool(w, "structured", structured);
    jsonw_uint(w, "dest_mmsi", dest);
    jsonw_uint(w, "app_id", app_id);
    ais_json_put_data(w, bitcount, bitdata);
}

static void json_type27(const struct ais_type27 *t, int scaled, struct jsonw *w)
{
    jsonw_uint(w, "status", t->status);
    if (scaled) jsonw_str_raw(w, "status_text", ais_json_nav_status_text(t->status));
    jsonw_bool(w, "accuracy", t->accuracy);
    if (scaled) {
        jsonw_fixed(w, "lon", t->lon, LATLON_SHORT_DIV, 4);
        jsonw_fixed(w, "lat", t->lat, LATLON_SHORT_DIV, 4);
    } else {
        jsonw_int(w, "lon", t->lon);
        jsonw_int(w, "lat", t->lat);
    }
    jsonw_uint(w, "speed", t->speed);
    jsonw_uint(w, "course", t->course);
    jsonw_bool(w, "raim", t->raim);
    jsonw_bool(w, "gnss", t->gnss);
}

void ais_json_write(const struct ais_msg *m, const struct ais_json_opts *o, struct jsonw *w)
{
    int scaled = o->scaled != 0;
    jsonw_raw(w, "{\"class\":\"AIS\"");
    if (o->device && o->device[0]) jsonw_str_raw(w, "device", o->device);
    jsonw_uint(w, "type", m->type);
    jsonw_uint(w, "repeat", m->repeat);
    jsonw_uint(w, "mmsi", m->mmsi);
    jsonw_bool(w, "scaled", scaled);
    switch (m->type) {
    case 1:
    case 2:
    case 3:
        json_type1(&m->type1, scaled, w);
        break;
    case 4:
    case 11:
        json_type4(&m->type4, scaled, w);
        break;
    case 5:
        json_type5(&m->type5, scaled, w);
        break;
    case 6:
        json_type6(&m->type6, scaled, w);
        break;
    case 7:
    case 13:
        json_type7(&m->type7, w);
        break;
    case 8:
        json_type8(&m->type8, scaled, w);
        break;
    case 9:
        json_type9(&m->type9, scaled, w);
        break;
    case 10:
        jsonw_uint(w, "dest_mmsi", m->type10.dest_mmsi);
        break;
    case 12:
        jsonw_uint(w, "seqno", m->type12.seqno);
        jsonw_uint(w, "dest_mmsi", m->type12.dest_mmsi);
        jsonw_bool(w, "retransmit", m->type12.retransmit);
        jsonw_str(w, "text", m->type12.text);
        break;
    case 14:
        jsonw_str(w, "text", m->type14.text);
        break;
    case 15:
        json_type15(&m->type15, w);
        break;
    case 16:
        json_type16(&m->type16, w);
        break;
    case 17:
        json_type17(&m->type17, scaled, w);
        break;
    case 18:
        json_type18(&m->type18, scaled, w);
        break;
    case 19:
        json_type19(&m->type19, scaled, w);
        break;
    case 20:
        json_type20(&m->type20, w);
        break;
    case 21:
        json_type21(&m->type21, scaled, w);
        break;
    case 22:
        json_type22(&m->type22, scaled, w);
        break;
    case 23:
        json_type23(&m->type23, scaled, w);
        break;
    case 24:
        json_type24(&m->type24, m->mmsi, w);
        break;
    case 25:
        json_binslot(m->type25.addressed, m->type25.structured, m->type25.dest_mmsi,
                     m->type25.app_id, m->type25.bitcount, m->type25.bitdata, w);
        break;
    case 26:
        json_binslot(m->type26.addressed, m->type26.structured, m->type26.dest_mmsi,
                     m->type26.app_id, m->type26.bitcount, m->type26.bitdata, w);
        /* gpsd never fills type 26's radio field and always reports 0; we
         * decode it (m->type26.radio) but report what gpsd reports */
        jsonw_uint(w, "radio", 0);
        break;
    case 27:
        json_type27(&m->type27, scaled, w);
        break;
    default:
        break;
    }
    jsonw_put_char(w, '}');
}

int ais_json(const struct ais_msg *m, const struct ais_json_opts *o, char *buf, size_t len)
{
    if (!m || !o || !buf) return AISD_E_INVAL;
    struct jsonw w;
    jsonw_init(&w, buf, len);
    ais_json_write(m, o, &w);
    return jsonw_finish(&w);
}
