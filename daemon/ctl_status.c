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
                   "Exit 1 when aisd does not answer within the timeout (default 3 s) or\n"
                   "the answer is null (vessel:MMSI of a vessel it does not know), 64 when it\n"
                   "does not know the request (the reply lists those it knows).\n");
            return 0;
        } else if (!strcmp(a, "--timeout") && i + 1 < argc) {
            if (ctlzmq_number("aisctl status", a, argv[++i], 0.001, 1e6, 0, &timeout))
                return EXIT_USAGE;
        } else if (a[0] != '-' && !nreq++) {
            req = a;
        } else if (!strcmp(a, "--timeout")) { /* the last argument */
            fprintf(stderr, "aisctl status: %s needs a value\n", a);
            return EXIT_USAGE;
        } else {
            fprintf(stderr, "aisctl status: unexpected '%s'\n", a);
            return EXIT_USAGE;
        }
    }
    if (ctlzmq_check(&zo, "aisctl status")) return EXIT_USAGE;
    void *ctx = zmq_ctx_new();
    void *s = ctlzmq_socket(ctx, ZMQ_REQ, &zo, "aisctl status");
    int rc = 1;
    if (s) {
        int ms = (int)(timeout * 1000);
        zmq_setsockopt(s, ZMQ_RCVTIMEO, &ms, sizeof ms);
        zmq_setsockopt(s, ZMQ_SNDTIMEO, &ms, sizeof ms);
        zmq_msg_t reply;
        zmq_msg_init(&reply);
        if (zmq_send(s, req, strlen(req), 0) >= 0 && zmq_msg_recv(&reply, s, 0) >= 0) {
            /* the whole reply, however large (a vessel table is not cut short) */
            const char *text = zmq_msg_data(&reply);
            size_t n = zmq_msg_size(&reply);
            fwrite(text, 1, n, stdout);
            putchar('\n');
            /* aisd answers a request it does not know with {"error":...}, an
             * unknown vessel:MMSI with null */
            rc = 0;
            if (n >= 9 && !strncmp(text, "{\"error\":", 9)) {
                fprintf(stderr, "aisctl status: aisd does not know the request '%s'\n", req);
                rc = EXIT_USAGE;
            } else if (n == 4 && !strncmp(text, "null", 4)) {
                fprintf(stderr, "aisctl status: %s: none\n", req);
                rc = 1;
            }
        } else
            fprintf(stderr,
                    "aisctl status: no answer from %s within the timeout%s%s%s: is aisd running, "
                    "with that query endpoint (and the same CURVE keys)?\n",
                    zo.connect, errno == EAGAIN ? "" : " (",
                    errno == EAGAIN ? "" : zmq_strerror(errno), errno == EAGAIN ? "" : ")");
        zmq_msg_close(&reply);
        zmq_close(s);
    }
    zmq_ctx_term(ctx);
    return rc;
}
