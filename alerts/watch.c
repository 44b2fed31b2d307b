/* watch.c: zone.enter and zone.exit as a vessel's position crosses a zone's
 * boundary (zones with "alert": false only shape priorities and port logic).
 * Watchlist and zone priorities themselves are applied to every alert in
 * alert.c. */
#include "alerts/engine_int.h"

#include "alerts/zone.h"

void watch_zones(struct engine *e, struct vessel *v, double t)
{
    if (!e->zones) return;
    uint64_t m = zone_mask(e->zones, v->lat, v->lon);
    uint64_t diff = m ^ v->zones;
    int first = v->nreports <= 1;
    v->zones = m;
    if (!diff || first) return;
    v->dirty = 1;
    for (int i = 0; i < e->zones->n; i++) {
        if (!(diff >> i & 1) || !e->zones->z[i].alert) continue;
        const struct zone *z = &e->zones->z[i];
        int enter = (int)(m >> i & 1);
        alert_begin(e, enter ? "zone.enter" : "zone.exit", t, v, 0, v->lat, v->lon, 0.95);
        alert_reason(e, enter ? "entered_zone" : "left_zone");
        jbuf_str(&e->ab, "zone", z->name);
        jbuf_str(&e->ab, "zone_kind", z->kind);
        if (!enter) /* alert_begin counted the zones containing the position */
            e->a_priority += z->priority;
        alert_emit(e);
    }
}
