/* main_aisd.c: aisd, the AIS receiver daemon: reads the configuration (file,
 * then long options), handles --help/--check-config/--show-dsp, and runs the
 * main loop (daemon/loop.c). Exit status 64 on a configuration error. */
#include "daemon/conf.h"
#include "daemon/dirs.h"
#include "daemon/loop.h"
#include "daemon/showdsp.h"
#include "daemon/version.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define AISD_DEFAULT_CONF "/etc/aisd/aisd.conf"

/* The state and raw-log directories, with their missing parents: one that
 * cannot be made is a configuration error (exit 64: systemd does not restart
 * it), not a failure at start (exit 1: restarted every RestartSec). */
static int make_dirs(const struct conf *c)
{
    char why[1200];
    if (*c->state_dir && dirs_make(c->state_dir, 0750, why, sizeof why)) {
        fprintf(stderr, "aisd: configuration: state-dir: cannot create or write it: %s\n", why);
        return -1;
    }
    if (*c->rawlog_dir && dirs_make(c->rawlog_dir, 0755, why, sizeof why)) {
        fprintf(stderr, "aisd: configuration: rawlog-dir: cannot create or write it: %s\n", why);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct conf_cli cli;
    if (conf_parse_cli(argc, argv, &cli)) return CONF_EXIT_USAGE;
    if (cli.help) {
        conf_usage(stdout);
        return 0;
    }
    if (cli.version) {
        printf("aisd %s\n", AISD_VERSION);
        return 0;
    }
    struct conf c;
    conf_default(&c);
    const char *path = cli.config_path;
    if (!path && access(AISD_DEFAULT_CONF, R_OK) == 0) path = AISD_DEFAULT_CONF;
    if (path && conf_load_file(&c, path)) return CONF_EXIT_USAGE;
    if (conf_apply_cli(&c, argc, argv) || conf_validate(&c)) return CONF_EXIT_USAGE;
    if (cli.show_dsp) return showdsp_print(stdout, c.dsp) ? CONF_EXIT_USAGE : 0;
    if (showdsp_init(c.dsp)) {
        fprintf(stderr, "aisd: dsp '%s': unknown or not supported on this CPU\n", c.dsp);
        return CONF_EXIT_USAGE;
    }
    if (cli.check_config) {
        printf("# aisd: configuration OK (%s)\n", path ? path : "defaults and options");
        conf_write(&c, stdout);
        return 0;
    }
    setvbuf(stderr, NULL, _IOLBF, 0);
    if (make_dirs(&c)) return CONF_EXIT_USAGE;
    struct loop *l = loop_create(&c);
    if (!l) return 1;
    int rc = loop_run(l);
    loop_destroy(l);
    return rc;
}
