/* ctl_rx.c: `aisctl rx`: demodulate an IQ (or discriminator) file or stdin and
 * print NMEA sentences; --meta adds a tag block with each frame's signal
 * metadata; a summary goes to stderr. Also holds what `aisctl sweep` shares:
 * opening a sample file the way rx does (read by dsp/iq_source, aisd's reader),
 * running the receiver over it, and the frame printer (sentences from
 * decode/nmea_encode, the signal metadata in the tag block's t: field). */
#include "daemon/ctl.h"
#include "daemon/ctl_rx.h"
#include "decode/utc.h"
#include "decode/err.h"
#include "decode/nmea_encode.h"

#include "dsp/disc_demod.h"
#include "dsp/dispatch.h"
#include "dsp/iq_source.h"
#include "dsp/receiver.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- sample input (dsp/iq_source) ---- */

int rx_format_parse(const char *s)
{
    if (!strcmp(s, "disc")) return IQ_SRC_DISC_ANY; /* text or raw s16, by its content */
    int f = iq_source_format_parse(s);
    return f <= IQ_SRC_WAV ? f : -1;
}

int rx_format_guess(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && (!strcmp(dot, ".num") || !strcmp(dot, ".disc"))) return IQ_SRC_DISC_ANY;
    int f = iq_source_format_guess(path);
    return f >= 0 ? f : IQ_SRC_CU8;
}

struct iq_source *rx_source_open(const char *path, int fmt, double rate, double *rate_used)
{
    if (!path) path = "-";
    if (fmt < 0) fmt = rx_format_guess(path);
    int raw_iq = fmt <= IQ_SRC_CF32;
    struct iq_source_config c = iq_source_config_default();
    c.path = path;
    c.format = (enum iq_source_format)fmt;
    c.rate = rate > 0 ? rate : raw_iq ? 288000 : 0; /* discriminator audio: 48000 */
    struct iq_source *src = iq_source_create(&c);
    if (!src) return NULL;
    double r = iq_source_rate(src);
    if (fmt == IQ_SRC_WAV) {
        if (!(r >= 8000 && r <= 20e6)) {
            fprintf(stderr, "aisctl: %s: WAV header says %.0f S/s: want 8000..20000000 S/s\n", path,
                    r);
            iq_source_destroy(src);
            return NULL;
        }
        if (rate > 0) r = rate; /* --rate wins over the header */
    }
    *rate_used = r;
    return src;
}

/* ---- NMEA output (decode/nmea_encode) ---- */

void rx_print_frame(FILE *out, const struct rx_frame *f, int meta, unsigned *seq)
{
    struct nmea_tag tag;
    memset(&tag, 0, sizeof tag);
    if (meta) { /* s:, c: in ms, and the signal metadata in t: */
        tag.fields = NMEA_TAG_SOURCE | NMEA_TAG_TIME | NMEA_TAG_TEXT;
        snprintf(tag.source, sizeof tag.source, "aisd");
        tag.time_ms = (int64_t)llround(f->time * 1000.0);
        tag.time_was_ms = 1;
        snprintf(tag.text, sizeof tag.text, "%c/%.1fdBFS/snr%.1f/df%.0fHz/fix%u/n%llu", f->channel,
                 f->level_dbfs, f->snr_db, f->freq_hz, f->corrected_bits,
                 (unsigned long long)f->sample);
    }
    struct nmea_encode_opts o = {.channel = f->channel,
                                 .seqid = (int)(*seq % 10),
                                 .tag = meta ? &tag : NULL,
                                 .group_id = *seq % 10 + 1};
    char buf[NMEA_ENCODE_OUT_MAX];
    unsigned nsentences = 0;
    if (nmea_encode(f->frame.bytes, (size_t)f->frame.nbytes * 8, &o, buf, sizeof buf,
                    &nsentences) <= 0)
        return;
    if (nsentences > 1) *seq = (*seq + 1) % 10;
    /* one sentence per line, LF-terminated on stdout */
    for (char *line = buf, *eol; *line; line = eol + 2) {
        eol = strstr(line, "\r\n");
        if (!eol) break;
        fprintf(out, "%.*s\n", (int)(eol - line), line);
    }
}

/* ---- the command ---- */

struct rx_run {
    FILE *out;
    int meta;
    unsigned seq;
    double start_s; /* Unix time of the first sample: c: = it + sample / rate */
};

static void on_frame(void *ctx, const struct rx_frame *f)
{
    struct rx_run *run = ctx;
    struct rx_frame at = *f;
    at.time += run->start_s;
    rx_print_frame(run->out, &at, run->meta, &run->seq);
}

/* --start: "now", "file" or an ISO UTC time -> run->start_s; how it was
 * chosen into how. src is path opened at rate (for "file": the recording's
 * length). 0, or -1 after saying why not. */
static int rx_start_time(const char *start, const char *path, const struct iq_source *src,
                         double rate, struct rx_run *run, char *how, size_t howlen)
{
    struct stat st;
    int regular = strcmp(path, "-") && !stat(path, &st) && S_ISREG(st.st_mode);
    if (!start) start = regular ? "file" : "now"; /* stdin, a pipe: a live stream */
    int64_t ms;
    if (!strcmp(start, "now")) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        run->start_s = (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
        snprintf(how, howlen, "the wall clock when aisctl rx started%s",
                 regular ? "" : ": not a regular file, taken as a live stream");
    } else if (!strcmp(start, "file")) {
        if (!regular) {
            fprintf(stderr,
                    "aisctl rx: --start file needs a regular file ('%s' is not one): "
                    "give --start ISO or now\n",
                    path);
            return -1;
        }
        double mtime = (double)st.st_mtim.tv_sec + (double)(st.st_mtim.tv_nsec / 1000000) / 1000.0;
        int64_t samples = iq_source_length(src); /* -1: text, not known before it is read */
        double secs = samples >= 0 ? (double)samples / rate : -1;
        run->start_s = secs >= 0 ? mtime - secs : mtime;
        if (secs >= 0)
            snprintf(how, howlen,
                     "the file's modification time less its length, %.3f s: a capture is last "
                     "written at its end; --start ISO gives its true start",
                     secs);
        else
            snprintf(how, howlen,
                     "the file's modification time (a text file's length is not "
                     "known before it is read); --start ISO gives its true start");
    } else if (!utc_parse(start, &ms)) {
        run->start_s = (double)ms / 1000.0;
        snprintf(how, howlen, "--start");
    } else {
        fprintf(stderr,
                "aisctl rx: --start '%s': expected UTC as 2026-11-22T06:00:00Z, now or "
                "file\n",
                start);
        return -1;
    }
    return 0;
}

static void usage(FILE *o)
{
    fprintf(
        o,
        "usage: aisctl rx [OPTIONS] FILE|-\n"
        "Demodulates AIS from an IQ file (or FM-discriminator audio) and prints the NMEA\n"
        "sentences on stdout; a summary (frames per channel, CRC failures, corrected bits,\n"
        "tuner estimate in ppm, real-time factor; detector hits, correction and overlap\n"
        "retry counters, hits and frames dropped by full tables) goes to stderr.\n"
        "\n"
        "  --format F     cu8 | cs8 | cs16 | cf32 | wav | disc (default: from the file name's\n"
        "                 extension: .cs8/.cs16/.cf32/.wav as named, .num/.disc = disc,\n"
        "                 .txt = text and .s16 = raw 16-bit discriminator audio; cu8\n"
        "                 otherwise). wav: 2 channels of 8/16-bit PCM or 32-bit float I/Q,\n"
        "                 or 1 channel of 16-bit PCM or 32-bit float discriminator audio.\n"
        "                 disc: discriminator audio, text (one sample per line, as\n"
        "                 gnuais' .num) or raw 16-bit little-endian, told by its first byte\n"
        "  --rate HZ      sample rate (default 288000 for IQ, 48000 for disc, a WAV's header)\n"
        "  --centre HZ    tuner centre frequency (default 162000000)\n"
        "  --ppm PPM      known tuner error; turns acquisition off (default: acquire and track)\n"
        "  --no-acquire   start at 0 ppm (tracking stays on)\n"
        "  --meta         prefix each sentence with a tag block: c: time (Unix ms, see\n"
        "                 --start), s:aisd, t: channel/level/SNR/frequency offset/corrected\n"
        "                 bits/sample index of the start of the burst's training sequence\n"
        "  --start T      the UTC time of the file's first sample: c: = T + sample / rate.\n"
        "                 T: ISO 8601 (2026-11-22T06:00:00.000Z); now (the wall clock, the\n"
        "                 default for stdin and pipes); file (the default for a regular file:\n"
        "                 its modification time less its length, as a capture is last\n"
        "                 written at its end)\n"
        "Tuning the IQ receiver (for experiments; the defaults are the measured ones, see\n"
        "docs/receiver.md; the discriminator path ignores them):\n"
        "  --no-correct   no CRC-aided correction\n"
        "  --no-pass2     no second demodulation pass on failure\n"
        "  --threshold R  preamble detector threshold, 0..1\n"
        "  --gate E       correction gate on the soft-value error\n"
        "  --cost C       correction ceiling on the flipped symbols' summed LLR\n"
        "  --score S      correction ceiling on -ln P(error pattern)\n"
        "  --flips K      least reliable symbols searched (default 16 for type 5, 12 else)\n"
        "  --max-flips N  symbols flipped at most\n"
        "  --cands N      CRC-checked candidates per burst at most\n");
}

/* Process CPU time: the machine is shared, so wall time would understate
 * the single-thread speed. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The value after option argv[*i] as a whole number in [lo, hi]: 0, or -1
 * with a message naming the option (a typo must not silently become 0). */
static int opt_value(int argc, char **argv, int *i, double lo, double hi, double *v)
{
    const char *name = argv[*i];
    if (*i + 1 >= argc) {
        fprintf(stderr, "aisctl: %s needs a value\n", name);
        return -1;
    }
    const char *s = argv[++*i];
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || *end || errno || !(*v >= lo && *v <= hi)) {
        fprintf(stderr, "aisctl: bad value for %s: '%s' (a number from %g to %g)\n", name, s, lo,
                hi);
        return -1;
    }
    return 0;
}

int rx_parse_common(int argc, char **argv, int *i, struct rx_opts *o)
{
    const char *a = argv[*i];
    double v;
    if (!strcmp(a, "--format")) {
        if (*i + 1 >= argc || (o->fmt = rx_format_parse(argv[*i + 1])) < 0) {
            fprintf(stderr, "aisctl: --format takes cu8, cs8, cs16, cf32, wav or disc\n");
            return -1;
        }
        ++*i;
        return 1;
    }
    if (!strcmp(a, "--rate")) {
        if (opt_value(argc, argv, i, 1e3, 1e8, &o->rate) < 0) return -1;
        return 1;
    }
    if (!strcmp(a, "--centre") || !strcmp(a, "--center")) {
        if (opt_value(argc, argv, i, 1e6, 6e9, &o->centre) < 0) return -1;
        return 1;
    }
    if (!strcmp(a, "--ppm")) {
        if (opt_value(argc, argv, i, -500, 500, &o->ppm) < 0) return -1;
        o->acquire = 0;
        return 1;
    }
    if (!strcmp(a, "--no-acquire")) {
        o->acquire = 0;
        return 1;
    }
    if (!strcmp(a, "--no-correct")) {
        o->correct = 0;
        return 1;
    }
    if (!strcmp(a, "--no-pass2")) {
        o->pass2 = 0;
        return 1;
    }
    if (!strcmp(a, "--gate")) return opt_value(argc, argv, i, 0, 1e6, &o->gate) < 0 ? -1 : 1;
    if (!strcmp(a, "--cost")) return opt_value(argc, argv, i, 0, 1e6, &o->cost) < 0 ? -1 : 1;
    if (!strcmp(a, "--score")) return opt_value(argc, argv, i, 0, 1e6, &o->score) < 0 ? -1 : 1;
    if (!strcmp(a, "--threshold"))
        return opt_value(argc, argv, i, 0, 1, &o->threshold) < 0 ? -1 : 1;
    if (!strcmp(a, "--flips") || !strcmp(a, "--max-flips") || !strcmp(a, "--cands")) {
        if (opt_value(argc, argv, i, 0, 1e6, &v) < 0) return -1;
        if (v != (int)v) {
            fprintf(stderr, "aisctl: %s takes a whole number\n", a);
            return -1;
        }
        *(!strcmp(a, "--flips")       ? &o->nflip
          : !strcmp(a, "--max-flips") ? &o->maxflips
                                      : &o->cands) = (int)v;
        return 1;
    }
    return 0;
}

void rx_opts_default(struct rx_opts *o)
{
    memset(o, 0, sizeof *o);
    o->fmt = -1;
    o->centre = 162.0e6;
    o->acquire = 1;
    o->correct = 1;
    o->pass2 = 1;
    o->gate = o->cost = o->threshold = o->score = -1;
    o->nflip = o->maxflips = o->cands = -1;
}

void rx_config_from_opts(const struct rx_opts *o, double rate, struct receiver_config *rc)
{
    receiver_config_default(rc);
    rc->rate = rate;
    rc->centre_hz = o->centre;
    rc->tuner.acquire = o->acquire;
    rc->tuner.initial_hz = o->ppm * 1e-6 * o->centre;
    rc->demod.correct = o->correct;
    rc->demod.pass2 = o->pass2;
    rc->demod.verbose = getenv("AISD_RX_DEBUG") != NULL;
    if (o->gate >= 0) rc->demod.fix.gate = (float)o->gate;
    if (o->cost >= 0) rc->demod.fix.cost_max = (float)o->cost;
    if (o->score >= 0) rc->demod.fix.score_max = (float)o->score;
    if (o->nflip >= 0) {
        rc->demod.fix.nflip = (unsigned)o->nflip;
        rc->demod.fix.nflip_short = 0; /* K for every length */
    }
    if (o->maxflips >= 0) rc->demod.fix.max_flips = (unsigned)o->maxflips;
    if (o->cands >= 0) rc->demod.fix.max_cands = (unsigned)o->cands;
    if (rc->demod.fix.max_flips > rc->demod.fix.nflip)
        rc->demod.fix.max_flips = rc->demod.fix.nflip;
    if (o->threshold > 0) rc->demod.det.threshold = (float)o->threshold;
}

/* "aisctl: NAME: BEFORE<n>AFTER" on stderr when the reader skipped, clamped or
 * replaced n of something (nothing when n is 0). */
static void say_count(const char *name, const char *before, uint64_t n, const char *after)
{
    if (n) fprintf(stderr, "aisctl: %s: %s%llu%s\n", name, before, (unsigned long long)n, after);
}

int rx_run_source(const struct rx_opts *o, struct iq_source *src, double rate, const char *name,
                  receiver_cb cb, void *ctx, struct receiver_stats *st, double *seconds,
                  double *wall)
{
    if (!name) name = "-";
    dispatch_init();
    double t0 = now_s();
    float *buf = malloc(65536 * sizeof *buf);
    if (!buf) return 1;
    memset(st, 0, sizeof *st);
    size_t n;
    if (iq_source_is_disc(src)) {
        struct disc_demod_config dc;
        disc_demod_config_default(&dc);
        dc.rate = rate;
        dc.demod.verbose = getenv("AISD_RX_DEBUG") != NULL;
        if (o->gate >= 0) dc.demod.fix.gate = (float)o->gate;
        if (o->maxflips >= 0) dc.demod.fix.max_flips = (unsigned)o->maxflips;
        if (o->cost >= 0) dc.demod.fix.cost_max = (float)o->cost;
        dc.on_frame = cb;
        dc.ctx = ctx;
        struct disc_demod *dd = disc_demod_create(&dc);
        if (!dd) {
            free(buf);
            return 64;
        }
        while (iq_source_read_disc(src, buf, 65536, &n) == 0 && n)
            disc_demod_execute(dd, buf, n);
        disc_demod_flush(dd);
        disc_demod_get_stats(dd, st);
        disc_demod_destroy(dd);
    } else {
        struct receiver_config rcfg;
        rx_config_from_opts(o, rate, &rcfg);
        rcfg.on_frame = cb;
        rcfg.ctx = ctx;
        struct receiver *r = receiver_create(&rcfg);
        if (!r) {
            free(buf);
            return 64;
        }
        enum kern_format kf = iq_source_kern_format(src);
        while (iq_source_read(src, buf, 65536 / 2, &n) == 0 && n)
            receiver_execute(r, kf, buf, n);
        receiver_flush(r);
        receiver_get_stats(r, st);
        receiver_destroy(r);
    }
    free(buf);
    struct iq_source_stats is;
    iq_source_get_stats(src, &is);
    *seconds = (double)is.samples / rate;
    *wall = now_s() - t0;
    say_count(name, "skipped ", is.bad_lines, " lines that are not a number");
    say_count(name, "", is.clipped, " samples outside -32768..32767, clamped");
    say_count(name, "", is.nonfinite, " NaN or infinite sample values, replaced by 0");
    say_count(name, "ignored ", is.partial_bytes, " trailing bytes (not a whole sample)");
    say_count(name, "the file ends ", is.missing_bytes,
              " bytes before the end of the data its WAV header declares (a recording cut "
              "short?)");
    if (is.io_errors) { /* a directory, an I/O error: not the end of a recording */
        fprintf(stderr,
                "aisctl: %s: read error (a directory? an I/O error?): the input was cut "
                "short there\n",
                name);
        return 1;
    }
    return 0;
}

int rx_run_file(const struct rx_opts *o, const char *path, receiver_cb cb, void *ctx,
                struct receiver_stats *st, double *seconds, double *wall)
{
    double rate;
    struct iq_source *src = rx_source_open(path, o->fmt, o->rate, &rate);
    if (!src) return 1;
    int rc = rx_run_source(o, src, rate, path, cb, ctx, st, seconds, wall);
    iq_source_destroy(src);
    return rc;
}

int ctl_rx(int argc, char **argv)
{
    struct rx_opts o;
    rx_opts_default(&o);
    int meta = 0;
    const char *path = NULL, *start = NULL;
    for (int i = 1; i < argc; i++) {
        int k = rx_parse_common(argc, argv, &i, &o);
        if (k < 0) {
            fprintf(stderr, "(aisctl rx --help lists the options)\n");
            return EXIT_USAGE;
        }
        if (k) continue;
        if (!strcmp(argv[i], "--meta"))
            meta = 1;
        else if (!strcmp(argv[i], "--start")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "aisctl rx: --start needs a value (ISO time, now or file)\n");
                return EXIT_USAGE;
            }
            start = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) { /* the whole usage said nothing of it */
            fprintf(stderr, "aisctl rx: unknown option '%s' (aisctl rx --help lists the options)\n",
                    argv[i]);
            return EXIT_USAGE;
        } else if (path) { /* a glob: only the last file was read, in silence */
            fprintf(stderr, "aisctl rx: one FILE at a time ('%s', then '%s'): loop in the shell\n",
                    path, argv[i]);
            return EXIT_USAGE;
        } else
            path = argv[i];
    }
    if (!path) {
        usage(stderr);
        return EXIT_USAGE;
    }
    double rate;
    struct iq_source *src = rx_source_open(path, o.fmt, o.rate, &rate);
    if (!src) return 1;
    struct rx_run run = {stdout, meta, 0, 0};
    char how[200];
    if (rx_start_time(start, path, src, rate, &run, how, sizeof how)) {
        iq_source_destroy(src);
        return EXIT_USAGE;
    }
    if (meta) {
        char when[40];
        utc_format((int64_t)llround(run.start_s * 1000.0), when, sizeof when);
        fprintf(stderr, "aisctl rx: c: = %s + sample / rate (%s)\n", when, how);
    }
    struct receiver_stats st;
    double secs = 0, wall = 0;
    int rc = rx_run_source(&o, src, rate, path, on_frame, &run, &st, &secs, &wall);
    iq_source_destroy(src);
    if (rc) return rc;
    fflush(stdout);
    fprintf(stderr,
            "aisctl rx: %.1f s of input in %.2f s CPU (%.0fx real time); frames A %llu B %llu; "
            "CRC failures %llu; corrected %llu frames (%llu bits); duplicates %llu; images %llu; "
            "tuner %+.0f Hz (%+.2f ppm%s)\n",
            secs, wall, wall > 0 ? secs / wall : 0, (unsigned long long)st.frames[0],
            (unsigned long long)st.frames[1], (unsigned long long)st.crc_fail,
            (unsigned long long)st.corrected, (unsigned long long)st.corrected_bits,
            (unsigned long long)st.duplicates, (unsigned long long)st.images, st.offset_hz, st.ppm,
            st.locked ? "" : ", not locked");
    fprintf(stderr,
            "aisctl rx: hits %llu, no sync %llu, no frame %llu; correction searches %llu, gated "
            "%llu, ambiguous %llu, candidates CRC-checked %llu; plain decodes failing the CRC "
            "%llu (distinct frames); overlap retries %llu, frames %llu, CRC checks %llu; tables "
            "full: hits dropped %llu, frames dropped %llu\n",
            (unsigned long long)st.hits, (unsigned long long)st.nosync,
            (unsigned long long)st.noframe, (unsigned long long)st.fix_searches,
            (unsigned long long)st.fix_gated, (unsigned long long)st.fix_ambiguous,
            (unsigned long long)st.fix_tried, (unsigned long long)st.plain_failed,
            (unsigned long long)st.overlap_retries, (unsigned long long)st.overlap_frames,
            (unsigned long long)st.overlap_checked, (unsigned long long)st.hits_dropped,
            (unsigned long long)st.frames_dropped);
    return 0;
}
