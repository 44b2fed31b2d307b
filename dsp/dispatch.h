/* dispatch.h: run-time choice of the DSP kernel flavours. Probes the CPU
 * (__builtin_cpu_supports on x86, getauxval(AT_HWCAP) on ARM), ranks the
 * flavours (neon/avx2 > sse2 > generic) and installs into `kern` (kernels.h),
 * per kernel, the best supported flavour that implements it. The environment
 * variable AISD_DSP=generic|sse2|avx2|neon|auto, or dispatch_force(), caps the
 * choice for debugging and tests. Call dispatch_init() once at start-up, before
 * DSP threads run; the table is read-only afterwards. */
#ifndef AISD_DISPATCH_H
#define AISD_DISPATCH_H

#include <stddef.h>

struct kern_table;

/* Probe and install the best flavours, honouring AISD_DSP. Idempotent: only
 * the first call (or the first after dispatch_force) does the work. Silent
 * unless AISD_DSP is bad (a warning); programs log dispatch_active() at
 * start-up. 0, or AISD_E_UNSUPPORTED/INVAL when AISD_DSP names a flavour this
 * CPU/build lacks or none at all (the best supported flavour is installed
 * then). */
int dispatch_init(void);

/* Install flavour `name` (or "auto" for the best) as the cap: every kernel
 * comes from that flavour or, when it lacks one, the next lower-ranked.
 * AISD_E_INVAL for an unknown name, AISD_E_UNSUPPORTED when the CPU or this
 * build lacks it (the table is then unchanged). */
int dispatch_force(const char *name);

/* The complete table of flavour `name` (lower-ranked fill-ins for what it
 * lacks), or NULL when unknown or unsupported here. For tests and benches:
 * the returned table is static and read-only. */
const struct kern_table *dispatch_table(const char *name);

/* Names of the flavours supported here, best first; returns how many
 * (at most max written). */
size_t dispatch_flavours(const char **names, size_t max);

/* Name of the flavour installed as the cap ("generic" before any init). */
const char *dispatch_active(void);

/* Human-readable report for `aisd --show-dsp`: CPU features seen, supported
 * flavours, and per kernel the flavour in use. Returns the length it wanted
 * (snprintf-style). */
int dispatch_describe(char *buf, size_t len);

#endif
