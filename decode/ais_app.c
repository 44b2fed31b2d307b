/* ais_app.c: the entry points of the application-message layer: dispatch of a
 * type 6/8 payload to its DAC family's decoder, and the JSON hand-over to the
 * shared writer. The families live in ais_app_imo*.c (DAC 1),
 * ais_app_inland.c (DAC 200) and ais_app_gla.c (DAC 235/250). */
#include "decode/ais_app.h"

#include <string.h>

#include "decode/ais_app_priv.h"
#include "decode/err.h"
#include "decode/jsonw.h"

int ais_app_decode(int msgtype, unsigned dac, unsigned fid, const uint8_t *bytes, size_t bitpos,
                   size_t nbits, struct ais_app *out)
{
    if (out == NULL) return AISD_E_INVAL;
    memset(out, 0, sizeof(*out));
    out->msgtype = msgtype;
    out->dac = dac;
    out->fid = fid;
    out->kind = AIS_APP_NONE;
    if (bytes == NULL || (msgtype != 6 && msgtype != 8) || bitpos > nbits) return AISD_E_NOTTHIS;
    out->bitcount = nbits - bitpos;

    struct ais_app_rd r;
    r.br.bytes = bytes;
    r.br.nbits = nbits;
    r.nbits = nbits;
    r.shift = (long)bitpos - (msgtype == 6 ? 88 : 56);

    int rc = AISD_E_NOTTHIS;
    if (dac == 1)
        rc = ais_app_imo_decode(&r, out);
    else if (dac == 200)
        rc = ais_app_inland_decode(&r, out);
    else if (msgtype == 6 && (dac == 235 || dac == 250))
        rc = ais_app_gla_decode(&r, out);
    if (rc != 0) out->kind = AIS_APP_NONE;
    return rc;
}

size_t ais_app_json_text(const struct ais_app *a, int scaled, char *buf, size_t len)
{
    struct ais_app_fmt f;
    ais_app_fmt_init(&f, buf, len);
    if (a == NULL) return 0;
    switch (a->dac) {
    case 1:
        ais_app_imo_json(a, scaled, &f);
        break;
    case 200:
        ais_app_inland_json(a, scaled, &f);
        break;
    default:
        ais_app_gla_json(a, scaled, &f);
        break;
    }
    return f.used;
}

void ais_app_json(const struct ais_app *a, int scaled, struct jsonw *w)
{
    char buf[AIS_APP_JSON_MAX];
    size_t n = ais_app_json_text(a, scaled, buf, sizeof(buf));
    if (n > 0 && n < sizeof(buf)) jsonw_rawn(w, buf, n);
}
