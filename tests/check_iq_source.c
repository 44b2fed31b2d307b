/* check_iq_source.c: the sample readers: raw IQ formats in odd block sizes
 * with a partial trailing sample, stdin, WAV (PCM 8/16, float, extensible,
 * extra chunks, streamed size), every truncation of a header and corrupt
 * headers as clear errors, discriminator audio (raw s16, WAV, text with bad
 * lines), and the corpus recordings (SwiftAIS WAV through the channelizer at
 * its 161.992 MHz centre; gnuais .num files). */
#include "decode/err.h"
#include "dsp/channelizer.h"
#include "dsp/iq_source.h"
#include "dsp/wav.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A temporary stream holding bytes, positioned at the start. */
static FILE *mem(const void *bytes, size_t n)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    if (n) ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    rewind(f);
    return f;
}

static struct iq_source *open_stream(FILE *f, enum iq_source_format fmt, double rate)
{
    struct iq_source_config c = iq_source_config_default();
    c.stream = f;
    c.format = fmt;
    c.rate = rate;
    return iq_source_create(&c);
}

START_TEST(test_format_names)
{
    ck_assert_int_eq(iq_source_format_parse("cu8"), IQ_SRC_CU8);
    ck_assert_int_eq(iq_source_format_parse("cf32"), IQ_SRC_CF32);
    ck_assert_int_eq(iq_source_format_parse("disc"), IQ_SRC_DISC_S16);
    ck_assert_int_eq(iq_source_format_parse("num"), IQ_SRC_DISC_TEXT);
    ck_assert_int_eq(iq_source_format_parse("mp3"), -1);
    ck_assert_int_eq(iq_source_format_guess("a/b/rec.cs16"), IQ_SRC_CS16);
    ck_assert_int_eq(iq_source_format_guess("x.wav"), IQ_SRC_WAV);
    ck_assert_int_eq(iq_source_format_guess("1.num"), IQ_SRC_DISC_TEXT);
    ck_assert_int_eq(iq_source_format_guess("noext"), -1);
    ck_assert_int_eq(iq_source_format_guess("x.disc-wav"), -1);
}
END_TEST

/* Every raw IQ format: N samples and one stray byte, read in blocks of 7. */
START_TEST(test_raw_formats)
{
    static const enum iq_source_format fmts[] = {IQ_SRC_CU8, IQ_SRC_CS8, IQ_SRC_CS16, IQ_SRC_CF32};
    enum iq_source_format fmt = fmts[_i];
    size_t sz = kern_format_size((enum kern_format)fmt), N = 1000;
    uint8_t *data = malloc(N * sz + 1);
    for (size_t k = 0; k < N * sz + 1; k++)
        data[k] = (uint8_t)(k * 7 + 3);
    FILE *f = mem(data, N * sz + 1);
    ck_assert_ptr_null(open_stream(f, fmt, 0)); /* raw needs a rate */
    struct iq_source *s = open_stream(f, fmt, 288000);
    ck_assert_ptr_nonnull(s);
    ck_assert(!iq_source_is_disc(s));
    ck_assert_int_eq(iq_source_kern_format(s), (int)fmt);
    ck_assert_double_eq(iq_source_rate(s), 288000);
    uint8_t *back = malloc(N * sz + 64);
    size_t total = 0, n = 0;
    int rc;
    while ((rc = iq_source_read(s, back + total * sz, 7, &n)) == 0) {
        ck_assert_uint_le(n, 7);
        total += n;
    }
    ck_assert_int_eq(rc, AISD_E_EOF);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(total, N);
    ck_assert_mem_eq(back, data, N * sz);
    ck_assert_int_eq(iq_source_read(s, back, 7, &n), AISD_E_EOF); /* stays at the end */
    float fl[4];
    ck_assert_int_eq(iq_source_read_disc(s, fl, 4, &n), AISD_E_INVAL);
    struct iq_source_stats st;
    iq_source_get_stats(s, &st);
    ck_assert_uint_eq(st.samples, N);
    ck_assert_uint_eq(st.partial_bytes, 1);
    ck_assert_uint_eq(st.bytes, N * sz + 1);
    iq_source_destroy(s);
    fclose(f);
    free(data);
    free(back);
}
END_TEST

START_TEST(test_stdin_and_files)
{
    char *dir = test_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/x.cu8", dir);
    FILE *f = fopen(path, "wb");
    uint8_t d[200];
    for (int k = 0; k < 200; k++)
        d[k] = (uint8_t)k;
    fwrite(d, 1, sizeof d, f);
    fclose(f);
    struct iq_source_config c = iq_source_config_default();
    c.path = path;
    c.format = (enum iq_source_format)iq_source_format_guess(path);
    c.rate = 288000;
    struct iq_source *s = iq_source_create(&c);
    ck_assert_ptr_nonnull(s);
    uint8_t back[256];
    size_t n;
    ck_assert_int_eq(iq_source_read(s, back, 128, &n), 0);
    ck_assert_uint_eq(n, 100);
    ck_assert_mem_eq(back, d, 200);
    iq_source_destroy(s);
    /* The same file as stdin ("-"). */
    int saved = dup(0);
    FILE *in = fopen(path, "rb");
    ck_assert_int_ge(dup2(fileno(in), 0), 0);
    fclose(in);
    c.path = "-";
    s = iq_source_create(&c);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(iq_source_read(s, back, 40, &n), 0);
    ck_assert_uint_eq(n, 40);
    ck_assert_int_eq(iq_source_read(s, back + 80, 100, &n), 0);
    ck_assert_uint_eq(n, 60);
    ck_assert_mem_eq(back, d, 200);
    iq_source_destroy(s);
    dup2(saved, 0);
    close(saved);
    clearerr(stdin);
    /* Missing file. */
    snprintf(path, sizeof path, "%s/none.cu8", dir);
    c.path = path;
    ck_assert_ptr_null(iq_source_create(&c));
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* Build a WAV: header by hand so that chunks can be arranged and damaged. */
static size_t build_wav(uint8_t *b, unsigned tag, unsigned ch, unsigned rate, unsigned bits,
                        int extensible, int list_chunk, const void *data, uint32_t data_bytes,
                        uint32_t data_size_field)
{
    size_t p = 0;
#define PUT(s, n) (memcpy(b + p, (s), (n)), p += (n))
#define P32(v)                                                                                     \
    (b[p] = (uint8_t)(v), b[p + 1] = (uint8_t)((v) >> 8), b[p + 2] = (uint8_t)((v) >> 16),         \
     b[p + 3] = (uint8_t)((v) >> 24), p += 4)
#define P16(v) (b[p] = (uint8_t)(v), b[p + 1] = (uint8_t)((v) >> 8), p += 2)
    PUT("RIFF", 4);
    P32(0u); /* patched below */
    PUT("WAVE", 4);
    if (list_chunk) { /* odd size: a pad byte follows */
        PUT("LIST", 4);
        P32(5u);
        PUT("INFOx", 5);
        b[p++] = 0;
    }
    PUT("fmt ", 4);
    P32(extensible ? 40u : 16u);
    P16(extensible ? 0xfffeu : tag);
    P16(ch);
    P32(rate);
    P32(rate * ch * bits / 8);
    P16(ch * bits / 8);
    P16(bits);
    if (extensible) {
        P16(22u);
        P16(bits);
        P32(0u);
        P16(tag); /* GUID: tag, then the fixed tail */
        PUT("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71", 14);
    }
    PUT("data", 4);
    P32(data_size_field);
    if (data_bytes) PUT(data, data_bytes);
    uint32_t riff = (uint32_t)(p - 8);
    b[4] = (uint8_t)riff;
    b[5] = (uint8_t)(riff >> 8);
    b[6] = (uint8_t)(riff >> 16);
    b[7] = 0;
    return p;
}

START_TEST(test_wav_iq)
{
    uint8_t buf[4096];
    int16_t s16[64];
    for (int k = 0; k < 64; k++)
        s16[k] = (int16_t)(k * 1000 - 30000);
    /* PCM 16 stereo with a LIST chunk, and a trailing chunk after the data. */
    size_t len = build_wav(buf, 1, 2, 240000, 16, 0, 1, s16, sizeof s16, sizeof s16);
    memcpy(buf + len,
           "JUNK\x04\x00\x00\x00"
           "abcd",
           12);
    FILE *f = mem(buf, len + 12);
    struct iq_source *s = open_stream(f, IQ_SRC_WAV, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_double_eq(iq_source_rate(s), 240000);
    ck_assert_int_eq(iq_source_kern_format(s), KERN_CS16);
    int16_t back[80];
    size_t n, total = 0;
    while (iq_source_read(s, back + 2 * total, 5, &n) == 0)
        total += n;
    ck_assert_uint_eq(total, 32); /* stops at the data size, not at JUNK */
    ck_assert_mem_eq(back, s16, sizeof s16);
    struct iq_source_stats st;
    iq_source_get_stats(s, &st);
    ck_assert_uint_eq(st.missing_bytes, 0);
    iq_source_destroy(s);
    fclose(f);
    /* A recording cut short: the data chunk declares 128 bytes, the file
     * holds 100. What is there is read, the rest counted as missing. */
    len = build_wav(buf, 1, 2, 240000, 16, 0, 0, s16, 100, sizeof s16);
    f = mem(buf, len);
    s = open_stream(f, IQ_SRC_WAV, 0);
    ck_assert_ptr_nonnull(s);
    total = 0;
    while (iq_source_read(s, back + 2 * total, 5, &n) == 0)
        total += n;
    ck_assert_uint_eq(total, 25);
    iq_source_get_stats(s, &st);
    ck_assert_uint_eq(st.missing_bytes, sizeof s16 - 100);
    iq_source_destroy(s);
    fclose(f);
    /* Float stereo, extensible, streamed size (0xffffffff): to the end. */
    float fl[16];
    for (int k = 0; k < 16; k++)
        fl[k] = (float)k / 16;
    len = build_wav(buf, 3, 2, 1536000, 32, 1, 0, fl, sizeof fl, 0xffffffffu);
    f = mem(buf, len);
    s = open_stream(f, IQ_SRC_WAV, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(iq_source_kern_format(s), KERN_CF32);
    ck_assert_double_eq(iq_source_rate(s), 1536000);
    float fb[16];
    ck_assert_int_eq(iq_source_read(s, fb, 100, &n), 0);
    ck_assert_uint_eq(n, 8);
    ck_assert_mem_eq(fb, fl, sizeof fl);
    iq_source_destroy(s);
    fclose(f);
    /* 8-bit stereo is unsigned: cu8. */
    uint8_t u8[8] = {0, 255, 127, 128, 1, 2, 3, 4};
    len = build_wav(buf, 1, 2, 288000, 8, 0, 0, u8, 8, 8);
    f = mem(buf, len);
    s = open_stream(f, IQ_SRC_WAV, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(iq_source_kern_format(s), KERN_CU8);
    iq_source_destroy(s);
    fclose(f);
}
END_TEST

START_TEST(test_wav_written_reads_back)
{
    FILE *f = tmpfile();
    struct wav_info w = {
        .channels = 2, .bits = 16, .is_float = 0, .rate = 288000, .data_bytes = 400};
    ck_assert_int_eq(wav_write_header(f, &w), 0);
    for (int k = 0; k < 400; k++)
        fputc(k & 0xff, f);
    w.is_float = 1;
    w.bits = 32;
    FILE *g = tmpfile();
    ck_assert_int_eq(wav_write_header(g, &w), 0);
    for (int k = 0; k < 400; k++)
        fputc(k & 0xff, g);
    w.bits = 12;
    ck_assert_int_eq(wav_write_header(g, &w), AISD_E_INVAL);
    rewind(f);
    rewind(g);
    struct wav_info r;
    ck_assert_int_eq(wav_read_header(f, &r), 0);
    ck_assert_uint_eq(r.channels, 2);
    ck_assert_uint_eq(r.bits, 16);
    ck_assert_int_eq(r.is_float, 0);
    ck_assert_double_eq(r.rate, 288000);
    ck_assert_uint_eq(r.data_bytes, 400);
    ck_assert_uint_eq(r.data_offset, 44);
    ck_assert_int_eq(wav_read_header(g, &r), 0);
    ck_assert_int_eq(r.is_float, 1);
    ck_assert_uint_eq(r.data_offset, 58);
    fclose(f);
    fclose(g);
}
END_TEST

/* Every truncation of a valid header is AISD_E_FORMAT, never a crash. */
START_TEST(test_wav_truncated)
{
    uint8_t buf[256];
    size_t len = build_wav(buf, 3, 2, 240000, 32, 1, 1, NULL, 0, 0);
    for (size_t cut = 0; cut < len; cut++) {
        FILE *f = mem(buf, cut);
        struct wav_info w;
        int rc = wav_read_header(f, &w);
        ck_assert_msg(rc == (cut == 0 ? AISD_E_NOTTHIS : AISD_E_FORMAT), "cut %zu: rc %d", cut, rc);
        rewind(f);
        ck_assert_ptr_null(open_stream(f, IQ_SRC_WAV, 0));
        fclose(f);
    }
    FILE *f = mem(buf, len);
    struct wav_info w;
    ck_assert_int_eq(wav_read_header(f, &w), 0);
    ck_assert_uint_eq(w.data_offset, len);
    ck_assert_uint_eq(w.data_bytes, WAV_SIZE_UNKNOWN);
    fclose(f);
}
END_TEST

static int header_rc(const uint8_t *b, size_t len)
{
    FILE *f = mem(b, len);
    struct wav_info w;
    int rc = wav_read_header(f, &w);
    fclose(f);
    return rc;
}

START_TEST(test_wav_corrupt)
{
    uint8_t buf[256];
    size_t len;
    ck_assert_int_eq(header_rc((const uint8_t *)"hello, world, not a wav", 23), AISD_E_NOTTHIS);
    len = build_wav(buf, 1, 2, 240000, 16, 0, 0, NULL, 0, 0);
    memcpy(buf + 8, "AVI ", 4);
    ck_assert_int_eq(header_rc(buf, len), AISD_E_FORMAT);
    len = build_wav(buf, 1, 0, 240000, 16, 0, 0, NULL, 0, 0); /* 0 channels */
    ck_assert_int_eq(header_rc(buf, len), AISD_E_FORMAT);
    len = build_wav(buf, 1, 2, 0, 16, 0, 0, NULL, 0, 0); /* 0 Hz */
    ck_assert_int_eq(header_rc(buf, len), AISD_E_FORMAT);
    len = build_wav(buf, 1, 2, 240000, 16, 0, 0, NULL, 0, 0);
    buf[32] = 3; /* block align 3 for 2 x 16 bits */
    ck_assert_int_eq(header_rc(buf, len), AISD_E_FORMAT);
    len = build_wav(buf, 2, 2, 240000, 16, 0, 0, NULL, 0, 0); /* ADPCM */
    ck_assert_int_eq(header_rc(buf, len), AISD_E_UNSUPPORTED);
    len = build_wav(buf, 1, 2, 240000, 24, 0, 0, NULL, 0, 0);
    ck_assert_int_eq(header_rc(buf, len), AISD_E_UNSUPPORTED);
    len = build_wav(buf, 1, 4, 240000, 16, 0, 0, NULL, 0, 0);
    ck_assert_int_eq(header_rc(buf, len), AISD_E_UNSUPPORTED);
    /* data before fmt */
    uint8_t d[] = "RIFF\x24\x00\x00\x00WAVEdata\x00\x00\x00\x00";
    ck_assert_int_eq(header_rc(d, sizeof d - 1), AISD_E_FORMAT);
    /* a chunk whose size runs past the end */
    uint8_t e[] = "RIFF\x24\x00\x00\x00WAVELIST\xff\xff\x00\x00"
                  "abc";
    ck_assert_int_eq(header_rc(e, sizeof e - 1), AISD_E_FORMAT);
    /* fmt chunk too small */
    len = build_wav(buf, 1, 2, 240000, 16, 0, 0, NULL, 0, 0);
    buf[16] = 8;
    ck_assert_int_eq(header_rc(buf, len), AISD_E_FORMAT);
    /* disc-wav with 2 channels is refused */
    len = build_wav(buf, 1, 2, 48000, 16, 0, 0, NULL, 0, 0);
    FILE *f = mem(buf, len);
    ck_assert_ptr_null(open_stream(f, IQ_SRC_DISC_WAV, 0));
    fclose(f);
}
END_TEST

START_TEST(test_disc_raw_and_wav)
{
    int16_t v[5] = {0, 16384, -32768, 32767, -1};
    FILE *f = mem(v, sizeof v);
    struct iq_source *s = open_stream(f, IQ_SRC_DISC_S16, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert(iq_source_is_disc(s));
    ck_assert_double_eq(iq_source_rate(s), 48000);
    float out[8];
    size_t n;
    ck_assert_int_eq(iq_source_read_disc(s, out, 3, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(iq_source_read_disc(s, out + 3, 8, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert(out[0] == 0 && out[1] == 0.5f && out[2] == -1.0f && out[4] == -1.0f / 32768);
    ck_assert_int_eq(iq_source_read(s, out, 1, &n), AISD_E_INVAL);
    ck_assert_int_eq(iq_source_read_disc(s, out, 8, &n), AISD_E_EOF);
    iq_source_destroy(s);
    fclose(f);
    uint8_t buf[256];
    size_t len = build_wav(buf, 1, 1, 48000, 16, 0, 0, v, sizeof v, sizeof v);
    f = mem(buf, len);
    s = open_stream(f, IQ_SRC_WAV, 0); /* mono "wav" is discriminator audio */
    ck_assert_ptr_nonnull(s);
    ck_assert(iq_source_is_disc(s));
    ck_assert_int_eq(iq_source_read_disc(s, out, 8, &n), 0);
    ck_assert_uint_eq(n, 5);
    ck_assert(out[1] == 0.5f);
    iq_source_destroy(s);
    fclose(f);
}
END_TEST

START_TEST(test_disc_text)
{
    const char *t = "12\n-5\n\n# comment\n  7  \nabc\n1e9\n3x\n-32768\n\r\n";
    char longline[600];
    memset(longline, '1', sizeof longline - 2);
    longline[sizeof longline - 2] = '\n';
    longline[sizeof longline - 1] = 0;
    FILE *f = tmpfile();
    fputs(t, f);
    fputs(longline, f);
    fputs("100", f); /* no final newline */
    rewind(f);
    struct iq_source *s = open_stream(f, IQ_SRC_DISC_TEXT, 0);
    ck_assert_ptr_nonnull(s);
    float out[16];
    size_t n, total = 0;
    while (iq_source_read_disc(s, out + total, 2, &n) == 0)
        total += n;
    ck_assert_uint_eq(total, 6);
    float want[6] = {12, -5, 7, 32767, -32768, 100};
    for (int k = 0; k < 6; k++)
        ck_assert_msg(out[k] == want[k] / 32768, "k %d: %g", k, out[k] * 32768);
    struct iq_source_stats st;
    iq_source_get_stats(s, &st);
    ck_assert_uint_eq(st.bad_lines, 3); /* abc, 3x, the long line */
    ck_assert_uint_eq(st.clipped, 1);
    ck_assert_uint_eq(st.samples, 6);
    iq_source_destroy(s);
    fclose(f);
}
END_TEST

/* "disc-any" (aisctl rx --format disc): text when the first byte is a digit,
 * a sign, a blank or a newline, raw s16 otherwise; the byte is not lost. */
START_TEST(test_disc_any)
{
    ck_assert_int_eq(iq_source_format_parse("disc-any"), IQ_SRC_DISC_ANY);
    const char *t = "-5\n300\n";
    FILE *f = mem(t, strlen(t));
    struct iq_source *s = open_stream(f, IQ_SRC_DISC_ANY, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert(iq_source_is_disc(s));
    float out[8];
    size_t n;
    ck_assert_int_eq(iq_source_read_disc(s, out, 8, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert(out[0] == -5.0f / 32768 && out[1] == 300.0f / 32768);
    ck_assert_int_eq(iq_source_length(s), -1); /* text: not known before it is read */
    iq_source_destroy(s);
    fclose(f);
    int16_t v[3] = {0x4000, -2, 7}; /* first byte 0x00: binary */
    f = mem(v, sizeof v);
    s = open_stream(f, IQ_SRC_DISC_ANY, 0);
    ck_assert_int_eq(iq_source_read_disc(s, out, 8, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert(out[0] == 0.5f && out[1] == -2.0f / 32768 && out[2] == 7.0f / 32768);
    iq_source_destroy(s);
    fclose(f);
}
END_TEST

/* iq_source_length: the samples a regular file holds after its header, or a
 * WAV's data chunk declares (even when the file is cut short); -1 for a
 * stream whose size is not known. */
START_TEST(test_length)
{
    char *dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/x.cs16", dir);
    FILE *f = fopen(path, "wb");
    uint8_t junk[4003] = {0};
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    struct iq_source_config c = iq_source_config_default();
    c.path = path;
    c.format = IQ_SRC_CS16;
    c.rate = 288000;
    struct iq_source *s = iq_source_create(&c);
    ck_assert_int_eq(iq_source_length(s), 1000); /* 4 bytes a sample, 3 left over */
    iq_source_destroy(s);
    c.format = IQ_SRC_DISC_S16;
    s = iq_source_create(&c);
    ck_assert_int_eq(iq_source_length(s), 2001);
    iq_source_destroy(s);
    /* a WAV declaring 400 bytes of 16-bit I/Q that holds 100 */
    snprintf(path, sizeof path, "%s/x.wav", dir);
    uint8_t buf[256];
    size_t len = build_wav(buf, 1, 2, 288000, 16, 0, 0, junk, 100, 400);
    f = fopen(path, "wb");
    fwrite(buf, 1, len, f);
    fclose(f);
    c.format = IQ_SRC_WAV;
    s = iq_source_create(&c);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(iq_source_length(s), 100);
    iq_source_destroy(s);
    f = mem(buf, len); /* the same WAV as a stream: the declared size still tells */
    s = open_stream(f, IQ_SRC_WAV, 0);
    ck_assert_int_eq(iq_source_length(s), 100);
    iq_source_destroy(s);
    fclose(f);
    f = mem(junk, 400); /* a regular (temporary) file given as a stream */
    s = open_stream(f, IQ_SRC_CU8, 288000);
    ck_assert_int_eq(iq_source_length(s), 200);
    iq_source_destroy(s);
    fclose(f);
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    ck_assert_int_eq(write(fd[1], junk, 400), 400);
    close(fd[1]);
    f = fdopen(fd[0], "rb");
    s = open_stream(f, IQ_SRC_CU8, 288000); /* a pipe: not known */
    ck_assert_int_eq(iq_source_length(s), -1);
    iq_source_destroy(s);
    fclose(f);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

START_TEST(test_corpus_num)
{
    static const char *files[] = {"discriminator/gnuais/1.num", "discriminator/gnuais/3.num"};
    static const size_t counts[] = {1402, 1481};
    char *path = test_corpus_file(files[_i]);
    if (!path) return;
    struct iq_source_config c = iq_source_config_default();
    c.path = path;
    c.format = (enum iq_source_format)iq_source_format_guess(path);
    struct iq_source *s = iq_source_create(&c);
    ck_assert_ptr_nonnull(s);
    float buf[512];
    size_t n, total = 0;
    double e = 0;
    while (iq_source_read_disc(s, buf, 512, &n) == 0) {
        for (size_t k = 0; k < n; k++)
            e += buf[k] * buf[k];
        if (total == 0 && _i == 0) ck_assert(buf[0] == 1234.0f / 32768);
        total += n;
    }
    ck_assert_uint_eq(total, counts[_i]);
    struct iq_source_stats st;
    iq_source_get_stats(s, &st);
    ck_assert_uint_eq(st.bad_lines, 0);
    ck_assert(e > 0);
    iq_source_destroy(s);
    free(path);
}
END_TEST

/* The real recording: one burst on channel B, centre 161.992 MHz, so B sits
 * at +33 kHz. Channelized with that centre, the burst is on B, > 25 dB above
 * whatever shows on A, and its mean frequency is near 0 Hz. */
START_TEST(test_corpus_swiftais_wav)
{
    char *path = test_corpus_file("iq/swiftais_sentence1_240k_cs16.wav");
    if (!path) return;
    struct iq_source_config c = iq_source_config_default();
    c.path = path;
    c.format = IQ_SRC_WAV;
    struct iq_source *s = iq_source_create(&c);
    ck_assert_ptr_nonnull(s);
    ck_assert_double_eq(iq_source_rate(s), 240000);
    ck_assert_int_eq(iq_source_kern_format(s), KERN_CS16);
    struct channelizer_config cc = channelizer_config_default();
    cc.rate = iq_source_rate(s);
    cc.centre_hz = 161.992e6;
    struct channelizer *ch = channelizer_create(&cc);
    ck_assert_ptr_nonnull(ch);
    int16_t raw[2 * 1000];
    size_t cap = channelizer_max_out(ch, 1000);
    float complex *a = malloc(4000 * sizeof *a), *b = malloc(4000 * sizeof *b);
    size_t n, total = 0, nout = 0, no;
    while (iq_source_read(s, raw, 1000, &n) == 0) {
        ck_assert_uint_le(nout + cap, 4000);
        ck_assert_int_eq(channelizer_execute(ch, KERN_CS16, raw, n, a + nout, b + nout, &no), 0);
        total += n;
        nout += no;
    }
    ck_assert_uint_eq(total, 14160);
    ck_assert_uint_ge(nout, 2830);
    /* Burst from about 9 to 45 ms: 48 kS/s samples 600 .. 2000 are inside. */
    double ea = 0, eb = 0, quiet = 0;
    float complex d = 0;
    for (size_t k = 600; k < 2000; k++) {
        ea += cabsf(a[k]) * cabsf(a[k]);
        eb += cabsf(b[k]) * cabsf(b[k]);
        d += b[k] * conjf(b[k - 1]);
    }
    for (size_t k = 100; k < 350; k++)
        quiet += cabsf(b[k]) * cabsf(b[k]);
    double sep = 10 * log10(eb / ea), snr = 10 * log10((eb / 1400) / (quiet / 250));
    double f = cargf(d) / (2 * M_PI) * 48000;
    printf("swiftais: B/A %.1f dB, burst/noise on B %.1f dB, mean frequency %.0f Hz\n", sep, snr,
           f);
    ck_assert_msg(sep > 25, "B only %.1f dB above A", sep);
    ck_assert_msg(snr > 25, "burst %.1f dB above noise", snr);
    ck_assert_msg(fabs(f) < 1500, "burst at %.0f Hz", f);
    channelizer_destroy(ch);
    iq_source_destroy(s);
    free(a);
    free(b);
    free(path);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("iq_source");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_format_names);
    tcase_add_loop_test(tc, test_raw_formats, 0, 4);
    tcase_add_test(tc, test_stdin_and_files);
    tcase_add_test(tc, test_wav_iq);
    tcase_add_test(tc, test_wav_written_reads_back);
    tcase_add_test(tc, test_wav_truncated);
    tcase_add_test(tc, test_wav_corrupt);
    tcase_add_test(tc, test_disc_raw_and_wav);
    tcase_add_test(tc, test_disc_text);
    tcase_add_test(tc, test_disc_any);
    tcase_add_test(tc, test_length);
    tcase_add_loop_test(tc, test_corpus_num, 0, 2);
    tcase_add_test(tc, test_corpus_swiftais_wav);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
