/* zap.h: the ZeroMQ authentication (ZAP, RFC 27) handler for CURVE: a REP
 * socket on inproc://zeromq.zap.01 in the daemon's context, answered by the
 * main loop. With an allow-list file, only the listed client public keys (Z85,
 * one per line; "public-key = ..." lines of aisctl keygen's .pub files work
 * too) are accepted; without one, any CURVE client is. Reloaded on SIGHUP. */
#ifndef AISD_ZAP_H
#define AISD_ZAP_H

#include <stdint.h>

struct zap_config {
    const char *allow_file; /* NULL or "": accept any CURVE client */
};

struct zap;

struct zap *zap_create(void *zctx, const struct zap_config *c);
void zap_destroy(struct zap *z);
void *zap_socket(struct zap *z);
/* Answer pending requests. */
void zap_handle(struct zap *z);
/* Re-read the allow list: 0 or -1 (the old list stays). */
int zap_reload(struct zap *z);
uint64_t zap_denied(const struct zap *z);
/* Make sock (before its bind) a CURVE server with the daemon's secret key,
 * its clients checked by this handler (ZAP domain "aisd"). */
void zap_curve_server(void *sock, const uint8_t secret_key[32]);

#endif
