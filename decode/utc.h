/* utc.h: ISO 8601 UTC times, the one reader and printer of them: the times
 * aisd and aisctl take on their command lines (aisd start-time, aisctl rx
 * --start), the "time" of alert logs read back by aisctl eval, and every
 * "2026-11-22T06:00:00.000Z" aisd and aisctl write (JSON, scenario truth).
 * Strict, so that a local time with an offset ("+02:00") or a field out of
 * range is refused rather than read as something else. */
#ifndef AISD_UTC_H
#define AISD_UTC_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SS[.fff]Z" (the Z may be left out) or "YYYY-MM-DD" (its
 * midnight) -> ms since 1970 in *ms. 0, or -1 when s is anything else. */
int utc_parse(const char *s, int64_t *ms);

/* ms since 1970 (before it too) -> "YYYY-MM-DDTHH:MM:SS.fffZ" into buf (at
 * least 32 bytes; 24 characters for the years 1000-9999). */
void utc_format(int64_t ms, char *buf, size_t len);

#endif
