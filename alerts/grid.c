/* grid.c: spatial hash of vessels (see grid.h). */
#include "alerts/grid.h"

#include "alerts/vessel.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

struct grid {
    double cell_deg;
    size_t nb; /* power of two */
    struct vessel **heads;
};

struct grid *grid_create(double cell_deg, size_t buckets)
{
    struct grid *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    size_t nb = 64;
    while (nb < buckets)
        nb *= 2;
    g->heads = calloc(nb, sizeof *g->heads);
    if (!g->heads) {
        free(g);
        return NULL;
    }
    g->nb = nb;
    g->cell_deg = cell_deg > 0 ? cell_deg : 0.02;
    return g;
}

void grid_destroy(struct grid *g)
{
    if (!g) return;
    free(g->heads);
    free(g);
}

static size_t bucket(const struct grid *g, long ilat, long ilon)
{
    uint64_t h = (uint64_t)(ilat * 73856093L) ^ (uint64_t)(ilon * 19349663L);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (size_t)(h & (g->nb - 1));
}

void grid_remove(struct grid *g, struct vessel *v)
{
    if (v->grid_cell < 0) return;
    if (v->grid_prev)
        v->grid_prev->grid_next = v->grid_next;
    else
        g->heads[v->grid_cell] = v->grid_next;
    if (v->grid_next) v->grid_next->grid_prev = v->grid_prev;
    v->grid_next = v->grid_prev = NULL;
    v->grid_cell = -1;
}

void grid_update(struct grid *g, struct vessel *v, double lat, double lon)
{
    long ilat = (long)floor(lat / g->cell_deg), ilon = (long)floor(lon / g->cell_deg);
    int32_t b = (int32_t)bucket(g, ilat, ilon);
    if (b == v->grid_cell) return;
    grid_remove(g, v);
    v->grid_cell = b;
    v->grid_prev = NULL;
    v->grid_next = g->heads[b];
    if (v->grid_next) v->grid_next->grid_prev = v;
    g->heads[b] = v;
}

void grid_near(const struct grid *g, double lat, double lon,
               void (*fn)(void *user, struct vessel *other), void *user)
{
    long ilat = (long)floor(lat / g->cell_deg), ilon = (long)floor(lon / g->cell_deg);
    size_t seen[9];
    int ns = 0;
    for (long a = -1; a <= 1; a++)
        for (long o = -1; o <= 1; o++) {
            size_t b = bucket(g, ilat + a, ilon + o);
            int dup = 0;
            for (int i = 0; i < ns; i++)
                dup |= seen[i] == b;
            if (dup) continue;
            seen[ns++] = b;
            for (struct vessel *v = g->heads[b]; v;) {
                struct vessel *next = v->grid_next;
                fn(user, v);
                v = next;
            }
        }
}
