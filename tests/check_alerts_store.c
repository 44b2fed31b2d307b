/* check_alerts_store.c: persistence with real processes. `aisctl alerts
 * --db --log` reads NMEA (tag blocks, built here with the project's encoder)
 * from a pipe; once it has published alerts it is killed with SIGKILL. Every
 * alert it published must be in the SQLite database and in the alert log,
 * the open dark gap must be stored, and a restarted `aisctl alerts` on the
 * same database must continue the alert sequence and close the gap that was
 * opened before the kill (dark.end with the original gap_start). */
#include "decode/ais_encode.h"
#include "decode/ais_msg.h"
#include "decode/nmea_encode.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T0 1795330800.0 /* 2026-11-22T07:00:00Z */
#define NV 24
#define ST_LAT 42.0
#define ST_LON 50.0

struct child {
    pid_t pid;
    int in, out;
    char buf[1 << 16];
    size_t len;
};

static int spawn(struct child *c, const char *db, const char *log)
{
    int pin[2], pout[2];
    if (pipe(pin) || pipe(pout)) return -1;
    char *aisctl = test_build_program("aisctl");
    c->pid = fork();
    if (c->pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        close(pin[1]);
        close(pout[0]);
        execl(aisctl, aisctl, "alerts", "--db", db, "--log", log, "-o", "station_lat=42", "-o",
              "station_lon=50", "-o", "station=kill9", "-", (char *)NULL);
        _exit(127);
    }
    free(aisctl);
    close(pin[0]);
    close(pout[1]);
    c->in = pin[1];
    c->out = pout[0];
    c->len = 0;
    signal(SIGPIPE, SIG_IGN);
    return c->pid > 0 ? 0 : -1;
}

/* Read what the child printed so far (waiting up to ms). */
static void drain(struct child *c, int ms)
{
    struct pollfd p = {c->out, POLLIN, 0};
    while (poll(&p, 1, ms) > 0) {
        ssize_t n = read(c->out, c->buf + c->len, sizeof c->buf - 1 - c->len);
        if (n <= 0) break;
        c->len += (size_t)n;
        c->buf[c->len] = 0;
        ms = 50;
    }
}

static int count_lines_with(const char *s, const char *pat)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, pat)); p++)
        n++;
    return n;
}

/* The fleet: NV vessels steaming around the station; vessel 3 switches off
 * at T0+40 min and comes back at T0+150 min. */
static void fleet_pos(int i, double t, double *lat, double *lon)
{
    double r = 3 + (i % 6) * 2, b = i * 360.0 / NV + (t - T0) * 0.002 * (i % 2 ? 1 : -1);
    *lat = ST_LAT + r / 60 * cos(b * M_PI / 180);
    *lon = ST_LON + r / 60 * sin(b * M_PI / 180) / cos(ST_LAT * M_PI / 180);
}

static int write_span(struct child *c, struct nmea_encoder *enc, double t0, double t1)
{
    char out[NMEA_ENCODE_OUT_MAX];
    for (double t = t0; t < t1; t += 1) {
        for (int i = 0; i < NV; i++) {
            if (((long)t + i) % 10) continue;
            if (i == 3 && t >= T0 + 2400 && t < T0 + 9000) continue;
            struct ais_msg m;
            memset(&m, 0, sizeof m);
            m.type = 1;
            m.mmsi = 273100000u + (unsigned)i;
            double lat, lon;
            fleet_pos(i, t, &lat, &lon);
            m.type1.lat = (int)lrint(lat * 600000);
            m.type1.lon = (int)lrint(lon * 600000);
            m.type1.speed = 60;
            m.type1.course = 3600;
            m.type1.heading = 511;
            m.type1.turn = -128;
            m.type1.second = (unsigned)((long)t % 60);
            uint8_t bytes[64];
            size_t nbits;
            if (ais_encode_bits(&m, bytes, sizeof bytes, &nbits)) return -1;
            int n = nmea_encoder_encode(enc, bytes, nbits, 'A', (int64_t)(t * 1000), out,
                                        sizeof out, NULL);
            if (n <= 0) return -1;
            size_t off = 0;
            while (off < (size_t)n) {
                ssize_t w = write(c->in, out + off, (size_t)n - off);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) return -1;
                off += (size_t)w;
            }
        }
        if (((long)t % 300) == 0) drain(c, 0);
    }
    return 0;
}

static int reap(pid_t pid)
{
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

START_TEST(test_kill9_loses_nothing_published)
{
    char *dir = test_tmpdir();
    char db[512], logp[512];
    snprintf(db, sizeof db, "%s/alerts.db", dir);
    snprintf(logp, sizeof logp, "%s/alerts.jsonl", dir);
    struct nmea_encoder_config ec = nmea_encoder_config_default();
    ec.tag_time = 1;
    snprintf(ec.station, sizeof ec.station, "kill9");
    struct nmea_encoder *enc = nmea_encoder_create(&ec);
    ck_assert_ptr_nonnull(enc);

    static struct child c;
    ck_assert_int_eq(spawn(&c, db, logp), 0);
    ck_assert_int_eq(write_span(&c, enc, T0, T0 + 3600), 0);
    /* wait (bounded) for the dark.start to be published, then kill -9 */
    for (int i = 0; i < 100 && !strstr(c.buf, "\"dark.start\""); i++)
        drain(&c, 100);
    ck_assert_msg(strstr(c.buf, "\"type\":\"dark.start\"") != NULL, "no dark.start: %s", c.buf);
    kill(c.pid, SIGKILL);
    int st = reap(c.pid);
    ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    drain(&c, 0);
    close(c.in);
    close(c.out);

    /* every published line is in the database (same JSON) and in the log */
    sqlite3 *sq;
    ck_assert_int_eq(sqlite3_open(db, &sq), SQLITE_OK);
    size_t loglen = 0;
    char *log = test_read_file(logp, &loglen);
    ck_assert_ptr_nonnull(log);
    int published = 0, last_seq = 0;
    for (char *line = c.buf, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = 0;
        if (!strstr(line, "\"class\":\"ALERT\"")) continue;
        published++;
        const char *sp = strstr(line, "\"seq\":");
        ck_assert_ptr_nonnull(sp);
        int seq = atoi(sp + 6);
        ck_assert_int_eq(seq, last_seq + 1);
        last_seq = seq;
        sqlite3_stmt *q;
        sqlite3_prepare_v2(sq, "SELECT json FROM alerts WHERE seq = ?", -1, &q, NULL);
        sqlite3_bind_int(q, 1, seq);
        ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
        ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), line);
        sqlite3_finalize(q);
        ck_assert_ptr_nonnull(strstr(log, line));
    }
    ck_assert_int_ge(published, 1);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(sq, "SELECT COUNT(*) FROM gaps WHERE mmsi = 273100003", -1, &q, NULL);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(q, 0), 1); /* the open gap survived */
    sqlite3_finalize(q);
    sqlite3_close(sq);
    free(log);

    /* restart on the same database: the vessel comes back */
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(spawn(&c, db, logp), 0);
    ck_assert_int_eq(write_span(&c, enc, T0 + 3600, T0 + 9300), 0);
    close(c.in);
    for (int i = 0; i < 100 && !strstr(c.buf, "\"dark.end\""); i++)
        drain(&c, 100);
    drain(&c, 200);
    st = reap(c.pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(c.out);
    ck_assert_int_eq(count_lines_with(c.buf, "\"type\":\"dark.start\""), 0); /* not again */
    const char *end = strstr(c.buf, "\"type\":\"dark.end\"");
    ck_assert_msg(end != NULL, "no dark.end after restart: %s", c.buf);
    ck_assert_ptr_nonnull(strstr(end, "\"mmsi\":273100003"));
    ck_assert_ptr_nonnull(strstr(end, "\"gap_start\":\"2026-11-22T07:39:"));
    char seq[32];
    snprintf(seq, sizeof seq, "\"seq\":%d,", last_seq + 1);
    ck_assert_ptr_nonnull(strstr(c.buf, seq)); /* the sequence goes on */
    nmea_encoder_destroy(enc);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alerts_store");
    TCase *tc = tcase_create("kill9");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_kill9_loses_nothing_published);
    suite_add_tcase(s, tc);
    return test_run_suite(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
