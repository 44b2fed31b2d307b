/* joint_detect.h: joint maximum-likelihood sequence detection of two
 * overlapping GMSK bursts on one 48 kS/s channel, for dsp/overlap. Each burst
 * is a rebuild on the Laurent model (struct burst_fit: start, carrier, complex
 * gain, length); a 32-state Viterbi runs over the stronger's symbols with the
 * other's alongside, then a backward pass gives the metric margin of each of
 * the stronger's decisions. Allocates at create only. */
#ifndef AISD_JOINT_DETECT_H
#define AISD_JOINT_DETECT_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#define JOINT_MAXSYM 1108 /* symbols of the longest burst (dsp/overlap's) */
#define JOINT_MAXLEN 8000 /* samples of the longest segment (dsp/overlap's) */

/* A rebuilt burst: the Laurent model of it at sample n is
 * g e^{j(w0 n + dw (n - n0))} sum_i j^(i+1) c_i C0(n - tau - 5 (i + 1)). */
struct burst_fit {
    double tau, w0, dw, n0;
    double complex g;
    size_t kend;
    const float complex *gain; /* per sample of the segment, the complex gain in place of g
                                * (joint_track); NULL: g throughout */
};

/* Where the decisions go. cs: s's symbols [0, ks); cw: w's decided symbols
 * by w's own index (JOINT_MAXSYM + 8, the others left as they were); rel:
 * the max-log metric margin of each of s's decisions (0 where not decided,
 * +inf where forced); lvar: the best path's residual power per sample over
 * +-16 symbols around each of s's symbols (both JOINT_MAXSYM). */
struct joint_out {
    int8_t *cs, *cw;
    float *rel, *lvar;
};

struct joint_detect;
struct laurent;

/* l (the Laurent pulses, 5 samples per bit) is borrowed: it must outlive jd. */
struct joint_detect *joint_detect_create(const struct laurent *l);
void joint_detect_destroy(struct joint_detect *jd);

/* Detect s (fit fs, ks symbols, the first 32 known: ks_known) and w (fit fw,
 * its first 32 known: kw_known) jointly in y[0..len), len <= JOINT_MAXLEN.
 * Returns the best path's metric per symbol relative to s's power (lower
 * fits better; comparable between fits), 1e30 when no step could be made. */
float joint_detect_run(struct joint_detect *jd, const float complex *y, size_t len,
                       const struct burst_fit *fs, const int8_t *ks_known, size_t ks,
                       const struct burst_fit *fw, const int8_t *kw_known,
                       const struct joint_out *out);

/* Decision-directed tracking of both bursts' complex gains: from s's decisions
 * cs[0..fs->kend) and w's cw[0..fw->kend) (by w's own index), the gains of the
 * two jointly by least squares in windows of a few blocks of 8 symbols around
 * each block (pulled towards fs->g and fw->g where a burst has little power
 * in the window), interpolated between the blocks' centres into gs[0..len)
 * and gw[0..len): the phase and amplitude of each burst as they drift over
 * the frame (a residual frequency error, a fading carrier), which a constant
 * g misses. len <= JOINT_MAXLEN. */
void joint_track(struct joint_detect *jd, const float complex *y, size_t len,
                 const struct burst_fit *fs, const int8_t *cs, const struct burst_fit *fw,
                 const int8_t *cw, float complex *gs, float complex *gw);

/* out[n] = g e^{j (w n + dw (n - n0))} for n in [lo, hi), by recurrence
 * (kept exact every 256 samples). */
void joint_rotation(double complex g, double w, double dw, double n0, size_t lo, size_t hi,
                    float complex *out);

#endif
