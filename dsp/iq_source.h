/* iq_source.h: sample files and stdin as a stream of blocks: raw IQ (cu8,
 * cs8, cs16, cf32), WAV IQ (2 channels, PCM 8/16-bit or float 32-bit), and
 * FM-discriminator audio (mono: raw s16, WAV, or text with one sample per
 * line such as gnuais' *.num). IQ blocks come out raw, in the kern_format the
 * channelizer converts with the SIMD kernels; discriminator audio comes out as
 * float. Reads into caller buffers, allocates nothing per block, counts every
 * anomaly (partial trailing sample, bad text line, read error) instead of
 * failing. One thread per object. */
#ifndef AISD_IQ_SOURCE_H
#define AISD_IQ_SOURCE_H

#include "dsp/kernels.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum iq_source_format {
    IQ_SRC_CU8 = 0,
    IQ_SRC_CS8,
    IQ_SRC_CS16,
    IQ_SRC_CF32,
    IQ_SRC_WAV,       /* 2 channels: IQ; 1 channel: discriminator audio */
    IQ_SRC_DISC_S16,  /* raw mono 16-bit little-endian discriminator audio */
    IQ_SRC_DISC_WAV,  /* mono WAV discriminator audio */
    IQ_SRC_DISC_TEXT, /* one integer sample per line (s16 scale) */
    IQ_SRC_DISC_ANY,  /* discriminator audio, text or raw s16 by its first byte: text
                       * when it is a digit, '-', a blank or a newline (aisctl rx's
                       * --format disc) */
};

struct iq_source_config {
    const char *path; /* file name, or "-" for stdin */
    FILE *stream;     /* instead of path: read this (not closed) */
    enum iq_source_format format;
    double rate; /* S/s for raw formats (required for IQ; disc default 48000);
                  * WAV files take it from the header */
};

struct iq_source_stats {
    uint64_t samples;       /* complex (IQ) or real (discriminator) samples delivered */
    uint64_t bytes;         /* bytes read */
    uint64_t partial_bytes; /* bytes of an incomplete trailing sample, dropped */
    uint64_t missing_bytes; /* WAV data bytes the header declared that the file did not
                             * hold (a recording cut short) */
    uint64_t bad_lines;     /* text lines that were not a number, skipped */
    uint64_t clipped;       /* text samples outside -32768..32767, clamped */
    uint64_t io_errors;     /* read errors (the stream then ends) */
    uint64_t nonfinite;     /* float values (cf32, float WAV) that were NaN or infinite,
                             * replaced by 0: one would fill every filter with NaN */
};

struct iq_source;

struct iq_source_config iq_source_config_default(void);

/* NULL (with a log line) when the file cannot be opened, the rate is missing,
 * or a WAV header is not WAV, truncated or corrupt. */
struct iq_source *iq_source_create(const struct iq_source_config *cfg);

/* 1 for discriminator audio (read with iq_source_read_disc), 0 for IQ. */
int iq_source_is_disc(const struct iq_source *s);
/* The raw format iq_source_read delivers (IQ sources). */
enum kern_format iq_source_kern_format(const struct iq_source *s);
double iq_source_rate(const struct iq_source *s);
/* The samples the source holds in all, when known before it is read: a WAV's
 * data chunk, or a regular file's size after its header, over the size of a
 * sample; -1 for text, pipes and terminals. */
int64_t iq_source_length(const struct iq_source *s);

/* IQ: up to max complex samples, raw, into buf (max * kern_format_size()
 * bytes). Blocks until max samples or the end. *n gets the count; returns 0,
 * or AISD_E_EOF with *n = 0 at the end, AISD_E_INVAL on a discriminator
 * source. */
int iq_source_read(struct iq_source *s, void *buf, size_t max, size_t *n);

/* Discriminator audio: up to max samples as float, full scale 1.0 (s16 / 32768;
 * float WAV as stored). Same returns as iq_source_read. */
int iq_source_read_disc(struct iq_source *s, float *buf, size_t max, size_t *n);

void iq_source_get_stats(const struct iq_source *s, struct iq_source_stats *st);

/* Replace NaN and infinite values among x[0..n) by 0; returns how many there
 * were. For float input only (the integer formats cannot hold them). */
size_t iq_source_zero_nonfinite(float *x, size_t n);

/* "cu8", "cs8", "cs16", "cf32", "wav", "disc" (raw s16), "disc-wav",
 * "disc-text"/"num", "disc-any": the format, or -1. */
int iq_source_format_parse(const char *name);
/* From a file name's extension (.cu8 .cs8 .cs16 .cf32 .wav .num .disc .s16),
 * or -1 when it does not tell. */
int iq_source_format_guess(const char *path);

void iq_source_destroy(struct iq_source *s);

#endif
