/* ctl_rx.h: what `aisctl rx` shares with `aisctl sweep`: opening a sample
 * file as rx reads it (through dsp/iq_source), the option parser, running the
 * receiver over a file, and printing a frame as NMEA. */
#ifndef AISD_CTL_RX_H
#define AISD_CTL_RX_H

#include "dsp/iq_source.h"
#include "dsp/kernels.h"
#include "dsp/receiver.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rx_opts {
    int fmt;     /* an iq_source format (rx_format_parse); -1: from the file name */
    double rate; /* 0: default or from the header */
    double centre;
    double ppm;
    int acquire, correct, pass2;
    double gate, cost, score;   /* correction gate, cost and score ceilings (< 0: default) */
    int nflip, maxflips, cands; /* (< 0: default) */
    double threshold;           /* detector threshold (< 0: default) */
};

/* --format: cu8, cs8, cs16, cf32, wav, or disc (IQ_SRC_DISC_ANY: text or raw
 * s16 by its content); -1 for anything else. */
int rx_format_parse(const char *s);
/* From the file name: .cu8 .cs8 .cs16 .cf32 .wav as named, .num and .disc
 * disc (IQ_SRC_DISC_ANY), .txt text and .s16 raw discriminator audio (as
 * dsp/iq_source guesses them), cu8 otherwise. */
int rx_format_guess(const char *path);
/* path ("-" or NULL: stdin) through dsp/iq_source in format fmt (-1: from
 * the name): raw IQ at rate (0: 288000), discriminator audio at rate (0:
 * 48000), a WAV at its header's rate (8 kS/s..20 MS/s, else refused) unless
 * rate is given. *rate_used gets the rate. NULL after saying why not. */
struct iq_source *rx_source_open(const char *path, int fmt, double rate, double *rate_used);

void rx_opts_default(struct rx_opts *o);
/* 1 if argv[*i] (and its value) was an rx option, 0 if not, -1 if invalid. */
int rx_parse_common(int argc, char **argv, int *i, struct rx_opts *o);
void rx_config_from_opts(const struct rx_opts *o, double rate, struct receiver_config *rc);
/* The receiver (or, for discriminator audio, dsp/disc_demod) over src to its
 * end, frames to cb; st, the seconds of input and the CPU seconds used. The
 * reader's anomalies (bad text lines, clamped or NaN values, a partial
 * sample, a WAV cut short) are said on stderr, naming name. 0; 1 on a read
 * error (the input was cut short), 64 when the receiver cannot be built. */
int rx_run_source(const struct rx_opts *o, struct iq_source *src, double rate, const char *name,
                  receiver_cb cb, void *ctx, struct receiver_stats *st, double *seconds,
                  double *wall);
/* rx_source_open + rx_run_source; 1 when the file cannot be opened. */
int rx_run_file(const struct rx_opts *o, const char *path, receiver_cb cb, void *ctx,
                struct receiver_stats *st, double *seconds, double *wall);

/* Print a frame as !AIVDM sentences (LF-terminated); meta adds a tag block
 * (s:aisd, c: in ms, t: channel/level/SNR/offset/corrected bits/sample).
 * *seq is the rolling sequence id of multi-sentence messages. */
void rx_print_frame(FILE *out, const struct rx_frame *f, int meta, unsigned *seq);

#endif
