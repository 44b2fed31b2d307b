/* deadline.h: a binary min-heap of (time, vessel) used as the silence timer:
 * each vessel sits in it at most once, at the earliest time a silence rule
 * could fire for it. A report only moves the vessel's deadline field; the
 * heap entry is re-armed lazily when it comes due. Single-threaded. */
#ifndef AISD_DEADLINE_H
#define AISD_DEADLINE_H

#include <stddef.h>

struct vessel;

struct deadline_entry {
    double t;
    struct vessel *v;
};

struct deadline {
    struct deadline_entry *a;
    size_t n, cap;
};

void deadline_init(struct deadline *h);
void deadline_free(struct deadline *h);
int deadline_push(struct deadline *h, double t, struct vessel *v);
/* Pop the earliest entry if its time <= t; returns 1 and fills *out. */
int deadline_pop_due(struct deadline *h, double t, struct deadline_entry *out);

#endif
