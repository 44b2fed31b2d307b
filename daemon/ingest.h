/* ingest.h: what the main thread does with each item from the pipeline: a
 * frame becomes NMEA sentences (with a c:/s: tag block), a sentence from an
 * NMEA input is taken as it is; then decoding to typed messages and gpsd JSON,
 * vessel state and alert rules, and every output (ZeroMQ topics, NMEA over
 * UDP/TCP, the raw-frame log). Main thread only. */
#ifndef AISD_INGEST_H
#define AISD_INGEST_H

#include "daemon/itemq.h"
#include "daemon/nmeaout.h"
#include "daemon/pub.h"
#include "daemon/rawlog.h"

#include <stdint.h>

struct ingest_config {
    const char *station;
    struct pub *pub;         /* may be NULL */
    struct nmeaout *nmeaout; /* may be NULL */
    struct rawlog *rawlog;   /* may be NULL */
};

struct ingest_stats {
    uint64_t sentences; /* sentences published */
    uint64_t messages;  /* messages decoded */
    uint64_t bad;       /* sentences or messages rejected */
    double last_time;   /* latest event time seen */
    double last_latency_ms;
};

struct ingest;

struct ingest *ingest_create(const struct ingest_config *c);
void ingest_destroy(struct ingest *g);
void ingest_item(struct ingest *g, const struct itemq_item *it);
void ingest_stats(const struct ingest *g, struct ingest_stats *s);

/* Build "\s:STATION,c:MS*hh\" + sentence into out. Returns the length. */
size_t ingest_tag(char *out, size_t max, const char *station, double t, const char *sentence);

#endif
