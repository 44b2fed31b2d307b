/* check_frame.c: the link layer (decode/frame.c): CRC-16/X.25, NRZI,
 * de-stuffing, the streaming deframer and the burst encoder, in round trips. */
#include "decode/err.h"
#include "decode/frame.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* A small deterministic generator so failures reproduce. */
static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_frame(struct ais_frame *f, size_t nbytes, uint32_t *seed)
{
    f->nbytes = (uint16_t)nbytes;
    for (size_t i = 0; i < nbytes; i++)
        f->bytes[i] = (uint8_t)rng_next(seed);
}

START_TEST(crc_check_value)
{
    /* The catalogued check value of CRC-16/X.25 over "123456789" is 0x906E. */
    const uint8_t msg[] = "123456789";
    ck_assert_uint_eq(ais_crc16(msg, 9), 0x906E);
    uint8_t with_fcs[11];
    memcpy(with_fcs, msg, 9);
    with_fcs[9] = 0x6E;
    with_fcs[10] = 0x90;
    ck_assert(ais_crc_ok(with_fcs, 11));
    with_fcs[3] ^= 0x10;
    ck_assert(!ais_crc_ok(with_fcs, 11));
    ck_assert(!ais_crc_ok(with_fcs, 1));
}
END_TEST

START_TEST(nrzi_inverse)
{
    uint32_t seed = 7;
    uint8_t bits[300], levels[300], back[300];
    for (int i = 0; i < 300; i++)
        bits[i] = rng_next(&seed) & 1;
    ais_nrzi_encode(bits, 300, 1, levels);
    ais_nrzi_decode(levels, 300, 1, back);
    ck_assert_mem_eq(bits, back, 300);
    /* 0 means a change of level */
    uint8_t zero = 0, lvl;
    ais_nrzi_encode(&zero, 1, 0, &lvl);
    ck_assert_uint_eq(lvl, 1);
}
END_TEST

/* Push a burst (with noise before it) through the streaming deframer. */
static int deframe_levels(struct hdlc_deframer *d, const uint8_t *levels, size_t n,
                          struct ais_frame *out, int max_out)
{
    int got = 0;
    for (size_t i = 0; i < n; i++) {
        struct ais_frame f;
        if (hdlc_deframer_push(d, levels[i], &f) && got < max_out) out[got++] = f;
    }
    return got;
}

START_TEST(burst_roundtrip_all_lengths)
{
    uint32_t seed = 12345u + (uint32_t)_i;
    struct ais_burst_layout layout;
    ais_burst_layout_default(&layout);
    layout.trailer_bits = 8;
    for (size_t nbytes = AIS_FRAME_MIN_BYTES; nbytes <= AIS_FRAME_MAX_BYTES; nbytes++) {
        struct ais_frame in, out[2];
        random_frame(&in, nbytes, &seed);
        uint8_t levels[2048];
        size_t data_start = 0;
        int n = ais_burst_encode(&in, &layout, levels, sizeof levels, &data_start);
        ck_assert_int_gt(n, 0);
        ck_assert_uint_eq(data_start, 8 + 24 + 8);
        struct hdlc_deframer d;
        hdlc_deframer_init(&d);
        /* random line noise before the burst must not produce frames */
        for (int i = 0; i < 200; i++) {
            struct ais_frame junk;
            ck_assert_int_eq(hdlc_deframer_push(&d, rng_next(&seed) & 1, &junk), 0);
        }
        int got = deframe_levels(&d, levels, (size_t)n, out, 2);
        ck_assert_int_eq(got, 1);
        ck_assert_uint_eq(out[0].nbytes, nbytes);
        ck_assert_mem_eq(out[0].bytes, in.bytes, nbytes);
    }
}
END_TEST

START_TEST(stuffing_heavy_frames)
{
    /* All-ones and flag-valued bytes force stuffing everywhere, also in the FCS. */
    const uint8_t patterns[] = {0xFF, 0x7E, 0xFE, 0x3F, 0xFC};
    for (size_t p = 0; p < sizeof patterns; p++) {
        struct ais_frame in, out;
        in.nbytes = 21;
        memset(in.bytes, patterns[p], in.nbytes);
        struct ais_burst_layout layout;
        ais_burst_layout_default(&layout);
        uint8_t levels[1024];
        size_t data_start;
        int n = ais_burst_encode(&in, &layout, levels, sizeof levels, &data_start);
        ck_assert_int_gt(n, 0);
        /* de-stuff the array form: NRZI-decode, then destuff from data_start */
        uint8_t bits[1024], destuffed[1024];
        ais_nrzi_decode(levels, (size_t)n, 0, bits);
        size_t consumed;
        int nb = ais_destuff(bits + data_start, (size_t)n - data_start, destuffed, sizeof destuffed,
                             &consumed);
        ck_assert_int_eq(nb, (21 + 2) * 8);
        ck_assert_uint_eq(consumed, (size_t)n - data_start);
        ck_assert_int_eq(ais_frame_from_bits(destuffed, (size_t)nb, &out), 0);
        ck_assert_mem_eq(out.bytes, in.bytes, 21);
        /* and the streaming deframer agrees */
        struct hdlc_deframer d;
        hdlc_deframer_init(&d);
        ck_assert_int_eq(deframe_levels(&d, levels, (size_t)n, &out, 1), 1);
        ck_assert_mem_eq(out.bytes, in.bytes, 21);
    }
}
END_TEST

START_TEST(back_to_back_and_bad_crc)
{
    uint32_t seed = 99;
    struct ais_frame a, b, out[3];
    random_frame(&a, 21, &seed);
    random_frame(&b, 53, &seed);
    struct ais_burst_layout layout;
    ais_burst_layout_default(&layout);
    uint8_t la[1024], lb[1024];
    int na = ais_burst_encode(&a, &layout, la, sizeof la, NULL);
    int nb = ais_burst_encode(&b, &layout, lb, sizeof lb, NULL);
    ck_assert_int_gt(na, 0);
    ck_assert_int_gt(nb, 0);

    struct hdlc_deframer d;
    hdlc_deframer_init(&d);
    ck_assert_int_eq(deframe_levels(&d, la, (size_t)na, out, 3), 1);
    ck_assert_int_eq(deframe_levels(&d, lb, (size_t)nb, out, 3), 1);
    ck_assert_mem_eq(out[0].bytes, b.bytes, 53);
    ck_assert_uint_eq(d.stats.frames, 2);

    /* Flip one data level in the middle: the CRC must catch it. */
    lb[nb / 2] ^= 1;
    lb[nb / 2 + 1] ^= 1; /* keep the rest of the NRZI line intact */
    uint64_t crc_before = d.stats.crc_errors, frames_before = d.stats.frames;
    int got = deframe_levels(&d, lb, (size_t)nb, out, 3);
    ck_assert_int_eq(got, 0);
    ck_assert_uint_eq(d.stats.frames, frames_before);
    ck_assert_uint_ge(d.stats.crc_errors + d.stats.aborts + d.stats.misaligned, crc_before + 1);
}
END_TEST

START_TEST(destuff_errors)
{
    uint8_t out[64];
    size_t consumed;
    const uint8_t abort_bits[] = {0, 1, 1, 1, 1, 1, 1, 1, 0};
    ck_assert_int_eq(ais_destuff(abort_bits, sizeof abort_bits, out, sizeof out, &consumed),
                     AISD_E_FORMAT);
    const uint8_t no_flag[] = {0, 1, 0, 1, 1, 0};
    ck_assert_int_eq(ais_destuff(no_flag, sizeof no_flag, out, sizeof out, &consumed),
                     AISD_E_AGAIN);
    const uint8_t data_then_flag[] = {1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0};
    int n = ais_destuff(data_then_flag, sizeof data_then_flag, out, sizeof out, &consumed);
    ck_assert_int_eq(n, 8); /* 1 0 1 1 1 1 1 [stuffed 0 dropped] 1 ; then flag */
    const uint8_t expect[] = {1, 0, 1, 1, 1, 1, 1, 1};
    ck_assert_mem_eq(out, expect, 8);
    ck_assert_uint_eq(consumed, sizeof data_then_flag);
    ck_assert_int_eq(ais_destuff(data_then_flag, sizeof data_then_flag, out, 3, &consumed),
                     AISD_E_RANGE);
    struct ais_frame f;
    ck_assert_int_eq(ais_frame_from_bits(out, 7, &f), AISD_E_RANGE);
}
END_TEST

START_TEST(encoder_rejects_small_buffer)
{
    struct ais_frame f = {.nbytes = 21};
    struct ais_burst_layout layout;
    ais_burst_layout_default(&layout);
    uint8_t levels[100];
    ck_assert_int_eq(ais_burst_encode(&f, &layout, levels, sizeof levels, NULL), AISD_E_RANGE);
}
END_TEST

static Suite *frame_suite(void)
{
    Suite *s = suite_create("frame");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, crc_check_value);
    tcase_add_test(tc, nrzi_inverse);
    tcase_add_loop_test(tc, burst_roundtrip_all_lengths, 0, 3);
    tcase_add_test(tc, stuffing_heavy_frames);
    tcase_add_test(tc, back_to_back_and_bad_crc);
    tcase_add_test(tc, destuff_errors);
    tcase_add_test(tc, encoder_rejects_small_buffer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(frame_suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
