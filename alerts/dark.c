/* dark.c: the silence rules: dark.start, dark.end, dark.port_call and
 * coverage.exit, plus coverage learning from inter-report gaps.
 *
 * A silence is judged on observed time only (the station's observation
 * clock: paused while deaf, slowed under partial degradation; a recovery
 * restarts every silence). dark.start needs all of:
 *  - the vessel was last heard in well-covered water (learned p >= dark_min_cell_p);
 *  - the missed reports along its dead-reckoned path are unlikely under
 *    independent loss (sum of log(1 - p) < ln dark_p) and number at least
 *    dark_min_missed;
 *  - the silence outlasts the bursts of loss seen here: dark_fade_margin x
 *    the dark_fade_q quantile of loss-run durations learned around that cell
 *    (and the vessel's own recent longest run), and at least dark_floor_s;
 *    where fades are learned to thin or weaken reports first, a vessel heard
 *    regularly up to its last report need only outlast the runs that
 *    followed such regular lead-ins;
 *  - the vessel was heard well before (reports in the last dark_recent_s);
 *  - its neighbours (same and adjacent sectors) are still heard;
 *  - no other live track under its MMSI.
 * A vessel whose dead-reckoned position leaves coverage gets coverage.exit
 * instead, never a dark alert. */
#include "alerts/engine_int.h"

#include "alerts/coverage.h"
#include "alerts/geo.h"
#include "alerts/health.h"
#include "decode/jparse.h"
#include "alerts/store.h"
#include "alerts/zone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Fades (runs beyond 30 s) behind a lead-in share before it counts: with
 * fewer, a share of 0.25 can come by chance (no regular lead-in among five
 * fades when two transitions in three are regular: 1 in 250). */
#define LEAD_MIN_FADES 20

static void dr_at(const struct vessel *v, double dt, double *lat, double *lon)
{
    double sog = isfinite(v->sog) ? v->sog : 0, cog = isfinite(v->cog) ? v->cog : 0;
    if (sog > 60) sog = 60;
    geo_dead_reckon(v->lat, v->lon, sog, cog, fmin(dt, 7200), lat, lon);
}

void dark_learn(struct engine *e, struct vessel *v, double t, double lat, double lon,
                double new_interval)
{
    if (!(v->t_last > 0) || !isfinite(v->lat)) return;
    double g = t - v->t_last;
    if (!(g > 0)) return;
    const struct health_state *hs = health_state(e->health);
    double I = fmax(v->interval, new_interval);
    if (!(I > 0)) I = 10;
    double gap_obs = hs->obs - v->obs_last;
    int touched = gap_obs < 0.9 * g - 1 || hs->restored_at > v->t_last || v->dark;
    double n_exp = floor(g / I + 0.5);
    if (n_exp < 1) n_exp = 1;
    double tau = e->cfg.dark_recent_s > 0 ? e->cfg.dark_recent_s : 900;
    double decay = exp(-g / tau);
    v->recent_heard = (float)(v->recent_heard * decay + 1);
    v->recent_expected = (float)(v->recent_expected * decay + (touched ? 1 : n_exp));
    v->recent_t = t;
    double run_decay = exp(-g / 1800.0);
    v->max_run_s = (float)(v->max_run_s * run_decay);
    v->max_run_reg_s = (float)(v->max_run_reg_s * run_decay);
    if (touched || v->invalid_mmsi) return;
    int missed = (int)n_exp - 1;
    /* how often class B craft under way slow to 3-minute reports: the
     * chance that a silent one did (interval_worst) */
    if (v->cls == CLASS_B && v->interval > 0 && v->interval < 179 &&
        missed <= e->cfg.learn_max_missed) {
        e->classb_moving_s += g;
        if (new_interval >= 179) e->classb_slowdowns += 1;
    }
    double run = g - I;
    /* loss runs per transition, by relative range: how often a vessel this
     * far out (against the sector's working edge) goes unheard this long.
     * Only class A under way (<= 10 s): there a minute's silence is six
     * missed reports, so the tail measures fades, not the chance loss of
     * two 30 s reports in a row (the likelihood test covers those). */
    if (I <= 10.5 && run <= e->cfg.learn_max_run_s)
        coverage_class_transition(e->cov, coverage_class_at(e->cov, v->cell, v->lat, v->lon),
                                  missed >= 1 ? run : 0, t, v->lead == 1);
    if (missed >= 1 && run <= e->cfg.learn_max_run_s) {
        /* fade durations are measured on frequent reporters only: a slow
         * reporter's miss says little about how long the silence was */
        int good = I <= 30 && coverage_p(e->cov, v->cell) >= e->cfg.dark_min_cell_p;
        coverage_miss_path(e->cov, v->lat, v->lon, lat, lon,
                           missed <= e->cfg.learn_max_missed ? missed : 0, run, good, I <= 30);
        if (run > v->max_run_s) v->max_run_s = (float)run;
        if (v->lead == 1 && run > v->max_run_reg_s) v->max_run_reg_s = (float)run;
    }
}

/* The lead-in to the report just taken: the dark_min_missed expected
 * reports before it (as far as the position history reaches). Regular: all
 * heard but at most one (the chance loss of one report in six is common),
 * and its signal (when the receiver gives levels) not more than
 * dark_lead_weak_db below the level usually heard in that water. Thinning:
 * two or more missed in it; weak: heard regularly but weak. A fade that comes
 * on gradually thins or weakens a vessel's reports before it silences them;
 * a switch-off cuts a regular, normal-level stream. Whether that holds at
 * this station is not assumed: the loss runs after regular lead-ins are
 * learned apart (coverage_lead_tail), and dark_due uses them only where
 * fades have followed regular lead-ins at most dark_lead_share as often as
 * any transition (coverage_lead_share). */
void dark_lead_in(struct engine *e, struct vessel *v, double level)
{
    double I = v->interval > 0 ? v->interval : 10;
    double W = e->cfg.dark_min_missed * I + 0.5 * I;
    double late = 1.5 * I, span = 0, prev = v->t_last;
    int missed = 0, older = 0;
    unsigned head = v->hist_head + VESSEL_HIST;
    for (unsigned i = 1; i < v->hist_n && missed <= 1; i++) {
        double tj = v->hist[(head - 1 - i) % VESSEL_HIST].t;
        if (!(tj < prev)) break;
        if (v->t_last - tj > W) {
            older = 1; /* a gap reaching back past the lead-in */
            break;
        }
        if (prev - tj > late) missed += (int)((prev - tj) / I + 0.5) - 1;
        span = v->t_last - tj;
        prev = tj;
    }
    double need = fmin(W - 0.5 * I, (VESSEL_HIST - 1) * I) - 0.5 * I;
    uint8_t lead;
    if (missed > 1 || (older && span < need))
        lead = 2;
    else if (span < need)
        lead = 0; /* too little history to tell */
    else
        lead = 1;
    if (lead == 1 && isfinite(level)) {
        double lvl = coverage_level(e->cov, v->cell);
        if (isfinite(lvl) && level < lvl - e->cfg.dark_lead_weak_db) lead = 3;
    }
    v->lead = lead;
}

/* The slowest interval the vessel may have switched to unheard: besides
 * class B and ships at anchor (vessel_interval_worst), a class A ship
 * slower than dark_stop_kn or inside a port or anchorage zone may be
 * stopping, and a ship at anchor or moored reports every 3 minutes; so
 * may any ship last heard before the station was deaf: what it did while
 * nobody listened is unknown. *slowdown_only: 1 when the only reason is a
 * class B craft under way that may have slowed (dark_due weighs that by
 * how often class B craft have been seen to slow down). */
static double interval_worst(const struct engine *e, const struct vessel *v, int *slowdown_only)
{
    double w = vessel_interval_worst(v);
    *slowdown_only = 0;
    if (w >= 180 && v->cls == CLASS_B && v->status != 1 && v->status != 5 && v->interval > 0 &&
        v->interval < 179) {
        *slowdown_only = 1;
        w = v->interval;
    }
    if (w >= 180) return w;
    double restored = health_state(e->health)->restored_at;
    if (v->t_last < restored) {
        *slowdown_only = 0;
        return 180.0;
    }
    /* heard only once or twice since: its silence may well have begun
     * before (a fade under way through the deafness, a glimpse of the ship
     * as the station recovered), and what it did then is as unknown */
    if (restored > 0 && v->t_last - restored < 900) {
        int since = 0;
        for (int i = 0; i < v->hist_n; i++)
            since += v->hist[i].t > restored;
        if (since < e->cfg.dark_recent_reports) {
            *slowdown_only = 0;
            return 180.0;
        }
    }
    int stopping = isfinite(v->sog) && v->sog < e->cfg.dark_stop_kn;
    if (!stopping && e->zones && v->zones)
        for (int i = 0; i < e->zones->n && i < 64; i++)
            if ((v->zones >> i & 1) && zone_is_port(&e->zones->z[i])) stopping = 1;
    if (stopping) *slowdown_only = 0;
    return stopping || *slowdown_only ? 180.0 : w;
}

/* Runs of silence beyond this (three missed 10 s reports in a row) are
 * fades, not chance misses (as coverage.c's FADE_BIN). */
#define DARK_FADE_S 30.0

/* Glimpsed in a fade: a frequent reporter (<= 10 s, whose runs the fade
 * tails learn) whose last report ended a silence of its own longer than
 * DARK_FADE_S past 10 s, heard fewer than dark_recent_reports times since
 * (a ship turning reports every 2-3 s: its silences count from the 10 s
 * reports it had before). Reception in a fade is seldom nil (at 5 %
 * a 300 s fade of a 10 s reporter has one or two lucky reports), so one
 * report does not show the fade is over: the silence after it is more of
 * the same (`--range 60` seed 1: heard once after 90 s, silent 170 s
 * more, raised against a 135 s guard). As for a ship glimpsed as the
 * station recovers (interval_worst), such a silence is judged at 3-minute
 * reports, for dark.start only: coverage.exit keeps its own wait. */
static int glimpsed_in_fade(const struct engine *e, const struct vessel *v)
{
    if (!(v->interval > 0 && v->interval <= 10.5)) return 0;
    unsigned head = v->hist_head + VESSEL_HIST;
    for (unsigned i = 1; i < v->hist_n && (int)i < e->cfg.dark_recent_reports; i++) {
        double newer = v->hist[(head - i) % VESSEL_HIST].t;
        double older = v->hist[(head - 1 - i) % VESSEL_HIST].t;
        if (newer - older - 10.0 > DARK_FADE_S) return 1;
    }
    return 0;
}

static double earliest(const struct engine *e, const struct vessel *v)
{
    /* the earliest any silence rule can act: coverage.exit after
     * dark_min_missed reports and at least dark_floor_s (dark.start waits for
     * their sum, dark_threshold). The worst-case interval is never shorter
     * than the nominal one, so this counts nominal intervals (dark_due
     * applies the worst) */
    double I1 = v->interval > 0 ? v->interval : 10;
    double need = I1 + (e->cfg.dark_min_missed - 1) * I1;
    return v->t_last + fmax(e->cfg.dark_floor_s, need);
}

void dark_arm(struct engine *e, struct vessel *v)
{
    double d = earliest(e, v);
    if (v->jump_t > 0 && v->jump_t + v->jump_wait < d) d = v->jump_t + v->jump_wait;
    v->deadline = d;
    if (!v->in_heap && deadline_push(&e->dl, d, v) == 0) v->in_heap = 1;
}

/* A silence under way of a frequent reporter (as the runs dark_learn
 * counts): kept per range class, the longest two, for the early tail. */
static void note_open_run(struct engine *e, const struct vessel *v)
{
    if (!(v->t_last > 0) || v->invalid_mmsi || v->dark || v->lost || v->exited ||
        !(v->interval > 0 && v->interval <= 10.5))
        return;
    const struct health_state *hs = health_state(e->health);
    double run = hs->obs - fmax(v->obs_last, e->obs_restored) - v->interval;
    if (!(run > 0) || run > e->cfg.learn_max_run_s) return;
    int k = coverage_class_at(e->cov, v->cell, v->lat, v->lon);
    if (k < 0) return;
    float *r = e->open_run[k];
    uint32_t *m = e->open_mmsi[k];
    if (run > r[0]) {
        r[1] = r[0];
        m[1] = m[0];
        r[0] = (float)run;
        m[0] = v->mmsi;
    } else if (run > r[1]) {
        r[1] = (float)run;
        m[1] = v->mmsi;
    }
}

/* The longest silence under way in classes 0..cls, the vessel's own left out. */
static double open_tail(const struct engine *e, int cls, uint32_t self)
{
    double best = 0;
    for (int k = 0; k <= cls && k < COVERAGE_CLASSES; k++)
        best = fmax(best, e->open_mmsi[k][0] != self ? e->open_run[k][0] : e->open_run[k][1]);
    return best;
}

/* Early tail (classes learning for less than dark_fade_learn_s, or too few
 * transitions inside): the runs of classes cls-1..cls (the vessel's water
 * and a tenth of the edge beyond), and farther out (where fades only last
 * longer) until they hold dark_fade_min_trans transitions. Trusted only
 * where fades (runs beyond 30 s, ended or under way) have been rarer than
 * dark_fade_early_rate per transition: where fades are common, the longest
 * of the few seen so far says little about the next one. */
static double early_tail(const struct engine *e, int cls, double now, uint32_t self)
{
    const struct engine_config *c = &e->cfg;
    int lo = cls > 0 ? cls - 1 : 0;
    for (int hi = cls; hi < COVERAGE_CLASSES; hi++) {
        double q = coverage_class_tail_from(e->cov, lo, hi, c->dark_fade_tail,
                                            c->dark_fade_min_trans, now, c->dark_fade_early_s, 0);
        if (q < 0) continue;
        double n, x = coverage_class_fades(e->cov, lo, hi, &n);
        for (int k = lo; k <= hi; k++)
            for (int i = 0; i < 2; i++)
                x += e->open_mmsi[k][i] != self && e->open_run[k][i] > 30;
        return (x + 1) / n <= c->dark_fade_early_rate ? q : -1;
    }
    return -1;
}

/* The fade tail of classes 0..cls once learned for dark_fade_learn_s; where
 * those classes hold too few transitions yet (thin traffic close in),
 * widened outward until they hold dark_fade_min_trans: the water beyond has
 * only weaker links and longer fades, so that tail bounds this one. -1 when
 * the station has not learned long enough or no classes suffice. */
static double class_tail_wide(const struct engine *e, int cls, double now)
{
    const struct engine_config *c = &e->cfg;
    for (int hi = cls; hi < COVERAGE_CLASSES; hi++) {
        double n;
        double q = coverage_class_tail(e->cov, hi, c->dark_fade_tail, c->dark_fade_min_trans, now,
                                       c->dark_fade_learn_s, &n);
        if (!(n > 0)) return -1; /* too young to tell */
        if (q < 0) continue;
        if (hi == cls) return q;
        /* widened: a tail from few transitions (as the early tail) is
         * trusted only where fades have been rare */
        double f = coverage_class_fades(e->cov, 0, hi, &n);
        return (f + 1) / n <= c->dark_fade_early_rate ? q : -1;
    }
    return -1;
}

int dark_expected(const struct vessel *v, double t)
{
    return v->t_last > 0 && !v->invalid_mmsi && v->interval > 0 && !v->dark && !v->exited &&
           t - v->t_last <= fmax(60, 3 * v->interval);
}

void dark_sectors(struct engine *e, double now)
{
    const struct engine_config *c = &e->cfg;
    for (int s = 0; s < e->nsec; s++)
        e->sec_active[s] = e->sec_heard[s] = 0;
    memset(e->open_run, 0, sizeof e->open_run);
    memset(e->open_mmsi, 0, sizeof e->open_mmsi);
    size_t it = 0;
    struct vessel *v;
    double expected = 0, expected_live = 0, top = 0;
    uint32_t top_mmsi = 0;
    int ready = coverage_ready(e->cov);
    /* while the station is deaf, the vessels it stops hearing are still
     * expected: the yardstick must not shrink with the deafness, so it is
     * held at its value from before (see the end) */
    const struct health_state *hs = health_state(e->health);
    int deaf = hs->degraded;
    while ((v = vessel_table_next(e->vt, &it))) {
        /* expected report rate: vessels heard within three of their
         * intervals, each at its nominal rate (station health's yardstick) */
        if (dark_expected(v, now)) {
            /* each at the share of reports heard where it was last heard:
             * a ship glimpsed beyond the edge is not six reports a minute
             * the station should hear (at thin traffic three of them
             * made a healthy station look deaf) */
            double pm = coverage_p_mean(e->cov, v->cell);
            double rate = (pm >= 0 ? pm : 1.0) / v->interval;
            expected += rate;
            if (rate > top) {
                top = rate;
                top_mmsi = v->mmsi;
            }
            /* a fast reporter silent for six of its intervals is one
             * vessel's silence (a fade, a switch-off), not the station's:
             * it must not slow every vessel's evidence clock */
            if (now - v->t_last <= 6 * v->interval) expected_live += rate;
        }
        if (!ready) continue;
        if (!deaf) note_open_run(e, v);
        if (!(v->t_last > 0) || v->invalid_mmsi || v->dark || v->lost || v->exited ||
            now - v->t_last > c->dark_recent_s)
            continue;
        int cell = v->cell;
        if (cell < 0 || coverage_p(e->cov, cell) < c->dark_min_cell_p) continue;
        int s = coverage_sector_of_cell(e->cov, cell);
        e->sec_active[s] += 1;
        double I = v->interval > 0 ? v->interval : 10;
        if (now - v->t_last <= c->dark_neighbour_intervals * I + 2 * c->tick_s + 5)
            e->sec_heard[s] += 1;
    }
    if (!deaf) {
        e->expected_per_s = expected;
        e->expected_live_per_s = expected_live;
        e->top_per_s = top;
        e->top_mmsi = top_mmsi;
    }
    if (ready && now >= e->next_edges) { /* edges move slowly: each minute */
        coverage_refresh_edges(e->cov, c->dark_min_samples);
        e->next_edges = now + 60;
    }
}

static void gap_json(struct engine *e, const struct vessel *v, uint64_t seq)
{
    struct jbuf *b = &e->tmp;
    jbuf_reset(b);
    jbuf_open(b, '{');
    jbuf_int(b, "mmsi", v->mmsi);
    jbuf_num(b, "gap_start", v->gap_start, 3);
    jbuf_num(b, "lat", v->gap_lat, 6);
    jbuf_num(b, "lon", v->gap_lon, 6);
    jbuf_num(b, "sog", v->gap_sog, 1);
    jbuf_num(b, "cog", v->gap_cog, 1);
    jbuf_num(b, "dark_t", v->dark_t, 3);
    jbuf_int(b, "seq", (long long)seq);
    jbuf_close(b, '}');
}

void dark_restore_gap(struct engine *e, struct vessel *v, const struct jparse_val *o)
{
    (void)e;
    v->dark = 1;
    v->gap_start = jparse_num(o, "gap_start", v->t_last);
    v->gap_lat = jparse_num(o, "lat", v->lat);
    v->gap_lon = jparse_num(o, "lon", v->lon);
    v->gap_sog = (float)jparse_num(o, "sog", NAN);
    v->gap_cog = (float)jparse_num(o, "cog", NAN);
    v->dark_t = jparse_num(o, "dark_t", v->gap_start);
}

static void raise_dark(struct engine *e, struct vessel *v, double now, double p_last, double n,
                       double L, double range, double edge, double sil_obs, double guard,
                       int neigh_state, double dr_lat, double dr_lon, double weight, int lead_used)
{
    static const char *const lead_name[] = {"unknown", "regular", "thinning", "weak"};
    int cell = coverage_cell_of(e->cov, v->lat, v->lon);
    double lvl = coverage_level(e->cov, cell);
    int strong = isfinite(v->level_dbfs) && isfinite(lvl) && v->level_dbfs >= lvl;
    double conf = 0.55 + 0.25 * fmin(1, (p_last - e->cfg.dark_min_cell_p) /
                                            fmax(0.05, 1 - e->cfg.dark_min_cell_p));
    conf += neigh_state == 1 ? 0.1 : 0;
    conf += strong ? 0.05 : 0;
    conf += sil_obs > 1.5 * guard ? 0.04 : 0;
    if (weight < 1) conf -= 0.1;
    /* how the vessel was heard just before: a regular, normal-level stream
     * cut off is what a switch-off looks like; thinning or weak reports
     * are how fades begin */
    conf += v->lead == 1 ? 0.03 : v->lead >= 2 ? -0.08 : 0;
    alert_begin(e, "dark.start", now, v, 0, v->lat, v->lon, fmin(conf, 0.99));
    alert_reason(e, "in_coverage");
    if (strong) alert_reason(e, "strong_signal");
    if (neigh_state == 1)
        alert_reason(e, "neighbours_heard");
    else
        alert_reason(e, "no_neighbours");
    if (range > 0.5 * edge) alert_reason(e, "edge_of_coverage");
    if (weight < 1) alert_reason(e, "partial_degradation");
    if (v->lead == 1) alert_reason(e, "regular_before");
    if (v->lead == 2) alert_reason(e, "thinning_before");
    if (v->lead == 3) alert_reason(e, "weak_signal");
    if (lead_used) alert_reason(e, "fades_thin_first");
    struct jbuf *b = &e->ab;
    jbuf_time(b, "gap_start", v->t_last);
    jbuf_time(b, "last_heard", v->t_last);
    jbuf_num(b, "silence_s", now - v->t_last, 1);
    jbuf_num(b, "observed_s", sil_obs, 1);
    jbuf_num(b, "missed", n, 0);
    jbuf_num(b, "p_rx", p_last, 3);
    jbuf_num(b, "log10_p", L / log(10), 2);
    jbuf_num(b, "threshold_s", guard, 1);
    jbuf_num(b, "interval_s", v->interval, 1);
    jbuf_str(b, "lead_in", lead_name[v->lead < 4 ? v->lead : 0]);
    jbuf_num(b, "range_nm", range, 2);
    jbuf_num(b, "edge_nm", edge, 1);
    jbuf_num(b, "dr_lat", dr_lat, 6);
    jbuf_num(b, "dr_lon", dr_lon, 6);
    if (isfinite(v->sog)) jbuf_num(b, "sog", v->sog, 1);
    v->dark = 1;
    v->gap_start = v->t_last;
    v->gap_lat = v->lat;
    v->gap_lon = v->lon;
    v->gap_sog = v->sog;
    v->gap_cog = v->cog;
    v->dark_t = now;
    v->dirty = 1;
    uint64_t seq = alert_emit(e);
    if (e->store) {
        gap_json(e, v, seq);
        if (store_gap_open(e->store, v->mmsi, jbuf_text(&e->tmp))) e->c.db_errors++;
    }
    engine_vessel_out(e, v);
}

/* The dark threshold, in observed seconds of silence after the last
 * report: the vessel has missed dark_min_missed expected reports (the first
 * one interval after its last report, the others at the interval it may have
 * switched to unheard, Iw) and dark_floor_s more has passed. Defaults 6 and
 * 60 s: six missed reports is when a shipborne display calls an AIS target
 * lost (IEC 62388: 18 min at 3-minute reports, 36 s at 6 s, a minute at 10
 * s); a dark.start claims more than a lost target (the ship stopped
 * transmitting, not the display lost it) and comes at least a minute after. */
static double dark_threshold(const struct engine_config *c, double I1, double Iw)
{
    return I1 + (c->dark_min_missed - 1) * Iw + c->dark_floor_s;
}

double dark_due(struct engine *e, struct vessel *v, double now)
{
    const struct engine_config *c = &e->cfg;
    /* non-ship senders (SART, MOB, EPIRB) are not watched at all; a ship
     * with an invalid MMSI gets coverage.exit but never a dark alert */
    if (v->dark || v->lost || v->invalid_mmsi == 2 || !(v->t_last > 0) || !isfinite(v->lat))
        return 0;
    int may_dark = !v->invalid_mmsi;
    int slowdown_only;
    double I1 = v->interval > 0 ? v->interval : 10, Iw = interval_worst(e, v, &slowdown_only);
    double step = fmax(c->tick_s, fmin(I1, 10));
    double silence = now - v->t_last;
    if (silence > 6 * 3600 || (silence > c->dark_lost_s && v->exited)) {
        v->lost = 1;
        return 0;
    }
    const struct health_state *hs = health_state(e->health);
    if (hs->degraded || !coverage_ready(e->cov)) return now + fmax(step, 10);
    double obs0 = fmax(v->obs_last, e->obs_restored);
    double sil_obs = fmax(0, hs->obs - obs0);
    double n = sil_obs >= I1 ? 1 + floor((sil_obs - I1) / Iw) : 0;
    /* a class B craft under way: either it kept its speed and every
     * nominal report was lost, or it slowed to 3-minute reports before its
     * next one (at the rate class B craft have been seen to slow down, once
     * dark_fade_min_trans of their transitions are learned) and those were
     * lost. Both must be unlikely; before the rate is known, the 3-minute
     * reports alone are counted. */
    double n_slow = n, log_slow = 0;
    int weigh_slow = slowdown_only && e->classb_moving_s >= c->dark_fade_min_trans * 30.0;
    if (weigh_slow) {
        log_slow = log(fmin(1, (e->classb_slowdowns + 1) / e->classb_moving_s * I1));
        n = sil_obs >= I1 ? 1 + floor((sil_obs - I1) / I1) : 0;
    }
    double dr_lat, dr_lon;
    dr_at(v, silence, &dr_lat, &dr_lon);
    int cell_last = coverage_cell_of(e->cov, v->lat, v->lon);
    double p_last = coverage_p(e->cov, cell_last);
    double samples = coverage_samples(e->cov, cell_last);
    double p_dr = coverage_p(e->cov, coverage_cell_of(e->cov, dr_lat, dr_lon));
    int known = samples >= c->dark_min_samples;
    /* a cell too thinly sampled to say (thin traffic: the vessel may be
     * the only one to have crossed that water lately) is judged by the
     * vessel's own reception over the last dark_recent_s, on the same bar:
     * dark_min_samples reports expected, dark_min_cell_p of them heard
     * (`-n 20` seed 24: a ship turning at 11 nm, heard 99 % of its 3 s
     * reports, switched off in a cell of 22 samples: never raised) */
    double frac = v->recent_expected > 0 ? v->recent_heard / v->recent_expected : 0;
    int in_cov = known ? p_last >= c->dark_min_cell_p
                       : v->recent_expected >= c->dark_min_samples && frac >= c->dark_min_cell_p;
    /* fade guard: the silence must outlast the loss runs seen here. Where
     * the vessel's range class (last and dead-reckoned positions, against
     * the sector's working edge) has enough transitions, its tail says how
     * long a silence reception loss produces at that link margin: close in
     * almost never a minute, at the fringe minutes. A neighbourhood with a
     * learned tail longer than that (a fading spot) still counts. Before
     * the class is known: the neighbourhood's or the station's run
     * quantile, and the prior until the station has enough runs. */
    if (n < c->dark_min_missed) return now + step;
    double nruns, nloc;
    double q = coverage_run_quantile(e->cov, -1, c->dark_fade_q, c->dark_fade_min_runs, &nruns);
    double q_station = nruns >= c->dark_fade_min_runs ? q : -1;
    double q_loc = coverage_local_run_quantile(e->cov, cell_last, c->dark_fade_q, &nloc);
    if (nloc >= c->dark_fade_min_runs || q_loc > q) { /* as coverage_run_quantile */
        q = fmax(q_loc, nloc >= c->dark_fade_min_runs ? 0 : q);
        nruns = nloc;
    }
    double q_cls = -1, q_lead = -1;
    int cls = coverage_class_of(e->cov, v->lat, v->lon);
    int cls_dr = coverage_class_of(e->cov, dr_lat, dr_lon);
    if (cls >= 0 && cls_dr >= 0) {
        /* the water out to a tenth of the edge beyond the vessel: a fade
         * is judged against slightly weaker links than its own */
        double q1 = class_tail_wide(e, cls + 1, now);
        double q2 = class_tail_wide(e, cls_dr + 1, now);
        if (q1 >= 0 && q2 >= 0) q_cls = fmax(q1, q2);
        if (q_cls >= 0 && v->lead == 1 && c->dark_lead_share > 0) {
            /* heard regularly up to its last report, where fades have
             * mostly thinned or weakened the reports first (after regular
             * lead-ins at most dark_lead_share as often as after any): the
             * silences that followed regular lead-ins are the ones to
             * outlast. Where fades cut regular reception as often (the
             * evidence does not separate them), nothing changes. */
            int top = (cls > cls_dr ? cls : cls_dr) + 1;
            double fades, share = coverage_lead_share(e->cov, top, &fades);
            if (fades >= LEAD_MIN_FADES && share <= c->dark_lead_share) {
                q1 = coverage_lead_tail(e->cov, cls + 1, c->dark_fade_tail, c->dark_fade_min_trans,
                                        now, c->dark_fade_learn_s, 0);
                q2 = coverage_lead_tail(e->cov, cls_dr + 1, c->dark_fade_tail,
                                        c->dark_fade_min_trans, now, c->dark_fade_learn_s, 0);
                if (q1 >= 0 && q2 >= 0) q_lead = fmin(q_cls, fmax(q1, q2));
            }
        }
        if (q_cls < 0) {
            /* early, before dark_fade_learn_s: the runs ended so far miss
             * the long ones still under way, so those count too (other
             * vessels', each capped at the prior: a second switch-off
             * nearby must not hold this one for ever) */
            q1 = early_tail(e, cls + 1, now, v->mmsi);
            q2 = early_tail(e, cls_dr + 1, now, v->mmsi);
            if (q1 >= 0 && q2 >= 0) {
                double o = open_tail(e, (cls > cls_dr ? cls : cls_dr) + 1, v->mmsi);
                q_cls = fmax(fmax(q1, q2), fmin(o, c->dark_fade_prior_s));
            }
        }
    }
    if (q_cls >= 0 && c->dark_fade_common_rate > 0) {
        /* where fades are common in the vessel's own water (its classes
         * and a tenth beyond; more than dark_fade_common_rate per
         * transition, fringe water), the longest of the few seen there, or
         * of the inner water pooled with it, says little about the next:
         * the wait is at least the prior's, as before anything is learned
         * (`-n 20` seed 5: 0.74 of the edge, 15 fades in 1,492 transitions
         * there, a 200 s fade raised against the 135 s guard of the
         * longest of 16). Where fades are that common everywhere the prior
         * stays, as the early tail's rate check keeps it. */
        int lo = cls < cls_dr ? cls : cls_dr, top = (cls > cls_dr ? cls : cls_dr) + 1;
        double n_own, f_own = coverage_class_fades(e->cov, lo, top, &n_own);
        /* likewise where fades have silenced ships more than
         * dark_fade_inner_rate per transition in all the water inside the
         * vessel (classes 0..top pooled, the strongest links: thousands of
         * transitions, so the rate is known where the vessel's own water's
         * is not): fades are no fringe effect at this station, they cut
         * ships anywhere, and the longest of the few seen in one tenth of
         * the edge is no tail (`flatfades`: 2-4e-3 there, against under
         * 1e-3 for most `bursty` switch-offs; a 180-270 s fade at 0.2-0.6
         * of the edge raised against the 135-225 s guard of the longest
         * of 2-13 seen in its water). */
        double n_in = 0, f_in = coverage_class_fades(e->cov, 0, top, &n_in);
        int inner_common = c->dark_fade_inner_rate > 0 &&
                           (!(n_in > 0) || (f_in + 1) / n_in > c->dark_fade_inner_rate);
        int own_common = !(n_own > 0) || (f_own + 1) / n_own > c->dark_fade_common_rate;
        if (inner_common || own_common) q_cls = fmax(q_cls, c->dark_fade_prior_s);
        /* the lead-in's own tail stands where it has shown itself (fades
         * after regular lead-ins rare, dark_lead_share): other evidence
         * than the longest silence seen */
        if (own_common) q_lead = -1;
    }
    double q_dark = -1;
    if (q_cls >= 0) {
        q_dark = q_lead >= 0 ? q_lead : q_cls;
        q = nloc >= c->dark_fade_min_runs ? fmax(q_loc, q_cls) : q_cls;
        q_dark = nloc >= c->dark_fade_min_runs ? fmax(q_loc, q_dark) : q_dark;
    } else if (nruns < c->dark_fade_min_runs) {
        q = fmax(q, c->dark_fade_prior_s);
    }
    if (q_dark < 0) q_dark = q;
    double guard = fmax(c->dark_floor_s, c->dark_fade_margin * fmax(q, v->max_run_s));
    /* the lead-in shortens the wait for dark.start only; coverage.exit
     * keeps the wait of every silence there */
    double guard_dark =
        fmax(c->dark_floor_s,
             c->dark_fade_margin * fmax(q_dark, q_lead >= 0 ? v->max_run_reg_s : v->max_run_s));
    /* heard for less than dark_recent_s since the station was deaf: the
     * record a dark.start stands on has a hole (the vessel's own recent
     * loss runs, its reception before the silence; the runs of every
     * vessel that overlapped the deafness were not learned), and the
     * station's picture has just come back (a recovery needs only
     * health_restore_s of traffic). Its silence is judged as before its
     * water was learned: it must outlast the prior's fades, or the
     * station's run quantile where that is longer (`-d 3h --loss
     * flatfades` seed 11: a ship heard regularly for 3.5 minutes after a
     * partial outage, then a 280 s fade at 0.34 of the edge, raised
     * against the 270 s guard of the tail learned there). */
    double restored = hs->restored_at;
    if (restored > 0 && v->t_last - restored < c->dark_recent_s)
        guard_dark = fmax(guard_dark, c->dark_fade_margin * fmax(c->dark_fade_prior_s, q_station));
    /* a vessel judged by its own record (its cell too thinly sampled):
     * the fades there are as unknown as the reception, and its record says
     * it was heard, not how long fades there last, so the silence must
     * outlast the prior's (`-n 20` seed 21: in such a cell at
     * 0.68 of the edge, a 120 s fade against the 68 s tail of its class) */
    if (!known)
        guard_dark = fmax(guard_dark, c->dark_fade_margin * fmax(c->dark_fade_prior_s, q_station));
    int enough = n >= c->dark_min_missed && sil_obs >= guard_dark;
    if (!enough) return now + step;
    /* likelihood along the dead-reckoned path */
    /* while the station is partially degraded (interference: ratio_live
     * below health_partial_ratio) it hears only that share of the reports
     * it usually does, so each expected report was heard with the cell's
     * learned chance times that share: at half reception a ship's fade
     * that normal reception would break silences it for longer (`-d 3h`
     * seed 10: a 3.3 s reporter at 0.24 of the edge silent 105 s in a
     * half-rate interference period, raised on the cell's own p) */
    double L = 0, r_now = hs->weight < 1 && hs->ratio_live > 0 ? fmin(1, hs->ratio_live) : 1;
    int nk = (int)fmin(n, 48);
    for (int k = 1; k <= nk; k++) {
        double la, lo;
        dr_at(v, silence * k / nk, &la, &lo);
        double p = coverage_p(e->cov, coverage_cell_of(e->cov, la, lo)) * r_now;
        L += log(fmax(1e-12, 1 - fmin(p, 0.999))) * (n / nk);
    }
    if (weigh_slow) { /* ln(P(kept speed) + P(slowed)), the path's loss per report */
        double L1 = log_slow + L * (n_slow / n), m = fmax(L, L1);
        L = m + log(exp(L - m) + exp(L1 - m));
    }
    int recent = 0;
    for (int i = 0; i < v->hist_n; i++)
        recent += v->hist[i].t >= v->t_last - c->dark_recent_s;
    /* neighbours */
    int sec = coverage_sector_of_cell(e->cov, cell_last), S = e->nsec;
    double A = 0, H = 0;
    if (sec >= 0)
        for (int d = -1; d <= 1; d++) {
            A += e->sec_active[(sec + d + S) % S];
            H += e->sec_heard[(sec + d + S) % S];
        }
    A -= 1; /* the vessel itself, silent */
    int neigh_state = A < 1 ? 0 : (H / A >= c->dark_neighbour_frac ? 1 : -1);
    int alt_alive = v->alt.n >= c->shared_min_reports && now - v->alt.t_last < c->track_stale_s;
    double range = coverage_range_nm(e->cov, v->lat, v->lon);
    double range_dr = coverage_range_nm(e->cov, dr_lat, dr_lon);
    double edge = coverage_edge50_nm(e->cov, cell_last, c->dark_min_samples);
    /* well inside coverage: where a vessel fades out gradually is no place
     * to call a switch-off */
    int inside = fmax(range, range_dr) <= c->dark_max_range_frac * edge;
    /* dark.start waits for the threshold (dark_threshold), counted at
     * 3-minute reports for a vessel glimpsed in a fade, at its own interval
     * for a class B craft whose slow-down is weighed (the likelihood above);
     * coverage.exit keeps its own wait */
    double thr_dark = dark_threshold(c, I1, weigh_slow ? I1 : glimpsed_in_fade(e, v) ? 180.0 : Iw);
    if (sil_obs < thr_dark) may_dark = 0;
    if (may_dark && in_cov && inside && L < log(c->dark_p) && recent >= c->dark_recent_reports &&
        frac >= c->dark_recent_frac && neigh_state >= 0 && !alt_alive) {
        raise_dark(e, v, now, p_last, n, L, range, edge, sil_obs, fmax(thr_dark, guard_dark),
                   neigh_state, dr_lat, dr_lon, hs->weight, guard_dark < guard);
        return 0;
    }
    /* coverage.exit keeps the wait of the 3-minute reports */
    if (!v->exited && !v->out && v->nreports >= 3 && sil_obs >= guard &&
        n_slow >= c->dark_min_missed &&
        (!inside || (known && (p_dr < c->dark_exit_p || p_last < c->dark_min_cell_p)))) {
        v->exited = 1;
        v->out = 1;
        alert_begin(e, "coverage.exit", now, v, 0, v->lat, v->lon,
                    fmin(0.95, 0.5 + 0.5 * (1 - p_dr)));
        alert_reason(e, "edge_of_coverage");
        struct jbuf *b = &e->ab;
        jbuf_time(b, "last_heard", v->t_last);
        jbuf_num(b, "silence_s", silence, 1);
        jbuf_num(b, "p_rx", p_last, 3);
        jbuf_num(b, "p_rx_dr", p_dr, 3);
        jbuf_num(b, "range_nm", range, 2);
        jbuf_num(b, "edge_nm", edge, 1);
        jbuf_num(b, "dr_lat", dr_lat, 6);
        jbuf_num(b, "dr_lon", dr_lon, 6);
        alert_emit(e);
    }
    if (silence > c->dark_lost_s && p_dr < 0.05) {
        v->lost = 1;
        return 0;
    }
    return now + step;
}

/* dark.port_call at dark.end: the reappearance is not explained by dead
 * reckoning, and the gap began or ended near a port, or a port was within
 * reach with time to dwell. */
static void port_call(struct engine *e, struct vessel *v, double t, double lat, double lon,
                      double gap_s, double dist)
{
    const struct engine_config *c = &e->cfg;
    if (!e->zones) return;
    double dlat, dlon;
    double sog = isfinite(v->gap_sog) ? v->gap_sog : 0, cog = isfinite(v->gap_cog) ? v->gap_cog : 0;
    geo_dead_reckon(v->gap_lat, v->gap_lon, sog, cog, gap_s, &dlat, &dlon);
    double dr_dist = geo_distance_nm(v->gap_lat, v->gap_lon, dlat, dlon);
    double miss = geo_distance_nm(dlat, dlon, lat, lon);
    if (miss <= c->port_dr_miss_nm + c->port_dr_frac * dr_dist) return;
    int i0, i1;
    double d0 = zone_port_distance(e->zones, v->gap_lat, v->gap_lon, &i0);
    double d1 = zone_port_distance(e->zones, lat, lon, &i1);
    int best = -1;
    double best_dwell = -1;
    const char *how = NULL;
    double speed = c->port_speed_factor * fmax(sog, c->port_min_speed_kn);
    for (int i = 0; i < e->zones->n; i++) {
        const struct zone *z = &e->zones->z[i];
        if (!zone_is_port(z)) continue;
        double to = geo_distance_nm(v->gap_lat, v->gap_lon, z->clat, z->clon);
        double back = geo_distance_nm(z->clat, z->clon, lat, lon);
        double need = (to + back) / speed * 3600.0;
        double dwell = gap_s - need;
        if (dwell >= c->port_dwell_s && dwell > best_dwell) {
            best_dwell = dwell;
            best = i;
        }
    }
    if (d0 <= c->port_near_nm) {
        best = i0;
        how = "gap_began_near_port";
    } else if (d1 <= c->port_near_nm) {
        best = i1;
        how = "gap_ended_near_port";
    } else if (best >= 0) {
        how = "port_reachable";
    }
    if (best < 0) return;
    const struct zone *z = &e->zones->z[best];
    alert_begin(e, "dark.port_call", t, v, 0, lat, lon, how[0] == 'p' ? 0.6 : 0.8);
    alert_reason(e, how);
    alert_reason(e, "dr_inconsistent");
    struct jbuf *b = &e->ab;
    jbuf_str(b, "port", z->name);
    jbuf_time(b, "gap_start", v->gap_start);
    jbuf_num(b, "gap_s", gap_s, 1);
    jbuf_num(b, "distance_nm", dist, 2);
    jbuf_num(b, "dr_miss_nm", miss, 2);
    if (best_dwell > 0) jbuf_num(b, "max_dwell_s", best_dwell, 0);
    alert_emit(e);
}

void dark_before_report(struct engine *e, struct vessel *v, double t, double lat, double lon)
{
    v->lost = 0;
    v->exited = 0;
    /* back in well-covered water, a later exit is a new one; a glimpse out
     * beyond coverage after the exit (the station hears ships there now
     * and then) is no return, and raises no second coverage.exit */
    /* a ship first heard beyond coverage (a glimpse of it inbound) has
     * not entered yet: losing it again is no exit */
    if (!(v->t_first > 0) && coverage_ready(e->cov)) v->out = 1;
    if (v->out && coverage_p(e->cov, coverage_cell_of(e->cov, lat, lon)) >= e->cfg.dark_min_cell_p)
        v->out = 0;
    if (!v->dark) return;
    double gap_s = t - v->gap_start;
    double dist = geo_distance_nm(v->gap_lat, v->gap_lon, lat, lon);
    double speed = gap_s > 0 ? dist / (gap_s / 3600.0) : 0;
    alert_begin(e, "dark.end", t, v, 0, lat, lon, 0.9);
    alert_reason(e, "reappeared");
    if (speed > e->cfg.track_gate_kn) alert_reason(e, "implausible_speed");
    struct jbuf *b = &e->ab;
    jbuf_time(b, "gap_start", v->gap_start);
    jbuf_num(b, "gap_s", gap_s, 1);
    jbuf_num(b, "distance_nm", dist, 2);
    jbuf_num(b, "implied_speed_kn", speed, 1);
    jbuf_num(b, "gap_lat", v->gap_lat, 6);
    jbuf_num(b, "gap_lon", v->gap_lon, 6);
    alert_emit(e);
    port_call(e, v, t, lat, lon, gap_s, dist);
    v->dark = 0;
    v->dirty = 1;
    if (e->store && store_gap_close(e->store, v->mmsi)) e->c.db_errors++;
}
