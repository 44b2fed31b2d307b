/* main_aisctl.c: aisctl, the command-line companion of aisd. Dispatches to the
 * subcommands in daemon/ctl_*.c through one table. */
#include "daemon/ctl.h"
#include "daemon/version.h"

#include <stdio.h>
#include <string.h>

static const struct ctl_command commands[] = {
    {"decode", "decode NMEA AIVDM/AIVDO into gpsd-style JSON", ctl_decode},
    {"sim", "simulated AIS IQ (cu8/cs8/cs16/cf32) with ground truth", ctl_sim},
    {"sub", "show aisd's live ZeroMQ feed (alerts, vessels, messages)", ctl_sub},
    {"status", "ask a running aisd for a snapshot (status, vessels, gaps, alerts)", ctl_status},
    {"keygen", "make a CurveZMQ key pair for aisd or a subscriber", ctl_keygen},
    {"rx", "demodulate AIS from an IQ or discriminator file into NMEA", ctl_rx},
    {"sweep", "receiver PER per Eb/N0 against ground truth (files or simulation)", ctl_sweep},
    {"alerts", "vessel state and alert rules over NMEA in event time: alerts as JSON", ctl_alerts},
    {"scenario", "simulated vessel traffic as NMEA with tag blocks, with ground truth",
     ctl_scenario},
    {"eval", "precision/recall of an alert log against scenario ground truth", ctl_eval},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: aisctl COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'aisctl COMMAND --help' describes each command; 'aisctl --version' prints "
                 "the version.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("aisctl %s\n", AISD_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "aisctl: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
