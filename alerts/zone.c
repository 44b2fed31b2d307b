/* zone.c: GeoJSON zones (see zone.h). */
#include "alerts/zone.h"

#include "alerts/geo.h"
#include "decode/jparse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void zone_free(struct zones *zs)
{
    if (!zs) return;
    for (int i = 0; i < zs->n; i++)
        free(zs->z[i].xy);
    free(zs);
}

static void props(struct zone *z, const struct jparse_val *pr, int idx)
{
    const char *name = jparse_str(pr, "name");
    snprintf(z->name, sizeof z->name, "%s", name ? name : "");
    if (!z->name[0]) snprintf(z->name, sizeof z->name, "zone%d", idx);
    const char *kind = jparse_str(pr, "kind");
    snprintf(z->kind, sizeof z->kind, "%s", kind ? kind : "area");
    const char *prio = jparse_str(pr, "priority");
    z->priority = prio && !strcmp(prio, "high") ? 1 : prio && !strcmp(prio, "low") ? -1 : 0;
    const struct jparse_val *al = jparse_get(pr, "alert");
    z->alert = al && al->type == JP_BOOL ? (int)al->num : 1;
}

static int add_ring(struct zones *zs, const struct jparse_val *ring, const struct jparse_val *pr,
                    char *err, size_t errlen)
{
    if (!ring || ring->type != JP_ARR || ring->n < 3) {
        snprintf(err, errlen, "zones: polygon ring needs >= 3 positions");
        return -1;
    }
    if (zs->n >= ZONE_MAX) {
        snprintf(err, errlen, "zones: more than %d zones", ZONE_MAX);
        return -1;
    }
    struct zone *z = &zs->z[zs->n];
    memset(z, 0, sizeof *z);
    z->xy = malloc(sizeof(double) * 2 * ring->n);
    if (!z->xy) {
        snprintf(err, errlen, "zones: out of memory");
        return -1;
    }
    z->lat_min = z->lon_min = 1e9;
    z->lat_max = z->lon_max = -1e9;
    double sl = 0, so = 0;
    for (size_t i = 0; i < ring->n; i++) {
        const struct jparse_val *pt = &ring->items[i];
        if (pt->type != JP_ARR || pt->n < 2 || pt->items[0].type != JP_NUM ||
            pt->items[1].type != JP_NUM ||
            !geo_valid_position(pt->items[1].num, pt->items[0].num)) {
            free(z->xy);
            z->xy = NULL;
            snprintf(err, errlen, "zones: bad position in a polygon");
            return -1;
        }
        double lon = pt->items[0].num, lat = pt->items[1].num;
        z->xy[2 * i] = lon;
        z->xy[2 * i + 1] = lat;
        z->lat_min = fmin(z->lat_min, lat);
        z->lat_max = fmax(z->lat_max, lat);
        z->lon_min = fmin(z->lon_min, lon);
        z->lon_max = fmax(z->lon_max, lon);
        sl += lat;
        so += lon;
    }
    z->np = (int)ring->n;
    z->clat = sl / (double)ring->n;
    z->clon = so / (double)ring->n;
    props(z, pr, zs->n);
    zs->n++;
    return 0;
}

static int add_feature(struct zones *zs, const struct jparse_val *f, char *err, size_t errlen)
{
    const struct jparse_val *geom = jparse_get(f, "geometry");
    const struct jparse_val *pr = jparse_get(f, "properties");
    const char *gt = jparse_str(geom, "type");
    const struct jparse_val *co = jparse_get(geom, "coordinates");
    if (!gt || !co || co->type != JP_ARR) {
        snprintf(err, errlen, "zones: feature without geometry");
        return -1;
    }
    if (!strcmp(gt, "Polygon")) {
        if (co->n) return add_ring(zs, &co->items[0], pr, err, errlen);
        snprintf(err, errlen, "zones: Polygon without rings");
        return -1;
    }
    if (!strcmp(gt, "MultiPolygon")) {
        for (size_t i = 0; i < co->n; i++) {
            if (co->items[i].type != JP_ARR || !co->items[i].n) {
                snprintf(err, errlen, "zones: MultiPolygon member %zu is not a list of rings", i);
                return -1;
            }
            if (add_ring(zs, &co->items[i].items[0], pr, err, errlen)) return -1;
        }
        return 0;
    }
    if (!strcmp(gt, "Point")) {
        double r = jparse_num(pr, "radius_nm", NAN);
        if (!isfinite(r)) r = jparse_num(pr, "radius_m", NAN) / 1852.0;
        if (co->n < 2 || co->items[0].type != JP_NUM || co->items[1].type != JP_NUM || !(r > 0) ||
            !geo_valid_position(co->items[1].num, co->items[0].num)) {
            snprintf(err, errlen, "zones: a Point zone needs a position and radius_nm > 0");
            return -1;
        }
        if (zs->n >= ZONE_MAX) {
            snprintf(err, errlen, "zones: more than %d zones", ZONE_MAX);
            return -1;
        }
        struct zone *z = &zs->z[zs->n];
        memset(z, 0, sizeof *z);
        z->circle = 1;
        z->clon = co->items[0].num;
        z->clat = co->items[1].num;
        z->radius_nm = r;
        double dlat = r / 60.0, dlon = r / 60.0 / fmax(0.01, cos(z->clat * M_PI / 180));
        z->lat_min = z->clat - dlat;
        z->lat_max = z->clat + dlat;
        z->lon_min = z->clon - dlon;
        z->lon_max = z->clon + dlon;
        props(z, pr, zs->n);
        zs->n++;
        return 0;
    }
    snprintf(err, errlen, "zones: unsupported geometry %s", gt);
    return -1;
}

struct zones *zone_parse(const char *text, size_t len, char *err, size_t errlen)
{
    struct jparse_val *root = jparse(text, len, err, errlen);
    if (!root) return NULL;
    struct zones *zs = calloc(1, sizeof *zs);
    if (!zs) {
        jparse_free(root);
        return NULL;
    }
    const char *type = jparse_str(root, "type");
    const struct jparse_val *feats = jparse_get(root, "features");
    int rc = 0;
    if (type && !strcmp(type, "FeatureCollection") && feats && feats->type == JP_ARR) {
        for (size_t i = 0; i < feats->n && !rc; i++)
            rc = add_feature(zs, &feats->items[i], err, errlen);
    } else if (type && !strcmp(type, "Feature")) {
        rc = add_feature(zs, root, err, errlen);
    } else {
        snprintf(err, errlen, "zones: expected a GeoJSON FeatureCollection");
        rc = -1;
    }
    jparse_free(root);
    if (rc) {
        zone_free(zs);
        return NULL;
    }
    return zs;
}

struct zones *zone_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "zones: cannot open %s", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap > (64u << 20)) {
                free(buf);
                buf = NULL;
                break;
            }
            char *b2 = realloc(buf, cap * 2);
            if (!b2) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b2;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        snprintf(err, errlen, "zones: %s too large or out of memory", path);
        return NULL;
    }
    struct zones *zs = zone_parse(buf, n, err, errlen);
    free(buf);
    return zs;
}

int zone_contains(const struct zone *z, double lat, double lon)
{
    if (lat < z->lat_min || lat > z->lat_max || lon < z->lon_min || lon > z->lon_max) return 0;
    if (z->circle) return geo_distance_nm(lat, lon, z->clat, z->clon) <= z->radius_nm;
    return geo_point_in_polygon(lat, lon, z->xy, z->np);
}

uint64_t zone_mask(const struct zones *zs, double lat, double lon)
{
    uint64_t m = 0;
    if (!zs) return 0;
    for (int i = 0; i < zs->n; i++)
        if (zone_contains(&zs->z[i], lat, lon)) m |= 1ULL << i;
    return m;
}

int zone_is_port(const struct zone *z)
{
    return !strcmp(z->kind, "port") || !strcmp(z->kind, "anchorage");
}

/* Distance (nm) from a point to a polygon's edges, on a local flat projection. */
static double poly_distance(const struct zone *z, double lat, double lon)
{
    double kx = 60.0 * cos(lat * M_PI / 180.0), ky = 60.0;
    double best = 1e9;
    for (int i = 0, j = z->np - 1; i < z->np; j = i++) {
        double ax = (z->xy[2 * j] - lon) * kx, ay = (z->xy[2 * j + 1] - lat) * ky;
        double bx = (z->xy[2 * i] - lon) * kx, by = (z->xy[2 * i + 1] - lat) * ky;
        double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
        double tt = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
        tt = tt < 0 ? 0 : tt > 1 ? 1 : tt;
        double px = ax + tt * dx, py = ay + tt * dy;
        best = fmin(best, sqrt(px * px + py * py));
    }
    return best;
}

double zone_port_distance(const struct zones *zs, double lat, double lon, int *idx)
{
    double best = 1e9;
    int bi = -1;
    if (zs) {
        for (int i = 0; i < zs->n; i++) {
            const struct zone *z = &zs->z[i];
            if (!zone_is_port(z)) continue;
            double d;
            if (z->circle)
                d = fmax(0, geo_distance_nm(lat, lon, z->clat, z->clon) - z->radius_nm);
            else
                d = zone_contains(z, lat, lon) ? 0 : poly_distance(z, lat, lon);
            if (d < best) {
                best = d;
                bi = i;
            }
        }
    }
    if (idx) *idx = bi;
    return best;
}
