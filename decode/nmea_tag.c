/* nmea_tag.c: NMEA 4.10 tag block parsing and formatting (see nmea_tag.h). */
#include "decode/nmea_tag.h"

#include "decode/err.h"
#include "decode/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Unsigned decimal s[0..len) into *v; 0 or -1 (empty, not digits, overflow). */
static int parse_u64(const char *s, size_t len, uint64_t *v)
{
    if (len == 0 || len > 19) return -1;
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        x = x * 10 + (uint64_t)(s[i] - '0');
    }
    *v = x;
    return 0;
}

static void copy_str(char *dst, size_t max, const char *s, size_t len)
{
    if (len >= max) len = max - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

/* c: seconds (ms when >= 1e12), optional fraction. */
static int parse_time(const char *v, size_t len, struct nmea_tag *t)
{
    const char *dot = memchr(v, '.', len);
    size_t ilen = dot ? (size_t)(dot - v) : len;
    uint64_t whole;
    if (parse_u64(v, ilen, &whole) < 0) return -1;
    int ms = whole >= 1000000000000ull;
    uint64_t frac_ms = 0;
    if (dot) {
        size_t flen = len - ilen - 1;
        if (flen == 0) return -1;
        uint64_t scale = 100;
        for (size_t i = 0; i < flen; i++) {
            char c = dot[1 + i];
            if (c < '0' || c > '9') return -1;
            frac_ms += (uint64_t)(c - '0') * scale;
            scale /= 10;
        }
        if (ms) frac_ms /= 1000;
    }
    if (!ms && whole > 9000000000000ull / 1000) return -1;
    t->time_ms = ms ? (int64_t)whole : (int64_t)(whole * 1000 + frac_ms);
    t->time_was_ms = ms;
    return 0;
}

/* g:1-2-1604 */
static int parse_group(const char *v, size_t len, struct nmea_tag *t)
{
    uint64_t part[3];
    size_t start = 0;
    for (int k = 0; k < 3; k++) {
        size_t end = start;
        while (end < len && v[end] != '-')
            end++;
        if ((k < 2) != (end < len)) return -1;
        if (parse_u64(v + start, end - start, &part[k]) < 0 || part[k] > 0xFFFFFFFFu) return -1;
        start = end + 1;
    }
    if (part[0] == 0 || part[1] == 0 || part[0] > part[1]) return -1;
    t->group_sentence = (unsigned)part[0];
    t->group_count = (unsigned)part[1];
    t->group_id = (unsigned)part[2];
    return 0;
}

static int parse_field(const char *f, size_t len, struct nmea_tag *t)
{
    if (len < 2 || f[1] != ':') return -1;
    const char *v = f + 2;
    size_t vl = len - 2;
    uint64_t u;
    switch (f[0]) {
    case 'c':
        if (parse_time(v, vl, t) < 0) return -1;
        t->fields |= NMEA_TAG_TIME;
        return 0;
    case 's':
        copy_str(t->source, sizeof t->source, v, vl);
        t->fields |= NMEA_TAG_SOURCE;
        return 0;
    case 'd':
        copy_str(t->dest, sizeof t->dest, v, vl);
        t->fields |= NMEA_TAG_DEST;
        return 0;
    case 'g':
    case 'G':
        if (parse_group(v, vl, t) < 0) return -1;
        t->fields |= NMEA_TAG_GROUP;
        return 0;
    case 'n':
        if (parse_u64(v, vl, &u) < 0) return -1;
        t->line = (unsigned long)u;
        t->fields |= NMEA_TAG_LINE;
        return 0;
    case 'r': {
        int neg = vl > 0 && v[0] == '-';
        if (parse_u64(v + neg, vl - (size_t)neg, &u) < 0 || u > 0x7FFFFFFF) return -1;
        t->rel = neg ? -(long)u : (long)u;
        t->fields |= NMEA_TAG_REL;
        return 0;
    }
    case 't':
        copy_str(t->text, sizeof t->text, v, vl);
        t->fields |= NMEA_TAG_TEXT;
        return 0;
    default:
        t->unknown++;
        return 0;
    }
}

int nmea_tag_parse(const char *s, size_t len, struct nmea_tag *t)
{
    memset(t, 0, sizeof *t);
    if (len > NMEA_TAG_MAX_LEN) return AISD_E_RANGE;
    const char *star = memchr(s, '*', len);
    if (!star || (size_t)(star - s) + 3 != len) return AISD_E_CHECKSUM;
    int hi = hexval(star[1]), lo = hexval(star[2]);
    if (hi < 0 || lo < 0) return AISD_E_CHECKSUM;
    unsigned sum = 0;
    for (const char *p = s; p < star; p++)
        sum ^= (unsigned char)*p;
    if (sum != (unsigned)(hi << 4 | lo)) return AISD_E_CHECKSUM;
    size_t body = (size_t)(star - s);
    if (body == 0) return AISD_E_FORMAT;
    size_t start = 0;
    while (start <= body) {
        size_t end = start;
        while (end < body && s[end] != ',')
            end++;
        if (parse_field(s + start, end - start, t) < 0) return AISD_E_FORMAT;
        start = end + 1;
    }
    return 0;
}

void nmea_tag_merge(struct nmea_tag *dst, const struct nmea_tag *src)
{
    unsigned add = src->fields & ~dst->fields;
    if (add & NMEA_TAG_TIME) {
        dst->time_ms = src->time_ms;
        dst->time_was_ms = src->time_was_ms;
    }
    if (add & NMEA_TAG_SOURCE) memcpy(dst->source, src->source, sizeof dst->source);
    if (add & NMEA_TAG_DEST) memcpy(dst->dest, src->dest, sizeof dst->dest);
    if (add & NMEA_TAG_GROUP) {
        dst->group_sentence = src->group_sentence;
        dst->group_count = src->group_count;
        dst->group_id = src->group_id;
    }
    if (add & NMEA_TAG_LINE) dst->line = src->line;
    if (add & NMEA_TAG_REL) dst->rel = src->rel;
    if (add & NMEA_TAG_TEXT) memcpy(dst->text, src->text, sizeof dst->text);
    dst->fields |= add;
    dst->unknown += src->unknown;
}

/* Append printf output at *pos; returns -1 once out of room. */
static int put(char *out, size_t max, size_t *pos, const char *fmt, ...) AISD_PRINTF(4, 5);
static int put(char *out, size_t max, size_t *pos, const char *fmt, ...)
{
    if (*pos >= max) return -1;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out + *pos, max - *pos, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= max - *pos) return -1;
    *pos += (size_t)n;
    return 0;
}

/* 1 when s can be a tag value: printable, none of the delimiters ,*\ */
static int clean(const char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7E || *s == ',' || *s == '*' || *s == '\\' || *s == '!') return 0;
    return 1;
}

size_t nmea_tag_format(const struct nmea_tag *t, char *out, size_t max)
{
    if (!t->fields || max < 8) return 0;
    if (((t->fields & NMEA_TAG_SOURCE) && !clean(t->source)) ||
        ((t->fields & NMEA_TAG_DEST) && !clean(t->dest)) ||
        ((t->fields & NMEA_TAG_TEXT) && !clean(t->text)))
        return 0;
    size_t pos = 0;
    int err = put(out, max, &pos, "\\");
    const char *sep = "";
    if (t->fields & NMEA_TAG_GROUP) {
        err |= put(out, max, &pos, "%sg:%u-%u-%u", sep, t->group_sentence, t->group_count,
                   t->group_id);
        sep = ",";
    }
    if (t->fields & NMEA_TAG_SOURCE) {
        err |= put(out, max, &pos, "%ss:%s", sep, t->source);
        sep = ",";
    }
    if (t->fields & NMEA_TAG_TIME) {
        if (t->time_was_ms || t->time_ms % 1000)
            err |= put(out, max, &pos, "%sc:%lld", sep, (long long)t->time_ms);
        else
            err |= put(out, max, &pos, "%sc:%lld", sep, (long long)(t->time_ms / 1000));
        sep = ",";
    }
    if (t->fields & NMEA_TAG_LINE) {
        err |= put(out, max, &pos, "%sn:%lu", sep, t->line);
        sep = ",";
    }
    if (t->fields & NMEA_TAG_DEST) {
        err |= put(out, max, &pos, "%sd:%s", sep, t->dest);
        sep = ",";
    }
    if (t->fields & NMEA_TAG_REL) {
        err |= put(out, max, &pos, "%sr:%ld", sep, t->rel);
        sep = ",";
    }
    if (t->fields & NMEA_TAG_TEXT) err |= put(out, max, &pos, "%st:%s", sep, t->text);
    if (err) return 0;
    unsigned sum = 0;
    for (size_t i = 1; i < pos; i++)
        sum ^= (unsigned char)out[i];
    if (put(out, max, &pos, "*%02X\\", sum) < 0) return 0;
    return pos;
}
