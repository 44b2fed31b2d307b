/* ais_app.c: PLACEHOLDER (see ais_app.h) until wt-app lands the real decoder:
 * every DAC/FID is "not decoded", so types 6/8 report their raw data. */
#include "decode/ais_app.h"

#include "decode/err.h"

int ais_app_decode(int msgtype, unsigned dac, unsigned fid, const uint8_t *bytes, size_t bitpos,
                   size_t nbits, struct ais_app *out)
{
    (void)bytes;
    (void)bitpos;
    (void)nbits;
    out->msgtype = msgtype;
    out->dac = dac;
    out->fid = fid;
    return AISD_E_NOTTHIS;
}

void ais_app_json(const struct ais_app *a, int scaled, struct jsonw *w)
{
    (void)a;
    (void)scaled;
    (void)w;
}

size_t ais_app_dump(const struct ais_app *a, char *buf, size_t len)
{
    (void)a;
    if (len) buf[0] = '\0';
    return 0;
}
