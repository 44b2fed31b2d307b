/* ais_app_priv.h: what the ais_app*.c files share and nobody else uses: field
 * extraction at gpsd's absolute bit offsets, the per-family decoders and JSON
 * writers, and a bounded snprintf-style text appender. */
#ifndef AISD_AIS_APP_PRIV_H
#define AISD_AIS_APP_PRIV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/ais_app.h"
#include "decode/bitreader.h"

/* The message bits plus the distance between where the caller says the data
 * starts and where gpsd's layout puts it (88 for type 6, 56 for type 8), so
 * the decoders can use gpsd's absolute offsets. */
struct ais_app_rd {
    struct bitreader br;
    size_t nbits; /* message length in bits */
    long shift;   /* bitpos - layout base */
};

static inline size_t ais_app_rd_pos(const struct ais_app_rd *r, unsigned pos)
{
    long p = (long)pos + r->shift;
    return p < 0 ? (size_t)-1 / 2 : (size_t)p; /* before the buffer: read zeros */
}

static inline unsigned ais_app_rd_u(const struct ais_app_rd *r, unsigned pos, unsigned width)
{
    return (unsigned)bitreader_u(&r->br, ais_app_rd_pos(r, pos), width);
}

static inline int ais_app_rd_s(const struct ais_app_rd *r, unsigned pos, unsigned width)
{
    return (int)bitreader_s(&r->br, ais_app_rd_pos(r, pos), width);
}

/* gpsd's UCHARS(): sizeof(to) - 1 six-bit characters, stop at '@', trimmed. */
#define AIS_APP_RD_CHARS(r, pos, to)                                                               \
    bitreader_text(&(r)->br, ais_app_rd_pos((r), (pos)), sizeof(to) - 1, (to), sizeof(to))

/* Per-family decoders: 0, or AISD_E_NOTTHIS when gpsd would not decode it. */
int ais_app_imo_decode(const struct ais_app_rd *r, struct ais_app *out);
int ais_app_inland_decode(const struct ais_app_rd *r, struct ais_app *out);
int ais_app_gla_decode(const struct ais_app_rd *r, struct ais_app *out);

/* Bounded text appender: keeps counting past the end like snprintf. */
struct ais_app_fmt {
    char *buf;
    size_t len;  /* capacity including the NUL */
    size_t used; /* characters the full text needs */
};

void ais_app_fmt_init(struct ais_app_fmt *f, char *buf, size_t len);
void ais_app_fmt_printf(struct ais_app_fmt *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* ,"name":"value" with '"' and '\\' escaped as gpsd's json_stringify does. */
void ais_app_fmt_str(struct ais_app_fmt *f, const char *name, const char *value);

/* Per-family JSON writers. */
void ais_app_imo_json(const struct ais_app *a, int scaled, struct ais_app_fmt *f);
void ais_app_inland_json(const struct ais_app *a, int scaled, struct ais_app_fmt *f);
void ais_app_gla_json(const struct ais_app *a, int scaled, struct ais_app_fmt *f);

#endif
