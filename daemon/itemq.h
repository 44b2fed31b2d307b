/* itemq.h: the ring from the DSP thread (frames) or the NMEA input thread
 * (sentences) to the main thread. Single producer, single consumer, lock-free;
 * an eventfd (itemq_fd) makes the main loop's poll wake up. A full ring drops
 * and counts when the producer must not wait (the DSP thread), or lets a file
 * reader wait (itemq_push_wait). */
#ifndef AISD_ITEMQ_H
#define AISD_ITEMQ_H

#include "decode/frame.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define ITEMQ_LINE_MAX 512

enum itemq_kind {
    ITEMQ_FRAME = 1, /* a demodulated frame with its signal metadata */
    ITEMQ_SENTENCE,  /* one NMEA line (tag block and all), from an NMEA input */
    ITEMQ_EOF,       /* the input ended */
    ITEMQ_TICK,      /* the sample clock passed `time`: no frame before it is still to come */
};

struct itemq_frame {
    struct ais_frame frame;
    char channel; /* 'A' or 'B' */
    uint8_t corrected_bits;
    uint64_t sample; /* sample index of the burst's end in the stream */
    float level_dbfs, snr_db, freq_hz;
    int32_t snip;          /* IQ snippet slot (snipq.h), or -1 */
    uint64_t snip_sample0; /* stream sample index of the snippet's first sample */
};

struct itemq_item {
    int kind;
    double time;       /* event time, unix s (sample time, or tag-block time; 0 = unknown) */
    double mono_ns;    /* CLOCK_MONOTONIC when the producer queued it (latency figures) */
    uint32_t line_len; /* ITEMQ_SENTENCE: bytes of u.line (a NUL byte among them is kept,
                        * for the parser to count), a NUL after them */
    union {
        struct itemq_frame f;
        char line[ITEMQ_LINE_MAX];
    } u;
};

struct itemq;

struct itemq *itemq_create(size_t capacity);
void itemq_destroy(struct itemq *q);
int itemq_fd(const struct itemq *q);

/* Producer: 0, or AISD_E_AGAIN when full (counted as a drop). */
int itemq_push(struct itemq *q, const struct itemq_item *it);
/* Wait (1 ms polls) while full, until *stop; returns 0 or AISD_E_AGAIN. */
int itemq_push_wait(struct itemq *q, const struct itemq_item *it, const _Atomic int *stop);

/* Consumer: copy out the oldest item; 1 if one was there, else 0. Clears the
 * eventfd when the ring is found empty. */
int itemq_pop(struct itemq *q, struct itemq_item *out);
uint64_t itemq_drops(const struct itemq *q);

double itemq_now_ns(void);

#endif
