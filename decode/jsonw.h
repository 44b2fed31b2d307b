/* jsonw.h: the one JSON writer of aisd (decoder output, alerts, daemon
 * status): into a caller's buffer, allocation-free (the decoder's per-message
 * path), or into a buffer it grows itself (jsonw_init_grow). gpsd's string
 * escaping or plain UTF-8 escaping, fast fixed-point numbers. Commas are
 * inserted automatically between members. On overflow (or a failed
 * allocation) the writer stops writing, keeps the buffer NUL-terminated and
 * jsonw_finish() reports it. */
#ifndef AISD_JSONW_H
#define AISD_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct jsonw {
    char *buf;
    size_t cap; /* bytes available in buf, including the NUL */
    size_t len; /* bytes written, excluding the NUL */
    bool overflow;
    bool grow; /* buf is the writer's own (realloc'd as needed) */
};

void jsonw_init(struct jsonw *w, char *buf, size_t cap);
/* A writer that allocates and grows its own buffer; jsonw_free() releases it.
 * buf stays NULL until something is written. */
void jsonw_init_grow(struct jsonw *w);
void jsonw_free(struct jsonw *w);
/* Empty the text (keeping a grown buffer) and clear the overflow mark. */
void jsonw_reset(struct jsonw *w);
/* Length written, or AISD_E_RANGE when the buffer was too small. */
int jsonw_finish(const struct jsonw *w);

/* Raw text, no escaping, no comma logic. */
void jsonw_rawn(struct jsonw *w, const char *s, size_t n);
void jsonw_put_char(struct jsonw *w, char c);
/* Member name of n bytes: writes ,"name": (no comma right after '{', '[',
 * ':' or ','); name NULL writes only the separating comma (array element). */
void jsonw_keyn(struct jsonw *w, const char *name, size_t n);

/* Value-only forms, for callers composing their own text. */
void jsonw_put_uint(struct jsonw *w, uint64_t v);
void jsonw_put_int(struct jsonw *w, int64_t v);
/* num/den printed with `decimals` fraction digits, rounded half away from
 * zero, as printf("%.*f") prints it; a negative num keeps its '-' even when
 * the result rounds to zero ("-0.0"), as printf does. den > 0, decimals <= 9. */
void jsonw_put_fixed(struct jsonw *w, int64_t num, int64_t den, unsigned decimals);
/* v zero-padded to at least width digits (like "%02u"). */
void jsonw_put_uint_pad(struct jsonw *w, uint64_t v, unsigned width);
/* String body escaped as gpsd's json_stringify(): '"' and '\\' get a
 * backslash; control and non-ASCII bytes become \b \f \n \r \t or \u00XX. */
void jsonw_put_escaped(struct jsonw *w, const char *s);
/* String body escaped for UTF-8 text: '"' and '\\' get a backslash, bytes
 * below 0x20 become \u00XX, every other byte is copied as it is. */
void jsonw_put_escaped_utf8(struct jsonw *w, const char *s);
/* A double through printf("%.*f"), for values not exactly rational; null when not finite. */
void jsonw_put_double(struct jsonw *w, double v, unsigned decimals);
/* printf("%.*f") with the trailing fraction zeros (and a bare '.') dropped,
 * "-0" written as "0", and null for NaN or an infinity. decimals <= 20. */
void jsonw_put_trimmed(struct jsonw *w, double v, unsigned decimals);
/* t (seconds since the epoch, UTC) as "2024-01-02T03:04:05.678Z" into
 * out[32]; outside years 1970..2999 (or not finite) the epoch itself. */
void jsonw_format_utc_ms(double t, char out[32]);

/* Members in one step (key of klen bytes, or NULL for an array element). */
void jsonw_member_uint(struct jsonw *w, const char *key, size_t klen, uint64_t v);
void jsonw_member_int(struct jsonw *w, const char *key, size_t klen, int64_t v);
void jsonw_member_lit(struct jsonw *w, const char *key, size_t klen, const char *lit, size_t n);
void jsonw_member_fixed(struct jsonw *w, const char *key, size_t klen, int64_t num, int64_t den,
                        unsigned decimals);

/* The keyed forms below are inline so that strlen() of a literal key folds
 * at compile time. key NULL writes a bare value (array element). */
static inline void jsonw_raw(struct jsonw *w, const char *s)
{
    jsonw_rawn(w, s, strlen(s));
}

static inline void jsonw_key(struct jsonw *w, const char *name)
{
    jsonw_keyn(w, name, name ? strlen(name) : 0);
}

/* "{" / "}" and "[" / "]"; key may be NULL (array element or top level). */
static inline void jsonw_obj_begin(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_put_char(w, '{');
}

static inline void jsonw_obj_end(struct jsonw *w)
{
    jsonw_put_char(w, '}');
}

static inline void jsonw_arr_begin(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_put_char(w, '[');
}

static inline void jsonw_arr_end(struct jsonw *w)
{
    jsonw_put_char(w, ']');
}

static inline void jsonw_uint(struct jsonw *w, const char *key, uint64_t v)
{
    jsonw_member_uint(w, key, key ? strlen(key) : 0, v);
}

static inline void jsonw_int(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_member_int(w, key, key ? strlen(key) : 0, v);
}

static inline void jsonw_bool(struct jsonw *w, const char *key, bool v)
{
    jsonw_member_lit(w, key, key ? strlen(key) : 0, v ? "true" : "false", v ? 4 : 5);
}

/* String member, escaped as gpsd's json_stringify(). */
static inline void jsonw_str(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_put_char(w, '"');
    jsonw_put_escaped(w, s);
    jsonw_put_char(w, '"');
}

/* String copied verbatim between quotes (gpsd's unescaped "%s" fields). */
static inline void jsonw_str_raw(struct jsonw *w, const char *key, const char *s)
{
    jsonw_member_lit(w, key, key ? strlen(key) : 0, NULL, 0);
    jsonw_put_char(w, '"');
    jsonw_raw(w, s);
    jsonw_put_char(w, '"');
}

/* String member escaped for UTF-8 text (jsonw_put_escaped_utf8); s NULL
 * writes null. */
static inline void jsonw_str_utf8(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    if (!s) {
        jsonw_rawn(w, "null", 4);
        return;
    }
    jsonw_put_char(w, '"');
    jsonw_put_escaped_utf8(w, s);
    jsonw_put_char(w, '"');
}

static inline void jsonw_fixed(struct jsonw *w, const char *key, int64_t num, int64_t den,
                               unsigned decimals)
{
    jsonw_member_fixed(w, key, key ? strlen(key) : 0, num, den, decimals);
}

static inline void jsonw_double(struct jsonw *w, const char *key, double v, unsigned decimals)
{
    jsonw_key(w, key);
    jsonw_put_double(w, v, decimals);
}

static inline void jsonw_trimmed(struct jsonw *w, const char *key, double v, unsigned decimals)
{
    jsonw_key(w, key);
    jsonw_put_trimmed(w, v, decimals);
}

/* An ISO 8601 UTC time with milliseconds, quoted (jsonw_format_utc_ms). */
static inline void jsonw_utc_ms(struct jsonw *w, const char *key, double t)
{
    char tmp[32];
    jsonw_format_utc_ms(t, tmp);
    jsonw_key(w, key);
    jsonw_put_char(w, '"');
    jsonw_raw(w, tmp);
    jsonw_put_char(w, '"');
}

#endif
