/* spoof.c: position streams under one MMSI. A report joins the primary track
 * when it lies within the dead-reckoning gate (track_gate_nm + track_gate_kn
 * x elapsed time); otherwise it opens or joins an alternate track.
 *  - spoof.jump: an outlier that no second report backs up within
 *    jump_confirm_s (raised then, carrying the outlier's time);
 *  - spoof.mmsi_shared: both tracks keep reporting (the alternate has
 *    shared_min_reports reports and the primary was heard
 *    shared_primary_after times since the alternate began);
 *  - an alternate that goes on while the primary falls silent becomes the
 *    primary (a position reset, not a second ship);
 *  - spoof.invalid_mmsi: a position report from an MMSI that is not a ship
 *    station's (ITU-R M.585: MID 201-775 allocated; 9 digits). */
#include "alerts/engine_int.h"

#include "alerts/coverage.h"
#include "alerts/geo.h"
#include "alerts/mid.h"

#include <math.h>
#include <string.h>

void spoof_check_mmsi(struct engine *e, struct vessel *v, const struct report *r, double t)
{
    uint32_t m = v->mmsi;
    if (v->invalid_mmsi == 0 && v->nreports == 0 && !mid_valid_ship_mmsi(m)) {
        /* AIS-SART, MOB and EPIRB-AIS (97x) and auxiliary craft (98x) send
         * position reports legitimately: tracked for nothing, no alert. */
        if (m >= 970000000u && m <= 989999999u) {
            v->invalid_mmsi = 2;
            e->c.non_ship++;
            return;
        }
        v->invalid_mmsi = 1;
    }
    /* one corrupted message is not a transmitter: wait for a few reports,
     * the last inside the coverage edge (heard at least one time in two) */
    if (v->invalid_mmsi != 1 || v->nreports + 1 < e->cfg.invalid_min_reports) return;
    if (coverage_ready(e->cov) &&
        coverage_range_nm(e->cov, r->lat, r->lon) >
            coverage_edge50_nm(e->cov, coverage_cell_of(e->cov, r->lat, r->lon),
                               e->cfg.dark_min_samples))
        return;
    v->invalid_mmsi = 3;
    /* Aids to navigation (99x), coast stations (00x) and SAR aircraft (111x)
     * do not send ship position reports: wrong format for the message kind. */
    const char *why = (m >= 990000000u || m < 10000000u || (m >= 111000000u && m <= 111999999u))
                          ? "not_ship_format"
                      : m < 100000000u      ? "not_nine_digits"
                      : mid_of_mmsi(m) == 0 ? "not_ship_format"
                                            : "unallocated_mid";
    alert_begin(e, "spoof.invalid_mmsi", t, v, 0, r->lat, r->lon, 0.9);
    alert_reason(e, why);
    jbuf_int(&e->ab, "msg_type", r->type);
    jbuf_int(&e->ab, "reports", v->nreports + 1);
    alert_emit(e);
}

static double gate(const struct engine *e, double dt)
{
    return e->cfg.track_gate_nm + e->cfg.track_gate_kn * fmax(0, dt) / 3600.0;
}

static double dist_dr(double lat, double lon, double sog, double cog, double dt, double lat2,
                      double lon2)
{
    double d_st = geo_fast_distance_nm(lat, lon, lat2, lon2);
    if (!(sog > 0.1) || !isfinite(cog) || !(dt > 0)) return d_st;
    double la, lo;
    geo_dead_reckon(lat, lon, fmin(sog, 60), cog, dt, &la, &lo);
    double d_dr = geo_fast_distance_nm(la, lo, lat2, lon2);
    return fmin(d_dr, d_st); /* a vessel that stopped is also consistent */
}

static void check_shared(struct engine *e, struct vessel *v, double t)
{
    const struct engine_config *c = &e->cfg;
    if (v->shared || v->alt.n < c->shared_min_reports ||
        v->alt.primary_n < c->shared_primary_after || v->nreports < c->shared_min_reports)
        return;
    /* both tracks well inside coverage, not two fringe glimpses */
    if (coverage_ready(e->cov)) {
        int cell = coverage_cell_of(e->cov, v->lat, v->lon);
        double edge = coverage_edge50_nm(e->cov, cell, c->dark_min_samples);
        int cell2 = coverage_cell_of(e->cov, v->alt.lat, v->alt.lon);
        double edge2 = coverage_edge50_nm(e->cov, cell2, c->dark_min_samples);
        double f = c->dark_max_range_frac;
        if (coverage_range_nm(e->cov, v->lat, v->lon) > f * edge ||
            coverage_range_nm(e->cov, v->alt.lat, v->alt.lon) > f * edge2)
            return;
    }
    v->shared = 1;
    v->jump_t = 0;
    double d = geo_distance_nm(v->lat, v->lon, v->alt.lat, v->alt.lon);
    alert_begin(e, "spoof.mmsi_shared", t, v, 0, v->lat, v->lon, 0.8);
    alert_reason(e, "two_tracks");
    struct jbuf *b = &e->ab;
    jbuf_num(b, "lat2", v->alt.lat, 6);
    jbuf_num(b, "lon2", v->alt.lon, 6);
    jbuf_num(b, "distance_nm", d, 2);
    jbuf_int(b, "reports2", v->alt.n);
    jbuf_time(b, "track2_start", v->alt.t_first);
    alert_emit(e);
}

/* How long to wait for a second report from a transmitter at (lat, lon):
 * long enough that one really there would be heard again with 99 %
 * probability at the reception learned there (a cloned MMSI first glimpsed
 * at the fringe), from jump_confirm_s up to jump_confirm_max_s. */
static double confirm_wait(const struct engine *e, const struct vessel *v, double lat, double lon)
{
    double p = coverage_p(e->cov, coverage_cell_of(e->cov, lat, lon));
    double I = v->interval > 0 ? v->interval : 10;
    double w = p >= 0.999 ? 0 : p > 0 ? I * log(0.01) / log(1 - p) : INFINITY;
    return fmin(e->cfg.jump_confirm_max_s, fmax(e->cfg.jump_confirm_s, w));
}

/* How long the alternate track stays alive: track_stale_s, or longer where
 * it lies in poorly heard water. */
static double alt_stale(const struct engine *e, const struct vessel *v)
{
    if (v->alt.n == 0) return e->cfg.track_stale_s;
    return fmax(e->cfg.track_stale_s, confirm_wait(e, v, v->alt.lat, v->alt.lon));
}

int spoof_associate(struct engine *e, struct vessel *v, const struct report *r, double t)
{
    if (!(v->t_last > 0) || !isfinite(v->lat)) return 1;
    double stale = alt_stale(e, v);
    double dt = t - v->t_last;
    double d = dist_dr(v->lat, v->lon, v->sog, v->cog, dt, r->lat, r->lon);
    if (d <= gate(e, dt)) {
        if (v->alt.n > 0) {
            if (t - v->alt.t_last < stale) {
                v->alt.primary_n++;
                check_shared(e, v, t);
            } else if (!v->shared) {
                memset(&v->alt, 0, sizeof v->alt);
            }
        }
        return 1;
    }
    if (v->alt.n > 0 && t - v->alt.t_last < stale) {
        double dta = t - v->alt.t_last;
        double da = dist_dr(v->alt.lat, v->alt.lon, v->alt.sog, v->alt.cog, dta, r->lat, r->lon);
        if (da <= gate(e, dta)) {
            v->alt.t_last = t;
            v->alt.lat = r->lat;
            v->alt.lon = r->lon;
            v->alt.sog = (float)r->sog;
            v->alt.cog = (float)r->cog;
            v->alt.n++;
            if (v->jump_t > 0) v->jump_t = 0; /* backed up: not a one-off jump */
            check_shared(e, v, t);
            /* the primary fell silent while this one goes on: a reset. The
             * old primary stays as the alternate: if it reports again, the
             * MMSI has two tracks, and its next report is no jump */
            double I = v->interval > 0 ? v->interval : 10;
            if (!v->shared && v->alt.n >= 3 && t - v->t_last > fmax(60, 6 * I)) {
                struct vessel_track old = {
                    .t_first = v->t_first,
                    .t_last = v->t_last,
                    .lat = v->lat,
                    .lon = v->lon,
                    .sog = v->sog,
                    .cog = v->cog,
                    .n = 1, /* it must report again to count as a track */
                };
                v->alt = old;
                return 2;
            }
            return 0;
        }
    }
    /* a new outlier */
    memset(&v->alt, 0, sizeof v->alt);
    v->alt.t_first = v->alt.t_last = t;
    v->alt.lat = r->lat;
    v->alt.lon = r->lon;
    v->alt.sog = (float)r->sog;
    v->alt.cog = (float)r->cog;
    v->alt.n = 1;
    if (!v->shared) {
        /* the backing report may take a while where reception is poor */
        v->jump_wait = (float)confirm_wait(e, v, r->lat, r->lon);
        v->jump_t = t;
        v->jump_lat = r->lat;
        v->jump_lon = r->lon;
        v->jump_dist_nm = (float)d;
        if (t + v->jump_wait < v->deadline || !v->in_heap) {
            v->deadline = t + v->jump_wait;
            if (!v->in_heap && deadline_push(&e->dl, v->deadline, v) == 0) v->in_heap = 1;
        }
    }
    return 0;
}

double spoof_due(struct engine *e, struct vessel *v, double now)
{
    if (!(v->jump_t > 0)) return 0;
    double due = v->jump_t + v->jump_wait;
    if (now < due) return due;
    double dt = v->jump_t - v->t_last;
    double d = geo_distance_nm(v->lat, v->lon, v->jump_lat, v->jump_lon);
    double speed = dt > 1 ? d / (dt / 3600.0) : d / (1 / 3600.0);
    alert_begin(e, "spoof.jump", v->jump_t, v, 0, v->jump_lat, v->jump_lon, 0.8);
    alert_reason(e, speed > e->cfg.track_gate_kn ? "implied_speed" : "outside_dr_envelope");
    alert_reason(e, "not_confirmed");
    struct jbuf *b = &e->ab;
    jbuf_num(b, "distance_nm", d, 2);
    jbuf_num(b, "dr_miss_nm", v->jump_dist_nm, 2);
    jbuf_num(b, "implied_speed_kn", speed, 1);
    jbuf_num(b, "from_lat", v->lat, 6);
    jbuf_num(b, "from_lon", v->lon, 6);
    alert_emit(e);
    v->jump_t = 0;
    if (v->alt.n <= 1) memset(&v->alt, 0, sizeof v->alt);
    return 0;
}
