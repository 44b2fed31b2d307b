/* bench_daemon.c: the daemon's figures against the targets of issue 5, with
 * real processes (build/aisd, build/aisctl) and sockets on 127.0.0.1:
 *  1. real-time IQ at 2.4 MS/s (aisctl sim traffic, --realtime): dropped blocks
 *     and the CPU aisd used, as % of one core (target: 0 drops, <= 10%);
 *  2. latency from a burst's last sample to its sentence on the socket, per
 *     sentence: subscriber's arrival time minus the burst end's sample time
 *     (the "time" of the nmea message), p50/p99/max (target p99 <= 50 ms);
 *  3. 24 h of the simulated Caspian scenario replayed as fast as possible:
 *     RSS and open descriptors sampled through the run (target: flat, no leak).
 * Prints figures and "met"/"MISSED" per target; exits 1 only when a run fails.
 * BENCH_SECONDS (default 20) sets the length of the real-time run. */
#include "tests/lib/e2e.h"
#include "tests/lib/testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Wait for pid with a timeout; rusage of the child. Exit status or -1. */
static int wait_usage(pid_t pid, double timeout, struct rusage *ru)
{
    double end = e2e_now() + timeout;
    int st;
    for (;;) {
        pid_t r = wait4(pid, &st, WNOHANG, ru);
        if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (r < 0) return -1;
        if (e2e_now() > end) {
            kill(pid, SIGKILL);
            wait4(pid, &st, 0, ru);
            return -1;
        }
        e2e_sleep(0.01);
    }
}

static int bench_realtime(const char *aisd, const char *aisctl, const char *dir, int seconds)
{
    char *iq = path_in(dir, "rt.cu8"), *truth = path_in(dir, "rt.truth"),
         *log = path_in(dir, "rt.log");
    char secs[16], out[4096];
    snprintf(secs, sizeof secs, "%d", seconds);
    char *sim[] = {(char *)aisctl, "sim", "-r", "2400000", "-d",    secs, "-n", "40", "-o", iq,
                   "-t",           truth, "-s", "11",      "--ppm", "25", NULL};
    if (e2e_run(sim, out, sizeof out, 300)) {
        fprintf(stderr, "bench_daemon: aisctl sim failed\n");
        return -1;
    }
    char pub[64];
    snprintf(pub, sizeof pub, "tcp://127.0.0.1:%d", e2e_free_port());
    struct e2e_sub *sub = e2e_sub_open(pub, "", NULL, NULL, NULL);
    char *argv[] = {(char *)aisd,
                    "--input",
                    iq,
                    "--format",
                    "cu8",
                    "--rate",
                    "2400000",
                    "--realtime",
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
    double *lat = malloc(100000 * sizeof *lat);
    int nlat = 0;
    double drops = -1, frames_a = 0, frames_b = 0, t_start = 0, t_end = 0;
    struct e2e_msg m;
    while (e2e_sub_recv(sub, &m, 10)) {
        double now = wall();
        if (!t_start) t_start = e2e_now();
        if (!strcmp(m.topic, "nmea") && strstr(m.json, "\"signal\"") && nlat < 100000)
            lat[nlat++] = (now - e2e_json_num(m.json, "time")) * 1000.0;
        int last = !strcmp(m.topic, "status") && strstr(m.json, "\"input_done\":true");
        if (last) {
            drops = e2e_json_num(m.json, "drops");
            const char *fr = strstr(m.json, "\"frames\":");
            if (fr) {
                frames_a = e2e_json_num(fr, "A");
                frames_b = e2e_json_num(fr, "B");
            }
            t_end = e2e_now();
        }
        free(m.json);
        if (last) break;
    }
    struct rusage ru;
    int rc = wait_usage(pid, 60, &ru);
    e2e_sub_close(sub);
    if (rc != 0 || drops < 0) {
        fprintf(stderr, "bench_daemon: aisd real-time run failed (exit %d); log %s\n", rc, log);
        free(lat);
        return -1;
    }
    double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    double span = t_end - t_start;
    double pct = 100.0 * cpu / (span > 0 ? span : seconds);
    printf("real-time IQ, 2.4 MS/s cu8, %d s of aisctl sim traffic (40 vessels, +25 ppm):\n",
           seconds);
    printf("  command: aisd --input FILE --format cu8 --rate 2400000 --realtime --publish ...\n");
    printf(
        "  dropped blocks %.0f; frames A %.0f B %.0f; aisd CPU %.2f s over %.1f s = %.1f%% of one "
        "core (max RSS %ld KiB)\n",
        drops, frames_a, frames_b, cpu, span, pct, ru.ru_maxrss);
    printf("  target 0 drops at <= 10%% of one core: %s\n",
           drops == 0 && pct <= 10 ? "met" : "MISSED");
    qsort(lat, (size_t)nlat, sizeof *lat, cmp_double);
    if (nlat) {
        double p50 = lat[nlat / 2], p99 = lat[(int)(nlat * 0.99)], mx = lat[nlat - 1];
        printf("burst end -> sentence on the socket (%d sentences): p50 %.1f ms, p99 %.1f ms, max "
               "%.1f ms\n",
               nlat, p50, p99, mx);
        printf("  target p99 <= 50 ms: %s\n", p99 <= 50 ? "met" : "MISSED");
    }
    free(lat);
    unlink(iq);
    free(iq), free(truth), free(log);
    return 0;
}

static long rss_kib(pid_t pid)
{
    char p[64], line[256];
    snprintf(p, sizeof p, "/proc/%d/status", (int)pid);
    FILE *f = fopen(p, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

static int fd_count(pid_t pid)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(p);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static int bench_replay(const char *aisd, const char *aisctl, const char *dir)
{
    char *nmea = path_in(dir, "day.nmea"), *station = path_in(dir, "station.conf");
    char *st = path_in(dir, "state"), *log = path_in(dir, "day.log"), out[4096];
    char *scen[] = {(char *)aisctl, "scenario", "caspian",         "-d",    "24h",
                    "-o",           nmea,       "--engine-config", station, NULL};
    if (e2e_run(scen, out, sizeof out, 600)) {
        fprintf(stderr, "bench_daemon: aisctl scenario failed\n");
        return -1;
    }
    char input[600], pub[64], qry[64], tcp[32];
    snprintf(tcp, sizeof tcp, "127.0.0.1:%d", e2e_free_port());
    snprintf(input, sizeof input, "nmea:%s", nmea);
    snprintf(pub, sizeof pub, "tcp://127.0.0.1:%d", e2e_free_port());
    snprintf(qry, sizeof qry, "tcp://127.0.0.1:%d", e2e_free_port());
    /* a subscriber on everything, so the publisher works as in service */
    struct e2e_sub *sub = e2e_sub_open(pub, "", NULL, NULL, NULL);
    char *argv[] = {(char *)aisd,
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
                    "127.0.0.1:9",
                    "--tcp",
                    tcp,
                    "--rawlog-dir",
                    st,
                    "--wait-subscriber",
                    "20",
                    NULL};
    double t0 = e2e_now();
    pid_t pid = e2e_spawn(argv, log);
    static long rss[100000];
    static int fds[100000];
    int n = 0, st_rc;
    long msgs = 0, alerts = 0;
    for (;;) {
        struct e2e_msg m;
        double until = e2e_now() + 0.005;
        while (e2e_sub_recv(sub, &m, 0.001)) {
            msgs++;
            alerts += !strncmp(m.topic, "alert.", 6);
            free(m.json);
            if (e2e_now() > until) break;
        }
        if (waitpid(pid, &st_rc, WNOHANG) == pid) break;
        long r = rss_kib(pid);
        int f = fd_count(pid);
        if (r > 0 && n < 100000) {
            rss[n] = r;
            fds[n++] = f;
        }
        if (e2e_now() - t0 > 900) {
            kill(pid, SIGKILL);
            waitpid(pid, &st_rc, 0);
            break;
        }
    }
    double took = e2e_now() - t0;
    int ok = WIFEXITED(st_rc) && WEXITSTATUS(st_rc) == 0;
    struct e2e_msg m;
    while (e2e_sub_recv(sub, &m, 0.5)) { /* what is still in flight */
        msgs++;
        alerts += !strncmp(m.topic, "alert.", 6);
        free(m.json);
    }
    if (!ok || n < 4) {
        fprintf(stderr, "bench_daemon: the 24 h replay failed (%d samples); log %s\n", n, log);
        e2e_sub_close(sub);
        return -1;
    }
    e2e_sub_close(sub);
    long peak = 0;
    int fmax = 0;
    for (int i = 0; i < n; i++) {
        peak = rss[i] > peak ? rss[i] : peak;
        fmax = fds[i] > fmax ? fds[i] : fmax;
    }
    printf("24 h Caspian scenario (NMEA, 40 vessels) replayed as fast as possible in %.1f s, "
           "%ld messages to a subscriber (%ld alerts):\n",
           took, msgs, alerts);
    printf("  RSS at 25%% %ld KiB, 50%% %ld, 75%% %ld, end %ld, peak %ld; descriptors first %d, "
           "max %d, "
           "end %d\n",
           rss[n / 4], rss[n / 2], rss[3 * n / 4], rss[n - 1], peak, fds[0], fmax, fds[n - 1]);
    int flat = rss[n - 1] - rss[n / 4] < 8192 && fds[n - 1] <= fds[n / 4];
    printf("  target flat memory, no descriptor leak: %s\n", flat ? "met" : "MISSED");
    unlink(nmea);
    free(nmea), free(station), free(st), free(log);
    return 0;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    char *aisd = test_build_program("aisd"), *aisctl = test_build_program("aisctl");
    char *dir = test_tmpdir();
    const char *s = getenv("BENCH_SECONDS");
    int seconds = s && atoi(s) > 0 ? atoi(s) : 20;
    int rc = bench_realtime(aisd, aisctl, dir, seconds);
    if (!rc) rc = bench_replay(aisd, aisctl, dir);
    test_rmdir_r(dir);
    free(dir), free(aisd), free(aisctl);
    return rc ? 1 : 0;
}
