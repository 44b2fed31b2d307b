/* ais_app_fmt.c: the bounded text appender the application JSON and dump
 * writers format into (snprintf semantics: truncates, keeps counting). */
#include <stdio.h>

#include "decode/ais_app_priv.h"

void ais_app_fmt_init(struct ais_app_fmt *f, char *buf, size_t len)
{
    f->buf = buf;
    f->len = buf ? len : 0;
    f->used = 0;
    if (f->len > 0) f->buf[0] = '\0';
}

static void fmt_putc(struct ais_app_fmt *f, char c)
{
    if (f->used + 1 < f->len) {
        f->buf[f->used] = c;
        f->buf[f->used + 1] = '\0';
    }
    f->used++;
}

void ais_app_fmt_printf(struct ais_app_fmt *f, const char *fmt, ...)
{
    va_list ap;
    char *dst = NULL;
    size_t room = 0;
    if (f->used < f->len) {
        dst = f->buf + f->used;
        room = f->len - f->used;
    }
    va_start(ap, fmt);
    int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (n > 0) f->used += (size_t)n;
    if (f->len > 0 && f->used >= f->len) f->buf[f->len - 1] = '\0';
}

void ais_app_fmt_str(struct ais_app_fmt *f, const char *name, const char *value)
{
    ais_app_fmt_printf(f, ",\"%s\":\"", name);
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') fmt_putc(f, '\\');
        fmt_putc(f, *p);
    }
    fmt_putc(f, '"');
}
