/* loop.h: the main thread's event loop object. It owns the ZeroMQ context and
 * sockets (publisher, query, ZAP), the NMEA outputs, the raw-frame log, the
 * ingest stage (decoding, state, alerts), a signalfd (SIGINT/SIGTERM stop,
 * SIGHUP reloads) and a 1 s timerfd (status heartbeat, watchdog, stall checks),
 * and starts/stops the pipeline threads. */
#ifndef AISD_LOOP_H
#define AISD_LOOP_H

#include "daemon/conf.h"

struct loop;

/* Blocks SIGINT/SIGTERM/SIGHUP (before any thread starts) and sets everything
 * up. NULL after logging why. */
struct loop *loop_create(const struct conf *c);
/* Run until stopped or (without keep-running) the input ends. Exit status. */
int loop_run(struct loop *l);
void loop_destroy(struct loop *l);

#endif
