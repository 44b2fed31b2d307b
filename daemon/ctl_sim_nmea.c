/* ctl_sim_nmea.c: `aisctl sim --from-nmea FILE|-`: NMEA with NMEA 4.10 tag
 * blocks (what `aisctl scenario` writes) rendered into IQ. Each complete
 * message (reassembled by decode/nmea.h) becomes a burst (decode/frame.h via
 * iq_sim_levels, dsp/gmsk_mod via dsp/iq_sim) on its sentence's channel, at
 * the sample given by its tag-block c: time relative to --start (default: the
 * first message), at an Eb/N0 drawn from a range, in white noise. A burst that
 * would start before the previous one on its channel is over is moved to the
 * next free slot there (counted). Input is read as it comes (poll), so the
 * output can be a live stream: --realtime paces it at --speed times the
 * sample rate, a little behind the input so that live input is not late. */
#include "daemon/ctl.h"
#include "daemon/ctl_sim_common.h"
#include "decode/utc.h"

#include "decode/err.h"
#include "decode/nmea.h"
#include "decode/nmea_reader.h"
#include "decode/rng.h"
#include "dsp/iq_sim.h"

#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 16384      /* samples per write */
#define LAG_WALL_S 0.5   /* --realtime: how far the output stays behind live input */
#define TAIL_S 0.5       /* noise after the last burst */
#define LEAD_MS 100      /* noise before the first message without --start */
#define MAX_PENDING 4096 /* messages read but not yet queued to the mixer */

struct nsim_opts {
    const char *input, *output;
    enum iq_sim_format format;
    double rate, speed, noise_counts, ppm, tx_offset, ebn0_lo, ebn0_hi;
    uint64_t seed;
    int realtime, has_start, quiet;
    int format_given; /* -f given: the output's name does not choose */
    int64_t start_ms;
};

struct pending {
    double start; /* samples */
    char channel;
    struct ais_frame frame;
};

struct nsim {
    const struct nsim_opts *o;
    struct nmea *parser;
    struct rng r;
    struct iq_sim *s;
    struct pending *q; /* ring of MAX_PENDING */
    size_t qhead, qn;
    double busy[2];   /* per channel: sample where the channel is free again */
    double last_end;  /* end of the latest burst queued, samples */
    double newest;    /* start of the newest message read, samples (-1: none) */
    int started;      /* the start time is known */
    int64_t start_ms; /* time of sample 0 */
    struct timespec w_first;
    double first_pos; /* realtime anchor */
    uint64_t messages, bursts, shifted, late, untimed, dropped, rejected, bad_channel;
    int fail;
};

void ctl_sim_nmea_usage(FILE *out)
{
    fprintf(
        out,
        "aisctl sim --from-nmea FILE|- [OPTIONS]: NMEA with tag blocks (aisctl scenario) -> IQ.\n"
        "Each message becomes a burst on its channel (A/B; others alternate) at its c: time\n"
        "relative to --start; bursts closer than their length on one channel are moved to\n"
        "the next free slot (counted). Options: -o FILE (default -), -f FORMAT, -r RATE\n"
        "(default 288000), -s SEED, --noise COUNTS, --ppm P, --tx-offset HZ, and\n"
        "  -e, --ebn0 DB|LO:HI      each message's Eb/N0, fixed or uniform (default 12:30)\n"
        "      --start ISO|now      time of sample 0 (default: 0.1 s before the first\n"
        "                           message's c: time)\n"
        "      --realtime           stream at the sample rate (a live input is followed\n"
        "                           0.5 s behind; messages later than that are counted late)\n"
        "      --speed X            with --realtime: X times faster (default 1)\n"
        "      --quiet              no summary on stderr\n");
}

static double now_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* A complete message: its place in time and on the air, queued. */
static void on_message(struct nsim *n, const struct nmea_msg *m)
{
    n->messages++;
    if (!m->has_time) {
        n->untimed++;
        return;
    }
    if (!n->started) {
        n->started = 1;
        n->start_ms = n->o->has_start ? n->o->start_ms : m->time_ms - LEAD_MS;
        clock_gettime(CLOCK_MONOTONIC, &n->w_first);
        n->first_pos = (double)(m->time_ms - n->start_ms) / 1000.0 * n->o->rate;
    }
    if (n->qn == MAX_PENDING) {
        n->dropped++;
        return;
    }
    struct pending *p = &n->q[(n->qhead + n->qn) % MAX_PENDING];
    char ch = m->channel == 'A' || m->channel == '1'   ? 'A'
              : m->channel == 'B' || m->channel == '2' ? 'B'
                                                       : 0;
    if (!ch) {
        n->bad_channel++;
        ch = (n->messages & 1) ? 'A' : 'B';
    }
    p->channel = ch;
    p->start = (double)(m->time_ms - n->start_ms) / 1000.0 * n->o->rate;
    if (p->start < 0) { /* before --start */
        n->late++;
        p->start = 0;
    }
    size_t nb = (m->nbits + 7) / 8;
    p->frame.nbytes = (uint16_t)nb;
    memcpy(p->frame.bytes, m->bytes, nb);
    if (p->start > n->newest) n->newest = p->start;
    n->qn++;
}

static void on_line(void *ctx, const char *line, size_t len, int too_long)
{
    struct nsim *n = ctx;
    struct nmea_msg m;
    if (too_long) {
        nmea_note(n->parser, NMEA_R_TOO_LONG);
        n->rejected++;
        return;
    }
    int rc = nmea_push_line(n->parser, line, len, 0, &m, NULL);
    if (rc == 1)
        on_message(n, &m);
    else if (rc < 0 && rc != AISD_E_NOTTHIS)
        n->rejected++;
}

/* Queue to the mixer every pending burst that starts before sample limit,
 * placed on a free stretch of its channel at or after the next sample out. */
static int queue_bursts(struct nsim *n, double limit)
{
    uint8_t levels[MAX_LEVELS];
    double slot = SLOT_S * n->o->rate;
    double pos = (double)iq_sim_position(n->s);
    while (n->qn && n->q[n->qhead].start < limit) {
        struct pending *p = &n->q[n->qhead];
        n->qhead = (n->qhead + 1) % MAX_PENDING;
        n->qn--;
        int nl = iq_sim_levels(&p->frame, 0, levels, sizeof levels);
        if (nl < 0) {
            n->rejected++;
            continue;
        }
        int c = p->channel == 'B';
        double start = p->start;
        if (start < pos) { /* the input came too late for its time */
            n->late++;
            start = pos;
        }
        if (start < n->busy[c]) {
            n->shifted++;
            start = n->busy[c];
        }
        double len = (double)iq_sim_burst_length(n->s, (size_t)nl);
        n->busy[c] = start + ceil(len / slot) * slot;
        const struct nsim_opts *o = n->o;
        double ebn0 = sim_pick_ebn0(&n->r, o->ebn0_lo, o->ebn0_hi); /* in order: rng.h */
        double freq = sim_burst_freq(&n->r, o->ppm, o->tx_offset, p->channel);
        double phase = rng_range(&n->r, 0, 2 * M_PI);
        struct iq_sim_burst b = {levels, (size_t)nl, start, iq_sim_amplitude(n->s, ebn0),
                                 freq,   phase};
        int rc = iq_sim_add(n->s, &b);
        if (rc < 0) {
            fprintf(stderr, "aisctl sim: %s\n", aisd_strerror(rc));
            return rc;
        }
        n->bursts++;
        if (start + len > n->last_end) n->last_end = start + len;
    }
    return 0;
}

/* Read what the input has (waiting up to timeout_ms; -1: until data or the
 * end). Returns 1 at the end of the input, 0 otherwise, -1 on an error. */
static int read_input(struct nsim *n, int fd, struct nmea_reader *rd, int timeout_ms)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    int pr = poll(&pfd, 1, timeout_ms);
    if (pr < 0) return errno == EINTR ? 0 : -1;
    if (pr == 0) return 0;
    char buf[65536];
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (got == 0) {
        nmea_reader_finish(rd, on_line, n);
        nmea_flush(n->parser);
        return 1;
    }
    nmea_reader_push(rd, buf, (size_t)got, on_line, n);
    return 0;
}

static int render(struct nsim *n, size_t count, void *buf, FILE *out)
{
    double end = (double)(iq_sim_position(n->s) + count);
    if (queue_bursts(n, end) < 0) return -1;
    iq_sim_render(n->s, count, buf);
    if (sim_write(out, buf, count, n->o->format)) return -1;
    if (n->o->realtime) fflush(out);
    return 0;
}

/* The sample the output may reach now. */
static double render_limit(const struct nsim *n, int eof)
{
    const struct nsim_opts *o = n->o;
    if (!n->started) return 0;
    double limit = eof ? fmax(n->last_end, n->newest + 3 * SLOT_S * o->rate) + TAIL_S * o->rate
                       : n->newest; /* later messages start no earlier (or are moved) */
    if (o->realtime) {
        double paced = n->first_pos + (now_since(&n->w_first) - LAG_WALL_S) * o->speed * o->rate;
        limit = eof ? fmin(limit, paced) : paced;
    }
    return limit;
}

static int stream(struct nsim *n, int fd, FILE *out)
{
    const struct nsim_opts *o = n->o;
    struct nmea_reader_config rc = nmea_reader_config_default();
    struct nmea_reader *rd = nmea_reader_create(&rc);
    void *buf = malloc(BLOCK * iq_sim_sample_bytes(o->format));
    int eof = 0, rcode = 0;
    if (!rd || !buf) rcode = -1;
    while (!rcode) {
        uint64_t pos = iq_sim_position(n->s);
        double limit = render_limit(n, eof);
        if (limit >= (double)pos + 1) {
            double want = limit - (double)pos;
            size_t cnt = want > BLOCK ? BLOCK : (size_t)want;
            if (render(n, cnt, buf, out)) rcode = -1;
            if (!eof && n->qn < MAX_PENDING / 2 && read_input(n, fd, rd, 0) < 0) rcode = -1;
            continue;
        }
        if (eof) {
            double end = fmax(n->last_end, n->newest + 3 * SLOT_S * o->rate) + TAIL_S * o->rate;
            if (!n->started || ((double)pos + 1 >= end && !n->qn)) break;
            struct timespec ts = {0, 5000000};
            nanosleep(&ts, NULL);
            continue;
        }
        if (n->qn >= MAX_PENDING / 2) { /* the input is far ahead: let the output catch up */
            if (!o->realtime && render(n, BLOCK, buf, out)) rcode = -1;
            if (o->realtime) nanosleep(&(struct timespec){0, 5000000}, NULL);
            continue;
        }
        int r = read_input(n, fd, rd, o->realtime && n->started ? 5 : -1);
        if (r < 0)
            rcode = -1;
        else if (r == 1)
            eof = 1;
    }
    free(buf);
    nmea_reader_destroy(rd);
    return rcode;
}

static int run(const struct nsim_opts *o)
{
    struct nsim n = {.o = o, .newest = -1};
    rng_seed(&n.r, o->seed);
    struct nmea_config nc = nmea_config_default();
    n.parser = nmea_create(&nc);
    n.q = malloc(MAX_PENDING * sizeof *n.q);
    struct iq_sim_config c = sim_iq_config(o->rate, o->noise_counts, o->format, o->seed);
    n.s = iq_sim_create(&c);
    int fd = strcmp(o->input, "-") ? open(o->input, O_RDONLY | O_CLOEXEC) : 0;
    if (fd < 0) fprintf(stderr, "aisctl sim: %s: %s\n", o->input, strerror(errno));
    FILE *out = sim_open_output(o->output, fd >= 0);
    int rc = 1;
    if (fd >= 0 && out && n.parser && n.q && n.s && !stream(&n, fd, out)) rc = 0;
    if (sim_close_output(out)) rc = 1;
    if (fd > 0) close(fd);
    if (!o->quiet || rc) {
        struct iq_sim_stats st = n.s ? iq_sim_stats(n.s) : (struct iq_sim_stats){0};
        sim_summary_start(&st, o->rate);
        fprintf(stderr,
                "%llu messages, %llu bursts; moved to a free slot %llu, late %llu, without c: "
                "time %llu, without channel %llu, dropped %llu, rejected lines %llu, values "
                "clipped %llu\n",
                (unsigned long long)n.messages, (unsigned long long)n.bursts,
                (unsigned long long)n.shifted, (unsigned long long)n.late,
                (unsigned long long)n.untimed, (unsigned long long)n.bad_channel,
                (unsigned long long)n.dropped, (unsigned long long)n.rejected,
                (unsigned long long)st.clipped);
    }
    iq_sim_destroy(n.s);
    free(n.q);
    nmea_destroy(n.parser);
    return rc;
}

int ctl_sim_nmea(int argc, char **argv)
{
    struct nsim_opts o = {.input = "-",
                          .output = "-",
                          .format = IQ_SIM_CU8,
                          .rate = 288000,
                          .speed = 1,
                          .noise_counts = 12,
                          .tx_offset = 300,
                          .ebn0_lo = 12,
                          .ebn0_hi = 30,
                          .seed = 1};
    const struct sim_common_opts co = {&o.output,    &o.format,   &o.rate,         &o.seed,
                                       &o.ebn0_lo,   &o.ebn0_hi,  &o.noise_counts, &o.ppm,
                                       &o.tx_offset, &o.realtime, &o.format_given};
    enum { O_FROM = 256, O_START, O_SPEED, O_QUIET };
    static const struct option lo[] = {
        SIM_COMMON_LONG_OPTS,
        {"from-nmea", required_argument, 0, O_FROM},
        {"start", required_argument, 0, O_START},
        {"speed", required_argument, 0, O_SPEED},
        {"quiet", no_argument, 0, O_QUIET},
        {0, 0, 0, 0},
    };
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, SIM_COMMON_SHORT_OPTS, lo, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case O_FROM:
            o.input = optarg;
            break;
        case O_START:
            o.has_start = 1;
            if (!strcmp(optarg, "now")) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                o.start_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
            } else {
                bad = utc_parse(optarg, &o.start_ms) != 0;
            }
            break;
        case O_SPEED:
            bad = parse_num(optarg, &o.speed) || !(o.speed > 0);
            break;
        case O_QUIET:
            o.quiet = 1;
            break;
        case 'h':
        case SIM_O_HELP:
            ctl_sim_nmea_usage(stdout);
            return 0;
        default:
            if (sim_common_option(ch, optarg, &co, &bad)) break;
            ctl_sim_nmea_usage(stderr);
            return EXIT_USAGE;
        }
        if (bad) return sim_bad_value(argv);
    }
    if (sim_extra_argument(argc, argv)) return EXIT_USAGE;
    if (sim_format_from_output(&co)) return EXIT_USAGE;
    return run(&o);
}
