/* ctl_sim_common.h: what `aisctl sim` (ctl_sim.c) and `aisctl sim --from-nmea`
 * (ctl_sim_nmea.c) share: the options both take (-o -f -r -s -e --noise --ppm
 * --tx-offset --realtime --help) and their parsing, the number parsers, the
 * IQ simulator's set-up from those options, a burst's carrier frequency and
 * Eb/N0, writing and closing the IQ output, and the usage messages. */
#ifndef AISD_CTL_SIM_COMMON_H
#define AISD_CTL_SIM_COMMON_H

#include "decode/rng.h"
#include "dsp/iq_sim.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BIT_RATE 9600.0
#define SLOT_S (60.0 / 2250.0) /* 26.67 ms */
#define CHANNEL_HZ 25000.0
#define CENTRE_HZ 162.0e6
#define MAX_LEVELS 2048

/* Long-option codes of the common options (getopt_long's val). */
enum { SIM_O_NOISE = 1000, SIM_O_PPM, SIM_O_TXOFF, SIM_O_REALTIME, SIM_O_HELP };

/* Short options and struct option entries of the common options. */
#define SIM_COMMON_SHORT_OPTS "o:f:r:s:e:h"
#define SIM_COMMON_LONG_OPTS                                                                       \
    {"output", required_argument, 0, 'o'}, {"format", required_argument, 0, 'f'},                  \
        {"rate", required_argument, 0, 'r'}, {"seed", required_argument, 0, 's'},                  \
        {"ebn0", required_argument, 0, 'e'}, {"noise", required_argument, 0, SIM_O_NOISE},         \
        {"ppm", required_argument, 0, SIM_O_PPM},                                                  \
        {"tx-offset", required_argument, 0, SIM_O_TXOFF},                                          \
        {"realtime", no_argument, 0, SIM_O_REALTIME},                                              \
    {                                                                                              \
        "help", no_argument, 0, SIM_O_HELP                                                         \
    }

/* Where a command keeps the common options' values. */
struct sim_common_opts {
    const char **output;        /* -o: IQ output path, "-" for stdout */
    enum iq_sim_format *format; /* -f */
    double *rate;               /* -r: S/s, more than twice the bit rate */
    uint64_t *seed;             /* -s */
    double *ebn0_lo, *ebn0_hi;  /* -e DB|LO:HI */
    double *noise_counts;       /* --noise: rms per axis in cu8 counts */
    double *ppm;                /* --ppm: tuner error */
    double *tx_offset;          /* --tx-offset: transmitter offsets +-HZ */
    int *realtime;              /* --realtime */
    int *format_given;          /* set when -f was given */
};

/* A full number (strtod, nothing after it, in range, finite: no nan/inf): 0, or -1. */
static inline int parse_num(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return (end == s || *end || errno || !isfinite(*v)) ? -1 : 0;
}

/* "A" (then *b = *a; returns 1) or "A<sep>B" (returns 2); -1 when malformed. */
int parse_pair(const char *s, double *a, double *b, char sep);

/* 1 when ch is a common option: its value is stored and *bad set when it is
 * not valid; 0 for any other option. */
int sim_common_option(int ch, const char *arg, const struct sim_common_opts *c, int *bad);

/* Without -f, the output file's extension (.cu8 .cs8 .cs16 .cf32) gives the
 * format, as aisd and aisctl rx read it (a .cs16 file used to get cu8 bytes).
 * -1 (said on stderr) for an extension the simulator cannot write (.wav). */
int sim_format_from_output(const struct sim_common_opts *c);

/* "aisctl sim: bad value for option ..." on stderr; returns EXIT_USAGE. */
int sim_bad_value(char **argv);
/* A positional argument: says so on stderr and returns 1; 0 when none. */
int sim_extra_argument(int argc, char **argv);

/* The simulator's configuration from the common options' values. */
struct iq_sim_config sim_iq_config(double rate, double noise_counts, enum iq_sim_format format,
                                   uint64_t seed);

/* The common options' Eb/N0: fixed, or uniform in [lo, hi). */
double sim_pick_ebn0(struct rng *r, double lo, double hi);
/* Carrier offset of a burst on channel 'A' or 'B': the channel, the tuner
 * error and a random transmitter offset. */
double sim_burst_freq(struct rng *r, double ppm, double tx_offset, char channel);

/* The output (stdout for "-"), or NULL (saying why on stderr when report). */
FILE *sim_open_output(const char *path, int report);
/* n samples of buf to out; -1 after saying why on stderr. */
int sim_write(FILE *out, const void *buf, size_t n, enum iq_sim_format format);
/* Closes a file output, flushes stdout: 0, or 1 when that failed. */
int sim_close_output(FILE *out);
/* "aisctl sim: N samples (S s at R S/s), " on stderr (the caller ends the line). */
void sim_summary_start(const struct iq_sim_stats *st, double rate);

#endif
