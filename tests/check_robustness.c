/* check_robustness.c: bad input through the real programs, as an operator
 * meets it: corrupt and truncated WAV headers, empty and odd-length IQ files,
 * unknown formats, nonexistent files, and configuration values that must be
 * refused with exit status 64 and a message naming the key. Each case runs
 * build/aisctl or build/aisd as a process and checks its exit status (never a
 * crash: below 128) and what it said on stderr. Units: zones and alert
 * engine times that must be refused, and the discriminator decoder counting
 * the hits it has no room for. */
#include "alerts/engine.h"
#include "alerts/zone.h"
#include "decode/ais_msg.h"
#include "dsp/disc_demod.h"
#include "dsp/disc_mlse.h"
#include "dsp/receiver.h"
#include "tests/lib/e2e.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *aisd_path, *aisctl_path, *dir;

/* Run argv to completion, stdout and stderr into *out (malloc'd). Returns
 * the exit status (0..255, 128+signal) or -1 on timeout. */
static int run(char *const argv[], char **out)
{
    char log[600];
    snprintf(log, sizeof log, "%s/run.log", dir);
    unlink(log);
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_int_gt(pid, 0);
    int st = e2e_wait(pid, 60);
    size_t n = 0;
    *out = test_read_file(log, &n);
    if (!*out) *out = strdup("");
    return st;
}

static char *path_of(const char *name)
{
    char *p = malloc(600);
    snprintf(p, 600, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *name, const void *data, size_t n)
{
    char *p = path_of(name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
    free(p);
}

static void le16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
    le16(p, v & 0xffff);
    le16(p + 2, v >> 16);
}

/* A RIFF WAV with the given format fields and nsamples frames of zeros. */
static size_t make_wav(uint8_t *buf, unsigned tag, unsigned chans, uint32_t rate, unsigned bits,
                       size_t data_bytes)
{
    memcpy(buf, "RIFF", 4);
    le32(buf + 4, (uint32_t)(36 + data_bytes));
    memcpy(buf + 8, "WAVEfmt ", 8);
    le32(buf + 16, 16);
    le16(buf + 20, tag);
    le16(buf + 22, chans);
    le32(buf + 24, rate);
    le32(buf + 28, rate * chans * bits / 8);
    le16(buf + 32, chans * bits / 8);
    le16(buf + 34, bits);
    memcpy(buf + 36, "data", 4);
    le32(buf + 40, (uint32_t)data_bytes);
    memset(buf + 44, 0, data_bytes);
    return 44 + data_bytes;
}

static void setup(void)
{
    aisd_path = test_build_program("aisd");
    aisctl_path = test_build_program("aisctl");
    dir = test_tmpdir();
}

static void teardown(void)
{
    test_rmdir_r(dir);
    free(dir);
    free(aisd_path);
    free(aisctl_path);
}

/* aisctl rx on a WAV file whose header is unusable: a non-zero exit (not a
 * crash), a message naming the file, and no output pretending to be data. */
static void expect_rx_refuses(const char *name, const char *says)
{
    char *p = path_of(name), *out;
    char *argv[] = {aisctl_path, "rx", p, NULL};
    int st = run(argv, &out);
    if (st == 0 || st >= 128 || !strstr(out, name) || !strstr(out, says))
        ck_abort_msg("aisctl rx %s: status %d, said: %s", name, st, out);
    ck_assert_ptr_null(strstr(out, "!AIVDM"));
    free(out);
    free(p);
}

START_TEST(rx_wav_bad_headers)
{
    uint8_t buf[8192];
    /* Truncated: 0, 11, 12 and 30 bytes of a good header. */
    size_t n = make_wav(buf, 1, 2, 288000, 16, 4000);
    write_file("t0.wav", buf, 0);
    write_file("t11.wav", buf, 11);
    write_file("t12.wav", buf, 12);
    write_file("t30.wav", buf, 30);
    expect_rx_refuses("t0.wav", "WAV");
    expect_rx_refuses("t11.wav", "WAV");
    expect_rx_refuses("t12.wav", "WAV");
    expect_rx_refuses("t30.wav", "WAV");
    /* Not RIFF at all. */
    memcpy(buf, "RIFX", 4);
    write_file("rifx.wav", buf, n);
    expect_rx_refuses("rifx.wav", "WAV");
    /* 8-bit PCM mono (8-bit is read as I/Q only, as aisd does), a-law: formats we do not read. */
    n = make_wav(buf, 1, 1, 48000, 8, 4000);
    write_file("pcm8.wav", buf, n);
    expect_rx_refuses("pcm8.wav", "WAV");
    n = make_wav(buf, 6, 2, 288000, 16, 4000);
    write_file("alaw.wav", buf, n);
    expect_rx_refuses("alaw.wav", "WAV");
    /* Channel counts other than 1 (discriminator) or 2 (I/Q). */
    n = make_wav(buf, 1, 0, 288000, 16, 4000);
    write_file("chan0.wav", buf, n);
    expect_rx_refuses("chan0.wav", "channels");
    n = make_wav(buf, 1, 6, 288000, 16, 4000);
    write_file("chan6.wav", buf, n);
    expect_rx_refuses("chan6.wav", "channels");
    /* Sample rates no receiver runs at: 0, 1 S/s, 2.8 GS/s. */
    n = make_wav(buf, 1, 2, 0, 16, 4000);
    write_file("rate0.wav", buf, n);
    expect_rx_refuses("rate0.wav", "0 Hz");
    n = make_wav(buf, 1, 2, 1, 16, 4000);
    write_file("rate1.wav", buf, n);
    expect_rx_refuses("rate1.wav", "S/s");
    n = make_wav(buf, 1, 2, 2800000000u, 16, 4000);
    write_file("rate_huge.wav", buf, n);
    expect_rx_refuses("rate_huge.wav", "S/s");
}
END_TEST

START_TEST(rx_wav_good_header_empty_data)
{
    /* A valid header with no samples is an empty recording, not an error. */
    uint8_t buf[64];
    size_t n = make_wav(buf, 1, 2, 288000, 16, 0);
    write_file("empty.wav", buf, n);
    char *p = path_of("empty.wav"), *out;
    char *argv[] = {aisctl_path, "rx", p, NULL};
    int st = run(argv, &out);
    if (st != 0 || !strstr(out, "0.0 s of input")) ck_abort_msg("status %d: %s", st, out);
    free(out);
    free(p);
}
END_TEST

START_TEST(rx_raw_files)
{
    /* Zero-length and odd-length raw IQ files in every format: exit 0 with a
     * summary; nonexistent files and unknown formats: a clear refusal. */
    static const char *fmts[] = {"cu8", "cs8", "cs16", "cf32"};
    uint8_t junk[7] = {1, 2, 3, 4, 5, 6, 7};
    write_file("zero.raw", junk, 0);
    write_file("odd.raw", junk, 7);
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 2; k++) {
            char *p = path_of(k ? "odd.raw" : "zero.raw"), *out;
            char *argv[] = {aisctl_path, "rx", "--format", (char *)fmts[i], p, NULL};
            int st = run(argv, &out);
            if (st != 0 || !strstr(out, "aisctl rx:"))
                ck_abort_msg("%s %s: status %d: %s", fmts[i], p, st, out);
            free(out);
            free(p);
        }
    char *out;
    char *nx = path_of("does-not-exist.cu8");
    char *a1[] = {aisctl_path, "rx", nx, NULL};
    int st = run(a1, &out);
    if (st == 0 || st >= 128 || !strstr(out, "No such file")) ck_abort_msg("%d: %s", st, out);
    free(out);
    char *z = path_of("zero.raw");
    char *a2[] = {aisctl_path, "rx", "--format", "cu4", z, NULL};
    st = run(a2, &out);
    if (st != 64) ck_abort_msg("unknown format: status %d: %s", st, out);
    free(out);
    free(z);
    free(nx);
}
END_TEST

START_TEST(rx_bad_option_values_refused)
{
    /* A typo in a number must not silently become 0 (a rate of 0 would fall
     * back to the default and demodulate at the wrong rate): exit 64 with a
     * message naming the option. */
    static const char *cases[][2] = {
        {"--rate", "288k"}, {"--rate", "0"},    {"--centre", "abc"}, {"--ppm", "9999"},
        {"--gate", "-1"},   {"--flips", "2.5"}, {"--cands", "x"},    {"--threshold", "2"},
    };
    write_file("opt.cu8", "", 0);
    char *p = path_of("opt.cu8");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out;
        char *argv[] = {aisctl_path, "rx", (char *)cases[i][0], (char *)cases[i][1], p, NULL};
        int st = run(argv, &out);
        if (st != 64 || !strstr(out, cases[i][0]))
            ck_abort_msg("rx %s %s: status %d: %s", cases[i][0], cases[i][1], st, out);
        free(out);
    }
    char *out;
    char *ok[] = {aisctl_path, "rx", "--rate", "288000", "--flips", "8", p, NULL};
    int st = run(ok, &out);
    if (st != 0) ck_abort_msg("valid options refused: status %d: %s", st, out);
    free(out);
    free(p);
}
END_TEST

/* aisctl scenario --realtime into a reader that goes away, with SIGPIPE
 * ignored (inherited from a test harness or a service manager): it stops at
 * the first failed write. It flushed every line and ignored the flush's
 * error, so it wrote on into the closed pipe for the whole scenario: a
 * `make run` pipeline left by a test ran on for 72 minutes (session 10). */
START_TEST(scenario_realtime_stops_when_its_reader_goes)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "trap '' PIPE; timeout 40 %s scenario caspian -d 24h --realtime --speed 1000 "
             "2>/dev/null | head -n 1 >/dev/null",
             aisctl_path);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    double t0 = e2e_now();
    ck_assert_int_eq(e2e_run(argv, NULL, 0, 60), 0);
    double took = e2e_now() - t0;
    printf("scenario --realtime after its reader went: stopped in %.1f s\n", took);
    ck_assert_msg(took < 20, "aisctl scenario ran on for %.1f s after its reader went", took);
}
END_TEST

/* (session 10) An option the command does not take, a value it refuses or
 * forgot: the message names it. `aisctl rx -r 2400000 f` (sim's -r) printed
 * the whole usage, naming nothing; sweep did the same for --shape x,
 * --format x, --overlap-offset 5:1 and an unknown option; `aisctl status
 * --timeout` said "unexpected '--timeout'", an option its help lists. */
START_TEST(ctl_bad_options_named)
{
    static const char *cases[][5] = {
        {"rx", "-r", "2400000", "x.cu8", "unknown option '-r'"},
        {"sweep", "--sim", "--shape", "x", "bad value for --shape: 'x'"},
        {"sweep", "--sim", "--format", "x", "bad value for --format: 'x'"},
        {"sweep", "--sim", "--overlap-offset", "5:1", "bad value for --overlap-offset: '5:1'"},
        {"sweep", "--sim", "--bogus", NULL, "unknown option '--bogus'"},
        {"sweep", "--sim", "--seed", NULL, "a value is missing after '--seed'"},
        {"status", "--timeout", NULL, NULL, "--timeout needs a value"},
        {"sub", "--connect", "bogus", NULL, "an endpoint is written tcp://HOST:PORT"},
        {"status", "--connect", "127.0.0.1:5557", NULL, "an endpoint is written tcp://HOST:PORT"},
        {"alerts", "a.nmea", "b.nmea", NULL, "one FILE at a time ('a.nmea', then 'b.nmea')"},
        {"decode", "a.nmea", "b.nmea", NULL, "one FILE at a time ('a.nmea', then 'b.nmea')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[6] = {aisctl_path};
        int n = 1;
        for (int k = 0; k < 4 && cases[i][k]; k++)
            argv[n++] = (char *)cases[i][k];
        argv[n] = NULL;
        const char *says = cases[i][4];
        char *out;
        int st = run(argv, &out);
        if (st != 64 || !strstr(out, says) || strstr(out, "usage:"))
            ck_abort_msg("aisctl %s %s: status %d: %s", cases[i][0], cases[i][1], st, out);
        free(out);
    }
}
END_TEST

START_TEST(rx_disc_text_bad_lines_reported)
{
    /* Text discriminator input: a line that is not a number is skipped and
     * counted, not the end of the input; blank lines are fine; a value out
     * of the 16-bit range is clamped and counted (dsp/iq_source, aisd's
     * reader, which aisctl rx reads through; its own reader skipped it). */
    const char *text = "100\n200\nabc\n300\n99999\n\n1 2\n-400\n";
    write_file("junk.num", text, strlen(text));
    char *p = path_of("junk.num"), *out;
    char *argv[] = {aisctl_path, "rx", p, NULL};
    int st = run(argv, &out);
    if (st != 0 || !strstr(out, "skipped 2 lines that are not a number") ||
        !strstr(out, "1 samples outside -32768..32767, clamped"))
        ck_abort_msg("status %d, said: %s", st, out);
    free(out);
    free(p);
}
END_TEST

/* aisd refusing a configuration: exit 64 and a message containing says. */
static void expect_aisd_64(char *const extra[], const char *says)
{
    char *argv[32];
    int n = 0;
    argv[n++] = aisd_path;
    for (int i = 0; extra[i]; i++)
        argv[n++] = extra[i];
    argv[n++] = "--check-config";
    argv[n] = NULL;
    char *out;
    int st = run(argv, &out);
    if (st != 64 || !strstr(out, says))
        ck_abort_msg("aisd %s %s: status %d, said: %s", extra[0], extra[1] ? extra[1] : "", st,
                     out);
    free(out);
}

START_TEST(aisd_bad_values_exit_64)
{
    expect_aisd_64((char *[]){"--gain", "nan", NULL}, "gain");
    expect_aisd_64((char *[]){"--gain", "-1", NULL}, "gain");
    expect_aisd_64((char *[]){"--rate", "nan", NULL}, "rate");
    expect_aisd_64((char *[]){"--rate", "1e400", NULL}, "rate");
    expect_aisd_64((char *[]){"--ppm", "inf", NULL}, "ppm");
    expect_aisd_64((char *[]){"--center", "-5", NULL}, "center");
    expect_aisd_64((char *[]){"--status-interval", "nan", NULL}, "status-interval");
    expect_aisd_64((char *[]){"--wait-subscriber", "-1", NULL}, "wait-subscriber");
    expect_aisd_64((char *[]){"--sndhwm", "-1", NULL}, "sndhwm");
    /* (session 7) each passed --check-config and then stopped aisd at start
     * with status 1 (restarted by systemd), or worse */
    expect_aisd_64((char *[]){"--sndhwm", "0", NULL}, "sndhwm"); /* 0: no limit at all */
    expect_aisd_64((char *[]){"--rawlog-max-mb", "1.5", NULL}, "rawlog-max-mb");
    expect_aisd_64((char *[]){"--input", "/dev/null", "--rate", "100000", NULL}, "240000");
    expect_aisd_64((char *[]){"--input", "/dev/null", "--rate", "4M", NULL}, "240000");
    expect_aisd_64((char *[]){"--input", "/dev/null", "--rate", "2.4M", "--rawlog-dir", "/tmp",
                              "--iq-snippets", "--iq-snippet-ms", "2000", NULL},
                   "iq-snippet-ms");
    expect_aisd_64((char *[]){"--udp", "127.0.0.1:0", NULL}, "udp");
    expect_aisd_64((char *[]){"--tcp", "host:65536", NULL}, "tcp");
    expect_aisd_64((char *[]){"--input", "rtltcp://nohostport", NULL}, "rtltcp");
    expect_aisd_64((char *[]){"--input", "/nonexistent/x.cu8", NULL}, "cannot read");
    expect_aisd_64((char *[]){"--input", "/tmp", NULL}, "directory"); /* ran as an empty file */
    expect_aisd_64((char *[]){"--input", "nmea:/tmp", NULL}, "directory");
    expect_aisd_64((char *[]){"--format", "s16le", NULL}, "format");
    expect_aisd_64((char *[]){"--realtime=maybe", NULL}, "realtime");
    /* a local time with an offset was read as UTC, a day out of range rolled on */
    expect_aisd_64((char *[]){"--start-time", "2026-11-22T06:00:00+02:00", NULL}, "start-time");
    expect_aisd_64((char *[]){"--start-time", "2026-02-30T06:00:00Z", NULL}, "start-time");
    expect_aisd_64((char *[]){"--config", "/nonexistent/aisd.conf", NULL}, "aisd.conf");
    /* (session 10) passed, then exit 1 at start: "Protocol not supported",
     * "No such file or directory" */
    expect_aisd_64((char *[]){"--publish", "foo://x", NULL}, "publish 'foo://x'");
    expect_aisd_64((char *[]){"--publish", "ipc:///nonexistent/dir/aisd.sock", NULL},
                   "ipc://PATH (in a directory that exists)");
    expect_aisd_64((char *[]){"--query", "udp://127.0.0.1:5557", NULL}, "query");
    char ipc[700];
    snprintf(ipc, sizeof ipc, "ipc://%s/aisd.sock", dir);
    char *ok[] = {aisd_path, "--publish", ipc, "--query", "inproc://q", "--check-config", NULL};
    char *out;
    int st = run(ok, &out);
    if (st != 0) ck_abort_msg("--publish %s refused: status %d: %s", ipc, st, out);
    free(out);
}
END_TEST

/* (session 10) An option whose value was forgotten took the next option as
 * its value: `--station --check-config` ran aisd (station "--check-config")
 * instead of checking, `--station --verbose` named the station "--verbose".
 * It now says so, exit 64; --KEY=VALUE still takes a value starting with --. */
START_TEST(aisd_option_without_value_exit_64)
{
    expect_aisd_64((char *[]){"--station", NULL},
                   "--station needs a value, not the option '--check-config'");
    expect_aisd_64((char *[]){"--station", "--verbose", NULL}, "not the option '--verbose'");
    expect_aisd_64((char *[]){"--dark-p", NULL}, "--dark-p needs a value");
    expect_aisd_64((char *[]){"--config", NULL}, "--config needs a value");
    char *argv[] = {aisd_path, "--station=--x", "--check-config", NULL};
    char *out;
    int st = run(argv, &out);
    if (st != 0 || !strstr(out, "station = --x"))
        ck_abort_msg("--station=--x: status %d: %s", st, out);
    free(out);
}
END_TEST

/* (session 10) A device no dongle can be (a negative index, a character no
 * USB serial number has) was looked up as a serial number and retried for
 * ever ("RTL-SDR device '-1' not found", or "no RTL-SDR device found" with
 * none plugged in): --check-config passed it. Refused by --check-config and
 * at start, exit 64 (systemd does not restart it). */
START_TEST(aisd_impossible_device_exit_64)
{
    expect_aisd_64((char *[]){"--device", "-1", NULL}, "device '-1': a negative index");
    expect_aisd_64((char *[]){"--device", "+1", NULL}, "device '+1'");
    expect_aisd_64((char *[]){"--device", "dongl\xc3\xa9", NULL}, "serial number");
    char *argv[] = {aisd_path, "--device",  "-1",         "--query",     "none", "--udp",
                    "none",    "--publish", "inproc://x", "--state-dir", "none", NULL};
    char log[600];
    snprintf(log, sizeof log, "%s/device.log", dir);
    pid_t pid = e2e_spawn(argv, log);
    ck_assert_int_gt(pid, 0);
    int st = e2e_wait(pid, 10);
    if (st < 0) e2e_stop(pid, 5); /* still retrying */
    char *out = test_read_file(log, NULL);
    if (st != 64) ck_abort_msg("aisd --device -1: status %d: %s", st, out ? out : "");
    free(out);
}
END_TEST

START_TEST(aisd_unusable_dirs_exit_64)
{
    /* A state-dir or rawlog-dir aisd cannot create (under a regular file, in a
     * directory it may not write) passed --check-config and then stopped aisd
     * at start with status 1, which systemd restarts every 5 s for ever: now
     * --check-config names it and aisd exits 64 (RestartPreventExitStatus). */
    write_file("afile", "x", 1);
    char *under_file = path_of("afile/state"), *raw_under_file = path_of("afile/raw/deeper");
    char *log_under_file = path_of("afile/alerts.jsonl");
    expect_aisd_64((char *[]){"--state-dir", "none", "--alert-log", log_under_file, NULL},
                   "alert_log");
    free(log_under_file);
    expect_aisd_64((char *[]){"--state-dir", under_file, NULL}, "state-dir");
    expect_aisd_64((char *[]){"--state-dir", under_file, NULL}, "afile is not a directory");
    expect_aisd_64((char *[]){"--state-dir", "none", "--rawlog-dir", raw_under_file, NULL},
                   "rawlog-dir");
    char *nmea_in = "nmea:/dev/null";
    char *start_state[] = {aisd_path, "--input",   nmea_in,      "--query",     "none",     "--udp",
                           "none",    "--publish", "inproc://x", "--state-dir", under_file, NULL};
    char *out;
    int st = run(start_state, &out);
    if (st != 64 || !strstr(out, "state-dir"))
        ck_abort_msg("aisd with state-dir under a file: status %d: %s", st, out);
    free(out);
    char *start_raw[] = {aisd_path, "--input",      nmea_in,        "--query",    "none",
                         "--udp",   "none",         "--publish",    "inproc://x", "--state-dir",
                         "none",    "--rawlog-dir", raw_under_file, NULL};
    st = run(start_raw, &out);
    if (st != 64 || !strstr(out, "rawlog-dir"))
        ck_abort_msg("aisd with rawlog-dir under a file: status %d: %s", st, out);
    free(out);
    /* a directory this user may not write (root may write anywhere) */
    char *ro = path_of("readonly"), *ro_state = path_of("readonly/state");
    ck_assert_int_eq(mkdir(ro, 0555), 0);
    if (geteuid() != 0)
        expect_aisd_64((char *[]){"--state-dir", ro_state, NULL}, "state-dir");
    else
        printf("aisd_unusable_dirs_exit_64: running as root: the read-only directory case is "
               "not checked\n");
    /* missing parents are created (mkdir -p): it used to be exit 1 */
    char *deep_state = path_of("new/a/state"), *deep_raw = path_of("new/b/raw");
    char *deep[] = {aisd_path,  "--input",      nmea_in,     "--query",    "none",
                    "--udp",    "none",         "--publish", "inproc://x", "--state-dir",
                    deep_state, "--rawlog-dir", deep_raw,    NULL};
    st = run(deep, &out);
    if (st != 0) ck_abort_msg("aisd with new nested directories: status %d: %s", st, out);
    free(out);
    struct stat sb;
    ck_assert_int_eq(stat(deep_state, &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));
    ck_assert_int_eq(stat(deep_raw, &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));
    free(under_file), free(raw_under_file), free(ro), free(ro_state), free(deep_state),
        free(deep_raw);
}
END_TEST

START_TEST(aisd_whole_numbers_take_suffixes)
{
    /* "Numbers accept k, M, G suffixes" (docs/daemon.md): whole-number keys
     * refused them ("sndhwm = 10k": not a non-negative integer). */
    char *argv[] = {aisd_path, "--sndhwm", "10k", "--rawlog-max-mb", "1k", "--check-config", NULL},
         *out;
    int st = run(argv, &out);
    if (st != 0 || !strstr(out, "\nsndhwm = 10000\n") || !strstr(out, "\nrawlog-max-mb = 1000\n"))
        ck_abort_msg("aisd --sndhwm 10k: status %d: %s", st, out);
    free(out);
    /* an NMEA UDP destination whose name does not resolve: the reason */
    char *udp[] = {aisd_path,
                   "--input",
                   "nmea:/dev/null",
                   "--state-dir",
                   "none",
                   "--publish",
                   "none",
                   "--query",
                   "none",
                   "--udp",
                   "nosuchhost.invalid:10110",
                   NULL};
    st = run(udp, &out);
    if (st != 1 ||
        !strstr(out, "udp nosuchhost.invalid:10110: cannot open: the host name does not resolve"))
        ck_abort_msg("aisd --udp nosuchhost.invalid: status %d: %s", st, out);
    free(out);
}
END_TEST

START_TEST(aisd_show_dsp_refused_flavour)
{
    /* --show-dsp with a flavour that cannot be used: exit 64 with the reason,
     * and no table (it showed another flavour active, as if it had worked). */
    char *argv[] = {aisd_path, "--show-dsp", "--dsp", "nosuch", NULL}, *out;
    int st = run(argv, &out);
    if (st != 64 || !strstr(out, "nosuch") || strstr(out, "active:"))
        ck_abort_msg("aisd --show-dsp --dsp nosuch: status %d: %s", st, out);
    free(out);
    char *ok[] = {aisd_path, "--show-dsp", "--dsp", "generic", NULL};
    st = run(ok, &out);
    if (st != 0 || !strstr(out, "active: generic"))
        ck_abort_msg("aisd --show-dsp --dsp generic: status %d: %s", st, out);
    free(out);
}
END_TEST

START_TEST(aisd_bad_config_file_exit_64)
{
    static const char *bad[][2] = {
        {"rate = 288k\nnot a key value line\n", ":2:"},
        {"rate = 288k\nfrobnicate = 3\n", "frobnicate"},
        {"gain = nan\n", "gain"},
        {"station = has space\n", "station"},
        {"ppm = 12abc\n", "ppm"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file("bad.conf", bad[i][0], strlen(bad[i][0]));
        char *p = path_of("bad.conf");
        expect_aisd_64((char *[]){"--config", p, NULL}, bad[i][1]);
        free(p);
    }
}
END_TEST

/* (session 9) Two of aisd's own listeners on one TCP port (the query socket
 * on the feed's port, the NMEA TCP server on the query's, a publish endpoint
 * given twice): --check-config said OK, and aisd bound the first and exited 1
 * at the second, which systemd restarts every 5 s for ever. Now exit 64
 * naming both, by --check-config and at start. One port on different
 * addresses, and port '*', are fine. */
START_TEST(aisd_listeners_on_one_port_exit_64)
{
    expect_aisd_64((char *[]){"--state-dir", "none", "--query", "tcp://127.0.0.1:5556", NULL},
                   "publish 'tcp://*:5556' and query 'tcp://127.0.0.1:5556' both listen on TCP "
                   "port 5556");
    expect_aisd_64((char *[]){"--state-dir", "none", "--tcp", "5557", NULL},
                   "query 'tcp://127.0.0.1:5557' and tcp '5557' both listen on TCP port 5557");
    expect_aisd_64((char *[]){"--state-dir", "none", "--publish", "tcp://127.0.0.1:6000",
                              "--publish", "tcp://127.0.0.1:6000", "--query", "none", NULL},
                   "TCP port 6000");
    char *out;
    char *start[] = {aisd_path,
                     "--state-dir",
                     "none",
                     "--input",
                     "nmea:-",
                     "--udp",
                     "none",
                     "--publish",
                     "tcp://127.0.0.1:6000",
                     "--query",
                     "tcp://127.0.0.1:6000",
                     NULL};
    int st = run(start, &out);
    if (st != 64 || !strstr(out, "TCP port 6000")) ck_abort_msg("at start: status %d: %s", st, out);
    free(out);
    char *fine[] = {aisd_path,
                    "--state-dir",
                    "none",
                    "--publish",
                    "tcp://127.0.0.1:6000",
                    "--publish",
                    "tcp://*:*",
                    "--query",
                    "tcp://127.0.0.2:6000",
                    "--tcp",
                    "127.0.0.3:6000",
                    "--check-config",
                    NULL};
    st = run(fine, &out);
    if (st != 0) ck_abort_msg("one port on three addresses: status %d: %s", st, out);
    free(out);
}
END_TEST

START_TEST(aisd_bad_files_and_endpoints_exit_64)
{
    /* Files the configuration names are checked by --check-config (and so at
     * start) with exit 64, not found missing or corrupt later with exit 1. */
    char *missing = path_of("missing.geojson");
    expect_aisd_64((char *[]){"--zones", missing, NULL}, "zones");
    const char *junk = "{\"type\": \"FeatureCollection\", \"features\": [";
    write_file("junk.geojson", junk, strlen(junk));
    char *jp = path_of("junk.geojson");
    expect_aisd_64((char *[]){"--zones", jp, NULL}, "zones");
    const char *wl = "watch_mmsi = 273123450, notanmmsi\n";
    write_file("watch.conf", wl, strlen(wl));
    char *wp = path_of("watch.conf");
    expect_aisd_64((char *[]){"--watchlist", wp, NULL}, "watchlist");
    expect_aisd_64((char *[]){"--watchlist", missing, NULL}, "watchlist");
    /* ZeroMQ endpoints ZeroMQ would refuse at bind time. */
    expect_aisd_64((char *[]){"--publish", "tcp://nohostport", NULL}, "publish");
    expect_aisd_64((char *[]){"--publish", "tcp://127.0.0.1:0", NULL}, "publish");
    expect_aisd_64((char *[]){"--publish", "tcp://", NULL}, "publish");
    expect_aisd_64((char *[]){"--query", "tcp://:x", NULL}, "query");
    /* an NMEA UDP input on the port our own UDP output goes to (the default
     * 127.0.0.1:10110): every sentence came back in and went out again, for
     * ever (one sentence became 134,000 in 2 s); refused */
    expect_aisd_64((char *[]){"--input", "nmea:udp://0.0.0.0:10110", NULL}, "own output");
    expect_aisd_64(
        (char *[]){"--input", "nmea:udp://127.0.0.1:17001", "--udp", "localhost:17001", NULL},
        "own output");
    char *other[] = {aisd_path, "--input",          "nmea:udp://0.0.0.0:10110",
                     "--udp",   "192.0.2.77:10110", "--check-config",
                     NULL},
         *said;
    ck_assert_int_eq(run(other, &said), 0); /* another host's port 10110 */
    free(said);
    /* CURVE key files are read as the daemon reads them (were only found
     * missing or malformed at start, exit 1) */
    char *key = path_of("missing.key");
    expect_aisd_64((char *[]){"--curve-secret-key", key, NULL}, "curve-secret-key");
    const char *half = "public-key = 0123456789012345678901234567890123456789\n";
    write_file("half.key", half, strlen(half));
    char *hk = path_of("half.key"), *base = path_of("server"), *out;
    expect_aisd_64((char *[]){"--curve-secret-key", hk, NULL}, "secret-key");
    char *kg[] = {aisctl_path, "keygen", base, NULL};
    ck_assert_int_eq(run(kg, &out), 0);
    free(out);
    char *good = path_of("server.key");
    expect_aisd_64((char *[]){"--curve-secret-key", good, "--curve-allow", missing, NULL},
                   "curve-allow");
    char *ok[] = {aisd_path, "--curve-secret-key", good, "--check-config", NULL};
    ck_assert_int_eq(run(ok, &out), 0);
    free(out);
    free(key), free(hk), free(base), free(good);
    free(missing);
    free(jp);
    free(wp);
}
END_TEST

START_TEST(aisd_bad_alert_settings_exit_64)
{
    /* The alert engine's settings are checked together, by the engine, as
     * the daemon will start it: a bad value in the alerts-config file, or a
     * value that parses but the engine refuses (dark_p outside (0, 1), alone
     * or with the file), used to pass --check-config (exit 0) and then stop
     * aisd at start with status 1, which systemd restarts in a loop. */
    const char *bad_value = "tick_s = banana\n";
    write_file("eng_bad.conf", bad_value, strlen(bad_value));
    const char *out_of_range = "tick_s = 2\ndark_p = 7\n";
    write_file("eng_range.conf", out_of_range, strlen(out_of_range));
    const char *good = "tick_s = 2\n";
    write_file("eng_good.conf", good, strlen(good));
    char *bp = path_of("eng_bad.conf"), *rp = path_of("eng_range.conf"),
         *gp = path_of("eng_good.conf");
    expect_aisd_64((char *[]){"--alerts-config", bp, NULL}, "tick_s");
    expect_aisd_64((char *[]){"--alerts-config", rp, NULL}, "dark_p");
    expect_aisd_64((char *[]){"--alerts-config", gp, "--dark_p", "2", NULL}, "dark_p");
    expect_aisd_64((char *[]){"--dark-p", "0", NULL}, "dark_p");
    /* a station position the engine cannot use was taken as "estimate it" in
     * silence: a typo, or one half of it (session 7) */
    expect_aisd_64((char *[]){"--station_lat", "374.7", "--station_lon", "49.46", NULL},
                   "station_lat");
    expect_aisd_64((char *[]){"--station-lat", "37.47", NULL}, "go together");
    expect_aisd_64((char *[]){"--station_lat", "37.47", "--station_lon", "-181", NULL},
                   "station_lon = -181: must be -180..180");
    /* and at start, not only with --check-config */
    char *argv[] = {aisd_path,
                    "--alerts-config",
                    rp,
                    "--input",
                    "nmea:/dev/null",
                    "--query",
                    "none",
                    "--udp",
                    "none",
                    "--publish",
                    "inproc://x",
                    "--state-dir",
                    "none",
                    NULL};
    char *out;
    int st = run(argv, &out);
    if (st != 64) ck_abort_msg("aisd started with dark_p = 7: status %d: %s", st, out);
    free(out);
    char *ok[] = {aisd_path, "--alerts-config", gp, "--check-config", NULL};
    st = run(ok, &out);
    if (st != 0) ck_abort_msg("a good alerts-config refused: status %d: %s", st, out);
    free(out);
    free(bp), free(rp), free(gp);
}
END_TEST

START_TEST(aisd_check_config_output_loads_again)
{
    /* What --check-config prints is a config file aisd accepts as it is
     * (empty settings are written as "none"). */
    write_file("in.nmea", "", 0);
    char *in = path_of("in.nmea"), *conf = path_of("written.conf"), input[700];
    snprintf(input, sizeof input, "nmea:%s", in);
    char *a1[] = {aisd_path, "--input", input, "--check-config", NULL};
    char *out;
    int st = run(a1, &out);
    if (st != 0) ck_abort_msg("status %d: %s", st, out);
    write_file("written.conf", out, strlen(out));
    free(out);
    char *a2[] = {aisd_path, "--config", conf, "--check-config", NULL};
    st = run(a2, &out);
    if (st != 0) ck_abort_msg("its own output refused: status %d: %s", st, out);
    free(out);
    free(in);
    free(conf);
}
END_TEST

START_TEST(aisd_values_the_file_cannot_carry_refused)
{
    /* A value --check-config could not write so that it reads back the same
     * (the file trims blanks, takes " #" as a comment, strips quotes) is
     * refused with exit 64, on the command line and in a file; found by
     * fuzz_conf: "publish =#..." was written as "publish = #..." and read
     * back as empty. */
    static const char *bad[] = {" lead", "trail ", "#hash", "a #b", "\"quoted\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *out;
        char *argv[] = {aisd_path, "--station", (char *)bad[i], "--check-config", NULL};
        int st = run(argv, &out);
        if (st != 64 || !strstr(out, "station"))
            ck_abort_msg("'%s': status %d: %s", bad[i], st, out);
        free(out);
    }
    const char *text = "station = x\npublish =#tcp://*:5556\n";
    write_file("hash.conf", text, strlen(text));
    char *conf = path_of("hash.conf"), *out;
    char *a1[] = {aisd_path, "--config", conf, "--check-config", NULL};
    int st = run(a1, &out);
    if (st != 64 || !strstr(out, "publish")) ck_abort_msg("file: status %d: %s", st, out);
    free(out);
    char *a2[] = {aisd_path, "--station", "ok#1", "--check-config", NULL};
    st = run(a2, &out);
    if (st != 0 || !strstr(out, "station = ok#1"))
        ck_abort_msg("a plain '#': status %d: %s", st, out);
    free(out);
    free(conf);
}
END_TEST

START_TEST(eval_wrong_files_refused)
{
    /* aisctl eval given files it cannot read as what they should be (the
     * two swapped, or junk) says so and exits 1: it used to score nothing and
     * print "targets ... met" with exit 0. */
    char *nmea = path_of("sc.nmea"), *truth = path_of("sc.truth"), *out;
    char *sc[] = {aisctl_path, "scenario", "caspian", "-d", "20m", "-o", nmea, "-t", truth, NULL};
    ck_assert_int_eq(run(sc, &out), 0);
    free(out);
    const char *alert = "{\"class\":\"ALERT\",\"type\":\"dark.start\",\"mmsi\":273298410,"
                        "\"time\":\"2026-11-22T06:10:00Z\"}\n";
    write_file("a.jsonl", alert, strlen(alert));
    write_file("junk.txt", "hello\nworld\n\n", 13);
    char *al = path_of("a.jsonl"), *junk = path_of("junk.txt");
    char *swapped[] = {aisctl_path, "eval", "--truth", al, truth, NULL};
    int st = run(swapped, &out);
    if (st != 1 || !strstr(out, "no truth line understood"))
        ck_abort_msg("eval with the files swapped: status %d: %s", st, out);
    free(out);
    char *junked[] = {aisctl_path, "eval", "--truth", junk, junk, NULL};
    st = run(junked, &out);
    if (st != 1 || !strstr(out, "no truth line understood"))
        ck_abort_msg("eval of junk: status %d: %s", st, out);
    free(out);
    char *right[] = {aisctl_path, "eval", "--truth", truth, al, NULL};
    st = run(right, &out);
    if (st != 0 || !strstr(out, "truth events, 1 alerts"))
        ck_abort_msg("eval of a scenario's truth: status %d: %s", st, out);
    free(out);
    free(nmea), free(truth), free(al), free(junk);
}
END_TEST

START_TEST(tools_read_error_not_end_of_input)
{
    /* A read error is not the end of a recording: a directory given as the
     * file was read as an empty input, exit 0, by aisctl rx and aisctl alerts. */
    char *out;
    char *rx[] = {aisctl_path, "rx", "--format", "cu8", dir, NULL};
    int st = run(rx, &out);
    if (st != 1 || !strstr(out, "read error"))
        ck_abort_msg("aisctl rx DIR: status %d: %s", st, out);
    free(out);
    char *al[] = {aisctl_path, "alerts", dir, NULL};
    st = run(al, &out);
    if (st != 1 || !strstr(out, "read error"))
        ck_abort_msg("aisctl alerts DIR: status %d: %s", st, out);
    free(out);
}
END_TEST

START_TEST(alerts_lines_not_used_reported)
{
    /* aisctl alerts needs event times (tag-block c:): plain NMEA used to
     * give no alerts, no word and exit 0; corrupt lines were dropped without
     * a count. */
    const char *plain = "!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0*7B\n"
                        "!AIVDM,1,1,,A,13F?Vv700;DJul5tvi88aDpb0<00,0*03\n";
    write_file("plain.nmea", plain, strlen(plain));
    char *pp = path_of("plain.nmea"), *out;
    char *argv[] = {aisctl_path, "alerts", pp, NULL};
    int st = run(argv, &out);
    if (st != 1 || !strstr(out, "no message had an event time") || !strstr(out, "2 without a time"))
        ck_abort_msg("aisctl alerts on plain NMEA: status %d: %s", st, out);
    free(out);
    const char *tagged = "\\c:1700000000*5F\\!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0*7B\n"
                         "!AIVDM,1,1,,A,13F?Vv700;DJul5tvi88aDpb0<00,0*04\n";
    write_file("tagged.nmea", tagged, strlen(tagged));
    char *tp = path_of("tagged.nmea");
    argv[2] = tp;
    st = run(argv, &out);
    if (st != 0 || !strstr(out, "1 messages through the rules; not used: 1 corrupt lines"))
        ck_abort_msg("aisctl alerts with a corrupt line: status %d: %s", st, out);
    free(out);
    free(pp), free(tp);
}
END_TEST

START_TEST(aisd_corrupt_database_set_aside)
{
    /* A state database that is not one (or is malformed) used to stop aisd at
     * start with status 1, at every restart: the station stayed down. It is
     * moved aside (named in the log) and aisd runs from an empty state. */
    char *st_dir = path_of("state"), *db = path_of("state/aisd.db"), *out;
    ck_assert_int_eq(mkdir(st_dir, 0755), 0);
    uint8_t junk[8192];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 131 + 7);
    write_file("state/aisd.db", junk, sizeof junk);
    const char *nmea = "!AIVDM,1,1,,A,13F?Vv700<DJuLEtvep`iToV0<00,0*7B\n";
    write_file("in.nmea", nmea, strlen(nmea));
    char *in = path_of("in.nmea"), input[700];
    snprintf(input, sizeof input, "nmea:%s", in);
    char *argv[] = {aisd_path, "--input",   input,        "--query",     "none", "--udp",
                    "none",    "--publish", "inproc://x", "--state-dir", st_dir, NULL};
    int st = run(argv, &out);
    if (st != 0 || !strstr(out, "moved aside as"))
        ck_abort_msg("aisd on a corrupt database: status %d: %s", st, out);
    free(out);
    size_t n = 0;
    char *fresh = test_read_file(db, &n);
    ck_assert_ptr_nonnull(fresh);
    ck_assert_msg(n >= 16 && !memcmp(fresh, "SQLite format 3", 15), "no new database");
    free(fresh);
    /* the corrupt one is kept for a look */
    DIR *d = opendir(st_dir);
    ck_assert_ptr_nonnull(d);
    int kept = 0;
    for (struct dirent *e; (e = readdir(d));)
        kept += !strncmp(e->d_name, "aisd.db.corrupt-", 16) && !strchr(e->d_name + 16, '-');
    closedir(d);
    ck_assert_int_eq(kept, 1);
    /* a sound database is left alone */
    st = run(argv, &out);
    if (st != 0 || strstr(out, "moved aside")) ck_abort_msg("second run: status %d: %s", st, out);
    free(out);
    free(st_dir), free(db), free(in);
}
END_TEST

/* (session 10) A read error in the middle of an IQ input (here stdin is a
 * directory: EISDIR) is not the end of a recording: aisd said "1 read
 * errors" as a warning and exited 0, as at the end of a file (aisctl rx exits
 * 1). Now an error and exit 1. */
START_TEST(aisd_iq_read_error_exit_1)
{
    char log[600];
    snprintf(log, sizeof log, "%s/readerr.log", dir);
    char *argv[] = {aisd_path, "--input",   "-",          "--query",     "none", "--udp",
                    "none",    "--publish", "inproc://x", "--state-dir", "none", NULL};
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(dir, O_RDONLY), out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int st = e2e_wait(pid, 30);
    char *out = test_read_file(log, NULL);
    if (st != 1 || !strstr(out, "read error"))
        ck_abort_msg("aisd --input - < DIR: status %d: %s", st, out ? out : "");
    free(out);
}
END_TEST

START_TEST(aisd_iq_file_odd_length)
{
    /* An IQ file that ends inside a sample: the whole samples are read and
     * the dropped tail is reported, not lost silently; an empty file is an
     * empty input (exit 0). */
    uint8_t junk[4099];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 37);
    write_file("odd.cs16", junk, sizeof junk);
    write_file("empty.cu8", junk, 0);
    static const char *files[][2] = {{"odd.cs16", "cs16"}, {"empty.cu8", "cu8"}};
    for (int i = 0; i < 2; i++) {
        char *p = path_of(files[i][0]), *st_dir = path_of("state"), *out;
        char *argv[] = {aisd_path,    "--input",     p,       "--format", (char *)files[i][1],
                        "--query",    "none",        "--udp", "none",     "--publish",
                        "inproc://x", "--state-dir", st_dir,  NULL};
        int st = run(argv, &out);
        if (st != 0) ck_abort_msg("%s: status %d: %s", files[i][0], st, out);
        if (i == 0 && !strstr(out, "ignored 3 trailing bytes"))
            ck_abort_msg("odd-length file: the 3-byte tail was not reported: %s", out);
        if (i == 1 && strstr(out, "trailing")) ck_abort_msg("empty file: %s", out);
        free(out);
        free(p);
        free(st_dir);
    }
}
END_TEST

START_TEST(aisd_wav_input_bad_rate)
{
    /* A WAV input whose header claims a rate outside what aisd can run at is
     * refused at start with a message about the rate: not run with queues
     * sized from it, nor silently read at a default rate. */
    static const uint32_t rates[] = {0, 1000000000u, 2800000000u};
    for (int i = 0; i < 3; i++) {
        uint8_t buf[4200];
        size_t n = make_wav(buf, 1, 2, rates[i], 16, 4000);
        write_file("in.wav", buf, n);
        char *p = path_of("in.wav"), *st_dir = path_of("state"), *out;
        char *argv[] = {aisd_path,    "--input",     p,       "--format", "wav",
                        "--query",    "none",        "--udp", "none",     "--publish",
                        "inproc://x", "--state-dir", st_dir,  NULL};
        int st = run(argv, &out);
        if (st == 0 || st >= 128 || !strstr(out, "sample rate"))
            ck_abort_msg("WAV at %u S/s: status %d: %s", rates[i], st, out);
        free(out);
        free(p);
        free(st_dir);
    }
}
END_TEST

START_TEST(aisd_iq_format_from_file_name)
{
    /* Without --format aisd read every file as cu8 (aisctl rx goes by the
     * extension): a .cs16 recording decoded to nothing, a truncated .wav ran
     * as 8 noise samples, exit 0. The extension now tells, as in aisctl rx;
     * a WAV header that does not read is a configuration error (exit 64, not
     * restarted; was exit 1 at start); a discriminator file (.num) is refused
     * (aisctl rx reads it). */
    char *cs16 = path_of("rec.cs16"), *out;
    char *sim[] = {aisctl_path, "sim", "-d", "3", "-n", "5", "-o", cs16, NULL};
    ck_assert_int_eq(run(sim, &out), 0);
    free(out);
    /* aisctl sim goes by the name too (it wrote cu8 into rec.cs16) */
    struct stat sb;
    ck_assert_int_eq(stat(cs16, &sb), 0);
    ck_assert_int_eq(sb.st_size, 3 * 288000 * 4);
    char *xwav = path_of("sim.wav");
    char *wavsim[] = {aisctl_path, "sim", "-d", "1", "-o", xwav, NULL};
    ck_assert_int_eq(run(wavsim, &out), 64);
    free(out), free(xwav);
    /* aisctl rx on two files (a shell glob) read only the last, exit 0 */
    char *two[] = {aisctl_path, "rx", cs16, cs16, NULL};
    int st = run(two, &out);
    if (st != 64 || !strstr(out, "one FILE"))
        ck_abort_msg("aisctl rx on two files: %d: %s", st, out);
    free(out);
    char *argv[] = {aisd_path, "--input",   cs16,         "--query",     "none", "--udp",
                    "none",    "--publish", "inproc://x", "--state-dir", "none", NULL};
    st = run(argv, &out);
    const char *frames = strstr(out, " samples, ");
    if (st != 0 || !frames || atol(frames + 10) < 3)
        ck_abort_msg("cs16 file without --format: status %d: %s", st, out);
    free(out);
    uint8_t buf[64];
    size_t n = make_wav(buf, 1, 2, 288000, 16, 0);
    write_file("cut.wav", buf, 20);
    char *wav = path_of("cut.wav");
    argv[2] = wav;
    st = run(argv, &out);
    if (st != 64 || !strstr(out, "WAV"))
        ck_abort_msg("truncated .wav (%zu of %zu bytes): status %d: %s", (size_t)20, n, st, out);
    free(out);
    write_file("audio.num", "0\n1\n", 4);
    char *num = path_of("audio.num");
    argv[2] = num;
    st = run(argv, &out);
    if (st != 64 || !strstr(out, "discriminator"))
        ck_abort_msg("a .num file: status %d: %s", st, out);
    free(out);
    free(cs16), free(wav), free(num);
}
END_TEST

START_TEST(client_key_without_server_key_refused)
{
    /* aisctl sub/status --key without --server-key connected without CURVE
     * and ignored the key (even a missing file) in silence. */
    char *key = path_of("nonexistent.key"), *out;
    char *sub[] = {aisctl_path, "sub", "--key", key, "--timeout", "0.2", NULL};
    int st = run(sub, &out);
    if (st != 64 || !strstr(out, "--server-key"))
        ck_abort_msg("aisctl sub --key alone: status %d: %s", st, out);
    free(out);
    char *status[] = {aisctl_path, "status", "--key", key, "--timeout", "0.2", NULL};
    st = run(status, &out);
    if (st != 64 || !strstr(out, "--server-key"))
        ck_abort_msg("aisctl status --key alone: status %d: %s", st, out);
    free(out);
    free(key);
}
END_TEST

START_TEST(bad_option_values_name_the_option)
{
    /* aisctl scenario said "bad value for '0': 0", aisctl sweep "bad value
     * for an option": which one, among a dozen, was left to guess. */
    char *sc[] = {aisctl_path, "scenario", "-d", "0", NULL}, *out;
    int st = run(sc, &out);
    if (st != 64 || !strstr(out, "bad value for -d: '0'"))
        ck_abort_msg("aisctl scenario -d 0: status %d: %s", st, out);
    free(out);
    char *sw[] = {aisctl_path, "sweep", "--sim", "--bursts", "0", NULL};
    st = run(sw, &out);
    if (st != 64 || !strstr(out, "bad value for --bursts: '0'"))
        ck_abort_msg("aisctl sweep --bursts 0: status %d: %s", st, out);
    free(out);
    char *missing = path_of("missing.nmea");
    char *al[] = {aisctl_path, "alerts", missing, NULL};
    st = run(al, &out);
    if (st != 1 || !strstr(out, "No such file"))
        ck_abort_msg("aisctl alerts MISSING: status %d: %s", st, out);
    free(out);
    free(missing);
}
END_TEST

START_TEST(keygen_keeps_existing_keys)
{
    /* `aisctl keygen BASE` over an existing pair replaced the daemon's key in
     * silence (locking out every subscriber), and into a BASE.key of mode
     * 0644 (open() keeps an existing file's mode): a world-readable secret.
     * Now it refuses; --force replaces both, the .key created 0600. */
    char *base = path_of("srv"), *key = path_of("srv.key"), *out;
    write_file("srv.key", "old\n", 4);
    chmod(key, 0644);
    char *argv[] = {aisctl_path, "keygen", base, NULL};
    int st = run(argv, &out);
    if (st != 1 || !strstr(out, "exists")) ck_abort_msg("status %d: %s", st, out);
    free(out);
    char *text = test_read_file(key, NULL);
    ck_assert_str_eq(text, "old\n");
    free(text);
    char *force[] = {aisctl_path, "keygen", "--force", base, NULL};
    st = run(force, &out);
    if (st != 0) ck_abort_msg("--force: status %d: %s", st, out);
    free(out);
    struct stat sb;
    ck_assert_int_eq(stat(key, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0600);
    text = test_read_file(key, NULL);
    ck_assert_ptr_nonnull(strstr(text, "secret-key = "));
    free(text);
    free(base), free(key);
}
END_TEST

START_TEST(systemd_unit_config_errors_not_restarted)
{
    /* RestartPreventExitStatus=64 keeps systemd from restarting a broken
     * configuration, but only for the main process (systemd issue 11868): a
     * failing ExecStartPre (the unit used to run aisd --check-config there) is
     * restarted every RestartSec for ever. The check is aisd's own, at start. */
    size_t n = 0;
    char *unit = test_read_file("systemd/aisd.service", &n);
    ck_assert_ptr_nonnull(unit);
    ck_assert_ptr_nonnull(strstr(unit, "\nRestartPreventExitStatus=64\n"));
    ck_assert_ptr_nonnull(strstr(unit, "\nExecStart=/usr/local/bin/aisd "));
    for (const char *l = unit; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, "ExecStartPre=", 13) && l[13] != '-')
            ck_abort_msg("a failing ExecStartPre is restarted whatever its status: %.60s", l);
    free(unit);
}
END_TEST

START_TEST(zones_refused_with_a_reason)
{
    /* Every zones document that does not load says why (found by fuzz_zone:
     * an empty Polygon and a MultiPolygon member that is not a list). */
    static const char *docs[] = {
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[1,2]}}",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[]]}}",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,2]]]}}",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"}]}",
        "[1, 2",
        "",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char err[256] = "";
        struct zones *zs = zone_parse(docs[i], strlen(docs[i]), err, sizeof err);
        ck_assert_ptr_null(zs);
        if (!err[0]) ck_abort_msg("no reason given for: %s", docs[i]);
    }
}
END_TEST

START_TEST(engine_tiny_tick_does_not_hang)
{
    /* A tick_s below the event clock's resolution used to spin for ever on
     * the first gap (next_tick += tick_s left next_tick unchanged). Either
     * the engine refuses the value or it must get through an hour's gap
     * within this test's timeout. */
    static const double ticks[] = {1e-7, 1e-3, 0};
    for (int i = 0; i < 3; i++) {
        struct engine_config cfg = engine_config_default();
        cfg.tick_s = ticks[i];
        struct engine *e = engine_create(&cfg, NULL);
        if (!e) continue;
        struct ais_msg m;
        memset(&m, 0, sizeof m);
        m.type = 1;
        m.mmsi = 273123450;
        m.type1.lat = (int)(45.1 * 600000);
        m.type1.lon = (int)(50.3 * 600000);
        m.type1.speed = 100;
        m.type1.course = 900;
        m.type1.heading = 90;
        engine_push(e, &m, 1.7e9, 'A', -40, NULL);
        engine_push(e, &m, 1.7e9 + 3600, 'A', -40, NULL);
        engine_tick(e, 1.7e9 + 7200);
        engine_destroy(e);
    }
}
END_TEST

START_TEST(engine_tick_impossible_times)
{
    /* engine_tick with a time no clock gives (NaN, infinite, negative, far
     * future) is counted and ignored like engine_push's: 1e300 used to spin
     * for ever (next_tick += tick_s no longer changed next_tick) and would
     * have moved the clock past every later message. */
    struct engine *e = engine_create(NULL, NULL);
    ck_assert_ptr_nonnull(e);
    struct ais_msg m;
    memset(&m, 0, sizeof m);
    m.type = 1;
    m.mmsi = 273123450;
    m.type1.lat = (int)(45.1 * 600000);
    m.type1.lon = (int)(50.3 * 600000);
    m.type1.speed = 100;
    m.type1.course = 900;
    m.type1.heading = 90;
    ck_assert_int_eq(engine_push(e, &m, 1.7e9, 'A', -40, NULL), 0);
    static const double odd[] = {1e300, -1, -1e300, 4e10, INFINITY, NAN};
    for (int i = 0; i < 6; i++)
        engine_tick(e, odd[i]);
    ck_assert(engine_now(e) == 1.7e9);
    ck_assert_uint_ge(engine_counter(e, "bad_time"), 6);
    m.type1.lat += 600;
    ck_assert_int_eq(engine_push(e, &m, 1.7e9 + 60, 'A', -40, NULL), 0);
    engine_destroy(e);
}
END_TEST

static void count_disc_frame(void *ctx, const struct disc_mlse_result *r)
{
    (void)r;
    (*(int *)ctx)++;
}

/* GMSK (BT 0.4) frequency pulse, t in bits from the bit's centre. */
static double freq_pulse(double t)
{
    double s = 2 * M_PI * 0.4 / sqrt(log(2.0));
    return 0.5 * erfc(s * (t - 0.5) / sqrt(2.0)) - 0.5 * erfc(s * (t + 0.5) / sqrt(2.0));
}

static void count_rx_frame(void *ctx, const struct rx_frame *f)
{
    (void)f;
    (*(int *)ctx)++;
}

START_TEST(disc_hits_beyond_the_pending_table_counted)
{
    /* Discriminator audio that is nothing but AIS training sequences and
     * start flags, one every 24 bits: a preamble hit every 120 samples, far
     * more than the 32 hits the decoder can hold while each waits for a whole
     * burst of samples. Every hit is decoded, skipped or counted as dropped;
     * none is lost without a count (they were, before the counter). */
    enum { BLOCK = 24, BLOCKS = 200, SPS = 5 };
    static const uint8_t flag[8] = {0, 1, 1, 1, 1, 1, 1, 0};
    int8_t *lev = malloc(BLOCKS * BLOCK);
    int level = 1;
    for (int i = 0; i < BLOCKS * BLOCK; i++) {
        int k = i % BLOCK;
        uint8_t bit = k < 16 ? (uint8_t)(k & 1) : flag[k - 16];
        if (!bit) level = -level; /* NRZI */
        lev[i] = (int8_t)level;
    }
    size_t n = (size_t)BLOCKS * BLOCK * SPS;
    float *x = calloc(n, sizeof *x);
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        long b0 = (long)(i / SPS);
        for (long b = b0 - 3; b <= b0 + 3; b++)
            if (b >= 0 && b < BLOCKS * BLOCK)
                v += lev[b] * freq_pulse(((double)i - (SPS / 2 + SPS * (double)b)) / SPS);
        x[i] = (float)(0.3 * v);
    }
    struct disc_mlse_config mc;
    disc_mlse_config_default(&mc);
    struct disc_mlse *m = disc_mlse_create(&mc);
    ck_assert_ptr_nonnull(m);
    int frames = 0;
    disc_mlse_execute(m, x, n, count_disc_frame, &frames);
    disc_mlse_flush(m, count_disc_frame, &frames);
    const struct disc_mlse_stats *st = disc_mlse_stats(m);
    ck_assert_uint_gt(st->dropped, 0);
    /* one hit per block (the first few may fall short of the template) */
    ck_assert_uint_ge(st->hits + st->skipped + st->dropped, BLOCKS - 2);
    ck_assert_uint_le(st->hits + st->skipped + st->dropped, BLOCKS);
    disc_mlse_destroy(m);
    /* and through the discriminator path's receiver statistics */
    struct disc_demod_config dc;
    disc_demod_config_default(&dc);
    dc.on_frame = count_rx_frame;
    dc.ctx = &frames;
    struct disc_demod *d = disc_demod_create(&dc);
    ck_assert_ptr_nonnull(d);
    disc_demod_execute(d, x, n);
    disc_demod_flush(d);
    struct receiver_stats rs;
    disc_demod_get_stats(d, &rs);
    ck_assert_uint_gt(rs.hits_dropped, 0);
    disc_demod_destroy(d);
    free(x);
    free(lev);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("robustness");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, rx_wav_bad_headers);
    tcase_add_test(tc, rx_wav_good_header_empty_data);
    tcase_add_test(tc, rx_raw_files);
    tcase_add_test(tc, rx_bad_option_values_refused);
    tcase_add_test(tc, ctl_bad_options_named);
    tcase_add_test(tc, scenario_realtime_stops_when_its_reader_goes);
    tcase_add_test(tc, rx_disc_text_bad_lines_reported);
    tcase_add_test(tc, aisd_bad_values_exit_64);
    tcase_add_test(tc, aisd_impossible_device_exit_64);
    tcase_add_test(tc, aisd_option_without_value_exit_64);
    tcase_add_test(tc, aisd_bad_config_file_exit_64);
    tcase_add_test(tc, aisd_show_dsp_refused_flavour);
    tcase_add_test(tc, aisd_unusable_dirs_exit_64);
    tcase_add_test(tc, aisd_whole_numbers_take_suffixes);
    tcase_add_test(tc, aisd_bad_files_and_endpoints_exit_64);
    tcase_add_test(tc, aisd_listeners_on_one_port_exit_64);
    tcase_add_test(tc, aisd_bad_alert_settings_exit_64);
    tcase_add_test(tc, aisd_check_config_output_loads_again);
    tcase_add_test(tc, aisd_values_the_file_cannot_carry_refused);
    tcase_add_test(tc, aisd_iq_file_odd_length);
    tcase_add_test(tc, aisd_iq_read_error_exit_1);
    tcase_add_test(tc, eval_wrong_files_refused);
    tcase_add_test(tc, alerts_lines_not_used_reported);
    tcase_add_test(tc, tools_read_error_not_end_of_input);
    tcase_add_test(tc, aisd_corrupt_database_set_aside);
    tcase_add_test(tc, aisd_wav_input_bad_rate);
    tcase_add_test(tc, aisd_iq_format_from_file_name);
    tcase_add_test(tc, keygen_keeps_existing_keys);
    tcase_add_test(tc, bad_option_values_name_the_option);
    tcase_add_test(tc, client_key_without_server_key_refused);
    suite_add_tcase(s, tc);
    TCase *units = tcase_create("units");
    tcase_add_test(units, zones_refused_with_a_reason);
    tcase_add_test(units, systemd_unit_config_errors_not_restarted);
    tcase_set_timeout(units, 20);
    tcase_add_test(units, engine_tiny_tick_does_not_hang);
    tcase_add_test(units, engine_tick_impossible_times);
    tcase_add_test(units, disc_hits_beyond_the_pending_table_counted);
    suite_add_tcase(s, units);
    int failed = test_run_suite(s);
    return failed ? EXIT_FAILURE : 0;
}
