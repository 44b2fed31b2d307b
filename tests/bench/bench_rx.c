/* bench_rx.c: receiver speed, single thread, cu8 input: real-time factor and
 * instructions per input sample (perf_event_open when the kernel allows) at
 * 288 kS/s and 2.4 MS/s, on simulated traffic (dsp/iq_sim: bursts at 6..30 dB
 * in noise), tuner acquisition on, as `aisctl rx` runs it. Also peak RSS.
 * `bench_rx RATE SECONDS` runs one rate; the timed region is receiver_execute
 * and receiver_flush, so callgrind can count it alone:
 *   valgrind --tool=callgrind --toggle-collect=receiver_execute
 *            --toggle-collect=receiver_flush build/bench/bench_rx 288000 20 */
#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/iq_sim.h"
#include "dsp/receiver.h"

#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int perf_open(void)
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

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void on_frame(void *ctx, const struct rx_frame *f)
{
    (void)f;
    (*(unsigned long *)ctx)++;
}

static int bench(double rate, double seconds)
{
    struct iq_sim_config sc = iq_sim_config_default();
    sc.sample_rate = rate;
    sc.seed = 42;
    struct iq_sim *s = iq_sim_create(&sc);
    struct rng r;
    rng_seed(&r, 7);
    size_t n = (size_t)(rate * seconds);
    uint8_t *buf = malloc(2 * n);
    static uint8_t lev[400][600];
    int nb = (int)(seconds * 20); /* 20 bursts per second */
    if (nb > 400) nb = 400;
    for (int i = 0; i < nb; i++) {
        struct ais_frame f;
        f.nbytes = 21;
        for (int k = 0; k < 21; k++)
            f.bytes[k] = (uint8_t)rng_below(&r, 256);
        f.bytes[0] = (uint8_t)(1 << 2 | (f.bytes[0] & 3));
        int nl = iq_sim_levels(&f, 0, lev[i], sizeof lev[i]);
        double ebn0 = rng_range(&r, 6, 30); /* in this order: see decode/rng.h */
        double tx_offset = rng_range(&r, -300, 300);
        double phase = rng_range(&r, 0, 6.28);
        struct iq_sim_burst b = {lev[i],
                                 (size_t)nl,
                                 rate * (0.05 + i * 0.05),
                                 iq_sim_amplitude(s, ebn0),
                                 (i & 1 ? 25000 : -25000) + tx_offset,
                                 phase};
        iq_sim_add(s, &b);
    }
    iq_sim_render(s, n, buf);
    iq_sim_destroy(s);
    unsigned long frames = 0;
    struct receiver_config rc;
    receiver_config_default(&rc);
    rc.rate = rate;
    rc.on_frame = on_frame;
    rc.ctx = &frames;
    struct receiver *rx = receiver_create(&rc);
    if (!rx) return 1;
    int fd = perf_open();
    if (fd >= 0) {
        ioctl(fd, PERF_EVENT_IOC_RESET, 0);
        ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
    }
    double t0 = cpu_s();
    const size_t blk = 65536;
    for (size_t i = 0; i < n; i += blk)
        receiver_execute(rx, KERN_CU8, buf + 2 * i, n - i < blk ? n - i : blk);
    receiver_flush(rx);
    double t = cpu_s() - t0;
    long long ins = -1;
    if (fd >= 0) {
        ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
        if (read(fd, &ins, sizeof ins) != sizeof ins) ins = -1;
        close(fd);
    }
    struct receiver_stats st;
    receiver_get_stats(rx, &st);
    receiver_destroy(rx);
    printf("rx %.3f MS/s cu8: %.0f s of input in %.3f s CPU = %.0fx real time; %lu/%d frames; ",
           rate / 1e6, seconds, t, seconds / t, frames, nb);
    printf("(hits %llu, no sync %llu, no frame %llu, crc fail %llu) ", (unsigned long long)st.hits,
           (unsigned long long)st.nosync, (unsigned long long)st.noframe,
           (unsigned long long)st.crc_fail);
    if (ins > 0)
        printf("%.1f instructions per input sample\n", (double)ins / (double)n);
    else
        printf("instruction count unavailable (perf_event_paranoid)\n");
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    dispatch_init();
    int rc;
    if (argc == 3) {
        double rate = atof(argv[1]), sec = atof(argv[2]);
        if (!(rate >= 240e3 && rate <= 3.2e6) || !(sec > 0 && sec <= 20)) {
            fprintf(stderr, "usage: bench_rx [RATE 240000..3200000 SECONDS 0..20]\n");
            return 64;
        }
        rc = bench(rate, sec);
    } else
        rc = bench(288000, 20) || bench(2400000, 10);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS of this process (input buffers included): %.1f MB\n", ru.ru_maxrss / 1024.0);
    return rc;
}
