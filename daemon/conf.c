/* conf.c: the key table behind aisd.conf and aisd's long options, the file and
 * argv parsers, validation and the --help text. See conf.h. */
#include "daemon/conf.h"
#include "daemon/dirs.h"
#include "daemon/netsock.h"
#include "decode/utc.h"
#include "daemon/zkeys.h"

#include "alerts/engine.h"
#include "alerts/zone.h"
#include "decode/log.h"
#include "dsp/iq_source.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum conf_type { T_STR, T_DOUBLE, T_INT, T_BOOL, T_LIST };

struct conf_key {
    const char *name;
    enum conf_type type;
    size_t off;
    size_t size;      /* T_STR/T_LIST: element size */
    size_t count_off; /* T_LIST: offset of the int count */
    const char *arg;
    const char *help;
};

#define K_S(f) T_STR, offsetof(struct conf, f), sizeof(((struct conf *)0)->f), 0
#define K_D(f) T_DOUBLE, offsetof(struct conf, f), 0, 0
#define K_I(f) T_INT, offsetof(struct conf, f), 0, 0
#define K_B(f) T_BOOL, offsetof(struct conf, f), 0, 0
#define K_L(f, n)                                                                                  \
    T_LIST, offsetof(struct conf, f), sizeof(((struct conf *)0)->f[0]), offsetof(struct conf, n)

static const struct conf_key keys[] = {
    {"input", K_S(input), "SRC",
     "rtlsdr | rtltcp://HOST:PORT | FILE | - (IQ on stdin) | nmea:FILE | nmea:- |\n"
     "nmea:udp://HOST:PORT | nmea:tcp://HOST:PORT  (default rtlsdr)"},
    {"format", K_S(format), "FMT",
     "IQ format of a file/stdin input: cu8 cs8 cs16 cf32 wav (default: the file\n"
     "name's extension .cu8 .cs8 .cs16 .cf32 .wav, else cu8; .num .disc .s16 .txt are\n"
     "discriminator audio, which aisctl rx reads and aisd refuses)"},
    {"rate", K_D(rate), "HZ", "sample rate in S/s (default 288000; k/M suffixes allowed)"},
    {"center", K_D(center), "HZ", "tuner centre frequency (default 162M)"},
    {"device", K_S(device), "N|SERIAL", "RTL-SDR device index or serial number (default 0)"},
    {"gain", K_S(gain), "DB|auto", "tuner gain in dB, or auto (default auto)"},
    {"ppm", K_D(ppm), "PPM",
     "initial tuner frequency correction; later seeded from the DSP estimate"},
    {"bias-tee", K_B(bias_tee), NULL,
     "power an LNA through the antenna input (RTL-SDR v3 and later)"},
    {"realtime", K_B(realtime), NULL,
     "pace a file input at its sample rate (or its tag-block times)"},
    {"publish", K_L(publish, npublish), "ENDPOINT",
     "ZeroMQ PUB endpoint to bind, repeatable (default tcp://*:5556)"},
    {"query", K_S(query), "ENDPOINT",
     "ZeroMQ REP query endpoint (default tcp://127.0.0.1:5557; none: off)"},
    {"udp", K_L(udp, nudp), "HOST:PORT",
     "send NMEA over UDP, repeatable (default 127.0.0.1:10110; none: off)"},
    {"tcp", K_S(tcp), "[HOST:]PORT", "serve NMEA to TCP clients on this address (default off)"},
    {"station", K_S(station), "NAME", "station name for the s: tag block field (default aisd)"},
    {"state-dir", K_S(state_dir), "DIR",
     "vessel state database and alert log (default /var/lib/aisd; none: memory only)"},
    {"rawlog-dir", K_S(rawlog_dir), "DIR",
     "write the raw-frame log here, rotated daily and by size (default off)"},
    {"rawlog-max-mb", K_I(rawlog_max_mb), "MB",
     "rotate the raw-frame log at this size (default 100)"},
    {"iq-snippets", K_B(iq_snippets), NULL,
     "also save the IQ samples around each frame (input's format; needs rawlog-dir)"},
    {"iq-snippet-ms", K_I(iq_snippet_ms), "MS", "IQ kept before and after a frame (default 20)"},
    {"curve-secret-key", K_S(curve_secret_key), "FILE",
     "enable CurveZMQ on the PUB and query sockets with this key pair (aisctl keygen)"},
    {"curve-allow", K_S(curve_allow), "FILE",
     "public keys (one per line) allowed to connect with CURVE"},
    {"zones", K_S(zones), "FILE", "zones for the alert rules (reloaded on SIGHUP)"},
    {"watchlist", K_S(watchlist), "FILE",
     "watchlist for the alert rules (reloaded on SIGHUP with a state-dir)"},
    {"status-interval", K_D(status_interval), "S",
     "seconds between status heartbeats (default 10)"},
    {"keep-running", K_B(keep_running), NULL,
     "after a file input ends, keep serving until signalled"},
    {"wait-subscriber", K_D(wait_subscriber), "S",
     "before reading the input, wait up to S seconds for a first subscriber"},
    {"sndhwm", K_I(sndhwm), "N", "PUB high-water mark per subscriber, messages (default 10000)"},
    {"dsp", K_S(dsp), "FLAVOUR", "force a DSP kernel flavour (generic, sse2, avx2, neon)"},
    {"alerts-config", K_S(alerts_config), "FILE",
     "alert engine settings (key = value lines, as aisctl alerts --config reads)"},
    {"verbose", K_B(verbose), NULL, "log more"},
    {"start-time", K_S(start_time), "ISO|now",
     "IQ file/stdin: UTC of the first sample; event time = it + samples / rate\n"
     "(default now: the wall clock when the input starts)"},
};
#define NKEYS (sizeof keys / sizeof keys[0])

void conf_default(struct conf *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->input, "rtlsdr");
    c->format[0] = 0; /* from the input file's name (conf_validate), else cu8 */
    c->rate = 288000;
    c->center = 162000000;
    strcpy(c->device, "0");
    strcpy(c->gain, "auto");
    strcpy(c->publish[0], "tcp://*:5556");
    c->npublish = 1;
    strcpy(c->query, "tcp://127.0.0.1:5557");
    strcpy(c->udp[0], "127.0.0.1:10110");
    c->nudp = 1;
    strcpy(c->station, "aisd");
    strcpy(c->state_dir, "/var/lib/aisd");
    c->rawlog_max_mb = 100;
    c->iq_snippet_ms = 20;
    c->status_interval = 10;
    c->sndhwm = 10000;
}

static const struct conf_key *find_key(const char *name, size_t len)
{
    if (len == 6 && !strncmp(name, "centre", 6)) /* the British spelling, as aisctl rx has it */
        name = "center";
    for (size_t i = 0; i < NKEYS; i++)
        if (strlen(keys[i].name) == len && !strncmp(keys[i].name, name, len)) return &keys[i];
    return NULL;
}

/* NULL if conf_write can print v so that the file reads back the same value,
 * else why not: the file syntax trims blanks around a value, takes " #" as
 * the start of a comment (and a value starting with '#' is read as empty),
 * strips one pair of enclosing quotes, and a newline would split the line. */
static const char *value_unwritable(const char *v)
{
    size_t n = strlen(v);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) return "holds a control character";
    if (n && (v[0] == ' ' || v[n - 1] == ' ')) return "starts or ends with a blank";
    if (v[0] == '#' || strstr(v, " #")) return "holds '#' where the file starts a comment";
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') return "is enclosed in quotes";
    return NULL;
}

/* An alert engine key (spelt with - or _)? Stores "key=value" in c. 1 if it is
 * one (0 stored / -1 error in err), 0 if not. */
/* 1 when name[len] is an alert engine key that aisd takes (into key[64], with
 * _ for -), else 0. */
static int engine_key_named(const char *name, size_t len, char *key)
{
    if (len >= 64) return 0;
    for (size_t i = 0; i < len; i++)
        key[i] = name[i] == '-' ? '_' : name[i];
    key[len] = 0;
    const char *const *k = engine_config_keys();
    for (; *k; k++)
        if (!strcmp(*k, key)) break;
    return *k && strcmp(key, "station") && strcmp(key, "zones");
}

static int engine_key(struct conf *c, const char *name, size_t len, const char *v, char *err,
                      size_t errlen)
{
    char key[64];
    if (!engine_key_named(name, len, key)) return 0;
    const char *why = value_unwritable(v);
    if (why) {
        snprintf(err, errlen, "%s: value %s", key, why);
        return -1;
    }
    if (c->nengine >= CONF_MAX_ENGINE || strlen(key) + strlen(v) + 2 > sizeof c->engine_kv[0]) {
        snprintf(err, errlen, "%s: too many alert engine settings, or too long", key);
        return -1;
    }
    snprintf(c->engine_kv[c->nengine++], sizeof c->engine_kv[0], "%s=%s", key, v);
    return 1;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno) return -1;
    if (*end == 'k' || *end == 'K')
        v *= 1e3, end++;
    else if (*end == 'M')
        v *= 1e6, end++;
    else if (*end == 'G')
        v *= 1e9, end++;
    if (*end) return -1;
    *out = v;
    return 0;
}

static int parse_bool(const char *s, int *out)
{
    if (!strcmp(s, "1") || !strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcasecmp(s, "on"))
        *out = 1;
    else if (!strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
             !strcasecmp(s, "off"))
        *out = 0;
    else
        return -1;
    return 0;
}

/* append: for T_LIST, 0 replaces the list by the value, 1 appends. */
static int set_key(struct conf *c, const struct conf_key *k, const char *v, int append, char *err,
                   size_t errlen)
{
    const char *why = value_unwritable(v);
    if (why) {
        snprintf(err, errlen, "%s: value %s", k->name, why);
        return -1;
    }
    char *base = (char *)c + k->off;
    switch (k->type) {
    case T_STR:
        if (!strcmp(v, "none")) v = ""; /* what conf_write prints for an empty value */
        if (strlen(v) >= k->size) {
            snprintf(err, errlen, "%s: value too long", k->name);
            return -1;
        }
        strcpy(base, v);
        return 0;
    case T_DOUBLE:
        if (parse_double(v, (double *)base)) {
            snprintf(err, errlen, "%s: '%s' is not a number", k->name, v);
            return -1;
        }
        return 0;
    case T_INT: { /* with k/M/G as the other numbers, a whole result */
        double n;
        if (parse_double(v, &n) || !(n >= 0 && n <= 1000000000) || n != (double)(long)n) {
            snprintf(err, errlen, "%s: '%s' is not a non-negative integer", k->name, v);
            return -1;
        }
        *(int *)base = (int)n;
        return 0;
    }
    case T_BOOL:
        if (parse_bool(v, (int *)base)) {
            snprintf(err, errlen, "%s: '%s' is not yes/no", k->name, v);
            return -1;
        }
        return 0;
    case T_LIST: {
        int *n = (int *)((char *)c + k->count_off);
        if (!append) *n = 0;
        if (!strcmp(v, "none") || !*v) return 0;
        if (*n >= CONF_MAX_LIST) {
            snprintf(err, errlen, "%s: at most %d values", k->name, CONF_MAX_LIST);
            return -1;
        }
        if (strlen(v) >= k->size) {
            snprintf(err, errlen, "%s: value too long", k->name);
            return -1;
        }
        strcpy(base + (size_t)*n * k->size, v);
        (*n)++;
        return 0;
    }
    }
    return -1;
}

int conf_set(struct conf *c, const char *key, const char *value, char *err, size_t errlen)
{
    const struct conf_key *k = find_key(key, strlen(key));
    if (!k) {
        snprintf(err, errlen, "unknown key '%s'", key);
        return -1;
    }
    return set_key(c, k, value, 0, err, errlen);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

int conf_load_file(struct conf *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "aisd: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[2048], err[256];
    int lineno = 0, rc = 0;
    unsigned char seen[NKEYS] = {0};
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "aisd: %s:%d: expected 'key = value'\n", path, lineno);
            rc = -1;
            continue;
        }
        *eq = 0;
        for (char *h = eq + 1; *h; h++) /* " # comment" after a value */
            if (*h == '#' && (h[-1] == ' ' || h[-1] == '\t')) {
                *h = 0;
                break;
            }
        char *key = trim(s), *val = trim(eq + 1);
        size_t vl = strlen(val);
        if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
            val[vl - 1] = 0;
            val++;
        }
        const struct conf_key *k = find_key(key, strlen(key));
        if (!k) {
            int ek = engine_key(c, key, strlen(key), val, err, sizeof err);
            if (ek < 0)
                fprintf(stderr, "aisd: %s:%d: %s\n", path, lineno, err);
            else if (!ek)
                fprintf(stderr, "aisd: %s:%d: unknown key '%s'\n", path, lineno, key);
            if (ek <= 0) rc = -1;
            continue;
        }
        size_t idx = (size_t)(k - keys);
        if (set_key(c, k, val, seen[idx], err, sizeof err)) {
            fprintf(stderr, "aisd: %s:%d: %s\n", path, lineno, err);
            rc = -1;
        }
        seen[idx] = 1;
    }
    fclose(f);
    return rc;
}

/* argv[i + 1] as the value of option argv[i], or NULL after saying why: there
 * is none, or it is the next option (`--station --verbose` took "--verbose"
 * as the station name, and `--station --check-config` ran aisd instead of
 * checking). A value that starts with -- is written --KEY=VALUE. */
static const char *option_value(int argc, char **argv, int i)
{
    if (i + 1 < argc && strncmp(argv[i + 1], "--", 2)) return argv[i + 1];
    if (i + 1 < argc)
        fprintf(stderr, "aisd: %s needs a value, not the option '%s'%s%s%s\n", argv[i], argv[i + 1],
                argv[i][1] == '-' ? " (" : "", argv[i][1] == '-' ? argv[i] : "",
                argv[i][1] == '-' ? "=VALUE for a value that starts with --)" : "");
    else
        fprintf(stderr, "aisd: %s needs a value\n", argv[i]);
    return NULL;
}

int conf_parse_cli(int argc, char **argv, struct conf_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            cli->help = 1;
        else if (!strcmp(a, "--version"))
            cli->version = 1;
        else if (!strcmp(a, "--check-config"))
            cli->check_config = 1;
        else if (!strcmp(a, "--show-dsp"))
            cli->show_dsp = 1;
        else if (!strcmp(a, "--config") || !strcmp(a, "-c")) {
            if (!(cli->config_path = option_value(argc, argv, i++))) return -1;
        } else if (!strncmp(a, "--config=", 9))
            cli->config_path = a + 9;
    }
    return 0;
}

int conf_apply_cli(struct conf *c, int argc, char **argv)
{
    unsigned char seen[NKEYS] = {0};
    char err[256];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "--version") ||
            !strcmp(a, "--check-config") || !strcmp(a, "--show-dsp") || !strncmp(a, "--config=", 9))
            continue;
        if (!strcmp(a, "--config") || !strcmp(a, "-c")) {
            i++;
            continue;
        }
        if (!strcmp(a, "-v")) {
            c->verbose = 1;
            continue;
        }
        if (strncmp(a, "--", 2)) {
            fprintf(stderr, "aisd: unexpected argument '%s' (see aisd --help)\n", a);
            return -1;
        }
        const char *name = a + 2, *eq = strchr(name, '='), *val = NULL;
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const struct conf_key *k = find_key(name, nlen);
        int negate = 0;
        if (!k && nlen > 3 && !strncmp(name, "no-", 3)) {
            k = find_key(name + 3, nlen - 3);
            negate = k && k->type == T_BOOL;
            if (!negate) k = NULL;
        }
        if (!k) {
            char ekey[64];
            if (!engine_key_named(name, nlen, ekey)) {
                fprintf(stderr, "aisd: unknown option '%s' (see aisd --help)\n", a);
                return -1;
            }
            const char *v = eq ? eq + 1 : option_value(argc, argv, i++);
            if (!v) return -1;
            if (engine_key(c, name, nlen, v, err, sizeof err) < 0) {
                fprintf(stderr, "aisd: --%s\n", err);
                return -1;
            }
            continue;
        }
        if (eq)
            val = eq + 1;
        else if (k->type == T_BOOL)
            val = negate ? "no" : "yes";
        else if (!(val = option_value(argc, argv, i++)))
            return -1;
        size_t idx = (size_t)(k - keys);
        if (set_key(c, k, val, seen[idx], err, sizeof err)) {
            fprintf(stderr, "aisd: --%s\n", err);
            return -1;
        }
        seen[idx] = 1;
    }
    return 0;
}

static int bad(const char *fmt, const char *what)
{
    fprintf(stderr, "aisd: configuration: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n");
    return -1;
}

int conf_device_index(const char *device)
{
    size_t n = strlen(device);
    if (n == 0 || n > 3 || strspn(device, "0123456789") != n) return -1;
    return atoi(device);
}

/* Why the RTL-SDR input could never open device, or NULL: it looked such a
 * value up as a serial number and retried it for ever ("RTL-SDR device '-1'
 * not found"). librtlsdr matches a serial number against the USB string as
 * libusb reads it, printable ASCII (anything else comes back as '?'). */
static const char *device_unusable(const char *device)
{
    size_t n = strlen(device);
    if (strspn(device, " \t") == n) return "empty";
    if ((device[0] == '-' || device[0] == '+') && n > 1 &&
        strspn(device + 1, "0123456789") == n - 1)
        return device[0] == '-' ? "a negative index" : "an index with a sign";
    for (const unsigned char *s = (const unsigned char *)device; *s; s++)
        if (*s < 0x20 || *s > 0x7e)
            return "a character no serial number has (librtlsdr reads them as printable ASCII)";
    if (device[0] == ' ' || device[n - 1] == ' ') return "spaces around it";
    return NULL;
}

/* "host:port", "[v6 address]:port" or "port" with a port in 1..65535, as
 * netsock_open() will read it (a host too long for it is refused here). */
static int hostport_ok(const char *s)
{
    char host[256], p[16];
    if (netsock_split(s, host, sizeof host, p, sizeof p)) return 0;
    char *end;
    long port = strtol(p, &end, 10);
    return !*end && port > 0 && port < 65536;
}

/* A ZeroMQ endpoint: tcp://HOST:PORT (PORT 1..65535 or *), or another
 * transport with something after "://". */
/* 1 when the directory of an ipc:// socket path exists and aisd may create
 * the socket there (Linux's abstract names, @NAME, and * need none). */
static int ipc_dir_ok(const char *path)
{
    if (path[0] == '@' || !strcmp(path, "*")) return 1;
    char dir[256];
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (n >= sizeof dir) return 0;
    memcpy(dir, slash ? path : ".", slash ? n : 1);
    dir[slash ? n : 1] = 0;
    if (slash && n == 0) strcpy(dir, "/");
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0;
}

/* A ZeroMQ endpoint aisd can bind: tcp://HOST:PORT (or port *), ipc://PATH in
 * a directory it may write, inproc://NAME. Other transports, and an ipc path
 * in a missing directory, passed --check-config and stopped aisd at start
 * (exit 1: "Protocol not supported", "No such file or directory"). */
static int endpoint_ok(const char *s)
{
    const char *r = strstr(s, "://");
    if (!r || r == s || !r[3]) return 0;
    if (!strncmp(s, "inproc://", 9)) return 1;
    if (!strncmp(s, "ipc://", 6)) return ipc_dir_ok(s + 6);
    if (strncmp(s, "tcp://", 6)) return 0;
    const char *colon = strrchr(s + 6, ':');
    return colon && colon > s + 6 && (!strcmp(colon + 1, "*") || hostport_ok(s + 6));
}

/* The TCP address a listener binds: a publish or query endpoint
 * (tcp://HOST:PORT) or the tcp key ([HOST:]PORT). 0, or -1 when it binds none
 * that can be known here (another transport, port '*': any free one). */
static int listen_addr(const char *s, int zmq, char *host, size_t hl, int *port)
{
    if (zmq) {
        if (strncmp(s, "tcp://", 6)) return -1;
        s += 6;
    }
    char p[16];
    if (netsock_split(s, host, hl, p, sizeof p) || !strcmp(p, "*")) return -1;
    *port = atoi(p);
    return 0;
}

static int wildcard_host(const char *h)
{
    return !*h || !strcmp(h, "*") || !strcmp(h, "0.0.0.0") || !strcmp(h, "::");
}

/* Two of aisd's own listeners (publish endpoints, query, tcp) on one TCP port
 * where both cannot bind (the same host, or one of them every address): said
 * once per pair, -1. aisd would bind the first and exit 1 at the second, and
 * systemd restart it every 5 s for ever. */
static int listeners_clash(const struct conf *c)
{
    const char *what[CONF_MAX_LIST + 2], *addr[CONF_MAX_LIST + 2];
    char host[CONF_MAX_LIST + 2][256];
    int port[CONF_MAX_LIST + 2], n = 0, rc = 0;
    for (int i = 0; i < c->npublish && n < CONF_MAX_LIST; i++)
        if (!listen_addr(c->publish[i], 1, host[n], sizeof host[n], &port[n]))
            what[n] = "publish", addr[n++] = c->publish[i];
    if (*c->query && !listen_addr(c->query, 1, host[n], sizeof host[n], &port[n]))
        what[n] = "query", addr[n++] = c->query;
    if (*c->tcp && !listen_addr(c->tcp, 0, host[n], sizeof host[n], &port[n]))
        what[n] = "tcp", addr[n++] = c->tcp;
    for (int i = 0; i < n; i++)
        for (int k = i + 1; k < n; k++)
            if (port[i] == port[k] &&
                (!strcmp(host[i], host[k]) || wildcard_host(host[i]) || wildcard_host(host[k]))) {
                fprintf(stderr,
                        "aisd: configuration: %s '%s' and %s '%s' both listen on TCP port %d: "
                        "aisd could bind only one (give each its own port)\n",
                        what[i], addr[i], what[k], addr[k], port[i]);
                rc = -1;
            }
    return rc;
}

/* An alert log path (alert_log) the engine could not open for appending:
 * 1 and why. Its directory is not created. */
static int alert_log_unwritable(const char *path, char *why, size_t whylen)
{
    struct stat st;
    if (!stat(path, &st)) {
        if (S_ISDIR(st.st_mode) || access(path, W_OK)) {
            snprintf(why, whylen, "cannot append to '%s'%s", path,
                     S_ISDIR(st.st_mode) ? ": a directory" : "");
            return 1;
        }
        return 0;
    }
    char dir[CONF_STR];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = 0;
    else
        *slash = 0;
    if (!stat(dir, &st) && S_ISDIR(st.st_mode) && !access(dir, W_OK | X_OK)) return 0;
    snprintf(why, whylen, "cannot create '%s': its directory '%s' is missing or not writable", path,
             dir);
    return 1;
}

int conf_validate(struct conf *c)
{
    int rc = 0;
    char what[160];
    const char *in = c->input;
    if (!*in)
        rc = bad("%sinput is empty", "");
    else if (!strcmp(in, "rtlsdr"))
        c->input_kind = CONF_IN_RTLSDR;
    else if (!strncmp(in, "rtltcp://", 9)) {
        c->input_kind = CONF_IN_RTLTCP;
        if (!hostport_ok(in + 9)) rc = bad("input %s: expected rtltcp://HOST:PORT", in);
    } else if (!strncmp(in, "nmea:", 5)) {
        c->input_kind = CONF_IN_NMEA;
        const char *r = in + 5;
        if (!*r)
            rc = bad("input %s: expected nmea:FILE, nmea:-, nmea:udp://HOST:PORT or nmea:tcp://...",
                     in);
        else if ((!strncmp(r, "udp://", 6) || !strncmp(r, "tcp://", 6)) && !hostport_ok(r + 6))
            rc = bad("input %s: expected HOST:PORT after the scheme", in);
    } else
        c->input_kind = CONF_IN_IQFILE;

    const char *file = c->input_kind == CONF_IN_IQFILE ? in
                       : c->input_kind == CONF_IN_NMEA && strncmp(in + 5, "udp://", 6) &&
                               strncmp(in + 5, "tcp://", 6)
                           ? in + 5
                           : NULL;
    struct stat fst;
    if (file && strcmp(file, "-") && access(file, R_OK))
        rc = bad("input: cannot read '%s'", file);
    else if (file && strcmp(file, "-") && !stat(file, &fst) && S_ISDIR(fst.st_mode))
        rc = bad("input: '%s' is a directory, not a file", file); /* read as empty, exit 0 */

    if (!*c->format) { /* not given: a file's extension tells (as aisctl rx), else cu8 */
        int guess = c->input_kind == CONF_IN_IQFILE ? iq_source_format_guess(in) : -1;
        if (guess > IQ_SRC_WAV)
            rc = bad("input %s: discriminator audio by its name, not a daemon input (aisctl rx "
                     "reads it); give --format for IQ",
                     in);
        static const char *const iq_names[] = {"cu8", "cs8", "cs16", "cf32", "wav"};
        snprintf(c->format, sizeof c->format, "%s",
                 guess >= 0 && guess <= IQ_SRC_WAV ? iq_names[guess] : "cu8");
    }
    int fmt = iq_source_format_parse(c->format);
    if (fmt < 0 || fmt > IQ_SRC_WAV)
        rc = bad("format '%s': expected cu8, cs8, cs16, cf32 or wav (IQ)", c->format);
    else if (fmt == IQ_SRC_WAV && c->input_kind == CONF_IN_IQFILE && strcmp(in, "-") &&
             !access(in, R_OK) && !stat(in, &fst) && S_ISREG(fst.st_mode)) {
        /* the header, as the pipeline will read it: a configuration error
         * (exit 64, not restarted), not a failure at start (exit 1) */
        struct iq_source_config sc = iq_source_config_default();
        sc.path = in;
        sc.format = IQ_SRC_WAV;
        sc.rate = c->rate;
        struct iq_source *src = iq_source_create(&sc);
        double r = src ? iq_source_rate(src) : 0;
        if (!src || iq_source_is_disc(src))
            rc = bad(
                "input %s: not a usable I/Q WAV file (header, 2 channels, sample rate: see above)",
                in);
        else if (!(r >= 240000 && r <= 3200000)) {
            snprintf(what, sizeof what, "%.0f", r);
            rc = bad("WAV sample rate %s S/s outside 240000..3200000", what);
        }
        iq_source_destroy(src);
    }
    if (!(c->rate >= 8000 && c->rate <= 20e6))
        rc = bad("%srate must be between 8000 and 20000000 S/s", "");
    if (!(c->center >= 24e6 && c->center <= 1.8e9))
        rc = bad("%scenter must be between 24 MHz and 1.8 GHz", "");
    if (c->input_kind == CONF_IN_RTLSDR &&
        !((c->rate >= 225001 && c->rate <= 300000) || (c->rate >= 900001 && c->rate <= 3200000)))
        rc = bad("%sRTL-SDR rate must be within 225001-300000 or 900001-3200000 S/s", "");
    if (strcmp(c->gain, "auto")) {
        char *end;
        double g = strtod(c->gain, &end);
        if (end == c->gain || *end || !(g >= 0 && g <= 60))
            rc = bad("gain '%s': expected auto or 0..60 dB", c->gain);
    }
    if (!(c->ppm >= -500 && c->ppm <= 500)) rc = bad("%sppm must be within +-500", "");
    for (int i = 0; i < c->npublish; i++)
        if (!endpoint_ok(c->publish[i]))
            rc = bad("publish '%s': expected a ZeroMQ endpoint aisd can bind: tcp://*:5556, "
                     "ipc://PATH (in a directory that exists), inproc://NAME",
                     c->publish[i]);
    if (!strcmp(c->query, "none")) c->query[0] = 0;
    if (*c->query && !endpoint_ok(c->query))
        rc = bad("query '%s': expected a ZeroMQ endpoint aisd can bind: tcp://127.0.0.1:5557, "
                 "ipc://PATH (in a directory that exists), inproc://NAME",
                 c->query);
    for (int i = 0; i < c->nudp; i++)
        if (!hostport_ok(c->udp[i]))
            rc = bad("udp '%s': expected HOST:PORT", c->udp[i]);
        else if (!strncmp(in, "nmea:udp://", 11) && netsock_reaches_bound(in + 11, c->udp[i]))
            /* every sentence would come back in, and go out again: for ever */
            rc = bad("udp '%s' is where the NMEA input listens: aisd would read its own output "
                     "back in a loop (set udp = none or another port)",
                     c->udp[i]);
    if (!strcmp(c->state_dir, "none")) c->state_dir[0] = 0;
    if (!strcmp(c->tcp, "none")) c->tcp[0] = 0;
    if (*c->tcp && !hostport_ok(c->tcp))
        rc = bad("tcp '%s': expected [HOST:]PORT", c->tcp);
    else if (*c->tcp && !strncmp(in, "nmea:tcp://", 11) && netsock_reaches_bound(c->tcp, in + 11))
        rc = bad("tcp '%s' is the NMEA input's own server: aisd would read its own output back "
                 "in a loop",
                 c->tcp);
    if (listeners_clash(c)) rc = -1;
    const char *no_device = device_unusable(c->device);
    if (no_device) {
        snprintf(what, sizeof what, "%s': %s", c->device, no_device);
        rc = bad("device '%s; expected an index (0, 1, ...) or a serial number", what);
    }
    if (!*c->station || strlen(c->station) > 31 || strpbrk(c->station, ",*\\!$ "))
        rc = bad("station '%s': 1-31 characters without , * \\ ! $ or spaces", c->station);
    if (*c->curve_allow && !*c->curve_secret_key)
        rc = bad("%scurve-allow needs curve-secret-key", "");
    if (*c->curve_secret_key) {
        /* read as the daemon will: a missing, unreadable (a root-only key under
         * the unit's dynamic user) or malformed key used to pass here */
        uint8_t pub[32], sec[32];
        int got = zkeys_load(c->curve_secret_key, pub, sec);
        if (got < 0)
            rc = bad("curve-secret-key: cannot read '%s'", c->curve_secret_key);
        else if (!(got & 2))
            rc = bad("curve-secret-key '%s': no 'secret-key = <40 Z85 chars>' line (aisctl keygen)",
                     c->curve_secret_key);
    }
    if (*c->curve_allow && access(c->curve_allow, R_OK))
        rc = bad("curve-allow: cannot read '%s'", c->curve_allow);
    if (!(c->status_interval >= 0.1 && c->status_interval <= 3600))
        rc = bad("%sstatus-interval must be within 0.1..3600 s", "");
    if (!(c->wait_subscriber >= 0 && c->wait_subscriber <= 3600))
        rc = bad("%swait-subscriber must be within 0..3600 s", "");
    if (c->rawlog_max_mb < 1) rc = bad("%srawlog-max-mb must be at least 1", "");
    /* ZeroMQ reads 0 as no limit: a stalled subscriber would take all memory */
    if (c->sndhwm < 1) rc = bad("%ssndhwm must be at least 1 (0 would be no limit)", "");
    int wav_in = c->input_kind == CONF_IN_IQFILE && fmt == IQ_SRC_WAV; /* rate from its header */
    if (c->input_kind != CONF_IN_NMEA && !wav_in && !(c->rate >= 240000 && c->rate <= 3200000)) {
        /* the receiver's range: passed here and stopped aisd at start (exit 1) */
        snprintf(what, sizeof what, "%.0f", c->rate);
        rc = bad("rate %s S/s: the receiver takes 240000..3200000", what);
    }
    if (c->iq_snippets && c->input_kind != CONF_IN_NMEA) {
        /* the snippet slots daemon/pipeline.c makes, at most 16 MiB each
         * (a WAV's sample size is known at start: the largest assumed) */
        static const size_t sample_bytes[] = {2, 2, 4, 8, 8};
        size_t bps = fmt >= 0 && fmt <= IQ_SRC_WAV ? sample_bytes[fmt] : 8;
        double rate = wav_in ? 3200000 : c->rate;
        double slot = rate * (0.14 + 2.0 * c->iq_snippet_ms / 1000.0) * (double)bps;
        if (slot > 16.0 * 1024 * 1024) {
            snprintf(what, sizeof what,
                     "%d ms: %.0f MiB per snippet at %.0f S/s, %zu bytes a sample",
                     c->iq_snippet_ms, slot / 1048576.0, rate, bps);
            rc = bad("iq-snippet-ms %s; at most 16 MiB", what);
        }
    }
    if (c->iq_snippets && c->input_kind == CONF_IN_NMEA)
        rc = bad("%siq-snippets needs an IQ input", "");
    if (strlen(c->zones) > 255)
        rc = bad("zones: path '%s' longer than 255 characters", c->zones);
    else if (*c->zones) {
        char zerr[256] = "";
        struct zones *zs = zone_load(c->zones, zerr, sizeof zerr);
        if (!zs) rc = bad("zones: %s", zerr);
        zone_free(zs);
    }
    c->start_time_s = 0;
    if (*c->start_time && strcmp(c->start_time, "now")) {
        int64_t ms;
        if (utc_parse(c->start_time, &ms))
            rc =
                bad("start-time '%s': expected UTC as 2026-11-22T06:00:00Z, or now", c->start_time);
        else
            c->start_time_s = (double)ms / 1000.0;
    }
    if (*c->alerts_config && access(c->alerts_config, R_OK))
        rc = bad("alerts-config: cannot read '%s'", c->alerts_config);
    struct engine_config *ec = malloc(sizeof *ec);
    if (ec && *c->watchlist) {
        *ec = engine_config_default();
        if (engine_config_load(ec, c->watchlist))
            rc = bad("watchlist '%s': unreadable or rejected (see above)", c->watchlist);
    }
    if (ec) {
        *ec = engine_config_default();
        for (int i = 0; i < c->nengine; i++) {
            char kv[96], *eqs;
            snprintf(kv, sizeof kv, "%s", c->engine_kv[i]);
            eqs = strchr(kv, '=');
            *eqs = 0;
            if (engine_config_set(ec, kv, eqs + 1))
                rc = bad("alert engine setting '%s' rejected", c->engine_kv[i]);
        }
        free(ec);
    }
    if (c->iq_snippets && !*c->rawlog_dir) rc = bad("%siq-snippets needs rawlog-dir", "");
    /* directories aisd creates at start: one it cannot create or write (under
     * a regular file, a read-only or foreign directory) used to pass here and
     * stop aisd at start with status 1, restarted by systemd every 5 s */
    char why[1200];
    if (*c->state_dir && dirs_check(c->state_dir, why, sizeof why))
        rc = bad("state-dir: cannot create or write it: %s", why);
    if (*c->rawlog_dir && dirs_check(c->rawlog_dir, why, sizeof why))
        rc = bad("rawlog-dir: cannot create or write it: %s", why);
    if (!rc) {
        /* the settings together, as the daemon builds them, through the engine's
         * own check: a bad alerts-config file or an out-of-range value used to
         * pass here and stop aisd at start with status 1 (restarted by systemd) */
        ec = malloc(sizeof *ec);
        struct engine *e = NULL;
        if (ec && !conf_engine_config(c, ec, NULL)) {
            ec->zones_file[0] = 0; /* checked above */
            /* the engine takes half a position as "estimate it": it went
             * unnoticed (each half's range is engine_config_set's check) */
            double lat = ec->coverage.station_lat, lon = ec->coverage.station_lon;
            if (isnan(lat) != isnan(lon)) {
                char pos[96];
                snprintf(pos, sizeof pos, "%g, %g", lat, lon);
                rc = bad("station_lat and station_lon go together (got %s)", pos);
            }
            if (ec->alert_log[0] && alert_log_unwritable(ec->alert_log, why, sizeof why))
                rc = bad("alert_log: %s", why);
            ec->alert_log[0] = 0; /* no file created by a check */
            e = engine_create(ec, NULL);
        }
        if (!e) rc = bad("%salert engine settings rejected (see above)", "");
        engine_destroy(e);
        free(ec);
    }
    return rc;
}

int conf_engine_config(const struct conf *c, struct engine_config *ec, const char *state_dir)
{
    *ec = engine_config_default();
    snprintf(ec->station, sizeof ec->station, "%.31s", c->station);
    if (*c->alerts_config && engine_config_load(ec, c->alerts_config)) {
        log_error("alerts-config %s: rejected", c->alerts_config);
        return -1;
    }
    if (*c->watchlist && engine_config_load(ec, c->watchlist)) {
        log_error("watchlist %s: rejected", c->watchlist);
        return -1;
    }
    for (int i = 0; i < c->nengine; i++) {
        char kv[96];
        snprintf(kv, sizeof kv, "%s", c->engine_kv[i]);
        char *eq = strchr(kv, '=');
        *eq = 0;
        if (engine_config_set(ec, kv, eq + 1)) return -1;
    }
    if (*c->zones) snprintf(ec->zones_file, sizeof ec->zones_file, "%.255s", c->zones);
    if (!ec->alert_log[0] && state_dir)
        snprintf(ec->alert_log, sizeof ec->alert_log, "%.240s/alerts.jsonl", state_dir);
    return 0;
}

void conf_write(const struct conf *c, FILE *out)
{
    for (int i = 0; i < c->nengine; i++) {
        const char *eqs = strchr(c->engine_kv[i], '=');
        fprintf(out, "%.*s = %s\n", (int)(eqs - c->engine_kv[i]), c->engine_kv[i], eqs + 1);
    }
    for (size_t i = 0; i < NKEYS; i++) {
        const struct conf_key *k = &keys[i];
        const char *base = (const char *)c + k->off;
        switch (k->type) {
        case T_STR:
            fprintf(out, "%s = %s\n", k->name, *base ? base : "none");
            break;
        case T_DOUBLE:
            fprintf(out, "%s = %.10g\n", k->name, *(const double *)base);
            break;
        case T_INT:
            fprintf(out, "%s = %d\n", k->name, *(const int *)base);
            break;
        case T_BOOL:
            fprintf(out, "%s = %s\n", k->name, *(const int *)base ? "yes" : "no");
            break;
        case T_LIST: {
            int n = *(const int *)((const char *)c + k->count_off);
            if (!n) fprintf(out, "%s = none\n", k->name);
            for (int j = 0; j < n; j++)
                fprintf(out, "%s = %s\n", k->name, base + (size_t)j * k->size);
            break;
        }
        }
    }
}

void conf_usage(FILE *out)
{
    fprintf(out, "usage: aisd [--config FILE] [--KEY VALUE ...]\n"
                 "       aisd --check-config | --show-dsp | --help | --version\n\n"
                 "aisd receives AIS from an RTL-SDR dongle, an rtl_tcp server, an IQ file or an\n"
                 "NMEA feed, decodes it, keeps vessel state, raises dark-activity alerts and\n"
                 "publishes everything over ZeroMQ (and NMEA over UDP/TCP).\n\n"
                 "  --config FILE        config file (default /etc/aisd/aisd.conf when present)\n"
                 "  --check-config       validate the configuration, print it, exit 0 or 64\n"
                 "  --show-dsp           print the DSP kernel flavours chosen for this CPU\n"
                 "  --help, --version\n\n"
                 "Every config key is also a long option (--KEY VALUE or --KEY=VALUE;\n"
                 "--no-KEY for yes/no keys); the command line wins over the file:\n\n");
    for (size_t i = 0; i < NKEYS; i++) {
        char head[64];
        snprintf(head, sizeof head, "--%s%s%s", keys[i].name, keys[i].arg ? " " : "",
                 keys[i].arg ? keys[i].arg : "");
        fprintf(out, "  %-26s ", head);
        for (const char *h = keys[i].help; *h; h++) {
            fputc(*h, out);
            if (*h == '\n') fprintf(out, "  %-26s ", "");
        }
        fputc('\n', out);
    }
    fprintf(out, "\nEvery alert engine key (alerts/engine.h, docs/alerts.md) is accepted too, in\n"
                 "the file or as --KEY VALUE (- or _ alike):\n ");
    int col = 1;
    for (const char *const *k = engine_config_keys(); *k; k++) {
        if (!strcmp(*k, "station") || !strcmp(*k, "zones")) continue;
        if (col + (int)strlen(*k) + 1 > 78) {
            fprintf(out, "\n ");
            col = 1;
        }
        col += fprintf(out, " %s", *k);
    }
    fprintf(out, "\n");
    fprintf(out, "\nExit status: 0 ok, 1 runtime failure, 64 configuration error.\n"
                 "Signals: SIGTERM/SIGINT stop; SIGHUP reloads zones and the CURVE allow list,\n"
                 "and with a state-dir also the watchlist and alerts-config (without one,\n"
                 "changed ones are refused and logged: restart to apply them). Files that do\n"
                 "not load change nothing.\n"
                 "See docs/daemon.md for topics, message formats and the query protocol.\n");
}
