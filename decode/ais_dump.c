/* ais_dump.c: gpsd's pipe-separated AIS dump (see ais_dump.h), built with the
 * jsonw text primitives. The application fields of types 6/8 come from
 * ais_app_dump(). */
#include "decode/ais_dump.h"

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

static void ymdhm(struct jsonw *w, unsigned mo, unsigned dy, unsigned h, unsigned mi)
{
    jsonw_put_uint_pad(w, mo, 2);
    jsonw_put_char(w, '-');
    jsonw_put_uint_pad(w, dy, 2);
    jsonw_put_char(w, 'T');
    jsonw_put_uint_pad(w, h, 2);
    jsonw_put_char(w, ':');
    jsonw_put_uint_pad(w, mi, 2);
}

static void dump_body(const struct ais_msg *m, struct jsonw *w)
{
    switch (m->type) {
    case 1:
    case 2:
    case 3: {
        const struct ais_type1 *t = &m->type1;
        u(w, t->status);
        d(w, t->turn);
        u(w, t->speed);
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->course);
        u(w, t->heading);
        u(w, t->second);
        x(w, t->maneuver);
        u(w, t->raim);
        x(w, t->radio);
        break;
    }
    case 4:
    case 11: {
        const struct ais_type4 *t = &m->type4;
        bar(w);
        jsonw_put_uint_pad(w, t->year, 4);
        jsonw_put_char(w, '-');
        ymdhm(w, t->month, t->day, t->hour, t->minute);
        jsonw_put_char(w, ':');
        jsonw_put_uint_pad(w, t->second, 2);
        jsonw_put_char(w, 'Z');
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->epfd);
        u(w, t->raim);
        x(w, t->radio);
        break;
    }
    case 5: {
        const struct ais_type5 *t = &m->type5;
        u(w, t->imo);
        u(w, t->ais_version);
        s(w, t->callsign);
        s(w, t->shipname);
        u(w, t->shiptype);
        u(w, t->to_bow);
        u(w, t->to_stern);
        u(w, t->to_port);
        u(w, t->to_starboard);
        u(w, t->epfd);
        bar(w);
        ymdhm(w, t->month, t->day, t->hour, t->minute);
        jsonw_put_char(w, 'Z');
        u(w, t->draught);
        s(w, t->destination);
        u(w, t->dte);
        break;
    }
    case 6: {
        const struct ais_type6 *t = &m->type6;
        u(w, t->seqno);
        u(w, t->dest_mmsi);
        u(w, t->retransmit);
        u(w, t->dac);
        u(w, t->fid);
        app_tail(w, &t->app, t->structured, t->bitcount, t->bitdata);
        break;
    }
    case 7:
    case 13:
        u(w, m->type7.mmsi1);
        u(w, m->type7.mmsi2);
        u(w, m->type7.mmsi3);
        u(w, m->type7.mmsi4);
        break;
    case 8: {
        const struct ais_type8 *t = &m->type8;
        u(w, t->dac);
        u(w, t->fid);
        app_tail(w, &t->app, t->structured, t->bitcount, t->bitdata);
        break;
    }
    case 9: {
        const struct ais_type9 *t = &m->type9;
        u(w, t->alt);
        u(w, t->speed);
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->course);
        u(w, t->second);
        x(w, t->regional);
        u(w, t->dte);
        u(w, t->raim);
        x(w, t->radio);
        break;
    }
    case 10:
        u(w, m->type10.dest_mmsi);
        break;
    case 12:
        u(w, m->type12.seqno);
        u(w, m->type12.dest_mmsi);
        u(w, m->type12.retransmit);
        s(w, m->type12.text);
        break;
    case 14:
        s(w, m->type14.text);
        break;
    case 15: {
        const struct ais_type15 *t = &m->type15;
        u(w, t->mmsi1);
        u(w, t->type1_1);
        u(w, t->offset1_1);
        u(w, t->type1_2);
        u(w, t->offset1_2);
        u(w, t->mmsi2);
        u(w, t->type2_1);
        u(w, t->offset2_1);
        break;
    }
    case 16: {
        const struct ais_type16 *t = &m->type16;
        u(w, t->mmsi1);
        u(w, t->offset1);
        u(w, t->increment1);
        u(w, t->mmsi2);
        u(w, t->offset2);
        u(w, t->increment2);
        break;
    }
    case 17:
        d(w, m->type17.lon);
        d(w, m->type17.lat);
        bar(w);
        hexdata(w, m->type17.bitcount, m->type17.bitdata, 0);
        break;
    case 18: {
        const struct ais_type18 *t = &m->type18;
        u(w, t->reserved);
        u(w, t->speed);
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->course);
        u(w, t->heading);
        u(w, t->second);
        x(w, t->regional);
        u(w, t->cs);
        u(w, t->display);
        u(w, t->dsc);
        u(w, t->band);
        u(w, t->msg22);
        u(w, t->raim);
        x(w, t->radio);
        break;
    }
    case 19: {
        const struct ais_type19 *t = &m->type19;
        u(w, t->reserved);
        u(w, t->speed);
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->course);
        u(w, t->heading);
        u(w, t->second);
        x(w, t->regional);
        s(w, t->shipname);
        u(w, t->shiptype);
        u(w, t->to_bow);
        u(w, t->to_stern);
        u(w, t->to_port);
        u(w, t->to_starboard);
        u(w, t->epfd);
        u(w, t->raim);
        u(w, t->dte);
        u(w, t->assigned);
        break;
    }
    case 20: {
        const struct ais_type20 *t = &m->type20;
        const unsigned v[16] = {t->offset1, t->number1, t->timeout1, t->increment1,
                                t->offset2, t->number2, t->timeout2, t->increment2,
                                t->offset3, t->number3, t->timeout3, t->increment3,
                                t->offset4, t->number4, t->timeout4, t->increment4};
        for (int i = 0; i < 16; i++)
            u(w, v[i]);
        break;
    }
    case 21: {
        const struct ais_type21 *t = &m->type21;
        u(w, t->aid_type);
        s(w, t->name);
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->to_bow);
        u(w, t->to_stern);
        u(w, t->to_port);
        u(w, t->to_starboard);
        u(w, t->epfd);
        u(w, t->second);
        u(w, t->regional);
        x(w, t->off_position);
        u(w, t->raim);
        u(w, t->virtual_aid);
        break;
    }
    case 22: {
        const struct ais_type22 *t = &m->type22;
        u(w, t->channel_a);
        u(w, t->channel_b);
        u(w, t->txrx);
        u(w, t->power);
        if (t->addressed) {
            u(w, t->dest1);
            u(w, t->dest2);
        } else {
            d(w, t->ne_lon);
            d(w, t->ne_lat);
            d(w, t->sw_lon);
            d(w, t->sw_lat);
        }
        u(w, t->addressed);
        u(w, t->band_a);
        u(w, t->band_b);
        u(w, t->zonesize);
        break;
    }
    case 23: {
        const struct ais_type23 *t = &m->type23;
        d(w, t->ne_lon);
        d(w, t->ne_lat);
        d(w, t->sw_lon);
        d(w, t->sw_lat);
        u(w, t->stationtype);
        u(w, t->shiptype);
        u(w, t->txrx);
        u(w, t->interval);
        u(w, t->quiet);
        break;
    }
    case 24: {
        const struct ais_type24 *t = &m->type24;
        s(w, t->shipname);
        u(w, t->shiptype);
        s(w, t->vendorid);
        u(w, t->model);
        u(w, t->serial);
        s(w, t->callsign);
        if (ais_decode_is_auxiliary(m->mmsi)) {
            u(w, t->mothership_mmsi);
        } else {
            u(w, t->to_bow);
            u(w, t->to_stern);
            u(w, t->to_port);
            u(w, t->to_starboard);
        }
        break;
    }
    case 25: {
        const struct ais_type25 *t = &m->type25;
        u(w, t->addressed);
        u(w, t->structured);
        u(w, t->dest_mmsi);
        u(w, t->app_id);
        bar(w);
        hexdata(w, t->bitcount, t->bitdata, 0);
        break;
    }
    case 26: {
        const struct ais_type26 *t = &m->type26;
        u(w, t->addressed);
        u(w, t->structured);
        u(w, t->dest_mmsi);
        u(w, t->app_id);
        bar(w);
        hexdata(w, t->bitcount, t->bitdata, 0);
        /* gpsd never fills type 26's radio field: it always prints 0 */
        jsonw_rawn(w, ":0", 2);
        break;
    }
    case 27: {
        const struct ais_type27 *t = &m->type27;
        u(w, t->status);
        u(w, t->accuracy);
        d(w, t->lon);
        d(w, t->lat);
        u(w, t->speed);
        u(w, t->course);
        u(w, t->raim);
        u(w, t->gnss);
        break;
    }
    default:
        jsonw_raw(w, "|unknown AIVDM message content.");
        break;
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
