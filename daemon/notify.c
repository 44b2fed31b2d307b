/* notify.c: sd_notify wrappers. See notify.h. */
#include "daemon/notify.h"

#include <stdio.h>
#include <systemd/sd-daemon.h>

void notify_init(struct notify *n)
{
    n->ready = 0;
    n->watchdog_usec = 0;
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) n->watchdog_usec = usec;
}

void notify_ready(struct notify *n, const char *status)
{
    if (n->ready) return;
    n->ready = 1;
    sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void notify_watchdog(struct notify *n)
{
    if (n->watchdog_usec) sd_notify(0, "WATCHDOG=1");
}

void notify_status(struct notify *n, const char *status)
{
    (void)n;
    sd_notifyf(0, "STATUS=%s", status);
}

void notify_stopping(struct notify *n)
{
    (void)n;
    sd_notify(0, "STOPPING=1");
}
