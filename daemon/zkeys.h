/* zkeys.h: CurveZMQ key files as aisctl keygen writes them: text lines
 * "public-key = <40 Z85 chars>" and, in the secret .key file only,
 * "secret-key = <40 Z85 chars>". Lines starting with # are comments. */
#ifndef AISD_ZKEYS_H
#define AISD_ZKEYS_H

#include <stdint.h>

/* Read path; fills what it finds. Returns a bit set: 1 public key, 2 secret
 * key; -1 when the file cannot be read. */
int zkeys_load(const char *path, uint8_t public_key[32], uint8_t secret_key[32]);
/* Write BASE.key (mode 0600, both keys) and BASE.pub. When either exists:
 * replace 0 writes nothing (-1, errno EEXIST); replace 1 removes them first,
 * so that the new .key is created with mode 0600 whatever the old one had.
 * 0 or -1 (errno). */
int zkeys_write(const char *base, const char *public_z85, const char *secret_z85, int replace);

#endif
