/* rawlog.c: the daily, size-rotated raw-frame log. See rawlog.h. */
#include "daemon/rawlog.h"

#include "decode/err.h"
#include "decode/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct rawlog {
    char dir[512];
    uint64_t max_bytes;
    FILE *f;
    long day; /* days since the epoch of the open file */
    int part;
    uint64_t size;
    char path[640];
    int failing; /* the last open or write failed (logged once until one works) */
};

struct rawlog *rawlog_create(const struct rawlog_config *c)
{
    if (!c->dir || !*c->dir || strlen(c->dir) >= 512) {
        log_error("rawlog_create(): a directory is needed");
        return NULL;
    }
    if (mkdir(c->dir, 0755) && errno != EEXIST) {
        log_error("rawlog-dir %s: %s", c->dir, strerror(errno));
        return NULL;
    }
    struct rawlog *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    strcpy(r->dir, c->dir);
    r->max_bytes = c->max_bytes ? c->max_bytes : 100u << 20;
    r->day = -1;
    return r;
}

void rawlog_destroy(struct rawlog *r)
{
    if (!r) return;
    if (r->f) fclose(r->f);
    free(r);
}

static int open_file(struct rawlog *r, long day)
{
    if (r->f) fclose(r->f);
    r->f = NULL;
    time_t t = (time_t)day * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    char ymd[16];
    strftime(ymd, sizeof ymd, "%Y%m%d", &tm);
    if (day != r->day) r->part = 0;
    for (;; r->part++) {
        snprintf(r->path, sizeof r->path, "%s/aisd-%s.%d.log", r->dir, ymd, r->part);
        struct stat st;
        if (stat(r->path, &st) || (uint64_t)st.st_size < r->max_bytes) {
            r->size = stat(r->path, &st) ? 0 : (uint64_t)st.st_size;
            break;
        }
    }
    r->f = fopen(r->path, "a");
    if (!r->f) {
        if (!r->failing)
            log_error("rawlog %s: %s (sentences not written are counted: rawlog_errors)", r->path,
                      strerror(errno));
        r->failing = 1;
        return AISD_E_IO;
    }
    setvbuf(r->f, NULL, _IOLBF, 0);
    r->day = day;
    return 0;
}

int rawlog_write(struct rawlog *r, double t, const char *sentence, const char *meta)
{
    long day = (long)(t / 86400.0);
    if (!r->f || day != r->day || r->size >= r->max_bytes) {
        if (r->f && day == r->day) r->part++;
        if (open_file(r, day)) return AISD_E_IO;
    }
    int n = meta ? fprintf(r->f, "%s\t%s\n", sentence, meta) : fprintf(r->f, "%s\n", sentence);
    if (n < 0) {
        if (!r->failing)
            log_error("rawlog %s: write failed: %s (sentences not written are counted: "
                      "rawlog_errors)",
                      r->path, strerror(errno));
        r->failing = 1;
        clearerr(r->f);
        return AISD_E_IO;
    }
    if (r->failing) log_info("rawlog %s: writing again", r->path);
    r->failing = 0;
    r->size += (uint64_t)n;
    return 0;
}

const char *rawlog_path(const struct rawlog *r)
{
    return r->f ? r->path : "";
}
