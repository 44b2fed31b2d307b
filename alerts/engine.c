/* engine.c: the alert engine's life cycle and message path: clock and
 * housekeeping ticks, bad-input counting, duplicate suppression, vessel state
 * updates, dispatch to the rules, checkpoints, restore and snapshots. The
 * rules themselves live in dark.c, spoof.c, identity.c, encounter.c,
 * watch.c; alert delivery in alert.c. */
#include "alerts/engine_int.h"

#include "alerts/coverage.h"
#include "alerts/geo.h"
#include "alerts/grid.h"
#include "alerts/health.h"
#include "decode/jparse.h"
#include "alerts/mid.h"
#include "alerts/report.h"
#include "alerts/store.h"
#include "alerts/zone.h"
#include "decode/err.h"
#include "decode/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR_REFRESH_S 5.0

static int restore(struct engine *e);

void engine_set_output(struct engine *e, engine_output_fn fn, void *user)
{
    e->out = fn;
    e->out_user = user;
}

double engine_now(const struct engine *e)
{
    return e->now;
}

static int check_config(const struct engine_config *c)
{
    /* below 0.1 s a replayed outage is millions of ticks, and a tick below the
     * clock's resolution (1e-7 at 2023 epochs) never advances it */
    if (!(c->tick_s >= 0.1 && c->tick_s <= 60)) {
        log_error("engine_create(): tick_s must be in [0.1, 60]");
        return -1;
    }
    if (!(c->dark_p > 0 && c->dark_p < 1)) {
        log_error("engine_create(): dark_p must be in (0, 1)");
        return -1;
    }
    if (!(c->dark_fade_q > 0 && c->dark_fade_q <= 1)) {
        log_error("engine_create(): dark_fade_q must be in (0, 1]");
        return -1;
    }
    if (!(c->dark_fade_tail >= 0 && c->dark_fade_tail < 1) || !(c->dark_fade_min_trans >= 0)) {
        log_error("engine_create(): dark_fade_tail must be in [0, 1), dark_fade_min_trans >= 0");
        return -1;
    }
    if (c->dark_min_missed < 1 || c->dark_fade_margin < 0 || c->clock_tolerance_s < 0 ||
        c->checkpoint_s <= 0) {
        log_error("engine_create(): dark_min_missed >= 1, dark_fade_margin >= 0, "
                  "clock_tolerance_s >= 0, checkpoint_s > 0");
        return -1;
    }
    return 0;
}

struct engine *engine_create(const struct engine_config *cfg, const char *db_path)
{
    struct engine_config d = engine_config_default();
    if (!cfg) cfg = &d;
    if (check_config(cfg)) return NULL;
    struct engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->cfg = *cfg;
    jbuf_init(&e->ab);
    jbuf_init(&e->tmp);
    deadline_init(&e->dl);
    e->vt = vessel_table_create(1024);
    e->cov = coverage_create(&cfg->coverage);
    e->health = health_create(&cfg->health);
    e->grid = grid_create(0.02, 4096);
    e->ident = identity_create();
    e->nsec = cfg->coverage.sectors;
    e->sec_active = calloc((size_t)(e->nsec > 0 ? e->nsec : 1), sizeof(float));
    e->sec_heard = calloc((size_t)(e->nsec > 0 ? e->nsec : 1), sizeof(float));
    if (!e->vt || !e->cov || !e->health || !e->grid || !e->ident || !e->sec_active ||
        !e->sec_heard) {
        log_error("engine_create(): out of memory or bad coverage/health configuration");
        engine_destroy(e);
        return NULL;
    }
    if (cfg->zones_file[0] && engine_reload_zones(e, cfg->zones_file)) {
        engine_destroy(e);
        return NULL;
    }
    if (cfg->alert_log[0]) {
        e->log = fopen(cfg->alert_log, "a");
        if (!e->log) {
            log_error("engine_create(): cannot open alert log %s", cfg->alert_log);
            engine_destroy(e);
            return NULL;
        }
    }
    if (db_path && *db_path) {
        e->store = store_open(db_path);
        if (!e->store || restore(e)) {
            engine_destroy(e);
            return NULL;
        }
    }
    return e;
}

void engine_destroy(struct engine *e)
{
    if (!e) return;
    if (e->store) engine_checkpoint(e);
    store_close(e->store);
    if (e->log) fclose(e->log);
    vessel_table_destroy(e->vt);
    coverage_destroy(e->cov);
    health_destroy(e->health);
    grid_destroy(e->grid);
    identity_destroy(e->ident);
    zone_free(e->zones);
    deadline_free(&e->dl);
    free(e->sec_active);
    free(e->sec_heard);
    for (int i = 0; i < ENGINE_RECENT; i++)
        free(e->recent[i]);
    jbuf_free(&e->ab);
    jbuf_free(&e->tmp);
    free(e);
}

int engine_reload_zones(struct engine *e, const char *path)
{
    if (!path) path = e->cfg.zones_file;
    if (!path || !*path) {
        zone_free(e->zones);
        e->zones = NULL;
        return 0;
    }
    char err[256] = "";
    struct zones *zs = zone_load(path, err, sizeof err);
    if (!zs) {
        log_error("engine_reload_zones(): %s", err);
        return AISD_E_FORMAT;
    }
    zone_free(e->zones);
    e->zones = zs;
    /* memberships are re-evaluated from scratch on each vessel's next report */
    size_t it = 0;
    struct vessel *v;
    while ((v = vessel_table_next(e->vt, &it)))
        v->zones = isfinite(v->lat) ? zone_mask(zs, v->lat, v->lon) : 0;
    return 0;
}

/* ---- housekeeping ---- */

static void run_due(struct engine *e, double now)
{
    struct deadline_entry de;
    while (deadline_pop_due(&e->dl, now, &de)) {
        struct vessel *v = de.v;
        v->in_heap = 0;
        if (v->deadline > now) {
            if (deadline_push(&e->dl, v->deadline, v) == 0) v->in_heap = 1;
            continue;
        }
        double a = spoof_due(e, v, now);
        double b = dark_due(e, v, now);
        double next = a > 0 && (b <= 0 || a < b) ? a : b;
        if (next > 0) {
            v->deadline = next > now ? next : now + e->cfg.tick_s;
            if (deadline_push(&e->dl, v->deadline, v) == 0) v->in_heap = 1;
        }
    }
}

/* station.restored, for a deafness that ended (`traffic_resumed`) or a
 * verdict taken back (`others_kept_pace`). */
static void emit_restored(struct engine *e, double ev_t, const struct health_state *hs,
                          const char *reason)
{
    alert_begin(e, "station.restored", ev_t, NULL, 0, NAN, NAN, 0.9);
    alert_reason(e, reason);
    struct jbuf *b = &e->ab;
    jbuf_time(b, "degraded_at", hs->degraded_at);
    jbuf_num(b, "outage_s", ev_t - hs->degraded_at, 1);
    jbuf_num(b, "msgs_last_min", hs->last_minute, 0);
    jbuf_num(b, "norm_per_min", hs->norm_per_min, 1);
    alert_emit(e);
}

static void tick_once(struct engine *e, double t)
{
    e->c.ticks++;
    double ev_t = t;
    int ev = health_tick(e->health, t, e->expected_per_s, e->expected_live_per_s, &ev_t);
    const struct health_state *hs = health_state(e->health);
    if (ev == HEALTH_DEGRADED) {
        /* on a low rate, the others' pace may take the verdict back
         * (health_set_others) */
        e->deaf_top_mmsi = 0;
        if (!strcmp(hs->reason, "low_rate")) {
            health_set_others(e->health, e->expected_per_s - e->top_per_s);
            e->deaf_top_mmsi = e->top_mmsi;
        }
        alert_begin(e, "station.degraded", ev_t, NULL, 0, NAN, NAN, 0.9);
        alert_reason(e, hs->reason);
        struct jbuf *b = &e->ab;
        jbuf_num(b, "msgs_last_min", hs->last_minute, 0);
        jbuf_num(b, "expected_last_min", hs->expected_minute, 0);
        jbuf_num(b, "norm_per_min", hs->norm_per_min, 1);
        jbuf_num(b, "reception_ratio", hs->ratio, 2);
        jbuf_time(b, "last_message", hs->last_msg);
        alert_emit(e);
    } else if (ev == HEALTH_RESTORED && hs->taken_back) {
        /* not deaf after all: one vessel went silent. The time held as
         * unobserved was observed: every silence gets it back, and none
         * restarts (a recovery's rules do not apply) */
        size_t it = 0;
        struct vessel *v;
        while ((v = vessel_table_next(e->vt, &it)))
            if (v->t_last > 0) v->obs_last -= t - fmax(v->t_last, hs->degraded_at);
        emit_restored(e, ev_t, hs, "others_kept_pace");
    } else if (ev == HEALTH_RESTORED) {
        e->obs_restored = hs->obs;
        emit_restored(e, ev_t, hs, "traffic_resumed");
    }
    if (t >= e->next_sector) {
        dark_sectors(e, t);
        e->next_sector = t + SECTOR_REFRESH_S;
    }
    run_due(e, t);
    if (e->store && t >= e->next_checkpoint) {
        engine_checkpoint(e);
        e->next_checkpoint = t + e->cfg.checkpoint_s;
    }
}

/* Ticks walk the clock; messages go through clock_check. */
static void walk(struct engine *e, double t);

void engine_tick(struct engine *e, double t)
{
    if (!e || !e->started) return;
    if (!isfinite(t) || t < 0 || t > 32503680000.0) { /* as clock_check: 1e300 never ended */
        e->c.bad_time++;
        return;
    }
    /* a timer far ahead of the event clock (a different time base, a
     * suspended host) is not believed; live ticks advance a second at a time */
    if (t > e->now + e->cfg.clock_jump_s) {
        e->c.clock_jump++;
        return;
    }
    walk(e, t);
}

static void walk(struct engine *e, double t)
{
    /* a long jump (an outage in replay) is walked in ticks, but never more
     * than a day of them */
    if (t - e->next_tick > 86400) e->next_tick = floor((t - 86400) / e->cfg.tick_s) * e->cfg.tick_s;
    while (e->next_tick <= t) {
        tick_once(e, e->next_tick);
        const struct health_state *hs = health_state(e->health);
        double quiet = e->next_tick - hs->last_msg;
        e->next_tick += e->cfg.tick_s;
        if (t - e->next_tick <= 60) continue;
        if (hs->degraded && quiet > 60) {
            /* a deaf station with nothing heard since: every rule is held
             * and health waits for traffic: the rest is one step */
            e->next_tick = floor(t / e->cfg.tick_s) * e->cfg.tick_s;
        } else if (quiet > 600) {
            /* a long silence not (yet) judged deaf (warm-up): minute steps */
            e->next_tick += fmax(0, 60 - e->cfg.tick_s);
        }
    }
    if (t > e->now) e->now = t;
}

/* ---- the message path ---- */

static uint32_t report_hash(const struct report *r)
{
    uint32_t h = 2166136261u;
    const unsigned char *p;
#define MIX(x)                                                                                     \
    do {                                                                                           \
        p = (const unsigned char *)&(x);                                                           \
        for (size_t i_ = 0; i_ < sizeof(x); i_++)                                                  \
            h = (h ^ p[i_]) * 16777619u;                                                           \
    } while (0)
    MIX(r->type);
    MIX(r->second);
    MIX(r->status);
    MIX(r->heading);
    if (r->has_pos) {
        MIX(r->lat);
        MIX(r->lon);
    }
    if (isfinite(r->sog)) MIX(r->sog);
    if (isfinite(r->cog)) MIX(r->cog);
    MIX(r->imo);
    MIX(r->fields);
    for (const char *s = r->name; *s; s++)
        MIX(*s);
    for (const char *s = r->callsign; *s; s++)
        MIX(*s);
#undef MIX
    return h ? h : 1;
}

/* Clock rules: a time far behind the clock is dropped (counted); a small
 * step back (two stations, reordering) is processed without moving the clock;
 * a jump far ahead needs a second message to confirm it. Returns 0 to go on. */
static int clock_check(struct engine *e, double t)
{
    if (!isfinite(t) || t < 0 || t > 32503680000.0) {
        e->c.bad_time++;
        return AISD_E_RANGE;
    }
    if (!e->started) {
        e->started = 1;
        e->now = t;
        e->next_tick = floor(t / e->cfg.tick_s) * e->cfg.tick_s + e->cfg.tick_s;
        e->next_sector = t;
        e->next_checkpoint = t + e->cfg.checkpoint_s;
        return 0;
    }
    if (t < e->now - e->cfg.clock_tolerance_s) {
        e->c.clock_backwards++;
        return AISD_E_RANGE;
    }
    if (t > e->now + e->cfg.clock_jump_s) {
        if (e->jump_cand_n > 0 && fabs(t - e->jump_cand_t) <= 120) {
            e->jump_cand_n = 0;
            return 0;
        }
        e->jump_cand_t = t;
        e->jump_cand_n = 1;
        e->c.clock_jump++;
        return AISD_E_RANGE;
    }
    e->jump_cand_n = 0;
    return 0;
}

static void update_position(struct engine *e, struct vessel *v, const struct report *r, double t,
                            double level, int promoted)
{
    const struct health_state *hs = health_state(e->health);
    int turning = r->turn != -128 && (r->turn > 20 || r->turn < -20);
    double ni = vessel_interval(r->cls ? r->cls : v->cls, r->cls == CLASS_B ? r->cs : v->cs, r->sog,
                                r->status >= 0 ? r->status : v->status, turning);
    dark_before_report(e, v, t, r->lat, r->lon);
    if (!promoted) dark_learn(e, v, t, r->lat, r->lon, ni);
    if (!(v->t_first > 0)) v->t_first = t;
    if (r->cls) v->cls = r->cls;
    if (r->cls == CLASS_B) v->cs = r->cs;
    v->lat = r->lat;
    v->lon = r->lon;
    v->sog = (float)r->sog;
    v->cog = (float)r->cog;
    v->heading = (int16_t)r->heading;
    if (r->status >= 0) v->status = (int8_t)r->status;
    v->interval = (float)ni;
    v->t_last = t;
    v->obs_last = hs->obs;
    v->nreports++;
    if (isfinite(level))
        v->level_dbfs =
            isfinite(v->level_dbfs) ? (float)(0.8 * v->level_dbfs + 0.2 * level) : (float)level;
    vessel_push_fix(v, t, r->lat, r->lon);
    v->dirty = 1;
    coverage_feed_position(e->cov, r->lat, r->lon, level);
    v->cell = coverage_cell_of(e->cov, r->lat, r->lon);
    if (!v->invalid_mmsi) coverage_hit_cell(e->cov, v->cell, level);
    dark_lead_in(e, v, level);
    grid_update(e->grid, v, r->lat, r->lon);
    watch_zones(e, v, t);
    encounter_report(e, v, t);
    dark_arm(e, v);
}

int engine_push_report(struct engine *e, const struct report *r, double t, char channel,
                       double level_dbfs, const char *station)
{
    (void)channel;
    (void)station;
    if (!e || !r) return AISD_E_INVAL;
    int rc = clock_check(e, t);
    if (rc) return rc;
    walk(e, t);
    if (r->mmsi == 0 || r->mmsi > 999999999u) {
        e->c.bad_mmsi++;
        return AISD_E_RANGE;
    }
    if (r->kind == REPORT_NONE) {
        e->c.ignored++;
        return 0;
    }
    if (r->kind == REPORT_POSITION && (!r->has_pos || !geo_valid_position(r->lat, r->lon))) {
        e->c.bad_position++;
        return AISD_E_RANGE;
    }
    health_message(e->health, t > e->now ? t : e->now);
    int created;
    struct vessel *v = vessel_table_get(e->vt, r->mmsi, &created);
    if (!v) return AISD_E_NOMEM;
    if (created) {
        const char *f = mid_flag(r->mmsi);
        if (f) memcpy(v->flag, f, 3);
    }
    uint32_t h = report_hash(r);
    if (!created && h == v->last_hash && fabs(t - v->t_last_any) <= e->cfg.dup_window_s) {
        e->c.dup++;
        return AISD_E_AGAIN;
    }
    v->last_hash = h;
    if (t > v->t_last_any) v->t_last_any = t;
    if (r->kind == REPORT_STATIC) {
        e->c.statics++;
        if (r->cls && !v->cls) v->cls = r->cls;
        identity_static(e, v, r, t);
        engine_vessel_out(e, v);
        return 0;
    }
    e->c.positions++;
    if (!isfinite(r->sog)) e->c.sog_na++;
    if (t <= v->t_last) {
        e->c.out_of_order++;
        return AISD_E_AGAIN;
    }
    spoof_check_mmsi(e, v, r, t);
    if (r->type == 19) identity_static(e, v, r, t);
    int assoc = spoof_associate(e, v, r, t);
    if (assoc == 0) return 0;
    if (dark_expected(v, t)) {
        health_report(e->health, t > e->now ? t : e->now);
        if (v->mmsi != e->deaf_top_mmsi) health_report_other(e->health);
    }
    int was_new = v->nreports == 0;
    double prev_out = v->t_last;
    update_position(e, v, r, t, level_dbfs, assoc == 2);
    if (e->out && (was_new || e->cfg.vessel_update_s <= 0
                       ? was_new
                       : t - prev_out >= e->cfg.vessel_update_s || v->nreports % 64 == 1))
        engine_vessel_out(e, v);
    return 0;
}

int engine_push(struct engine *e, const struct ais_msg *m, double t, char channel,
                double level_dbfs, const char *station)
{
    if (!e || !m) return AISD_E_INVAL;
    e->c.messages++;
    struct report r;
    int why = report_from_msg(m, &r);
    switch (why) {
    case REPORT_OK:
        return engine_push_report(e, &r, t, channel, level_dbfs, station);
    case REPORT_IGNORED:
        /* still traffic for station health and the clock */
        if (clock_check(e, t)) return AISD_E_RANGE;
        walk(e, t);
        health_message(e->health, t > e->now ? t : e->now);
        e->c.ignored++;
        return 0;
    case REPORT_BAD_MMSI:
        e->c.bad_mmsi++;
        return AISD_E_RANGE;
    case REPORT_BAD_SPEED:
        e->c.bad_speed++;
        return AISD_E_RANGE;
    default:
        e->c.bad_position++;
        return AISD_E_RANGE;
    }
}

/* ---- persistence ---- */

static void meta_num(struct engine *e, const char *key, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    if (store_meta_set(e->store, key, buf)) e->c.db_errors++;
}

static double meta_get_num(struct engine *e, const char *key, double def)
{
    char buf[64];
    if (store_meta_get(e->store, key, buf, sizeof buf)) return def;
    return strtod(buf, NULL);
}

int engine_checkpoint(struct engine *e)
{
    if (!e || !e->store) return 0;
    if (store_begin(e->store)) return AISD_E_DB;
    size_t it = 0;
    struct vessel *v;
    while ((v = vessel_table_next(e->vt, &it))) {
        if (!v->dirty) continue;
        jbuf_reset(&e->tmp);
        vessel_json_write(v, &e->tmp, 1);
        if (!jbuf_failed(&e->tmp) && store_vessel(e->store, v->mmsi, v->t_last, jbuf_text(&e->tmp)))
            e->c.db_errors++;
        v->dirty = 0;
    }
    const struct health_state *hs = health_state(e->health);
    meta_num(e, "now", e->now);
    meta_num(e, "health_degraded", hs->degraded);
    meta_num(e, "health_degraded_at", hs->degraded_at);
    meta_num(e, "health_restored_at", hs->restored_at);
    meta_num(e, "health_norm", hs->norm_ratio);
    meta_num(e, "health_obs", hs->obs);
    meta_num(e, "obs_restored", e->obs_restored);
    meta_num(e, "classb_moving_s", e->classb_moving_s);
    meta_num(e, "classb_slowdowns", e->classb_slowdowns);
    size_t n = coverage_blob_size(e->cov);
    void *blob = malloc(n);
    if (blob) {
        coverage_blob_write(e->cov, blob);
        if (store_blob_set(e->store, "coverage", blob, n)) e->c.db_errors++;
        free(blob);
    }
    return store_commit(e->store);
}

static int restore_vessel(void *user, const char *json)
{
    struct engine *e = user;
    char err[128];
    struct jparse_val *o = jparse(json, strlen(json), err, sizeof err);
    if (!o) return 0;
    double m = jparse_num(o, "mmsi", 0);
    if (m >= 1 && m <= 999999999) {
        struct vessel *v = vessel_table_get(e->vt, (uint32_t)m, NULL);
        if (v) {
            vessel_json_read(v, o);
            if (isfinite(v->lat) && isfinite(v->lon) && v->t_last > 0) {
                grid_update(e->grid, v, v->lat, v->lon);
                v->cell = coverage_cell_of(e->cov, v->lat, v->lon);
                v->obs_last = 0; /* silence clocks restart at the restored time */
                dark_arm(e, v);
            }
            if (v->imo) identity_note(e->ident, v->imo, v->mmsi, v->t_static);
        }
    }
    jparse_free(o);
    return 0;
}

static int restore_gap(void *user, uint32_t mmsi, const char *json)
{
    struct engine *e = user;
    char err[128];
    struct jparse_val *o = jparse(json, strlen(json), err, sizeof err);
    if (!o) return 0;
    struct vessel *v = vessel_table_get(e->vt, mmsi, NULL);
    if (v) dark_restore_gap(e, v, o);
    jparse_free(o);
    return 0;
}

static int restore_alert(void *user, const char *json)
{
    struct engine *e = user;
    char *copy = strdup(json);
    if (copy) {
        free(e->recent[e->recent_head]);
        e->recent[e->recent_head] = copy;
        e->recent_head = (e->recent_head + 1) % ENGINE_RECENT;
        if (e->recent_n < ENGINE_RECENT) e->recent_n++;
    }
    return 0;
}

static int restore(struct engine *e)
{
    e->seq = store_max_seq(e->store);
    void *blob = NULL;
    size_t n = 0;
    if (store_blob_get(e->store, "coverage", &blob, &n) == 0) {
        if (coverage_blob_read(e->cov, blob, n))
            log_warn("engine: stored coverage does not match the configuration; relearning");
        free(blob);
    }
    double now = meta_get_num(e, "now", 0);
    if (store_each_vessel(e->store, restore_vessel, e) ||
        store_each_gap(e->store, restore_gap, e) ||
        store_recent_alerts(e->store, ENGINE_RECENT, restore_alert, e))
        return AISD_E_DB;
    if (now > 0) {
        e->started = 1;
        e->now = now;
        e->next_tick = floor(now / e->cfg.tick_s) * e->cfg.tick_s + e->cfg.tick_s;
        e->next_sector = now;
        e->next_checkpoint = now + e->cfg.checkpoint_s;
        double obs = meta_get_num(e, "health_obs", 0);
        e->classb_moving_s = meta_get_num(e, "classb_moving_s", 0);
        e->classb_slowdowns = meta_get_num(e, "classb_slowdowns", 0);
        health_restore(e->health, (int)meta_get_num(e, "health_degraded", 0),
                       meta_get_num(e, "health_degraded_at", 0),
                       meta_get_num(e, "health_restored_at", 0), meta_get_num(e, "health_norm", 0),
                       obs, now);
        /* vessels restored with obs_last 0: their silence counts from the
         * restart (observed time only) */
        e->obs_restored = obs;
        size_t it = 0;
        struct vessel *v;
        while ((v = vessel_table_next(e->vt, &it)))
            v->obs_last = obs;
        health_message(e->health, now);
    }
    if (e->seq || now > 0)
        log_info("engine: restored %zu vessels, alert seq %llu", vessel_table_count(e->vt),
                 (unsigned long long)e->seq);
    return 0;
}

/* ---- queries ---- */

uint64_t engine_counter(const struct engine *e, const char *name)
{
    const struct engine_counters *c = &e->c;
    struct {
        const char *n;
        uint64_t v;
    } t[] = {{"messages", c->messages},
             {"positions", c->positions},
             {"statics", c->statics},
             {"ignored", c->ignored},
             {"bad_mmsi", c->bad_mmsi},
             {"bad_position", c->bad_position},
             {"bad_speed", c->bad_speed},
             {"sog_na", c->sog_na},
             {"dup", c->dup},
             {"clock_backwards", c->clock_backwards},
             {"clock_jump", c->clock_jump},
             {"out_of_order", c->out_of_order},
             {"bad_time", c->bad_time},
             {"alerts", c->alerts},
             {"ticks", c->ticks},
             {"db_errors", c->db_errors},
             {"non_ship", c->non_ship},
             {"vessels", vessel_table_count(e->vt)}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].n, name)) return t[i].v;
    return 0;
}

static void status_json(struct engine *e, struct jbuf *b)
{
    static const char *const names[] = {
        "messages",  "positions", "statics", "ignored",         "bad_mmsi",   "bad_position",
        "bad_speed", "sog_na",    "dup",     "clock_backwards", "clock_jump", "out_of_order",
        "bad_time",  "alerts",    "ticks",   "db_errors",       "non_ship",   "vessels"};
    const struct health_state *hs = health_state(e->health);
    jbuf_open(b, '{');
    jbuf_str(b, "class", "STATUS");
    jbuf_str(b, "station", e->cfg.station);
    if (e->started) jbuf_time(b, "time", e->now);
    jbuf_int(b, "seq", (long long)e->seq);
    jbuf_key(b, "counters");
    jbuf_open(b, '{');
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        jbuf_int(b, names[i], (long long)engine_counter(e, names[i]));
    jbuf_close(b, '}');
    jbuf_key(b, "health");
    jbuf_open(b, '{');
    jbuf_bool(b, "degraded", hs->degraded);
    if (hs->degraded) jbuf_str(b, "reason", hs->reason);
    jbuf_num(b, "msgs_last_min", hs->last_minute, 0);
    jbuf_num(b, "expected_last_min", hs->expected_minute, 0);
    jbuf_num(b, "norm_per_min", hs->norm_per_min, 1);
    jbuf_num(b, "reception_ratio", hs->ratio, 2);
    jbuf_num(b, "evidence_rate", hs->weight, 2);
    jbuf_close(b, '}');
    jbuf_key(b, "coverage");
    coverage_json(e->cov, b);
    jbuf_close(b, '}');
}

char *engine_snapshot(struct engine *e, const char *what)
{
    if (!e || !what) return NULL;
    struct jbuf b;
    jbuf_init(&b);
    size_t it = 0;
    struct vessel *v;
    if (!strcmp(what, "status")) {
        status_json(e, &b);
    } else if (!strcmp(what, "coverage")) {
        coverage_json(e->cov, &b);
    } else if (!strcmp(what, "vessels") || !strcmp(what, "gaps")) {
        int gaps = what[0] == 'g';
        jbuf_open(&b, '[');
        while ((v = vessel_table_next(e->vt, &it))) {
            if (gaps && !v->dark) continue;
            jbuf_key(&b, NULL);
            if (gaps) {
                jbuf_open(&b, '{');
                jbuf_int(&b, "mmsi", v->mmsi);
                if (v->name[0]) jbuf_str(&b, "name", v->name);
                jbuf_time(&b, "gap_start", v->gap_start);
                jbuf_num(&b, "gap_s", e->now - v->gap_start, 1);
                jbuf_num(&b, "lat", v->gap_lat, 6);
                jbuf_num(&b, "lon", v->gap_lon, 6);
                jbuf_close(&b, '}');
            } else {
                vessel_json_write(v, &b, 0);
            }
        }
        jbuf_close(&b, ']');
    } else if (!strcmp(what, "alerts")) {
        jbuf_open(&b, '[');
        for (int i = 0; i < e->recent_n; i++) {
            int k = (e->recent_head - e->recent_n + i + ENGINE_RECENT) % ENGINE_RECENT;
            jbuf_value(&b, NULL, e->recent[k]);
        }
        jbuf_close(&b, ']');
    } else if (!strncmp(what, "vessel:", 7)) {
        char *end;
        unsigned long m = strtoul(what + 7, &end, 10);
        if (*end || end == what + 7) {
            jbuf_free(&b);
            return NULL;
        }
        v = vessel_table_find(e->vt, (uint32_t)m);
        if (v)
            vessel_json_write(v, &b, 0);
        else
            jbuf_puts(&b, "null"); /* a well-formed query about no one */
    } else {
        jbuf_free(&b);
        return NULL;
    }
    if (jbuf_failed(&b)) {
        jbuf_free(&b);
        return NULL;
    }
    return jbuf_text(&b);
}
