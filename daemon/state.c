/* state.c: adapter over alerts/engine.h for the daemon. See state.h. */
#include "daemon/state.h"

#include "alerts/engine.h"
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

int state_reload(struct state *s)
{
    if (!*s->db) /* without a database a re-open would lose the state: zones only */
        return engine_reload_zones(s->engine, NULL);
    struct engine_config *ec = malloc(sizeof *ec);
    if (!ec) return -1;
    if (conf_engine_config(&s->conf, ec, s->conf.state_dir)) {
        log_error("SIGHUP: the new settings were rejected; keeping the running ones");
        free(ec);
        return -1;
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
        /* the zones file itself went bad: alerts without zones beat no alerts */
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
