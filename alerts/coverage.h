/* coverage.h: what the station can hear, learned online from the reports
 * themselves. Cells are range rings x bearing sectors around the station
 * (position from config, or estimated as the weighted centroid of the first
 * positions heard). Each cell counts reports heard and expected-but-missed
 * (from inter-report gaps), the signal level, and a histogram of loss-run
 * durations: real loss comes in bursts (fades), so the rules ask "how long a
 * silence does reception loss produce here" rather than assuming independent
 * misses. Single-threaded; owned by the engine. */
#ifndef AISD_COVERAGE_H
#define AISD_COVERAGE_H

#include <stddef.h>

#define COVERAGE_RUN_BINS 21
/* Loss runs are also pooled by relative range (range / the sector's working
 * edge, in tenths): the link margin, so how often fades lose reports, goes
 * with it. Classes 0..COVERAGE_CLASSES-1, the last open. */
#define COVERAGE_CLASSES 12

struct coverage_config {
    double station_lat, station_lon; /* NaN: estimate */
    int estimate_n;                  /* positions used to estimate the station */
    double ring_nm;                  /* ring width */
    int rings;                       /* number of rings (max range = rings * ring_nm) */
    int sectors;                     /* bearing sectors */
    double prior_k;                  /* pseudo-counts shrinking a cell to its neighbours */
};

struct coverage_cell {
    float hits, misses;
    float level_sum, level_n; /* dBFS */
    float runs[COVERAGE_RUN_BINS];
};

struct coverage;

struct coverage_config coverage_config_default(void);
struct coverage *coverage_create(const struct coverage_config *cfg);
void coverage_destroy(struct coverage *c);

/* 1 when the station position is known (configured or estimated). */
int coverage_ready(const struct coverage *c);
void coverage_station(const struct coverage *c, double *lat, double *lon);
/* Feed a heard position to the station estimator (no-op once ready). */
void coverage_feed_position(struct coverage *c, double lat, double lon, double level_dbfs);

/* Cell index of a position, or -1 (no station yet, or beyond the grid). */
int coverage_cell_of(const struct coverage *c, double lat, double lon);
int coverage_sector_of_cell(const struct coverage *c, int cell);
int coverage_ring_of_cell(const struct coverage *c, int cell);
int coverage_sectors(const struct coverage *c);
double coverage_range_nm(const struct coverage *c, double lat, double lon);

/* One report heard at (lat, lon) with signal level (NaN unknown). */
void coverage_hit(struct coverage *c, double lat, double lon, double level_dbfs);
void coverage_hit_cell(struct coverage *c, int cell, double level_dbfs);
/* n expected reports missed between (lat1,lon1) and (lat2,lon2), spread
 * along the straight path (n may be 0: the run alone is recorded); run_s:
 * the silent time beyond one interval, added to the loss-run histogram of
 * the start cell, and to the station-wide one when station_wide (the caller
 * passes it for runs that began in well-covered water: the runs a dark
 * alert must outlast). The run goes to the cell's histogram only when
 * frequent (a frequent reporter's run: a slow reporter's silence, or one
 * that changed its interval unheard, is no measure of a fade). */
void coverage_miss_path(struct coverage *c, double lat1, double lon1, double lat2, double lon2,
                        int n, double run_s, int station_wide, int frequent);

/* Conservative reception probability of one report in the cell (0 when the
 * cell lies beyond anything heard in its sector, or cell < 0). */
double coverage_p(const struct coverage *c, int cell);
/* The estimate itself (shrunk to the ring neighbours, no bound): the share
 * of reports heard there; -1 when nothing was learned around the cell. */
double coverage_p_mean(const struct coverage *c, int cell);
/* Samples (hits + misses) behind a cell's estimate, its own plus neighbours. */
double coverage_samples(const struct coverage *c, int cell);
/* Mean level (dBFS) heard in the cell and its neighbours, NaN when unknown. */
double coverage_level(const struct coverage *c, int cell);
/* Quantile q of loss-run durations (s) around a cell; pooled with the whole
 * station when the neighbourhood has fewer than min_runs. Returns 0 when the
 * station has seen no runs; *nruns gets the number behind it. */
double coverage_run_quantile(const struct coverage *c, int cell, double q, double min_runs,
                             double *nruns);
/* Relative-range class of a position (range / the working edge of its
 * sector, in tenths, from the edges cached by coverage_refresh_edges), or -1. */
int coverage_class_of(const struct coverage *c, double lat, double lon);
/* The same when the position's cell is known (no bearing to compute). */
int coverage_class_at(const struct coverage *c, int cell, double lat, double lon);
/* Recompute the cached working edge of every sector (coverage_edge50_nm). */
void coverage_refresh_edges(struct coverage *c, double min_samples);
/* One report-to-report transition of a frequent reporter that began in
 * class cls, ending at event time t; run_s > 0: the silent time beyond one
 * interval it lost. regular: it began after a regular lead-in (the vessel
 * heard at each of its expected reports just before, at its usual level):
 * also counted apart, for coverage_lead_tail. */
void coverage_class_transition(struct coverage *c, int cls, double run_s, double t, int regular);
/* Shortest silence (s, a histogram edge) that loss runs of classes 0..cls
 * (the water out to that relative range) exceed in at most tail x their
 * transitions; -1 when they have fewer than min_trans transitions, or the
 * classes began learning less than min_age_s before now (a run is counted
 * when it ends: a young histogram lacks the long ones). *ntrans gets the
 * transitions. */
double coverage_class_tail(const struct coverage *c, int cls, double tail, double min_trans,
                           double now, double min_age_s, double *ntrans);
/* The same over classes lo..cls only. */
double coverage_class_tail_from(const struct coverage *c, int lo, int cls, double tail,
                                double min_trans, double now, double min_age_s, double *ntrans);
/* coverage_class_tail over the transitions that began after a regular
 * lead-in only: how long reception loss silences a vessel that was heard
 * regularly up to its last report. */
double coverage_lead_tail(const struct coverage *c, int cls, double tail, double min_trans,
                          double now, double min_age_s, double *ntrans);
/* Fades (runs beyond 30 s) per transition after regular lead-ins, against
 * fades per transition over all, in classes 0..cls (1 when unknown): how
 * much rarer a fade is when the vessel was heard regularly just before.
 * *fades gets the fades behind it. */
double coverage_lead_share(const struct coverage *c, int cls, double *fades);
/* Runs beyond 30 s (fades: three missed 10 s reports in a row) that classes
 * lo..cls have seen; *ntrans their transitions. */
double coverage_class_fades(const struct coverage *c, int lo, int cls, double *ntrans);
/* The same over the cell's neighbourhood alone (3 rings x 3 sectors). */
double coverage_local_run_quantile(const struct coverage *c, int cell, double q, double *nruns);
/* Farthest ring (in nm, outer edge) with reliable reception in the cell's
 * sector: where coverage ends. */
double coverage_edge_nm(const struct coverage *c, int cell);
/* Where reception in the cell's sector (pooled with its neighbours) falls
 * below one report in two: the working edge of coverage, in nm. */
double coverage_edge50_nm(const struct coverage *c, int cell, double min_samples);

/* Serialisation for the store: a flat blob. */
size_t coverage_blob_size(const struct coverage *c);
void coverage_blob_write(const struct coverage *c, void *buf);
int coverage_blob_read(struct coverage *c, const void *buf, size_t len);

/* JSON summary (per sector: edge range, samples, mean p) into a jbuf. */
struct jbuf;
void coverage_json(const struct coverage *c, struct jbuf *b);

#endif
