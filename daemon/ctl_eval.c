/* ctl_eval.c: `aisctl eval --truth FILE ALERTS.jsonl`: scores an alert log
 * (aisctl alerts, aisd's alert log) against a scenario's ground truth
 * (aisctl scenario) with alerts/eval. */
#include "daemon/ctl.h"

#include "alerts/eval.h"
#include "decode/err.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: aisctl eval --truth FILE [--truth FILE...] [--json] [--verbose] [--strict]\n"
            "                   [ALERTS.jsonl|-]...\n"
            "Precision and recall per alert type of an alert log (JSON lines) against the\n"
            "ground truth of `aisctl scenario`, the latency of dark.start after its\n"
            "threshold (per alert with --verbose; mean, median, p95, max), and dark alerts\n"
            "raised at edge exits and in station outages. Several runs (e.g. seeds) are\n"
            "scored together: the n-th --truth goes with the n-th alert log.\n"
            "  -t, --truth FILE   scenario ground truth (JSON lines)\n"
            "  -j, --json         one JSON object instead of the table\n"
            "  -v, --verbose      list false and duplicate alerts and missed events\n"
            "      --strict       exit 1 unless the issue's targets are met\n"
            "      --threshold N,S[,max]  dark threshold = switch-off + N intervals + S s\n"
            "                     (with ,max: switch-off + max(S s, N intervals), the rule\n"
            "                     before session 10; default from the truth file: 6,60)\n");
}

typedef int (*line_fn)(struct eval *e, const char *line);

/* Feed every line of path to fn. -1 when the file cannot be read, or when it
 * has lines and not one of them was understood (the wrong file, or the two
 * files swapped: scoring nothing would print "targets met"). */
static int read_lines(const char *path, struct eval *e, line_fn fn, const char *what)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        fprintf(stderr, "aisctl eval: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned lineno = 0, bad = 0, blank = 0;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (strspn(line, " \t\r\n") == (size_t)n) {
            blank++;
            continue;
        }
        int r = fn(e, line);
        if (r == AISD_E_NOMEM) {
            rc = -1;
            break;
        }
        if (r && bad++ < 5)
            fprintf(stderr, "aisctl eval: %s line %u: not understood\n", what, lineno);
    }
    free(line);
    if (f != stdin) fclose(f);
    if (bad) fprintf(stderr, "aisctl eval: %u %s lines skipped\n", bad, what);
    if (!rc && bad && bad == lineno - blank) {
        fprintf(stderr, "aisctl eval: %s: no %s line understood: not %s\n", path, what,
                !strcmp(what, "truth") ? "the ground truth of aisctl scenario"
                                       : "an alert log (JSON lines of aisctl alerts or aisd)");
        rc = -1;
    }
    return rc;
}

int ctl_eval(int argc, char **argv)
{
    const char *truth[64];
    int ntruth = 0;
    int json = 0, verbose = 0, strict = 0;
    double thr_n = 0, thr_s = 0;
    int thr_max = 0;
    enum { O_STRICT = 256, O_THRESHOLD, O_HELP };
    static const struct option lo[] = {
        {"truth", required_argument, 0, 't'},
        {"json", no_argument, 0, 'j'},
        {"verbose", no_argument, 0, 'v'},
        {"strict", no_argument, 0, O_STRICT},
        {"threshold", required_argument, 0, O_THRESHOLD},
        {"help", no_argument, 0, O_HELP},
        {0, 0, 0, 0},
    };
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "t:jvh", lo, NULL)) != -1) {
        switch (ch) {
        case 't':
            if (ntruth == 64) {
                fprintf(stderr, "aisctl eval: at most 64 runs\n");
                return EXIT_USAGE;
            }
            truth[ntruth++] = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case O_STRICT:
            strict = 1;
            break;
        case O_THRESHOLD: {
            char form[8] = "";
            if (sscanf(optarg, "%lf,%lf,%7s", &thr_n, &thr_s, form) < 2 || !(thr_n > 0) ||
                thr_s < 0 || (form[0] && strcmp(form, "max"))) {
                fprintf(stderr, "aisctl eval: --threshold wants N,S or N,S,max (e.g. 6,60)\n");
                return EXIT_USAGE;
            }
            thr_max = form[0] != 0;
            break;
        }
        case 'h':
        case O_HELP:
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    int nalerts = argc - optind;
    if (!ntruth || (nalerts > 1 && nalerts != ntruth) || (nalerts <= 1 && ntruth > 1)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct eval *e = eval_create();
    if (!e) return 1;
    if (thr_n > 0) eval_set_threshold(e, thr_n, thr_s, thr_max);
    int rc = 1;
    for (int k = 0; k < ntruth; k++) {
        const char *alerts = nalerts ? argv[optind + k] : "-";
        eval_set_run(e, k);
        if (read_lines(truth[k], e, eval_add_truth_line, "truth") ||
            read_lines(alerts, e, eval_add_alert_line, "alert"))
            goto done;
    }
    struct eval_result r;
    if (eval_compute(e, &r)) goto done;
    if (json)
        eval_print_json(&r, stdout);
    else
        eval_print(&r, stdout);
    if (verbose) eval_print_details(e, json ? stderr : stdout);
    rc = strict && !eval_targets_met(&r) ? 1 : 0;
done:
    eval_destroy(e);
    return rc;
}
