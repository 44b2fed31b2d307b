/* jsonw.c: see jsonw.h. Every writer reserves its bytes once and stores them
 * directly; integer and fixed-point formatting are done by hand (no printf on
 * the hot path); the double and time formatters use printf. */
#include "decode/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/err.h"
#include "decode/utc.h"

void jsonw_init(struct jsonw *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->overflow = cap == 0;
    w->grow = false;
    if (cap) buf[0] = '\0';
}

void jsonw_init_grow(struct jsonw *w)
{
    memset(w, 0, sizeof *w);
    w->grow = true;
}

void jsonw_free(struct jsonw *w)
{
    if (w->grow) free(w->buf);
    w->buf = NULL;
    w->cap = w->len = 0;
}

void jsonw_reset(struct jsonw *w)
{
    w->len = 0;
    w->overflow = w->cap == 0 && !w->grow;
    if (w->cap) w->buf[0] = '\0';
}

/* A growing writer's buffer enlarged (doubling, from 256) to hold n more bytes
 * and the NUL; false when that cannot be had. */
static bool enlarge(struct jsonw *w, size_t n)
{
    if (n > SIZE_MAX / 4 - w->len) return false;
    size_t need = w->len + n + 1, cap = w->cap ? w->cap : 256;
    while (cap < need)
        cap *= 2;
    char *b = realloc(w->buf, cap);
    if (!b) return false;
    w->buf = b;
    w->cap = cap;
    return true;
}

int jsonw_finish(const struct jsonw *w)
{
    return w->overflow ? AISD_E_RANGE : (int)w->len;
}

/* Room for n more bytes plus the NUL: a pointer to write them, or NULL (and
 * the writer marked overflowed). The caller stores n bytes then calls done(). */
static inline char *reserve(struct jsonw *w, size_t n)
{
    if (w->overflow) return NULL;
    if (n >= w->cap - w->len && !(w->grow && enlarge(w, n))) {
        w->overflow = true;
        return NULL;
    }
    return w->buf + w->len;
}

static inline void done(struct jsonw *w, size_t n)
{
    w->len += n;
    w->buf[w->len] = '\0';
}

void jsonw_rawn(struct jsonw *w, const char *s, size_t n)
{
    char *p = reserve(w, n);
    if (!p) return;
    memcpy(p, s, n);
    done(w, n);
}

void jsonw_put_char(struct jsonw *w, char c)
{
    char *p = reserve(w, 1);
    if (!p) return;
    p[0] = c;
    done(w, 1);
}

/* bytes put_key() will write: the separating comma and "name": */
static inline size_t key_len(const struct jsonw *w, const char *name, size_t n)
{
    size_t k = 0;
    if (w->len && !w->overflow) {
        char last = w->buf[w->len - 1];
        if (last != '{' && last != '[' && last != ':' && last != ',') k = 1;
    }
    return name ? k + n + 3 : k;
}

static inline void put_key(char *p, size_t klen_total, const char *name, size_t n)
{
    size_t k = 0;
    if (klen_total > (name ? n + 3 : 0)) p[k++] = ',';
    if (name) {
        p[k++] = '"';
        memcpy(p + k, name, n);
        k += n;
        p[k++] = '"';
        p[k] = ':';
    }
}

void jsonw_keyn(struct jsonw *w, const char *name, size_t n)
{
    size_t kl = key_len(w, name, n);
    char *p = reserve(w, kl);
    if (!p) return;
    put_key(p, kl, name, n);
    done(w, kl);
}

static const char two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";

/* The decimal digits of v written backwards ending just before end, two at a
 * time (32-bit arithmetic once v fits); returns their count. */
static inline size_t digits_before(char *end, uint64_t v)
{
    char *p = end;
    while (v > UINT32_MAX) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        *--p = two_digits[2 * r + 1];
        *--p = two_digits[2 * r];
    }
    uint32_t v32 = (uint32_t)v;
    while (v32 >= 100) {
        unsigned r = v32 % 100;
        v32 /= 100;
        *--p = two_digits[2 * r + 1];
        *--p = two_digits[2 * r];
    }
    if (v32 >= 10) {
        *--p = two_digits[2 * v32 + 1];
        *--p = two_digits[2 * v32];
    } else {
        *--p = (char)('0' + v32);
    }
    return (size_t)(end - p);
}

static void member_digits(struct jsonw *w, const char *key, size_t klen, bool neg, uint64_t mag)
{
    char tmp[20];
    size_t nd = digits_before(tmp + 20, mag);
    size_t kl = key_len(w, key, klen);
    char *p = reserve(w, kl + neg + nd);
    if (!p) return;
    put_key(p, kl, key, klen);
    if (neg) p[kl] = '-';
    memcpy(p + kl + neg, tmp + 20 - nd, nd);
    done(w, kl + neg + nd);
}

void jsonw_member_uint(struct jsonw *w, const char *key, size_t klen, uint64_t v)
{
    member_digits(w, key, klen, false, v);
}

void jsonw_member_int(struct jsonw *w, const char *key, size_t klen, int64_t v)
{
    member_digits(w, key, klen, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

void jsonw_member_lit(struct jsonw *w, const char *key, size_t klen, const char *lit, size_t n)
{
    size_t kl = key_len(w, key, klen);
    char *p = reserve(w, kl + n);
    if (!p) return;
    put_key(p, kl, key, klen);
    if (n) memcpy(p + kl, lit, n);
    done(w, kl + n);
}

void jsonw_member_fixed(struct jsonw *w, const char *key, size_t klen, int64_t num, int64_t den,
                        unsigned decimals)
{
    jsonw_keyn(w, key, klen);
    jsonw_put_fixed(w, num, den, decimals);
}

void jsonw_put_uint(struct jsonw *w, uint64_t v)
{
    char tmp[24];
    size_t n = digits_before(tmp + 24, v);
    jsonw_rawn(w, tmp + 24 - n, n);
}

void jsonw_put_uint_pad(struct jsonw *w, uint64_t v, unsigned width)
{
    char tmp[24];
    size_t n = digits_before(tmp + 24, v);
    if (width > 20) width = 20;
    while (n < width)
        tmp[24 - ++n] = '0';
    jsonw_rawn(w, tmp + 24 - n, n);
}

void jsonw_put_int(struct jsonw *w, int64_t v)
{
    char tmp[24];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n = digits_before(tmp + 24, mag);
    if (v < 0) tmp[24 - ++n] = '-';
    jsonw_rawn(w, tmp + 24 - n, n);
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
    /* integer part and remainder first, so that rem * p stays small */
    uint64_t ip = mag / d, rem = mag % d;
    uint64_t fscaled = rem * p;
    uint64_t fp = fscaled / d, frem = fscaled % d;
    if (2 * frem >= d) {
        fp++;
        if (fp >= p) {
            fp -= p;
            ip++;
        }
    }
    char tmp[48];
    size_t k = sizeof tmp;
    if (decimals) {
        size_t nd = digits_before(tmp + k, fp); /* fp < 10^decimals */
        k -= nd;
        while (nd++ < decimals)
            tmp[--k] = '0';
        tmp[--k] = '.';
    }
    k -= digits_before(tmp + k, ip);
    if (neg) tmp[--k] = '-';
    jsonw_rawn(w, tmp + k, sizeof tmp - k);
}

void jsonw_put_double(struct jsonw *w, double v, unsigned decimals)
{
    if (!isfinite(v)) { /* JSON has no NaN or infinity */
        jsonw_rawn(w, "null", 4);
        return;
    }
    if (decimals > 20) decimals = 20;
    char tmp[400]; /* DBL_MAX has 309 integer digits */
    int n = snprintf(tmp, sizeof tmp, "%.*f", (int)decimals, v);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        w->overflow = true;
        return;
    }
    jsonw_rawn(w, tmp, (size_t)n);
}

void jsonw_put_trimmed(struct jsonw *w, double v, unsigned decimals)
{
    if (!isfinite(v)) {
        jsonw_rawn(w, "null", 4);
        return;
    }
    if (decimals > 20) decimals = 20;
    char tmp[400]; /* DBL_MAX has 309 integer digits */
    int n = snprintf(tmp, sizeof tmp, "%.*f", (int)decimals, v);
    if (n <= 0 || (size_t)n >= sizeof tmp) {
        w->overflow = true;
        return;
    }
    if (decimals > 0) {
        while (n > 1 && tmp[n - 1] == '0')
            n--;
        if (tmp[n - 1] == '.') n--;
    }
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        jsonw_rawn(w, "0", 1);
    else
        jsonw_rawn(w, tmp, (size_t)n);
}

void jsonw_format_utc_ms(double t, char out[32])
{
    if (!isfinite(t) || t < 0 || t > 32503680000.0) t = 0; /* the epoch itself */
    double fl = floor(t);
    /* the fraction rounded to ms on its own (.9996 s: the next second) */
    utc_format((int64_t)fl * 1000 + (int)((t - fl) * 1000.0 + 0.5), out, 32);
}

/* The body of string s escaped: gpsd's style (short escapes for \b \f \n \r \t,
 * \u00XX for other control and non-ASCII bytes) or plain UTF-8 text (\u00XX
 * for control bytes only, every other byte as it is). '"' and '\\' always
 * get a backslash. */
static void put_escaped(struct jsonw *w, const char *s, bool gpsd)
{
    static const char hex[] = "0123456789abcdef";
    static const char ctl[] = "\b\f\n\r\t", letter[] = "bfnrt";
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\0') {
            jsonw_rawn(w, run, (size_t)(p - run));
            break;
        }
        if (c >= 0x20 && (c < 0x7f || !gpsd) && c != '"' && c != '\\') continue;
        jsonw_rawn(w, run, (size_t)(p - run));
        run = p + 1;
        char esc[2] = {'\\', (char)c};
        const char *k = gpsd ? strchr(ctl, c) : NULL;
        if (c == '"' || c == '\\') {
            jsonw_rawn(w, esc, 2);
        } else if (k) {
            esc[1] = letter[k - ctl];
            jsonw_rawn(w, esc, 2);
        } else {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            jsonw_rawn(w, u, 6);
        }
    }
}

void jsonw_put_escaped_utf8(struct jsonw *w, const char *s)
{
    put_escaped(w, s, false);
}

void jsonw_put_escaped(struct jsonw *w, const char *s)
{
    put_escaped(w, s, true);
}
