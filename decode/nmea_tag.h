/* nmea_tag.h: NMEA 4.10 tag blocks, `\k:v,k:v,...*hh\` in front of a
 * sentence: parsing (checksum checked) and formatting.
 *
 * Fields understood: c: time (UNIX seconds, or milliseconds when the value is
 * 1e12 or more; a fraction is accepted), s: source/station, d: destination,
 * g: (or G:) group "sentence-count-id", n: line count, r: relative time,
 * t: text. Other keys (libais/ORBCOMM T:, q:, ...) are skipped but counted in
 * `unknown`. Parsing allocates nothing; strings are copied (truncated to fit). */
#ifndef AISD_NMEA_TAG_H
#define AISD_NMEA_TAG_H

#include <stddef.h>
#include <stdint.h>

#define NMEA_TAG_STR_MAX 32 /* source, destination: up to 31 characters + NUL */
#define NMEA_TAG_TEXT_MAX 64
#define NMEA_TAG_MAX_LEN 256 /* longest tag block accepted, between the backslashes */

enum nmea_tag_field {
    NMEA_TAG_TIME = 1u << 0,   /* c: */
    NMEA_TAG_SOURCE = 1u << 1, /* s: */
    NMEA_TAG_DEST = 1u << 2,   /* d: */
    NMEA_TAG_GROUP = 1u << 3,  /* g: */
    NMEA_TAG_LINE = 1u << 4,   /* n: */
    NMEA_TAG_REL = 1u << 5,    /* r: */
    NMEA_TAG_TEXT = 1u << 6,   /* t: */
};

struct nmea_tag {
    unsigned fields;  /* enum nmea_tag_field bits present */
    unsigned unknown; /* count of other keys skipped */
    int64_t time_ms;  /* c:, in milliseconds since 1970 */
    int time_was_ms;  /* 1 when c: was given in milliseconds */
    char source[NMEA_TAG_STR_MAX];
    char dest[NMEA_TAG_STR_MAX];
    unsigned group_sentence, group_count, group_id; /* g:1-2-1604 */
    unsigned long line;                             /* n: */
    long rel;                                       /* r: */
    char text[NMEA_TAG_TEXT_MAX];
};

/* Parse the tag block body s[0..len) (between the backslashes, checksum
 * included). Returns 0, AISD_E_CHECKSUM (wrong or missing *hh), AISD_E_FORMAT
 * (a malformed field), AISD_E_RANGE (too long). */
int nmea_tag_parse(const char *s, size_t len, struct nmea_tag *t);

/* Copy into dst the fields of src that dst lacks (fragments of one message). */
void nmea_tag_merge(struct nmea_tag *dst, const struct nmea_tag *src);

/* Format t as a complete tag block `\...*hh\` into out (NUL-terminated).
 * Fields in the order g, s, c, n, d, r, t; c: is written in milliseconds when
 * time_was_ms (or the time has a sub-second part), else in seconds. Returns
 * the length, or 0 if t has no fields, out is too small, or a string field
 * holds a delimiter (`,` `*` `\` `!`) or a non-printable character. */
size_t nmea_tag_format(const struct nmea_tag *t, char *out, size_t max);

#endif
