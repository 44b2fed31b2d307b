/* ctlzmq.c: shared client-socket options of aisctl sub and status. */
#include "daemon/ctlzmq.h"

#include "daemon/zkeys.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

int ctlzmq_option(struct ctlzmq_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char **dst = !strcmp(a, "--connect")      ? &o->connect
                       : !strcmp(a, "--server-key") ? &o->server_key
                       : !strcmp(a, "--key")        ? &o->key
                                                    : NULL;
    if (!dst) return 0;
    if (*i + 1 >= argc) return -1;
    *dst = argv[++*i];
    return 1;
}

int ctlzmq_check(const struct ctlzmq_opts *o, const char *prog)
{
    if (o->key && !o->server_key) {
        fprintf(stderr,
                "%s: --key %s needs --server-key (the daemon's .pub): CURVE is only used with "
                "the daemon's public key\n",
                prog, o->key);
        return -1;
    }
    /* ZeroMQ said only "Invalid argument" (exit 1) for 127.0.0.1:5557 or a
     * typo in the scheme */
    const char *c = o->connect;
    if (strncmp(c, "tcp://", 6) && strncmp(c, "ipc://", 6) && strncmp(c, "inproc://", 9)) {
        fprintf(stderr,
                "%s: --connect %s: an endpoint is written tcp://HOST:PORT, ipc://PATH or "
                "inproc://NAME\n",
                prog, c);
        return -1;
    }
    return 0;
}

int ctlzmq_number(const char *prog, const char *opt, const char *s, double lo, double hi, int whole,
                  double *v)
{
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end || !isfinite(x) || x < lo || x > hi || (whole && x != floor(x))) {
        fprintf(stderr, "%s: bad %s '%s' (%s from %g to %g)\n", prog, opt, s,
                whole ? "a whole number" : "a number", lo, hi);
        return -1;
    }
    *v = x;
    return 0;
}

void *ctlzmq_socket(void *zctx, int type, const struct ctlzmq_opts *o, const char *prog)
{
    void *s = zmq_socket(zctx, type);
    if (!s) return NULL;
    int linger = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    if (o->server_key) {
        uint8_t spub[32], ssec[32], cpub[32], csec[32];
        int g = zkeys_load(o->server_key, spub, ssec);
        if (g < 0 || !(g & 1)) {
            fprintf(stderr, "%s: --server-key %s: no public key\n", prog, o->server_key);
            zmq_close(s);
            return NULL;
        }
        if (o->key) {
            g = zkeys_load(o->key, cpub, csec);
            if (g != 3) {
                fprintf(stderr, "%s: --key %s: needs public-key and secret-key lines\n", prog,
                        o->key);
                zmq_close(s);
                return NULL;
            }
        } else {
            /* No key of our own: a throw-away pair (only useful without an allow list). */
            char zp[41], zs[41];
            zmq_curve_keypair(zp, zs);
            zmq_z85_decode(cpub, zp);
            zmq_z85_decode(csec, zs);
        }
        zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, spub, 32);
        zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, cpub, 32);
        zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, csec, 32);
    }
    const char *ep = o->connect;
    if (zmq_connect(s, ep)) {
        fprintf(stderr, "%s: connect %s: %s\n", prog, ep, zmq_strerror(errno));
        zmq_close(s);
        return NULL;
    }
    return s;
}
