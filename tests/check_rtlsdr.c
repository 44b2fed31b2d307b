/* check_rtlsdr.c: end-to-end tests of aisd's `--input rtlsdr` path with real
 * processes and ZeroMQ, on build/tests/aisd_fakertl: aisd linked with a
 * stand-in librtlsdr (tests/lib/fake_rtlsdr.c; no dongle exists here) that
 * streams an `aisctl sim` capture in real time and misbehaves on cue. Covered:
 * the capture's bursts are published as sentences; an unplug (the reader
 * returns an error, the device stays gone for two opens) is logged, counted,
 * reopened with the DSP's tuner estimate and decoding goes on; a stall is
 * detected within 2-3 s, counted and reopened; no device at all is logged and
 * retried until one appears, and SIGTERM still stops the daemon with status 0. */
#include "tests/lib/e2e.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *aisd_path, *aisctl_path;

#define RATE 288000

/* A 4 s capture of 10 simulated vessels at RATE, the tuner 30 ppm off; its
 * truth's payloads. */
static char *make_capture(const char *dir, char **payload, int max, int *np)
{
    char *iq = test_path(dir, "sim.cu8"), *truth = test_path(dir, "sim.truth");
    char out[4096];
    char *sim[] = {aisctl_path, "sim", "-o", iq,  "-t",    truth, "-d", "4",
                   "-n",        "10",  "-s", "5", "--ppm", "30",  NULL};
    ck_assert_int_eq(e2e_run(sim, out, sizeof out, 60), 0);
    char *tt = test_read_file(truth, NULL);
    ck_assert_ptr_nonnull(tt);
    *np = 0;
    for (char *s = tt; (s = strstr(s, "\"payload\":")) && *np < max; s++) {
        char *q = strchr(s + 10, '"') + 1, *e = strchr(q, '"');
        payload[(*np)++] = strndup(q, (size_t)(e - q));
    }
    free(tt);
    free(truth);
    return iq;
}

struct daemon {
    char *dir, *pub, *qry, *log;
    pid_t pid;
};

static void start_daemon(struct daemon *d, const char *dir, int wait_sub)
{
    d->dir = strdup(dir);
    d->pub = e2e_endpoint();
    d->qry = e2e_endpoint();
    d->log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path,
                    "--input",
                    "rtlsdr",
                    "--rate",
                    "288000",
                    "--publish",
                    d->pub,
                    "--query",
                    d->qry,
                    "--udp",
                    "none",
                    "--state-dir",
                    "none",
                    "--wait-subscriber",
                    wait_sub ? "20" : "0",
                    NULL};
    d->pid = e2e_spawn(argv, d->log);
    ck_assert_int_gt(d->pid, 0);
}

static void stop_daemon(struct daemon *d)
{
    int rc = e2e_stop(d->pid, 10);
    if (rc) e2e_dump_log(d->log);
    ck_assert_int_eq(rc, 0);
    free(d->dir), free(d->pub), free(d->qry), free(d->log);
}

static int log_has(const char *log, const char *text)
{
    char *t = test_read_file(log, NULL);
    int has = t && strstr(t, text);
    free(t);
    return has;
}

/* The payload of a whole sentence (fragments reassembled into whole), or 0. */
static int sentence_payload(const char *json, char *whole, size_t max)
{
    const char *v = strstr(json, "!AIVDM,");
    int n = 0, k = 0;
    char frag[128] = "";
    const char *f5 = v;
    for (int c = 0; f5 && c < 5; c++)
        f5 = strchr(f5 + 1, ',');
    if (!v || !f5 || sscanf(v, "!AIVDM,%d,%d,", &n, &k) != 2 ||
        sscanf(f5 + 1, "%127[^,]", frag) != 1)
        return 0;
    if (k == 1) whole[0] = 0;
    strncat(whole, frag, max - strlen(whole) - 1);
    return k == n;
}

START_TEST(dongle_bursts_published)
{
    char *dir = test_tmpdir();
    char *payload[100];
    int np = 0;
    char *iq = make_capture(dir, payload, 100, &np);
    ck_assert_int_gt(np, 5);
    setenv("FAKE_RTLSDR_FILE", iq, 1);
    struct daemon d;
    start_daemon(&d, dir, 1);
    struct e2e_sub *sub = e2e_sub_open(d.pub, "nmea", NULL, NULL, NULL);
    int seen[100] = {0}, found = 0;
    char whole[512] = "";
    struct e2e_msg m;
    double end = e2e_now() + 20; /* the 4 s capture, looped, in real time */
    while (found < np && e2e_now() < end && e2e_sub_recv(sub, &m, 5)) {
        if (sentence_payload(m.json, whole, sizeof whole))
            for (int i = 0; i < np; i++)
                if (!seen[i] && !strcmp(whole, payload[i])) seen[i] = 1, found++;
        free(m.json);
    }
    e2e_sub_close(sub);
    printf("rtlsdr: %d bursts in the capture, %d published\n", np, found);
    ck_assert_msg(log_has(d.log, "RTL-SDR #0"), "no open logged");
    stop_daemon(&d);
    ck_assert_msg(found >= np * 9 / 10, "only %d of %d bursts published", found, np);
    for (int i = 0; i < np; i++)
        free(payload[i]);
    test_rmdir_r(dir);
    free(dir), free(iq);
}
END_TEST

START_TEST(unplug_reopened_and_decoding_goes_on)
{
    char *dir = test_tmpdir();
    char *payload[100];
    int np = 0;
    char *iq = make_capture(dir, payload, 100, &np);
    setenv("FAKE_RTLSDR_FILE", iq, 1);
    setenv("FAKE_RTLSDR_UNPLUG_AFTER", "1152000", 1); /* 2 s */
    setenv("FAKE_RTLSDR_GONE_OPENS", "2", 1);
    struct daemon d;
    start_daemon(&d, dir, 0);
    ck_assert_msg(e2e_wait_status(d.qry, "samples", 1, 10), "no samples before the unplug");
    ck_assert_msg(e2e_wait_status(d.qry, "reopen_attempts", 1, 10), "the unplug was not counted");
    ck_assert_int_eq(e2e_status_num(d.qry, "stalls"), 0);
    double samples = e2e_status_num(d.qry, "samples");
    ck_assert_msg(samples <= 576000 + 4096, "samples flowed on after the unplug: %.0f", samples);
    /* gone for two opens (0.5 s + 1 s of backoff), then back */
    ck_assert_msg(e2e_wait_status(d.qry, "samples", samples + RATE, 10),
                  "no samples after the reopen");
    double sentences = e2e_status_num(d.qry, "sentences");
    ck_assert_msg(e2e_wait_status(d.qry, "sentences", sentences + 1, 10),
                  "no decoding after the reopen");
    /* two failed opens and the one that worked: three attempts, one reopen */
    ck_assert_int_eq(e2e_status_num(d.qry, "reopen_attempts"), 3);
    ck_assert_int_eq(e2e_status_num(d.qry, "reopens"), 1);
    ck_assert_msg(log_has(d.log, "unplugged"), "the unplug was not logged");
    /* the reopen tuned with the DSP's estimate (the fake then shifts the
     * samples as a corrected dongle would), so the estimate stays near 30:
     * a reopen that forgot it, or applied it twice, would not */
    char *text = test_read_file(d.log, NULL);
    const char *second = strstr(text, "serial 00000001");
    second = second ? strstr(second + 1, "serial 00000001") : NULL;
    ck_assert_ptr_nonnull(second);
    const char *pp = strstr(second, ", ppm ");
    ck_assert_ptr_nonnull(pp);
    int reopened_ppm = atoi(pp + 6);
    free(text);
    e2e_sleep(2);
    double ppm = e2e_status_num(d.qry, "ppm");
    printf("rtlsdr: reopened with ppm %d; estimate %.1f ppm 2 s later (capture: 30)\n",
           reopened_ppm, ppm);
    ck_assert_msg(reopened_ppm >= 26 && reopened_ppm <= 34, "reopened with ppm %d", reopened_ppm);
    ck_assert_msg(ppm >= 26 && ppm <= 34, "estimate %.1f ppm after the reopen", ppm);
    ck_assert_msg(log_has(d.log, "cannot open RTL-SDR"), "the failed reopens were not logged");
    stop_daemon(&d);
    for (int i = 0; i < np; i++)
        free(payload[i]);
    test_rmdir_r(dir);
    free(dir), free(iq);
}
END_TEST

START_TEST(stall_detected_and_reopened)
{
    char *dir = test_tmpdir();
    setenv("FAKE_RTLSDR_STALL_AFTER", "576000", 1); /* 1 s of noise, then nothing */
    struct daemon d;
    start_daemon(&d, dir, 0);
    ck_assert_msg(e2e_wait_status(d.qry, "samples", 280000, 10), "no samples before the stall");
    double t_stall = e2e_now();
    ck_assert_msg(e2e_wait_status(d.qry, "stalls", 1, 5), "no stall detected");
    double took = e2e_now() - t_stall;
    printf("rtlsdr: stall detected %.1f s after the last samples\n", took);
    ck_assert_msg(took >= 1.5 && took <= 3.6, "stall detected after %.1f s", took);
    double samples = e2e_status_num(d.qry, "samples");
    ck_assert_msg(e2e_wait_status(d.qry, "reopens", 1, 5), "the reopen was not counted");
    ck_assert_msg(e2e_wait_status(d.qry, "samples", samples + RATE, 10),
                  "no samples after the reopen");
    ck_assert_int_eq(e2e_status_num(d.qry, "reopen_attempts"), 1);
    ck_assert_msg(log_has(d.log, "no samples for"), "the stall was not logged");
    stop_daemon(&d);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

START_TEST(no_device_retried_until_plugged_in)
{
    char *dir = test_tmpdir();
    setenv("FAKE_RTLSDR_ABSENT", "3", 1); /* absent for 0.5 + 1 + 2 s of backoff */
    struct daemon d;
    start_daemon(&d, dir, 0);
    ck_assert_msg(e2e_wait_status(d.qry, "reopen_attempts", 2, 10), "no retries counted");
    ck_assert_int_eq(e2e_status_num(d.qry, "reopens"), 0); /* none worked yet */
    ck_assert_int_eq(e2e_status_num(d.qry, "samples"), 0);
    ck_assert_msg(log_has(d.log, "no RTL-SDR device found"), "no clear error logged");
    ck_assert_msg(e2e_wait_status(d.qry, "samples", RATE, 10),
                  "the device plugged in was not used");
    /* absent for three opens: the first and two retries failed, the third worked */
    ck_assert_int_eq(e2e_status_num(d.qry, "reopen_attempts"), 3);
    ck_assert_int_eq(e2e_status_num(d.qry, "reopens"), 1);
    stop_daemon(&d);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* A dongle named by its serial number (the stand-in's is 00000001, as
 * rtl_eeprom writes by default) is opened: the configuration's check of the
 * device (a negative index, a character no serial number has) keeps real
 * serial numbers working. */
START_TEST(device_by_serial_number_opened)
{
    char *dir = test_tmpdir();
    char *pub = e2e_endpoint(), *qry = e2e_endpoint(), *log = test_path(dir, "aisd.log");
    char *argv[] = {aisd_path, "--input",     "rtlsdr", "--device", "00000001", "--rate",
                    "288000",  "--publish",   pub,      "--query",  qry,        "--udp",
                    "none",    "--state-dir", "none",   NULL};
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_int_gt(pid, 0);
    ck_assert_msg(e2e_wait_status(qry, "samples", RATE, 10), "no samples from serial 00000001");
    ck_assert_msg(log_has(log, "RTL-SDR #0"), "no open logged");
    int rc = e2e_stop(pid, 10);
    if (rc) e2e_dump_log(log);
    ck_assert_int_eq(rc, 0);
    test_rmdir_r(dir);
    free(dir), free(pub), free(qry), free(log);
}
END_TEST

START_TEST(no_device_sigterm_exits_0)
{
    char *dir = test_tmpdir();
    setenv("FAKE_RTLSDR_ABSENT", "1000000", 1);
    struct daemon d;
    start_daemon(&d, dir, 0);
    ck_assert_msg(e2e_wait_status(d.qry, "reopen_attempts", 4, 15),
                  "no retries counted"); /* in an 8 s wait */
    ck_assert_int_eq(e2e_status_num(d.qry, "reopens"), 0);
    double t = e2e_now();
    stop_daemon(&d); /* the backoff sleep is interrupted */
    ck_assert_msg(e2e_now() - t < 3, "took %.1f s to stop", e2e_now() - t);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

int main(void)
{
    aisd_path = test_build_program("tests/aisd_fakertl");
    aisctl_path = test_build_program("aisctl");
    signal(SIGPIPE, SIG_IGN);
    if (access(aisd_path, X_OK)) {
        fprintf(stderr, "check_rtlsdr: %s missing (make test builds it)\n", aisd_path);
        return 1;
    }
    Suite *s = suite_create("rtlsdr");
    TCase *tc = tcase_create("fake dongle");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, dongle_bursts_published);
    tcase_add_test(tc, unplug_reopened_and_decoding_goes_on);
    tcase_add_test(tc, stall_detected_and_reopened);
    tcase_add_test(tc, no_device_retried_until_plugged_in);
    tcase_add_test(tc, no_device_sigterm_exits_0);
    tcase_add_test(tc, device_by_serial_number_opened);
    suite_add_tcase(s, tc);
    int failed = test_run_suite(s);
    free(aisd_path);
    free(aisctl_path);
    return failed ? 1 : 0;
}
