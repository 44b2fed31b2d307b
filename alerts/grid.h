/* grid.h: a spatial hash of vessels by position (cells of a fixed size in
 * degrees), so that "who is near this vessel" looks at nine cells instead of
 * every vessel. Vessels link into cells through their grid_* fields; the grid
 * never owns them. Single-threaded. */
#ifndef AISD_GRID_H
#define AISD_GRID_H

#include <stddef.h>

struct vessel;
struct grid;

struct grid *grid_create(double cell_deg, size_t buckets);
void grid_destroy(struct grid *g);
/* Insert or move v to (lat, lon). */
void grid_update(struct grid *g, struct vessel *v, double lat, double lon);
void grid_remove(struct grid *g, struct vessel *v);
/* Call fn(user, other) for every vessel in the 3x3 cells around (lat, lon)
 * (candidates: the caller checks the distance). */
void grid_near(const struct grid *g, double lat, double lon,
               void (*fn)(void *user, struct vessel *other), void *user);

#endif
