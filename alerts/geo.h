/* geo.h: small spherical-earth helpers for the alert rules: great-circle
 * distance in nautical miles, initial bearing, dead reckoning, a local
 * flat projection, and point-in-polygon. Pure functions, no state. */
#ifndef AISD_GEO_H
#define AISD_GEO_H

#define GEO_NM_PER_DEG 60.0

/* Great-circle distance in nautical miles between two lat/lon points (deg). */
double geo_distance_nm(double lat1, double lon1, double lat2, double lon2);

/* Equirectangular approximation of the distance (nm): one cosine, no
 * inverse trigonometry; within 0.1% of the great circle up to 100 nm away
 * from the poles. For the per-message path (track gates, neighbours). */
double geo_fast_distance_nm(double lat1, double lon1, double lat2, double lon2);

/* Initial bearing from point 1 to point 2, degrees [0, 360). */
double geo_bearing_deg(double lat1, double lon1, double lat2, double lon2);

/* Dead-reckon from (lat, lon) at sog_kn on cog_deg for dt_s seconds. */
void geo_dead_reckon(double lat, double lon, double sog_kn, double cog_deg, double dt_s,
                     double *lat_out, double *lon_out);

/* Ray-casting point-in-polygon on lon/lat (x/y) pairs: xy[2*i] = lon,
 * xy[2*i+1] = lat. Returns 1 inside, 0 outside. */
int geo_point_in_polygon(double lat, double lon, const double *xy, int npoints);

/* Valid AIS position: |lat| <= 90, |lon| <= 180, not the "not available"
 * values (91, 181), not exactly 0/0. */
int geo_valid_position(double lat, double lon);

#endif
