/* jsonw.c: see jsonw.h. Integer formatting is done by hand (no printf on the
 * hot path); jsonw_double() is the one printf user. */
#include "decode/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "decode/err.h"

void jsonw_init(struct jsonw *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->overflow = cap == 0;
    if (cap) buf[0] = '\0';
}

int jsonw_finish(const struct jsonw *w)
{
    return w->overflow ? AISD_E_RANGE : (int)w->len;
}

void jsonw_rawn(struct jsonw *w, const char *s, size_t n)
{
    if (w->overflow) return;
    if (w->len + n + 1 > w->cap) {
        w->overflow = true;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

void jsonw_raw(struct jsonw *w, const char *s)
{
    jsonw_rawn(w, s, strlen(s));
}

void jsonw_put_char(struct jsonw *w, char c)
{
    if (w->overflow) return;
    if (w->len + 2 > w->cap) {
        w->overflow = true;
        return;
    }
    w->buf[w->len++] = c;
    w->buf[w->len] = '\0';
}

static void sep(struct jsonw *w)
{
    if (w->len == 0 || w->overflow) return;
    char last = w->buf[w->len - 1];
    if (last != '{' && last != '[' && last != ':' && last != ',') jsonw_put_char(w, ',');
}

void jsonw_key(struct jsonw *w, const char *name)
{
    sep(w);
    if (!name) return;
    jsonw_put_char(w, '"');
    jsonw_raw(w, name);
    jsonw_rawn(w, "\":", 2);
}

void jsonw_obj_begin(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_put_char(w, '{');
}

void jsonw_obj_end(struct jsonw *w)
{
    jsonw_put_char(w, '}');
}

void jsonw_arr_begin(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_put_char(w, '[');
}

void jsonw_arr_end(struct jsonw *w)
{
    jsonw_put_char(w, ']');
}

void jsonw_put_uint(struct jsonw *w, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    jsonw_rawn(w, tmp + i, sizeof tmp - i);
}

void jsonw_put_uint_pad(struct jsonw *w, uint64_t v, unsigned width)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (sizeof tmp - i < width && i > 0)
        tmp[--i] = '0';
    jsonw_rawn(w, tmp + i, sizeof tmp - i);
}

void jsonw_put_int(struct jsonw *w, int64_t v)
{
    if (v < 0) {
        jsonw_put_char(w, '-');
        jsonw_put_uint(w, (uint64_t)0 - (uint64_t)v);
    } else {
        jsonw_put_uint(w, (uint64_t)v);
    }
}

static const uint64_t pow10_tab[10] = {1,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};

void jsonw_put_fixed(struct jsonw *w, int64_t num, int64_t den, unsigned decimals)
{
    if (den <= 0) den = 1;
    if (decimals > 9) decimals = 9;
    bool neg = num < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
    uint64_t p = pow10_tab[decimals];
    uint64_t d = (uint64_t)den;
    /* integer part and remainder first, so mag * p cannot overflow for the
     * field sizes AIS has (<= 42 bits) */
    uint64_t ip = mag / d, rem = mag % d;
    uint64_t fscaled = rem * p; /* rem < d <= 2^31 in practice */
    uint64_t fp = fscaled / d, frem = fscaled % d;
    if (2 * frem >= d) {
        fp++;
        if (fp >= p) {
            fp -= p;
            ip++;
        }
    }
    if (neg) jsonw_put_char(w, '-');
    jsonw_put_uint(w, ip);
    if (decimals) {
        jsonw_put_char(w, '.');
        jsonw_put_uint_pad(w, fp, decimals);
    }
}

void jsonw_uint(struct jsonw *w, const char *key, uint64_t v)
{
    jsonw_key(w, key);
    jsonw_put_uint(w, v);
}

void jsonw_int(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_put_int(w, v);
}

void jsonw_bool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    if (v)
        jsonw_rawn(w, "true", 4);
    else
        jsonw_rawn(w, "false", 5);
}

void jsonw_fixed(struct jsonw *w, const char *key, int64_t num, int64_t den, unsigned decimals)
{
    jsonw_key(w, key);
    jsonw_put_fixed(w, num, den, decimals);
}

void jsonw_double(struct jsonw *w, const char *key, double v, unsigned decimals)
{
    char tmp[64];
    jsonw_key(w, key);
    int n = snprintf(tmp, sizeof tmp, "%.*f", (int)decimals, v);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        w->overflow = true;
        return;
    }
    jsonw_rawn(w, tmp, (size_t)n);
}

void jsonw_str_raw(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_put_char(w, '"');
    jsonw_raw(w, s);
    jsonw_put_char(w, '"');
}

void jsonw_str(struct jsonw *w, const char *key, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    jsonw_key(w, key);
    jsonw_put_char(w, '"');
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\0') {
            jsonw_rawn(w, run, (size_t)(p - run));
            break;
        }
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') continue;
        jsonw_rawn(w, run, (size_t)(p - run));
        run = p + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
            break;
        }
        jsonw_rawn(w, esc, n);
    }
    jsonw_put_char(w, '"');
}
