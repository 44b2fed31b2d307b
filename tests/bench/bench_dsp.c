/* bench_dsp.c: speed of the DSP core: the channelizer per input sample at
 * 288 kS/s and 2.4 MS/s (and the other native rates with --all) for every
 * flavour this CPU supports, and the hot kernels per element. Verifies each
 * flavour against the generic one before timing it. Reports ns per input
 * sample, the real-time factor, and instructions per sample when the kernel
 * lets us count them (perf_event_open, user space only).
 *
 *   build/bench/bench_dsp                 all flavours, 288k and 2.4M, kernels
 *   build/bench/bench_dsp --only avx2 2400000 [--seconds S] [--decim1 N]
 *       one flavour and rate; for a deterministic instruction count:
 *   valgrind --tool=callgrind --instr-atstart=no build/bench/bench_dsp --only avx2 2400000
 *       (the timed region alone is instrumented; divide "Collected" by the
 *       samples printed) */
#include "dsp/aligned.h"
#include "dsp/channelizer.h"
#include "dsp/dispatch.h"
#include "dsp/kernels.h"

#include <complex.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#define BLOCK 16384 /* input samples per channelizer call (a USB block is 16 K) */

static unsigned force_decim1; /* --decim1: try another plan */

/* CPU time of this thread: on a shared machine the time we were scheduled
 * out does not count (the best of several repetitions is reported too). */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* User-space instruction counter; -1 when unavailable (containers, VMs). */
static int counter_open(void)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_HARDWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_HW_INSTRUCTIONS;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

static uint64_t counter_read(int fd)
{
    uint64_t v = 0;
    if (fd < 0 || read(fd, &v, sizeof v) != (ssize_t)sizeof v) return 0;
    return v;
}

static uint32_t rng = 1;
static uint8_t rnd8(void)
{
    rng = rng * 1664525u + 1013904223u;
    return (uint8_t)(rng >> 24);
}

/* Channelizer on cu8 noise: ns and instructions per input sample. */
static int bench_channelizer(const char *flavour, double rate, double seconds, int quiet,
                             double *ns_out, double *ins_out)
{
    if (dispatch_force(flavour) != 0) return -1;
    struct channelizer_config cfg = channelizer_config_default();
    cfg.rate = rate;
    cfg.max_block = BLOCK;
    cfg.decim1 = force_decim1;
    struct channelizer *c = channelizer_create(&cfg);
    if (!c) return -1;
    /* 1 s of input recycled: big enough to defeat the cache like a real
     * stream (2.4 MS/s cu8 is 4.8 MB). */
    size_t n = (size_t)rate;
    uint8_t *in = aligned_calloc(2 * n, 1);
    for (size_t k = 0; k < 2 * n; k++)
        in[k] = (uint8_t)(127 + (rnd8() >> 3) - 16);
    size_t cap = channelizer_max_out(c, BLOCK);
    float complex *a = aligned_calloc(cap, sizeof *a), *b = aligned_calloc(cap, sizeof *b);
    size_t no;
    for (size_t k = 0; k + BLOCK <= n / 4; k += BLOCK) /* warm up */
        channelizer_execute(c, KERN_CU8, in + 2 * k, BLOCK, a, b, &no);
    enum { REPS = 5 };
    size_t per = (size_t)(seconds * rate / REPS) / BLOCK * BLOCK, done = 0, pos = 0;
    if (per == 0) per = BLOCK;
    int fd = counter_open();
    if (fd >= 0) {
        ioctl(fd, PERF_EVENT_IOC_RESET, 0);
        ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
    }
    double best = INFINITY;
    CALLGRIND_START_INSTRUMENTATION;
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now();
        for (size_t k = 0; k < per; k += BLOCK) {
            if (pos + BLOCK > n) pos = 0;
            channelizer_execute(c, KERN_CU8, in + 2 * pos, BLOCK, a, b, &no);
            pos += BLOCK;
        }
        double t = now() - t0;
        if (t < best) best = t;
        done += per;
    }
    CALLGRIND_STOP_INSTRUMENTATION;
    uint64_t ins = counter_read(fd);
    if (fd >= 0) close(fd);
    double ns = best * 1e9 / (double)per;
    *ns_out = ns;
    *ins_out = ins ? (double)ins / (double)done : NAN;
    if (!quiet) {
        char d[200], in_s[32] = "n/a";
        channelizer_describe(c, d, sizeof d);
        if (ins) snprintf(in_s, sizeof in_s, "%.1f", *ins_out);
        printf("  %-8s %8.0f S/s %6.2f ns/sample %6.0fx real time %6s instr/sample  (%s)\n",
               flavour, rate, ns, 1e9 / (ns * rate), in_s, d);
    }
    aligned_free(in);
    aligned_free(a);
    aligned_free(b);
    channelizer_destroy(c);
    return (int)(done > 0 ? 0 : -1);
}

/* The flavour must agree with the generic one before its time means
 * anything. */
static int verify(const char *flavour)
{
    const struct kern_table *g = dispatch_table("generic"), *t = dispatch_table(flavour);
    float complex x[300], y0[300], y1[300];
    for (int k = 0; k < 300; k++)
        x[k] = CMPLXF((float)rnd8() / 128 - 1, (float)rnd8() / 128 - 1);
    float taps[61], dt[122];
    for (int j = 0; j < 61; j++)
        taps[j] = (float)rnd8() / 256;
    kern_taps_prepare(taps, 61, dt);
    g->firdecim_crcf(dt, 61, x, 40, 6, y0);
    t->firdecim_crcf(dt, 61, x, 40, 6, y1);
    for (int k = 0; k < 40; k++)
        if (cabsf(y0[k] - y1[k]) > 1e-4f * (1 + cabsf(y0[k]))) return -1;
    float complex p0 = 1, p1 = 1;
    g->rotate_cccf(x, 300, &p0, cexpf(I * 0.3f), y0);
    t->rotate_cccf(x, 300, &p1, cexpf(I * 0.3f), y1);
    for (int k = 0; k < 300; k++)
        if (cabsf(y0[k] - y1[k]) > 1e-4f) return -1;
    uint8_t u[600];
    for (int k = 0; k < 600; k++)
        u[k] = rnd8();
    g->conv_cu8_cf(u, 300, 0, y0);
    t->conv_cu8_cf(u, 300, 0, y1);
    return memcmp(y0, y1, sizeof y0) == 0 ? 0 : -1;
}

/* Kernels per element, for the demodulator's budget. */
static void bench_kernels(const char *flavour)
{
    const struct kern_table *t = dispatch_table(flavour);
    enum { N = 4096, REP = 400 };
    float complex *x = aligned_calloc(N + 256, sizeof *x), *y = aligned_calloc(N, sizeof *y);
    float *f = aligned_calloc(N, sizeof *f);
    uint8_t *u = aligned_calloc(2 * N, 1);
    for (int k = 0; k < N + 256; k++)
        x[k] = CMPLXF((float)rnd8() / 128 - 1, (float)rnd8() / 128 - 1);
    float taps[64], dt[128];
    for (int j = 0; j < 64; j++)
        taps[j] = 1.0f / 64;
    kern_taps_prepare(taps, 64, dt);
    volatile float sink = 0;
    double t0, ns[7];
    float complex p = 1;
    t0 = now();
    for (int r = 0; r < REP; r++)
        t->conv_cu8_cf(u, N, 0, y);
    ns[0] = (now() - t0) * 1e9 / (REP * (double)N);
    t0 = now();
    for (int r = 0; r < REP; r++)
        t->rotate_cccf(x, N, &p, cexpf(I * 0.01f), y);
    ns[1] = (now() - t0) * 1e9 / (REP * (double)N);
    t0 = now();
    for (int r = 0; r < REP / 8; r++)
        t->firdecim_crcf(dt, 64, x, N / 4, 4, y);
    ns[2] = (now() - t0) * 1e9 / (REP / 8 * (double)(N / 4)); /* per output */
    t0 = now();
    for (int r = 0; r < REP / 8; r++)
        t->corr_cccf(x, N / 4, x + 1, 20, y);
    ns[3] = (now() - t0) * 1e9 / (REP / 8 * (double)(N / 4)); /* per output */
    t0 = now();
    for (int r = 0; r < REP; r++)
        t->freqdisc_cf(x, N, &p, f);
    ns[4] = (now() - t0) * 1e9 / (REP * (double)N);
    t0 = now();
    for (int r = 0; r < REP; r++)
        t->mag2_cf(x, N, f);
    ns[5] = (now() - t0) * 1e9 / (REP * (double)N);
    t0 = now();
    for (int r = 0; r < REP; r++)
        sink += crealf(t->dotc_cccf(x, x + 3, N));
    ns[6] = (now() - t0) * 1e9 / (REP * (double)N);
    printf("  %-8s %6.2f  %6.2f  %7.2f  %7.2f  %6.2f  %6.2f  %6.3f\n", flavour, ns[0], ns[1], ns[2],
           ns[3], ns[4], ns[5], ns[6]);
    (void)sink;
    aligned_free(x);
    aligned_free(y);
    aligned_free(f);
    aligned_free(u);
}

int main(int argc, char **argv)
{
    double seconds = 1.0;
    const char *only = NULL;
    double only_rate = 0;
    int all = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--only") && i + 2 < argc) {
            only = argv[++i];
            only_rate = atof(argv[++i]);
        } else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (!strcmp(argv[i], "--decim1") && i + 1 < argc) {
            force_decim1 = (unsigned)atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--all")) {
            all = 1;
        } else {
            fprintf(stderr,
                    "usage: bench_dsp [--only FLAVOUR RATE] [--seconds S] [--decim1 N] [--all]\n");
            return 2;
        }
    }
    dispatch_init();
    char desc[2048];
    dispatch_describe(desc, sizeof desc);
    const char *names[8];
    size_t nf = dispatch_flavours(names, 8);
    if (only) {
        double ns, ins;
        if (verify(only) != 0 || bench_channelizer(only, only_rate, seconds, 0, &ns, &ins) != 0) {
            fprintf(stderr, "bench_dsp: flavour %s at %.0f S/s failed\n", only, only_rate);
            return 1;
        }
        printf("samples %.0f\n", 5 * fmax(1, floor(seconds * only_rate / 5 / BLOCK)) * BLOCK);
        return 0;
    }
    printf("DSP core benchmark (one thread; cu8 input; %d-sample blocks; %.1f s of signal "
           "per run)\n%s",
           BLOCK, seconds, desc);
    static const double rates_main[] = {288000, 2400000};
    static const double rates_all[] = {288000, 1536000, 1920000, 2304000, 2400000, 1000000};
    const double *rates = all ? rates_all : rates_main;
    size_t nr = all ? 6 : 2;
    printf("channelizer (conversion + DC blocker + both channels to 48 kS/s):\n");
    for (size_t f = 0; f < nf; f++) {
        if (verify(names[f]) != 0) {
            printf("  %-8s FAILED verification against generic: not timed\n", names[f]);
            continue;
        }
        for (size_t r = 0; r < nr; r++) {
            double ns, ins;
            bench_channelizer(names[f], rates[r], seconds, 0, &ns, &ins);
        }
    }
    printf("kernels, ns per element (conv_cu8, rotate per sample; firdecim 64 taps and corr 20 "
           "taps per output; freqdisc, mag2, dotc per sample):\n");
    printf("  %-8s %6s  %6s  %7s  %7s  %6s  %6s  %6s\n", "flavour", "conv", "rotate", "fir64",
           "corr20", "disc", "mag2", "dotc");
    for (size_t f = 0; f < nf; f++)
        bench_kernels(names[f]);
    dispatch_force("auto");
    return 0;
}
