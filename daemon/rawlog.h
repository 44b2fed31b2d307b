/* rawlog.h: the raw-frame log for researchers: one line per sentence, the NMEA
 * sentence with its tag block (c: ms, s: station), a TAB, and the frame's
 * signal metadata as JSON (`cut -f1` gives plain NMEA). Files are
 * DIR/aisd-YYYYMMDD.N.log (UTC day), a new N when the size limit is reached.
 * Main thread only. */
#ifndef AISD_RAWLOG_H
#define AISD_RAWLOG_H

#include <stdint.h>
#include <stdio.h>

struct rawlog_config {
    const char *dir;
    uint64_t max_bytes;
};

struct rawlog;

struct rawlog *rawlog_create(const struct rawlog_config *c);
void rawlog_destroy(struct rawlog *r);
/* Append a line for event time t (unix s; selects the day file). meta may be NULL. */
int rawlog_write(struct rawlog *r, double t, const char *sentence, const char *meta);
/* The file currently written (for tests and status), or "". */
const char *rawlog_path(const struct rawlog *r);

#endif
