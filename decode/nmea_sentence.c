/* nmea_sentence.c: parse and validate one AIS NMEA sentence (see
 * nmea_sentence.h), plus the Gatehouse $PGHP timestamp sentence. */
#include "decode/nmea_sentence.h"

#include "decode/err.h"

#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int is_upper_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Printable ASCII text (a non-NMEA line that is still text)? */
static int is_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c > 0x7E) return 0;
    }
    return 1;
}

/* Checks `*hh` at p (end e). Returns 1 if it matches sum, 0 if it does not,
 * -1 if malformed. */
static int check_sum(const char *p, const char *e, unsigned sum)
{
    if (e - p < 3 || p[0] != '*') return -1;
    int hi = hexval(p[1]), lo = hexval(p[2]);
    if (hi < 0 || lo < 0) return -1;
    return (unsigned)(hi << 4 | lo) == sum;
}

/* Decimal s[0..len) that fits in int64: 0 or -1. */
static int parse_i64(const char *s, size_t len, int64_t *v)
{
    if (len == 0 || len > 18) return -1;
    int64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

/* USCG N-AIS suffix after the checksum: ",f,f,...". The r/b field is the
 * station, the last field (UNIX seconds, maybe with a fraction) the time. */
static enum nmea_reason parse_suffix(const char *p, const char *e, struct nmea_sentence *s)
{
    /* Anything else after the checksum (gpsd's sample.aivdm has a literal
     * "\x0d\x0a") is ignored, as gpsd does. */
    if (p < e && *p != ',') return NMEA_OK;
    while (p < e) {
        if (*p != ',') return NMEA_R_FIELDS;
        const char *f = ++p;
        while (p < e && *p != ',')
            p++;
        size_t fl = (size_t)(p - f);
        if (fl == 0) continue;
        if ((f[0] == 'r' || f[0] == 'b') && fl > 1) {
            size_t n = fl < sizeof s->station - 1 ? fl : sizeof s->station - 1;
            memcpy(s->station, f, n);
            s->station[n] = '\0';
        } else if (p == e) { /* the last field: receive time */
            const char *dot = memchr(f, '.', fl);
            size_t il = dot ? (size_t)(dot - f) : fl;
            int64_t sec;
            if (parse_i64(f, il, &sec) == 0 && sec < 100000000000ll) {
                int64_t ms = sec * 1000;
                if (dot && dot + 1 < f + fl && dot[1] >= '0' && dot[1] <= '9') {
                    int64_t frac = 0, scale = 100;
                    for (const char *q = dot + 1; q < f + fl && scale > 0; q++, scale /= 10) {
                        if (*q < '0' || *q > '9') break;
                        frac += (*q - '0') * scale;
                    }
                    ms += frac;
                }
                s->has_suffix_time = 1;
                s->suffix_time_ms = ms;
            }
        }
    }
    return NMEA_OK;
}

/* The first "!ccVDM," / "!ccVDO," in p[0..e), or NULL. */
static const char *find_embedded(const char *p, const char *e)
{
    while (e - p >= 8) {
        const char *b = memchr(p, '!', (size_t)(e - p - 7));
        if (!b) return NULL;
        if (is_upper_alnum(b[1]) && is_upper_alnum(b[2]) && b[3] == 'V' && b[4] == 'D' &&
            (b[5] == 'M' || b[5] == 'O') && b[6] == ',')
            return b;
        p = b + 1;
    }
    return NULL;
}

enum nmea_reason nmea_sentence_parse(const char *line, size_t len, struct nmea_sentence *s)
{
    const char *p = line, *e = line + len;
    while (e > p && is_blank(e[-1]))
        e--;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    /* A NUL byte: the line is binary or corrupt. What follows it used to be
     * dropped unseen by callers that read the line as a C string (aisd), and
     * a NUL inside the checksummed part does not change the checksum. */
    if (memchr(p, 0, (size_t)(e - p))) return NMEA_R_NUL;
    if (p == e || *p == '#') return NMEA_R_BLANK;
    s->has_tag = 0;
    s->has_suffix_time = 0;
    s->station[0] = '\0';
    int tag_err = 0;
    if (*p == '\\') {
        const char *t = p + 1;
        const char *te = memchr(t, '\\', (size_t)(e - t));
        if (!te) return is_text(p, (size_t)(e - p)) ? NMEA_R_TAG_FORMAT : NMEA_R_NOT_NMEA;
        /* Decide what the line is before blaming its tag block. */
        tag_err = nmea_tag_parse(t, (size_t)(te - t), &s->tag);
        s->has_tag = 1;
        p = te + 1;
    }
    if (p == e || (*p != '!' && *p != '$')) {
        /* "AIVDM,..." : an AIS sentence that lost its start character. */
        if (e - p >= 6 && is_upper_alnum(p[0]) && is_upper_alnum(p[1]) && p[2] == 'V' &&
            p[3] == 'D' && (p[4] == 'M' || p[4] == 'O') && p[5] == ',')
            return NMEA_R_NO_START;
        /* Some logs put a receive time or other text before the sentence;
         * gpsd's lexer skips to the '!' as well. Not after a tag block. */
        const char *bang = s->has_tag ? NULL : find_embedded(p, e);
        if (!bang) return NMEA_R_NOT_NMEA;
        p = bang;
    }
    /* Address field: talker (2) + VDM/VDO. */
    if (e - p < 7 || !is_upper_alnum(p[1]) || !is_upper_alnum(p[2]) || p[3] != 'V' || p[4] != 'D' ||
        (p[5] != 'M' && p[5] != 'O') || p[6] != ',') {
        const char *q = p + 1;
        while (q < e && is_upper_alnum(*q))
            q++;
        return (q - p > 1 && q < e && (*q == ',' || *q == '*')) ? NMEA_R_NOT_AIS : NMEA_R_NOT_NMEA;
    }
    if (tag_err == AISD_E_CHECKSUM) return NMEA_R_TAG_CHECKSUM;
    if (tag_err) return NMEA_R_TAG_FORMAT;
    /* Checksum over everything between the start character and '*'. */
    unsigned sum = 0;
    const char *q = p + 1;
    while (q < e && *q != '*')
        sum ^= (unsigned char)*q++;
    int ck = check_sum(q, e, sum);
    if (ck < 0) return NMEA_R_NO_CHECKSUM;
    if (ck == 0) return NMEA_R_CHECKSUM;
    const char *star = q;
    /* Fields between "!AIVDM," and '*'. */
    const char *f[6];
    size_t fl[6];
    int nf = 0;
    q = p + 7;
    for (;;) {
        const char *start = q;
        while (q < star && *q != ',')
            q++;
        if (nf == 6) return NMEA_R_FIELDS;
        f[nf] = start;
        fl[nf] = (size_t)(q - start);
        nf++;
        if (q == star) break;
        q++;
    }
    if (nf != 6) return NMEA_R_FIELDS;
    if (fl[0] != 1 || f[0][0] < '1' || f[0][0] > '9') return NMEA_R_FIELDS;
    if (fl[1] != 1 || f[1][0] < '1' || f[1][0] > f[0][0]) return NMEA_R_FIELDS;
    if (fl[2] > 1 || (fl[2] == 1 && (f[2][0] < '0' || f[2][0] > '9'))) return NMEA_R_FIELDS;
    if (fl[3] > 1 || (fl[3] == 1 && !is_upper_alnum(f[3][0]))) return NMEA_R_FIELDS;
    if (fl[5] != 1 || f[5][0] < '0' || f[5][0] > '9') return NMEA_R_FILL;
    s->talker[0] = p[1];
    s->talker[1] = p[2];
    s->talker[2] = '\0';
    s->vdo = p[5] == 'O';
    s->count = (unsigned)(f[0][0] - '0');
    s->number = (unsigned)(f[1][0] - '0');
    s->seqid = fl[2] ? f[2][0] - '0' : -1;
    s->channel = fl[3] ? f[3][0] : 0;
    s->payload = f[4];
    s->payload_len = fl[4];
    s->fill = (unsigned)(f[5][0] - '0');
    if (s->payload_len == 0) return NMEA_R_EMPTY;
    if (s->fill > 5 || s->fill >= 6 * s->payload_len) return NMEA_R_FILL;
    return parse_suffix(star + 3, e, s);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned mp = m > 2 ? m - 3 : m + 9;
    unsigned doy = (153 * mp + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int nmea_sentence_pghp(const char *line, size_t len, int64_t *time_ms)
{
    const char *p = line, *e = line + len;
    while (e > p && is_blank(e[-1]))
        e--;
    if (e - p < 8 || memcmp(p, "$PGHP,1,", 8) != 0) return 0;
    unsigned sum = 0;
    const char *q = p + 1;
    while (q < e && *q != '*')
        sum ^= (unsigned char)*q++;
    if (check_sum(q, e, sum) != 1) return 0;
    /* year, month, day, hour, minute, second, millisecond */
    int64_t v[7];
    const char *f = p + 8;
    for (int k = 0; k < 7; k++) {
        const char *fe = f;
        while (fe < q && *fe != ',')
            fe++;
        if (parse_i64(f, (size_t)(fe - f), &v[k]) < 0 || (fe == q && k < 6)) return 0;
        f = fe + 1;
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60 ||
        v[6] > 999 || v[0] > 9999)
        return 0;
    int64_t days = days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]);
    *time_ms = ((days * 24 + v[3]) * 60 + v[4]) * 60000 + v[5] * 1000 + v[6];
    return 1;
}
