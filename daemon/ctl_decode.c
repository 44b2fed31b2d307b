/* ctl_decode.c: `aisctl decode`: NMEA AIVDM/AIVDO (file or stdin) -> one gpsd
 * JSON line per message (or gpsd's pipe dump), a drop-in for gpsdecode, with
 * a summary of rejected lines by reason on stderr. */
#include "daemon/ctl.h"

#include "decode/err.h"
#include "decode/nmea.h"
#include "decode/nmea_reader.h"

#include "decode/ais_dump.h"
#include "decode/ais_json.h"
#include "decode/ais_msg.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OUT_JSON, OUT_PIPE };

/* Message-layer outcomes, counted like the NMEA reasons. */
enum { MSG_FORMAT, MSG_RANGE, MSG_UNSUPPORTED, MSG_OTHER, MSG_COUNT };
static const char *const msg_names[MSG_COUNT] = {"msg_malformed", "msg_range",
                                                 "msg_unsupported_type", "msg_other"};

struct decode_run {
    struct nmea *nmea;
    int scaled;
    int format;
    int split24;
    int verbose;
    unsigned long long types; /* bit t set: print type t; 0 = all */
    const char *device;
    unsigned long long line_no;
    unsigned long long printed;
    unsigned long long filtered;
    unsigned long long msg_reject[MSG_COUNT];
    struct ais_t24_queue t24;
    struct ais_msg msg;
    int lf; /* "\n" line ends instead of gpsdecode's "\r\n" */
    struct nmea_msg nm;
    char out[8192];
    char inbuf[1 << 16];
};

static void usage(FILE *f)
{
    fprintf(f, "usage: aisctl decode [OPTIONS] [FILE]\n"
               "\n"
               "Decode AIS NMEA sentences (!xxVDM/!xxVDO, any talker, multi-sentence,\n"
               "NMEA 4.10 tag blocks, USCG and Gatehouse decorations) from FILE or stdin\n"
               "and print one line per message on stdout, like gpsdecode:\n"
               "gpsd's AIS JSON by default. Other lines are skipped; rejected lines are\n"
               "counted by reason and summarised on stderr at the end.\n"
               "\n"
               "options:\n"
               "  -j, --json          gpsd JSON (default), scaled like gpsdecode -j\n"
               "  -d, --decode        accepted for gpsdecode compatibility (the default)\n"
               "  -u, --unscaled      raw integer units, like gpsdecode -u\n"
               "  -c, --pipe          gpsd's pipe-separated dump, like gpsdecode -c\n"
               "  -s, --split24       report type 24 parts A and B separately (gpsdecode\n"
               "                      reports part B with the name from part A)\n"
               "  -t, --types LIST    only these message types, comma separated\n"
               "      --device NAME   the JSON \"device\" member (default \"stdin\";\n"
               "                      \"\" omits it, as gpsd's daemon logs do)\n"
               "      --lf            end lines with LF (default CR LF, as gpsdecode)\n"
               "  -v, --verbose       also print each rejected line and why on stderr\n"
               "  -q, --quiet         no summary on stderr\n"
               "  -h, --help          this text\n"
               "\n"
               "Exit status: 0 when the input was read (whatever it held), 1 when it\n"
               "could not be read, 64 for a usage error.\n");
}

static int parse_types(const char *s, unsigned long long *mask)
{
    *mask = 0;
    while (*s) {
        char *end;
        errno = 0;
        long t = strtol(s, &end, 10);
        if (end == s || errno || t < 1 || t > 63) return -1;
        *mask |= 1ull << t;
        s = end;
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return *mask ? 0 : -1;
}

static void put_line(struct decode_run *r, size_t len)
{
    if (!r->lf) r->out[len++] = '\r';
    r->out[len++] = '\n';
    fwrite(r->out, 1, len, stdout);
    r->printed++;
}

static void emit(struct decode_run *r)
{
    int err = ais_decode(r->nm.bytes, r->nm.nbits, &r->msg);
    if (err < 0) {
        int k = err == AISD_E_FORMAT        ? MSG_FORMAT
                : err == AISD_E_RANGE       ? MSG_RANGE
                : err == AISD_E_UNSUPPORTED ? MSG_UNSUPPORTED
                                            : MSG_OTHER;
        r->msg_reject[k]++;
        if (r->verbose)
            fprintf(stderr, "aisctl decode: line %llu: message rejected: %s (%zu bits)\n",
                    r->line_no, aisd_strerror(err), r->nm.nbits);
        return;
    }
    if (r->types && (r->msg.type > 63 || !(r->types >> r->msg.type & 1))) {
        r->filtered++;
        return;
    }
    if (!r->split24 && !ais_decode_t24_pair(&r->t24, &r->msg)) return;
    int n;
    if (r->format == OUT_PIPE) {
        n = ais_dump(&r->msg, r->out, sizeof r->out - 2);
    } else {
        struct ais_json_opts o = {.scaled = r->scaled, .device = r->device};
        n = ais_json(&r->msg, &o, r->out, sizeof r->out - 2);
    }
    if (n < 0) {
        r->msg_reject[MSG_OTHER]++;
        return;
    }
    put_line(r, (size_t)n);
}

static void on_line(void *ctx, const char *line, size_t len, int too_long)
{
    struct decode_run *r = ctx;
    r->line_no++;
    enum nmea_reason why;
    if (too_long) {
        nmea_note(r->nmea, NMEA_R_TOO_LONG);
        why = NMEA_R_TOO_LONG;
    } else if (nmea_push_line(r->nmea, line, len, 0, &r->nm, &why) == 1) {
        emit(r);
        return;
    }
    if (r->verbose && nmea_reason_is_reject(why))
        fprintf(stderr, "aisctl decode: line %llu rejected: %s: %.*s\n", r->line_no,
                nmea_reason_text(why), (int)(len > 120 ? 120 : len), line);
}

static void summary(const struct decode_run *r)
{
    const struct nmea_stats *st = nmea_get_stats(r->nmea);
    unsigned long long rejected = 0, msgrej = 0;
    for (int k = 0; k < NMEA_R_COUNT; k++)
        if (nmea_reason_is_reject((enum nmea_reason)k)) rejected += st->reason[k];
    for (int k = 0; k < MSG_COUNT; k++)
        msgrej += r->msg_reject[k];
    fprintf(stderr,
            "aisctl decode: %llu lines, %llu AIS sentences, %llu messages, %llu printed; "
            "%llu lines rejected, %llu messages rejected\n",
            (unsigned long long)st->lines, (unsigned long long)st->sentences,
            (unsigned long long)st->messages, r->printed, rejected, msgrej);
    for (int k = 1; k < NMEA_R_COUNT; k++)
        if (st->reason[k])
            fprintf(stderr, "aisctl decode:   %-22s %10llu  %s%s\n",
                    nmea_reason_name((enum nmea_reason)k), (unsigned long long)st->reason[k],
                    nmea_reason_text((enum nmea_reason)k),
                    nmea_reason_is_reject((enum nmea_reason)k) ? "" : " (not an error)");
    for (int k = 0; k < MSG_COUNT; k++)
        if (r->msg_reject[k])
            fprintf(stderr, "aisctl decode:   %-22s %10llu\n", msg_names[k], r->msg_reject[k]);
    if (r->filtered)
        fprintf(stderr, "aisctl decode:   %-22s %10llu  not in --types\n", "filtered", r->filtered);
}

int ctl_decode(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},         {"decode", no_argument, NULL, 'd'},
        {"unscaled", no_argument, NULL, 'u'},     {"pipe", no_argument, NULL, 'c'},
        {"split24", no_argument, NULL, 's'},      {"types", required_argument, NULL, 't'},
        {"device", required_argument, NULL, 'D'}, {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},        {"lf", no_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct decode_run *r = calloc(1, sizeof *r);
    if (!r) return 1;
    r->scaled = 1;
    r->format = OUT_JSON;
    r->device = "stdin";
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "djucst:vqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': /* gpsdecode's -d: decoding is what we do */
            break;
        case 'j':
            r->format = OUT_JSON;
            break;
        case 'u':
            r->scaled = 0;
            break;
        case 'c':
            r->format = OUT_PIPE;
            break;
        case 's':
            r->split24 = 1;
            break;
        case 't':
            if (parse_types(optarg, &r->types) < 0) {
                fprintf(stderr, "aisctl decode: bad --types '%s' (want e.g. 1,2,3,5)\n", optarg);
                free(r);
                return EXIT_USAGE;
            }
            break;
        case 'D':
            r->device = optarg;
            break;
        case 'v':
            r->verbose = 1;
            break;
        case 'L':
            r->lf = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            free(r);
            return 0;
        default:
            usage(stderr);
            free(r);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) { /* the whole usage said nothing of it */
        fprintf(stderr,
                "aisctl decode: one FILE at a time ('%s', then '%s'): cat them into it, or loop "
                "in the shell\n",
                argv[optind], argv[optind + 1]);
        free(r);
        return EXIT_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!in) {
        fprintf(stderr, "aisctl decode: %s: %s\n", path, strerror(errno));
        free(r);
        return 1;
    }
    struct nmea_config nc = nmea_config_default();
    nc.timeout_ms = 0; /* no clock when decoding a file: expire by sentence count */
    r->nmea = nmea_create(&nc);
    struct nmea_reader *rd = nmea_reader_create(NULL);
    ais_decode_t24_init(&r->t24);
    int status = 0;
    if (!r->nmea || !rd) {
        status = 1;
    } else {
        /* read(2), not fread: a live feed on a pipe is decoded as it comes,
         * and what is decoded goes out after each read. */
        int fd = fileno(in);
        for (;;) {
            ssize_t n = read(fd, r->inbuf, sizeof r->inbuf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                fprintf(stderr, "aisctl decode: %s: read error: %s\n", path, strerror(errno));
                status = 1;
                break;
            }
            if (n == 0) break;
            nmea_reader_push(rd, r->inbuf, (size_t)n, on_line, r);
            fflush(stdout);
        }
        nmea_reader_finish(rd, on_line, r);
        nmea_flush(r->nmea);
        if (!quiet) summary(r);
    }
    if (fflush(stdout) != 0) status = 1;
    if (in != stdin) fclose(in);
    nmea_reader_destroy(rd);
    nmea_destroy(r->nmea);
    free(r);
    return status;
}
