/* nmea_reader.c: bounded-memory line splitting for NMEA streams (see
 * nmea_reader.h). */
#include "decode/nmea_reader.h"

#include "decode/log.h"

#include <stdlib.h>
#include <string.h>

struct nmea_reader {
    size_t max;
    size_t len;   /* bytes of the current partial line in buf */
    int too_long; /* the current line overflowed: skipping to '\n' */
    char buf[];
};

struct nmea_reader_config nmea_reader_config_default(void)
{
    struct nmea_reader_config c = {.max_line = 1024};
    return c;
}

struct nmea_reader *nmea_reader_create(const struct nmea_reader_config *cfg)
{
    struct nmea_reader_config c = cfg ? *cfg : nmea_reader_config_default();
    if (c.max_line < 16 || c.max_line > (1u << 24)) {
        log_error("nmea_reader: max_line must be 16..16M (got %zu)", c.max_line);
        return NULL;
    }
    struct nmea_reader *r = malloc(sizeof *r + c.max_line);
    if (!r) return NULL;
    r->max = c.max_line;
    r->len = 0;
    r->too_long = 0;
    return r;
}

void nmea_reader_destroy(struct nmea_reader *r)
{
    free(r);
}

/* Add bytes of the current line (no '\n' among them). */
static void add(struct nmea_reader *r, const char *s, size_t n)
{
    if (r->too_long) return;
    if (r->len + n > r->max) {
        size_t k = r->max - r->len;
        memcpy(r->buf + r->len, s, k);
        r->len = r->max;
        r->too_long = 1;
        return;
    }
    memcpy(r->buf + r->len, s, n);
    r->len += n;
}

static void emit(struct nmea_reader *r, nmea_reader_fn fn, void *ctx)
{
    fn(ctx, r->buf, r->len, r->too_long);
    r->len = 0;
    r->too_long = 0;
}

void nmea_reader_push(struct nmea_reader *r, const char *data, size_t n, nmea_reader_fn fn,
                      void *ctx)
{
    const char *p = data, *e = data + n;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        if (!nl) {
            add(r, p, (size_t)(e - p));
            return;
        }
        size_t len = (size_t)(nl - p);
        if (r->len == 0 && !r->too_long) {
            if (len > r->max)
                fn(ctx, p, r->max, 1);
            else
                fn(ctx, p, len, 0);
        } else {
            add(r, p, len);
            emit(r, fn, ctx);
        }
        p = nl + 1;
    }
}

void nmea_reader_finish(struct nmea_reader *r, nmea_reader_fn fn, void *ctx)
{
    if (r->len > 0 || r->too_long) emit(r, fn, ctx);
}
