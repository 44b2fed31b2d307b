/* ais_app_dump.c: gpsd's pipe-separated dump (gpsdecode -c) of a decoded
 * application: the fields of GLA AtoN monitoring and of the two met/hydro
 * layouts, and for every other decoded application gpsd's placeholder
 * "bitcount:xx..." (two 'x' per data byte), since gpsd keeps no raw copy. */
#include "decode/ais_app_priv.h"

size_t ais_app_dump(const struct ais_app *a, char *buf, size_t len)
{
    struct ais_app_fmt f;
    ais_app_fmt_init(&f, buf, len);
    if (a == NULL || a->kind == AIS_APP_NONE) return 0;
    switch (a->kind) {
    case AIS_APP_6_235_10: {
        const struct ais_app_gla_aton *g = &a->u.gla_aton;
        ais_app_fmt_printf(&f, "|%u|%u|%u|%u|%u|%u|%u|%u", g->ana_int, g->ana_ext1, g->ana_ext2,
                           g->racon, g->light, (unsigned)g->alarm, g->stat_ext,
                           (unsigned)g->off_pos);
        break;
    }
    case AIS_APP_8_1_11: {
        const struct ais_app_met236 *m = &a->u.met236;
        ais_app_fmt_printf(&f,
                           "|%d|%d|%02uT%02u:%02uZ|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%d|%u|%u|%u|%u|"
                           "%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u",
                           m->lon, m->lat, m->day, m->hour, m->minute, m->wspeed, m->wgust, m->wdir,
                           m->wgustdir, m->airtemp, m->humidity, m->dewpoint, m->pressure,
                           m->pressuretend, m->visibility, m->waterlevel, m->leveltrend, m->cspeed,
                           m->cdir, m->cspeed2, m->cdir2, m->cdepth2, m->cspeed3, m->cdir3,
                           m->cdepth3, m->waveheight, m->waveperiod, m->wavedir, m->swellheight,
                           m->swellperiod, m->swelldir, m->seastate, m->watertemp, m->preciptype,
                           m->salinity, m->ice);
        break;
    }
    case AIS_APP_8_1_31: {
        const struct ais_app_met289 *m = &a->u.met289;
        ais_app_fmt_printf(&f,
                           "|%d|%d|%02uT%02u:%02uZ|%u|%u|%u|%u|%d|%u|%d|%u|%u|%u|%d|%u|%u|%u|%u|"
                           "%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%u|%d|%u|%u|%u",
                           m->lon, m->lat, m->day, m->hour, m->minute, m->wspeed, m->wgust, m->wdir,
                           m->wgustdir, m->airtemp, m->humidity, m->dewpoint, m->pressure,
                           m->pressuretend, m->visibility, m->waterlevel, m->leveltrend, m->cspeed,
                           m->cdir, m->cspeed2, m->cdir2, m->cdepth2, m->cspeed3, m->cdir3,
                           m->cdepth3, m->waveheight, m->waveperiod, m->wavedir, m->swellheight,
                           m->swellperiod, m->swelldir, m->seastate, m->watertemp, m->preciptype,
                           m->salinity, m->ice);
        break;
    }
    default:
        ais_app_fmt_printf(&f, "|%zu:", a->bitcount);
        for (size_t i = 0; i < (a->bitcount + 7) / 8; i++)
            ais_app_fmt_printf(&f, "xx");
        break;
    }
    return f.used;
}
