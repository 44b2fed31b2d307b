/* iq_source.c: raw, WAV and text sample readers (see iq_source.h). */
#include "dsp/iq_source.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/wav.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct iq_source {
    FILE *f;
    int own; /* we opened f */
    int disc;
    int text;
    int disc_float; /* disc WAV in float */
    enum kern_format kf;
    double rate;
    uint64_t left;  /* data bytes left (WAV with a known size) */
    int64_t length; /* samples in all when known at the start, else -1 */
    int eof;
    struct iq_source_stats st;
    char line[256];
};

struct iq_source_config iq_source_config_default(void)
{
    struct iq_source_config c = {.path = "-", .stream = NULL, .format = IQ_SRC_CU8, .rate = 0};
    return c;
}

static const char *const names[] = {"cu8",  "cs8",      "cs16",      "cf32",    "wav",
                                    "disc", "disc-wav", "disc-text", "disc-any"};

int iq_source_format_parse(const char *name)
{
    if (!name) return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) return (int)i;
    if (strcmp(name, "num") == 0) return IQ_SRC_DISC_TEXT;
    return -1;
}

int iq_source_format_guess(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot) return -1;
    if (strcmp(dot, ".num") == 0 || strcmp(dot, ".txt") == 0) return IQ_SRC_DISC_TEXT;
    if (strcmp(dot, ".disc") == 0 || strcmp(dot, ".s16") == 0) return IQ_SRC_DISC_S16;
    int f = iq_source_format_parse(dot + 1);
    return f >= 0 && f <= IQ_SRC_WAV ? f : -1;
}

static int open_wav(struct iq_source *s, enum iq_source_format fmt, const char *path)
{
    struct wav_info w;
    int rc = wav_read_header(s->f, &w);
    if (rc == AISD_E_NOTTHIS)
        log_error("iq_source_create(): %s is not a WAV file (no RIFF/WAVE header)", path);
    if (rc != AISD_OK) {
        log_error("iq_source_create(): cannot use WAV file %s", path);
        return rc;
    }
    s->rate = w.rate;
    s->left = w.data_bytes;
    s->st.bytes = w.data_offset;
    if (w.channels == 1) {
        if (w.bits == 8) {
            log_error("iq_source_create(): %s: 8-bit mono WAV is not supported", path);
            return AISD_E_UNSUPPORTED;
        }
        s->disc = 1;
        s->disc_float = w.is_float;
        return AISD_OK;
    }
    if (fmt == IQ_SRC_DISC_WAV) {
        log_error("iq_source_create(): %s has 2 channels: IQ, not discriminator audio", path);
        return AISD_E_FORMAT;
    }
    s->kf = w.is_float ? KERN_CF32 : w.bits == 16 ? KERN_CS16 : KERN_CU8;
    return AISD_OK;
}

/* Text discriminator audio starts with a digit, a sign, a blank or a newline;
 * the byte is put back. */
static int looks_like_text(FILE *f)
{
    int c = fgetc(f);
    if (c != EOF) ungetc(c, f);
    return c == '-' || (c >= '0' && c <= '9') || c == ' ' || c == '\n';
}

/* Bytes of one sample as read: a complex sample for IQ, a real one for
 * discriminator audio. */
static size_t sample_size(const struct iq_source *s)
{
    if (!s->disc) return kern_format_size(s->kf);
    return s->disc_float ? sizeof(float) : sizeof(int16_t);
}

/* The samples a WAV's data chunk declares, or a regular file holds after
 * the bytes read so far (the header); -1 when that is not known. */
static int64_t known_length(const struct iq_source *s)
{
    uint64_t bytes = s->left;
    if (bytes == WAV_SIZE_UNKNOWN) {
        struct stat st;
        if (fstat(fileno(s->f), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
        bytes = (uint64_t)st.st_size > s->st.bytes ? (uint64_t)st.st_size - s->st.bytes : 0;
    }
    return (int64_t)(bytes / sample_size(s));
}

struct iq_source *iq_source_create(const struct iq_source_config *cfg)
{
    if (!cfg || (!cfg->stream && !cfg->path)) {
        log_error("iq_source_create(): no path or stream");
        return NULL;
    }
    enum iq_source_format fmt = cfg->format;
    if ((int)fmt < 0 || fmt > IQ_SRC_DISC_ANY) {
        log_error("iq_source_create(): unknown format %d", (int)fmt);
        return NULL;
    }
    const char *path = cfg->stream ? "(stream)" : cfg->path;
    int wav = fmt == IQ_SRC_WAV || fmt == IQ_SRC_DISC_WAV;
    if (!wav && !(cfg->rate > 0) && fmt <= IQ_SRC_CF32) {
        log_error("iq_source_create(): raw IQ (%s) needs a sample rate", names[fmt]);
        return NULL;
    }
    struct iq_source *s = calloc(1, sizeof *s);
    if (!s) {
        log_error("iq_source_create(): out of memory");
        return NULL;
    }
    if (cfg->stream) {
        s->f = cfg->stream;
    } else if (strcmp(cfg->path, "-") == 0) {
        s->f = stdin;
    } else {
        s->f = fopen(cfg->path, fmt == IQ_SRC_DISC_TEXT ? "r" : "rb");
        if (!s->f) {
            log_error("iq_source_create(): %s: %s", cfg->path, strerror(errno));
            free(s);
            return NULL;
        }
        s->own = 1;
    }
    s->left = WAV_SIZE_UNKNOWN;
    s->rate = cfg->rate;
    switch (fmt) {
    case IQ_SRC_CU8:
    case IQ_SRC_CS8:
    case IQ_SRC_CS16:
    case IQ_SRC_CF32:
        s->kf = (enum kern_format)fmt; /* same order */
        break;
    case IQ_SRC_WAV:
    case IQ_SRC_DISC_WAV:
        if (open_wav(s, fmt, path) != AISD_OK) {
            iq_source_destroy(s);
            return NULL;
        }
        break;
    case IQ_SRC_DISC_ANY:
        s->text = looks_like_text(s->f);
        /* fall through */
    case IQ_SRC_DISC_TEXT:
        s->text |= fmt == IQ_SRC_DISC_TEXT;
        /* fall through */
    case IQ_SRC_DISC_S16:
        s->disc = 1;
        if (!(s->rate > 0)) s->rate = 48000;
        break;
    }
    s->length = s->text ? -1 : known_length(s);
    return s;
}

int iq_source_is_disc(const struct iq_source *s)
{
    return s->disc;
}

enum kern_format iq_source_kern_format(const struct iq_source *s)
{
    return s->kf;
}

double iq_source_rate(const struct iq_source *s)
{
    return s->rate;
}

int64_t iq_source_length(const struct iq_source *s)
{
    return s->length;
}

/* Up to `bytes` bytes (bounded by a WAV data size); counts errors. */
static size_t read_bytes(struct iq_source *s, void *buf, size_t bytes)
{
    if (s->eof) return 0;
    if (s->left != WAV_SIZE_UNKNOWN && bytes > s->left) bytes = (size_t)s->left;
    size_t got = bytes ? fread(buf, 1, bytes, s->f) : 0;
    s->st.bytes += got;
    if (s->left != WAV_SIZE_UNKNOWN) s->left -= got;
    if (got < bytes || s->left == 0) {
        if (got < bytes && ferror(s->f)) {
            s->st.io_errors++;
            log_warn("iq_source: read error: %s", strerror(errno));
        } else if (got < bytes && s->left != WAV_SIZE_UNKNOWN)
            s->st.missing_bytes = s->left;
        s->eof = 1;
    }
    return got;
}

/* A block of whole samples of `size` bytes; a partial one at the end is
 * counted and dropped. */
static int read_samples(struct iq_source *s, void *buf, size_t size, size_t max, size_t *n)
{
    size_t got = read_bytes(s, buf, max * size);
    size_t whole = got / size;
    if (got % size) {
        s->st.partial_bytes += got % size;
        s->eof = 1;
    }
    *n = whole;
    s->st.samples += whole;
    return whole ? AISD_OK : AISD_E_EOF;
}

size_t iq_source_zero_nonfinite(float *x, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) {
            x[i] = 0;
            bad++;
        }
    return bad;
}

int iq_source_read(struct iq_source *s, void *buf, size_t max, size_t *n)
{
    *n = 0;
    if (!s || s->disc) return AISD_E_INVAL;
    if (max == 0) return AISD_OK;
    int rc = read_samples(s, buf, kern_format_size(s->kf), max, n);
    if (s->kf == KERN_CF32) s->st.nonfinite += iq_source_zero_nonfinite(buf, 2 * *n);
    return rc;
}

static int read_text(struct iq_source *s, float *buf, size_t max, size_t *n)
{
    size_t k = 0;
    while (k < max && !s->eof) {
        if (!fgets(s->line, sizeof s->line, s->f)) {
            if (ferror(s->f)) s->st.io_errors++;
            s->eof = 1;
            break;
        }
        size_t len = strlen(s->line);
        s->st.bytes += len;
        if (len == sizeof s->line - 1 && s->line[len - 1] != '\n') {
            /* An over-long line: count it and drop the rest of it. */
            int c;
            while ((c = fgetc(s->f)) != EOF && c != '\n')
                s->st.bytes++;
            s->st.bad_lines++;
            continue;
        }
        char *p = s->line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\n' || *p == '\r' || *p == 0 || *p == '#') continue; /* blank or comment */
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        if (end == p || *end != 0 || errno == ERANGE || v != v) {
            s->st.bad_lines++;
            continue;
        }
        if (v > 32767 || v < -32768) {
            s->st.clipped++;
            v = v > 0 ? 32767 : -32768;
        }
        buf[k++] = (float)(v / 32768.0);
    }
    *n = k;
    s->st.samples += k;
    return k ? AISD_OK : AISD_E_EOF;
}

int iq_source_read_disc(struct iq_source *s, float *buf, size_t max, size_t *n)
{
    *n = 0;
    if (!s || !s->disc) return AISD_E_INVAL;
    if (max == 0) return AISD_OK;
    if (s->text) return read_text(s, buf, max, n);
    if (s->disc_float) {
        int rc = read_samples(s, buf, sizeof(float), max, n);
        s->st.nonfinite += iq_source_zero_nonfinite(buf, *n);
        return rc;
    }
    /* s16 into the tail half of the float buffer, then widen in place
     * front to back (the float at k never overtakes the int16 at k). */
    int16_t *raw = (int16_t *)(buf + max) - max;
    int rc = read_samples(s, raw, sizeof(int16_t), max, n);
    for (size_t k = 0; k < *n; k++) {
        const uint8_t *b = (const uint8_t *)(raw + k);
        buf[k] = (float)(int16_t)(b[0] | b[1] << 8) / 32768.0f;
    }
    return rc;
}

void iq_source_get_stats(const struct iq_source *s, struct iq_source_stats *st)
{
    *st = s->st;
}

void iq_source_destroy(struct iq_source *s)
{
    if (!s) return;
    if (s->own) fclose(s->f);
    free(s);
}
