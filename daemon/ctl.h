/* ctl.h: the subcommands of aisctl. Each lives in its own daemon/ctl_*.c file
 * and is registered in the table in main_aisctl.c. A subcommand gets argv with
 * argv[0] = its own name, prints its own --help, and returns an exit status
 * (0 ok, 1 runtime failure, 64 usage/configuration error as in sysexits.h). */
#ifndef AISD_CTL_H
#define AISD_CTL_H

#include <stdio.h>
#include <time.h>

#define EXIT_USAGE 64

struct ctl_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

int ctl_decode(int argc, char **argv);
int ctl_sim(int argc, char **argv);
/* aisctl sim --from-nmea (ctl_sim_nmea.c): ctl_sim hands over to it. */
int ctl_sim_nmea(int argc, char **argv);
void ctl_sim_nmea_usage(FILE *out);
int ctl_sub(int argc, char **argv);
int ctl_status(int argc, char **argv);
int ctl_keygen(int argc, char **argv);
int ctl_rx(int argc, char **argv);
int ctl_sweep(int argc, char **argv);
int ctl_alerts(int argc, char **argv);
int ctl_scenario(int argc, char **argv);
int ctl_eval(int argc, char **argv);

/* Sleep until `seconds` after t0 (CLOCK_MONOTONIC): real-time pacing (ctl_pace.c). */
void ctl_sleep_until(const struct timespec *t0, double seconds);

#endif
