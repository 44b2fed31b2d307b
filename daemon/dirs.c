/* dirs.c: check and create the configured directories. See dirs.h. */
#include "daemon/dirs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIRS_PATH_MAX 1024

/* An existing path: a directory we may create files in? */
static int usable(const char *path, const struct stat *st, char *why, size_t whylen)
{
    if (!S_ISDIR(st->st_mode)) {
        snprintf(why, whylen, "%s is not a directory", path);
        return -1;
    }
    if (access(path, W_OK | X_OK)) {
        snprintf(why, whylen, "%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int dirs_check(const char *path, char *why, size_t whylen)
{
    char p[DIRS_PATH_MAX];
    if (!*path || strlen(path) >= sizeof p) {
        snprintf(why, whylen, "'%.60s': empty or too long a path", path);
        return -1;
    }
    snprintf(p, sizeof p, "%s", path);
    /* walk up to the nearest component that exists: it must be a writable
     * directory (what lies below it is created by dirs_make) */
    for (;;) {
        size_t n = strlen(p);
        while (n > 1 && p[n - 1] == '/')
            p[--n] = 0;
        struct stat st;
        if (!stat(p, &st)) return usable(p, &st, why, whylen);
        if (errno != ENOENT && errno != ENOTDIR) { /* ENOTDIR: a file above, found next */
            snprintf(why, whylen, "%s: %s", p, strerror(errno));
            return -1;
        }
        char *slash = strrchr(p, '/');
        if (!slash)
            snprintf(p, sizeof p, ".");
        else if (slash == p)
            p[1] = 0;
        else
            *slash = 0;
    }
}

int dirs_make(const char *path, mode_t mode, char *why, size_t whylen)
{
    if (dirs_check(path, why, whylen)) return -1;
    char p[DIRS_PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1;; s++) {
        int last = !*s;
        if (*s != '/' && !last) continue;
        *s = 0;
        if (mkdir(p, mode) && errno != EEXIST) {
            snprintf(why, whylen, "%s: %s", p, strerror(errno));
            return -1;
        }
        if (last) break;
        *s = '/';
    }
    struct stat st;
    if (stat(path, &st)) {
        snprintf(why, whylen, "%s: %s", path, strerror(errno));
        return -1;
    }
    return usable(path, &st, why, whylen);
}
