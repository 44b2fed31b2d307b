/* ctl_status.c: `aisctl status [REQUEST]`: asks aisd's query socket for a
 * snapshot (status by default; vessels, gaps, alerts) and prints the JSON. */
#include "daemon/ctl.h"
#include "daemon/ctlzmq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

int ctl_status(int argc, char **argv)
{
    struct ctlzmq_opts zo = {"tcp://127.0.0.1:5557", NULL, NULL};
    const char *req = "status";
    double timeout = 3;
    int nreq = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = ctlzmq_option(&zo, argc, argv, &i);
        if (r < 0) {
            fprintf(stderr, "aisctl status: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        if (r) continue;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: aisctl status [--connect ENDPOINT] [--timeout S]\n"
                   "                     [--server-key FILE [--key FILE]] [REQUEST]\n\n"
                   "Ask aisd's query socket (default tcp://127.0.0.1:5557) for a snapshot and\n"
                   "print the JSON reply. REQUEST: status (default), vessels, gaps, alerts,\n"
                   "coverage, vessel:MMSI, help (aisd's list of requests).\n"
                   "Exit 1 when aisd does not answer within the timeout (default 3 s).\n");
            return 0;
        } else if (!strcmp(a, "--timeout") && i + 1 < argc) {
            if (ctlzmq_number("aisctl status", a, argv[++i], 0.001, 1e6, 0, &timeout))
                return EXIT_USAGE;
        } else if (a[0] != '-' && !nreq++) {
            req = a;
        } else {
            fprintf(stderr, "aisctl status: unexpected '%s'\n", a);
            return EXIT_USAGE;
        }
    }
    void *ctx = zmq_ctx_new();
    void *s = ctlzmq_socket(ctx, ZMQ_REQ, &zo, "aisctl status");
    int rc = 1;
    if (s) {
        int ms = (int)(timeout * 1000);
        zmq_setsockopt(s, ZMQ_RCVTIMEO, &ms, sizeof ms);
        zmq_setsockopt(s, ZMQ_SNDTIMEO, &ms, sizeof ms);
        size_t cap = 4 << 20;
        char *buf = malloc(cap + 1);
        if (buf && zmq_send(s, req, strlen(req), 0) >= 0) {
            int n = zmq_recv(s, buf, cap, 0);
            if (n >= 0) {
                buf[n < (int)cap ? n : (int)cap] = 0;
                printf("%s\n", buf);
                rc = 0;
            } else
                fprintf(stderr, "aisctl status: no answer from %s (%s)\n", zo.connect,
                        zmq_strerror(errno));
        }
        free(buf);
        zmq_close(s);
    }
    zmq_ctx_term(ctx);
    return rc;
}
