/* zap.c: ZAP handler with a public-key allow list. See zap.h. */
#include "daemon/zap.h"

#include "decode/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define ZAP_MAX_KEYS 256

struct zap {
    void *sock;
    char file[512];
    uint8_t keys[ZAP_MAX_KEYS][32];
    int nkeys;
    int use_list;
    uint64_t denied;
};

int zap_reload(struct zap *z)
{
    if (!z->use_list) return 0;
    FILE *f = fopen(z->file, "r");
    if (!f) {
        log_error("curve-allow %s: %s", z->file, strerror(errno));
        return -1;
    }
    int n = 0;
    char line[256];
    while (fgets(line, sizeof line, f) && n < ZAP_MAX_KEYS) {
        char *s = line;
        if (*s == '#') continue;
        char *eq = strchr(s, '=');
        if (eq) s = eq + 1;
        while (*s == ' ' || *s == '\t')
            s++;
        s[strcspn(s, " \t\r\n")] = 0;
        if (strlen(s) == 40 && zmq_z85_decode(z->keys[n], s)) n++;
    }
    fclose(f);
    z->nkeys = n;
    log_info("curve-allow: %d client key%s allowed", n, n == 1 ? "" : "s");
    return 0;
}

struct zap *zap_create(void *zctx, const struct zap_config *c)
{
    struct zap *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->use_list = c->allow_file && *c->allow_file;
    if (z->use_list) snprintf(z->file, sizeof z->file, "%s", c->allow_file);
    z->sock = zmq_socket(zctx, ZMQ_REP);
    int linger = 0;
    if (z->sock) zmq_setsockopt(z->sock, ZMQ_LINGER, &linger, sizeof linger);
    if (!z->sock || zmq_bind(z->sock, "inproc://zeromq.zap.01") || zap_reload(z)) {
        log_error("zap: cannot start the authentication handler");
        zap_destroy(z);
        return NULL;
    }
    return z;
}

void zap_destroy(struct zap *z)
{
    if (!z) return;
    if (z->sock) zmq_close(z->sock);
    free(z);
}

void *zap_socket(struct zap *z)
{
    return z->sock;
}

static int allowed(const struct zap *z, const uint8_t *key)
{
    if (!z->use_list) return 1;
    for (int i = 0; i < z->nkeys; i++)
        if (!memcmp(z->keys[i], key, 32)) return 1;
    return 0;
}

void zap_handle(struct zap *z)
{
    for (;;) {
        /* version, request id, domain, address, identity, mechanism, credentials */
        zmq_msg_t part[8];
        int n = 0, more = 1;
        while (more && n < 8) {
            zmq_msg_init(&part[n]);
            if (zmq_msg_recv(&part[n], z->sock, n ? 0 : ZMQ_DONTWAIT) < 0) {
                zmq_msg_close(&part[n]);
                break;
            }
            more = zmq_msg_more(&part[n]);
            n++;
        }
        if (n == 0) return;
        int ok = 0;
        char addr[64] = "";
        if (n >= 7 && zmq_msg_size(&part[5]) == 5 && !memcmp(zmq_msg_data(&part[5]), "CURVE", 5) &&
            zmq_msg_size(&part[6]) == 32)
            ok = allowed(z, zmq_msg_data(&part[6]));
        if (n >= 4) {
            size_t al =
                zmq_msg_size(&part[3]) < sizeof addr - 1 ? zmq_msg_size(&part[3]) : sizeof addr - 1;
            memcpy(addr, zmq_msg_data(&part[3]), al);
            addr[al] = 0;
        }
        if (!ok) {
            z->denied++;
            log_warn("curve: refused a client from %s (key not allowed)", addr);
        }
        const char *status = ok ? "200" : "400", *text = ok ? "OK" : "key not allowed";
        zmq_send(z->sock, "1.0", 3, ZMQ_SNDMORE);
        zmq_send(z->sock, n >= 2 ? zmq_msg_data(&part[1]) : "", n >= 2 ? zmq_msg_size(&part[1]) : 0,
                 ZMQ_SNDMORE);
        zmq_send(z->sock, status, 3, ZMQ_SNDMORE);
        zmq_send(z->sock, text, strlen(text), ZMQ_SNDMORE);
        zmq_send(z->sock, "", 0, ZMQ_SNDMORE);
        zmq_send(z->sock, "", 0, 0);
        for (int i = 0; i < n; i++)
            zmq_msg_close(&part[i]);
    }
}

uint64_t zap_denied(const struct zap *z)
{
    return z->denied;
}

void zap_curve_server(void *sock, const uint8_t secret_key[32])
{
    int one = 1;
    zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof one);
    zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret_key, 32);
    zmq_setsockopt(sock, ZMQ_ZAP_DOMAIN, "aisd", 4);
}
