/* check_nmea.c: the NMEA layer: six-bit armour, tag blocks, sentence
 * validation, multi-sentence reassembly, the encoder (round trips through the
 * parser), the bounded line reader, robustness against corrupt input, and
 * `aisctl decode` run as a real process. */
#include "decode/armour.h"
#include "decode/err.h"
#include "decode/nmea.h"
#include "decode/nmea_encode.h"
#include "decode/nmea_reader.h"
#include "decode/nmea_sentence.h"
#include "decode/nmea_tag.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Message bit i (MSB first) as an unsigned field of width w at position pos. */
static unsigned long bits_at(const uint8_t *b, size_t pos, unsigned w)
{
    unsigned long v = 0;
    for (unsigned i = 0; i < w; i++)
        v = v << 1 | ((b[(pos + i) >> 3] >> (7 - ((pos + i) & 7))) & 1);
    return v;
}

/* A checksummed sentence from its body (between '!' and '*'). */
static void make_sentence(char *out, size_t max, const char *body)
{
    unsigned sum = 0;
    for (const char *p = body; *p; p++)
        sum ^= (unsigned char)*p;
    snprintf(out, max, "!%s*%02X", body, sum);
}

static struct nmea *new_parser(void)
{
    struct nmea_config c = nmea_config_default();
    struct nmea *p = nmea_create(&c);
    ck_assert_ptr_nonnull(p);
    return p;
}

static int push(struct nmea *p, const char *line, struct nmea_msg *m, enum nmea_reason *why)
{
    return nmea_push_line(p, line, strlen(line), 0, m, why);
}

/* ---- armour ---- */

START_TEST(armour_alphabet)
{
    for (unsigned v = 0; v < 64; v++)
        ck_assert_int_eq(armour_value((unsigned char)armour_char(v)), (int)v);
    int valid = 0;
    for (int c = 0; c < 256; c++)
        valid += armour_value((unsigned char)c) >= 0;
    ck_assert_int_eq(valid, 64);
    ck_assert_int_eq(armour_value('X'), -1);
    ck_assert_int_eq(armour_value('_'), -1);
    ck_assert_int_eq(armour_value('x'), -1);
}
END_TEST

START_TEST(armour_known_message)
{
    /* gpsd's sample.aivdm, first sentence: type 1, MMSI 371798000, heading 215
     * (values from gpsd's expected output). */
    const char *pl = "15RTgt0PAso;90TKcjM8h6g208CQ";
    uint8_t b[32];
    size_t nbits = 0;
    ck_assert_int_eq(armour_decode(pl, strlen(pl), 0, b, sizeof b, &nbits), 0);
    ck_assert_uint_eq(nbits, 168);
    ck_assert_uint_eq(bits_at(b, 0, 6), 1);
    ck_assert_uint_eq(bits_at(b, 8, 30), 371798000);
    ck_assert_uint_eq(bits_at(b, 128, 9), 215);
    char back[64];
    unsigned fill = 9;
    ck_assert_uint_eq(armour_encode(b, nbits, back, sizeof back, &fill), strlen(pl));
    ck_assert_str_eq(back, pl);
    ck_assert_uint_eq(fill, 0);
}
END_TEST

START_TEST(armour_rejects)
{
    uint8_t b[64];
    size_t n;
    ck_assert_int_eq(armour_decode("15RT X", 6, 0, b, sizeof b, &n), AISD_E_FORMAT);
    ck_assert_int_eq(armour_decode("15RTx", 5, 0, b, sizeof b, &n), AISD_E_FORMAT);
    ck_assert_int_eq(armour_decode("15R\0T", 5, 0, b, sizeof b, &n), AISD_E_FORMAT);
    ck_assert_int_eq(armour_decode("15R\xc3T", 5, 0, b, sizeof b, &n), AISD_E_FORMAT);
    ck_assert_int_eq(armour_decode("15RT", 4, 6, b, sizeof b, &n), AISD_E_RANGE);
    ck_assert_int_eq(armour_decode("1", 1, 6, b, sizeof b, &n), AISD_E_RANGE);
    ck_assert_int_eq(armour_decode("", 0, 2, b, sizeof b, &n), AISD_E_RANGE);
    ck_assert_int_eq(armour_decode("0000000000000000", 16, 0, b, 11, &n), AISD_E_NOMEM);
    ck_assert_int_eq(armour_decode("", 0, 0, b, sizeof b, &n), 0);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(armour_pad_bits_cleared)
{
    /* 'w' is all ones: with 4 fill bits only the first 2 bits survive. */
    uint8_t b[4] = {0xAA, 0xAA, 0xAA, 0xAA};
    size_t n;
    ck_assert_int_eq(armour_decode("ww", 2, 4, b, sizeof b, &n), 0);
    ck_assert_uint_eq(n, 8);
    ck_assert_uint_eq(b[0], 0xFF);
    ck_assert_uint_eq(b[1], 0xAA); /* only (nbits + 7) / 8 bytes are written */
    ck_assert_int_eq(armour_decode("www", 3, 2, b, sizeof b, &n), 0);
    ck_assert_uint_eq(n, 16);
    ck_assert_uint_eq(b[1], 0xFF);
    ck_assert_int_eq(armour_decode("www", 3, 5, b, sizeof b, &n), 0);
    ck_assert_uint_eq(n, 13);
    ck_assert_uint_eq(b[1], 0xF8);
}
END_TEST

START_TEST(armour_roundtrip_random)
{
    uint32_t seed = 0x1234567u + (uint32_t)_i;
    for (size_t nbits = 1; nbits <= NMEA_MAX_BITS; nbits += 1 + (size_t)_i) {
        uint8_t in[NMEA_MAX_BYTES], out[NMEA_MAX_BYTES];
        for (size_t k = 0; k < sizeof in; k++)
            in[k] = (uint8_t)rng_next(&seed);
        char arm[256];
        unsigned fill;
        size_t nch = armour_encode(in, nbits, arm, sizeof arm, &fill);
        ck_assert_uint_eq(nch, (nbits + 5) / 6);
        ck_assert_uint_eq(6 * nch - fill, nbits);
        size_t got;
        ck_assert_int_eq(armour_decode(arm, nch, fill, out, sizeof out, &got), 0);
        ck_assert_uint_eq(got, nbits);
        for (size_t i = 0; i < nbits; i++)
            ck_assert_uint_eq(bits_at(out, i, 1), bits_at(in, i, 1));
        for (size_t i = nbits; i < 8 * ((nbits + 7) / 8); i++)
            ck_assert_uint_eq(bits_at(out, i, 1), 0);
    }
    char small[4];
    uint8_t z[8] = {0};
    ck_assert_uint_eq(armour_encode(z, 24, small, sizeof small, NULL), 0);
    ck_assert_uint_eq(armour_encode(z, 0, small, sizeof small, NULL), 0);
}
END_TEST

/* ---- tag blocks ---- */

START_TEST(tag_parse_fields)
{
    /* libais tagblock.nmea: checksum 0x37 as written by ORBCOMM. */
    const char *tb = "g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37";
    struct nmea_tag t;
    ck_assert_int_eq(nmea_tag_parse(tb, strlen(tb), &t), 0);
    ck_assert_uint_eq(t.fields, NMEA_TAG_GROUP | NMEA_TAG_SOURCE | NMEA_TAG_TIME);
    ck_assert_uint_eq(t.group_sentence, 1);
    ck_assert_uint_eq(t.group_count, 2);
    ck_assert_uint_eq(t.group_id, 1604);
    ck_assert_str_eq(t.source, "rORBCOMM008");
    ck_assert_int_eq(t.time_ms, 1418169601000ll);
    ck_assert_int_eq(t.time_was_ms, 0);
    ck_assert_uint_eq(t.unknown, 1);

    char buf[128];
    snprintf(buf, sizeof buf, "c:1418169601123,n:42,d:X1,r:-5,t:hello");
    unsigned sum = 0;
    for (char *q = buf; *q; q++)
        sum ^= (unsigned char)*q;
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "*%02x", sum);
    ck_assert_int_eq(nmea_tag_parse(buf, strlen(buf), &t), 0);
    ck_assert_int_eq(t.time_ms, 1418169601123ll);
    ck_assert_int_eq(t.time_was_ms, 1);
    ck_assert_uint_eq(t.line, 42);
    ck_assert_str_eq(t.dest, "X1");
    ck_assert_int_eq(t.rel, -5);
    ck_assert_str_eq(t.text, "hello");
}
END_TEST

START_TEST(tag_parse_rejects)
{
    struct nmea_tag t;
    /* pyais mixed.txt: a one-digit checksum that does not match. */
    const char *bad = "g:1-2-73874,n:157036,s:r003669945,c:12415440354*A";
    ck_assert_int_eq(nmea_tag_parse(bad, strlen(bad), &t), AISD_E_CHECKSUM);
    ck_assert_int_eq(nmea_tag_parse("c:1000", 6, &t), AISD_E_CHECKSUM);
    ck_assert_int_eq(nmea_tag_parse("c:1000*00", 9, &t), AISD_E_CHECKSUM);
    const char *forms[] = {"g:2-1-5", "g:1-2", "g:x-2-3", "c:12ab", "n:", "c:1.", "q", ""};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char buf[64];
        unsigned sum = 0;
        for (const char *q = forms[i]; *q; q++)
            sum ^= (unsigned char)*q;
        snprintf(buf, sizeof buf, "%s*%02X", forms[i], sum);
        ck_assert_msg(nmea_tag_parse(buf, strlen(buf), &t) == AISD_E_FORMAT, "%s", buf);
    }
    char big[NMEA_TAG_MAX_LEN + 10];
    memset(big, 'a', sizeof big);
    ck_assert_int_eq(nmea_tag_parse(big, sizeof big, &t), AISD_E_RANGE);
}
END_TEST

START_TEST(tag_format_roundtrip)
{
    struct nmea_tag t, u;
    memset(&t, 0, sizeof t);
    t.fields = NMEA_TAG_TIME | NMEA_TAG_SOURCE | NMEA_TAG_GROUP | NMEA_TAG_LINE;
    t.time_ms = 1700000000123ll;
    strcpy(t.source, "aisd01");
    t.group_sentence = 2;
    t.group_count = 3;
    t.group_id = 77;
    t.line = 9;
    char buf[256];
    size_t n = nmea_tag_format(&t, buf, sizeof buf);
    ck_assert_uint_gt(n, 4);
    ck_assert_uint_eq(strlen(buf), n);
    ck_assert_int_eq(buf[0], '\\');
    ck_assert_int_eq(buf[n - 1], '\\');
    ck_assert_int_eq(nmea_tag_parse(buf + 1, n - 2, &u), 0);
    ck_assert_uint_eq(u.fields, t.fields);
    ck_assert_int_eq(u.time_ms, t.time_ms);
    ck_assert_str_eq(u.source, "aisd01");
    ck_assert_uint_eq(u.group_id, 77);
    ck_assert_uint_eq(u.line, 9);
    /* Whole seconds are written in seconds. */
    t.time_ms = 1700000000000ll;
    n = nmea_tag_format(&t, buf, sizeof buf);
    ck_assert_ptr_nonnull(strstr(buf, "c:1700000000*") ? buf : strstr(buf, "c:1700000000,"));
    /* Delimiters in a string field are refused, as is a too small buffer. */
    strcpy(t.source, "a,b");
    ck_assert_uint_eq(nmea_tag_format(&t, buf, sizeof buf), 0);
    strcpy(t.source, "ab");
    ck_assert_uint_eq(nmea_tag_format(&t, buf, 12), 0);
}
END_TEST

/* ---- sentences ---- */

START_TEST(sentence_fields)
{
    struct nmea_sentence s;
    const char *ok = "!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,"
                     "0*74\r\n";
    ck_assert_int_eq(nmea_sentence_parse(ok, strlen(ok), &s), NMEA_OK);
    ck_assert_str_eq(s.talker, "AI");
    ck_assert_int_eq(s.vdo, 0);
    ck_assert_uint_eq(s.count, 2);
    ck_assert_uint_eq(s.number, 1);
    ck_assert_int_eq(s.seqid, 7);
    ck_assert_int_eq(s.channel, 'B');
    ck_assert_uint_eq(s.payload_len, 60);
    ck_assert_uint_eq(s.fill, 0);
    ck_assert_int_eq(s.has_tag, 0);

    static const struct {
        const char *body; /* checksummed by the test unless it has a '*' */
        enum nmea_reason want;
    } cases[] = {
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_OK},
        {"BSVDO,1,1,,,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_OK},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*00", NMEA_R_CHECKSUM},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*G1", NMEA_R_NO_CHECKSUM},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_OK},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ", NMEA_R_FIELDS},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0,0", NMEA_R_FIELDS},
        {"AIVDM,0,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_R_FIELDS},
        {"AIVDM,1,2,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_R_FIELDS},
        {"AIVDM,10,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_R_FIELDS},
        {"AIVDM,2,1,12,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_R_FIELDS},
        {"AIVDM,1,1,,AB,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_R_FIELDS},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,6", NMEA_R_FILL},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,", NMEA_R_FILL},
        {"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,x", NMEA_R_FILL},
        {"AIVDM,1,1,,A,,0", NMEA_R_EMPTY},
        {"AIVDM,1,1,,A,1,5", NMEA_OK},
        {"AIVDM,1,1,,A,1,6", NMEA_R_FILL},
        {"GPGGA,184353.07,1929.045,S,02410.506,E,1,04,2.6,100.00,M,-33.9,M,,0000", NMEA_R_NOT_AIS},
        {"AIALR,173545.76,037,V,V,AIS: Frame synchronisation failure", NMEA_R_NOT_AIS},
        {"AIVDX,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", NMEA_R_NOT_AIS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char line[256];
        if (strchr(cases[i].body, '*'))
            snprintf(line, sizeof line, "!%s", cases[i].body);
        else
            make_sentence(line, sizeof line, cases[i].body);
        enum nmea_reason r = nmea_sentence_parse(line, strlen(line), &s);
        ck_assert_msg(r == cases[i].want, "%s: got %s want %s", line, nmea_reason_name(r),
                      nmea_reason_name(cases[i].want));
    }
    static const struct {
        const char *line;
        enum nmea_reason want;
    } raw[] = {
        {"", NMEA_R_BLANK},
        {"   \r\n", NMEA_R_BLANK},
        {"# comment", NMEA_R_BLANK},
        {"foobar", NMEA_R_NOT_NMEA},
        {"IamNotAnAisMessage1111", NMEA_R_NOT_NMEA},
        {"AIVDM,2,2,1,B,00000000000,2*26", NMEA_R_NO_START},
        {"\\g:1-2-73874*A\\!AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F", NMEA_R_TAG_CHECKSUM},
        {"\\s:x*00!AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F", NMEA_R_TAG_FORMAT},
        {"!AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F\\x0d\\x0a", NMEA_OK},
        {"1577836800.25 !AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F", NMEA_OK},
        {"2020-01-01 00:00:00;!AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F", NMEA_OK},
        {"text ! AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F", NMEA_R_NOT_NMEA},
        {"text !AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2E", NMEA_R_CHECKSUM},
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        enum nmea_reason r = nmea_sentence_parse(raw[i].line, strlen(raw[i].line), &s);
        ck_assert_msg(r == raw[i].want, "%s: got %s want %s", raw[i].line, nmea_reason_name(r),
                      nmea_reason_name(raw[i].want));
    }
}
END_TEST

START_TEST(sentence_decorations)
{
    struct nmea_sentence s;
    /* USCG N-AIS (noaadata test.ais): station and receive time after the checksum. */
    const char *uscg = "!AIVDM,1,1,,B,18154?h01uJDDGH>q0<7fV7400S9,0*57,x259906,s28320,d-098,"
                       "T33.71033565,r003669973,1152921694";
    ck_assert_int_eq(nmea_sentence_parse(uscg, strlen(uscg), &s), NMEA_OK);
    ck_assert_int_eq(s.has_suffix_time, 1);
    ck_assert_int_eq(s.suffix_time_ms, 1152921694000ll);
    ck_assert_str_eq(s.station, "r003669973");
    int64_t t;
    const char *pghp = "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17";
    ck_assert_int_eq(nmea_sentence_pghp(pghp, strlen(pghp), &t), 1);
    /* 2008-05-09T00:00:00.010Z */
    ck_assert_int_eq(t, 1210291200010ll);
    const char *badpghp = "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*18";
    ck_assert_int_eq(nmea_sentence_pghp(badpghp, strlen(badpghp), &t), 0);
}
END_TEST

/* ---- the parser with reassembly ---- */

START_TEST(parser_message_times)
{
    struct nmea *p = new_parser();
    struct nmea_msg m;
    enum nmea_reason why;
    ck_assert_int_eq(push(p, "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17", &m, &why), 0);
    ck_assert_int_eq(why, NMEA_R_NOT_AIS);
    ck_assert_int_eq(push(p, "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09", &m, &why), 1);
    ck_assert_int_eq(m.has_time, 1);
    ck_assert_int_eq(m.time_ms, 1210291200010ll);
    /* The $PGHP time is for one sentence only. */
    ck_assert_int_eq(push(p, "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09", &m, &why), 1);
    ck_assert_int_eq(m.has_time, 0);
    const char *tb = "\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\!AIVDM,1,1,,B,"
                     "13F?Vv700<DJuLEtvep`iToV0<00,0*78";
    ck_assert_int_eq(push(p, tb, &m, &why), 1);
    ck_assert_int_eq(m.has_tag, 1);
    ck_assert_int_eq(m.has_time, 1);
    ck_assert_int_eq(m.time_ms, 1418172113000ll);
    ck_assert_str_eq(m.station, "rORBCOMM104");
    ck_assert_uint_eq(bits_at(m.bytes, 8, 30), 224651000); /* libais tagblock.json */
    nmea_destroy(p);
}
END_TEST

START_TEST(parser_interleaved_fragments)
{
    /* Two 2-part messages, fragments interleaved across channels, plus a
     * single-sentence one in between: both complete with the right bits. */
    const char *a1 =
        "!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74";
    const char *a2 = "!AIVDM,2,2,7,B,Q1C`8888880,2*63";
    const char *b1 =
        "!AIVDM,2,1,9,A,53<@V;@220A8E8qF2204hU`F2222222222222216000004I1093SmSlSlljF,0*68";
    const char *b2 = "!AIVDM,2,2,9,A,DjvlUDlj@H0,2*06";
    const char *single = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
    struct nmea *p = new_parser();
    struct nmea_msg m;
    enum nmea_reason why;
    ck_assert_int_eq(push(p, a1, &m, &why), 0);
    ck_assert_int_eq(push(p, b1, &m, &why), 0);
    ck_assert_int_eq(push(p, single, &m, &why), 1);
    ck_assert_uint_eq(m.nbits, 168);
    ck_assert_int_eq(push(p, a2, &m, &why), 1);
    ck_assert_uint_eq(m.nbits, 60 * 6 + 11 * 6 - 2);
    ck_assert_uint_eq(m.nsentences, 2);
    ck_assert_int_eq(m.channel, 'B');
    ck_assert_uint_eq(bits_at(m.bytes, 0, 6), 5);
    ck_assert_uint_eq(bits_at(m.bytes, 8, 30), 244660390); /* gpsd ais_unpack_sixbit.log.chk */
    /* The bits equal the two payloads de-armoured end to end. */
    char joined[80];
    snprintf(joined, sizeof joined, "%s%s",
             "53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD", "Q1C`8888880");
    uint8_t ref[NMEA_MAX_BYTES];
    size_t nref;
    ck_assert_int_eq(armour_decode(joined, strlen(joined), 2, ref, sizeof ref, &nref), 0);
    ck_assert_uint_eq(nref, m.nbits);
    ck_assert_mem_eq(ref, m.bytes, (nref + 7) / 8);
    ck_assert_int_eq(push(p, b2, &m, &why), 1);
    ck_assert_int_eq(m.channel, 'A');
    ck_assert_uint_eq(bits_at(m.bytes, 8, 30), 214181421); /* gpsd ais_unpack_sixbit.log.chk */
    const struct nmea_stats *st = nmea_get_stats(p);
    ck_assert_uint_eq(st->messages, 3);
    ck_assert_uint_eq(st->sentences, 5);
    nmea_destroy(p);
}
END_TEST

START_TEST(parser_lost_and_duplicate_fragments)
{
    const char *f1 =
        "!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74";
    const char *f2 = "!AIVDM,2,2,7,B,Q1C`8888880,2*63";
    struct nmea *p = new_parser();
    struct nmea_msg m;
    enum nmea_reason why;
    /* A lone second fragment. */
    ck_assert_int_eq(push(p, f2, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_ORPHAN);
    /* A lone first fragment, then the same first fragment again: the first
     * partial is dropped as incomplete, the second completes. */
    ck_assert_int_eq(push(p, f1, &m, &why), 0);
    ck_assert_int_eq(push(p, f1, &m, &why), 0);
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_INCOMPLETE], 1);
    ck_assert_int_eq(push(p, f2, &m, &why), 1);
    /* The last fragment again: a duplicate, not a message. */
    ck_assert_int_eq(push(p, f2, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_DUPLICATE);
    /* 3-part message with part 2 lost: part 3 is an orphan, partial dropped. */
    char l1[128], l2[128], l3[128];
    make_sentence(l1, sizeof l1,
                  "AIVDM,3,1,4,A,55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@,0");
    make_sentence(l2, sizeof l2,
                  "AIVDM,3,2,4,A,00000000000000000000000000000000000000000000000000000000,0");
    make_sentence(l3, sizeof l3, "AIVDM,3,3,4,A,0000,2");
    ck_assert_int_eq(push(p, l1, &m, &why), 0);
    ck_assert_int_eq(push(p, l3, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_ORPHAN);
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_INCOMPLETE], 2);
    /* In order it completes; a repeated middle fragment is a duplicate. */
    ck_assert_int_eq(push(p, l1, &m, &why), 0);
    ck_assert_int_eq(push(p, l2, &m, &why), 0);
    ck_assert_int_eq(push(p, l2, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_DUPLICATE);
    ck_assert_int_eq(push(p, l3, &m, &why), 1);
    ck_assert_uint_eq(m.nbits, (60 + 56 + 4) * 6 - 2);
    ck_assert_uint_eq(m.nsentences, 3);
    nmea_destroy(p);
}
END_TEST

START_TEST(parser_timeout_and_eviction)
{
    struct nmea_config c = nmea_config_default();
    c.slots = 2;
    c.timeout_ms = 1000;
    c.timeout_sentences = 0;
    struct nmea *p = nmea_create(&c);
    ck_assert_ptr_nonnull(p);
    struct nmea_msg m;
    enum nmea_reason why;
    char f1[128], f2[128];
    make_sentence(f1, sizeof f1,
                  "AIVDM,2,1,1,A,55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@,0");
    make_sentence(f2, sizeof f2, "AIVDM,2,2,1,A,0000,2");
    ck_assert_int_eq(nmea_push_line(p, f1, strlen(f1), 0, &m, &why), 0);
    /* Late second fragment: the first timed out; this one is an orphan. */
    ck_assert_int_eq(nmea_push_line(p, f2, strlen(f2), 5000, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_ORPHAN);
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_TIMEOUT], 1);
    /* In time it completes. */
    ck_assert_int_eq(nmea_push_line(p, f1, strlen(f1), 6000, &m, &why), 0);
    ck_assert_int_eq(nmea_push_line(p, f2, strlen(f2), 6500, &m, &why), 1);
    /* Three partials with two slots: the oldest is evicted. */
    for (int k = 0; k < 3; k++) {
        char body[128], line[140];
        snprintf(body, sizeof body,
                 "AIVDM,2,1,%d,B,55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@,0",
                 k);
        make_sentence(line, sizeof line, body);
        ck_assert_int_eq(nmea_push_line(p, line, strlen(line), 7000, &m, &why), 0);
    }
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_EVICTED], 1);
    nmea_flush(p);
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_INCOMPLETE], 2);
    nmea_destroy(p);
    nmea_destroy(NULL);
    c.slots = 0;
    ck_assert_ptr_null(nmea_create(&c));
}
END_TEST

/* ---- encoder ---- */

START_TEST(encode_roundtrip)
{
    uint32_t seed = 99u + (uint32_t)_i;
    struct nmea *p = new_parser();
    struct nmea_encoder_config ec = nmea_encoder_config_default();
    ec.tag_time = _i & 1;
    ec.tag_line = _i & 1;
    if (_i & 1) strcpy(ec.station, "aisd-test");
    struct nmea_encoder *e = nmea_encoder_create(&ec);
    ck_assert_ptr_nonnull(e);
    for (size_t nbits = 6 + (size_t)_i; nbits <= NMEA_MAX_BITS; nbits += 7) {
        uint8_t in[NMEA_MAX_BYTES];
        for (size_t k = 0; k < sizeof in; k++)
            in[k] = (uint8_t)rng_next(&seed);
        char out[NMEA_ENCODE_OUT_MAX];
        unsigned ns = 0;
        char chan = (nbits & 1) ? 'A' : 'B';
        int64_t t = 1700000000000ll + (int64_t)nbits;
        int n = nmea_encoder_encode(e, in, nbits, chan, t, out, sizeof out, &ns);
        ck_assert_int_gt(n, 0);
        ck_assert_uint_eq(strlen(out), (size_t)n);
        size_t nch = (nbits + 5) / 6;
        ck_assert_uint_eq(ns, nch <= 61 ? 1 : (nch + 59) / 60);
        /* Feed line by line; every sentence fits in 82 characters. */
        int got = 0;
        char *line = out;
        for (unsigned k = 0; k < ns; k++) {
            char *crlf = strstr(line, "\r\n");
            ck_assert_ptr_nonnull(crlf);
            const char *bang = strchr(line, '!');
            ck_assert_ptr_nonnull(bang);
            ck_assert_int_le(crlf + 2 - bang, NMEA_SENTENCE_MAX);
            struct nmea_msg m;
            enum nmea_reason why;
            int r = nmea_push_line(p, line, (size_t)(crlf + 2 - line), 0, &m, &why);
            ck_assert_msg(r >= 0, "%.*s: %s", (int)(crlf - line), line, nmea_reason_name(why));
            if (r == 1) {
                got = 1;
                ck_assert_uint_eq(k + 1, ns);
                ck_assert_uint_eq(m.nbits, nbits);
                for (size_t i = 0; i < nbits; i++)
                    ck_assert_uint_eq(bits_at(m.bytes, i, 1), bits_at(in, i, 1));
                ck_assert_int_eq(m.channel, chan);
                ck_assert_uint_eq(m.nsentences, ns);
                if (_i & 1) {
                    ck_assert_int_eq(m.has_time, 1);
                    ck_assert_int_eq(m.time_ms, t);
                    ck_assert_str_eq(m.station, "aisd-test");
                    if (ns > 1) ck_assert(m.tag.fields & NMEA_TAG_GROUP);
                } else {
                    ck_assert_int_eq(m.has_tag, 0);
                }
            }
            line = crlf + 2;
        }
        ck_assert_int_eq(got, 1);
        ck_assert_int_eq(*line, '\0');
    }
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_DUPLICATE], 0);
    nmea_encoder_destroy(e);
    nmea_destroy(p);
}
END_TEST

START_TEST(encode_known_and_errors)
{
    /* The sample.aivdm sentence back from its bits, byte for byte. */
    uint8_t b[32];
    size_t nbits;
    ck_assert_int_eq(armour_decode("15RTgt0PAso;90TKcjM8h6g208CQ", 28, 0, b, sizeof b, &nbits), 0);
    struct nmea_encode_opts o = {.talker = "AI", .channel = 'A', .seqid = 0};
    char out[256];
    unsigned ns;
    int n = nmea_encode(b, nbits, &o, out, sizeof out, &ns);
    ck_assert_int_gt(n, 0);
    ck_assert_str_eq(out, "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n");
    o.vdo = 1;
    o.talker = "BS";
    ck_assert_int_gt(nmea_encode(b, nbits, &o, out, sizeof out, &ns), 0);
    ck_assert_int_eq(strncmp(out, "!BSVDO,", 7), 0);
    ck_assert_int_eq(nmea_encode(b, nbits, &o, out, 20, &ns), AISD_E_RANGE);
    o.seqid = 10;
    ck_assert_int_eq(nmea_encode(b, nbits, &o, out, sizeof out, &ns), AISD_E_INVAL);
    o.seqid = 0;
    o.talker = "a";
    ck_assert_int_eq(nmea_encode(b, nbits, &o, out, sizeof out, &ns), AISD_E_INVAL);
    o.talker = NULL;
    ck_assert_int_eq(nmea_encode(b, 0, &o, out, sizeof out, &ns), AISD_E_INVAL);
    struct nmea_encoder_config ec = nmea_encoder_config_default();
    strcpy(ec.station, "bad*station");
    ck_assert_ptr_null(nmea_encoder_create(&ec));
    ec.talker = "aI";
    ck_assert_ptr_null(nmea_encoder_create(&ec));
    nmea_encoder_destroy(NULL);
}
END_TEST

START_TEST(encode_sequence_ids_roll)
{
    struct nmea_encoder *e = nmea_encoder_create(NULL);
    ck_assert_ptr_nonnull(e);
    uint8_t b[NMEA_MAX_BYTES] = {0x14};
    char out[NMEA_ENCODE_OUT_MAX];
    for (int k = 0; k < 12; k++) {
        unsigned ns;
        ck_assert_int_gt(nmea_encoder_encode(e, b, 424, 'B', -1, out, sizeof out, &ns), 0);
        ck_assert_uint_eq(ns, 2);
        char want[32];
        snprintf(want, sizeof want, "!AIVDM,2,1,%d,B,", k % 10);
        ck_assert_int_eq(strncmp(out, want, strlen(want)), 0);
    }
    nmea_encoder_destroy(e);
}
END_TEST

/* ---- robustness ---- */

struct collect {
    int lines, too_long;
    size_t maxlen;
    char last[64];
};

static void collect_line(void *ctx, const char *line, size_t len, int too_long)
{
    struct collect *c = ctx;
    c->lines++;
    c->too_long += too_long;
    if (len > c->maxlen) c->maxlen = len;
    size_t n = len < sizeof c->last - 1 ? len : sizeof c->last - 1;
    memcpy(c->last, line, n);
    c->last[n] = '\0';
}

START_TEST(reader_bounded_lines)
{
    struct nmea_reader_config rc = nmea_reader_config_default();
    rc.max_line = 100;
    struct nmea_reader *r = nmea_reader_create(&rc);
    ck_assert_ptr_nonnull(r);
    struct collect c = {0};
    /* A line split over pushes, one byte at a time. */
    const char *l = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n";
    for (size_t i = 0; i < strlen(l); i++)
        nmea_reader_push(r, l + i, 1, collect_line, &c);
    ck_assert_int_eq(c.lines, 1);
    ck_assert_str_eq(c.last, "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r");
    /* A 100 kB line, whole and in pieces: cut, flagged, the next line intact. */
    size_t big = 100 * 1024;
    char *buf = malloc(big + 64);
    memset(buf, 'A', big);
    memcpy(buf + big, "\nshort\n", 8);
    nmea_reader_push(r, buf, big + 7, collect_line, &c);
    ck_assert_int_eq(c.lines, 3);
    ck_assert_int_eq(c.too_long, 1);
    ck_assert_uint_eq(c.maxlen, 100);
    ck_assert_str_eq(c.last, "short");
    for (size_t off = 0; off < big + 7; off += 1000)
        nmea_reader_push(r, buf + off, off + 1000 > big + 7 ? big + 7 - off : 1000, collect_line,
                         &c);
    ck_assert_int_eq(c.lines, 5);
    ck_assert_int_eq(c.too_long, 2);
    ck_assert_uint_eq(c.maxlen, 100);
    /* A last line without '\n'. */
    nmea_reader_push(r, "tail", 4, collect_line, &c);
    ck_assert_int_eq(c.lines, 5);
    nmea_reader_finish(r, collect_line, &c);
    ck_assert_int_eq(c.lines, 6);
    ck_assert_str_eq(c.last, "tail");
    free(buf);
    nmea_reader_destroy(r);
    rc.max_line = 1;
    ck_assert_ptr_null(nmea_reader_create(&rc));
}
END_TEST

START_TEST(parser_garbage_and_huge_lines)
{
    struct nmea *p = new_parser();
    struct nmea_msg m;
    enum nmea_reason why;
    uint32_t seed = 7;
    char line[512];
    /* Random binary lines: never a message, always a reason. */
    for (int k = 0; k < 20000; k++) {
        size_t n = rng_next(&seed) % sizeof line;
        for (size_t i = 0; i < n; i++)
            line[i] = (char)rng_next(&seed);
        if (k % 3 == 0 && n > 8) memcpy(line, "!AIVDM,", 7);
        int r = nmea_push_line(p, line, n, k, &m, &why);
        ck_assert_int_le(r, 1);
        ck_assert_int_lt((int)why, NMEA_R_COUNT);
    }
    /* Valid sentences with corrupted payload characters. */
    char body[128];
    snprintf(body, sizeof body, "AIVDM,1,1,,A,15RTgt0PAso;90T%cKcjM8h6g208CQ,0", 'X');
    make_sentence(line, sizeof line, body);
    ck_assert_int_eq(push(p, line, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_ARMOUR);
    /* Oversized payloads: one sentence, and several fragments together. */
    char payload[400];
    memset(payload, '0', sizeof payload);
    payload[sizeof payload - 1] = '\0';
    char *bodybig = malloc(600), *linebig = malloc(620);
    snprintf(bodybig, 600, "AIVDM,1,1,,A,%s,0", payload);
    make_sentence(linebig, 620, bodybig);
    ck_assert_int_eq(push(p, linebig, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_OVERSIZE);
    payload[100] = '\0';
    for (int k = 1; k <= 3; k++) {
        snprintf(bodybig, 600, "AIVDM,3,%d,5,B,%s,0", k, payload);
        make_sentence(linebig, 620, bodybig);
        int r = push(p, linebig, &m, &why);
        if (k < 3)
            ck_assert_int_eq(r, 0);
        else
            ck_assert_int_eq(why, NMEA_R_OVERSIZE);
    }
    /* Truncated sentences: every prefix of a good one. */
    const char *good = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
    for (size_t n = 0; n < strlen(good); n++) {
        int r = nmea_push_line(p, good, n, 0, &m, &why);
        ck_assert_int_ne(r, 1);
    }
    /* A 100 kB line straight into the parser. */
    size_t big = 100 * 1024;
    char *huge = malloc(big);
    memset(huge, '1', big);
    memcpy(huge, "!AIVDM,1,1,,A,", 14);
    ck_assert_int_lt(nmea_push_line(p, huge, big, 0, &m, &why), 0);
    memcpy(huge, "\\c:1,", 5);
    ck_assert_int_lt(nmea_push_line(p, huge, big, 0, &m, &why), 0);
    free(huge);
    free(bodybig);
    free(linebig);
    const struct nmea_stats *st = nmea_get_stats(p);
    uint64_t total = 0;
    for (int k = 0; k < NMEA_R_COUNT; k++)
        if (k != NMEA_R_INCOMPLETE && k != NMEA_R_TIMEOUT && k != NMEA_R_EVICTED)
            total += st->reason[k];
    ck_assert_uint_eq(total, st->lines); /* every line has exactly one outcome */
    nmea_destroy(p);
}
END_TEST

START_TEST(parser_nul_bytes_rejected)
{
    /* A NUL byte anywhere in a line is binary data: the line is rejected and
     * counted (nul). A valid sentence followed by NUL and more bytes was
     * accepted with the rest ignored, one with a NUL in its payload kept the
     * same checksum (XOR with 0), and a NUL before a sentence was skipped. */
    struct nmea *p = new_parser();
    struct nmea_msg m;
    enum nmea_reason why;
    const char *good = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
    size_t n = strlen(good);
    char line[128];
    ck_assert_int_eq(nmea_push_line(p, good, n, 0, &m, &why), 1);
    memcpy(line, good, n);
    memcpy(line + n, "\0junk", 5);
    ck_assert_int_eq(nmea_push_line(p, line, n + 5, 0, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_NUL);
    line[0] = 0;
    memcpy(line + 1, good, n);
    ck_assert_int_eq(nmea_push_line(p, line, n + 1, 0, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_NUL);
    memcpy(line, good, 20); /* a NUL inside the payload: the checksum still matches */
    line[20] = 0;
    memcpy(line + 21, good + 20, n - 20);
    ck_assert_int_eq(nmea_push_line(p, line, n + 1, 0, &m, &why), AISD_E_FORMAT);
    ck_assert_int_eq(why, NMEA_R_NUL);
    ck_assert_uint_eq(nmea_get_stats(p)->reason[NMEA_R_NUL], 3);
    ck_assert_str_eq(nmea_reason_name(NMEA_R_NUL), "nul");
    ck_assert(nmea_reason_is_reject(NMEA_R_NUL));
    nmea_destroy(p);
}
END_TEST

/* ---- aisctl decode as a process ---- */

static int run(const char *cmd, char **out, char **err)
{
    char *dir = test_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char full[4096], o[1024], e[1024];
    snprintf(o, sizeof o, "%s/out", dir);
    snprintf(e, sizeof e, "%s/err", dir);
    snprintf(full, sizeof full, "%s >%s 2>%s", cmd, o, e);
    int st = system(full);
    size_t n;
    *out = test_read_file(o, &n);
    *err = test_read_file(e, &n);
    test_rmdir_r(dir);
    free(dir);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(aisctl_decode_process)
{
    char *aisctl = test_build_program("aisctl");
    char *dir = test_tmpdir();
    char in[1024];
    snprintf(in, sizeof in, "%s/in.nmea", dir);
    FILE *f = fopen(in, "w");
    ck_assert_ptr_nonnull(f);
    fputs("# a comment\n"
          "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n"
          "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B\r\n"
          "$GPGGA,184353.07,1929.045,S,02410.506,E,1,04,2.6,100.00,M,-33.9,M,,0000*6D\n"
          "!AIVDM,2,2,7,B,Q1C`8888880,2*63\n"
          "!AIVDM,1,1,,B,,0*25\n",
          f);
    for (int i = 0; i < 2000; i++)
        fputs("0123456789", f);
    fputs("\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", f);
    fclose(f);
    char cmd[2048], *out, *err;
    snprintf(cmd, sizeof cmd, "%s decode %s", aisctl, in);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(err);
    int lines = 0;
    for (char *q = out; *q; q++)
        lines += *q == '\n';
    ck_assert_int_eq(lines, 2);
    ck_assert_ptr_nonnull(strstr(out, "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":1,"));
    ck_assert_ptr_nonnull(strstr(out, "\"mmsi\":371798000,"));
    ck_assert_ptr_nonnull(strstr(out, "}\r\n"));
    ck_assert_ptr_nonnull(strstr(err, "checksum"));
    ck_assert_ptr_nonnull(strstr(err, "orphan"));
    ck_assert_ptr_nonnull(strstr(err, "empty"));
    ck_assert_ptr_nonnull(strstr(err, "too_long"));
    ck_assert_ptr_nonnull(strstr(err, "not_ais"));
    free(out);
    free(err);
    /* stdin, -q: the same messages, nothing on stderr. */
    snprintf(cmd, sizeof cmd, "%s decode -q --lf --device= < %s", aisctl, in);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "\"mmsi\":371798000,"));
    ck_assert_ptr_null(strstr(out, "\r"));
    ck_assert_ptr_null(strstr(out, "device"));
    ck_assert_str_eq(err, "");
    free(out);
    free(err);
    /* A live feed: output comes while the input is still open. */
    snprintf(cmd, sizeof cmd,
             "(printf '!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\\n'; sleep 4) | "
             "timeout 2 %s decode -q",
             aisctl);
    ck_assert_int_eq(run(cmd, &out, &err), 124);
    ck_assert_ptr_nonnull(strstr(out, "\"mmsi\":371798000,"));
    free(out);
    free(err);
    /* gpsdecode's -d is accepted; --types filters. */
    snprintf(cmd, sizeof cmd, "%s decode -d -q -t 5,18 %s", aisctl, in);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    ck_assert_str_eq(out, "");
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "%s decode -q -t 1 %s", aisctl, in);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "\"mmsi\":371798000,"));
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "%s decode -t 0 %s", aisctl, in);
    ck_assert_int_eq(run(cmd, &out, &err), 64);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "%s decode --help", aisctl);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "--unscaled"));
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "%s decode --bogus", aisctl);
    ck_assert_int_eq(run(cmd, &out, &err), 64);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "%s decode %s/does-not-exist", aisctl, dir);
    ck_assert_int_eq(run(cmd, &out, &err), 1);
    free(out);
    free(err);
    test_rmdir_r(dir);
    free(dir);
    free(aisctl);
}
END_TEST

static Suite *nmea_suite(void)
{
    Suite *s = suite_create("nmea");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, armour_alphabet);
    tcase_add_test(tc, parser_nul_bytes_rejected);
    tcase_add_test(tc, armour_known_message);
    tcase_add_test(tc, armour_rejects);
    tcase_add_test(tc, armour_pad_bits_cleared);
    tcase_add_loop_test(tc, armour_roundtrip_random, 0, 3);
    tcase_add_test(tc, tag_parse_fields);
    tcase_add_test(tc, tag_parse_rejects);
    tcase_add_test(tc, tag_format_roundtrip);
    tcase_add_test(tc, sentence_fields);
    tcase_add_test(tc, sentence_decorations);
    tcase_add_test(tc, parser_message_times);
    tcase_add_test(tc, parser_interleaved_fragments);
    tcase_add_test(tc, parser_lost_and_duplicate_fragments);
    tcase_add_test(tc, parser_timeout_and_eviction);
    tcase_add_loop_test(tc, encode_roundtrip, 0, 2);
    tcase_add_test(tc, encode_known_and_errors);
    tcase_add_test(tc, encode_sequence_ids_roll);
    tcase_add_test(tc, reader_bounded_lines);
    tcase_add_test(tc, parser_garbage_and_huge_lines);
    tcase_add_test(tc, aisctl_decode_process);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(nmea_suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
