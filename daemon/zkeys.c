/* zkeys.c: reading and writing CurveZMQ key files. See zkeys.h. */
#include "daemon/zkeys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

int zkeys_load(const char *path, uint8_t public_key[32], uint8_t secret_key[32])
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[256];
    int got = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        char *eq = strchr(line, '=');
        if (!eq) continue;
        char *v = eq + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        v[strcspn(v, " \t\r\n")] = 0;
        if (strlen(v) != 40) continue;
        if (!strncmp(line, "public-key", 10) && zmq_z85_decode(public_key, v))
            got |= 1;
        else if (!strncmp(line, "secret-key", 10) && zmq_z85_decode(secret_key, v))
            got |= 2;
    }
    fclose(f);
    return got;
}

int zkeys_write(const char *base, const char *public_z85, const char *secret_z85, int replace)
{
    char path[1024], pub_path[1024];
    snprintf(path, sizeof path, "%s.key", base);
    snprintf(pub_path, sizeof pub_path, "%s.pub", base);
    if (!replace && (!access(path, F_OK) || !access(pub_path, F_OK))) {
        errno = EEXIST;
        return -1;
    }
    if (replace && ((unlink(path) && errno != ENOENT) || (unlink(pub_path) && errno != ENOENT)))
        return -1;
    /* O_EXCL: never into an existing file, whose mode open() would keep */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    fprintf(f,
            "# aisd CurveZMQ key pair: keep this file secret\npublic-key = %s\nsecret-key = %s\n",
            public_z85, secret_z85);
    if (fclose(f)) return -1;
    f = fopen(pub_path, "wx");
    if (!f) return -1;
    fprintf(f, "# aisd CurveZMQ public key\npublic-key = %s\n", public_z85);
    return fclose(f) ? -1 : 0;
}
