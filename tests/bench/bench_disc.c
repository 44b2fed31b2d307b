/* bench_disc.c: the discriminator path (dsp/disc_demod + dsp/disc_mlse) on
 * simulated discriminator audio (tests/lib/disc_sim): fraction of bursts
 * decoded per kind of tap and Eb/N0, what a minute of noise costs (preamble
 * hits, CRC checks, frames) and the CPU time per second of audio. */
#include "dsp/disc_demod.h"
#include "dsp/disc_mlse.h"
#include "tests/lib/disc_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NB 40

struct tally {
    const struct ais_frame *sent;
    int seen[NB];
    int other;
};

static void on_frame(void *ctx, const struct rx_frame *f)
{
    struct tally *t = ctx;
    for (int b = 0; b < NB; b++)
        if (f->frame.nbytes == t->sent[b].nbytes &&
            !memcmp(f->frame.bytes, t->sent[b].bytes, f->frame.nbytes)) {
            t->seen[b] = 1;
            return;
        }
    t->other++;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs disc_demod over x; returns CPU seconds. */
static double run_demod(const float *x, size_t n, struct tally *t)
{
    struct disc_demod_config dc;
    disc_demod_config_default(&dc);
    dc.on_frame = on_frame;
    dc.ctx = t;
    struct disc_demod *d = disc_demod_create(&dc);
    if (!d) return -1;
    double t0 = cpu_s();
    for (size_t i = 0; i < n; i += 4096)
        disc_demod_execute(d, x + i, n - i < 4096 ? n - i : 4096);
    disc_demod_flush(d);
    double t1 = cpu_s();
    disc_demod_destroy(d);
    return t1 - t0;
}

static void count(void *ctx, const struct disc_mlse_result *r)
{
    (void)r;
    (*(int *)ctx)++;
}

int main(void)
{
    static const double levels[] = {8, 10, 12, 14};
    printf("discriminator audio, %d bursts per cell (1 in 4 type 5), decoded %%:\n", NB);
    printf("%-30s", "tap \\ Eb/N0 dB");
    for (size_t l = 0; l < sizeof levels / sizeof *levels; l++)
        printf(" %6.0f", levels[l]);
    printf("\n");
    double cpu = 0, audio = 0;
    int other = 0;
    for (int tap = 0; tap < DISC_NTAPS; tap++) {
        printf("%-30s", disc_tap_name((enum disc_tap)tap));
        for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
            struct ais_frame fr[NB];
            size_t n;
            float *x = disc_sim_audio((enum disc_tap)tap, levels[l], NB, 0,
                                      1000 + 10 * (uint64_t)tap + l, fr, &n);
            if (!x) return 1;
            struct tally t = {.sent = fr};
            cpu += run_demod(x, n, &t);
            audio += (double)n / 48000;
            int ok = 0;
            for (int b = 0; b < NB; b++)
                ok += t.seen[b];
            other += t.other;
            printf(" %6.1f", 100.0 * ok / NB);
            free(x);
        }
        printf("\n");
    }
    printf("frames not sent: %d\n", other);
    printf("disc_demod CPU: %.3f s for %.1f s of audio (%.0fx real time)\n", cpu, audio,
           audio / cpu);
    for (int tap = 0; tap <= DISC_TAP_DEEMPH_75US; tap++) {
        size_t n;
        float *x = disc_sim_audio((enum disc_tap)tap, 10, 480, 1, 7, NULL, &n);
        if (!x) return 1;
        struct disc_mlse_config mc;
        disc_mlse_config_default(&mc);
        struct disc_mlse *m = disc_mlse_create(&mc);
        int frames = 0;
        double t0 = cpu_s();
        disc_mlse_execute(m, x, n, count, &frames);
        disc_mlse_flush(m, count, &frames);
        double t1 = cpu_s();
        const struct disc_mlse_stats *s = disc_mlse_stats(m);
        printf("noise, %s, %.0f s: disc_mlse %lu hits, %lu CRC checks, %d frames, %.0fx real "
               "time\n",
               disc_tap_name((enum disc_tap)tap), (double)n / 48000, (unsigned long)s->hits,
               (unsigned long)s->checked, frames, (double)n / 48000 / (t1 - t0));
        disc_mlse_destroy(m);
        free(x);
    }
    return 0;
}
