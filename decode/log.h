/* log.h: diagnostics to stderr, one line each, with a level prefix.
 * Stateless (no global level): callers decide whether to log. Safe from any
 * thread (one fprintf per line). Never called on the per-sample path. */
#ifndef AISD_LOG_H
#define AISD_LOG_H

#if defined(__GNUC__)
#define AISD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define AISD_PRINTF(a, b)
#endif

void log_error(const char *fmt, ...) AISD_PRINTF(1, 2);
void log_warn(const char *fmt, ...) AISD_PRINTF(1, 2);
void log_info(const char *fmt, ...) AISD_PRINTF(1, 2);

#endif
