/* bench_decode.c: NMEA-to-JSON throughput in AIS sentences per second on one
 * core, ours beside gpsdecode (Debian gpsd-clients) on the same input: a
 * large file built at bench time in $TMPDIR by repeating the corpus logs.
 * Rates are per CPU second of the process (user + system, best of 3 runs),
 * so other load on the machine matters less; wall times are shown too.
 * Rows: the library in-process (nmea + ais_decode + ais_json, no output),
 * `aisctl decode` and `gpsdecode`, both scaled and unscaled (-u).
 * Target: aisctl decode at least 5x gpsdecode. */
#include "decode/ais_json.h"
#include "decode/ais_msg.h"
#include "decode/nmea.h"
#include "decode/nmea_reader.h"
#include "tests/lib/testutil.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const logs[] = {
    "nmea/gpsd/sample.aivdm",
    "nmea/gpsd/ais-18-27.log",
    "nmea/gpsd/ais-nmea-type6-fid55.log",
    "nmea/gpsd/ais-nmea.log",
    "nmea/gpsd/ais_unpack_sixbit.log",
    "nmea/noaadata/test.ais",
    "nmea/pyais/nmea_data_sample.txt",
    "nmea/libais/test.aivdm",
};

static double now_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static size_t count_sentences(const char *text, size_t len)
{
    size_t n = 0;
    for (const char *p = text; (p = memmem(p, (size_t)(text + len - p), "VD", 2)); p += 2)
        if ((p[2] == 'M' || p[2] == 'O') && p[3] == ',' && p > text + 2) n++;
    return n;
}

/* ---- in-process ---- */

struct lib_run {
    struct nmea *p;
    struct ais_t24_queue t24;
    struct ais_json_opts o;
    size_t messages, bytes;
    char buf[8192];
};

static void lib_line(void *ctx, const char *line, size_t len, int too_long)
{
    struct lib_run *r = ctx;
    struct nmea_msg m;
    if (too_long || nmea_push_line(r->p, line, len, 0, &m, NULL) != 1) return;
    struct ais_msg msg;
    if (ais_decode(m.bytes, m.nbits, &msg) != 0 || !ais_decode_t24_pair(&r->t24, &msg)) return;
    int n = ais_json(&msg, &r->o, r->buf, sizeof r->buf);
    if (n > 0) {
        r->messages++;
        r->bytes += (size_t)n;
    }
}

static double run_lib(const char *text, size_t len, int scaled, size_t *messages)
{
    double best = 1e30;
    for (int k = 0; k < 3; k++) {
        struct lib_run *r = calloc(1, sizeof *r);
        r->p = nmea_create(NULL);
        r->o.scaled = scaled;
        r->o.device = "stdin";
        ais_decode_t24_init(&r->t24);
        struct nmea_reader *rd = nmea_reader_create(NULL);
        double t0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
        nmea_reader_push(rd, text, len, lib_line, r);
        nmea_reader_finish(rd, lib_line, r);
        double t = now_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
        if (t < best) best = t;
        *messages = r->messages;
        nmea_reader_destroy(rd);
        nmea_destroy(r->p);
        free(r);
    }
    return best;
}

/* ---- processes ---- */

/* CPU seconds (user + sys) of argv run with stdin from path, output
 * discarded; best of 3. -1 when it cannot run. *wall gets the best wall. */
static double run_prog(char *const argv[], const char *path, double *wall)
{
    double best = -1;
    *wall = -1;
    for (int k = 0; k < 3; k++) {
        double w0 = now_s(CLOCK_MONOTONIC);
        pid_t pid = fork();
        if (pid < 0) return -1;
        if (pid == 0) {
            int in = open(path, O_RDONLY), nul = open("/dev/null", O_WRONLY);
            if (in < 0 || nul < 0) _exit(127);
            dup2(in, 0);
            dup2(nul, 1);
            dup2(nul, 2);
            execvp(argv[0], argv);
            _exit(127);
        }
        int st;
        struct rusage ru;
        if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) == 127) return -1;
        double w = now_s(CLOCK_MONOTONIC) - w0;
        double t = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
                   (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
        if (best < 0 || t < best) best = t;
        if (*wall < 0 || w < *wall) *wall = w;
    }
    return best;
}

int main(void)
{
    /* One core: pin to the CPU we are on; children inherit it. */
    int cpu = sched_getcpu();
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu < 0 ? 0 : cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) perror("bench_decode: sched_setaffinity");

    /* The input: the corpus logs repeated to at least `want` sentences. */
    size_t want = 200000;
    const char *env = getenv("AISD_BENCH_SENTENCES");
    if (env && atol(env) > 0) want = (size_t)atol(env);
    char *parts[sizeof logs / sizeof logs[0]];
    size_t plen[sizeof logs / sizeof logs[0]], per_round = 0, round_bytes = 0;
    for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
        char *path = test_corpus_file(logs[i]);
        parts[i] = path ? test_read_file(path, &plen[i]) : NULL;
        free(path);
        if (!parts[i]) {
            printf("bench_decode: SKIP (corpus missing)\n");
            return 0;
        }
        per_round += count_sentences(parts[i], plen[i]);
        round_bytes += plen[i];
    }
    size_t rounds = (want + per_round - 1) / per_round;
    size_t len = rounds * round_bytes;
    char *text = malloc(len + 1), *w = text;
    for (size_t r = 0; r < rounds; r++)
        for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
            memcpy(w, parts[i], plen[i]);
            w += plen[i];
        }
    *w = '\0';
    for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++)
        free(parts[i]);
    size_t sentences = rounds * per_round;
    char *dir = test_tmpdir(), path[1024];
    snprintf(path, sizeof path, "%s/bench.nmea", dir);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        printf("bench_decode: cannot write %s\n", path);
        return 1;
    }
    printf("bench_decode: %zu AIS sentences (%zu rounds of the corpus logs, %.1f MB), CPU %d\n",
           sentences, rounds, len / 1e6, cpu);
    printf("%-34s %12s %10s %9s\n", "decoder (NMEA -> JSON)", "sentences/s", "CPU s", "wall s");

    size_t msgs;
    double t = run_lib(text, len, 1, &msgs);
    printf("%-34s %12.0f %10.3f %9s   (%zu messages)\n", "library in-process, scaled",
           sentences / t, t, "-", msgs);
    t = run_lib(text, len, 0, &msgs);
    printf("%-34s %12.0f %10.3f %9s\n", "library in-process, unscaled", sentences / t, t, "-");
    free(text);

    char *aisctl = test_build_program("aisctl");
    struct {
        const char *name;
        char *argv[5];
        double cpu, wall;
    } rows[] = {
        {"aisctl decode", {aisctl, "decode", "-q", NULL}, 0, 0},
        {"aisctl decode -u", {aisctl, "decode", "-q", "-u", NULL}, 0, 0},
        {"gpsdecode", {"gpsdecode", NULL}, 0, 0},
        {"gpsdecode -u", {"gpsdecode", "-u", NULL}, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rows[i].cpu = run_prog(rows[i].argv, path, &rows[i].wall);
        if (rows[i].cpu <= 0)
            printf("%-34s %12s\n", rows[i].name, "(not run: not installed? `make deps`)");
        else
            printf("%-34s %12.0f %10.3f %9.3f\n", rows[i].name, sentences / rows[i].cpu,
                   rows[i].cpu, rows[i].wall);
    }
    int status = 0;
    for (int k = 0; k < 2; k++) {
        if (rows[k].cpu > 0 && rows[k + 2].cpu > 0) {
            double ratio = rows[k + 2].cpu / rows[k].cpu;
            printf("%s vs %s: %.1fx (target >= 5x: %s)\n", rows[k].name, rows[k + 2].name, ratio,
                   ratio >= 5 ? "met" : "NOT met");
            if (ratio < 5 && getenv("AISD_BENCH_STRICT")) status = 1;
        }
    }
    unlink(path);
    test_rmdir_r(dir);
    free(dir);
    free(aisctl);
    return status;
}
