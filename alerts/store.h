/* store.h: the engine's SQLite database (WAL): alert history, open dark gaps,
 * vessel state, and small metadata (alert sequence, clock, station health,
 * learned coverage). Alerts and gaps are committed one by one as they happen
 * (a kill -9 loses none); vessel state is written in one transaction per
 * checkpoint. Single-threaded; the engine owns the connection. */
#ifndef AISD_STORE_H
#define AISD_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Open or create; NULL on failure (logged). */
struct store *store_open(const char *path);
void store_close(struct store *s);

int store_alert(struct store *s, uint64_t seq, double t, const char *type, uint32_t mmsi,
                const char *json);
int store_gap_open(struct store *s, uint32_t mmsi, const char *json);
int store_gap_close(struct store *s, uint32_t mmsi);

int store_begin(struct store *s);
int store_commit(struct store *s);
int store_vessel(struct store *s, uint32_t mmsi, double t_last, const char *json);
int store_meta_set(struct store *s, const char *key, const char *value);
/* Copies the value into out (NUL-terminated); AISD_E_EOF when absent. */
int store_meta_get(struct store *s, const char *key, char *out, size_t max);
int store_blob_set(struct store *s, const char *key, const void *data, size_t len);
/* malloc'd copy in *data; AISD_E_EOF when absent. */
int store_blob_get(struct store *s, const char *key, void **data, size_t *len);

/* Restore iteration: fn gets each row's JSON; stops on nonzero. */
int store_each_vessel(struct store *s, int (*fn)(void *user, const char *json), void *user);
int store_each_gap(struct store *s, int (*fn)(void *user, uint32_t mmsi, const char *json),
                   void *user);
/* The last n alerts in sequence order. */
int store_recent_alerts(struct store *s, int n, int (*fn)(void *user, const char *json),
                        void *user);
uint64_t store_max_seq(struct store *s);
/* Rows in a table ("alerts", "gaps", "vessels"), -1 on error. */
long store_count(struct store *s, const char *table);

#endif
