/* health.c: station health and the observation clock (see health.h). */
#include "alerts/health.h"

#include "decode/log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NORM 120
#define MIN_EXPECTED 5.0 /* a minute expecting fewer reports says nothing */

struct health {
    struct health_config cfg;
    struct health_state s;
    double cnt[60], exp[60]; /* per-second heard / expected, ring by floor(t) % 60 */
    double rep[60];          /* ... reports from the vessels expected (health_report) */
    double exp_live[60];     /* ... expected from vessels not long silent */
    long cur_sec;
    double min_cnt, min_rep, min_exp, min_exp_live; /* the minute being filled */
    long minute_idx;
    int minute_clean, minute_deaf;
    long last_clean; /* the last minute within health_partial_ratio of the norm */
    double norm[MAX_NORM], norm_n_msgs[MAX_NORM], norm_live[MAX_NORM];
    int norm_n, norm_head;
    double t_now;
    double restore_since;
    double others_per_s, others_exp, others_heard; /* health_set_others */
    double taken_back_at; /* the minute after holds the yardstick held while "deaf" */
    int started;
    unsigned long nmsg; /* messages heard: no verdict before a warm-up */
};

#define WARMUP_MESSAGES 50

struct health_config health_config_default(void)
{
    return (struct health_config){
        .silence_min_s = 30,
        .silence_mult = 10,
        .degrade_ratio = 0.3,
        .degrade_p = 1e-3,
        .partial_ratio = 0.8,
        .restore_ratio = 0.5,
        .restore_s = 10,
        .norm_minutes = 30,
    };
}

struct health *health_create(const struct health_config *cfg)
{
    struct health_config d = health_config_default();
    if (!cfg) cfg = &d;
    if (cfg->norm_minutes < 1 || cfg->norm_minutes > MAX_NORM || !(cfg->silence_min_s > 0) ||
        !(cfg->degrade_ratio >= 0) || !(cfg->partial_ratio >= cfg->degrade_ratio)) {
        log_error("health_create(): norm_minutes 1..%d, silence_min_s > 0, "
                  "0 <= degrade_ratio <= partial_ratio",
                  MAX_NORM);
        return NULL;
    }
    struct health *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->cfg = *cfg;
    h->s.ratio = 1;
    h->s.weight = 1;
    h->s.reason = "";
    return h;
}

void health_destroy(struct health *h)
{
    free(h);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    if (n < 3) return 0;
    double tmp[MAX_NORM];
    memcpy(tmp, v, sizeof(double) * (size_t)n);
    qsort(tmp, (size_t)n, sizeof(double), cmp_d);
    return tmp[n / 2];
}

/* P(X <= k) for X Poisson with mean lambda (k rounded down). */
static double poisson_cdf(double k, double lambda)
{
    if (!(lambda > 0)) return 1;
    if (k >= lambda) return 1; /* not low at all; the exact value is not needed */
    long n = (long)floor(k);
    double term = exp(-lambda), sum = term;
    if (term == 0) { /* large lambda: the normal approximation */
        double z = (n + 0.5 - lambda) / sqrt(lambda);
        return 0.5 * erfc(-z / sqrt(2.0));
    }
    for (long i = 1; i <= n; i++) {
        term *= lambda / (double)i;
        sum += term;
    }
    return sum < 1 ? sum : 1;
}

/* P(X >= k) for X Poisson with mean lambda. */
static double poisson_sf(double k, double lambda)
{
    if (k <= 0) return 1;
    if (!(lambda > 0)) return 0;
    long n = (long)ceil(k) - 1; /* P(X >= k) = 1 - P(X <= k - 1) */
    double term = exp(-lambda), sum = term;
    if (term == 0) {
        double z = (n + 0.5 - lambda) / sqrt(lambda);
        return 0.5 * erfc(z / sqrt(2.0));
    }
    for (long i = 1; i <= n; i++) {
        term *= lambda / (double)i;
        sum += term;
    }
    return sum < 1 ? 1 - sum : 0;
}

void health_set_others(struct health *h, double others_per_s)
{
    h->others_per_s = others_per_s > 0 ? others_per_s : 0;
    h->others_exp = h->others_heard = 0;
}

void health_report_other(struct health *h)
{
    if (h->s.degraded) h->others_heard += 1;
}

static int ring(long k)
{
    return (int)(((k % 60) + 60) % 60);
}

static void advance_ring(struct health *h, long s)
{
    if (s <= h->cur_sec) return;
    long steps = s - h->cur_sec;
    if (steps > 60) steps = 60;
    for (long i = 1; i <= steps; i++) {
        h->cnt[ring(h->cur_sec + i)] = 0;
        h->rep[ring(h->cur_sec + i)] = 0;
        h->exp[ring(h->cur_sec + i)] = 0;
        h->exp_live[ring(h->cur_sec + i)] = 0;
    }
    h->cur_sec = s;
}

static void close_minutes(struct health *h, long minute)
{
    while (h->minute_idx < minute) {
        /* a norm that no minute has come within health_partial_ratio of
         * for norm_minutes, the station not deaf, is stale, not half an
         * hour of interference: every minute feeds it again until one
         * does. Learned too high in the first minutes (`aisctl scenario
         * random -n 20 -s 14`: 1.27, 20 ships' reports against an early
         * yardstick), it held every later minute "partial" for 12 hours:
         * the evidence clock ran at 0.4-0.9, no gap was learned as
         * coverage, and the learned edge went out to 46 nm against a 35 nm
         * range. */
        if (h->minute_clean) h->last_clean = h->minute_idx;
        int stale = !h->minute_deaf && h->minute_idx - h->last_clean >= h->cfg.norm_minutes;
        if ((h->minute_clean || stale) && h->started && h->min_exp >= MIN_EXPECTED) {
            h->norm[h->norm_head] = h->min_rep / h->min_exp;
            h->norm_n_msgs[h->norm_head] = h->min_cnt;
            h->norm_live[h->norm_head] = h->min_exp_live > 0 ? h->min_rep / h->min_exp_live : 0;
            h->norm_head = (h->norm_head + 1) % h->cfg.norm_minutes;
            if (h->norm_n < h->cfg.norm_minutes) h->norm_n++;
            h->s.norm_ratio = median(h->norm, h->norm_n);
            h->s.norm_per_min = median(h->norm_n_msgs, h->norm_n);
            h->s.norm_live_ratio = median(h->norm_live, h->norm_n);
        }
        h->min_cnt = h->min_rep = h->min_exp = h->min_exp_live = 0;
        h->minute_clean = !h->s.degraded;
        h->minute_deaf = h->s.degraded;
        h->minute_idx++;
        if (minute - h->minute_idx > 2 * h->cfg.norm_minutes) {
            h->minute_idx = minute;
            h->minute_clean = 0;
        }
    }
}

void health_message(struct health *h, double t)
{
    if (!h->started) {
        h->started = 1;
        h->cur_sec = (long)floor(t);
        h->minute_idx = (long)floor(t / 60);
        h->last_clean = h->minute_idx;
        h->minute_clean = 0;
        h->s.last_msg = t;
        h->t_now = t;
    }
    if (t > h->s.last_msg) {
        double gap = t - h->s.last_msg;
        h->s.mean_gap = h->s.mean_gap > 0 ? 0.99 * h->s.mean_gap + 0.01 * gap : gap;
        h->s.last_msg = t;
    }
    long s = (long)floor(t);
    if (s > h->cur_sec) advance_ring(h, s);
    if (s > h->cur_sec - 60) h->cnt[ring(s)] += 1;
    h->min_cnt += 1;
    h->nmsg++;
}

void health_report(struct health *h, double t)
{
    if (!h->started) return;
    long s = (long)floor(t);
    if (s > h->cur_sec) advance_ring(h, s);
    if (s > h->cur_sec - 60) h->rep[ring(s)] += 1;
    h->min_rep += 1;
}

static void window(const struct health *h, long s_now, int seconds, double *cnt, double *exp_out,
                   double *exp_live, double *rep)
{
    *cnt = *exp_out = 0;
    if (rep) *rep = 0;
    if (exp_live) *exp_live = 0;
    for (int i = 0; i < seconds && i < 60; i++) {
        long k = s_now - i;
        if (k > h->cur_sec) continue;
        if (k <= h->cur_sec - 60) break;
        *cnt += h->cnt[ring(k)];
        if (rep) *rep += h->rep[ring(k)];
        *exp_out += h->exp[ring(k)];
        if (exp_live) *exp_live += h->exp_live[ring(k)];
    }
}

int health_tick(struct health *h, double t, double expected_per_s, double expected_live_per_s,
                double *event_t)
{
    int ev = HEALTH_NONE;
    if (!h->started || t < h->t_now) return ev;
    double dt = t - h->t_now;
    long s = (long)floor(t);
    advance_ring(h, s);
    close_minutes(h, (long)floor(t / 60));
    if (expected_per_s > 0 && dt > 0) {
        h->exp[ring(s)] += expected_per_s * dt;
        h->min_exp += expected_per_s * dt;
        h->exp_live[ring(s)] += expected_live_per_s * dt;
        h->min_exp_live += expected_live_per_s * dt;
    }
    struct health_state *st = &h->s;
    double cnt, ex, ex_live, rp;
    window(h, s, 60, &cnt, &ex, &ex_live, &rp);
    st->last_minute = cnt;
    st->expected_minute = ex;
    double norm = st->norm_ratio;
    st->ratio = norm > 0 && ex >= MIN_EXPECTED ? (rp / ex) / norm : 1.0;
    /* the same over the vessels not long silent: a vessel silent for six
     * of its intervals is its own affair (a fade, a switch-off); at low
     * traffic one fast reporter's silence alone would cut the ratio by a
     * fifth and slow every other vessel's evidence clock */
    double norm_live = st->norm_live_ratio;
    st->ratio_live =
        norm_live > 0 && ex_live >= MIN_EXPECTED ? (rp / ex_live) / norm_live : st->ratio;
    double silence_thr = fmax(h->cfg.silence_min_s, h->cfg.silence_mult * st->mean_gap);
    if (!st->degraded) {
        const char *why = NULL;
        int warm = h->nmsg >= WARMUP_MESSAGES;
        double when = t;
        if (warm && t - st->last_msg > silence_thr) {
            why = "no_messages";
            when = st->last_msg + silence_thr;
        } else if (warm && norm > 0 && st->ratio < h->cfg.degrade_ratio &&
                   st->restored_at + 60 <= t && h->taken_back_at + 60 <= t &&
                   poisson_cdf(rp, h->cfg.restore_ratio * norm * ex) <= h->cfg.degrade_p) {
            /* so few heard is unlikely even at the recovery pace: at thin
             * traffic (20 ships, 10-35 reports a minute expected) chance
             * dips under half-rate interference fell below 0.3 x norm */
            why = "low_rate";
        }
        if (why) {
            st->degraded = 1;
            st->taken_back = 0;
            h->others_per_s = 0; /* health_set_others, for a low rate */
            st->degraded_at = when;
            st->reason = why;
            h->restore_since = 0;
            h->minute_clean = 0;
            ev = HEALTH_DEGRADED;
            if (event_t) *event_t = when;
        }
    } else {
        /* long enough to expect ten reports (up to a minute): at thin
         * traffic a 10 s window rarely holds two, and a healthy station
         * stayed "deaf" for an hour */
        int win = (int)ceil(h->cfg.restore_s);
        double per_s = expected_per_s * norm;
        if (per_s > 0 && 10.0 / per_s > win) win = (int)fmin(60.0, ceil(10.0 / per_s));
        double rc, re, rr;
        window(h, s, win, &rc, &re, NULL, &rr);
        /* the reports of the vessels expected, as the ratio (the other
         * messages over this yardstick let a partial outage look restored) */
        double r10 = norm > 0 && re >= 1 ? (rr / re) / norm : (rc >= 2 ? 1 : 0);
        int pace_ok = rc >= 2 && r10 >= h->cfg.restore_ratio && t - st->last_msg <= silence_thr;
        /* the vessels other than the one expected most at the verdict,
         * heard since at a pace deafness would hardly give */
        if (h->others_per_s > 0 && dt > 0) h->others_exp += h->others_per_s * dt;
        double lam = h->cfg.degrade_ratio * norm * h->others_exp;
        if (!pace_ok && h->others_per_s > 0 && norm > 0 && h->others_exp >= MIN_EXPECTED &&
            h->others_heard >= h->cfg.restore_ratio * norm * h->others_exp &&
            poisson_sf(h->others_heard, lam) <= h->cfg.degrade_p) {
            st->degraded = 0;
            st->taken_back = 1;
            h->taken_back_at = t;
            h->others_per_s = 0;
            ev = HEALTH_RESTORED;
            if (event_t) *event_t = t;
        } else if (pace_ok) {
            if (h->restore_since == 0) h->restore_since = t;
            if (t - h->restore_since >= h->cfg.restore_s) {
                st->degraded = 0;
                st->taken_back = 0;
                st->restored_at = t;
                ev = HEALTH_RESTORED;
                if (event_t) *event_t = t;
            }
        } else {
            h->restore_since = 0;
        }
    }
    double w;
    if (st->degraded) {
        w = 0;
    } else if (norm > 0 && t - st->restored_at > 60) {
        double lo = h->cfg.degrade_ratio, hi = h->cfg.partial_ratio;
        w = hi > lo ? (st->ratio_live - lo) / (hi - lo) : 1.0;
        w = w < 0 ? 0 : w > 1 ? 1 : w;
    } else {
        w = 1;
    }
    st->weight = w;
    if (st->degraded || st->ratio < h->cfg.partial_ratio) h->minute_clean = 0;
    if (st->degraded) h->minute_deaf = 1;
    st->obs += dt * w;
    h->t_now = t;
    return ev;
}

const struct health_state *health_state(const struct health *h)
{
    return &h->s;
}

void health_restore(struct health *h, int degraded, double degraded_at, double restored_at,
                    double norm_ratio, double obs, double t)
{
    h->nmsg = WARMUP_MESSAGES; /* a restored station is past its warm-up */
    h->s.degraded = degraded;
    h->s.degraded_at = degraded_at;
    h->s.restored_at = restored_at;
    h->s.obs = obs;
    h->s.reason = degraded ? "restored_state" : "";
    if (norm_ratio > 0) {
        for (int i = 0; i < 3; i++)
            h->norm[i] = h->norm_live[i] = norm_ratio;
        h->norm_n = 3;
        h->norm_head = 3 % h->cfg.norm_minutes;
        h->s.norm_ratio = h->s.norm_live_ratio = norm_ratio;
    }
    h->t_now = t;
}
