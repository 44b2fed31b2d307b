/* engine.h: the alert engine: AIS messages with event time in, vessel state
 * and alert events out. The same engine runs in aisd (daemon/) and in
 * `aisctl alerts` (replay). It owns the vessel table, learned coverage,
 * station health, every alert rule, and (optionally) the SQLite store.
 *
 * Time: all logic runs on event time (double seconds UTC, the message's own
 * timestamp). engine_push() first runs the housekeeping tick for every tick
 * boundary up to the message's time, so quiet spans (outages) still get their
 * ticks in replay. Live, the daemon also calls engine_tick() from a timer with
 * the receiver's current time so a silent station is noticed.
 *
 * Output: every alert goes, in this order, to the SQLite store (committed),
 * the alert log (JSON line, flushed), then the output callback. A kill -9
 * therefore never loses an alert that was handed out. Vessel state changes
 * go to the callback only (topic "vessel").
 *
 * Threads: none. One thread owns an engine; no function may be called
 * concurrently on the same engine. No global state. */
#ifndef AISD_ENGINE_H
#define AISD_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "alerts/coverage.h"
#include "alerts/health.h"

struct ais_msg;
struct report;

#define ENGINE_WATCH_MAX 64

/* Every threshold, with its key for engine_config_set(). docs/alerts.md
 * gives each default and the reason for it. */
struct engine_config {
    char station[32];                /* station: name put in every alert ("aisd") */
    char zones_file[256];            /* zones: GeoJSON file ("" none) */
    char alert_log[256];             /* alert_log: JSON-lines file ("" none) */
    struct coverage_config coverage; /* station_lat, station_lon, coverage_* */
    struct health_config health;     /* health_* */
    double tick_s;                   /* tick_s */
    double clock_tolerance_s;        /* clock_tolerance_s: reordering accepted */
    double clock_jump_s;             /* clock_jump_s: a forward jump needing confirmation */
    double dup_window_s;             /* dup_window_s */
    double checkpoint_s;             /* checkpoint_s: vessel state to the DB */
    double vessel_update_s;          /* vessel_update_s: "vessel" output per vessel, 0 off */
    /* dark */
    double dark_p;                   /* dark_p: likelihood of the silence under loss (1e-8) */
    double dark_min_missed;          /* dark_min_missed */
    double dark_floor_s;             /* dark_floor_s */
    double dark_min_cell_p;          /* dark_min_cell_p: last heard in covered water */
    double dark_max_range_frac;      /* dark_max_range_frac: x the sector's 50% edge */
    double dark_min_samples;         /* dark_min_samples: coverage learned enough */
    double dark_recent_s;            /* dark_recent_s: window for reception quality */
    double dark_recent_reports;      /* dark_recent_reports */
    double dark_recent_frac;         /* dark_recent_frac */
    double dark_neighbour_frac;      /* dark_neighbour_frac */
    double dark_neighbour_intervals; /* dark_neighbour_intervals */
    double dark_fade_q;              /* dark_fade_q: loss-run quantile */
    double dark_fade_margin;         /* dark_fade_margin: THE latency/precision knob */
    double dark_fade_min_runs;       /* dark_fade_min_runs */
    double dark_fade_prior_s;        /* dark_fade_prior_s: guard before runs are learned */
    double dark_fade_tail;           /* dark_fade_tail: share of transitions a silence may
                                        be matched by in its range class */
    double dark_fade_min_trans;      /* dark_fade_min_trans: transitions before a class counts */
    double dark_stop_kn;             /* dark_stop_kn: slower than this, may be stopping */
    double dark_fade_learn_s;        /* dark_fade_learn_s: learning time before classes count */
    double dark_fade_early_s;        /* dark_fade_early_s: before that, with silences under way */
    double dark_fade_early_rate;     /* dark_fade_early_rate: ... where fades are this rare */
    double dark_fade_common_rate;    /* dark_fade_common_rate: fades this common in the vessel's
                                        own water: the tail is at least the prior */
    double dark_fade_inner_rate;     /* dark_fade_inner_rate: ... or this common in all the water
                                        inside it */
    double
        dark_lead_share; /* dark_lead_share: lead-in is evidence where fades this rarer after it */
    double dark_lead_weak_db; /* dark_lead_weak_db: this far below the cell's level is weak */
    double dark_exit_p;       /* dark_exit_p: DR position below this: coverage.exit */
    double dark_lost_s;       /* dark_lost_s */
    double learn_max_missed;  /* learn_max_missed: longer gaps are not coverage */
    double learn_max_run_s;   /* learn_max_run_s: longer silences are not loss runs */
    /* port calls */
    double port_near_nm;      /* port_near_nm */
    double port_dr_miss_nm;   /* port_dr_miss_nm */
    double port_dr_frac;      /* port_dr_frac */
    double port_speed_factor; /* port_speed_factor */
    double port_min_speed_kn; /* port_min_speed_kn */
    double port_dwell_s;      /* port_dwell_s */
    /* tracks and spoofing */
    double track_gate_nm;        /* track_gate_nm */
    double track_gate_kn;        /* track_gate_kn */
    double jump_confirm_s;       /* jump_confirm_s */
    double jump_confirm_max_s;   /* jump_confirm_max_s: longest wait for a backing report */
    double shared_min_reports;   /* shared_min_reports */
    double shared_primary_after; /* shared_primary_after */
    double track_stale_s;        /* track_stale_s */
    double invalid_min_reports;  /* invalid_min_reports */
    /* encounter, loiter */
    double encounter_dist_nm; /* encounter_dist_nm */
    double encounter_sog_kn;  /* encounter_sog_kn */
    double encounter_min_s;   /* encounter_min_s */
    double encounter_break_s; /* encounter_break_s */
    double encounter_port_nm; /* encounter_port_nm */
    double loiter_sog_kn;     /* loiter_sog_kn */
    double loiter_radius_nm;  /* loiter_radius_nm */
    double loiter_min_s;      /* loiter_min_s */
    /* watchlists (comma lists in the config): watch_mmsi, watch_imo,
     * watch_flag, watch_shiptype (ranges like 80-89) */
    uint32_t watch_mmsi[ENGINE_WATCH_MAX];
    int n_watch_mmsi;
    uint32_t watch_imo[ENGINE_WATCH_MAX];
    int n_watch_imo;
    char watch_flag[ENGINE_WATCH_MAX][3];
    int n_watch_flag;
    uint16_t watch_shiptype[ENGINE_WATCH_MAX][2];
    int n_watch_shiptype;
};

struct engine_config engine_config_default(void);
/* Set one key (as listed above; the daemon maps them to long options).
 * Returns 0, or AISD_E_INVAL for an unknown key or bad value (logged). */
int engine_config_set(struct engine_config *cfg, const char *key, const char *value);
/* Read "key = value" lines ('#' comments) from a file. */
int engine_config_load(struct engine_config *cfg, const char *path);
/* The key names, NULL-terminated, for --help and docs. */
const char *const *engine_config_keys(void);
/* Write "key = value" of the effective configuration to a malloc'd string. */
char *engine_config_dump(const struct engine_config *cfg);

/* topic: "alert.<type>" (json: one complete alert object) or "vessel"
 * (json: a vessel's state). json is valid only during the call. */
typedef void (*engine_output_fn)(void *user, const char *topic, const char *json);

struct engine;

/* db_path NULL or "": no persistence. With a path, the database is created
 * or opened (WAL) and vessels, open gaps, alert sequence, coverage and
 * station health are restored from it. NULL on failure (logged). */
struct engine *engine_create(const struct engine_config *cfg, const char *db_path);
void engine_destroy(struct engine *e); /* checkpoints first; NULL-safe */
void engine_set_output(struct engine *e, engine_output_fn fn, void *user);

/* One decoded message heard at event time t (s, UTC). channel 'A'/'B' or 0,
 * level_dbfs NaN when unknown, station: the tag-block s: source or NULL.
 * Returns 0, or a negative enum aisd_err (the message was counted and
 * dropped: bad values, duplicate, clock backwards). Never fails on content. */
int engine_push(struct engine *e, const struct ais_msg *m, double t, char channel,
                double level_dbfs, const char *station);
/* The same for an already converted report (tests, benchmarks). */
int engine_push_report(struct engine *e, const struct report *r, double t, char channel,
                       double level_dbfs, const char *station);
/* Housekeeping up to event time t (ticks every tick_s): station health,
 * silence rules, pending jump confirmations, checkpoints. t must be on the
 * messages' time base; a t more than clock_jump_s ahead of the engine's
 * clock, or impossible (NaN, negative, past year 3000), is ignored and
 * counted (clock_jump). */
void engine_tick(struct engine *e, double t);
/* Write vessel state to the DB now (also done every checkpoint_s). */
int engine_checkpoint(struct engine *e);
/* Replace the zones from a GeoJSON file (NULL: the configured one). */
int engine_reload_zones(struct engine *e, const char *path);

/* A JSON document (malloc'd; free it) for queries:
 * "status" (clock, counters, health, coverage), "vessels", "gaps" (open dark
 * gaps), "alerts" (the last 100), "coverage", or "vessel:<mmsi>" (null when
 * the MMSI is not tracked). NULL for an unknown query. */
char *engine_snapshot(struct engine *e, const char *what);

/* Current event time (0 before the first message). */
double engine_now(const struct engine *e);
/* Counter by name ("messages", "alerts", "dup", "bad_position", ...), 0 if
 * unknown. */
uint64_t engine_counter(const struct engine *e, const char *name);

#endif
