/* check_tuner_track.c: the tuner-error estimate of dsp/tuner_track on frames
 * whose offsets are mostly their transmitters' own (uniform +-1 kHz around the
 * common tuner error): it settles as the mean of the frames heard, and its
 * spread once settled is that of an exponential average with gain alpha. */
#include "decode/rng.h"
#include "dsp/tuner_track.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <math.h>

#define TUNER_HZ 8100.0 /* 50 ppm at 162 MHz */
#define SPREAD_HZ 1000.0

/* Acquire on the default grid from frames heard by the front end nearest to
 * each frame's frequency, then track nframes more; err[i] is the estimate's
 * error after tracking frame i. */
static void run(uint64_t seed, int nframes, double *err)
{
    struct tuner_track_config c;
    tuner_track_config_default(&c);
    struct tuner_track *t = tuner_track_create(&c);
    ck_assert_ptr_nonnull(t);
    struct rng r;
    rng_seed(&r, seed);
    double now = 0;
    while (!tuner_track_locked(t)) {
        double f = TUNER_HZ + rng_range(&r, -SPREAD_HZ, SPREAD_HZ);
        double fe = c.step_hz * floor(f / c.step_hz + 0.5);
        tuner_track_frame(t, fe, f - fe, now);
        now += 0.1;
    }
    for (int i = 0; i < nframes; i++) {
        double fe = tuner_track_offset(t);
        double f = TUNER_HZ + rng_range(&r, -SPREAD_HZ, SPREAD_HZ);
        ck_assert_int_eq(tuner_track_frame(t, fe, f - fe, now), 0);
        err[i] = tuner_track_offset(t) - TUNER_HZ;
        now += 0.1;
    }
    tuner_track_destroy(t);
}

START_TEST(settled_spread_is_the_averages)
{
    /* After 500 frames: the rms error over the next 3000 is below 1.3 times
     * sd * sqrt(alpha / (2 - alpha)) (41 Hz at alpha 0.01: 29 Hz here; the
     * former fixed gain 0.05 gives 81 Hz, 92 in theory). */
    struct tuner_track_config c;
    tuner_track_config_default(&c);
    static double err[3500];
    run(1, 3500, err);
    double s = 0;
    for (int i = 500; i < 3500; i++)
        s += err[i] * err[i];
    double rms = sqrt(s / 3000);
    double sd = SPREAD_HZ / sqrt(3.0); /* uniform +-SPREAD_HZ */
    double expect = sd * sqrt(c.alpha / (2 - c.alpha));
    ck_assert_double_lt(rms, 1.3 * expect);
    ck_assert_double_lt(rms, 60.0);
}
END_TEST

START_TEST(settles_as_the_mean)
{
    /* Right after acquisition (median of acq_frames frames, a few hundred Hz
     * off) the estimate is the mean of the frames heard: after 100 frames the
     * rms error over 40 runs is within 50 % of sd / sqrt(100 + acq_frames), where
     * an exponential average with gain alpha from the median would still be off
     * by most of the median's error (0.99^100 = 37 % of it). */
    struct tuner_track_config c;
    tuner_track_config_default(&c);
    double err[100], s = 0;
    enum { RUNS = 40 };
    for (int k = 0; k < RUNS; k++) {
        run(100 + (uint64_t)k, 100, err);
        s += err[99] * err[99];
    }
    double rms = sqrt(s / RUNS);
    double sd = SPREAD_HZ / sqrt(3.0);
    ck_assert_double_lt(rms, 1.5 * sd / sqrt(100.0 + c.acq_frames));
}
END_TEST

START_TEST(far_frame_ignored)
{
    /* A frame further off than max_dev moves nothing. */
    struct tuner_track_config c;
    tuner_track_config_default(&c);
    c.acquire = 0;
    c.initial_hz = TUNER_HZ;
    struct tuner_track *t = tuner_track_create(&c);
    tuner_track_frame(t, TUNER_HZ, c.max_dev_hz + 500, 1.0);
    ck_assert_double_eq(tuner_track_offset(t), TUNER_HZ);
    tuner_track_frame(t, TUNER_HZ, 300, 2.0);
    ck_assert_double_gt(tuner_track_offset(t), TUNER_HZ);
    ck_assert_double_lt(tuner_track_offset(t), TUNER_HZ + 300 * c.alpha * 1.01);
    tuner_track_destroy(t);
}
END_TEST

START_TEST(tuned_offset_steps_are_capped)
{
    /* Locked on three frames at the tuner error, a frame 1 kHz off moves the
     * estimate by a quarter of that (the mean of four); the offset the mixers
     * are tuned to moves by at most max_step_hz and catches up over the next
     * frames. Then on random traffic no step exceeds it. */
    struct tuner_track_config c;
    tuner_track_config_default(&c);
    ck_assert_double_gt(c.max_step_hz, 0);
    ck_assert_double_le(c.max_step_hz, 60);
    struct tuner_track *t = tuner_track_create(&c);
    double now = 0;
    for (unsigned i = 0; i < c.acq_frames; i++, now += 0.1)
        tuner_track_frame(t, 8000, TUNER_HZ - 8000, now);
    ck_assert(tuner_track_locked(t));
    ck_assert_double_eq_tol(tuner_track_offset(t), TUNER_HZ, 1e-9);
    tuner_track_frame(t, TUNER_HZ, 1000, now);
    double est = TUNER_HZ + 1000.0 / (c.acq_frames + 1);
    ck_assert_double_eq_tol(tuner_track_estimate(t), est, 1e-9);
    ck_assert_double_eq_tol(tuner_track_offset(t), TUNER_HZ + c.max_step_hz, 1e-9);
    int k = 0;
    while (fabs(tuner_track_offset(t) - est) > 1e-9 && k < 100) {
        double before = tuner_track_offset(t);
        tuner_track_frame(t, before, est - before, now += 0.1); /* a frame at the estimate */
        ck_assert_double_le(fabs(tuner_track_offset(t) - before), c.max_step_hz + 1e-9);
        k++;
    }
    ck_assert_int_eq(k, (int)ceil(1000.0 / (c.acq_frames + 1) / c.max_step_hz) - 1);
    ck_assert_double_eq_tol(tuner_track_estimate(t), est, 1e-9);
    struct rng r;
    rng_seed(&r, 7);
    for (int i = 0; i < 2000; i++) {
        double before = tuner_track_offset(t);
        double f = TUNER_HZ + rng_range(&r, -SPREAD_HZ, SPREAD_HZ);
        tuner_track_frame(t, before, f - before, now += 0.1);
        ck_assert_double_le(fabs(tuner_track_offset(t) - before), c.max_step_hz + 1e-9);
    }
    ck_assert_double_lt(fabs(tuner_track_offset(t) - TUNER_HZ), 150);
    tuner_track_destroy(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tuner_track");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, settled_spread_is_the_averages);
    tcase_add_test(tc, settles_as_the_mean);
    tcase_add_test(tc, far_frame_ignored);
    tcase_add_test(tc, tuned_offset_steps_are_capped);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? 1 : 0;
}
