/* ctl_sub.c: `aisctl sub`: subscribe to aisd's ZeroMQ feed and show it, one
 * readable line per message (alerts stand out), or raw "topic json" lines with
 * --json. Reports gaps in the per-topic sequence numbers (lost messages), and
 * on stderr when aisd restarted or its heartbeats stopped (daemon/sub_watch;
 * the status topic is subscribed for that even when it is not shown).
 * Alerts are shown in red only on a terminal (--color to choose). */
#include "daemon/ctl.h"
#include "daemon/ctlzmq.h"
#include "daemon/sub_watch.h"
#include "decode/jparse.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define SUB_MAX_TOPICS 16
#define SUB_SEQ_SLOTS 64

struct seqtrack {
    char topic[SUB_SEQ_SLOTS][24];
    unsigned long long last[SUB_SEQ_SLOTS];
    int n;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: aisctl sub [--connect ENDPOINT] [--topic PREFIX]... [--json]\n"
            "                  [--count N] [--timeout S] [--color=auto|always|never]\n"
            "                  [--server-key FILE [--key FILE]]\n\n"
            "Show aisd's live feed. Topics: nmea, ais.<type>, vessel, alert.<type>, status.\n"
            "  --connect ENDPOINT  aisd's publisher (default tcp://127.0.0.1:5556)\n"
            "  --topic PREFIX      only topics starting with PREFIX (up to 16; default all)\n"
            "  --json              print raw 'topic json' lines instead of the readable view\n"
            "  --count N           exit 0 after N messages (N >= 1)\n"
            "  --timeout S         give up after S seconds (exit 1 if --count was not reached,\n"
            "                      else 0; default: no limit)\n"
            "  --color=WHEN        alerts in red: auto (default: only when stdout is a\n"
            "                      terminal and NO_COLOR is not set), always, never\n"
            "  --no-color          the same as --color=never\n"
            "  --server-key FILE   the daemon's public key (.pub): connect with CURVE\n"
            "  --key FILE          this subscriber's key pair (.key, from aisctl keygen; with\n"
            "                      --server-key; without it a throw-away pair)\n\n"
            "On stderr: when aisd restarted (its message numbers started over or its uptime\n"
            "went back), when its status heartbeats stop for more than %d intervals, and when\n"
            "they come back. The status topic is subscribed for that even when --topic leaves\n"
            "it out (it is then neither shown nor counted).\n",
            SUB_WATCH_MISSED);
}

/* One message: its text and the tree read from it (NULL when not JSON). */
struct msg {
    const char *json;
    struct jparse_val *root;
};

/* The first member named key (at any depth) as text: 0, or -1 if absent. */
static int member(const struct msg *m, const char *key, char *out, size_t max)
{
    return jparse_text(m->json, jparse_find(m->root, key), out, max);
}

/* HH:MM:SSZ of the message's event time: "time" as unix seconds or ISO 8601
 * (alerts), else "last" (vessels), else now. */
static void clock_str(const struct msg *m, char *out, size_t max)
{
    char t[64];
    if (member(m, "time", t, sizeof t) && member(m, "last", t, sizeof t)) t[0] = 0;
    const char *iso = strchr(t, 'T');
    if (iso && strlen(iso) >= 9) {
        snprintf(out, max, "%.8sZ", iso + 1);
        return;
    }
    time_t secs = *t ? (time_t)atof(t) : time(NULL);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(out, max, "%H:%M:%SZ", &tm);
}

static const char *get(const struct msg *m, const char *key, char *buf, size_t max)
{
    return member(m, key, buf, max) ? "-" : buf;
}

/* The escape sequences around an alert's type: red, or nothing. */
struct colours {
    const char *alert, *reset;
};

/* --color's value: 1 colour, 0 none, -1 not a valid WHEN. auto: only on a
 * terminal (pipes and files get plain text), and not when NO_COLOR is set. */
static int colour_wanted(const char *when)
{
    if (!strcmp(when, "always")) return 1;
    if (!strcmp(when, "never")) return 0;
    if (strcmp(when, "auto")) return -1;
    const char *no = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no && *no);
}

static void show(const char *topic, const struct msg *m, const struct colours *col)
{
    char ts[32], a[128], b[128], c[128], d[128], e[128], f[256];
    clock_str(m, ts, sizeof ts);
    if (!strncmp(topic, "alert.", 6)) {
        char ex[256] = "";
        if (!member(m, "zone", d, sizeof d))
            snprintf(ex, sizeof ex, " zone %s", d);
        else if (!member(m, "silence_s", d, sizeof d))
            snprintf(ex, sizeof ex, " silent %ss", d);
        else if (!member(m, "duration_s", d, sizeof d))
            snprintf(ex, sizeof ex, " after %ss", d);
        printf("%s %sALERT %-18s%s mmsi %-9s %-20s conf %-5s%s %s\n", ts, col->alert, topic + 6,
               col->reset, get(m, "mmsi", a, sizeof a), member(m, "name", b, sizeof b) ? "" : b,
               get(m, "confidence", c, sizeof c), ex, get(m, "reasons", f, sizeof f));
    } else if (!strcmp(topic, "vessel")) {
        printf("%s vessel mmsi %-9s %-20s lat %-10s lon %-11s sog %-5s%s\n", ts,
               get(m, "mmsi", a, sizeof a), member(m, "name", b, sizeof b) ? "" : b,
               get(m, "lat", c, sizeof c), get(m, "lon", d, sizeof d), get(m, "sog", e, sizeof e),
               !member(m, "dark", f, sizeof f) && !strcmp(f, "true") ? " DARK" : "");
    } else if (!strncmp(topic, "ais.", 4)) {
        printf("%s %-6s mmsi %-9s lat %-10s lon %-11s speed %-5s course %-5s %s\n", ts, topic,
               get(m, "mmsi", a, sizeof a), get(m, "lat", b, sizeof b), get(m, "lon", c, sizeof c),
               get(m, "speed", d, sizeof d), get(m, "course", e, sizeof e),
               member(m, "shipname", f, sizeof f) ? "" : f);
    } else if (!strcmp(topic, "nmea")) {
        printf("%s nmea   %s\n", ts, get(m, "nmea", f, sizeof f));
    } else if (!strcmp(topic, "status")) {
        char fr[64], state[32], why[256];
        printf("%s status up %ss samples %s drops %s frames %s ppm %s vessels %s sentences %s", ts,
               get(m, "uptime", a, sizeof a), get(m, "samples", b, sizeof b),
               get(m, "drops", c, sizeof c), get(m, "frames", fr, sizeof fr),
               get(m, "ppm", d, sizeof d), get(m, "vessels", e, sizeof e),
               get(m, "sentences", f, sizeof f));
        /* why nothing is heard: a live input that is down (aisd waits for it) */
        if (!member(m, "input_state", state, sizeof state) && strcmp(state, "receiving")) {
            printf(" input %s", state);
            if (!member(m, "input_error", why, sizeof why) && *why) printf(": %s", why);
        }
        putchar('\n');
    } else {
        printf("%s %s %s\n", ts, topic, m->json);
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when the --topic prefixes (none: all) take in the status topic. */
static int shows_status(const char *const *topics, int ntopics)
{
    if (!ntopics) return 1;
    for (int i = 0; i < ntopics; i++)
        if (!strncmp("status", topics[i], strlen(topics[i]))) return 1;
    return 0;
}

/* What the daemon's message numbers and heartbeats tell (sub_watch), on
 * stderr with the time. */
static void say(const char *notice)
{
    if (!*notice) return;
    char ts[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%H:%M:%SZ", &tm);
    fflush(stdout);
    fprintf(stderr, "aisctl sub: %s %s\n", ts, notice);
}

static void watch(struct sub_watch *w, const char *topic, const struct msg *m)
{
    char v[32], up[32], iv[32], notice[320];
    if (!member(m, "pub_seq", v, sizeof v)) {
        sub_watch_seq(w, now_s(), strtoull(v, NULL, 10), notice, sizeof notice);
        say(notice);
    }
    if (!strcmp(topic, "status") && !member(m, "uptime", up, sizeof up)) {
        double interval = member(m, "status_interval", iv, sizeof iv) ? 0 : atof(iv);
        sub_watch_status(w, now_s(), atof(up), interval, notice, sizeof notice);
        say(notice);
    }
}

/* Returns the number of messages lost on this topic since the last one seen. */
static unsigned long long seq_gap(struct seqtrack *s, const char *topic, const struct msg *m)
{
    char v[32];
    if (member(m, "topic_seq", v, sizeof v)) return 0;
    unsigned long long q = strtoull(v, NULL, 10);
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->topic[i], topic)) {
            unsigned long long gap = q > s->last[i] + 1 ? q - s->last[i] - 1 : 0;
            s->last[i] = q;
            return gap;
        }
    if (s->n < SUB_SEQ_SLOTS && strlen(topic) < sizeof s->topic[0]) {
        strcpy(s->topic[s->n], topic);
        s->last[s->n++] = q;
    }
    return 0;
}

int ctl_sub(int argc, char **argv)
{
    struct ctlzmq_opts zo = {"tcp://127.0.0.1:5556", NULL, NULL};
    const char *topics[SUB_MAX_TOPICS];
    int ntopics = 0, json = 0;
    long count = -1;
    double timeout = -1;
    const char *when = "auto";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = ctlzmq_option(&zo, argc, argv, &i);
        if (r < 0) {
            fprintf(stderr, "aisctl sub: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        if (r) continue;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--json"))
            json = 1;
        else if (!strncmp(a, "--color=", 8) || !strncmp(a, "--colour=", 9))
            when = strchr(a, '=') + 1;
        else if ((!strcmp(a, "--color") || !strcmp(a, "--colour")) && i + 1 < argc)
            when = argv[++i];
        else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour"))
            when = "never";
        else if (!strcmp(a, "--topic") && i + 1 < argc && ntopics < SUB_MAX_TOPICS)
            topics[ntopics++] = argv[++i];
        else if (!strcmp(a, "--topic") && i + 1 < argc) {
            fprintf(stderr, "aisctl sub: at most %d --topic\n", SUB_MAX_TOPICS);
            return EXIT_USAGE;
        } else if (!strcmp(a, "--count") && i + 1 < argc) {
            double v;
            if (ctlzmq_number("aisctl sub", a, argv[++i], 1, 1e15, 1, &v)) return EXIT_USAGE;
            count = (long)v;
        } else if (!strcmp(a, "--timeout") && i + 1 < argc) {
            if (ctlzmq_number("aisctl sub", a, argv[++i], 0, 1e6, 0, &timeout)) return EXIT_USAGE;
        } else if (i + 1 == argc &&
                   (!strcmp(a, "--topic") || !strcmp(a, "--count") || !strcmp(a, "--timeout") ||
                    !strcmp(a, "--color") || !strcmp(a, "--colour"))) {
            fprintf(stderr, "aisctl sub: %s needs a value\n", a);
            return EXIT_USAGE;
        } else {
            fprintf(stderr, "aisctl sub: unexpected '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    int colour = colour_wanted(when);
    if (colour < 0) {
        fprintf(stderr, "aisctl sub: --color must be auto, always or never, not '%s'\n", when);
        return EXIT_USAGE;
    }
    const struct colours col = {colour ? "\033[1;31m" : "", colour ? "\033[0m" : ""};
    if (ctlzmq_check(&zo, "aisctl sub")) return EXIT_USAGE;
    void *ctx = zmq_ctx_new();
    void *s = ctlzmq_socket(ctx, ZMQ_SUB, &zo, "aisctl sub");
    if (!s) {
        zmq_ctx_term(ctx);
        return 1;
    }
    if (!ntopics) zmq_setsockopt(s, ZMQ_SUBSCRIBE, "", 0);
    for (int i = 0; i < ntopics; i++)
        zmq_setsockopt(s, ZMQ_SUBSCRIBE, topics[i], strlen(topics[i]));
    int show_status = shows_status(topics, ntopics);
    if (!show_status) zmq_setsockopt(s, ZMQ_SUBSCRIBE, "status", 6); /* the heartbeat, unshown */
    struct sub_watch w = {0};
    if (!json)
        fprintf(stderr, "aisctl sub: listening on %s%s\n", zo.connect,
                zo.server_key ? " (CURVE)" : "");
    struct seqtrack *st = calloc(1, sizeof *st);
    double end = timeout >= 0 ? now_s() + timeout : 0;
    long got = 0;
    int rc = 0;
    char topic[64];
    size_t cap = 1 << 16;
    char *buf = malloc(cap + 1);
    while (st && buf && (count < 0 || got < count)) {
        int wait = 500;
        if (timeout >= 0) {
            double left = end - now_s();
            if (left <= 0) {
                rc = count >= 0 ? 1 : 0;
                break;
            }
            wait = left < 0.5 ? (int)(left * 1000) + 1 : 500;
        }
        zmq_pollitem_t pi = {s, 0, ZMQ_POLLIN, 0};
        int pr = zmq_poll(&pi, 1, wait);
        if (pr < 0 && errno != EINTR) {
            rc = 1;
            break;
        }
        char notice[320];
        sub_watch_idle(&w, now_s(), notice, sizeof notice);
        say(notice);
        if (pr <= 0) continue;
        int tl = zmq_recv(s, topic, sizeof topic - 1, 0);
        if (tl < 0) continue;
        topic[tl < (int)sizeof topic - 1 ? tl : (int)sizeof topic - 1] = 0;
        int more = 0;
        size_t ml = sizeof more;
        zmq_getsockopt(s, ZMQ_RCVMORE, &more, &ml);
        if (!more) continue;
        int n = zmq_recv(s, buf, cap, 0);
        if (n < 0) continue;
        buf[n < (int)cap ? n : (int)cap] = 0;
        struct msg m = {buf, jparse(buf, (size_t)n < cap ? (size_t)n : cap, NULL, 0)};
        watch(&w, topic, &m);
        if (!show_status && !strcmp(topic, "status")) { /* subscribed for the watch only */
            jparse_free(m.root);
            continue;
        }
        got++;
        unsigned long long lost = seq_gap(st, topic, &m);
        if (json) {
            printf("%s %s\n", topic, buf);
        } else {
            if (lost) printf("(%llu %s message%s lost)\n", lost, topic, lost == 1 ? "" : "s");
            show(topic, &m, &col);
        }
        jparse_free(m.root);
        fflush(stdout);
    }
    free(buf);
    free(st);
    zmq_close(s);
    zmq_ctx_term(ctx);
    return rc;
}
