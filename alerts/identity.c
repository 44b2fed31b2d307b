/* identity.c: identity.change: a ship's name, call sign, IMO number, ship
 * type or dimensions change under one MMSI (field, old, new), or a valid IMO
 * number appears under a new MMSI (field "mmsi"). Keeps the IMO -> MMSI map
 * (open addressing). Static data that is "not available" (empty, 0) never
 * counts as a change. */
#include "alerts/engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct imo_slot {
    uint32_t imo, mmsi;
    double t;
};

struct identity {
    struct imo_slot *slots;
    size_t cap, n;
};

struct identity *identity_create(void)
{
    struct identity *id = calloc(1, sizeof *id);
    if (!id) return NULL;
    id->cap = 1024;
    id->slots = calloc(id->cap, sizeof *id->slots);
    if (!id->slots) {
        free(id);
        return NULL;
    }
    return id;
}

void identity_destroy(struct identity *id)
{
    if (!id) return;
    free(id->slots);
    free(id);
}

static struct imo_slot *slot(struct identity *id, uint32_t imo)
{
    size_t mask = id->cap - 1, i = (imo * 2654435761u) & mask;
    while (id->slots[i].imo && id->slots[i].imo != imo)
        i = (i + 1) & mask;
    return &id->slots[i];
}

static int grow(struct identity *id)
{
    struct identity bigger = {calloc(id->cap * 2, sizeof(struct imo_slot)), id->cap * 2, 0};
    if (!bigger.slots) return -1;
    for (size_t i = 0; i < id->cap; i++)
        if (id->slots[i].imo) {
            *slot(&bigger, id->slots[i].imo) = id->slots[i];
            bigger.n++;
        }
    free(id->slots);
    *id = bigger;
    return 0;
}

/* IMO numbers carry a check digit: sum of the first six digits weighted
 * 7..2, modulo 10. */
static int imo_valid(uint32_t imo)
{
    if (imo < 1000000u || imo > 9999999u) return 0;
    unsigned sum = 0, d = imo / 10;
    for (unsigned w = 2; w <= 7; w++, d /= 10)
        sum += (d % 10) * w;
    return sum % 10 == imo % 10;
}

/* Changes found in one static message. */
struct changes {
    int n;
    char field[6][12];
    char old[6][32];
    char new_value[6][32];
};

static void change(struct changes *ch, const char *field, const char *old, const char *new_value)
{
    if (ch->n >= 6) return;
    snprintf(ch->field[ch->n], sizeof ch->field[0], "%s", field);
    snprintf(ch->old[ch->n], sizeof ch->old[0], "%s", old);
    snprintf(ch->new_value[ch->n], sizeof ch->new_value[0], "%s", new_value);
    ch->n++;
}

/* One alert per changed field (field, old, new), after the vessel's record
 * holds the new values, so the alert names the vessel as it is now. */
static void emit_changes(struct engine *e, struct vessel *v, double t, const struct changes *ch)
{
    for (int i = 0; i < ch->n; i++) {
        alert_begin(e, "identity.change", t, v, 0, v->lat, v->lon, 0.8);
        alert_reason(e, "static_data_changed");
        struct jbuf *b = &e->ab;
        jbuf_str(b, "field", ch->field[i]);
        jbuf_str(b, "old", ch->old[i]);
        jbuf_str(b, "new", ch->new_value[i]);
        alert_emit(e);
    }
}

static void text_field(struct changes *ch, struct vessel *v, unsigned bit, const char *field,
                       char *stored, size_t n, const char *incoming, int quiet)
{
    if (!incoming[0]) return;
    char old[32];
    int changed = (v->static_fields & bit) && stored[0] && strcmp(stored, incoming) && !quiet;
    snprintf(old, sizeof old, "%s", stored);
    snprintf(stored, n, "%s", incoming); /* the alert names the vessel as it is now */
    if (changed) change(ch, field, old, incoming);
}

void identity_static(struct engine *e, struct vessel *v, const struct report *r, double t)
{
    /* a shared MMSI alternates between two ships: one alert is enough */
    int quiet = v->shared;
    char o[32], n[32];
    struct changes ch = {0};
    if (r->fields & RS_NAME)
        text_field(&ch, v, RS_NAME, "name", v->name, sizeof v->name, r->name, quiet);
    if (r->fields & RS_CALLSIGN)
        text_field(&ch, v, RS_CALLSIGN, "callsign", v->callsign, sizeof v->callsign, r->callsign,
                   quiet);
    if ((r->fields & RS_SHIPTYPE) && r->shiptype > 0) {
        int changed = (v->static_fields & RS_SHIPTYPE) && v->shiptype > 0 &&
                      v->shiptype != r->shiptype && !quiet;
        snprintf(o, sizeof o, "%d", v->shiptype);
        snprintf(n, sizeof n, "%d", r->shiptype);
        v->shiptype = (int16_t)r->shiptype;
        if (changed) change(&ch, "shiptype", o, n);
    }
    if ((r->fields & RS_DIMS) && (r->to_bow | r->to_stern | r->to_port | r->to_starboard)) {
        int had = (v->static_fields & RS_DIMS) &&
                  (v->to_bow | v->to_stern | v->to_port | v->to_starboard);
        int len_old = v->to_bow + v->to_stern, len_new = r->to_bow + r->to_stern;
        int w_old = v->to_port + v->to_starboard, w_new = r->to_port + r->to_starboard;
        /* the antenna position may move; the hull does not */
        if (had && (len_old != len_new || w_old != w_new) && !quiet) {
            snprintf(o, sizeof o, "%dx%d", len_old, w_old);
            snprintf(n, sizeof n, "%dx%d", len_new, w_new);
            change(&ch, "dimensions", o, n);
        }
        v->to_bow = r->to_bow;
        v->to_stern = r->to_stern;
        v->to_port = r->to_port;
        v->to_starboard = r->to_starboard;
    }
    if ((r->fields & RS_IMO) && r->imo) {
        if ((v->static_fields & RS_IMO) && v->imo && v->imo != r->imo && !quiet) {
            snprintf(o, sizeof o, "%u", v->imo);
            snprintf(n, sizeof n, "%u", r->imo);
            change(&ch, "imo", o, n);
        }
        v->imo = r->imo;
        struct identity *id = e->ident;
        if (id && imo_valid(r->imo)) {
            if ((id->n + 1) * 2 > id->cap) grow(id);
            struct imo_slot *s = slot(id, r->imo);
            if (s->imo && s->mmsi != v->mmsi) {
                snprintf(o, sizeof o, "%u", s->mmsi);
                snprintf(n, sizeof n, "%u", v->mmsi);
                alert_begin(e, "identity.change", t, v, 0, v->lat, v->lon, 0.85);
                alert_reason(e, "imo_new_mmsi");
                struct jbuf *b = &e->ab;
                jbuf_str(b, "field", "mmsi");
                jbuf_str(b, "old", o);
                jbuf_str(b, "new", n);
                jbuf_int(b, "imo", r->imo);
                alert_emit(e);
            }
            if (!s->imo) id->n++;
            s->imo = r->imo;
            s->mmsi = v->mmsi;
            s->t = t;
        }
    }
    emit_changes(e, v, t, &ch);
    if (r->fields & RS_VOYAGE) {
        snprintf(v->destination, sizeof v->destination, "%s", r->destination);
        v->draught = (float)r->draught;
        v->eta_month = r->eta_month;
        v->eta_day = r->eta_day;
        v->eta_hour = r->eta_hour;
        v->eta_minute = r->eta_minute;
    }
    v->static_fields |= r->fields;
    v->t_static = t;
    v->dirty = 1;
}

void identity_note(struct identity *id, uint32_t imo, uint32_t mmsi, double t)
{
    if (!id || !imo_valid(imo)) return;
    if ((id->n + 1) * 2 > id->cap && grow(id)) return;
    struct imo_slot *s = slot(id, imo);
    if (!s->imo) id->n++;
    *s = (struct imo_slot){imo, mmsi, t};
}
