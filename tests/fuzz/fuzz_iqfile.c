/* fuzz_iqfile.c: libFuzzer target for the sample-file readers: the first
 * byte picks the format (cu8, cs8, cs16, cf32, wav, disc), the rest is the
 * file. With the top bit set, the low three bits pick a dsp/iq_source
 * format instead (raw IQ, WAV, discriminator s16/WAV/text) and the file goes
 * through iq_source and wav_read_header; its counters must add up (samples,
 * partial bytes and bytes read agree for raw formats). Otherwise it goes
 * through the reader `aisctl rx`/`sweep` use (daemon/ctl_rx:
 * WAV header through dsp/wav, raw formats, text and binary discriminator input) the way
 * rx_run_file reads it, and, for WAV, through the daemon's header check
 * (pipeline_create). An accepted file must describe something the receiver
 * can be built for: a finite rate within 8 kS/s..20 MS/s and one (disc) or two
 * (I/Q) channels; read values must be finite for integer formats. */
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

static void read_all(struct rx_input *in)
{
    static float buf[65536];
    size_t n, total = 0;
    if (in->disc) {
        while ((n = rx_input_read(in, buf, 65536)) > 0) {
            if (n > 65536) abort();
            if (in->fmt != RX_CF32)
                for (size_t i = 0; i < n; i++)
                    if (!isfinite(buf[i])) abort();
            total += n;
        }
    } else {
        while ((n = rx_input_read_iq(in, buf, 65536 / 2)) > 0) {
            if (n > 65536 / 2) abort();
            total += n;
        }
    }
    (void)total;
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
    int fmt = data[0] % 6;
    int fd = memfd_create("fuzz_iqfile", 0);
    if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    struct rx_input in;
    if (rx_input_open(&in, path, fmt, 0) == 0) {
        if (!(in.rate >= 8000 && in.rate <= 20e6)) abort();
        if (in.disc ? in.channels != 1 : in.channels != 2) abort();
        read_all(&in);
        rx_input_close(&in);
    }

    if (fmt == RX_WAV) {
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
