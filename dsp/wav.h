/* wav.h: RIFF/WAVE headers for IQ (2 channels: I left, Q right) and
 * discriminator audio (1 channel): PCM 8/16-bit or IEEE float 32-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE. Reads strictly forward (works on pipes), skips
 * unknown chunks, and tells a truncated or corrupt header (AISD_E_FORMAT, with
 * a log line saying what) from a file that is not WAV at all
 * (AISD_E_NOTTHIS). Also writes a header for tools that record. */
#ifndef AISD_WAV_H
#define AISD_WAV_H

#include <stdint.h>
#include <stdio.h>

#define WAV_SIZE_UNKNOWN UINT64_MAX

struct wav_info {
    unsigned channels;    /* 1 or 2 */
    unsigned bits;        /* 8, 16 or 32 per channel sample */
    int is_float;         /* 32-bit IEEE float */
    double rate;          /* frames (samples per channel) per second */
    uint64_t data_bytes;  /* size of the data chunk, WAV_SIZE_UNKNOWN if streamed */
    uint64_t data_offset; /* bytes consumed up to the first sample */
};

/* Read the header from f up to the first sample. 0; AISD_E_NOTTHIS (no
 * RIFF/WAVE magic); AISD_E_FORMAT (truncated or inconsistent);
 * AISD_E_UNSUPPORTED (valid WAV we cannot use: compressed, 24-bit, > 2
 * channels). */
int wav_read_header(FILE *f, struct wav_info *w);

/* Write a canonical 44-byte header (PCM, or 58-byte float with its fact
 * chunk). data_bytes WAV_SIZE_UNKNOWN writes 0xffffffff sizes (streaming).
 * 0 or AISD_E_INVAL/AISD_E_IO. */
int wav_write_header(FILE *f, const struct wav_info *w);

#endif
