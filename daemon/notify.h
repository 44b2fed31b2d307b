/* notify.h: systemd integration through sd_notify: READY once aisd serves
 * (daemon/loop.c: whether or not its input delivers yet), STATUS lines,
 * STOPPING, and the watchdog, which the main loop pings while samples (or
 * sentences) flow or a missing device is retried. Harmless outside systemd. */
#ifndef AISD_NOTIFY_H
#define AISD_NOTIFY_H

#include <stdint.h>

struct notify {
    int ready;
    uint64_t watchdog_usec; /* 0: no watchdog requested */
};

void notify_init(struct notify *n);
void notify_ready(struct notify *n, const char *status);
void notify_watchdog(struct notify *n);
void notify_status(struct notify *n, const char *status);
void notify_stopping(struct notify *n);

#endif
