/* encounter.c: encounter (two vessels close and slow for a sustained time,
 * away from ports and anchorages; once per pair) and loiter (one vessel slow
 * for a long time away from ports), checked on each position report against
 * the vessels in the nine grid cells around it (never all vessels).
 * Thresholds after Global Fishing Watch's event definitions, shortened for a
 * coastal station that hears every report (see docs/alerts.md). */
#include "alerts/engine_int.h"

#include "alerts/geo.h"
#include "alerts/grid.h"
#include "alerts/zone.h"

#include <math.h>

static int slow(const struct vessel *v, double max_kn)
{
    return isfinite(v->sog) && v->sog <= max_kn && v->status != 1 && v->status != 5;
}

struct near_ctx {
    const struct engine *e;
    const struct vessel *v;
    double t;
    struct vessel *best;
    double best_d;
};

static void near_cb(void *user, struct vessel *o)
{
    struct near_ctx *n = user;
    const struct engine_config *c = &n->e->cfg;
    if (o == n->v || o->invalid_mmsi || o->dark || n->t - o->t_last > c->encounter_break_s ||
        !slow(o, c->encounter_sog_kn))
        return;
    double d = geo_fast_distance_nm(n->v->lat, n->v->lon, o->lat, o->lon);
    if (d <= c->encounter_dist_nm && d < n->best_d) {
        n->best = o;
        n->best_d = d;
    }
}

/* Vessels slow by trade or leisure: fishing (30), towing (31, 32), dredging
 * (33), diving (34), military (35), sailing (36), pleasure craft (37), pilot
 * (50), SAR (51), tugs (52), port tenders (53): their slowness is not
 * loitering. */
static int slow_by_trade(int shiptype)
{
    return (shiptype >= 30 && shiptype <= 37) || (shiptype >= 50 && shiptype <= 53);
}

static void loiter(struct engine *e, struct vessel *v, double t, int near_port)
{
    const struct engine_config *c = &e->cfg;
    if (!slow(v, c->loiter_sog_kn) || near_port || slow_by_trade(v->shiptype)) {
        v->loiter_start = 0;
        v->loiter_done = 0;
        return;
    }
    if (!(v->loiter_start > 0) ||
        geo_fast_distance_nm(v->loiter_lat, v->loiter_lon, v->lat, v->lon) > c->loiter_radius_nm) {
        v->loiter_start = t;
        v->loiter_lat = v->lat;
        v->loiter_lon = v->lon;
        return;
    }
    if (!v->loiter_done && t - v->loiter_start >= c->loiter_min_s) {
        v->loiter_done = 1;
        alert_begin(e, "loiter", t, v, 0, v->lat, v->lon, 0.7);
        alert_reason(e, "slow_away_from_port");
        jbuf_num(&e->ab, "duration_s", t - v->loiter_start, 0);
        jbuf_time(&e->ab, "start", v->loiter_start);
        alert_emit(e);
    }
}

void encounter_report(struct engine *e, struct vessel *v, double t)
{
    const struct engine_config *c = &e->cfg;
    double port_d = zone_port_distance(e->zones, v->lat, v->lon, NULL);
    loiter(e, v, t, port_d <= c->port_near_nm);
    if (!slow(v, c->encounter_sog_kn) || port_d <= c->encounter_port_nm || v->invalid_mmsi) {
        if (v->enc_mmsi && t - v->enc_last > c->encounter_break_s) v->enc_mmsi = 0;
        return;
    }
    struct near_ctx n = {e, v, t, NULL, 1e9};
    grid_near(e->grid, v->lat, v->lon, near_cb, &n);
    struct vessel *o = n.best;
    if (!o) {
        if (v->enc_mmsi && t - v->enc_last > c->encounter_break_s) v->enc_mmsi = 0;
        return;
    }
    /* Silence is not separation: a fade on either ship must not break the
     * encounter. Only time with no contact at all beyond three breaks does. */
    double keep = 3 * c->encounter_break_s;
    if (v->enc_mmsi != o->mmsi || t - v->enc_last > keep) {
        v->enc_mmsi = o->mmsi;
        v->enc_start = t;
    }
    v->enc_last = t;
    if (o->enc_mmsi == v->mmsi && t - o->enc_last <= keep) {
        o->enc_last = t;
        if (o->enc_start < v->enc_start) v->enc_start = o->enc_start;
    } else {
        o->enc_mmsi = v->mmsi;
        o->enc_start = v->enc_start;
        o->enc_last = t;
    }
    double dur = t - v->enc_start;
    if (dur >= c->encounter_min_s && v->enc_done_mmsi != o->mmsi && o->enc_done_mmsi != v->mmsi) {
        v->enc_done_mmsi = o->mmsi;
        o->enc_done_mmsi = v->mmsi;
        struct vessel *a = v->mmsi < o->mmsi ? v : o, *b = a == v ? o : v;
        alert_begin(e, "encounter", t, a, 0, (a->lat + b->lat) / 2, (a->lon + b->lon) / 2, 0.75);
        alert_reason(e, "close_and_slow");
        alert_reason(e, "away_from_port");
        struct jbuf *j = &e->ab;
        jbuf_int(j, "mmsi2", b->mmsi);
        if (b->name[0]) jbuf_str(j, "name2", b->name);
        if (b->flag[0]) jbuf_str(j, "flag2", b->flag);
        jbuf_num(j, "duration_s", dur, 0);
        jbuf_time(j, "start", v->enc_start);
        jbuf_num(j, "distance_nm", n.best_d, 3);
        alert_emit(e);
    }
}
