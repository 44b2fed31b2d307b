/* ais_app_imo.c: decoders for the international applications (DAC 1) that
 * gpsd decodes: IMO236 (Circ. 236) and IMO289 (SN.1/Circ. 289) messages in
 * types 6 and 8. gpsd decodes these at any length, reading zeros past the
 * end, and so do we. Offsets are gpsd's, counted from the message start. */
#include "decode/ais_app_priv.h"
#include "decode/err.h"

/* gpsd's endchars(): six-bit text from start to the end of the message. */
static void imo_endchars(const struct ais_app_rd *r, unsigned start, char *to, size_t to_sz)
{
    if (r->nbits <= start) {
        to[0] = '\0';
        return;
    }
    bitreader_text(&r->br, ais_app_rd_pos(r, start), (r->nbits - start) / 6, to, to_sz);
}

static void imo_route(const struct ais_app_rd *r, unsigned base, struct ais_app_route *rt)
{
    rt->linkage = ais_app_rd_u(r, base, 10);
    rt->sender = ais_app_rd_u(r, base + 10, 3);
    rt->rtype = ais_app_rd_u(r, base + 13, 5);
    rt->month = ais_app_rd_u(r, base + 18, 4);
    rt->day = ais_app_rd_u(r, base + 22, 5);
    rt->hour = ais_app_rd_u(r, base + 27, 5);
    rt->minute = ais_app_rd_u(r, base + 32, 6);
    rt->duration = ais_app_rd_u(r, base + 38, 18);
    rt->waycount = ais_app_rd_u(r, base + 56, 5);
    for (unsigned i = 0; i < rt->waycount && i < AIS_APP_WAYPOINTS_MAX; i++) {
        unsigned a = base + 61 + 55 * i;
        rt->waypoints[i].lon = ais_app_rd_s(r, a, 28);
        rt->waypoints[i].lat = ais_app_rd_s(r, a + 28, 27);
    }
}

static void imo_tidal14(const struct ais_app_rd *r, struct ais_app_tidal *t)
{
    t->month = ais_app_rd_u(r, 88, 4);
    t->day = ais_app_rd_u(r, 92, 5);
    unsigned u;
    for (u = 0; u < AIS_APP_TIDALS_MAX && 97 + 93 * u <= r->nbits; u++) {
        unsigned a = 97 + 93 * u;
        struct ais_app_tidal_window *w = &t->tidals[u];
        w->lat = ais_app_rd_s(r, a, 27);
        w->lon = ais_app_rd_s(r, a + 27, 28);
        w->from_hour = ais_app_rd_u(r, a + 55, 5);
        w->from_min = ais_app_rd_u(r, a + 60, 6);
        w->to_hour = ais_app_rd_u(r, a + 66, 5);
        w->to_min = ais_app_rd_u(r, a + 71, 6);
        w->cdir = ais_app_rd_u(r, a + 77, 9);
        w->cspeed = ais_app_rd_u(r, a + 86, 7);
    }
    t->ntidals = u;
}

static void imo_tidal32(const struct ais_app_rd *r, struct ais_app_tidal *t)
{
    t->month = ais_app_rd_u(r, 88, 4);
    t->day = ais_app_rd_u(r, 92, 5);
    unsigned u;
    for (u = 0; u < AIS_APP_TIDALS_MAX && 97 + 88 * u <= r->nbits; u++) {
        unsigned a = 97 + 88 * u;
        struct ais_app_tidal_window *w = &t->tidals[u];
        w->lon = ais_app_rd_s(r, a, 25);
        w->lat = ais_app_rd_s(r, a + 25, 24);
        w->from_hour = ais_app_rd_u(r, a + 49, 5);
        w->from_min = ais_app_rd_u(r, a + 54, 6);
        w->to_hour = ais_app_rd_u(r, a + 60, 5);
        w->to_min = ais_app_rd_u(r, a + 65, 6);
        w->cdir = ais_app_rd_u(r, a + 71, 9);
        w->cspeed = ais_app_rd_u(r, a + 80, 8);
    }
    t->ntidals = u;
}

static void imo_berthing(const struct ais_app_rd *r, struct ais_app_berthing *b)
{
    b->linkage = ais_app_rd_u(r, 88, 10);
    b->berth_length = ais_app_rd_u(r, 98, 9);
    b->berth_depth = ais_app_rd_u(r, 107, 8);
    b->position = ais_app_rd_u(r, 115, 3);
    b->month = ais_app_rd_u(r, 118, 4);
    b->day = ais_app_rd_u(r, 122, 5);
    b->hour = ais_app_rd_u(r, 127, 5);
    b->minute = ais_app_rd_u(r, 132, 6);
    b->availability = ais_app_rd_u(r, 138, 1);
    unsigned *svc[] = {&b->agent,      &b->fuel,       &b->chandler,    &b->stevedore,
                       &b->electrical, &b->water,      &b->customs,     &b->cartage,
                       &b->crane,      &b->lift,       &b->medical,     &b->navrepair,
                       &b->provisions, &b->shiprepair, &b->surveyor,    &b->steam,
                       &b->tugs,       &b->solidwaste, &b->liquidwaste, &b->hazardouswaste,
                       &b->ballast,    &b->additional, &b->regional1,   &b->regional2,
                       &b->future1,    &b->future2};
    for (unsigned i = 0; i < sizeof(svc) / sizeof(svc[0]); i++)
        *svc[i] = ais_app_rd_u(r, 139 + 2 * i, 2);
    AIS_APP_RD_CHARS(r, 191, b->berth_name);
    b->berth_lon = ais_app_rd_s(r, 311, 25);
    b->berth_lat = ais_app_rd_s(r, 336, 24);
}

static int imo_decode6(const struct ais_app_rd *r, struct ais_app *out)
{
    switch (out->fid) {
    case 12: { /* IMO236 dangerous cargo indication */
        struct ais_app_dangerous_cargo *d = &out->u.dangerous_cargo;
        AIS_APP_RD_CHARS(r, 88, d->lastport);
        d->lmonth = ais_app_rd_u(r, 118, 4);
        d->lday = ais_app_rd_u(r, 122, 5);
        d->lhour = ais_app_rd_u(r, 127, 5);
        d->lminute = ais_app_rd_u(r, 132, 6);
        AIS_APP_RD_CHARS(r, 138, d->nextport);
        d->nmonth = ais_app_rd_u(r, 168, 4);
        d->nday = ais_app_rd_u(r, 172, 5);
        d->nhour = ais_app_rd_u(r, 177, 5);
        d->nminute = ais_app_rd_u(r, 182, 6);
        AIS_APP_RD_CHARS(r, 188, d->dangerous);
        AIS_APP_RD_CHARS(r, 308, d->imdcat);
        d->unid = ais_app_rd_u(r, 332, 13);
        d->amount = ais_app_rd_u(r, 345, 10);
        d->unit = ais_app_rd_u(r, 355, 2);
        out->kind = AIS_APP_6_1_12;
        return 0;
    }
    case 14: /* IMO236 tidal window */
        imo_tidal14(r, &out->u.tidal);
        out->kind = AIS_APP_6_1_14;
        return 0;
    case 15: /* IMO236 extended ship static data; gpsd reads it at bit 56 */
        out->u.airdraught = ais_app_rd_u(r, 56, 11);
        out->kind = AIS_APP_6_1_15;
        return 0;
    case 16: /* persons on board: IMO289 at 136 data bits, else IMO236 */
        out->u.persons = out->bitcount == 136 ? ais_app_rd_u(r, 88, 13) : ais_app_rd_u(r, 55, 13);
        out->kind = AIS_APP_6_1_16;
        return 0;
    case 18: { /* IMO289 clearance time to enter port */
        struct ais_app_clearance *c = &out->u.clearance;
        c->linkage = ais_app_rd_u(r, 88, 10);
        c->month = ais_app_rd_u(r, 98, 4);
        c->day = ais_app_rd_u(r, 102, 5);
        c->hour = ais_app_rd_u(r, 107, 5);
        c->minute = ais_app_rd_u(r, 112, 6);
        AIS_APP_RD_CHARS(r, 118, c->portname);
        AIS_APP_RD_CHARS(r, 238, c->destination);
        c->lon = ais_app_rd_s(r, 268, 25);
        c->lat = ais_app_rd_s(r, 293, 24);
        out->kind = AIS_APP_6_1_18;
        return 0;
    }
    case 20: /* IMO289 berthing data */
        imo_berthing(r, &out->u.berthing);
        out->kind = AIS_APP_6_1_20;
        return 0;
    case 25: { /* IMO289 dangerous cargo indication */
        struct ais_app_cargo289 *c = &out->u.cargo289;
        c->unit = ais_app_rd_u(r, 88, 2);
        c->amount = ais_app_rd_u(r, 90, 10);
        unsigned u;
        for (u = 0; u < AIS_APP_CARGOS_MAX && 100 + 17 * u < r->nbits; u++) {
            c->cargos[u].code = ais_app_rd_u(r, 100 + 17 * u, 4);
            c->cargos[u].subtype = ais_app_rd_u(r, 104 + 17 * u, 13);
        }
        c->ncargos = u;
        out->kind = AIS_APP_6_1_25;
        return 0;
    }
    case 28: /* IMO289 route information, addressed */
        imo_route(r, 88, &out->u.route);
        out->kind = AIS_APP_6_1_28;
        return 0;
    case 30: /* IMO289 text description, addressed */
        out->u.text.linkage = ais_app_rd_u(r, 88, 10);
        imo_endchars(r, 98, out->u.text.text, sizeof(out->u.text.text));
        out->kind = AIS_APP_6_1_30;
        return 0;
    case 32: /* IMO289 tidal window */
        imo_tidal32(r, &out->u.tidal);
        out->kind = AIS_APP_6_1_32;
        return 0;
    default:
        return AISD_E_NOTTHIS;
    }
}

static void imo_met236(const struct ais_app_rd *r, struct ais_app_met236 *m)
{
    m->lat = ais_app_rd_s(r, 56, 24);
    m->lon = ais_app_rd_s(r, 80, 25);
    m->day = ais_app_rd_u(r, 105, 5);
    m->hour = ais_app_rd_u(r, 110, 5);
    m->minute = ais_app_rd_u(r, 115, 6);
    m->wspeed = ais_app_rd_u(r, 121, 7);
    m->wgust = ais_app_rd_u(r, 128, 7);
    m->wdir = ais_app_rd_u(r, 135, 9);
    m->wgustdir = ais_app_rd_u(r, 144, 9);
    m->airtemp = ais_app_rd_u(r, 153, 11);
    m->humidity = ais_app_rd_u(r, 164, 7);
    m->dewpoint = ais_app_rd_u(r, 171, 10);
    m->pressure = ais_app_rd_u(r, 181, 9);
    m->pressuretend = ais_app_rd_u(r, 190, 2);
    m->visibility = ais_app_rd_u(r, 192, 8);
    m->waterlevel = (int)ais_app_rd_u(r, 200, 9);
    m->leveltrend = ais_app_rd_u(r, 209, 2);
    m->cspeed = ais_app_rd_u(r, 211, 8);
    m->cdir = ais_app_rd_u(r, 219, 9);
    m->cspeed2 = ais_app_rd_u(r, 228, 8);
    m->cdir2 = ais_app_rd_u(r, 236, 9);
    m->cdepth2 = ais_app_rd_u(r, 245, 5);
    m->cspeed3 = ais_app_rd_u(r, 250, 8);
    m->cdir3 = ais_app_rd_u(r, 258, 9);
    m->cdepth3 = ais_app_rd_u(r, 267, 5);
    m->waveheight = ais_app_rd_u(r, 272, 8);
    m->waveperiod = ais_app_rd_u(r, 280, 6);
    m->wavedir = ais_app_rd_u(r, 286, 9);
    m->swellheight = ais_app_rd_u(r, 295, 8);
    m->swellperiod = ais_app_rd_u(r, 303, 6);
    m->swelldir = ais_app_rd_u(r, 309, 9);
    m->seastate = ais_app_rd_u(r, 318, 4);
    m->watertemp = ais_app_rd_u(r, 322, 10);
    m->preciptype = ais_app_rd_u(r, 332, 3);
    m->salinity = ais_app_rd_u(r, 335, 9);
    m->ice = ais_app_rd_u(r, 344, 2);
}

static void imo_met289(const struct ais_app_rd *r, struct ais_app_met289 *m)
{
    m->lon = ais_app_rd_s(r, 56, 25);
    m->lat = ais_app_rd_s(r, 81, 24);
    m->accuracy = ais_app_rd_u(r, 105, 1) != 0;
    m->day = ais_app_rd_u(r, 106, 5);
    m->hour = ais_app_rd_u(r, 111, 5);
    m->minute = ais_app_rd_u(r, 116, 6);
    m->wspeed = ais_app_rd_u(r, 122, 7);
    m->wgust = ais_app_rd_u(r, 129, 7);
    m->wdir = ais_app_rd_u(r, 136, 9);
    m->wgustdir = ais_app_rd_u(r, 145, 9);
    m->airtemp = ais_app_rd_s(r, 154, 11);
    m->humidity = ais_app_rd_u(r, 165, 7);
    m->dewpoint = ais_app_rd_s(r, 172, 10);
    m->pressure = ais_app_rd_u(r, 182, 9);
    m->pressuretend = ais_app_rd_u(r, 191, 2);
    m->visgreater = ais_app_rd_u(r, 193, 1) != 0;
    m->visibility = ais_app_rd_u(r, 194, 7);
    m->waterlevel = (int)ais_app_rd_u(r, 201, 12);
    m->leveltrend = ais_app_rd_u(r, 213, 2);
    m->cspeed = ais_app_rd_u(r, 215, 8);
    m->cdir = ais_app_rd_u(r, 223, 9);
    m->cspeed2 = ais_app_rd_u(r, 232, 8);
    m->cdir2 = ais_app_rd_u(r, 240, 9);
    m->cdepth2 = ais_app_rd_u(r, 249, 5);
    m->cspeed3 = ais_app_rd_u(r, 254, 8);
    m->cdir3 = ais_app_rd_u(r, 262, 9);
    m->cdepth3 = ais_app_rd_u(r, 271, 5);
    m->waveheight = ais_app_rd_u(r, 276, 8);
    m->waveperiod = ais_app_rd_u(r, 284, 6);
    m->wavedir = ais_app_rd_u(r, 290, 9);
    m->swellheight = ais_app_rd_u(r, 299, 8);
    m->swellperiod = ais_app_rd_u(r, 307, 6);
    m->swelldir = ais_app_rd_u(r, 313, 9);
    m->seastate = ais_app_rd_u(r, 322, 4);
    m->watertemp = ais_app_rd_s(r, 326, 10);
    m->preciptype = ais_app_rd_u(r, 336, 3);
    m->salinity = ais_app_rd_u(r, 339, 9);
    m->ice = ais_app_rd_u(r, 348, 2);
}

static void imo_targets(const struct ais_app_rd *r, struct ais_app_targets *t)
{
    unsigned u;
    for (u = 0; u < AIS_APP_TARGETS_MAX && 56 + 122 * u <= r->nbits; u++) {
        unsigned a = 56 + 122 * u;
        struct ais_app_target *g = &t->targets[u];
        g->idtype = ais_app_rd_u(r, a, 2);
        if (g->idtype <= 1)
            g->id = (uint32_t)bitreader_u(&r->br, ais_app_rd_pos(r, a + 2), 42);
        else
            AIS_APP_RD_CHARS(r, a + 2, g->idtext);
        g->lat = ais_app_rd_s(r, a + 48, 24);
        g->lon = ais_app_rd_s(r, a + 72, 25);
        g->course = ais_app_rd_u(r, a + 97, 9);
        g->second = ais_app_rd_u(r, a + 106, 6);
        g->speed = ais_app_rd_u(r, a + 112, 10);
    }
    t->ntargets = u;
}

static int imo_decode8(const struct ais_app_rd *r, struct ais_app *out)
{
    switch (out->fid) {
    case 11: /* IMO236 met/hydro */
        imo_met236(r, &out->u.met236);
        out->kind = AIS_APP_8_1_11;
        return 0;
    case 13: { /* IMO236 fairway closed */
        struct ais_app_fairway_closed *c = &out->u.fairway_closed;
        AIS_APP_RD_CHARS(r, 56, c->reason);
        AIS_APP_RD_CHARS(r, 176, c->closefrom);
        AIS_APP_RD_CHARS(r, 296, c->closeto);
        c->radius = ais_app_rd_u(r, 416, 10);
        c->extunit = ais_app_rd_u(r, 426, 2);
        c->fday = ais_app_rd_u(r, 428, 5);
        c->fmonth = ais_app_rd_u(r, 433, 4);
        c->fhour = ais_app_rd_u(r, 437, 5);
        c->fminute = ais_app_rd_u(r, 442, 6);
        c->tday = ais_app_rd_u(r, 448, 5);
        c->tmonth = ais_app_rd_u(r, 453, 4);
        c->thour = ais_app_rd_u(r, 457, 5);
        c->tminute = ais_app_rd_u(r, 462, 6);
        out->kind = AIS_APP_8_1_13;
        return 0;
    }
    case 15: /* IMO236 extended ship static data */
        out->u.airdraught = ais_app_rd_u(r, 56, 11);
        out->kind = AIS_APP_8_1_15;
        return 0;
    case 16: /* persons on board: only at gpsd's two lengths */
        if (out->bitcount == 136)
            out->u.persons = ais_app_rd_u(r, 88, 13);
        else if (out->bitcount == 72)
            out->u.persons = ais_app_rd_u(r, 55, 13);
        else
            return AISD_E_NOTTHIS;
        out->kind = AIS_APP_8_1_16;
        return 0;
    case 17: /* IMO289 VTS-generated/synthetic targets */
        imo_targets(r, &out->u.targets);
        out->kind = AIS_APP_8_1_17;
        return 0;
    case 19: { /* IMO289 marine traffic signal */
        struct ais_app_traffic_signal *s = &out->u.traffic_signal;
        s->linkage = ais_app_rd_u(r, 56, 10);
        AIS_APP_RD_CHARS(r, 66, s->station);
        s->lon = ais_app_rd_s(r, 186, 25);
        s->lat = ais_app_rd_s(r, 211, 24);
        s->status = ais_app_rd_u(r, 235, 2);
        s->signal = ais_app_rd_u(r, 237, 5);
        s->hour = ais_app_rd_u(r, 242, 5);
        s->minute = ais_app_rd_u(r, 247, 6);
        s->nextsignal = ais_app_rd_u(r, 253, 5);
        out->kind = AIS_APP_8_1_19;
        return 0;
    }
    case 27: /* IMO289 route information, broadcast */
        imo_route(r, 56, &out->u.route);
        out->kind = AIS_APP_8_1_27;
        return 0;
    case 29: /* IMO289 text description, broadcast */
        out->u.text.linkage = ais_app_rd_u(r, 56, 10);
        imo_endchars(r, 66, out->u.text.text, sizeof(out->u.text.text));
        out->kind = AIS_APP_8_1_29;
        return 0;
    case 31: /* IMO289 met/hydro */
        imo_met289(r, &out->u.met289);
        out->kind = AIS_APP_8_1_31;
        return 0;
    default:
        return AISD_E_NOTTHIS;
    }
}

int ais_app_imo_decode(const struct ais_app_rd *r, struct ais_app *out)
{
    return out->msgtype == 6 ? imo_decode6(r, out) : imo_decode8(r, out);
}
