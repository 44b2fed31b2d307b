/* receiver.h: the whole AIS receiver from complex baseband samples to frames
 * with signal metadata. Channelizes AIS 1 (161.975 MHz, A, -25 kHz) and AIS 2
 * (162.025 MHz, B, +25 kHz) to 48 kS/s, runs one coherent demodulator per
 * channel (dsp/gmsk_demod.h), acquires and tracks the common tuner error
 * (dsp/tuner_track.h), de-duplicates frames found by several hypotheses and
 * drops the image of a strong burst that shows up on the other channel.
 * Input: any rate from 240 kS/s to 3.2 MS/s (dsp/channelizer.h), cu8, cs8,
 * cs16 or cf32.
 * Single-threaded object: call it from one thread (the DSP thread). The
 * callback runs on that thread, from receiver_execute/receiver_flush; a frame
 * comes out as soon as no better copy of it can come (a plain frame a few ms
 * after its end flag; see receiver.c), at the end of the block of up to 16384
 * input samples in which that became known. */
#ifndef AISD_RECEIVER_H
#define AISD_RECEIVER_H

#include "decode/frame.h"
#include "dsp/gmsk_demod.h"
#include "dsp/kernels.h"
#include "dsp/tuner_track.h"

#include <stddef.h>
#include <stdint.h>

struct rx_frame {
    struct ais_frame frame;
    char channel;           /* 'A' or 'B' */
    uint64_t sample;        /* input sample index of the start of the training sequence */
    double time;            /* seconds from the first input sample */
    float level_dbfs;       /* mean burst power in the channel, dB full scale */
    float snr_db;           /* per-symbol SNR at the matched filter (about Eb/N0 + 3 dB) */
    float freq_hz;          /* carrier offset from the nominal channel frequency */
    uint8_t corrected_bits; /* symbols flipped by the CRC-aided correction (0 = none) */
};

typedef void (*receiver_cb)(void *ctx, const struct rx_frame *f);

struct receiver_config {
    double rate;          /* input sample rate, a multiple of 48000 */
    double centre_hz;     /* tuner centre (default 162.000 MHz) */
    double channel_hz[2]; /* channel frequencies A, B */
    struct tuner_track_config tuner;
    struct gmsk_demod_config demod;
    int track;             /* follow the tuner error after acquisition */
    float image_margin_db; /* drop a frame if the other channel is this much stronger */
    float image_floor_db;  /* every front end rejects images by at least this much: a
                            * frame less than this below the other channel is no image
                            * and is delivered without waiting for that channel */
    receiver_cb on_frame;
    void *ctx;
};

struct receiver_stats {
    uint64_t samples;
    uint64_t frames[2]; /* delivered, per channel */
    uint64_t corrected; /* delivered after correction */
    uint64_t corrected_bits;
    uint64_t crc_fail;              /* bursts with a wrong CRC left uncorrected */
    uint64_t duplicates;            /* same frame from another hypothesis */
    uint64_t images;                /* dropped as the other channel's image */
    uint64_t hits, nosync, noframe; /* detector hits, failed syncs, no frame found */
    uint64_t fix_searches, fix_gated, fix_ambiguous; /* correction searches */
    uint64_t fix_tried;                              /* candidates CRC-checked by the searches */
    uint64_t overlap_retries; /* failed clear hits retried for an overlap (dsp/overlap.h) */
    uint64_t overlap_frames;  /* frames found by those retries (before de-duplication) */
    uint64_t overlap_checked; /* CRC checks the retries made (each a ~2^-16 false-pass chance) */
    uint64_t hits_dropped;    /* detector hits lost: the table of hits waiting was full */
    uint64_t frames_dropped;  /* frames lost: the table of frames awaiting delivery was full */
    uint64_t plain_failed;    /* distinct well-formed plain decodes that failed the CRC */
    int locked;
    unsigned front_ends; /* decoding now: 13 while acquiring, fewer after a first frame, 1 locked */
    double offset_hz;    /* tuner error estimate */
    double ppm;
};

struct receiver;

void receiver_config_default(struct receiver_config *c);
struct receiver *receiver_create(const struct receiver_config *c);
void receiver_destroy(struct receiver *r);
/* Push n complex samples of format fmt (interleaved I/Q, see dsp/kernels.h). */
int receiver_execute(struct receiver *r, enum kern_format fmt, const void *in, size_t n);
/* End of input: decode what is pending and deliver every frame. */
void receiver_flush(struct receiver *r);
/* A discontinuity in the input (dropped blocks): deliver what is pending
 * (receiver_flush), then clear filter and demodulator state. The tuner
 * estimate and its lock are kept; sample indices keep counting the samples
 * actually pushed. */
void receiver_reset(struct receiver *r);
void receiver_get_stats(const struct receiver *r, struct receiver_stats *s);

#endif
