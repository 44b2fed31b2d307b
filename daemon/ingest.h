/* ingest.h: what the main thread does with each item from the pipeline. A
 * frame becomes NMEA sentences (decode/nmea_encode.h, tag block c: ms and s:
 * station); a line from an NMEA input goes through decode/nmea.h (checksums,
 * reassembly, tag-block time). Sentences go to the `nmea` topic, the raw-frame
 * log (with the signal metadata) and NMEA over UDP/TCP (plain, no tag block);
 * complete messages are decoded (decode/ais_msg.h), published as gpsd JSON plus
 * signal metadata on `ais.<type>`, and handed to the on_message hook (vessel
 * state and alerts). Main thread only. */
#ifndef AISD_INGEST_H
#define AISD_INGEST_H

#include "daemon/itemq.h"
#include "daemon/nmeaout.h"
#include "daemon/pub.h"
#include "daemon/rawlog.h"
#include "daemon/snipq.h"
#include "decode/nmea_reason.h"

#include <stdint.h>

struct ais_msg;

/* A decoded message with its event time, channel ('A'/'B' or 0), level (NaN
 * when unknown) and station (tag-block s:, or NULL). */
typedef void (*ingest_message_fn)(void *ctx, const struct ais_msg *m, double t, char channel,
                                  double level_dbfs, const char *station);

struct ingest_config {
    const char *station;
    struct pub *pub;         /* may be NULL */
    struct nmeaout *nmeaout; /* may be NULL */
    struct rawlog *rawlog;   /* may be NULL */
    ingest_message_fn on_message;
    void *ctx;
    /* IQ snippets (may be NULL): written to iq_dir as raw samples */
    struct snipq *snipq;
    const char *iq_dir;
    double rate;
    const char *iq_ext;      /* "cu8", "cs16", ...: the samples' format */
    size_t bytes_per_sample; /* of one complex sample in that format */
};

#define INGEST_TYPES 28

struct ingest_stats {
    uint64_t sentences; /* AIS sentences published */
    uint64_t messages;  /* messages decoded */
    uint64_t per_type[INGEST_TYPES];
    uint64_t rejected;           /* corrupt AIS lines, undecodable messages */
    uint64_t undecodable;        /* of those: messages ais_decode refused, frames not encodable */
    uint64_t skipped;            /* non-AIS lines from an NMEA input */
    uint64_t nmea[NMEA_R_COUNT]; /* NMEA input outcomes per reason (decode/nmea_reason.h),
                                  * including partial messages dropped (incomplete, timeout) */
    uint64_t snippets;           /* IQ snippet files written */
    uint64_t rawlog_errors; /* sentences the raw-frame log could not take (open/write failed) */
    double last_time;       /* latest event time seen */
    double last_latency_ms; /* queue-to-published of the latest item */
};

struct ingest;

/* The first line of each kind of bad NMEA input (a corrupt AIS line, binary
 * garbage, a partial message dropped) is logged with its reason; the rest are
 * only counted (nmea[]). */
struct ingest *ingest_create(const struct ingest_config *c);
void ingest_destroy(struct ingest *g);
void ingest_item(struct ingest *g, const struct itemq_item *it);
/* End of input: drop partial multi-sentence messages. */
void ingest_flush(struct ingest *g);
void ingest_stats(const struct ingest *g, struct ingest_stats *s);

/* Build "\s:STATION,c:MS*hh\" + sentence into out. Returns the length. */
size_t ingest_tag(char *out, size_t max, const char *station, double t, const char *sentence);

#endif
