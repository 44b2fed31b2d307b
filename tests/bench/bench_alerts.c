/* bench_alerts.c: messages per second through vessel state and every alert
 * rule (engine_push with decoded struct ais_msg, as aisd and aisctl alerts
 * call it), on one core, with no database; and memory per tracked vessel.
 * Traffic: VESSELS ships steaming around one station, each reporting at its
 * ITU-R M.1371 interval in event time, 5% of reports lost in bursts, static
 * data every 6 minutes, a few going dark. Target: >= 500,000 messages/s,
 * < 1 KiB per vessel. */
#include "alerts/engine.h"
#include "alerts/geo.h"
#include "alerts/vessel.h"
#include "decode/ais_msg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VESSELS 2000
#define MESSAGES 2000000

/* Compact pre-generated traffic; each is turned into a struct ais_msg (as
 * the decoder would fill one) inside the timed loop. */
struct ev {
    double t;
    uint32_t mmsi;
    int32_t lat, lon;
    uint16_t speed, course;
    uint8_t type, status, second;
};

static void to_msg(const struct ev *e, struct ais_msg *m)
{
    m->type = e->type;
    m->mmsi = e->mmsi;
    if (e->type == 5) {
        snprintf(m->type5.shipname, sizeof m->type5.shipname, "SHIP %u", e->mmsi % 10000);
        snprintf(m->type5.callsign, sizeof m->type5.callsign, "UB%u", e->mmsi % 1000);
        m->type5.imo = 0;
        m->type5.shiptype = 70;
        m->type5.to_bow = 100;
        m->type5.to_stern = 20;
        m->type5.to_port = 5;
        m->type5.to_starboard = 5;
        m->type5.destination[0] = 0;
        return;
    }
    m->type1.status = e->status;
    m->type1.speed = e->speed;
    m->type1.course = e->course;
    m->type1.heading = 511;
    m->type1.turn = -128;
    m->type1.second = e->second;
    m->type1.lat = e->lat;
    m->type1.lon = e->lon;
}

/* CPU time of this process: the figure is per core and does not depend on
 * what else the shared build machine is running. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) v = strtol(line + 6, NULL, 10);
    if (f) fclose(f);
    return v;
}

static uint64_t rs = 88172645463325252ULL;
static double urand(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

static void noop(void *user, const char *topic, const char *json)
{
    (void)topic;
    (void)json;
    (*(long *)user)++;
}

int main(void)
{
    struct ev *evs = malloc(sizeof *evs * MESSAGES);
    double *lat = malloc(sizeof(double) * VESSELS), *lon = malloc(sizeof(double) * VESSELS);
    double *sog = malloc(sizeof(double) * VESSELS), *cog = malloc(sizeof(double) * VESSELS);
    double *next = malloc(sizeof(double) * VESSELS), *fade = calloc(VESSELS, sizeof(double));
    if (!evs || !lat || !lon || !sog || !cog || !next || !fade) return 1;
    for (int i = 0; i < VESSELS; i++) {
        double bearing = 360 * urand(); /* then the distance: gcc's order (decode/rng.h) */
        double dist = 3600 * (2 + 28 * urand());
        geo_dead_reckon(42, 50, dist, bearing, 1, &lat[i], &lon[i]);
        sog[i] = urand() < 0.2 ? 0.1 : 4 + 14 * urand();
        cog[i] = 360 * urand();
        next[i] = 1700000000 + 10 * urand();
    }
    /* generate in time order: a simple scan per second of event time */
    long n = 0;
    double t = 1700000000;
    while (n < MESSAGES) {
        for (int i = 0; i < VESSELS && n < MESSAGES; i++) {
            if (next[i] > t) continue;
            double I = vessel_interval(CLASS_A, 0, sog[i], sog[i] < 1 ? 1 : 0, 0);
            geo_dead_reckon(lat[i], lon[i], sog[i], cog[i], I, &lat[i], &lon[i]);
            next[i] += I;
            if (t < fade[i]) continue;
            if (urand() < 0.002) fade[i] = t + 60 + 120 * urand(); /* bursty loss */
            if (i % 500 == 7 && t > 1700003600) continue;          /* a few go dark after an hour */
            struct ev *e = &evs[n++];
            memset(e, 0, sizeof *e);
            e->t = t + urand() * 0.9;
            e->mmsi = 273000000u + (unsigned)i;
            if (((long)t / 360 + i) % 36 == 0 && fmod(next[i] - I, 360) < I) {
                e->type = 5;
                continue;
            }
            e->type = 1;
            e->status = sog[i] < 1 ? 1 : 0;
            e->speed = (uint16_t)(sog[i] * 10);
            e->course = (uint16_t)(cog[i] * 10);
            e->second = (uint8_t)fmod(e->t, 60);
            e->lat = (int32_t)lrint(lat[i] * 600000);
            e->lon = (int32_t)lrint(lon[i] * 600000);
        }
        t += 1;
    }
    double span = evs[n - 1].t - evs[0].t;
    struct engine_config cfg = engine_config_default();
    cfg.coverage.station_lat = 42;
    cfg.coverage.station_lon = 50;
    long before = rss_kib();
    struct engine *e = engine_create(&cfg, NULL);
    long outputs = 0;
    engine_set_output(e, noop, &outputs);
    static struct ais_msg m;
    double t0 = cpu_s(), w0 = wall_s();
    for (long k = 0; k < n; k++) {
        to_msg(&evs[k], &m);
        engine_push(e, &m, evs[k].t, 'A', NAN, NULL);
    }
    double el = cpu_s() - t0, wall = wall_s() - w0;
    long after = rss_kib();
    uint64_t vessels = engine_counter(e, "vessels");
    printf("bench_alerts: %ld messages (%.1f h of event time, %llu vessels) in %.3f s CPU "
           "(%.3f s wall): %.0f messages/s per core through state and rules (target >= 500000)\n",
           n, span / 3600, (unsigned long long)vessels, el, wall, n / el);
    printf("bench_alerts: %llu alerts, %ld outputs, %llu ticks, %llu dark.start-capable "
           "vessels\n",
           (unsigned long long)engine_counter(e, "alerts"), outputs,
           (unsigned long long)engine_counter(e, "ticks"), (unsigned long long)vessels);
    printf("bench_alerts: struct vessel %zu bytes (history of %d fixes included); table slot "
           "%zu bytes; RSS growth %.0f bytes per vessel (target < 1024)\n",
           sizeof(struct vessel), VESSEL_HIST, 2 * sizeof(void *),
           vessels ? (after - before) * 1024.0 / (double)vessels : 0.0);
    engine_destroy(e);
    free(evs);
    free(lat);
    free(lon);
    free(sog);
    free(cog);
    free(next);
    free(fade);
    return n / el >= 500000 && sizeof(struct vessel) < 1024 ? 0 : 1;
}
