/* frame.c: the AIS link layer: CRC-16/X.25, NRZI, bit de-stuffing, the
 * streaming HDLC deframer used by demodulators, and the burst encoder used by
 * the signal simulator. See frame.h for the bit conventions. */
#include "decode/frame.h"

#include "decode/err.h"

#include <string.h>

#define CRC_RESIDUE 0xF0B8u
#define HDLC_FLAG 0x7Eu

/* Table for the reflected polynomial 0x8408, computed at compile time. */
#define CRC_STEP(c) (((c)&1u) ? (((c) >> 1) ^ 0x8408u) : ((c) >> 1))
#define CRC_BYTE(b)                                                                                \
    CRC_STEP(CRC_STEP(CRC_STEP(CRC_STEP(CRC_STEP(CRC_STEP(CRC_STEP(CRC_STEP((unsigned)(b)))))))))
#define CRC_ROW4(b) CRC_BYTE(b), CRC_BYTE(b + 1), CRC_BYTE(b + 2), CRC_BYTE(b + 3)
#define CRC_ROW16(b) CRC_ROW4(b), CRC_ROW4(b + 4), CRC_ROW4(b + 8), CRC_ROW4(b + 12)
#define CRC_ROW64(b) CRC_ROW16(b), CRC_ROW16(b + 16), CRC_ROW16(b + 32), CRC_ROW16(b + 48)
static const uint16_t crc_table[256] = {CRC_ROW64(0), CRC_ROW64(64), CRC_ROW64(128),
                                        CRC_ROW64(192)};

static uint16_t crc_update(uint16_t crc, const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        crc = (uint16_t)((crc >> 8) ^ crc_table[(crc ^ bytes[i]) & 0xFF]);
    return crc;
}

/* Our frame bytes hold the message MSB first, and each byte goes on air LSB
 * first; so a byte's value is exactly what the reflected CRC consumes, and
 * the FCS bytes are stored as they go on air (low byte first). */
uint16_t ais_crc16(const uint8_t *bytes, size_t n)
{
    return (uint16_t)~crc_update(0xFFFF, bytes, n);
}

int ais_crc_ok(const uint8_t *bytes, size_t n)
{
    return n >= 2 && crc_update(0xFFFF, bytes, n) == CRC_RESIDUE;
}

void ais_nrzi_decode(const uint8_t *levels, size_t n, uint8_t prev, uint8_t *bits)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t l = levels[i] & 1;
        bits[i] = (uint8_t)(l == prev);
        prev = l;
    }
}

void ais_nrzi_encode(const uint8_t *bits, size_t n, uint8_t prev, uint8_t *levels)
{
    for (size_t i = 0; i < n; i++) {
        if (!(bits[i] & 1)) prev ^= 1;
        levels[i] = prev;
    }
}

int ais_destuff(const uint8_t *in, size_t n, uint8_t *out, size_t out_max, size_t *consumed)
{
    size_t nout = 0, mark = 0;
    unsigned ones = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] & 1) {
            if (++ones > 6) {
                if (consumed) *consumed = i + 1;
                return AISD_E_FORMAT; /* abort: seven 1s */
            }
            if (ones == 6) continue; /* a flag if a 0 follows */
            if (nout == out_max) {
                if (consumed) *consumed = i + 1;
                return AISD_E_RANGE;
            }
            out[nout++] = 1;
            continue;
        }
        if (ones == 6) { /* 0111111 0: the end flag; drop its leading 0 and 1s */
            if (consumed) *consumed = i + 1;
            return (int)mark;
        }
        mark = nout;
        if (ones != 5) { /* a 0 after five 1s is a stuffed bit */
            if (nout == out_max) {
                if (consumed) *consumed = i + 1;
                return AISD_E_RANGE;
            }
            out[nout++] = 0;
        }
        ones = 0;
    }
    if (consumed) *consumed = n;
    return AISD_E_AGAIN;
}

int ais_frame_from_bits(const uint8_t *bits, size_t nbits, struct ais_frame *f)
{
    if (nbits % 8 || nbits < 8u * (AIS_FRAME_MIN_BYTES + 2) ||
        nbits > 8u * (AIS_FRAME_MAX_BYTES + 2))
        return AISD_E_RANGE;
    size_t nbytes = nbits / 8;
    uint8_t buf[AIS_FRAME_MAX_BYTES + 2];
    for (size_t i = 0; i < nbytes; i++) {
        uint8_t v = 0;
        for (size_t k = 0; k < 8; k++) /* on air LSB first */
            v |= (uint8_t)((bits[8 * i + k] & 1) << k);
        buf[i] = v;
    }
    if (!ais_crc_ok(buf, nbytes)) return AISD_E_CHECKSUM;
    f->nbytes = (uint16_t)(nbytes - 2);
    memcpy(f->bytes, buf, nbytes - 2);
    return 0;
}

void hdlc_deframer_init(struct hdlc_deframer *d)
{
    memset(d, 0, sizeof *d);
}

/* At a closing flag: check length and CRC of the collected bits. */
static int deframer_finish(struct hdlc_deframer *d, struct ais_frame *out)
{
    size_t nbits = d->mark;
    if (nbits < 8u * (AIS_FRAME_MIN_BYTES + 2)) {
        if (nbits > 0) d->stats.too_short++;
        return 0;
    }
    if (nbits % 8) {
        d->stats.misaligned++;
        return 0;
    }
    size_t nbytes = nbits / 8;
    if (!ais_crc_ok(d->buf, nbytes)) {
        d->stats.crc_errors++;
        return 0;
    }
    out->nbytes = (uint16_t)(nbytes - 2);
    memcpy(out->bytes, d->buf, nbytes - 2);
    d->stats.frames++;
    return 1;
}

static void deframer_append(struct hdlc_deframer *d, uint8_t bit)
{
    size_t i = d->nbits;
    if ((i & 7) == 0) d->buf[i >> 3] = 0;
    d->buf[i >> 3] |= (uint8_t)(bit << (i & 7)); /* on air LSB first */
    d->nbits++;
}

int hdlc_deframer_push(struct hdlc_deframer *d, uint8_t level, struct ais_frame *out)
{
    level &= 1;
    uint8_t bit = (uint8_t)(level == d->prev_level);
    d->prev_level = level;

    if (bit) {
        if (d->ones < 255) d->ones++;
        if (d->ones == 7 && d->in_frame) {
            d->stats.aborts++;
            d->in_frame = 0;
        }
        if (d->ones >= 6 || !d->in_frame) return 0;
        deframer_append(d, 1);
    } else {
        uint8_t ones = d->ones;
        d->ones = 0;
        if (ones == 6) { /* a flag closes the frame in progress and opens the next */
            int delivered = d->in_frame ? deframer_finish(d, out) : 0;
            d->in_frame = 1;
            d->nbits = 0;
            d->mark = 0;
            return delivered;
        }
        if (!d->in_frame) return 0;
        d->mark = d->nbits;
        if (ones == 5) return 0; /* stuffed zero */
        deframer_append(d, 0);
    }
    if (d->nbits > 8u * (AIS_FRAME_MAX_BYTES + 2) + 6) { /* a closing flag adds up to 6 */
        d->stats.too_long++;
        d->in_frame = 0;
    }
    return 0;
}

void ais_burst_layout_default(struct ais_burst_layout *l)
{
    l->ramp_bits = 8;
    l->training_bits = 24;
    l->trailer_bits = 0;
}

int ais_burst_encode(const struct ais_frame *f, const struct ais_burst_layout *l, uint8_t *levels,
                     size_t max, size_t *data_start)
{
    if (!f || !l || !levels || f->nbytes > AIS_FRAME_MAX_BYTES) return AISD_E_INVAL;
    uint8_t msg[AIS_FRAME_MAX_BYTES + 2];
    memcpy(msg, f->bytes, f->nbytes);
    uint16_t fcs = ais_crc16(f->bytes, f->nbytes);
    msg[f->nbytes] = (uint8_t)(fcs & 0xFF); /* FCS: low byte first */
    msg[f->nbytes + 1] = (uint8_t)(fcs >> 8);
    size_t nmsg = f->nbytes + 2u;

    size_t need =
        l->ramp_bits + l->training_bits + 8 + nmsg * 8 + nmsg * 8 / 5 + 8 + l->trailer_bits;
    if (need > max) return AISD_E_RANGE;

    /* Build data bits (before NRZI) into levels, then NRZI in place. */
    size_t n = 0;
    for (unsigned i = 0; i < l->ramp_bits; i++)
        levels[n++] = 1; /* ramp-up: unmodulated (no level change) */
    for (unsigned i = 0; i < l->training_bits; i++)
        levels[n++] = (uint8_t)(i & 1); /* 0101... */
    for (int k = 0; k < 8; k++)
        levels[n++] = (uint8_t)((HDLC_FLAG >> k) & 1);
    if (data_start) *data_start = n;
    unsigned ones = 0;
    for (size_t i = 0; i < nmsg; i++) {
        for (int k = 0; k < 8; k++) { /* each byte LSB first */
            uint8_t b = (uint8_t)((msg[i] >> k) & 1);
            levels[n++] = b;
            if (b) {
                if (++ones == 5) {
                    levels[n++] = 0;
                    ones = 0;
                }
            } else {
                ones = 0;
            }
        }
    }
    for (int k = 0; k < 8; k++)
        levels[n++] = (uint8_t)((HDLC_FLAG >> k) & 1);
    for (unsigned i = 0; i < l->trailer_bits; i++)
        levels[n++] = 1;
    ais_nrzi_encode(levels, n, 0, levels);
    return (int)n;
}
