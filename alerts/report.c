/* report.c: struct ais_msg -> struct report (see report.h). */
#include "alerts/report.h"

#include "decode/ais_msg.h"

#include <math.h>
#include <string.h>

static void copy_text(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; i + 1 < n && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
    /* trim trailing spaces and '@' padding */
    while (i > 0 && (dst[i - 1] == ' ' || dst[i - 1] == '@'))
        dst[--i] = 0;
}

/* lon/lat in 1/10000 minute (div = 600000) or 1/10 minute (div = 600). */
static int set_pos(struct report *r, int lon, int lat, double div)
{
    double la = lat / div, lo = lon / div;
    if (fabs(la) > 90.0 || fabs(lo) > 180.0 || (la == 0.0 && lo == 0.0)) return REPORT_BAD_POSITION;
    r->has_pos = 1;
    r->lat = la;
    r->lon = lo;
    return REPORT_OK;
}

static int set_speed10(struct report *r, unsigned speed)
{
    if (speed == 1023)
        r->sog = NAN;
    else if (speed > 1022)
        return REPORT_BAD_SPEED;
    else
        r->sog = speed / 10.0;
    return REPORT_OK;
}

static void set_course10(struct report *r, unsigned course, unsigned heading)
{
    r->cog = course < 3600 ? course / 10.0 : NAN;
    r->heading = heading < 360 ? (int)heading : -1;
}

static void set_dims(struct report *r, unsigned b, unsigned s, unsigned p, unsigned sb)
{
    r->to_bow = (uint16_t)b;
    r->to_stern = (uint16_t)s;
    r->to_port = (uint16_t)p;
    r->to_starboard = (uint16_t)sb;
    r->fields |= RS_DIMS;
}

int report_from_msg(const struct ais_msg *m, struct report *r)
{
    memset(r, 0, sizeof *r);
    r->lat = r->lon = NAN;
    r->sog = r->cog = NAN;
    r->heading = -1;
    r->status = -1;
    r->turn = -128;
    r->second = -1;
    r->shiptype = -1;
    r->draught = NAN;
    if (!m) return REPORT_IGNORED;
    r->mmsi = m->mmsi;
    r->type = (uint8_t)m->type;
    if (m->mmsi == 0 || m->mmsi > 999999999u) return REPORT_BAD_MMSI;
    int rc;
    switch (m->type) {
    case 1:
    case 2:
    case 3: {
        const struct ais_type1 *p = &m->type1;
        r->kind = REPORT_POSITION;
        r->cls = CLASS_A;
        if ((rc = set_speed10(r, p->speed))) return rc;
        set_course10(r, p->course, p->heading);
        r->status = (int)p->status;
        r->turn = p->turn;
        r->second = p->second < 60 ? (int)p->second : -1;
        return set_pos(r, p->lon, p->lat, 600000.0);
    }
    case 18: {
        const struct ais_type18 *p = &m->type18;
        r->kind = REPORT_POSITION;
        r->cls = CLASS_B;
        r->cs = p->cs;
        if ((rc = set_speed10(r, p->speed))) return rc;
        set_course10(r, p->course, p->heading);
        r->second = p->second < 60 ? (int)p->second : -1;
        return set_pos(r, p->lon, p->lat, 600000.0);
    }
    case 19: {
        const struct ais_type19 *p = &m->type19;
        r->kind = REPORT_POSITION;
        r->cls = CLASS_B;
        if ((rc = set_speed10(r, p->speed))) return rc;
        set_course10(r, p->course, p->heading);
        r->second = p->second < 60 ? (int)p->second : -1;
        copy_text(r->name, sizeof r->name, p->shipname);
        if (r->name[0]) r->fields |= RS_NAME;
        r->shiptype = (int)p->shiptype;
        r->fields |= RS_SHIPTYPE;
        set_dims(r, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
        return set_pos(r, p->lon, p->lat, 600000.0);
    }
    case 27: {
        const struct ais_type27 *p = &m->type27;
        r->kind = REPORT_POSITION;
        r->cls = CLASS_A; /* long-range: class A or B-SO; treat as A */
        r->sog = p->speed < 63 ? (double)p->speed : NAN;
        r->cog = p->course < 360 ? (double)p->course : NAN;
        r->status = (int)p->status;
        return set_pos(r, p->lon, p->lat, 600.0);
    }
    case 5: {
        const struct ais_type5 *p = &m->type5;
        r->kind = REPORT_STATIC;
        r->cls = CLASS_A;
        copy_text(r->name, sizeof r->name, p->shipname);
        copy_text(r->callsign, sizeof r->callsign, p->callsign);
        copy_text(r->destination, sizeof r->destination, p->destination);
        r->imo = p->imo;
        r->shiptype = (int)p->shiptype;
        r->fields |= RS_NAME | RS_CALLSIGN | RS_IMO | RS_SHIPTYPE | RS_VOYAGE;
        set_dims(r, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
        r->draught = p->draught / 10.0;
        r->eta_month = (uint8_t)p->month;
        r->eta_day = (uint8_t)p->day;
        r->eta_hour = (uint8_t)p->hour;
        r->eta_minute = (uint8_t)p->minute;
        return REPORT_OK;
    }
    case 24: {
        const struct ais_type24 *p = &m->type24;
        r->kind = REPORT_STATIC;
        r->cls = CLASS_B;
        if (p->part == AIS_T24_PART_A || p->part == AIS_T24_BOTH) {
            copy_text(r->name, sizeof r->name, p->shipname);
            r->fields |= RS_NAME;
        }
        if (p->part == AIS_T24_PART_B || p->part == AIS_T24_BOTH) {
            r->shiptype = (int)p->shiptype;
            copy_text(r->callsign, sizeof r->callsign, p->callsign);
            r->fields |= RS_SHIPTYPE | RS_CALLSIGN;
            if (!ais_decode_is_auxiliary(m->mmsi))
                set_dims(r, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
        }
        return REPORT_OK;
    }
    default:
        return REPORT_IGNORED;
    }
}

const char *report_reject_name(int reason)
{
    switch (reason) {
    case REPORT_OK:
        return "ok";
    case REPORT_BAD_MMSI:
        return "bad_mmsi";
    case REPORT_BAD_POSITION:
        return "bad_position";
    case REPORT_BAD_SPEED:
        return "bad_speed";
    case REPORT_IGNORED:
        return "ignored";
    }
    return "unknown";
}
