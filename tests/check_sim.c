/* check_sim.c: the signal simulator: message encoder (decode/ais_encode) in
 * round trips through ais_decode, the GMSK modulator (dsp/gmsk_mod) against
 * the AIS definition, the mixer (dsp/iq_sim): Eb/N0 calibration, quantisation,
 * wrong-FCS bursts, determinism, and a loopback through a plain FM
 * discriminator and the link layer's deframer at several sample rates;
 * aisctl sim's files and aisctl sweep --sim's options. */
#include "decode/ais_encode.h"
#include "decode/ais_msg.h"
#include "decode/err.h"
#include "decode/frame.h"
#include "decode/rng.h"
#include "dsp/gmsk_mod.h"
#include "dsp/iq_sim.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <liquid/liquid.h>
#include <stdio.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- message encoder ---------------------------------------------------- */

static void roundtrip(const struct ais_msg *m, size_t want_bits, struct ais_msg *out)
{
    uint8_t bytes[AIS_FRAME_MAX_BYTES];
    size_t nbits = 0;
    ck_assert_int_eq(ais_encode_bits(m, bytes, sizeof bytes, &nbits), 0);
    ck_assert_uint_eq(nbits, want_bits);
    struct ais_frame f;
    ck_assert_int_eq(ais_encode(m, &f), 0);
    ck_assert_uint_eq(f.nbytes, (want_bits + 7) / 8);
    ck_assert_int_eq(ais_decode(bytes, nbits, out), 0);
    ck_assert_uint_eq(out->type, m->type);
    ck_assert_uint_eq(out->repeat, m->repeat);
    ck_assert_uint_eq(out->mmsi, m->mmsi);
}

START_TEST(encode_type1_2_3)
{
    for (unsigned type = 1; type <= 3; type++) {
        struct ais_msg m = {0}, d;
        m.type = type;
        m.repeat = 2;
        m.mmsi = 273456789;
        m.type1.status = 5;
        m.type1.turn = -127;
        m.type1.speed = 123;
        m.type1.accuracy = 1;
        m.type1.lon = -(int)(74.0 * 600000) - 1234; /* west: negative */
        m.type1.lat = (int)(40.5 * 600000);
        m.type1.course = 3599;
        m.type1.heading = 359;
        m.type1.second = 59;
        m.type1.maneuver = 1;
        m.type1.raim = 1;
        m.type1.radio = 0x7ABCD;
        roundtrip(&m, 168, &d);
        ck_assert_uint_eq(d.type1.status, 5);
        ck_assert_int_eq(d.type1.turn, -127);
        ck_assert_uint_eq(d.type1.speed, 123);
        ck_assert(d.type1.accuracy);
        ck_assert_int_eq(d.type1.lon, m.type1.lon);
        ck_assert_int_eq(d.type1.lat, m.type1.lat);
        ck_assert_uint_eq(d.type1.course, 3599);
        ck_assert_uint_eq(d.type1.heading, 359);
        ck_assert_uint_eq(d.type1.second, 59);
        ck_assert_uint_eq(d.type1.maneuver, 1);
        ck_assert(d.type1.raim);
        ck_assert_uint_eq(d.type1.radio, 0x7ABCD);
    }
}
END_TEST

/* Six-bit armour for the corpus test (decode/armour.c owns the real one). */
static size_t unarmour(const char *p, size_t len, uint8_t *b, size_t max)
{
    memset(b, 0, max);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        int v = p[i] - 48;
        if (v > 40) v -= 8;
        for (int k = 5; k >= 0; k--, n++)
            if (n / 8 < max && (v >> k) & 1) b[n / 8] |= (uint8_t)(0x80 >> (n % 8));
    }
    return n;
}

START_TEST(encode_corpus_reencode)
{
    /* Every single-sentence message of a supported type in gpsd's sample log:
     * decode, encode again, decode that: the same message. Where the
     * transmitter's spare bits were zero and the length standard, the bits are
     * identical too. */
    char *path = test_corpus_file("nmea/gpsd/sample.aivdm");
    if (!path) return;
    size_t len;
    char *text = test_read_file(path, &len);
    free(path);
    ck_assert_ptr_nonnull(text);
    int tested = 0, identical = 0, types_seen[28] = {0};
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "!AIVDM,1,1,", 11)) continue;
        char *f = line;
        for (int k = 0; k < 5 && f; k++)
            f = strchr(f + 1, ',');
        if (!f) continue;
        char *end = strchr(f + 1, ',');
        if (!end) continue;
        uint8_t raw[AIS_FRAME_MAX_BYTES], enc[AIS_FRAME_MAX_BYTES];
        size_t nbits = unarmour(f + 1, (size_t)(end - f - 1), raw, sizeof raw);
        nbits -= (size_t)(end[1] - '0'); /* fill bits */
        struct ais_msg m, m2;
        memset(&m, 0, sizeof m); /* compared whole, padding included */
        memset(&m2, 0, sizeof m2);
        if (ais_decode(raw, nbits, &m) != 0) continue;
        size_t nb2;
        int rc = ais_encode_bits(&m, enc, sizeof enc, &nb2);
        if (rc == AISD_E_UNSUPPORTED) continue;
        ck_assert_int_eq(rc, 0);
        ck_assert_int_eq(ais_decode(enc, nb2, &m2), 0);
        m2.nbits = m.nbits;
        ck_assert_msg(!memcmp(&m, &m2, sizeof m), "type %u mmsi %u differs", m.type, m.mmsi);
        identical += nb2 == nbits && !memcmp(raw, enc, (nbits + 7) / 8);
        tested++;
        types_seen[m.type] = 1;
    }
    free(text);
    ck_assert_int_ge(tested, 20);
    ck_assert_int_ge(identical, tested / 2);
    ck_assert(types_seen[1] && types_seen[4] && types_seen[18] && types_seen[24] && types_seen[27]);
}
END_TEST

START_TEST(encode_type4_5)
{
    struct ais_msg m = {0}, d;
    m.type = 4;
    m.mmsi = 4220001;
    m.type4.year = 2026;
    m.type4.month = 11;
    m.type4.day = 22;
    m.type4.hour = 7;
    m.type4.minute = 30;
    m.type4.second = 15;
    m.type4.lon = (int)(49.46 * 600000);
    m.type4.lat = (int)(37.47 * 600000);
    m.type4.epfd = 7;
    m.type4.radio = 12345;
    roundtrip(&m, 168, &d);
    ck_assert_uint_eq(d.type4.year, 2026);
    ck_assert_uint_eq(d.type4.day, 22);
    ck_assert_uint_eq(d.type4.second, 15);
    ck_assert_int_eq(d.type4.lon, m.type4.lon);
    ck_assert_uint_eq(d.type4.epfd, 7);
    ck_assert_uint_eq(d.type4.radio, 12345);

    memset(&m, 0, sizeof m);
    m.type = 5;
    m.mmsi = 273312450;
    m.type5.imo = 9123456;
    strcpy(m.type5.callsign, "UBCD7");
    strcpy(m.type5.shipname, "VOLGO-BALT 214");
    m.type5.shiptype = 70;
    m.type5.to_bow = 100;
    m.type5.to_stern = 38;
    m.type5.to_port = 6;
    m.type5.to_starboard = 7;
    m.type5.epfd = 1;
    m.type5.month = 12;
    m.type5.day = 1;
    m.type5.hour = 23;
    m.type5.minute = 59;
    m.type5.draught = 36;
    strcpy(m.type5.destination, "ASTRAKHAN");
    roundtrip(&m, 424, &d);
    ck_assert_uint_eq(d.type5.imo, 9123456);
    ck_assert_str_eq(d.type5.callsign, "UBCD7");
    ck_assert_str_eq(d.type5.shipname, "VOLGO-BALT 214");
    ck_assert_str_eq(d.type5.destination, "ASTRAKHAN");
    ck_assert_uint_eq(d.type5.shiptype, 70);
    ck_assert_uint_eq(d.type5.to_bow, 100);
    ck_assert_uint_eq(d.type5.to_stern, 38);
    ck_assert_uint_eq(d.type5.to_starboard, 7);
    ck_assert_uint_eq(d.type5.minute, 59);
    ck_assert_uint_eq(d.type5.draught, 36);
}
END_TEST

START_TEST(encode_class_b)
{
    struct ais_msg m = {0}, d;
    m.type = 18;
    m.mmsi = 422100200;
    m.type18.speed = 55;
    m.type18.lon = (int)(49.5 * 600000);
    m.type18.lat = (int)(37.5 * 600000);
    m.type18.course = 1800;
    m.type18.heading = 511;
    m.type18.second = 12;
    m.type18.cs = 1;
    m.type18.band = 1;
    m.type18.msg22 = 1;
    m.type18.radio = 0xC0006;
    roundtrip(&m, 168, &d);
    ck_assert_uint_eq(d.type18.speed, 55);
    ck_assert_int_eq(d.type18.lat, m.type18.lat);
    ck_assert_uint_eq(d.type18.heading, 511);
    ck_assert(d.type18.cs && d.type18.band && d.type18.msg22 && !d.type18.dsc);
    ck_assert_uint_eq(d.type18.radio, 0xC0006);

    memset(&m, 0, sizeof m);
    m.type = 19;
    m.mmsi = 422100201;
    m.type19.speed = 80;
    m.type19.lon = -1;
    m.type19.lat = -2;
    m.type19.course = 10;
    m.type19.heading = 1;
    strcpy(m.type19.shipname, "PERSIAN GULL");
    m.type19.shiptype = 37;
    m.type19.to_bow = 8;
    m.type19.to_stern = 4;
    m.type19.to_port = 2;
    m.type19.to_starboard = 2;
    m.type19.epfd = 1;
    m.type19.dte = 1;
    roundtrip(&m, 312, &d);
    ck_assert_str_eq(d.type19.shipname, "PERSIAN GULL");
    ck_assert_int_eq(d.type19.lon, -1);
    ck_assert_int_eq(d.type19.lat, -2);
    ck_assert_uint_eq(d.type19.shiptype, 37);
    ck_assert_uint_eq(d.type19.to_bow, 8);
    ck_assert(d.type19.dte);

    memset(&m, 0, sizeof m);
    m.type = 24;
    m.mmsi = 422100202;
    m.type24.part = AIS_T24_PART_A;
    strcpy(m.type24.shipname, "SAHAR");
    roundtrip(&m, 160, &d);
    ck_assert_int_eq(d.type24.part, AIS_T24_PART_A);
    ck_assert_str_eq(d.type24.shipname, "SAHAR");

    memset(&m, 0, sizeof m);
    m.type = 24;
    m.mmsi = 422100202;
    m.type24.part = AIS_T24_PART_B;
    m.type24.shiptype = 36;
    strcpy(m.type24.vendorid, "ABC");
    m.type24.model = 3;
    m.type24.serial = 777;
    strcpy(m.type24.callsign, "EPAB2");
    m.type24.to_bow = 6;
    m.type24.to_stern = 3;
    m.type24.to_port = 1;
    m.type24.to_starboard = 2;
    roundtrip(&m, 168, &d);
    ck_assert_int_eq(d.type24.part, AIS_T24_PART_B);
    ck_assert_uint_eq(d.type24.shiptype, 36);
    ck_assert_int_eq(strncmp(d.type24.vendorid, "ABC", 3), 0);
    ck_assert_uint_eq(d.type24.model, 3);
    ck_assert_uint_eq(d.type24.serial, 777);
    ck_assert_str_eq(d.type24.callsign, "EPAB2");
    ck_assert_uint_eq(d.type24.to_bow, 6);
    ck_assert_uint_eq(d.type24.to_starboard, 2);

    m.type24.part = AIS_T24_BOTH;
    uint8_t b[32];
    size_t n;
    ck_assert_int_eq(ais_encode_bits(&m, b, sizeof b, &n), AISD_E_INVAL);
}
END_TEST

START_TEST(encode_type21_27_and_errors)
{
    struct ais_msg m = {0}, d;
    m.type = 21;
    m.mmsi = 992731234;
    m.type21.aid_type = 14;
    strcpy(m.type21.name, "VOLGA-CASPIAN CANAL BUOY 12"); /* 27: 7 in the extension */
    m.type21.lon = (int)(47.9 * 600000);
    m.type21.lat = (int)(45.8 * 600000);
    m.type21.to_bow = 1;
    m.type21.epfd = 1;
    m.type21.second = 60;
    m.type21.virtual_aid = 1;
    roundtrip(&m, 272 + 42, &d);
    ck_assert_str_eq(d.type21.name, "VOLGA-CASPIAN CANAL BUOY 12");
    ck_assert_uint_eq(d.type21.aid_type, 14);
    ck_assert(d.type21.virtual_aid);
    ck_assert_int_eq(d.type21.lat, m.type21.lat);

    memset(&m, 0, sizeof m);
    m.type = 27;
    m.mmsi = 273000001;
    m.type27.status = 1;
    m.type27.lon = -(int)(10.5 * 600); /* 1/10 minute */
    m.type27.lat = (int)(45.0 * 600);
    m.type27.speed = 12;
    m.type27.course = 270;
    roundtrip(&m, 96, &d);
    ck_assert_uint_eq(d.type27.status, 1);
    ck_assert_int_eq(d.type27.lon, m.type27.lon);
    ck_assert_int_eq(d.type27.lat, m.type27.lat);
    ck_assert_uint_eq(d.type27.speed, 12);
    ck_assert_uint_eq(d.type27.course, 270);

    uint8_t small[10];
    size_t n;
    memset(&m, 0, sizeof m);
    m.type = 1;
    ck_assert_int_eq(ais_encode_bits(&m, small, sizeof small, &n), AISD_E_RANGE);
    m.type = 9;
    uint8_t b[64];
    ck_assert_int_eq(ais_encode_bits(&m, b, sizeof b, &n), AISD_E_UNSUPPORTED);
    ck_assert_uint_eq(ais_encode_sixbit('@'), 0);
    ck_assert_uint_eq(ais_encode_sixbit('a'), 1);
    ck_assert_uint_eq(ais_encode_sixbit(' '), 32);
    ck_assert_uint_eq(ais_encode_sixbit('\x7f'), '?');
}
END_TEST

/* ---- modulator ---------------------------------------------------------- */

START_TEST(gmsk_pulse_shape)
{
    struct gmsk_mod *m = gmsk_mod_create(NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq_tol(gmsk_mod_phase_pulse(m, -10), 0.0, 1e-12);
    ck_assert_double_eq_tol(gmsk_mod_phase_pulse(m, 10), 0.5, 1e-12);
    ck_assert_double_eq_tol(gmsk_mod_phase_pulse(m, 0), 0.25, 1e-9); /* symmetric */
    /* BT 0.4: the pulse spreads beyond its own bit: ISI into the next one. */
    double q_end = gmsk_mod_phase_pulse(m, 0.5);
    ck_assert(q_end > 0.40 && q_end < 0.49);
    double prev = -1;
    for (double t = -3; t <= 3; t += 0.01) {
        double q = gmsk_mod_phase_pulse(m, t);
        ck_assert(q >= prev - 1e-15);
        prev = q;
    }
    gmsk_mod_destroy(m);
    struct gmsk_mod_config c = gmsk_mod_config_default();
    c.sample_rate = 10000; /* below 2 bit rates */
    ck_assert_ptr_null(gmsk_mod_create(&c));
    gmsk_mod_destroy(NULL);
}
END_TEST

START_TEST(gmsk_deviation_and_envelope)
{
    /* 64 ones then 64 zeros at 30 samples per bit: steady frequency +2400 Hz
     * then -2400 Hz (h 0.5 at 9600 bit/s), constant envelope. */
    struct gmsk_mod *m = gmsk_mod_create(NULL);
    uint8_t lv[128];
    for (int i = 0; i < 128; i++)
        lv[i] = i < 64;
    size_t len = gmsk_mod_length(m, 128, 0);
    float complex *s = calloc(len, sizeof *s);
    ck_assert_int_eq(gmsk_mod_burst(m, lv, 128, 0, 0.5, 0, 0, s), 0);
    for (size_t i = 10 * 30; i < 60 * 30; i++) {
        ck_assert_double_eq_tol(cabsf(s[i]), 0.5, 1e-5);
        double f = carg(s[i + 1] * conj(s[i])) * 288000 / (2 * M_PI);
        ck_assert_double_eq_tol(f, 2400, 1.0);
    }
    for (size_t i = 70 * 30; i < 120 * 30; i++) {
        double f = carg(s[i + 1] * conj(s[i])) * 288000 / (2 * M_PI);
        ck_assert_double_eq_tol(f, -2400, 1.0);
    }
    /* ramps: zero before the start and after the ramp-down */
    ck_assert_double_eq_tol(cabsf(s[0]), 0, 1e-6);
    ck_assert_double_eq_tol(cabsf(s[len - 1]), 0, 1e-6);
    /* alternating bits: the phase moves +-pi/2 per bit at bit boundaries
     * only on average; between bit centres of 1 then 0 it moves less than pi/2
     * (Gaussian ISI) */
    free(s);
    gmsk_mod_destroy(m);
}
END_TEST

START_TEST(gmsk_matches_liquid)
{
    /* liquid-dsp's GMSK modulator (BT 0.4, k = 30 samples per bit) as an
     * independent oracle: the same instantaneous frequency, sample for sample,
     * after its filter delay (and our half-sample start offset). */
    const unsigned k = 30, m = 4, n = 200;
    uint8_t lv[200];
    struct rng r;
    rng_seed(&r, 77);
    for (unsigned i = 0; i < n; i++)
        lv[i] = (uint8_t)(rng_next(&r) & 1);
    gmskmod g = gmskmod_create(k, m, 0.4f);
    float complex *y = calloc((size_t)k * (n + 2 * m), sizeof *y);
    for (unsigned i = 0; i < n + 2 * m; i++)
        gmskmod_modulate(g, i < n ? lv[i] : 0, y + (size_t)i * k);
    gmskmod_destroy(g);
    struct gmsk_mod_config c = gmsk_mod_config_default();
    c.sample_rate = 288000;
    c.ramp_up_bits = c.ramp_down_bits = 0;
    struct gmsk_mod *gm = gmsk_mod_create(&c);
    size_t len = gmsk_mod_length(gm, n, 0.5);
    float complex *x = calloc(len, sizeof *x);
    ck_assert_int_eq(gmsk_mod_burst(gm, lv, n, 0.5, 1.0, 0, 0, x), 0);
    double best = 1e9;
    for (int lag = 0; lag <= (int)(2 * m * k); lag++) {
        double err = 0, pk = 0;
        for (int i = 10 * (int)k; i < (int)((n - 10) * k); i++) {
            double a = carg(x[i + 1] * conj(x[i]));
            double b = carg(y[i + 1 + lag] * conj(y[i + lag]));
            err += (a - b) * (a - b);
            pk += a * a;
        }
        if (err / pk < best) best = err / pk;
    }
    ck_assert_msg(best < 1e-6, "relative error %g", best);
    free(x);
    free(y);
    gmsk_mod_destroy(gm);
}
END_TEST

/* A plain receiver for the loopback: mix to baseband, boxcar over one bit,
 * FM discriminator, every sample phase tried with its own deframer. */
static int loopback_count(const float complex *x, size_t n, double fs, double f0,
                          const struct ais_frame *want)
{
    double spb = fs / 9600.0;
    size_t L = (size_t)floor(spb);
    float complex *v = calloc(n, sizeof *v), *y = calloc(n, sizeof *y);
    float *d = calloc(n, sizeof *d);
    double complex acc = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = (float complex)(x[i] * cexp(-I * 2 * M_PI * f0 * (double)i / fs));
        acc += v[i];
        if (i >= L) acc -= v[i - L];
        y[i] = (float complex)acc;
        d[i] = i ? (float)cargf(y[i] * conjf(y[i - 1])) : 0;
    }
    int found = 0;
    int phases = 16;
    for (int ph = 0; ph < phases && !found; ph++) {
        struct hdlc_deframer df;
        hdlc_deframer_init(&df);
        for (double t = spb * ph / phases; t < (double)n; t += spb) {
            struct ais_frame out;
            if (hdlc_deframer_push(&df, d[(size_t)t] > 0, &out) == 1 &&
                out.nbytes == want->nbytes && !memcmp(out.bytes, want->bytes, want->nbytes))
                found = 1;
        }
    }
    free(v);
    free(y);
    free(d);
    return found;
}

/* A 168-bit frame with the MMSI in its usual place, random elsewhere. */
static void sample_frame(struct ais_frame *f, unsigned mmsi)
{
    struct rng r;
    rng_seed(&r, mmsi);
    f->nbytes = 21;
    for (int i = 0; i < 21; i++)
        f->bytes[i] = (uint8_t)rng_next(&r);
    f->bytes[0] = (uint8_t)(1u << 2); /* type 1, repeat 0 */
    f->bytes[1] = (uint8_t)(mmsi >> 22);
    f->bytes[2] = (uint8_t)(mmsi >> 14);
    f->bytes[3] = (uint8_t)(mmsi >> 6);
    f->bytes[4] = (uint8_t)((mmsi << 2) | (f->bytes[4] & 3));
}

START_TEST(loopback_rates)
{
    /* Noise-free bursts at the native rates and at a rate with a non-integer
     * number of samples per bit, with a fractional start and carrier offset,
     * come back through the link layer's deframer bit-exact. */
    static const double rates[] = {288000, 1536000, 250000, 1000000};
    struct ais_frame f;
    sample_frame(&f, 273111222);
    uint8_t lv[600];
    int nl = iq_sim_levels(&f, 0, lv, sizeof lv);
    ck_assert_int_gt(nl, 200);
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        struct iq_sim_config c = iq_sim_config_default();
        c.sample_rate = rates[r];
        c.noise_rms = 0;
        c.format = IQ_SIM_CF32;
        struct iq_sim *s = iq_sim_create(&c);
        size_t n = (size_t)(0.05 * rates[r]);
        struct iq_sim_burst b = {lv, (size_t)nl, 100.37, 0.5, 25000 + 150, 1.0};
        ck_assert_int_eq(iq_sim_add(s, &b), 0);
        float *buf = calloc(2 * n, sizeof *buf);
        ck_assert_int_eq(iq_sim_render(s, n, buf), 0);
        ck_assert_msg(loopback_count((const float complex *)buf, n, rates[r], 25000, &f),
                      "rate %.0f", rates[r]);
        /* the other channel hears nothing */
        ck_assert(!loopback_count((const float complex *)buf, n, rates[r], -25000, &f));
        free(buf);
        iq_sim_destroy(s);
    }
}
END_TEST

START_TEST(bad_fcs_levels)
{
    struct ais_frame f;
    sample_frame(&f, 422000111);
    uint8_t good[600], bad[600], bits[600], msg[600];
    int ng = iq_sim_levels(&f, 0, good, sizeof good);
    int nb = iq_sim_levels(&f, 0x1234, bad, sizeof bad);
    ck_assert_int_gt(ng, 0);
    ck_assert_int_gt(nb, 0);
    /* good: the deframer delivers f; bad: a CRC error, same data bits */
    struct hdlc_deframer d;
    struct ais_frame out;
    int got = 0;
    hdlc_deframer_init(&d);
    for (int i = 0; i < ng; i++)
        got += hdlc_deframer_push(&d, good[i], &out);
    ck_assert_int_eq(got, 1);
    ck_assert_mem_eq(out.bytes, f.bytes, f.nbytes);
    got = 0;
    hdlc_deframer_init(&d);
    for (int i = 0; i < nb; i++)
        got += hdlc_deframer_push(&d, bad[i], &out);
    ck_assert_int_eq(got, 0);
    ck_assert_uint_eq(d.stats.crc_errors, 1);
    ais_nrzi_decode(bad, (size_t)nb, 0, bits);
    size_t used;
    int n = ais_destuff(bits + 40, (size_t)nb - 40, msg, sizeof msg, &used);
    ck_assert_int_eq(n, (f.nbytes + 2) * 8);
    struct ais_frame g;
    ck_assert_int_eq(ais_frame_from_bits(msg, (size_t)n, &g), AISD_E_CHECKSUM);
    uint16_t fcs = 0;
    for (int k = 0; k < 16; k++)
        fcs |= (uint16_t)(msg[n - 16 + k] << k);
    ck_assert_uint_eq(fcs ^ ais_crc16(f.bytes, f.nbytes), 0x1234);
}
END_TEST

START_TEST(ebn0_calibration_and_noise)
{
    struct iq_sim_config c = iq_sim_config_default();
    c.sample_rate = 288000;
    c.noise_rms = 0.1;
    c.format = IQ_SIM_CF32;
    struct iq_sim *s = iq_sim_create(&c);
    ck_assert_double_eq_tol(iq_sim_noise_power(s), 0.02, 1e-12);
    /* Eb/N0 = A^2 / (Rb * P / fs) */
    double a = iq_sim_amplitude(s, 10.0);
    ck_assert_double_eq_tol(a * a / (9600 * 0.02 / 288000), 10.0, 1e-9);
    ck_assert_double_eq_tol(iq_sim_ebn0_db(s, a), 10.0, 1e-9);
    size_t n = 200000;
    float *buf = malloc(2 * n * sizeof *buf);
    ck_assert_int_eq(iq_sim_render(s, n, buf), 0);
    double pi = 0, pq = 0, mi = 0, cross = 0;
    for (size_t i = 0; i < n; i++) {
        pi += buf[2 * i] * buf[2 * i];
        pq += buf[2 * i + 1] * buf[2 * i + 1];
        mi += buf[2 * i];
        cross += buf[2 * i] * buf[2 * i + 1];
    }
    ck_assert_double_eq_tol((pi + pq) / n, 0.02, 0.0004);
    ck_assert_double_eq_tol(pi / n, pq / n, 0.0004);
    ck_assert_double_eq_tol(mi / n, 0, 0.001);
    ck_assert_double_eq_tol(cross / n, 0, 0.0003);
    /* white: adjacent samples uncorrelated */
    double lag = 0;
    for (size_t i = 1; i < n; i++)
        lag += buf[2 * i] * buf[2 * i - 2];
    ck_assert_double_eq_tol(lag / n, 0, 0.0003);
    free(buf);
    iq_sim_destroy(s);
}
END_TEST

START_TEST(quantise_impairments_determinism)
{
    struct iq_sim_config c = iq_sim_config_default();
    c.noise_rms = 0;
    c.dc_i = 10 / 127.5;
    c.dc_q = -4 / 127.5;
    struct iq_sim *s = iq_sim_create(&c);
    uint8_t u[8];
    ck_assert_int_eq(iq_sim_render(s, 4, u), 0);
    ck_assert_uint_eq(u[0], 138); /* 127.5 + 10 -> the code 138 (137.5 .. 138.5 is 10.5) */
    ck_assert_uint_eq(u[1], 124);
    iq_sim_destroy(s);

    /* gain imbalance: Q scaled; phase: Q picks up I */
    c = iq_sim_config_default();
    c.noise_rms = 0;
    c.format = IQ_SIM_CF32;
    c.iq_gain_db = 6.0206;
    c.iq_phase_deg = 0;
    s = iq_sim_create(&c);
    uint8_t lv[300];
    struct ais_frame f;
    sample_frame(&f, 273000002);
    int nl = iq_sim_levels(&f, 0, lv, sizeof lv);
    struct iq_sim_burst b = {lv, (size_t)nl, 0, 0.25, 25000, 0};
    ck_assert_int_eq(iq_sim_add(s, &b), 0);
    float x[2 * 4000];
    ck_assert_int_eq(iq_sim_render(s, 4000, x), 0);
    double ei = 0, eq = 0;
    for (int i = 200; i < 4000; i++) {
        ei += x[2 * i] * x[2 * i];
        eq += x[2 * i + 1] * x[2 * i + 1];
    }
    ck_assert_double_eq_tol(eq / ei, 4.0, 0.2);
    /* a burst may not start before what is already rendered */
    ck_assert_int_eq(iq_sim_add(s, &b), AISD_E_RANGE);
    iq_sim_destroy(s);

    /* clipping in cu8, counted */
    c = iq_sim_config_default();
    c.noise_rms = 2.0;
    s = iq_sim_create(&c);
    uint8_t big[2000];
    iq_sim_render(s, 1000, big);
    ck_assert_uint_gt(iq_sim_stats(s).clipped, 500);
    iq_sim_destroy(s);

    /* same seed, same bytes; another seed, other bytes */
    uint8_t a1[4000], a2[4000], a3[4000];
    for (int k = 0; k < 3; k++) {
        c = iq_sim_config_default();
        c.seed = k == 2 ? 99 : 7;
        s = iq_sim_create(&c);
        b = (struct iq_sim_burst){lv, (size_t)nl, 10.5, 0.3, 25000, 0.3};
        iq_sim_add(s, &b);
        iq_sim_render(s, 2000, k == 0 ? a1 : k == 1 ? a2 : a3);
        iq_sim_destroy(s);
    }
    ck_assert_mem_eq(a1, a2, sizeof a1);
    ck_assert(memcmp(a1, a3, sizeof a1) != 0);
    enum iq_sim_format fm;
    ck_assert_int_eq(iq_sim_format_parse("cs16", &fm), 0);
    ck_assert_int_eq(fm, IQ_SIM_CS16);
    ck_assert_uint_eq(iq_sim_sample_bytes(fm), 4);
    ck_assert_int_eq(iq_sim_format_parse("wav", &fm), AISD_E_INVAL);
}
END_TEST

START_TEST(rng_deterministic)
{
    struct rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    double sum = 0, sq = 0;
    for (int i = 0; i < 20000; i++) {
        ck_assert_uint_eq(rng_next(&a), rng_next(&b));
        double x = rng_normal(&a);
        rng_normal(&b);
        sum += x;
        sq += x * x;
        double u = rng_uniform(&a);
        rng_uniform(&b);
        ck_assert(u > 0 && u < 1);
        ck_assert_uint_lt(rng_below(&a, 7), 7);
        rng_below(&b, 7);
    }
    ck_assert_double_eq_tol(sum / 20000, 0, 0.03);
    ck_assert_double_eq_tol(sq / 20000, 1, 0.05);
}
END_TEST

/* ---- aisctl sim ---------------------------------------------------------- */

static int run_sim(const char *args, const char *dir, const char *name)
{
    char *prog = test_build_program("aisctl");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s sim %s -o %s/%s 2>/dev/null", prog, args, dir, name);
    free(prog);
    return system(cmd);
}

static size_t count_str(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

START_TEST(ctl_sim_files)
{
    char *dir = test_tmpdir();
    char path[1024];
    size_t len, tlen;
    /* traffic: IQ of the requested length and format, one truth line per burst */
    ck_assert_int_eq(run_sim("-d 1.5 -n 12 -s 3 -f cs16 -r 240000", dir, "t.cs16"), 0);
    snprintf(path, sizeof path, "%s/t.cs16", dir);
    char *iq = test_read_file(path, &len);
    ck_assert_ptr_nonnull(iq);
    ck_assert_uint_eq(len, 240000 * 3 / 2 * 4);
    snprintf(path, sizeof path, "%s/t.cs16.truth.jsonl", dir);
    char *truth = test_read_file(path, &tlen);
    ck_assert_ptr_nonnull(truth);
    size_t lines = count_str(truth, "\n");
    ck_assert_uint_ge(lines, 6);
    ck_assert_uint_eq(count_str(truth, "\"payload\": "), lines);
    ck_assert_uint_eq(
        count_str(truth, "\"channel\": \"A\"") + count_str(truth, "\"channel\": \"B\""), lines);
    ck_assert_uint_eq(count_str(truth, "\"type\": 1,") + count_str(truth, "\"type\": 5,"), lines);
    free(truth);
    /* the same seed gives the same bytes */
    ck_assert_int_eq(run_sim("-d 1.5 -n 12 -s 3 -f cs16 -r 240000", dir, "u.cs16"), 0);
    snprintf(path, sizeof path, "%s/u.cs16", dir);
    char *iq2 = test_read_file(path, &tlen);
    ck_assert_uint_eq(tlen, len);
    ck_assert_mem_eq(iq, iq2, len);
    free(iq);
    free(iq2);

    /* every burst collides (one stronger, one weaker each) and has a bad FCS */
    ck_assert_int_eq(run_sim("--sweep 6:8:1 --per-level 4 --collide 1 --collision-db 3 --bad-fcs 1",
                             dir, "c.cu8"),
                     0);
    snprintf(path, sizeof path, "%s/c.cu8.truth.jsonl", dir);
    truth = test_read_file(path, &tlen);
    ck_assert_ptr_nonnull(truth);
    ck_assert_uint_eq(count_str(truth, "\n"), 24);
    ck_assert_uint_eq(count_str(truth, "\"role\": \"stronger\""), 12);
    ck_assert_uint_eq(count_str(truth, "\"role\": \"weaker\""), 12);
    ck_assert_uint_eq(count_str(truth, "\"bad_fcs\": true"), 12);
    ck_assert_uint_eq(count_str(truth, "\"power_diff_db\": 3.00"), 24);
    free(truth);

    /* the corpus' polarity: every burst inverted, and marked */
    ck_assert_int_eq(run_sim("--sweep 6:6:1 --per-level 3 --polarity neg", dir, "p.cu8"), 0);
    snprintf(path, sizeof path, "%s/p.cu8.truth.jsonl", dir);
    truth = test_read_file(path, &tlen);
    ck_assert_ptr_nonnull(truth);
    ck_assert_uint_eq(count_str(truth, "\"inverted\": true"), 3);
    free(truth);
    ck_assert_int_ne(run_sim("--polarity up", dir, "x"), 0);

    /* pure noise: no bursts */
    ck_assert_int_eq(run_sim("--mode noise -d 0.25", dir, "n.cu8"), 0);
    snprintf(path, sizeof path, "%s/n.cu8.truth.jsonl", dir);
    truth = test_read_file(path, &tlen);
    ck_assert_ptr_nonnull(truth);
    ck_assert_uint_eq(tlen, 0);
    free(truth);

    /* usage errors */
    ck_assert_int_ne(run_sim("--format wav", dir, "x"), 0);
    ck_assert_int_ne(run_sim("--ebn0 9:3", dir, "x"), 0);
    /* non-finite or huge values are refused (they used to run on, writing without end) */
    ck_assert_int_ne(run_sim("--ebn0 6:inf", dir, "x"), 0);
    ck_assert_int_ne(run_sim("--collide 1 --collision-offset nan", dir, "x"), 0);
    ck_assert_int_ne(run_sim("--collide 1 --collision-offset 1e9:2e9", dir, "x"), 0);
    /* the message names the option, whichever way its value was given */
    static const char *named[][2] = {
        {"-e abc", "-e"}, {"--ppm 1x", "--ppm"}, {"--noise=q", "--noise"}};
    for (int i = 0; i < 3; i++) {
        char *prog = test_build_program("aisctl"), cmd[2048];
        snprintf(cmd, sizeof cmd, "%s sim %s -o %s/x 2>%s/err", prog, named[i][0], dir, dir);
        free(prog);
        ck_assert_int_ne(system(cmd), 0);
        snprintf(path, sizeof path, "%s/err", dir);
        size_t elen;
        char *err = test_read_file(path, &elen);
        ck_assert_ptr_nonnull(err);
        if (!strstr(err, named[i][1])) ck_abort_msg("%s: %s", named[i][0], err);
        free(err);
    }
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* ---- aisctl sweep --sim ---------------------------------------------------- */

/* The simulation's rate is --rate's wherever it stands: before --sim it was
 * taken as the receiver's option only, and the bursts were simulated at
 * 288 kS/s. */
START_TEST(ctl_sweep_sim_rate_either_side)
{
    char *dir = test_tmpdir();
    char *prog = test_build_program("aisctl");
    static const char *args[] = {"--rate 240000 --sim", "--sim --rate 240000"};
    for (int i = 0; i < 2; i++) {
        char cmd[2048], path[1024];
        snprintf(cmd, sizeof cmd,
                 "%s sweep %s --levels 12:12:1 --bursts 4 --seed 3 >%s/out 2>/dev/null", prog,
                 args[i], dir);
        ck_assert_int_eq(system(cmd), 0);
        snprintf(path, sizeof path, "%s/out", dir);
        size_t len;
        char *out = test_read_file(path, &len);
        ck_assert_ptr_nonnull(out);
        if (!strstr(out, "simulated: 240000 S/s")) ck_abort_msg("%s: %s", args[i], out);
        ck_assert_ptr_nonnull(strstr(out, "     4        4"));
        free(out);
    }
    free(prog);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* A truth file with more distinct Eb/N0 levels than the table holds (traffic:
 * each vessel its own): the bursts beyond it are still matched and reported,
 * not dropped with their decoded frames counted as false. */
START_TEST(ctl_sweep_file_more_levels_than_the_table)
{
    char *dir = test_tmpdir();
    ck_assert_int_eq(run_sim("-m traffic -d 12 -n 80 -e 20:30 -s 4", dir, "t.cu8"), 0);
    char *prog = test_build_program("aisctl");
    char cmd[2048], path[1024];
    snprintf(cmd, sizeof cmd, "%s sweep %s/t.cu8 >%s/out 2>/dev/null", prog, dir, dir);
    free(prog);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof path, "%s/out", dir);
    size_t len;
    char *out = test_read_file(path, &len);
    ck_assert_ptr_nonnull(out);
    if (!strstr(out, ", false 0\n")) ck_abort_msg("%s", out);
    const char *b = strstr(out, " bursts at levels beyond the 64 the table holds: ");
    if (!b) ck_abort_msg("%s", out);
    while (b > out && b[-1] != '\n')
        b--;
    int n = 0, ok = 0;
    ck_assert_int_eq(
        sscanf(b, " %d bursts at levels beyond the 64 the table holds: %d decoded", &n, &ok), 2);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq(ok, n); /* 20 dB and up: all decode */
    free(out);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* Malformed or out-of-range numbers are refused with the usage exit status
 * (read by atof/sscanf, "--bursts 2.5", "--jitter nan", "--seed -1" or
 * "--levels 4:9" ran). */
START_TEST(ctl_sweep_sim_bad_numbers_refused)
{
    char *prog = test_build_program("aisctl");
    static const char *bad[] = {"--bursts x",      "--bursts 2.5", "--levels 9:4:1", "--levels 4:9",
                                "--levels 4:9:0",  "--jitter nan", "--type5 2",      "--seed -1",
                                "--dc 3",          "--iq 0.5,3,1", "--overlap inf",  "--rate 1000",
                                "--tuner-ppm 50x", "--noise -1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s sweep --sim --levels 12:12:1 --bursts 2 %s >/dev/null 2>&1",
                 prog, bad[i]);
        int st = system(cmd);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 64) ck_abort_msg("accepted: %s (%d)", bad[i], st);
    }
    free(prog);
}
END_TEST

static Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, encode_type1_2_3);
    tcase_add_test(tc, encode_corpus_reencode);
    tcase_add_test(tc, encode_type4_5);
    tcase_add_test(tc, encode_class_b);
    tcase_add_test(tc, encode_type21_27_and_errors);
    tcase_add_test(tc, gmsk_pulse_shape);
    tcase_add_test(tc, gmsk_deviation_and_envelope);
    tcase_add_test(tc, gmsk_matches_liquid);
    tcase_add_test(tc, loopback_rates);
    tcase_add_test(tc, bad_fcs_levels);
    tcase_add_test(tc, ebn0_calibration_and_noise);
    tcase_add_test(tc, quantise_impairments_determinism);
    tcase_add_test(tc, rng_deterministic);
    tcase_add_test(tc, ctl_sim_files);
    tcase_add_test(tc, ctl_sweep_sim_rate_either_side);
    tcase_add_test(tc, ctl_sweep_file_more_levels_than_the_table);
    tcase_add_test(tc, ctl_sweep_sim_bad_numbers_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(sim_suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
