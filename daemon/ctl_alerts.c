/* ctl_alerts.c: `aisctl alerts`: NMEA with tag blocks (file or stdin) through
 * the alert engine in event time, alerts out as JSON lines on stdout. The
 * same engine (alerts/engine.h) the daemon runs; with --db the state and
 * alert history persist across runs exactly as in aisd. */
#include "daemon/ctl.h"

#include "alerts/engine.h"
#include "decode/ais_msg.h"
#include "decode/log.h"
#include "decode/nmea.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: aisctl alerts [OPTIONS] [FILE|-]\n"
            "Run vessel state and the alert rules over NMEA AIVDM/AIVDO with NMEA 4.10 tag\n"
            "blocks (c: event time, s: station) and print each alert as one JSON line.\n"
            "Messages without a time take the time of the message before them; those\n"
            "before the first time are not used. Lines and messages not used are counted\n"
            "on stderr at the end; exit 1 when no message had a time (plain NMEA).\n\n"
            "  -c, --config FILE   engine configuration (key = value lines, see docs/alerts.md)\n"
            "  -o, --set KEY=VALUE one configuration key (repeatable, up to 64; after --config)\n"
            "      --db FILE       SQLite database: state restored at start, alerts stored\n"
            "      --log FILE      append alerts to this JSON-lines log as well\n"
            "      --zones FILE    zones GeoJSON (same as -o zones=FILE)\n"
            "      --vessels       print \"vessel\" state changes too (topic first)\n"
            "      --summary       print the engine's status JSON to stderr at the end\n"
            "      --keys          list the configuration keys and exit\n"
            "  -h, --help          this help\n");
}

struct ctx {
    int vessels;
};

static void output(void *user, const char *topic, const char *json)
{
    struct ctx *c = user;
    if (!strncmp(topic, "alert.", 6)) {
        fputs(json, stdout);
        fputc('\n', stdout);
        fflush(stdout);
    } else if (c->vessels) {
        printf("%s %s\n", topic, json);
    }
}

int ctl_alerts(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"set", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'd'},     {"log", required_argument, NULL, 'l'},
        {"zones", required_argument, NULL, 'z'},  {"vessels", no_argument, NULL, 'V'},
        {"summary", no_argument, NULL, 'S'},      {"keys", no_argument, NULL, 'K'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    struct engine_config cfg = engine_config_default();
    const char *db = NULL;
    struct ctx cx = {0};
    int summary = 0;
    char *sets[64];
    int nsets = 0;
    const char *config = NULL;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:o:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            config = optarg;
            break;
        case 'o':
            if (nsets == 64) {
                fprintf(stderr, "aisctl alerts: at most 64 --set (use --config FILE)\n");
                return EXIT_USAGE;
            }
            sets[nsets++] = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'l':
            snprintf(cfg.alert_log, sizeof cfg.alert_log, "%s", optarg);
            break;
        case 'z':
            snprintf(cfg.zones_file, sizeof cfg.zones_file, "%s", optarg);
            break;
        case 'V':
            cx.vessels = 1;
            break;
        case 'S':
            summary = 1;
            break;
        case 'K':
            for (const char *const *k = engine_config_keys(); *k; k++)
                printf("%s\n", *k);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (config) {
        /* the file first, then the command line wins */
        struct engine_config fromfile = engine_config_default();
        if (engine_config_load(&fromfile, config)) return EXIT_USAGE;
        if (cfg.alert_log[0]) memcpy(fromfile.alert_log, cfg.alert_log, sizeof cfg.alert_log);
        if (cfg.zones_file[0]) memcpy(fromfile.zones_file, cfg.zones_file, sizeof cfg.zones_file);
        cfg = fromfile;
    }
    for (int i = 0; i < nsets; i++) {
        char *eq = strchr(sets[i], '=');
        if (!eq) {
            fprintf(stderr, "aisctl alerts: --set wants KEY=VALUE\n");
            return EXIT_USAGE;
        }
        *eq = 0;
        if (engine_config_set(&cfg, sets[i], eq + 1)) return EXIT_USAGE;
    }
    if (argc - optind > 1) { /* the whole usage said nothing of it */
        fprintf(stderr,
                "aisctl alerts: one FILE at a time ('%s', then '%s'): cat them into it, or loop in "
                "the shell\n",
                argv[optind], argv[optind + 1]);
        return EXIT_USAGE;
    }
    FILE *in = stdin;
    const char *path = optind < argc ? argv[optind] : "-";
    if (strcmp(path, "-")) {
        in = fopen(path, "r");
        if (!in) {
            fprintf(stderr, "aisctl alerts: cannot open %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    struct engine *e = engine_create(&cfg, db);
    struct nmea *np = nmea_create(NULL);
    if (!e || !np) {
        engine_destroy(e);
        nmea_destroy(np);
        if (in != stdin) fclose(in);
        return 1;
    }
    engine_set_output(e, output, &cx);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    struct nmea_msg nm;
    struct ais_msg m;
    double last_t = NAN;
    uint64_t no_time = 0, undecodable = 0, used = 0;
    while ((n = getline(&line, &cap, in)) >= 0) {
        int64_t now_ms = isfinite(last_t) ? (int64_t)(last_t * 1000) : 0;
        if (nmea_push_line(np, line, (size_t)n, now_ms, &nm, NULL) != 1) continue;
        if (ais_decode(nm.bytes, nm.nbits, &m)) {
            undecodable++;
            continue;
        }
        double t = nm.has_time ? nm.time_ms / 1000.0 : last_t;
        if (!isfinite(t)) {
            no_time++;
            continue;
        }
        if (nm.has_time) last_t = t;
        engine_push(e, &m, t, nm.channel, NAN, nm.station[0] ? nm.station : NULL);
        used++;
    }
    free(line);
    int read_error = ferror(in) ? errno : 0; /* a directory, an I/O error */
    if (in != stdin) fclose(in);
    /* let the rules see the end of input as time passing no further */
    if (summary) {
        char *st = engine_snapshot(e, "status");
        if (st) fprintf(stderr, "%s\n", st);
        free(st);
        fprintf(stderr, "{\"undecodable\":%" PRIu64 ",\"no_time\":%" PRIu64 "}\n", undecodable,
                no_time);
    }
    nmea_flush(np);
    const struct nmea_stats *ns = nmea_get_stats(np);
    uint64_t rejected = 0, lost = ns->reason[NMEA_R_INCOMPLETE] + ns->reason[NMEA_R_TIMEOUT] +
                                  ns->reason[NMEA_R_EVICTED];
    for (int r = 0; r < NMEA_R_COUNT; r++)
        if (nmea_reason_is_reject((enum nmea_reason)r)) rejected += ns->reason[r];
    int rc = 0;
    if (read_error) {
        fprintf(stderr, "aisctl alerts: %s: read error: %s (the input was cut short there)\n", path,
                strerror(read_error));
        rc = 1;
    }
    if (rejected || lost || undecodable || no_time)
        fprintf(stderr,
                "aisctl alerts: %" PRIu64 " lines, %" PRIu64 " messages through the rules; not "
                "used: %" PRIu64 " corrupt lines, %" PRIu64 " partial messages, %" PRIu64
                " undecodable, %" PRIu64 " without a time (no tag-block c: before them)\n",
                ns->lines, used, rejected, lost, undecodable, no_time);
    if (!used && no_time) {
        fprintf(stderr, "aisctl alerts: no message had an event time: the rules need NMEA with "
                        "tag blocks (c:), as aisctl scenario and aisd's raw log write\n");
        rc = 1;
    }
    nmea_destroy(np);
    engine_destroy(e);
    return rc;
}
