/* eval.h: scoring an alert log against a scenario's ground truth
 * (alerts/scenario.h, `aisctl scenario --truth`). Each truth event says which
 * alert types it must raise; an alert matches an event of its type by MMSI
 * (either vessel for encounters; none for station alerts) and a time window
 * around the event (see eval.c's table). Per alert type: true positives, false
 * positives (duplicates counted apart), misses, precision and recall; the
 * latency of dark.start after the event's threshold (switch-off + 6
 * intervals + 60 s, `aisctl scenario`'s); and the dark alerts raised where none may be: edge exits,
 * station outages and interference, vessels in port or at anchor, shared MMSIs.
 * Alerts are JSON objects with class "ALERT", type, time (ISO 8601), mmsi
 * [, mmsi2]. */
#ifndef AISD_EVAL_H
#define AISD_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EVAL_MAX_TYPES 24

struct eval_type_score {
    char type[24];
    unsigned truth;  /* events expecting this type */
    unsigned alerts; /* alerts of this type */
    unsigned tp, fp, dup, fn;
    unsigned allowed;  /* for events that may raise it (open at the end, or a gap that
                        * could have been a port call): not scored */
    unsigned possible; /* of those, allowed as possible port calls only: the strict
                        * precision counts them as false, tp / (tp + fp + possible) */
};

struct eval_result {
    struct eval_type_score t[EVAL_MAX_TYPES];
    int ntypes;
    unsigned events, alerts, unscored; /* unscored: alert types no truth event names */
    /* dark.start latency after the threshold, seconds */
    unsigned lat_n, lat_within_interval, lat_early;
    unsigned lat_expected; /* dark.start truth: a missed one is not within the interval */
    double lat_mean, lat_median, lat_p95, lat_max;
    /* dark alerts (start/end/port_call) that match no dark event, by where */
    unsigned dark_at_edge, dark_in_outage, dark_in_interference, dark_in_port, dark_shared;
};

struct eval;

struct eval *eval_create(void);
void eval_destroy(struct eval *e);

/* Redefine the dark threshold as switch-off + intervals x the vessel's
 * reporting interval + floor_s (the "a multiple of its interval plus a
 * floor"; the truth file's own: 6, 60 s), or with max_form, switch-off +
 * max(floor_s, intervals x the interval) (the threshold of sessions up to 9). */
void eval_set_threshold(struct eval *e, double intervals, double floor_s, int max_form);

/* Lines fed from now on belong to run k (default 0): several scenarios
 * (seeds) scored together, an alert matching only events of its own run. */
void eval_set_run(struct eval *e, int k);

/* Feed one truth JSON line; blank lines and the scenario line are skipped. Returns 0, AISD_E_FORMAT
 * (no kind or start_ms; the caller reports the line) or AISD_E_NOMEM. */
int eval_add_truth_line(struct eval *e, const char *line);
/* Feed one alert JSON line; lines not starting with an object ("topic json")
 * and objects of another class (VESSEL, STATUS) are skipped (returns 0); an
 * object that is not valid JSON, or has no class (a truth line), is
 * AISD_E_FORMAT (the caller counts it). */
int eval_add_alert_line(struct eval *e, const char *line);

/* Score everything fed so far. */
int eval_compute(struct eval *e, struct eval_result *r);
/* Score of one type in r, or NULL. */
const struct eval_type_score *eval_type(const struct eval_result *r, const char *type);
/* Human-readable table, or one JSON object. */
void eval_print(const struct eval_result *r, FILE *f);
void eval_print_json(const struct eval_result *r, FILE *f);
/* The targets: dark.start/dark.end precision and recall >= 0.95, no
 * dark alert at edge exits or in outages, every matched dark.start within one
 * interval of its threshold. 1 when met; 0 when the truth holds no dark.start
 * (nothing was measured). */
int eval_targets_met(const struct eval_result *r);
/* Unmatched alerts, missed events and each matched dark.start's latency,
 * one line each (for --verbose). */
void eval_print_details(struct eval *e, FILE *f);

#endif
