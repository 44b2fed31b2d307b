/* fuzz_conf.c: libFuzzer target for aisd's configuration: the input is split
 * at the first NUL into a config file (conf_load_file) and a command line
 * (NUL-separated arguments to conf_parse_cli/conf_apply_cli), then validated
 * and written back. A configuration that validates must name NMEA output
 * addresses daemon/netsock parses, and must be written by
 * conf_write and read back to the same validated configuration. The alert
 * engine's key=value file and watchlists (engine_config_load) get the same
 * file text. Paths of files that validation opens (zones, watchlist, alerts
 * config) are cleared first: fuzz_zone covers their contents. */
#include "alerts/engine.h"
#include "decode/ais_msg.h"
#include "daemon/conf.h"
#include "daemon/netsock.h"

#include "tests/fuzz/fuzz_quiet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int memfile(const void *p, size_t n, char *path, size_t plen)
{
    int fd = memfd_create("fuzz_conf", 0);
    if (fd < 0 || write(fd, p, n) != (ssize_t)n) abort();
    snprintf(path, plen, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* The parsers report on stderr; keep the fuzzer's output readable. */
    fuzz_quiet(argc, argv);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t flen = nul ? (size_t)(nul - data) : size;
    char path[64];
    int fd = memfile(data, flen, path, sizeof path);

    /* argv from the rest: NUL-separated, at most 32 arguments */
    char *args = NULL;
    char *argv[34];
    int argc = 0;
    argv[argc++] = "aisd";
    if (nul) {
        size_t alen = size - flen - 1;
        args = malloc(alen + 1);
        memcpy(args, nul + 1, alen);
        args[alen] = 0;
        for (char *s = args; s < args + alen && argc < 33; s += strlen(s) + 1)
            argv[argc++] = s;
    }
    argv[argc] = NULL;

    struct conf c;
    conf_default(&c);
    struct conf_cli cli;
    int ok = conf_load_file(&c, path) == 0;
    ok &= conf_parse_cli(argc, argv, &cli) == 0;
    ok &= conf_apply_cli(&c, argc, argv) == 0;
    /* conf_validate reads the files these name: not files named by fuzz input */
    c.zones[0] = c.watchlist[0] = c.alerts_config[0] = 0;
    if (ok && conf_validate(&c) == 0) {
        /* every address that validates is one the sockets can parse */
        char h[256], pt[16];
        for (int i = 0; i < c.nudp; i++)
            if (netsock_split(c.udp[i], h, sizeof h, pt, sizeof pt)) abort();
        if (*c.tcp && netsock_split(c.tcp, h, sizeof h, pt, sizeof pt)) abort();
        /* round trip: what --check-config prints must load and validate again */
        char *out = NULL;
        size_t olen = 0;
        FILE *f = open_memstream(&out, &olen);
        conf_write(&c, f);
        fclose(f);
        char path2[64];
        int fd2 = memfile(out, olen, path2, sizeof path2);
        struct conf c2;
        conf_default(&c2);
        if (conf_load_file(&c2, path2) || conf_validate(&c2)) abort();
        char *out2 = NULL;
        size_t olen2 = 0;
        f = open_memstream(&out2, &olen2);
        conf_write(&c2, f);
        fclose(f);
        if (olen != olen2 || memcmp(out, out2, olen)) abort();
        free(out);
        free(out2);
        close(fd2);
    }

    struct engine_config ec = engine_config_default();
    if (engine_config_load(&ec, path) == 0) {
        char *dump = engine_config_dump(&ec);
        free(dump);
        /* no files named by fuzz input */
        ec.zones_file[0] = 0;
        ec.alert_log[0] = 0;
        struct engine *e = engine_create(&ec, NULL);
        if (e) {
            struct ais_msg m;
            memset(&m, 0, sizeof m);
            m.type = 1;
            m.mmsi = 273123450;
            m.type1.lat = (int)(45.1 * 600000);
            m.type1.lon = (int)(50.3 * 600000);
            m.type1.speed = 100;
            m.type1.course = 900;
            m.type1.heading = 90;
            engine_push(e, &m, 1.7e9, 'A', -40, NULL);
            engine_tick(e, 1.7e9 + 1);
            engine_push(e, &m, 1.7e9 + 30, 'B', -40, NULL);
            engine_tick(e, 1.7e9 + 60);
        }
        engine_destroy(e);
    }
    free(args);
    close(fd);
    return 0;
}
