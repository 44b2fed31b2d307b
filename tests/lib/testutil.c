/* testutil.c: see testutil.h. */
#include "tests/lib/testutil.h"

#include "decode/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *test_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", a, b);
    return s;
}

char *test_corpus_file(const char *relative)
{
    const char *root = getenv("AISD_CORPUS");
    if (!root || !*root) root = "../shared/corpus";
    char *path = test_path(root, relative);
    if (path && access(path, R_OK) != 0) {
        printf("SKIP: corpus file %s not found (set AISD_CORPUS)\n", path);
        free(path);
        return NULL;
    }
    return path;
}

char *test_build_program(const char *name)
{
    const char *build = getenv("AISD_BUILD");
    return test_path(build && *build ? build : "build", name);
}

char *test_tmpdir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *templ = test_path(tmp && *tmp ? tmp : "/tmp", "aisd-test-XXXXXX");
    if (templ && !mkdtemp(templ)) {
        free(templ);
        return NULL;
    }
    return templ;
}

void test_rmdir_r(const char *path)
{
    if (!path || !*path || !strstr(path, "aisd-test-")) return;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) fprintf(stderr, "test_rmdir_r: could not remove %s\n", path);
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = 0;
    if (len) *len = n;
    return buf;
}

float complex test_cnoise(struct rng *r, double sigma)
{
    float im = (float)(sigma * rng_normal(r));
    float re = (float)(sigma * rng_normal(r));
    return re + I * im;
}
