/* crc_fix.h: HDLC decoding in the coherent symbol domain and CRC-aided
 * correction. Input is the decided Laurent symbols c_k = +-1 of one burst (k = 0
 * is the first training bit) and their soft values s_k (normalised, |s| ~ 1,
 * sign = decision). Data bits are d_k = c_k c_{k-2} (+1 => bit 1); bytes go on
 * air LSB first. A frame is accepted only if it starts right after the start
 * flag, ends with a flag, has a valid CRC-16/X.25, type 1..27 and, for the
 * fixed-length types, the length of its type.
 *
 * Correction flips the c symbols (not data bits) among the nflip least reliable
 * in the window implied by the message type, fixed-length types only, guarded by
 * the expected-residual-error gate, a cost ceiling (sum of flipped LLRs), a
 * ceiling on -ln of the error pattern's probability (score), a cap on the
 * number of flips and of CRC-checked candidates, field plausibility of each
 * candidate (dsp/msg_plausible.h) and ambiguity rejection. Candidates whose
 * type-5 text is implausible are refused before the CRC too, and the checks
 * they free go to less likely patterns, up to score_extra above the ceilings.
 * When that finds nothing and the hard decisions' own frame fails a field
 * check (or its type is not of the frame's length), one of that field's few
 * symbols is wrong: a localised search flips one of them (alone or with one
 * or two of the least reliable), its ceiling raised by -ln P(some symbol
 * there is wrong), at most loc_cands checks, and only where that probability
 * is below loc_zmax. */
#ifndef AISD_CRC_FIX_H
#define AISD_CRC_FIX_H

#include "decode/frame.h"

#include <stddef.h>
#include <stdint.h>

struct crc_fix_config {
    unsigned nflip;       /* least reliable symbols considered (<= 16) in the window of a
                           * message of 300 bits or more (type 5, 19) */
    unsigned nflip_short; /* ... of a shorter message (0: nflip): a 168-bit window has
                           * ~200 symbols, where 16 found no more frames than 12 */
    unsigned max_flips;   /* at most this many flipped at once */
    float gate;           /* max expected errors outside the flip set */
    float cost_max;       /* max sum of LLRs of the flipped symbols */
    unsigned max_cands;   /* CRC-check at most this many candidates, cheapest first (0 = all):
                           * past the first few a check finds fewer frames than its score says */
    float score_max;      /* max -ln P(error pattern) = sum over the window of ln(1 + e^-LLR)
                           * plus the flipped LLRs (0 = no limit) */
    float score_extra;    /* the ceilings may rise by up to this much while the
                           * candidates under them that msg_text_plausible refused
                           * leave room: never more CRC checks than without the text
                           * checks (0 = off) */
    unsigned loc_cands;   /* the localised search (a structure or field check of the
                           * hard decisions fails, so one of its symbols is wrong):
                           * at most this many CRC checks (0 = off) */
    float loc_zmax;       /* ... only where Z_R, the probability that some symbol of
                           * its region is wrong, is below this (a region with a weak
                           * symbol: its checks buy fewer frames than the main
                           * search's last ones; >= 1: always) */
};

struct crc_fix_stats {
    uint64_t searches;  /* correction searches run */
    uint64_t gated;     /* not run: E_out above the gate */
    uint64_t ambiguous; /* rejected: two different frames passed */
    uint64_t fixed;     /* frames delivered after correction */
    uint64_t tried; /* candidates checked against the CRC (each is a ~2^-16 false-pass chance) */
    uint64_t local; /* localised searches run (included in searches) */
    uint64_t local_tried;  /* their CRC checks (included in tried) */
    uint64_t local_fixed;  /* frames they delivered (included in fixed) */
    uint64_t plain_failed; /* distinct well-formed frames of crc_fix_decode that failed the CRC:
                            * each one not the frame sent is a 2^-16 chance too (a burst
                            * with a wrong FCS decoded with a symbol error); the same
                            * bytes decoded again (pass 2, other hypotheses) count once */
};

struct crc_fix;

void crc_fix_config_default(struct crc_fix_config *c);
/* For dsp/overlap's joint decisions (its own LLRs from path-metric
 * margins): 12 symbols, 4 flips, gate 1.0, cost 7, score 7, 64 candidates. */
void crc_fix_config_joint(struct crc_fix_config *c);
struct crc_fix *crc_fix_create(const struct crc_fix_config *c);
void crc_fix_destroy(struct crc_fix *x);
const struct crc_fix_stats *crc_fix_stats(const struct crc_fix *x);

/* Fixed message length in bits for an AIS type, 0 when variable or invalid.
 * Type 24 has two (160, 168): *alt gets the second (or 0). */
unsigned crc_fix_type_bits(unsigned type, unsigned *alt);

/* The message type read from hard decisions c[0..n) in the c domain (data bit
 * k is c[k] == c[k-2]), de-stuffed, data starting at symbol data_start >= 2:
 * bits 2..7 of the first byte. 0 when fewer than 8 data bits are there. */
unsigned crc_fix_hard_type(const int8_t *c, size_t n, size_t data_start);

/* Symbol index just after the first want de-stuffed data bits of hard
 * decisions c[0..n) (data from symbol data_start), or n when they run out. */
size_t crc_fix_raw_span(const int8_t *c, size_t n, size_t data_start, unsigned want);

/* Symbols up to the end flag (six data ones) or an abort in hard decisions
 * c[0..n), data starting at symbol data_start >= 2; n when there is none. */
size_t crc_fix_hard_end(const int8_t *c, size_t n, size_t data_start);

/* Plain decode of c[0..n) with data starting at symbol data_start. Returns 0
 * and fills f, *end (symbol index after the end flag); AISD_E_CHECKSUM when the
 * frame is well-formed but the CRC fails (counted in plain_failed unless the
 * same bytes failed among the last few decodes); AISD_E_FORMAT otherwise. */
int crc_fix_decode(struct crc_fix *x, const int8_t *c, size_t n, size_t data_start,
                   struct ais_frame *f, size_t *end);

/* The flip patterns over have (<= 16) symbols of LLRs llr[]: at most
 * max_flips flipped, their LLRs summing to at most cmax, cheapest first into
 * masks[] and mcost[] (room for 1 << have). Returns how many. */
unsigned crc_fix_masks(const float *llr, unsigned have, unsigned max_flips, float cmax,
                       uint16_t *masks, float *mcost);

/* Correction search. want_bits 0: the window and type come from the hard
 * decision (fixed-length types only); otherwise the message length is assumed
 * to be want_bits and any fixed-length type of that length is accepted (used
 * when the type bits themselves may be wrong). Returns 0 with *f and
 * *nflipped (symbols flipped) on a unique accepted candidate; AISD_E_NOTTHIS
 * when the type is variable-length or invalid, AISD_E_RANGE when gated,
 * AISD_E_FORMAT when nothing passed, AISD_E_CHECKSUM when ambiguous. */
int crc_fix_search(struct crc_fix *x, const int8_t *c, const float *s, size_t n, size_t data_start,
                   unsigned want_bits, struct ais_frame *f, unsigned *nflipped);

#endif
