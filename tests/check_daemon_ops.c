/* check_daemon_ops.c: operator paths with real processes on 127.0.0.1: the
 * time aisd stamps on an IQ snippet (what `aisctl rx --meta` reads back as its
 * start); aisd started with no dongle: ready at once under systemd's notify
 * protocol (a socket of ours), its STATUS= and `aisctl status` saying what it
 * waits for, the device retried with backoff until it appears (an rtl_tcp
 * server of ours started late); the watchdog starved by a wedged reader
 * (the stand-in librtlsdr, build/tests/aisd_fakertl); an input that fails
 * (a UDP port taken) exits 1; an rtl_tcp host that drops SYNs; READY and the
 * watchdog while waiting for a first subscriber; `aisctl sweep --help` naming
 * the receiver options it takes; `aisctl sub --topic` without its value. */
#include "tests/lib/e2e.h"
#include "tests/lib/rtltcp_server.h"
#include "tests/lib/testutil.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *aisd_path, *aisctl_path;

/* The first "c:" value (Unix ms) in text after from, or -1. */
static long long tag_time_ms(const char *from)
{
    const char *c = strstr(from, "c:");
    return c ? atoll(c + 2) : -1;
}

/* build/tests/aisd_fakertl (aisd on the stand-in librtlsdr and name
 * server), or NULL after saying the test is skipped when it is not built. */
static char *fake_aisd_or_skip(void)
{
    char *fake = test_build_program("tests/aisd_fakertl");
    if (access(fake, X_OK)) {
        printf("SKIP: %s not built (make test builds it)\n", fake);
        free(fake);
        return NULL;
    }
    return fake;
}

/* A snippet aisd saved, decoded again with `aisctl rx --meta` and no --start:
 * its c: (the start of the burst's training sequence) must be on aisd's sample
 * clock (--start-time), a burst's length before the raw log's c: (the burst's
 * end). The snippet's modification time used to be the moment aisd wrote it:
 * months away here, and on a live input late by the queues' latency. */
START_TEST(snippet_time_is_its_capture_time)
{
    char *dir = test_tmpdir();
    char *iq = test_path(dir, "one.cu8"), *raw = test_path(dir, "raw");
    char *log = test_path(dir, "aisd.log"), *pub = e2e_endpoint();
    char out[65536];
    char *sim[] = {aisctl_path, "sim", "-o", iq, "-d", "6", "-n", "8", "-e", "20", "-s", "3", NULL};
    ck_assert_int_eq(e2e_run(sim, out, sizeof out, 60), 0);
    char *argv[] = {aisd_path,
                    "--input",
                    iq,
                    "--format",
                    "cu8",
                    "--rate",
                    "288000",
                    "--start-time",
                    "2026-01-01T00:00:00Z",
                    "--publish",
                    pub,
                    "--query",
                    "none",
                    "--udp",
                    "none",
                    "--state-dir",
                    "none",
                    "--rawlog-dir",
                    raw,
                    "--iq-snippets",
                    NULL};
    int rc = e2e_wait(e2e_spawn(argv, log), 60);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    char cmd[2048], *all = test_path(dir, "all");
    snprintf(cmd, sizeof cmd, "cat %s/aisd-*.log > %s", raw, all);
    ck_assert_int_eq(system(cmd), 0);
    char *text = test_read_file(all, NULL);
    ck_assert_ptr_nonnull(text);
    long long aisd_c = tag_time_ms(text);
    char *f = strstr(text, "\"iq_file\":\"");
    ck_assert_msg(aisd_c > 0 && f, "no frame with a snippet in the raw log: %s", text);
    char snippet[1024];
    snprintf(snippet, sizeof snippet, "%.*s", (int)strcspn(f + 11, "\""), f + 11);
    char *rx[] = {aisctl_path, "rx", "--meta", "--rate", "288000", snippet, NULL};
    ck_assert_int_eq(e2e_run(rx, out, sizeof out, 60), 0);
    long long rx_c = tag_time_ms(out);
    ck_assert_msg(rx_c > 0, "aisctl rx found no frame in %s", snippet);
    /* 2026-01-01T00:00:00Z is 1767225600 s; the bursts are in the first 6 s */
    ck_assert_msg(aisd_c >= 1767225600000LL && aisd_c < 1767225606000LL, "aisd c:%lld", aisd_c);
    printf("snippet: aisd c:%lld, aisctl rx c:%lld (%lld ms before)\n", aisd_c, rx_c,
           aisd_c - rx_c);
    /* a burst, training sequence to end flag: 24 ms (one slot) to 50 ms (two) */
    ck_assert_msg(aisd_c - rx_c >= 15 && aisd_c - rx_c <= 60,
                  "aisctl rx c:%lld is not a burst before aisd's c:%lld", rx_c, aisd_c);
    /* and exactly what --start with the snippet's true start gives: its first
     * sample, SAMPLE in its name (.../aisd-DATE-TIME-CH-SAMPLE-RATE.cu8), on
     * the file's clock */
    const char *base = strrchr(snippet, '/') + 1;
    unsigned long long sample0 = 0;
    ck_assert_int_eq(sscanf(base, "aisd-%*8d-%*6d.%*3d-%*c-%llu-", &sample0), 1);
    long long first_ms = 1767225600000LL + (long long)(sample0 * 1000 / 288000);
    time_t secs = (time_t)(first_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char iso[64], when[40];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(iso, sizeof iso, "%s.%03dZ", when, (int)(first_ms % 1000));
    char *rx2[] = {aisctl_path, "rx", "--meta", "--rate", "288000", "--start", iso, snippet, NULL};
    ck_assert_int_eq(e2e_run(rx2, out, sizeof out, 60), 0);
    long long given_c = tag_time_ms(out);
    ck_assert_msg(llabs(given_c - rx_c) <= 1, "c:%lld by default, c:%lld with --start %s", rx_c,
                  given_c, iso);
    free(text);
    test_rmdir_r(dir);
    free(dir), free(iq), free(raw), free(log), free(pub), free(all);
}
END_TEST

/* systemd's notify socket, as the service manager holds it: a datagram
 * socket at dir/notify. */
static int notify_socket(const char *dir, char **path)
{
    *path = test_path(dir, "notify");
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un sa = {0};
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", *path);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

struct notified {
    int ready, watchdog; /* READY=1 seen; WATCHDOG=1 datagrams */
    double ready_after;  /* seconds from t0 to READY=1 */
    char status[512];    /* the latest STATUS= */
};

/* Read notify datagrams for s seconds (t0: when aisd was started). */
static void notify_read(int fd, double s, double t0, struct notified *n)
{
    double end = e2e_now() + s;
    while (e2e_now() < end) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        char buf[1024];
        ssize_t r = recv(fd, buf, sizeof buf - 1, 0);
        if (r <= 0) continue;
        buf[r] = 0;
        n->watchdog += strstr(buf, "WATCHDOG=1") != NULL;
        if (strstr(buf, "READY=1") && !n->ready) {
            n->ready = 1;
            n->ready_after = e2e_now() - t0;
        }
        const char *st = strstr(buf, "STATUS=");
        if (st) snprintf(n->status, sizeof n->status, "%.*s", (int)strcspn(st + 7, "\n"), st + 7);
    }
}

static pid_t spawn_notified(char *const argv[], const char *sock, const char *log)
{
    setenv("NOTIFY_SOCKET", sock, 1);
    setenv("WATCHDOG_USEC", "3000000", 1);
    pid_t pid = e2e_spawn(argv, log);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    return pid;
}

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

/* `aisctl status` (a real aisctl) into out; its exit status. */
static int aisctl_status(const char *qry, char *out, size_t max)
{
    char *argv[] = {aisctl_path, "status", "--connect", (char *)qry, NULL};
    return e2e_run(argv, out, max, 10);
}

/* `systemctl enable --now aisd` with no dongle: aisd is ready at once (the
 * unit active, not failing after TimeoutStartSec and retried every 65 s),
 * says on the STATUS= line and in `aisctl status` what it waits for and how
 * many attempts failed, keeps the watchdog fed while it retries, and starts
 * receiving when the device appears (an rtl_tcp server started late). When
 * the server goes away, it waits again, still ready. The repeated failure is
 * logged once. */
START_TEST(no_dongle_at_start_ready_and_waiting)
{
    char *dir = test_tmpdir(), *sock;
    int fd = notify_socket(dir, &sock);
    int port = e2e_free_port();
    char input[64];
    snprintf(input, sizeof input, "rtltcp://127.0.0.1:%d", port);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    qry,       "--udp",   "none", "--state-dir", "none", "--status-interval",
                    "1",       NULL};
    double t0 = e2e_now();
    pid_t pid = spawn_notified(argv, sock, log);
    struct notified n = {0};
    notify_read(fd, 4, t0, &n);
    ck_assert_msg(n.ready, "no READY=1 within 4 s without a dongle");
    printf("no dongle: READY after %.2f s, STATUS=%s, %d watchdog pings in 4 s\n", n.ready_after,
           n.status, n.watchdog);
    ck_assert_msg(n.ready_after < 3, "READY=1 only after %.1f s", n.ready_after);
    ck_assert_msg(strstr(n.status, "waiting for") && strstr(n.status, "cannot connect"),
                  "STATUS=%s", n.status);
    ck_assert_int_ge(n.watchdog, 2);
    char out[16384];
    ck_assert_int_eq(aisctl_status(qry, out, sizeof out), 0);
    ck_assert_msg(strstr(out, "\"input_state\":\"waiting\"") && strstr(out, "cannot connect"),
                  "aisctl status: %s", out);
    double failures = e2e_json_num(out, "open_failures");
    ck_assert_msg(failures >= 2, "open_failures %.0f", failures);
    /* the same failure logged once, not once per attempt (a dongle missing
     * for a day, retried every 10 s, was 8,640 lines in the journal) */
    char *text = test_read_file(log, NULL);
    int lines = 0;
    for (const char *s = text; (s = strstr(s, "cannot connect")); s++)
        lines++;
    free(text);
    ck_assert_msg(lines == 1, "%d log lines for %.0f failed attempts", lines, failures);
    /* and the feed's status heartbeat, as `aisctl sub` shows it */
    char *sub[] = {aisctl_path, "sub", "--connect", pub, "--topic", "status",
                   "--count",   "1",   "--timeout", "5", NULL};
    ck_assert_int_eq(e2e_run(sub, out, sizeof out, 10), 0);
    ck_assert_msg(strstr(out, "input waiting: rtl_tcp") && strstr(out, "cannot connect"),
                  "aisctl sub: %s", out);
    /* the device appears */
    size_t len = 288000 * 2 / 4;
    uint8_t *iq = malloc(len);
    for (size_t i = 0; i < len; i++)
        iq[i] = (uint8_t)(127 + (int)(i % 7) - 3);
    pid_t srv = start_rtltcp(port, iq, len);
    ck_assert_msg(e2e_wait_status(qry, "samples", 288000, 30), "no samples once the server is up");
    ck_assert_int_eq(aisctl_status(qry, out, sizeof out), 0);
    ck_assert_msg(strstr(out, "\"input_state\":\"receiving\"") &&
                      strstr(out, "\"input_error\":\"\""),
                  "aisctl status: %s", out);
    ck_assert_int_eq((int)e2e_json_num(out, "open_failures"), 0);
    memset(&n, 0, sizeof n);
    notify_read(fd, 2, t0, &n);
    ck_assert_msg(strstr(n.status, "receiving"), "STATUS=%s", n.status);
    /* and goes away: waiting again, the watchdog still fed */
    kill(srv, SIGKILL);
    waitpid(srv, NULL, 0);
    e2e_sleep(3);
    memset(&n, 0, sizeof n);
    notify_read(fd, 3, t0, &n);
    ck_assert_msg(strstr(n.status, "waiting for"), "STATUS=%s", n.status);
    ck_assert_int_ge(n.watchdog, 2);
    ck_assert_int_eq(aisctl_status(qry, out, sizeof out), 0);
    ck_assert_msg(strstr(out, "\"input_state\":\"waiting\""), "aisctl status: %s", out);
    int rc = e2e_stop(pid, 10);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    close(fd);
    free(iq);
    test_rmdir_r(dir);
    free(dir), free(sock), free(pub), free(qry), free(log);
}
END_TEST

/* What the watchdog is still for: a dongle whose reader wedges (no samples,
 * and it does not return when aisd cancels the stall: a hung USB stack, on
 * the stand-in librtlsdr for 6 s) gets no pings, so systemd would restart the
 * service; once the reader returns and the device reopens, the pings resume. */
START_TEST(wedged_reader_starves_the_watchdog)
{
    char *fake = fake_aisd_or_skip();
    if (!fake) return;
    char *dir = test_tmpdir(), *sock;
    int fd = notify_socket(dir, &sock);
    char *pub = e2e_endpoint(), *qry = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *argv[] = {fake,      "--input", "rtlsdr", "--rate", "288000",      "--publish", pub,
                    "--query", qry,       "--udp",  "none",   "--state-dir", "none",      NULL};
    /* 1 s of samples at 288000 S/s, then the wedge */
    setenv("FAKE_RTLSDR_STALL_AFTER", "576000", 1);
    setenv("FAKE_RTLSDR_WEDGE_S", "6", 1);
    double t0 = e2e_now();
    pid_t pid = spawn_notified(argv, sock, log);
    unsetenv("FAKE_RTLSDR_STALL_AFTER");
    unsetenv("FAKE_RTLSDR_WEDGE_S");
    struct notified n = {0};
    notify_read(fd, 1.0, t0, &n);
    ck_assert(n.ready);
    notify_read(fd, 1.5, t0, &n); /* the last samples, the 2 s stall limit */
    memset(&n, 0, sizeof n);
    notify_read(fd, 3, t0, &n); /* t0 + 2.5 .. 5.5 s: wedged */
    int wedged = n.watchdog;
    e2e_sleep(2.5);
    memset(&n, 0, sizeof n);
    notify_read(fd, 3, t0, &n); /* the reader returned, reopened */
    printf("wedged reader: %d watchdog pings while wedged, %d after\n", wedged, n.watchdog);
    ck_assert_int_eq(wedged, 0);
    ck_assert_int_ge(n.watchdog, 1);
    int rc = e2e_stop(pid, 10);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    close(fd);
    test_rmdir_r(dir);
    free(fake), free(dir), free(sock), free(pub), free(qry), free(log);
}
END_TEST

/* An NMEA UDP input whose port another program holds: aisd stops with exit 1
 * (a runtime failure, restarted by systemd: the port may be free later), not
 * 0 as if a file had ended (the service then stayed stopped, Restart=on-failure
 * does not restart a clean exit). */
START_TEST(udp_input_port_taken_exits_1)
{
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log"), *pub = e2e_endpoint();
    int port = e2e_free_port();
    int holder = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = e2e_loopback(port);
    ck_assert_int_eq(bind(holder, (struct sockaddr *)&a, sizeof a), 0);
    char input[64];
    snprintf(input, sizeof input, "nmea:udp://127.0.0.1:%d", port);
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    "none",    "--udp",   "none", "--state-dir", "none", NULL};
    int rc = e2e_wait(e2e_spawn(argv, log), 20);
    char *text = test_read_file(log, NULL);
    ck_assert_msg(rc == 1, "exit %d: %s", rc, text);
    ck_assert_ptr_nonnull(strstr(text, "cannot bind"));
    free(text);
    close(holder);
    test_rmdir_r(dir);
    free(dir), free(log), free(pub);
}
END_TEST

/* An rtl_tcp host that drops the SYNs (down behind a router, a firewall; here
 * a listener whose queue is full): the connect gives up after 5 s, the status
 * says so, and SIGTERM stops aisd at once. It used to sit in connect() for the
 * kernel's two minutes of SYN retries, the status "starting" with no reason,
 * and a SIGTERM waited for it (systemd's stop timeout, then SIGKILL). */
START_TEST(rtltcp_host_dropping_syns)
{
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log");
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    int port = e2e_free_port();
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = e2e_loopback(port);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(lfd, 0), 0);
    int fill[4];
    for (int i = 0; i < 4; i++) { /* never accepted: the queue is full, SYNs dropped */
        fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(fill[i], (struct sockaddr *)&a, sizeof a);
    }
    e2e_sleep(0.3);
    char input[64];
    snprintf(input, sizeof input, "rtltcp://127.0.0.1:%d", port);
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    qry,       "--udp",   "none", "--state-dir", "none", NULL};
    pid_t pid = e2e_spawn(argv, log);
    char out[16384] = "";
    double end = e2e_now() + 15;
    while (e2e_now() < end) {
        if (aisctl_status(qry, out, sizeof out) == 0 && strstr(out, "timed out")) break;
        e2e_sleep(0.5);
    }
    ck_assert_msg(strstr(out, "\"input_state\":\"waiting\"") && strstr(out, "timed out"),
                  "aisctl status: %s", out);
    double t = e2e_now();
    int rc = e2e_stop(pid, 3);
    printf("rtl_tcp host dropping SYNs: stopped in %.2f s (exit %d)\n", e2e_now() - t, rc);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    for (int i = 0; i < 4; i++)
        close(fill[i]);
    close(lfd);
    test_rmdir_r(dir);
    free(dir), free(log), free(pub), free(qry);
}
END_TEST

/* wait-subscriber longer than systemd's TimeoutStartSec (60 s in the unit):
 * aisd is ready (its sockets are bound) and feeds the watchdog while it waits
 * for a first subscriber. It used to send READY=1 only after the wait and
 * ping nothing during it: the service start timed out, or the watchdog
 * killed it. */
START_TEST(ready_while_waiting_for_a_subscriber)
{
    char *dir = test_tmpdir(), *sock;
    int fd = notify_socket(dir, &sock);
    char *nmea = test_path(dir, "in.nmea"), *log = test_path(dir, "aisd.log");
    FILE *f = fopen(nmea, "w");
    fputs("!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0*7B\n", f); /* checksum 5B: rejected */
    fclose(f);
    char input[700];
    snprintf(input, sizeof input, "nmea:%s", nmea);
    char *pub = e2e_endpoint();
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    "none",    "--udp",   "none", "--state-dir", "none", "--wait-subscriber",
                    "6",       NULL};
    double t0 = e2e_now();
    pid_t pid = spawn_notified(argv, sock, log);
    struct notified n = {0};
    notify_read(fd, 4.5, t0, &n);
    printf("wait-subscriber: READY after %.2f s, %d watchdog pings in 4.5 s, STATUS=%s\n",
           n.ready_after, n.watchdog, n.status);
    ck_assert_msg(n.ready && n.ready_after < 2, "READY=1 %s", n.ready ? "late" : "missing");
    ck_assert_int_ge(n.watchdog, 3);
    ck_assert_ptr_nonnull(strstr(n.status, "subscriber"));
    int rc = e2e_wait(pid, 20); /* no subscriber: it starts anyway, reads the file, exits 0 */
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    char *text = test_read_file(log, NULL);
    const char *waited = strstr(text, "no subscriber within 6.0 s; starting anyway");
    ck_assert_msg(waited && strstr(waited, "1 messages decoded"), "log: %s", text);
    free(text);
    close(fd);
    test_rmdir_r(dir);
    free(dir), free(sock), free(nmea), free(log), free(pub);
}
END_TEST

/* An rtl_tcp host name that does not resolve (.invalid never does, RFC 6761):
 * the status says so; it said "No such device or address", which reads like
 * a USB fault. */
START_TEST(rtltcp_host_that_does_not_resolve)
{
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log");
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char *argv[] = {aisd_path,     "--input", "rtltcp://aisd-test.invalid:1234",
                    "--publish",   pub,       "--query",
                    qry,           "--udp",   "none",
                    "--state-dir", "none",    NULL};
    pid_t pid = e2e_spawn(argv, log);
    char out[16384] = "";
    double end = e2e_now() + 20;
    while (e2e_now() < end) {
        if (aisctl_status(qry, out, sizeof out) == 0 && strstr(out, "\"input_state\":\"waiting\""))
            break;
        e2e_sleep(0.3);
    }
    ck_assert_msg(strstr(out, "cannot connect (the host name does not resolve)"),
                  "aisctl status: %s", out);
    int rc = e2e_stop(pid, 10);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    test_rmdir_r(dir);
    free(dir), free(log), free(pub), free(qry);
}
END_TEST

/* An rtl_tcp host whose name takes long to resolve (a name server that does
 * not answer; here tests/lib/fake_dns.c in build/tests/aisd_fakertl: names
 * ending in .slow.test resolve to 127.0.0.1 after FAKE_DNS_DELAY_MS). The
 * lookup gives up after 5 s, says so and counts it (lookup_timeouts), and the
 * next attempt, answered at once, connects and samples flow. A SIGTERM during
 * a lookup stops aisd at once. getaddrinfo has no timeout: the input thread
 * sat in it for as long as the name server took (the status "starting", no
 * reason), and SIGTERM waited for it. */
START_TEST(rtltcp_slow_host_lookup_bounded)
{
    char *fake_aisd_path = fake_aisd_or_skip();
    if (!fake_aisd_path) return;
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log");
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    int port = e2e_free_port();
    size_t len = 288000 * 2 / 4;
    uint8_t *iq = malloc(len);
    for (size_t i = 0; i < len; i++)
        iq[i] = (uint8_t)(127 + (int)(i % 7) - 3);
    pid_t srv = start_rtltcp(port, iq, len);
    char input[64];
    snprintf(input, sizeof input, "rtltcp://station.slow.test:%d", port);
    char *argv[] = {fake_aisd_path, "--input", input,         "--publish", pub, "--query", qry,
                    "--udp",        "none",    "--state-dir", "none",      NULL};
    setenv("FAKE_DNS_DELAY_MS", "60000", 1);
    setenv("FAKE_DNS_SLOW_CALLS", "1", 1); /* the first lookup hangs, the next are answered */
    double t0 = e2e_now();
    pid_t pid = e2e_spawn(argv, log);
    unsetenv("FAKE_DNS_SLOW_CALLS");
    ck_assert_msg(e2e_wait_status(qry, "samples", 288000, 30), "no samples after the retry");
    double took = e2e_now() - t0;
    char out[16384] = "";
    ck_assert_int_eq(aisctl_status(qry, out, sizeof out), 0);
    printf("rtl_tcp host lookup hanging: samples after %.1f s, lookup_timeouts %.0f\n", took,
           e2e_json_num(out, "lookup_timeouts"));
    ck_assert_int_eq((int)e2e_json_num(out, "lookup_timeouts"), 1);
    ck_assert_msg(took >= 5, "samples after %.1f s: the first lookup did not hang?", took);
    int rc = e2e_stop(pid, 10);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    char *text = test_read_file(log, NULL);
    ck_assert_msg(strstr(text, "cannot connect (the host name lookup timed out"), "log: %s", text);
    free(text);
    /* SIGTERM in the middle of a lookup */
    pid = e2e_spawn(argv, log);
    e2e_sleep(1.5);
    double t = e2e_now();
    rc = e2e_stop(pid, 3);
    printf("rtl_tcp host lookup hanging: SIGTERM stopped aisd in %.2f s (exit %d)\n", e2e_now() - t,
           rc);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    /* an NMEA TCP feed: the same lookup, the same bound */
    snprintf(input, sizeof input, "nmea:tcp://feed.slow.test:%d", port);
    t0 = e2e_now();
    pid = e2e_spawn(argv, log);
    while (e2e_now() < t0 + 15) {
        if (aisctl_status(qry, out, sizeof out) == 0 && strstr(out, "lookup timed out")) break;
        e2e_sleep(0.3);
    }
    ck_assert_msg(strstr(out, "lookup timed out") && e2e_json_num(out, "lookup_timeouts") >= 1,
                  "aisctl status: %s", out);
    rc = e2e_stop(pid, 3);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    unsetenv("FAKE_DNS_DELAY_MS");
    kill(srv, SIGKILL);
    waitpid(srv, NULL, 0);
    free(iq);
    test_rmdir_r(dir);
    free(fake_aisd_path), free(dir), free(log), free(pub), free(qry);
}
END_TEST

/* Lines of text holding needle. */
/* Threads of process pid (/proc), or -1. */
static int thread_count(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    int n = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1) break;
    if (f) fclose(f);
    return n;
}

/* A name server that never answers (fake_dns: 10 minutes): each retry of the
 * rtl_tcp input gives up on its lookup after 5 s, and that lookup's thread
 * waits on for the resolver. They were not capped: one more thread per retry
 * for as long as the resolver held them (for ever in a hung NSS module). At
 * most PIPELINE_LOOKUPS_MAX (4) run; a retry beyond it starts none, says why
 * and counts it (lookup_refused), and the thread count stays put. */
START_TEST(rtltcp_lookups_capped)
{
    char *fake_aisd_path = fake_aisd_or_skip();
    if (!fake_aisd_path) return;
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log");
    char *pub = e2e_endpoint(), *qry = e2e_endpoint();
    char input[64];
    snprintf(input, sizeof input, "rtltcp://station.slow.test:%d", e2e_free_port());
    char *argv[] = {fake_aisd_path, "--input", input,         "--publish", pub, "--query", qry,
                    "--udp",        "none",    "--state-dir", "none",      NULL};
    setenv("FAKE_DNS_DELAY_MS", "600000", 1);
    pid_t pid = e2e_spawn(argv, log);
    unsetenv("FAKE_DNS_DELAY_MS");
    /* lookups at 0, 5.25, 10.75 and 16.75 s (5 s each and the backoff), the
     * fifth attempt at about 23.75 s */
    int refused = e2e_wait_status(qry, "lookup_refused", 1, 40);
    int threads = thread_count(pid);
    char out[16384] = "";
    ck_assert_int_eq(aisctl_status(qry, out, sizeof out), 0);
    ck_assert_msg(refused, "no lookup refused in 40 s: %s", out);
    ck_assert_msg(strstr(out, "not looked up"), "aisctl status: %s", out);
    ck_assert_int_eq((int)e2e_json_num(out, "lookup_timeouts"), 4);
    /* the next retry (5 s later) is refused too, and adds no thread */
    ck_assert(e2e_wait_status(qry, "lookup_refused", 2, 10));
    int later = thread_count(pid);
    ck_assert_int_eq((int)e2e_status_num(qry, "lookup_timeouts"), 4);
    printf("rtl_tcp lookups never answered: %d threads at the first refusal, %d at the second, "
           "lookup_timeouts 4\n",
           threads, later);
    ck_assert_int_eq(later, threads);
    int rc = e2e_stop(pid, 5);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    char *text = test_read_file(log, NULL);
    ck_assert_msg(strstr(text, "cannot connect (not looked up"), "log: %s", text);
    free(text);
    test_rmdir_r(dir);
    free(fake_aisd_path), free(dir), free(log), free(pub), free(qry);
}
END_TEST

static int count_lines_with(const char *text, const char *needle)
{
    int n = 0;
    for (const char *s = text; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

/* aisctl sub against a real aisd that is restarted on the same endpoint:
 * killed and started again at once, stopped for 5 s and started again, and
 * frozen (SIGSTOP) for 4.5 s. ZeroMQ reconnects in silence, so sub showed
 * nothing of it; it now says on stderr that aisd restarted (twice), that the
 * heartbeats stopped (twice), and that they came back from the same aisd
 * after the freeze, with --topic nmea leaving the status lines unshown. */
START_TEST(sub_says_when_aisd_restarted)
{
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log"), *slog = test_path(dir, "sub.log");
    char *pub = e2e_endpoint();
    char input[64];
    snprintf(input, sizeof input, "nmea:udp://127.0.0.1:%d", e2e_free_port());
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    "none",    "--udp",   "none", "--state-dir", "none", "--status-interval",
                    "1",       NULL};
    pid_t pid = e2e_spawn(argv, log);
    e2e_sleep(1.0);
    char *sub[] = {aisctl_path, "sub",       "--connect", pub, "--topic",
                   "nmea",      "--timeout", "21",        NULL};
    pid_t spid = e2e_spawn(sub, slog);
    e2e_sleep(3); /* three heartbeats: nothing to say */
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    pid = e2e_spawn(argv, log); /* restarted at once */
    e2e_sleep(3);
    ck_assert_int_eq(e2e_stop(pid, 5), 0);
    e2e_sleep(5); /* no heartbeat for more than 3 intervals */
    pid = e2e_spawn(argv, log);
    e2e_sleep(3);
    kill(pid, SIGSTOP); /* the same aisd, silent */
    e2e_sleep(4.5);
    kill(pid, SIGCONT);
    int rc = e2e_wait(spid, 10);
    char *text = test_read_file(slog, NULL);
    printf("aisctl sub across restarts:\n%s", text);
    fflush(stdout);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(count_lines_with(text, "aisd restarted"), 2);
    /* two silences: the stop and the freeze (a third when the first restart
     * took longer than 3 heartbeat intervals on a loaded machine) */
    int silences = count_lines_with(text, "no heartbeat from aisd");
    ck_assert_msg(silences >= 2 && silences <= 3, "%d silences", silences);
    ck_assert_int_eq(count_lines_with(text, "heartbeats back after"), 1);
    ck_assert_ptr_nonnull(strstr(text, "the same aisd"));
    ck_assert_ptr_null(strstr(text, " status up ")); /* --topic nmea: the heartbeats unshown */
    free(text);
    rc = e2e_stop(pid, 5);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    test_rmdir_r(dir);
    free(dir), free(log), free(slog), free(pub);
}
END_TEST

/* Status heartbeats at their interval: the next was set one interval after
 * the (slightly late) timer tick that sent one, so it missed the tick one
 * interval on and waited for the next: at 1 s, heartbeats came every 1-2 s
 * (mean about 1.5 s), at the default 10 s every 10-11 s. */
START_TEST(heartbeats_keep_their_interval)
{
    char *dir = test_tmpdir(), *log = test_path(dir, "aisd.log");
    char *pub = e2e_endpoint();
    char input[64];
    snprintf(input, sizeof input, "nmea:udp://127.0.0.1:%d", e2e_free_port());
    char *argv[] = {aisd_path, "--input", input,  "--publish",   pub,    "--query",
                    "none",    "--udp",   "none", "--state-dir", "none", "--status-interval",
                    "1",       NULL};
    pid_t pid = e2e_spawn(argv, log);
    struct e2e_sub *sub = e2e_sub_open(pub, "status", NULL, NULL, NULL);
    double up[9];
    int n = 0;
    struct e2e_msg m;
    while (n < 9 && e2e_sub_recv(sub, &m, 5)) {
        up[n++] = e2e_json_num(m.json, "uptime");
        free(m.json);
    }
    e2e_sub_close(sub);
    ck_assert_int_eq(n, 9);
    double mean = (up[8] - up[0]) / 8;
    printf("status heartbeats at 1 s: mean period %.2f s over 8 (uptime %.1f .. %.1f)\n", mean,
           up[0], up[8]);
    ck_assert_msg(mean < 1.2, "heartbeats every %.2f s on average, not 1 s", mean);
    int rc = e2e_stop(pid, 5);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    test_rmdir_r(dir);
    free(dir), free(log), free(pub);
}
END_TEST

/* `aisctl sweep --help` names every receiver option sweep takes (the ones
 * `aisctl rx` parses for both): it named four of eleven, the tuning ones were
 * taken in silence. Each is also accepted (a one-level, one-burst sweep). */
START_TEST(sweep_help_names_the_rx_options_it_takes)
{
    static const char *const opts[][2] = {
        {"--no-acquire", NULL}, {"--no-correct", NULL}, {"--no-pass2", NULL}, {"--ppm", "0"},
        {"--threshold", "0.5"}, {"--gate", "1"},        {"--cost", "10"},     {"--score", "10"},
        {"--flips", "8"},       {"--max-flips", "2"},   {"--cands", "4"}};
    char help[16384], out[4096];
    char *h[] = {aisctl_path, "sweep", "--help", NULL};
    ck_assert_int_eq(e2e_run(h, help, sizeof help, 10), 0);
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, "%s ", opts[i][0]);
        ck_assert_msg(strstr(help, want), "aisctl sweep --help does not name %s", opts[i][0]);
        char *run[] = {aisctl_path,        "sweep",    "--sim", "--levels",
                       "12:12:1",          "--bursts", "1",     (char *)opts[i][0],
                       (char *)opts[i][1], NULL};
        ck_assert_msg(e2e_run(run, out, sizeof out, 60) == 0, "aisctl sweep refused %s",
                      opts[i][0]);
    }
}
END_TEST

/* `aisctl sub --topic` (the value forgotten): "needs a value", as for
 * --connect; it said "unexpected '--topic'", an option its help lists. */
START_TEST(sub_option_without_value_says_so)
{
    static const char *const opts[] = {"--topic", "--count", "--timeout", "--color"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        char *dir = test_tmpdir(), *log = test_path(dir, "err");
        char *argv[] = {aisctl_path, "sub", (char *)opts[i], NULL};
        int rc = e2e_wait(e2e_spawn(argv, log), 10);
        char *text = test_read_file(log, NULL);
        char want[64];
        snprintf(want, sizeof want, "%s needs a value", opts[i]);
        ck_assert_msg(rc == 64 && strstr(text, want), "exit %d: %s", rc, text);
        free(text);
        test_rmdir_r(dir);
        free(dir), free(log);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("daemon_ops");
    aisd_path = test_build_program("aisd");
    aisctl_path = test_build_program("aisctl");
    TCase *tc = tcase_create("ops");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, snippet_time_is_its_capture_time);
    tcase_add_test(tc, no_dongle_at_start_ready_and_waiting);
    tcase_add_test(tc, wedged_reader_starves_the_watchdog);
    tcase_add_test(tc, udp_input_port_taken_exits_1);
    tcase_add_test(tc, rtltcp_host_dropping_syns);
    tcase_add_test(tc, ready_while_waiting_for_a_subscriber);
    tcase_add_test(tc, rtltcp_host_that_does_not_resolve);
    tcase_add_test(tc, rtltcp_slow_host_lookup_bounded);
    tcase_add_test(tc, rtltcp_lookups_capped);
    tcase_add_test(tc, sub_says_when_aisd_restarted);
    tcase_add_test(tc, heartbeats_keep_their_interval);
    tcase_add_test(tc, sweep_help_names_the_rx_options_it_takes);
    tcase_add_test(tc, sub_option_without_value_says_so);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(suite()) ? 1 : 0;
}
