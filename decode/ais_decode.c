/* ais_decode.c: ais_decode() dispatch plus the position, base station,
 * static/voyage, class B and aid-to-navigation families (types 1-5, 9, 11,
 * 18, 19, 21, 24, 27), and gpsd's type 24 A/B pairing. Length rules follow
 * gpsd: too short is AISD_E_FORMAT, some oversized lengths are tolerated. */
#include "decode/ais_msg.h"

#include <string.h>

#include "decode/ais_decode_int.h"
#include "decode/bitreader.h"
#include "decode/err.h"

#define U(pos, w) ((unsigned)ais_decode_u(br, (pos), (w)))
#define S(pos, w) ((int)ais_decode_s(br, (pos), (w)))
#define B(pos) (ais_decode_u(br, (pos), 1) != 0)
#define TEXT(pos, field) ais_decode_text(br, (pos), sizeof(field) - 1, (field), sizeof(field), 0)

static int decode_type1(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 163 || n > 204) return AISD_E_FORMAT;
    struct ais_type1 *t = &m->type1;
    t->status = U(38, 4);
    t->turn = S(42, 8);
    t->speed = U(50, 10);
    t->accuracy = B(60);
    t->lon = S(61, 28);
    t->lat = S(89, 27);
    t->course = U(116, 12);
    t->heading = U(128, 9);
    t->second = U(137, 6);
    t->maneuver = U(143, 2);
    t->raim = B(148);
    t->radio = n >= 168 ? U(149, 19) : U(149, (unsigned)(n - 149));
    return 0;
}

static int decode_type4(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 168) return AISD_E_FORMAT;
    struct ais_type4 *t = &m->type4;
    t->year = U(38, 14);
    t->month = U(52, 4);
    t->day = U(56, 5);
    t->hour = U(61, 5);
    t->minute = U(66, 6);
    t->second = U(72, 6);
    t->accuracy = B(78);
    t->lon = S(79, 28);
    t->lat = S(107, 27);
    t->epfd = U(134, 4);
    t->raim = B(148);
    t->radio = U(149, 19);
    return 0;
}

static int decode_type5(const struct bitreader *br, struct ais_msg *m)
{
    /* 424 bits; many transmitters send 420 or 422, which gpsd accepts */
    if (br->nbits < 420) return AISD_E_FORMAT;
    struct ais_type5 *t = &m->type5;
    t->ais_version = U(38, 2);
    t->imo = U(40, 30);
    TEXT(70, t->callsign);
    TEXT(112, t->shipname);
    t->shiptype = U(232, 8);
    t->to_bow = U(240, 9);
    t->to_stern = U(249, 9);
    t->to_port = U(258, 6);
    t->to_starboard = U(264, 6);
    t->epfd = U(270, 4);
    t->month = U(274, 4);
    t->day = U(278, 5);
    t->hour = U(283, 5);
    t->minute = U(288, 6);
    t->draught = U(294, 8);
    TEXT(302, t->destination);
    t->dte = br->nbits >= 423 ? U(422, 1) : 0;
    return 0;
}

static int decode_type9(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 168) return AISD_E_FORMAT;
    struct ais_type9 *t = &m->type9;
    t->alt = U(38, 12);
    t->speed = U(50, 10);
    t->accuracy = B(60);
    t->lon = S(61, 28);
    t->lat = S(89, 27);
    t->course = U(116, 12);
    t->second = U(128, 6);
    t->regional = U(134, 8);
    t->dte = U(142, 1);
    t->assigned = B(146);
    t->raim = B(147);
    t->radio = U(148, 20);
    return 0;
}

static int decode_type18(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 168) return AISD_E_FORMAT;
    struct ais_type18 *t = &m->type18;
    t->reserved = U(38, 8);
    t->speed = U(46, 10);
    t->accuracy = B(56);
    t->lon = S(57, 28);
    t->lat = S(85, 27);
    t->course = U(112, 12);
    t->heading = U(124, 9);
    t->second = U(133, 6);
    t->regional = U(139, 2);
    t->cs = B(141);
    t->display = B(142);
    t->dsc = B(143);
    t->band = B(144);
    t->msg22 = B(145);
    t->assigned = B(146);
    t->raim = B(147);
    t->radio = U(148, 20);
    return 0;
}

static int decode_type19(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 312) return AISD_E_FORMAT;
    struct ais_type19 *t = &m->type19;
    t->reserved = U(38, 8);
    t->speed = U(46, 10);
    t->accuracy = B(56);
    t->lon = S(57, 28);
    t->lat = S(85, 27);
    t->course = U(112, 12);
    t->heading = U(124, 9);
    t->second = U(133, 6);
    t->regional = U(139, 4);
    TEXT(143, t->shipname);
    t->shiptype = U(263, 8);
    t->to_bow = U(271, 9);
    t->to_stern = U(280, 9);
    t->to_port = U(289, 6);
    t->to_starboard = U(295, 6);
    t->epfd = U(301, 4);
    t->raim = B(305);
    t->dte = U(306, 1);
    t->assigned = B(307);
    return 0;
}

static int decode_type21(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 272 || n > 368) return AISD_E_FORMAT;
    struct ais_type21 *t = &m->type21;
    t->aid_type = U(38, 5);
    /* the 20-character name untrimmed, so that an extension can follow it */
    size_t len = ais_decode_text(br, 43, 20, t->name, sizeof t->name, 1);
    t->accuracy = B(163);
    t->lon = S(164, 28);
    t->lat = S(192, 27);
    t->to_bow = U(219, 9);
    t->to_stern = U(228, 9);
    t->to_port = U(237, 6);
    t->to_starboard = U(243, 6);
    t->epfd = U(249, 4);
    t->second = U(253, 6);
    t->off_position = B(259);
    t->regional = U(260, 8);
    t->raim = B(268);
    t->virtual_aid = B(269);
    t->assigned = B(270);
    if (len == 20 && n > 272)
        ais_decode_text(br, 272, (n - 272) / 6, t->name + 20, sizeof t->name - 20, 0);
    bitreader_trim(t->name);
    return 0;
}

int ais_decode_is_auxiliary(unsigned mmsi)
{
    return mmsi / 10000000u == 98;
}

static int decode_type24(const struct bitreader *br, struct ais_msg *m)
{
    struct ais_type24 *t = &m->type24;
    size_t n = br->nbits;
    memset(t, 0, sizeof *t); /* the other part's fields read empty/zero */
    switch (U(38, 2)) {
    case 0:
        if (n < 160 || n > 168) return AISD_E_FORMAT;
        t->part = AIS_T24_PART_A;
        TEXT(40, t->shipname);
        return 0;
    case 1:
        if (n < 168) return AISD_E_FORMAT;
        t->part = AIS_T24_PART_B;
        t->shiptype = U(40, 8);
        /* vendorid is read as 7 characters (revision 3) and model/serial from
         * the same bits (revision 4), as gpsd does */
        TEXT(48, t->vendorid);
        t->model = U(66, 4);
        t->serial = U(70, 20);
        TEXT(90, t->callsign);
        if (ais_decode_is_auxiliary(m->mmsi)) {
            t->mothership_mmsi = U(132, 30);
        } else {
            t->to_bow = U(132, 9);
            t->to_stern = U(141, 9);
            t->to_port = U(150, 6);
            t->to_starboard = U(156, 6);
        }
        return 0;
    default:
        return AISD_E_UNSUPPORTED;
    }
}

static int decode_type27(const struct bitreader *br, struct ais_msg *m)
{
    /* 96 bits; some transmitters fill a whole 168-bit slot */
    if (br->nbits != 96 && br->nbits != 168) return AISD_E_FORMAT;
    struct ais_type27 *t = &m->type27;
    t->accuracy = B(38);
    t->raim = B(39);
    t->status = U(40, 4);
    t->lon = S(44, 18);
    t->lat = S(62, 17);
    t->speed = U(79, 6);
    t->course = U(85, 9);
    t->gnss = B(94);
    return 0;
}

int ais_decode(const uint8_t *bytes, size_t nbits, struct ais_msg *m)
{
    if (!m || (!bytes && nbits)) return AISD_E_INVAL;
    /* Only the header is cleared here: each family decoder writes every
     * field of its type on success. */
    m->type = 0;
    m->repeat = 0;
    m->mmsi = 0;
    m->nbits = nbits;
    if (nbits > AIS_MSG_MAX_BITS) return AISD_E_FORMAT;
    if (nbits < 38) return AISD_E_FORMAT;
    /* A zero-padded copy: bits past nbits read as zero and every field read
     * takes the bit reader's 8-byte fast path. */
    uint8_t pad[AIS_DECODE_PAD_BYTES];
    size_t nbytes = (nbits + 7) / 8;
    memcpy(pad, bytes, nbytes);
    if (nbits & 7) pad[nbytes - 1] &= (uint8_t)(0xFF << (8 - (nbits & 7)));
    memset(pad + nbytes, 0, sizeof pad - nbytes);
    struct bitreader brs = {pad, nbits};
    const struct bitreader *br = &brs;
    m->type = U(0, 6);
    m->repeat = U(6, 2);
    m->mmsi = U(8, 30);
    switch (m->type) {
    case 1:
    case 2:
    case 3:
        return decode_type1(br, m);
    case 4:
    case 11:
        return decode_type4(br, m);
    case 5:
        return decode_type5(br, m);
    case 6:
        return ais_decode_type6(br, m);
    case 7:
    case 13:
        return ais_decode_type7(br, m);
    case 8:
        return ais_decode_type8(br, m);
    case 9:
        return decode_type9(br, m);
    case 10:
        return ais_decode_type10(br, m);
    case 12:
        return ais_decode_type12(br, m);
    case 14:
        return ais_decode_type14(br, m);
    case 15:
        return ais_decode_type15(br, m);
    case 16:
        return ais_decode_type16(br, m);
    case 17:
        return ais_decode_type17(br, m);
    case 18:
        return decode_type18(br, m);
    case 19:
        return decode_type19(br, m);
    case 20:
        return ais_decode_type20(br, m);
    case 21:
        return decode_type21(br, m);
    case 22:
        return ais_decode_type22(br, m);
    case 23:
        return ais_decode_type23(br, m);
    case 24:
        return decode_type24(br, m);
    case 25:
        return ais_decode_type25(br, m);
    case 26:
        return ais_decode_type26(br, m);
    case 27:
        return decode_type27(br, m);
    default:
        return AISD_E_UNSUPPORTED;
    }
}

void ais_decode_t24_init(struct ais_t24_queue *q)
{
    memset(q, 0, sizeof *q);
}

int ais_decode_t24_pair(struct ais_t24_queue *q, struct ais_msg *m)
{
    if (m->type != 24) return 1;
    struct ais_type24 *t = &m->type24;
    if (t->part == AIS_T24_PART_A) {
        unsigned i = q->index % AIS_T24_QUEUE_LEN;
        q->ships[i].mmsi = m->mmsi;
        memcpy(q->ships[i].shipname, t->shipname, sizeof q->ships[i].shipname);
        q->index = (i + 1) % AIS_T24_QUEUE_LEN;
        return 0;
    }
    if (t->part != AIS_T24_PART_B) return 1;
    for (unsigned i = 0; i < AIS_T24_QUEUE_LEN; i++) {
        if (q->ships[i].mmsi == m->mmsi) {
            memcpy(t->shipname, q->ships[i].shipname, sizeof t->shipname);
            q->ships[i].mmsi = 0; /* a repeated B must not match again */
            t->part = AIS_T24_BOTH;
            return 1;
        }
    }
    return 0;
}
