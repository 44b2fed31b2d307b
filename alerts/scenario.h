/* scenario.h: the scenario simulator's model: one coastal station, vessels
 * with scripted tracks (waypoints with times and navigation status), dark
 * periods, identity changes, spoofed jumps, shared and invalid MMSIs, station
 * outages and interference, and a reception model (loss heavier with range,
 * per-vessel fades that cut reception the more the farther out the vessel is,
 * station-wide interference). Stepping it yields every
 * transmission in time order with the message (decode/ais_msg.h) and whether
 * the station received it; the ground truth of the events is written as JSON
 * lines for `aisctl eval`. Reporting intervals follow ITU-R M.1371: class A
 * 10/6/2 s by speed (3 1/3 and 2 s while turning), 180 s at anchor or moored
 * below 3 kn, static data every 6 minutes; class B CS 30 s above 2 kn, else
 * 180 s; class B SO 5/15/30/180 s by speed.
 *
 * Built-in scenarios (scenario_config.name): "caspian" (station at Bandar
 * Anzali, traffic on the Astrakhan-Anzali route, one vessel going dark, one
 * dark port call, an edge exit, a station outage), "random" (everything,
 * placed at random from the seed). Deterministic for a given configuration. */
#ifndef AISD_SCENARIO_H
#define AISD_SCENARIO_H

#include <stdint.h>
#include <stdio.h>

#include "decode/ais_msg.h"

enum scenario_loss {
    SCENARIO_LOSS_NONE,   /* everything inside range_nm heard, nothing beyond */
    SCENARIO_LOSS_RANGE,  /* independent losses, heavier with range */
    SCENARIO_LOSS_BURSTY, /* range + per-vessel fades (deeper loss with range) + interference */
    SCENARIO_LOSS_FLAT,   /* stress test: bursty, but every fade cuts reception to 5 % whatever
                             the range (a fade then looks like a switch-off anywhere) */
};

struct scenario_config {
    char name[32];     /* "caspian" (default) or "random" */
    uint64_t seed;     /* default 1 */
    double duration_s; /* 0: the scenario's own (6 h) */
    unsigned vessels;  /* random: number of vessels (default 40) */
    enum scenario_loss loss;
    double range_nm;  /* distance where reception falls to half (default 35) */
    int64_t start_ms; /* UTC of t = 0, ms since 1970 (default 2026-11-22T06:00:00Z) */
    char station[32]; /* s: tag; "" = the scenario's station name */
    /* Variants (random; NaN / negative / "" = the scenario's own): */
    double station_lat, station_lon; /* the station somewhere else (positions wrap at 180) */
    char dark_kind[16];  /* who goes dark: "sea" (class A under way, default), "anchor" (at
                            anchor, 3-min reports), "classb" (class B CS under way, 30 s),
                            "fast" (over 23 kn, 2 s), "mix" (each in turn) */
    double class_b_frac; /* share of background traffic that is class B (default 0.15) */
    double moored_frac;  /* share at anchor or moored, 3-min reports (default 0.20) */
};

struct scenario_config scenario_config_default(void);
/* 1 when name is a dark kind (see scenario_config.dark_kind). */
int scenario_dark_kind_valid(const char *name);
/* Name -> loss model ("none", "range", "bursty", "flatfades"); AISD_E_INVAL otherwise. */
int scenario_loss_parse(const char *name, enum scenario_loss *loss);
/* NULL-terminated list of built-in scenario names. */
const char *const *scenario_names(void);

struct scenario;

struct scenario *scenario_create(const struct scenario_config *c);
void scenario_destroy(struct scenario *s);

/* One transmission. */
struct scenario_msg {
    double t;           /* seconds since the start */
    int64_t time_ms;    /* UTC ms */
    char channel;       /* 'A' or 'B' */
    int received;       /* the station heard it */
    struct ais_msg msg; /* what was sent */
};

/* The next transmission in time order: 1, or 0 at the end. */
int scenario_next(struct scenario *s, struct scenario_msg *m);

/* Station: name, position (degrees), duration (s), start (UTC ms). */
const char *scenario_station(const struct scenario *s);
void scenario_station_pos(const struct scenario *s, double *lat, double *lon);
double scenario_duration(const struct scenario *s);
int64_t scenario_start_ms(const struct scenario *s);

/* Ground truth: one JSON object per event (see docs/simulators.md). */
int scenario_write_truth(const struct scenario *s, FILE *f);
/* A config snippet for the alert engine (station, station_lat, station_lon,
 * and zones when zones_path is not NULL). */
int scenario_write_engine_config(const struct scenario *s, const char *zones_path, FILE *f);

/* Counters after a run. */
struct scenario_stats {
    uint64_t sent, received, vessels, events;
};
struct scenario_stats scenario_stats(const struct scenario *s);

#endif
