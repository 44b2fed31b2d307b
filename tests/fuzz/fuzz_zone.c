/* fuzz_zone.c: libFuzzer target for the zones file: the JSON reader
 * (decode/jparse) and the GeoJSON zone loader (alerts/zone) on arbitrary
 * text, then point-in-zone and port-distance queries on what loaded. A
 * document jparse accepts is walked whole (every member looked up by its
 * key); zones that load must have finite bounding boxes and at most ZONE_MAX
 * members. */
#include "decode/jparse.h"
#include "alerts/zone.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct jparse_val *v, int depth)
{
    if (depth > 10000) abort(); /* jparse bounds depth */
    if (v->type == JP_OBJ)
        for (size_t i = 0; i < v->n; i++) {
            if (!v->keys[i] || !jparse_get(v, v->keys[i])) abort();
            (void)jparse_num(v, v->keys[i], 0);
            (void)jparse_str(v, v->keys[i]);
        }
    if (v->type == JP_STR && !v->str) abort();
    if (v->type == JP_ARR || v->type == JP_OBJ)
        for (size_t i = 0; i < v->n; i++)
            walk(&v->items[i], depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    struct jparse_val *v = jparse((const char *)data, size, err, sizeof err);
    if (v) {
        walk(v, 0);
        jparse_free(v);
    } else if (!memchr(err, 0, sizeof err) || !err[0]) {
        abort(); /* an error must say why */
    }

    err[0] = 0;
    struct zones *zs = zone_parse((const char *)data, size, err, sizeof err);
    if (!zs) {
        if (!err[0]) abort();
        return 0;
    }
    if (zs->n < 0 || zs->n > ZONE_MAX) abort();
    static const double pts[][2] = {{0, 0},       {46.3, 48.0},   {-90, -180}, {90, 180},
                                    {40.3, 50.1}, {NAN, 0},       {0, NAN},    {37.47, 49.46},
                                    {91, 181},    {-1e300, 1e300}};
    for (int i = 0; i < zs->n; i++) {
        const struct zone *z = &zs->z[i];
        if (!memchr(z->name, 0, sizeof z->name) || !memchr(z->kind, 0, sizeof z->kind)) abort();
        if (z->circle ? !(z->radius_nm >= 0) : z->np < 3) abort();
        (void)zone_is_port(z);
        for (size_t p = 0; p < sizeof pts / sizeof pts[0]; p++)
            (void)zone_contains(z, pts[p][0], pts[p][1]);
    }
    for (size_t p = 0; p < sizeof pts / sizeof pts[0]; p++) {
        int idx = -2;
        (void)zone_mask(zs, pts[p][0], pts[p][1]);
        double d = zone_port_distance(zs, pts[p][0], pts[p][1], &idx);
        if (idx < -1 || idx >= zs->n) abort();
        (void)d;
    }
    zone_free(zs);
    return 0;
}
