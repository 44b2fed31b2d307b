/* ais_decode_int.h: internal split of ais_decode() across files by message
 * family; not for use outside decode/ais_decode*.c. */
#ifndef AISD_AIS_DECODE_INT_H
#define AISD_AIS_DECODE_INT_H

#include "decode/ais_msg.h"
#include "decode/bitreader.h"

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
