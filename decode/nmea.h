/* nmea.h: the NMEA AIS input layer: lines of text in, complete AIS messages
 * out (payload bits + channel, talker, tag block, time, station).
 *
 * Per line: nmea_sentence_parse() (checksum, fields, tag block, USCG suffix),
 * de-armouring (armour.h), then multi-sentence reassembly keyed by channel,
 * sequence id and fragment count in a fixed pool of slots, so fragments of
 * messages interleaved across channels are put together. A partial message is
 * dropped (and counted) when a new first fragment with its key arrives, when
 * it is older than the timeout, or when the pool is full and it is the
 * oldest. A Gatehouse $PGHP line gives the time of the sentence that follows
 * it. Every line has exactly one outcome, counted per enum nmea_reason.
 *
 * No allocation after nmea_create(); single-threaded. */
#ifndef AISD_NMEA_H
#define AISD_NMEA_H

#include "decode/frame.h"
#include "decode/nmea_reason.h"
#include "decode/nmea_tag.h"

#include <stddef.h>
#include <stdint.h>

/* Longest reassembled message accepted: what a struct ais_frame can hold. */
#define NMEA_MAX_BITS (8 * AIS_FRAME_MAX_BYTES)
#define NMEA_MAX_BYTES AIS_FRAME_MAX_BYTES

struct nmea_msg {
    size_t nbits;                   /* message length in bits */
    uint8_t bytes[NMEA_MAX_BYTES];  /* message bits, MSB first, pad bits zero */
    char talker[3];                 /* of the first fragment */
    int vdo;                        /* 1 for VDO (own ship) */
    char channel;                   /* 'A', 'B', ... or 0 when not given */
    int seqid;                      /* -1 for single-sentence messages without one */
    unsigned nsentences;            /* fragments it came in */
    int has_tag;                    /* at least one fragment had a tag block */
    struct nmea_tag tag;            /* the fragments' tag fields merged, first wins; a member
                                     * is valid only when its bit is set in tag.fields */
    int has_time;                   /* time_ms is valid */
    int64_t time_ms;                /* tag c:, else USCG suffix time, else $PGHP time */
    char station[NMEA_TAG_STR_MAX]; /* tag s:, else USCG r/b field, else "" */
};

struct nmea_config {
    unsigned slots;             /* partial messages kept at once (default 16) */
    int64_t timeout_ms;         /* drop partials older than this by now_ms; 0: never */
    unsigned timeout_sentences; /* ... or older than this many AIS sentences; 0: never */
};

struct nmea_stats {
    uint64_t lines;                /* every line pushed */
    uint64_t sentences;            /* lines that parsed as AIS sentences (fragments included) */
    uint64_t messages;             /* complete messages delivered */
    uint64_t reason[NMEA_R_COUNT]; /* outcomes; [NMEA_OK] counts accepted sentences */
};

struct nmea;

struct nmea_config nmea_config_default(void);
struct nmea *nmea_create(const struct nmea_config *cfg);
void nmea_destroy(struct nmea *p);
/* Forget partial messages and the pending $PGHP time; keep the counters. */
void nmea_reset(struct nmea *p);

/* Push one line (with or without its line end). now_ms is the caller's clock
 * for the reassembly timeout (any epoch; pass 0 when there is none).
 * Returns 1 with a complete message in *out; 0 when the line was taken but no
 * message is complete yet (a fragment stored, a $PGHP time, a blank line or
 * comment); AISD_E_NOTTHIS when it is not AIS; AISD_E_CHECKSUM or
 * AISD_E_FORMAT when it is a corrupt AIS line. *why (may be NULL) gets the
 * outcome's reason (NMEA_OK for 1 and for stored fragments). */
int nmea_push_line(struct nmea *p, const char *line, size_t len, int64_t now_ms,
                   struct nmea_msg *out, enum nmea_reason *why);

/* Count a line whose outcome the caller decided before parsing (e.g.
 * NMEA_R_TOO_LONG from nmea_reader). */
void nmea_note(struct nmea *p, enum nmea_reason r);

/* Drop partial messages that have timed out by now_ms (counted). */
void nmea_expire(struct nmea *p, int64_t now_ms);

/* End of input: drop every partial message still waiting (counted as
 * NMEA_R_INCOMPLETE). */
void nmea_flush(struct nmea *p);

const struct nmea_stats *nmea_get_stats(const struct nmea *p);

#endif
