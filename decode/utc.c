/* utc.c: strict ISO 8601 UTC times, read and printed. See utc.h. */
#include "decode/utc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int utc_parse(const char *s, int64_t *ms)
{
    char full[40];
    if (s && strlen(s) == 10) { /* a date alone: its midnight */
        snprintf(full, sizeof full, "%sT00:00:00Z", s);
        s = full;
    }
    if (!s || strlen(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':')
        return -1;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2), h = digits(s + 11, 2),
        mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        sec < 0 || sec > 60)
        return -1;
    const char *p = s + 19;
    int frac = 0;
    if (*p == '.') {
        int scale = 100, n = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, n++, scale /= 10)
            frac += (*p - '0') * scale;
        if (!n) return -1;
    }
    if (*p == 'Z') p++;
    if (*p) return -1; /* an offset, a time zone name, anything else */
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap)) return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *ms = (int64_t)timegm(&tm) * 1000 + frac;
    return 0;
}

void utc_format(int64_t ms, char *buf, size_t len)
{
    int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000; /* floor: before 1970 too */
    time_t t = (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms - secs * 1000));
}
