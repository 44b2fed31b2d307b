/* nmea_reason.h: why the NMEA layer rejected, skipped or dropped input. Every
 * line the parser sees ends in exactly one outcome; outcomes are counted per
 * reason (struct nmea_stats in nmea.h) and named by nmea_reason_name(). */
#ifndef AISD_NMEA_REASON_H
#define AISD_NMEA_REASON_H

enum nmea_reason {
    NMEA_OK = 0,
    /* skipped lines: not AIS, nothing wrong with them */
    NMEA_R_BLANK,    /* empty or whitespace-only line, or a '#' comment */
    NMEA_R_NOT_AIS,  /* another NMEA sentence ($GPGGA, $PGHP, !AIALR, ...) */
    NMEA_R_NOT_NMEA, /* text that is not NMEA at all, or binary garbage */
    /* rejected AIS lines: corrupt */
    NMEA_R_TOO_LONG,     /* line longer than the reader's limit */
    NMEA_R_NUL,          /* a NUL byte in the line: binary data, not a sentence */
    NMEA_R_NO_START,     /* "AIVDM,..." without its '!' */
    NMEA_R_NO_CHECKSUM,  /* no or malformed `*hh` */
    NMEA_R_CHECKSUM,     /* checksum mismatch */
    NMEA_R_FIELDS,       /* wrong field count or a malformed count/number/seqid/channel */
    NMEA_R_EMPTY,        /* empty payload */
    NMEA_R_ARMOUR,       /* a character outside the six-bit armour alphabet */
    NMEA_R_FILL,         /* fill bits not 0..5 or more than the payload */
    NMEA_R_OVERSIZE,     /* payload (or reassembled message) over NMEA_MAX_BITS */
    NMEA_R_TAG_CHECKSUM, /* tag block checksum wrong or missing */
    NMEA_R_TAG_FORMAT,   /* tag block malformed (or unterminated) */
    NMEA_R_ORPHAN,       /* a later fragment whose earlier fragments never came */
    NMEA_R_DUPLICATE,    /* the same fragment again */
    /* dropped partial messages (counted when dropped, not per line) */
    NMEA_R_INCOMPLETE, /* replaced by a new first fragment with the same key */
    NMEA_R_TIMEOUT,    /* fragments older than the reassembly timeout */
    NMEA_R_EVICTED,    /* reassembly pool full: the oldest partial message dropped */
    NMEA_R_COUNT
};

/* Short stable name, e.g. "checksum" (used in summaries and tests). */
const char *nmea_reason_name(enum nmea_reason r);
/* One-line description, e.g. "checksum mismatch". */
const char *nmea_reason_text(enum nmea_reason r);
/* 1 for the reasons that mean a corrupt AIS line (not skips, not drops). */
int nmea_reason_is_reject(enum nmea_reason r);

#endif
