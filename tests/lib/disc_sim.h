/* disc_sim.h: simulated FM-discriminator audio for the discriminator tests and
 * benchmark: AIS bursts (types 1 and 5, random contents) in complex noise at a
 * given Eb/N0, an 8 kHz IF filter, the phase difference, then the audio path
 * of a receiver's discriminator tap (flat, de-emphasised, AC-coupled,
 * inverted). 48 kS/s, bursts 6000 samples apart. */
#ifndef AISD_DISC_SIM_H
#define AISD_DISC_SIM_H

#include "decode/frame.h"

#include <stddef.h>
#include <stdint.h>

enum disc_tap {
    DISC_TAP_FLAT,                    /* the discriminator as it is */
    DISC_TAP_DEEMPH_75US,             /* 75 us de-emphasis (speaker-style audio) */
    DISC_TAP_AC_20HZ,                 /* AC-coupled, 20 Hz high-pass */
    DISC_TAP_AC_300HZ,                /* AC-coupled, 300 Hz high-pass (voice filter) */
    DISC_TAP_INVERTED_DEEMPH_AC_50HZ, /* inverted, 75 us de-emphasis, 50 Hz high-pass */
    DISC_NTAPS
};

const char *disc_tap_name(enum disc_tap tap);

/* nb bursts (every 4th a type 5) written to fr[0..nb); ebn0_db per burst
 * (Eb/N0 = A^2 / (Rb N0), N0 over the 48 kHz complex band); noise_only sends
 * no bursts (fr untouched). Returns malloc'd samples (full scale about 0.3),
 * their count in *n, or NULL. */
float *disc_sim_audio(enum disc_tap tap, double ebn0_db, int nb, int noise_only, uint64_t seed,
                      struct ais_frame *fr, size_t *n);

#endif
