/* ais_app_inland.c: the Inland AIS applications (DAC 200) gpsd decodes:
 * type 6 FID 21/22 (ETA/RTA at lock, bridge or terminal) and 55 (persons on
 * board); type 8 FID 10 (inland static and voyage data), 23 (EMMA warning),
 * 24 (water levels) and 40 (signal status). Each only at gpsd's exact
 * length; decoder, gpsd JSON and the vocabularies gpsd prints. */
#include "decode/ais_app_priv.h"
#include "decode/err.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ERI ship types: matched on the ERI code or on the AIS ship type. */
static const struct {
    unsigned code, ais;
    const char *legend;
} inland_shiptypes[] = {
    {8000, 99, "Vessel, type unknown"},
    {8010, 79, "Motor freighter"},
    {8020, 89, "Motor tanker"},
    {8021, 80, "Motor tanker, liquid cargo, type N"},
    {8022, 80, "Motor tanker, liquid cargo, type C"},
    {8023, 89, "Motor tanker, dry cargo as if liquid (e.g. cement)"},
    {8030, 79, "Container vessel"},
    {8040, 80, "Gas tanker"},
    {8050, 79, "Motor freighter, tug"},
    {8060, 89, "Motor tanker, tug"},
    {8070, 79, "Motor freighter with one or more ships alongside"},
    {8080, 89, "Motor freighter with tanker"},
    {8090, 79, "Motor freighter pushing one or more freighters"},
    {8100, 89, "Motor freighter pushing at least one tank-ship"},
    {8110, 79, "Tug, freighter"},
    {8120, 89, "Tug, tanker"},
    {8130, 31, "Tug freighter, coupled"},
    {8140, 31, "Tug, freighter/tanker, coupled"},
    {8150, 99, "Freightbarge"},
    {8160, 99, "Tankbarge"},
    {8161, 90, "Tankbarge, liquid cargo, type N"},
    {8162, 90, "Tankbarge, liquid cargo, type C"},
    {8163, 99, "Tankbarge, dry cargo as if liquid (e.g. cement)"},
    {8170, 99, "Freightbarge with containers"},
    {8180, 90, "Tankbarge, gas"},
    {8210, 79, "Pushtow, one cargo barge"},
    {8220, 79, "Pushtow, two cargo barges"},
    {8230, 79, "Pushtow, three cargo barges"},
    {8240, 79, "Pushtow, four cargo barges"},
    {8250, 79, "Pushtow, five cargo barges"},
    {8260, 79, "Pushtow, six cargo barges"},
    {8270, 79, "Pushtow, seven cargo barges"},
    {8280, 79, "Pushtow, eigth cargo barges"},
    {8290, 79, "Pushtow, nine or more barges"},
    {8310, 80, "Pushtow, one tank/gas barge"},
    {8320, 80, "Pushtow, two barges at least one tanker or gas barge"},
    {8330, 80, "Pushtow, three barges at least one tanker or gas barge"},
    {8340, 80, "Pushtow, four barges at least one tanker or gas barge"},
    {8350, 80, "Pushtow, five barges at least one tanker or gas barge"},
    {8360, 80, "Pushtow, six barges at least one tanker or gas barge"},
    {8370, 80, "Pushtow, seven barges at least one tanker or gas barg"},
};

static const char *const inland_hazards[] = {
    "0 blue cones/lights", "1 blue cone/light", "2 blue cones/lights",
    "3 blue cones/lights", "4 B-Flag",          "Unknown",
};
#define INLAND_HAZARD_MAX 5

static const char *const inland_loaded[] = {"N/A (default)", "Unloaded", "Loaded"};

static const char *const inland_rta_status[4] = {"Operational", "Limited operation", "Out of order",
                                                 "N/A"};

static const char *const inland_emma_types[] = {
    "Not Available",
    "Wind",
    "Rain",
    "Snow and ice",
    "Thunderstorm",
    "Fog",
    "Low temperature",
    "High temperature",
    "Flood",
    "Forest Fire",
};
static const char *const inland_emma_classes[] = {"Slight", "Medium", "Strong"};
static const char *const inland_emma_winds[] = {
    "N/A", "North", "North East", "East", "South East", "South", "South West", "West", "North West",
};
static const char *const inland_directions[] = {"Unknown", "Upstream", "Downstream", "To left bank",
                                                "To right bank"};
static const char *const inland_light_status[] = {
    "Unknown", "No light", "White", "Yellow", "Green", "Red", "White flashing", "Yellow flashing.",
};

#define LEGEND(table, n, bad) ((n) < NITEMS(table) ? (table)[n] : (bad))

static const char *inland_shiptype_text(unsigned t)
{
    for (size_t i = 0; i < NITEMS(inland_shiptypes); i++)
        if (inland_shiptypes[i].code == t || inland_shiptypes[i].ais == t)
            return inland_shiptypes[i].legend;
    return "Illegal ship type value.";
}

static int inland_decode6(const struct ais_app_rd *r, struct ais_app *out)
{
    struct ais_app_inland_eta *e = &out->u.inland_eta;
    switch (out->fid) {
    case 21: /* ETA at lock/bridge/terminal */
    case 22: /* RTA at lock/bridge/terminal */
        if (r->nbits != (out->fid == 21 ? 248u : 232u)) return AISD_E_NOTTHIS;
        AIS_APP_RD_CHARS(r, 88, e->country);
        AIS_APP_RD_CHARS(r, 100, e->locode);
        AIS_APP_RD_CHARS(r, 118, e->section);
        AIS_APP_RD_CHARS(r, 148, e->terminal);
        AIS_APP_RD_CHARS(r, 178, e->hectometre);
        e->month = ais_app_rd_u(r, 208, 4);
        e->day = ais_app_rd_u(r, 212, 5);
        e->hour = ais_app_rd_u(r, 217, 5);
        e->minute = ais_app_rd_u(r, 222, 6);
        if (out->fid == 21) {
            e->tugs = ais_app_rd_u(r, 228, 3);
            e->airdraught = ais_app_rd_u(r, 231, 12);
            out->kind = AIS_APP_6_200_21;
        } else {
            e->status = ais_app_rd_u(r, 228, 2);
            out->kind = AIS_APP_6_200_22;
        }
        return 0;
    case 55: /* number of persons on board */
        if (r->nbits != 168) return AISD_E_NOTTHIS;
        out->u.persons_inland.crew = ais_app_rd_u(r, 88, 8);
        out->u.persons_inland.passengers = ais_app_rd_u(r, 96, 13);
        out->u.persons_inland.personnel = ais_app_rd_u(r, 109, 8);
        out->kind = AIS_APP_6_200_55;
        return 0;
    default:
        return AISD_E_NOTTHIS;
    }
}

static int inland_decode8(const struct ais_app_rd *r, struct ais_app *out)
{
    switch (out->fid) {
    case 10: { /* inland ship static and voyage related data */
        struct ais_app_inland_static *s = &out->u.inland_static;
        if (r->nbits != 168) return AISD_E_NOTTHIS;
        AIS_APP_RD_CHARS(r, 56, s->vin);
        s->length = ais_app_rd_u(r, 104, 13);
        s->beam = ais_app_rd_u(r, 117, 10);
        s->shiptype = ais_app_rd_u(r, 127, 14);
        s->hazard = ais_app_rd_u(r, 141, 3);
        s->draught = ais_app_rd_u(r, 144, 11);
        s->loaded = ais_app_rd_u(r, 155, 2);
        s->speed_q = ais_app_rd_u(r, 157, 1) != 0;
        s->course_q = ais_app_rd_u(r, 158, 1) != 0;
        s->heading_q = ais_app_rd_u(r, 159, 1) != 0;
        /* gpsd's guard against false matches: an impossible hazard code */
        if (s->hazard > INLAND_HAZARD_MAX) return AISD_E_NOTTHIS;
        out->kind = AIS_APP_8_200_10;
        return 0;
    }
    case 23: { /* EMMA warning */
        struct ais_app_emma *m = &out->u.emma;
        if (r->nbits != 256) return AISD_E_NOTTHIS;
        m->start_year = ais_app_rd_u(r, 56, 8);
        m->start_month = ais_app_rd_u(r, 64, 4);
        m->start_day = ais_app_rd_u(r, 68, 5);
        m->end_year = ais_app_rd_u(r, 73, 8);
        m->end_month = ais_app_rd_u(r, 81, 4);
        m->end_day = ais_app_rd_u(r, 85, 5);
        m->start_hour = ais_app_rd_u(r, 90, 5);
        m->start_minute = ais_app_rd_u(r, 95, 6);
        m->end_hour = ais_app_rd_u(r, 101, 5);
        m->end_minute = ais_app_rd_u(r, 106, 6);
        m->start_lon = ais_app_rd_s(r, 112, 28);
        m->start_lat = ais_app_rd_s(r, 140, 27);
        m->end_lon = ais_app_rd_s(r, 167, 28);
        m->end_lat = ais_app_rd_s(r, 195, 27);
        m->type = ais_app_rd_u(r, 222, 4);
        m->min = ais_app_rd_s(r, 226, 9);
        m->max = ais_app_rd_s(r, 235, 9);
        m->intensity = ais_app_rd_u(r, 244, 2);
        m->wind = ais_app_rd_u(r, 246, 4);
        out->kind = AIS_APP_8_200_23;
        return 0;
    }
    case 24: { /* water levels */
        struct ais_app_water_levels *w = &out->u.water_levels;
        if (r->nbits != 168) return AISD_E_NOTTHIS;
        AIS_APP_RD_CHARS(r, 56, w->country);
        for (unsigned i = 0; i < AIS_APP_GAUGES_MAX && 68 + 25 * i < r->nbits; i++) {
            w->gauges[i].id = ais_app_rd_u(r, 68 + 25 * i, 11);
            w->gauges[i].level = ais_app_rd_s(r, 68 + 25 * i + 11, 14);
            w->ngauges = i + 1;
        }
        out->kind = AIS_APP_8_200_24;
        return 0;
    }
    case 40: { /* signal status */
        struct ais_app_signal_status *s = &out->u.signal_status;
        if (r->nbits != 168) return AISD_E_NOTTHIS;
        s->lon = ais_app_rd_s(r, 56, 28);
        s->lat = ais_app_rd_s(r, 84, 27);
        s->form = ais_app_rd_u(r, 111, 4);
        s->facing = ais_app_rd_u(r, 115, 9);
        s->direction = ais_app_rd_u(r, 124, 3);
        s->status = ais_app_rd_u(r, 127, 30);
        out->kind = AIS_APP_8_200_40;
        return 0;
    }
    default:
        return AISD_E_NOTTHIS;
    }
}

int ais_app_inland_decode(const struct ais_app_rd *r, struct ais_app *out)
{
    return out->msgtype == 6 ? inland_decode6(r, out) : inland_decode8(r, out);
}

static void inland_eta_json(const struct ais_app_inland_eta *e, struct ais_app_fmt *f)
{
    ais_app_fmt_str(f, "country", e->country);
    ais_app_fmt_str(f, "locode", e->locode);
    ais_app_fmt_str(f, "section", e->section);
    ais_app_fmt_str(f, "terminal", e->terminal);
    ais_app_fmt_str(f, "hectometre", e->hectometre);
    ais_app_fmt_printf(f, ",\"eta\":\"%u-%uT%u:%u\"", e->month, e->day, e->hour, e->minute);
}

void ais_app_inland_json(const struct ais_app *a, int scaled, struct ais_app_fmt *f)
{
    switch (a->kind) {
    case AIS_APP_6_200_21:
        inland_eta_json(&a->u.inland_eta, f);
        ais_app_fmt_printf(f, ",\"tugs\":%u,\"airdraught\":%u", a->u.inland_eta.tugs,
                           a->u.inland_eta.airdraught);
        break;
    case AIS_APP_6_200_22:
        inland_eta_json(&a->u.inland_eta, f);
        ais_app_fmt_printf(f, ",\"status\":%u,\"status_text\":\"%s\"", a->u.inland_eta.status,
                           inland_rta_status[a->u.inland_eta.status & 3]);
        break;
    case AIS_APP_6_200_55:
        ais_app_fmt_printf(f, ",\"crew\":%u,\"passengers\":%u,\"personnel\":%u",
                           a->u.persons_inland.crew, a->u.persons_inland.passengers,
                           a->u.persons_inland.personnel);
        break;
    case AIS_APP_8_200_10: {
        const struct ais_app_inland_static *s = &a->u.inland_static;
        ais_app_fmt_str(f, "vin", s->vin);
        ais_app_fmt_printf(
            f,
            ",\"length\":%u,\"beam\":%u,\"shiptype\":%u,\"shiptype_text\":\"%s\","
            "\"hazard\":%u,\"hazard_text\":\"%s\",\"draught\":%u,"
            "\"loaded\":%u,\"loaded_text\":\"%s\",\"speed_q\":%s,"
            "\"course_q\":%s,\"heading_q\":%s",
            s->length, s->beam, s->shiptype, inland_shiptype_text(s->shiptype), s->hazard,
            LEGEND(inland_hazards, s->hazard, "INVALID HAZARD TYPE"), s->draught, s->loaded,
            LEGEND(inland_loaded, s->loaded, "INVALID LOAD STATUS"), s->speed_q ? "true" : "false",
            s->course_q ? "true" : "false", s->heading_q ? "true" : "false");
        break;
    }
    case AIS_APP_8_200_23: {
        const struct ais_app_emma *m = &a->u.emma;
        /* gpsd prints the start as year-month-hourTminute:day */
        ais_app_fmt_printf(f, ",\"start\":\"%4u-%02u-%02uT%02u:%02u\"", m->start_year + 2000,
                           m->start_month, m->start_hour, m->start_minute, m->start_day);
        ais_app_fmt_printf(f, ",\"end\":\"%4u-%02u-%02uT%02u:%02u\"", m->end_year + 2000,
                           m->end_month, m->end_day, m->end_hour, m->end_minute);
        if (scaled)
            ais_app_fmt_printf(f,
                               ",\"start_lon\":%.6f,\"start_lat\":%.6f,\"end_lon\":%.6f,"
                               "\"end_lat\":%.6f",
                               m->start_lon / 600000.0, m->start_lat / 600000.0,
                               m->end_lon / 600000.0, m->end_lat / 600000.0);
        else
            ais_app_fmt_printf(f,
                               ",\"start_lon\":%d,\"start_lat\":%d,\"end_lon\":%d,\"end_lat\":%d",
                               m->start_lon, m->start_lat, m->end_lon, m->end_lat);
        ais_app_fmt_printf(f,
                           ",\"type\":%u,\"type_text\":\"%s\",\"min\":%d,\"max\":%d,"
                           "\"class\":%u,\"class_text\":\"%s\",\"wind\":%u,\"wind_text\":\"%s\"",
                           m->type, LEGEND(inland_emma_types, m->type, "INVALID EMMA TYPE"), m->min,
                           m->max, m->intensity,
                           LEGEND(inland_emma_classes, m->intensity, "INVALID EMMA TYPE"), m->wind,
                           LEGEND(inland_emma_winds, m->wind, "INVALID EMMA WIND DIRECTION"));
        break;
    }
    case AIS_APP_8_200_24: {
        const struct ais_app_water_levels *w = &a->u.water_levels;
        ais_app_fmt_str(f, "country", w->country);
        ais_app_fmt_printf(f, ",\"gauges\":[");
        for (unsigned i = 0; i < w->ngauges; i++)
            ais_app_fmt_printf(f, "%s{\"id\":%u,\"level\":%d}", i ? "," : "", w->gauges[i].id,
                               w->gauges[i].level);
        ais_app_fmt_printf(f, "]");
        break;
    }
    case AIS_APP_8_200_40: {
        const struct ais_app_signal_status *s = &a->u.signal_status;
        if (scaled)
            ais_app_fmt_printf(f, ",\"lon\":%.6f,\"lat\":%.6f", s->lon / 600000.0,
                               s->lat / 600000.0);
        else
            ais_app_fmt_printf(f, ",\"lon\":%d,\"lat\":%d", s->lon, s->lat);
        ais_app_fmt_printf(f,
                           ",\"form\":%u,\"facing\":%u,\"direction\":%u,"
                           "\"direction_text\":\"%s\",\"status\":%u,\"status_text\":\"%s\"",
                           s->form, s->facing, s->direction,
                           LEGEND(inland_directions, s->direction, "INVALID DIRECTION"), s->status,
                           LEGEND(inland_light_status, s->status, "INVALID STATUS"));
        break;
    }
    default:
        break;
    }
}
