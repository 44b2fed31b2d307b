/* ais_json.c: gpsd's AIS JSON (json_aivdm_dump equivalent) for types 1-27,
 * written with jsonw (no printf). Types 6/8 application fields come from
 * ais_app_json(); unstructured payloads are written as "data":"bits:hex". */
#include "decode/ais_json.h"

#include <string.h>

#include "decode/ais_fields.h"
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

static void put_epfd(struct jsonw *w, unsigned epfd)
{
    char tmp[24];
    jsonw_uint(w, "epfd", epfd);
    jsonw_str_raw(w, "epfd_text", ais_json_epfd_text(epfd, tmp, sizeof tmp));
}

static const char *legend_text(unsigned legend, unsigned v)
{
    switch (legend) {
    case AL_NAV_STATUS:
        return ais_json_nav_status_text(v);
    case AL_SHIPTYPE:
        return ais_json_shiptype_text(v);
    case AL_STATION_TYPE:
        return ais_json_station_type_text(v);
    default:
        return ais_json_navaid_type_text(v);
    }
}

static void put_bool(struct jsonw *w, const struct ais_field *f, bool v)
{
    jsonw_member_lit(w, f->key, f->klen, v ? "true" : "false", v ? 4 : 5);
}

static void put_str(struct jsonw *w, const struct ais_field *f, const char *s)
{
    jsonw_keyn(w, f->key, f->klen);
    jsonw_put_char(w, '"');
    jsonw_put_escaped(w, s);
    jsonw_put_char(w, '"');
}

/* the legend of a coded value, copied verbatim between quotes */
static void put_legend(struct jsonw *w, const struct ais_field *f, unsigned v)
{
    jsonw_member_lit(w, f->text_key, f->tklen, NULL, 0);
    jsonw_put_char(w, '"');
    jsonw_raw(w, legend_text(f->legend, v));
    jsonw_put_char(w, '"');
}

/* a 1/10-minute area corner: scaled as a quoted "%f" string like gpsd */
static void put_area(struct jsonw *w, int scaled, const struct ais_field *f, int v)
{
    if (scaled) {
        jsonw_keyn(w, f->key, f->klen);
        jsonw_put_char(w, '"');
        jsonw_put_fixed(w, v, LATLON_SHORT_DIV, 6);
        jsonw_put_char(w, '"');
    } else {
        jsonw_member_int(w, f->key, f->klen, v);
    }
}

/* "key":"..." for a value that gpsd writes as a word when it is special */
static void put_word(struct jsonw *w, const struct ais_field *f, const char *quoted_word)
{
    jsonw_keyn(w, f->key, f->klen);
    jsonw_raw(w, quoted_word);
}

/* Type 1's rate of turn, scaled: (indicator / 4.733)^2 degrees per minute,
 * signed, as a quoted "%.2f", or a word for the special values. */
static void put_turn(struct jsonw *w, const struct ais_field *f, int turn)
{
    if (turn == -128) {
        put_word(w, f, "\"n/a\"");
    } else if (turn == -127) {
        put_word(w, f, "\"fastleft\"");
    } else if (turn == 127) {
        put_word(w, f, "\"fastright\"");
    } else {
        double rot = turn / 4.733;
        rot = rot * rot;
        if (turn < 0) rot = -rot;
        jsonw_keyn(w, f->key, f->klen);
        jsonw_put_char(w, '"');
        struct jsonw tmpw;
        char tmp[32];
        jsonw_init(&tmpw, tmp, sizeof tmp);
        jsonw_double(&tmpw, NULL, rot, 2);
        jsonw_raw(w, tmp);
        jsonw_put_char(w, '"');
    }
}

/* The fields of table f of the message member at base. */
static void json_fields(const void *base, const struct ais_field *f, int scaled, struct jsonw *w)
{
    for (; f->key; f++) {
        const char *p = (const char *)base + f->off;
        const unsigned *u = (const unsigned *)(const void *)p;
        const int *i = (const int *)(const void *)p;
        const bool *b = (const bool *)(const void *)p;
        switch (f->kind) {
        case AF_UINT:
        case AF_HEX:
            jsonw_member_uint(w, f->key, f->klen, *u);
            break;
        case AF_INT:
            jsonw_member_int(w, f->key, f->klen, *i);
            break;
        case AF_BOOL:
        case AF_BOOL_HEX:
            put_bool(w, f, *b);
            break;
        case AF_UBOOL:
            put_bool(w, f, *u != 0);
            break;
        case AF_STR:
            put_str(w, f, p);
            break;
        case AF_TENTHS:
            if (scaled)
                jsonw_member_fixed(w, f->key, f->klen, *u, 10, 1);
            else
                jsonw_member_uint(w, f->key, f->klen, *u);
            break;
        case AF_LEGEND_SCALED:
            jsonw_member_uint(w, f->key, f->klen, *u);
            if (scaled) put_legend(w, f, *u);
            break;
        case AF_LEGEND:
            jsonw_member_uint(w, f->key, f->klen, *u);
            put_legend(w, f, *u);
            break;
        case AF_EPFD:
            put_epfd(w, *u);
            break;
        case AF_LONLAT:
            if (scaled) {
                jsonw_fixed(w, "lon", i[0], LATLON_DIV, 7);
                jsonw_fixed(w, "lat", i[1], LATLON_DIV, 7);
                break;
            }
            jsonw_int(w, "lon", i[0]);
            jsonw_int(w, "lat", i[1]);
            break;
        case AF_LONLAT_1:
        case AF_LONLAT_4:
            if (scaled) {
                unsigned decimals = f->kind == AF_LONLAT_1 ? 1 : 4;
                jsonw_fixed(w, "lon", i[0], LATLON_SHORT_DIV, decimals);
                jsonw_fixed(w, "lat", i[1], LATLON_SHORT_DIV, decimals);
                break;
            }
            jsonw_int(w, "lon", i[0]);
            jsonw_int(w, "lat", i[1]);
            break;
        case AF_ACC_LONLAT: {
            /* gpsd writes lon/lat first when scaled */
            struct ais_field ll[2] = {{"lon", NULL, f->off2, 0, AF_LONLAT, 0, 3, 0}, {0}};
            if (scaled) json_fields(base, ll, scaled, w);
            put_bool(w, f, *b);
            if (!scaled) json_fields(base, ll, scaled, w);
            break;
        }
        case AF_AREA:
            put_area(w, scaled, f, *i);
            break;
        case AF_DIMS:
            jsonw_uint(w, "to_bow", u[0]);
            jsonw_uint(w, "to_stern", u[1]);
            jsonw_uint(w, "to_port", u[2]);
            jsonw_uint(w, "to_starboard", u[3]);
            break;
        case AF_DATETIME:
        case AF_ETA:
            jsonw_keyn(w, f->key, f->klen);
            jsonw_put_char(w, '"');
            ais_fields_put_time(w, u, f->kind == AF_DATETIME);
            jsonw_put_char(w, '"');
            break;
        case AF_TURN:
            if (scaled)
                put_turn(w, f, *i);
            else
                jsonw_member_int(w, f->key, f->klen, *i);
            break;
        case AF_SPEED:
            if (!scaled)
                jsonw_member_uint(w, f->key, f->klen, *u);
            else if (*u == 1023)
                put_word(w, f, "\"n/a\"");
            else if (*u == 1022)
                put_word(w, f, "\"fast\"");
            else
                jsonw_member_fixed(w, f->key, f->klen, *u, 10, 1);
            break;
        case AF_ALT9:
        case AF_SPEED9:
            if (!scaled)
                jsonw_member_uint(w, f->key, f->klen, *u);
            else if (*u == (f->kind == AF_ALT9 ? 4095u : 1023u))
                put_word(w, f, "\"nan\"");
            else if (*u == (f->kind == AF_ALT9 ? 4094u : 1022u))
                put_word(w, f, f->kind == AF_ALT9 ? "\"high\"" : "\"fast\"");
            else
                jsonw_member_uint(w, f->key, f->klen, *u);
            break;
        default: /* AF_DUMP_ONLY */
            break;
        }
    }
}

static void json_type24(const struct ais_msg *m, int scaled, struct jsonw *w)
{
    const struct ais_type24 *t = &m->type24;
    const void *base = ais_fields_base(m);
    if (t->part != AIS_T24_BOTH) jsonw_str_raw(w, "part", t->part == AIS_T24_PART_A ? "A" : "B");
    if (t->part != AIS_T24_PART_B) jsonw_str(w, "shipname", t->shipname);
    if (t->part != AIS_T24_PART_A) {
        json_fields(base, ais_fields_type24_b, scaled, w);
        json_fields(base,
                    ais_decode_is_auxiliary(m->mmsi) ? ais_fields_type24_mother
                                                     : ais_fields_type24_dims,
                    scaled, w);
    }
}

/* The binary payload of types 6 and 8: application fields or "data". */
static void json_payload(bool structured, const struct ais_app *app, size_t bitcount,
                         const uint8_t *bitdata, int scaled, struct jsonw *w)
{
    if (structured)
        ais_app_json(app, scaled, w);
    else
        ais_json_put_data(w, bitcount, bitdata);
}

void ais_json_write(const struct ais_msg *m, const struct ais_json_opts *o, struct jsonw *w)
{
    int scaled = o->scaled != 0;
    const void *base = ais_fields_base(m);
    jsonw_raw(w, "{\"class\":\"AIS\"");
    if (o->device && o->device[0]) jsonw_str_raw(w, "device", o->device);
    jsonw_uint(w, "type", m->type);
    jsonw_uint(w, "repeat", m->repeat);
    jsonw_uint(w, "mmsi", m->mmsi);
    jsonw_bool(w, "scaled", scaled);
    const struct ais_field *f = ais_fields_of(m->type);
    if (f) {
        json_fields(base, f, scaled, w);
    } else if (m->type == 6) {
        json_fields(base, ais_fields_type6, scaled, w);
        json_payload(m->type6.structured, &m->type6.app, m->type6.bitcount, m->type6.bitdata,
                     scaled, w);
    } else if (m->type == 8) {
        json_fields(base, ais_fields_type8, scaled, w);
        json_payload(m->type8.structured, &m->type8.app, m->type8.bitcount, m->type8.bitdata,
                     scaled, w);
    } else if (m->type == 17) {
        json_fields(base, ais_fields_type17, scaled, w);
        ais_json_put_data(w, m->type17.bitcount, m->type17.bitdata);
    } else if (m->type == 22) {
        json_fields(base, ais_fields_type22, scaled, w);
        json_fields(base,
                    m->type22.addressed ? ais_fields_type22_addressed : ais_fields_type22_area,
                    scaled, w);
        json_fields(base, ais_fields_type22_tail, scaled, w);
    } else if (m->type == 24) {
        json_type24(m, scaled, w);
    } else if (m->type == 25) {
        json_fields(base, ais_fields_binslot, scaled, w);
        ais_json_put_data(w, m->type25.bitcount, m->type25.bitdata);
    } else if (m->type == 26) {
        json_fields(base, ais_fields_binslot, scaled, w);
        ais_json_put_data(w, m->type26.bitcount, m->type26.bitdata);
        /* gpsd never fills type 26's radio field and always reports 0; we
         * decode it (m->type26.radio) but report what gpsd reports */
        jsonw_uint(w, "radio", 0);
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
