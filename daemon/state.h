/* state.h: the daemon's adapter over the alert engine (alerts/engine.h): vessel
 * state, alert rules and their SQLite persistence in the state directory
 * (aisd.db, alerts.jsonl). Alerts and vessel changes go out on the publisher
 * (`alert.<type>`, `vessel`). SIGHUP (state_reload) re-reads the zones, the
 * watchlist and the alert settings by checkpointing and re-opening the engine,
 * which restores vessels and open gaps from the database; without a database
 * only the zones (changed settings are refused, logged). Main thread only. */
#ifndef AISD_STATE_H
#define AISD_STATE_H

#include "daemon/conf.h"
#include "daemon/pub.h"

#include <stdint.h>

struct ais_msg;
struct state;

/* NULL after logging why. persist 0: no database (memory only). */
struct state *state_create(const struct conf *c, struct pub *pub);
void state_destroy(struct state *s);
/* ingest_message_fn-compatible hook (ctx = the state). */
void state_message(void *ctx, const struct ais_msg *m, double t, char channel, double level_dbfs,
                   const char *station);
/* Housekeeping up to event time t. */
void state_tick(struct state *s, double t);
/* A JSON snapshot (malloc'd) for "vessels", "gaps", "alerts", "status",
 * "coverage", "vessel:<mmsi>"; NULL when unknown. */
char *state_snapshot(struct state *s, const char *what);
/* 0 when everything named was reloaded; -1 when something was refused (and
 * logged): settings or zones that do not load leave everything as it was. */
int state_reload(struct state *s);
uint64_t state_vessels(const struct state *s);
uint64_t state_alerts(const struct state *s);
/* Latest event time the engine has seen (0 before any). */
double state_now(const struct state *s);

#endif
