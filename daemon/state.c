/* state.c: adapter over alerts/engine.h for the daemon. See state.h. */
#include "daemon/state.h"

#include "alerts/engine.h"
#include "alerts/zone.h"
#include "decode/log.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct state {
    struct conf conf;
    struct pub *pub;
    struct engine *engine;
    struct engine_config *good; /* the settings of the running engine */
    char db[CONF_STR + 16];
};

static void on_output(void *user, const char *topic, const char *json)
{
    struct state *s = user;
    if (s->pub) pub_send(s->pub, topic, json);
}

static int open_engine(struct state *s, const struct engine_config *ec)
{
    s->engine = engine_create(ec, *s->db ? s->db : NULL);
    if (!s->engine) return -1;
    engine_set_output(s->engine, on_output, s);
    *s->good = *ec;
    return 0;
}

/* 1 when SQLite cannot read db as a database (not one, or malformed); 0
 * when it can, or cannot say (busy: another process holds it). */
static int db_corrupt(const char *db)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(st);
            if (rc == SQLITE_ROW) {
                const unsigned char *r = sqlite3_column_text(st, 0);
                rc = r && !strcmp((const char *)r, "ok") ? SQLITE_OK : SQLITE_CORRUPT;
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    rc &= 0xff; /* primary result code */
    return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

/* A database that is not one, or is malformed, would stop aisd at every
 * (re)start: move it aside, with its -wal and -shm, as
 * aisd.db.corrupt-YYYYmmddTHHMMSSZ, so that the station runs again from an
 * empty state. 1 when moved. */
static int set_aside_corrupt_db(const char *db)
{
    if (access(db, F_OK) || !db_corrupt(db)) return 0;
    char stamp[32], to[CONF_STR + 64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    static const char *const parts[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char from[CONF_STR + 32];
        snprintf(from, sizeof from, "%s%s", db, parts[i]);
        snprintf(to, sizeof to, "%s.corrupt-%s%s", db, stamp, parts[i]);
        if (rename(from, to) && errno != ENOENT) {
            log_error("state: %s is corrupt and cannot be moved aside: %s", db, strerror(errno));
            return 0;
        }
    }
    snprintf(to, sizeof to, "%s.corrupt-%s", db, stamp);
    log_error("state: %s is not a readable database: moved aside as %s; starting with an empty "
              "state (vessels, open gaps and alert history start over)",
              db, to);
    return 1;
}

struct state *state_create(const struct conf *c, struct pub *pub)
{
    struct state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->conf = *c;
    s->pub = pub;
    if (*c->state_dir) {
        if (mkdir(c->state_dir, 0750) && errno != EEXIST) {
            log_error("state-dir %s: %s", c->state_dir, strerror(errno));
            free(s);
            return NULL;
        }
        snprintf(s->db, sizeof s->db, "%s/aisd.db", c->state_dir);
    }
    struct engine_config *ec = malloc(sizeof *ec);
    s->good = malloc(sizeof *s->good);
    int built = ec && s->good && !conf_engine_config(c, ec, *c->state_dir ? c->state_dir : NULL);
    if (!built || (open_engine(s, ec) &&
                   !(*s->db && set_aside_corrupt_db(s->db) && open_engine(s, ec) == 0))) {
        log_error("state: cannot start the alert engine%s%s", *s->db ? " on " : "", s->db);
        free(ec);
        free(s->good);
        free(s);
        return NULL;
    }
    free(ec);
    return s;
}

void state_destroy(struct state *s)
{
    if (!s) return;
    engine_destroy(s->engine);
    free(s->good);
    free(s);
}

void state_message(void *ctx, const struct ais_msg *m, double t, char channel, double level_dbfs,
                   const char *station)
{
    struct state *s = ctx;
    if (s->engine) engine_push(s->engine, m, t, channel, level_dbfs, station);
}

void state_tick(struct state *s, double t)
{
    if (s->engine && t > engine_now(s->engine)) engine_tick(s->engine, t);
}

char *state_snapshot(struct state *s, const char *what)
{
    return s->engine ? engine_snapshot(s->engine, what) : NULL;
}

/* 1 when the settings a and b differ in a key or a watchlist (the zones file's
 * name aside: zones reload without a reopen). */
static int settings_differ(const struct engine_config *a, const struct engine_config *b)
{
    if (a->n_watch_mmsi != b->n_watch_mmsi || a->n_watch_imo != b->n_watch_imo ||
        a->n_watch_flag != b->n_watch_flag || a->n_watch_shiptype != b->n_watch_shiptype ||
        memcmp(a->watch_mmsi, b->watch_mmsi, sizeof a->watch_mmsi[0] * a->n_watch_mmsi) ||
        memcmp(a->watch_imo, b->watch_imo, sizeof a->watch_imo[0] * a->n_watch_imo) ||
        memcmp(a->watch_flag, b->watch_flag, sizeof a->watch_flag[0] * a->n_watch_flag) ||
        memcmp(a->watch_shiptype, b->watch_shiptype,
               sizeof a->watch_shiptype[0] * a->n_watch_shiptype))
        return 1;
    char *da = engine_config_dump(a), *db = engine_config_dump(b);
    int differ = !da || !db || strcmp(da, db);
    free(da);
    free(db);
    return differ;
}

/* All or nothing: settings (alerts-config, watchlist) that do not parse, or a
 * zones file that does not load, change nothing. With a database the engine
 * is checkpointed and reopened with the new settings; without one a reopen
 * would lose the vessels and gaps held in memory, so only the zones are
 * replaced and changed settings are refused, saying so. */
int state_reload(struct state *s)
{
    struct engine_config *ec = malloc(sizeof *ec);
    if (!ec) return -1;
    if (conf_engine_config(&s->conf, ec, *s->db ? s->conf.state_dir : NULL)) {
        log_error("SIGHUP: the new settings were rejected; keeping the running ones");
        free(ec);
        return -1;
    }
    if (*ec->zones_file) {
        char err[256] = "";
        struct zones *zs = zone_load(ec->zones_file, err, sizeof err);
        if (!zs) {
            log_error("SIGHUP: %s; nothing reloaded: the running zones and settings are kept", err);
            free(ec);
            return -1;
        }
        zone_free(zs);
    }
    if (!*s->db) {
        int changed = settings_differ(ec, s->good);
        free(ec);
        int rc = engine_reload_zones(s->engine, NULL);
        if (changed) {
            log_error("SIGHUP: zones reloaded; the changed watchlist/alert settings were NOT "
                      "applied: without a state-dir they would cost the vessels and gaps held in "
                      "memory; restart aisd (or set state-dir) to apply them");
            return -1;
        }
        if (!rc) log_info("SIGHUP: zones reloaded (watchlist and alert settings unchanged)");
        return rc;
    }
    engine_destroy(s->engine); /* checkpoints vessels and open gaps */
    s->engine = NULL;
    int rc = open_engine(s, ec);
    if (rc) {
        log_error("SIGHUP: the engine did not start with the new settings; back to the old");
        *ec = *s->good;
        rc = open_engine(s, ec);
    }
    if (rc && *ec->zones_file) {
        /* the zones file went bad since it was checked: alerts without zones
         * beat no alerts */
        log_error("SIGHUP: zones file %s unusable; running without zones until fixed",
                  ec->zones_file);
        ec->zones_file[0] = 0;
        rc = open_engine(s, ec);
    }
    free(ec);
    if (!rc) log_info("SIGHUP: zones, watchlist and alert settings reloaded");
    return rc;
}

uint64_t state_vessels(const struct state *s)
{
    return s->engine ? engine_counter(s->engine, "vessels") : 0;
}

uint64_t state_alerts(const struct state *s)
{
    return s->engine ? engine_counter(s->engine, "alerts") : 0;
}

double state_now(const struct state *s)
{
    return s->engine ? engine_now(s->engine) : 0;
}
