/* check_overlap.c: two bursts on top of each other on one 48 kS/s channel
 * (dsp/overlap.c behind dsp/gmsk_demod.c): the stronger is decoded when it is
 * 4 dB and 2 dB stronger, whichever starts first, and nothing but the two
 * transmitted frames ever comes out, not even when both FCS are wrong. */
#include "decode/frame.h"
#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/gmsk_demod.h"
#include "dsp/gmsk_mod.h"
#include "dsp/iq_sim.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS 12000

struct pair {
    struct ais_frame s, w; /* stronger, weaker */
    float complex y[NS];
};

struct got {
    int stronger, weaker, other;
    const struct pair *p;
};

static void on_frame(void *ctx, const struct gmsk_result *r)
{
    struct got *g = ctx;
    if (r->frame.nbytes == g->p->s.nbytes &&
        !memcmp(r->frame.bytes, g->p->s.bytes, r->frame.nbytes))
        g->stronger++;
    else if (r->frame.nbytes == g->p->w.nbytes &&
             !memcmp(r->frame.bytes, g->p->w.bytes, r->frame.nbytes))
        g->weaker++;
    else
        g->other++;
}

static void add_burst(struct gmsk_mod *m, struct rng *r, struct ais_frame *f, uint16_t fcs_xor,
                      double start, double amp, float complex *y)
{
    int t5 = rng_below(r, 5) == 0;
    f->nbytes = t5 ? 53 : 21;
    for (int i = 0; i < f->nbytes; i++)
        f->bytes[i] = (uint8_t)rng_below(r, 256);
    f->bytes[0] = (uint8_t)((t5 ? 5 : 1) << 2 | (f->bytes[0] & 3));
    uint8_t lev[1200];
    int nl = iq_sim_levels(f, fcs_xor, lev, sizeof lev);
    ck_assert_int_gt(nl, 0);
    double off = start - floor(start);
    size_t len = gmsk_mod_length(m, (size_t)nl, off);
    float complex *b = calloc(len, sizeof *b);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(gmsk_mod_burst(m, lev, (size_t)nl, off, amp, rng_range(r, -300, 300),
                                    rng_range(r, 0, 2 * M_PI), b),
                     0);
    for (size_t i = 0; i < len && (size_t)start + i < NS; i++)
        y[(size_t)start + i] += b[i];
    free(b);
}

/* A pair at Eb/N0 20 dB for the stronger, the weaker db lower and starting
 * `bits` bits after it (negative: before), in white noise. */
static void make_pair(struct pair *p, struct rng *r, double db, double bits, int wrong_fcs)
{
    struct gmsk_mod_config mc = gmsk_mod_config_default();
    mc.sample_rate = 48000;
    struct gmsk_mod *m = gmsk_mod_create(&mc);
    ck_assert_ptr_nonnull(m);
    const double amp = 0.3;
    /* Eb/N0 = A^2 / (Rb N0), N0 = noise power / 48000: 20 dB */
    double sigma = sqrt(amp * amp * 48000.0 / 9600.0 / 100.0 / 2.0);
    memset(p->y, 0, sizeof p->y);
    double s0 = 4000 + rng_range(r, 0, 5);
    add_burst(m, r, &p->s, wrong_fcs ? 0x5a5a : 0, s0, amp, p->y);
    add_burst(m, r, &p->w, wrong_fcs ? 0x0f0f : 0, s0 + 5 * bits + rng_range(r, -5, 5),
              amp * pow(10, -db / 20), p->y);
    for (int i = 0; i < NS; i++)
        p->y[i] += (float)(sigma * rng_normal(r)) + I * (float)(sigma * rng_normal(r));
    gmsk_mod_destroy(m);
}

/* Pairs decoded: how many gave the stronger; false frames counted in *other. */
static int run_pairs(int n, double db, double bits, int wrong_fcs, uint64_t seed, int *other)
{
    static struct pair p;
    struct rng r;
    rng_seed(&r, seed);
    struct gmsk_demod_config c;
    memset(&c, 0xA5, sizeof c); /* every field must come from the defaults */
    gmsk_demod_config_default(&c);
    ck_assert_int_eq(c.overlap, 1);
    struct gmsk_demod *d = gmsk_demod_create(&c);
    ck_assert_ptr_nonnull(d);
    int ok = 0;
    *other = 0;
    for (int i = 0; i < n; i++) {
        make_pair(&p, &r, db, bits, wrong_fcs);
        struct got g = {0, 0, 0, &p};
        gmsk_demod_reset(d);
        gmsk_demod_execute(d, p.y, NS, on_frame, &g);
        gmsk_demod_flush(d, on_frame, &g);
        ok += g.stronger > 0;
        *other += g.other;
    }
    gmsk_demod_destroy(d);
    return ok;
}

START_TEST(stronger_by_4db_decoded)
{
    int other = 0;
    /* weaker 80 bits later: the stronger's preamble is clean */
    ck_assert_int_ge(run_pairs(10, 4, 80, 0, 11, &other), 9);
    ck_assert_int_eq(other, 0);
    /* weaker 80 bits earlier: the stronger's preamble is under it */
    ck_assert_int_ge(run_pairs(10, 4, -80, 0, 12, &other), 9);
    ck_assert_int_eq(other, 0);
}
END_TEST

START_TEST(stronger_by_2db_decoded)
{
    /* Without the cancellation and the joint detection, none of these decode:
     * the weaker's matched-filter output exceeds the stronger's symbol level. */
    int other = 0;
    ck_assert_int_ge(run_pairs(10, 2, 80, 0, 21, &other), 5);
    ck_assert_int_eq(other, 0);
    ck_assert_int_ge(run_pairs(10, 2, -80, 0, 22, &other), 4);
    ck_assert_int_eq(other, 0);
}
END_TEST

START_TEST(wrong_fcs_pairs_give_nothing)
{
    int other = 0;
    ck_assert_int_eq(run_pairs(8, 4, 60, 1, 31, &other), 0);
    ck_assert_int_eq(other, 0);
    ck_assert_int_eq(run_pairs(8, 2, -60, 1, 32, &other), 0);
    ck_assert_int_eq(other, 0);
}
END_TEST

int main(void)
{
    dispatch_init();
    Suite *s = suite_create("overlap");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, stronger_by_4db_decoded);
    tcase_add_test(tc, stronger_by_2db_decoded);
    tcase_add_test(tc, wrong_fcs_pairs_give_nothing);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
