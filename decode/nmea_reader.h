/* nmea_reader.h: a byte stream (file, pipe, TCP) -> lines, in bounded memory.
 * Lines end at '\n' (a '\r' before it is kept; the parser ignores it). A line
 * longer than max_line is not buffered: its first max_line bytes are handed
 * over flagged too_long and the rest skipped up to the next '\n', so a 100 kB
 * line or binary garbage without line ends costs no more than max_line. Lines
 * wholly inside a pushed block are passed without copying. */
#ifndef AISD_NMEA_READER_H
#define AISD_NMEA_READER_H

#include <stddef.h>

struct nmea_reader_config {
    size_t max_line; /* longest line kept, line end excluded (default 1024) */
};

/* Called once per line; too_long says the line was cut (and should be
 * counted as NMEA_R_TOO_LONG rather than parsed). */
typedef void (*nmea_reader_fn)(void *ctx, const char *line, size_t len, int too_long);

struct nmea_reader;

struct nmea_reader_config nmea_reader_config_default(void);
struct nmea_reader *nmea_reader_create(const struct nmea_reader_config *cfg);
void nmea_reader_destroy(struct nmea_reader *r);

/* Split data[0..n) into lines, calling fn for each complete one. */
void nmea_reader_push(struct nmea_reader *r, const char *data, size_t n, nmea_reader_fn fn,
                      void *ctx);
/* End of stream: hand over a last line that had no '\n'. */
void nmea_reader_finish(struct nmea_reader *r, nmea_reader_fn fn, void *ctx);

#endif
