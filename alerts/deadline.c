/* deadline.c: min-heap of vessel deadlines (see deadline.h). */
#include "alerts/deadline.h"

#include <stdlib.h>
#include <string.h>

void deadline_init(struct deadline *h)
{
    memset(h, 0, sizeof *h);
}

void deadline_free(struct deadline *h)
{
    free(h->a);
    memset(h, 0, sizeof *h);
}

int deadline_push(struct deadline *h, double t, struct vessel *v)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        struct deadline_entry *a = realloc(h->a, cap * sizeof *a);
        if (!a) return -1;
        h->a = a;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->a[p].t <= t) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = (struct deadline_entry){t, v};
    return 0;
}

int deadline_pop_due(struct deadline *h, double t, struct deadline_entry *out)
{
    if (!h->n || h->a[0].t > t) return 0;
    *out = h->a[0];
    struct deadline_entry last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && h->a[c + 1].t < h->a[c].t) c++;
        if (h->a[c].t >= last.t) break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n) h->a[i] = last;
    return 1;
}
