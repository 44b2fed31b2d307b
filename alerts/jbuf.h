/* jbuf.h: the alerts' JSON style (alert objects, state changes, snapshots) on
 * top of decode/jsonw's growing writer: strings escaped as UTF-8 text (NULL
 * written as null), numbers printed with their trailing zeros dropped (NaN or
 * infinite as null), times as ISO 8601 UTC with milliseconds. Keys are written
 * as given (string literals). Not thread-safe; one owner. */
#ifndef AISD_JBUF_H
#define AISD_JBUF_H

#include <stddef.h>

#include "decode/jsonw.h"

struct jbuf {
    struct jsonw w;
};

static inline void jbuf_init(struct jbuf *b)
{
    jsonw_init_grow(&b->w);
}

static inline void jbuf_free(struct jbuf *b)
{
    jsonw_free(&b->w);
}

static inline void jbuf_reset(struct jbuf *b)
{
    jsonw_reset(&b->w);
}

/* The text so far (NULL while nothing was written). */
static inline char *jbuf_text(const struct jbuf *b)
{
    return b->w.buf;
}

/* An allocation failed: the text is incomplete. */
static inline int jbuf_failed(const struct jbuf *b)
{
    return b->w.overflow;
}

static inline void jbuf_puts(struct jbuf *b, const char *s)
{
    jsonw_raw(&b->w, s);
}

/* '{' or '['; '}' or ']'. */
static inline void jbuf_open(struct jbuf *b, char c)
{
    jsonw_put_char(&b->w, c);
}

static inline void jbuf_close(struct jbuf *b, char c)
{
    jsonw_put_char(&b->w, c);
}

/* "key": after a comma when one is due; key NULL: only the comma (array item). */
static inline void jbuf_key(struct jbuf *b, const char *key)
{
    jsonw_key(&b->w, key);
}

static inline void jbuf_str(struct jbuf *b, const char *key, const char *val)
{
    jsonw_str_utf8(&b->w, key, val);
}

static inline void jbuf_num(struct jbuf *b, const char *key, double val, int decimals)
{
    jsonw_trimmed(&b->w, key, val, decimals < 0 ? 0u : (unsigned)decimals);
}

static inline void jbuf_int(struct jbuf *b, const char *key, long long val)
{
    jsonw_int(&b->w, key, val);
}

static inline void jbuf_bool(struct jbuf *b, const char *key, int val)
{
    jsonw_bool(&b->w, key, val != 0);
}

static inline void jbuf_null(struct jbuf *b, const char *key)
{
    jsonw_member_lit(&b->w, key, key ? strlen(key) : 0, "null", 4);
}

/* ISO 8601 UTC with milliseconds: 2024-01-02T03:04:05.678Z */
static inline void jbuf_time(struct jbuf *b, const char *key, double t)
{
    jsonw_utc_ms(&b->w, key, t);
}

/* Pre-built JSON value (object/array text) under key; NULL or "" as null. */
static inline void jbuf_value(struct jbuf *b, const char *key, const char *json)
{
    jsonw_member_lit(&b->w, key, key ? strlen(key) : 0, json && *json ? json : "null",
                     json && *json ? strlen(json) : 4);
}

#endif
