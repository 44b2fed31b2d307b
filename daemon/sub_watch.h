/* sub_watch.h: what `aisctl sub` tells about the daemon behind the feed.
 * ZeroMQ reconnects in silence, so a subscriber could not tell that aisd had
 * restarted (everything it sent while down, lost) or that its heartbeats had
 * stopped. Fed every message's pub_seq and every status heartbeat's uptime and
 * interval, with the subscriber's clock, it says: aisd restarted (its message
 * numbers started over, its uptime went backwards, or it started after the
 * last heartbeat heard); no heartbeat for more than SUB_WATCH_MISSED
 * intervals; heartbeats back after such a silence from the same aisd. */
#ifndef AISD_SUB_WATCH_H
#define AISD_SUB_WATCH_H

#include <stddef.h>

#define SUB_WATCH_MISSED 3
#define SUB_WATCH_DEFAULT_INTERVAL 10.0 /* an aisd whose status has no status_interval */

struct sub_watch {
    int have_seq;
    unsigned long long last_seq; /* the latest pub_seq */
    int have_status;
    double last_uptime; /* the latest heartbeat's uptime, s */
    double last_heard;  /* when it arrived (the subscriber's monotonic clock, s) */
    double interval;    /* its status_interval, s */
    int silence_said;   /* the current silence was reported */
    unsigned restarts;  /* restarts seen */
};

/* Each of these writes a notice (one line, no newline) into out, or "" when
 * there is nothing to say. now: CLOCK_MONOTONIC seconds. */

/* Any message: its pub_seq. */
void sub_watch_seq(struct sub_watch *w, double now, unsigned long long pub_seq, char *out,
                   size_t max);
/* A status heartbeat: its uptime and status_interval (<= 0: not given). */
void sub_watch_status(struct sub_watch *w, double now, double uptime, double interval, char *out,
                      size_t max);
/* Nothing arrived: a notice once the heartbeats have stopped for longer than
 * SUB_WATCH_MISSED intervals. */
void sub_watch_idle(struct sub_watch *w, double now, char *out, size_t max);

#endif
