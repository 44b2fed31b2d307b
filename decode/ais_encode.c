/* ais_encode.c: bit packing of typed AIS messages (the transmit side of
 * ais_decode). Field widths follow ITU-R M.1371-5 Annex 8. */
#include "decode/ais_encode.h"

#include "decode/err.h"

#include <string.h>

struct bitw {
    uint8_t *b;
    size_t max_bits;
    size_t n;
    int overflow;
};

static void put(struct bitw *w, uint64_t v, unsigned width)
{
    for (unsigned i = width; i-- > 0;) {
        if (w->n >= w->max_bits) {
            w->overflow = 1;
            return;
        }
        if ((v >> i) & 1) w->b[w->n >> 3] |= (uint8_t)(0x80u >> (w->n & 7));
        w->n++;
    }
}

static void put_int(struct bitw *w, int64_t v, unsigned width)
{
    put(w, (uint64_t)v & ((width < 64 ? (1ull << width) : 0) - 1), width);
}

unsigned ais_encode_sixbit(char c)
{
    unsigned char u = (unsigned char)c;
    if (u >= 'a' && u <= 'z') u = (unsigned char)(u - 'a' + 'A');
    if (u >= 64 && u <= 95) return u - 64u;
    if (u >= 32 && u <= 63) return u;
    return '?';
}

/* nchars characters of s (padded with '@' = 0). */
static void put_text(struct bitw *w, const char *s, size_t nchars)
{
    size_t len = s ? strnlen(s, nchars) : 0;
    for (size_t i = 0; i < nchars; i++)
        put(w, i < len ? ais_encode_sixbit(s[i]) : 0, 6);
}

static void put_header(struct bitw *w, const struct ais_msg *m)
{
    put(w, m->type, 6);
    put(w, m->repeat, 2);
    put(w, m->mmsi, 30);
}

static void enc_type1(struct bitw *w, const struct ais_type1 *p)
{
    put(w, p->status, 4);
    put_int(w, p->turn, 8);
    put(w, p->speed, 10);
    put(w, p->accuracy, 1);
    put_int(w, p->lon, 28);
    put_int(w, p->lat, 27);
    put(w, p->course, 12);
    put(w, p->heading, 9);
    put(w, p->second, 6);
    put(w, p->maneuver, 2);
    put(w, 0, 3);
    put(w, p->raim, 1);
    put(w, p->radio, 19);
}

static void enc_type4(struct bitw *w, const struct ais_type4 *p)
{
    put(w, p->year, 14);
    put(w, p->month, 4);
    put(w, p->day, 5);
    put(w, p->hour, 5);
    put(w, p->minute, 6);
    put(w, p->second, 6);
    put(w, p->accuracy, 1);
    put_int(w, p->lon, 28);
    put_int(w, p->lat, 27);
    put(w, p->epfd, 4);
    put(w, 0, 10);
    put(w, p->raim, 1);
    put(w, p->radio, 19);
}

static void enc_type5(struct bitw *w, const struct ais_type5 *p)
{
    put(w, p->ais_version, 2);
    put(w, p->imo, 30);
    put_text(w, p->callsign, 7);
    put_text(w, p->shipname, 20);
    put(w, p->shiptype, 8);
    put(w, p->to_bow, 9);
    put(w, p->to_stern, 9);
    put(w, p->to_port, 6);
    put(w, p->to_starboard, 6);
    put(w, p->epfd, 4);
    put(w, p->month, 4);
    put(w, p->day, 5);
    put(w, p->hour, 5);
    put(w, p->minute, 6);
    put(w, p->draught, 8);
    put_text(w, p->destination, 20);
    put(w, p->dte, 1);
    put(w, 0, 1);
}

static void enc_type18(struct bitw *w, const struct ais_type18 *p)
{
    put(w, p->reserved, 8);
    put(w, p->speed, 10);
    put(w, p->accuracy, 1);
    put_int(w, p->lon, 28);
    put_int(w, p->lat, 27);
    put(w, p->course, 12);
    put(w, p->heading, 9);
    put(w, p->second, 6);
    put(w, p->regional, 2);
    put(w, p->cs, 1);
    put(w, p->display, 1);
    put(w, p->dsc, 1);
    put(w, p->band, 1);
    put(w, p->msg22, 1);
    put(w, p->assigned, 1);
    put(w, p->raim, 1);
    put(w, p->radio, 20);
}

static void enc_type19(struct bitw *w, const struct ais_type19 *p)
{
    put(w, p->reserved, 8);
    put(w, p->speed, 10);
    put(w, p->accuracy, 1);
    put_int(w, p->lon, 28);
    put_int(w, p->lat, 27);
    put(w, p->course, 12);
    put(w, p->heading, 9);
    put(w, p->second, 6);
    put(w, p->regional, 4);
    put_text(w, p->shipname, 20);
    put(w, p->shiptype, 8);
    put(w, p->to_bow, 9);
    put(w, p->to_stern, 9);
    put(w, p->to_port, 6);
    put(w, p->to_starboard, 6);
    put(w, p->epfd, 4);
    put(w, p->raim, 1);
    put(w, p->dte, 1);
    put(w, p->assigned, 1);
    put(w, 0, 4);
}

static void enc_type21(struct bitw *w, const struct ais_type21 *p)
{
    put(w, p->aid_type, 5);
    put_text(w, p->name, 20);
    put(w, p->accuracy, 1);
    put_int(w, p->lon, 28);
    put_int(w, p->lat, 27);
    put(w, p->to_bow, 9);
    put(w, p->to_stern, 9);
    put(w, p->to_port, 6);
    put(w, p->to_starboard, 6);
    put(w, p->epfd, 4);
    put(w, p->second, 6);
    put(w, p->off_position, 1);
    put(w, p->regional, 8);
    put(w, p->raim, 1);
    put(w, p->virtual_aid, 1);
    put(w, p->assigned, 1);
    put(w, 0, 1);
    size_t len = strnlen(p->name, sizeof p->name);
    if (len > 20) /* name extension: up to 14 more characters */
        put_text(w, p->name + 20, len - 20 > 14 ? 14 : len - 20);
}

static int enc_type24(struct bitw *w, const struct ais_msg *m)
{
    const struct ais_type24 *p = &m->type24;
    if (p->part == AIS_T24_PART_A) {
        put(w, 0, 2);
        put_text(w, p->shipname, 20);
        return 0;
    }
    if (p->part != AIS_T24_PART_B) return AISD_E_INVAL;
    put(w, 1, 2);
    put(w, p->shiptype, 8);
    put_text(w, p->vendorid, 3);
    put(w, p->model, 4);
    put(w, p->serial, 20);
    put_text(w, p->callsign, 7);
    if (ais_decode_is_auxiliary(m->mmsi)) {
        put(w, p->mothership_mmsi, 30);
    } else {
        put(w, p->to_bow, 9);
        put(w, p->to_stern, 9);
        put(w, p->to_port, 6);
        put(w, p->to_starboard, 6);
    }
    put(w, 0, 6);
    return 0;
}

static void enc_type27(struct bitw *w, const struct ais_type27 *p)
{
    put(w, p->accuracy, 1);
    put(w, p->raim, 1);
    put(w, p->status, 4);
    put_int(w, p->lon, 18);
    put_int(w, p->lat, 17);
    put(w, p->speed, 6);
    put(w, p->course, 9);
    put(w, p->gnss, 1);
    put(w, 0, 1);
}

int ais_encode_bits(const struct ais_msg *m, uint8_t *bytes, size_t max_bytes, size_t *nbits)
{
    if (!m || !bytes || !nbits) return AISD_E_INVAL;
    memset(bytes, 0, max_bytes);
    struct bitw w = {bytes, max_bytes * 8, 0, 0};
    put_header(&w, m);
    int rc = 0;
    switch (m->type) {
    case 1:
    case 2:
    case 3:
        enc_type1(&w, &m->type1);
        break;
    case 4:
    case 11:
        enc_type4(&w, &m->type4);
        break;
    case 5:
        enc_type5(&w, &m->type5);
        break;
    case 18:
        enc_type18(&w, &m->type18);
        break;
    case 19:
        enc_type19(&w, &m->type19);
        break;
    case 21:
        enc_type21(&w, &m->type21);
        break;
    case 24:
        rc = enc_type24(&w, m);
        break;
    case 27:
        enc_type27(&w, &m->type27);
        break;
    default:
        return AISD_E_UNSUPPORTED;
    }
    if (rc) return rc;
    if (w.overflow) return AISD_E_RANGE;
    *nbits = w.n;
    return 0;
}

int ais_encode(const struct ais_msg *m, struct ais_frame *f)
{
    if (!f) return AISD_E_INVAL;
    size_t nbits = 0;
    int rc = ais_encode_bits(m, f->bytes, sizeof f->bytes, &nbits);
    if (rc) return rc;
    f->nbytes = (uint16_t)((nbits + 7) / 8);
    return 0;
}
