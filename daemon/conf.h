/* conf.h: aisd's configuration: one table of keys, read from the config file
 * (`key = value` lines) and from long options of the same names (the command
 * line wins). Validation is here too, so `aisd --check-config` and start-up
 * agree. Plain data, owned by the main thread; threads get copies of what they
 * need. A configuration error is exit status 64 (EX_USAGE). */
#ifndef AISD_CONF_H
#define AISD_CONF_H

#include <stdio.h>

#define CONF_EXIT_USAGE 64
#define CONF_MAX_LIST 8
#define CONF_STR 512
#define CONF_MAX_ENGINE 64

enum conf_input_kind {
    CONF_IN_RTLSDR,
    CONF_IN_RTLTCP, /* rtltcp://host:port */
    CONF_IN_IQFILE, /* a file or "-" (stdin) of IQ samples */
    CONF_IN_NMEA,   /* nmea:FILE, nmea:-, nmea:udp://host:port, nmea:tcp://host:port */
};

struct conf {
    char input[CONF_STR];
    char format[32];
    double rate;
    double center;
    char device[64];
    char gain[32];
    double ppm;
    int bias_tee;
    int realtime;
    char publish[CONF_MAX_LIST][CONF_STR];
    int npublish;
    char query[CONF_STR];
    char udp[CONF_MAX_LIST][CONF_STR];
    int nudp;
    char tcp[CONF_STR];
    char station[64];
    char state_dir[CONF_STR];
    char rawlog_dir[CONF_STR];
    int rawlog_max_mb;
    int iq_snippets;
    int iq_snippet_ms;
    char curve_secret_key[CONF_STR];
    char curve_allow[CONF_STR];
    char zones[CONF_STR];
    char watchlist[CONF_STR];
    double status_interval;
    int keep_running;
    double wait_subscriber;
    int sndhwm;
    char dsp[32];
    int verbose;
    char alerts_config[CONF_STR];
    char start_time[40]; /* IQ file/stdin: time of the first sample, ISO 8601 or now */
    /* Alert engine keys (alerts/engine.h) given in the file or as options,
     * "key=value" with the engine's underscore spelling, applied in order. */
    char engine_kv[CONF_MAX_ENGINE][96];
    int nengine;

    /* derived by conf_validate() */
    enum conf_input_kind input_kind;
    double start_time_s; /* start_time as Unix seconds; 0: the wall clock at start */
};

/* Command-line only switches (not config keys). */
struct conf_cli {
    const char *config_path; /* NULL: /etc/aisd/aisd.conf if it exists */
    int check_config;
    int show_dsp;
    int help;
    int version;
};

void conf_default(struct conf *c);
/* Parse a config file into c. Returns 0, or -1 after printing file:line: why. */
int conf_load_file(struct conf *c, const char *path);
/* Parse argv: first pass (cli only) finds --config etc.; second applies keys.
 * Returns 0, or -1 after printing why. */
int conf_parse_cli(int argc, char **argv, struct conf_cli *cli);
int conf_apply_cli(struct conf *c, int argc, char **argv);
/* Check values and derive input_kind. Returns 0 or -1 after printing why.
 * The alert engine's settings are checked as the daemon will use them:
 * alerts-config, watchlist and engine keys together, by the engine itself. */
int conf_validate(struct conf *c);
/* The RTL-SDR device index that device names (up to three digits), or -1 when
 * it is a serial number (conf_validate refuses what can be neither). */
int conf_device_index(const char *device);

struct engine_config;
/* The alert engine's settings: defaults, then the alerts-config file, the
 * watchlist, the engine keys; zones; the alert log in state_dir (NULL: none).
 * 0, or -1 after logging why. */
int conf_engine_config(const struct conf *c, struct engine_config *ec, const char *state_dir);
/* Set one key from text (key without leading dashes). 0 or -1 (message in err). */
int conf_set(struct conf *c, const char *key, const char *value, char *err, size_t errlen);
/* Write the effective configuration as a config file. */
void conf_write(const struct conf *c, FILE *out);
/* The option/key help text. */
void conf_usage(FILE *out);

#endif
