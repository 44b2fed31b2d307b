/* wav.c: RIFF/WAVE header reader and writer (see wav.h). Little-endian
 * fields are assembled byte by byte, so the host's byte order does not
 * matter here. */
#include "dsp/wav.h"

#include "decode/err.h"
#include "decode/log.h"

#include <string.h>

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* Exactly n bytes or a short count. */
static size_t get(FILE *f, uint8_t *buf, size_t n, uint64_t *pos)
{
    size_t got = fread(buf, 1, n, f);
    *pos += got;
    return got;
}

static int skip(FILE *f, uint64_t n, uint64_t *pos)
{
    uint8_t junk[512];
    while (n) {
        size_t k = n < sizeof junk ? (size_t)n : sizeof junk;
        if (get(f, junk, k, pos) != k) return -1;
        n -= k;
    }
    return 0;
}

int wav_read_header(FILE *f, struct wav_info *w)
{
    uint8_t h[40];
    uint64_t pos = 0;
    memset(w, 0, sizeof *w);
    size_t got = get(f, h, 12, &pos);
    if (got < 4 || (memcmp(h, "RIFF", 4) != 0 && memcmp(h, "RIFX", 4) != 0)) {
        if (got >= 4 || got == 0) return AISD_E_NOTTHIS;
        log_error("wav: file ends after %zu bytes, inside the RIFF magic", got);
        return AISD_E_FORMAT;
    }
    if (memcmp(h, "RIFX", 4) == 0) {
        log_error("wav: big-endian RIFX files are not supported");
        return AISD_E_UNSUPPORTED;
    }
    if (got < 12) {
        log_error("wav: header truncated: %zu of 12 bytes of the RIFF header", got);
        return AISD_E_FORMAT;
    }
    if (memcmp(h + 8, "WAVE", 4) != 0) {
        log_error("wav: RIFF file of form '%.4s', not WAVE", (const char *)h + 8);
        return AISD_E_FORMAT;
    }
    int have_fmt = 0;
    unsigned tag = 0, block_align = 0;
    for (;;) {
        got = get(f, h, 8, &pos);
        if (got < 8) {
            log_error("wav: header truncated: %s",
                      have_fmt ? "no data chunk before the end" : "no fmt chunk before the end");
            return AISD_E_FORMAT;
        }
        uint32_t size = le32(h + 4);
        if (memcmp(h, "fmt ", 4) == 0) {
            if (have_fmt) {
                log_error("wav: two fmt chunks");
                return AISD_E_FORMAT;
            }
            if (size < 16 || size > 1024) {
                log_error("wav: fmt chunk of %u bytes (16..1024 expected)", size);
                return AISD_E_FORMAT;
            }
            size_t n = size < sizeof h ? size : sizeof h;
            if (get(f, h, n, &pos) != n || skip(f, size - n + (size & 1), &pos) != 0) {
                log_error("wav: header truncated inside the fmt chunk");
                return AISD_E_FORMAT;
            }
            tag = le16(h);
            w->channels = le16(h + 2);
            w->rate = le32(h + 4);
            block_align = le16(h + 12);
            w->bits = le16(h + 14);
            if (tag == 0xfffe) {
                if (size < 40) {
                    log_error("wav: extensible fmt chunk of %u bytes (40 expected)", size);
                    return AISD_E_FORMAT;
                }
                tag = le16(h + 24); /* the sub-format GUID starts with the tag */
            }
            have_fmt = 1;
        } else if (memcmp(h, "data", 4) == 0) {
            if (!have_fmt) {
                log_error("wav: data chunk before the fmt chunk");
                return AISD_E_FORMAT;
            }
            w->data_bytes = (size == 0xffffffffu || size == 0) ? WAV_SIZE_UNKNOWN : size;
            w->data_offset = pos;
            break;
        } else {
            /* LIST, fact, PEAK, JUNK ...: skip, with the pad byte. */
            if (skip(f, (uint64_t)size + (size & 1), &pos) != 0) {
                log_error("wav: header truncated inside a '%.4s' chunk", (const char *)h);
                return AISD_E_FORMAT;
            }
        }
    }
    if (w->channels == 0 || w->rate <= 0 || w->bits == 0) {
        log_error("wav: corrupt fmt chunk: %u channels, %.0f Hz, %u bits", w->channels, w->rate,
                  w->bits);
        return AISD_E_FORMAT;
    }
    if (block_align != w->channels * ((w->bits + 7) / 8)) {
        log_error("wav: corrupt fmt chunk: block align %u for %u channels of %u bits", block_align,
                  w->channels, w->bits);
        return AISD_E_FORMAT;
    }
    if (w->channels > 2) {
        log_error("wav: %u channels (1 for discriminator audio, 2 for I/Q)", w->channels);
        return AISD_E_UNSUPPORTED;
    }
    if (tag == 1 && (w->bits == 8 || w->bits == 16)) {
        w->is_float = 0;
    } else if (tag == 3 && w->bits == 32) {
        w->is_float = 1;
    } else {
        log_error("wav: format tag %u with %u bits is not supported (PCM 8/16, float 32)", tag,
                  w->bits);
        return AISD_E_UNSUPPORTED;
    }
    return AISD_OK;
}

int wav_write_header(FILE *f, const struct wav_info *w)
{
    if (!w || w->channels < 1 || w->channels > 2 || !(w->rate > 0) ||
        !((w->is_float && w->bits == 32) || (!w->is_float && (w->bits == 8 || w->bits == 16))))
        return AISD_E_INVAL;
    uint8_t h[58];
    size_t n = w->is_float ? 58 : 44;
    unsigned align = w->channels * w->bits / 8;
    uint32_t data = w->data_bytes >= 0xffffffffu - 64 ? 0xffffffffu : (uint32_t)w->data_bytes;
    memcpy(h, "RIFF", 4);
    put32(h + 4, data == 0xffffffffu ? data : (uint32_t)(n - 8 + data + (data & 1)));
    memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, w->is_float ? 18 : 16);
    put16(h + 20, w->is_float ? 3 : 1);
    put16(h + 22, (uint16_t)w->channels);
    put32(h + 24, (uint32_t)w->rate);
    put32(h + 28, (uint32_t)w->rate * align);
    put16(h + 32, (uint16_t)align);
    put16(h + 34, (uint16_t)w->bits);
    size_t p = 36;
    if (w->is_float) {
        put16(h + 36, 0); /* cbSize */
        memcpy(h + 38, "fact", 4);
        put32(h + 42, 4);
        put32(h + 46, data == 0xffffffffu ? data : data / align);
        p = 50;
    }
    memcpy(h + p, "data", 4);
    put32(h + p + 4, data);
    return fwrite(h, 1, n, f) == n ? AISD_OK : AISD_E_IO;
}
