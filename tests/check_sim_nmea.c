/* check_sim_nmea.c: `aisctl sim --from-nmea` (NMEA with tag blocks -> IQ) run
 * as a process, then the real receiver (`aisctl rx --meta`) and aisd (with
 * --start-time, through its raw-frame log) on the IQ: every payload comes back
 * on its sentence's channel, at its c: time within a slot; two messages on
 * one channel within a slot are moved apart (and counted); a two-sentence
 * message is reassembled; aisd's event times are the scenario's clock. */
#include "tests/lib/testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define RATE 288000
#define SLOT_SAMPLES (RATE * 60 / 2250) /* 7680 */
#define T0_MS 1795327200000LL           /* 2026-11-22T06:00:00Z */

struct msg {
    long ms; /* c: offset from T0 */
    char channel;
    const char *payload, *payload2; /* payload2: second sentence (type 5) */
    unsigned fill, fill2;
};

static const struct msg msgs[] = {
    {500, 'A', "16Bn9i@01SST>grE`=:qKoT41Epm", NULL, 0, 0},
    {505, 'A', "16BlVbP01LSRK`vEM:N5`TP411F:", NULL, 0, 0}, /* 5 ms later on A: moved */
    {505, 'B', "144S8oP01uSPSu<EbjhEAl>61Luv", NULL, 0, 0}, /* on B: not moved */
    {1500, 'B', "H6CG9>DNC9=5LTq5@npki01@6220", NULL, 0, 0},
    {2300, 'A', "544aklP2=qp5D8LSD00d5=0UV3;4000000000016<PD896sd0<PDm4PBj0CP", "00000000000", 0,
     2},
};
#define NMSGS (sizeof msgs / sizeof msgs[0])

static unsigned xor_sum(const char *s)
{
    unsigned x = 0;
    for (; *s; s++)
        x ^= (unsigned char)*s;
    return x;
}

static void put_line(FILE *f, const char *tag, const char *sentence)
{
    fprintf(f, "\\%s*%02X\\!%s*%02X\n", tag, xor_sum(tag), sentence, xor_sum(sentence));
}

static void write_nmea(const char *path)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    char tag[128], s[160];
    for (size_t i = 0; i < NMSGS; i++) {
        const struct msg *m = &msgs[i];
        if (!m->payload2) {
            snprintf(tag, sizeof tag, "s:test,c:%lld", T0_MS + m->ms);
            snprintf(s, sizeof s, "AIVDM,1,1,,%c,%s,%u", m->channel, m->payload, m->fill);
            put_line(f, tag, s);
        } else {
            snprintf(tag, sizeof tag, "g:1-2-7,s:test,c:%lld", T0_MS + m->ms);
            snprintf(s, sizeof s, "AIVDM,2,1,3,%c,%s,%u", m->channel, m->payload, m->fill);
            put_line(f, tag, s);
            snprintf(s, sizeof s, "AIVDM,2,2,3,%c,%s,%u", m->channel, m->payload2, m->fill2);
            put_line(f, "g:2-2-7", s);
        }
    }
    fclose(f);
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The line of text holding payload (first sentence), or NULL. */
static const char *find_payload(const char *text, const char *payload, char channel)
{
    char key[128];
    snprintf(key, sizeof key, ",%c,%s,", channel, payload);
    const char *p = strstr(text, key);
    if (!p) return NULL;
    while (p > text && p[-1] != '\n')
        p--;
    return p;
}

START_TEST(from_nmea_to_receiver)
{
    char *dir = test_tmpdir();
    char *ctl = test_build_program("aisctl");
    char path[1024], cmd[4096];
    snprintf(path, sizeof path, "%s/in.nmea", dir);
    write_nmea(path);
    /* sample 0 = T0: the first message is 0.5 s in */
    snprintf(cmd, sizeof cmd,
             "%s sim --from-nmea %s --start 2026-11-22T06:00:00Z -r %d -e 20 -s 2 -o %s/out.cu8 "
             "2>%s/sim.err",
             ctl, path, RATE, dir, dir);
    ck_assert_int_eq(run(cmd), 0);
    size_t len;
    snprintf(path, sizeof path, "%s/sim.err", dir);
    char *err = test_read_file(path, &len);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "5 messages, 5 bursts; moved to a free slot 1, late 0"));
    free(err);
    /* the IQ runs to the last burst's end plus a tail, not further */
    snprintf(path, sizeof path, "%s/out.cu8", dir);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fclose(f);
    ck_assert_int_gt(bytes, 2 * (long)(2.3 * RATE));
    ck_assert_int_lt(bytes, 2 * (long)(3.5 * RATE));

    snprintf(cmd, sizeof cmd,
             "%s rx --meta --format cu8 --rate %d %s/out.cu8 >%s/rx.nmea 2>/dev/null", ctl, RATE,
             dir, dir);
    ck_assert_int_eq(run(cmd), 0);
    snprintf(path, sizeof path, "%s/rx.nmea", dir);
    char *rx = test_read_file(path, &len);
    ck_assert_ptr_nonnull(rx);
    long found[NMSGS];
    for (size_t i = 0; i < NMSGS; i++) {
        const char *line = find_payload(rx, msgs[i].payload, msgs[i].channel);
        ck_assert_msg(line != NULL, "payload %s not received on %c", msgs[i].payload,
                      msgs[i].channel);
        if (msgs[i].payload2) {
            char key[64];
            snprintf(key, sizeof key, ",%c,%s,%u*", msgs[i].channel, msgs[i].payload2,
                     msgs[i].fill2);
            ck_assert_ptr_nonnull(strstr(rx, key));
        }
        const char *n = strstr(line, "/n");
        ck_assert_ptr_nonnull(n);
        found[i] = atol(n + 2);
        long want = msgs[i].ms * RATE / 1000;
        /* the receiver reports a sample near the burst's start (after the ramp) */
        ck_assert_msg(found[i] >= want && found[i] < want + SLOT_SAMPLES,
                      "message %zu at sample %ld, c: time at %ld", i, found[i], want);
    }
    /* the second message on A was moved one slot after the first; B's was not */
    ck_assert_int_ge(found[1] - found[0], SLOT_SAMPLES - 2);
    ck_assert_int_le(found[1] - found[0], SLOT_SAMPLES + 2);
    ck_assert_int_lt(labs(found[2] - found[0]), 0.006 * RATE);
    free(rx);

    /* aisd on the IQ with --start-time: event time = start + samples / rate */
    char *aisd = test_build_program("aisd");
    snprintf(cmd, sizeof cmd,
             "%s --input %s/out.cu8 --format cu8 --rate %d --start-time 2026-11-22T06:00:00Z "
             "--rawlog-dir %s --state-dir none --publish none --query none --udp none "
             "--station test 2>/dev/null",
             aisd, dir, RATE, dir);
    ck_assert_int_eq(run(cmd), 0);
    free(aisd);
    snprintf(path, sizeof path, "%s/aisd-20261122.0.log", dir);
    char *log = test_read_file(path, &len);
    ck_assert_msg(log != NULL,
                  "no raw log for the scenario's day (event time not from --start-time)");
    for (size_t i = 0; i < NMSGS; i++) {
        const char *line = find_payload(log, msgs[i].payload, msgs[i].channel);
        ck_assert_ptr_nonnull(line);
        const char *c = strstr(line, "c:");
        ck_assert_ptr_nonnull(c);
        long long ms = atoll(c + 2) - T0_MS;
        /* the event time is the end of the burst: at most a few slots after c: */
        ck_assert_msg(ms >= msgs[i].ms && ms < msgs[i].ms + 5 * 1000 * 60 / 2250,
                      "message %zu at %lld ms, c: %ld ms", i, ms, msgs[i].ms);
    }
    free(log);
    free(ctl);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* Every message's c: in rx's output, as ms from T0, checked against the time
 * its scenario sentence had (the training sequence starts within a slot). */
static void check_rx_times(const char *rx, long long tolerance_ms)
{
    for (size_t i = 0; i < NMSGS; i++) {
        const char *line = find_payload(rx, msgs[i].payload, msgs[i].channel);
        ck_assert_msg(line != NULL, "payload %s not received", msgs[i].payload);
        const char *c = strstr(line, "c:");
        ck_assert_ptr_nonnull(c);
        long long ms = atoll(c + 2) - T0_MS;
        ck_assert_msg(ms >= msgs[i].ms - tolerance_ms &&
                          ms < msgs[i].ms + 1000 * 60 / 2250 + tolerance_ms,
                      "message %zu: c: is T0 + %lld ms, sent at T0 + %ld ms", i, ms, msgs[i].ms);
    }
}

START_TEST(rx_meta_times_are_unix_time)
{
    /* aisctl rx --meta's c: was ms from the start of the file (1970 to every
     * reader of tag blocks; aisctl alerts raised false spoof.jump alerts on
     * it). It is Unix time now: --start ISO, or by default the file's
     * modification time less its length; and aisctl alerts replays it. */
    char *dir = test_tmpdir();
    char *ctl = test_build_program("aisctl");
    char path[1024], cmd[4096];
    snprintf(path, sizeof path, "%s/in.nmea", dir);
    write_nmea(path);
    snprintf(cmd, sizeof cmd,
             "%s sim --from-nmea %s --start 2026-11-22T06:00:00Z -r %d -e 20 -s 2 -o %s/out.cu8 "
             "2>/dev/null",
             ctl, path, RATE, dir);
    ck_assert_int_eq(run(cmd), 0);
    size_t len;
    snprintf(cmd, sizeof cmd,
             "%s rx --meta --start 2026-11-22T06:00:00Z %s/out.cu8 >%s/rx.nmea 2>%s/rx.err", ctl,
             dir, dir, dir);
    ck_assert_int_eq(run(cmd), 0);
    snprintf(path, sizeof path, "%s/rx.nmea", dir);
    char *rx = test_read_file(path, &len);
    ck_assert_ptr_nonnull(rx);
    check_rx_times(rx, 0);
    free(rx);
    snprintf(path, sizeof path, "%s/rx.err", dir);
    char *err = test_read_file(path, &len);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "c: = 2026-11-22T06:00:00.000Z + sample / rate"), "%s", err);
    free(err);

    /* no --start: the capture ended at its modification time */
    snprintf(path, sizeof path, "%s/out.cu8", dir);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    long long end_ms = T0_MS + (long long)st.st_size / 2 * 1000 / RATE;
    struct timespec times[2] = {{end_ms / 1000, (end_ms % 1000) * 1000000},
                                {end_ms / 1000, (end_ms % 1000) * 1000000}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    snprintf(cmd, sizeof cmd, "%s rx --meta %s/out.cu8 >%s/rx2.nmea 2>/dev/null", ctl, dir, dir);
    ck_assert_int_eq(run(cmd), 0);
    snprintf(path, sizeof path, "%s/rx2.nmea", dir);
    rx = test_read_file(path, &len);
    ck_assert_ptr_nonnull(rx);
    check_rx_times(rx, 2); /* the file's length in whole ms */
    free(rx);

    /* aisctl alerts replays it: every message through the rules, no alert
     * from 2.3 s of five ships */
    snprintf(cmd, sizeof cmd, "%s alerts --summary %s/rx.nmea >%s/alerts.out 2>%s/alerts.err", ctl,
             dir, dir, dir);
    ck_assert_int_eq(run(cmd), 0);
    snprintf(path, sizeof path, "%s/alerts.err", dir);
    err = test_read_file(path, &len);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "\"messages\":5,"), "%s", err);
    ck_assert_msg(strstr(err, "\"time\":\"2026-11-22T06:00:0"), "%s", err);
    free(err);
    snprintf(path, sizeof path, "%s/alerts.out", dir);
    char *alerts = test_read_file(path, &len);
    ck_assert_ptr_nonnull(alerts);
    ck_assert_msg(len == 0, "alerts: %s", alerts);
    free(alerts);

    /* refused: a time with an offset (was read as UTC), junk, file on stdin */
    snprintf(cmd, sizeof cmd,
             "%s rx --meta --start 2026-11-22T06:00:00+02:00 %s/out.cu8 "
             ">/dev/null 2>&1",
             ctl, dir);
    ck_assert_int_eq(run(cmd), 64);
    snprintf(cmd, sizeof cmd, "%s rx --meta --start yesterday %s/out.cu8 >/dev/null 2>&1", ctl,
             dir);
    ck_assert_int_eq(run(cmd), 64);
    snprintf(cmd, sizeof cmd, "%s rx --meta --start file - </dev/null >/dev/null 2>&1", ctl);
    ck_assert_int_eq(run(cmd), 64);
    free(ctl);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

START_TEST(from_nmea_usage)
{
    char *ctl = test_build_program("aisctl");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s sim --from-nmea /dev/null --ebn0 9:3 >/dev/null 2>&1", ctl);
    ck_assert_int_eq(run(cmd), 64);
    snprintf(cmd, sizeof cmd, "%s sim --from-nmea /dev/null --start yesterday >/dev/null 2>&1",
             ctl);
    ck_assert_int_eq(run(cmd), 64);
    /* no messages: no samples, success */
    snprintf(cmd, sizeof cmd, "%s sim --from-nmea /dev/null -o - 2>/dev/null | wc -c | grep -qx 0",
             ctl);
    ck_assert_int_eq(run(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s sim --help | grep -q -- --from-nmea", ctl);
    ck_assert_int_eq(run(cmd), 0);
    free(ctl);
}
END_TEST

static Suite *sim_nmea_suite(void)
{
    Suite *s = suite_create("sim_nmea");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, from_nmea_to_receiver);
    tcase_add_test(tc, from_nmea_usage);
    tcase_add_test(tc, rx_meta_times_are_unix_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = test_run_suite(sim_nmea_suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
