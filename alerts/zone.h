/* zone.h: operator zones from a GeoJSON FeatureCollection: Polygon and
 * MultiPolygon features (outer rings), and Point features with a
 * "radius_nm" (or "radius_m") property as circles. Properties used: "name",
 * "kind" ("port", "anchorage", or anything else: an area), "priority"
 * ("high", "low", or absent), "alert" (false: no zone.enter/exit). Ports and
 * anchorages are what dark.port_call and the encounter rule look for. At most
 * ZONE_MAX zones (a vessel's membership is a 64-bit mask). Read-only once
 * loaded; the engine swaps the whole set on reload. */
#ifndef AISD_ZONE_H
#define AISD_ZONE_H

#include <stddef.h>
#include <stdint.h>

#define ZONE_MAX 64

struct zone {
    char name[48];
    char kind[16];
    int priority; /* -1 low, 0 normal, +1 high */
    int alert;    /* raise zone.enter / zone.exit */
    int circle;
    double clat, clon, radius_nm; /* circle; for polygons the centroid */
    double *xy;                   /* polygon: lon, lat pairs */
    int np;
    double lat_min, lat_max, lon_min, lon_max; /* bounding box */
};

struct zones {
    struct zone z[ZONE_MAX];
    int n;
};

/* Load a file; NULL with a message in err on failure. */
struct zones *zone_load(const char *path, char *err, size_t errlen);
/* Parse GeoJSON text. */
struct zones *zone_parse(const char *text, size_t len, char *err, size_t errlen);
void zone_free(struct zones *zs);
int zone_contains(const struct zone *z, double lat, double lon);
/* Bit i set when zone i contains the point. */
uint64_t zone_mask(const struct zones *zs, double lat, double lon);
/* 1 when the zone is a port or an anchorage. */
int zone_is_port(const struct zone *z);
/* Distance (nm) from the point to the nearest port/anchorage zone (0 inside),
 * its index in *idx; a large number and -1 when there is none. */
double zone_port_distance(const struct zones *zs, double lat, double lon, int *idx);

#endif
