/* frame.h: the AIS link layer (ITU-R M.1371 / HDLC) in both directions.
 * Receive: NRZI decoding, training + 0x7E flag search, bit de-stuffing, length
 * limits, CRC-16/X.25 check, per-byte bit-order reversal. Transmit: the inverse,
 * for the project's own signal simulator. Knows nothing of message contents.
 *
 * Bit conventions used throughout aisd:
 *  - "line levels" are the NRZI-coded bits as sent on air (0/1 per uint8_t);
 *  - "data bits" are NRZI-decoded (1 = no level change, 0 = change);
 *  - a frame's bytes[] hold the message MSB first (message bit i is
 *    bytes[i >> 3] >> (7 - (i & 7)) & 1), which is exactly what you get by
 *    collecting the de-stuffed on-air bits into bytes LSB first.
 * Objects are single-threaded; the per-bit functions allocate nothing. */
#ifndef AISD_FRAME_H
#define AISD_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* Largest message: 5 slots of 256 bits minus ramp/training/flags/FCS/stuffing. */
#define AIS_FRAME_MAX_BYTES 160
#define AIS_FRAME_MIN_BYTES 4 /* 32 bits: shorter payloads are never valid AIS */

struct ais_frame {
    uint16_t nbytes;                    /* message length in bytes (FCS removed) */
    uint8_t bytes[AIS_FRAME_MAX_BYTES]; /* message bits, MSB first */
};

/* CRC-16/X.25 (reflected poly 0x8408, init 0xFFFF, final xor 0xFFFF) over bytes
 * in the frame's byte order. The FCS goes on air low byte first. */
uint16_t ais_crc16(const uint8_t *bytes, size_t n);
/* 1 when bytes[0..n) is message + 2-byte FCS with a correct CRC (residue 0xF0B8). */
int ais_crc_ok(const uint8_t *bytes, size_t n);

/* NRZI: data bit 1 = no change of level, 0 = change. prev is the level before. */
void ais_nrzi_decode(const uint8_t *levels, size_t n, uint8_t prev, uint8_t *bits);
void ais_nrzi_encode(const uint8_t *bits, size_t n, uint8_t prev, uint8_t *levels);

/* De-stuff data bits that follow a start flag, up to and including the end
 * flag. Writes the de-stuffed bits (end flag excluded) to out (max out_max)
 * and returns their count, or a negative aisd_err: AISD_E_FORMAT for an abort
 * (seven 1s) or a stuffed bit that is not 0, AISD_E_AGAIN if no end flag is in
 * in[0..n), AISD_E_RANGE if out_max is exceeded. *consumed gets the number of
 * input bits used, end flag included. */
int ais_destuff(const uint8_t *in, size_t n, uint8_t *out, size_t out_max, size_t *consumed);

/* Pack de-stuffed bits (LSB-first bytes on air) into a frame and check the
 * FCS. nbits must be a multiple of 8 including the 16 FCS bits. Returns 0 and
 * fills f (FCS removed), AISD_E_RANGE for a bad length, AISD_E_CHECKSUM. */
int ais_frame_from_bits(const uint8_t *bits, size_t nbits, struct ais_frame *f);

/* Streaming receiver: push line levels one at a time (as a demodulator
 * decides them). It NRZI-decodes, waits for a 0x7E flag, de-stuffs, and at the
 * closing flag checks length and CRC. Back-to-back frames sharing a flag work. */
struct hdlc_stats {
    uint64_t frames;     /* CRC-valid frames delivered */
    uint64_t crc_errors; /* closing flag reached, CRC wrong */
    uint64_t too_long;   /* no closing flag within AIS_FRAME_MAX_BYTES + FCS */
    uint64_t too_short;  /* closing flag before AIS_FRAME_MIN_BYTES + FCS */
    uint64_t misaligned; /* closing flag not on a byte boundary */
    uint64_t aborts;     /* seven or more 1s inside a frame */
};

struct hdlc_deframer {
    uint8_t prev_level;
    uint8_t in_frame;
    uint8_t ones;   /* consecutive 1 data bits seen */
    uint16_t nbits; /* de-stuffed bits collected in the current frame */
    uint16_t mark;  /* nbits before the latest 0: where a closing flag began */
    uint8_t buf[AIS_FRAME_MAX_BYTES + 3]; /* + FCS + room for a closing flag */
    struct hdlc_stats stats;
};

void hdlc_deframer_init(struct hdlc_deframer *d);
/* Returns 1 when level completes a CRC-valid frame (written to *out), else 0. */
int hdlc_deframer_push(struct hdlc_deframer *d, uint8_t level, struct ais_frame *out);

/* Transmit side: build a burst's line levels from a message.
 * Layout per ITU-R M.1371: ramp_bits of unmodulated carrier (data 1s),
 * training_bits of alternating data bits 0101..., flag 0x7E, stuffed data + FCS (bytes LSB first),
 * flag 0x7E, then trailer_bits of buffer; all NRZI-coded starting from level 0.
 * Returns the number of levels written or AISD_E_RANGE if max is too small.
 * Also returns, through *data_start (may be NULL), the index of the first data
 * bit after the start flag. */
struct ais_burst_layout {
    unsigned ramp_bits;     /* default 8 */
    unsigned training_bits; /* default 24 */
    unsigned trailer_bits;  /* default 0: caller adds buffer/ramp-down */
};
void ais_burst_layout_default(struct ais_burst_layout *l);
int ais_burst_encode(const struct ais_frame *f, const struct ais_burst_layout *l, uint8_t *levels,
                     size_t max, size_t *data_start);

/* Frame <-> message bits helpers. */
static inline int ais_frame_bit(const struct ais_frame *f, size_t i)
{
    return (f->bytes[i >> 3] >> (7 - (i & 7))) & 1;
}

#endif
