/* check_alerts_dark.c: the dark-activity rules on generated traffic around
 * one station: transits, ships at anchor, class B craft, vessels that go
 * dark in good coverage, vessels that fade out at the edge, bursty fades of
 * one to three minutes on single vessels, a half-rate interference period
 * and a full station outage. Asserts recall and precision of dark.start /
 * dark.end, and no dark alert from edge exits, fades or outages; and, where
 * loss is heavier with range, dark.start within one reporting interval of
 * its threshold close in while fades farther out raise nothing; and where
 * fades close in weaken the signal first, switch-offs from a regular,
 * normal-level stream raised sooner on that evidence (none where fades
 * start abruptly). */
#include "alerts/engine.h"
#include "alerts/geo.h"
#include "alerts/report.h"
#include "alerts/vessel.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ST_LAT 42.0
#define ST_LON 50.0
#define MAXV 200
#define MAXA 4096

struct lcg { /* the scenario's own generator, not decode/rng.h's */
    uint64_t s;
};

static double urand(struct lcg *r)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(r->s >> 11) / 9007199254740992.0;
}

enum role { R_TRANSIT, R_ANCHOR, R_CLASSB, R_DARK, R_EXIT };

struct sv {
    uint32_t mmsi;
    enum role role;
    int cls;
    double lat, lon, sog, cog;
    double next_tx;
    double dark_at; /* stops transmitting (R_DARK) */
    double back_at; /* transmits again, 0 never */
    double fade_until;
    double fade_from;  /* the fade's start (its thinning phase first) */
    int truth_dark;    /* went dark while heard well */
    double slow_until; /* class B slowed to 0.5 kn (3-minute reports) until then */
    double cruise_sog;
};

struct scen {
    struct lcg rng;
    struct sv v[MAXV];
    int n;
    double t0, t1;
    double outage0, outage1; /* nothing heard */
    double interf0, interf1; /* half rate */
    double fade_rate;        /* fades per vessel-hour */
    double fade_min_s;       /* ranged traffic: fades last fade_min_s + fade_span_s x U(0, 1) */
    double fade_span_s;      /* (0, 0: 60 + 120 x U(0, 1)) */
    /* ranged traffic: each fade begins with thin_s of thinning (reception
     * x thin_p, level thin_db lower) before the silence; levels: pass
     * signal levels (else NaN) */
    double thin_s, thin_p, thin_db;
    int levels;
    double slow_rate; /* class B slow-downs to 0.5 kn per vessel-hour (10-20 min each) */
};

struct captured {
    int n;
    char type[MAXA][24];
    uint32_t mmsi[MAXA];
    double t[MAXA];
    int regular[MAXA]; /* reasons carry regular_before and fades_thin_first */
};

static double iso_to_t(const char *s)
{
    struct tm tm = {0};
    int ms = 0;
    if (sscanf(s, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &ms) != 7)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (double)timegm(&tm) + ms / 1000.0;
}

static void capture(void *user, const char *topic, const char *json)
{
    struct captured *c = user;
    if (getenv("DUMP_ALERTS")) printf("%s\n", json);
    if (strncmp(topic, "alert.", 6) || c->n >= MAXA) return;
    snprintf(c->type[c->n], sizeof c->type[c->n], "%s", topic + 6);
    const char *m = strstr(json, "\"mmsi\":");
    c->mmsi[c->n] = m ? (uint32_t)strtoul(m + 7, NULL, 10) : 0;
    const char *tm = strstr(json, "\"time\":\"");
    c->t[c->n] = tm ? iso_to_t(tm + 8) : 0;
    c->regular[c->n] = strstr(json, "\"regular_before\"") && strstr(json, "\"fades_thin_first\"");
    c->n++;
}

static double p_rx(double range_nm)
{
    if (range_nm < 20) return 0.95;
    if (range_nm > 32) return 0;
    return 0.95 * (32 - range_nm) / 12;
}

static void place(struct scen *s, struct sv *v, double range, double bearing)
{
    geo_dead_reckon(ST_LAT, ST_LON, range * 3600, bearing, 1, &v->lat, &v->lon);
}

static void build(struct scen *s, uint64_t seed, int ndark, int nexit)
{
    memset(s, 0, sizeof *s);
    s->rng.s = seed;
    s->t0 = 1700000000;
    s->t1 = s->t0 + 4 * 3600;
    s->outage0 = s->t0 + 2 * 3600;
    s->outage1 = s->outage0 + 600;
    s->interf0 = s->t0 + 3 * 3600;
    s->interf1 = s->interf0 + 900;
    s->fade_rate = 1.5;
    int n = 0;
    for (int i = 0; i < 60; i++, n++) {
        struct sv *v = &s->v[n];
        v->mmsi = 273000000u + (uint32_t)n * 7;
        double r = urand(&s->rng);
        v->role = r < 0.6 ? R_TRANSIT : r < 0.8 ? R_ANCHOR : R_CLASSB;
        v->cls = v->role == R_CLASSB ? CLASS_B : CLASS_A;
        double bearing = 360 * urand(&s->rng); /* then the range: gcc's order (decode/rng.h) */
        double range = 2 + 14 * urand(&s->rng);
        place(s, v, range, bearing);
        v->sog = v->role == R_ANCHOR   ? 0.1
                 : v->role == R_CLASSB ? 4 + 6 * urand(&s->rng)
                                       : 6 + 10 * urand(&s->rng);
        v->cog = 360 * urand(&s->rng);
        v->next_tx = s->t0 + 10 * urand(&s->rng);
    }
    for (int i = 0; i < ndark; i++, n++) {
        struct sv *v = &s->v[n];
        v->mmsi = 422000000u + (uint32_t)i * 13;
        v->role = R_DARK;
        v->cls = CLASS_A;
        double bearing = 360 * urand(&s->rng); /* then the range: gcc's order (decode/rng.h) */
        double range = 3 + 8 * urand(&s->rng);
        place(s, v, range, bearing);
        v->sog = 3 + 8 * urand(&s->rng);
        v->cog = 360 * urand(&s->rng);
        v->next_tx = s->t0 + 10 * urand(&s->rng);
        /* go dark in the first hour's second half or between the events */
        double slots[3] = {s->t0 + 2400, s->t0 + 5400, s->t0 + 9000};
        v->dark_at = slots[i % 3] + 600 * urand(&s->rng);
        v->back_at = v->dark_at + 1800 + 1800 * urand(&s->rng);
    }
    for (int i = 0; i < nexit; i++, n++) {
        struct sv *v = &s->v[n];
        v->mmsi = 636000000u + (uint32_t)i * 11;
        v->role = R_EXIT;
        v->cls = i % 3 == 2 ? CLASS_B : CLASS_A;
        double b = 360 * urand(&s->rng);
        place(s, v, 12 + 6 * urand(&s->rng), b);
        v->sog = 8 + 10 * urand(&s->rng);
        v->cog = b + 20 * (urand(&s->rng) - 0.5); /* outbound */
        v->next_tx = s->t0 + 10 * urand(&s->rng);
    }
    s->n = n;
}

static double interval_of(const struct sv *v)
{
    return vessel_interval(v->cls, 1, v->sog, v->role == R_ANCHOR ? 1 : 0, 0);
}

/* Run the scenario through an engine; returns the number of reports sent. */
static long run(struct scen *s, struct engine *e)
{
    long sent = 0;
    for (double t = s->t0; t < s->t1; t += 1.0) {
        for (int i = 0; i < s->n; i++) {
            struct sv *v = &s->v[i];
            geo_dead_reckon(v->lat, v->lon, v->sog, v->cog, 1.0, &v->lat, &v->lon);
            if (v->slow_until > 0 && t >= v->slow_until) {
                v->sog = v->cruise_sog; /* under way again */
                v->slow_until = 0;
            }
            if (t < v->next_tx) continue;
            if (v->role == R_CLASSB && !(v->slow_until > 0) &&
                urand(&s->rng) < s->slow_rate * interval_of(v) / 3600) {
                /* slows down right after a report: the next comes in 3 minutes */
                v->cruise_sog = v->sog;
                v->sog = 0.5;
                v->slow_until = t + 600 + 600 * urand(&s->rng);
            }
            v->next_tx = t + interval_of(v) * (0.97 + 0.06 * urand(&s->rng));
            if (v->role == R_DARK && t >= v->dark_at && (!v->back_at || t < v->back_at)) {
                /* truth: dark where the station hears well (p_rx 0.95) */
                if (!v->truth_dark) {
                    double r = geo_distance_nm(ST_LAT, ST_LON, v->lat, v->lon);
                    v->truth_dark = r < 16 ? 1 : r < 26 ? 2 : -1; /* 2: either way */
                }
                continue;
            }
            /* fades: start with fade_rate per hour, 60..180 s long */
            if (t >= v->fade_until && urand(&s->rng) < s->fade_rate * interval_of(v) / 3600)
                v->fade_until = t + 60 + 120 * urand(&s->rng);
            if (t < v->fade_until) continue;
            if (t >= s->outage0 && t < s->outage1) continue;
            double range = geo_distance_nm(ST_LAT, ST_LON, v->lat, v->lon);
            double p = p_rx(range);
            if (t >= s->interf0 && t < s->interf1) p *= 0.5;
            if (urand(&s->rng) >= p) continue;
            struct report r;
            memset(&r, 0, sizeof r);
            r.mmsi = v->mmsi;
            r.type = v->cls == CLASS_B ? 18 : 1;
            r.kind = REPORT_POSITION;
            r.cls = (uint8_t)v->cls;
            r.cs = 1;
            r.has_pos = 1;
            r.lat = v->lat;
            r.lon = v->lon;
            r.sog = v->sog;
            r.cog = v->cog;
            r.heading = -1;
            r.status = v->cls == CLASS_B ? -1 : v->role == R_ANCHOR ? 1 : 0;
            r.turn = -128;
            r.second = (int)fmod(t, 60);
            r.shiptype = -1;
            r.draught = NAN;
            engine_push_report(e, &r, t + 0.25, 'A', NAN, NULL);
            sent++;
        }
        if (fmod(t, 10) == 0) engine_tick(e, t);
    }
    engine_tick(e, s->t1);
    return sent;
}

static const struct sv *find(const struct scen *s, uint32_t mmsi)
{
    for (int i = 0; i < s->n; i++)
        if (s->v[i].mmsi == mmsi) return &s->v[i];
    return NULL;
}

START_TEST(test_dark_bursty)
{
    static struct scen s;
    static struct captured cap;
    int ndark = 12, nexit = 12;
    build(&s, 12345u + (uint64_t)_i, ndark, nexit);
    memset(&cap, 0, sizeof cap);
    struct engine_config cfg = engine_config_default();
    cfg.coverage.station_lat = ST_LAT;
    cfg.coverage.station_lon = ST_LON;
    struct engine *e = engine_create(&cfg, NULL);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, &cap);
    run(&s, e);
    int tp = 0, fp = 0, ends = 0, end_fp = 0, degraded = 0, restored = 0, truth = 0;
    for (int k = 0; k < s.n; k++)
        truth += s.v[k].truth_dark == 1;
    int seen[MAXV] = {0};
    double worst_latency = 0;
    for (int i = 0; i < cap.n; i++) {
        const struct sv *v = find(&s, cap.mmsi[i]);
        if (!strcmp(cap.type[i], "station.degraded")) degraded++;
        if (!strcmp(cap.type[i], "station.restored")) restored++;
        if (!strcmp(cap.type[i], "dark.start")) {
            if (v && v->role == R_DARK && v->truth_dark == 2) {
                seen[v - s.v] = 1;
            } else if (v && v->role == R_DARK && v->truth_dark == 1 && cap.t[i] >= v->dark_at &&
                       !seen[v - s.v]) {
                tp++;
                seen[v - s.v] = 1;
                if (cap.t[i] - v->dark_at > worst_latency) worst_latency = cap.t[i] - v->dark_at;
                if (getenv("DUMP_ALERTS"))
                    printf("tp mmsi %u dark at +%.0f latency %.0f s\n", v->mmsi, v->dark_at - s.t0,
                           cap.t[i] - v->dark_at);
            } else {
                fp++;
                printf("false dark.start mmsi %u role %d at +%.0f s\n", cap.mmsi[i],
                       v ? (int)v->role : -1, cap.t[i] - s.t0);
            }
        }
        if (!strcmp(cap.type[i], "dark.end")) {
            ends++;
            if (!v || v->role != R_DARK || v->truth_dark == -1) end_fp++;
        }
    }
    for (int k = 0; k < s.n; k++)
        if (s.v[k].role == R_DARK && s.v[k].truth_dark == 1 && !seen[k])
            printf("missed mmsi %u dark at +%.0f range %.1f\n", s.v[k].mmsi, s.v[k].dark_at - s.t0,
                   geo_distance_nm(ST_LAT, ST_LON, s.v[k].lat, s.v[k].lon));
    printf("seed %d: dark.start tp %d fp %d of %d; dark.end %d (false %d); worst latency %.0f s;"
           " degraded %d restored %d\n",
           _i, tp, fp, truth, ends, end_fp, worst_latency, degraded, restored);
    ck_assert_int_ge(truth, ndark / 2);
    ck_assert_int_ge(tp * 100, 90 * truth); /* recall >= 90% per seed */
    ck_assert_int_le(fp, 1);
    ck_assert_int_eq(end_fp, fp); /* every dark.end closes a dark.start */
    ck_assert_int_ge(degraded, 1);
    ck_assert_int_ge(restored, 1);
    engine_destroy(e);
}
END_TEST

/* Loss heavier with range: no fades close in, long fades (one to three
 * minutes, three an hour) on every vessel 17-20 nm out, independent loss of
 * 3 % everywhere inside 20 nm. Four ships 3-5 nm out (under 10 nm when they
 * stop, at 4-5 kn) switch off after an hour and a half of learning; three ships fading out near the
 * working edge (about 26 nm) switch off too. The station must learn that a minute's silence close
 * in is no fade, while 17-20 nm out it is. */
static double p_rx_ranged(double range_nm)
{
    if (range_nm < 20) return 0.97;
    if (range_nm > 32) return 0;
    return 0.97 * (32 - range_nm) / 12;
}

/* Ranged traffic: 4 close-in ships switching off from dark_from (s after
 * the start, 10 min apart), 26 more close in, 30 at 17-20 nm, 7 near the
 * working edge switching off too; fades on vessels from fade_from_nm out. */
static void build_ranged(struct scen *s, uint64_t seed, double dark_from)
{
    memset(s, 0, sizeof *s);
    s->rng.s = seed;
    s->t0 = 1700000000;
    s->t1 = s->t0 + dark_from + 3600;
    int n = 0;
    for (int i = 0; i < 67; i++, n++) {
        struct sv *v = &s->v[n];
        v->mmsi = 273100000u + (uint32_t)n * 7;
        v->cls = CLASS_A;
        double b = 360 * urand(&s->rng);
        double r = i < 4    ? 3 + 2 * urand(&s->rng)
                   : i < 30 ? 3 + 5 * urand(&s->rng)
                   : i < 60 ? 17 + 2 * urand(&s->rng)
                            : 23 + urand(&s->rng);
        place(s, v, r, b);
        v->role = i < 4 ? R_DARK : i >= 60 ? R_EXIT : R_TRANSIT;
        v->sog = 4 + urand(&s->rng);
        v->cog = fmod(b + 90, 360); /* across the bearing: the range changes slowly */
        v->next_tx = s->t0 + 10 * urand(&s->rng);
        if (v->role == R_DARK) {
            v->dark_at = s->t0 + dark_from + 600 * i;
            v->back_at = v->dark_at + 1800;
        }
        if (v->role == R_EXIT) v->dark_at = s->t0 + dark_from + 300 * (i - 60);
    }
    s->n = n;
}

static struct engine *ranged_engine_cfg(struct captured *cap, const char *db,
                                        struct engine_config cfg)
{
    cfg.coverage.station_lat = ST_LAT;
    cfg.coverage.station_lon = ST_LON;
    cfg.tick_s = 1;
    struct engine *e = engine_create(&cfg, db);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, cap);
    return e;
}

static struct engine *ranged_engine(struct captured *cap, const char *db)
{
    return ranged_engine_cfg(cap, db, engine_config_default());
}

/* Drive the ranged traffic from t_from to t_to (absolute). */
static void drive_ranged(struct scen *s, struct engine *e, double t_from, double t_to,
                         double fade_from_nm)
{
    for (double t = t_from; t < t_to; t += 1.0) {
        for (int i = 0; i < s->n; i++) {
            struct sv *v = &s->v[i];
            geo_dead_reckon(v->lat, v->lon, v->sog, v->cog, 1.0, &v->lat, &v->lon);
            if (t < v->next_tx) continue;
            v->next_tx = t + 10 * (0.99 + 0.02 * urand(&s->rng));
            if (v->dark_at > 0 && t >= v->dark_at && (!v->back_at || t < v->back_at)) continue;
            double range = geo_distance_nm(ST_LAT, ST_LON, v->lat, v->lon);
            double per_h = s->fade_rate > 0 ? s->fade_rate : 3;
            if (range >= fade_from_nm && t >= v->fade_until &&
                urand(&s->rng) < per_h * 10.0 / 3600) {
                v->fade_from = t;
                double len = s->fade_min_s > 0 ? s->fade_min_s + s->fade_span_s * urand(&s->rng)
                                               : 60 + 120 * urand(&s->rng);
                v->fade_until = t + s->thin_s + len;
            }
            int thin = t < v->fade_until && t < v->fade_from + s->thin_s;
            if (t < v->fade_until && !thin) continue;
            if (urand(&s->rng) >= p_rx_ranged(range) * (thin ? s->thin_p : 1)) continue;
            double level = -40 - 20 * log10(fmax(range, 1) / 10) - (thin ? s->thin_db : 0);
            struct report r;
            memset(&r, 0, sizeof r);
            r.mmsi = v->mmsi;
            r.type = 1;
            r.kind = REPORT_POSITION;
            r.cls = CLASS_A;
            r.has_pos = 1;
            r.lat = v->lat;
            r.lon = v->lon;
            r.sog = v->sog;
            r.cog = v->cog;
            r.heading = -1;
            r.turn = -128;
            r.second = (int)fmod(t, 60);
            r.shiptype = -1;
            r.draught = NAN;
            engine_push_report(e, &r, t + 0.25, 'A', s->levels ? level : NAN, NULL);
        }
        if (fmod(t, 10) == 0) engine_tick(e, t);
    }
    engine_tick(e, t_to);
}

/* The dark threshold of a 10 s reporter switched off at dark_at: the issue's
 * multiple of its interval plus a floor (dark_min_missed, dark_floor_s). */
static double ranged_threshold(double dark_at)
{
    struct engine_config d = engine_config_default();
    return dark_at + d.dark_min_missed * 10 + d.dark_floor_s;
}

/* Close-in switch-offs raised within one interval of their threshold, and
 * the other dark.start alerts. */
static void count_ranged(const struct scen *s, const struct captured *cap, int *fast, int *other)
{
    *fast = *other = 0;
    for (int k = 0; k < cap->n; k++) {
        if (strcmp(cap->type[k], "dark.start")) continue;
        const struct sv *v = find(s, cap->mmsi[k]);
        if (v && v->role == R_DARK) {
            double late = cap->t[k] - ranged_threshold(v->dark_at);
            printf("dark.start mmsi %u %.1f s after the threshold\n", v->mmsi, late);
            *fast += late <= 10;
        } else {
            printf("false dark.start mmsi %u role %d at +%.0f s\n", cap->mmsi[k],
                   v ? (int)v->role : -1, cap->t[k] - s->t0);
            *other += 1;
        }
    }
}

static void run_ranged(uint64_t seed, double dark_from, double fade_from_nm, int *fast, int *other)
{
    struct scen s;
    build_ranged(&s, seed, dark_from);
    struct captured *cap = calloc(1, sizeof *cap);
    ck_assert_ptr_nonnull(cap);
    struct engine *e = ranged_engine(cap, NULL);
    drive_ranged(&s, e, s.t0, s.t1, fade_from_nm);
    count_ranged(&s, cap, fast, other);
    engine_destroy(e);
    free(cap);
}

START_TEST(test_dark_fast_where_fades_are_rare)
{
    int fast, other;
    run_ranged(99 + (uint64_t)_i, 5400, 16, &fast, &other);
    ck_assert_int_eq(fast, 4);  /* every close-in switch-off within one interval */
    ck_assert_int_eq(other, 0); /* no fade 17-20 nm out, no switch-off at the edge */
}
END_TEST

/* The dark threshold is the "a configurable multiple of its
 * interval plus a floor": close in, where no fade lasts a minute, each
 * switch-off of a 10 s reporter is raised once it has missed
 * dark_min_missed reports and dark_floor_s more has passed since its last
 * report (the defaults: 6 x 10 + 60 = 120 s; before, max(60 s, 6 x 10 s):
 * at 60 s), and within one interval after that, counted from the
 * switch-off; the two keys move it (3 and 30 s: 60 s). */
START_TEST(test_dark_threshold_is_a_multiple_plus_a_floor)
{
    static const double keys[2][2] = {{6, 60}, {3, 30}};
    for (int j = 0; j < 2; j++) {
        struct scen s;
        build_ranged(&s, 99 + (uint64_t)_i, 5400);
        struct captured *cap = calloc(1, sizeof *cap);
        ck_assert_ptr_nonnull(cap);
        struct engine_config cfg = engine_config_default();
        cfg.dark_min_missed = keys[j][0];
        cfg.dark_floor_s = keys[j][1];
        struct engine *e = ranged_engine_cfg(cap, NULL, cfg);
        drive_ranged(&s, e, s.t0, s.t1, 16);
        double thr = keys[j][0] * 10 + keys[j][1];
        int raised = 0;
        for (int k = 0; k < cap->n; k++) {
            if (strcmp(cap->type[k], "dark.start")) continue;
            const struct sv *v = find(&s, cap->mmsi[k]);
            ck_assert(v && v->role == R_DARK);
            double after = cap->t[k] - v->dark_at;
            printf("keys %.0f, %.0f s: dark.start %.1f s after the switch-off (threshold %.0f s)\n",
                   keys[j][0], keys[j][1], after, thr);
            /* the last report came at most one interval before the switch-off */
            ck_assert_double_ge(after, thr - 10.5);
            ck_assert_double_le(after, thr + 10);
            raised++;
        }
        ck_assert_int_eq(raised, 4);
        engine_destroy(e);
        free(cap);
    }
}
END_TEST

/* The same with the switch-offs 30-60 minutes in, before the hour of
 * learning (dark_fade_learn_s): the runs learned so far close in, with the
 * silences still under way, already say a minute there is no fade. */
START_TEST(test_dark_fast_before_an_hour)
{
    int fast, other;
    run_ranged(199 + (uint64_t)_i, 1800, 16, &fast, &other);
    ck_assert_int_eq(fast, 4);
    ck_assert_int_eq(other, 0);
}
END_TEST

/* Early switch-offs where fades of one to three minutes hit every vessel,
 * close in too: the few runs seen in the first half hour must not be taken
 * for the tail (fades are common there), so no fade raises dark.start. */
START_TEST(test_dark_early_fades_everywhere)
{
    int fast, other;
    run_ranged(299 + (uint64_t)_i, 1800, 0, &fast, &other);
    ck_assert_int_eq(other, 0);
}
END_TEST

/* Fades on every vessel, close in too (one to three minutes, three an hour
 * each), switch-offs after an hour and a half of learning. With abrupt fades
 * a silence close in is a fade as often as a switch-off, so the alert waits
 * for the fades seen (1.5 x up to three minutes). Here every fade comes on
 * over 40 s first: reception falls to thin_p, the level by thin_db. The
 * station learns that silences after a regular lead-in (every expected
 * report heard, at the usual level) are not fades there, and raises the
 * switch-offs (cut from regular reception) within one interval, with the
 * reasons regular_before and fades_thin_first; no fade raises anything.
 * lead_share 0 turns the lead-in evidence off. */
static void run_thinning(uint64_t seed, double per_h, double thin_s, double thin_p, double thin_db,
                         int levels, double lead_share, int *fast, int *other, int *regular,
                         double *late_sum)
{
    struct scen s;
    printf("fades with %.0f s of thinning to %.2f, %.0f dB weaker, levels %d, lead share %.2f:\n",
           thin_s, thin_p, thin_db, levels, lead_share);
    build_ranged(&s, seed, 5400);
    s.fade_rate = per_h;
    s.thin_s = thin_s;
    s.thin_p = thin_p;
    s.thin_db = thin_db;
    s.levels = levels;
    struct captured *cap = calloc(1, sizeof *cap);
    ck_assert_ptr_nonnull(cap);
    struct engine_config cfg = engine_config_default();
    cfg.coverage.station_lat = ST_LAT;
    cfg.coverage.station_lon = ST_LON;
    cfg.tick_s = 1;
    cfg.dark_lead_share = lead_share;
    struct engine *e = engine_create(&cfg, NULL);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, cap);
    drive_ranged(&s, e, s.t0, s.t1, 0);
    count_ranged(&s, cap, fast, other);
    *regular = 0;
    *late_sum = 0;
    int raised = 0;
    for (int k = 0; k < cap->n; k++) {
        if (strcmp(cap->type[k], "dark.start")) continue;
        *regular += cap->regular[k];
        const struct sv *v = find(&s, cap->mmsi[k]);
        if (!v || v->role != R_DARK) continue;
        *late_sum += cap->t[k] - ranged_threshold(v->dark_at);
        raised++;
    }
    *late_sum += (4 - raised) * 3600.0; /* a switch-off not raised: an hour late */
    engine_destroy(e);
    free(cap);
}

/* Fades common everywhere, close in too (four an hour on every vessel),
 * but short (35-55 s): after an hour and a half the longest seen is under a
 * minute. Where fades come that often (one transition in 90), the longest
 * of those seen says little about the next: a 200 s fade on a ship 3-8 nm
 * out raises nothing (without dark_fade_common_rate it did, against the
 * 1.5 x 60 s guard of the longest seen), and the switch-offs there are
 * still raised, at the prior's wait. */
static void run_common(uint64_t seed, double per_h, double common_rate, double inner_rate,
                       int *other, int *raised)
{
    struct scen s;
    build_ranged(&s, seed, 5400);
    s.fade_rate = per_h;
    s.fade_min_s = 35;
    s.fade_span_s = 20;
    struct captured *cap = calloc(1, sizeof *cap);
    ck_assert_ptr_nonnull(cap);
    struct engine_config cfg = engine_config_default();
    cfg.coverage.station_lat = ST_LAT;
    cfg.coverage.station_lon = ST_LON;
    cfg.tick_s = 1;
    cfg.dark_fade_common_rate = common_rate;
    cfg.dark_fade_inner_rate = inner_rate;
    struct engine *e = engine_create(&cfg, NULL);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, cap);
    drive_ranged(&s, e, s.t0, s.t0 + 5000, 0);
    struct sv *v = &s.v[10]; /* a transit 3-8 nm out */
    ck_assert_int_eq(v->role, R_TRANSIT);
    v->fade_from = s.t0 + 5000;
    v->fade_until = s.t0 + 5200;
    drive_ranged(&s, e, s.t0 + 5000, s.t1, 0);
    int fast;
    count_ranged(&s, cap, &fast, other);
    *raised = 0;
    for (int k = 0; k < cap->n; k++)
        *raised += !strcmp(cap->type[k], "dark.start") && find(&s, cap->mmsi[k])->role == R_DARK;
    engine_destroy(e);
    free(cap);
}

START_TEST(test_dark_common_fades_wait_for_the_prior)
{
    int other, raised, other0, raised0;
    struct engine_config d = engine_config_default();
    run_common(799 + (uint64_t)_i, 4, d.dark_fade_common_rate, d.dark_fade_inner_rate, &other,
               &raised);
    run_common(799 + (uint64_t)_i, 4, 0, 0, &other0, &raised0);
    ck_assert_int_eq(other, 0);
    ck_assert_int_eq(raised, 4);
    ck_assert_int_ge(other0, 1); /* the long fade, without the rules */
}
END_TEST

/* Fades on every vessel, close in too, one an hour each (35-55 s): one
 * transition in 360, under dark_fade_common_rate in any one tenth of the
 * edge, but that common in all the water inside a vessel 3-8 nm out (the
 * station's strongest links, thousands of transitions). Fades cut ships
 * anywhere here, so the longest of the few seen in one tenth of the edge is
 * no tail: a 200 s fade 3-8 nm out raises nothing (without
 * dark_fade_inner_rate it did, against the 1.5 x 60 s guard), and the
 * switch-offs are still raised, at the prior's wait (`aisctl scenario
 * --loss flatfades`). */
START_TEST(test_dark_fades_everywhere_wait_for_the_prior)
{
    int other, raised, other0, raised0;
    struct engine_config d = engine_config_default();
    run_common(899 + (uint64_t)_i, 1, d.dark_fade_common_rate, d.dark_fade_inner_rate, &other,
               &raised);
    run_common(899 + (uint64_t)_i, 1, d.dark_fade_common_rate, 0, &other0, &raised0);
    ck_assert_int_eq(other, 0);
    ck_assert_int_eq(raised, 4);
    ck_assert_int_ge(other0, 1); /* the long fade, without the rule */
}
END_TEST

/* Fades that weaken the signal by 15 dB for 40 s before the silence (the
 * reports still heard): the receiver's signal levels tell the lead-in
 * apart. */
START_TEST(test_dark_fast_where_fades_weaken_first)
{
    int fast, other, regular, fast0, other0, regular0;
    double late, late0;
    run_thinning(499 + (uint64_t)_i, 1, 40, 1, 15, 1, engine_config_default().dark_lead_share,
                 &fast, &other, &regular, &late);
    run_thinning(499 + (uint64_t)_i, 1, 40, 1, 15, 1, 0, &fast0, &other0, &regular0, &late0);
    printf("switch-offs %.0f s after their thresholds in all with the lead-in, %.0f s without\n",
           late, late0);
    ck_assert_int_eq(other, 0);
    ck_assert_int_ge(regular, 3);  /* raised on the lead-in evidence */
    ck_assert_int_ge(fast, 1);     /* within one interval (else held by the likelihood: */
    ck_assert(late < late0 - 600); /* fades lower the learned reception) */
}
END_TEST

/* Abrupt fades everywhere (regular reception, then silence, at normal
 * level): the lead-in does not separate fades from switch-offs, so it is
 * not taken as evidence and no fade raises dark.start. */
START_TEST(test_dark_lead_no_evidence_where_fades_are_abrupt)
{
    int fast, other, regular, fast0, other0, regular0;
    double late, late0;
    run_thinning(599 + (uint64_t)_i, 3, 0, 1, 0, 1, engine_config_default().dark_lead_share, &fast,
                 &other, &regular, &late);
    run_thinning(599 + (uint64_t)_i, 3, 0, 1, 0, 1, 0, &fast0, &other0, &regular0, &late0);
    ck_assert_int_eq(regular, 0);
    ck_assert_int_eq(fast, fast0);
    ck_assert_int_eq(other, other0);
    ck_assert(late == late0);
}
END_TEST

/* A restart keeps what was learned (coverage, loss runs per range class
 * and when their learning began are in the database): the traffic of
 * test_dark_fast_where_fades_are_rare, stopped after 80 minutes and started
 * again on the same database; the close-in switch-offs 10-40 minutes after
 * that are raised within one interval, as without the stop. A station that
 * relearned (no database) raised two of them 384-387 s after. */
/* Class B craft (30 s reports under way) switched off 3-11 nm out. A silent
 * class B craft may have slowed to 3-minute reports unheard; the station
 * learns how often class B craft slow down and weighs that chance: where
 * they rarely do (one slow-down per 20 craft-hours), the switch-offs are
 * raised under 700 s after the switch-off on average (when every silence
 * was judged at 3-minute reports: 930 s or more after the last report);
 * where they slow down twice an hour each, later; no slowed craft raises
 * dark.start either way. */
/* db: a state database, and the station stopped and restarted on it at
 * restart_s (only the switch-offs in the 25 minutes after it are counted:
 * later the rate is learned again); NULL: none. */
static void run_classb(uint64_t seed, double slow_rate, const char *db, double restart_s,
                       double *mean, int *tp, int *fp)
{
    static struct scen s;
    static struct captured cap;
    build(&s, seed, 12, 0);
    s.slow_rate = slow_rate;
    for (int i = 0; i < s.n; i++) {
        struct sv *v = &s.v[i];
        if (v->role != R_DARK) continue;
        v->cls = CLASS_B;
        v->sog = 4 + 6 * urand(&s.rng);
    }
    memset(&cap, 0, sizeof cap);
    struct engine_config cfg = engine_config_default();
    cfg.coverage.station_lat = ST_LAT;
    cfg.coverage.station_lon = ST_LON;
    struct engine *e = engine_create(&cfg, db);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, &cap);
    double t0 = s.t0, t1 = s.t1, count_from = t0, count_to = t1;
    if (db) {
        s.t1 = t0 + restart_s;
        run(&s, e);
        engine_destroy(e); /* the stop */
        e = engine_create(&cfg, db);
        ck_assert_ptr_nonnull(e);
        engine_set_output(e, capture, &cap);
        s.t0 = s.t1;
        s.t1 = t1;
        count_from = s.t0;
        count_to = s.t0 + 1500;
    }
    run(&s, e);
    s.t0 = t0;
    *mean = 0;
    *tp = *fp = 0;
    int seen[MAXV] = {0};
    for (int i = 0; i < cap.n; i++) {
        if (strcmp(cap.type[i], "dark.start")) continue;
        const struct sv *v = find(&s, cap.mmsi[i]);
        if (v && v->role == R_DARK && v->truth_dark >= 1 && cap.t[i] >= v->dark_at) {
            if (seen[v - s.v]++) continue;
            if (v->truth_dark == 1 && v->dark_at >= count_from && v->dark_at < count_to) {
                (*tp)++;
                *mean += cap.t[i] - v->dark_at;
            }
        } else {
            (*fp)++;
            printf("false dark.start mmsi %u role %d at +%.0f s\n", cap.mmsi[i],
                   v ? (int)v->role : -1, cap.t[i] - s.t0);
        }
    }
    if (*tp) *mean /= *tp;
    printf("class B, %.2f slow-downs per craft-hour, seed %llu: %d switch-offs raised, %.0f s"
           " after the switch-off on average; %d false\n",
           slow_rate, (unsigned long long)seed, *tp, *mean, *fp);
    fflush(stdout);
    engine_destroy(e);
}

START_TEST(test_dark_classb_sooner_where_slowdowns_are_rare)
{
    double mean_rare, mean_often;
    int tp_rare, fp_rare, tp_often, fp_often;
    run_classb(4242 + (uint64_t)_i, 0.05, NULL, 0, &mean_rare, &tp_rare, &fp_rare);
    run_classb(4242 + (uint64_t)_i, 2.0, NULL, 0, &mean_often, &tp_often, &fp_often);
    ck_assert_int_ge(tp_rare, 6);
    ck_assert_double_lt(mean_rare, 700);
    ck_assert_int_eq(fp_rare, 0);
    ck_assert_int_ge(tp_often, 6);
    ck_assert_double_gt(mean_often, mean_rare + 150);
    ck_assert_int_eq(fp_often, 0);
}
END_TEST

/* The same, stopped 88 minutes in and restarted on the same database: the
 * rate of class B slow-downs learned before the stop is kept (checkpointed),
 * so the switch-offs 2-12 minutes after the restart are as quick. */
START_TEST(test_dark_classb_rate_kept_over_restart)
{
    char *dir = test_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char db[512];
    snprintf(db, sizeof db, "%s/state.db", dir);
    double mean;
    int tp, fp;
    run_classb(4242 + (uint64_t)_i, 0.05, db, 5300, &mean, &tp, &fp);
    ck_assert_int_ge(tp, 2);
    ck_assert_double_lt(mean, 700);
    ck_assert_int_eq(fp, 0);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

START_TEST(test_dark_fast_after_restart)
{
    char *dir = test_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char db[512];
    snprintf(db, sizeof db, "%s/state.db", dir);
    struct scen s;
    build_ranged(&s, 99 + (uint64_t)_i, 5400);
    struct captured *cap = calloc(1, sizeof *cap);
    ck_assert_ptr_nonnull(cap);
    struct engine *e = ranged_engine(cap, db);
    drive_ranged(&s, e, s.t0, s.t0 + 4800, 16);
    engine_destroy(e); /* the stop */
    e = ranged_engine(cap, db);
    drive_ranged(&s, e, s.t0 + 4800, s.t1, 16);
    engine_destroy(e);
    int fast, other;
    count_ranged(&s, cap, &fast, &other);
    ck_assert_int_eq(fast, 4);
    ck_assert_int_eq(other, 0);
    free(cap);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alerts_dark");
    TCase *tc = tcase_create("scenario");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_dark_bursty, 0, 3);
    tcase_add_loop_test(tc, test_dark_fast_where_fades_are_rare, 0, 2);
    tcase_add_loop_test(tc, test_dark_threshold_is_a_multiple_plus_a_floor, 0, 2);
    tcase_add_loop_test(tc, test_dark_fast_before_an_hour, 0, 2);
    tcase_add_loop_test(tc, test_dark_early_fades_everywhere, 0, 2);
    tcase_add_loop_test(tc, test_dark_common_fades_wait_for_the_prior, 0, 2);
    tcase_add_loop_test(tc, test_dark_fades_everywhere_wait_for_the_prior, 0, 2);
    tcase_add_loop_test(tc, test_dark_fast_after_restart, 0, 2);
    tcase_add_loop_test(tc, test_dark_classb_sooner_where_slowdowns_are_rare, 0, 2);
    tcase_add_loop_test(tc, test_dark_classb_rate_kept_over_restart, 0, 2);
    tcase_add_loop_test(tc, test_dark_fast_where_fades_weaken_first, 0, 2);
    tcase_add_loop_test(tc, test_dark_lead_no_evidence_where_fades_are_abrupt, 0, 2);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
