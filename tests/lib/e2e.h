/* e2e.h: helpers for the end-to-end suites that start real processes
 * (build/aisd, build/aisctl) and talk to them over real sockets on 127.0.0.1:
 * free ports, spawning with a log file, bounded waits, and a ZeroMQ
 * subscriber that collects [topic, json] messages. Every wait has a timeout. */
#ifndef AISD_E2E_H
#define AISD_E2E_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/types.h>

/* 127.0.0.1:port as a socket address. */
struct sockaddr_in e2e_loopback(int port);
/* A TCP port on 127.0.0.1 that was free a moment ago, not one of the last 64
 * given out by this process. */
int e2e_free_port(void);
/* The first of n consecutive free TCP ports on 127.0.0.1 below the kernel's
 * ephemeral range (so no other program's outgoing connection takes one of
 * them while a test counts on it), -1 when none is found. */
int e2e_free_port_block(int n);
/* "tcp://127.0.0.1:PORT" on such a port (malloc'd). */
char *e2e_endpoint(void);
/* A process's log file to stderr, framed, to show why a test failed. */
void e2e_dump_log(const char *path);
/* fork+exec argv (NULL-terminated) with stdout and stderr appended to log
 * (NULL: inherited). Returns the pid or -1. */
pid_t e2e_spawn(char *const argv[], const char *log);
/* Wait up to timeout_s for pid to exit; returns its exit status (0..255, or
 * 128+signal), or -1 on timeout (the process is then killed with SIGKILL). */
int e2e_wait(pid_t pid, double timeout_s);
/* SIGTERM, then SIGKILL after timeout_s; returns the status as e2e_wait. */
int e2e_stop(pid_t pid, double timeout_s);
double e2e_now(void);
/* The wall clock (CLOCK_REALTIME), in unix seconds. */
double e2e_wall_now(void);
void e2e_sleep(double s);
/* Run a command (argv) to completion within timeout_s, capturing stdout into
 * out (NUL-terminated, up to max). Returns the exit status or -1. */
int e2e_run(char *const argv[], char *out, size_t max, double timeout_s);

struct e2e_msg {
    char topic[64];
    char *json; /* malloc'd */
};

struct e2e_sub;

/* A SUB socket connected to endpoint, subscribed to prefix ("" = all). With
 * server_pub (32 bytes), a CURVE client with the given client key pair. */
struct e2e_sub *e2e_sub_open(const char *endpoint, const char *prefix,
                             const unsigned char *server_pub, const unsigned char *client_pub,
                             const unsigned char *client_sec);
/* Next message within timeout_s: 1 (m filled; free m->json), 0 on timeout. */
int e2e_sub_recv(struct e2e_sub *s, struct e2e_msg *m, double timeout_s);
void e2e_sub_close(struct e2e_sub *s);
/* One request to a REP endpoint; reply malloc'd, NULL on timeout. */
char *e2e_query(const char *endpoint, const char *request, double timeout_s);

/* The number at path in the JSON text json: member names joined by dots
 * ("sentences", "frames.A", "signal.sample", "engine.counters.dup"), each
 * looked up in the object the previous one named (decode/jparse: a key inside
 * a string or in another object never matches). -1 when the text is not
 * JSON, a member is missing, or the value is not a number. */
double e2e_json_num(const char *json, const char *path);
/* A number from aisd's status on query socket qry (-1 when there is no answer). */
double e2e_status_num(const char *qry, const char *key);
/* 1 once status key reaches at_least within timeout seconds, else 0. */
int e2e_wait_status(const char *qry, const char *key, double at_least, double timeout);

#endif
