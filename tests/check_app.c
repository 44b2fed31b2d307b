/* check_app.c: the binary application layer (decode/ais_app*.c): each
 * application decoded from real corpus payloads or from messages built here
 * field by field, with values checked by hand against the layouts; gpsd's
 * JSON (scaled and unscaled) and dump text; the "not this" fallback for
 * unknown DAC/FID and wrong lengths; every truncation without a crash. */
#include "decode/ais_app.h"
#include "decode/ais_dump.h"
#include "decode/ais_json.h"
#include "decode/ais_msg.h"
#include "decode/err.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers: AIS six-bit armour and a bit writer, test-local ---- */

struct msgbits {
    uint8_t b[128];
    size_t n;
};

static void put(struct msgbits *m, uint64_t v, unsigned width)
{
    for (unsigned i = width; i-- > 0;) {
        if (i < 64 && ((v >> i) & 1)) /* widths past 64 pad with zeros */
            m->b[m->n / 8] |= (uint8_t)(0x80 >> (m->n % 8));
        m->n++;
    }
}

static void put_text(struct msgbits *m, const char *s, unsigned nchars)
{
    static const char six[] = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";
    for (unsigned i = 0; i < nchars; i++) {
        unsigned v = 0;
        if (*s) {
            v = (unsigned)(strchr(six, *s) - six);
            s++;
        }
        put(m, v, 6);
    }
}

static void dearmour(const char *payload, unsigned fill, struct msgbits *m)
{
    memset(m, 0, sizeof(*m));
    for (const char *p = payload; *p; p++) {
        int c = *p - 48;
        if (c > 40) c -= 8;
        put(m, (uint64_t)c, 6);
    }
    m->n -= fill;
}

/* type 6 header (88 bits) / type 8 header (56 bits) */
static void hdr6(struct msgbits *m, unsigned dac, unsigned fid)
{
    memset(m, 0, sizeof(*m));
    put(m, 6, 6);
    put(m, 0, 2);
    put(m, 244000000, 30);
    put(m, 1, 2);
    put(m, 2442101, 30);
    put(m, 0, 2);
    put(m, dac, 10);
    put(m, fid, 6);
}

static void hdr8(struct msgbits *m, unsigned dac, unsigned fid)
{
    memset(m, 0, sizeof(*m));
    put(m, 8, 6);
    put(m, 0, 2);
    put(m, 2300061, 30);
    put(m, 0, 2);
    put(m, dac, 10);
    put(m, fid, 6);
}

static int decode(int type, const struct msgbits *m, struct ais_app *a)
{
    unsigned dac = type == 6 ? (unsigned)((m->b[9] << 2) | (m->b[10] >> 6))
                             : (unsigned)((m->b[5] << 2) | (m->b[6] >> 6));
    unsigned fid = type == 6 ? (unsigned)(m->b[10] & 0x3f) : (unsigned)(m->b[6] & 0x3f);
    return ais_app_decode(type, dac, fid, m->b, type == 6 ? 88 : 56, m->n, a);
}

static const char *json(const struct ais_app *a, int scaled)
{
    static char buf[AIS_APP_JSON_MAX];
    size_t n = ais_app_json_text(a, scaled, buf, sizeof(buf));
    ck_assert_uint_lt(n, sizeof(buf));
    return buf;
}

static const char *dump(const struct ais_app *a)
{
    static char buf[AIS_APP_JSON_MAX];
    ais_app_dump(a, buf, sizeof(buf));
    return buf;
}

/* ---- applications from corpus payloads (gpsd's sample.aivdm) ---- */

START_TEST(gla_aton_monitoring)
{
    struct msgbits m;
    struct ais_app a;
    dearmour("6>jR0600V:C0>da4P106P00", 2, &m);
    ck_assert_uint_eq(m.n, 136);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_6_235_10);
    ck_assert_uint_eq(a.dac, 235);
    ck_assert_uint_eq(a.u.gla_aton.ana_int, 274); /* 13.70 V */
    ck_assert_uint_eq(a.u.gla_aton.ana_ext1, 1);
    ck_assert_uint_eq(a.u.gla_aton.ana_ext2, 1);
    ck_assert_uint_eq(a.u.gla_aton.racon, 2);
    ck_assert_uint_eq(a.u.gla_aton.light, 2);
    ck_assert(!a.u.gla_aton.alarm);
    ck_assert(!a.u.gla_aton.off_pos);
    ck_assert_str_eq(json(&a, 1),
                     ",\"off_pos\":false,\"alarm\":false,\"stat_ext\":0,\"ana_int\":13.70,"
                     "\"ana_ext1\":0.05,\"ana_ext2\":0.05,\"racon\":2,"
                     "\"racon_text\":\"RACON operational\",\"light\":2,"
                     "\"light_text\":\"Light OFF\"");
    ck_assert_str_eq(json(&a, 0),
                     ",\"off_pos\":false,\"alarm\":false,\"stat_ext\":0,\"ana_int\":274,"
                     "\"ana_ext1\":1,\"ana_ext2\":1,\"racon\":2,"
                     "\"racon_text\":\"RACON operational\",\"light\":2,"
                     "\"light_text\":\"Light OFF\"");
    ck_assert_str_eq(dump(&a), "|274|1|1|2|2|0|0|0");
    /* gpsd decodes it at 136 bits only; a byte longer is raw data */
    m.n = 144;
    ck_assert_int_eq(decode(6, &m, &a), AISD_E_NOTTHIS);
    ck_assert_int_eq(a.kind, AIS_APP_NONE);
}
END_TEST

START_TEST(imo236_dangerous_cargo_short)
{
    /* Only 56 data bits: gpsd decodes anyway, with zeros past the end. */
    struct msgbits m;
    struct ais_app a;
    dearmour("63LBA4;WBevJ04k0=@E=B0td", 0, &m);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_6_1_12);
    ck_assert_uint_eq(a.bitcount, 56);
    ck_assert_str_eq(a.u.dangerous_cargo.lastport, "0CTES");
    ck_assert_uint_eq(a.u.dangerous_cargo.lmonth, 5);
    ck_assert_uint_eq(a.u.dangerous_cargo.lday, 4);
    ck_assert_uint_eq(a.u.dangerous_cargo.lminute, 60);
    ck_assert_str_eq(a.u.dangerous_cargo.nextport, ",");
    ck_assert_str_eq(json(&a, 1),
                     ",\"lastport\":\"0CTES\",\"departure\":\"05-04T00:60Z\",\"nextport\":\",\","
                     "\"eta\":\"00-00T00:00Z\",\"dangerous\":\"\",\"imdcat\":\"\",\"unid\":0,"
                     "\"amount\":0,\"unit\":0");
    /* gpsd dumps decoded applications as a placeholder, 2 x per byte */
    ck_assert_str_eq(dump(&a), "|56:xxxxxxxxxxxxxx");
}
END_TEST

START_TEST(imo236_tidal_window)
{
    struct msgbits m;
    struct ais_app a;
    dearmour("6h2E:81>NmKC04p0J<000?vv20Ru", 0, &m);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_6_1_14);
    /* 168 bits: one 93-bit window starting at bit 97 */
    ck_assert_uint_eq(a.u.tidal.ntidals, 1);
    ck_assert_int_eq(a.u.tidal.tidals[0].lon, 16760328);
    ck_assert_int_eq(a.u.tidal.tidals[0].lat, -24379392);
    ck_assert_uint_eq(a.u.tidal.tidals[0].from_hour, 1);
    ck_assert_uint_eq(a.u.tidal.tidals[0].from_min, 5);
    ck_assert_uint_eq(a.u.tidal.tidals[0].to_hour, 29);
    ck_assert_str_eq(json(&a, 1),
                     ",\"month\":0,\"day\":0,\"tidals\":[{\"lon\":279.338800,\"lat\":-406.323200,"
                     "\"from_hour\":1,\"from_min\":5,\"to_hour\":29,\"to_min\":0,\"cdir\":0,"
                     "\"cspeed\":0.0}]");
    ck_assert_str_eq(json(&a, 0),
                     ",\"month\":0,\"day\":0,\"tidals\":[{\"lon\":16760328,\"lat\":-24379392,"
                     "\"from_hour\":1,\"from_min\":5,\"to_hour\":29,\"to_min\":0,\"cdir\":0,"
                     "\"cspeed\":0}]");
}
END_TEST

START_TEST(imo289_text_description)
{
    struct msgbits m;
    struct ais_app a;
    dearmour("6h2E3MPr<buN05p0J00000000000", 0, &m);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_6_1_30);
    ck_assert_uint_eq(a.u.text.linkage, 1);
    /* text runs to the end of the message; trailing '@' are dropped */
    ck_assert_str_eq(a.u.text.text, "(");
    ck_assert_str_eq(json(&a, 0), ",\"linkage\":1,\"text\":\"(\"");
}
END_TEST

START_TEST(imo236_met_hydro)
{
    struct msgbits m;
    struct ais_app a;
    dearmour("8@2<HW@0BkdhF0dcH59=RiRRDqnJ7wfRwwwwwwwwwwwwwwwwwwwwwwwwwt0", 2, &m);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_8_1_11);
    const struct ais_app_met236 *w = &a.u.met236;
    ck_assert_int_eq(w->lat, 3879000); /* 64.65 deg in 1/1000 min */
    ck_assert_int_eq(w->lon, 1464000); /* 24.40 deg */
    ck_assert_uint_eq(w->day, 20);
    ck_assert_uint_eq(w->wdir, 162);
    ck_assert_uint_eq(w->airtemp, 473);  /* (473 - 600) / 10 = -12.7 C */
    ck_assert_uint_eq(w->pressure, 232); /* + 800 = 1032 hPa */
    ck_assert_uint_eq(w->preciptype, 7);
    const char *s = json(&a, 1);
    ck_assert_ptr_nonnull(
        strstr(s, ",\"lat\":64.650000,\"lon\":24.400000,\"timestamp\":\"20T18:27Z\""));
    ck_assert_ptr_nonnull(strstr(s, ",\"airtemp\":-12.7,\"dewpoint\":82.3,\"pressure\":1032,"
                                    "\"pressuretend\":\"decreasing\""));
    ck_assert_ptr_nonnull(strstr(s, ",\"preciptype\":7,\"preciptype_text\":\"N/A\""));
    ck_assert_str_eq(dump(&a), "|1464000|3879000|20T18:27Z|11|12|162|167|473|80|1023|232|2|255|511|"
                               "3|255|511|255|511|31|255|511|31|255|63|511|255|63|511|15|1023|7|"
                               "511|3");
}
END_TEST

START_TEST(inland_static_voyage)
{
    struct msgbits m;
    struct ais_app a;
    dearmour("83aDChPj2d<dL<uM=hhhI?a@6HP0", 0, &m);
    ck_assert_uint_eq(m.n, 168);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_8_200_10);
    ck_assert_str_eq(a.u.inland_static.vin, "02103547");
    ck_assert_uint_eq(a.u.inland_static.length, 390);
    ck_assert_uint_eq(a.u.inland_static.beam, 50);
    ck_assert_uint_eq(a.u.inland_static.shiptype, 8010);
    ck_assert_uint_eq(a.u.inland_static.draught, 204);
    ck_assert_str_eq(json(&a, 1),
                     ",\"vin\":\"02103547\",\"length\":390,\"beam\":50,\"shiptype\":8010,"
                     "\"shiptype_text\":\"Motor freighter\",\"hazard\":0,"
                     "\"hazard_text\":\"0 blue cones/lights\",\"draught\":204,\"loaded\":1,"
                     "\"loaded_text\":\"Unloaded\",\"speed_q\":false,\"course_q\":false,"
                     "\"heading_q\":false");
    ck_assert_str_eq(dump(&a), "|112:xxxxxxxxxxxxxxxxxxxxxxxxxxxx");
}
END_TEST

/* ---- applications built field by field ---- */

START_TEST(inland_persons_on_board)
{
    struct msgbits m;
    struct ais_app a;
    hdr6(&m, 200, 55);
    put(&m, 4, 8);
    put(&m, 300, 13);
    put(&m, 2, 8);
    put(&m, 0, 51);
    ck_assert_uint_eq(m.n, 168);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_str_eq(json(&a, 0), ",\"crew\":4,\"passengers\":300,\"personnel\":2");
    m.n = 160; /* any other length is raw data for gpsd */
    ck_assert_int_eq(decode(6, &m, &a), AISD_E_NOTTHIS);
}
END_TEST

START_TEST(inland_eta_and_rta)
{
    struct msgbits m;
    struct ais_app a;
    hdr6(&m, 200, 21);
    put_text(&m, "NL", 2);
    put_text(&m, "RTM", 3);
    put_text(&m, "A1", 5);
    put_text(&m, "T9", 5);
    put_text(&m, "00123", 5);
    put(&m, 7, 4);   /* month */
    put(&m, 4, 5);   /* day */
    put(&m, 9, 5);   /* hour */
    put(&m, 5, 6);   /* minute */
    put(&m, 2, 3);   /* tugs */
    put(&m, 85, 12); /* air draught */
    put(&m, 0, 5);
    ck_assert_uint_eq(m.n, 248);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_6_200_21);
    /* gpsd prints this ETA unpadded */
    ck_assert_str_eq(json(&a, 1), ",\"country\":\"NL\",\"locode\":\"RTM\",\"section\":\"A1\","
                                  "\"terminal\":\"T9\",\"hectometre\":\"00123\","
                                  "\"eta\":\"7-4T9:5\",\"tugs\":2,\"airdraught\":85");

    hdr6(&m, 200, 22);
    put_text(&m, "DE", 2);
    put_text(&m, "DUI", 3);
    put_text(&m, "", 5);
    put_text(&m, "", 5);
    put_text(&m, "", 5);
    put(&m, 12, 4);
    put(&m, 31, 5);
    put(&m, 23, 5);
    put(&m, 59, 6);
    put(&m, 1, 2); /* status */
    put(&m, 0, 2);
    ck_assert_uint_eq(m.n, 232);
    ck_assert_int_eq(decode(6, &m, &a), 0);
    ck_assert_str_eq(json(&a, 0), ",\"country\":\"DE\",\"locode\":\"DUI\",\"section\":\"\","
                                  "\"terminal\":\"\",\"hectometre\":\"\",\"eta\":\"12-31T23:59\","
                                  "\"status\":1,\"status_text\":\"Limited operation\"");
}
END_TEST

START_TEST(imo289_met_hydro_signed)
{
    struct msgbits m;
    struct ais_app a;
    hdr8(&m, 1, 31);
    put(&m, (uint64_t)(-368044) & 0x1ffffff, 25); /* lon -6.134067 */
    put(&m, 3197696, 24);                         /* lat 53.294933 */
    put(&m, 1, 1);                                /* accuracy */
    put(&m, 29, 5);
    put(&m, 23, 5);
    put(&m, 24, 6);
    put(&m, 10, 7);
    put(&m, 12, 7);
    put(&m, 90, 9);
    put(&m, 95, 9);
    put(&m, (uint64_t)(-25) & 0x7ff, 11); /* airtemp -2.5 C */
    put(&m, 80, 7);
    put(&m, (uint64_t)(-40) & 0x3ff, 10); /* dewpoint -4.0 C */
    put(&m, 214, 9);                      /* + 799 = 1013 hPa */
    put(&m, 0, 2);
    put(&m, 1, 1);     /* visgreater */
    put(&m, 127, 7);   /* visibility 12.7 nm */
    put(&m, 1538, 12); /* (1538 - 1000) / 100 = 5.38 -> 5.4 m */
    put(&m, 1, 2);
    for (int i = 0; i < 3; i++) {
        put(&m, 255, 8);
        put(&m, 360, 9);
        if (i > 0) put(&m, 31, 5);
    }
    put(&m, 0, 8 + 6 + 9 + 8 + 6 + 9 + 4);
    put(&m, (uint64_t)(-1) & 0x3ff, 10); /* watertemp -0.1 */
    put(&m, 2, 3);
    put(&m, 511, 9);
    put(&m, 1, 2);
    put(&m, 0, 10);
    ck_assert_uint_eq(m.n, 360);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    ck_assert_int_eq(a.u.met289.airtemp, -25);
    ck_assert_int_eq(a.u.met289.dewpoint, -40);
    ck_assert_int_eq(a.u.met289.watertemp, -1);
    ck_assert(a.u.met289.accuracy);
    const char *s = json(&a, 1);
    ck_assert_ptr_nonnull(strstr(s, ",\"lat\":53.294933,\"lon\":-6.134067,\"accuracy\":true,"
                                    "\"timestamp\":\"29T23:24Z\""));
    ck_assert_ptr_nonnull(strstr(s, ",\"airtemp\":-2.5,\"dewpoint\":-4.0,\"pressure\":1013,"
                                    "\"pressuretend\":\"steady\",\"visgreater\":true,"
                                    "\"visibility\":12.7,\"waterlevel\":5.4,"
                                    "\"leveltrend\":\"increasing\""));
    /* fid 31 prints precipitation and ice as text only */
    ck_assert_ptr_nonnull(strstr(s, ",\"watertemp\":-0.1,\"preciptype\":\"thunderstorm\","
                                    "\"salinity\":51.1,\"ice\":\"yes\""));
    s = json(&a, 0);
    ck_assert_ptr_nonnull(strstr(s, ",\"airtemp\":-25,\"dewpoint\":-40,\"pressure\":214,"));
    ck_assert_ptr_nonnull(
        strstr(s, ",\"watertemp\":-1,\"preciptype\":2,\"salinity\":511,\"ice\":1"));
    ck_assert_ptr_nonnull(
        strstr(dump(&a), "|-368044|3197696|29T23:24Z|10|12|90|95|-25|80|-40|214|"));
}
END_TEST

START_TEST(imo289_route_broadcast)
{
    struct msgbits m;
    struct ais_app a;
    hdr8(&m, 1, 27);
    put(&m, 7, 10); /* linkage */
    put(&m, 2, 3);  /* sender */
    put(&m, 31, 5); /* route type: cancel */
    put(&m, 3, 4);
    put(&m, 14, 5);
    put(&m, 8, 5);
    put(&m, 30, 6);
    put(&m, 120, 18); /* duration */
    put(&m, 2, 5);    /* waypoints */
    put(&m, 600000 * 10, 28);
    put(&m, (uint64_t)(-600000 * 5) & 0x7ffffff, 27);
    put(&m, (uint64_t)(-300000) & 0xfffffff, 28);
    put(&m, 300000, 27);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    ck_assert_int_eq(a.kind, AIS_APP_8_1_27);
    ck_assert_uint_eq(a.u.route.waycount, 2);
    ck_assert_str_eq(json(&a, 1),
                     ",\"linkage\":7,\"sender\":2,\"rtype\":31,"
                     "\"rtype_text\":\"Cancel route identified by message linkage\","
                     "\"start\":\"03-14T08:30Z\",\"duration\":120,\"waypoints\":["
                     "{\"lon\":10.000000,\"lat\":-5.000000},{\"lon\":-0.500000,\"lat\":0.500000}]");
    ck_assert_str_eq(json(&a, 0),
                     ",\"linkage\":7,\"sender\":2,\"rtype\":31,"
                     "\"rtype_text\":\"Cancel route identified by message linkage\","
                     "\"start\":\"03-14T08:30Z\",\"duration\":120,\"waypoints\":["
                     "{\"lon\":6000000,\"lat\":-3000000},{\"lon\":-300000,\"lat\":300000}]");
}
END_TEST

START_TEST(imo289_targets)
{
    struct msgbits m;
    struct ais_app a;
    hdr8(&m, 1, 17);
    put(&m, 0, 2); /* by MMSI */
    put(&m, 244123456, 42);
    put(&m, 0, 4);
    put(&m, 60000, 24); /* 1 degree */
    put(&m, (uint64_t)(-120000) & 0x1ffffff, 25);
    put(&m, 90, 9);
    put(&m, 30, 6);
    put(&m, 105, 10);
    put(&m, 2, 2); /* by callsign */
    put_text(&m, "PD\"X", 7);
    put(&m, 0, 4 + 24 + 25 + 9 + 6 + 10);
    ck_assert_uint_eq(m.n, 56 + 2 * 122);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    /* an element starting exactly at the end still counts for gpsd */
    ck_assert_uint_eq(a.u.targets.ntargets, 3);
    ck_assert_uint_eq(a.u.targets.targets[0].id, 244123456);
    ck_assert_str_eq(a.u.targets.targets[1].idtext, "PD\"X");
    const char *s = json(&a, 1);
    ck_assert_ptr_nonnull(strstr(s, ",\"targets\":[{\"idtype\":0,\"idtype_text\":\"mmsi\","
                                    "\"mmsi\":\"244123456\",\"lat\":1.000000,\"lon\":-2.000000,"
                                    "\"course\":90,\"second\":30,\"speed\":105},"));
    ck_assert_ptr_nonnull(strstr(s, "{\"idtype\":2,\"idtype_text\":\"callsign\","
                                    "\"callsign\":\"PD\\\"X\",\"lat\":0.000000"));
}
END_TEST

START_TEST(emma_warning_start_order)
{
    struct msgbits m;
    struct ais_app a;
    hdr8(&m, 200, 23);
    put(&m, 24, 8); /* start 2024-05-06 */
    put(&m, 5, 4);
    put(&m, 6, 5);
    put(&m, 24, 8);
    put(&m, 5, 4);
    put(&m, 7, 5);
    put(&m, 10, 5); /* start 10:20 */
    put(&m, 20, 6);
    put(&m, 11, 5);
    put(&m, 30, 6);
    put(&m, 0, 28 + 27 + 28 + 27);
    put(&m, 3, 4); /* snow and ice */
    put(&m, (uint64_t)(-5) & 0x1ff, 9);
    put(&m, 2, 9);
    put(&m, 2, 2);
    put(&m, 1, 4);
    put(&m, 0, 6);
    ck_assert_uint_eq(m.n, 256);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    ck_assert_uint_eq(a.u.emma.start_day, 6);
    ck_assert_uint_eq(a.u.emma.start_hour, 10);
    const char *s = json(&a, 0);
    /* gpsd prints the start as year-month-hourTminute:day */
    ck_assert_ptr_nonnull(
        strstr(s, ",\"start\":\"2024-05-10T20:06\",\"end\":\"2024-05-07T11:30\""));
    ck_assert_ptr_nonnull(strstr(s, ",\"type\":3,\"type_text\":\"Snow and ice\",\"min\":-5,"
                                    "\"max\":2,\"class\":2,\"class_text\":\"Strong\",\"wind\":1,"
                                    "\"wind_text\":\"North\""));
}
END_TEST

START_TEST(persons_type8_gpsd_reads_zero)
{
    struct msgbits m;
    struct ais_app a;
    hdr8(&m, 1, 16);
    put(&m, 0, 32);
    put(&m, 1234, 13);
    put(&m, 0, 136 - 45);
    ck_assert_int_eq(decode(8, &m, &a), 0);
    ck_assert_uint_eq(a.u.persons, 1234);
    ck_assert_str_eq(json(&a, 1), ",\"persons\":0");
    m.n = 56 + 100; /* neither the IMO236 nor the IMO289 length */
    ck_assert_int_eq(decode(8, &m, &a), AISD_E_NOTTHIS);
}
END_TEST

/* ---- the gpsd corpus target, through the message layer ---- */

struct lines {
    char **v;
    size_t n, cap;
};

static void lines_add(struct lines *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, l->cap * sizeof(*l->v));
        ck_assert_ptr_nonnull(l->v);
    }
    while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    l->v[l->n] = strndup(s, len);
    ck_assert_ptr_nonnull(l->v[l->n]);
    l->n++;
}

static void lines_free(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int lines_has(const struct lines *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return 1;
    return 0;
}

/* The type 6/8 lines gpsd wrote: JSON objects or dump records. */
static void expected_lines(const char *rel, int dumpfmt, struct lines *out)
{
    char *path = test_corpus_file(rel);
    if (path == NULL) return;
    size_t len;
    char *text = test_read_file(path, &len);
    ck_assert_ptr_nonnull(text);
    for (char *p = text; *p;) {
        char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int keep = dumpfmt ? (n > 2 && (p[0] == '6' || p[0] == '8') && p[1] == '|')
                           : (strstr(p, "\"type\":6,") && strstr(p, "\"type\":6,") < p + n) ||
                                 (strstr(p, "\"type\":8,") && strstr(p, "\"type\":8,") < p + n);
        if (keep) lines_add(out, p, n);
        p += n + (e ? 1 : 0);
    }
    free(text);
    free(path);
}

/* Our lines for every type 6/8 message of an NMEA log: a test-local
 * reassembler for the log's in-order fragments, then ais_decode() and the
 * JSON or dump writer, which call into ais_app. */
static void our_lines(const char *rel, int mode, const char *device, struct lines *out)
{
    char *path = test_corpus_file(rel);
    if (path == NULL) return;
    size_t len;
    char *text = test_read_file(path, &len);
    ck_assert_ptr_nonnull(text);
    struct msgbits m;
    memset(&m, 0, sizeof(m));
    int expect = 0, got = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *p = strstr(line, "VDM,");
        if (p == NULL) p = strstr(line, "VDO,"); /* own-ship reports count too */
        if (p == NULL) continue;
        char *f[7];
        int nf = 0;
        f[nf++] = p;
        for (char *q = p; *q && nf < 7; q++)
            if (*q == ',') f[nf++] = q + 1;
        if (nf < 7) continue;
        int cnt = atoi(f[1]), idx = atoi(f[2]), fill = atoi(f[6]);
        if (idx == 1) {
            memset(&m, 0, sizeof(m));
            expect = cnt;
        } else if (idx != got + 1 || cnt != expect) {
            got = 0;
            continue;
        }
        for (char *c = f[5]; *c && *c != ',' && m.n + 6 <= 8 * sizeof(m.b); c++) {
            int v = *c - 48;
            put(&m, (uint64_t)(v > 40 ? v - 8 : v), 6);
        }
        got = idx;
        if (idx != cnt) continue;
        got = 0;
        if (idx == cnt && (size_t)fill <= m.n) m.n -= (size_t)fill;
        unsigned type = m.b[0] >> 2;
        struct ais_msg msg;
        if ((type != 6 && type != 8) || ais_decode(m.b, m.n, &msg) != 0) continue;
        char buf[4096];
        int n;
        if (mode == 2) {
            n = ais_dump(&msg, buf, sizeof(buf));
        } else {
            struct ais_json_opts o = {mode, device};
            n = ais_json(&msg, &o, buf, sizeof(buf));
        }
        ck_assert_int_ge(n, 0);
        lines_add(out, buf, strlen(buf));
    }
    free(text);
    free(path);
}

static const struct {
    const char *log, *chk, *device;
    int mode; /* 0 unscaled JSON, 1 scaled JSON, 2 dump */
} corpus_cases[] = {
    {"nmea/gpsd/sample.aivdm", "nmea/gpsd/sample.aivdm.js.chk", "stdin", 1},
    {"nmea/gpsd/sample.aivdm", "nmea/gpsd/sample.aivdm.ju.chk", "stdin", 0},
    {"nmea/gpsd/sample.aivdm", "nmea/gpsd/sample.aivdm.chk", NULL, 2},
    {"nmea/gpsd/ais-nmea-type6-fid55.log", "nmea/gpsd/ais-nmea-type6-fid55.log.chk", NULL, 0},
    {"nmea/gpsd/ais-nmea.log", "nmea/gpsd/ais-nmea.log.chk", NULL, 0},
};

START_TEST(gpsd_corpus_binary_lines)
{
    /* Every type 6/8 line gpsd wrote is one we write, and every one we write
     * is one gpsd wrote (the logs repeat some messages). */
    struct lines want = {0}, have = {0};
    expected_lines(corpus_cases[_i].chk, corpus_cases[_i].mode == 2, &want);
    our_lines(corpus_cases[_i].log, corpus_cases[_i].mode, corpus_cases[_i].device, &have);
    if (want.n == 0 && have.n == 0) return; /* corpus absent: skipped above */
    size_t found = 0, known = 0;
    for (size_t i = 0; i < want.n; i++) {
        if (lines_has(&have, want.v[i]))
            found++;
        else
            printf("%s: missing %s\n", corpus_cases[_i].chk, want.v[i]);
    }
    for (size_t i = 0; i < have.n; i++) {
        if (lines_has(&want, have.v[i]))
            known++;
        else
            printf("%s: extra %s\n", corpus_cases[_i].chk, have.v[i]);
    }
    printf("%s: %zu/%zu type 6/8 lines match\n", corpus_cases[_i].chk, found, want.n);
    fflush(stdout);
    ck_assert_uint_gt(want.n, 0);
    ck_assert_uint_eq(found, want.n);
    ck_assert_uint_eq(known, have.n);
    lines_free(&want);
    lines_free(&have);
}
END_TEST

/* ---- fallback and robustness ---- */

START_TEST(unknown_dac_fid_fallback)
{
    struct msgbits m;
    struct ais_app a;
    dearmour("6B?n;be:cbapalgc;i6?Ow4", 2, &m); /* DAC 669 FID 11 */
    ck_assert_int_eq(decode(6, &m, &a), AISD_E_NOTTHIS);
    ck_assert_int_eq(a.kind, AIS_APP_NONE);
    ck_assert_uint_eq(a.dac, 669);
    ck_assert_uint_eq(a.fid, 11);
    ck_assert_str_eq(json(&a, 1), "");
    ck_assert_uint_eq(ais_app_dump(&a, NULL, 0), 0);
    dearmour("63u?;TP0`QJ<06P000", 4, &m); /* DAC 1 FID 40: gpsd has no layout */
    ck_assert_int_eq(decode(6, &m, &a), AISD_E_NOTTHIS);
    /* DAC 235 is addressed-only in gpsd; a broadcast 235/10 is raw data */
    hdr8(&m, 235, 10);
    put(&m, 0, 80);
    ck_assert_int_eq(decode(8, &m, &a), AISD_E_NOTTHIS);
    /* inland static data with an impossible hazard code is not trusted */
    dearmour("83aDChPj2d<dL<uM=hhhI?a@6HP0", 0, &m);
    m.b[141 / 8] |= 0x80 >> (141 % 8); /* hazard 0 -> 4 */
    m.b[142 / 8] |= 0x80 >> (142 % 8); /* -> 6 */
    ck_assert_int_eq(decode(8, &m, &a), AISD_E_NOTTHIS);
    /* not a binary message type at all */
    ck_assert_int_eq(ais_app_decode(5, 1, 11, m.b, 56, m.n, &a), AISD_E_NOTTHIS);
    ck_assert_int_eq(ais_app_decode(8, 1, 11, m.b, 200, 100, &a), AISD_E_NOTTHIS);
}
END_TEST

static const unsigned known[][3] = {
    {6, 200, 21}, {6, 200, 22}, {6, 200, 55}, {6, 235, 10}, {6, 250, 10}, {6, 1, 12},
    {6, 1, 14},   {6, 1, 15},   {6, 1, 16},   {6, 1, 18},   {6, 1, 20},   {6, 1, 25},
    {6, 1, 28},   {6, 1, 30},   {6, 1, 32},   {8, 1, 11},   {8, 1, 13},   {8, 1, 15},
    {8, 1, 16},   {8, 1, 17},   {8, 1, 19},   {8, 1, 27},   {8, 1, 29},   {8, 1, 31},
    {8, 200, 10}, {8, 200, 23}, {8, 200, 24}, {8, 200, 40},
};

START_TEST(every_truncation)
{
    /* Each known application with all-ones and with patterned payloads, cut
     * at every length: the decoder reads exactly (nbits + 7) / 8 bytes of a
     * heap copy (ASan catches any over-read) and the writers stay bounded. */
    unsigned type = known[_i][0], dac = known[_i][1], fid = known[_i][2];
    for (int pattern = 0; pattern < 2; pattern++) {
        struct msgbits full;
        if (type == 6)
            hdr6(&full, dac, fid);
        else
            hdr8(&full, dac, fid);
        uint32_t x = 0x9e3779b9u;
        while (full.n < 1008) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            put(&full, pattern ? (x & 1) : 1, 1);
        }
        for (size_t n = 0; n <= 1008; n++) {
            size_t nbytes = (n + 7) / 8;
            uint8_t *copy = malloc(nbytes ? nbytes : 1);
            ck_assert_ptr_nonnull(copy);
            memcpy(copy, full.b, nbytes);
            struct ais_app a;
            int rc = ais_app_decode((int)type, dac, fid, copy, type == 6 ? 88 : 56, n, &a);
            ck_assert(rc == 0 || rc == AISD_E_NOTTHIS);
            ck_assert(rc == 0 ? a.kind != AIS_APP_NONE : a.kind == AIS_APP_NONE);
            char big[AIS_APP_JSON_MAX], small[16];
            for (int scaled = 0; scaled < 2; scaled++) {
                size_t need = ais_app_json_text(&a, scaled, big, sizeof(big));
                ck_assert_uint_lt(need, sizeof(big));
                ck_assert_uint_eq(strlen(big), need);
                ck_assert_uint_eq(ais_app_json_text(&a, scaled, small, sizeof(small)), need);
                ck_assert_uint_lt(strlen(small), sizeof(small));
            }
            size_t dneed = ais_app_dump(&a, big, sizeof(big));
            ck_assert_uint_eq(strlen(big), dneed);
            ck_assert_uint_eq(ais_app_dump(&a, small, sizeof(small)), dneed);
            free(copy);
        }
    }
}
END_TEST

START_TEST(every_dac_fid_total)
{
    /* Every DAC/FID pair on a short and a full-length message: decodes or
     * falls back, nothing else. */
    struct msgbits m;
    memset(&m, 0xa5, sizeof(m.b));
    for (unsigned dac = 0; dac < 1024; dac++)
        for (unsigned fid = 0; fid < 64; fid++)
            for (int type = 6; type <= 8; type += 2) {
                struct ais_app a;
                int rc = ais_app_decode(type, dac, fid, m.b, type == 6 ? 88 : 56, 1008, &a);
                ck_assert(rc == 0 || rc == AISD_E_NOTTHIS);
                rc = ais_app_decode(type, dac, fid, m.b, type == 6 ? 88 : 56, 96, &a);
                ck_assert(rc == 0 || rc == AISD_E_NOTTHIS);
            }
}
END_TEST

static Suite *app_suite(void)
{
    Suite *s = suite_create("app");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, gla_aton_monitoring);
    tcase_add_test(tc, imo236_dangerous_cargo_short);
    tcase_add_test(tc, imo236_tidal_window);
    tcase_add_test(tc, imo289_text_description);
    tcase_add_test(tc, imo236_met_hydro);
    tcase_add_test(tc, inland_static_voyage);
    suite_add_tcase(s, tc);
    tc = tcase_create("built");
    tcase_add_test(tc, inland_persons_on_board);
    tcase_add_test(tc, inland_eta_and_rta);
    tcase_add_test(tc, imo289_met_hydro_signed);
    tcase_add_test(tc, imo289_route_broadcast);
    tcase_add_test(tc, imo289_targets);
    tcase_add_test(tc, emma_warning_start_order);
    tcase_add_test(tc, persons_type8_gpsd_reads_zero);
    suite_add_tcase(s, tc);
    tc = tcase_create("gpsd_corpus");
    tcase_add_loop_test(tc, gpsd_corpus_binary_lines, 0,
                        (int)(sizeof(corpus_cases) / sizeof(corpus_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("robust");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, unknown_dac_fid_fallback);
    tcase_add_loop_test(tc, every_truncation, 0, (int)(sizeof(known) / sizeof(known[0])));
    tcase_add_test(tc, every_dac_fid_total);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(app_suite());
    return failed ? 1 : 0;
}
