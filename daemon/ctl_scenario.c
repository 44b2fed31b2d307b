/* ctl_scenario.c: `aisctl scenario`: runs a scenario (alerts/scenario.h) and
 * writes what the station received as NMEA with NMEA 4.10 tag blocks (c: in
 * ms, s: station), the ground truth of its events as JSON lines, and
 * optionally the alert engine's station settings; --realtime streams at the
 * scenario's pace (or --speed times faster) for the demo. */
#include "daemon/ctl.h"
#include "decode/utc.h"

#include "alerts/scenario.h"
#include "decode/ais_encode.h"
#include "decode/err.h"
#include "decode/nmea_encode.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: aisctl scenario [OPTIONS] [NAME]\n"
        "Simulated vessel traffic around one coastal station, as NMEA with tag blocks\n"
        "(c: ms, s: station), with the ground truth of its events.\n"
        "NAME: caspian (default; station at Bandar Anzali) or random.\n"
        "  -o, --output FILE      NMEA output (default stdout)\n"
        "  -t, --truth FILE       ground truth JSON lines (default OUTPUT.truth.jsonl;\n"
        "                         none when writing to stdout unless given)\n"
        "  -d, --duration T       length: seconds, or with m/h suffix (default 6h)\n"
        "  -n, --vessels N        random: vessels (default 40)\n"
        "  -s, --seed N           random seed (default 1)\n"
        "  -l, --loss MODEL       none, range (independent, heavier with range),\n"
        "                         bursty (range + fades deeper with range + interference;\n"
        "                         default), flatfades (bursty, every fade to 5 %%)\n"
        "      --range NM         range where reception falls to half (default 35)\n"
        "      --station-pos LAT,LON  random: the station elsewhere (e.g. 60,25 or -33.9,18.4;\n"
        "                         within 80 degrees of the equator; no port zones there)\n"
        "      --dark KIND        random: who goes dark: sea (class A under way; default),\n"
        "                         anchor (at anchor, 3-min reports), classb (class B CS,\n"
        "                         30 s), fast (over 23 kn, 2 s), mix (each in turn)\n"
        "      --class-b FRAC     share of the background traffic that is class B (0.15)\n"
        "      --moored FRAC      share at anchor or moored, 3-min reports (0.20)\n"
        "      --start ISO|now    UTC of the first second (default 2026-11-22T06:00:00Z)\n"
        "      --station NAME     s: tag (default the scenario's station)\n"
        "      --engine-config FILE  write station, station_lat, station_lon for aisctl alerts\n"
        "      --all              also write what the station did not receive\n"
        "      --realtime         pace the output by the tag-block time\n"
        "      --speed X          with --realtime: X times faster (default 1)\n"
        "      --list             list the built-in scenarios\n");
}

static int parse_duration(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !(v > 0) || !isfinite(v)) return -1;
    if (!strcmp(end, "h"))
        v *= 3600;
    else if (!strcmp(end, "m"))
        v *= 60;
    else if (*end && strcmp(end, "s"))
        return -1;
    *out = v;
    return 0;
}

static int parse_iso(const char *s, int64_t *ms)
{
    if (!strcmp(s, "now")) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        *ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
        return 0;
    }
    return utc_parse(s, ms);
}

int ctl_scenario(int argc, char **argv)
{
    struct scenario_config c = scenario_config_default();
    const char *output = NULL, *truth_path = NULL, *engine_cfg = NULL;
    int realtime = 0, all = 0;
    double speed = 1.0, v;
    enum {
        O_RANGE = 256,
        O_START,
        O_STATION,
        O_ENGINE,
        O_ALL,
        O_REALTIME,
        O_SPEED,
        O_LIST,
        O_HELP,
        O_STATION_POS,
        O_DARK,
        O_CLASS_B,
        O_MOORED
    };
    static const struct option lo[] = {
        {"output", required_argument, 0, 'o'},
        {"truth", required_argument, 0, 't'},
        {"duration", required_argument, 0, 'd'},
        {"vessels", required_argument, 0, 'n'},
        {"seed", required_argument, 0, 's'},
        {"loss", required_argument, 0, 'l'},
        {"range", required_argument, 0, O_RANGE},
        {"start", required_argument, 0, O_START},
        {"station", required_argument, 0, O_STATION},
        {"engine-config", required_argument, 0, O_ENGINE},
        {"all", no_argument, 0, O_ALL},
        {"realtime", no_argument, 0, O_REALTIME},
        {"speed", required_argument, 0, O_SPEED},
        {"list", no_argument, 0, O_LIST},
        {"help", no_argument, 0, O_HELP},
        {"station-pos", required_argument, 0, O_STATION_POS},
        {"dark", required_argument, 0, O_DARK},
        {"class-b", required_argument, 0, O_CLASS_B},
        {"moored", required_argument, 0, O_MOORED},
        {0, 0, 0, 0},
    };
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:t:d:n:s:l:h", lo, NULL)) != -1) {
        int bad = 0;
        char *end;
        switch (ch) {
        case 'o':
            output = optarg;
            break;
        case 't':
            truth_path = optarg;
            break;
        case 'd':
            bad = parse_duration(optarg, &c.duration_s);
            break;
        case 'n':
            v = strtod(optarg, &end);
            bad = *end || !(v >= 1 && v <= 100000) || v != floor(v);
            c.vessels = (unsigned)v;
            break;
        case 's':
            errno = 0;
            c.seed = strtoull(optarg, &end, 10);
            bad = *end != 0 || end == optarg || strchr(optarg, '-') || errno == ERANGE;
            break;
        case 'l':
            bad = scenario_loss_parse(optarg, &c.loss) != 0;
            break;
        case O_RANGE:
            c.range_nm = strtod(optarg, &end);
            bad = *end || !(c.range_nm > 1 && c.range_nm <= 1000);
            break;
        case O_START:
            bad = parse_iso(optarg, &c.start_ms);
            break;
        case O_STATION:
            bad = strlen(optarg) >= sizeof c.station || strpbrk(optarg, ",*\\!") != NULL;
            if (!bad) snprintf(c.station, sizeof c.station, "%s", optarg);
            break;
        case O_ENGINE:
            engine_cfg = optarg;
            break;
        case O_ALL:
            all = 1;
            break;
        case O_REALTIME:
            realtime = 1;
            break;
        case O_SPEED:
            speed = strtod(optarg, &end);
            bad = *end || !(speed > 0 && isfinite(speed));
            break;
        case O_STATION_POS: {
            char *comma = strchr(optarg, ',');
            bad = comma == NULL;
            if (!bad) {
                c.station_lat = strtod(optarg, &end);
                bad = end != comma;
                c.station_lon = strtod(comma + 1, &end);
                bad |= *end || end == comma + 1 || !(fabs(c.station_lat) <= 80) ||
                       !(fabs(c.station_lon) <= 180);
            }
            break;
        }
        case O_DARK:
            bad = strlen(optarg) >= sizeof c.dark_kind || !scenario_dark_kind_valid(optarg);
            if (!bad) snprintf(c.dark_kind, sizeof c.dark_kind, "%s", optarg);
            break;
        case O_CLASS_B:
        case O_MOORED:
            v = strtod(optarg, &end);
            bad = *end || end == optarg || !(v >= 0 && v <= 1);
            if (ch == O_CLASS_B)
                c.class_b_frac = v;
            else
                c.moored_frac = v;
            break;
        case O_LIST:
            for (const char *const *n = scenario_names(); *n; n++)
                printf("%s\n", *n);
            return 0;
        case 'h':
        case O_HELP:
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
        if (bad) {
            /* "-d VALUE": the option is the word before the value's */
            const char *opt = argv[optind - 1];
            if (optarg && opt == optarg && optind >= 2) opt = argv[optind - 2];
            fprintf(stderr, "aisctl scenario: bad value for %s: '%s'\n", opt, optarg ? optarg : "");
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        if (strlen(argv[optind]) >= sizeof c.name) {
            fprintf(stderr, "aisctl scenario: unknown scenario '%s'\n", argv[optind]);
            return EXIT_USAGE;
        }
        snprintf(c.name, sizeof c.name, "%s", argv[optind++]);
    }
    if (optind < argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct scenario *s = scenario_create(&c);
    if (!s) return EXIT_USAGE;

    int rc = 1;
    FILE *out = stdout, *truth = NULL;
    struct nmea_encoder *enc = NULL;
    char tpath[4096];
    if (output && strcmp(output, "-")) {
        out = fopen(output, "w");
        if (!out) {
            fprintf(stderr, "aisctl scenario: %s: %s\n", output, strerror(errno));
            out = NULL;
            goto done;
        }
        if (!truth_path) {
            snprintf(tpath, sizeof tpath, "%s.truth.jsonl", output);
            truth_path = tpath;
        }
    }
    /* opened now (a path it cannot write stops it before any output),
     * written after the messages: the truth says which spoofed reports the
     * station heard */
    if (truth_path) {
        truth = fopen(truth_path, "w");
        if (!truth) {
            fprintf(stderr, "aisctl scenario: %s: %s\n", truth_path, strerror(errno));
            goto done;
        }
    }
    if (engine_cfg) {
        FILE *f = fopen(engine_cfg, "w");
        /* the shipped Caspian port zones, when run from the source tree */
        const char *zones = "alerts/data/caspian_ports.geojson";
        if (access(zones, R_OK)) zones = NULL;
        if (!f || scenario_write_engine_config(s, zones, f) || fclose(f)) {
            fprintf(stderr, "aisctl scenario: %s: %s\n", engine_cfg, strerror(errno));
            goto done;
        }
    }
    struct nmea_encoder_config ec = nmea_encoder_config_default();
    ec.tag_time = 1;
    snprintf(ec.station, sizeof ec.station, "%s", scenario_station(s));
    enc = nmea_encoder_create(&ec);
    if (!enc) goto done;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct scenario_msg m;
    char buf[NMEA_ENCODE_OUT_MAX];
    while (scenario_next(s, &m) == 1) {
        if (!m.received && !all) continue;
        uint8_t bytes[AIS_FRAME_MAX_BYTES];
        size_t nbits;
        if (ais_encode_bits(&m.msg, bytes, sizeof bytes, &nbits)) continue;
        int n = nmea_encoder_encode(enc, bytes, nbits, m.channel, m.time_ms, buf, sizeof buf, NULL);
        if (n < 0) continue;
        if (realtime) ctl_sleep_until(&t0, m.t / speed);
        /* flushed per line when paced: its error is the reader gone (EPIPE
         * when SIGPIPE is ignored), and the run stops there */
        if (fputs(buf, out) == EOF || (realtime && fflush(out))) {
            if (errno != EPIPE)
                fprintf(stderr, "aisctl scenario: write failed: %s\n", strerror(errno));
            goto done;
        }
    }
    if (fflush(out)) {
        fprintf(stderr, "aisctl scenario: write failed: %s\n", strerror(errno));
        goto done;
    }
    if (truth) {
        int bad = scenario_write_truth(s, truth);
        bad |= fclose(truth) != 0;
        truth = NULL;
        if (bad) {
            fprintf(stderr, "aisctl scenario: %s: %s\n", truth_path, strerror(errno));
            goto done;
        }
    }
    struct scenario_stats st = scenario_stats(s);
    fprintf(
        stderr,
        "aisctl scenario: %s, station %s, %.0f s, %llu vessels, %llu events, %llu messages sent, "
        "%llu received (%.1f%%)\n",
        c.name, scenario_station(s), scenario_duration(s), (unsigned long long)st.vessels,
        (unsigned long long)st.events, (unsigned long long)st.sent, (unsigned long long)st.received,
        st.sent ? 100.0 * (double)st.received / (double)st.sent : 0.0);
    rc = 0;
done:
    if (truth) fclose(truth);
    if (out && out != stdout && fclose(out)) rc = 1;
    nmea_encoder_destroy(enc);
    scenario_destroy(s);
    return rc;
}
