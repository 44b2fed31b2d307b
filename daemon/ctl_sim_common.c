/* ctl_sim_common.c: options and output shared by the two IQ simulators (see
 * ctl_sim_common.h). */
#include "daemon/ctl_sim_common.h"

#include "daemon/ctl.h"

#include <string.h>

int parse_pair(const char *s, double *a, double *b, char sep)
{
    char *end;
    errno = 0;
    *a = strtod(s, &end);
    if (end == s || errno || !isfinite(*a)) return -1;
    if (*end == '\0') {
        *b = *a;
        return 1;
    }
    if (*end != sep) return -1;
    const char *t = end + 1;
    *b = strtod(t, &end);
    if (end == t || *end || errno || !isfinite(*b)) return -1;
    return 2;
}

int sim_common_option(int ch, const char *arg, const struct sim_common_opts *c, int *bad)
{
    double v;
    switch (ch) {
    case 'o':
        *c->output = arg;
        break;
    case 'f':
        *bad = iq_sim_format_parse(arg, c->format) != 0;
        *c->format_given = 1;
        break;
    case 'r':
        *bad = parse_num(arg, c->rate) || !(*c->rate > 2 * BIT_RATE);
        break;
    case 's':
        *bad = parse_num(arg, &v) || v < 0;
        *c->seed = (uint64_t)v;
        break;
    case 'e':
        *bad = parse_pair(arg, c->ebn0_lo, c->ebn0_hi, ':') < 0 || *c->ebn0_hi < *c->ebn0_lo;
        break;
    case SIM_O_NOISE:
        *bad = parse_num(arg, c->noise_counts) || *c->noise_counts < 0;
        break;
    case SIM_O_PPM:
        *bad = parse_num(arg, c->ppm);
        break;
    case SIM_O_TXOFF:
        *bad = parse_num(arg, c->tx_offset) || *c->tx_offset < 0;
        break;
    case SIM_O_REALTIME:
        *c->realtime = 1;
        break;
    default:
        return 0;
    }
    return 1;
}

int sim_bad_value(char **argv)
{
    /* "-e VALUE" leaves the value at argv[optind - 1] and the option before it;
     * "--opt=VALUE" and "-eVALUE" leave both in one word. */
    const char *opt = argv[optind - 1];
    if (optarg && opt == optarg && optind >= 2) opt = argv[optind - 2];
    fprintf(stderr, "aisctl sim: bad value for %s: '%s'\n", opt, optarg ? optarg : "");
    return EXIT_USAGE;
}

int sim_extra_argument(int argc, char **argv)
{
    if (optind >= argc) return 0;
    fprintf(stderr, "aisctl sim: unexpected argument '%s'\n", argv[optind]);
    return 1;
}

struct iq_sim_config sim_iq_config(double rate, double noise_counts, enum iq_sim_format format,
                                   uint64_t seed)
{
    struct iq_sim_config ic = iq_sim_config_default();
    ic.sample_rate = rate;
    ic.noise_rms = noise_counts / 127.5;
    ic.format = format;
    ic.seed = seed ^ 0x5157A11CE5ull;
    return ic;
}

double sim_pick_ebn0(struct rng *r, double lo, double hi)
{
    return lo == hi ? lo : rng_range(r, lo, hi);
}

double sim_burst_freq(struct rng *r, double ppm, double tx_offset, char channel)
{
    return (channel == 'A' ? -CHANNEL_HZ : CHANNEL_HZ) + ppm * 1e-6 * CENTRE_HZ +
           rng_range(r, -tx_offset, tx_offset);
}

FILE *sim_open_output(const char *path, int report)
{
    FILE *out = strcmp(path, "-") ? fopen(path, "wb") : stdout;
    if (!out && report) fprintf(stderr, "aisctl sim: %s: %s\n", path, strerror(errno));
    return out;
}

int sim_write(FILE *out, const void *buf, size_t n, enum iq_sim_format format)
{
    if (fwrite(buf, iq_sim_sample_bytes(format), n, out) == n) return 0;
    fprintf(stderr, "aisctl sim: write failed: %s\n", strerror(errno));
    return -1;
}

int sim_close_output(FILE *out)
{
    if (!out) return 0;
    if (out != stdout) return fclose(out) != 0;
    return fflush(stdout) != 0;
}

void sim_summary_start(const struct iq_sim_stats *st, double rate)
{
    fprintf(stderr, "aisctl sim: %llu samples (%.2f s at %.0f S/s), ",
            (unsigned long long)st->samples, (double)st->samples / rate, rate);
}

int sim_format_from_output(const struct sim_common_opts *c)
{
    const char *dot = strrchr(*c->output, '.');
    if (*c->format_given || !dot || strchr(dot, '/')) return 0;
    if (!iq_sim_format_parse(dot + 1, c->format)) return 0;
    if (!strcmp(dot, ".wav")) {
        fprintf(stderr,
                "aisctl sim: %s: WAV is not written; name it .cu8, .cs8, .cs16 or .cf32, "
                "or give -f\n",
                *c->output);
        return -1;
    }
    return 0;
}
