/* eval.c: alert log vs scenario truth: matching, per-type precision and
 * recall, dark.start latency, dark alerts where none may be. Reads both as
 * JSON lines (decode/jparse), one line a JSON object. */
#include "alerts/eval.h"

#include "decode/err.h"
#include "decode/jparse.h"
#include "decode/utc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_EXPECT 6
#define MIN_MS 60000LL

struct ev {
    int run;
    char kind[24];
    unsigned mmsi, mmsi2;
    int64_t t0, t1, thr;
    double interval;
    int no_dark;
    char expect[MAX_EXPECT][24];
    int nexpect;
    char allow[MAX_EXPECT][24]; /* may raise, need not (open at the end) */
    int nallow;
    int possible; /* the allow is a possible port call ("possible_port") */
    int matched[MAX_EXPECT];
};

struct al {
    int run;
    char type[24];
    unsigned mmsi, mmsi2;
    int64_t t;
    double lat, interval; /* matched dark.start: latency after the threshold, interval */
    int status; /* 0 unscored/none/allowed, 1 tp, 2 dup, 3 fp, 4 allowed: a possible port call */
};

struct eval {
    struct ev *ev;
    size_t nev, evcap;
    struct al *al;
    size_t nal, alcap;
    unsigned truth_lines;
    int run;
    double thr_intervals, thr_floor; /* > 0: override the truth's thresholds */
    int thr_max;                     /* the override is max(floor, intervals), not their sum */
};

/* Where an alert of each type may fall, around its event [t0, t1]:
 * [(lo_end ? t1 : t0) - before, (hi_end ? t1 : t0) + after]. */
static const struct rule {
    const char *type;
    int lo_end, hi_end;
    int64_t before, after;
    int station; /* no MMSI to match */
    int pair;    /* mmsi or mmsi2 */
} rules[] = {
    {"dark.start", 0, 1, 0, MIN_MS, 0, 0},
    {"dark.end", 1, 1, MIN_MS, 30 * MIN_MS, 0, 0},
    {"dark.port_call", 1, 1, MIN_MS, 30 * MIN_MS, 0, 0},
    {"coverage.exit", 0, 1, 0, 120 * MIN_MS, 0, 0},
    {"station.degraded", 0, 1, MIN_MS, 5 * MIN_MS, 1, 0},
    {"station.restored", 1, 1, MIN_MS, 15 * MIN_MS, 1, 0},
    {"encounter", 0, 1, 0, 30 * MIN_MS, 0, 1},
    {"loiter", 0, 1, 0, 30 * MIN_MS, 0, 0},
    {"spoof.jump", 0, 0, MIN_MS, 5 * MIN_MS, 0, 0},
    {"spoof.mmsi_shared", 0, 1, 0, 30 * MIN_MS, 0, 0},
    {"spoof.invalid_mmsi", 0, 1, 30 * MIN_MS, MIN_MS, 0, 0},
    {"identity.change", 0, 0, MIN_MS, 30 * MIN_MS, 0, 0},
};

static const struct rule *rule_of(const char *type)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(rules[i].type, type)) return &rules[i];
    return NULL;
}

/* ---- members of one JSON line (decode/jparse) ----------------------------- */

static int jstr(const struct jparse_val *o, const char *key, char *out, size_t max)
{
    const char *v = jparse_str(o, key);
    if (!v) return -1;
    snprintf(out, max, "%s", v);
    return 0;
}

static int jnum(const struct jparse_val *o, const char *key, double *v)
{
    const struct jparse_val *n = jparse_get(o, key);
    if (!n || n->type != JP_NUM) return -1;
    *v = n->num;
    return 0;
}

/* ---- input ----------------------------------------------------------------- */

struct eval *eval_create(void)
{
    return calloc(1, sizeof(struct eval));
}

void eval_destroy(struct eval *e)
{
    if (!e) return;
    free(e->ev);
    free(e->al);
    free(e);
}

/* A JSON array of type names (up to the first that is not a string). */
static void read_types(const struct jparse_val *a, char out[][24], int *n)
{
    *n = 0;
    if (!a || a->type != JP_ARR) return;
    for (size_t i = 0; i < a->n && a->items[i].type == JP_STR && *n < MAX_EXPECT; i++)
        snprintf(out[(*n)++], 24, "%s", a->items[i].str);
}

void eval_set_run(struct eval *e, int k)
{
    e->run = k;
}

void eval_set_threshold(struct eval *e, double intervals, double floor_s, int max_form)
{
    e->thr_intervals = intervals;
    e->thr_floor = floor_s;
    e->thr_max = max_form;
}

/* The line as a JSON object: NULL for a blank line (*rc 0) or one that is not
 * an object (*rc AISD_E_FORMAT). */
static struct jparse_val *read_line(const char *line, int *rc)
{
    *rc = 0;
    size_t len = strlen(line);
    if (strspn(line, " \t\r\n") == len) return NULL;
    struct jparse_val *o = jparse(line, len, NULL, 0);
    if (!o || o->type != JP_OBJ) {
        jparse_free(o);
        *rc = AISD_E_FORMAT;
        return NULL;
    }
    return o;
}

static int add_truth(struct eval *e, const struct jparse_val *o)
{
    struct ev v = {0};
    v.run = e->run;
    if (jstr(o, "kind", v.kind, sizeof v.kind)) return AISD_E_FORMAT;
    if (!strcmp(v.kind, "scenario")) return 0;
    double x;
    if (!jnum(o, "mmsi", &x)) v.mmsi = (unsigned)x;
    if (!jnum(o, "mmsi2", &x)) v.mmsi2 = (unsigned)x;
    if (jnum(o, "start_ms", &x)) return AISD_E_FORMAT;
    v.t0 = (int64_t)x;
    v.t1 = jnum(o, "end_ms", &x) ? v.t0 : (int64_t)x;
    v.thr = jnum(o, "threshold_ms", &x) ? v.t0 : (int64_t)x;
    v.interval = jnum(o, "interval_s", &x) ? 10.0 : x;
    const struct jparse_val *nd = jparse_get(o, "no_dark");
    v.no_dark = nd && nd->type == JP_BOOL && nd->num;
    read_types(jparse_get(o, "expect"), v.expect, &v.nexpect);
    read_types(jparse_get(o, "allow"), v.allow, &v.nallow);
    v.possible = jparse_str(o, "possible_port") != NULL;
    if (e->nev == e->evcap) {
        size_t cap = e->evcap ? 2 * e->evcap : 64;
        struct ev *n = realloc(e->ev, cap * sizeof *n);
        if (!n) return AISD_E_NOMEM;
        e->ev = n;
        e->evcap = cap;
    }
    e->ev[e->nev++] = v;
    return 0;
}

int eval_add_truth_line(struct eval *e, const char *line)
{
    e->truth_lines++;
    int rc;
    struct jparse_val *o = read_line(line, &rc);
    if (o) rc = add_truth(e, o);
    jparse_free(o);
    return rc;
}

static int add_alert(struct eval *e, const struct jparse_val *o)
{
    char cls[16];
    struct al a = {0};
    a.run = e->run;
    a.lat = NAN;
    /* aisd's other objects (VESSEL, STATUS) are skipped; an object with no
     * class (a truth line) is not understood: the caller counts it, and a file
     * of nothing else is refused */
    if (jstr(o, "class", cls, sizeof cls)) return AISD_E_FORMAT;
    if (strcmp(cls, "ALERT")) return 0;
    char ts[40];
    /* "time" as aisd writes it (jsonw_format_utc_ms): an offset or an
     * impossible date is refused, not read as something else */
    if (jstr(o, "type", a.type, sizeof a.type) || jstr(o, "time", ts, sizeof ts) ||
        utc_parse(ts, &a.t))
        return AISD_E_FORMAT;
    double x;
    if (!jnum(o, "mmsi", &x)) a.mmsi = (unsigned)x;
    if (!jnum(o, "mmsi2", &x)) a.mmsi2 = (unsigned)x;
    if (e->nal == e->alcap) {
        size_t cap = e->alcap ? 2 * e->alcap : 64;
        struct al *n = realloc(e->al, cap * sizeof *n);
        if (!n) return AISD_E_NOMEM;
        e->al = n;
        e->alcap = cap;
    }
    e->al[e->nal++] = a;
    return 0;
}

int eval_add_alert_line(struct eval *e, const char *line)
{
    if (line[strspn(line, " \t\r\n")] != '{') return 0; /* e.g. "topic json" lines */
    int rc;
    struct jparse_val *o = read_line(line, &rc);
    if (o) rc = add_alert(e, o);
    jparse_free(o);
    return rc;
}

/* ---- scoring --------------------------------------------------------------- */

static int cmp_alert(const void *x, const void *y)
{
    const struct al *a = x, *b = y;
    if (a->run != b->run) return a->run < b->run ? -1 : 1;
    return a->t < b->t ? -1 : a->t > b->t;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static struct eval_type_score *score_of(struct eval_result *r, const char *type)
{
    for (int i = 0; i < r->ntypes; i++)
        if (!strcmp(r->t[i].type, type)) return &r->t[i];
    if (r->ntypes >= EVAL_MAX_TYPES) return NULL;
    struct eval_type_score *s = &r->t[r->ntypes++];
    memset(s, 0, sizeof *s);
    snprintf(s->type, sizeof s->type, "%s", type);
    return s;
}

const struct eval_type_score *eval_type(const struct eval_result *r, const char *type)
{
    for (int i = 0; i < r->ntypes; i++)
        if (!strcmp(r->t[i].type, type)) return &r->t[i];
    return NULL;
}

/* The first unmatched expectation of type in v, else any matched one, else -1
 * (an event may expect a type more than once: identity.change per field). */
static int expects(const struct ev *v, const char *type)
{
    int any = -1;
    for (int k = 0; k < v->nexpect; k++)
        if (!strcmp(v->expect[k], type)) {
            if (!v->matched[k]) return k;
            any = k;
        }
    return any;
}

static int in_window(const struct rule *ru, const struct ev *v, const struct al *a)
{
    int64_t lo = (ru->lo_end ? v->t1 : v->t0) - ru->before;
    int64_t hi = (ru->hi_end ? v->t1 : v->t0) + ru->after;
    if (a->run != v->run || a->t < lo || a->t > hi) return 0;
    if (ru->station) return 1;
    if (ru->pair) return a->mmsi == v->mmsi || a->mmsi == v->mmsi2;
    return a->mmsi == v->mmsi;
}

/* 0: no event allows the alert; 1: one open at the end does; 2: only a
 * gap that could have been a port call (the truth's "possible_port") */
static int allowed_by_any(const struct eval *e, const struct rule *ru, const struct al *a)
{
    int why = 0;
    for (size_t i = 0; i < e->nev; i++) {
        const struct ev *v = &e->ev[i];
        for (int k = 0; k < v->nallow; k++)
            if (!strcmp(v->allow[k], a->type) && in_window(ru, v, a)) {
                if (!v->possible) return 1;
                why = 2;
            }
    }
    return why;
}

static int is_dark_type(const char *t)
{
    return !strncmp(t, "dark.", 5);
}

/* Where a dark alert that matches no dark event fell. */
static void classify_false_dark(const struct eval *e, const struct al *a, struct eval_result *r)
{
    int edge = 0, outage = 0, interf = 0, port = 0, shared = 0;
    for (size_t i = 0; i < e->nev; i++) {
        const struct ev *v = &e->ev[i];
        if (!v->no_dark || v->run != a->run) continue;
        if (v->mmsi == 0) {
            if (a->t >= v->t0 && a->t <= v->t1 + 10 * MIN_MS) {
                if (!strcmp(v->kind, "interference"))
                    interf = 1;
                else
                    outage = 1;
            }
            continue;
        }
        if (v->mmsi != a->mmsi && v->mmsi2 != a->mmsi) continue;
        if (!strcmp(v->kind, "edge_exit") && a->t >= v->t0 - 10 * MIN_MS &&
            a->t <= v->t1 + 60 * MIN_MS)
            edge = 1;
        else if ((!strcmp(v->kind, "port") || !strcmp(v->kind, "anchor")) && a->t >= v->t0 &&
                 a->t <= v->t1)
            port = 1;
        else if (!strcmp(v->kind, "mmsi_shared") && a->t >= v->t0 && a->t <= v->t1 + 30 * MIN_MS)
            shared = 1;
    }
    if (edge)
        r->dark_at_edge++;
    else if (outage)
        r->dark_in_outage++;
    else if (interf)
        r->dark_in_interference++;
    else if (port)
        r->dark_in_port++;
    else if (shared)
        r->dark_shared++;
}

int eval_compute(struct eval *e, struct eval_result *r)
{
    memset(r, 0, sizeof *r);
    r->events = (unsigned)e->nev;
    r->alerts = (unsigned)e->nal;
    for (size_t i = 0; i < e->nev; i++) {
        memset(e->ev[i].matched, 0, sizeof e->ev[i].matched);
        for (int k = 0; k < e->ev[i].nexpect; k++) {
            struct eval_type_score *s = score_of(r, e->ev[i].expect[k]);
            if (s) s->truth++;
        }
    }
    if (e->nal) qsort(e->al, e->nal, sizeof *e->al, cmp_alert);
    double *lat = malloc((e->nal + 1) * sizeof *lat);
    if (!lat) return AISD_E_NOMEM;
    for (size_t j = 0; j < e->nal; j++) {
        struct al *a = &e->al[j];
        a->status = 0;
        const struct rule *ru = rule_of(a->type);
        if (!ru) { /* zone.enter and other types no truth event describes */
            r->unscored++;
            continue;
        }
        struct eval_type_score *s = score_of(r, a->type);
        if (!s) continue;
        s->alerts++;
        struct ev *best = NULL;
        int best_k = -1, dup = 0, why;
        for (size_t i = 0; i < e->nev; i++) {
            struct ev *v = &e->ev[i];
            int k = expects(v, a->type);
            if (k < 0 || !in_window(ru, v, a)) continue;
            if (v->matched[k]) {
                dup = 1;
                continue;
            }
            if (!best || v->t0 < best->t0) {
                best = v;
                best_k = k;
            }
        }
        if (best) {
            best->matched[best_k] = 1;
            a->status = 1;
            s->tp++;
            if (!strcmp(a->type, "dark.start")) {
                int64_t thr = best->thr;
                double ni = e->thr_intervals * best->interval;
                if (e->thr_intervals > 0)
                    thr = best->t0 + (int64_t)llround(1000.0 * (e->thr_max ? fmax(e->thr_floor, ni)
                                                                           : ni + e->thr_floor));
                double l = (double)(a->t - thr) / 1000.0;
                a->lat = l;
                a->interval = best->interval;
                lat[r->lat_n++] = l;
                r->lat_within_interval += l <= best->interval;
                r->lat_early += l < 0;
            }
        } else if ((why = allowed_by_any(e, ru, a))) {
            /* raised for an event that may (not must) raise it */
            a->status = why == 2 ? 4 : 0;
            s->allowed++;
            s->possible += why == 2;
        } else if (dup) {
            a->status = 2;
            s->dup++;
            s->fp++;
        } else {
            a->status = 3;
            s->fp++;
            if (is_dark_type(a->type)) classify_false_dark(e, a, r);
        }
    }
    for (int i = 0; i < r->ntypes; i++)
        r->t[i].fn = r->t[i].truth - (r->t[i].tp < r->t[i].truth ? r->t[i].tp : r->t[i].truth);
    const struct eval_type_score *ds = eval_type(r, "dark.start");
    r->lat_expected = ds ? ds->truth : 0;
    if (r->lat_n) {
        qsort(lat, r->lat_n, sizeof *lat, cmp_double);
        double sum = 0;
        for (unsigned i = 0; i < r->lat_n; i++)
            sum += lat[i];
        r->lat_mean = sum / r->lat_n;
        r->lat_median =
            r->lat_n % 2 ? lat[r->lat_n / 2] : 0.5 * (lat[r->lat_n / 2 - 1] + lat[r->lat_n / 2]);
        r->lat_p95 = lat[(size_t)ceil(0.95 * r->lat_n) - 1]; /* nearest rank */
        r->lat_max = lat[r->lat_n - 1];
    }
    free(lat);
    return 0;
}

static double ratio(unsigned a, unsigned b)
{
    return b ? (double)a / (double)b : NAN;
}

void eval_print(const struct eval_result *r, FILE *f)
{
    fprintf(f, "%u truth events, %u alerts (%u of types no event scores)\n\n", r->events, r->alerts,
            r->unscored);
    fprintf(f, "%-20s %6s %6s %5s %5s %5s %5s %9s %7s\n", "type", "truth", "alerts", "TP", "FP",
            "dup", "FN", "precision", "recall");
    for (int i = 0; i < r->ntypes; i++) {
        const struct eval_type_score *s = &r->t[i];
        double p = ratio(s->tp, s->tp + s->fp), rc = ratio(s->tp, s->truth);
        fprintf(f, "%-20s %6u %6u %5u %5u %5u %5u ", s->type, s->truth, s->alerts, s->tp, s->fp,
                s->dup, s->fn);
        if (isnan(p))
            fprintf(f, "%9s ", "-");
        else
            fprintf(f, "%9.3f ", p);
        if (isnan(rc))
            fprintf(f, "%7s\n", "-");
        else
            fprintf(f, "%7.3f\n", rc);
    }
    for (int i = 0; i < r->ntypes; i++) {
        const struct eval_type_score *s = &r->t[i];
        if (!s->possible) continue;
        fprintf(f,
                "%s: %u allowed, gaps that could have reached a port (truth \"allow\", not "
                "scored); strict, counting them false: precision %.3f (%u TP, %u FP)\n",
                s->type, s->possible, ratio(s->tp, s->tp + s->fp + s->possible), s->tp,
                s->fp + s->possible);
    }
    fprintf(f, "\ndark.start latency after the threshold (switch-off + a multiple of the interval "
               "plus a floor; `aisctl scenario`: 6 intervals + 60 s):\n");
    if (r->lat_n)
        fprintf(f,
                "  n %u, mean %.1f s, median %.1f s, p95 %.1f s, max %.1f s; within one interval: "
                "%u/%u (of %u raised); before the threshold: %u\n",
                r->lat_n, r->lat_mean, r->lat_median, r->lat_p95, r->lat_max,
                r->lat_within_interval, r->lat_expected, r->lat_n, r->lat_early);
    else
        fprintf(f, "  no matched dark.start\n");
    fprintf(f, "dark alerts at edge exits:         %u (target 0)\n", r->dark_at_edge);
    fprintf(f, "dark alerts in station outages:    %u (target 0)\n", r->dark_in_outage);
    fprintf(f, "dark alerts during interference:   %u\n", r->dark_in_interference);
    fprintf(f, "dark alerts in port or at anchor:  %u\n", r->dark_in_port);
    fprintf(f, "dark alerts for shared MMSIs:      %u\n", r->dark_shared);
    const struct eval_type_score *start = eval_type(r, "dark.start");
    fprintf(f, "targets (dark P/R >= 0.95, no dark at edges/outages, latency <= 1 interval): %s\n",
            eval_targets_met(r)       ? "met"
            : !start || !start->truth ? "NOT met (no dark.start in the truth: nothing measured)"
                                      : "NOT met");
}

static void jnum_or_null(FILE *f, const char *key, double v)
{
    if (isnan(v))
        fprintf(f, "\"%s\": null", key);
    else
        fprintf(f, "\"%s\": %.4f", key, v);
}

void eval_print_json(const struct eval_result *r, FILE *f)
{
    fprintf(f, "{\"events\": %u, \"alerts\": %u, \"unscored\": %u, \"types\": {", r->events,
            r->alerts, r->unscored);
    for (int i = 0; i < r->ntypes; i++) {
        const struct eval_type_score *s = &r->t[i];
        fprintf(f,
                "%s\"%s\": {\"truth\": %u, \"alerts\": %u, \"tp\": %u, \"fp\": %u, \"dup\": %u, "
                "\"fn\": %u, ",
                i ? ", " : "", s->type, s->truth, s->alerts, s->tp, s->fp, s->dup, s->fn);
        jnum_or_null(f, "precision", ratio(s->tp, s->tp + s->fp));
        fputs(", ", f);
        jnum_or_null(f, "recall", ratio(s->tp, s->truth));
        fprintf(f, ", \"allowed\": %u, \"possible\": %u, ", s->allowed, s->possible);
        jnum_or_null(f, "precision_strict", ratio(s->tp, s->tp + s->fp + s->possible));
        fputc('}', f);
    }
    fprintf(f, "}, \"dark_latency\": {\"n\": %u, ", r->lat_n);
    jnum_or_null(f, "mean_s", r->lat_n ? r->lat_mean : NAN);
    fputs(", ", f);
    jnum_or_null(f, "median_s", r->lat_n ? r->lat_median : NAN);
    fputs(", ", f);
    jnum_or_null(f, "p95_s", r->lat_n ? r->lat_p95 : NAN);
    fputs(", ", f);
    jnum_or_null(f, "max_s", r->lat_n ? r->lat_max : NAN);
    fprintf(f,
            ", \"within_interval\": %u, \"expected\": %u, \"early\": %u}, \"dark_at_edge\": %u, "
            "\"dark_in_outage\": %u, "
            "\"dark_in_interference\": %u, \"dark_in_port\": %u, \"dark_shared\": %u, "
            "\"targets_met\": %s}\n",
            r->lat_within_interval, r->lat_expected, r->lat_early, r->dark_at_edge,
            r->dark_in_outage, r->dark_in_interference, r->dark_in_port, r->dark_shared,
            eval_targets_met(r) ? "true" : "false");
}

int eval_targets_met(const struct eval_result *r)
{
    static const char *const dark[] = {"dark.start", "dark.end"};
    /* nothing to measure is no target met: a truth without a switch-off */
    const struct eval_type_score *start = eval_type(r, "dark.start");
    if (!start || !start->truth) return 0;
    for (int i = 0; i < 2; i++) {
        const struct eval_type_score *s = eval_type(r, dark[i]);
        if (!s) continue;
        if (s->truth && ratio(s->tp, s->truth) < 0.95) return 0;
        if (s->tp + s->fp && ratio(s->tp, s->tp + s->fp) < 0.95) return 0;
    }
    /* every expected dark.start within one interval: a missed one is not */
    return r->dark_at_edge == 0 && r->dark_in_outage == 0 &&
           r->lat_within_interval == r->lat_expected;
}

void eval_print_details(struct eval *e, FILE *f)
{
    char iso[32];
    for (size_t j = 0; j < e->nal; j++) {
        const struct al *a = &e->al[j];
        time_t t = (time_t)(a->t / 1000);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (a->status == 1 && isfinite(a->lat))
            fprintf(
                f,
                "run %d dark.start mmsi %u at %s: %.1f s after the threshold (interval %.0f s)\n",
                a->run, a->mmsi, iso, a->lat, a->interval);
        if (a->status < 2) continue;
        fprintf(f, "run %d %s alert: %s mmsi %u at %s\n", a->run,
                a->status == 2   ? "duplicate"
                : a->status == 4 ? "allowed (possible port call)"
                                 : "false",
                a->type, a->mmsi, iso);
    }
    for (size_t i = 0; i < e->nev; i++) {
        const struct ev *v = &e->ev[i];
        for (int k = 0; k < v->nexpect; k++) {
            if (v->matched[k]) continue;
            time_t t = (time_t)(v->t0 / 1000);
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
            fprintf(f, "run %d missed: %s for %s mmsi %u starting %s\n", v->run, v->expect[k],
                    v->kind, v->mmsi, iso);
        }
    }
}
