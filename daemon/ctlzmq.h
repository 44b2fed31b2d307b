/* ctlzmq.h: what aisctl's client commands (sub, status) share: the options
 * --connect, --server-key and --key, a ZeroMQ socket set up from them (a
 * CURVE client when --server-key is given), and strict numeric values. */
#ifndef AISD_CTLZMQ_H
#define AISD_CTLZMQ_H

struct ctlzmq_opts {
    const char *connect;
    const char *server_key; /* the daemon's .pub file */
    const char *key;        /* this client's .key file (made with aisctl keygen) */
};

/* Takes --connect/--server-key/--key VALUE at argv[*i] (advancing *i). 1 if
 * consumed, 0 if not one of them, -1 on a missing value. */
int ctlzmq_option(struct ctlzmq_opts *o, int argc, char **argv, int *i);
/* The options together: --key without --server-key (it would be ignored: no
 * CURVE without the daemon's key) is refused. 0, or -1 after saying why. */
int ctlzmq_check(const struct ctlzmq_opts *o, const char *prog);
/* A number option's value s: finite, within [lo, hi], a whole number when
 * whole, nothing after it. 0, or -1 after printing "PROG: bad OPT ..." */
int ctlzmq_number(const char *prog, const char *opt, const char *s, double lo, double hi, int whole,
                  double *v);
/* Socket of the given type, CURVE set up, connected. NULL after printing why. */
void *ctlzmq_socket(void *zctx, int type, const struct ctlzmq_opts *o, const char *prog);

#endif
