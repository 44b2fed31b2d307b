/* health.h: station health from the message stream alone, in event time.
 * The measure is the reception ratio: reports heard over reports expected
 * from the vessels being tracked (the engine supplies the expected rate from
 * their ITU-R M.1371 intervals), so traffic that thins out (vessels leaving)
 * does not look like a deaf station. Norm: the median per-minute ratio over
 * the last healthy minutes. Degraded ("deaf"): no message for
 * max(silence_min_s, silence_mult x mean inter-arrival), or the last minute's
 * ratio below degrade_ratio x norm, where so few reports are unlikely (Poisson,
 * <= degrade_p) for a station still hearing restore_ratio x norm. Restored after restore_s of
 * traffic at
 * >= restore_ratio x norm.
 * Between degraded and healthy lies partial degradation (interference
 * halving the rate): the observation clock runs slower there, paced by the
 * ratio over the vessels not silent for six of their intervals (one
 * vessel's fade or switch-off is not the station's loss). The
 * observation clock is the evidence clock of the dark rules: it advances
 * 1 s per second when healthy, 0 when degraded, in between when partial.
 * No verdict before the first 50 messages (a sparse log says nothing about
 * the station). Single-threaded; owned by the engine. */
#ifndef AISD_HEALTH_H
#define AISD_HEALTH_H

struct health_config {
    double silence_min_s; /* no message this long: deaf (30 s) */
    double silence_mult;  /* ... or this many mean inter-arrivals (10) */
    double degrade_ratio; /* last minute below this x norm: deaf (0.3) */
    double degrade_p;     /* ... and that few heard has at most this probability at
                             restore_ratio x norm (1e-3): thin traffic's chance dips are not */
    double partial_ratio; /* below this x norm: partial, evidence slowed (0.8) */
    double restore_ratio; /* recovery pace, x norm (0.5) */
    double restore_s;     /* recovery duration (10 s) */
    int norm_minutes;     /* minutes in the norm (30) */
};

enum health_event { HEALTH_NONE = 0, HEALTH_DEGRADED, HEALTH_RESTORED };

struct health_state {
    int degraded;
    double degraded_at;     /* event time the station went deaf */
    double restored_at;     /* event time of the last recovery (0 none) */
    const char *reason;     /* "no_messages" or "low_rate" */
    double norm_per_min;    /* median messages per healthy minute, 0 until known */
    double norm_ratio;      /* median heard/expected per healthy minute, 0 until known */
    double last_minute;     /* messages in the last 60 s */
    double expected_minute; /* reports expected in the last 60 s */
    double ratio;           /* last minute's heard/expected over the norm (1 when unknown) */
    double norm_live_ratio; /* norm of heard/expected from vessels not long silent */
    double ratio_live;      /* ratio over those vessels: paces the observation clock */
    double weight;          /* observation clock rate now, 0..1 */
    double obs;             /* observation clock, s */
    double last_msg;
    double mean_gap;
    int taken_back; /* the last recovery took back a low-rate verdict: the vessels
                     * other than the one expected most kept their pace, so the
                     * station was not deaf (health_set_others) */
};

struct health;

struct health_config health_config_default(void);
struct health *health_create(const struct health_config *cfg);
void health_destroy(struct health *h);

/* A message heard at event time t (t never decreases here: the engine
 * clamps). */
void health_message(struct health *h, double t);
/* After health_message: the message was a position report from a vessel
 * among those whose reports are expected (heard within three of its
 * intervals or a minute). The reception ratio counts these only: a ship
 * glimpsed again after a silence (at the fringe, after a fade) is traffic,
 * not a report the yardstick expected; counted, it made the norm depend on
 * how much of the traffic was out at the fringe. */
void health_report(struct health *h, double t);
/* Advance to t (call once per housekeeping tick, t increasing), with the
 * rate of reports (per second) expected from the tracked vessels now, and
 * from those of them not silent for six of their intervals. Returns
 * an enum health_event; *event_t gets the event's time (for DEGRADED on
 * silence: the last message + threshold). */
int health_tick(struct health *h, double t, double expected_per_s, double expected_live_per_s,
                double *event_t);
const struct health_state *health_state(const struct health *h);
/* At a low-rate verdict: the rate of reports (per second) expected from the
 * vessels other than the one expected most. While deaf, health_report_other
 * counts their reports; when they are heard at their pace, so many that
 * deafness at degrade_ratio x norm would hardly give them (<= degrade_p),
 * the verdict is taken back: restored, with taken_back set. At thin traffic
 * a ship giving most of the reports can switch off, and the rest be too few
 * to tell that from deafness within a minute; over a few minutes they do. */
void health_set_others(struct health *h, double others_per_s);
void health_report_other(struct health *h);
/* Restore persisted state (degraded flag, norm) after a restart. */
void health_restore(struct health *h, int degraded, double degraded_at, double restored_at,
                    double norm_ratio, double obs, double t);

#endif
