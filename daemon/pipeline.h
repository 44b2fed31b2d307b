/* pipeline.h: the threads behind the main loop. An input thread (the SDR
 * reader, rtl_tcp client, IQ file reader, or NMEA reader) and, for IQ inputs,
 * the DSP thread. Samples go input -> blockq -> DSP; frames and sentences go
 * -> itemq -> the main thread (itemq_fd wakes its poll). The input thread owns
 * its device or socket, the DSP thread its receiver state; counters are
 * atomics readable from the main thread. */
#ifndef AISD_PIPELINE_H
#define AISD_PIPELINE_H

#include "daemon/blockq.h"
#include "daemon/conf.h"
#include "daemon/itemq.h"
#include "daemon/snipq.h"

#include <pthread.h>

struct iq_source;
struct lookup_cap;
#include <stdatomic.h>
#include <stdint.h>

#define PIPELINE_WHY_MAX 200
#define PIPELINE_RELOG_S 600

struct pipeline_stats {
    uint64_t samples;         /* complex samples read from the input */
    uint64_t blocks;          /* sample blocks queued */
    uint64_t drops;           /* sample blocks dropped (queue full) */
    uint64_t item_drops;      /* frames dropped (main thread too slow) */
    uint64_t frames[2];       /* frames demodulated on A and B */
    uint64_t sentences;       /* NMEA lines read (NMEA inputs) */
    uint64_t lines_too_long;  /* NMEA input lines too long to be NMEA, dropped (counted here) */
    uint64_t reopens;         /* successful opens of the device/server after a failure or loss */
    uint64_t reopen_attempts; /* open attempts after the first (successful or not) */
    uint64_t stalls;          /* stalls detected (no samples for 2 s) */
    uint64_t lookup_timeouts; /* host name lookups of a network input that timed out */
    uint64_t lookup_refused;  /* ... not started: PIPELINE_LOOKUPS_MAX still running */
    uint64_t nonfinite;       /* NaN/infinite sample values (cf32, float WAV) replaced by 0 */
    uint64_t udp_in_dropped;  /* NMEA datagrams the kernel dropped (socket buffer full) */
    double ppm;               /* the DSP's tuner-error estimate (or the configured value) */
    int input_up;             /* the input currently delivers */
    int input_done;           /* a file input ended */
    uint64_t open_failures;   /* failed opens in a row (0 once one works) */
    double input_quiet_s;     /* seconds since the input thread last showed life */
    char input_why[PIPELINE_WHY_MAX]; /* why a live input is down ("" while it is up) */
};

struct pipeline {
    struct conf conf; /* a copy: the threads read it */
    struct blockq *bq;
    struct itemq *iq;
    struct snipq *snipq; /* IQ snippets (iq-snippets), or NULL */
    size_t bytes_per_sample;
    struct iq_source *iqsrc; /* an IQ file input's reader (dsp/iq_source.h) */
    int kfmt;                /* enum kern_format of the samples in the blocks */
    pthread_t input_thread, dsp_thread;
    int input_started, dsp_started;
    _Atomic int stop;
    _Atomic uint64_t samples, sentences, reopens, stalls, frames_a, frames_b;
    _Atomic uint64_t lookup_timeouts; /* rtl_tcp / NMEA TCP host lookups that timed out */
    _Atomic uint64_t lookup_refused;  /* ... not started: the cap's lookups all running */
    struct lookup_cap *lookups;       /* the input's host name lookups (daemon/lookup.h) */
    _Atomic uint64_t open_attempts, reopen_attempts; /* see pipeline_note_open() */
    _Atomic uint64_t nonfinite;      /* NaN/infinite float sample values replaced by 0 */
    _Atomic uint64_t lines_too_long; /* NMEA input lines of ITEMQ_LINE_MAX bytes or more */
    _Atomic uint64_t udp_in_dropped; /* UDP input: datagrams dropped by the kernel (SO_RXQ_OVFL) */
    _Atomic int input_up, input_done;
    _Atomic int dsp_ready;     /* the DSP thread has its receiver (or gave up) */
    _Atomic int input_exited;  /* the input thread body has returned */
    _Atomic int input_failed;  /* the input could not run (a bind, an open or a read failed):
                                * its end is a failure (exit 1), not the end of a file */
    _Atomic int64_t ppm_micro; /* ppm * 1e6: tuner error (applied + DSP residual) */
    _Atomic int64_t ppm_applied_micro; /* the correction the input set on the device */
    _Atomic int64_t last_sample_ns;    /* CLOCK_MONOTONIC of the latest samples */
    pthread_mutex_t dev_lock; /* guards dev between the SDR thread and a cancel (not per sample) */
    void *dev;                /* the open rtlsdr device, for input_rtlsdr_cancel() */
    _Atomic int cancel_requested;   /* main thread asks the input to drop and reopen */
    _Atomic uint64_t open_failures; /* failed opens in a row (see pipeline_note_open()) */
    _Atomic int64_t input_alive_ns; /* CLOCK_MONOTONIC of the input thread's last sign of life */
    pthread_mutex_t why_lock;       /* guards input_why, why_logged_ns (not per sample) */
    char input_why[PIPELINE_WHY_MAX];
    int64_t why_logged_ns; /* CLOCK_MONOTONIC when input_why was last logged */
};

/* Host name lookups of the input running at once, the ones given up on after
 * NETSOCK_LOOKUP_MS included (each holds a thread until the C library's
 * resolver gives up: 10 s a silent name server by default, 30 s with three).
 * An attempt beyond it is not made (the input says why and backs off as for
 * any failure); a resolver that never gives up no longer adds a thread per
 * retry for ever. */
#define PIPELINE_LOOKUPS_MAX 4

/* Create the queues (and nothing else): 0 or a negative aisd_err. */
struct pipeline *pipeline_create(const struct conf *c);
/* Start the input (and DSP) threads. */
int pipeline_start(struct pipeline *p);
/* Ask the threads to stop and join them. Safe to call twice. */
void pipeline_stop(struct pipeline *p);
void pipeline_destroy(struct pipeline *p);
int pipeline_fd(const struct pipeline *p); /* readable when items are queued */
int pipeline_pop(struct pipeline *p, struct itemq_item *it);
void pipeline_stats(const struct pipeline *p, struct pipeline_stats *s);
/* Main-thread watchdog: call about once a second; detects a stalled live
 * input (no samples for 2 s) and asks it to reopen. */
void pipeline_tick(struct pipeline *p);

/* Helpers for the input and DSP threads. */
int pipeline_stopping(const struct pipeline *p);
void pipeline_note_samples(struct pipeline *p, uint64_t n);
/* An input tried to open its device or server (ok: it worked). Every attempt
 * after the first counts in reopen_attempts, each of those that worked in
 * reopens; failures in a row in open_failures. One that worked clears the
 * reason the input was down. */
void pipeline_note_open(struct pipeline *p, int ok);
/* A live input is down (it could not open, or lost its device) and retries:
 * why, for the status and systemd's STATUS= line. Returns 1 when it is worth
 * a line in the log: a reason other than the last one (or the first since the
 * input last opened), or the same one PIPELINE_RELOG_S after it was last
 * logged; a missing dongle retried every 10 s for days is not 8,640 lines a
 * day. */
int pipeline_note_down(struct pipeline *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A network input's netsock_connect failed with errno err: counts the host
 * name lookups that timed out or were not started (the cap). */
void pipeline_note_connect_error(struct pipeline *p, int err);
double pipeline_wall_time(void);
int64_t pipeline_mono_ns(void);
/* Sleep up to ms milliseconds, returning early (1) when the pipeline stops.
 * A sign of life of the input thread (see input_quiet_s). */
int pipeline_sleep_ms(struct pipeline *p, int ms);

/* Input thread bodies (input_*.c). Each returns when the input ends for good
 * or the pipeline stops. */
void input_iqfile_run(struct pipeline *p);
void input_rtltcp_run(struct pipeline *p);
void input_rtlsdr_run(struct pipeline *p);
/* Ask a running reader to stop (main thread): 0 when it was running and will
 * return, nonzero when there was none to stop (ask again later). */
int input_rtlsdr_cancel(struct pipeline *p);
void input_nmea_run(struct pipeline *p);
/* DSP thread body (dspthread.c). */
void dspthread_run(struct pipeline *p);

#endif
