/* nmea_sentence.h: one line of text -> one validated AIS sentence
 * ([\tag block\]!ccVDM|VDO,count,number,seqid,channel,payload,fill*hh[suffix]).
 *
 * Any talker; '!' or '$' start. The checksum is checked, every field
 * validated, the tag block (nmea_tag.h) parsed. A USCG N-AIS suffix
 * (`,x..,s..,d..,T..,rSTATION,unixtime`) after the checksum is accepted: its
 * r/b field is the station and its last field the receive time. Trailing CR,
 * LF and blanks are ignored. The payload is not yet de-armoured (nmea.h does
 * that). Nothing is allocated; payload points into the line. */
#ifndef AISD_NMEA_SENTENCE_H
#define AISD_NMEA_SENTENCE_H

#include "decode/nmea_reason.h"
#include "decode/nmea_tag.h"

#include <stddef.h>
#include <stdint.h>

struct nmea_sentence {
    char talker[3];      /* "AI", "AB", "BS", ... */
    int vdo;             /* 1 for VDO (own ship), 0 for VDM */
    unsigned count;      /* fragments in the message, 1..9 */
    unsigned number;     /* this fragment, 1..count */
    int seqid;           /* sequential message id 0..9, -1 when empty */
    char channel;        /* 'A', 'B', '1', '2', ... or 0 when empty */
    const char *payload; /* armoured payload, not NUL-terminated */
    size_t payload_len;
    unsigned fill; /* 0..5 */
    int has_tag;   /* a tag block preceded the sentence */
    struct nmea_tag tag;
    int has_suffix_time; /* USCG suffix time present */
    int64_t suffix_time_ms;
    char station[NMEA_TAG_STR_MAX]; /* USCG r/b field, "" when none */
};

/* Parse line[0..len). Returns NMEA_OK, or the reason it is not an AIS
 * sentence (NMEA_R_BLANK, NMEA_R_NOT_AIS, NMEA_R_NOT_NMEA) or is corrupt. */
enum nmea_reason nmea_sentence_parse(const char *line, size_t len, struct nmea_sentence *s);

/* 1 when line is a Gatehouse `$PGHP,1,...` timestamp sentence with a good
 * checksum, its time (UTC, milliseconds since 1970) in *time_ms. */
int nmea_sentence_pghp(const char *line, size_t len, int64_t *time_ms);

#endif
