/* fuzz_iqfile.c: libFuzzer target for the sample-file readers: the first
 * byte picks the format (cu8, cs8, cs16, cf32, wav, disc), the rest is the
 * file. With the top bit set, the low three bits pick a dsp/iq_source
 * format instead (raw IQ, WAV, discriminator s16/WAV/text) and the file goes
 * through iq_source and wav_read_header; its counters must add up (samples,
 * partial bytes and bytes read agree for raw formats). Otherwise it is opened
 * as `aisctl rx`/`sweep` open it (daemon/ctl_rx rx_source_open: dsp/iq_source
 * with rx's format names, default rates and WAV rate check; "disc" text or
 * binary by its content) and read as rx_run_source reads it, and, for WAV,
 * through the daemon's header check (pipeline_create). An accepted file must
 * describe something the receiver can be built for: a finite rate within
 * 8 kS/s..20 MS/s; read values must be finite for integer formats, and the
 * samples read must not exceed iq_source_length when that is known. */
#include "daemon/conf.h"
#include "daemon/ctl_rx.h"
#include "daemon/pipeline.h"
#include "dsp/iq_source.h"
#include "dsp/wav.h"

#include <math.h>
#include "tests/fuzz/fuzz_quiet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet(argc, argv);
    return 0;
}

static void read_all(struct iq_source *in, int fmt)
{
    static float buf[65536];
    size_t n;
    uint64_t total = 0;
    if (iq_source_is_disc(in)) {
        int is_float_wav = fmt == IQ_SRC_WAV; /* a float WAV may hold NaN (zeroed) */
        while (iq_source_read_disc(in, buf, 65536, &n) == 0 && n) {
            if (n > 65536) abort();
            for (size_t i = 0; i < n; i++)
                if (!isfinite(buf[i]) || (!is_float_wav && fabsf(buf[i]) > 1.0f)) abort();
            total += n;
        }
    } else {
        while (iq_source_read(in, buf, 65536 / 2, &n) == 0 && n) {
            if (n > 65536 / 2) abort();
            total += n;
        }
    }
    if (iq_source_length(in) >= 0 && total > (uint64_t)iq_source_length(in)) abort();
}

static void iq_source_case(unsigned fmtsel, const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *)data, size ? size : 1, "rb");
    if (!f) abort();
    if (!size) fgetc(f); /* an empty stream */
    struct wav_info w;
    if (wav_read_header(f, &w) == 0) {
        if (w.channels < 1 || w.channels > 2 || !(w.rate > 0) || w.data_offset > size) abort();
        if (w.bits != 8 && w.bits != 16 && w.bits != 32) abort();
    }
    rewind(f);
    if (!size) fgetc(f);
    struct iq_source_config c = iq_source_config_default();
    c.stream = f;
    c.format = (enum iq_source_format)fmtsel;
    c.rate = 288000;
    struct iq_source *src = iq_source_create(&c);
    if (src) {
        if (!(iq_source_rate(src) > 0) || !isfinite(iq_source_rate(src))) abort();
        static float buf[8192];
        size_t n, total = 0;
        if (iq_source_is_disc(src)) {
            while (iq_source_read_disc(src, buf, 8192, &n) == 0 && n) {
                if (n > 8192) abort();
                total += n;
            }
        } else {
            size_t w8 = kern_format_size(iq_source_kern_format(src));
            size_t max = sizeof buf / w8;
            while (iq_source_read(src, buf, max, &n) == 0 && n) {
                if (n > max) abort();
                total += n;
            }
        }
        struct iq_source_stats st;
        iq_source_get_stats(src, &st);
        if (st.samples != total || st.bytes > size) abort();
        if (fmtsel <= IQ_SRC_CF32) {
            size_t w8 = kern_format_size(iq_source_kern_format(src));
            if (st.samples * w8 + st.partial_bytes != size) abort();
        }
        iq_source_destroy(src);
    }
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    if (data[0] & 0x80) {
        iq_source_case(data[0] & 7, data + 1, size - 1);
        return 0;
    }
    static const int rx_formats[] = {IQ_SRC_CU8,  IQ_SRC_CS8, IQ_SRC_CS16,
                                     IQ_SRC_CF32, IQ_SRC_WAV, IQ_SRC_DISC_ANY};
    int fmt = rx_formats[data[0] % 6];
    int fd = memfd_create("fuzz_iqfile", 0);
    if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    double rate;
    struct iq_source *in = rx_source_open(path, fmt, 0, &rate);
    if (in) {
        if (!(rate >= 8000 && rate <= 20e6)) abort();
        read_all(in, fmt);
        iq_source_destroy(in);
    }

    if (fmt == IQ_SRC_WAV) {
        struct conf c;
        conf_default(&c);
        snprintf(c.input, sizeof c.input, "%s", path);
        strcpy(c.format, "wav");
        c.input_kind = CONF_IN_IQFILE;
        struct pipeline *p = pipeline_create(&c);
        if (p) {
            if (!(p->conf.rate >= 8000 && p->conf.rate <= 20e6)) abort();
            pipeline_destroy(p);
        }
    }
    close(fd);
    return 0;
}
