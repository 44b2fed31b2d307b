/* ais_dump.c: gpsd's pipe-separated AIS dump (see ais_dump.h), built with the
 * jsonw text primitives. The application fields of types 6/8 come from
 * ais_app_dump(). */
#include "decode/ais_dump.h"

#include "decode/ais_fields.h"
#include "decode/err.h"
#include "decode/jsonw.h"

static void bar(struct jsonw *w)
{
    jsonw_put_char(w, '|');
}

/* "|v" forms */
static void u(struct jsonw *w, uint64_t v)
{
    bar(w);
    jsonw_put_uint(w, v);
}

static void d(struct jsonw *w, int64_t v)
{
    bar(w);
    jsonw_put_int(w, v);
}

static void x(struct jsonw *w, unsigned v)
{
    static const char hex[] = "0123456789abcdef";
    char tmp[10];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = hex[v & 15];
        v >>= 4;
    } while (v);
    jsonw_rawn(w, "|0x", 3);
    jsonw_rawn(w, tmp + i, sizeof tmp - i);
}

static void s(struct jsonw *w, const char *str)
{
    bar(w);
    jsonw_raw(w, str);
}

static void hexdata(struct jsonw *w, size_t bitcount, const uint8_t *data, int structured)
{
    static const char hex[] = "0123456789abcdef";
    jsonw_put_uint(w, bitcount);
    jsonw_put_char(w, ':');
    size_t nbytes = (bitcount + 7) / 8;
    if (nbytes > AIS_MSG_MAX_BYTES) nbytes = AIS_MSG_MAX_BYTES;
    for (size_t i = 0; i < nbytes; i++) {
        char pair[2] = {'x', 'x'};
        if (!structured) {
            pair[0] = hex[data[i] >> 4];
            pair[1] = hex[data[i] & 15];
        }
        jsonw_rawn(w, pair, 2);
    }
}

static void app_tail(struct jsonw *w, const struct ais_app *app, int structured, size_t bitcount,
                     const uint8_t *data)
{
    if (structured) {
        char tmp[1024];
        size_t n = ais_app_dump(app, tmp, sizeof tmp);
        if (n > 0 && n < sizeof tmp) {
            jsonw_rawn(w, tmp, n);
            return;
        }
    }
    bar(w);
    hexdata(w, bitcount, data, structured);
}

/* The fields of table f of the message member at base, raw. */
static void dump_fields(const void *base, const struct ais_field *f, struct jsonw *w)
{
    for (; f->key; f++) {
        const char *p = (const char *)base + f->off;
        const unsigned *uv = (const unsigned *)(const void *)p;
        const int *iv = (const int *)(const void *)p;
        const bool *bv = (const bool *)(const void *)p;
        switch (f->kind) {
        case AF_INT:
        case AF_TURN:
        case AF_AREA:
            d(w, *iv);
            break;
        case AF_BOOL:
            u(w, *bv);
            break;
        case AF_BOOL_HEX:
            x(w, *bv);
            break;
        case AF_HEX:
            x(w, *uv);
            break;
        case AF_STR:
            s(w, p);
            break;
        case AF_LONLAT:
        case AF_LONLAT_1:
        case AF_LONLAT_4:
            d(w, iv[0]);
            d(w, iv[1]);
            break;
        case AF_ACC_LONLAT: {
            const int *ll = (const int *)(const void *)((const char *)base + f->off2);
            u(w, *bv);
            d(w, ll[0]);
            d(w, ll[1]);
            break;
        }
        case AF_DIMS:
            for (int i = 0; i < 4; i++)
                u(w, uv[i]);
            break;
        case AF_DATETIME:
        case AF_ETA:
            bar(w);
            ais_fields_put_time(w, uv, f->kind == AF_DATETIME);
            break;
        default: /* unsigned: plain, tenths, legends, flags, dump-only */
            u(w, *uv);
            break;
        }
    }
}

static void dump_body(const struct ais_msg *m, struct jsonw *w)
{
    const void *base = ais_fields_base(m);
    const struct ais_field *f = ais_fields_of(m->type);
    if (f) {
        dump_fields(base, f, w);
    } else if (m->type == 6) {
        dump_fields(base, ais_fields_type6, w);
        app_tail(w, &m->type6.app, m->type6.structured, m->type6.bitcount, m->type6.bitdata);
    } else if (m->type == 8) {
        dump_fields(base, ais_fields_type8, w);
        app_tail(w, &m->type8.app, m->type8.structured, m->type8.bitcount, m->type8.bitdata);
    } else if (m->type == 17) {
        dump_fields(base, ais_fields_type17, w);
        bar(w);
        hexdata(w, m->type17.bitcount, m->type17.bitdata, 0);
    } else if (m->type == 22) {
        dump_fields(base, ais_fields_type22, w);
        dump_fields(base,
                    m->type22.addressed ? ais_fields_type22_addressed : ais_fields_type22_area, w);
        dump_fields(base, ais_fields_type22_tail, w);
    } else if (m->type == 24) {
        s(w, m->type24.shipname);
        dump_fields(base, ais_fields_type24_b, w);
        dump_fields(base,
                    ais_decode_is_auxiliary(m->mmsi) ? ais_fields_type24_mother
                                                     : ais_fields_type24_dims,
                    w);
    } else if (m->type == 25 || m->type == 26) {
        dump_fields(base, ais_fields_binslot, w);
        bar(w);
        hexdata(w, m->type25.bitcount, m->type25.bitdata, 0);
        /* gpsd never fills type 26's radio field: it always prints 0 */
        if (m->type == 26) jsonw_rawn(w, ":0", 2);
    } else {
        jsonw_raw(w, "|unknown AIVDM message content.");
    }
}

int ais_dump(const struct ais_msg *m, char *buf, size_t len)
{
    if (!m || !buf) return AISD_E_INVAL;
    struct jsonw w;
    jsonw_init(&w, buf, len);
    jsonw_put_uint(&w, m->type);
    u(&w, m->repeat);
    bar(&w);
    jsonw_put_uint_pad(&w, m->mmsi, 9);
    dump_body(m, &w);
    return jsonw_finish(&w);
}
