/* alert.c: one alert's JSON (common fields, reasons, priority) and its
 * delivery: SQLite first, then the alert log, then the output callback, so
 * nothing handed out can be lost by a crash. */
#include "alerts/engine_int.h"

#include "alerts/mid.h"
#include "alerts/store.h"
#include "alerts/zone.h"
#include "decode/log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int alert_priority(const struct engine *e, const struct vessel *v, double lat, double lon)
{
    const struct engine_config *c = &e->cfg;
    int p = 0, listed = 0;
    if (v) {
        for (int i = 0; i < c->n_watch_mmsi && !listed; i++)
            listed = c->watch_mmsi[i] == v->mmsi;
        for (int i = 0; i < c->n_watch_imo && !listed; i++)
            listed = v->imo && c->watch_imo[i] == v->imo;
        for (int i = 0; i < c->n_watch_flag && !listed; i++)
            listed = v->flag[0] && !strcmp(c->watch_flag[i], v->flag);
        for (int i = 0; i < c->n_watch_shiptype && !listed; i++)
            listed =
                v->shiptype >= c->watch_shiptype[i][0] && v->shiptype <= c->watch_shiptype[i][1];
    }
    p += listed;
    if (e->zones && isfinite(lat) && isfinite(lon)) {
        int zp = 0;
        for (int i = 0; i < e->zones->n; i++)
            if (e->zones->z[i].priority && zone_contains(&e->zones->z[i], lat, lon))
                zp = e->zones->z[i].priority > 0 ? 1 : (zp > 0 ? zp : -1);
        p += zp;
    }
    return p;
}

void alert_begin(struct engine *e, const char *type, double t, const struct vessel *v,
                 uint32_t mmsi, double lat, double lon, double confidence)
{
    struct jbuf *b = &e->ab;
    jbuf_reset(b);
    snprintf(e->a_type, sizeof e->a_type, "%s", type);
    e->a_mmsi = v ? v->mmsi : mmsi;
    e->a_t = t;
    e->a_nreasons = 0;
    e->a_priority = alert_priority(e, v, lat, lon);
    jbuf_open(b, '{');
    jbuf_str(b, "class", "ALERT");
    jbuf_str(b, "type", type);
    jbuf_int(b, "seq", (long long)(e->seq + 1));
    jbuf_str(b, "station", e->cfg.station);
    jbuf_time(b, "time", t);
    if (e->a_mmsi) jbuf_int(b, "mmsi", e->a_mmsi);
    if (v) {
        if (v->name[0]) jbuf_str(b, "name", v->name);
        if (v->flag[0]) jbuf_str(b, "flag", v->flag);
        if (v->shiptype >= 0) jbuf_int(b, "shiptype", v->shiptype);
    }
    if (isfinite(lat) && isfinite(lon)) {
        jbuf_num(b, "lat", lat, 6);
        jbuf_num(b, "lon", lon, 6);
    }
    jbuf_num(b, "confidence", confidence < 0 ? 0 : confidence > 1 ? 1 : confidence, 3);
}

void alert_reason(struct engine *e, const char *code)
{
    for (int i = 0; i < e->a_nreasons; i++)
        if (!strcmp(e->a_reasons[i], code)) return;
    if (e->a_nreasons < ALERT_MAX_REASONS) e->a_reasons[e->a_nreasons++] = code;
}

static void remember(struct engine *e, const char *json)
{
    char *copy = strdup(json);
    if (!copy) return;
    free(e->recent[e->recent_head]);
    e->recent[e->recent_head] = copy;
    e->recent_head = (e->recent_head + 1) % ENGINE_RECENT;
    if (e->recent_n < ENGINE_RECENT) e->recent_n++;
}

uint64_t alert_emit(struct engine *e)
{
    struct jbuf *b = &e->ab;
    jbuf_key(b, "reasons");
    jbuf_open(b, '[');
    for (int i = 0; i < e->a_nreasons; i++)
        jbuf_str(b, NULL, e->a_reasons[i]);
    jbuf_close(b, ']');
    jbuf_str(b, "priority", e->a_priority > 0 ? "high" : e->a_priority < 0 ? "low" : "normal");
    jbuf_close(b, '}');
    if (jbuf_failed(b)) {
        log_error("alert: out of memory building %s", e->a_type);
        return 0;
    }
    uint64_t seq = ++e->seq;
    e->c.alerts++;
    if (e->store && store_alert(e->store, seq, e->a_t, e->a_type, e->a_mmsi, jbuf_text(b)))
        e->c.db_errors++;
    if (e->log) {
        fputs(jbuf_text(b), e->log);
        fputc('\n', e->log);
        fflush(e->log);
    }
    remember(e, jbuf_text(b));
    if (e->out) {
        char topic[48];
        snprintf(topic, sizeof topic, "alert.%s", e->a_type);
        e->out(e->out_user, topic, jbuf_text(b));
    }
    return seq;
}
