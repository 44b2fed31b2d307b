/* sub_watch.c: restarts and silent heartbeats of the daemon behind aisctl
 * sub's feed (see sub_watch.h). */
#include "daemon/sub_watch.h"

#include <stdio.h>

/* A restart: say so with the silence before it, and take the new daemon's
 * numbers as the baseline. */
static void restarted(struct sub_watch *w, double now, const char *how, char *out, size_t max)
{
    w->restarts++;
    if (w->have_status)
        snprintf(out, max, "aisd restarted (%s; the old one's last heartbeat %.0f s ago)", how,
                 now - w->last_heard);
    else
        snprintf(out, max, "aisd restarted (%s)", how);
    w->have_status = 0;
    w->silence_said = 0;
}

void sub_watch_seq(struct sub_watch *w, double now, unsigned long long pub_seq, char *out,
                   size_t max)
{
    out[0] = 0;
    if (w->have_seq && pub_seq <= w->last_seq) {
        char how[96];
        snprintf(how, sizeof how, "its message numbers started over: %llu after %llu", pub_seq,
                 w->last_seq);
        restarted(w, now, how, out, max);
    }
    w->have_seq = 1;
    w->last_seq = pub_seq;
}

void sub_watch_status(struct sub_watch *w, double now, double uptime, double interval, char *out,
                      size_t max)
{
    out[0] = 0;
    if (w->have_status) {
        double gap = now - w->last_heard;
        char how[96] = "";
        if (uptime < w->last_uptime)
            snprintf(how, sizeof how, "up %.0f s, was %.0f s", uptime, w->last_uptime);
        else if (uptime + 1.0 < gap) /* it started after the last heartbeat heard */
            snprintf(how, sizeof how, "up %.0f s, %.0f s after the last heartbeat", uptime, gap);
        if (*how)
            restarted(w, now, how, out, max);
        else if (w->silence_said)
            snprintf(out, max,
                     "heartbeats back after %.0f s of silence from the same aisd (up %.0f s): it "
                     "or the network stalled; what it sent meanwhile may be lost (gaps are shown "
                     "per topic)",
                     gap, uptime);
    }
    w->have_status = 1;
    w->last_uptime = uptime;
    w->last_heard = now;
    w->interval = interval > 0 ? interval : SUB_WATCH_DEFAULT_INTERVAL;
    w->silence_said = 0;
}

void sub_watch_idle(struct sub_watch *w, double now, char *out, size_t max)
{
    out[0] = 0;
    if (!w->have_status || w->silence_said) return;
    double gap = now - w->last_heard;
    if (gap <= SUB_WATCH_MISSED * w->interval) return;
    w->silence_said = 1;
    snprintf(out, max,
             "no heartbeat from aisd for %.0f s (it sends one every %g s): it stopped, or the "
             "network is down; still listening",
             gap, w->interval);
}
