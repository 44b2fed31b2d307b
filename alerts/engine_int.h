/* engine_int.h: the engine's private state, shared by the files that make up
 * the engine (engine.c and the rule files: alert, dark, spoof, identity,
 * encounter, watch, vessel_json). Not a public interface: daemon/ and tests
 * use engine.h. */
#ifndef AISD_ENGINE_INT_H
#define AISD_ENGINE_INT_H

#include <stdint.h>
#include <stdio.h>

#include "alerts/deadline.h"
#include "alerts/engine.h"
#include "alerts/coverage.h"
#include "alerts/jbuf.h"
#include "alerts/vessel.h"

struct store;
struct zones;
struct grid;
struct identity;

#define ENGINE_RECENT 100
#define ALERT_MAX_REASONS 12

struct engine_counters {
    uint64_t messages, positions, statics, ignored, bad_mmsi, bad_position, bad_speed, sog_na;
    uint64_t dup, clock_backwards, clock_jump, out_of_order, alerts, ticks, db_errors, non_ship;
    uint64_t bad_time;
};

struct engine {
    struct engine_config cfg;
    struct vessel_table *vt;
    struct coverage *cov;
    struct health *health;
    struct store *store;
    struct zones *zones;
    struct grid *grid;
    struct identity *ident;
    struct deadline dl;
    engine_output_fn out;
    void *out_user;
    FILE *log;
    /* clock */
    int started;
    double now, next_tick;
    double jump_cand_t;
    int jump_cand_n;
    double next_checkpoint, next_sector, next_edges;
    double obs_restored; /* observation clock at the last station recovery */
    uint64_t seq;
    /* per-sector neighbour statistics (refreshed every few seconds) */
    int nsec;
    float *sec_active, *sec_heard;
    double expected_per_s;      /* reports per second expected from tracked vessels */
    double expected_live_per_s; /* ... from those not silent for six intervals */
    double top_per_s;           /* ... from the one vessel expected most */
    uint32_t top_mmsi;          /* that vessel */
    uint32_t deaf_top_mmsi;     /* that vessel at the last low-rate verdict */
    /* class B craft under way (reporting faster than every 3 minutes):
     * report-to-report time learned, and how many of those transitions
     * ended slowed to 3-minute reports (<= 2 kn): how often a silent class B
     * craft may simply have slowed down unheard */
    double classb_moving_s, classb_slowdowns;
    /* silences in progress of frequent reporters, per relative-range class:
     * the longest two (observed s beyond one interval) and whose they are.
     * A young loss-run histogram lacks the long runs still under way. */
    float open_run[COVERAGE_CLASSES][2];
    uint32_t open_mmsi[COVERAGE_CLASSES][2];
    /* recent alerts (snapshot) */
    char *recent[ENGINE_RECENT];
    int recent_head, recent_n;
    /* alert under construction */
    struct jbuf ab;
    char a_type[32];
    uint32_t a_mmsi;
    double a_t;
    const char *a_reasons[ALERT_MAX_REASONS];
    int a_nreasons;
    int a_priority;
    struct jbuf tmp;
    struct engine_counters c;
};

/* alert.c: building and emitting one alert. begin writes the common fields
 * (v may be NULL; lat/lon NaN to omit); add type-specific fields to e->ab
 * with jbuf_*; alert_reason adds a code (static string); alert_emit closes
 * the object, stores it (DB, log) and hands it out. Returns the seq. */
void alert_begin(struct engine *e, const char *type, double t, const struct vessel *v,
                 uint32_t mmsi, double lat, double lon, double confidence);
void alert_reason(struct engine *e, const char *code);
uint64_t alert_emit(struct engine *e);
/* Watchlist priority of a vessel (+1 when listed), zones at a position. */
int alert_priority(const struct engine *e, const struct vessel *v, double lat, double lon);

/* vessel_json.c: a vessel as JSON (state output, snapshot, store) and back. */
void vessel_json_write(const struct vessel *v, struct jbuf *b, int full);
struct jparse_val;
void vessel_json_read(struct vessel *v, const struct jparse_val *o);
/* Emit a "vessel" output for v (when an output is set). */
void engine_vessel_out(struct engine *e, const struct vessel *v);

/* dark.c: silence rules. */
void dark_before_report(struct engine *e, struct vessel *v, double t, double lat, double lon);
void dark_learn(struct engine *e, struct vessel *v, double t, double lat, double lon,
                double new_interval);
void dark_arm(struct engine *e, struct vessel *v);
/* Classify the lead-in to the report just taken (v->lead); level: its
 * signal level (dBFS, NaN unknown). */
void dark_lead_in(struct engine *e, struct vessel *v, double level);
/* Evaluate a due vessel; returns the next deadline (0: none). */
double dark_due(struct engine *e, struct vessel *v, double now);
/* The vessel is among those whose reports station health expects at t:
 * heard within three of its intervals (or a minute), not dark, not gone. */
int dark_expected(const struct vessel *v, double t);
void dark_sectors(struct engine *e, double now);
void dark_restore_gap(struct engine *e, struct vessel *v, const struct jparse_val *o);

/* spoof.c: tracks under one MMSI, jumps, shared MMSIs, invalid MMSIs.
 * spoof_associate returns 1 when the report belongs to the primary track
 * (update state), 0 when it went to the alternate track. */
int spoof_associate(struct engine *e, struct vessel *v, const struct report *r, double t);
double spoof_due(struct engine *e, struct vessel *v, double now);
void spoof_check_mmsi(struct engine *e, struct vessel *v, const struct report *r, double t);

/* identity.c: static data changes and IMO under a new MMSI. */
struct identity *identity_create(void);
void identity_destroy(struct identity *id);
void identity_static(struct engine *e, struct vessel *v, const struct report *r, double t);
/* Record imo -> mmsi without alerting (restore). */
void identity_note(struct identity *id, uint32_t imo, uint32_t mmsi, double t);

/* encounter.c: encounters and loitering, on each position report. */
void encounter_report(struct engine *e, struct vessel *v, double t);

/* watch.c: zone enter/exit on each position report. */
void watch_zones(struct engine *e, struct vessel *v, double t);

#endif
