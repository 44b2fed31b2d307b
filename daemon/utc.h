/* utc.h: the UTC times aisd and aisctl take on their command lines (aisd
 * start-time, aisctl rx --start): ISO 8601 "2026-11-22T06:00:00Z", with an
 * optional fraction of a second; strict, so that a local time with an offset
 * ("+02:00") or a field out of range is refused rather than read as
 * something else. */
#ifndef AISD_UTC_H
#define AISD_UTC_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SS[.fff]Z" (the Z may be left out) or "YYYY-MM-DD" (its
 * midnight) -> ms since 1970 in *ms. 0, or -1 when s is anything else. */
int utc_parse(const char *s, int64_t *ms);

/* ms since 1970 -> "YYYY-MM-DDTHH:MM:SS.fffZ" into buf (at least 32 bytes). */
void utc_format(int64_t ms, char *buf, size_t len);

#endif
