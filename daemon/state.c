/* state.c: adapter over alerts/engine.h for the daemon. See state.h. */
#include "daemon/state.h"

#include "alerts/engine.h"
#include "decode/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    if (!ec || !s->good || conf_engine_config(c, ec, *c->state_dir ? c->state_dir : NULL) ||
        open_engine(s, ec)) {
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
