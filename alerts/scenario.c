/* scenario.c: the scenario model: vessel kinematics and reporting intervals,
 * the reception model, stepping through every transmission in time order,
 * edge exits found from the tracks, and the ground truth as JSON lines. */
#include "alerts/scenario_int.h"

#include "alerts/engine.h"

#include "decode/err.h"
#include "decode/log.h"
#include "decode/utc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STATIC_INTERVAL_S 360.0
#define FADE_RATE_S 2700.0 /* one fade per 45 min per vessel on average */
#define FADE_MEAN_S 100.0
#define FADE_FACTOR 0.05 /* flatfades: reception in a fade, whatever the range */
/* Reception is a logistic curve of the link margin, 1 / (1 + exp(-z)), with
 * z the margin in units of RX_UNIT_DB: path loss over the sea falls off at
 * RX_DB_PER_DECADE (two-ray propagation beyond the breakpoint), and the
 * margin is zero at range_nm, where half the reports are heard. One unit
 * (1.4 dB) makes the fall-off around range_nm as steep as 8 % of the range
 * per unit. A fade (multipath, the ship's own superstructure, another
 * hull in the way) lowers the margin by a depth drawn half-normal with
 * FADE_DEPTH_SD units (about 4 dB, sea-path shadowing is 3-5 dB): at the
 * fringe most fades lose reports, at 0.9 x range_nm one fade in 6 drops
 * reception below 5 %, at 0.75 one in 30, half-way out one in 9000. Loss is
 * bursty and heavier with range, as on a real coastal station. */
#define RX_DB_PER_DECADE 40.0
#define RX_UNIT_DB 1.39
#define FADE_DEPTH_SD 3.0

static const char *const names[] = {"caspian", "random", NULL};

struct scenario_config scenario_config_default(void)
{
    struct scenario_config c = {
        .name = "caspian",
        .seed = 1,
        .vessels = 40,
        .loss = SCENARIO_LOSS_BURSTY,
        .range_nm = 35.0,
        .start_ms = 1795327200000LL, /* 2026-11-22T06:00:00Z */
        .station_lat = NAN,
        .station_lon = NAN,
        .class_b_frac = -1,
        .moored_frac = -1,
    };
    return c;
}

const char *const *scenario_names(void)
{
    return names;
}

int scenario_dark_kind_valid(const char *name)
{
    static const char *const kinds_ok[] = {"", "sea", "anchor", "classb", "fast", "mix"};
    for (size_t i = 0; i < sizeof kinds_ok / sizeof kinds_ok[0]; i++)
        if (name && !strcmp(name, kinds_ok[i])) return 1;
    return 0;
}

int scenario_loss_parse(const char *name, enum scenario_loss *loss)
{
    if (!name) return AISD_E_INVAL;
    if (!strcmp(name, "none"))
        *loss = SCENARIO_LOSS_NONE;
    else if (!strcmp(name, "range"))
        *loss = SCENARIO_LOSS_RANGE;
    else if (!strcmp(name, "bursty"))
        *loss = SCENARIO_LOSS_BURSTY;
    else if (!strcmp(name, "flatfades"))
        *loss = SCENARIO_LOSS_FLAT;
    else
        return AISD_E_INVAL;
    return 0;
}

struct sc_vessel *scenario_add_vessel(struct scenario *s)
{
    if (s->nv == s->vcap) {
        int cap = s->vcap ? 2 * s->vcap : 32;
        struct sc_vessel *v = realloc(s->v, (size_t)cap * sizeof *v);
        if (!v) return NULL;
        s->v = v;
        s->vcap = cap;
    }
    struct sc_vessel *v = &s->v[s->nv++];
    memset(v, 0, sizeof *v);
    v->t_id = -1;
    v->t_jump = -1;
    return v;
}

struct sc_event *scenario_add_event(struct scenario *s, const char *kind, unsigned mmsi, double t0,
                                    double t1)
{
    if (s->nev == s->evcap) {
        int cap = s->evcap ? 2 * s->evcap : 32;
        struct sc_event *e = realloc(s->ev, (size_t)cap * sizeof *e);
        if (!e) return NULL;
        s->ev = e;
        s->evcap = cap;
    }
    struct sc_event *e = &s->ev[s->nev++];
    memset(e, 0, sizeof *e);
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    e->mmsi = mmsi;
    e->t0 = t0;
    e->t1 = t1;
    e->x = e->y = NAN;
    return e;
}

int scenario_add_wp(struct sc_vessel *v, double t, double x, double y, unsigned status)
{
    if (v->nwp >= SC_MAX_WP) return AISD_E_RANGE;
    v->wp[v->nwp++] = (struct sc_wp){t, x, y, status};
    return 0;
}

double scenario_go(struct sc_vessel *v, double x, double y, double kn, unsigned status)
{
    const struct sc_wp *p = &v->wp[v->nwp - 1];
    double d = hypot(x - p->x, y - p->y);
    double t = p->t + (kn > 0 ? d / kn * 3600.0 : 0);
    scenario_add_wp(v, t, x, y, status);
    return t;
}

int scenario_vessel_at(const struct sc_vessel *v, double t, double *x, double *y, double *sog,
                       double *cog, unsigned *status)
{
    if (v->nwp == 0 || t < v->wp[0].t || t > v->wp[v->nwp - 1].t) return -1;
    int i = 0;
    while (i + 1 < v->nwp && t >= v->wp[i + 1].t)
        i++;
    const struct sc_wp *a = &v->wp[i];
    if (i + 1 >= v->nwp) { /* at the last waypoint */
        *x = a->x;
        *y = a->y;
        *sog = 0;
        *cog = 0;
        *status = a->status;
        return 0;
    }
    const struct sc_wp *b = &v->wp[i + 1];
    double dt = b->t - a->t, f = dt > 0 ? (t - a->t) / dt : 0;
    *x = a->x + f * (b->x - a->x);
    *y = a->y + f * (b->y - a->y);
    double d = hypot(b->x - a->x, b->y - a->y);
    *sog = dt > 0 ? d / dt * 3600.0 : 0;
    double c = atan2(b->x - a->x, b->y - a->y) * 180.0 / M_PI;
    *cog = c < 0 ? c + 360.0 : c;
    *status = a->status;
    return 0;
}

static double leg_course(const struct sc_wp *a, const struct sc_wp *b)
{
    return atan2(b->x - a->x, b->y - a->y) * 180.0 / M_PI;
}

double scenario_turn_rate(const struct sc_vessel *v, double t)
{
    for (int i = 1; i + 1 < v->nwp; i++) {
        if (fabs(t - v->wp[i].t) >= 30.0) continue;
        const struct sc_wp *a = &v->wp[i - 1], *b = &v->wp[i], *c = &v->wp[i + 1];
        if (hypot(b->x - a->x, b->y - a->y) < 0.01 || hypot(c->x - b->x, c->y - b->y) < 0.01)
            return 0; /* a stop, not a turn */
        double d = fmod(leg_course(b, c) - leg_course(a, b) + 540.0, 360.0) - 180.0;
        return fabs(d) > 10.0 ? d : 0.0; /* the turn spread over a minute: deg/min */
    }
    return 0;
}

double scenario_interval(const struct sc_vessel *v, double t)
{
    double x, y, sog, cog;
    unsigned st;
    if (scenario_vessel_at(v, t, &x, &y, &sog, &cog, &st) < 0) return 10.0;
    if (v->class_b == 1) return sog > 2.0 ? 30.0 : 180.0; /* CS */
    if (v->class_b == 2)                                  /* SO */
        return sog > 23.0 ? 5.0 : sog > 14.0 ? 15.0 : sog > 2.0 ? 30.0 : 180.0;
    if ((st == 1 || st == 5) && sog <= 3.0) return 180.0;
    int turning = sog > 1.0 && scenario_turn_rate(v, t) != 0;
    if (sog > 23.0) return 2.0;
    if (sog > 14.0) return turning ? 2.0 : 6.0;
    return turning ? 10.0 / 3.0 : 10.0;
}

int scenario_is_dark(const struct sc_vessel *v, double t)
{
    for (int i = 0; i < v->ndark; i++)
        if (t >= v->dark[i].t0 && t < v->dark[i].t1) return 1;
    return 0;
}

static const char *const name_a[] = {"VOLGA",  "KASPIY", "ASTRAKHAN", "DERBENT", "SULAK",  "TEREK",
                                     "DEYLAM", "GILAN",  "SAHAND",    "BAHAR",   "ALBORZ", "KARUN",
                                     "NEKA",   "ARAZ",   "SEFID",     "URAL"};
static const char *const name_b[] = {"STAR",   "TRADER",  "PIONEER", "RIVER", "SEA",    "WAVE",
                                     "SPIRIT", "HORIZON", "GLORY",   "LINK",  "BREEZE", "EXPRESS"};

void scenario_identity(struct sc_vessel *v, struct rng *r, unsigned mid, unsigned shiptype)
{
    v->mmsi = mid * 1000000u + 100000u + (unsigned)rng_below(r, 900000);
    v->imo = v->class_b ? 0 : 9100000u + (unsigned)rng_below(r, 890000);
    v->shiptype = shiptype;
    unsigned name_n = (unsigned)rng_below(r, 40) + 1; /* in this order: see rng.h */
    const char *second = name_b[rng_below(r, 12)];
    const char *first = name_a[rng_below(r, 16)];
    snprintf(v->name, sizeof v->name, "%s %s %u", first, second, name_n);
    const char *pfx = mid == 273 ? "UB" : mid == 422 ? "EP" : "4J";
    snprintf(v->callsign, sizeof v->callsign, "%s%04u", pfx, (unsigned)rng_below(r, 10000));
    v->bow = v->class_b ? 8 + (unsigned)rng_below(r, 10) : 60 + (unsigned)rng_below(r, 60);
    v->stern = v->class_b ? 3 + (unsigned)rng_below(r, 4) : 15 + (unsigned)rng_below(r, 20);
    v->port = v->class_b ? 2 : 6 + (unsigned)rng_below(r, 5);
    v->stbd = v->class_b ? 2 : 6 + (unsigned)rng_below(r, 5);
}

/* Poisson fades per vessel (bursty loss), each with its depth. */
static int build_fades(struct scenario *s)
{
    if (s->c.loss != SCENARIO_LOSS_BURSTY && s->c.loss != SCENARIO_LOSS_FLAT) return 0;
    for (int i = 0; i < s->nv; i++) {
        struct sc_vessel *v = &s->v[i];
        int cap = 0;
        for (double t = rng_exp(&s->loss_rng, FADE_RATE_S); t < s->duration;
             t += rng_exp(&s->loss_rng, FADE_RATE_S)) {
            double d = fmin(300.0, fmax(30.0, rng_exp(&s->loss_rng, FADE_MEAN_S)));
            double depth = fabs(rng_normal(&s->loss_rng)) * FADE_DEPTH_SD;
            if (v->nfade == cap) {
                cap = cap ? 2 * cap : 8;
                struct sc_fade *f = realloc(v->fade, (size_t)cap * sizeof *f);
                if (!f) return AISD_E_NOMEM;
                v->fade = f;
            }
            v->fade[v->nfade++] = (struct sc_fade){t, t + d, depth};
            t += d;
        }
    }
    return 0;
}

/* Station-wide interference (bursty loss): two periods of half reception,
 * clear of the scripted outages. */
static int build_interference(struct scenario *s)
{
    if (s->c.loss != SCENARIO_LOSS_BURSTY && s->c.loss != SCENARIO_LOSS_FLAT) return 0;
    for (int k = 0, tries = 0; k < 2 && tries < 100 && s->nout < SC_MAX_OUTAGES; tries++) {
        double t0 = rng_range(&s->loss_rng, 0.15, 0.95) * s->duration;
        double t1 = t0 + rng_range(&s->loss_rng, 4, 8) * 60.0;
        int clash = t1 > s->duration;
        for (int i = 0; i < s->nout && !clash; i++)
            clash = t1 > s->out[i].t0 - 1200 && t0 < s->out[i].t1 + 1200;
        if (clash) continue;
        s->out[s->nout++] = (struct sc_outage){t0, t1, 0.5};
        struct sc_event *e = scenario_add_event(s, "interference", 0, t0, t1);
        if (!e) return AISD_E_NOMEM;
        e->factor = 0.5;
        k++;
    }
    return 0;
}

/* Edge exits: a transmitting vessel moving out through 0.8 R to 1.25 R. */
static int find_edge_exits(struct scenario *s)
{
    int n0 = s->nv;
    for (int i = 0; i < n0; i++) {
        const struct sc_vessel *v = &s->v[i];
        double t_in = -1, prev_r = -1;
        for (double t = v->wp[0].t; t <= v->wp[v->nwp - 1].t && t <= s->duration; t += 10) {
            double x, y, sog, cog;
            unsigned st;
            scenario_vessel_at(v, t, &x, &y, &sog, &cog, &st);
            double r = hypot(x, y);
            if (prev_r >= 0 && prev_r < 0.8 * s->range && r >= 0.8 * s->range &&
                !scenario_is_dark(v, t))
                t_in = t;
            if (t_in >= 0 && r >= 1.25 * s->range) {
                struct sc_event *e = scenario_add_event(s, "edge_exit", v->mmsi, t_in, t);
                if (!e) return AISD_E_NOMEM;
                e->x = x;
                e->y = y;
                t_in = -1;
            }
            prev_r = r;
        }
        if (t_in >= 0) {
            struct sc_event *e = scenario_add_event(s, "edge_exit", v->mmsi, t_in, -1);
            if (!e) return AISD_E_NOMEM;
        }
    }
    return 0;
}

static int cmp_event(const void *a, const void *b)
{
    const struct sc_event *x = a, *y = b;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0 ? 1 : strcmp(x->kind, y->kind);
}

struct scenario *scenario_create(const struct scenario_config *c)
{
    struct scenario_config d = scenario_config_default();
    if (!c) c = &d;
    if (c->duration_s < 0 || !(c->range_nm > 1)) {
        log_error("scenario: need duration >= 0 and range_nm > 1");
        return NULL;
    }
    if (isfinite(c->station_lat) != isfinite(c->station_lon) ||
        (isfinite(c->station_lat) &&
         !(fabs(c->station_lat) <= 80 && fabs(c->station_lon) <= 180)) ||
        c->class_b_frac > 1 || c->moored_frac > 1 ||
        (c->class_b_frac > 0 ? c->class_b_frac : 0) + (c->moored_frac > 0 ? c->moored_frac : 0) >
            1 ||
        !scenario_dark_kind_valid(c->dark_kind)) {
        log_error("scenario: station within 80 degrees of the equator (both or neither given), "
                  "class_b_frac + moored_frac <= 1, dark kind sea, anchor, classb, fast or mix");
        return NULL;
    }
    struct scenario *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->c = *c;
    s->range = c->range_nm;
    s->duration = c->duration_s > 0 ? c->duration_s : 6 * 3600.0;
    rng_seed(&s->build_rng, c->seed);
    rng_seed(&s->loss_rng, c->seed ^ 0x10551055ull);
    int rc;
    if (!strcmp(c->name, "caspian"))
        rc = scenario_build_caspian(s);
    else if (!strcmp(c->name, "random"))
        rc = scenario_build_random(s);
    else {
        log_error("scenario: unknown scenario '%s' (caspian, random)", c->name);
        rc = AISD_E_INVAL;
    }
    if (!rc && isfinite(c->station_lat)) {
        s->lat0 = c->station_lat;
        s->lon0 = c->station_lon;
    }
    if (!rc) rc = build_fades(s);
    if (!rc) rc = build_interference(s);
    if (!rc) rc = find_edge_exits(s);
    if (rc) {
        scenario_destroy(s);
        return NULL;
    }
    if (c->station[0]) snprintf(s->station, sizeof s->station, "%s", c->station);
    for (int i = 0; i < s->nv; i++) {
        struct sc_vessel *v = &s->v[i];
        double t0 = fmax(0.0, v->wp[0].t);
        v->next_pos = t0 + rng_range(&s->build_rng, 0, scenario_interval(v, t0));
        v->next_static = t0 + rng_range(&s->build_rng, 0, 60.0);
        v->chan = (int)rng_below(&s->build_rng, 2);
    }
    qsort(s->ev, (size_t)s->nev, sizeof *s->ev, cmp_event);
    s->st.vessels = (uint64_t)s->nv;
    s->st.events = (uint64_t)s->nev;
    return s;
}

void scenario_destroy(struct scenario *s)
{
    if (!s) return;
    for (int i = 0; i < s->nv; i++)
        free(s->v[i].fade);
    free(s->v);
    free(s->ev);
    free(s);
}

/* Reception probability of a transmission from (x, y) at t. */
static double p_receive(const struct scenario *s, const struct sc_vessel *v, double t, double x,
                        double y)
{
    double r = hypot(x, y);
    double p;
    if (s->c.loss == SCENARIO_LOSS_NONE) {
        p = r <= s->range ? 1.0 : 0.0;
    } else {
        double pn = s->c.loss == SCENARIO_LOSS_RANGE ? 0.98 : 0.97; /* slot collisions */
        double z = RX_DB_PER_DECADE * log10(s->range / fmax(r, 0.01 * s->range)) / RX_UNIT_DB;
        double f = 1.0;
        for (int i = 0; i < v->nfade; i++)
            if (t >= v->fade[i].t0 && t < v->fade[i].t1) {
                if (s->c.loss == SCENARIO_LOSS_FLAT)
                    f = FADE_FACTOR;
                else
                    z -= v->fade[i].depth;
            }
        p = f * pn / (1.0 + exp(-z));
    }
    for (int i = 0; i < s->nout; i++)
        if (t >= s->out[i].t0 && t < s->out[i].t1) p *= s->out[i].factor;
    return p;
}

static int deg_to_min10000(double deg)
{
    return (int)lround(deg * 600000.0);
}

static void xy_to_latlon(const struct scenario *s, double x, double y, double *lat, double *lon)
{
    *lat = s->lat0 + y / 60.0;
    *lon = s->lon0 + x / (60.0 * cos(s->lat0 * M_PI / 180.0));
    if (*lon > 180) *lon -= 360; /* a station near the date line */
    if (*lon < -180) *lon += 360;
}

static void build_position(const struct scenario *s, const struct sc_vessel *v, double t, double x,
                           double y, double sog, double cog, unsigned st, struct ais_msg *m)
{
    double lat, lon;
    xy_to_latlon(s, x, y, &lat, &lon);
    memset(m, 0, sizeof *m);
    m->mmsi = v->mmsi;
    unsigned second = (unsigned)fmod(floor((double)s->c.start_ms / 1000.0 + t), 60.0);
    unsigned speed = (unsigned)lround(sog * 10.0);
    unsigned course = (unsigned)lround(cog * 10.0) % 3600;
    unsigned heading = sog > 0.5 ? (unsigned)lround(cog) % 360 : (unsigned)(v->mmsi % 360);
    if (v->class_b) {
        m->type = 18;
        struct ais_type18 *p = &m->type18;
        p->speed = speed;
        p->accuracy = 0;
        p->lon = deg_to_min10000(lon);
        p->lat = deg_to_min10000(lat);
        p->course = course;
        p->heading = 511;
        p->second = second;
        p->cs = v->class_b == 1; /* carrier sense (CS) or self-organising (SO) */
        p->band = 1;
        p->msg22 = 1;
        p->radio = 0xE0006;
    } else {
        m->type = 1;
        struct ais_type1 *p = &m->type1;
        p->status = st;
        double rot = scenario_turn_rate(v, t); /* ROT indicator: 4.733 sqrt(deg/min) */
        p->turn = rot == 0 ? 0 : (int)lround(copysign(fmin(126.0, 4.733 * sqrt(fabs(rot))), rot));
        p->speed = speed;
        p->accuracy = 1;
        p->lon = deg_to_min10000(lon);
        p->lat = deg_to_min10000(lat);
        p->course = course;
        p->heading = heading;
        p->second = second;
        p->radio = (v->mmsi * 2654435761u) & 0x7FFFF;
    }
}

static void build_static(const struct scenario *s, const struct sc_vessel *v, double t, int part_b,
                         struct ais_msg *m)
{
    int changed = v->t_id >= 0 && t >= v->t_id;
    const char *name = changed ? v->name2 : v->name;
    const char *cs = changed && v->callsign2[0] ? v->callsign2 : v->callsign;
    memset(m, 0, sizeof *m);
    m->mmsi = v->mmsi;
    if (v->class_b) {
        m->type = 24;
        struct ais_type24 *p = &m->type24;
        if (!part_b) {
            p->part = AIS_T24_PART_A;
            snprintf(p->shipname, sizeof p->shipname, "%s", name);
        } else {
            p->part = AIS_T24_PART_B;
            p->shiptype = v->shiptype;
            snprintf(p->vendorid, sizeof p->vendorid, "SIM");
            p->model = 1;
            p->serial = v->mmsi & 0xFFFFF;
            snprintf(p->callsign, sizeof p->callsign, "%s", cs);
            p->to_bow = v->bow;
            p->to_stern = v->stern;
            p->to_port = v->port;
            p->to_starboard = v->stbd;
        }
        return;
    }
    m->type = 5;
    struct ais_type5 *p = &m->type5;
    p->imo = v->imo;
    snprintf(p->callsign, sizeof p->callsign, "%s", cs);
    snprintf(p->shipname, sizeof p->shipname, "%s", name);
    p->shiptype = v->shiptype;
    p->to_bow = v->bow;
    p->to_stern = v->stern;
    p->to_port = v->port;
    p->to_starboard = v->stbd;
    p->epfd = 1;
    time_t eta = (time_t)(s->c.start_ms / 1000) + 86400;
    struct tm tm;
    gmtime_r(&eta, &tm);
    p->month = (unsigned)tm.tm_mon + 1;
    p->day = (unsigned)tm.tm_mday;
    p->hour = 12;
    p->minute = 0;
    p->draught = 40 + v->bow % 30;
    snprintf(p->destination, sizeof p->destination, "%s", v->dest);
}

int scenario_next(struct scenario *s, struct scenario_msg *out)
{
    for (;;) {
        int best = -1;
        double bt = INFINITY;
        for (int i = 0; i < s->nv; i++) {
            struct sc_vessel *v = &s->v[i];
            double t = fmin(v->next_pos, v->next_static);
            if (t < bt) {
                bt = t;
                best = i;
            }
        }
        if (best < 0 || bt > s->duration) return 0;
        struct sc_vessel *v = &s->v[best];
        double t = bt;
        double x, y, sog, cog;
        unsigned st;
        int present = scenario_vessel_at(v, t, &x, &y, &sog, &cog, &st) == 0;
        int is_static = v->next_static <= v->next_pos;
        int part_b = v->part_b_due;
        if (is_static) {
            if (v->class_b && !part_b) {
                v->part_b_due = 1;
                v->next_static = t + 0.5 + rng_range(&s->build_rng, 0, 1.0);
            } else {
                v->part_b_due = 0;
                v->next_static = t + STATIC_INTERVAL_S + rng_range(&s->build_rng, -2, 2);
            }
        } else {
            double iv = present ? scenario_interval(v, t) : 10.0;
            v->next_pos = t + iv * (1.0 + rng_range(&s->build_rng, -0.01, 0.01));
        }
        if (!present) {
            /* not yet there, or gone for good */
            if (t > v->wp[v->nwp - 1].t) {
                v->next_pos = v->next_static = INFINITY;
                v->part_b_due = 0;
            }
            continue;
        }
        if (scenario_is_dark(v, t)) continue;
        memset(out, 0, sizeof *out);
        out->t = t;
        out->time_ms = s->c.start_ms + (int64_t)llround(t * 1000.0);
        out->channel = v->chan ? 'B' : 'A';
        v->chan ^= 1;
        if (is_static) {
            build_static(s, v, t, part_b, &out->msg);
        } else if (v->t_jump >= 0 && !v->jump_done && t >= v->t_jump) {
            v->jump_done = 1;
            build_position(s, v, t, v->jump_x, v->jump_y, sog, cog, st, &out->msg);
        } else {
            build_position(s, v, t, x, y, sog, cog, st, &out->msg);
        }
        out->received = rng_uniform(&s->loss_rng) < p_receive(s, v, t, x, y);
        if (v->jump_done == 1) { /* the spoofed report just built */
            v->jump_done = 2;
            v->jump_heard = out->received;
        }
        s->st.sent++;
        s->st.received += (uint64_t)out->received;
        return 1;
    }
}

const char *scenario_station(const struct scenario *s)
{
    return s->station;
}

void scenario_station_pos(const struct scenario *s, double *lat, double *lon)
{
    *lat = s->lat0;
    *lon = s->lon0;
}

double scenario_duration(const struct scenario *s)
{
    return s->duration;
}

int64_t scenario_start_ms(const struct scenario *s)
{
    return s->c.start_ms;
}

struct scenario_stats scenario_stats(const struct scenario *s)
{
    return s->st;
}

/* Alerts each kind of event must raise, and whether dark alerts are wrong
 * during it. */
static const struct {
    const char *kind;
    const char *expect;
    int no_dark;
} kinds[] = {
    {"dark", "dark.start,dark.end", 0},
    {"dark_port_call", "dark.start,dark.end,dark.port_call", 0},
    {"edge_exit", "coverage.exit", 1},
    {"port", "", 1},
    {"anchor", "", 1},
    {"encounter", "encounter", 0},
    {"loiter", "loiter", 0},
    {"jump", "spoof.jump", 0},
    {"identity_change", "identity.change,identity.change", 0}, /* name, call sign */
    {"mmsi_shared", "spoof.mmsi_shared", 1},
    {"invalid_mmsi", "spoof.invalid_mmsi", 0},
    {"outage", "station.degraded,station.restored", 1},
    {"partial_outage", "station.degraded,station.restored", 1},
    {"interference", "", 1},
};

/* The expected types (allowed = 0), or those an open event may raise but
 * cannot be required to (allowed = 1). */
static void write_list(FILE *f, const char *key, const char *csv, int open_end, int is_dark,
                       int allowed)
{
    fprintf(f, ", \"%s\": [", key);
    int first = 1;
    const char *p = csv;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        /* an open dark period has no dark.end (nor port call) to expect */
        int optional = open_end && is_dark && strncmp(p, "dark.start", n);
        /* an edge exit near the end may not be declared before it, nor
         * can a station still deaf at the end be restored */
        optional |= open_end && !strncmp(p, "coverage.exit", n);
        optional |= open_end && !strncmp(p, "station.restored", n);
        int skip = allowed ? !optional : optional;
        if (n && !skip) {
            fprintf(f, "%s\"%.*s\"", first ? "" : ", ", (int)n, p);
            first = 0;
        }
        p += n + (e ? 1 : 0);
    }
    fputc(']', f);
}

/* A possible port call, by the definition of dark.port_call: a
 * dark gap that begins or ends near a port zone (within PORT_NEAR_NM of its
 * circle), or whose path could have reached one: gap start -> the zone ->
 * reappearance at PORT_REACH_FACTOR x max(the ship's true speed before the
 * gap, PORT_REACH_MIN_KN), with PORT_REACH_DWELL_S left to dwell. From the
 * true track (where the ship went dark and where it reappeared), not from
 * what the station heard. The generator's plain dark ship sails straight
 * on, but nothing a coastal station hears can tell that from a call, so
 * such a gap may raise dark.port_call (truth "allow") and need not. The
 * port and the spare time are written with it; -1 when none fits. */
#define PORT_NEAR_NM 2.0
#define PORT_REACH_FACTOR 1.3
#define PORT_REACH_MIN_KN 8.0
#define PORT_REACH_DWELL_S 900.0

static int possible_port_call(const struct scenario *s, const struct sc_event *e, double *spare)
{
    const struct sc_vessel *v = NULL;
    for (int i = 0; i < s->nv && !v; i++)
        if (s->v[i].mmsi == e->mmsi) v = &s->v[i];
    double x0, y0, x1, y1, sog, sog1, cog;
    unsigned st;
    if (!v || scenario_vessel_at(v, e->t0, &x0, &y0, &sog1, &cog, &st) < 0 ||
        scenario_vessel_at(v, e->t1, &x1, &y1, &sog1, &cog, &st) < 0)
        return -1;
    /* its speed as last heard: the leg into the switch-off */
    if (scenario_vessel_at(v, e->t0 - 1, &cog, &cog, &sog, &cog, &st) < 0) sog = 0;
    double kn = PORT_REACH_FACTOR * fmax(sog, PORT_REACH_MIN_KN), gap = e->t1 - e->t0;
    int best = -1;
    *spare = -INFINITY;
    for (int i = 0; i < s->nports; i++) {
        const struct sc_port *p = &s->ports[i];
        double to = fmax(0, hypot(p->x - x0, p->y - y0) - p->radius_nm);
        double back = fmax(0, hypot(p->x - x1, p->y - y1) - p->radius_nm);
        double left = gap - (to + back) / kn * 3600.0;
        int near = to <= PORT_NEAR_NM || back <= PORT_NEAR_NM;
        if ((near || left >= PORT_REACH_DWELL_S) && left > *spare) {
            *spare = left;
            best = i;
        }
    }
    return best;
}

/* A spoofed jump whose one report the station did not hear (when the truth
 * is written after the messages), or sent while reception was reduced
 * station-wide (an interference period, a partial outage: unheard as often
 * as not): a detector may raise spoof.jump but cannot be required to
 * (truth "allow"). */
static int jump_at_reduced_reception(const struct scenario *s, const struct sc_event *e)
{
    if (strcmp(e->kind, "jump")) return 0;
    /* written after the messages: the station did not hear the spoofed
     * report (lost in a fade, or by chance), and nothing can raise it */
    for (int i = 0; i < s->nv; i++)
        if (s->v[i].mmsi == e->mmsi && s->v[i].t_jump >= 0 && s->v[i].jump_done &&
            !s->v[i].jump_heard)
            return 1;
    for (int i = 0; i < s->nout; i++)
        if (s->out[i].factor < 1 && e->t0 > s->out[i].t0 - 30 && e->t0 < s->out[i].t1 + 30)
            return 1;
    return 0;
}

int scenario_write_truth(const struct scenario *s, FILE *f)
{
    char iso[32], iso2[32];
    utc_format(s->c.start_ms, iso, sizeof iso);
    utc_format(s->c.start_ms + (int64_t)llround(s->duration * 1000), iso2, sizeof iso2);
    static const char *const lossn[] = {"none", "range", "bursty", "flatfades"};
    fprintf(
        f,
        "{\"kind\": \"scenario\", \"name\": \"%s\", \"seed\": %llu, \"station\": \"%s\", "
        "\"lat\": %.6f, \"lon\": %.6f, \"range_nm\": %.1f, \"loss\": \"%s\", \"start\": \"%s\", "
        "\"end\": \"%s\", \"start_ms\": %lld, \"end_ms\": %lld, \"vessels\": %d}\n",
        s->c.name, (unsigned long long)s->c.seed, s->station, s->lat0, s->lon0, s->range,
        lossn[s->c.loss], iso, iso2, (long long)s->c.start_ms,
        (long long)(s->c.start_ms + (int64_t)llround(s->duration * 1000)), s->nv);
    for (int i = 0; i < s->nev; i++) {
        const struct sc_event *e = &s->ev[i];
        /* a station outage placed after the run's end did not happen in it */
        if (!e->mmsi && e->t0 >= s->duration) continue;
        int open_end = e->t1 < 0 || e->t1 > s->duration;
        int64_t ms0 = s->c.start_ms + (int64_t)llround(e->t0 * 1000);
        int64_t ms1 = open_end ? s->c.start_ms + (int64_t)llround(s->duration * 1000)
                               : s->c.start_ms + (int64_t)llround(e->t1 * 1000);
        utc_format(ms0, iso, sizeof iso);
        utc_format(ms1, iso2, sizeof iso2);
        fprintf(f, "{\"kind\": \"%s\"", e->kind);
        if (e->mmsi) fprintf(f, ", \"mmsi\": %u", e->mmsi);
        if (e->mmsi2) fprintf(f, ", \"mmsi2\": %u", e->mmsi2);
        fprintf(f, ", \"start\": \"%s\", \"end\": \"%s\", \"start_ms\": %lld, \"end_ms\": %lld",
                iso, iso2, (long long)ms0, (long long)ms1);
        if (open_end) fputs(", \"open\": true", f);
        int is_dark = !strncmp(e->kind, "dark", 4);
        if (is_dark) {
            /* the threshold with the engine's defaults: a multiple
             * of the interval (dark_min_missed) plus a floor (dark_floor_s) */
            struct engine_config dc = engine_config_default();
            double thr = e->t0 + dc.dark_min_missed * e->interval + dc.dark_floor_s;
            int64_t mthr = s->c.start_ms + (int64_t)llround(thr * 1000);
            utc_format(mthr, iso, sizeof iso);
            fprintf(f, ", \"interval_s\": %.0f, \"threshold\": \"%s\", \"threshold_ms\": %lld",
                    e->interval, iso, (long long)mthr);
        }
        if (isfinite(e->x) && isfinite(e->y)) {
            double lat, lon;
            xy_to_latlon(s, e->x, e->y, &lat, &lon);
            fprintf(f, ", \"lat\": %.5f, \"lon\": %.5f, \"range_nm\": %.1f", lat, lon,
                    hypot(e->x, e->y));
        }
        if (e->port[0]) fprintf(f, ", \"port\": \"%s\"", e->port);
        if (e->factor > 0 || !strcmp(e->kind, "outage"))
            fprintf(f, ", \"factor\": %.2f", e->factor);
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (!strcmp(kinds[k].kind, e->kind)) {
                int reduced = jump_at_reduced_reception(s, e);
                /* a station outage ending in the run's last minute leaves
                 * no time for the recovery's traffic (health_restore_s, up
                 * to a minute where reports are few): restored is allowed */
                int late = open_end || (!e->mmsi && e->t1 > s->duration - 60);
                write_list(f, "expect", reduced ? "" : kinds[k].expect, late, is_dark, 0);
                if (reduced) fputs(", \"allow\": [\"spoof.jump\"]", f);
                double spare;
                int port =
                    !strcmp(e->kind, "dark") && !open_end ? possible_port_call(s, e, &spare) : -1;
                if (late)
                    write_list(f, "allow", kinds[k].expect, late, is_dark, 1);
                else if (port >= 0)
                    fprintf(f,
                            ", \"allow\": [\"dark.port_call\"], \"possible_port\": \"%s\", "
                            "\"port_spare_s\": %.0f",
                            s->ports[port].name, spare);
                fprintf(f, ", \"no_dark\": %s", kinds[k].no_dark ? "true" : "false");
            }
        fputs("}\n", f);
    }
    return ferror(f) ? AISD_E_IO : 0;
}

int scenario_write_engine_config(const struct scenario *s, const char *zones_path, FILE *f)
{
    fprintf(f,
            "# from aisctl scenario %s (seed %llu)\nstation = %s\nstation_lat = %.6f\n"
            "station_lon = %.6f\n",
            s->c.name, (unsigned long long)s->c.seed, s->station, s->lat0, s->lon0);
    if (zones_path) fprintf(f, "zones = %s\n", zones_path);
    return ferror(f) ? AISD_E_IO : 0;
}
