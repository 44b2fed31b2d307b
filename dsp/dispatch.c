/* dispatch.c: CPU probe, flavour ranking and the kernel table (see
 * dispatch.h). The table `kern` is the only global mutable state in aisd. */
#include "dsp/dispatch.h"

#include "decode/err.h"
#include "decode/log.h"
#include "dsp/kernels.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__aarch64__) || defined(__arm__)
#include <sys/auxv.h>
#endif

#define GENERIC_TABLE                                                                              \
    {                                                                                              \
        kern_conv_cu8_cf_generic, kern_conv_cs8_cf_generic, kern_conv_cs16_cf_generic,             \
            kern_conv_cf32_cf_generic, kern_mul_cccf_generic, kern_rotate_cccf_generic,            \
            kern_firdecim_crcf_generic, kern_dot_cccf_generic, kern_dotc_cccf_generic,             \
            kern_corr_cccf_generic, kern_arg_cf_generic, kern_freqdisc_cf_generic,                 \
            kern_mag2_cf_generic, kern_energy_cf_generic, kern_sum_cf_generic,                     \
            kern_lagprod_cf_generic, kern_comb4_mag2_f_generic, kern_corr2_cccf_generic,           \
            kern_cohmag_cf_generic, kern_diffmag_cf_generic, kern_energy_cd_generic,               \
            kern_thr_first_f_generic, kern_conv_cu8_deint_cf_generic, kern_hbdecim_crcf_generic,   \
            kern_even_cf_generic                                                                   \
    }

struct kern_table kern = GENERIC_TABLE;

/* Every kernel's name, for the fill-in and the report. */
#define KERN_LIST(X)                                                                               \
    X(conv_cu8_cf)                                                                                 \
    X(conv_cs8_cf)                                                                                 \
    X(conv_cs16_cf)                                                                                \
    X(conv_cf32_cf)                                                                                \
    X(mul_cccf)                                                                                    \
    X(rotate_cccf)                                                                                 \
    X(firdecim_crcf)                                                                               \
    X(dot_cccf)                                                                                    \
    X(dotc_cccf)                                                                                   \
    X(corr_cccf)                                                                                   \
    X(arg_cf)                                                                                      \
    X(freqdisc_cf)                                                                                 \
    X(mag2_cf)                                                                                     \
    X(energy_cf)                                                                                   \
    X(sum_cf)                                                                                      \
    X(lagprod_cf)                                                                                  \
    X(comb4_mag2_f)                                                                                \
    X(corr2_cccf)                                                                                  \
    X(cohmag_cf)                                                                                   \
    X(diffmag_cf)                                                                                  \
    X(energy_cd)                                                                                   \
    X(thr_first_f)                                                                                 \
    X(conv_cu8_deint_cf)                                                                           \
    X(hbdecim_crcf)                                                                                \
    X(even_cf)

#define COUNT_ONE(k) +1
enum { NKERN = 0 KERN_LIST(COUNT_ONE) };

struct flavour {
    const char *name;
    int (*supported)(void);
    void (*fill)(struct kern_table *t);
};

static int always(void)
{
    return 1;
}

#if defined(__x86_64__)
static int have_sse2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse2");
}
static int have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

#if defined(__aarch64__) || defined(__arm__)
static int have_neon(void)
{
#if defined(__aarch64__)
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1 << 1)
#endif
    return (getauxval(AT_HWCAP) & HWCAP_ASIMD) != 0;
#else
#ifndef HWCAP_NEON
#define HWCAP_NEON (1 << 12)
#endif
    return (getauxval(AT_HWCAP) & HWCAP_NEON) != 0;
#endif
}
#endif

/* Ranked, lowest first. */
static const struct flavour flavours[] = {
    {"generic", always, NULL},
#if defined(__x86_64__)
    {"sse2", have_sse2, kern_fill_sse2},
    {"avx2", have_avx2, kern_fill_avx2},
#endif
#if defined(__aarch64__) || defined(__arm__)
    {"neon", have_neon, kern_fill_neon},
#endif
};
#define NFLAV (sizeof flavours / sizeof flavours[0])

/* Per flavour: its complete table and, per kernel, which flavour supplied it.
 * Built once by build_tables() (init-time only). */
static struct kern_table tables[NFLAV];
static const char *origin[NFLAV][NKERN];
static int supported[NFLAV];
static int built;
static int active = 0;
static int initialised;

static void build_tables(void)
{
    if (built) return;
    for (size_t f = 0; f < NFLAV; f++) {
        supported[f] = flavours[f].supported();
        struct kern_table t;
        memset(&t, 0, sizeof t);
        if (flavours[f].fill) flavours[f].fill(&t);
        const struct kern_table *lower = f ? &tables[f - 1] : NULL;
        static const struct kern_table generic = GENERIC_TABLE;
        int i = 0;
#define FILL(k)                                                                                    \
    if (t.k) {                                                                                     \
        origin[f][i] = flavours[f].name;                                                           \
    } else if (lower) {                                                                            \
        t.k = lower->k;                                                                            \
        origin[f][i] = origin[f - 1][i];                                                           \
    } else {                                                                                       \
        t.k = generic.k;                                                                           \
        origin[f][i] = "generic";                                                                  \
    }                                                                                              \
    i++;
        KERN_LIST(FILL)
#undef FILL
        tables[f] = t;
    }
    built = 1;
}

static int find(const char *name)
{
    for (size_t f = 0; f < NFLAV; f++)
        if (strcmp(flavours[f].name, name) == 0) return (int)f;
    return -1;
}

static int best(void)
{
    int b = 0;
    for (size_t f = 0; f < NFLAV; f++)
        if (supported[f]) b = (int)f;
    return b;
}

static int known_name(const char *name)
{
    static const char *const all[] = {"generic", "sse2", "avx2", "neon", "auto"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i], name) == 0) return 1;
    return 0;
}

int dispatch_force(const char *name)
{
    build_tables();
    if (!name || !known_name(name)) {
        log_error("dispatch_force(): unknown DSP flavour '%s' (generic, sse2, avx2, neon, auto)",
                  name ? name : "(null)");
        return AISD_E_INVAL;
    }
    int f = strcmp(name, "auto") == 0 ? best() : find(name);
    if (f < 0 || !supported[f]) {
        log_error("dispatch_force(): DSP flavour '%s' is not supported by this CPU or build", name);
        return AISD_E_UNSUPPORTED;
    }
    active = f;
    kern = tables[f];
    initialised = 1;
    return AISD_OK;
}

int dispatch_init(void)
{
    if (initialised) return AISD_OK;
    build_tables();
    const char *env = getenv("AISD_DSP");
    if (env && *env) {
        int rc = dispatch_force(env);
        if (rc == AISD_OK) return rc;
        dispatch_force("auto");
        log_warn("dispatch_init(): AISD_DSP=%s ignored, using %s", env, dispatch_active());
        return rc;
    }
    return dispatch_force("auto");
}

const struct kern_table *dispatch_table(const char *name)
{
    build_tables();
    int f = name ? (strcmp(name, "auto") == 0 ? best() : find(name)) : -1;
    if (f < 0 || !supported[f]) return NULL;
    return &tables[f];
}

size_t dispatch_flavours(const char **names, size_t max)
{
    build_tables();
    size_t n = 0;
    for (size_t f = NFLAV; f-- > 0;)
        if (supported[f]) {
            if (n < max) names[n] = flavours[f].name;
            n++;
        }
    return n;
}

const char *dispatch_active(void)
{
    return flavours[active].name;
}

static int append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(*pos < len ? buf + *pos : NULL, *pos < len ? len - *pos : 0, fmt, ap);
    va_end(ap);
    if (w > 0) *pos += (size_t)w;
    return w;
}

int dispatch_describe(char *buf, size_t len)
{
    build_tables();
    size_t pos = 0;
    if (len) buf[0] = 0;
    append(buf, len, &pos, "cpu features:");
#if defined(__x86_64__)
    __builtin_cpu_init();
    append(buf, len, &pos, "%s%s%s", __builtin_cpu_supports("sse2") ? " sse2" : "",
           __builtin_cpu_supports("avx2") ? " avx2" : "",
           __builtin_cpu_supports("fma") ? " fma" : "");
#elif defined(__aarch64__) || defined(__arm__)
    append(buf, len, &pos, "%s", have_neon() ? " neon" : "");
#endif
    append(buf, len, &pos, "\nflavours supported:");
    for (size_t f = NFLAV; f-- > 0;)
        if (supported[f]) append(buf, len, &pos, " %s", flavours[f].name);
    const char *env = getenv("AISD_DSP");
    append(buf, len, &pos, "\nactive: %s%s%s%s\n", flavours[active].name,
           env && *env ? " (AISD_DSP=" : "", env && *env ? env : "", env && *env ? ")" : "");
    int i = 0;
#define LINE(k) append(buf, len, &pos, "  %-14s %s\n", #k, origin[active][i++]);
    KERN_LIST(LINE)
#undef LINE
    return (int)pos;
}
