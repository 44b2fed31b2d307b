/* store.c: SQLite persistence for the engine (see store.h). */
#include "alerts/store.h"

#include "decode/err.h"
#include "decode/log.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store {
    sqlite3 *db;
    sqlite3_stmt *ins_alert, *ins_gap, *del_gap, *ins_vessel, *set_meta, *get_meta;
    sqlite3_stmt *set_blob, *get_blob;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS alerts(seq INTEGER PRIMARY KEY, time REAL NOT NULL,"
    " type TEXT NOT NULL, mmsi INTEGER, json TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS alerts_mmsi ON alerts(mmsi);"
    "CREATE TABLE IF NOT EXISTS gaps(mmsi INTEGER PRIMARY KEY, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS vessels(mmsi INTEGER PRIMARY KEY, t_last REAL,"
    " json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS blobs(key TEXT PRIMARY KEY, data BLOB);";

static int prep(struct store *s, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        log_error("store: %s: %s", sql, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

void store_close(struct store *s)
{
    if (!s) return;
    sqlite3_stmt *all[] = {s->ins_alert, s->ins_gap,  s->del_gap,  s->ins_vessel,
                           s->set_meta,  s->get_meta, s->set_blob, s->get_blob};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    sqlite3_close(s->db);
    free(s);
}

struct store *store_open(const char *path)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (sqlite3_open(path, &s->db) != SQLITE_OK) {
        log_error("store_open(): %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "no memory");
        store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    char *err = NULL;
    if (sqlite3_exec(s->db, schema, NULL, NULL, &err) != SQLITE_OK) {
        log_error("store_open(): %s: %s", path, err ? err : "?");
        sqlite3_free(err);
        store_close(s);
        return NULL;
    }
    if (prep(s, "INSERT OR REPLACE INTO alerts(seq,time,type,mmsi,json) VALUES(?,?,?,?,?)",
             &s->ins_alert) ||
        prep(s, "INSERT OR REPLACE INTO gaps(mmsi,json) VALUES(?,?)", &s->ins_gap) ||
        prep(s, "DELETE FROM gaps WHERE mmsi=?", &s->del_gap) ||
        prep(s, "INSERT OR REPLACE INTO vessels(mmsi,t_last,json) VALUES(?,?,?)", &s->ins_vessel) ||
        prep(s, "INSERT OR REPLACE INTO meta(key,value) VALUES(?,?)", &s->set_meta) ||
        prep(s, "SELECT value FROM meta WHERE key=?", &s->get_meta) ||
        prep(s, "INSERT OR REPLACE INTO blobs(key,data) VALUES(?,?)", &s->set_blob) ||
        prep(s, "SELECT data FROM blobs WHERE key=?", &s->get_blob)) {
        store_close(s);
        return NULL;
    }
    return s;
}

static int step_done(struct store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) {
        log_error("store: %s", sqlite3_errmsg(s->db));
        return AISD_E_DB;
    }
    return 0;
}

int store_alert(struct store *s, uint64_t seq, double t, const char *type, uint32_t mmsi,
                const char *json)
{
    sqlite3_bind_int64(s->ins_alert, 1, (sqlite3_int64)seq);
    sqlite3_bind_double(s->ins_alert, 2, t);
    sqlite3_bind_text(s->ins_alert, 3, type, -1, SQLITE_STATIC);
    if (mmsi)
        sqlite3_bind_int64(s->ins_alert, 4, mmsi);
    else
        sqlite3_bind_null(s->ins_alert, 4);
    sqlite3_bind_text(s->ins_alert, 5, json, -1, SQLITE_STATIC);
    return step_done(s, s->ins_alert);
}

int store_gap_open(struct store *s, uint32_t mmsi, const char *json)
{
    sqlite3_bind_int64(s->ins_gap, 1, mmsi);
    sqlite3_bind_text(s->ins_gap, 2, json, -1, SQLITE_STATIC);
    return step_done(s, s->ins_gap);
}

int store_gap_close(struct store *s, uint32_t mmsi)
{
    sqlite3_bind_int64(s->del_gap, 1, mmsi);
    return step_done(s, s->del_gap);
}

static int exec(struct store *s, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        log_error("store: %s: %s", sql, err ? err : "?");
        sqlite3_free(err);
        return AISD_E_DB;
    }
    return 0;
}

int store_begin(struct store *s)
{
    return exec(s, "BEGIN");
}

int store_commit(struct store *s)
{
    return exec(s, "COMMIT");
}

int store_vessel(struct store *s, uint32_t mmsi, double t_last, const char *json)
{
    sqlite3_bind_int64(s->ins_vessel, 1, mmsi);
    sqlite3_bind_double(s->ins_vessel, 2, t_last);
    sqlite3_bind_text(s->ins_vessel, 3, json, -1, SQLITE_STATIC);
    return step_done(s, s->ins_vessel);
}

int store_meta_set(struct store *s, const char *key, const char *value)
{
    sqlite3_bind_text(s->set_meta, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->set_meta, 2, value, -1, SQLITE_STATIC);
    return step_done(s, s->set_meta);
}

int store_meta_get(struct store *s, const char *key, char *out, size_t max)
{
    sqlite3_bind_text(s->get_meta, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->get_meta), ret = AISD_E_EOF;
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(s->get_meta, 0);
        snprintf(out, max, "%s", v ? (const char *)v : "");
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        ret = AISD_E_DB;
    }
    sqlite3_reset(s->get_meta);
    sqlite3_clear_bindings(s->get_meta);
    return ret;
}

int store_blob_set(struct store *s, const char *key, const void *data, size_t len)
{
    sqlite3_bind_text(s->set_blob, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s->set_blob, 2, data, (int)len, SQLITE_STATIC);
    return step_done(s, s->set_blob);
}

int store_blob_get(struct store *s, const char *key, void **data, size_t *len)
{
    sqlite3_bind_text(s->get_blob, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->get_blob), ret = AISD_E_EOF;
    if (rc == SQLITE_ROW) {
        int n = sqlite3_column_bytes(s->get_blob, 0);
        const void *p = sqlite3_column_blob(s->get_blob, 0);
        *data = malloc(n > 0 ? (size_t)n : 1);
        if (*data) {
            if (n > 0) memcpy(*data, p, (size_t)n);
            *len = (size_t)n;
            ret = 0;
        } else {
            ret = AISD_E_NOMEM;
        }
    } else if (rc != SQLITE_DONE) {
        ret = AISD_E_DB;
    }
    sqlite3_reset(s->get_blob);
    sqlite3_clear_bindings(s->get_blob);
    return ret;
}

static int each(struct store *s, const char *sql, int n_bind, int (*fn)(void *, const char *),
                int (*fn_gap)(void *, uint32_t, const char *), void *user)
{
    sqlite3_stmt *st;
    if (prep(s, sql, &st)) return AISD_E_DB;
    if (n_bind > 0) sqlite3_bind_int(st, 1, n_bind);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int stop;
        if (fn_gap)
            stop = fn_gap(user, (uint32_t)sqlite3_column_int64(st, 0),
                          (const char *)sqlite3_column_text(st, 1));
        else
            stop = fn(user, (const char *)sqlite3_column_text(st, 0));
        if (stop) break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : AISD_E_DB;
}

int store_each_vessel(struct store *s, int (*fn)(void *user, const char *json), void *user)
{
    return each(s, "SELECT json FROM vessels", 0, fn, NULL, user);
}

int store_each_gap(struct store *s, int (*fn)(void *user, uint32_t mmsi, const char *json),
                   void *user)
{
    return each(s, "SELECT mmsi, json FROM gaps", 0, NULL, fn, user);
}

int store_recent_alerts(struct store *s, int n, int (*fn)(void *user, const char *json), void *user)
{
    return each(s,
                "SELECT json FROM (SELECT seq, json FROM alerts ORDER BY seq DESC LIMIT ?) "
                "ORDER BY seq",
                n, fn, NULL, user);
}

uint64_t store_max_seq(struct store *s)
{
    sqlite3_stmt *st;
    uint64_t v = 0;
    if (prep(s, "SELECT COALESCE(MAX(seq),0) FROM alerts", &st)) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) v = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

long store_count(struct store *s, const char *table)
{
    char sql[128];
    if (strcmp(table, "alerts") && strcmp(table, "gaps") && strcmp(table, "vessels")) return -1;
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    sqlite3_stmt *st;
    if (prep(s, sql, &st)) return -1;
    long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}
