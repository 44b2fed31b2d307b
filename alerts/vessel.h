/* vessel.h: the state of one vessel (keyed by MMSI) and the table holding
 * them all: an open-addressing hash on MMSI, so a report finds its vessel in
 * O(1). Also the ITU-R M.1371 expected reporting interval of a vessel.
 * struct vessel is about 600 bytes, history included (under the 1 KiB budget).
 * The rules own the fields in the "rule state" part; vessel.c only stores.
 * Single-threaded: the engine's thread owns the table. */
#ifndef AISD_VESSEL_H
#define AISD_VESSEL_H

#include <stddef.h>
#include <stdint.h>

#include "alerts/report.h"

#define VESSEL_HIST 8 /* short position history (ring) */

struct vessel_fix {
    double t;
    float lat, lon;
};

/* A second position stream under the same MMSI (a jump, or a shared MMSI). */
struct vessel_track {
    double t_first, t_last;
    double lat, lon;
    float sog, cog;
    uint16_t n;         /* reports on this track */
    uint16_t primary_n; /* primary-track reports heard since this one began */
};

struct vessel {
    uint32_t mmsi;
    uint8_t cls;          /* enum report_class */
    uint8_t cs;           /* class B CS */
    int8_t status;        /* navigation status, -1 none */
    uint8_t invalid_mmsi; /* 0 ship, 1 invalid, 2 non-ship (SART...), 3 invalid and alerted */
    char flag[3];
    /* dynamic */
    double t_first, t_last; /* event time of first / last heard position */
    double obs_last;        /* station observation clock at t_last */
    double lat, lon;
    float sog, cog; /* NaN = n/a */
    int16_t heading;
    int16_t shiptype; /* -1 unknown */
    float level_dbfs; /* EWMA of recent reports' signal level, NaN */
    float interval;   /* expected interval at the last report, s */
    uint32_t nreports;
    uint32_t last_hash; /* content hash of the last report (duplicates) */
    double t_last_any;  /* last message of any kind */
    /* static and voyage */
    char name[21];
    char callsign[8];
    char destination[21];
    uint32_t imo;
    uint16_t to_bow, to_stern, to_port, to_starboard;
    float draught;
    uint8_t eta_month, eta_day, eta_hour, eta_minute;
    unsigned static_fields; /* enum report_static_bits seen so far */
    double t_static;
    /* history */
    struct vessel_fix hist[VESSEL_HIST];
    uint8_t hist_n, hist_head;
    /* reception quality over the last minutes (decaying counts) */
    float recent_heard, recent_expected;
    double recent_t;
    float max_run_s;     /* longest recent loss run (decaying), s */
    float max_run_reg_s; /* ... of those after a regular lead-in */
    /* rule state: tracks */
    struct vessel_track alt;
    double jump_t; /* pending one-off outlier (spoof.jump), 0 none */
    double jump_lat, jump_lon;
    float jump_dist_nm;
    float jump_wait; /* confirmation window for the pending outlier, s */
    uint8_t shared;  /* spoof.mmsi_shared raised */
    /* rule state: dark */
    uint8_t dark;   /* a dark gap is open */
    uint8_t exited; /* coverage.exit raised for this silence */
    uint8_t lost;
    uint8_t in_heap;
    uint8_t out;      /* out of coverage since a coverage.exit, until heard in good water */
    uint8_t lead;     /* lead-in to the last report: 0 unknown, 1 regular, 2 thinning, 3 weak */
    double deadline;  /* earliest time a silence rule can fire */
    double gap_start; /* last heard before the gap */
    double gap_lat, gap_lon;
    float gap_sog, gap_cog;
    double dark_t; /* when dark.start was raised */
    /* rule state: encounter, loiter */
    uint32_t enc_mmsi, enc_done_mmsi;
    double enc_start, enc_last;
    double loiter_start;
    double loiter_lat, loiter_lon;
    uint8_t loiter_done;
    /* zones the vessel is inside (bit i = zone i) */
    uint64_t zones;
    /* spatial grid links */
    int32_t cell; /* coverage cell of the last position, -1 none */
    int32_t grid_cell;
    struct vessel *grid_next, *grid_prev;
    uint8_t dirty; /* changed since the last checkpoint */
};

/* ITU-R M.1371 Table 1/2: the nominal reporting interval (s) of a vessel
 * given class, CS flag, speed (kn, NaN n/a), navigation status (-1 none) and
 * whether it is turning. */
double vessel_interval(int cls, int cs, double sog, int status, int turning);

/* The slowest interval the vessel could switch to without our hearing it
 * (class B: 180 s once slow; class A at anchor: 180 s; else the nominal). */
double vessel_interval_worst(const struct vessel *v);

void vessel_push_fix(struct vessel *v, double t, double lat, double lon);

struct vessel_table;

struct vessel_table *vessel_table_create(size_t initial);
void vessel_table_destroy(struct vessel_table *t);
struct vessel *vessel_table_find(const struct vessel_table *t, uint32_t mmsi);
/* Find or insert (zeroed, mmsi set); NULL on allocation failure. *created set. */
struct vessel *vessel_table_get(struct vessel_table *t, uint32_t mmsi, int *created);
size_t vessel_table_count(const struct vessel_table *t);
/* Iterate: returns the vessel at slot *it (advancing it) or NULL at the end. */
struct vessel *vessel_table_next(const struct vessel_table *t, size_t *it);

#endif
