/* scenario_build.c: the built-in scenarios. "caspian": a station at Bandar
 * Anzali (Iran) on the Astrakhan-Anzali route: Russian (MID 273) and Iranian
 * (MID 422) cargo ships and a tanker, one ship going dark at sea and
 * reappearing, one dark port call at Anzali, ships in port and at anchor, a
 * class B fishing boat, edge exits, a total and a partial station outage.
 * "random": the same kinds of traffic and every kind of event, placed from the
 * seed around a station at Makhachkala. Bearings are degrees from north. */
#include "alerts/scenario_int.h"

#include "decode/err.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIN 60.0
#define HOUR 3600.0

static void polar(double r, double bearing, double *x, double *y)
{
    *x = r * sin(bearing * M_PI / 180.0);
    *y = r * cos(bearing * M_PI / 180.0);
}

static void named(struct sc_vessel *v, unsigned mmsi, const char *name, const char *cs,
                  unsigned imo, unsigned type, const char *dest)
{
    v->mmsi = mmsi;
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->callsign, sizeof v->callsign, "%s", cs);
    snprintf(v->dest, sizeof v->dest, "%s", dest);
    v->imo = imo;
    v->shiptype = type;
    v->bow = 90 + mmsi % 30;
    v->stern = 20 + mmsi % 10;
    v->port = 7 + mmsi % 3;
    v->stbd = 7 + mmsi % 4;
}

static int add_outage(struct scenario *s, const char *kind, double t0, double t1, double factor)
{
    if (s->nout >= SC_MAX_OUTAGES) return AISD_E_RANGE;
    s->out[s->nout++] = (struct sc_outage){t0, t1, factor};
    struct sc_event *e = scenario_add_event(s, kind, 0, t0, t1);
    if (!e) return AISD_E_NOMEM;
    e->factor = factor;
    return 0;
}

static int add_dark(struct scenario *s, struct sc_vessel *v, const char *kind, double t0, double t1,
                    double x, double y, const char *port)
{
    if (v->ndark >= SC_MAX_DARK) return AISD_E_RANGE;
    double iv = scenario_interval(v, t0 - 45); /* the steady one, not a turn's */
    v->dark[v->ndark++] = (struct sc_span){t0, t1};
    struct sc_event *e = scenario_add_event(s, kind, v->mmsi, t0, t1);
    if (!e) return AISD_E_NOMEM;
    e->interval = iv;
    e->x = x;
    e->y = y;
    if (port) snprintf(e->port, sizeof e->port, "%s", port);
    return 0;
}

static int add_stay(struct scenario *s, const char *kind, const struct sc_vessel *v, double t0,
                    double t1, double x, double y)
{
    struct sc_event *e = scenario_add_event(s, kind, v->mmsi, t0, t1);
    if (!e) return AISD_E_NOMEM;
    e->x = x;
    e->y = y;
    return 0;
}

static int rnd_background(struct scenario *s, unsigned n);

int scenario_build_caspian(struct scenario *s)
{
    const double T = s->duration, END = T + 600;
    snprintf(s->station, sizeof s->station, "anzali");
    s->lat0 = 37.4700;
    s->lon0 = 49.4600;
    s->nports = 1;
    s->ports[0] = (struct sc_port){"ANZALI", 0.3, 0.3, 2.0};
    s->sea_lo = -75;
    s->sea_hi = 75;
    struct sc_vessel *v;
    int rc = 0;
    double t;

    /* Inbound from Astrakhan, berths at Anzali. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 273345120, "ASTRAKHAN STAR", "UBKR4", 9274113, 70, "BANDAR ANZALI");
    scenario_add_wp(v, 0, -8, 34, 0);
    scenario_go(v, 0.6, 2.0, 10.5, 0);
    t = scenario_go(v, 0.3, 0.4, 4.0, 5);
    scenario_add_wp(v, fmax(END, t + 60), 0.3, 0.4, 5);
    rc |= add_stay(s, "port", v, t, T, 0.3, 0.4);

    /* At anchor off the port all along. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 422061700, "SAHAND 7", "EPBT2", 9167201, 70, "BANDAR ANZALI");
    scenario_add_wp(v, -HOUR, -1.5, 4.5, 1);
    scenario_add_wp(v, END, -1.45, 4.53, 1);
    rc |= add_stay(s, "anchor", v, 0, T, -1.5, 4.5);

    /* Moored in port all along. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 422112300, "DEYLAM 11", "EPCF9", 9350412, 79, "ASTRAKHAN");
    scenario_add_wp(v, -HOUR, 0.5, 0.2, 5);
    scenario_add_wp(v, END, 0.5, 0.2, 5);
    rc |= add_stay(s, "port", v, 0, T, 0.5, 0.2);

    /* Goes dark at sea 15 nm out for 90 minutes, reappears 8 nm further east. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 273298410, "VOLGA TRADER 9", "UBAQ7", 9431088, 70, "ASTRAKHAN");
    scenario_add_wp(v, -35 * MIN, 0.3, 1.0, 0); /* under way at the start */
    double t_off = scenario_go(v, 3.0, 14.5, 11.0, 0);
    scenario_add_wp(v, t_off + 90 * MIN, 10.0, 18.0, 0);
    scenario_go(v, 16.0, 50.0, 11.0, 0);
    rc |= add_dark(s, v, "dark", t_off, t_off + 90 * MIN, 3.0, 14.5, NULL);

    /* Dark port call: from the north, switches off 12 nm out, berths at Anzali
     * for an hour, leaves and switches on 10 nm north-west. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 273451930, "DERBENT TRADER 4", "UBFE2", 9512770, 79, "MAKHACHKALA");
    scenario_add_wp(v, -50 * MIN, 10.0, 30.0, 0);
    double t_dark = scenario_go(v, 3.0, 12.0, 11.0, 0);
    double t_berth = scenario_go(v, 0.3, 0.3, 10.0, 5);
    scenario_add_wp(v, t_berth + 75 * MIN, 0.3, 0.3, 5);
    double t_on = scenario_go(v, -6.0, 8.0, 10.0, 0);
    scenario_go(v, -20.0, 42.0, 11.0, 0);
    rc |= add_dark(s, v, "dark_port_call", t_dark, t_on, 3.0, 12.0, "ANZALI");

    /* Class B fishing boat working 10-15 nm north-west. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    v->class_b = 1;
    named(v, 422900150, "BAHAR 2", "EPF3312", 0, 30, "");
    v->bow = 10;
    v->stern = 4;
    v->port = v->stbd = 2;
    scenario_add_wp(v, -10 * MIN, -12, 8, 0);
    while (v->wp[v->nwp - 1].t < END && v->nwp < SC_MAX_WP - 4) {
        scenario_go(v, -9, 12, 4.0, 0);
        scenario_go(v, -10, 15, 3.0, 0);
        scenario_go(v, -10.3, 14.7, 1.0, 0); /* a short slow leg */
        scenario_go(v, -12, 8, 5.0, 0);
    }

    /* Tanker crossing east-west 20 nm out: in and out at the edge. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 422205600, "NEKA PIONEER", "EPDA4", 9388120, 80, "AKTAU");
    scenario_add_wp(v, 0, -32, 20, 0);
    scenario_go(v, 32, 20, 12.0, 0);

    /* Departs Anzali for Astrakhan after 2.5 h, fades out at the north edge. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 273314770, "KASPIY 21", "UBGH5", 9299841, 70, "ASTRAKHAN");
    scenario_add_wp(v, -HOUR, 0.8, 0.1, 5);
    scenario_add_wp(v, 150 * MIN, 0.8, 0.1, 5);
    scenario_go(v, 0.3, 1.2, 6.0, 0);
    scenario_go(v, -4, 45, 11.0, 0);
    rc |= add_stay(s, "port", v, 0, 150 * MIN, 0.8, 0.1);

    /* Inbound from the north-east, anchors. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 422330800, "GILAN 5", "EPGL1", 9411236, 70, "BANDAR ANZALI");
    scenario_add_wp(v, 60 * MIN, 18, 22, 0);
    scenario_go(v, 1.5, 5.0, 10.0, 0);
    t = scenario_go(v, 1.6, 5.1, 1.0, 1);
    scenario_add_wp(v, fmax(END, t + 60), 1.6, 5.1, 1);
    rc |= add_stay(s, "anchor", v, t, T, 1.6, 5.1);

    /* Southbound from Astrakhan towards Astara, passing through. */
    v = scenario_add_vessel(s);
    if (!v) return AISD_E_NOMEM;
    named(v, 273390250, "URAL RIVER 3", "UBHC8", 9306675, 70, "ASTARA");
    scenario_add_wp(v, 30 * MIN, 20, 40, 0);
    scenario_go(v, -25, 15, 10.0, 0);

    /* at 200 and 315 minutes of the 6 h run, and as far into a shorter or
     * longer one: at fixed times a 3 h run ended before either, and its
     * truth still expected station.degraded for them */
    double out0 = T * 200 / 360, part0 = T * 315 / 360;
    rc |= add_outage(s, "outage", out0, out0 + 12 * MIN, 0.0);
    rc |= add_outage(s, "partial_outage", part0, part0 + 12 * MIN, 0.15);
    /* background traffic on the approaches */
    if (!rc) rc = rnd_background(s, s->c.vessels);
    return rc ? AISD_E_INVAL : 0;
}

/* ---- random ---------------------------------------------------------------- */

static const unsigned caspian_mids[] = {273, 273, 273, 422, 422, 423, 436, 434};
static const char *const dests[] = {"ASTRAKHAN",    "MAKHACHKALA", "AKTAU", "BAKU",  "ANZALI",
                                    "TURKMENBASHI", "AMIRABAD",    "OLYA",  "KURYK", "NOWSHAHR"};

static struct sc_vessel *rnd_vessel(struct scenario *s, int class_b)
{
    struct rng *r = &s->build_rng;
    struct sc_vessel *v = scenario_add_vessel(s);
    if (!v) return NULL;
    v->class_b = class_b;
    unsigned type = class_b ? (rng_below(r, 2) ? 30 : 37)
                            : (rng_below(r, 4) ? 70 + (unsigned)rng_below(r, 10)
                                               : 80 + (unsigned)rng_below(r, 10));
    scenario_identity(
        v, r, caspian_mids[rng_below(r, sizeof caspian_mids / sizeof caspian_mids[0])], type);
    snprintf(v->dest, sizeof v->dest, "%s", dests[rng_below(r, 10)]);
    return v;
}

static double sea_bearing_s(struct scenario *s)
{
    return rng_range(&s->build_rng, s->sea_lo, s->sea_hi);
}

/* A bearing well inside the sea sector. */
static double inner_bearing(struct scenario *s)
{
    return rng_range(&s->build_rng, s->sea_lo + 20, s->sea_hi - 20);
}

/* A point on an inner bearing at rng_range(lo, hi) * scale from the station;
 * the bearing is drawn first (the order gcc gave these draws as the two
 * arguments of one call: see decode/rng.h). */
static void polar_inner(struct scenario *s, double lo, double hi, double scale, double *x,
                        double *y)
{
    double bearing = inner_bearing(s);
    polar(rng_range(&s->build_rng, lo, hi) * scale, bearing, x, y);
}

/* A spoofed jump is placed at least this long before the end of the run:
 * the wait for a report that would back it up (aisd's jump_confirm_max_s,
 * half an hour) and ten minutes more. */
#define JUMP_DECIDE_S (40 * MIN)

/* The spoofed report's time: the middle of [t0, t1], or the nearest minute
 * to it clear of the outages (by 30 s, the report goes out at the first
 * position report from then on): a lone report sent
 * while the station is deaf is heard by nobody, and no detector can be
 * required to see it (`-d 3h`: 2 of 15). -1 when none is. One sent at
 * reduced reception (interference, a partial outage) is in the truth as
 * allowed, not required (scenario.c scenario_write_truth). */
static double jump_time(const struct scenario *s, double t0, double t1)
{
    double mid = (t0 + t1) / 2;
    for (int k = 0; t1 > t0 && mid + k * MIN <= t1; k++)
        for (int sign = 1; sign >= -1; sign -= 2) {
            double t = mid + sign * k * MIN;
            if (t < t0 || t > t1) continue;
            int clear = 1;
            for (int i = 0; i < s->nout && clear; i++)
                clear = !(t > s->out[i].t0 - 30 && t < s->out[i].t1 + 30);
            if (clear) return t;
        }
    return -1;
}

/* Far enough from every outage for silence to be unambiguous. */
static int clear_of_outages(const struct scenario *s, double t0, double t1)
{
    for (int i = 0; i < s->nout; i++)
        if (t1 > s->out[i].t0 - 20 * MIN && t0 < s->out[i].t1 + 20 * MIN) return 0;
    return 1;
}

/* Track from the edge at bearing a to (x, y), arriving at t_arrive. */
static void from_edge(struct scenario *s, struct sc_vessel *v, double a, double x, double y,
                      double t_arrive, double kn)
{
    double ex, ey;
    polar(1.25 * s->range, a, &ex, &ey);
    double d = hypot(x - ex, y - ey);
    scenario_add_wp(v, t_arrive - d / kn * HOUR, ex, ey, 0);
    scenario_add_wp(v, t_arrive, x, y, 0);
}

static void to_edge(struct scenario *s, struct sc_vessel *v, double b, double kn)
{
    double x, y;
    polar(1.3 * s->range, b, &x, &y);
    scenario_go(v, x, y, kn, 0);
}

enum dark_kind { DK_SEA, DK_ANCHOR, DK_CLASSB, DK_FAST };

/* The kind of the i-th switch-off from the configuration. */
static enum dark_kind dark_kind_of(const struct scenario *s, unsigned i)
{
    const char *k = s->c.dark_kind;
    if (!strcmp(k, "anchor")) return DK_ANCHOR;
    if (!strcmp(k, "classb")) return DK_CLASSB;
    if (!strcmp(k, "fast")) return DK_FAST;
    if (!strcmp(k, "mix")) return (enum dark_kind)(i % 4);
    return DK_SEA;
}

/* A vessel going dark: under way at sea (DK_SEA, also every port call), at
 * anchor after 40-90 minutes there (3-minute reports), a class B CS craft
 * under way (30 s), or a fast ship (over 23 kn, 2 s). */
static int rnd_dark(struct scenario *s, int port_call, enum dark_kind kind)
{
    struct rng *r = &s->build_rng;
    const double R = s->range, T = s->duration;
    if (port_call) kind = DK_SEA;
    /* the alert comes at the threshold (6 intervals and a minute) or later: clear of outages till
     * then */
    double clear_s = kind == DK_ANCHOR ? 40 * MIN : 20 * MIN;
    for (int tries = 0; tries < 50; tries++) {
        double px, py, qx, qy, kn = rng_range(r, 9, 14);
        if (kind == DK_CLASSB) kn = rng_range(r, 5, 8);
        if (kind == DK_FAST) kn = rng_range(r, 24, 28);
        double bp = inner_bearing(s);
        polar(rng_range(r, port_call ? 0.35 : 0.3, 0.55) * R, bp, &px, &py);
        /* after an hour of traffic (runs shorter than 4 h: after 15
         * minutes, the ship heard for a while first; the window was
         * inverted there and ships went dark seconds after the start) */
        double t_off = T >= 4 * HOUR ? rng_range(r, 60 * MIN, T - 3 * HOUR)
                                     : rng_range(r, 15 * MIN, fmax(16 * MIN, T - 100 * MIN));
        double t_on, dwell_end = 0, t_berth = 0;
        const struct sc_port *pt = &s->ports[0];
        if (port_call) {
            polar_inner(s, 0.25, 0.45, R, &qx, &qy);
            t_berth = t_off + hypot(pt->x - px, pt->y - py) / 10.0 * HOUR;
            dwell_end = t_berth + rng_range(r, 60, 100) * MIN;
            t_on = dwell_end + hypot(qx - pt->x, qy - pt->y) / 10.0 * HOUR;
        } else {
            double dur = rng_range(r, 40, 120) * MIN;
            double q_bearing = bp + rng_range(r, -40, 40); /* drawn first: see rng.h */
            double q_range = rng_range(r, 0.3, 0.55) * R;
            polar(q_range, q_bearing, &qx, &qy);
            if (hypot(qx - px, qy - py) / (dur / HOUR) > 12.0) continue;
            t_on = t_off + dur;
        }
        double t_anchor = kind == DK_ANCHOR ? t_off - rng_range(r, 40, 90) * MIN : t_off;
        if (t_on > T - 20 * MIN || !clear_of_outages(s, t_off, t_off + clear_s) ||
            !clear_of_outages(s, t_on, t_on + 10 * MIN) ||
            (kind == DK_ANCHOR && t_anchor < 10 * MIN))
            continue;
        struct sc_vessel *v = rnd_vessel(s, kind == DK_CLASSB);
        if (!v) return AISD_E_NOMEM;
        from_edge(s, v, sea_bearing_s(s), px, py, t_anchor, kn);
        if (kind == DK_ANCHOR) { /* anchors, and switches off there */
            v->wp[v->nwp - 1].status = 1;
            scenario_add_wp(v, t_off, px + 0.02, py + 0.02, 0);
        }
        if (port_call) {
            scenario_add_wp(v, t_berth, pt->x, pt->y, 5);
            scenario_add_wp(v, dwell_end, pt->x, pt->y, 5);
            scenario_add_wp(v, t_on, qx, qy, 0);
        } else {
            scenario_add_wp(v, t_on, qx, qy, 0);
        }
        to_edge(s, v, sea_bearing_s(s), kn);
        return add_dark(s, v, port_call ? "dark_port_call" : "dark", t_off, t_on, px, py,
                        port_call ? pt->name : NULL);
    }
    return 0; /* no room in this configuration: skip */
}

static int rnd_transit(struct scenario *s, struct sc_vessel *v, double t_enter, double kn)
{
    struct rng *r = &s->build_rng;
    double a = sea_bearing_s(s), b;
    do
        b = sea_bearing_s(s);
    while (fabs(b - a) < 50);
    double x0, y0;
    polar(1.25 * s->range, a, &x0, &y0);
    scenario_add_wp(v, t_enter, x0, y0, 0);
    /* through a point well inside so that the chord is long */
    double mx, my;
    polar(rng_range(r, 0.1, 0.6) * s->range, (a + b) / 2, &mx, &my);
    scenario_go(v, mx, my, kn, 0);
    to_edge(s, v, b, kn);
    return 0;
}

/* Times when the vessel is within frac * range. */
static void inside_span(const struct scenario *s, const struct sc_vessel *v, double frac,
                        double *t0, double *t1)
{
    *t0 = INFINITY;
    *t1 = -INFINITY;
    for (double t = fmax(0, v->wp[0].t); t <= fmin(s->duration, v->wp[v->nwp - 1].t); t += 10) {
        double x, y, sog, cog;
        unsigned st;
        scenario_vessel_at(v, t, &x, &y, &sog, &cog, &st);
        if (hypot(x, y) < frac * s->range) {
            *t0 = fmin(*t0, t);
            *t1 = fmax(*t1, t);
        }
    }
}

/* Ordinary traffic until there are n vessels: transits, arrivals, departures,
 * ships at anchor and moored, class B craft. */
static int rnd_background(struct scenario *s, unsigned n)
{
    struct rng *r = &s->build_rng;
    const double R = s->range, T = s->duration, END = T + 600;
    int rc = 0;
    const struct sc_port *pt = &s->ports[0];
    /* shares: transit, inbound, outbound (0.45, 0.10, 0.10 by default),
     * at anchor, moored (0.13, 0.07), class B CS, SO (0.10, 0.05) */
    double th[6] = {0.45, 0.55, 0.65, 0.78, 0.85, 0.95};
    if (s->c.class_b_frac >= 0 || s->c.moored_frac >= 0) {
        double pb = s->c.class_b_frac >= 0 ? s->c.class_b_frac : 0.15;
        double pm = s->c.moored_frac >= 0 ? s->c.moored_frac : 0.20;
        double a = 1 - pb - pm;
        th[0] = a * 0.45 / 0.65;
        th[1] = a * 0.55 / 0.65;
        th[2] = a;
        th[3] = a + pm * 0.13 / 0.20;
        th[4] = a + pm;
        th[5] = a + pm + pb * 0.10 / 0.15;
    }
    while ((unsigned)s->nv < n && !rc) {
        double u = rng_uniform(r);
        struct sc_vessel *v = rnd_vessel(s, u < th[4] ? 0 : u < th[5] ? 1 : 2);
        if (!v) return AISD_E_NOMEM;
        if (u < th[0]) { /* transit */
            double kn = rng_below(r, 10) ? rng_range(r, 8, 16) : rng_range(r, 15, 25);
            rnd_transit(s, v, rng_range(r, -2 * HOUR, T - HOUR), kn);
        } else if (u < th[1]) { /* inbound, berths */
            double ta = rng_range(r, 0.1, 0.9) * T;
            double kn_in = rng_range(r, 9, 13); /* drawn first: see decode/rng.h */
            from_edge(s, v, sea_bearing_s(s), pt->x + 0.5, pt->y + 0.5, ta, kn_in);
            double berth_y = pt->y + rng_range(r, -0.3, 0.3); /* drawn first: see rng.h */
            double berth_x = pt->x + rng_range(r, -0.3, 0.3);
            double t = scenario_go(v, berth_x, berth_y, 4, 5);
            scenario_add_wp(v, fmax(END, t + 60), v->wp[v->nwp - 1].x, v->wp[v->nwp - 1].y, 5);
            rc |= add_stay(s, "port", v, t, T, v->wp[v->nwp - 1].x, v->wp[v->nwp - 1].y);
        } else if (u < th[2]) { /* outbound after a stay */
            double td = rng_range(r, 0.05, 0.8) * T;
            double x = pt->x + rng_range(r, -0.3, 0.3), y = pt->y + rng_range(r, -0.3, 0.3);
            scenario_add_wp(v, -HOUR, x, y, 5);
            scenario_add_wp(v, td, x, y, 5);
            scenario_go(v, pt->x + 0.6, pt->y + 0.6, 5, 0);
            double kn_out = rng_range(r, 9, 14); /* drawn first: see decode/rng.h */
            to_edge(s, v, sea_bearing_s(s), kn_out);
            rc |= add_stay(s, "port", v, 0, td, x, y);
        } else if (u < th[3]) { /* at anchor */
            double ax, ay;
            polar_inner(s, 3, 7, 1, &ax, &ay);
            scenario_add_wp(v, -HOUR, ax, ay, 1);
            double swing_y = rng_range(r, -0.05, 0.05); /* drawn first: see rng.h */
            double swing_x = rng_range(r, -0.05, 0.05);
            scenario_add_wp(v, END, ax + swing_x, ay + swing_y, 1);
            rc |= add_stay(s, "anchor", v, 0, T, ax, ay);
        } else if (u < th[4]) { /* moored */
            double x = pt->x + rng_range(r, -0.4, 0.4), y = pt->y + rng_range(r, -0.4, 0.4);
            scenario_add_wp(v, -HOUR, x, y, 5);
            scenario_add_wp(v, END, x, y, 5);
            rc |= add_stay(s, "port", v, 0, T, x, y);
        } else { /* class B working near the coast */
            double cx, cy;
            polar_inner(s, 4, 0.5 * R, 1, &cx, &cy);
            scenario_add_wp(v, -10 * MIN, cx, cy, 0);
            while (v->wp[v->nwp - 1].t < END && v->nwp < SC_MAX_WP - 1) {
                double x, y;
                /* slow legs never follow each other: no loitering */
                int slow = v->wp[v->nwp - 1].status == 0 && v->nwp > 1 &&
                           hypot(v->wp[v->nwp - 1].x - v->wp[v->nwp - 2].x,
                                 v->wp[v->nwp - 1].y - v->wp[v->nwp - 2].y) < 0.5;
                if (slow || rng_below(r, 4)) {
                    double leg_bearing = rng_range(r, 0, 360); /* drawn first: see rng.h */
                    double leg_nm = rng_range(r, 1, 4);
                    polar(leg_nm, leg_bearing, &x, &y);
                    scenario_go(v, cx + x, cy + y, rng_range(r, 3, 7), 0);
                } else { /* a short slow leg (180 s reports), too short to loiter */
                    const struct sc_wp *p = &v->wp[v->nwp - 1];
                    double leg_bearing = rng_range(r, 0, 360); /* drawn first: see rng.h */
                    double leg_nm = rng_range(r, 0.2, 0.4);
                    polar(leg_nm, leg_bearing, &x, &y);
                    scenario_go(v, p->x + x, p->y + y, 1.0, 0);
                }
            }
            if (v->wp[v->nwp - 1].t < END)
                scenario_add_wp(v, END, v->wp[v->nwp - 1].x, v->wp[v->nwp - 1].y, 0);
        }
    }
    return rc;
}

int scenario_build_random(struct scenario *s)
{
    struct rng *r = &s->build_rng;
    const double R = s->range, T = s->duration, END = T + 600;
    snprintf(s->station, sizeof s->station, "makhachkala");
    s->lat0 = 42.9700;
    s->lon0 = 47.5000;
    s->nports = 1;
    s->ports[0] = (struct sc_port){"MAKHACHKALA", 1.0, 0.3, 2.0};
    s->sea_lo = 20;
    s->sea_hi = 160;
    int rc = 0;
    unsigned n = s->c.vessels ? s->c.vessels : 40;

    double o0 = rng_range(r, 0.45, 0.6) * T;
    double o0_end = o0 + rng_range(r, 8, 15) * MIN;
    rc |= add_outage(s, "outage", o0, o0_end, 0.0);
    /* the partial outage at least 5 minutes after the total one: in runs
     * under 3 h the two overlapped (`-d 1h` seed 208), and a station still
     * deaf from the first cannot say the second began */
    double o1 = fmax(rng_range(r, 0.72, 0.82) * T, o0_end + 5 * MIN);
    rc |= add_outage(s, "partial_outage", o1, o1 + rng_range(r, 10, 15) * MIN, 0.15);

    unsigned ndark = n / 10 > 2 ? n / 10 : 2;
    for (unsigned i = 0; i < ndark && !rc; i++)
        rc = rnd_dark(s, 0, dark_kind_of(s, i));
    for (unsigned i = 0; i < (n >= 50 ? 2u : 1u) && !rc; i++)
        rc = rnd_dark(s, 1, DK_SEA);
    if (rc) return rc;

    /* encounter: two ships meet and drift together for 50 minutes */
    {
        double mx, my, tm = rng_range(r, 60 * MIN, T - 2 * HOUR);
        polar_inner(s, 0.35, 0.6, R, &mx, &my);
        if (!rnd_vessel(s, 0)) return AISD_E_NOMEM;
        int ia = s->nv - 1;
        struct sc_vessel *b = rnd_vessel(s, 0);
        if (!b) return AISD_E_NOMEM;
        struct sc_vessel *a = &s->v[ia]; /* after the second add: s->v may move */
        from_edge(s, a, sea_bearing_s(s), mx - 0.05, my, tm, 11);
        from_edge(s, b, sea_bearing_s(s), mx + 0.05, my, tm, 10);
        scenario_add_wp(a, tm + 50 * MIN, mx - 0.04, my + 0.03, 0);
        scenario_add_wp(b, tm + 50 * MIN, mx + 0.06, my + 0.03, 0);
        to_edge(s, a, sea_bearing_s(s), 11);
        to_edge(s, b, sea_bearing_s(s), 10);
        struct sc_event *e = scenario_add_event(s, "encounter", a->mmsi, tm, tm + 50 * MIN);
        if (!e) return AISD_E_NOMEM;
        e->mmsi2 = b->mmsi;
        e->x = mx;
        e->y = my;
    }
    /* loiter: 90 minutes around a 0.3 nm square */
    {
        double lx, ly, tl = rng_range(r, 60 * MIN, T - 2.5 * HOUR);
        polar_inner(s, 0.3, 0.6, R, &lx, &ly);
        struct sc_vessel *v = rnd_vessel(s, 0);
        if (!v) return AISD_E_NOMEM;
        from_edge(s, v, sea_bearing_s(s), lx, ly, tl, 10);
        scenario_add_wp(v, tl + 22.5 * MIN, lx + 0.3, ly, 0);
        scenario_add_wp(v, tl + 45 * MIN, lx + 0.3, ly + 0.3, 0);
        scenario_add_wp(v, tl + 67.5 * MIN, lx, ly + 0.3, 0);
        scenario_add_wp(v, tl + 90 * MIN, lx, ly, 0);
        to_edge(s, v, sea_bearing_s(s), 10);
        rc |= add_stay(s, "loiter", v, tl, tl + 90 * MIN, lx, ly);
    }
    /* spoofed jump: one report 40 nm from where the ship is, in the middle
     * of its time inside coverage, or of the part of it that leaves
     * JUMP_DECIDE_S of the run: a detector has to wait for the report that
     * would back up a transmitter really there (at the fringe, where
     * reception is poor, up to half an hour), so a jump in the last
     * minutes of a run cannot be told from a glimpse and is not put there.
     * In runs shorter than 4 h the ship is already under way when the run
     * starts (entering up to two hours before): entering after it, it
     * reached the middle of its span in the last half hour (`-d 3h`: 9 of
     * 10 jumps, the other 6 runs had none). */
    {
        struct sc_vessel *v = rnd_vessel(s, 0);
        if (!v) return AISD_E_NOMEM;
        /* the speed drawn first, as gcc evaluated the one call before */
        double kn = rng_range(r, 9, 15);
        double t_enter = T >= 4 * HOUR ? rng_range(r, 0, 0.5 * T) : rng_range(r, -2 * HOUR, 0);
        rnd_transit(s, v, t_enter, kn);
        double t0, t1;
        inside_span(s, v, 0.6, &t0, &t1);
        if ((t0 + t1) / 2 > T - JUMP_DECIDE_S) t1 = T - JUMP_DECIDE_S;
        double tj = jump_time(s, t0, t1);
        if (tj >= 0) {
            double x, y, sog, cog;
            unsigned st;
            scenario_vessel_at(v, tj, &x, &y, &sog, &cog, &st);
            v->t_jump = tj;
            polar(40, rng_range(r, 0, 360), &v->jump_x, &v->jump_y);
            v->jump_x += x;
            v->jump_y += y;
            rc |= add_stay(s, "jump", v, tj, tj + 60, v->jump_x, v->jump_y);
        }
    }
    /* identity change: an anchored ship renames itself */
    {
        struct sc_vessel *v = rnd_vessel(s, 0);
        if (!v) return AISD_E_NOMEM;
        double ax, ay;
        polar_inner(s, 3, 6, 1, &ax, &ay);
        scenario_add_wp(v, -HOUR, ax, ay, 1);
        scenario_add_wp(v, END, ax + 0.02, ay + 0.02, 1);
        v->t_id = rng_range(r, 0.3, 0.6) * T;
        struct sc_vessel tmp = *v;
        scenario_identity(&tmp, r, v->mmsi / 1000000, v->shiptype);
        snprintf(v->name2, sizeof v->name2, "%s", tmp.name);
        snprintf(v->callsign2, sizeof v->callsign2, "%s", tmp.callsign);
        rc |= add_stay(s, "identity_change", v, v->t_id, v->t_id + 6 * MIN, ax, ay);
        rc |= add_stay(s, "anchor", v, 0, T, ax, ay);
    }
    /* shared MMSI: two ships with one (cloned) identity, 15+ nm apart */
    {
        if (!rnd_vessel(s, 0)) return AISD_E_NOMEM;
        int ia = s->nv - 1;
        struct sc_vessel *a = &s->v[ia];
        /* runs shorter than 4 h: under way before the run starts, so that
         * both tracks reach well-covered water (from the edge to 0.35-0.45
         * of the range takes about 2.4 h at 10 kn; entering after the start,
         * `-d 3h` heard them only at the fringe, and an alert came, if at
         * all, in the last minutes: 5 of 16 seeds none once the loss draws
         * changed) */
        double t_enter =
            T >= 4 * HOUR ? rng_range(r, 0, 0.4 * T) : rng_range(r, -2 * HOUR, 0.4 * T - 2 * HOUR);
        scenario_add_wp(a, t_enter, 1.25 * R * sin(30 * M_PI / 180),
                        1.25 * R * cos(30 * M_PI / 180), 0);
        scenario_go(a, 0.35 * R, 0.45 * R, 10, 0);
        to_edge(s, a, 70, 10);
        struct sc_vessel *b = scenario_add_vessel(s);
        if (!b) return AISD_E_NOMEM;
        a = &s->v[ia];
        *b = *a; /* the clone: same MMSI and static data, its own track */
        b->nwp = 0;
        b->ndark = 0;
        scenario_add_wp(b, t_enter + 10 * MIN, 1.25 * R * sin(150 * M_PI / 180),
                        1.25 * R * cos(150 * M_PI / 180), 0);
        scenario_go(b, 0.35 * R, -0.45 * R, 10, 0);
        to_edge(s, b, 110, 10);
        double a0, a1, b0, b1;
        inside_span(s, a, 1.3, &a0, &a1); /* from when either can be heard */
        inside_span(s, b, 1.3, &b0, &b1);
        if (fmin(a1, b1) > fmax(a0, b0)) {
            struct sc_event *e =
                scenario_add_event(s, "mmsi_shared", a->mmsi, fmax(a0, b0), fmin(a1, b1));
            if (!e) return AISD_E_NOMEM;
        }
    }
    /* invalid MMSIs: not a ship station's format (1xx...), and an unallocated MID (200) */
    for (int k = 0; k < 2; k++) {
        struct sc_vessel *v = rnd_vessel(s, 0);
        if (!v) return AISD_E_NOMEM;
        v->mmsi = (k ? 200000000u : 123000000u) + (unsigned)rng_below(r, 1000000);
        rnd_transit(s, v, rng_range(r, 0, 0.6 * T), 11);
        double t0, t1;
        inside_span(s, v, 1.3, &t0, &t1);
        if (t1 > t0) rc |= add_stay(s, "invalid_mmsi", v, t0, t1, NAN, NAN);
    }
    rc |= rnd_background(s, n);
    return rc ? AISD_E_INVAL : 0;
}
