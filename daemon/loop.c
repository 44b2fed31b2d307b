/* loop.c: the main event loop: zmq_poll over the pipeline's eventfd, the
 * publisher (subscriptions), the query and ZAP sockets, the NMEA TCP server,
 * a signalfd and a 1 s timerfd. See loop.h. */
#include "daemon/loop.h"

#include "daemon/ingest.h"
#include "daemon/nmeaout.h"
#include "daemon/notify.h"
#include "daemon/pipeline.h"
#include "daemon/pub.h"
#include "daemon/query.h"
#include "daemon/rawlog.h"
#include "daemon/state.h"
#include "daemon/zap.h"
#include "daemon/zkeys.h"

#include "decode/jsonw.h"
#include "decode/log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <zmq.h>

#define LOOP_MAX_POLL 64

struct loop {
    struct conf conf;
    void *zctx;
    struct zap *zap;
    struct pub *pub;
    struct query *query;
    struct nmeaout *nmeaout;
    struct rawlog *rawlog;
    struct ingest *ingest;
    struct state *state;
    double last_event,
        last_event_wall;   /* for live engine ticks: the engine's clock at a wall time */
    double last_item_time; /* the latest item time seen (ingest_stats last_time) */
    struct pipeline *pl;
    struct notify notify;
    int sfd, tfd;
    int64_t start_ns;
    double next_status;
    uint64_t wd_samples;
    char status_line[PIPELINE_WHY_MAX + CONF_STR + 96]; /* the latest STATUS= sent to systemd */
    int stop, exit_code, eof_seen;
};

/* A live input that is down counts as alive (the watchdog is fed) while its
 * thread shows life this recently: it sleeps between attempts in 10 ms steps,
 * at most 10 s, and an attempt (a connect, a device open) takes less. */
#define LOOP_INPUT_ALIVE_S 20.0

static int read_key_file(const char *path, uint8_t secret[32], uint8_t public_key[32])
{
    int got = zkeys_load(path, public_key, secret);
    if (got < 0 || !(got & 2)) {
        log_error("curve-secret-key %s: %s", path,
                  got < 0 ? strerror(errno) : "no 'secret-key = <40 Z85 chars>' line");
        return -1;
    }
    return 0;
}

struct loop *loop_create(const struct conf *c)
{
    struct loop *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->conf = *c;
    l->sfd = l->tfd = -1;
    notify_init(&l->notify);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    l->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (l->sfd < 0 || l->tfd < 0) {
        log_error("loop: signalfd/timerfd: %s", strerror(errno));
        goto fail;
    }

    l->zctx = zmq_ctx_new();
    if (!l->zctx) goto fail;
    uint8_t secret[32], public_key[32];
    int curve = *c->curve_secret_key != 0;
    if (curve) {
        if (!zmq_has("curve")) {
            log_error("curve-secret-key: this libzmq has no CURVE support");
            goto fail;
        }
        if (read_key_file(c->curve_secret_key, secret, public_key)) goto fail;
        struct zap_config zc = {c->curve_allow};
        l->zap = zap_create(l->zctx, &zc);
        if (!l->zap) goto fail;
    }
    const char *eps[CONF_MAX_LIST];
    for (int i = 0; i < c->npublish; i++)
        eps[i] = c->publish[i];
    struct pub_config pc = {eps, c->npublish, c->sndhwm, curve ? secret : NULL};
    l->pub = pub_create(l->zctx, &pc);
    if (!l->pub) goto fail;
    if (*c->query) {
        struct query_config qc = {c->query, curve ? secret : NULL};
        l->query = query_create(l->zctx, &qc);
        if (!l->query) goto fail;
    }
    const char *udps[CONF_MAX_LIST];
    for (int i = 0; i < c->nudp; i++)
        udps[i] = c->udp[i];
    struct nmeaout_config nc = {udps, c->nudp, *c->tcp ? c->tcp : NULL};
    l->nmeaout = nmeaout_create(&nc);
    if (!l->nmeaout) goto fail;
    if (*c->rawlog_dir) {
        struct rawlog_config rc = {c->rawlog_dir, (uint64_t)c->rawlog_max_mb << 20};
        l->rawlog = rawlog_create(&rc);
        if (!l->rawlog) goto fail;
    }
    l->state = state_create(c, l->pub);
    if (!l->state) goto fail;
    l->pl = pipeline_create(c);
    if (!l->pl) goto fail;
    static const char *const exts[] = {"cu8", "cs8", "cs16", "cf32"};
    char iq_dir[CONF_STR + 8];
    snprintf(iq_dir, sizeof iq_dir, "%s/iq", c->rawlog_dir);
    struct ingest_config gc = {.station = c->station,
                               .pub = l->pub,
                               .nmeaout = l->nmeaout,
                               .rawlog = l->rawlog,
                               .on_message = state_message,
                               .ctx = l->state,
                               .snipq = l->pl->snipq,
                               .iq_dir = iq_dir,
                               .rate = l->pl->conf.rate,
                               .iq_ext = exts[l->pl->kfmt & 3],
                               .bytes_per_sample = l->pl->bytes_per_sample};
    l->ingest = ingest_create(&gc);
    if (!l->ingest) goto fail;
    return l;
fail:
    loop_destroy(l);
    return NULL;
}

void loop_destroy(struct loop *l)
{
    if (!l) return;
    pipeline_destroy(l->pl);
    ingest_destroy(l->ingest);
    state_destroy(l->state);
    rawlog_destroy(l->rawlog);
    nmeaout_destroy(l->nmeaout);
    query_destroy(l->query);
    pub_destroy(l->pub);
    zap_destroy(l->zap);
    if (l->zctx) zmq_ctx_term(l->zctx);
    if (l->sfd >= 0) close(l->sfd);
    if (l->tfd >= 0) close(l->tfd);
    free(l);
}

static uint64_t loop_vessels(struct loop *l)
{
    return state_vessels(l->state);
}

#define STATUS_JSON_MAX 8192

/* What the input is doing, in a word: "receiving", "waiting" (a live input
 * that is down: no device, no server, lost; input_error says why), "ended"
 * (a file input), "starting" (before its first open). */
static const char *input_state(const struct pipeline_stats *ps)
{
    if (ps->input_done) return "ended";
    if (ps->input_up) return "receiving";
    return ps->input_why[0] ? "waiting" : "starting";
}

/* systemd's STATUS= line (systemctl status): sent when it changes. */
static void update_status_line(struct loop *l, const struct pipeline_stats *ps)
{
    char line[sizeof l->status_line];
    const char *state = input_state(ps);
    if (!strcmp(state, "waiting") && ps->open_failures)
        snprintf(line, sizeof line, "waiting for %s: %s (%llu failed attempts, retrying)",
                 l->conf.input, ps->input_why, (unsigned long long)ps->open_failures);
    else if (!strcmp(state, "waiting"))
        snprintf(line, sizeof line, "waiting for %s: %s (retrying)", l->conf.input, ps->input_why);
    else
        snprintf(line, sizeof line, "%s: %s", state, l->conf.input);
    if (!strcmp(line, l->status_line)) return;
    snprintf(l->status_line, sizeof l->status_line, "%s", line);
    if (l->notify.ready) notify_status(&l->notify, line);
}

/* The status object (without seq; pub_send adds it). */
static void status_json(struct loop *l, char *out, size_t max)
{
    struct pipeline_stats ps;
    struct ingest_stats gs;
    pipeline_stats(l->pl, &ps);
    ingest_stats(l->ingest, &gs);
    double uptime = (double)(pipeline_mono_ns() - l->start_ns) / 1e9;
    struct jsonw w;
    jsonw_init(&w, out, max);
    jsonw_obj_begin(&w, NULL);
    jsonw_double(&w, "time", pipeline_wall_time(), 3);
    jsonw_double(&w, "uptime", uptime, 1);
    jsonw_double(&w, "status_interval", l->conf.status_interval, 1);
    jsonw_str_utf8(&w, "station", l->conf.station);
    jsonw_str_utf8(&w, "input", l->conf.input);
    jsonw_bool(&w, "input_up", ps.input_up);
    jsonw_bool(&w, "input_done", ps.input_done);
    jsonw_str_utf8(&w, "input_state", input_state(&ps));
    jsonw_str_utf8(&w, "input_error", ps.input_why);
    jsonw_uint(&w, "open_failures", ps.open_failures);
    jsonw_uint(&w, "samples", ps.samples);
    jsonw_double(&w, "rate", l->pl->conf.rate, 0);
    jsonw_uint(&w, "blocks", ps.blocks);
    jsonw_uint(&w, "drops", ps.drops);
    jsonw_uint(&w, "frame_drops", ps.item_drops);
    jsonw_obj_begin(&w, "frames");
    jsonw_uint(&w, "A", ps.frames[0]);
    jsonw_uint(&w, "B", ps.frames[1]);
    jsonw_obj_end(&w);
    jsonw_uint(&w, "sentences_in", ps.sentences);
    jsonw_uint(&w, "udp_in_dropped", ps.udp_in_dropped);
    jsonw_uint(&w, "sentences", gs.sentences);
    jsonw_uint(&w, "messages", gs.messages);
    jsonw_obj_begin(&w, "types");
    for (int t = 0; t < INGEST_TYPES; t++)
        if (gs.per_type[t]) {
            char name[16];
            snprintf(name, sizeof name, "%d", t);
            jsonw_uint(&w, name, gs.per_type[t]);
        }
    jsonw_obj_end(&w);
    jsonw_uint(&w, "rejected", gs.rejected + ps.lines_too_long);
    jsonw_uint(&w, "skipped", gs.skipped);
    jsonw_obj_begin(&w, "nmea_rejects"); /* why lines were rejected or messages lost, non-zero */
    if (ps.lines_too_long) jsonw_uint(&w, "too_long", ps.lines_too_long);
    for (int r = NMEA_R_NOT_NMEA; r < NMEA_R_COUNT; r++)
        if (gs.nmea[r]) jsonw_uint(&w, nmea_reason_name((enum nmea_reason)r), gs.nmea[r]);
    if (gs.undecodable) jsonw_uint(&w, "undecodable", gs.undecodable);
    jsonw_obj_end(&w);
    /* The engine's event clock (what the alert rules run on): not the latest
     * item time, which one message with a far-future tag-block time (refused
     * by the engine as a clock jump) would raise for good. Before the first
     * message the engine has no clock: the sample clock (IQ inputs). */
    double engine_t = state_now(l->state);
    jsonw_double(&w, "event_time", engine_t > 0 ? engine_t : gs.last_time, 3);
    jsonw_double(&w, "ppm", ps.ppm, 2);
    jsonw_uint(&w, "vessels", loop_vessels(l));
    jsonw_uint(&w, "alerts", state_alerts(l->state));
    jsonw_uint(&w, "reopens", ps.reopens);
    jsonw_uint(&w, "reopen_attempts", ps.reopen_attempts);
    jsonw_uint(&w, "stalls", ps.stalls);
    jsonw_uint(&w, "lookup_timeouts", ps.lookup_timeouts);
    jsonw_uint(&w, "lookup_refused", ps.lookup_refused);
    jsonw_uint(&w, "nonfinite", ps.nonfinite);
    jsonw_int(&w, "subscribers", pub_subscriptions(l->pub));
    jsonw_uint(&w, "published", pub_sent(l->pub));
    jsonw_int(&w, "nmea_tcp_clients", nmeaout_clients(l->nmeaout));
    jsonw_uint(&w, "nmea_out_dropped", nmeaout_dropped(l->nmeaout));
    jsonw_uint(&w, "nmea_tcp_refused", nmeaout_refused(l->nmeaout));
    jsonw_uint(&w, "publish_dropped", pub_dropped(l->pub));
    jsonw_uint(&w, "snippet_drops", l->pl->snipq ? snipq_drops(l->pl->snipq) : 0);
    jsonw_uint(&w, "rawlog_errors", gs.rawlog_errors);
    jsonw_double(&w, "latency_ms", gs.last_latency_ms, 2);
    jsonw_obj_end(&w);
    if (jsonw_finish(&w) < 0) log_warn("status: more than %zu bytes, cut short", max);
}

/* One line on what a finished input gave: the tally an operator replaying a
 * file looks for (the same figures as the status). */
static void log_input_summary(struct loop *l)
{
    struct pipeline_stats ps;
    struct ingest_stats gs;
    pipeline_stats(l->pl, &ps);
    ingest_stats(l->ingest, &gs);
    if (l->conf.input_kind == CONF_IN_NMEA)
        log_info("input ended: %llu lines: %llu AIS sentences, %llu messages decoded, %llu "
                 "rejected, %llu skipped (not AIS)",
                 (unsigned long long)(ps.sentences + ps.lines_too_long),
                 (unsigned long long)gs.sentences, (unsigned long long)gs.messages,
                 (unsigned long long)(gs.rejected + ps.lines_too_long),
                 (unsigned long long)gs.skipped);
    else
        log_info("input ended: %llu samples, %llu frames, %llu messages decoded, %llu rejected",
                 (unsigned long long)ps.samples, (unsigned long long)(ps.frames[0] + ps.frames[1]),
                 (unsigned long long)gs.messages, (unsigned long long)gs.rejected);
}

static void publish_status(struct loop *l)
{
    char js[STATUS_JSON_MAX];
    status_json(l, js, sizeof js);
    pub_send(l->pub, "status", js);
}

static void on_signal(struct loop *l)
{
    struct signalfd_siginfo si;
    while (read(l->sfd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGHUP) {
            log_info("SIGHUP: reloading the CURVE allow list and zones (and, with a database, "
                     "the watchlist and alert settings)");
            if (l->zap) zap_reload(l->zap);
            if (l->state) state_reload(l->state);
        } else {
            log_info("signal %u: stopping", si.ssi_signo);
            l->stop = 1;
        }
    }
}

static void on_timer(struct loop *l)
{
    uint64_t ticks;
    if (read(l->tfd, &ticks, sizeof ticks) < 0) return;
    pipeline_tick(l->pl);
    struct pipeline_stats ps;
    pipeline_stats(l->pl, &ps);
    /* The watchdog is fed while samples flow; an NMEA network input may be
     * quiet for long, so there a running input thread is enough. A live input
     * that is down (no dongle yet, unplugged, no server) feeds it while its
     * thread keeps retrying: aisd waits for the device itself, a restart
     * would not bring it sooner. Not fed: a reader that is up but silent and
     * does not return when the stall is cancelled, or an input thread that
     * shows no life for LOOP_INPUT_ALIVE_S: the service is restarted. */
    uint64_t flow = ps.samples + ps.sentences;
    int nmea_net =
        l->conf.input_kind == CONF_IN_NMEA && ps.input_up &&
        (!strncmp(l->conf.input + 5, "udp://", 6) || !strncmp(l->conf.input + 5, "tcp://", 6));
    int retrying = !ps.input_up && !ps.input_done && ps.input_quiet_s < LOOP_INPUT_ALIVE_S;
    if (flow != l->wd_samples || nmea_net || retrying || ps.input_done) notify_watchdog(&l->notify);
    l->wd_samples = flow;
    update_status_line(l, &ps);
    /* Live sources (and real-time replays): the engine's clock keeps running
     * through silences, extrapolated from the latest event time. Fast replays
     * drive it with their own messages only. */
    struct ingest_stats gs;
    ingest_stats(l->ingest, &gs);
    double wall = pipeline_wall_time();
    /* Anchor on the engine's clock when items arrive (or when it is ahead):
     * not on the latest item time, which one message with a bogus far-future
     * tag-block time would set for good, every live tick after it refused by
     * the engine as a clock jump (its clock stopped through silences). */
    double engine_t = state_now(l->state);
    if (gs.last_time != l->last_item_time ||
        engine_t > l->last_event + (wall - l->last_event_wall)) {
        l->last_item_time = gs.last_time;
        l->last_event = engine_t > 0 ? engine_t : gs.last_time;
        l->last_event_wall = wall;
    }
    const struct conf *c = &l->conf;
    int nmea_file = c->input_kind == CONF_IN_NMEA && strncmp(c->input + 5, "udp://", 6) &&
                    strncmp(c->input + 5, "tcp://", 6) && strcmp(c->input + 5, "-");
    int live = c->input_kind == CONF_IN_RTLSDR || c->input_kind == CONF_IN_RTLTCP || c->realtime ||
               (c->input_kind == CONF_IN_NMEA && !nmea_file);
    if (live && l->last_event > 0 && !ps.input_done)
        state_tick(l->state, l->last_event + (wall - l->last_event_wall));
    double now = (double)pipeline_mono_ns() / 1e9;
    if (now >= l->next_status) {
        /* on the interval's own cadence: set from this tick's (late) wake-up,
         * the next was due a hair after the tick one interval on, and waited
         * for the tick after (1 s heartbeats came every 1.5 s on average) */
        l->next_status += l->conf.status_interval;
        /* the ticks are on the heartbeats' grid (loop_run), so a late
         * wake-up sends late and the next stays due one interval on; only a
         * loop stalled for a whole interval skips what it missed */
        while (l->next_status <= now - l->conf.status_interval)
            l->next_status += l->conf.status_interval;
        publish_status(l);
    }
}

static void on_query(struct loop *l)
{
    char req[256];
    while (query_recv(l->query, req, sizeof req) == 0) {
        char *reply = NULL;
        if (!strcmp(req, "status")) {
            char mine[STATUS_JSON_MAX];
            status_json(l, mine, sizeof mine);
            char *eng = state_snapshot(l->state, "status");
            size_t n = strlen(mine) + (eng ? strlen(eng) : 4) + 32;
            reply = malloc(n);
            if (reply) {
                mine[strlen(mine) - 1] = 0; /* reopen the object */
                snprintf(reply, n, "%s,\"engine\":%s}", mine, eng ? eng : "null");
            }
            free(eng);
        } else if (!strcmp(req, "help")) {
            reply = strdup("{\"requests\":[\"status\",\"vessels\",\"gaps\",\"alerts\",\"coverage\","
                           "\"vessel:<mmsi>\",\"help\"]}");
        } else {
            reply = state_snapshot(l->state, req);
        }
        if (!reply)
            reply = strdup("{\"error\":\"unknown request\",\"requests\":[\"status\",\"vessels\","
                           "\"gaps\",\"alerts\",\"coverage\",\"vessel:<mmsi>\",\"help\"]}");
        query_reply(l->query, reply ? reply : "{}");
        free(reply);
    }
}

static void drain_items(struct loop *l)
{
    struct itemq_item it;
    for (int n = 0; n < 4096 && pipeline_pop(l->pl, &it); n++) {
        if (it.kind == ITEMQ_EOF) {
            if (!l->eof_seen) l->eof_seen = 1;
            continue;
        }
        if (it.kind == ITEMQ_TICK) state_tick(l->state, it.time);
        ingest_item(l->ingest, &it);
    }
}

static int wait_for_subscriber(struct loop *l)
{
    int64_t until = pipeline_mono_ns() + (int64_t)(l->conf.wait_subscriber * 1e9);
    while (!l->stop && pub_subscriptions(l->pub) == 0) {
        int64_t left = until - pipeline_mono_ns();
        if (left <= 0) {
            log_warn("no subscriber within %.1f s; starting anyway", l->conf.wait_subscriber);
            return 0;
        }
        zmq_pollitem_t it[3] = {{pub_socket(l->pub), 0, ZMQ_POLLIN, 0},
                                {NULL, l->sfd, ZMQ_POLLIN, 0},
                                {l->zap ? zap_socket(l->zap) : NULL, 0, ZMQ_POLLIN, 0}};
        /* at most 1 s at a time: the watchdog is fed while aisd waits */
        long ms = left / 1000000 + 1;
        int pr = zmq_poll(it, l->zap ? 3 : 2, ms < 1000 ? ms : 1000);
        if (pr < 0 && errno != EINTR) return -1;
        notify_watchdog(&l->notify);
        if (it[0].revents) pub_drain_subscriptions(l->pub);
        if (it[1].revents) on_signal(l);
        if (l->zap && it[2].revents) zap_handle(l->zap);
    }
    return 0;
}

int loop_run(struct loop *l)
{
    l->start_ns = pipeline_mono_ns();
    l->next_status = (double)l->start_ns / 1e9 + l->conf.status_interval;
    /* the 1 s ticks on the heartbeats' own grid (whole seconds from the
     * start): a heartbeat is due at a tick, not a hair after one */
    struct itimerspec its = {
        {1, 0}, {(time_t)(l->start_ns / 1000000000) + 1, (long)(l->start_ns % 1000000000)}};
    timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL);
    /* Ready once serving (sockets bound), whether or not the input delivers
     * yet: a dongle plugged in later, an rtl_tcp server that comes up later
     * are waited for with the service active, the STATUS= line and `aisctl
     * status` (input_state, input_error) saying why nothing is heard; and
     * before waiting for a first subscriber (wait-subscriber may be longer
     * than systemd's TimeoutStartSec). */
    if (l->conf.wait_subscriber > 0)
        snprintf(l->status_line, sizeof l->status_line,
                 "waiting up to %.0f s for a first subscriber, then %s", l->conf.wait_subscriber,
                 l->conf.input);
    else
        snprintf(l->status_line, sizeof l->status_line, "starting: %s", l->conf.input);
    notify_ready(&l->notify, l->status_line);
    if (l->conf.wait_subscriber > 0 && wait_for_subscriber(l)) return 1;
    if (l->stop) return 0;
    if (pipeline_start(l->pl)) return 1;
    log_info("aisd running: input %s", l->conf.input);
    while (!l->stop) {
        zmq_pollitem_t items[LOOP_MAX_POLL];
        int n = 0;
        items[n++] = (zmq_pollitem_t){NULL, pipeline_fd(l->pl), ZMQ_POLLIN, 0};
        items[n++] = (zmq_pollitem_t){NULL, l->sfd, ZMQ_POLLIN, 0};
        items[n++] = (zmq_pollitem_t){NULL, l->tfd, ZMQ_POLLIN, 0};
        items[n++] = (zmq_pollitem_t){pub_socket(l->pub), 0, ZMQ_POLLIN, 0};
        int query_i = -1, zap_i = -1, fd0 = n;
        if (l->query) {
            query_i = n;
            items[n++] = (zmq_pollitem_t){query_socket(l->query), 0, ZMQ_POLLIN, 0};
        }
        if (l->zap) {
            zap_i = n;
            items[n++] = (zmq_pollitem_t){zap_socket(l->zap), 0, ZMQ_POLLIN, 0};
        }
        fd0 = n;
        int fds[NMEAOUT_MAX_CLIENTS + 1], wr[NMEAOUT_MAX_CLIENTS + 1];
        int nf = nmeaout_fds(l->nmeaout, fds, wr, NMEAOUT_MAX_CLIENTS + 1);
        for (int i = 0; i < nf && n < LOOP_MAX_POLL; i++)
            items[n++] =
                (zmq_pollitem_t){NULL, fds[i], (short)(ZMQ_POLLIN | (wr[i] ? ZMQ_POLLOUT : 0)), 0};
        int pr = zmq_poll(items, n, 1000);
        if (pr < 0) {
            if (errno == EINTR) continue;
            log_error("zmq_poll: %s", zmq_strerror(errno));
            l->exit_code = 1;
            break;
        }
        if (items[1].revents) on_signal(l);
        if (items[3].revents) pub_drain_subscriptions(l->pub);
        if (zap_i >= 0 && items[zap_i].revents) zap_handle(l->zap);
        if (items[0].revents) drain_items(l);
        if (query_i >= 0 && items[query_i].revents) on_query(l);
        for (int i = fd0; i < n; i++)
            if (items[i].revents)
                nmeaout_handle(l->nmeaout, items[i].fd, (items[i].revents & ZMQ_POLLIN) != 0,
                               (items[i].revents & ZMQ_POLLOUT) != 0);
        if (items[2].revents) on_timer(l);
        if (l->eof_seen == 1) {
            drain_items(l);
            publish_status(l);
            log_input_summary(l);
            if (atomic_load(&l->pl->input_failed)) {
                /* not the end of a file: a failure systemd restarts
                 * (a UDP port another program holds may be free later) */
                log_error("input %s failed: stopping (exit 1)", l->conf.input);
                l->exit_code = 1;
                break;
            }
            if (!l->conf.keep_running) {
                log_info("input ended: stopping");
                break;
            }
            log_info("input ended: still serving (keep-running)");
            l->eof_seen = 2;
        }
    }
    notify_stopping(&l->notify);
    pipeline_stop(l->pl);
    drain_items(l);
    ingest_flush(l->ingest);
    publish_status(l);
    return l->exit_code;
}
