/* vessel.c: vessel table (open addressing on MMSI) and ITU-R M.1371
 * reporting intervals (see vessel.h). */
#include "alerts/vessel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double vessel_interval(int cls, int cs, double sog, int status, int turning)
{
    if (cls == CLASS_B) {
        if (!(sog > 2.0)) return 180.0;
        if (cs) return 30.0;
        /* class B SOTDMA */
        if (sog > 23.0) return 5.0;
        if (sog > 14.0) return 15.0;
        return 30.0;
    }
    /* class A (and unknown: assume A) */
    if ((status == 1 || status == 5) && !(sog > 3.0)) return 180.0;
    if (!isfinite(sog)) return 10.0;
    if (sog > 23.0) return 2.0;
    if (sog > 14.0) return turning ? 2.0 : 6.0;
    return turning ? 10.0 / 3.0 : 10.0;
}

double vessel_interval_worst(const struct vessel *v)
{
    if (v->cls == CLASS_B) return 180.0;
    if ((v->status == 1 || v->status == 5)) return 180.0;
    return v->interval > 0 ? v->interval : 10.0;
}

void vessel_push_fix(struct vessel *v, double t, double lat, double lon)
{
    v->hist[v->hist_head] = (struct vessel_fix){t, (float)lat, (float)lon};
    v->hist_head = (uint8_t)((v->hist_head + 1) % VESSEL_HIST);
    if (v->hist_n < VESSEL_HIST) v->hist_n++;
}

struct vessel_table {
    struct vessel **slots;
    size_t cap, count;
};

static size_t hash32(uint32_t x, size_t mask)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x & mask;
}

struct vessel_table *vessel_table_create(size_t initial)
{
    struct vessel_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    size_t cap = 64;
    while (cap < initial * 2)
        cap *= 2;
    t->slots = calloc(cap, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    t->cap = cap;
    return t;
}

void vessel_table_destroy(struct vessel_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i]);
    free(t->slots);
    free(t);
}

struct vessel *vessel_table_find(const struct vessel_table *t, uint32_t mmsi)
{
    size_t mask = t->cap - 1;
    for (size_t i = hash32(mmsi, mask);; i = (i + 1) & mask) {
        struct vessel *v = t->slots[i];
        if (!v) return NULL;
        if (v->mmsi == mmsi) return v;
    }
}

static int grow(struct vessel_table *t)
{
    size_t cap = t->cap * 2;
    struct vessel **slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < t->cap; i++) {
        struct vessel *v = t->slots[i];
        if (!v) continue;
        size_t j = hash32(v->mmsi, cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = v;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

struct vessel *vessel_table_get(struct vessel_table *t, uint32_t mmsi, int *created)
{
    if (created) *created = 0;
    struct vessel *v = vessel_table_find(t, mmsi);
    if (v) return v;
    if ((t->count + 1) * 2 > t->cap && grow(t)) return NULL;
    v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->mmsi = mmsi;
    v->status = -1;
    v->heading = -1;
    v->shiptype = -1;
    v->sog = v->cog = NAN;
    v->level_dbfs = NAN;
    v->draught = NAN;
    v->lat = v->lon = NAN;
    v->grid_cell = -1;
    v->cell = -1;
    size_t mask = t->cap - 1;
    size_t i = hash32(mmsi, mask);
    while (t->slots[i])
        i = (i + 1) & mask;
    t->slots[i] = v;
    t->count++;
    if (created) *created = 1;
    return v;
}

size_t vessel_table_count(const struct vessel_table *t)
{
    return t->count;
}

struct vessel *vessel_table_next(const struct vessel_table *t, size_t *it)
{
    while (*it < t->cap) {
        struct vessel *v = t->slots[(*it)++];
        if (v) return v;
    }
    return NULL;
}
