/* jsonw.h: a tiny allocation-free JSON writer into a caller's buffer, with
 * gpsd's string escaping and fast fixed-point number formatting. Commas are
 * inserted automatically between members. On overflow the writer stops
 * writing, keeps the buffer NUL-terminated and jsonw_finish() reports it. */
#ifndef AISD_JSONW_H
#define AISD_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jsonw {
    char *buf;
    size_t cap; /* bytes available in buf, including the NUL */
    size_t len; /* bytes written, excluding the NUL */
    bool overflow;
};

void jsonw_init(struct jsonw *w, char *buf, size_t cap);
/* Length written, or AISD_E_RANGE when the buffer was too small. */
int jsonw_finish(const struct jsonw *w);

/* Raw text, no escaping, no comma logic. */
void jsonw_raw(struct jsonw *w, const char *s);
void jsonw_rawn(struct jsonw *w, const char *s, size_t n);
/* Member name: writes ,"name": (no comma right after '{' or '['). */
void jsonw_key(struct jsonw *w, const char *name);

/* "{" / "}" and "[" / "]"; key may be NULL (array element or top level). */
void jsonw_obj_begin(struct jsonw *w, const char *key);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr_begin(struct jsonw *w, const char *key);
void jsonw_arr_end(struct jsonw *w);

/* Members; key NULL writes a bare value (array element). */
void jsonw_uint(struct jsonw *w, const char *key, uint64_t v);
void jsonw_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_bool(struct jsonw *w, const char *key, bool v);
/* String, escaped as gpsd's json_stringify(): '"' and '\\' get a backslash;
 * control and non-ASCII bytes become \b \f \n \r \t or \u00XX. */
void jsonw_str(struct jsonw *w, const char *key, const char *s);
/* String copied verbatim between quotes (gpsd's unescaped "%s" fields). */
void jsonw_str_raw(struct jsonw *w, const char *key, const char *s);
/* num/den printed with `decimals` fraction digits, rounded half away from
 * zero, as printf("%.*f") prints it; a negative num keeps its '-' even when
 * the result rounds to zero ("-0.0"), as printf does. den > 0, decimals <= 9. */
void jsonw_fixed(struct jsonw *w, const char *key, int64_t num, int64_t den, unsigned decimals);
/* A double through printf("%.*f"), for values not exactly rational. */
void jsonw_double(struct jsonw *w, const char *key, double v, unsigned decimals);

/* Value-only forms of the above, for callers composing their own text. */
void jsonw_put_uint(struct jsonw *w, uint64_t v);
void jsonw_put_int(struct jsonw *w, int64_t v);
void jsonw_put_fixed(struct jsonw *w, int64_t num, int64_t den, unsigned decimals);
/* v zero-padded to at least width digits (like "%02u"). */
void jsonw_put_uint_pad(struct jsonw *w, uint64_t v, unsigned width);
void jsonw_put_char(struct jsonw *w, char c);

#endif
