/* input_iqfile.c: the IQ file (or stdin) input thread: reads samples through
 * dsp/iq_source.h (raw cu8/cs8/cs16/cf32, WAV IQ in 8/16-bit or float) into the
 * block queue, waiting for free blocks (a file never drops), as fast as the DSP
 * goes or paced at the sample rate (--realtime: a block is released when its
 * last sample is due). Block times run from the start time at the nominal rate.
 * The source was opened by pipeline_create() (so a bad file is a configuration
 * error); from here on this thread is its only user. NaN or infinite float
 * samples come out of the reader as 0 (counted: nonfinite in the status). */
#include "daemon/pipeline.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/iq_source.h"

#include <stdlib.h>
#include <time.h>

void input_iqfile_run(struct pipeline *p)
{
    struct iq_source *src = p->iqsrc;
    size_t bps = p->bytes_per_sample;
    size_t max = blockq_block_bytes(p->bq) / bps;
    uint8_t *buf = malloc(max * bps);
    if (!buf) return;
    double rate = p->conf.rate;
    double t0 = p->conf.start_time_s > 0 ? p->conf.start_time_s : pipeline_wall_time();
    int64_t m0 = pipeline_mono_ns();
    uint64_t sample = 0;
    atomic_store(&p->input_up, 1);
    while (!pipeline_stopping(p)) {
        size_t n = 0;
        int rc = iq_source_read(src, buf, max, &n);
        if (rc || !n) {
            if (rc && rc != AISD_E_EOF) {
                log_error("input %s: read failed", p->conf.input);
                atomic_store(&p->input_failed, 1);
            }
            break;
        }
        if (p->conf.realtime) {
            int64_t due = m0 + (int64_t)((double)(sample + n) / rate * 1e9);
            int64_t now = pipeline_mono_ns();
            if (due > now) {
                struct timespec ts = {(time_t)((due - now) / 1000000000LL),
                                      (long)((due - now) % 1000000000LL)};
                nanosleep(&ts, NULL);
            }
        }
        struct iq_source_stats ss;
        iq_source_get_stats(src, &ss);
        if (ss.nonfinite != atomic_load(&p->nonfinite)) {
            /* zeroed by the reader: a NaN would leave the receiver deaf */
            if (!atomic_load(&p->nonfinite))
                log_warn("input %s: NaN or infinite sample values, replaced by 0 (counted: "
                         "nonfinite in the status)",
                         p->conf.input);
            atomic_store(&p->nonfinite, ss.nonfinite);
        }
        if (blockq_push_wait(p->bq, buf, n * bps, sample, t0 + (double)sample / rate, &p->stop, -1))
            break;
        sample += n;
        pipeline_note_samples(p, n);
    }
    struct iq_source_stats st;
    iq_source_get_stats(src, &st);
    if (st.partial_bytes)
        log_warn("input %s: ignored %llu trailing bytes (not a whole %s sample)", p->conf.input,
                 (unsigned long long)st.partial_bytes, p->conf.format);
    if (st.missing_bytes)
        log_warn("input %s: the file ends %llu bytes before the end of the data its WAV header "
                 "declares (a recording cut short?)",
                 p->conf.input, (unsigned long long)st.missing_bytes);
    if (st.io_errors) { /* not the end of a recording: exit 1, as aisctl rx */
        log_error("input %s: read error (%llu): the input was cut short there", p->conf.input,
                  (unsigned long long)st.io_errors);
        atomic_store(&p->input_failed, 1);
    }
    if (st.nonfinite)
        log_warn("input %s: %llu NaN or infinite sample values replaced by 0", p->conf.input,
                 (unsigned long long)st.nonfinite);
    free(buf);
}
