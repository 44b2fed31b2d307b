/* scenario_int.h: the scenario model's internals, shared by scenario.c (run,
 * reception, truth) and scenario_build.c (the built-in scenarios). Positions
 * are in nautical miles east (x) and north (y) of the station. */
#ifndef AISD_SCENARIO_INT_H
#define AISD_SCENARIO_INT_H

#include "alerts/scenario.h"
#include "decode/rng.h"

#define SC_MAX_WP 24
#define SC_MAX_DARK 4
#define SC_MAX_OUTAGES 8
#define SC_MAX_PORTS 8

struct sc_wp {
    double t, x, y;  /* at time t (s) the vessel is at (x, y) */
    unsigned status; /* navigation status from here to the next waypoint */
};

struct sc_span {
    double t0, t1;
};

/* A fade on one vessel's link: it lowers the link margin by depth (in units
 * of the reception curve's width, see scenario.c) from t0 to t1. */
struct sc_fade {
    double t0, t1, depth;
};

struct sc_vessel {
    unsigned mmsi, imo, shiptype;
    int class_b; /* 0 class A, 1 class B CS, 2 class B SO */
    char name[21], callsign[8], dest[21];
    unsigned bow, stern, port, stbd;
    char name2[21], callsign2[8]; /* identity after t_id */
    double t_id;                  /* < 0: no identity change */
    struct sc_wp wp[SC_MAX_WP];
    int nwp;
    struct sc_span dark[SC_MAX_DARK];
    int ndark;
    double t_jump, jump_x, jump_y; /* t_jump < 0: none */
    int jump_done, jump_heard;     /* the spoofed report sent; the station heard it */
    /* fades (bursty loss), built at create */
    struct sc_fade *fade;
    int nfade;
    /* run state */
    double next_pos, next_static;
    int chan, part_b_due;
};

struct sc_event {
    char kind[24];
    unsigned mmsi, mmsi2;
    double t0, t1;   /* s since start; t1 < 0: open (beyond the end) */
    double interval; /* dark: the reporting interval at switch-off */
    double x, y;     /* where (switch-off, meeting point, jump target...) */
    char port[24];
    double factor; /* outages: reception factor (0 total) */
};

struct sc_outage {
    double t0, t1, factor; /* factor multiplies the reception probability */
};

struct sc_port {
    char name[24];
    double x, y;
    double radius_nm; /* the port zone: a circle (as the zones file draws it) */
};

struct scenario {
    struct scenario_config c;
    char station[32];
    double lat0, lon0; /* station */
    double duration;
    double range;          /* range_nm */
    double sea_lo, sea_hi; /* bearings (deg) between which the sea lies */
    struct sc_vessel *v;
    int nv, vcap;
    struct sc_event *ev;
    int nev, evcap;
    struct sc_outage out[SC_MAX_OUTAGES];
    int nout;
    struct sc_port ports[SC_MAX_PORTS];
    int nports;
    struct rng build_rng, loss_rng;
    struct scenario_stats st;
};

/* Built-in scenarios (scenario_build.c): fill s from s->c. */
int scenario_build_caspian(struct scenario *s);
int scenario_build_random(struct scenario *s);

/* Helpers (scenario.c). */
struct sc_vessel *scenario_add_vessel(struct scenario *s);
struct sc_event *scenario_add_event(struct scenario *s, const char *kind, unsigned mmsi, double t0,
                                    double t1);
int scenario_add_wp(struct sc_vessel *v, double t, double x, double y, unsigned status);
/* Append a waypoint reached from the previous one at speed kn. Returns its time. */
double scenario_go(struct sc_vessel *v, double x, double y, double kn, unsigned status);
/* Position, speed (kn) and course (deg) at t; 0 when present, -1 when not. */
int scenario_vessel_at(const struct sc_vessel *v, double t, double *x, double *y, double *sog,
                       double *cog, unsigned *status);
/* Rate of turn (deg/min, signed) within 30 s of a waypoint with a course
 * change over 10 degrees, else 0. */
double scenario_turn_rate(const struct sc_vessel *v, double t);
/* ITU-R M.1371 reporting interval of a vessel at t (s). */
double scenario_interval(const struct sc_vessel *v, double t);
int scenario_is_dark(const struct sc_vessel *v, double t);
/* Random vessel identity (MMSI with the given MID, name, call sign, IMO...). */
void scenario_identity(struct sc_vessel *v, struct rng *r, unsigned mid, unsigned shiptype);

#endif
