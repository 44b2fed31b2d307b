/* ais_decode_int.h: internal split of ais_decode() across files by message
 * family; not for use outside decode/ais_decode*.c. */
#ifndef AISD_AIS_DECODE_INT_H
#define AISD_AIS_DECODE_INT_H

#include "decode/ais_msg.h"
#include "decode/bitreader.h"

/* ais_decode() hands every family decoder a bit reader over a zero-padded
 * copy of the message, AIS_DECODE_PAD_BYTES long: bits past nbits are zero
 * and any field of up to 57 bits starting inside the message can be read
 * with one unaligned 8-byte big-endian load. */
#define AIS_DECODE_PAD_BYTES (AIS_MSG_MAX_BYTES + 8)

static inline uint64_t ais_decode_u(const struct bitreader *br, size_t pos, unsigned width)
{
    if (width - 1u < 57u && pos < 8 * (size_t)AIS_MSG_MAX_BYTES) {
        const uint8_t *p = br->bytes + (pos >> 3);
        uint64_t v = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
                     (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
                     (uint64_t)p[6] << 8 | (uint64_t)p[7];
        return (v << (pos & 7)) >> (64 - width);
    }
    return bitreader_u(br, pos, width);
}

static inline int64_t ais_decode_s(const struct bitreader *br, size_t pos, unsigned width)
{
    uint64_t u = ais_decode_u(br, pos, width);
    if (width - 1u < 63u && (u >> (width - 1)) & 1) u |= ~(uint64_t)0 << width;
    return (int64_t)u;
}

/* gpsd's from_sixbit() over the padded copy: bitreader_text_raw() (stop at
 * '@') then, unless raw, trailing spaces and '@' trimmed. */
static inline size_t ais_decode_text(const struct bitreader *br, size_t pos, size_t count,
                                     char *out, size_t outsz, int raw)
{
    if (count > outsz - 1) count = outsz - 1;
    size_t i;
    for (i = 0; i < count; i++) {
        char c = bitreader_sixchr[ais_decode_u(br, pos + 6 * i, 6)];
        if (c == '@') break;
        out[i] = c;
    }
    out[i] = '\0';
    while (!raw && i > 0 && out[i - 1] == ' ')
        out[--i] = '\0';
    return i;
}

/* ais_decode_bin.c: binary payloads */
int ais_decode_type6(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type8(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type17(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type25(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type26(const struct bitreader *br, struct ais_msg *m);
/* The whole bytes holding count bits from pos into out (MSB first). Like
 * gpsd, the unused low bits of the last byte are the message bits that follow
 * (zero past the end of the message); out is zero-filled beyond. */
void ais_decode_copy_bits(const struct bitreader *br, size_t pos, size_t count, uint8_t *out,
                          size_t outsz);

/* ais_decode_misc.c: link management, text, acknowledgements */
int ais_decode_type7(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type10(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type12(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type14(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type15(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type16(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type20(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type22(const struct bitreader *br, struct ais_msg *m);
int ais_decode_type23(const struct bitreader *br, struct ais_msg *m);

#endif
