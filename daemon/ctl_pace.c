/* ctl_pace.c: ctl_sleep_until() (see ctl.h), the real-time pacing of the
 * aisctl commands that can write at the rate of the events (scenario, sim). */
#include "daemon/ctl.h"

#include <math.h>
#include <time.h>

void ctl_sleep_until(const struct timespec *t0, double seconds)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
    if (seconds > el) {
        double d = seconds - el;
        struct timespec ts = {(time_t)d, (long)((d - floor(d)) * 1e9)};
        nanosleep(&ts, NULL);
    }
}
