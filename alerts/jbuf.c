/* jbuf.c: JSON text building (see jbuf.h). */
#include "alerts/jbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void jbuf_init(struct jbuf *b)
{
    memset(b, 0, sizeof *b);
}

void jbuf_free(struct jbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

void jbuf_reset(struct jbuf *b)
{
    b->len = 0;
    b->comma = 0;
    b->err = 0;
    if (b->s) b->s[0] = 0;
}

static int grow(struct jbuf *b, size_t extra)
{
    if (b->err) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->err = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void jbuf_raw(struct jbuf *b, const char *s, size_t n)
{
    if (grow(b, n)) return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void jbuf_puts(struct jbuf *b, const char *s)
{
    jbuf_raw(b, s, strlen(s));
}

static void sep(struct jbuf *b)
{
    if (b->comma) jbuf_raw(b, ",", 1);
    b->comma = 1;
}

static void escaped(struct jbuf *b, const char *s)
{
    jbuf_raw(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char tmp[8];
        if (*p == '"' || *p == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)*p;
            jbuf_raw(b, tmp, 2);
        } else if (*p < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", *p);
            jbuf_raw(b, tmp, 6);
        } else {
            jbuf_raw(b, (const char *)p, 1);
        }
    }
    jbuf_raw(b, "\"", 1);
}

void jbuf_key(struct jbuf *b, const char *key)
{
    sep(b);
    if (key) {
        escaped(b, key);
        jbuf_raw(b, ":", 1);
    }
}

void jbuf_open(struct jbuf *b, char c)
{
    jbuf_raw(b, &c, 1);
    b->comma = 0;
}

void jbuf_close(struct jbuf *b, char c)
{
    jbuf_raw(b, &c, 1);
    b->comma = 1;
}

void jbuf_str(struct jbuf *b, const char *key, const char *val)
{
    jbuf_key(b, key);
    if (val)
        escaped(b, val);
    else
        jbuf_raw(b, "null", 4);
}

void jbuf_num(struct jbuf *b, const char *key, double val, int decimals)
{
    jbuf_key(b, key);
    if (!isfinite(val)) {
        jbuf_raw(b, "null", 4);
        return;
    }
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, val);
    /* trim trailing zeros after a decimal point */
    if (decimals > 0) {
        while (n > 1 && tmp[n - 1] == '0')
            n--;
        if (tmp[n - 1] == '.') n--;
    }
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        jbuf_raw(b, "0", 1);
    else
        jbuf_raw(b, tmp, (size_t)n);
}

void jbuf_int(struct jbuf *b, const char *key, long long val)
{
    jbuf_key(b, key);
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", val);
    jbuf_raw(b, tmp, (size_t)n);
}

void jbuf_bool(struct jbuf *b, const char *key, int val)
{
    jbuf_key(b, key);
    jbuf_puts(b, val ? "true" : "false");
}

void jbuf_null(struct jbuf *b, const char *key)
{
    jbuf_key(b, key);
    jbuf_raw(b, "null", 4);
}

void jbuf_format_time(double t, char out[32])
{
    if (!isfinite(t) || t < 0 || t > 32503680000.0) {
        snprintf(out, 32, "1970-01-01T00:00:00.000Z");
        return;
    }
    double fl = floor(t);
    time_t sec = (time_t)fl;
    int ms = (int)((t - fl) * 1000.0 + 0.5);
    if (ms >= 1000) {
        ms -= 1000;
        sec += 1;
    }
    struct tm tm;
    gmtime_r(&sec, &tm);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000,
             (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
             tm.tm_sec % 100, ms % 1000);
    memcpy(out, tmp, 24);
    out[24] = 0;
}

void jbuf_time(struct jbuf *b, const char *key, double t)
{
    char tmp[32];
    jbuf_format_time(t, tmp);
    jbuf_str(b, key, tmp);
}

void jbuf_value(struct jbuf *b, const char *key, const char *json)
{
    jbuf_key(b, key);
    jbuf_puts(b, json && *json ? json : "null");
}
