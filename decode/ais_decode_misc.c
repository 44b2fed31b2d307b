/* ais_decode_misc.c: acknowledgements (7, 13), UTC inquiry (10), safety text
 * (12, 14), interrogation (15), assignment (16), data link management (20),
 * channel management (22) and group assignment (23). */
#include <string.h>

#include "decode/ais_decode_int.h"
#include "decode/err.h"

#define U(pos, w) ((unsigned)ais_decode_u(br, (pos), (w)))
#define S(pos, w) ((int)ais_decode_s(br, (pos), (w)))
#define B(pos) (ais_decode_u(br, (pos), 1) != 0)

int ais_decode_type7(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 72 || n > 168) return AISD_E_FORMAT;
    unsigned mmsi[4], seq[4];
    for (unsigned i = 0; i < 4; i++) {
        if (40 + 32 * i < n) {
            mmsi[i] = U(40 + 32 * i, 30);
            seq[i] = U(70 + 32 * i, 2);
        } else {
            mmsi[i] = seq[i] = 0;
        }
    }
    struct ais_type7 *t = &m->type7;
    t->mmsi1 = mmsi[0];
    t->seqno1 = seq[0];
    t->mmsi2 = mmsi[1];
    t->seqno2 = seq[1];
    t->mmsi3 = mmsi[2];
    t->seqno3 = seq[2];
    t->mmsi4 = mmsi[3];
    t->seqno4 = seq[3];
    return 0;
}

int ais_decode_type10(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 72) return AISD_E_FORMAT;
    m->type10.dest_mmsi = U(40, 30);
    return 0;
}

/* gpsd's endchars(): whole six-bit characters from start to the end */
static void text_to_end(const struct bitreader *br, size_t start, char *out, size_t outsz)
{
    if (br->nbits <= start) {
        out[0] = '\0';
        return;
    }
    ais_decode_text(br, start, (br->nbits - start) / 6, out, outsz, 0);
}

int ais_decode_type12(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 72 || n > 1008) return AISD_E_FORMAT;
    struct ais_type12 *t = &m->type12;
    t->seqno = U(38, 2);
    t->dest_mmsi = U(40, 30);
    t->retransmit = B(70);
    text_to_end(br, 72, t->text, sizeof t->text);
    return 0;
}

int ais_decode_type14(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 40 || n > 960) return AISD_E_FORMAT;
    text_to_end(br, 40, m->type14.text, sizeof m->type14.text);
    return 0;
}

int ais_decode_type15(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 88 || n > 168) return AISD_E_FORMAT;
    struct ais_type15 *t = &m->type15;
    memset(t, 0, sizeof *t);
    t->mmsi1 = U(40, 30);
    t->type1_1 = U(70, 6);
    t->offset1_1 = U(76, 12);
    if (n > 90) {
        t->type1_2 = U(90, 6);
        t->offset1_2 = U(96, 12);
        if (n > 110) {
            t->mmsi2 = U(110, 30);
            t->type2_1 = U(140, 6);
            t->offset2_1 = U(146, 12);
        }
    }
    return 0;
}

int ais_decode_type16(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 96 || n > 168) return AISD_E_FORMAT;
    struct ais_type16 *t = &m->type16;
    t->mmsi1 = U(40, 30);
    t->offset1 = U(70, 12);
    t->increment1 = U(82, 10);
    if (n < 144) {
        t->mmsi2 = t->offset2 = t->increment2 = 0;
    } else {
        t->mmsi2 = U(92, 30);
        t->offset2 = U(122, 12);
        t->increment2 = U(134, 10);
    }
    return 0;
}

int ais_decode_type20(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 72 || n > 186) return AISD_E_FORMAT;
    struct ais_type20 *t = &m->type20;
    t->offset1 = U(40, 12);
    t->number1 = U(52, 4);
    t->timeout1 = U(56, 3);
    t->increment1 = U(59, 11);
    t->offset2 = U(70, 12);
    t->number2 = U(82, 4);
    t->timeout2 = U(86, 3);
    t->increment2 = U(89, 11);
    t->offset3 = U(100, 12);
    t->number3 = U(112, 4);
    t->timeout3 = U(116, 3);
    t->increment3 = U(119, 11);
    t->offset4 = U(130, 12);
    t->number4 = U(142, 4);
    t->timeout4 = U(146, 3);
    t->increment4 = U(149, 11);
    return 0;
}

int ais_decode_type22(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 168) return AISD_E_FORMAT;
    struct ais_type22 *t = &m->type22;
    t->channel_a = U(40, 12);
    t->channel_b = U(52, 12);
    t->txrx = U(64, 4);
    t->power = U(68, 1);
    t->addressed = U(139, 1);
    t->ne_lon = t->ne_lat = t->sw_lon = t->sw_lat = 0;
    t->dest1 = t->dest2 = 0;
    if (!t->addressed) {
        t->ne_lon = S(69, 18);
        t->ne_lat = S(87, 17);
        t->sw_lon = S(104, 18);
        t->sw_lat = S(122, 17);
    } else {
        t->dest1 = U(69, 30);
        t->dest2 = U(104, 30);
    }
    t->band_a = U(140, 1);
    t->band_b = U(141, 1);
    t->zonesize = U(142, 3);
    return 0;
}

int ais_decode_type23(const struct bitreader *br, struct ais_msg *m)
{
    if (br->nbits < 160) return AISD_E_FORMAT;
    struct ais_type23 *t = &m->type23;
    t->ne_lon = S(40, 18);
    t->ne_lat = S(58, 17);
    t->sw_lon = S(75, 18);
    t->sw_lat = S(93, 17);
    t->stationtype = U(110, 4);
    t->shiptype = U(114, 8);
    t->txrx = U(144, 4);
    t->interval = U(146, 4);
    t->quiet = U(150, 4);
    return 0;
}
