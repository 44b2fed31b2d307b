/* check_messages.c: the AIS message layer: bit reader and six-bit text,
 * ais_decode() per message family (values hand-checked against the comments
 * of gpsd's sample.aivdm and ITU-R M.1371-5), type 24 pairing, JSON (scaled
 * and unscaled, compared with gpsd's own output lines), the pipe dump,
 * jsonw, and robustness: every length of every type, truncated and oversized. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/ais_dump.h"
#include "decode/ais_encode.h"
#include "decode/ais_json.h"
#include "decode/ais_msg.h"
#include "decode/bitreader.h"
#include "decode/err.h"
#include "decode/jparse.h"
#include "decode/jsonw.h"
#include "tests/lib/testutil.h"

/* Test-local de-armouring of an AIVDM payload (the NMEA layer is tested
 * elsewhere): six bits per character, MSB first, minus fill bits. */
static size_t dearmour(const char *payload, unsigned fill, uint8_t *bytes, size_t max)
{
    size_t nbits = 0;
    memset(bytes, 0, max);
    for (const char *p = payload; *p; p++) {
        int c = *p - 48;
        if (c > 40) c -= 8;
        for (int k = 5; k >= 0; k--) {
            if ((c >> k) & 1) bytes[nbits / 8] |= (uint8_t)(0x80 >> (nbits % 8));
            nbits++;
        }
    }
    return nbits - fill;
}

static int decode_payload(const char *payload, unsigned fill, struct ais_msg *m)
{
    uint8_t bytes[AIS_MSG_MAX_BYTES + 8];
    size_t nbits = dearmour(payload, fill, bytes, sizeof bytes);
    return ais_decode(bytes, nbits, m);
}

static const char *json_of(const struct ais_msg *m, int scaled, const char *device)
{
    static char buf[8192];
    struct ais_json_opts o = {scaled, device};
    int n = ais_json(m, &o, buf, sizeof buf);
    ck_assert_int_gt(n, 0);
    ck_assert_uint_eq(strlen(buf), (size_t)n);
    return buf;
}

/* Test-local bit writer: width bits of v at pos, MSB first. */
static void put_bits(uint8_t *b, size_t pos, unsigned width, uint64_t v)
{
    for (unsigned i = 0; i < width; i++) {
        size_t k = pos + i;
        uint8_t mask = (uint8_t)(0x80 >> (k % 8));
        if ((v >> (width - 1 - i)) & 1)
            b[k / 8] |= mask;
        else
            b[k / 8] &= (uint8_t)~mask;
    }
}

/* ---- bit reader ---- */

START_TEST(test_bits_fields)
{
    const uint8_t b[] = {0xA5, 0x0F, 0xF0, 0x81};
    struct bitreader br = {b, 32};
    ck_assert_uint_eq(bitreader_u(&br, 0, 8), 0xA5);
    ck_assert_uint_eq(bitreader_u(&br, 4, 8), 0x50); /* straddles bytes 0/1 */
    ck_assert_uint_eq(bitreader_u(&br, 12, 8), 0xFF);
    ck_assert_uint_eq(bitreader_u(&br, 0, 32), 0xA50FF081);
    ck_assert_uint_eq(bitreader_u(&br, 31, 1), 1);
    ck_assert_uint_eq(bitreader_u(&br, 0, 0), 0);
    ck_assert_int_eq(bitreader_s(&br, 0, 4), -6);    /* 1010 */
    ck_assert_int_eq(bitreader_s(&br, 4, 4), 5);     /* 0101 */
    ck_assert_int_eq(bitreader_s(&br, 24, 8), -127); /* 0x81 */
    /* past the end reads zero, partially and wholly */
    ck_assert_uint_eq(bitreader_u(&br, 28, 8), 0x10);
    ck_assert_uint_eq(bitreader_u(&br, 40, 30), 0);
    ck_assert_uint_eq(bitreader_u(&br, (size_t)-100, 8), 0);
}
END_TEST

START_TEST(test_bits_nbits_masks_within_byte)
{
    const uint8_t b[] = {0xFF, 0xFF};
    struct bitreader br = {b, 10}; /* bits 10..15 are not part of the message */
    ck_assert_uint_eq(bitreader_u(&br, 0, 16), 0xFFC0);
    ck_assert_uint_eq(bitreader_u(&br, 8, 8), 0xC0);
    ck_assert_int_eq(bitreader_s(&br, 8, 2), -1);
}
END_TEST

START_TEST(test_bits_wide)
{
    uint8_t b[16];
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)(0x11 * (i + 1));
    struct bitreader br = {b, 128};
    ck_assert(bitreader_u(&br, 0, 64) == 0x1122334455667788ULL);
    ck_assert(bitreader_u(&br, 4, 64) == 0x1223344556677889ULL); /* 9 bytes touched */
    ck_assert(bitreader_u(&br, 3, 42) == ((0x1122334455667788ULL >> 19) & ((1ULL << 42) - 1)));
}
END_TEST

/* six-bit text built from characters: value of each char in the six-bit set */
static size_t sixbit_pack(const char *s, uint8_t *b, size_t max)
{
    memset(b, 0, max);
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        const char *q = memchr(bitreader_sixchr, *p, 64);
        unsigned v = (unsigned)(q - bitreader_sixchr);
        for (int k = 5; k >= 0; k--, n++)
            if ((v >> k) & 1) b[n / 8] |= (uint8_t)(0x80 >> (n % 8));
    }
    return n;
}

START_TEST(test_text_trimming)
{
    uint8_t b[64];
    char out[32];
    struct bitreader br = {b, 0};

    br.nbits = sixbit_pack("EVER DIADEM         ", b, sizeof b);
    ck_assert_uint_eq(bitreader_text(&br, 0, 20, out, 21), 11);
    ck_assert_str_eq(out, "EVER DIADEM");

    /* stops at the first '@' even with text after it */
    br.nbits = sixbit_pack("AB@CD", b, sizeof b);
    bitreader_text(&br, 0, 5, out, sizeof out);
    ck_assert_str_eq(out, "AB");

    /* trailing spaces before an '@' are trimmed too */
    br.nbits = sixbit_pack("NEW YORK  @@@@", b, sizeof b);
    bitreader_text(&br, 0, 14, out, sizeof out);
    ck_assert_str_eq(out, "NEW YORK");

    /* all blanks and leading '@' give "" */
    br.nbits = sixbit_pack("       ", b, sizeof b);
    ck_assert_uint_eq(bitreader_text(&br, 0, 7, out, sizeof out), 0);
    ck_assert_str_eq(out, "");
    br.nbits = sixbit_pack("@ABC", b, sizeof b);
    bitreader_text(&br, 0, 4, out, sizeof out);
    ck_assert_str_eq(out, "");

    /* inner spaces are kept; the untrimmed form keeps trailing ones */
    br.nbits = sixbit_pack("A B  ", b, sizeof b);
    bitreader_text_raw(&br, 0, 5, out, sizeof out);
    ck_assert_str_eq(out, "A B  ");
    bitreader_trim(out);
    ck_assert_str_eq(out, "A B");

    /* the output size bounds the count; past the message end is '@' */
    br.nbits = sixbit_pack("ABCDEFGH", b, sizeof b);
    ck_assert_uint_eq(bitreader_text(&br, 0, 8, out, 4), 3);
    ck_assert_str_eq(out, "ABC");
    ck_assert_uint_eq(bitreader_text(&br, 36, 10, out, sizeof out), 2);
    ck_assert_str_eq(out, "GH");

    /* punctuation of the six-bit set, including '"' and '\\' */
    br.nbits = sixbit_pack("A\"\\?", b, sizeof b);
    bitreader_text(&br, 0, 4, out, sizeof out);
    ck_assert_str_eq(out, "A\"\\?");
}
END_TEST

/* ---- positions ---- */

START_TEST(test_type1)
{
    struct ais_msg m;
    /* sample.aivdm: MessageID 1, UserID 371798000, ROT -127, SOG 12.3,
     * PositionAccuracy 1, lon -123.395383333, lat 48.38163333, COG 224,
     * TrueHeading 215, TimeStamp 33, sync 0, slottimeout 2, slotoffset 1249 */
    ck_assert_int_eq(decode_payload("15RTgt0PAso;90TKcjM8h6g208CQ", 0, &m), 0);
    ck_assert_uint_eq(m.type, 1);
    ck_assert_uint_eq(m.repeat, 0);
    ck_assert_uint_eq(m.mmsi, 371798000);
    ck_assert_uint_eq(m.type1.status, 0);
    ck_assert_int_eq(m.type1.turn, -127);
    ck_assert_uint_eq(m.type1.speed, 123);
    ck_assert(m.type1.accuracy);
    ck_assert_int_eq(m.type1.lon, -74037230); /* -123.3953833 deg * 600000 */
    ck_assert_int_eq(m.type1.lat, 29028980);  /* 48.3816333 deg * 600000 */
    ck_assert_uint_eq(m.type1.course, 2240);
    ck_assert_uint_eq(m.type1.heading, 215);
    ck_assert_uint_eq(m.type1.second, 33);
    ck_assert(!m.type1.raim);
    ck_assert_uint_eq(m.type1.radio, (0u << 17) | (2u << 14) | 1249u);

    ck_assert_str_eq(json_of(&m, 1, "stdin"),
                     "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":1,\"repeat\":0,\"mmsi\":"
                     "371798000,\"scaled\":true,\"status\":0,\"status_text\":\"Under way using "
                     "engine\",\"turn\":\"fastleft\",\"speed\":12.3,\"accuracy\":true,\"lon\":-123."
                     "3953833,\"lat\":48.3816333,\"course\":224.0,\"heading\":215,\"second\":33,"
                     "\"maneuver\":0,\"raim\":false,\"radio\":34017}");
    ck_assert_str_eq(json_of(&m, 0, NULL),
                     "{\"class\":\"AIS\",\"type\":1,\"repeat\":0,\"mmsi\":371798000,\"scaled\":"
                     "false,\"status\":0,\"status_text\":\"Under way using engine\",\"turn\":-127,"
                     "\"speed\":123,\"accuracy\":true,\"lon\":-74037230,\"lat\":29028980,"
                     "\"course\":2240,\"heading\":215,\"second\":33,\"maneuver\":0,\"raim\":false,"
                     "\"radio\":34017}");
    char dump[512];
    ck_assert_int_gt(ais_dump(&m, dump, sizeof dump), 0);
    ck_assert_str_eq(dump,
                     "1|0|371798000|0|-127|123|1|-74037230|29028980|2240|215|33|0x0|0|0x84e1");
}
END_TEST

START_TEST(test_type1_turn_and_status_legends)
{
    struct ais_msg m;
    /* sample.aivdm type 1: ROT -128 (not available) */
    ck_assert_int_eq(decode_payload("16SteH0P00Jt63hHaa6SagvJ087r", 0, &m), 0);
    ck_assert_int_eq(m.type1.turn, -128);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"turn\":\"n/a\",\"speed\":0.0,"));
    /* type 2, ROT 127 */
    ck_assert_int_eq(decode_payload("25Cjtd0Oj;Jp7ilG7=UkKBoB0<06", 0, &m), 0);
    ck_assert_uint_eq(m.type, 2);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"turn\":\"fastright\""));
    /* type 3: status 5 Moored, ROT 0 */
    ck_assert_int_eq(decode_payload("38Id705000rRVJhE7cl9n;160000", 0, &m), 0);
    ck_assert_uint_eq(m.type, 3);
    ck_assert_uint_eq(m.type1.status, 5);
    const char *j = json_of(&m, 1, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"status\":5,\"status_text\":\"Moored\",\"turn\":\"0.00\""));
    ck_assert_str_eq(ais_json_nav_status_text(12),
                     "Power-driven vessel pushing ahead or towing alongside");
    ck_assert_str_eq(ais_json_nav_status_text(15), "Not defined");
}
END_TEST

START_TEST(test_scaled_legends_not_in_corpus)
{
    /* values gpsd renders as text, built bit by bit (ITU-R M.1371 layouts) */
    uint8_t b[48];
    struct ais_msg m;
    const char *j;

    memset(b, 0, sizeof b);
    put_bits(b, 0, 6, 1);
    put_bits(b, 8, 30, 123456789);
    put_bits(b, 42, 8, 20);    /* ROT indicator 20: (20/4.733)^2 = 17.856 deg/min */
    put_bits(b, 50, 10, 1023); /* speed not available */
    ck_assert_int_eq(ais_decode(b, 168, &m), 0);
    ck_assert_int_eq(m.type1.turn, 20);
    j = json_of(&m, 1, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"turn\":\"17.86\",\"speed\":\"n/a\","));
    put_bits(b, 42, 8, (uint64_t)(uint8_t)-20); /* turning left */
    put_bits(b, 50, 10, 1022);                  /* 102.2 kn or more */
    ck_assert_int_eq(ais_decode(b, 168, &m), 0);
    ck_assert_int_eq(m.type1.turn, -20);
    j = json_of(&m, 1, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"turn\":\"-17.86\",\"speed\":\"fast\","));
    j = json_of(&m, 0, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"turn\":-20,\"speed\":1022,"));

    memset(b, 0, sizeof b);
    put_bits(b, 0, 6, 9);
    put_bits(b, 38, 12, 4095); /* altitude not available */
    put_bits(b, 50, 10, 1023); /* speed not available */
    ck_assert_int_eq(ais_decode(b, 168, &m), 0);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"alt\":\"nan\",\"speed\":\"nan\","));
    put_bits(b, 38, 12, 4094);
    put_bits(b, 50, 10, 1022);
    ck_assert_int_eq(ais_decode(b, 168, &m), 0);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"alt\":\"high\",\"speed\":\"fast\","));

    memset(b, 0, sizeof b);
    put_bits(b, 0, 6, 19);
    put_bits(b, 263, 8, 200); /* ship type outside the table */
    put_bits(b, 301, 4, 11);  /* reserved EPFD */
    ck_assert_int_eq(ais_decode(b, 312, &m), 0);
    j = json_of(&m, 0, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"shiptype\":200,\"shiptype_text\":\"INVALID SHIP TYPE\""));
    ck_assert_ptr_nonnull(strstr(j, "\"epfd\":11,\"epfd_text\":\"Reserved (11)\""));
    ck_assert_str_eq(ais_json_nav_status_text(11), "Power-driven vessel towing astern");
    ck_assert_str_eq(ais_json_nav_status_text(14), "AIS-SART is active");
}
END_TEST

START_TEST(test_type4_base_station)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("403OviQuMGCqWrRO9>E6fE700@GO", 0, &m), 0);
    ck_assert_uint_eq(m.type, 4);
    ck_assert_uint_eq(m.mmsi, 3669702);
    ck_assert_uint_eq(m.type4.year, 2007);
    ck_assert_uint_eq(m.type4.month, 5);
    ck_assert_uint_eq(m.type4.day, 14);
    ck_assert_uint_eq(m.type4.hour, 19);
    ck_assert_uint_eq(m.type4.minute, 57);
    ck_assert_uint_eq(m.type4.second, 39);
    ck_assert_uint_eq(m.type4.epfd, 7);
    ck_assert_str_eq(json_of(&m, 1, "stdin"),
                     "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":4,\"repeat\":0,\"mmsi\":"
                     "3669702,\"scaled\":true,\"timestamp\":\"2007-05-14T19:57:39Z\",\"accuracy\":"
                     "true,\"lon\":-76.3523617,\"lat\":36.8837667,\"epfd\":7,\"epfd_text\":"
                     "\"Surveyed\",\"raim\":false,\"radio\":67039}");
    char tmp[24];
    ck_assert_str_eq(ais_json_epfd_text(14, tmp, sizeof tmp), "Reserved (14)");
    ck_assert_str_eq(ais_json_epfd_text(15, tmp, sizeof tmp), "Internal GNSS");
}
END_TEST

START_TEST(test_type5_static)
{
    struct ais_msg m;
    /* two fragments joined: EVER DIADEM, IMO 9134270, 3FOF8, NEW YORK */
    ck_assert_int_eq(decode_payload("55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8"
                                    "88888888880",
                                    2, &m),
                     0);
    ck_assert_uint_eq(m.nbits, 424);
    ck_assert_uint_eq(m.mmsi, 351759000);
    ck_assert_uint_eq(m.type5.imo, 9134270);
    ck_assert_str_eq(m.type5.callsign, "3FOF8");
    ck_assert_str_eq(m.type5.shipname, "EVER DIADEM");
    ck_assert_uint_eq(m.type5.shiptype, 70);
    ck_assert_uint_eq(m.type5.to_bow, 225);
    ck_assert_uint_eq(m.type5.to_stern, 70);
    ck_assert_uint_eq(m.type5.to_port, 1);
    ck_assert_uint_eq(m.type5.to_starboard, 31);
    ck_assert_uint_eq(m.type5.month, 5);
    ck_assert_uint_eq(m.type5.day, 15);
    ck_assert_uint_eq(m.type5.hour, 14);
    ck_assert_uint_eq(m.type5.minute, 0);
    ck_assert_uint_eq(m.type5.draught, 122);
    ck_assert_str_eq(m.type5.destination, "NEW YORK");
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL),
                                 "\"eta\":\"05-15T14:00Z\",\"draught\":12.2,\"destination\":\"NEW "
                                 "YORK\",\"dte\":0}"));
}
END_TEST

START_TEST(test_type5_short_lengths)
{
    uint8_t b[64];
    struct ais_msg m;
    size_t n = dearmour("55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8"
                        "88888888880",
                        2, b, sizeof b);
    ck_assert_uint_eq(n, 424);
    /* 420 and 422 bits occur in the wild and are accepted; dte then reads 0 */
    ck_assert_int_eq(ais_decode(b, 420, &m), 0);
    ck_assert_str_eq(m.type5.destination, "NEW YORK");
    ck_assert_uint_eq(m.type5.dte, 0);
    ck_assert_int_eq(ais_decode(b, 422, &m), 0);
    ck_assert_int_eq(ais_decode(b, 419, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(b, 168, &m), AISD_E_FORMAT);
}
END_TEST

START_TEST(test_type18_19_classb)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("B52K>;h00Fc>jpUlNV@ikwpUoP06", 0, &m), 0);
    ck_assert_uint_eq(m.type, 18);
    ck_assert_uint_eq(m.mmsi, 338087471);
    ck_assert_uint_eq(m.type18.speed, 1);
    ck_assert_uint_eq(m.type18.course, 796);
    ck_assert_uint_eq(m.type18.heading, 511);
    ck_assert(m.type18.cs && !m.type18.display && m.type18.dsc && m.type18.band);
    ck_assert_uint_eq(m.type18.radio, 917510);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"speed\":0.1,\"accuracy\":false,\"lon\":-"
                                                       "74.0721317,\"lat\":40.6845400,\"course\":"
                                                       "79.6"));

    ck_assert_int_eq(decode_payload("C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220", 0, &m),
                     0);
    ck_assert_uint_eq(m.type, 19);
    ck_assert_uint_eq(m.mmsi, 367059850);
    ck_assert_uint_eq(m.type19.reserved, 248);
    ck_assert_str_eq(m.type19.shipname, "CAPT.J.RIMES");
    ck_assert_uint_eq(m.type19.shiptype, 70);
    ck_assert_uint_eq(m.type19.to_stern, 21);
    ck_assert_uint_eq(m.type19.regional, 4);
}
END_TEST

START_TEST(test_type27_long_range)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("KC5E2b@U19PFdLbMuc5=ROv62<7m", 0, &m), 0);
    ck_assert_uint_eq(m.type, 27);
    ck_assert_uint_eq(m.nbits, 168); /* a whole slot: tolerated like gpsd */
    ck_assert_int_eq(decode_payload("KCQ9r=hrFUnH7P00", 0, &m), 0);
    ck_assert_uint_eq(m.nbits, 96);
    ck_assert_uint_eq(m.mmsi, 236091959);
    ck_assert_uint_eq(m.type27.status, 3);
    ck_assert_str_eq(json_of(&m, 1, "stdin"),
                     "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":27,\"repeat\":1,\"mmsi\":"
                     "236091959,\"scaled\":true,\"status\":3,\"status_text\":\"Restricted "
                     "maneuverability\",\"accuracy\":false,\"lon\":-154.2017,\"lat\":87.0650,"
                     "\"speed\":0,\"course\":0,\"raim\":false,\"gnss\":false}");
    /* other lengths are rejected */
    uint8_t b[32];
    size_t n = dearmour("KCQ9r=hrFUnH7P00", 0, b, sizeof b);
    ck_assert_int_eq(ais_decode(b, n - 1, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(b, n + 6, &m), AISD_E_FORMAT);
}
END_TEST

/* ---- static data: 24, 21 ---- */

START_TEST(test_type24_pairing)
{
    struct ais_msg a, b, b2;
    struct ais_t24_queue q;
    ais_decode_t24_init(&q);
    ck_assert_int_eq(decode_payload("H42O55i18tMET00000000000000", 2, &a), 0);
    ck_assert_uint_eq(a.type24.part, AIS_T24_PART_A);
    ck_assert_str_eq(a.type24.shipname, "PROGUY");
    ck_assert_int_eq(decode_payload("H42O55lti4hhhilD3nink000?050", 0, &b), 0);
    ck_assert_uint_eq(b.type24.part, AIS_T24_PART_B);
    b2 = b;
    /* each part alone leaves the other part's fields empty, even when the
     * struct held another message before */
    struct ais_msg reuse = b;
    ck_assert_int_eq(decode_payload("H42O55i18tMET00000000000000", 2, &reuse), 0);
    ck_assert_str_eq(reuse.type24.callsign, "");
    ck_assert_uint_eq(reuse.type24.shiptype, 0);
    strcpy(reuse.type24.shipname, "STALE");
    ck_assert_int_eq(decode_payload("H42O55lti4hhhilD3nink000?050", 0, &reuse), 0);
    ck_assert_str_eq(reuse.type24.shipname, "");
    ck_assert_str_eq(reuse.type24.callsign, "TC6163");
    /* B alone is not reported; A is stashed, not reported */
    struct ais_t24_queue empty;
    ais_decode_t24_init(&empty);
    ck_assert_int_eq(ais_decode_t24_pair(&empty, &b2), 0);
    ck_assert_int_eq(ais_decode_t24_pair(&q, &a), 0);
    ck_assert_int_eq(ais_decode_t24_pair(&q, &b), 1);
    ck_assert_uint_eq(b.type24.part, AIS_T24_BOTH);
    ck_assert_str_eq(b.type24.shipname, "PROGUY");
    ck_assert_str_eq(json_of(&b, 1, "stdin"),
                     "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":24,\"repeat\":0,\"mmsi\":"
                     "271041815,\"scaled\":true,\"shipname\":\"PROGUY\",\"shiptype\":60,"
                     "\"shiptype_text\":\"Passenger - all ships of this type\",\"vendorid\":"
                     "\"1D00014\",\"model\":12,\"serial\":199796,\"callsign\":\"TC6163\",\"to_"
                     "bow\":0,\"to_stern\":15,\"to_port\":0,\"to_starboard\":5}");
    char dump[256];
    ais_dump(&b, dump, sizeof dump);
    ck_assert_str_eq(dump, "24|0|271041815|PROGUY|60|1D00014|12|199796|TC6163|0|15|0|5");
    /* a repeated B does not match the same A twice */
    struct ais_msg again;
    ck_assert_int_eq(decode_payload("H42O55lti4hhhilD3nink000?050", 0, &again), 0);
    ck_assert_int_eq(ais_decode_t24_pair(&q, &again), 0);
    /* other types pass through */
    struct ais_msg p;
    ck_assert_int_eq(decode_payload("15RTgt0PAso;90TKcjM8h6g208CQ", 0, &p), 0);
    ck_assert_int_eq(ais_decode_t24_pair(&q, &p), 1);
    /* part A JSON when reported on its own, as gpsd -s does */
    ck_assert_ptr_nonnull(strstr(json_of(&a, 0, NULL), "\"part\":\"A\",\"shipname\":\"PROGUY\"}"));
}
END_TEST

START_TEST(test_type24_auxiliary)
{
    ck_assert(ais_decode_is_auxiliary(981234567));
    ck_assert(!ais_decode_is_auxiliary(271041815));
    ck_assert(!ais_decode_is_auxiliary(98123456)); /* 8 digits: not 98XXXYYYY */
}
END_TEST

START_TEST(test_type21_name_extension)
{
    struct ais_msg m;
    /* sample.aivdm: "CHINA ROSE MURPHY EXPRESS ALERT" spans name + extension */
    ck_assert_int_eq(
        decode_payload("E1mg=5J1T4W0h97aRh6ba84<h2d;W:Te=eLvH50```q:D44QDlp0C1DU00", 2, &m), 0);
    ck_assert_uint_eq(m.type, 21);
    ck_assert_uint_eq(m.mmsi, 123456789);
    ck_assert_uint_eq(m.type21.aid_type, 20);
    ck_assert_str_eq(m.type21.name, "CHINA ROSE MURPHY EXPRESS ALERT");
    ck_assert_uint_eq(m.type21.regional, 165);
    ck_assert_str_eq(
        json_of(&m, 1, "stdin"),
        "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":21,\"repeat\":0,\"mmsi\":"
        "123456789,\"scaled\":true,\"aid_type\":20,\"aid_type_text\":\"Cardinal Mark "
        "N\",\"name\":\"CHINA ROSE MURPHY EXPRESS ALERT\",\"lon\":-122.6985917,"
        "\"lat\":47.9206183,\"accuracy\":false,\"to_bow\":5,\"to_stern\":5,\"to_"
        "port\":5,\"to_starboard\":5,\"epfd\":1,\"epfd_text\":\"GPS\",\"second\":50,"
        "\"regional\":165,\"off_position\":false,\"raim\":false,\"virtual_aid\":false}");
}
END_TEST

/* ---- binary: 6, 8, 17, 25, 26 ---- */

START_TEST(test_type6_8_header_and_raw)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("6B?n;be:cbapalgc;i6?Ow4", 2, &m), 0);
    ck_assert_uint_eq(m.type, 6);
    ck_assert_uint_eq(m.repeat, 1);
    ck_assert_uint_eq(m.mmsi, 150834090);
    ck_assert_uint_eq(m.type6.seqno, 3);
    ck_assert_uint_eq(m.type6.dest_mmsi, 313240222);
    ck_assert(!m.type6.retransmit);
    ck_assert_uint_eq(m.type6.dac, 669);
    ck_assert_uint_eq(m.type6.fid, 11);
    ck_assert_uint_eq(m.type6.bitcount, 48);
    ck_assert(!m.type6.structured); /* DAC 669 is not an application gpsd decodes */
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"dac\":669,\"fid\":11,\"data\":\"48:"
                                                       "eb2f118f7ff1\"}"));

    ck_assert_int_eq(decode_payload("85Mwp`1Kf3aCnsNvBWLi=wQuNhA5t43N`5nCuI=p<IBfVqnMgPGs", 0, &m),
                     0);
    ck_assert_uint_eq(m.type, 8);
    ck_assert_uint_eq(m.mmsi, 366999712);
    ck_assert_uint_eq(m.type8.dac, 366);
    ck_assert_uint_eq(m.type8.fid, 56);
    ck_assert_uint_eq(m.type8.bitcount, 256);
    ck_assert_uint_eq(m.type8.bitdata[0], 0x3a);
    ck_assert_uint_eq(m.type8.bitdata[31], 0xfb);
}
END_TEST

START_TEST(test_type17_25_26)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("A02VqLPA4I6C07h5Ed1h<OrsuBTTwS?r:C?w`?la<gno1RTRwSP9:BcurA8a"
                                    ":Oko02TSwu8<:Jbb",
                                    0, &m),
                     0);
    ck_assert_uint_eq(m.type, 17);
    ck_assert_uint_eq(m.mmsi, 2734450);
    ck_assert_int_eq(m.type17.lon, 17478); /* 29.13 deg in 1/10 minute */
    ck_assert_int_eq(m.type17.lat, 35992);
    ck_assert_uint_eq(m.type17.bitcount, 376);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"lon\":29.1,\"lat\":60.0,\"data\":\"376:"
                                                       "7c0556c0"));

    /* 25: addressed, unstructured */
    ck_assert_int_eq(decode_payload("I6SWo?8P00a3PKpEKEVj0?vNP<65", 0, &m), 0);
    ck_assert_uint_eq(m.type, 25);
    ck_assert(m.type25.addressed && !m.type25.structured);
    ck_assert_uint_eq(m.type25.dest_mmsi, 134218384);
    ck_assert_uint_eq(m.type25.bitcount, 168 - 40 - 30);
    /* 25: broadcast, structured */
    ck_assert_int_eq(decode_payload("I8IRGB40QPPa0:<HP::V=gwv0l48", 0, &m), 0);
    ck_assert(!m.type25.addressed && m.type25.structured);
    ck_assert_uint_eq(m.type25.app_id, 134);
    ck_assert_uint_eq(m.type25.bitcount, 112);

    /* 26: the radio status is the last 20 bits */
    ck_assert_int_eq(decode_payload("J1@@0IK70PGgT740000000000@000?D0ih1e00006JlPC9C3", 0, &m), 0);
    ck_assert_uint_eq(m.type, 26);
    ck_assert(m.type26.addressed && !m.type26.structured);
    ck_assert_uint_eq(m.type26.dest_mmsi, 834699643);
    ck_assert_uint_eq(m.type26.bitcount, 198);
    uint8_t b[64];
    size_t n = dearmour("J1@@0IK70PGgT740000000000@000?D0ih1e00006JlPC9C3", 0, b, sizeof b);
    struct bitreader br = {b, n};
    ck_assert_uint_eq(m.type26.radio, bitreader_u(&br, n - 20, 20));
    ck_assert_ptr_nonnull(strstr(json_of(&m, 0, NULL), "\"radio\":0}")); /* as gpsd reports */
}
END_TEST

/* ---- link management, text, acknowledgements ---- */

START_TEST(test_type7_13_acks)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("7IiQ4T`UjA9lC;b:M<MWE@", 4, &m), 0);
    ck_assert_uint_eq(m.type, 7);
    ck_assert_uint_eq(m.mmsi, 655901842);
    ck_assert_uint_eq(m.type7.mmsi1, 158483613);
    ck_assert_uint_eq(m.type7.mmsi2, 321823389);
    ck_assert_uint_eq(m.type7.mmsi3, 836359488);
    ck_assert_uint_eq(m.type7.mmsi4, 0);
    ck_assert_int_eq(decode_payload("=39UOj0jFs9R", 0, &m), 0);
    ck_assert_uint_eq(m.type, 13);
    ck_assert_uint_eq(m.type7.mmsi1, 211217560);
    ck_assert_uint_eq(m.type7.mmsi2, 0);
}
END_TEST

START_TEST(test_type9_10_11)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("91b55wi;hbOS@OdQAC062Ch2089h", 0, &m), 0);
    ck_assert_uint_eq(m.type, 9);
    ck_assert_uint_eq(m.mmsi, 111232511);
    ck_assert_uint_eq(m.type9.alt, 303);
    ck_assert_uint_eq(m.type9.speed, 42);
    ck_assert_uint_eq(m.type9.course, 1545);
    ck_assert_uint_eq(m.type9.dte, 1);
    ck_assert_int_eq(decode_payload(":5MlU41GMK6@", 0, &m), 0);
    ck_assert_uint_eq(m.type, 10);
    ck_assert_uint_eq(m.mmsi, 366814480);
    ck_assert_uint_eq(m.type10.dest_mmsi, 366832740);
    ck_assert_int_eq(decode_payload(";4R33:1uUK2F`q?mOt@@GoQ00000", 0, &m), 0);
    ck_assert_uint_eq(m.type, 11);
    ck_assert_uint_eq(m.type4.year, 2009);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"timestamp\":\"2009-05-22T02:22:40Z\""));
}
END_TEST

START_TEST(test_type12_14_text)
{
    struct ais_msg m;
    ck_assert_int_eq(
        decode_payload("<02:oP0kKcv0@<51C5PB5@?BDPD?P:?2?EB7PDB16693P381>>5<PikP", 0, &m), 0);
    ck_assert_uint_eq(m.type, 12);
    ck_assert_uint_eq(m.type12.dest_mmsi, 215724000);
    ck_assert_str_eq(m.type12.text, "PLEASE REPORT TO JOBOURG TRAFFIC CHANNEL 13");
    ck_assert_int_eq(decode_payload(">5?Per18=HB1U:1@E=B0m<L", 2, &m), 0);
    ck_assert_uint_eq(m.type, 14);
    ck_assert_str_eq(m.type14.text, "RCVD YR TEST MSG");
    /* a type 14 with no text at all */
    uint8_t b[8];
    size_t n = dearmour(">5?Per18", 0, b, sizeof b);
    ck_assert_uint_eq(n, 48);
    ck_assert_int_eq(ais_decode(b, 40, &m), 0);
    ck_assert_str_eq(m.type14.text, "");
}
END_TEST

START_TEST(test_type15_16_20)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("?h3Ovn1GP<K0<P@59a0", 2, &m), 0);
    ck_assert_uint_eq(m.type, 15);
    ck_assert_uint_eq(m.mmsi, 3669720);
    ck_assert_uint_eq(m.type15.mmsi1, 367014320);
    ck_assert_uint_eq(m.type15.type1_1, 3);
    ck_assert_uint_eq(m.type15.offset1_1, 516);
    ck_assert_uint_eq(m.type15.type1_2, 5);
    ck_assert_uint_eq(m.type15.offset1_2, 617);
    ck_assert_uint_eq(m.type15.mmsi2, 0);
    ck_assert_int_eq(decode_payload("@01uEO@mMk7P<P00", 0, &m), 0);
    ck_assert_uint_eq(m.type, 16);
    ck_assert_uint_eq(m.type16.mmsi1, 224251000);
    ck_assert_uint_eq(m.type16.offset1, 200);
    ck_assert_uint_eq(m.type16.mmsi2, 0); /* 96 bits: one assignment only */
    ck_assert_int_eq(decode_payload("Dh3OvjB8IN>4", 0, &m), 0);
    ck_assert_uint_eq(m.type, 20);
    ck_assert_uint_eq(m.type20.offset1, 2182);
    ck_assert_uint_eq(m.type20.number1, 5);
    ck_assert_uint_eq(m.type20.timeout1, 7);
    ck_assert_uint_eq(m.type20.increment1, 225);
    ck_assert_uint_eq(m.type20.offset2, 0);
}
END_TEST

START_TEST(test_type22_23)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("F030ot22N2P6aoQbhe4736L20000", 0, &m), 0);
    ck_assert_uint_eq(m.type, 22);
    ck_assert_uint_eq(m.type22.channel_a, 2087);
    ck_assert_uint_eq(m.type22.channel_b, 2088);
    ck_assert(!m.type22.addressed);
    ck_assert_int_eq(m.type22.ne_lon, -44100);
    ck_assert_int_eq(m.type22.sw_lat, 25400);
    ck_assert_ptr_nonnull(strstr(
        json_of(&m, 1, NULL), "\"ne_lon\":\"-73.500000\",\"ne_lat\":\"45.550000\",\"sw_lon\":\"-80."
                              "166667\",\"sw_lat\":\"42.333333\""));
    ck_assert_int_eq(decode_payload("F@@W>gOP00PH=JrN9l000?wB2HH;", 0, &m), 0);
    ck_assert(m.type22.addressed);
    ck_assert_uint_eq(m.type22.dest1, 28144881);
    ck_assert_uint_eq(m.type22.dest2, 268435519);
    ck_assert_int_eq(decode_payload("G02:Kn01R`sn@291nj600000900", 2, &m), 0);
    ck_assert_uint_eq(m.type, 23);
    ck_assert_uint_eq(m.type23.stationtype, 6);
    ck_assert_uint_eq(m.type23.interval, 9);
    ck_assert_ptr_nonnull(strstr(json_of(&m, 1, NULL), "\"stationtype_text\":\"Regional use and "
                                                       "inland waterways\""));
}
END_TEST

/* ---- round trip through the simulators' encoder (decode/ais_encode) ---- */

START_TEST(test_roundtrip_encoder)
{
    uint32_t seed = 777;
#define RND(bits) ((seed = seed * 1664525u + 1013904223u), (seed >> 8) & ((1u << (bits)) - 1))
    for (int i = 0; i < 2000; i++) {
        struct ais_msg in, out;
        uint8_t b[AIS_MSG_MAX_BYTES];
        size_t nbits = 0;
        memset(&in, 0, sizeof in);
        static const unsigned types[] = {1, 2, 3, 18, 27};
        in.type = types[i % 5];
        in.repeat = RND(2);
        in.mmsi = RND(24) * 37u % 1000000000u;
        switch (in.type) {
        case 18:
            in.type18.speed = RND(10);
            in.type18.accuracy = RND(1);
            in.type18.lon = (int)RND(27) - (1 << 26);
            in.type18.lat = (int)RND(26) - (1 << 25);
            in.type18.course = RND(12);
            in.type18.heading = RND(9);
            in.type18.second = RND(6);
            in.type18.cs = RND(1);
            in.type18.radio = RND(20);
            break;
        case 27:
            in.type27.status = RND(4);
            in.type27.lon = (int)RND(17) - (1 << 16);
            in.type27.lat = (int)RND(16) - (1 << 15);
            in.type27.speed = RND(6);
            in.type27.course = RND(9);
            in.type27.gnss = RND(1);
            break;
        default:
            in.type1.status = RND(4);
            in.type1.turn = (int)RND(8) - 128;
            in.type1.speed = RND(10);
            in.type1.lon = (int)RND(27) - (1 << 26);
            in.type1.lat = (int)RND(26) - (1 << 25);
            in.type1.course = RND(12);
            in.type1.heading = RND(9);
            in.type1.second = RND(6);
            in.type1.maneuver = RND(2);
            in.type1.raim = RND(1);
            in.type1.radio = RND(19);
            break;
        }
        ck_assert_int_eq(ais_encode_bits(&in, b, sizeof b, &nbits), 0);
        ck_assert_int_eq(ais_decode(b, nbits, &out), 0);
        ck_assert_uint_eq(out.type, in.type);
        ck_assert_uint_eq(out.repeat, in.repeat);
        ck_assert_uint_eq(out.mmsi, in.mmsi);
        if (in.type == 18) {
            ck_assert_int_eq(out.type18.lon, in.type18.lon);
            ck_assert_int_eq(out.type18.lat, in.type18.lat);
            ck_assert_uint_eq(out.type18.speed, in.type18.speed);
            ck_assert_uint_eq(out.type18.course, in.type18.course);
            ck_assert_uint_eq(out.type18.heading, in.type18.heading);
            ck_assert_uint_eq(out.type18.radio, in.type18.radio);
            ck_assert(out.type18.cs == in.type18.cs);
        } else if (in.type == 27) {
            ck_assert_int_eq(out.type27.lon, in.type27.lon);
            ck_assert_int_eq(out.type27.lat, in.type27.lat);
            ck_assert_uint_eq(out.type27.speed, in.type27.speed);
            ck_assert_uint_eq(out.type27.course, in.type27.course);
            ck_assert_uint_eq(out.type27.status, in.type27.status);
        } else {
            ck_assert_int_eq(out.type1.turn, in.type1.turn);
            ck_assert_int_eq(out.type1.lon, in.type1.lon);
            ck_assert_int_eq(out.type1.lat, in.type1.lat);
            ck_assert_uint_eq(out.type1.speed, in.type1.speed);
            ck_assert_uint_eq(out.type1.course, in.type1.course);
            ck_assert_uint_eq(out.type1.heading, in.type1.heading);
            ck_assert_uint_eq(out.type1.second, in.type1.second);
            ck_assert_uint_eq(out.type1.radio, in.type1.radio);
        }
    }
#undef RND
    /* text fields: trimming survives the '@' padding of the encoder */
    struct ais_msg in, out;
    uint8_t b[AIS_MSG_MAX_BYTES];
    size_t nbits;
    memset(&in, 0, sizeof in);
    in.type = 21;
    in.mmsi = 992351234;
    strcpy(in.type21.name, "NORTH PIER LIGHT HOUSE 7");
    ck_assert_int_eq(ais_encode_bits(&in, b, sizeof b, &nbits), 0);
    ck_assert_int_eq(ais_decode(b, nbits, &out), 0);
    ck_assert_str_eq(out.type21.name, "NORTH PIER LIGHT HOUSE 7");
    memset(&in, 0, sizeof in);
    in.type = 5;
    in.mmsi = 273456789;
    strcpy(in.type5.shipname, "VOLGA-BALT 2");
    strcpy(in.type5.callsign, "UBA3");
    strcpy(in.type5.destination, "ASTRAKHAN");
    in.type5.draught = 42;
    ck_assert_int_eq(ais_encode_bits(&in, b, sizeof b, &nbits), 0);
    ck_assert_int_eq(ais_decode(b, nbits, &out), 0);
    ck_assert_str_eq(out.type5.shipname, "VOLGA-BALT 2");
    ck_assert_str_eq(out.type5.callsign, "UBA3");
    ck_assert_str_eq(out.type5.destination, "ASTRAKHAN");
    ck_assert_uint_eq(out.type5.draught, 42);
}
END_TEST

/* ---- robustness ---- */

START_TEST(test_every_length_every_type)
{
    /* every type 0..63, every length 0..1100 bits, random payload bits:
     * never crashes, returns 0 or a negative code, and JSON/dump always fit */
    uint8_t b[160];
    uint32_t seed = 12345;
    struct ais_msg m;
    char out[8192];
    for (unsigned type = 0; type < 64; type++) {
        for (size_t nbits = 0; nbits <= 1100; nbits++) {
            for (size_t i = 0; i < sizeof b; i++) {
                seed = seed * 1103515245u + 12345u;
                b[i] = (uint8_t)(seed >> 16);
            }
            b[0] = (uint8_t)((type << 2) | (b[0] & 3));
            int r = ais_decode(b, nbits, &m);
            ck_assert_int_le(r, 0);
            if (r == 0) {
                ck_assert_uint_ge(m.type, 1);
                ck_assert_uint_le(m.type, 27);
                struct ais_json_opts o = {(int)(nbits & 1), "x"};
                ck_assert_int_gt(ais_json(&m, &o, out, sizeof out), 0);
                ck_assert_int_gt(ais_dump(&m, out, sizeof out), 0);
            } else {
                ck_assert(r == AISD_E_FORMAT || r == AISD_E_UNSUPPORTED);
            }
        }
    }
}
END_TEST

START_TEST(test_truncated_and_oversized)
{
    /* minimum lengths per type (gpsd's): one bit less is a format error */
    static const struct {
        unsigned type;
        size_t min, max; /* max 0: no upper bound below AIS_MSG_MAX_BITS */
    } lim[] = {
        {1, 163, 204},  {2, 163, 204},  {3, 163, 204}, {4, 168, 0},   {5, 420, 0},
        {6, 88, 1008},  {7, 72, 168},   {8, 56, 1008}, {9, 168, 0},   {10, 72, 0},
        {11, 168, 0},   {12, 72, 1008}, {13, 72, 168}, {14, 40, 960}, {15, 88, 168},
        {16, 96, 168},  {17, 80, 816},  {18, 168, 0},  {19, 312, 0},  {20, 72, 186},
        {21, 272, 368}, {22, 168, 0},   {23, 160, 0},  {25, 40, 168}, {26, 60, 1004},
    };
    uint8_t b[AIS_MSG_MAX_BYTES + 8];
    memset(b, 0, sizeof b);
    struct ais_msg m;
    for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
        b[0] = (uint8_t)(lim[i].type << 2);
        ck_assert_msg(ais_decode(b, lim[i].min, &m) == 0, "type %u at min", lim[i].type);
        ck_assert_msg(ais_decode(b, lim[i].min - 1, &m) == AISD_E_FORMAT, "type %u short",
                      lim[i].type);
        if (lim[i].max) {
            ck_assert_msg(ais_decode(b, lim[i].max, &m) == 0, "type %u at max", lim[i].type);
            ck_assert_msg(ais_decode(b, lim[i].max + 1, &m) == AISD_E_FORMAT, "type %u long",
                          lim[i].type);
        } else {
            ck_assert_msg(ais_decode(b, AIS_MSG_MAX_BITS, &m) == 0, "type %u oversized",
                          lim[i].type);
        }
    }
    /* type 24: part A 160..168, part B from 168, parts 2 and 3 unsupported */
    b[0] = 24 << 2;
    b[4] = 0x00; /* part 0 at bits 38-39 */
    ck_assert_int_eq(ais_decode(b, 160, &m), 0);
    ck_assert_int_eq(ais_decode(b, 159, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(b, 169, &m), AISD_E_FORMAT);
    b[4] = 0x01; /* part 1 */
    ck_assert_int_eq(ais_decode(b, 168, &m), 0);
    ck_assert_int_eq(ais_decode(b, 167, &m), AISD_E_FORMAT);
    b[4] = 0x02;
    ck_assert_int_eq(ais_decode(b, 168, &m), AISD_E_UNSUPPORTED);
    /* 25 and 26 too short for their addressing mode */
    b[0] = 25 << 2;
    b[4] = 0x03; /* addressed + structured: 86 bits of header */
    ck_assert_int_eq(ais_decode(b, 85, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(b, 86, &m), 0);
    ck_assert_uint_eq(m.type25.bitcount, 0);
    b[0] = 26 << 2;
    ck_assert_int_eq(ais_decode(b, 105, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(b, 106, &m), 0);
    /* headers too short, types outside 1..27, over the 5-slot limit, NULL */
    ck_assert_int_eq(ais_decode(b, 0, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(b, 37, &m), AISD_E_FORMAT);
    b[0] = 0;
    ck_assert_int_eq(ais_decode(b, 168, &m), AISD_E_UNSUPPORTED);
    b[0] = 28 << 2;
    ck_assert_int_eq(ais_decode(b, 168, &m), AISD_E_UNSUPPORTED);
    b[0] = 8 << 2;
    ck_assert_int_eq(ais_decode(b, AIS_MSG_MAX_BITS + 1, &m), AISD_E_FORMAT);
    ck_assert_int_eq(ais_decode(NULL, 168, &m), AISD_E_INVAL);
    ck_assert_int_eq(ais_decode(b, 168, NULL), AISD_E_INVAL);
    ck_assert_int_eq(ais_decode(NULL, 0, &m), AISD_E_FORMAT);
}
END_TEST

START_TEST(test_json_small_buffer)
{
    struct ais_msg m;
    ck_assert_int_eq(decode_payload("15RTgt0PAso;90TKcjM8h6g208CQ", 0, &m), 0);
    struct ais_json_opts o = {1, "stdin"};
    char big[1024];
    int full = ais_json(&m, &o, big, sizeof big);
    ck_assert_int_gt(full, 0);
    for (size_t len = 0; len <= (size_t)full; len++) {
        char buf[1024];
        memset(buf, 'Z', sizeof buf);
        ck_assert_int_eq(ais_json(&m, &o, buf, len), AISD_E_RANGE);
        if (len) ck_assert_uint_lt(strlen(buf), len); /* still terminated inside */
        ck_assert(buf[len] == 'Z' || len == 0);       /* nothing written past len */
    }
    ck_assert_int_eq(ais_json(&m, &o, big, (size_t)full + 1), full);
    ck_assert_int_eq(ais_json(NULL, &o, big, sizeof big), AISD_E_INVAL);
}
END_TEST

/* ---- jsonw ---- */

START_TEST(test_jsonw_basics)
{
    char buf[256];
    struct jsonw w;
    jsonw_init(&w, buf, sizeof buf);
    jsonw_obj_begin(&w, NULL);
    jsonw_uint(&w, "a", 0);
    jsonw_int(&w, "b", -42);
    jsonw_bool(&w, "c", true);
    jsonw_str(&w, "d", "q\"b\\s\n\x01\x7f");
    jsonw_arr_begin(&w, "e");
    jsonw_uint(&w, NULL, 1);
    jsonw_uint(&w, NULL, 2);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    ck_assert_int_eq(jsonw_finish(&w), (int)strlen(buf));
    ck_assert_str_eq(
        buf, "{\"a\":0,\"b\":-42,\"c\":true,\"d\":\"q\\\"b\\\\s\\n\\u0001\\u007f\",\"e\":[1,2]}");
}
END_TEST

START_TEST(test_jsonw_fixed)
{
    static const struct {
        int64_t num, den;
        unsigned dec;
        const char *want;
    } cases[] = {
        {-74037230, 600000, 7, "-123.3953833"},
        {22130260, 600000, 7, "36.8837667"},
        {108600000, 600000, 7, "181.0000000"},
        {123, 10, 1, "12.3"},
        {0, 10, 1, "0.0"},
        {-1, 600000, 4, "-0.0000"}, /* printf keeps the sign of a tiny negative */
        {5, 10, 0, "1"},            /* half away from zero */
        {-5, 10, 0, "-1"},
        {-44100, 600, 6, "-73.500000"},
        {-48100, 600, 6, "-80.166667"},
        {95, 1, 0, "95"},
        {999999, 1000000, 3, "1.000"}, /* carry into the integer part */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        struct jsonw w;
        jsonw_init(&w, buf, sizeof buf);
        jsonw_put_fixed(&w, cases[i].num, cases[i].den, cases[i].dec);
        ck_assert_str_eq(buf, cases[i].want);
    }
    char buf[16];
    struct jsonw w;
    jsonw_init(&w, buf, sizeof buf);
    jsonw_double(&w, NULL, 0.125, 2);
    ck_assert_str_eq(buf, "0.12"); /* printf rounding of the double */
}
END_TEST

START_TEST(test_jsonw_overflow)
{
    char buf[8];
    struct jsonw w;
    jsonw_init(&w, buf, sizeof buf);
    jsonw_str(&w, "key", "value");
    ck_assert_int_eq(jsonw_finish(&w), AISD_E_RANGE);
    ck_assert_uint_lt(strlen(buf), sizeof buf);
    jsonw_init(&w, buf, 0);
    jsonw_raw(&w, "x");
    ck_assert_int_eq(jsonw_finish(&w), AISD_E_RANGE);
}
END_TEST

/* The growing writer: starts empty, grows past any first size, resets. */
START_TEST(test_jsonw_grow)
{
    struct jsonw w;
    jsonw_init_grow(&w);
    ck_assert_ptr_null(w.buf);
    jsonw_arr_begin(&w, NULL);
    for (int i = 0; i < 1000; i++)
        jsonw_int(&w, NULL, i - 500);
    jsonw_arr_end(&w);
    int n = jsonw_finish(&w);
    ck_assert_int_gt(n, 4000);
    ck_assert_uint_eq(strlen(w.buf), (size_t)n);
    ck_assert(!strncmp(w.buf, "[-500,-499,", 11));
    ck_assert(!strcmp(w.buf + n - 9, ",498,499]"));
    jsonw_reset(&w);
    ck_assert_str_eq(w.buf, "");
    jsonw_obj_begin(&w, NULL);
    jsonw_uint(&w, "a", 1);
    jsonw_obj_end(&w);
    ck_assert_str_eq(w.buf, "{\"a\":1}");
    jsonw_free(&w);
    ck_assert_ptr_null(w.buf);
}
END_TEST

/* UTF-8 escaping keeps non-ASCII and DEL, escapes only quotes, backslashes
 * and control bytes; the gpsd escaping of the same text differs. */
START_TEST(test_jsonw_utf8_escaping)
{
    const char *s = "a\"b\\c\n\x01\x7f\xc3\xa9";
    char buf[64];
    struct jsonw w;
    jsonw_init(&w, buf, sizeof buf);
    jsonw_str_utf8(&w, "k", s);
    jsonw_str_utf8(&w, "n", NULL);
    ck_assert_str_eq(buf, "\"k\":\"a\\\"b\\\\c\\u000a\\u0001\x7f\xc3\xa9\",\"n\":null");
    jsonw_init(&w, buf, sizeof buf);
    jsonw_str(&w, NULL, s);
    ck_assert_str_eq(buf, "\"a\\\"b\\\\c\\n\\u0001\\u007f\\u00c3\\u00a9\"");
}
END_TEST

/* The reader's member lookup for display (aisctl sub): the first member of
 * that name anywhere, in the order of the text; strings unescaped, anything
 * else as written; text the writer escaped reads back as it was. */
START_TEST(test_jparse_find_and_text)
{
    char v[64];
    const char *js = "{\"seq\":3,\"nmea\":\"\\\\s:x*00\\\\!AIVDM\",\"frames\":{\"A\":1,\"B\":2.50},"
                     "\"x\":true,\"in\":[{\"y\":\"deep\"}],\"y\":\"top\"}";
    struct jparse_val *o = jparse(js, strlen(js), NULL, 0);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "seq"), v, sizeof v), 0);
    ck_assert_str_eq(v, "3");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "nmea"), v, sizeof v), 0);
    ck_assert_str_eq(v, "\\s:x*00\\!AIVDM");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "frames"), v, sizeof v), 0);
    ck_assert_str_eq(v, "{\"A\":1,\"B\":2.50}");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "B"), v, sizeof v), 0);
    ck_assert_str_eq(v, "2.50");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "x"), v, sizeof v), 0);
    ck_assert_str_eq(v, "true");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "y"), v, sizeof v), 0);
    ck_assert_str_eq(v, "deep");
    ck_assert_str_eq(jparse_str(o, "y"), "top");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "frames"), v, 6), 0);
    ck_assert_str_eq(v, "{\"A\":");
    ck_assert_int_eq(jparse_text(js, jparse_find(o, "nope"), v, sizeof v), -1);
    jparse_free(o);

    char buf[128];
    struct jsonw w;
    jsonw_init(&w, buf, sizeof buf);
    jsonw_put_char(&w, '{');
    jsonw_str_utf8(&w, "k", "a\"b\\c\n\x01\xc3\xa9");
    jsonw_str(&w, "g", "d\te\xc3\xa9");
    jsonw_put_char(&w, '}');
    o = jparse(buf, strlen(buf), NULL, 0);
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(jparse_str(o, "k"), "a\"b\\c\n\x01\xc3\xa9");
    ck_assert_str_eq(jparse_str(o, "g"),
                     "d\te\xc3\x83\xc2\xa9"); /* gpsd style: each byte as \u00XX */
    jparse_free(o);
}
END_TEST

START_TEST(test_jsonw_trimmed_and_time)
{
    static const struct {
        double v;
        unsigned dec;
        const char *want;
    } cases[] = {
        {1.5, 3, "1.5"},    {2.0, 3, "2"},         {-0.0001, 2, "0"},
        {-1.25, 1, "-1.2"}, {100.0, 0, "100"},     {0.000, 6, "0"},
        {NAN, 2, "null"},   {INFINITY, 1, "null"}, {12.345678, 6, "12.345678"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        struct jsonw w;
        jsonw_init(&w, buf, sizeof buf);
        jsonw_put_trimmed(&w, cases[i].v, cases[i].dec);
        ck_assert_str_eq(buf, cases[i].want);
    }
    /* the largest double with many decimals: written in full, not cut at a fixed size */
    struct jsonw w;
    jsonw_init_grow(&w);
    jsonw_put_trimmed(&w, -DBL_MAX, 9);
    ck_assert_int_eq(jsonw_finish(&w), 310);
    ck_assert(!strncmp(w.buf, "-17976931348623157", 18));
    jsonw_free(&w);
    char t[32];
    /* put_double: fixed decimals, null where JSON has no number, large values whole */
    char d[64];
    jsonw_init(&w, d, sizeof d);
    jsonw_put_double(&w, 2.0, 2);
    jsonw_rawn(&w, ",", 1);
    jsonw_put_double(&w, NAN, 1);
    jsonw_rawn(&w, ",", 1);
    jsonw_put_double(&w, -INFINITY, 1);
    ck_assert_str_eq(d, "2.00,null,null");
    jsonw_init_grow(&w);
    jsonw_put_double(&w, 1e300, 1);
    ck_assert_int_eq(jsonw_finish(&w), 303);
    jsonw_free(&w);
    jsonw_format_utc_ms(1700000000.2506, t);
    ck_assert_str_eq(t, "2023-11-14T22:13:20.251Z");
    jsonw_format_utc_ms(1700000000.9996, t);
    ck_assert_str_eq(t, "2023-11-14T22:13:21.000Z");
    jsonw_format_utc_ms(NAN, t);
    ck_assert_str_eq(t, "1970-01-01T00:00:00.000Z");
}
END_TEST

static Suite *messages_suite(void)
{
    Suite *s = suite_create("messages");
    TCase *tc = tcase_create("bits");
    tcase_add_test(tc, test_bits_fields);
    tcase_add_test(tc, test_bits_nbits_masks_within_byte);
    tcase_add_test(tc, test_bits_wide);
    tcase_add_test(tc, test_text_trimming);
    suite_add_tcase(s, tc);

    tc = tcase_create("positions");
    tcase_add_test(tc, test_type1);
    tcase_add_test(tc, test_type1_turn_and_status_legends);
    tcase_add_test(tc, test_scaled_legends_not_in_corpus);
    tcase_add_test(tc, test_type4_base_station);
    tcase_add_test(tc, test_type18_19_classb);
    tcase_add_test(tc, test_type27_long_range);
    tcase_add_test(tc, test_type9_10_11);
    suite_add_tcase(s, tc);

    tc = tcase_create("static");
    tcase_add_test(tc, test_type5_static);
    tcase_add_test(tc, test_type5_short_lengths);
    tcase_add_test(tc, test_type24_pairing);
    tcase_add_test(tc, test_type24_auxiliary);
    tcase_add_test(tc, test_type21_name_extension);
    suite_add_tcase(s, tc);

    tc = tcase_create("binary");
    tcase_add_test(tc, test_type6_8_header_and_raw);
    tcase_add_test(tc, test_type17_25_26);
    suite_add_tcase(s, tc);

    tc = tcase_create("management");
    tcase_add_test(tc, test_type7_13_acks);
    tcase_add_test(tc, test_type12_14_text);
    tcase_add_test(tc, test_type15_16_20);
    tcase_add_test(tc, test_type22_23);
    suite_add_tcase(s, tc);

    tc = tcase_create("roundtrip");
    tcase_add_test(tc, test_roundtrip_encoder);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_length_every_type);
    tcase_add_test(tc, test_truncated_and_oversized);
    tcase_add_test(tc, test_json_small_buffer);
    suite_add_tcase(s, tc);

    tc = tcase_create("jsonw");
    tcase_add_test(tc, test_jsonw_basics);
    tcase_add_test(tc, test_jsonw_fixed);
    tcase_add_test(tc, test_jsonw_overflow);
    tcase_add_test(tc, test_jsonw_grow);
    tcase_add_test(tc, test_jsonw_utf8_escaping);
    tcase_add_test(tc, test_jsonw_trimmed_and_time);
    tcase_add_test(tc, test_jparse_find_and_text);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(messages_suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
