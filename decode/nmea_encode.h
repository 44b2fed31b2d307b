/* nmea_encode.h: AIS message bits -> !AIVDM/!AIVDO sentences, the inverse of
 * nmea.h: six-bit armour with fill bits, fragmentation so that every sentence
 * is at most 82 characters from '!' to CRLF (tag block not counted, as in
 * NMEA 4.10), sequence ids for multi-sentence messages, and an optional NMEA
 * 4.10 tag block per sentence (c: time in ms, s: station, n: line count;
 * g: sentence-count-group for multi-sentence messages, the full tag on the
 * first sentence and only g: (and n:) on the others).
 *
 * nmea_encode() is stateless; struct nmea_encoder keeps the rolling sequence
 * id, group id and line counter for a stream of messages. */
#ifndef AISD_NMEA_ENCODE_H
#define AISD_NMEA_ENCODE_H

#include "decode/nmea_tag.h"

#include <stddef.h>
#include <stdint.h>

#define NMEA_SENTENCE_MAX 82 /* '!' .. CRLF inclusive */
#define NMEA_ENCODE_MAX_SENTENCES 9
/* Enough output room for any message nmea.h accepts, tag blocks included. */
#define NMEA_ENCODE_OUT_MAX (NMEA_ENCODE_MAX_SENTENCES * (NMEA_SENTENCE_MAX + NMEA_TAG_MAX_LEN + 4))

struct nmea_encode_opts {
    const char *talker;         /* two characters; NULL means "AI" */
    int vdo;                    /* 1: VDO (own ship) instead of VDM */
    char channel;               /* 'A', 'B', ... or 0 for an empty field */
    int seqid;                  /* 0..9, used when the message needs several sentences */
    const struct nmea_tag *tag; /* NULL: no tag block. Its g: is set per sentence
                                   from group_id when the message is split */
    unsigned group_id;          /* g: id for multi-sentence messages with a tag */
};

/* Encode nbits message bits (MSB first) as sentences, each ending in CRLF,
 * into out (max bytes, NUL-terminated). *nsentences (may be NULL) gets their
 * number. Returns the length written, AISD_E_RANGE when out is too small or
 * the message needs more than 9 sentences, AISD_E_INVAL for bad options
 * (nbits 0, seqid out of range, a talker not two upper-case alphanumerics). */
int nmea_encode(const uint8_t *bytes, size_t nbits, const struct nmea_encode_opts *o, char *out,
                size_t max, unsigned *nsentences);

struct nmea_encoder_config {
    const char *talker; /* default "AI" (copied) */
    int vdo;
    int tag_time;                   /* add c: (milliseconds) when a time is given */
    int tag_line;                   /* add n: line counts */
    char station[NMEA_TAG_STR_MAX]; /* s: when not empty */
};

struct nmea_encoder;

struct nmea_encoder_config nmea_encoder_config_default(void);
struct nmea_encoder *nmea_encoder_create(const struct nmea_encoder_config *cfg);
void nmea_encoder_destroy(struct nmea_encoder *e);

/* Encode one message; time_ms < 0 means no time. Multi-sentence messages
 * take the next sequence id (0..9, rolling) and group id. Returns as
 * nmea_encode(). */
int nmea_encoder_encode(struct nmea_encoder *e, const uint8_t *bytes, size_t nbits, char channel,
                        int64_t time_ms, char *out, size_t max, unsigned *nsentences);

#endif
