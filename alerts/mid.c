/* mid.c: MID lookup over the static table in alerts/data/mid.def. */
#include "alerts/mid.h"

#include <stddef.h>

static const struct mid_entry table[] = {
#define MID(m, iso, name) {m, iso, name},
#include "alerts/data/mid.def"
#undef MID
};

#define NTABLE (sizeof table / sizeof table[0])

unsigned mid_of_mmsi(uint32_t mmsi)
{
    if (mmsi < 200000000u || mmsi > 799999999u) return 0;
    return mmsi / 1000000u;
}

const struct mid_entry *mid_lookup(unsigned mid)
{
    size_t lo = 0, hi = NTABLE;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (table[m].mid < mid)
            lo = m + 1;
        else
            hi = m;
    }
    if (lo < NTABLE && table[lo].mid == mid) return &table[lo];
    return NULL;
}

const char *mid_flag(uint32_t mmsi)
{
    const struct mid_entry *e = mid_lookup(mid_of_mmsi(mmsi));
    return e ? e->iso : NULL;
}

int mid_valid_ship_mmsi(uint32_t mmsi)
{
    unsigned mid = mid_of_mmsi(mmsi);
    return mid && mid_lookup(mid) != NULL;
}
