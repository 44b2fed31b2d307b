/* ais_app_gla.c: the UK/Ireland General Lighthouse Authorities application
 * (type 6, DAC 235 or 250, FID 10: AtoN monitoring data): decoder and gpsd
 * JSON. gpsd decodes it only at exactly 136 bits. */
#include "decode/ais_app_priv.h"
#include "decode/err.h"

static const char *const gla_racon[4] = {"No RACON installed", "RACON not monitored",
                                         "RACON operational", "RACON ERROR"};
static const char *const gla_light[4] = {"No light or no monitoring", "Light ON", "Light OFF",
                                         "Light ERROR"};

int ais_app_gla_decode(const struct ais_app_rd *r, struct ais_app *out)
{
    if (out->fid != 10 || r->nbits != 136) return AISD_E_NOTTHIS;
    struct ais_app_gla_aton *g = &out->u.gla_aton;
    g->ana_int = ais_app_rd_u(r, 88, 10);
    g->ana_ext1 = ais_app_rd_u(r, 98, 10);
    g->ana_ext2 = ais_app_rd_u(r, 108, 10);
    g->racon = ais_app_rd_u(r, 118, 2);
    g->light = ais_app_rd_u(r, 120, 2);
    g->alarm = ais_app_rd_u(r, 122, 1) != 0;
    g->stat_ext = ais_app_rd_u(r, 123, 8);
    g->off_pos = ais_app_rd_u(r, 131, 1) != 0;
    out->kind = AIS_APP_6_235_10;
    return 0;
}

/* Analogue readings: volts (x0.05) when scaled, except that gpsd prints a
 * zero reading as the integer 0 either way. */
static void gla_analogue(struct ais_app_fmt *f, const char *name, unsigned v, int scaled)
{
    if (scaled && v != 0)
        ais_app_fmt_printf(f, ",\"%s\":%.2f", name, v * 0.05);
    else
        ais_app_fmt_printf(f, ",\"%s\":%u", name, v);
}

void ais_app_gla_json(const struct ais_app *a, int scaled, struct ais_app_fmt *f)
{
    if (a->kind != AIS_APP_6_235_10) return;
    const struct ais_app_gla_aton *g = &a->u.gla_aton;
    ais_app_fmt_printf(f, ",\"off_pos\":%s,\"alarm\":%s,\"stat_ext\":%u",
                       g->off_pos ? "true" : "false", g->alarm ? "true" : "false", g->stat_ext);
    gla_analogue(f, "ana_int", g->ana_int, scaled);
    gla_analogue(f, "ana_ext1", g->ana_ext1, scaled);
    gla_analogue(f, "ana_ext2", g->ana_ext2, scaled);
    ais_app_fmt_printf(f, ",\"racon\":%u,\"racon_text\":\"%s\",\"light\":%u,\"light_text\":\"%s\"",
                       g->racon, gla_racon[g->racon & 3], g->light, gla_light[g->light & 3]);
}
