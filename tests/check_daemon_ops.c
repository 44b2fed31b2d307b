/* check_daemon_ops.c: operator paths with real processes on 127.0.0.1: the
 * time aisd stamps on an IQ snippet (what `aisctl rx --meta` reads back as its
 * start), and aisd started with no dongle: ready at once under systemd's
 * notify protocol, its STATUS= and `aisctl status` saying what it waits for,
 * the device retried with backoff until it appears (an rtl_tcp server of ours
 * started late). */
#include "tests/lib/e2e.h"
#include "tests/lib/rtltcp_server.h"
#include "tests/lib/testutil.h"

#include <check.h>
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

static Suite *suite(void)
{
    Suite *s = suite_create("daemon_ops");
    aisd_path = test_build_program("aisd");
    aisctl_path = test_build_program("aisctl");
    TCase *tc = tcase_create("ops");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, snippet_time_is_its_capture_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_run_suite(suite()) ? 1 : 0;
}
