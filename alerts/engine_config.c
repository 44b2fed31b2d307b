/* engine_config.c: the engine's configuration: defaults, key=value setting
 * and loading, and dumping. One table maps each key to its field. */
#include "alerts/engine.h"

#include "decode/err.h"
#include "decode/log.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct engine_config engine_config_default(void)
{
    struct engine_config c;
    memset(&c, 0, sizeof c);
    snprintf(c.station, sizeof c.station, "aisd");
    c.coverage = coverage_config_default();
    c.health = health_config_default();
    c.tick_s = 1;
    c.clock_tolerance_s = 10;
    c.clock_jump_s = 600;
    c.dup_window_s = 30;
    c.checkpoint_s = 60;
    c.vessel_update_s = 60;
    c.dark_p = 1e-7;
    c.dark_min_missed = 6;
    c.dark_floor_s = 60;
    c.dark_min_cell_p = 0.75;
    c.dark_max_range_frac = 0.75;
    c.dark_min_samples = 30;
    c.dark_recent_s = 900;
    c.dark_recent_reports = 3;
    c.dark_recent_frac = 0.5;
    c.dark_neighbour_frac = 0.5;
    c.dark_neighbour_intervals = 3;
    c.dark_fade_q = 0.999;
    c.dark_fade_margin = 1.5;
    c.dark_fade_min_runs = 500;
    c.dark_fade_prior_s = 300;
    c.dark_fade_tail = 1e-5;
    c.dark_stop_kn = 3;
    c.dark_fade_learn_s = 3600;
    c.dark_fade_early_s = 1200;
    c.dark_fade_early_rate = 1e-3;
    c.dark_fade_common_rate = 5e-3;
    c.dark_fade_inner_rate = 2e-3;
    c.dark_fade_min_trans = 1000;
    c.dark_lead_share = 0.25;
    c.dark_lead_weak_db = 6;
    c.dark_exit_p = 0.5;
    c.dark_lost_s = 3600;
    c.learn_max_missed = 20;
    c.learn_max_run_s = 900;
    c.port_near_nm = 2;
    c.port_dr_miss_nm = 2;
    c.port_dr_frac = 0.15;
    c.port_speed_factor = 1.3;
    c.port_min_speed_kn = 8;
    c.port_dwell_s = 1800;
    c.track_gate_nm = 0.2;
    c.track_gate_kn = 50;
    c.jump_confirm_s = 60;
    c.jump_confirm_max_s = 1800;
    c.shared_min_reports = 3;
    c.shared_primary_after = 2;
    c.track_stale_s = 600;
    c.invalid_min_reports = 3;
    c.encounter_dist_nm = 0.27;
    c.encounter_sog_kn = 2;
    c.encounter_min_s = 1800;
    c.encounter_break_s = 600;
    c.encounter_port_nm = 3;
    c.loiter_sog_kn = 2;
    c.loiter_radius_nm = 0.5;
    c.loiter_min_s = 3600;
    return c;
}

enum kind { K_DBL, K_INT, K_STR };

/* Numbers have a valid range: lo..hi, or above 0 (not 0 itself) up to hi when
 * above_zero is set. Values outside would not mean anything (a negative time,
 * a probability of 3) or would stall the engine (a tick of 0). */
struct key {
    const char *name;
    enum kind kind;
    size_t off;
    size_t size; /* strings */
    double lo, hi;
    int above_zero;
};

#define D(name, field, lo, hi)                                                                     \
    {                                                                                              \
        name, K_DBL, offsetof(struct engine_config, field), 0, lo, hi, 0                           \
    }
#define DP(name, field, hi)                                                                        \
    {                                                                                              \
        name, K_DBL, offsetof(struct engine_config, field), 0, 0, hi, 1                            \
    }
#define I(name, field, lo, hi)                                                                     \
    {                                                                                              \
        name, K_INT, offsetof(struct engine_config, field), 0, lo, hi, 0                           \
    }
#define S(name, field)                                                                             \
    {                                                                                              \
        name, K_STR, offsetof(struct engine_config, field),                                        \
            sizeof(((struct engine_config *)0)->field), 0, 0, 0                                    \
    }

/* upper bounds far beyond any sensible setting, that still keep the arithmetic
 * finite: 10^7 s is 116 days */
#define MAX_S 1e7
#define MAX_COUNT 1e9
#define MAX_NM 1000.0
#define MAX_KN 1000.0
#define MAX_MULT 1000.0

static const struct key keys[] = {
    S("station", station),
    S("zones", zones_file),
    S("alert_log", alert_log),
    D("station_lat", coverage.station_lat, -90, 90),
    D("station_lon", coverage.station_lon, -180, 180),
    I("coverage_estimate_n", coverage.estimate_n, 1, MAX_COUNT),
    DP("coverage_ring_nm", coverage.ring_nm, MAX_NM),
    I("coverage_rings", coverage.rings, 1, 1000),
    I("coverage_sectors", coverage.sectors, 1, 360),
    D("coverage_prior_k", coverage.prior_k, 0, MAX_COUNT),
    DP("health_silence_min_s", health.silence_min_s, MAX_S),
    DP("health_silence_mult", health.silence_mult, MAX_MULT),
    D("health_degrade_ratio", health.degrade_ratio, 0, 1),
    DP("health_degrade_p", health.degrade_p, 1),
    D("health_partial_ratio", health.partial_ratio, 0, 1),
    DP("health_restore_ratio", health.restore_ratio, 1),
    D("health_restore_s", health.restore_s, 0, MAX_S),
    I("health_norm_minutes", health.norm_minutes, 1, 120),
    D("tick_s", tick_s, 0.1, 60),
    D("clock_tolerance_s", clock_tolerance_s, 0, MAX_S),
    DP("clock_jump_s", clock_jump_s, MAX_S),
    D("dup_window_s", dup_window_s, 0, MAX_S),
    DP("checkpoint_s", checkpoint_s, MAX_S),
    DP("vessel_update_s", vessel_update_s, MAX_S),
    DP("dark_p", dark_p, 1),
    D("dark_min_missed", dark_min_missed, 1, MAX_COUNT),
    D("dark_floor_s", dark_floor_s, 0, MAX_S),
    D("dark_min_cell_p", dark_min_cell_p, 0, 1),
    D("dark_max_range_frac", dark_max_range_frac, 0, MAX_MULT),
    D("dark_min_samples", dark_min_samples, 0, MAX_COUNT),
    D("dark_recent_s", dark_recent_s, 0, MAX_S),
    D("dark_recent_reports", dark_recent_reports, 0, MAX_COUNT),
    D("dark_recent_frac", dark_recent_frac, 0, 1),
    D("dark_neighbour_frac", dark_neighbour_frac, 0, 1),
    D("dark_neighbour_intervals", dark_neighbour_intervals, 0, MAX_COUNT),
    DP("dark_fade_q", dark_fade_q, 1),
    D("dark_fade_margin", dark_fade_margin, 0, MAX_MULT),
    D("dark_fade_min_runs", dark_fade_min_runs, 0, MAX_COUNT),
    D("dark_fade_prior_s", dark_fade_prior_s, 0, MAX_S),
    D("dark_fade_tail", dark_fade_tail, 0, 1),
    D("dark_fade_min_trans", dark_fade_min_trans, 0, MAX_COUNT),
    D("dark_stop_kn", dark_stop_kn, 0, MAX_KN),
    D("dark_fade_learn_s", dark_fade_learn_s, 0, MAX_S),
    D("dark_fade_early_s", dark_fade_early_s, 0, MAX_S),
    D("dark_fade_early_rate", dark_fade_early_rate, 0, 1),
    D("dark_fade_common_rate", dark_fade_common_rate, 0, 1),
    D("dark_fade_inner_rate", dark_fade_inner_rate, 0, 1),
    D("dark_lead_share", dark_lead_share, 0, MAX_MULT),
    D("dark_lead_weak_db", dark_lead_weak_db, 0, 100),
    D("dark_exit_p", dark_exit_p, 0, 1),
    D("dark_lost_s", dark_lost_s, 0, MAX_S),
    D("learn_max_missed", learn_max_missed, 0, MAX_COUNT),
    D("learn_max_run_s", learn_max_run_s, 0, MAX_S),
    D("port_near_nm", port_near_nm, 0, MAX_NM),
    D("port_dr_miss_nm", port_dr_miss_nm, 0, MAX_NM),
    D("port_dr_frac", port_dr_frac, 0, MAX_MULT),
    DP("port_speed_factor", port_speed_factor, MAX_MULT),
    D("port_min_speed_kn", port_min_speed_kn, 0, MAX_KN),
    D("port_dwell_s", port_dwell_s, 0, MAX_S),
    D("track_gate_nm", track_gate_nm, 0, MAX_NM),
    DP("track_gate_kn", track_gate_kn, MAX_KN),
    D("jump_confirm_s", jump_confirm_s, 0, MAX_S),
    D("jump_confirm_max_s", jump_confirm_max_s, 0, MAX_S),
    D("shared_min_reports", shared_min_reports, 0, MAX_COUNT),
    D("shared_primary_after", shared_primary_after, 0, MAX_COUNT),
    DP("track_stale_s", track_stale_s, MAX_S),
    D("invalid_min_reports", invalid_min_reports, 0, MAX_COUNT),
    D("encounter_dist_nm", encounter_dist_nm, 0, MAX_NM),
    D("encounter_sog_kn", encounter_sog_kn, 0, MAX_KN),
    D("encounter_min_s", encounter_min_s, 0, MAX_S),
    D("encounter_break_s", encounter_break_s, 0, MAX_S),
    D("encounter_port_nm", encounter_port_nm, 0, MAX_NM),
    D("loiter_sog_kn", loiter_sog_kn, 0, MAX_KN),
    D("loiter_radius_nm", loiter_radius_nm, 0, MAX_NM),
    D("loiter_min_s", loiter_min_s, 0, MAX_S),
};

#define NKEYS (sizeof keys / sizeof keys[0])

static const char *const extra_keys[] = {"watch_mmsi", "watch_imo", "watch_flag", "watch_shiptype"};

const char *const *engine_config_keys(void)
{
    static const char *const names[] = {"station",
                                        "zones",
                                        "alert_log",
                                        "station_lat",
                                        "station_lon",
                                        "coverage_estimate_n",
                                        "coverage_ring_nm",
                                        "coverage_rings",
                                        "coverage_sectors",
                                        "coverage_prior_k",
                                        "health_silence_min_s",
                                        "health_silence_mult",
                                        "health_degrade_ratio",
                                        "health_degrade_p",
                                        "health_partial_ratio",
                                        "health_restore_ratio",
                                        "health_restore_s",
                                        "health_norm_minutes",
                                        "tick_s",
                                        "clock_tolerance_s",
                                        "clock_jump_s",
                                        "dup_window_s",
                                        "checkpoint_s",
                                        "vessel_update_s",
                                        "dark_p",
                                        "dark_min_missed",
                                        "dark_floor_s",
                                        "dark_min_cell_p",
                                        "dark_max_range_frac",
                                        "dark_min_samples",
                                        "dark_recent_s",
                                        "dark_recent_reports",
                                        "dark_recent_frac",
                                        "dark_neighbour_frac",
                                        "dark_neighbour_intervals",
                                        "dark_fade_q",
                                        "dark_fade_margin",
                                        "dark_fade_min_runs",
                                        "dark_fade_prior_s",
                                        "dark_fade_tail",
                                        "dark_fade_min_trans",
                                        "dark_stop_kn",
                                        "dark_fade_learn_s",
                                        "dark_fade_early_s",
                                        "dark_fade_early_rate",
                                        "dark_fade_common_rate",
                                        "dark_fade_inner_rate",
                                        "dark_lead_share",
                                        "dark_lead_weak_db",
                                        "dark_exit_p",
                                        "dark_lost_s",
                                        "learn_max_missed",
                                        "learn_max_run_s",
                                        "port_near_nm",
                                        "port_dr_miss_nm",
                                        "port_dr_frac",
                                        "port_speed_factor",
                                        "port_min_speed_kn",
                                        "port_dwell_s",
                                        "track_gate_nm",
                                        "track_gate_kn",
                                        "jump_confirm_s",
                                        "jump_confirm_max_s",
                                        "shared_min_reports",
                                        "shared_primary_after",
                                        "track_stale_s",
                                        "invalid_min_reports",
                                        "encounter_dist_nm",
                                        "encounter_sog_kn",
                                        "encounter_min_s",
                                        "encounter_break_s",
                                        "encounter_port_nm",
                                        "loiter_sog_kn",
                                        "loiter_radius_nm",
                                        "loiter_min_s",
                                        "watch_mmsi",
                                        "watch_imo",
                                        "watch_flag",
                                        "watch_shiptype",
                                        NULL};
    return names;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end && isspace((unsigned char)*end))
        end++;
    if (errno || end == s || *end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* Says so and returns 1 when v is outside the key's range. */
static int out_of_range(const struct key *k, double v)
{
    if (k->above_zero ? v > 0 && v <= k->hi : v >= k->lo && v <= k->hi) return 0;
    if (k->above_zero)
        log_error("config: %s = %g: must be above 0 and at most %g", k->name, v, k->hi);
    else
        log_error("config: %s = %g: must be %g..%g", k->name, v, k->lo, k->hi);
    return 1;
}

/* Comma/space separated list: calls fn for each item. */
static int each_item(const char *value, int (*fn)(struct engine_config *, const char *),
                     struct engine_config *cfg)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", value);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save))
        if (fn(cfg, tok)) return -1;
    return 0;
}

static int add_mmsi(struct engine_config *c, const char *s)
{
    double v;
    if (parse_double(s, &v) || v < 1 || v > 999999999 || c->n_watch_mmsi >= ENGINE_WATCH_MAX)
        return -1;
    c->watch_mmsi[c->n_watch_mmsi++] = (uint32_t)v;
    return 0;
}

static int add_imo(struct engine_config *c, const char *s)
{
    double v;
    if (parse_double(s, &v) || v < 1 || v > 999999999 || c->n_watch_imo >= ENGINE_WATCH_MAX)
        return -1;
    c->watch_imo[c->n_watch_imo++] = (uint32_t)v;
    return 0;
}

static int add_flag(struct engine_config *c, const char *s)
{
    if (strlen(s) != 2 || c->n_watch_flag >= ENGINE_WATCH_MAX) return -1;
    c->watch_flag[c->n_watch_flag][0] = (char)toupper((unsigned char)s[0]);
    c->watch_flag[c->n_watch_flag][1] = (char)toupper((unsigned char)s[1]);
    c->watch_flag[c->n_watch_flag][2] = 0;
    c->n_watch_flag++;
    return 0;
}

static int add_shiptype(struct engine_config *c, const char *s)
{
    unsigned lo, hi;
    int n = 0;
    if (sscanf(s, "%u-%u%n", &lo, &hi, &n) == 2 && !s[n]) {
    } else if (sscanf(s, "%u%n", &lo, &n) == 1 && !s[n]) {
        hi = lo;
    } else {
        return -1;
    }
    if (lo > hi || hi > 255 || c->n_watch_shiptype >= ENGINE_WATCH_MAX) return -1;
    c->watch_shiptype[c->n_watch_shiptype][0] = (uint16_t)lo;
    c->watch_shiptype[c->n_watch_shiptype][1] = (uint16_t)hi;
    c->n_watch_shiptype++;
    return 0;
}

int engine_config_set(struct engine_config *cfg, const char *key, const char *value)
{
    if (!cfg || !key || !value) return AISD_E_INVAL;
    int rc = -2;
    if (!strcmp(key, "watch_mmsi"))
        rc = each_item(value, add_mmsi, cfg);
    else if (!strcmp(key, "watch_imo"))
        rc = each_item(value, add_imo, cfg);
    else if (!strcmp(key, "watch_flag"))
        rc = each_item(value, add_flag, cfg);
    else if (!strcmp(key, "watch_shiptype"))
        rc = each_item(value, add_shiptype, cfg);
    if (rc == -1) {
        log_error("config: bad list for %s: '%s'", key, value);
        return AISD_E_INVAL;
    }
    if (rc == 0) return 0;
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].name, key)) continue;
        char *field = (char *)cfg + keys[i].off;
        double v;
        switch (keys[i].kind) {
        case K_STR:
            if (strlen(value) >= keys[i].size) {
                log_error("config: %s too long", key);
                return AISD_E_INVAL;
            }
            memcpy(field, value, strlen(value) + 1);
            return 0;
        case K_DBL:
            if (parse_double(value, &v)) {
                log_error("config: %s: not a number: '%s'", key, value);
                return AISD_E_INVAL;
            }
            if (out_of_range(&keys[i], v)) return AISD_E_INVAL;
            memcpy(field, &v, sizeof v);
            return 0;
        case K_INT: {
            if (parse_double(value, &v) || v != floor(v) || fabs(v) > 1e9) {
                log_error("config: %s: not an integer: '%s'", key, value);
                return AISD_E_INVAL;
            }
            if (out_of_range(&keys[i], v)) return AISD_E_INVAL;
            int iv = (int)v;
            memcpy(field, &iv, sizeof iv);
            return 0;
        }
        }
    }
    (void)extra_keys;
    log_error("config: unknown key '%s'", key);
    return AISD_E_INVAL;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

int engine_config_load(struct engine_config *cfg, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        log_error("config: cannot open %s", path);
        return AISD_E_IO;
    }
    char line[1200];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *s = trim(line);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            log_error("config: %s:%d: expected key = value", path, lineno);
            rc = AISD_E_INVAL;
            break;
        }
        *eq = 0;
        char *k = trim(s), *v = trim(eq + 1);
        if (engine_config_set(cfg, k, v)) {
            log_error("config: %s:%d: rejected", path, lineno);
            rc = AISD_E_INVAL;
            break;
        }
    }
    fclose(f);
    return rc;
}

char *engine_config_dump(const struct engine_config *cfg)
{
    size_t cap = 8192, len = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    out[0] = 0;
    for (size_t i = 0; i < NKEYS; i++) {
        const char *field = (const char *)cfg + keys[i].off;
        char line[400];
        double d;
        int iv;
        switch (keys[i].kind) {
        case K_STR:
            snprintf(line, sizeof line, "%s = %s\n", keys[i].name, field);
            break;
        case K_DBL:
            memcpy(&d, field, sizeof d);
            snprintf(line, sizeof line, "%s = %.10g\n", keys[i].name, d);
            break;
        default:
            memcpy(&iv, field, sizeof iv);
            snprintf(line, sizeof line, "%s = %d\n", keys[i].name, iv);
            break;
        }
        size_t n = strlen(line);
        if (len + n + 1 > cap) break;
        memcpy(out + len, line, n + 1);
        len += n;
    }
    return out;
}
