/* check_e2e.c: end-to-end tests with real processes and sockets on 127.0.0.1:
 * build/aisd on NMEA input publishing to real subscribers (and aisctl sub),
 * the query socket (aisctl status), configuration exit codes, CURVE with an
 * allow list, an rtl_tcp server of our own killed and restarted mid-stream,
 * and a ZeroMQ subscriber and an NMEA TCP client that stop reading while the
 * pipeline runs at full speed (losses counted or visible, nothing blocks). */
#include "daemon/version.h"
#include "tests/lib/e2e.h"
#include "tests/lib/rtltcp_server.h"
#include "tests/lib/testutil.h"

#include <arpa/inet.h>
#include <check.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.h>

static char *aisd_path, *aisctl_path;

/* Sentences that are real AIS position reports (type 1), with valid checksums. */
static const char *payloads[] = {
    "13F?Vv700<DJuLEtvep`iToV0<00",
    "13F?Vv700;DJul5tvi88aDpb0<00",
    "13F?Vv700<DJuuMtvjJ`eDgB0420",
};

static void nmea_line(char *out, size_t max, double t, const char *payload, int tagged)
{
    char body[128], tag[64];
    snprintf(body, sizeof body, "AIVDM,1,1,,A,%s,0", payload);
    unsigned ck = 0;
    for (const char *s = body; *s; s++)
        ck ^= (unsigned char)*s;
    snprintf(tag, sizeof tag, "c:%lld", (long long)t);
    unsigned tk = 0;
    for (const char *s = tag; *s; s++)
        tk ^= (unsigned char)*s;
    if (tagged)
        snprintf(out, max, "\\%s*%02X\\!%s*%02X", tag, tk, body, ck);
    else
        snprintf(out, max, "!%s*%02X", body, ck);
}

/* n AIS lines one second apart (tag-block time), plus two non-AIS lines. */
static char *make_nmea_file(const char *dir, const char *name, int n)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fprintf(f, "$GPGGA,not,ais*00\n");
    for (int i = 0; i < n; i++) {
        char line[256];
        nmea_line(line, sizeof line, 1700000000.0 + i, payloads[i % 3], 1);
        fprintf(f, "%s\n", line);
    }
    fprintf(f, "garbage line\n");
    fclose(f);
    return path;
}

START_TEST(nmea_file_to_subscriber)
{
    char *dir = test_tmpdir();
    char *file = make_nmea_file(dir, "in.nmea", 50);
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", file);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    struct e2e_sub *sub = e2e_sub_open(pub, "nmea", NULL, NULL, NULL);
    char *argv[] = {aisd_path, "--input",   input,     "--publish",   pub,    "--query",
                    "none",    "--udp",     "none",    "--state-dir", "none", "--wait-subscriber",
                    "20",      "--station", "teststa", NULL};
    pid_t pid = e2e_spawn(argv, log);
    int got = 0;
    struct e2e_msg m;
    while (got < 50 && e2e_sub_recv(sub, &m, 20)) {
        ck_assert_str_eq(m.topic, "nmea");
        ck_assert_int_eq((int)e2e_json_num(m.json, "topic_seq"), got + 1);
        ck_assert_msg(strstr(m.json, payloads[got % 3]), "message %d: %s", got, m.json);
        ck_assert((int)e2e_json_num(m.json, "time") == 1700000000 + got); /* tag-block time */
        free(m.json);
        got++;
    }
    int rc = e2e_wait(pid, 30);
    if (rc != 0 || got != 50) e2e_dump_log(log);
    ck_assert_int_eq(got, 50);
    ck_assert_int_eq(rc, 0);
    e2e_sub_close(sub);
    test_rmdir_r(dir);
    free(dir), free(file), free(pub), free(log);
}
END_TEST

START_TEST(aisctl_sub_and_status)
{
    char *dir = test_tmpdir();
    char *file = make_nmea_file(dir, "in.nmea", 20);
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", file);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input",        input,  "--publish",   pub,    "--query",
                    qry,       "--udp",          "none", "--state-dir", "none", "--wait-subscriber",
                    "20",      "--keep-running", NULL};
    pid_t pid = e2e_spawn(argv, log);
    char out[65536];
    char *sargv[] = {aisctl_path, "sub",     "--connect", pub,         "--topic", "nmea",
                     "--json",    "--count", "20",        "--timeout", "30",      NULL};
    int rc = e2e_run(sargv, out, sizeof out, 40);
    ck_assert_int_eq(rc, 0);
    int lines = 0;
    for (char *s = out; (s = strstr(s, "nmea {")); s++)
        lines++;
    ck_assert_int_eq(lines, 20);
    ck_assert_ptr_nonnull(strstr(out, payloads[0]));

    /* the readable view */
    char *qargv[] = {aisctl_path, "status", "--connect", qry, NULL};
    double end = e2e_now() + 20;
    do {
        rc = e2e_run(qargv, out, sizeof out, 10);
        if (rc == 0 && e2e_json_num(out, "sentences") == 20) break;
        e2e_sleep(0.1);
    } while (e2e_now() < end);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(e2e_json_num(out, "sentences") == 20, "status: %s", out);
    ck_assert_msg(strstr(out, "\"input_done\":true"), "status: %s", out);
    /* a request aisd does not know: its error reply, exit 64 (was 0); a vessel
     * it does not know: null, exit 1 (was 0); one it knows: exit 0 */
    char *bad[] = {aisctl_path, "status", "--connect", qry, "vessles", NULL};
    ck_assert_int_eq(e2e_run(bad, out, sizeof out, 10), 64);
    ck_assert_ptr_nonnull(strstr(out, "\"error\""));
    char *nobody[] = {aisctl_path, "status", "--connect", qry, "vessel:123456789", NULL};
    ck_assert_int_eq(e2e_run(nobody, out, sizeof out, 10), 1);
    ck_assert_str_eq(out, "null\n");
    char *vessels[] = {aisctl_path, "status", "--connect", qry, "vessels", NULL};
    ck_assert_int_eq(e2e_run(vessels, out, sizeof out, 10), 0);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    test_rmdir_r(dir);
    free(dir), free(file), free(pub), free(qry), free(log);
}
END_TEST

/* `aisctl sub` (its own options in extra, NULL-terminated) on aisd replaying
 * a vessel that enters a zone: its stdout (a file) once it showed an alert. */
static char *sub_alert_output(const char *dir, char *const extra[])
{
    char *file = test_path(dir, "zone.nmea"), *zones = test_path(dir, "zone.geojson");
    FILE *f = fopen(file, "w");
    for (int i = 0; i < 3; i++) { /* the first position is west of the zone */
        char line[256];
        nmea_line(line, sizeof line, 1700000000.0 + 120 * i, payloads[i], 1);
        fprintf(f, "%s\n", line);
    }
    fclose(f);
    f = fopen(zones, "w");
    fputs("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
          "{\"name\":\"box\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-161.882,"
          "-5.29],[-161.87,-5.29],[-161.87,-5.26],[-161.882,-5.26],[-161.882,-5.29]]]}}]}\n",
          f);
    fclose(f);
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", file);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log"), *out = test_path(dir, "sub.out");
    unlink(out);
    char *sargv[16] = {aisctl_path, "sub",     "--connect", pub,         "--topic",
                       "alert",     "--count", "1",         "--timeout", "30"};
    for (int i = 0; extra[i]; i++)
        sargv[10 + i] = extra[i];
    pid_t spid = e2e_spawn(sargv, out);
    char *argv[] = {
        aisd_path, "--input",     input,  "--publish", pub,   "--query",           "none", "--udp",
        "none",    "--state-dir", "none", "--zones",   zones, "--wait-subscriber", "20",   NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_int_eq(e2e_wait(spid, 40), 0);
    ck_assert_int_eq(e2e_wait(pid, 20), 0);
    char *text = test_read_file(out, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "ALERT zone.enter"), "aisctl sub: %s", text);
    unlink(log);
    free(file), free(zones), free(pub), free(log), free(out);
    return text;
}

/* Alerts in red only on a terminal: the escape codes went into pipes and
 * files too. --color=always and --no-color choose. */
START_TEST(aisctl_sub_colour_only_on_a_terminal)
{
    char *dir = test_tmpdir();
    char *none[] = {NULL}, *always[] = {"--color=always", NULL}, *never[] = {"--no-color", NULL};
    char *text = sub_alert_output(dir, none);
    ck_assert_msg(!strchr(text, '\033'), "escape codes in a file: %s", text);
    free(text);
    text = sub_alert_output(dir, always);
    ck_assert_msg(strstr(text, "\033[1;31mALERT zone.enter"), "no colour: %s", text);
    free(text);
    text = sub_alert_output(dir, never);
    ck_assert_msg(!strchr(text, '\033'), "escape codes with --no-color: %s", text);
    free(text);
    char out[4096];
    char *bad[] = {aisctl_path, "sub", "--color=sometimes", NULL};
    ck_assert_int_eq(e2e_run(bad, out, sizeof out, 10), 64);
    char *help[] = {aisctl_path, "sub", "--help", NULL};
    ck_assert_int_eq(e2e_run(help, out, sizeof out, 10), 0);
    ck_assert_ptr_nonnull(strstr(out, "--color=WHEN"));
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

START_TEST(configuration_errors_exit_64)
{
    char out[65536];
    char *a1[] = {aisd_path, "--rate", "fast", NULL};
    ck_assert_int_eq(e2e_run(a1, out, sizeof out, 10), 64);
    char *a2[] = {aisd_path, "--no-such-option", NULL};
    ck_assert_int_eq(e2e_run(a2, out, sizeof out, 10), 64);
    char *a3[] = {aisd_path, "--config", "/nonexistent/aisd.conf", NULL};
    ck_assert_int_eq(e2e_run(a3, out, sizeof out, 10), 64);
    char *a4[] = {aisd_path, "--input", "nmea:/nonexistent/file", "--check-config", NULL};
    ck_assert_int_eq(e2e_run(a4, out, sizeof out, 10), 64);
    char *dir = test_tmpdir();
    char *conf = test_path(dir, "aisd.conf");
    FILE *f = fopen(conf, "w");
    fprintf(f, "input = rtltcp://127.0.0.1:1234\nrate = 2400000\nstation = north\n");
    fclose(f);
    char *a5[] = {aisd_path, "--config", conf, "--check-config", "--gain", "40.2", NULL};
    ck_assert_int_eq(e2e_run(a5, out, sizeof out, 10), 0);
    ck_assert_ptr_nonnull(strstr(out, "input = rtltcp://127.0.0.1:1234"));
    ck_assert_ptr_nonnull(strstr(out, "gain = 40.2"));
    ck_assert_ptr_nonnull(strstr(out, "station = north"));
    char *a6[] = {aisd_path, "--help", NULL};
    ck_assert_int_eq(e2e_run(a6, out, sizeof out, 10), 0);
    ck_assert_ptr_nonnull(strstr(out, "--curve-secret-key"));
    /* aisctl's client commands: numbers are numbers (were read as 0: exit at once), one request */
    char *bad[][8] = {
        {aisctl_path, "sub", "--count", "abc", NULL},
        {aisctl_path, "sub", "--count", "0", NULL},
        {aisctl_path, "sub", "--timeout", "nan", NULL},
        {aisctl_path, "status", "--timeout", "soon", NULL},
        {aisctl_path, "status", "status", "vessels", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(e2e_run(bad[i], out, sizeof out, 10) == 64, "%s %s %s", bad[i][1], bad[i][2],
                      bad[i][3]);
    test_rmdir_r(dir);
    free(dir), free(conf);
}
END_TEST

static void keygen(const char *base)
{
    char out[4096];
    char *a[] = {aisctl_path, "keygen", (char *)base, NULL};
    ck_assert_int_eq(e2e_run(a, out, sizeof out, 10), 0);
}

static void load_keys(const char *base, unsigned char pk[32], unsigned char sk[32])
{
    char path[700], line[256];
    snprintf(path, sizeof path, "%s.key", base);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strncmp(line, "public-key = ", 13)) zmq_z85_decode(pk, line + 13);
        if (!strncmp(line, "secret-key = ", 13)) zmq_z85_decode(sk, line + 13);
    }
    fclose(f);
}

START_TEST(curve_only_allowed_keys)
{
    if (!zmq_has("curve")) {
        printf("SKIP: libzmq without CURVE\n");
        return;
    }
    char *dir = test_tmpdir();
    char *server = test_path(dir, "server"), *good = test_path(dir, "good"),
         *bad = test_path(dir, "bad");
    keygen(server);
    keygen(good);
    keygen(bad);
    char *allow = test_path(dir, "allow"), path[700];
    snprintf(path, sizeof path, "%s.pub", good);
    char *goodpub = test_read_file(path, NULL);
    FILE *f = fopen(allow, "w");
    fputs(goodpub, f);
    fclose(f);
    free(goodpub);
    unsigned char spk[32], ssk[32], gpk[32], gsk[32], bpk[32], bsk[32];
    load_keys(server, spk, ssk);
    load_keys(good, gpk, gsk);
    load_keys(bad, bpk, bsk);

    char *file = make_nmea_file(dir, "in.nmea", 10);
    char input[600], skey[700];
    snprintf(input, sizeof input, "nmea:%s", file);
    snprintf(skey, sizeof skey, "%s.key", server);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    /* The outsider and a plain subscriber connect first; then the allowed one. */
    struct e2e_sub *sbad = e2e_sub_open(pub, "", spk, bpk, bsk);
    struct e2e_sub *splain = e2e_sub_open(pub, "", NULL, NULL, NULL);
    char *argv[] = {aisd_path, "--input",        input,  "--publish",
                    pub,       "--query",        "none", "--udp",
                    "none",    "--state-dir",    "none", "--curve-secret-key",
                    skey,      "--curve-allow",  allow,  "--wait-subscriber",
                    "20",      "--keep-running", NULL};
    pid_t pid = e2e_spawn(argv, log);
    e2e_sleep(0.5);
    struct e2e_sub *sgood = e2e_sub_open(pub, "nmea", spk, gpk, gsk);
    int got = 0;
    struct e2e_msg m;
    while (got < 10 && e2e_sub_recv(sgood, &m, 20)) {
        free(m.json);
        got++;
    }
    ck_assert_int_eq(got, 10);
    int leaked = 0;
    while (e2e_sub_recv(sbad, &m, 0.5)) {
        free(m.json);
        leaked++;
    }
    while (e2e_sub_recv(splain, &m, 0.2)) {
        free(m.json);
        leaked++;
    }
    ck_assert_int_eq(leaked, 0);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    char *text = test_read_file(log, NULL);
    ck_assert_ptr_nonnull(strstr(text, "key not allowed"));
    free(text);
    e2e_sub_close(sgood);
    e2e_sub_close(sbad);
    e2e_sub_close(splain);
    test_rmdir_r(dir);
    free(dir), free(server), free(good), free(bad), free(allow), free(file), free(pub), free(log);
}
END_TEST

static pid_t start_rtltcp(int port, const uint8_t *iq, size_t len)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct rtltcp_server_config c = {port, iq, len, 288000, 60, NULL};
        _exit(rtltcp_server_run(&c) ? 1 : 0);
    }
    return pid;
}

START_TEST(rtltcp_server_restarted)
{
    char *dir = test_tmpdir();
    size_t len = 288000 * 2 / 4; /* 0.25 s of noise, looped */
    uint8_t *iq = malloc(len);
    srand(7);
    for (size_t i = 0; i < len; i++)
        iq[i] = (uint8_t)(127 + rand() % 9 - 4);
    int port = e2e_free_port();
    pid_t srv = start_rtltcp(port, iq, len);
    char input[64];
    snprintf(input, sizeof input, "rtltcp://127.0.0.1:%d", port);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input,   "--rate", "288000",      "--publish", pub,
                    "--query", qry,       "--udp", "none",   "--state-dir", "none",      NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_msg(e2e_wait_status(qry, "samples", 288000, 30), "no samples from the first server");
    kill(srv, SIGKILL);
    waitpid(srv, NULL, 0);
    double before = e2e_status_num(qry, "samples");
    e2e_sleep(1.0);
    srv = start_rtltcp(port, iq, len);
    ck_assert_msg(e2e_wait_status(qry, "reopens", 1, 30), "no reconnect counted");
    ck_assert_msg(e2e_wait_status(qry, "samples", before + 288000, 30),
                  "no samples after the restart");
    kill(srv, SIGKILL);
    waitpid(srv, NULL, 0);
    int rc = e2e_stop(pid, 10);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    char *text = test_read_file(log, NULL);
    ck_assert_ptr_nonnull(strstr(text, "reconnecting"));
    free(text);
    free(iq);
    test_rmdir_r(dir);
    free(dir), free(pub), free(qry), free(log);
}
END_TEST

static int udp_socket(int port);

/* aisd reading NMEA datagrams on 127.0.0.1:*port (a free port), with its
 * query socket (*qry) and no other output, logging into dir; returns its pid
 * once it answers. */
static pid_t spawn_udp_aisd(const char *dir, int *port, char **qry, char **log)
{
    *port = e2e_free_port();
    char input[64];
    snprintf(input, sizeof input, "nmea:udp://127.0.0.1:%d", *port);
    *qry = e2e_endpoint();
    *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input,  "--publish",   "inproc://x", "--query",
                    *qry,      "--udp",   "none", "--state-dir", "none",       NULL};
    pid_t pid = e2e_spawn(argv, *log);
    ck_assert_msg(e2e_wait_status(*qry, "vessels", 0, 10), "no status");
    return pid;
}

/* One datagram from fd to 127.0.0.1:port. */
static void udp_send(int fd, int port, const char *text)
{
    struct sockaddr_in a = e2e_loopback(port);
    sendto(fd, text, strlen(text), 0, (struct sockaddr *)&a, sizeof a);
}

START_TEST(rawlog_failures_counted_and_logged_once)
{
    /* The raw-frame log could not be written (here its file's name is taken
     * by a directory; a full disk is the same): every sentence it did not
     * take is counted (status rawlog_errors) and the failure is logged once.
     * It was logged once per sentence and counted nowhere. */
    char *dir = test_tmpdir();
    char raw[600], blocker[700], input[600];
    snprintf(raw, sizeof raw, "%s/raw", dir);
    ck_assert_int_eq(mkdir(raw, 0755), 0);
    snprintf(blocker, sizeof blocker, "%s/aisd-20231114.0.log", raw); /* c: 1700000000.. */
    ck_assert_int_eq(mkdir(blocker, 0755), 0);
    char *file = make_nmea_file(dir, "in.nmea", 20);
    snprintf(input, sizeof input, "nmea:%s", file);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    struct e2e_sub *sub = e2e_sub_open(pub, "status", NULL, NULL, NULL);
    char *argv[] = {aisd_path, "--input",           input, "--publish", pub,    "--query",
                    "none",    "--rawlog-dir",      raw,   "--udp",     "none", "--state-dir",
                    "none",    "--wait-subscriber", "20",  NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct e2e_msg m;
    double errors = -1;
    while (e2e_sub_recv(sub, &m, 20)) {
        int done = strstr(m.json, "\"input_done\":true") != NULL;
        if (done) errors = e2e_json_num(m.json, "rawlog_errors");
        free(m.json);
        if (done) break;
    }
    ck_assert_int_eq(e2e_wait(pid, 30), 0);
    ck_assert_msg(errors == 20, "rawlog_errors %g, want 20", errors);
    char *text = test_read_file(log, NULL);
    ck_assert_ptr_nonnull(text);
    int lines = 0;
    for (const char *p = text; (p = strstr(p, "error: rawlog")); p++)
        lines++;
    ck_assert_msg(lines == 1, "%d rawlog error lines: %s", lines, text);
    free(text);
    e2e_sub_close(sub);
    test_rmdir_r(dir);
    free(dir), free(file), free(pub), free(log);
}
END_TEST

START_TEST(live_clock_survives_a_far_future_tag_time)
{
    /* On a live NMEA feed the alert engine's clock runs on through silences,
     * ticked from the wall clock. One message whose tag block claims a time 30
     * days ahead used to become the base of those ticks: the engine refused
     * every tick after it as a clock jump (one a second) and its clock stopped.
     * The ticks now follow the engine's own clock. */
    char *dir = test_tmpdir(), *qry, *log;
    int in_port;
    pid_t pid = spawn_udp_aisd(dir, &in_port, &qry, &log);
    int out = udp_socket(0);
    double now = floor(e2e_wall_now());
    char line[256];
    nmea_line(line, sizeof line, now, payloads[0], 1);
    strcat(line, "\r\n");
    udp_send(out, in_port, line);
    ck_assert_msg(e2e_wait_status(qry, "messages", 1, 10), "the first message was not decoded");
    nmea_line(line, sizeof line, now + 30 * 86400.0, payloads[1], 1);
    strcat(line, "\r\n");
    udp_send(out, in_port, line);
    ck_assert_msg(e2e_wait_status(qry, "messages", 2, 10), "the second message was not taken");
    e2e_sleep(4.0);
    char *st = e2e_query(qry, "status", 2);
    ck_assert_ptr_nonnull(st);
    double jumps = e2e_json_num(st, "engine.counters.clock_jump");
    ck_assert_msg(jumps >= 0 && jumps <= 1, "clock jumps %g (the message itself: 1): %s", jumps,
                  st);
    /* the status reports the engine's clock, not the refused message's time
     * (it kept the latest item time: 30 days ahead for good) */
    double et = e2e_json_num(st, "event_time");
    ck_assert_msg(et >= now && et < now + 60, "event_time %.3f, now %.0f: %s", et, now, st);
    free(st);
    close(out);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    test_rmdir_r(dir);
    free(dir), free(qry), free(log);
}
END_TEST

/* Datagrams the kernel drops on aisd's UDP input (its socket buffer full
 * while aisd is stopped) are counted from SO_RXQ_OVFL: every datagram sent is
 * either read or counted. They were lost without a trace. */
START_TEST(udp_input_kernel_drops_counted)
{
    char *dir = test_tmpdir(), *qry, *log;
    int in_port;
    pid_t pid = spawn_udp_aisd(dir, &in_port, &qry, &log);
    ck_assert_msg(e2e_status_num(qry, "udp_in_dropped") == 0, "no udp_in_dropped in the status");
    int out = udp_socket(0);
    char line[256];
    nmea_line(line, sizeof line, 0, payloads[0], 0);
    strcat(line, "\r\n");
    const int sent = 4000; /* far more than a default socket buffer holds */
    ck_assert_int_eq(kill(pid, SIGSTOP), 0);
    for (int i = 0; i < sent; i++)
        udp_send(out, in_port, line);
    ck_assert_int_eq(kill(pid, SIGCONT), 0);
    e2e_sleep(1.0);
    /* the count arrives with the next datagram queued after the drops */
    udp_send(out, in_port, line);
    double read = 0, dropped = 0, end = e2e_now() + 15;
    do {
        e2e_sleep(0.2);
        read = e2e_status_num(qry, "sentences_in");
        dropped = e2e_status_num(qry, "udp_in_dropped");
    } while (read + dropped < sent + 1 && e2e_now() < end);
    ck_assert_msg(dropped > 0 && read + dropped == sent + 1, "%d sent: %g read, %g dropped",
                  sent + 1, read, dropped);
    printf("UDP input: %d datagrams sent to a stopped aisd: %g read, %g counted as dropped\n",
           sent + 1, read, dropped);
    close(out);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    char *l = test_read_file(log, NULL);
    ck_assert_msg(l && strstr(l, "the kernel dropped"), "log: %s", l);
    free(l);
    test_rmdir_r(dir);
    free(dir), free(qry), free(log);
}
END_TEST

/* A listening TCP socket on 127.0.0.1:port. */
static int tcp_listen(int port)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(ls, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = e2e_loopback(port);
    ck_assert_int_eq(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(ls, 16), 0);
    return ls;
}

/* A server on ls that accepts and closes every connection for seconds (with
 * rtl_tcp's greeting first, and a moment for the client's tuning commands,
 * when rtltcp is set); returns how many it took. */
static int accept_and_drop(int ls, double seconds, int rtltcp)
{
    static const uint8_t greet[12] = {'R', 'T', 'L', '0', 0, 0, 0, 5, 0, 0, 0, 29};
    int accepted = 0;
    double end = e2e_now() + seconds;
    while (e2e_now() < end) {
        struct pollfd pfd = {ls, POLLIN, 0};
        if (poll(&pfd, 1, 100) <= 0) continue;
        int c = accept(ls, NULL, NULL);
        if (c < 0) continue;
        if (rtltcp) {
            ck_assert_int_eq(send(c, greet, sizeof greet, MSG_NOSIGNAL), (ssize_t)sizeof greet);
            e2e_sleep(0.05); /* aisd's tuning commands arrive: the connection counts as made */
        }
        close(c);
        accepted++;
    }
    return accepted;
}

/* aisd on input scheme://127.0.0.1:PORT against a server that accepts and
 * drops every connection (greeting first when rtltcp) for seconds: how many
 * connections it made; its log is shown when outside lo..hi. */
static int connections_to_a_dropping_server(const char *scheme, int rtltcp, double seconds, int lo,
                                            int hi)
{
    char *dir = test_tmpdir();
    int port = e2e_free_port();
    int ls = tcp_listen(port);
    char input[64];
    snprintf(input, sizeof input, "%s://127.0.0.1:%d", scheme, port);
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input,  "--publish",   "inproc://x", "--query",
                    "none",    "--udp",   "none", "--state-dir", "none",       NULL};
    pid_t pid = e2e_spawn(argv, log);
    int accepted = accept_and_drop(ls, seconds, rtltcp);
    close(ls);
    int rc = e2e_stop(pid, 10);
    if (rc || accepted > hi || accepted < lo) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    test_rmdir_r(dir);
    free(dir), free(log);
    return accepted;
}

START_TEST(nmea_tcp_server_closing_at_once_backs_off)
{
    /* An NMEA TCP server that accepts and closes at once: aisd reconnected
     * with no pause at all (28,000 connections and 56,000 log lines in 3 s).
     * Now it waits 0.5 s doubling, starting over after a connection of 5 s. */
    int accepted = connections_to_a_dropping_server("nmea:tcp", 0, 3.0, 2, 5);
    ck_assert_msg(accepted >= 2 && accepted <= 5, "%d connections in 3 s", accepted);
}
END_TEST

START_TEST(rtltcp_server_dropping_at_once_backs_off)
{
    /* A server that accepts, greets and closes at once (a wedged rtl_tcp, a
     * proxy with no dongle behind it): aisd used to start its backoff over on
     * every connect and retry every 250 ms, two log lines each time. Now the
     * backoff doubles (250 ms .. 5 s) until a connection has delivered for 5 s:
     * over 4 s that is 4-5 connections, not 12 or more. */
    int accepted = connections_to_a_dropping_server("rtltcp", 1, 4.0, 2, 6);
    printf("rtl_tcp server dropping at once: %d connections in 4 s\n", accepted);
    ck_assert_msg(accepted >= 2 && accepted <= 6, "%d connections in 4 s", accepted);
}
END_TEST

/* aisctl sim writes an IQ file with its ground truth; aisd demodulates it and a
 * subscriber must see the truth's payloads as sentences and as messages. */
START_TEST(iq_file_to_subscriber)
{
    char *dir = test_tmpdir();
    char *iq = test_path(dir, "traffic.cu8"), *truth = test_path(dir, "traffic.truth");
    char out[65536];
    char *sim[] = {aisctl_path, "sim", "-o",    iq,      "-t", truth, "-d", "8", "-n",
                   "12",        "-e",  "14:30", "--ppm", "20", "-s",  "5",  NULL};
    ck_assert_int_eq(e2e_run(sim, out, sizeof out, 60), 0);
    char *tt = test_read_file(truth, NULL);
    ck_assert_ptr_nonnull(tt);
    /* payloads of the truth */
    char *payload[400];
    int np = 0;
    for (char *s = tt; (s = strstr(s, "\"payload\":")) && np < 400; s++) {
        char *q = strchr(s + 10, '"') + 1, *e = strchr(q, '"');
        payload[np] = strndup(q, (size_t)(e - q));
        np++;
    }
    ck_assert_int_gt(np, 20);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *st = test_path(dir, "state"), *raw = test_path(dir, "raw");
    struct e2e_sub *sub = e2e_sub_open(pub, "", NULL, NULL, NULL);
    char *argv[] = {aisd_path,
                    "--input",
                    iq,
                    "--format",
                    "cu8",
                    "--rate",
                    "288000",
                    "--publish",
                    pub,
                    "--query",
                    "none",
                    "--udp",
                    "none",
                    "--state-dir",
                    st,
                    "--rawlog-dir",
                    raw,
                    "--iq-snippets",
                    "--wait-subscriber",
                    "20",
                    NULL};
    pid_t pid = e2e_spawn(argv, log);
    int seen[400] = {0}, sentences = 0, messages = 0, status = 0;
    char whole[512] = "";
    struct e2e_msg m;
    while (e2e_sub_recv(sub, &m, 10)) {
        if (!strcmp(m.topic, "nmea")) {
            sentences++;
            ck_assert_msg(strstr(m.json, "\"signal\":{\"channel\":"), "no signal metadata: %s",
                          m.json);
            /* reassemble !AIVDM,n,k,seq,ch,payload,fill fragments */
            const char *v = strstr(m.json, "!AIVDM,");
            int n = 0, k = 0;
            char frag[128] = "";
            const char *f5 = v;
            for (int c = 0; f5 && c < 5; c++)
                f5 = strchr(f5 + 1, ',');
            if (v && f5 && sscanf(v, "!AIVDM,%d,%d,", &n, &k) == 2 &&
                sscanf(f5 + 1, "%127[^,]", frag) == 1) {
                if (k == 1) whole[0] = 0;
                strncat(whole, frag, sizeof whole - strlen(whole) - 1);
                if (k == n)
                    for (int i = 0; i < np; i++)
                        if (!strcmp(whole, payload[i])) seen[i] = 1;
            }
        } else if (!strncmp(m.topic, "ais.", 4)) {
            messages++;
            ck_assert(e2e_json_num(m.json, "mmsi") > 0);
            ck_assert_ptr_nonnull(strstr(m.json, "\"level_dbfs\":"));
        } else if (!strcmp(m.topic, "status")) {
            status++;
        }
        int last = !strcmp(m.topic, "status") && strstr(m.json, "\"input_done\":true");
        free(m.json);
        if (last) break;
    }
    int rc = e2e_wait(pid, 30);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    int found = 0;
    for (int i = 0; i < np; i++)
        found += seen[i];
    printf("iq file: %d bursts in truth, %d found, %d sentences, %d messages\n", np, found,
           sentences, messages);
    ck_assert_msg(found >= np * 9 / 10, "only %d of %d bursts received", found, np);
    ck_assert_int_ge(messages, found * 9 / 10);
    ck_assert_int_ge(status, 1);
    /* the raw-frame log and one IQ snippet per frame */
    char cmd[900];
    snprintf(cmd, sizeof cmd, "ls %s/iq | wc -l > %s/n; cat %s/aisd-*.log > %s/all", raw, dir, raw,
             dir);
    ck_assert_int_eq(system(cmd), 0);
    char *nf = test_path(dir, "n"), *all = test_path(dir, "all");
    char *ntext = test_read_file(nf, NULL), *alltext = test_read_file(all, NULL);
    ck_assert_ptr_nonnull(alltext);
    ck_assert_msg(atoi(ntext) == messages, "%d snippets for %d frames", atoi(ntext), messages);
    ck_assert_ptr_nonnull(strstr(alltext, "\t{\"signal\":{\"channel\":"));
    ck_assert_ptr_nonnull(strstr(alltext, "\"iq_file\":"));
    ck_assert_ptr_nonnull(strstr(alltext, ",c:"));
    free(ntext), free(alltext), free(nf), free(all), free(raw);
    for (int i = 0; i < np; i++)
        free(payload[i]);
    free(tt);
    e2e_sub_close(sub);
    test_rmdir_r(dir);
    free(dir), free(iq), free(truth), free(pub), free(log), free(st);
}
END_TEST

/* A cf32 file with NaN and infinite samples (a corrupt capture): aisd zeroes
 * and counts them (status "nonfinite") and still decodes the bursts after
 * them; without that, the first NaN would leave the receiver deaf. */
START_TEST(cf32_nonfinite_counted_and_decoded)
{
    char *dir = test_tmpdir();
    char *iq = test_path(dir, "nan.cf32"), *truth = test_path(dir, "nan.truth");
    char out[65536];
    char *sim[] = {aisctl_path, "sim", "-o", iq,   "-t",    truth, "-f", "cf32", "-d",
                   "6",         "-n",  "10", "-e", "16:30", "-s",  "9",  NULL};
    ck_assert_int_eq(e2e_run(sim, out, sizeof out, 60), 0);
    char *tt = test_read_file(truth, NULL);
    ck_assert_ptr_nonnull(tt);
    int late = 0; /* bursts that start after the NaN block */
    for (char *t = tt; (t = strstr(t, "\"start\": ")); t++)
        late += atof(t + 9) > 288000 * 1.2;
    ck_assert_int_gt(late, 5);
    /* 0.1 s of NaN at 1 s, and one +Inf */
    FILE *f = fopen(iq, "r+b");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, 288000L * 8, SEEK_SET), 0);
    float nan2[2] = {NAN, NAN};
    for (int i = 0; i < 28800; i++)
        ck_assert_int_eq(fwrite(nan2, sizeof nan2, 1, f), 1);
    float inf = INFINITY;
    ck_assert_int_eq(fseek(f, 288000L * 8 * 3 + 4, SEEK_SET), 0);
    ck_assert_int_eq(fwrite(&inf, sizeof inf, 1, f), 1);
    fclose(f);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    struct e2e_sub *sub = e2e_sub_open(pub, "", NULL, NULL, NULL);
    char *argv[] = {aisd_path, "--input",     iq,     "--format",          "cf32", "--rate",
                    "288000",  "--publish",   pub,    "--query",           "none", "--udp",
                    "none",    "--state-dir", "none", "--wait-subscriber", "20",   NULL};
    pid_t pid = e2e_spawn(argv, log);
    int sentences_late = 0;
    double nonfinite = -1;
    struct e2e_msg m;
    while (e2e_sub_recv(sub, &m, 10)) {
        if (!strcmp(m.topic, "nmea") && e2e_json_num(m.json, "signal.sample") > 288000 * 1.2)
            sentences_late++;
        int last = !strcmp(m.topic, "status") && strstr(m.json, "\"input_done\":true");
        if (last) nonfinite = e2e_json_num(m.json, "nonfinite");
        free(m.json);
        if (last) break;
    }
    int rc = e2e_wait(pid, 30);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(nonfinite == 2 * 28800 + 1, "nonfinite %.0f", nonfinite);
    ck_assert_msg(sentences_late >= late * 8 / 10, "%d sentences after the NaN for %d bursts",
                  sentences_late, late);
    char *text = test_read_file(log, NULL);
    ck_assert_ptr_nonnull(strstr(text, "NaN or infinite"));
    free(text);
    e2e_sub_close(sub);
    free(tt);
    test_rmdir_r(dir);
    free(dir), free(iq), free(truth), free(pub), free(log);
}
END_TEST

/* A real over-the-air burst (the corpus WAV, 240 kS/s cs16, tuned 161.992 MHz):
 * the sentence the upstream project expects must come out. */
START_TEST(wav_corpus_burst)
{
    char *wav = test_corpus_file("iq/swiftais_sentence1_240k_cs16.wav");
    if (!wav) return;
    char *dir = test_tmpdir();
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    struct e2e_sub *sub = e2e_sub_open(pub, "nmea", NULL, NULL, NULL);
    char *argv[] = {aisd_path,  "--input",     wav,    "--format",          "wav",  "--center",
                    "161.992M", "--publish",   pub,    "--query",           "none", "--udp",
                    "none",     "--state-dir", "none", "--wait-subscriber", "20",   NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct e2e_msg m;
    int found = 0;
    while (!found && e2e_sub_recv(sub, &m, 10)) {
        found = strstr(m.json,
                       "!AIVDM,1,1,,B,E>k`HC0VTah9QTb:Pb2h0ab0P00=N97j<4dDP00000<020,4*6F") != NULL;
        free(m.json);
    }
    ck_assert_int_eq(e2e_wait(pid, 20), 0);
    ck_assert(found);
    e2e_sub_close(sub);
    test_rmdir_r(dir);
    free(dir), free(wav), free(pub), free(log);
}
END_TEST

static int udp_socket(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = e2e_loopback(port);
    if (port && bind(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A TCP connection to 127.0.0.1:port within timeout; rcvbuf > 0: that receive
 * buffer (set before connecting, so the window stays small). */
static int tcp_connect(int port, double timeout, int rcvbuf)
{
    double end = e2e_now() + timeout;
    while (e2e_now() < end) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        struct sockaddr_in a = e2e_loopback(port);
        if (!connect(fd, (struct sockaddr *)&a, sizeof a)) return fd;
        close(fd);
        e2e_sleep(0.05);
    }
    return -1;
}

/* Read what arrives on fd within timeout into buf (appending). */
static size_t read_for(int fd, char *buf, size_t have, size_t max, double timeout)
{
    double end = e2e_now() + timeout;
    while (have + 1 < max && e2e_now() < end) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        ssize_t r = recv(fd, buf + have, max - have - 1, 0);
        if (r <= 0) break;
        have += (size_t)r;
    }
    buf[have] = 0;
    return have;
}

/* NMEA in over UDP; NMEA out over UDP and to a TCP client (plain sentences,
 * CR LF); the query socket sees the input thread up. */
START_TEST(nmea_udp_in_udp_tcp_out)
{
    char *dir = test_tmpdir();
    int in_port = e2e_free_port(), out_port = e2e_free_port(), tcp_port = e2e_free_port();
    char input[64], udp[32], tcp[32];
    snprintf(input, sizeof input, "nmea:udp://127.0.0.1:%d", in_port);
    snprintf(udp, sizeof udp, "127.0.0.1:%d", out_port);
    snprintf(tcp, sizeof tcp, "127.0.0.1:%d", tcp_port);
    int out = udp_socket(out_port);
    ck_assert_int_ge(out, 0);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input,   "--publish", pub,           "--query", qry,
                    "--udp",   udp,       "--tcp", tcp,         "--state-dir", "none",    NULL};
    pid_t pid = e2e_spawn(argv, log);
    int client = tcp_connect(tcp_port, 10, 0);
    if (client < 0) e2e_dump_log(log);
    ck_assert_int_ge(client, 0);
    ck_assert_msg(e2e_wait_status(qry, "nmea_tcp_clients", 1, 10), "TCP client not seen");
    /* the output losses are in the status (none yet) */
    ck_assert_int_eq(e2e_status_num(qry, "nmea_tcp_refused"), 0);
    ck_assert_int_eq(e2e_status_num(qry, "nmea_out_dropped"), 0);
    ck_assert_int_eq(e2e_status_num(qry, "publish_dropped"), 0);
    ck_assert_int_eq(e2e_status_num(qry, "snippet_drops"), 0);
    int in = udp_socket(0);
    char line[256];
    for (int i = 0; i < 3; i++) {
        nmea_line(line, sizeof line, 1700000000.0 + i, payloads[i], i == 0);
        udp_send(in, in_port, line);
    }
    static char got_udp[8192], got_tcp[8192];
    size_t nu = 0, nt = 0;
    double end = e2e_now() + 10;
    while (e2e_now() < end && (!strstr(got_udp, payloads[2]) || !strstr(got_tcp, payloads[2]))) {
        nu = read_for(out, got_udp, nu, sizeof got_udp, 0.1);
        nt = read_for(client, got_tcp, nt, sizeof got_tcp, 0.1);
    }
    for (int i = 0; i < 3; i++) {
        ck_assert_msg(strstr(got_udp, payloads[i]), "UDP out: %s", got_udp);
        ck_assert_msg(strstr(got_tcp, payloads[i]), "TCP out: %s", got_tcp);
    }
    ck_assert_ptr_null(strchr(got_tcp, '\\')); /* plain sentences: no tag block */
    ck_assert_ptr_nonnull(strstr(got_tcp, "\r\n"));
    ck_assert_msg(e2e_wait_status(qry, "messages", 3, 10), "messages not decoded");
    close(in), close(out), close(client);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    test_rmdir_r(dir);
    free(dir), free(pub), free(qry), free(log);
}
END_TEST

/* SIGHUP re-reads the CURVE allow list: a key added to it is let in. */
START_TEST(sighup_reloads_allow_list)
{
    if (!zmq_has("curve")) {
        printf("SKIP: libzmq without CURVE\n");
        return;
    }
    char *dir = test_tmpdir();
    char *server = test_path(dir, "server"), *late = test_path(dir, "late"),
         *allow = test_path(dir, "allow");
    keygen(server);
    keygen(late);
    FILE *f = fopen(allow, "w");
    fputs("# nobody yet\n", f);
    fclose(f);
    unsigned char spk[32], ssk[32], lpk[32], lsk[32];
    load_keys(server, spk, ssk);
    load_keys(late, lpk, lsk);
    char skey[700], path[700];
    snprintf(skey, sizeof skey, "%s.key", server);
    int in_port = e2e_free_port();
    char input[64];
    snprintf(input, sizeof input, "nmea:udp://127.0.0.1:%d", in_port);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *argv[] = {
        aisd_path, "--input",       input,  "--publish",         pub,    "--query",
        "none",    "--udp",         "none", "--state-dir",       "none", "--curve-secret-key",
        skey,      "--curve-allow", allow,  "--status-interval", "0.2",  NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct e2e_sub *sub = e2e_sub_open(pub, "status", spk, lpk, lsk);
    struct e2e_msg m;
    int before = 0;
    while (e2e_sub_recv(sub, &m, 1.5)) {
        free(m.json);
        before++;
    }
    ck_assert_int_eq(before, 0); /* not on the list */
    e2e_sub_close(sub);
    snprintf(path, sizeof path, "%s.pub", late);
    char *pubkey = test_read_file(path, NULL);
    f = fopen(allow, "a");
    fputs(pubkey, f);
    fclose(f);
    free(pubkey);
    kill(pid, SIGHUP);
    e2e_sleep(0.3);
    sub = e2e_sub_open(pub, "status", spk, lpk, lsk);
    int after = e2e_sub_recv(sub, &m, 10);
    if (after) free(m.json);
    e2e_sub_close(sub);
    ck_assert_msg(after, "the key added before SIGHUP was not let in");
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    test_rmdir_r(dir);
    free(dir), free(server), free(late), free(allow), free(pub), free(log);
}
END_TEST

/* Count "WATCHDOG=1" datagrams (and note READY=1) arriving within s seconds. */
static int watchdog_pings(int fd, double s, int *ready)
{
    int n = 0;
    double end = e2e_now() + s;
    while (e2e_now() < end) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        char buf[512];
        ssize_t r = recv(fd, buf, sizeof buf - 1, 0);
        if (r <= 0) continue;
        buf[r] = 0;
        n += strstr(buf, "WATCHDOG=1") != NULL;
        if (ready && strstr(buf, "READY=1")) *ready = 1;
    }
    return n;
}

/* systemd's notify protocol on a socket of ours: READY, and the watchdog
 * pinged while samples flow and while the input reconnects by itself (the
 * rtl_tcp server is killed in between, then restarted): a restart would not
 * bring the server back sooner. A wedged reader starves it: check_daemon_ops
 * wedged_reader_starves_the_watchdog. */
START_TEST(watchdog_while_samples_flow_or_input_retries)
{
    char *dir = test_tmpdir();
    char *sock = test_path(dir, "notify");
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un sa = {0};
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    size_t len = 288000 * 2 / 4;
    uint8_t *iq = malloc(len);
    for (size_t i = 0; i < len; i++)
        iq[i] = (uint8_t)(127 + (int)(i % 7) - 3);
    int port = e2e_free_port();
    pid_t srv = start_rtltcp(port, iq, len);
    char input[64];
    snprintf(input, sizeof input, "rtltcp://127.0.0.1:%d", port);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    "none",    "--udp",   "none", "--state-dir", "none", NULL};
    setenv("NOTIFY_SOCKET", sock, 1);
    setenv("WATCHDOG_USEC", "3000000", 1);
    pid_t pid = e2e_spawn(argv, log);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    int ready = 0;
    int flowing = watchdog_pings(fd, 4, &ready);
    ck_assert_msg(ready, "no READY=1");
    ck_assert_int_ge(flowing, 2);
    kill(srv, SIGKILL);
    waitpid(srv, NULL, 0);
    watchdog_pings(fd, 1.5, NULL); /* the last second of samples */
    int retrying = watchdog_pings(fd, 3, NULL);
    ck_assert_int_ge(retrying, 2);
    srv = start_rtltcp(port, iq, len);
    int again = watchdog_pings(fd, 6, NULL);
    ck_assert_int_ge(again, 1);
    kill(srv, SIGKILL);
    waitpid(srv, NULL, 0);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    close(fd);
    free(iq);
    test_rmdir_r(dir);
    free(dir), free(sock), free(pub), free(log);
}
END_TEST

/* aisd --version and aisctl --version: exit 0, one line each, the same
 * version (daemon/version.h), so an operator can tell which build is installed
 * whichever program they ask. */
START_TEST(both_programs_print_the_same_version)
{
    char d[256], c[256], want[64];
    char *av[] = {aisd_path, "--version", NULL}, *cv[] = {aisctl_path, "--version", NULL};
    ck_assert_int_eq(e2e_run(av, d, sizeof d, 10), 0);
    ck_assert_int_eq(e2e_run(cv, c, sizeof c, 10), 0);
    snprintf(want, sizeof want, "aisd %s\n", AISD_VERSION);
    ck_assert_str_eq(d, want);
    snprintf(want, sizeof want, "aisctl %s\n", AISD_VERSION);
    ck_assert_str_eq(c, want);
}
END_TEST

static char *wait_query(const char *qry, const char *req, const char *must, double timeout)
{
    double end = e2e_now() + timeout;
    while (e2e_now() < end) {
        char *r = e2e_query(qry, req, 2);
        if (r && (!must || strstr(r, must))) return r;
        free(r);
        e2e_sleep(0.1);
    }
    return NULL;
}

/* The MMSIs of a gaps snapshot, in order, as one string. */
static void gap_mmsis(const char *json, char *out, size_t max)
{
    out[0] = 0;
    for (const char *s = json; (s = strstr(s, "\"mmsi\":")); s++) {
        char one[24];
        snprintf(one, sizeof one, "%ld ", atol(s + 7));
        strncat(out, one, max - strlen(out) - 1);
    }
}

/* Two hours of the Caspian scenario (a vessel goes dark at 1h20): aisd is
 * killed with SIGKILL and restarted on the same state directory; the vessels
 * and the open gaps must come back. */
START_TEST(kill9_restart_keeps_vessels_and_gaps)
{
    char *dir = test_tmpdir();
    char *nmea = test_path(dir, "c.nmea"), *station = test_path(dir, "station.conf");
    char *st = test_path(dir, "state"), *log = test_path(dir, "aisd.log"), out[65536];
    char *scen[] = {aisctl_path, "scenario", "caspian",         "-d",    "2h",
                    "-o",        nmea,       "--engine-config", station, NULL};
    ck_assert_int_eq(e2e_run(scen, out, sizeof out, 60), 0);
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", nmea);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *a1[] = {aisd_path,
                  "--input",
                  input,
                  "--alerts-config",
                  station,
                  "--state-dir",
                  st,
                  "--publish",
                  pub,
                  "--query",
                  qry,
                  "--udp",
                  "none",
                  "--keep-running",
                  "--wait-subscriber",
                  "20",
                  NULL};
    struct e2e_sub *sub = e2e_sub_open(pub, "alert.", NULL, NULL, NULL);
    pid_t pid = e2e_spawn(a1, log);
    char *status = wait_query(qry, "status", "\"input_done\":true", 60);
    ck_assert_ptr_nonnull(status);
    /* the alerts arrived on the feed: the scenario's vessel going dark among them */
    struct e2e_msg m;
    int dark = 0, alerts = 0;
    while (e2e_sub_recv(sub, &m, 1)) {
        alerts++;
        if (!strcmp(m.topic, "alert.dark.start") && strstr(m.json, "\"mmsi\":273298410")) dark++;
        free(m.json);
    }
    e2e_sub_close(sub);
    ck_assert_msg(dark == 1, "%d alerts, dark.start of 273298410 seen %d times", alerts, dark);
    double vessels = e2e_json_num(status, "vessels");
    free(status);
    char *gaps = wait_query(qry, "gaps", "mmsi", 10);
    ck_assert_msg(gaps, "no open gap after the scenario");
    char before[512], after[512];
    gap_mmsis(gaps, before, sizeof before);
    free(gaps);
    ck_assert_int_ge(vessels, 20);
    kill(pid, SIGKILL);
    ck_assert_int_eq(e2e_wait(pid, 10), 128 + SIGKILL);

    char *a2[] = {aisd_path,
                  "--input",
                  "nmea:/dev/null",
                  "--alerts-config",
                  station,
                  "--state-dir",
                  st,
                  "--publish",
                  pub,
                  "--query",
                  qry,
                  "--udp",
                  "none",
                  "--keep-running",
                  NULL};
    pid = e2e_spawn(a2, log);
    status = wait_query(qry, "status", "\"input_done\":true", 30);
    ck_assert_ptr_nonnull(status);
    ck_assert_msg(e2e_json_num(status, "vessels") == vessels, "vessels %g before, now: %s", vessels,
                  status);
    free(status);
    gaps = wait_query(qry, "gaps", NULL, 10);
    ck_assert_ptr_nonnull(gaps);
    gap_mmsis(gaps, after, sizeof after);
    free(gaps);
    ck_assert_str_eq(after, before);
    printf("kill -9: %g vessels and open gaps [%s] restored\n", vessels, after);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    test_rmdir_r(dir);
    free(dir), free(nmea), free(station), free(st), free(log), free(pub), free(qry);
}
END_TEST

/* Read [topic, json] messages from sub until none comes for quiet_s (the
 * first may take up to quiet_s too): their count, the last topic_seq in *last. */
static int drain_topic_seq(void *sub, double quiet_s, double *last)
{
    int got = 0;
    for (;;) {
        zmq_pollitem_t pi = {sub, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&pi, 1, (long)(quiet_s * 1000)) <= 0) break;
        zmq_msg_t zm;
        zmq_msg_init(&zm);
        zmq_msg_recv(&zm, sub, 0); /* topic */
        zmq_msg_close(&zm);
        zmq_msg_init(&zm);
        int len = zmq_msg_recv(&zm, sub, 0);
        if (len > 0) {
            char *body = strndup((char *)zmq_msg_data(&zm), (size_t)len);
            *last = body ? e2e_json_num(body, "topic_seq") : -1;
            free(body);
            got++;
        }
        zmq_msg_close(&zm);
        quiet_s = quiet_s < 1.0 ? quiet_s : 1.0;
    }
    return got;
}

/* A whole NMEA sentence with a valid checksum, ended by CR LF. */
static int whole_sentence(const char *l, size_t n)
{
    if (n < 12 || l[0] != '!' || l[n - 2] != '\r' || l[n - 1] != '\n' || l[n - 5] != '*') return 0;
    unsigned ck = 0;
    for (size_t i = 1; i < n - 5; i++)
        ck ^= (unsigned char)l[i];
    char want[3];
    snprintf(want, sizeof want, "%02X", ck);
    return !memcmp(l + n - 4, want, 2);
}

/* Outputs that stop reading while aisd runs at full speed: a ZeroMQ
 * subscriber with a tiny queue and a TCP NMEA client with a 4 KB receive
 * buffer, neither reading, while 120000 sentences come in over TCP. aisd does
 * not block (every sentence is processed, the query socket answers, a reading
 * subscriber gets messages) and does not crash. The TCP client loses whole
 * lines, counted in nmea_out_dropped: what it finally reads is whole,
 * checksummed sentences, and read + dropped is every sentence. It stays
 * connected. The stalled subscriber's losses show as gaps in topic_seq (ZeroMQ
 * drops for it alone, unseen by the publisher). */
START_TEST(stalled_outputs_counted_not_blocking)
{
    char *dir = test_tmpdir();
    const int n = 120000; /* 6 MB of output lines: more than a client's send buffer
                           * (aisd sets 256 KiB, the kernel doubles it) */
    char *file = make_nmea_file(dir, "big.nmea", n);
    FILE *f = fopen(file, "rb");
    size_t cap = 16u << 20;
    char *text = malloc(cap), *rx = malloc(cap);
    size_t tlen = fread(text, 1, cap, f);
    fclose(f);
    ck_assert(tlen > 0 && tlen < cap);
    int src_port = e2e_free_port(), tcp_port = e2e_free_port();
    int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = e2e_loopback(src_port);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(lfd, 1), 0);
    char input[64], tcp[32];
    snprintf(input, sizeof input, "nmea:tcp://127.0.0.1:%d", src_port);
    snprintf(tcp, sizeof tcp, "127.0.0.1:%d", tcp_port);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input, "--publish",   pub,    "--query",  qry,    "--udp",
                    "none",    "--tcp",   tcp,   "--state-dir", "none", "--sndhwm", "1000", NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct pollfd pl = {lfd, POLLIN, 0};
    ck_assert_msg(poll(&pl, 1, 20000) == 1, "aisd did not connect to the NMEA source");
    int src = accept(lfd, NULL, NULL);
    ck_assert_int_ge(src, 0);
    int stalled_tcp = tcp_connect(tcp_port, 10, 4096);
    ck_assert_int_ge(stalled_tcp, 0);
    void *ctx = zmq_ctx_new(), *stalled = zmq_socket(ctx, ZMQ_SUB);
    int hwm = 10, zero = 0, rcvbuf = 4096;
    zmq_setsockopt(stalled, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(stalled, ZMQ_RCVBUF, &rcvbuf, sizeof rcvbuf);
    zmq_setsockopt(stalled, ZMQ_LINGER, &zero, sizeof zero);
    zmq_setsockopt(stalled, ZMQ_SUBSCRIBE, "nmea", 4);
    zmq_connect(stalled, pub);
    struct e2e_sub *reader = e2e_sub_open(pub, "nmea", NULL, NULL, NULL);
    ck_assert_msg(e2e_wait_status(qry, "nmea_tcp_clients", 1, 10), "TCP client not seen");
    ck_assert_msg(e2e_wait_status(qry, "subscribers", 2, 10), "subscribers not seen");

    double t0 = e2e_now();
    for (size_t off = 0; off < tlen;) { /* blocks only while aisd's input is behind */
        ssize_t w = send(src, text + off, tlen - off, MSG_NOSIGNAL);
        ck_assert_int_gt(w, 0);
        off += (size_t)w;
    }
    ck_assert_msg(e2e_wait_status(qry, "sentences", n, 60), "not every sentence processed");
    double took = e2e_now() - t0;
    char *st = e2e_query(qry, "status", 5);
    ck_assert_ptr_nonnull(st);
    double dropped = e2e_json_num(st, "nmea_out_dropped");
    printf("stalled outputs: %d sentences in %.2f s; nmea_out_dropped %.0f, publish_dropped %.0f, "
           "published %.0f\n",
           n, took, dropped, e2e_json_num(st, "publish_dropped"), e2e_json_num(st, "published"));
    ck_assert_msg(dropped > 0, "status: %s", st);
    ck_assert_msg(e2e_json_num(st, "nmea_tcp_clients") == 1, "status: %s", st);
    ck_assert_msg(e2e_json_num(st, "frame_drops") == 0, "status: %s", st);
    free(st);

    /* the reading subscriber got messages */
    int got = 0;
    struct e2e_msg m;
    while (e2e_sub_recv(reader, &m, 1)) {
        free(m.json);
        got++;
    }
    ck_assert_int_gt(got, 0);
    /* the stalled TCP client: whole lines only, and read + dropped = all */
    size_t nrx = read_for(stalled_tcp, rx, 0, cap, 3.0);
    int lines = 0;
    for (size_t i = 0; i < nrx;) {
        const char *e = memchr(rx + i, '\n', nrx - i);
        ck_assert_msg(e, "a cut line at the end of what the client read");
        size_t len = (size_t)(e - (rx + i)) + 1;
        ck_assert_msg(whole_sentence(rx + i, len), "line %d: %.*s", lines, (int)len, rx + i);
        lines++;
        i += len;
    }
    printf("stalled TCP client: read %d lines, %d lost, of %d\n", lines, (int)dropped, n);
    ck_assert_int_lt(lines, n);
    ck_assert_int_eq(lines + (int)dropped, n);
    /* the stalled subscriber: what ZeroMQ dropped for it shows as a gap in
     * topic_seq once a later message arrives (a lost tail needs the next one) */
    double last = 0;
    int seen = drain_topic_seq(stalled, 1.0, &last);
    printf("stalled subscriber: %d nmea messages queued for it, up to topic_seq %.0f\n", seen,
           last);
    ck_assert_int_gt(seen, 0);
    char line[256];
    nmea_line(line, sizeof line, 1700000000.0 + n, payloads[0], 1);
    strcat(line, "\n");
    ck_assert_int_eq(send(src, line, strlen(line), MSG_NOSIGNAL), (ssize_t)strlen(line));
    int more = drain_topic_seq(stalled, 10.0, &last);
    printf("stalled subscriber: then %d more, topic_seq %.0f\n", more, last);
    ck_assert_int_ge(more, 1);
    ck_assert_double_gt(last, n); /* the one after the loss: the gap is visible */
    ck_assert_double_gt(last, seen + more);

    ck_assert_int_eq(e2e_stop(pid, 10), 0); /* still running, and it stops cleanly */
    close(src), close(lfd), close(stalled_tcp);
    e2e_sub_close(reader);
    zmq_close(stalled);
    zmq_ctx_term(ctx);
    test_rmdir_r(dir);
    free(dir), free(file), free(pub), free(qry), free(log), free(text), free(rx);
}
END_TEST

/* With no frame at all (pure noise), the event clock still follows the
 * samples: aisd ticks the alert engine from the sample clock, so station
 * health and dark rules see silences in IQ replays and live input alike. */
START_TEST(event_clock_follows_samples_through_silence)
{
    char *dir = test_tmpdir();
    char file[512];
    snprintf(file, sizeof file, "%s/noise.cu8", dir);
    char *simargv[] = {aisctl_path, "sim", "--mode", "noise", "-d", "12", "-o", file, NULL};
    char out[65536];
    ck_assert_int_eq(e2e_run(simargv, out, sizeof out, 60), 0);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path,
                    "--input",
                    file,
                    "--format",
                    "cu8",
                    "--rate",
                    "288000",
                    "--start-time",
                    "2026-01-01T00:00:00Z",
                    "--publish",
                    pub,
                    "--query",
                    qry,
                    "--udp",
                    "none",
                    "--state-dir",
                    "none",
                    "--keep-running",
                    NULL};
    pid_t pid = e2e_spawn(argv, log);
    char *qargv[] = {aisctl_path, "status", "--connect", qry, NULL};
    double end = e2e_now() + 60;
    int rc;
    do {
        rc = e2e_run(qargv, out, sizeof out, 10);
        if (rc == 0 && strstr(out, "\"input_done\":true")) break;
        e2e_sleep(0.2);
    } while (e2e_now() < end);
    ck_assert_msg(rc == 0 && strstr(out, "\"input_done\":true"), "status: %s", out);
    double t = e2e_json_num(out, "event_time");
    const double start = 1767225600.0; /* 2026-01-01T00:00:00Z */
    ck_assert_msg(t >= start + 9 && t <= start + 12, "event_time %.3f, want start + 9..12 s", t);
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    test_rmdir_r(dir);
    free(dir), free(pub), free(qry), free(log);
}
END_TEST

START_TEST(frame_latency_not_negative)
{
    /* The status' latency_ms runs from the arrival of a burst's last sample
     * to its sentence on the socket: never negative. It used to take a
     * block's arrival (when its last sample came) for its first sample's,
     * a block (7 ms at 288 kS/s) too late: about -5 ms here. */
    char *dir = test_tmpdir();
    char file[512];
    snprintf(file, sizeof file, "%s/traffic.cu8", dir);
    char *simargv[] = {aisctl_path, "sim", "-d", "6", "-n", "20", "-s", "3", "-o", file, NULL};
    char out[65536];
    ck_assert_int_eq(e2e_run(simargv, out, sizeof out, 60), 0);
    char *pub = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    struct e2e_sub *sub = e2e_sub_open(pub, "status", NULL, NULL, NULL);
    char *argv[] = {aisd_path,
                    "--input",
                    file,
                    "--rate",
                    "288000",
                    "--realtime",
                    "--status-interval",
                    "0.2",
                    "--publish",
                    pub,
                    "--query",
                    "none",
                    "--udp",
                    "none",
                    "--state-dir",
                    "none",
                    "--wait-subscriber",
                    "20",
                    NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct e2e_msg m;
    int seen = 0;
    double lowest = 1e9;
    while (e2e_sub_recv(sub, &m, 20)) {
        int done = strstr(m.json, "\"input_done\":true") != NULL;
        if (e2e_json_num(m.json, "messages") > 0) {
            double lat = e2e_json_num(m.json, "latency_ms");
            if (lat < lowest) lowest = lat;
            seen++;
        }
        free(m.json);
        if (done) break;
    }
    int rc = e2e_wait(pid, 30);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(seen >= 3, "%d statuses after the first message", seen);
    ck_assert_msg(lowest >= 0, "latency_ms %.2f", lowest);
    printf("frame latency: lowest latency_ms %.2f over %d statuses\n", lowest, seen);
    e2e_sub_close(sub);
    test_rmdir_r(dir);
    free(dir), free(pub), free(log);
}
END_TEST

/* SIGHUP re-reads the zones (and the other alert settings); a zones file that
 * has gone bad changes nothing (the engine keeps its zones; it used to run on
 * without any), never leaves the engine without alerts. */
START_TEST(sighup_reloads_zones)
{
    char *dir = test_tmpdir();
    char *file = make_nmea_file(dir, "in.nmea", 20);
    char zones[600], state[600], input[600];
    snprintf(zones, sizeof zones, "%s/zones.geojson", dir);
    snprintf(state, sizeof state, "%s/state", dir);
    snprintf(input, sizeof input, "nmea:%s", file);
    char *text = test_read_file("alerts/data/caspian_ports.geojson", NULL);
    ck_assert_ptr_nonnull(text);
    FILE *f = fopen(zones, "w");
    fputs(text, f);
    fclose(f);
    free(text);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input",     input,   "--publish",      pub,
                    "--query", qry,           "--udp", "none",           "--zones",
                    zones,     "--state-dir", state,   "--keep-running", NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_msg(e2e_wait_status(qry, "sentences", 20, 30), "the input was not read");
    kill(pid, SIGHUP);
    e2e_sleep(1.0);
    f = fopen(zones, "w");
    fputs("not geojson\n", f);
    fclose(f);
    kill(pid, SIGHUP);
    e2e_sleep(1.0);
    ck_assert_msg(e2e_status_num(qry, "vessels") >= 1, "no engine after a bad zones file");
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    char *l = test_read_file(log, NULL);
    ck_assert_ptr_nonnull(l);
    ck_assert_msg(strstr(l, "zones, watchlist and alert settings reloaded"), "log: %s", l);
    ck_assert_msg(strstr(l, "nothing reloaded: the running zones and settings are kept"), "log: %s",
                  l);
    ck_assert_msg(!strstr(l, "running without zones"), "log: %s", l);
    free(l);
    test_rmdir_r(dir);
    free(dir), free(file), free(pub), free(qry), free(log);
}
END_TEST

/* Without a state directory SIGHUP reloads the zones; a changed watchlist
 * cannot be applied without losing the vessels in memory: refused, and the log
 * says so (it was ignored in silence, "reloading ..." logged), and a watchlist
 * that does not parse is rejected as with a database (it was not even read). */
START_TEST(sighup_without_state_dir_refuses_changed_settings)
{
    char *dir = test_tmpdir();
    char *file = make_nmea_file(dir, "in.nmea", 5);
    char *wl = test_path(dir, "watch.conf"), *log = test_path(dir, "aisd.log");
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", file);
    FILE *f = fopen(wl, "w");
    fputs("watch_mmsi = 224651000\n", f);
    fclose(f);
    char *qry = e2e_endpoint();
    char *argv[] = {aisd_path, "--input",     input,   "--publish",      "inproc://x",
                    "--query", qry,           "--udp", "none",           "--watchlist",
                    wl,        "--state-dir", "none",  "--keep-running", NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_msg(e2e_wait_status(qry, "sentences", 5, 30), "the input was not read");
    kill(pid, SIGHUP); /* unchanged */
    e2e_sleep(1.0);
    f = fopen(wl, "w");
    fputs("watch_mmsi = 224651000,273298410\n", f);
    fclose(f);
    kill(pid, SIGHUP); /* changed */
    e2e_sleep(1.0);
    f = fopen(wl, "w");
    fputs("watch_mmsi = banana\n", f);
    fclose(f);
    kill(pid, SIGHUP); /* broken */
    e2e_sleep(1.0);
    ck_assert_msg(e2e_status_num(qry, "vessels") == 1, "the vessel in memory was lost");
    ck_assert_int_eq(e2e_stop(pid, 10), 0);
    char *l = test_read_file(log, NULL);
    ck_assert_ptr_nonnull(l);
    ck_assert_msg(strstr(l, "zones reloaded (watchlist and alert settings unchanged)"), "log: %s",
                  l);
    ck_assert_msg(strstr(l, "settings were NOT applied"), "log: %s", l);
    ck_assert_msg(strstr(l, "the new settings were rejected"), "log: %s", l);
    free(l);
    test_rmdir_r(dir);
    free(dir), free(file), free(wl), free(log), free(qry);
}
END_TEST

START_TEST(json_reader_reads_members_not_text)
{
    /* The suites read aisd's JSON through e2e_json_num: a member, not the
     * first place its quoted name appears in the text (inside a string or a
     * nested object), and nested members by path. */
    const char *js = "{\"nmea\":\"\\\"sentences\\\":5\",\"engine\":{\"sentences\":7,\"dup\":3},"
                     "\"sentences\" : 20,\"frames\":{\"A\":4,\"B\":6},\"name\":\"x\"}";
    ck_assert_double_eq(e2e_json_num(js, "sentences"), 20);
    ck_assert_double_eq(e2e_json_num(js, "engine.dup"), 3);
    ck_assert_double_eq(e2e_json_num(js, "frames.B"), 6);
    ck_assert_double_eq(e2e_json_num(js, "dup"), -1);      /* only inside "engine" */
    ck_assert_double_eq(e2e_json_num(js, "name"), -1);     /* not a number */
    ck_assert_double_eq(e2e_json_num("{\"a\":", "a"), -1); /* not JSON */
}
END_TEST

/* Write text to dir/name; the path (malloc'd). */
static char *write_text(const char *dir, const char *name, const char *text)
{
    char *path = test_path(dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* aisd replaying an NMEA file, its status feed subscribed: the last status
 * once the input is done (and key reads value, when given), aisd's exit
 * status in *rc; aisd's log (dumped when it failed) goes to log. */
static char *replay_nmea_file(const char *file, const char *log, const char *key, double value,
                              int *rc)
{
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", file);
    char *pub = e2e_endpoint();
    struct e2e_sub *sub = e2e_sub_open(pub, "status", NULL, NULL, NULL);
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    "none",    "--udp",   "none", "--state-dir", "none", "--wait-subscriber",
                    "20",      NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct e2e_msg m;
    char *last = NULL;
    while (e2e_sub_recv(sub, &m, 20)) {
        free(last);
        last = m.json;
        if (strstr(last, "\"input_done\":true") && (!key || e2e_json_num(last, key) == value))
            break;
    }
    *rc = e2e_wait(pid, 30);
    if (*rc != 0 || !last) e2e_dump_log(log);
    e2e_sub_close(sub);
    free(pub);
    return last;
}

START_TEST(bad_nmea_lines_counted_by_reason)
{
    /* Each kind of bad NMEA input is counted under its reason in the status
     * (nmea_rejects), the first of each is logged with the line, and the end
     * of the input says how many lines were rejected. A line too long to be
     * NMEA used to be dropped without a count; a first fragment whose second
     * never came was counted nowhere the operator could see. */
    char *dir = test_tmpdir();
    char good[256], text[4096] = "", longline[700];
    nmea_line(good, sizeof good, 1700000000, payloads[0], 0);
    memset(longline, 'x', sizeof longline - 2);
    longline[sizeof longline - 2] = '\n';
    longline[sizeof longline - 1] = 0;
    char bad_ck[256];
    snprintf(bad_ck, sizeof bad_ck, "%s", good);
    bad_ck[strlen(bad_ck) - 1] = bad_ck[strlen(bad_ck) - 1] == '0' ? '1' : '0';
    const char *frag = "AIVDM,2,1,7,A,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0";
    unsigned fck = 0;
    for (const char *c = frag; *c; c++)
        fck ^= (unsigned char)*c;
    snprintf(text, sizeof text,
             "%s\n%s\n!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0\nnot nmea at all\n%s"
             "!%s*%02X\n%s\n",
             good, bad_ck, longline, frag, fck, good);
    char *file = write_text(dir, "bad.nmea", text);
    char *log = test_path(dir, "aisd.log");
    int rc;
    char *last = replay_nmea_file(file, log, "nmea_rejects.incomplete", 1, &rc);
    size_t n;
    char *err = test_read_file(log, &n);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(last);
    ck_assert_msg(e2e_json_num(last, "messages") == 2, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "nmea_rejects.checksum") == 1, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "nmea_rejects.no_checksum") == 1, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "nmea_rejects.too_long") == 1, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "nmea_rejects.not_nmea") == 1, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "nmea_rejects.incomplete") == 1, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "rejected") == 3, "status: %s", last);
    ck_assert_msg(strstr(err, "checksum mismatch: '!AIVDM"), "log: %s", err);
    ck_assert_msg(strstr(err, "more than 511 bytes"), "log: %s", err);
    ck_assert_msg(strstr(err, "7 lines: 3 AIS sentences, 2 messages decoded, 3 rejected"),
                  "log: %s", err);
    test_rmdir_r(dir);
    free(err), free(last), free(dir), free(file), free(log);
}
END_TEST

/* Stop a `make run` started in a session of its own (pid: make, the session
 * leader): SIGTERM to the session's group, then SIGKILL to whatever of it is
 * left once make is gone. A pipeline element that outlived make (aisctl
 * scenario --realtime writing into a closed pipe, SIGPIPE ignored) kept the
 * landing lock's descriptor for over an hour in a landing's `make test`. */
static void stop_make_run(pid_t pid)
{
    kill(-pid, SIGTERM);
    e2e_wait(pid, 20);
    kill(-pid, SIGKILL);
}

START_TEST(make_run_moves_off_a_taken_port)
{
    /* `make run` bound fixed ports 5556/5557: with either taken (another
     * aisd, the installed service) aisd stopped at start and `aisctl sub`
     * waited on someone else's feed for ever. Now RUN_PORT sets them, a taken
     * pair moves up to a free one, and make run prints where to connect.
     * The four ports below the ephemeral range: one there was taken by
     * another program's connection between make run's check and aisd's bind
     * (CI on a busy machine: 'query ...: Address already in use'). */
    int port = e2e_free_port_block(4);
    ck_assert_int_gt(port, 0);
    int busy = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = e2e_loopback(port);
    ck_assert_int_eq(bind(busy, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(busy, 1), 0);
    char *dir = test_tmpdir(), *log = test_path(dir, "make.log");
    const char *build = getenv("AISD_BUILD") ? getenv("AISD_BUILD") : "build";
    char port_arg[32], dir_arg[700], build_arg[300];
    snprintf(port_arg, sizeof port_arg, "RUN_PORT=%d", port);
    snprintf(dir_arg, sizeof dir_arg, "RUN_DIR=%s/run", dir);
    snprintf(build_arg, sizeof build_arg, "BUILD=%s", build);
    /* its own session, so that the whole pipeline can be stopped; the
     * programs as built (-o: not rebuilt, no package check) */
    char *argv[] = {"/usr/bin/setsid",
                    "make",
                    "-s",
                    "--no-print-directory",
                    "-o",
                    "all",
                    "-o",
                    "deps",
                    "run",
                    "RUN_NMEA=1",
                    port_arg,
                    dir_arg,
                    build_arg,
                    NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_int_gt(pid, 0);
    char feed[64] = "", query[64] = "";
    for (double t0 = e2e_now(); e2e_now() - t0 < 30 && !*query;) {
        e2e_sleep(0.2);
        char *text = test_read_file(log, NULL);
        const char *f = text ? strstr(text, "The feed: ") : NULL;
        const char *q = text ? strstr(text, "Queries:  ") : NULL;
        if (f && q && strchr(q, '\n')) {
            sscanf(strstr(f, "--connect ") + 10, "%63s", feed);
            sscanf(strstr(q, "--connect ") + 10, "%63s", query);
        }
        free(text);
    }
    if (!*query) {
        e2e_dump_log(log);
        stop_make_run(pid); /* the pipeline it started, too */
    }
    ck_assert_msg(*feed && *query, "make run did not say where to connect");
    int feed_port = atoi(strrchr(feed, ':') + 1), query_port = atoi(strrchr(query, ':') + 1);
    ck_assert_int_ne(feed_port, port);
    ck_assert_int_ne(query_port, port);
    ck_assert_int_eq(query_port, feed_port + 1);
    char *st = NULL;
    for (double t0 = e2e_now(); e2e_now() - t0 < 20 && !st;)
        st = e2e_query(query, "status", 1);
    stop_make_run(pid);
    if (!st) e2e_dump_log(log);
    ck_assert_msg(st && strstr(st, "\"input\":\"nmea:-\""), "status: %s", st ? st : "none");
    free(st);
    char *text = test_read_file(log, NULL);
    ck_assert_msg(text && strstr(text, "is taken: using"), "%s", text ? text : "");
    free(text);
    close(busy);
    test_rmdir_r(dir);
    free(dir), free(log);
}
END_TEST

static unsigned nmea_xor(const char *s)
{
    unsigned x = 0;
    for (; *s; s++)
        x ^= (unsigned char)*s;
    return x;
}

START_TEST(multi_sentence_messages_from_an_old_log)
{
    /* A replayed log's two-sentence message (type 5) whose second fragment's
     * tag block has only its group (NMEA 4.10: the time is on the first):
     * the second line took the wall clock as its time, a year after the
     * first, so the first had timed out and the second was an orphan. Every
     * multi-sentence message of an old log was lost (nmea_rejects.timeout,
     * orphan), e.g. all 516 ship names of a 2-hour aisctl scenario replay. */
    char *dir = test_tmpdir(), *file = test_path(dir, "old.nmea");
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    const char *frag[2] = {
        "AIVDM,2,1,3,A,544aklP2=qp5D8LSD00d5=0UV3;4000000000016<PD896sd0<PDm4PBj0CP,0",
        "AIVDM,2,2,3,A,00000000000,2"};
    const char *tags[2] = {"g:1-2-7,s:old,c:1700000000", "g:2-2-7"};
    for (int k = 0; k < 3; k++) /* three of them, a minute apart */
        for (int i = 0; i < 2; i++) {
            char tag[64];
            snprintf(tag, sizeof tag, "%s", tags[i]);
            if (i == 0)
                snprintf(tag, sizeof tag, "g:1-2-%d,s:old,c:%d", 7 + k, 1700000000 + 60 * k);
            if (i == 1) snprintf(tag, sizeof tag, "g:2-2-%d", 7 + k);
            fprintf(f, "\\%s*%02X\\!%s*%02X\n", tag, nmea_xor(tag), frag[i], nmea_xor(frag[i]));
        }
    fclose(f);
    char *log = test_path(dir, "aisd.log");
    int rc;
    char *last = replay_nmea_file(file, log, NULL, 0, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(last);
    ck_assert_msg(e2e_json_num(last, "types.5") == 3, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "rejected") == 0, "status: %s", last);
    ck_assert_msg(!strstr(last, "\"timeout\"") && !strstr(last, "\"orphan\""), "status: %s", last);
    /* the engine's clock is the log's, not today's */
    ck_assert_msg(fabs(e2e_json_num(last, "event_time") - 1700000120) < 2, "status: %s", last);
    free(last);
    test_rmdir_r(dir);
    free(dir), free(file), free(log);
}
END_TEST

START_TEST(make_run_finds_the_rules_dongles)
{
    /* make run looked for USB products 2832/2838 of any vendor: a NooElec or
     * Terratec stick the udev rule lists (0ccd:00b3 here) ran the simulation
     * instead. A fake sysfs directory stands in for the dongle. */
    char *dir = test_tmpdir(), *log = test_path(dir, "make.log");
    char dev[700], path[800];
    snprintf(dev, sizeof dev, "%s/usb/1-1", dir);
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "mkdir -p %s && echo 0ccd > %s/idVendor && echo 00b3 > %s/idProduct",
             dev, dev, dev);
    ck_assert_int_eq(system(cmd), 0);
    const char *build = getenv("AISD_BUILD") ? getenv("AISD_BUILD") : "build";
    char usb_arg[720], dir_arg[700], build_arg[300], port_arg[32];
    snprintf(usb_arg, sizeof usb_arg, "RUN_USB_DEVICES=%s/usb", dir);
    snprintf(dir_arg, sizeof dir_arg, "RUN_DIR=%s/run", dir);
    snprintf(build_arg, sizeof build_arg, "BUILD=%s", build);
    snprintf(port_arg, sizeof port_arg, "RUN_PORT=%d", e2e_free_port());
    char *argv[] = {"/usr/bin/setsid",
                    "make",
                    "-s",
                    "--no-print-directory",
                    "-o",
                    "all",
                    "-o",
                    "deps",
                    "run",
                    usb_arg,
                    dir_arg,
                    build_arg,
                    port_arg,
                    NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_int_gt(pid, 0);
    char *text = NULL;
    for (double t0 = e2e_now(); e2e_now() - t0 < 20;) {
        e2e_sleep(0.2);
        free(text);
        text = test_read_file(log, NULL);
        if (text && strstr(text, "The feed: ")) break;
    }
    stop_make_run(pid);
    ck_assert_msg(text && strstr(text, "RTL-SDR found"), "make run: %s", text ? text : "");
    free(text);
    snprintf(path, sizeof path, "%s/usb/1-1/idProduct", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("ffff\n", f); /* not a dongle of the rule: the simulation */
    fclose(f);
    unlink(log);
    pid = e2e_spawn(argv, log);
    text = NULL;
    for (double t0 = e2e_now(); e2e_now() - t0 < 20;) {
        e2e_sleep(0.2);
        free(text);
        text = test_read_file(log, NULL);
        if (text && strstr(text, "The feed: ")) break;
    }
    stop_make_run(pid);
    ck_assert_msg(text && strstr(text, "no dongle") && !strstr(text, "RTL-SDR found"), "%s",
                  text ? text : "");
    free(text);
    test_rmdir_r(dir);
    free(dir), free(log);
}
END_TEST

START_TEST(nul_bytes_in_nmea_lines_counted)
{
    /* A NUL byte in an NMEA input line: the line is rejected and counted
     * (nmea_rejects.nul), the first logged. aisd used to read the line as a C
     * string: a sentence followed by NUL and more bytes was taken with the
     * rest dropped unseen, and a line starting with NUL vanished (no count). */
    char *dir = test_tmpdir();
    char good[256];
    nmea_line(good, sizeof good, 1700000000, payloads[0], 0);
    char *file = test_path(dir, "nul.nmea");
    FILE *f = fopen(file, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%s", good);
    fwrite("\0junk\n\0", 1, 7, f);
    fprintf(f, "%s\n%s\n", good, good);
    fclose(f);
    char *log = test_path(dir, "aisd.log");
    int rc;
    char *last = replay_nmea_file(file, log, NULL, 0, &rc);
    size_t n;
    char *err = test_read_file(log, &n);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(last);
    ck_assert_msg(e2e_json_num(last, "nmea_rejects.nul") == 2, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "rejected") == 2, "status: %s", last);
    ck_assert_msg(e2e_json_num(last, "messages") == 1, "status: %s", last);
    ck_assert_msg(strstr(err, "NUL byte in the line"), "log: %s", err);
    ck_assert_msg(strstr(err, "3 lines: 1 AIS sentences, 1 messages decoded, 2 rejected"),
                  "log: %s", err);
    free(err);
    free(last);
    test_rmdir_r(dir);
    free(dir), free(file), free(log);
}
END_TEST

START_TEST(realtime_tag_time_jump_does_not_hang)
{
    /* --realtime paces a replay by its tag-block times. A time thousands of
     * years ahead (valid tag block) used to make aisd wait for it; so did one
     * in a tag block with a wrong checksum, which the parser then rejected.
     * Now a corrupt tag block does not pace, and a jump of more than an hour
     * restarts the pacing from the new time (logged). */
    char *dir = test_tmpdir();
    char l0[256], l1[256], l3[256], text[2048];
    nmea_line(l0, sizeof l0, 1700000000, payloads[0], 1);
    nmea_line(l1, sizeof l1, 1700000001, payloads[1], 1);
    nmea_line(l3, sizeof l3, 1700000002, payloads[2], 1);
    snprintf(text, sizeof text,
             "%s\n%s\n\\c:99999999999999*00\\!AIVDM,1,1,,A,%s,0*00\n"
             "\\c:9999999999999999*%02X\\!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0*%s\n%s\n",
             l0, l1, payloads[1], 0, strrchr(l0, '*') + 1, l3);
    /* the checksum of "c:9999999999999999": XOR of its characters */
    unsigned ck = 0;
    for (const char *c = "c:9999999999999999"; *c; c++)
        ck ^= (unsigned char)*c;
    char hex[3];
    snprintf(hex, sizeof hex, "%02X", ck);
    char *at = strstr(text, "*00\\!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0*");
    ck_assert_ptr_nonnull(at);
    memcpy(at + 1, hex, 2);
    char *file = write_text(dir, "jump.nmea", text);
    char input[600];
    snprintf(input, sizeof input, "nmea:%s", file);
    char *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path,     "--input", input,  "--realtime", "--publish",
                    "inproc://x",  "--query", "none", "--udp",      "none",
                    "--state-dir", "none",    NULL};
    double t0 = e2e_now();
    pid_t pid = e2e_spawn(argv, log);
    int rc = e2e_wait(pid, 15);
    double took = e2e_now() - t0;
    size_t n;
    char *err = test_read_file(log, &n);
    if (rc != 0) e2e_dump_log(log);
    ck_assert_msg(rc == 0, "aisd waited for the far-future tag time (status %d)", rc);
    /* paced: one second from the first line to the second; the jumps (there
     * and back) restart the pacing, so the rest is not waited for */
    ck_assert_msg(took >= 0.8 && took < 10, "took %.1f s, expected about 1", took);
    ck_assert_msg(strstr(err, "pacing restarts"), "log: %s", err);
    test_rmdir_r(dir);
    free(err), free(dir), free(file), free(log);
}
END_TEST

int main(void)
{
    aisd_path = test_build_program("aisd");
    aisctl_path = test_build_program("aisctl");
    signal(SIGPIPE, SIG_IGN);
    Suite *s = suite_create("e2e");
    TCase *tc = tcase_create("processes");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, nmea_file_to_subscriber);
    tcase_add_test(tc, both_programs_print_the_same_version);
    tcase_add_test(tc, aisctl_sub_and_status);
    tcase_add_test(tc, aisctl_sub_colour_only_on_a_terminal);
    tcase_add_test(tc, configuration_errors_exit_64);
    tcase_add_test(tc, curve_only_allowed_keys);
    tcase_add_test(tc, rtltcp_server_restarted);
    tcase_add_test(tc, stalled_outputs_counted_not_blocking);
    tcase_add_test(tc, iq_file_to_subscriber);
    tcase_add_test(tc, wav_corpus_burst);
    tcase_add_test(tc, nmea_udp_in_udp_tcp_out);
    tcase_add_test(tc, sighup_reloads_allow_list);
    tcase_add_test(tc, watchdog_while_samples_flow_or_input_retries);
    tcase_add_test(tc, kill9_restart_keeps_vessels_and_gaps);
    tcase_add_test(tc, event_clock_follows_samples_through_silence);
    tcase_add_test(tc, sighup_reloads_zones);
    tcase_add_test(tc, sighup_without_state_dir_refuses_changed_settings);
    tcase_add_test(tc, cf32_nonfinite_counted_and_decoded);
    tcase_add_test(tc, frame_latency_not_negative);
    suite_add_tcase(s, tc);
    TCase *bad = tcase_create("bad_input");
    tcase_set_timeout(bad, 60);
    tcase_add_test(bad, bad_nmea_lines_counted_by_reason);
    tcase_add_test(bad, nul_bytes_in_nmea_lines_counted);
    tcase_add_test(bad, multi_sentence_messages_from_an_old_log);
    tcase_add_test(bad, make_run_moves_off_a_taken_port);
    tcase_add_test(bad, make_run_finds_the_rules_dongles);
    tcase_add_test(bad, realtime_tag_time_jump_does_not_hang);
    tcase_add_test(bad, rtltcp_server_dropping_at_once_backs_off);
    tcase_add_test(bad, nmea_tcp_server_closing_at_once_backs_off);
    tcase_add_test(bad, live_clock_survives_a_far_future_tag_time);
    tcase_add_test(bad, udp_input_kernel_drops_counted);
    tcase_add_test(bad, rawlog_failures_counted_and_logged_once);
    suite_add_tcase(s, bad);
    TCase *units = tcase_create("units");
    tcase_add_test(units, json_reader_reads_members_not_text);
    suite_add_tcase(s, units);
    int failed = test_run_suite(s);
    free(aisd_path);
    free(aisctl_path);
    return failed ? 1 : 0;
}
