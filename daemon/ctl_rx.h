/* ctl_rx.h: what `aisctl rx` shares with `aisctl sweep`: the sample-file
 * reader, the option parser, running the receiver over a file, and printing
 * a frame as NMEA. */
#ifndef AISD_CTL_RX_H
#define AISD_CTL_RX_H

#include "dsp/kernels.h"
#include "dsp/receiver.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { RX_CU8, RX_CS8, RX_CS16, RX_CF32, RX_WAV, RX_DISC };

struct rx_input {
    FILE *fp;
    int fmt; /* RX_CU8..RX_CF32 after the header */
    double rate;
    int channels;
    uint64_t left;                /* WAV data bytes not yet read (WAV_SIZE_UNKNOWN: to the end) */
    int disc;                     /* real discriminator samples */
    int text;                     /* one sample per line */
    unsigned long bad_lines;      /* text lines that were not a sample in -32768..32767 (skipped) */
    unsigned long long nonfinite; /* NaN/infinite float values, replaced by 0 */
    unsigned long long partial_bytes; /* bytes of an incomplete trailing sample, dropped */
};
/* WAV data bytes its header promised that the file did not hold (a recording
 * cut short), once the input is read to its end; 0 for raw formats. */
unsigned long long rx_input_missing_bytes(const struct rx_input *in);

struct rx_opts {
    int fmt;     /* -1: from the file name */
    double rate; /* 0: default or from the header */
    double centre;
    double ppm;
    int acquire, correct, pass2;
    double gate, cost, score;   /* correction gate, cost and score ceilings (< 0: default) */
    int nflip, maxflips, cands; /* (< 0: default) */
    double threshold;           /* detector threshold (< 0: default) */
};

int rx_format_parse(const char *s);
int rx_format_guess(const char *path);
int rx_input_open(struct rx_input *in, const char *path, int fmt, double rate);
/* Real samples (disc) as floats, full scale 1. */
size_t rx_input_read(struct rx_input *in, float *out, size_t max);
/* Up to max complex samples in their file format (rx_kern_format). */
size_t rx_input_read_iq(struct rx_input *in, void *out, size_t max);
enum kern_format rx_kern_format(const struct rx_input *in);
void rx_input_close(struct rx_input *in);

void rx_opts_default(struct rx_opts *o);
/* 1 if argv[*i] (and its value) was an rx option, 0 if not, -1 if invalid. */
int rx_parse_common(int argc, char **argv, int *i, struct rx_opts *o);
void rx_config_from_opts(const struct rx_opts *o, double rate, struct receiver_config *rc);
int rx_run_file(const struct rx_opts *o, const char *path, receiver_cb cb, void *ctx,
                struct receiver_stats *st, double *seconds, double *wall);

/* Print a frame as !AIVDM sentences (LF-terminated); meta adds a tag block
 * (s:aisd, c: in ms, t: channel/level/SNR/offset/corrected bits/sample).
 * *seq is the rolling sequence id of multi-sentence messages. */
void rx_print_frame(FILE *out, const struct rx_frame *f, int meta, unsigned *seq);

#endif
