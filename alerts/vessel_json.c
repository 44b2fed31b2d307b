/* vessel_json.c: a vessel's state as JSON (the "vessel" output, snapshots,
 * and the store's vessels table) and the reverse for restoring at start. */
#include "alerts/engine_int.h"

#include "decode/jparse.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vessel_json_write(const struct vessel *v, struct jbuf *b, int full)
{
    jbuf_open(b, '{');
    jbuf_str(b, "class", "VESSEL");
    jbuf_int(b, "mmsi", v->mmsi);
    jbuf_str(b, "ais_class", v->cls == CLASS_A ? "A" : v->cls == CLASS_B ? "B" : "?");
    if (v->flag[0]) jbuf_str(b, "flag", v->flag);
    if (v->t_last > 0) {
        jbuf_time(b, "last", v->t_last);
        jbuf_num(b, "lat", v->lat, 6);
        jbuf_num(b, "lon", v->lon, 6);
        jbuf_num(b, "sog", v->sog, 1);
        jbuf_num(b, "cog", v->cog, 1);
        if (v->heading >= 0) jbuf_int(b, "heading", v->heading);
        if (v->status >= 0) jbuf_int(b, "status", v->status);
        jbuf_num(b, "interval_s", v->interval, 1);
    }
    if (isfinite(v->level_dbfs)) jbuf_num(b, "level_dbfs", v->level_dbfs, 1);
    jbuf_int(b, "reports", v->nreports);
    if (v->name[0]) jbuf_str(b, "name", v->name);
    if (v->callsign[0]) jbuf_str(b, "callsign", v->callsign);
    if (v->imo) jbuf_int(b, "imo", v->imo);
    if (v->shiptype >= 0) jbuf_int(b, "shiptype", v->shiptype);
    if (v->static_fields & RS_DIMS) {
        jbuf_int(b, "to_bow", v->to_bow);
        jbuf_int(b, "to_stern", v->to_stern);
        jbuf_int(b, "to_port", v->to_port);
        jbuf_int(b, "to_starboard", v->to_starboard);
    }
    if (v->destination[0]) jbuf_str(b, "destination", v->destination);
    if (isfinite(v->draught)) jbuf_num(b, "draught", v->draught, 1);
    jbuf_bool(b, "dark", v->dark);
    if (v->dark) jbuf_time(b, "gap_start", v->gap_start);
    if (v->shared) jbuf_bool(b, "mmsi_shared", 1);
    if (!full) {
        jbuf_close(b, '}');
        return;
    }
    /* restore-only fields */
    jbuf_num(b, "t_first", v->t_first, 3);
    jbuf_num(b, "t_last", v->t_last, 3);
    jbuf_num(b, "t_static", v->t_static, 3);
    jbuf_int(b, "cls", v->cls);
    jbuf_int(b, "cs", v->cs);
    jbuf_int(b, "static_fields", v->static_fields);
    jbuf_int(b, "eta", v->eta_month << 24 | v->eta_day << 16 | v->eta_hour << 8 | v->eta_minute);
    jbuf_num(b, "recent_heard", v->recent_heard, 3);
    jbuf_num(b, "recent_expected", v->recent_expected, 3);
    jbuf_num(b, "recent_t", v->recent_t, 3);
    jbuf_num(b, "max_run_s", v->max_run_s, 1);
    jbuf_num(b, "max_run_reg_s", v->max_run_reg_s, 1);
    jbuf_int(b, "invalid_mmsi", v->invalid_mmsi);
    jbuf_int(b, "exited", v->exited);
    jbuf_int(b, "out", v->out);
    jbuf_int(b, "lost", v->lost);
    jbuf_int(b, "enc_done_mmsi", v->enc_done_mmsi);
    jbuf_int(b, "loiter_done", v->loiter_done);
    char zm[24];
    snprintf(zm, sizeof zm, "%" PRIx64, v->zones);
    jbuf_str(b, "zones", zm);
    jbuf_key(b, "hist");
    jbuf_open(b, '[');
    for (int i = 0; i < v->hist_n; i++) {
        int k = (v->hist_head - v->hist_n + i + VESSEL_HIST) % VESSEL_HIST;
        jbuf_key(b, NULL);
        jbuf_open(b, '[');
        jbuf_num(b, NULL, v->hist[k].t, 3);
        jbuf_num(b, NULL, v->hist[k].lat, 6);
        jbuf_num(b, NULL, v->hist[k].lon, 6);
        jbuf_close(b, ']');
    }
    jbuf_close(b, ']');
    jbuf_close(b, '}');
}

static void str_field(const struct jparse_val *o, const char *key, char *dst, size_t n)
{
    const char *s = jparse_str(o, key);
    snprintf(dst, n, "%s", s ? s : "");
}

void vessel_json_read(struct vessel *v, const struct jparse_val *o)
{
    v->t_first = jparse_num(o, "t_first", 0);
    v->t_last = jparse_num(o, "t_last", 0);
    v->t_static = jparse_num(o, "t_static", 0);
    v->cls = (uint8_t)jparse_num(o, "cls", 0);
    v->cs = (uint8_t)jparse_num(o, "cs", 0);
    str_field(o, "flag", v->flag, sizeof v->flag);
    v->lat = jparse_num(o, "lat", NAN);
    v->lon = jparse_num(o, "lon", NAN);
    v->sog = (float)jparse_num(o, "sog", NAN);
    v->cog = (float)jparse_num(o, "cog", NAN);
    v->heading = (int16_t)jparse_num(o, "heading", -1);
    v->status = (int8_t)jparse_num(o, "status", -1);
    v->interval = (float)jparse_num(o, "interval_s", 10);
    v->level_dbfs = (float)jparse_num(o, "level_dbfs", NAN);
    v->nreports = (uint32_t)jparse_num(o, "reports", 0);
    str_field(o, "name", v->name, sizeof v->name);
    str_field(o, "callsign", v->callsign, sizeof v->callsign);
    str_field(o, "destination", v->destination, sizeof v->destination);
    v->imo = (uint32_t)jparse_num(o, "imo", 0);
    v->shiptype = (int16_t)jparse_num(o, "shiptype", -1);
    v->to_bow = (uint16_t)jparse_num(o, "to_bow", 0);
    v->to_stern = (uint16_t)jparse_num(o, "to_stern", 0);
    v->to_port = (uint16_t)jparse_num(o, "to_port", 0);
    v->to_starboard = (uint16_t)jparse_num(o, "to_starboard", 0);
    v->draught = (float)jparse_num(o, "draught", NAN);
    v->static_fields = (unsigned)jparse_num(o, "static_fields", 0);
    unsigned eta = (unsigned)jparse_num(o, "eta", 0);
    v->eta_month = (uint8_t)(eta >> 24);
    v->eta_day = (uint8_t)(eta >> 16);
    v->eta_hour = (uint8_t)(eta >> 8);
    v->eta_minute = (uint8_t)eta;
    v->recent_heard = (float)jparse_num(o, "recent_heard", 0);
    v->recent_expected = (float)jparse_num(o, "recent_expected", 0);
    v->recent_t = jparse_num(o, "recent_t", 0);
    v->max_run_s = (float)jparse_num(o, "max_run_s", 0);
    v->max_run_reg_s = (float)jparse_num(o, "max_run_reg_s", v->max_run_s);
    v->invalid_mmsi = (uint8_t)jparse_num(o, "invalid_mmsi", 0);
    v->exited = (uint8_t)jparse_num(o, "exited", 0);
    v->out = (uint8_t)jparse_num(o, "out", 0);
    v->lost = (uint8_t)jparse_num(o, "lost", 0);
    v->enc_done_mmsi = (uint32_t)jparse_num(o, "enc_done_mmsi", 0);
    v->loiter_done = (uint8_t)jparse_num(o, "loiter_done", 0);
    const char *zm = jparse_str(o, "zones");
    v->zones = zm ? strtoull(zm, NULL, 16) : 0;
    const struct jparse_val *h = jparse_get(o, "hist");
    if (h && h->type == JP_ARR)
        for (size_t i = 0; i < h->n; i++) {
            const struct jparse_val *f = &h->items[i];
            if (f->type == JP_ARR && f->n == 3)
                vessel_push_fix(v, f->items[0].num, f->items[1].num, f->items[2].num);
        }
}

void engine_vessel_out(struct engine *e, const struct vessel *v)
{
    if (!e->out) return;
    jbuf_reset(&e->tmp);
    vessel_json_write(v, &e->tmp, 0);
    if (!jbuf_failed(&e->tmp)) e->out(e->out_user, "vessel", jbuf_text(&e->tmp));
}
