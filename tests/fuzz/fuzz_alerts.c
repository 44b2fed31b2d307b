/* fuzz_alerts.c: libFuzzer target for the alert engine fed arbitrary
 * messages and event times. The input is a program of 8-byte steps: an
 * opcode, a time step (forwards, backwards, or an impossible time: NaN,
 * infinities, negative, far future), and field values that fill a message
 * with values its on-air bit widths allow (so lat 91, speed 1023, MMSI 0,
 * unallocated MIDs and every status occur), or raw message bits through
 * ais_decode, or a tick, or a snapshot query. A few MMSIs recur and positions
 * mostly fall near the station, so vessels build state, coverage and gaps.
 * Every alert and vessel update, and every snapshot, must be valid JSON
 * (decode/jparse), and the engine's clock must stay finite. */
#include "alerts/engine.h"
#include "decode/jparse.h"
#include "decode/ais_msg.h"

#include <math.h>
#include "tests/fuzz/fuzz_quiet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet(argc, argv);
    return 0;
}

static void check_json(const char *json)
{
    char err[128];
    struct jparse_val *v = jparse(json, strlen(json), err, sizeof err);
    if (!v) {
        fprintf(stdout, "invalid JSON (%s): %s\n", err, json);
        abort();
    }
    jparse_free(v);
}

static void on_output(void *user, const char *topic, const char *json)
{
    if (!topic || !json) abort();
    check_json(json);
}

static const unsigned mmsis[8] = {273123450, 273123451, 423000001, 636000123,
                                  0,         999999999, 970000001, 111000001};

/* Six-bit text from a byte: letters, digits, space, '@' padding. */
static void text(char *out, size_t len, uint8_t seed)
{
    static const char cs[] = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";
    for (size_t i = 0; i < len; i++)
        out[i] = cs[(seed + i * (seed | 1u)) % 64];
    out[len] = 0;
    if (seed & 1) out[seed % (len + 1)] = 0; /* shorter names, and empty ones */
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A signed field of nbits from raw bits. */
static int sfield(uint32_t raw, int nbits)
{
    uint32_t m = (1u << nbits) - 1, v = raw & m;
    return v >> (nbits - 1) ? (int)v - (int)(m + 1) : (int)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct engine_config cfg = engine_config_default();
    cfg.coverage.station_lat = 45.0;
    cfg.coverage.station_lon = 50.0;
    cfg.tick_s = 30; /* every tick walks the vessel table: fewer ticks per long gap */
    if (size && data[0] & 1) {
        /* some runs with short thresholds so rules fire within a small program */
        cfg.dark_min_samples = 1;
        cfg.dark_fade_min_runs = 1;
        cfg.dark_floor_s = 5;
        cfg.encounter_min_s = 30;
        cfg.loiter_min_s = 60;
        cfg.jump_confirm_s = 5;
    }
    engine_config_set(&cfg, "watch_mmsi", "273123450");
    engine_config_set(&cfg, "watch_shiptype", "80-89");
    struct engine *e = engine_create(&cfg, NULL);
    if (!e) abort();
    engine_set_output(e, on_output, NULL);

    double t = 1.7e9;
    struct ais_msg last;
    int have_last = 0;
    static const char *const snaps[] = {"status",   "vessels",          "gaps",     "alerts",
                                        "coverage", "vessel:273123450", "vessel:0", "nothing"};
    static const char *const stations[] = {NULL, "a", "b", ""};
    for (size_t i = 0; i + 8 <= size; i += 8) {
        const uint8_t *s = data + i;
        uint8_t op = s[0];
        int16_t dt = (int16_t)(s[1] | s[2] << 8);
        double tt;
        switch (op >> 5) {
        case 0:
            tt = t += dt / 16.0; /* small steps, either way */
            break;
        case 1:
            tt = t += dt; /* seconds, either way */
            break;
        case 2:
            tt = t += (double)dt / 2; /* long gaps (up to 4.5 h) and jumps back */
            break;
        case 3: {
            static const double odd[] = {NAN, INFINITY, -INFINITY, -1, 0, 1e300, 4e10, -1e-300};
            tt = odd[dt & 7];
            break;
        }
        default:
            tt = t += (dt & 0x3ff) / 8.0;
        }
        uint32_t a = rd32(s + 3);
        uint8_t b = s[7];
        unsigned mmsi = b & 0x80 ? mmsis[b & 7] : ((a * 2654435761u) & 0x3fffffff);
        int near = !(b & 0x40);
        struct ais_msg m;
        memset(&m, 0, sizeof m);
        m.mmsi = mmsi;
        m.repeat = b & 3;
        /* position near the station (within about 1.5 degrees) or any raw field */
        int lat = near ? (int)(45.0 * 600000) + sfield(a, 16) * 60 : sfield(a, 27);
        int lon = near ? (int)(50.0 * 600000) + sfield(a >> 16, 16) * 60 : sfield(a * 31u, 28);
        char ch = "AB\0X"[(b >> 2) & 3];
        double level = b & 0x20 ? NAN : -(double)(a & 63);
        const char *st = stations[(b >> 3) & 3];
        int push = 1;
        switch (op & 15) {
        case 0:
        case 1:
        case 2:
            m.type = 1 + (op & 15) % 3;
            m.type1.status = a & 15;
            m.type1.turn = sfield(a >> 4, 8);
            m.type1.speed = (a >> 12) & 1023;
            m.type1.course = (a >> 8) % 4096;
            m.type1.heading = (a >> 3) & 511;
            m.type1.second = (a >> 20) & 63;
            m.type1.lat = lat;
            m.type1.lon = lon;
            break;
        case 3:
            m.type = 18;
            m.type18.speed = (a >> 12) & 1023;
            m.type18.course = (a >> 8) % 4096;
            m.type18.heading = (a >> 3) & 511;
            m.type18.second = (a >> 20) & 63;
            m.type18.cs = a & 1;
            m.type18.lat = lat;
            m.type18.lon = lon;
            break;
        case 4:
            m.type = 19;
            m.type19.speed = (a >> 12) & 1023;
            m.type19.course = (a >> 8) % 4096;
            m.type19.heading = (a >> 3) & 511;
            m.type19.lat = lat;
            m.type19.lon = lon;
            m.type19.shiptype = a & 255;
            text(m.type19.shipname, 20, (uint8_t)a);
            m.type19.to_bow = (a >> 8) & 511;
            m.type19.to_stern = (a >> 17) & 511;
            break;
        case 5:
            m.type = 5;
            m.type5.imo = a & 0x3fffffff;
            if (b & 0x10) m.type5.imo = 9000000 + (a & 7);
            text(m.type5.callsign, 7, (uint8_t)(a >> 8));
            text(m.type5.shipname, 20, (uint8_t)a);
            text(m.type5.destination, 20, (uint8_t)(a >> 16));
            m.type5.shiptype = (a >> 4) & 255;
            m.type5.to_bow = (a >> 8) & 511;
            m.type5.to_stern = (a >> 17) & 511;
            m.type5.to_port = (a >> 26) & 63;
            m.type5.to_starboard = (a >> 2) & 63;
            m.type5.month = (a >> 3) & 15;
            m.type5.day = (a >> 7) & 31;
            m.type5.hour = (a >> 12) & 31;
            m.type5.minute = (a >> 17) & 63;
            m.type5.draught = (a >> 23) & 255;
            break;
        case 6:
            m.type = 24;
            m.type24.part = (enum ais_t24_part)(a % 3);
            text(m.type24.shipname, 20, (uint8_t)a);
            m.type24.shiptype = (a >> 8) & 255;
            text(m.type24.callsign, 7, (uint8_t)(a >> 16));
            m.type24.to_bow = (a >> 8) & 511;
            m.type24.mothership_mmsi = a & 0x3fffffff;
            break;
        case 7:
            m.type = 27;
            m.type27.status = a & 15;
            m.type27.speed = (a >> 4) & 63;
            m.type27.course = (a >> 10) & 511;
            m.type27.lat = near ? lat / 1000 : sfield(a, 17);
            m.type27.lon = near ? lon / 1000 : sfield(a >> 8, 18);
            break;
        case 8:
        case 9: {
            /* raw bits through the decoder: the rest of the input's next 24 bytes */
            uint8_t bits[AIS_MSG_MAX_BYTES] = {0};
            size_t avail = size - i - 3;
            size_t nb = avail < 24 ? avail : 24;
            memcpy(bits, s + 3, nb);
            if (ais_decode(bits, nb * 8 - (b & 7), &m) != 0) push = 0;
            break;
        }
        case 10:
            m.type = 4;
            m.type4.lat = lat;
            m.type4.lon = lon;
            m.type4.year = a & 16383;
            break;
        case 11:
            m.type = 21;
            m.type21.lat = lat;
            m.type21.lon = lon;
            text(m.type21.name, 34, (uint8_t)a);
            break;
        case 12:
        case 13:
            engine_tick(e, tt);
            push = 0;
            break;
        case 14: {
            char *j = engine_snapshot(e, snaps[b & 7]);
            if (j) {
                check_json(j);
                free(j);
            } else if ((b & 7) <
                       5) { /* only "vessel:" of an unknown vessel and "nothing" are NULL */
                abort();
            }
            push = 0;
            break;
        }
        default:
            /* the previous message again (another station, a repeat) */
            if (!have_last) push = 0;
            m = last;
            break;
        }
        if (push) {
            engine_push(e, &m, tt, ch, level, st);
            last = m;
            have_last = 1;
        }
        if (!isfinite(engine_now(e))) abort();
    }
    char *j = engine_snapshot(e, "status");
    if (!j) abort();
    check_json(j);
    free(j);
    engine_destroy(e);
    return 0;
}
