/* jbuf.h: a growable text buffer with JSON appenders, used to build alert
 * objects, state changes and snapshots. Keys and strings are escaped; numbers
 * that are NaN or infinite are written as null. Not thread-safe; one owner. */
#ifndef AISD_JBUF_H
#define AISD_JBUF_H

#include <stddef.h>

struct jbuf {
    char *s;
    size_t len, cap;
    int err;   /* sticky: set when an allocation failed */
    int comma; /* a value was written at this nesting level: next needs ',' */
};

void jbuf_init(struct jbuf *b);
void jbuf_free(struct jbuf *b);
void jbuf_reset(struct jbuf *b);
void jbuf_raw(struct jbuf *b, const char *s, size_t n);
void jbuf_puts(struct jbuf *b, const char *s);
void jbuf_open(struct jbuf *b, char c);  /* '{' or '[' */
void jbuf_close(struct jbuf *b, char c); /* '}' or ']' */
void jbuf_key(struct jbuf *b, const char *key);
void jbuf_str(struct jbuf *b, const char *key, const char *val); /* key NULL: array item */
void jbuf_num(struct jbuf *b, const char *key, double val, int decimals);
void jbuf_int(struct jbuf *b, const char *key, long long val);
void jbuf_bool(struct jbuf *b, const char *key, int val);
void jbuf_null(struct jbuf *b, const char *key);
/* ISO 8601 UTC with milliseconds: 2024-01-02T03:04:05.678Z */
void jbuf_time(struct jbuf *b, const char *key, double t);
/* Pre-built JSON value (object/array text) under key. */
void jbuf_value(struct jbuf *b, const char *key, const char *json);

/* Format t (seconds since the epoch, UTC) as ISO 8601 with ms into out[32]. */
void jbuf_format_time(double t, char out[32]);

#endif
