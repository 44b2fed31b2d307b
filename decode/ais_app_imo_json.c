/* ais_app_imo_json.c: gpsd's JSON for the DAC 1 (IMO236/IMO289)
 * applications, field for field: names, order, scaled and unscaled (-u)
 * forms, the *_text vocabularies, and gpsd's quirks kept on purpose (the
 * unpadded berthing arrival time, quoted target ids, fid 31's text-only
 * precipitation and ice). Positions print with six decimals. */
#include "decode/ais_app_priv.h"

static const char *const imo_trends[4] = {"steady", "increasing", "decreasing", "N/A"};
/* WMO 306, code table 4.201 */
static const char *const imo_preciptypes[8] = {
    "reserved", "rain", "thunderstorm", "freezing rain", "mixed/ice", "snow", "reserved", "N/A",
};
static const char *const imo_ice[4] = {"no", "yes", "reserved", "N/A"};

static const char *const imo_position_types[8] = {
    "Not available", "Port-side to", "Starboard-side to",       "Mediterranean (end-on) mooring",
    "Mooring buoy",  "Anchorage",    "Reserved for future use", "Reserved for future use",
};

static const char *imo_route_type(unsigned t)
{
    static const char *const named[] = {
        "Undefined (default)",           "Mandatory",      "Recommended", "Alternative",
        "Recommended route through ice", "Ship route plan"};
    if (t < 6) return named[t];
    if (t == 31) return "Cancel route identified by message linkage";
    return "Reserved for future use.";
}

static const char *const imo_idtypes[4] = {"mmsi", "imo", "callsign", "other"};

static const char *const imo_signals[] = {
    "N/A",
    "Serious emergency \xe2\x80\x93 stop or divert according to instructions.",
    "Vessels shall not proceed.",
    "Vessels may proceed. One way traffic.",
    "Vessels may proceed. Two way traffic.",
    "Vessels shall proceed on specific orders only.",
    "Vessels in main channel shall not proceed.",
    "Vessels in main channel shall proceed on specific orders only.",
    "Vessels in main channel shall proceed on specific orders only.",
    "I = \\\"in-bound\\\" only acceptable.",
    "O = \\\"out-bound\\\" only acceptable.",
    "F = both \\\"in- and out-bound\\\" acceptable.",
    "XI = Code will shift to \\\"I\\\" in due time.",
    "XO = Code will shift to \\\"O\\\" in due time.",
    "X = Vessels shall proceed only on direction.",
};

static const char *imo_signal_text(unsigned s)
{
    return s < sizeof(imo_signals) / sizeof(imo_signals[0]) ? imo_signals[s]
                                                            : "INVALID SIGNAL TYPE";
}

/* lat/lon in 1/1000 minute: degrees with six decimals, or raw. */
static void imo_pos3(struct ais_app_fmt *f, const char *n1, int v1, const char *n2, int v2,
                     int scaled)
{
    if (scaled)
        ais_app_fmt_printf(f, ",\"%s\":%.6f,\"%s\":%.6f", n1, v1 / 60000.0, n2, v2 / 60000.0);
    else
        ais_app_fmt_printf(f, ",\"%s\":%d,\"%s\":%d", n1, v1, n2, v2);
}

static void imo_tidal_json(const struct ais_app_tidal *t, int scaled, struct ais_app_fmt *f)
{
    ais_app_fmt_printf(f, ",\"month\":%u,\"day\":%u,\"tidals\":[", t->month, t->day);
    for (unsigned i = 0; i < t->ntidals; i++) {
        const struct ais_app_tidal_window *w = &t->tidals[i];
        if (scaled)
            ais_app_fmt_printf(f, "%s{\"lon\":%.6f,\"lat\":%.6f", i ? "," : "", w->lon / 60000.0,
                               w->lat / 60000.0);
        else
            ais_app_fmt_printf(f, "%s{\"lon\":%d,\"lat\":%d", i ? "," : "", w->lon, w->lat);
        ais_app_fmt_printf(f,
                           ",\"from_hour\":%u,\"from_min\":%u,\"to_hour\":%u,\"to_min\":%u,"
                           "\"cdir\":%u",
                           w->from_hour, w->from_min, w->to_hour, w->to_min, w->cdir);
        if (scaled)
            ais_app_fmt_printf(f, ",\"cspeed\":%.1f}", w->cspeed / 10.0);
        else
            ais_app_fmt_printf(f, ",\"cspeed\":%u}", w->cspeed);
    }
    ais_app_fmt_printf(f, "]");
}

static void imo_route_json(const struct ais_app_route *r, int scaled, struct ais_app_fmt *f)
{
    ais_app_fmt_printf(f,
                       ",\"linkage\":%u,\"sender\":%u,\"rtype\":%u,\"rtype_text\":\"%s\","
                       "\"start\":\"%02u-%02uT%02u:%02uZ\",\"duration\":%u,\"waypoints\":[",
                       r->linkage, r->sender, r->rtype, imo_route_type(r->rtype), r->month, r->day,
                       r->hour, r->minute, r->duration);
    for (unsigned i = 0; i < r->waycount && i < AIS_APP_WAYPOINTS_MAX; i++) {
        if (scaled)
            ais_app_fmt_printf(f, "%s{\"lon\":%.6f,\"lat\":%.6f}", i ? "," : "",
                               r->waypoints[i].lon / 600000.0, r->waypoints[i].lat / 600000.0);
        else
            ais_app_fmt_printf(f, "%s{\"lon\":%d,\"lat\":%d}", i ? "," : "", r->waypoints[i].lon,
                               r->waypoints[i].lat);
    }
    ais_app_fmt_printf(f, "]");
}

static void imo_berthing_json(const struct ais_app_berthing *b, int scaled, struct ais_app_fmt *f)
{
    ais_app_fmt_printf(
        f,
        ",\"linkage\":%u,\"berth_length\":%u,\"position\":%u,\"position_text\":\"%s\","
        "\"arrival\":\"%u-%uT%u:%u\",\"availability\":%u,\"agent\":%u,\"fuel\":%u,"
        "\"chandler\":%u,\"stevedore\":%u,\"electrical\":%u,\"water\":%u,\"customs\":%u,"
        "\"cartage\":%u,\"crane\":%u,\"lift\":%u,\"medical\":%u,\"navrepair\":%u,"
        "\"provisions\":%u,\"shiprepair\":%u,\"surveyor\":%u,\"steam\":%u,\"tugs\":%u,"
        "\"solidwaste\":%u,\"liquidwaste\":%u,\"hazardouswaste\":%u,\"ballast\":%u,"
        "\"additional\":%u,\"regional1\":%u,\"regional2\":%u,\"future1\":%u,\"future2\":%u",
        b->linkage, b->berth_length, b->position, imo_position_types[b->position & 7], b->month,
        b->day, b->hour, b->minute, b->availability, b->agent, b->fuel, b->chandler, b->stevedore,
        b->electrical, b->water, b->customs, b->cartage, b->crane, b->lift, b->medical,
        b->navrepair, b->provisions, b->shiprepair, b->surveyor, b->steam, b->tugs, b->solidwaste,
        b->liquidwaste, b->hazardouswaste, b->ballast, b->additional, b->regional1, b->regional2,
        b->future1, b->future2);
    ais_app_fmt_str(f, "berth_name", b->berth_name);
    if (scaled)
        ais_app_fmt_printf(f, ",\"berth_lon\":%.6f,\"berth_lat\":%.6f,\"berth_depth\":%.1f",
                           b->berth_lon / 60000.0, b->berth_lat / 60000.0, b->berth_depth * 0.1);
    else
        ais_app_fmt_printf(f, ",\"berth_lon\":%d,\"berth_lat\":%d,\"berth_depth\":%u", b->berth_lon,
                           b->berth_lat, b->berth_depth);
}

/* The current/wave block shared by both met/hydro layouts, unscaled. */
#define IMO_SEA_FIELDS                                                                             \
    "\"cspeed\":%u,\"cdir\":%u,\"cspeed2\":%u,\"cdir2\":%u,\"cdepth2\":%u,\"cspeed3\":%u,"         \
    "\"cdir3\":%u,\"cdepth3\":%u,\"waveheight\":%u,\"waveperiod\":%u,\"wavedir\":%u,"              \
    "\"swellheight\":%u,\"swellperiod\":%u,\"swelldir\":%u,\"seastate\":%u"
/* ... and scaled */
#define IMO_SEA_FIELDS_SCALED                                                                      \
    "\"cspeed\":%.1f,\"cdir\":%u,\"cspeed2\":%.1f,\"cdir2\":%u,\"cdepth2\":%u,\"cspeed3\":%.1f,"   \
    "\"cdir3\":%u,\"cdepth3\":%u,\"waveheight\":%.1f,\"waveperiod\":%u,\"wavedir\":%u,"            \
    "\"swellheight\":%.1f,\"swellperiod\":%u,\"swelldir\":%u,\"seastate\":%u"
#define IMO_SEA_ARGS(m, div)                                                                       \
    (m)->cspeed div, (m)->cdir, (m)->cspeed2 div, (m)->cdir2, (m)->cdepth2, (m)->cspeed3 div,      \
        (m)->cdir3, (m)->cdepth3, (m)->waveheight div, (m)->waveperiod, (m)->wavedir,              \
        (m)->swellheight div, (m)->swellperiod, (m)->swelldir, (m)->seastate

static void imo_met236_json(const struct ais_app_met236 *m, int scaled, struct ais_app_fmt *f)
{
    imo_pos3(f, "lat", m->lat, "lon", m->lon, scaled);
    ais_app_fmt_printf(f,
                       ",\"timestamp\":\"%02uT%02u:%02uZ\",\"wspeed\":%u,\"wgust\":%u,"
                       "\"wdir\":%u,\"wgustdir\":%u,\"humidity\":%u",
                       m->day, m->hour, m->minute, m->wspeed, m->wgust, m->wdir, m->wgustdir,
                       m->humidity);
    if (scaled) {
        ais_app_fmt_printf(f,
                           ",\"airtemp\":%.1f,\"dewpoint\":%.1f,\"pressure\":%u,"
                           "\"pressuretend\":\"%s\",\"visibility\":%.1f,\"waterlevel\":%.1f,"
                           "\"leveltrend\":\"%s\"," IMO_SEA_FIELDS_SCALED
                           ",\"watertemp\":%.1f,\"preciptype\":%u,\"preciptype_text\":\"%s\","
                           "\"salinity\":%.1f,\"ice\":%u,\"ice_text\":\"%s\"",
                           ((int)m->airtemp - 600) / 10.0, ((int)m->dewpoint - 200) / 10.0,
                           m->pressure + 800, imo_trends[m->pressuretend & 3], m->visibility / 10.0,
                           (m->waterlevel - 100) / 10.0, imo_trends[m->leveltrend & 3],
                           IMO_SEA_ARGS(m, / 10.0), ((int)m->watertemp - 100) / 10.0, m->preciptype,
                           imo_preciptypes[m->preciptype & 7], m->salinity / 10.0, m->ice,
                           imo_ice[m->ice & 3]);
    } else {
        ais_app_fmt_printf(f,
                           ",\"airtemp\":%u,\"dewpoint\":%u,\"pressure\":%u,"
                           "\"pressuretend\":%u,\"visibility\":%u,\"waterlevel\":%d,"
                           "\"leveltrend\":%u," IMO_SEA_FIELDS
                           ",\"watertemp\":%u,\"preciptype\":%u,\"preciptype_text\":\"%s\","
                           "\"salinity\":%u,\"ice\":%u,\"ice_text\":\"%s\"",
                           m->airtemp, m->dewpoint, m->pressure, m->pressuretend, m->visibility,
                           m->waterlevel, m->leveltrend, IMO_SEA_ARGS(m, ), m->watertemp,
                           m->preciptype, imo_preciptypes[m->preciptype & 7], m->salinity, m->ice,
                           imo_ice[m->ice & 3]);
    }
}

/* gpsd subtracts the 1000 cm offset in unsigned arithmetic, so levels below
 * the offset come out near 2^32 / 100; kept for output compatibility. */
static double imo_waterlevel289(int raw)
{
    return (unsigned)(raw - 1000) / 100.0;
}

static void imo_met289_json(const struct ais_app_met289 *m, int scaled, struct ais_app_fmt *f)
{
    imo_pos3(f, "lat", m->lat, "lon", m->lon, scaled);
    ais_app_fmt_printf(f,
                       ",\"accuracy\":%s,\"timestamp\":\"%02uT%02u:%02uZ\",\"wspeed\":%u,"
                       "\"wgust\":%u,\"wdir\":%u,\"wgustdir\":%u,\"humidity\":%u",
                       m->accuracy ? "true" : "false", m->day, m->hour, m->minute, m->wspeed,
                       m->wgust, m->wdir, m->wgustdir, m->humidity);
    if (scaled) {
        ais_app_fmt_printf(f,
                           ",\"airtemp\":%.1f,\"dewpoint\":%.1f,\"pressure\":%u,"
                           "\"pressuretend\":\"%s\",\"visgreater\":%s,\"visibility\":%.1f,"
                           "\"waterlevel\":%.1f,\"leveltrend\":\"%s\"," IMO_SEA_FIELDS_SCALED
                           ",\"watertemp\":%.1f,\"preciptype\":\"%s\",\"salinity\":%.1f,"
                           "\"ice\":\"%s\"",
                           m->airtemp / 10.0, m->dewpoint / 10.0, m->pressure + 799,
                           imo_trends[m->pressuretend & 3], m->visgreater ? "true" : "false",
                           m->visibility / 10.0, imo_waterlevel289(m->waterlevel),
                           imo_trends[m->leveltrend & 3], IMO_SEA_ARGS(m, / 10.0),
                           m->watertemp / 10.0, imo_preciptypes[m->preciptype & 7],
                           m->salinity / 10.0, imo_ice[m->ice & 3]);
    } else {
        ais_app_fmt_printf(f,
                           ",\"airtemp\":%d,\"dewpoint\":%d,\"pressure\":%u,"
                           "\"pressuretend\":%u,\"visgreater\":%s,\"visibility\":%u,"
                           "\"waterlevel\":%d,\"leveltrend\":%u," IMO_SEA_FIELDS
                           ",\"watertemp\":%d,\"preciptype\":%u,\"salinity\":%u,\"ice\":%u",
                           m->airtemp, m->dewpoint, m->pressure, m->pressuretend,
                           m->visgreater ? "true" : "false", m->visibility, m->waterlevel,
                           m->leveltrend, IMO_SEA_ARGS(m, ), m->watertemp, m->preciptype,
                           m->salinity, m->ice);
    }
}

static void imo_targets_json(const struct ais_app_targets *t, int scaled, struct ais_app_fmt *f)
{
    ais_app_fmt_printf(f, ",\"targets\":[");
    for (unsigned i = 0; i < t->ntargets; i++) {
        const struct ais_app_target *g = &t->targets[i];
        const char *name = imo_idtypes[g->idtype & 3];
        ais_app_fmt_printf(f, "%s{\"idtype\":%u,\"idtype_text\":\"%s\"", i ? "," : "", g->idtype,
                           name);
        if (g->idtype <= 1)
            ais_app_fmt_printf(f, ",\"%s\":\"%u\"", name, (unsigned)g->id);
        else
            ais_app_fmt_str(f, name, g->idtext);
        imo_pos3(f, "lat", g->lat, "lon", g->lon, scaled);
        ais_app_fmt_printf(f, ",\"course\":%u,\"second\":%u,\"speed\":%u}", g->course, g->second,
                           g->speed);
    }
    ais_app_fmt_printf(f, "]");
}

void ais_app_imo_json(const struct ais_app *a, int scaled, struct ais_app_fmt *f)
{
    switch (a->kind) {
    case AIS_APP_6_1_12: {
        const struct ais_app_dangerous_cargo *d = &a->u.dangerous_cargo;
        ais_app_fmt_str(f, "lastport", d->lastport);
        ais_app_fmt_printf(f, ",\"departure\":\"%02u-%02uT%02u:%02uZ\"", d->lmonth, d->lday,
                           d->lhour, d->lminute);
        ais_app_fmt_str(f, "nextport", d->nextport);
        ais_app_fmt_printf(f, ",\"eta\":\"%02u-%02uT%02u:%02uZ\"", d->nmonth, d->nday, d->nhour,
                           d->nminute);
        ais_app_fmt_str(f, "dangerous", d->dangerous);
        ais_app_fmt_str(f, "imdcat", d->imdcat);
        ais_app_fmt_printf(f, ",\"unid\":%u,\"amount\":%u,\"unit\":%u", d->unid, d->amount,
                           d->unit);
        break;
    }
    case AIS_APP_6_1_14:
    case AIS_APP_6_1_32:
        imo_tidal_json(&a->u.tidal, scaled, f);
        break;
    case AIS_APP_6_1_15:
    case AIS_APP_8_1_15:
        ais_app_fmt_printf(f, ",\"airdraught\":%u", a->u.airdraught);
        break;
    case AIS_APP_6_1_16:
        ais_app_fmt_printf(f, ",\"persons\":%u", a->u.persons);
        break;
    case AIS_APP_8_1_16:
        /* gpsd prints the type 6 member of its union here, which for a type
         * 8 message always reads 0; the decoded count is in a->u.persons. */
        ais_app_fmt_printf(f, ",\"persons\":0");
        break;
    case AIS_APP_6_1_18: {
        const struct ais_app_clearance *c = &a->u.clearance;
        ais_app_fmt_printf(f, ",\"linkage\":%u,\"arrival\":\"%02u-%02uT%02u:%02uZ\"", c->linkage,
                           c->month, c->day, c->hour, c->minute);
        ais_app_fmt_str(f, "portname", c->portname);
        ais_app_fmt_str(f, "destination", c->destination);
        imo_pos3(f, "lon", c->lon, "lat", c->lat, scaled);
        break;
    }
    case AIS_APP_6_1_20:
        imo_berthing_json(&a->u.berthing, scaled, f);
        break;
    case AIS_APP_6_1_25: {
        const struct ais_app_cargo289 *c = &a->u.cargo289;
        ais_app_fmt_printf(f, ",\"unit\":%u,\"amount\":%u,\"cargos\":[", c->unit, c->amount);
        for (unsigned i = 0; i < c->ncargos; i++)
            ais_app_fmt_printf(f, "%s{\"code\":%u,\"subtype\":%u}", i ? "," : "", c->cargos[i].code,
                               c->cargos[i].subtype);
        ais_app_fmt_printf(f, "]");
        break;
    }
    case AIS_APP_6_1_28:
    case AIS_APP_8_1_27:
        imo_route_json(&a->u.route, scaled, f);
        break;
    case AIS_APP_6_1_30:
    case AIS_APP_8_1_29:
        ais_app_fmt_printf(f, ",\"linkage\":%u", a->u.text.linkage);
        ais_app_fmt_str(f, "text", a->u.text.text);
        break;
    case AIS_APP_8_1_11:
        imo_met236_json(&a->u.met236, scaled, f);
        break;
    case AIS_APP_8_1_13: {
        const struct ais_app_fairway_closed *c = &a->u.fairway_closed;
        ais_app_fmt_str(f, "reason", c->reason);
        ais_app_fmt_str(f, "closefrom", c->closefrom);
        ais_app_fmt_str(f, "closeto", c->closeto);
        ais_app_fmt_printf(f,
                           ",\"radius\":%u,\"extunit\":%u,\"from\":\"%02u-%02uT%02u:%02u\","
                           "\"to\":\"%02u-%02uT%02u:%02u\"",
                           c->radius, c->extunit, c->fmonth, c->fday, c->fhour, c->fminute,
                           c->tmonth, c->tday, c->thour, c->tminute);
        break;
    }
    case AIS_APP_8_1_17:
        imo_targets_json(&a->u.targets, scaled, f);
        break;
    case AIS_APP_8_1_19: {
        const struct ais_app_traffic_signal *s = &a->u.traffic_signal;
        ais_app_fmt_printf(f, ",\"linkage\":%u", s->linkage);
        ais_app_fmt_str(f, "station", s->station);
        ais_app_fmt_printf(f, ",\"lon\":%.6f,\"lat\":%.6f", s->lon / 60000.0, s->lat / 60000.0);
        ais_app_fmt_printf(f,
                           ",\"status\":%u,\"signal\":%u,\"signal_text\":\"%s\",\"hour\":%u,"
                           "\"minute\":%u,\"nextsignal\":%u,\"nextsignal_text\":\"%s\"",
                           s->status, s->signal, imo_signal_text(s->signal), s->hour, s->minute,
                           s->nextsignal, imo_signal_text(s->nextsignal));
        break;
    }
    case AIS_APP_8_1_31:
        imo_met289_json(&a->u.met289, scaled, f);
        break;
    default:
        break;
    }
}
