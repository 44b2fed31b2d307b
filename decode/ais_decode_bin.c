/* ais_decode_bin.c: the binary-payload messages: addressed (6) and broadcast
 * (8) binary with DAC/FID (application fields via ais_app_decode()), DGNSS
 * corrections (17), single and multiple slot binary (25, 26). */
#include <string.h>

#include "decode/ais_decode_int.h"
#include "decode/err.h"

#define U(pos, w) ((unsigned)ais_decode_u(br, (pos), (w)))
#define S(pos, w) ((int)ais_decode_s(br, (pos), (w)))
#define B(pos) (ais_decode_u(br, (pos), 1) != 0)

void ais_decode_copy_bits(const struct bitreader *br, size_t pos, size_t count, uint8_t *out,
                          size_t outsz)
{
    size_t nbytes = (count + 7) / 8;
    if (nbytes > outsz) nbytes = outsz;
    memset(out, 0, outsz);
    if ((pos & 7) == 0 && pos / 8 + nbytes <= AIS_DECODE_PAD_BYTES) {
        memcpy(out, br->bytes + pos / 8, nbytes);
    } else {
        for (size_t i = 0; i < nbytes; i++)
            out[i] = (uint8_t)ais_decode_u(br, pos + 8 * i, 8);
    }
}

int ais_decode_type6(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 88 || n > 1008) return AISD_E_FORMAT;
    struct ais_type6 *t = &m->type6;
    t->seqno = U(38, 2);
    t->dest_mmsi = U(40, 30);
    t->retransmit = B(70);
    t->dac = U(72, 10);
    t->fid = U(82, 6);
    t->bitcount = n - 88;
    ais_decode_copy_bits(br, 88, t->bitcount, t->bitdata, sizeof t->bitdata);
    t->structured = ais_app_decode(6, t->dac, t->fid, br->bytes, 88, n, &t->app) == 0;
    return 0;
}

int ais_decode_type8(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 56 || n > 1008) return AISD_E_FORMAT;
    struct ais_type8 *t = &m->type8;
    t->dac = U(40, 10);
    t->fid = U(50, 6);
    t->bitcount = n - 56;
    ais_decode_copy_bits(br, 56, t->bitcount, t->bitdata, sizeof t->bitdata);
    t->structured = ais_app_decode(8, t->dac, t->fid, br->bytes, 56, n, &t->app) == 0;
    return 0;
}

int ais_decode_type17(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 80 || n > 816) return AISD_E_FORMAT;
    struct ais_type17 *t = &m->type17;
    t->lon = S(40, 18);
    t->lat = S(58, 17);
    t->bitcount = n - 80;
    ais_decode_copy_bits(br, 80, t->bitcount, t->bitdata, sizeof t->bitdata);
    return 0;
}

int ais_decode_type25(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 40 || n > 168) return AISD_E_FORMAT;
    struct ais_type25 *t = &m->type25;
    t->addressed = B(38);
    t->structured = B(39);
    size_t start = 40 + 16 * (size_t)t->structured + 30 * (size_t)t->addressed;
    if (n < start) return AISD_E_FORMAT;
    t->dest_mmsi = t->addressed ? U(40, 30) : 0;
    t->app_id = t->structured ? U(40 + 30 * (size_t)t->addressed, 16) : 0;
    t->bitcount = n - start;
    ais_decode_copy_bits(br, start, t->bitcount, t->bitdata, sizeof t->bitdata);
    return 0;
}

int ais_decode_type26(const struct bitreader *br, struct ais_msg *m)
{
    size_t n = br->nbits;
    if (n < 60 || n > 1004) return AISD_E_FORMAT;
    struct ais_type26 *t = &m->type26;
    t->addressed = B(38);
    t->structured = B(39);
    size_t start = 40 + 16 * (size_t)t->structured + 30 * (size_t)t->addressed;
    if (n < start + 20) return AISD_E_FORMAT;
    t->dest_mmsi = t->addressed ? U(40, 30) : 0;
    t->app_id = t->structured ? U(40 + 30 * (size_t)t->addressed, 16) : 0;
    t->bitcount = n - 20 - start;
    ais_decode_copy_bits(br, start, t->bitcount, t->bitdata, sizeof t->bitdata);
    t->radio = U(n - 20, 20);
    return 0;
}
