/* ctl_keygen.c: `aisctl keygen`: makes a CurveZMQ key pair for aisd (server)
 * or a subscriber (client): BASE.key (secret, mode 0600) and BASE.pub. */
#include "daemon/ctl.h"
#include "daemon/zkeys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

int ctl_keygen(int argc, char **argv)
{
    const char *base = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: aisctl keygen [--force] [BASE]\n\n"
                   "Make a CurveZMQ key pair. With BASE, write BASE.key (public and secret key,\n"
                   "mode 0600) and BASE.pub (public key only); without, print both. An existing\n"
                   "BASE.key or BASE.pub is kept (exit 1) unless --force replaces both.\n\n"
                   "For the daemon: curve-secret-key = BASE.key in aisd.conf, and give BASE.pub\n"
                   "to subscribers (aisctl sub --server-key BASE.pub). For a subscriber: add the\n"
                   "line of its BASE.pub to the daemon's curve-allow file and use\n"
                   "aisctl sub --key BASE.key.\n");
            return 0;
        }
        if (!strcmp(argv[i], "--force")) {
            force = 1;
            continue;
        }
        if (argv[i][0] == '-' || base) {
            fprintf(stderr, "aisctl keygen: unexpected '%s' (see --help)\n", argv[i]);
            return EXIT_USAGE;
        }
        base = argv[i];
    }
    if (!zmq_has("curve")) {
        fprintf(stderr, "aisctl keygen: this libzmq has no CURVE support\n");
        return 1;
    }
    char pub[41], sec[41];
    if (zmq_curve_keypair(pub, sec)) {
        fprintf(stderr, "aisctl keygen: %s\n", zmq_strerror(errno));
        return 1;
    }
    if (!base) {
        printf("public-key = %s\nsecret-key = %s\n", pub, sec);
        return 0;
    }
    if (zkeys_write(base, pub, sec, force)) {
        if (errno == EEXIST)
            fprintf(stderr,
                    "aisctl keygen: %s.key or %s.pub exists: kept (a new pair would lock out "
                    "every client of the old one); --force replaces them\n",
                    base, base);
        else
            fprintf(stderr, "aisctl keygen: writing %s.key/.pub: %s\n", base, strerror(errno));
        return 1;
    }
    printf("wrote %s.key (secret) and %s.pub\npublic-key = %s\n", base, base, pub);
    return 0;
}
