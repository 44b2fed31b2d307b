/* check_alerts.c: the alert engine in-process: configuration keys, the MID
 * table, ITU-R M.1371 intervals, bad input (counted, never alerted), clocks
 * going backwards, duplicates from two stations, station health, spoofing,
 * identity changes, encounters, loitering, zones and watchlists, the common
 * alert fields, and persistence through SQLite (restore of open gaps and the
 * alert sequence). */
#include "alerts/coverage.h"
#include "alerts/engine.h"
#include "alerts/geo.h"
#include "alerts/health.h"
#include "decode/jparse.h"
#include "alerts/mid.h"
#include "alerts/report.h"
#include "alerts/vessel.h"
#include "alerts/zone.h"
#include "decode/ais_msg.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1700000000.0
#define ST_LAT 42.0
#define ST_LON 50.0
#define MAXCAP 512

struct cap {
    int n;
    char *json[MAXCAP];
};

static void capture(void *user, const char *topic, const char *json)
{
    struct cap *c = user;
    if (!strncmp(topic, "alert.", 6) && c->n < MAXCAP) c->json[c->n++] = strdup(json);
}

static void cap_free(struct cap *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->json[i]);
    c->n = 0;
}

static int count_type(const struct cap *c, const char *type)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"type\":\"%s\"", type);
    int n = 0;
    for (int i = 0; i < c->n; i++)
        n += strstr(c->json[i], pat) != NULL;
    return n;
}

static const char *find_type(const struct cap *c, const char *type)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"type\":\"%s\"", type);
    for (int i = 0; i < c->n; i++)
        if (strstr(c->json[i], pat)) return c->json[i];
    return NULL;
}

static struct report pos(uint32_t mmsi, double lat, double lon, double sog, double cog)
{
    struct report r;
    memset(&r, 0, sizeof r);
    r.mmsi = mmsi;
    r.type = 1;
    r.kind = REPORT_POSITION;
    r.cls = CLASS_A;
    r.has_pos = 1;
    r.lat = lat;
    r.lon = lon;
    r.sog = sog;
    r.cog = cog;
    r.heading = -1;
    r.status = 0;
    r.turn = -128;
    r.second = -1;
    r.shiptype = -1;
    r.draught = NAN;
    return r;
}

static struct engine_config base_cfg(void)
{
    struct engine_config c = engine_config_default();
    c.coverage.station_lat = ST_LAT;
    c.coverage.station_lon = ST_LON;
    return c;
}

/* A small fleet steaming around the station, every report heard: builds the
 * coverage picture so the silence rules have something to stand on. */
struct fleet {
    int n;
    uint32_t mmsi[40];
    double lat[40], lon[40], sog[40], cog[40];
    double stop_at[40];
};

static void fleet_init(struct fleet *f, int n)
{
    memset(f, 0, sizeof *f);
    f->n = n;
    for (int i = 0; i < n; i++) {
        f->mmsi[i] = 273000000u + (uint32_t)i * 10;
        geo_dead_reckon(ST_LAT, ST_LON, (3 + (i % 6) * 2) * 3600, i * 360.0 / n, 1, &f->lat[i],
                        &f->lon[i]);
        f->sog[i] = 4 + (i % 3);
        f->cog[i] = (i * 97) % 360;
        f->stop_at[i] = 1e18;
    }
}

/* Run from t0 to t1 (1 s steps, each vessel every 10 s, offset by index),
 * with the housekeeping timer ticking every 10 s as the daemon's does. */
static void fleet_run(struct engine *e, struct fleet *f, double t0, double t1)
{
    for (double t = t0; t < t1; t += 1) {
        if (fmod(t, 10) == 0) engine_tick(e, t);
        for (int i = 0; i < f->n; i++) {
            geo_dead_reckon(f->lat[i], f->lon[i], f->sog[i], f->cog[i], 1, &f->lat[i], &f->lon[i]);
            if (((long)t + i) % 10 || t >= f->stop_at[i]) continue;
            struct report r = pos(f->mmsi[i], f->lat[i], f->lon[i], f->sog[i], f->cog[i]);
            engine_push_report(e, &r, t, 'A', NAN, NULL);
        }
    }
    engine_tick(e, t1);
}

/* One second of the fleet against a coverage edge at 20 nm: every vessel
 * moves, and its report (each 10 s, offset by index) is heard with
 * probability 1 inside 15 nm falling to 0 at 20 nm; vessel `always` (-1:
 * none) is heard this second wherever it is. */
static void fleet_step_edge(struct engine *e, struct fleet *f, double t, int always)
{
    for (int i = 0; i < f->n; i++) {
        geo_dead_reckon(f->lat[i], f->lon[i], f->sog[i], f->cog[i], 1, &f->lat[i], &f->lon[i]);
        if (((long)t + i) % 10) continue;
        double r = geo_distance_nm(ST_LAT, ST_LON, f->lat[i], f->lon[i]);
        double p = r < 15 ? 1.0 : r > 20 ? 0 : (20 - r) / 5;
        if (i != always && ((unsigned)(t * 7919) % 1000) / 1000.0 >= p) continue;
        struct report rr = pos(f->mmsi[i], f->lat[i], f->lon[i], f->sog[i], f->cog[i]);
        engine_push_report(e, &rr, t, 'A', NAN, NULL);
    }
}

/* The reception estimates are kept per cell between changes of the counts:
 * every hit, miss and checkpoint read must show in the next answer, the
 * same as from a model that was never asked before. */
START_TEST(test_coverage_estimate_follows_counts)
{
    struct coverage_config cc = coverage_config_default();
    cc.station_lat = ST_LAT;
    cc.station_lon = ST_LON;
    struct coverage *asked = coverage_create(&cc), *fresh = coverage_create(&cc);
    ck_assert_ptr_nonnull(asked);
    ck_assert_ptr_nonnull(fresh);
    double lat = ST_LAT + 9.0 / 60, lon = ST_LON; /* 9 nm north: ring 4 */
    int cell = coverage_cell_of(asked, lat, lon);
    ck_assert_int_ge(cell, 0);
    int next = coverage_cell_of(asked, ST_LAT + 11.0 / 60, lon); /* ring 5 */
    ck_assert_int_ne(next, cell);
    for (int step = 0; step < 4; step++) {
        for (int i = 0; i < 25; i++) {
            coverage_hit(asked, lat, lon, NAN);
            coverage_hit(fresh, lat, lon, NAN);
        }
        double p0 = coverage_p(asked, cell), m0 = coverage_p_mean(asked, cell);
        double pn0 = coverage_p_mean(asked, next);
        /* asked twice, as the health tick asks for every vessel's cell */
        ck_assert(coverage_p(asked, cell) == p0);
        int misses = 5 + 10 * step;
        coverage_miss_path(asked, lat, lon, lat, lon, misses, 30, 1, 1);
        coverage_miss_path(fresh, lat, lon, lat, lon, misses, 30, 1, 1);
        ck_assert(coverage_p(asked, cell) < p0);
        ck_assert(coverage_p_mean(asked, cell) < m0);
        /* a neighbour's estimate pools this cell's counts: it moves too */
        ck_assert(coverage_p_mean(asked, next) < pn0);
        coverage_hit(asked, ST_LAT + 11.0 / 60, lon, NAN);
        coverage_hit(fresh, ST_LAT + 11.0 / 60, lon, NAN);
    }
    struct coverage *c2 = coverage_create(&cc);
    double fresh_p = coverage_p(fresh, cell), fresh_m = coverage_p_mean(fresh, cell);
    ck_assert(coverage_p(asked, cell) == fresh_p);
    ck_assert(coverage_p_mean(asked, cell) == fresh_m);
    ck_assert(coverage_p(asked, next) == coverage_p(fresh, next));
    /* a checkpoint read over a model that was asked before */
    for (int i = 0; i < 40; i++)
        coverage_hit(c2, lat, lon, NAN);
    double before = coverage_p(c2, cell);
    size_t n = coverage_blob_size(fresh);
    void *blob = malloc(n);
    ck_assert_ptr_nonnull(blob);
    coverage_blob_write(fresh, blob);
    ck_assert_int_eq(coverage_blob_read(c2, blob, n), 0);
    ck_assert(coverage_p(c2, cell) == fresh_p);
    ck_assert(coverage_p(c2, cell) != before);
    ck_assert(coverage_p_mean(c2, cell) == fresh_m);
    free(blob);
    coverage_destroy(c2);
    coverage_destroy(fresh);
    coverage_destroy(asked);
}
END_TEST

START_TEST(test_config_keys)
{
    struct engine_config c = engine_config_default();
    ck_assert_double_eq(c.dark_p, 1e-7);
    ck_assert_int_eq(engine_config_set(&c, "dark_fade_margin", "2.5"), 0);
    ck_assert_double_eq(c.dark_fade_margin, 2.5);
    ck_assert_int_eq(engine_config_set(&c, "coverage_sectors", "24"), 0);
    ck_assert_int_eq(c.coverage.sectors, 24);
    ck_assert_int_eq(engine_config_set(&c, "station", "caspian1"), 0);
    ck_assert_str_eq(c.station, "caspian1");
    ck_assert_int_ne(engine_config_set(&c, "no_such_key", "1"), 0);
    ck_assert_int_ne(engine_config_set(&c, "dark_p", "abc"), 0);
    ck_assert_int_ne(engine_config_set(&c, "coverage_rings", "1.5"), 0);
    ck_assert_int_eq(engine_config_set(&c, "watch_flag", "ir, ru"), 0);
    ck_assert_int_eq(c.n_watch_flag, 2);
    ck_assert_str_eq(c.watch_flag[0], "IR");
    ck_assert_int_eq(engine_config_set(&c, "watch_shiptype", "80-89,30"), 0);
    ck_assert_int_eq(c.n_watch_shiptype, 2);
    ck_assert_int_eq(c.watch_shiptype[0][1], 89);
    ck_assert_int_ne(engine_config_set(&c, "watch_shiptype", "89-80"), 0);
    /* every listed key is accepted by engine_config_set; every number has a
     * range: nothing below -1e9 or above 1e12 means anything */
    for (const char *const *k = engine_config_keys(); *k; k++) {
        struct engine_config d = engine_config_default();
        int text = !strcmp(*k, "station") || !strcmp(*k, "zones") || !strcmp(*k, "alert_log");
        const char *val = !strncmp(*k, "watch_flag", 10) ? "IR"
                          : text                         ? "x"
                          : strstr(*k, "_p") || strstr(*k, "_frac") || strstr(*k, "_ratio") ||
                                  strstr(*k, "_q") || strstr(*k, "_rate") || strstr(*k, "_tail") ||
                                  strstr(*k, "_share")
                              ? "0.5"
                              : "3";
        ck_assert_msg(engine_config_set(&d, *k, val) == 0, "key %s", *k);
        if (text || !strncmp(*k, "watch_", 6)) continue;
        ck_assert_msg(engine_config_set(&d, *k, "-1e9") != 0, "key %s took -1e9", *k);
        ck_assert_msg(engine_config_set(&d, *k, "1e12") != 0, "key %s took 1e12", *k);
    }
    /* every default lies in its key's range */
    struct engine_config def = engine_config_default();
    char *defaults = engine_config_dump(&def);
    ck_assert_ptr_nonnull(defaults);
    char *save = NULL;
    for (char *line = strtok_r(defaults, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strstr(line, " = ");
        ck_assert_ptr_nonnull(eq);
        *eq = 0;
        if (!strcmp(eq + 3, "nan") || !eq[3]) continue; /* unset position, empty path */
        ck_assert_msg(engine_config_set(&def, line, eq + 3) == 0, "default %s", line);
    }
    free(defaults);
    ck_assert_int_ne(engine_config_set(&c, "dark_p", "3"), 0);
    ck_assert_int_ne(engine_config_set(&c, "health_degrade_p", "0"), 0);
    ck_assert_int_ne(engine_config_set(&c, "port_near_nm", "-1"), 0);
    ck_assert_int_ne(engine_config_set(&c, "coverage_sectors", "400"), 0);
    ck_assert_int_eq(c.coverage.sectors, 24); /* a refused value leaves the old */
    char *dump = engine_config_dump(&c);
    ck_assert_ptr_nonnull(strstr(dump, "dark_fade_margin = 2.5"));
    free(dump);
    /* a file */
    char *dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/alerts.conf", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "# comment\n dark_floor_s = 90  # trailing\n\nstation_lat=41.5\n");
    fclose(f);
    struct engine_config d = engine_config_default();
    ck_assert_int_eq(engine_config_load(&d, path), 0);
    ck_assert_double_eq(d.dark_floor_s, 90);
    ck_assert_double_eq(d.coverage.station_lat, 41.5);
    f = fopen(path, "w");
    fprintf(f, "dark_floor_s 90\n");
    fclose(f);
    ck_assert_int_ne(engine_config_load(&d, path), 0);
    test_rmdir_r(dir);
    free(dir);
    /* invalid values refused at creation */
    d = engine_config_default();
    d.dark_p = 2;
    ck_assert_ptr_null(engine_create(&d, NULL));
}
END_TEST

START_TEST(test_mid_and_intervals)
{
    ck_assert_str_eq(mid_flag(273456789), "RU");
    ck_assert_str_eq(mid_flag(422123456), "IR");
    ck_assert_str_eq(mid_flag(436000001), "KZ");
    ck_assert_str_eq(mid_flag(423000001), "AZ");
    ck_assert_str_eq(mid_flag(434000001), "TM");
    ck_assert_ptr_null(mid_flag(200000001)); /* MID 200 is not allocated */
    ck_assert_int_eq(mid_valid_ship_mmsi(0), 0);
    ck_assert_int_eq(mid_valid_ship_mmsi(123456789), 0);
    ck_assert_int_eq(mid_valid_ship_mmsi(970123456), 0);
    ck_assert_int_eq(mid_valid_ship_mmsi(273000001), 1);
    /* ITU-R M.1371 Table 1 (class A) and class B */
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 10, 0, 0), 10);
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 10, 0, 1), 10.0 / 3);
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 18, 0, 0), 6);
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 18, 0, 1), 2);
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 25, 0, 0), 2);
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 0.5, 1, 0), 180);
    ck_assert_double_eq(vessel_interval(CLASS_A, 0, 5, 5, 0), 10);
    ck_assert_double_eq(vessel_interval(CLASS_B, 1, 1, -1, 0), 180);
    ck_assert_double_eq(vessel_interval(CLASS_B, 1, 8, -1, 0), 30);
    ck_assert_double_eq(vessel_interval(CLASS_B, 0, 18, -1, 0), 15);
    ck_assert_double_eq(vessel_interval(CLASS_B, 0, 25, -1, 0), 5);
}
END_TEST

START_TEST(test_geo_and_zones)
{
    ck_assert(fabs(geo_distance_nm(0, 0, 1, 0) - 60.0) < 0.05);
    ck_assert(fabs(geo_bearing_deg(0, 0, 1, 0)) < 1e-6);
    ck_assert(fabs(geo_bearing_deg(0, 0, 0, 1) - 90) < 1e-6);
    double la, lo;
    geo_dead_reckon(42, 50, 10, 90, 3600, &la, &lo);
    ck_assert(fabs(geo_distance_nm(42, 50, la, lo) - 10) < 0.05);
    ck_assert_int_eq(geo_valid_position(91, 0), 0);
    ck_assert_int_eq(geo_valid_position(0, 181), 0);
    const char *gj = "{\"type\":\"FeatureCollection\",\"features\":["
                     "{\"type\":\"Feature\",\"properties\":{\"name\":\"Box\",\"kind\":\"port\"},"
                     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[50,42],[50.1,42],"
                     "[50.1,42.1],[50,42.1],[50,42]]]}},"
                     "{\"type\":\"Feature\",\"properties\":{\"name\":\"Ring\",\"radius_nm\":2,"
                     "\"priority\":\"high\"},"
                     "\"geometry\":{\"type\":\"Point\",\"coordinates\":[51,43]}}]}";
    char err[128];
    struct zones *zs = zone_parse(gj, strlen(gj), err, sizeof err);
    ck_assert_msg(zs != NULL, "%s", err);
    ck_assert_int_eq(zs->n, 2);
    ck_assert_int_eq(zone_contains(&zs->z[0], 42.05, 50.05), 1);
    ck_assert_int_eq(zone_contains(&zs->z[0], 42.15, 50.05), 0);
    ck_assert_int_eq(zone_contains(&zs->z[1], 43.01, 51.01), 1);
    ck_assert_int_eq(zone_contains(&zs->z[1], 43.1, 51.0), 0);
    ck_assert_int_eq(zs->z[1].priority, 1);
    ck_assert(zone_port_distance(zs, 42.05, 50.05, NULL) == 0);
    ck_assert(fabs(zone_port_distance(zs, 42.2, 50.05, NULL) - 6) < 0.1);
    zone_free(zs);
    ck_assert_ptr_null(zone_parse("{\"type\":\"Feature\"", 18, err, sizeof err));
    ck_assert_ptr_null(zone_parse("[1,2]", 5, err, sizeof err));
    /* the shipped Caspian ports file parses and holds the ten ports */
    zs = zone_load("alerts/data/caspian_ports.geojson", err, sizeof err);
    ck_assert_msg(zs != NULL, "%s", err);
    ck_assert_int_ge(zs->n, 10);
    int ports = 0;
    for (int i = 0; i < zs->n; i++)
        ports += zone_is_port(&zs->z[i]);
    ck_assert_int_ge(ports, 10);
    /* Baku port is near 40.35N 49.85E */
    ck_assert(zone_port_distance(zs, 40.36, 49.86, NULL) < 3);
    zone_free(zs);
}
END_TEST

START_TEST(test_bad_input_counted)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct ais_msg m;
    memset(&m, 0, sizeof m);
    m.type = 1;
    m.mmsi = 273000001;
    m.type1.lat = 91 * 600000; /* not available */
    m.type1.lon = 181 * 600000;
    m.type1.speed = 1023;
    m.type1.course = 3600;
    m.type1.heading = 511;
    ck_assert_int_ne(engine_push(e, &m, T0, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "bad_position"), 1);
    m.type1.lat = 42 * 600000;
    m.type1.lon = 50 * 600000;
    ck_assert_int_eq(engine_push(e, &m, T0 + 1, 'A', NAN, NULL), 0); /* speed n/a: kept */
    ck_assert_uint_eq(engine_counter(e, "sog_na"), 1);
    m.mmsi = 0;
    ck_assert_int_ne(engine_push(e, &m, T0 + 2, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "bad_mmsi"), 1);
    m.mmsi = 273000002;
    m.type1.lat = (int)(42.100 * 600000);
    ck_assert_int_eq(engine_push(e, &m, T0 + 3, 'A', NAN, NULL), 0);
    /* clock going backwards far: dropped and counted */
    ck_assert_int_ne(engine_push(e, &m, T0 - 3600, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "clock_backwards"), 1);
    /* the same transmission heard by a second station: a duplicate */
    m.type1.second = 7;
    m.type1.lat = (int)(42.1001 * 600000);
    ck_assert_int_eq(engine_push(e, &m, T0 + 10, 'A', NAN, "st1"), 0);
    ck_assert_int_ne(engine_push(e, &m, T0 + 10.4, 'B', NAN, "st2"), 0);
    ck_assert_uint_eq(engine_counter(e, "dup"), 1);
    /* a lone time far in the future is not believed ... */
    ck_assert_int_ne(engine_push(e, &m, T0 + 86400 * 365, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "clock_jump"), 1);
    ck_assert(engine_now(e) < T0 + 100);
    /* ... and NaN or negative times are refused */
    ck_assert_int_ne(engine_push(e, &m, NAN, 'A', NAN, NULL), 0);
    ck_assert_int_ne(engine_push(e, &m, -5, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "bad_time"), 2);
    /* out of order for the vessel (within tolerance of the clock) */
    m.type1.second = 3;
    m.type1.lat = (int)(42.1002 * 600000);
    ck_assert_int_ne(engine_push(e, &m, T0 + 5, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "out_of_order"), 1);
    /* a message type vessel state ignores */
    struct ais_msg b;
    memset(&b, 0, sizeof b);
    b.type = 8;
    b.mmsi = 273000003;
    ck_assert_int_eq(engine_push(e, &b, T0 + 11, 'A', NAN, NULL), 0);
    ck_assert_uint_eq(engine_counter(e, "ignored"), 1);
    /* a sparse log going quiet says nothing about the station yet */
    engine_tick(e, T0 + 300);
    /* a timer far ahead of the event clock, or impossible, is not believed */
    uint64_t jumps = engine_counter(e, "clock_jump");
    engine_tick(e, T0 + 86400);
    engine_tick(e, 1e300);
    engine_tick(e, NAN);
    ck_assert(engine_now(e) < T0 + 400);
    ck_assert_uint_eq(engine_counter(e, "clock_jump"), jumps + 1);
    ck_assert_int_eq(cap.n, 0); /* none of this raised an alert */
    ck_assert_uint_eq(engine_counter(e, "vessels"), 2);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

START_TEST(test_dark_start_end_and_fields)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    f.stop_at[3] = T0 + 1800; /* goes dark in good coverage */
    fleet_run(e, &f, T0, T0 + 3000);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    const char *a = find_type(&cap, "dark.start");
    char want[64];
    snprintf(want, sizeof want, "\"mmsi\":%u", f.mmsi[3]);
    ck_assert_ptr_nonnull(strstr(a, want));
    ck_assert_ptr_nonnull(strstr(a, "\"class\":\"ALERT\""));
    ck_assert_ptr_nonnull(strstr(a, "\"station\":\"aisd\""));
    ck_assert_ptr_nonnull(strstr(a, "\"flag\":\"RU\""));
    ck_assert_ptr_nonnull(strstr(a, "\"reasons\":[\"in_coverage\""));
    ck_assert_ptr_nonnull(strstr(a, "neighbours_heard"));
    ck_assert_ptr_nonnull(strstr(a, "\"confidence\":"));
    ck_assert_ptr_nonnull(strstr(a, "\"lat\":"));
    ck_assert_ptr_nonnull(strstr(a, "\"time\":\"2023-11-14T"));
    ck_assert_ptr_nonnull(strstr(a, "Z\""));
    /* the whole alert is valid JSON */
    char err[64];
    struct jparse_val *o = jparse(a, strlen(a), err, sizeof err);
    ck_assert_ptr_nonnull(o);
    double conf = jparse_num(o, "confidence", -1);
    ck_assert(conf > 0 && conf <= 1);
    /* raised after the silence was long enough, and not much later: the
     * learned fade guard (the prior, 300 s x 1.5, here) plus a tick */
    double sil = jparse_num(o, "silence_s", 0);
    ck_assert(sil >= 60 && sil <= 600);
    jparse_free(o);
    char *gaps = engine_snapshot(e, "gaps");
    ck_assert_ptr_nonnull(strstr(gaps, want));
    free(gaps);
    /* it comes back: dark.end with the gap */
    f.stop_at[3] = 1e18;
    fleet_run(e, &f, T0 + 3000, T0 + 3030);
    ck_assert_int_eq(count_type(&cap, "dark.end"), 1);
    a = find_type(&cap, "dark.end");
    o = jparse(a, strlen(a), err, sizeof err);
    ck_assert_ptr_nonnull(o);
    ck_assert(jparse_num(o, "gap_s", 0) >= 1190 && jparse_num(o, "gap_s", 0) <= 1215);
    ck_assert(jparse_num(o, "distance_nm", -1) > 1);
    ck_assert(jparse_num(o, "implied_speed_kn", -1) > 3 &&
              jparse_num(o, "implied_speed_kn", 0) < 8);
    ck_assert_ptr_nonnull(jparse_str(o, "gap_start"));
    jparse_free(o);
    /* seq increases by one per alert */
    for (int i = 0; i < cap.n; i++) {
        char s[32];
        snprintf(s, sizeof s, "\"seq\":%d,", i + 1);
        ck_assert_ptr_nonnull(strstr(cap.json[i], s));
    }
    char *st = engine_snapshot(e, "status");
    ck_assert_ptr_nonnull(strstr(st, "\"class\":\"STATUS\""));
    free(st);
    snprintf(want, sizeof want, "vessel:%u", f.mmsi[3]);
    st = engine_snapshot(e, want);
    ck_assert_ptr_nonnull(strstr(st, "\"class\":\"VESSEL\""));
    free(st);
    st = engine_snapshot(e, "vessel:123");
    ck_assert_str_eq(st, "null"); /* not tracked: valid JSON */
    free(st);
    ck_assert_ptr_null(engine_snapshot(e, "vessel:"));
    ck_assert_ptr_null(engine_snapshot(e, "nothing"));
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* The fleet from T0 to end, and a ship circling 10 nm out that reports
 * every 2 s (turning) until stop. */
static void run_with_circling_fast_reporter(struct engine *e, struct fleet *f, uint32_t mmsi,
                                            double stop, double end)
{
    double lat, lon, cog = 0;
    geo_dead_reckon(ST_LAT, ST_LON, 2.5 * 3600, 10, 1, &lat, &lon);
    for (double t = T0; t < end; t += 1) {
        fleet_run(e, f, t, t + 1);
        cog = fmod(cog + 2, 360); /* circling: stays in the water it was heard in */
        geo_dead_reckon(lat, lon, 15, cog, 1, &lat, &lon);
        if ((long)t % 2 || t >= stop) continue;
        struct report r = pos(mmsi, lat, lon, 15, cog);
        r.turn = 60;
        engine_push_report(e, &r, t, 'A', NAN, NULL);
    }
}

/* One fast reporter's silence is its own, not the station's: at thin
 * traffic (eight ships reporting every 10 s) a ship turning at 15 kn
 * (a report every 2 s, more than half of what the station hears) switches
 * off. Its missing reports alone cut the station's reception ratio below
 * half; that must not slow the evidence clock of the silence (it did: the
 * alert came with "partial_degradation" and 30-odd s of its silence not
 * counted). */
START_TEST(test_fast_reporter_silence_is_not_station_loss)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 8);
    uint32_t fast = 273999990u;
    double stop = T0 + 1800;
    run_with_circling_fast_reporter(e, &f, fast, stop, T0 + 3000);
    ck_assert_int_eq(count_type(&cap, "station.degraded"), 0);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    const char *a = find_type(&cap, "dark.start");
    char want[64];
    snprintf(want, sizeof want, "\"mmsi\":%u", fast);
    ck_assert_ptr_nonnull(strstr(a, want));
    char err[64];
    struct jparse_val *o = jparse(a, strlen(a), err, sizeof err);
    ck_assert_ptr_nonnull(o);
    double sil = jparse_num(o, "silence_s", 0), obs = jparse_num(o, "observed_s", 0);
    printf("fast reporter: silence %.1f s, observed %.1f s\n", sil, obs);
    ck_assert(sil - obs < 5);
    ck_assert_ptr_null(strstr(a, "partial_degradation"));
    jparse_free(o);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* At thin traffic the ship giving most of the station's reports switches
 * off: one ship reporting every 10 s (6 reports a minute) and one turning,
 * every 2 s (30). Within a minute the other ship's reports cannot tell that
 * from deafness, and the station says it is degraded; but the other ship
 * goes on being heard at its pace, so a few minutes later the verdict is
 * taken back (station.restored, "others_kept_pace") and the switch-off is
 * raised, its silence counted in full. Before: degraded for the rest of the
 * run (the yardstick held while deaf was mostly the silent ship's
 * reports), and no dark.start (`aisctl scenario random -n 20 -s 22`: 26
 * minutes "deaf", the switch-off raised as coverage.exit 52 minutes later). */
START_TEST(test_dominant_ship_switch_off_at_thin_traffic)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 1);
    uint32_t fast = 273999990u;
    double stop = T0 + 3600;
    run_with_circling_fast_reporter(e, &f, fast, stop, T0 + 5400);
    const char *d = find_type(&cap, "station.degraded"), *r = find_type(&cap, "station.restored");
    const char *a = find_type(&cap, "dark.start");
    printf("dominant ship: %s\n%s\n%s\n", d ? d : "-", r ? r : "-", a ? a : "-");
    ck_assert_int_le(count_type(&cap, "station.degraded"), 1);
    if (d) { /* taken back within ten minutes */
        ck_assert_ptr_nonnull(r);
        ck_assert_ptr_nonnull(strstr(r, "others_kept_pace"));
        char err[64];
        struct jparse_val *o = jparse(r, strlen(r), err, sizeof err);
        ck_assert_ptr_nonnull(o);
        ck_assert_double_le(jparse_num(o, "outage_s", 1e9), 600);
        jparse_free(o);
    }
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    char want[64];
    snprintf(want, sizeof want, "\"mmsi\":%u", fast);
    ck_assert_ptr_nonnull(strstr(a, want));
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

START_TEST(test_outage_holds_dark)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    fleet_run(e, &f, T0, T0 + 2400);
    /* the station goes deaf for 20 minutes: nothing heard at all */
    for (int i = 0; i < f.n; i++)
        f.stop_at[i] = T0 + 2400;
    fleet_run(e, &f, T0 + 2400, T0 + 3600);
    ck_assert_int_eq(count_type(&cap, "station.degraded"), 1);
    const char *a = find_type(&cap, "station.degraded");
    ck_assert_ptr_nonnull(strstr(a, "no_messages"));
    /* time-stamped at the last message + threshold, not at the next message */
    ck_assert_ptr_nonnull(strstr(a, "\"time\":\"2023-11-14T22:53:"));
    for (int i = 0; i < f.n; i++)
        f.stop_at[i] = 1e18;
    f.stop_at[1] = T0 + 3600; /* and one vessel stays silent after recovery */
    fleet_run(e, &f, T0 + 3600, T0 + 4800);
    ck_assert_int_eq(count_type(&cap, "station.restored"), 1);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1); /* only the one silent after recovery */
    a = find_type(&cap, "dark.start");
    char want[64];
    snprintf(want, sizeof want, "\"mmsi\":%u", f.mmsi[1]);
    ck_assert_ptr_nonnull(strstr(a, want));
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

START_TEST(test_edge_exit_no_dark)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    /* coverage ends at 20 nm: reports beyond it are never heard; vessel 0
     * steams straight out */
    f.sog[0] = 15;
    f.cog[0] = 0;
    for (double t = T0; t < T0 + 6000; t += 1)
        fleet_step_edge(e, &f, t, -1);
    engine_tick(e, T0 + 6000);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    ck_assert_int_ge(count_type(&cap, "coverage.exit"), 1);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* A ship that left coverage is glimpsed twice far beyond it afterwards (a
 * lucky report from 30 and 38 nm, where nothing is heard otherwise): one
 * coverage.exit, not one per glimpse (the caspian scenario raised one for
 * each, as false duplicates). */
START_TEST(test_exit_glimpses_raise_one_exit)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    f.sog[0] = 15;
    f.cog[0] = 0;
    for (double t = T0; t < T0 + 10000; t += 1) {
        if (fmod(t, 10) == 0) engine_tick(e, t);
        int glimpse = t == T0 + 6500 || t == T0 + 8500; /* vessel 0 heard far out */
        fleet_step_edge(e, &f, t, glimpse ? 0 : -1);
    }
    engine_tick(e, T0 + 10000);
    int exits0 = 0;
    char want[32];
    snprintf(want, sizeof want, "\"mmsi\":%u,", f.mmsi[0]);
    for (int i = 0; i < cap.n; i++)
        exits0 += strstr(cap.json[i], "\"type\":\"coverage.exit\"") && strstr(cap.json[i], want);
    ck_assert_int_eq(exits0, 1);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* A ship first heard beyond coverage, inbound (three lucky reports from
 * 24 nm, where nothing is heard otherwise), and not heard again while it is
 * still out there: it has not entered coverage, so losing it is no exit
 * (the caspian scenario raised coverage.exit for such glimpses early in the
 * run: 3 of its 3 false ones). */
START_TEST(test_inbound_glimpses_raise_no_exit)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    uint32_t inbound = 273888880u;
    double lat, lon;
    geo_dead_reckon(ST_LAT, ST_LON, 24 * 3600, 0, 1, &lat, &lon);
    for (double t = T0; t < T0 + 7000; t += 1) {
        if (fmod(t, 10) == 0) engine_tick(e, t);
        fleet_step_edge(e, &f, t, -1);
        if (t < T0 + 5000) continue;
        geo_dead_reckon(lat, lon, 8, 180, 1, &lat, &lon); /* towards the station */
        if (t == T0 + 5000 || t == T0 + 5010 || t == T0 + 5040) {
            struct report rr = pos(inbound, lat, lon, 8, 180);
            engine_push_report(e, &rr, t, 'A', NAN, NULL);
        }
    }
    engine_tick(e, T0 + 7000);
    char want[32];
    snprintf(want, sizeof want, "\"mmsi\":%u,", inbound);
    int exits = 0;
    for (int i = 0; i < cap.n; i++)
        exits += strstr(cap.json[i], "\"type\":\"coverage.exit\"") && strstr(cap.json[i], want);
    ck_assert_int_eq(exits, 0);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

START_TEST(test_spoof_and_identity)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    double t = T0;
    /* a steady vessel with one wild outlier 30 nm away */
    for (int i = 0; i < 20; i++, t += 10) {
        struct report r = pos(273000100, 42.0 + i * 0.0003, 50.0, 6, 0);
        if (i == 10) r.lat = 42.5;
        engine_push_report(e, &r, t, 'A', NAN, NULL);
    }
    /* reception out there is unknown: a second transmitter there could go
     * unheard for long, so the backing report is waited for up to
     * jump_confirm_max_s (1800 s) */
    engine_tick(e, t + 120);
    ck_assert_int_eq(count_type(&cap, "spoof.jump"), 0);
    for (double k = 400; k <= 1600; k += 300)
        engine_tick(e, t + k);
    ck_assert_int_eq(count_type(&cap, "spoof.jump"), 0);
    engine_tick(e, t + 1900);
    ck_assert_int_eq(count_type(&cap, "spoof.jump"), 1);
    ck_assert_ptr_nonnull(strstr(find_type(&cap, "spoof.jump"), "implied_speed"));
    /* two ships under one MMSI, 20 nm apart, both reporting */
    t += 2000;
    for (int i = 0; i < 20; i++, t += 5) {
        struct report r = i % 2 ? pos(273000200, 42.02 + i * 0.0001, 50.0, 5, 0)
                                : pos(273000200, 42.0 + i * 0.0001, 50.03, 5, 0);
        engine_push_report(e, &r, t, 'A', NAN, NULL);
    }
    ck_assert_int_eq(count_type(&cap, "spoof.mmsi_shared"), 1);
    /* an MMSI with an unallocated MID, alerted on its third report; an
     * AIS-SART (97x) is not alerted */
    struct report r;
    for (int i = 0; i < 3; i++) {
        r = pos(200000123, 42.0 + i * 0.0001, 50.02, 5, 0);
        engine_push_report(e, &r, t + i * 10, 'A', NAN, NULL);
        ck_assert_int_eq(count_type(&cap, "spoof.invalid_mmsi"), i == 2);
        r = pos(970123456, 42.1, 50.1, 0, 0);
        engine_push_report(e, &r, t + i * 10 + 1, 'A', NAN, NULL);
    }
    t += 30;
    ck_assert_int_eq(count_type(&cap, "spoof.invalid_mmsi"), 1);
    ck_assert_ptr_nonnull(strstr(find_type(&cap, "spoof.invalid_mmsi"), "200000123"));
    /* identity: a name change, then the same IMO under a new MMSI */
    struct report s;
    memset(&s, 0, sizeof s);
    s.mmsi = 273000100;
    s.type = 5;
    s.kind = REPORT_STATIC;
    s.cls = CLASS_A;
    s.fields = RS_NAME | RS_IMO | RS_CALLSIGN | RS_SHIPTYPE;
    snprintf(s.name, sizeof s.name, "VOLGA STAR");
    snprintf(s.callsign, sizeof s.callsign, "UBCD");
    s.imo = 9074729; /* valid check digit */
    s.shiptype = 80;
    engine_push_report(e, &s, t + 1, 'A', NAN, NULL);
    ck_assert_int_eq(count_type(&cap, "identity.change"), 0);
    snprintf(s.name, sizeof s.name, "CASPIAN DAWN");
    engine_push_report(e, &s, t + 400, 'A', NAN, NULL);
    ck_assert_int_eq(count_type(&cap, "identity.change"), 1);
    const char *a = find_type(&cap, "identity.change");
    ck_assert_ptr_nonnull(strstr(a, "\"field\":\"name\""));
    ck_assert_ptr_nonnull(strstr(a, "\"old\":\"VOLGA STAR\""));
    ck_assert_ptr_nonnull(strstr(a, "\"new\":\"CASPIAN DAWN\""));
    ck_assert_ptr_nonnull(strstr(a, "\"name\":\"CASPIAN DAWN\""));
    s.mmsi = 273000300;
    engine_push_report(e, &s, t + 401, 'A', NAN, NULL);
    ck_assert_int_eq(count_type(&cap, "identity.change"), 2);
    ck_assert_ptr_nonnull(strstr(cap.json[cap.n - 1], "\"field\":\"mmsi\""));
    ck_assert_ptr_nonnull(strstr(cap.json[cap.n - 1], "\"old\":\"273000100\""));
    /* an invalid IMO check digit is not mapped */
    s.imo = 9074720;
    s.mmsi = 273000400;
    engine_push_report(e, &s, t + 402, 'A', NAN, NULL);
    s.mmsi = 273000500;
    engine_push_report(e, &s, t + 403, 'A', NAN, NULL);
    ck_assert_int_eq(count_type(&cap, "identity.change"), 2);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

START_TEST(test_encounter_loiter_zones_watch)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    cfg.encounter_min_s = 1200;
    cfg.loiter_min_s = 1800;
    engine_config_set(&cfg, "watch_mmsi", "273000700");
    char *dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/zones.geojson", dir);
    FILE *fz = fopen(path, "w");
    fprintf(fz, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                "\"properties\":{\"name\":\"Box\",\"priority\":\"high\"},\"geometry\":{\"type\":"
                "\"Polygon\",\"coordinates\":[[[50.2,42.2],[50.3,42.2],[50.3,42.3],[50.2,42.3],"
                "[50.2,42.2]]]}}]}");
    fclose(fz);
    ck_assert_int_eq(engine_config_set(&cfg, "zones", path), 0);
    struct engine *e = engine_create(&cfg, NULL);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, &cap);
    double t = T0;
    /* two ships drifting side by side (0.1 nm) for 30 minutes */
    for (int i = 0; i < 200; i++, t += 10) {
        struct report a = pos(273000600, 42.1, 50.1 + i * 1e-6, 0.5, 90);
        struct report b = pos(273000700, 42.1015, 50.1 + i * 1e-6, 0.4, 90);
        engine_push_report(e, &a, t, 'A', NAN, NULL);
        engine_push_report(e, &b, t + 1, 'A', NAN, NULL);
    }
    ck_assert_int_eq(count_type(&cap, "encounter"), 1);
    const char *a = find_type(&cap, "encounter");
    ck_assert_ptr_nonnull(strstr(a, "\"mmsi\":273000600"));
    ck_assert_ptr_nonnull(strstr(a, "\"mmsi2\":273000700"));
    ck_assert_ptr_nonnull(strstr(a, "\"duration_s\":"));
    ck_assert_int_eq(count_type(&cap, "loiter"), 2);
    /* the watched vessel's alerts are high priority */
    for (int i = 0; i < cap.n; i++)
        if (strstr(cap.json[i], "\"type\":\"loiter\"") && strstr(cap.json[i], "273000700"))
            ck_assert_ptr_nonnull(strstr(cap.json[i], "\"priority\":\"high\""));
    /* a vessel steaming through the box */
    for (int i = 0; i < 60; i++, t += 10) {
        struct report r = pos(273000800, 42.25, 50.15 + i * 0.005, 10, 90);
        engine_push_report(e, &r, t, 'A', NAN, NULL);
    }
    ck_assert_int_eq(count_type(&cap, "zone.enter"), 1);
    ck_assert_int_eq(count_type(&cap, "zone.exit"), 1);
    ck_assert_ptr_nonnull(strstr(find_type(&cap, "zone.enter"), "\"zone\":\"Box\""));
    ck_assert_ptr_nonnull(strstr(find_type(&cap, "zone.enter"), "\"priority\":\"high\""));
    ck_assert_int_eq(engine_reload_zones(e, "/nonexistent.geojson") != 0, 1);
    engine_destroy(e);
    cap_free(&cap);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

START_TEST(test_persistence_restore)
{
    char *dir = test_tmpdir();
    char db[512], logp[512];
    snprintf(db, sizeof db, "%s/state.db", dir);
    snprintf(logp, sizeof logp, "%s/alerts.jsonl", dir);
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    ck_assert_int_eq(engine_config_set(&cfg, "alert_log", logp), 0);
    struct engine *e = engine_create(&cfg, db);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    f.stop_at[7] = T0 + 1800;
    fleet_run(e, &f, T0, T0 + 3000);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    int before = cap.n;
    engine_destroy(e); /* a clean stop; the kill -9 case is check_alerts_store */
    e = engine_create(&cfg, db);
    ck_assert_ptr_nonnull(e);
    engine_set_output(e, capture, &cap);
    char *gaps = engine_snapshot(e, "gaps");
    char want[64];
    snprintf(want, sizeof want, "\"mmsi\":%u", f.mmsi[7]);
    ck_assert_ptr_nonnull(strstr(gaps, want));
    free(gaps);
    char *alerts = engine_snapshot(e, "alerts");
    ck_assert_ptr_nonnull(strstr(alerts, "dark.start"));
    free(alerts);
    ck_assert_uint_eq(engine_counter(e, "vessels"), 30);
    f.stop_at[7] = 1e18;
    fleet_run(e, &f, T0 + 3000, T0 + 3060);
    ck_assert_int_eq(count_type(&cap, "dark.end"), 1);
    const char *end = find_type(&cap, "dark.end");
    char seq[32];
    snprintf(seq, sizeof seq, "\"seq\":%d,", before + 1); /* the sequence goes on */
    ck_assert_ptr_nonnull(strstr(end, seq));
    ck_assert_ptr_nonnull(strstr(end, want));
    ck_assert_ptr_nonnull(strstr(end, "\"gap_start\":\"2023-11-14T22:43:"));
    engine_destroy(e);
    /* the alert log has every alert, one per line */
    size_t len;
    char *log = test_read_file(logp, &len);
    ck_assert_ptr_nonnull(log);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += log[i] == '\n';
    ck_assert_int_eq(lines, cap.n);
    free(log);
    cap_free(&cap);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* A cloned transponder first glimpsed beyond the coverage the station has
 * learned, heard again 15 minutes later where its own track leads: a second
 * ship (a shared MMSI), not a one-off jump of the first. A transmitter out
 * there goes unheard for long, so the backing report is waited for. */
START_TEST(test_clone_glimpse_is_no_jump)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    double t = T0, lat_a = ST_LAT + 0.05, lat_b = ST_LAT + 0.40;
    for (int i = 0; i < 400; i++, t += 10) {
        if (i % 6 == 0) engine_tick(e, t);
        lat_a += 6.0 / 60 * 10 / 3600; /* 6 kn north */
        struct report r = pos(273000300, lat_a, ST_LON, 6, 0);
        engine_push_report(e, &r, t, 'A', NAN, NULL);
        lat_b += 10.0 / 60 * 10 / 3600; /* the clone, 10 kn north */
        if (i == 100 || i == 190 || i == 200 || i == 210) {
            struct report c = pos(273000300, lat_b, ST_LON, 10, 0);
            engine_push_report(e, &c, t + 1, 'A', NAN, NULL);
        }
    }
    engine_tick(e, t);
    ck_assert_int_eq(count_type(&cap, "spoof.jump"), 0);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* A ship heard at speed before the station went deaf may have anchored
 * while nobody listened (3-minute reports): its silence after the recovery
 * is judged on the slowest interval it may have switched to, so a couple of
 * minutes of it raise no dark.start. */
START_TEST(test_no_dark_after_outage_for_a_ship_that_may_have_anchored)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    fleet_run(e, &f, T0, T0 + 4000);
    for (int i = 0; i < f.n; i++)
        f.stop_at[i] = T0 + 4000; /* the station hears nothing for 12 minutes */
    fleet_run(e, &f, T0 + 4000, T0 + 4720);
    ck_assert_int_eq(count_type(&cap, "station.degraded"), 1);
    for (int i = 0; i < f.n; i++)
        f.stop_at[i] = 1e18;
    f.stop_at[3] = T0 + 4000; /* anchored: next report 3 minutes on */
    fleet_run(e, &f, T0 + 4720, T0 + 4890);
    ck_assert_int_eq(count_type(&cap, "station.restored"), 1);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* Thin traffic: three ships 5 nm out, 18 reports a minute. Half-rate
 * interference for 40 minutes is no deaf station, though one minute of it
 * holds under 0.3 x the usual (4-5 of 18 heard; at half rate one minute in
 * twenty does by chance); then 10 % reception for 10 minutes is. */
START_TEST(test_thin_traffic_interference_is_not_deaf)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    double lat[3], lon[3], cog[3];
    for (int i = 0; i < 3; i++) {
        geo_dead_reckon(ST_LAT, ST_LON, 5 * 360, i * 120.0, 10, &lat[i], &lon[i]);
        cog[i] = i * 120.0;
    }
    const double t_int = T0 + 2400, t_out = T0 + 4800, t_end = T0 + 5400;
    int degraded_in_interference = 0;
    for (double t = T0; t < t_end + 600; t += 1) {
        if (fmod(t, 10) == 0) engine_tick(e, t);
        if (t == t_out) degraded_in_interference = count_type(&cap, "station.degraded");
        /* interference: every other report heard, and one minute only 5 of 18 */
        int dip = t >= t_int + 1200 && t < t_int + 1260;
        for (int i = 0; i < 3; i++) {
            cog[i] = fmod(cog[i] + 0.5, 360); /* circling: stays in its water */
            geo_dead_reckon(lat[i], lon[i], 10, cog[i], 1, &lat[i], &lon[i]);
            if (((long)t + 3 * i) % 10) continue;
            long k = (long)t / 10 + i;
            if (t >= t_int && t < t_out && (dip ? k % 4 != 0 : k % 2)) continue;
            if (t >= t_out && t < t_end && k % 10) continue;
            struct report r = pos(273100000u + (uint32_t)i * 10, lat[i], lon[i], 10, cog[i]);
            engine_push_report(e, &r, t, 'A', NAN, NULL);
        }
    }
    ck_assert_int_eq(degraded_in_interference, 0);
    ck_assert_int_ge(count_type(&cap, "station.degraded"), 1);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* The fleet heard for 40 minutes, then a 5-minute outage (every ship
 * silent) that the station reports, then heard again until the station says
 * it is restored: returns that time. */
static double run_until_restored_after_outage(struct engine *e, struct fleet *f,
                                              const struct cap *cap)
{
    fleet_run(e, f, T0, T0 + 2400);
    for (int i = 0; i < f->n; i++)
        f->stop_at[i] = T0 + 2400;
    fleet_run(e, f, T0 + 2400, T0 + 2700);
    ck_assert_int_eq(count_type(cap, "station.degraded"), 1);
    for (int i = 0; i < f->n; i++)
        f->stop_at[i] = 1e18;
    double t = T0 + 2700;
    while (count_type(cap, "station.restored") == 0 && t < T0 + 2800) {
        fleet_run(e, f, t, t + 1);
        t += 1;
    }
    ck_assert_int_eq(count_type(cap, "station.restored"), 1);
    return t;
}

/* After a 5-minute outage, a ship heard once as the station recovers and
 * then silent for four minutes: its silence may have begun before (a fade
 * under way through the deafness), so it is judged as a ship last heard
 * before the deafness (3-minute reports), not raised after a minute. */
START_TEST(test_no_dark_for_a_glimpse_after_recovery)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    double t = run_until_restored_after_outage(e, &f, &cap);
    f.stop_at[1] = t + 10; /* one report after the recovery, then silent */
    fleet_run(e, &f, t, t + 250);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    f.stop_at[1] = 1e18;
    fleet_run(e, &f, t + 250, t + 300);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* A ship heard regularly for 3.5 minutes after the station recovers, then
 * silent for 200 s (a fade): its record before the silence is mostly the
 * deafness, so it is judged as before its water was learned (the prior's
 * fades), not at the minute a ship heard for a quarter of an hour waits
 * here (`-d 3h --loss flatfades` seed 11). A switch-off that soon after is
 * still raised, later; one 16 minutes after the recovery comes as before. */
START_TEST(test_no_dark_for_a_fade_soon_after_recovery)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    double t = run_until_restored_after_outage(e, &f, &cap);
    f.stop_at[1] = t + 210; /* 3.5 minutes of regular reports, then a fade */
    f.stop_at[7] = t + 300; /* switched off 5 minutes after the recovery */
    fleet_run(e, &f, t, t + 410);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    f.stop_at[1] = 1e18; /* the fade ends after 200 s */
    fleet_run(e, &f, t + 410, t + 300 + 420);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    fleet_run(e, &f, t + 300 + 420, t + 300 + 520);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    ck_assert_ptr_nonnull(strstr(find_type(&cap, "dark.start"), "\"mmsi\":273000070"));
    f.stop_at[6] = t + 960; /* heard for 16 minutes since: as before */
    fleet_run(e, &f, t + 300 + 520, t + 960 + 120);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 2);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* Station-wide interference at half reception for 5 minutes: a ship silent
 * for 200 s inside it (a fade that interference deepens) raises no
 * dark.start, as each expected report had only half its usual chance;
 * once reception is back, a switch-off is raised (300 s in here, the same
 * without the change). Before, the
 * likelihood used the cell's usual reception and the 200 s fade was
 * raised after 150 s. */
START_TEST(test_interference_lowers_the_chance_of_each_report)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    fleet_run(e, &f, T0, T0 + 3000);
    for (double t = T0 + 3000; t < T0 + 3300; t += 1) {
        if (fmod(t, 10) == 0) engine_tick(e, t);
        for (int i = 0; i < f.n; i++) {
            geo_dead_reckon(f.lat[i], f.lon[i], f.sog[i], f.cog[i], 1, &f.lat[i], &f.lon[i]);
            if (((long)t + i) % 10 || t >= f.stop_at[i]) continue;
            if (i == 0 && t >= T0 + 3060 && t < T0 + 3260) continue; /* the fade */
            if (((unsigned)(t * 7919) + (unsigned)i * 104729u) % 1000 < 500) continue;
            struct report r = pos(f.mmsi[i], f.lat[i], f.lon[i], f.sog[i], f.cog[i]);
            engine_push_report(e, &r, t, 'A', NAN, NULL);
        }
    }
    ck_assert_int_eq(count_type(&cap, "station.degraded"), 0);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    fleet_run(e, &f, T0 + 3300, T0 + 3900);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    f.stop_at[6] = T0 + 3900;
    fleet_run(e, &f, T0 + 3900, T0 + 3900 + 360);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    ck_assert_ptr_nonnull(strstr(find_type(&cap, "dark.start"), "\"mmsi\":273000060"));
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* Thin traffic: a ship heard on every report for ten minutes switches
 * off in water no other ship has crossed (the fleet is 12-16 nm out, the
 * ship 4-5 nm, just into a new sector: its cell and ring neighbours hold a
 * few of its own reports, under dark_min_samples). Its own record stands
 * in for the cell's, and its fades being as unknown, it waits for the
 * prior's: raised, no sooner than dark_fade_margin x dark_fade_prior_s
 * into its silence. Before, an unsampled cell was never "well covered" and
 * the switch-off was never raised (`aisctl scenario random -n 20 -s 24`). */
START_TEST(test_switch_off_in_unsampled_water_is_raised)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    for (int i = 0; i < f.n; i++) { /* a ring of traffic 12-16 nm out, sailing round */
        double b = i * 12.0;
        geo_dead_reckon(ST_LAT, ST_LON, (12 + (i % 5)) * 3600, b, 1, &f.lat[i], &f.lon[i]);
        f.cog[i] = fmod(b + 90, 360);
    }
    uint32_t lone = 273999980u;
    double lat, lon, cog = 100, stop = T0 + 3000;
    geo_dead_reckon(ST_LAT, ST_LON, 4 * 3600, 10, 1, &lat, &lon);
    for (double t = T0; t < T0 + 3000 + 900; t += 1) {
        fleet_run(e, &f, t, t + 1);
        if (t < T0 + 2400) continue;
        geo_dead_reckon(lat, lon, 12, cog, 1, &lat, &lon);
        if ((long)t % 10 || t >= stop) continue;
        struct report r = pos(lone, lat, lon, 12, cog);
        engine_push_report(e, &r, t, 'A', NAN, NULL);
    }
    ck_assert_int_eq(count_type(&cap, "station.degraded"), 0);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    const char *a = find_type(&cap, "dark.start");
    char want[64];
    snprintf(want, sizeof want, "\"mmsi\":%u", lone);
    ck_assert_ptr_nonnull(strstr(a, want));
    char err[64];
    struct jparse_val *o = jparse(a, strlen(a), err, sizeof err);
    ck_assert_ptr_nonnull(o);
    double obs = jparse_num(o, "observed_s", 0);
    printf("unsampled water: dark.start after %.1f s observed\n", obs);
    ck_assert(obs >= cfg.dark_fade_margin * cfg.dark_fade_prior_s);
    ck_assert(obs < cfg.dark_fade_margin * cfg.dark_fade_prior_s + 60);
    jparse_free(o);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* A ship silent for 50 s (a fade), heard once, then silent again: one
 * report amid a fade does not show it is over, so the second silence is
 * judged at 3-minute reports (about 15 minutes before dark.start), not at
 * the minute or so a ship heard regularly up to its last report waits
 * here. It is raised in the end: a glimpse delays, it does not hide. */
START_TEST(test_glimpse_in_a_fade_is_no_switch_off)
{
    struct cap cap = {0};
    struct engine_config cfg = base_cfg();
    struct engine *e = engine_create(&cfg, NULL);
    engine_set_output(e, capture, &cap);
    struct fleet f;
    fleet_init(&f, 30);
    fleet_run(e, &f, T0, T0 + 3000);
    f.stop_at[3] = T0 + 3000; /* last report T0 + 2997 */
    fleet_run(e, &f, T0 + 3000, T0 + 3040);
    f.stop_at[3] = T0 + 3048; /* one report at T0 + 3047, then silent */
    fleet_run(e, &f, T0 + 3040, T0 + 3050);
    fleet_run(e, &f, T0 + 3050, T0 + 3650);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 0);
    fleet_run(e, &f, T0 + 3650, T0 + 4250);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 1);
    /* the same silence after regular reports is raised within two minutes */
    f.stop_at[6] = T0 + 4260; /* 3 nm out */
    fleet_run(e, &f, T0 + 4250, T0 + 4260 + 120);
    ck_assert_int_eq(count_type(&cap, "dark.start"), 2);
    engine_destroy(e);
    cap_free(&cap);
}
END_TEST

/* A norm learned too high (the first minutes heard 1.3 reports a second
 * against 1 expected, then 0.7 for good): half an hour of every minute
 * "partial" is no interference, so the norm is learned again and the
 * evidence clock runs at full pace; before that, the first 20 minutes of
 * the drop still slow it (a half-hour interference must keep doing so). */
START_TEST(test_health_stale_norm_relearned)
{
    struct health_config hc = health_config_default();
    struct health *h = health_create(&hc);
    ck_assert_ptr_nonnull(h);
    double ev_t;
    double t = T0, heard = 0;
    for (; t < T0 + 5 * 60; t += 1) {
        for (heard += 1.3; heard >= 1; heard -= 1) {
            health_message(h, t);
            health_report(h, t);
        }
        health_tick(h, t, 1.0, 1.0, &ev_t);
    }
    double w_early = 1, norm_high = health_state(h)->norm_ratio;
    for (; t < T0 + 100 * 60; t += 1) {
        for (heard += 0.7; heard >= 1; heard -= 1) {
            health_message(h, t);
            health_report(h, t);
        }
        ck_assert_int_eq(health_tick(h, t, 1.0, 1.0, &ev_t), HEALTH_NONE);
        if (t == T0 + 25 * 60) w_early = health_state(h)->weight;
    }
    ck_assert(norm_high > 1.2);
    ck_assert(w_early < 0.7);
    ck_assert_double_eq_tol(health_state(h)->norm_ratio, 0.7, 0.05);
    ck_assert_double_eq_tol(health_state(h)->weight, 1.0, 1e-9);
    ck_assert(!health_state(h)->degraded);
    health_destroy(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alerts");
    TCase *tc = tcase_create("engine");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_config_keys);
    tcase_add_test(tc, test_coverage_estimate_follows_counts);
    tcase_add_test(tc, test_clone_glimpse_is_no_jump);
    tcase_add_test(tc, test_no_dark_after_outage_for_a_ship_that_may_have_anchored);
    tcase_add_test(tc, test_mid_and_intervals);
    tcase_add_test(tc, test_geo_and_zones);
    tcase_add_test(tc, test_bad_input_counted);
    tcase_add_test(tc, test_dark_start_end_and_fields);
    tcase_add_test(tc, test_outage_holds_dark);
    tcase_add_test(tc, test_no_dark_for_a_glimpse_after_recovery);
    tcase_add_test(tc, test_no_dark_for_a_fade_soon_after_recovery);
    tcase_add_test(tc, test_interference_lowers_the_chance_of_each_report);
    tcase_add_test(tc, test_glimpse_in_a_fade_is_no_switch_off);
    tcase_add_test(tc, test_switch_off_in_unsampled_water_is_raised);
    tcase_add_test(tc, test_fast_reporter_silence_is_not_station_loss);
    tcase_add_test(tc, test_thin_traffic_interference_is_not_deaf);
    tcase_add_test(tc, test_dominant_ship_switch_off_at_thin_traffic);
    tcase_add_test(tc, test_health_stale_norm_relearned);
    tcase_add_test(tc, test_edge_exit_no_dark);
    tcase_add_test(tc, test_exit_glimpses_raise_one_exit);
    tcase_add_test(tc, test_inbound_glimpses_raise_no_exit);
    tcase_add_test(tc, test_spoof_and_identity);
    tcase_add_test(tc, test_encounter_loiter_zones_watch);
    tcase_add_test(tc, test_persistence_restore);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
