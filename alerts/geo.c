/* geo.c: spherical-earth helpers (see geo.h). */
#include "alerts/geo.h"

#include <math.h>

#define DEG (M_PI / 180.0)

double geo_distance_nm(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * DEG, p2 = lat2 * DEG;
    double dp = p2 - p1, dl = (lon2 - lon1) * DEG;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1) a = 1;
    return 2 * asin(sqrt(a)) * (180.0 / M_PI) * GEO_NM_PER_DEG;
}

double geo_fast_distance_nm(double lat1, double lon1, double lat2, double lon2)
{
    double dlon = lon2 - lon1;
    if (dlon > 180)
        dlon -= 360;
    else if (dlon < -180)
        dlon += 360;
    double x = dlon * cos((lat1 + lat2) * (M_PI / 360.0)), y = lat2 - lat1;
    return sqrt(x * x + y * y) * GEO_NM_PER_DEG;
}

double geo_bearing_deg(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * DEG, p2 = lat2 * DEG, dl = (lon2 - lon1) * DEG;
    double y = sin(dl) * cos(p2);
    double x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
    double b = atan2(y, x) / DEG;
    if (b < 0) b += 360.0;
    if (b >= 360.0) b -= 360.0;
    return b;
}

void geo_dead_reckon(double lat, double lon, double sog_kn, double cog_deg, double dt_s,
                     double *lat_out, double *lon_out)
{
    if (!(sog_kn > 0) || !(dt_s > 0) || !isfinite(cog_deg)) {
        *lat_out = lat;
        *lon_out = lon;
        return;
    }
    double d_deg = sog_kn * dt_s / 3600.0 / GEO_NM_PER_DEG;
    double c = cog_deg * DEG;
    double nlat = lat + d_deg * cos(c);
    double cl = cos(((lat + nlat) / 2) * DEG);
    if (cl < 0.01) cl = 0.01;
    double nlon = lon + d_deg * sin(c) / cl;
    if (nlat > 90) nlat = 90;
    if (nlat < -90) nlat = -90;
    if (nlon > 180) nlon -= 360;
    if (nlon < -180) nlon += 360;
    *lat_out = nlat;
    *lon_out = nlon;
}

int geo_point_in_polygon(double lat, double lon, const double *xy, int npoints)
{
    int inside = 0;
    for (int i = 0, j = npoints - 1; i < npoints; j = i++) {
        double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if (((yi > lat) != (yj > lat)) && (lon < (xj - xi) * (lat - yi) / (yj - yi) + xi))
            inside = !inside;
    }
    return inside;
}

int geo_valid_position(double lat, double lon)
{
    if (!isfinite(lat) || !isfinite(lon)) return 0;
    if (fabs(lat) > 90.0 || fabs(lon) > 180.0) return 0;
    if (lat == 0.0 && lon == 0.0) return 0;
    return 1;
}
