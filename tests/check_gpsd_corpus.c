/* check_gpsd_corpus.c: the corpus targets. (1) For every gpsd log
 * with expected output, `aisctl decode` run as a real process prints what
 * gpsd printed, line for line and field for field (sample.aivdm: scaled JSON,
 * unscaled JSON, pipe dump; the daemon logs: unscaled JSON without "device",
 * see below). (2) libais tagblock.nmea: tag-block fields and decoded values
 * match tagblock.json. (3) Every other corpus log decodes, and each rejected
 * line is rejected for the reason the file's content calls for.
 *
 * gpsd's daemon .chk files differ from gpsdecode output: they echo each input
 * line, carry TPV/SKY/... reports for GPS sentences, omit "device", are
 * unscaled, and gpsd re-reports the last AIS message after a following
 * non-AIS sentence. We keep only AIS reports that directly follow an echoed
 * !AIVDM/!AIVDO line, which is one report per message received. */
#include "decode/ais_json.h"
#include "decode/ais_msg.h"
#include "decode/armour.h"
#include "decode/err.h"
#include "decode/nmea.h"
#include "decode/nmea_sentence.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* ---- text helpers ---- */

struct lines {
    char **v;
    size_t n;
    char *buf;
};

/* Split a malloc'd text into lines (CR LF or LF), taking ownership. */
static struct lines split_lines(char *text)
{
    struct lines l = {NULL, 0, text};
    size_t cap = 0;
    char *p = text;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r') p[len - 1] = '\0';
        if (l.n == cap) {
            cap = cap ? 2 * cap : 256;
            l.v = realloc(l.v, cap * sizeof *l.v);
        }
        l.v[l.n++] = p;
        p = nl ? nl + 1 : NULL;
    }
    return l;
}

static void free_lines(struct lines *l)
{
    free(l->v);
    free(l->buf);
}

/* Run aisctl decode ARGS FILE; stdout as lines. */
static struct lines run_decode(const char *args, const char *file)
{
    char *aisctl = test_build_program("aisctl");
    char *dir = test_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char out[1024], cmd[4096];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(cmd, sizeof cmd, "%s decode -q %s '%s' > '%s'", aisctl, args, file, out);
    int st = system(cmd);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s failed", cmd);
    size_t n;
    char *text = test_read_file(out, &n);
    ck_assert_ptr_nonnull(text);
    test_rmdir_r(dir);
    free(dir);
    free(aisctl);
    return split_lines(text);
}

/* The top-level members of a one-line JSON object, as "name":value strings. */
static size_t members(const char *obj, const char **start, size_t *len, size_t max)
{
    size_t n = 0;
    const char *p = obj;
    if (*p == '{') p++;
    while (*p && *p != '}' && n < max) {
        const char *s = p;
        int depth = 0, instr = 0;
        for (; *p; p++) {
            if (instr) {
                if (*p == '\\' && p[1])
                    p++;
                else if (*p == '"')
                    instr = 0;
            } else if (*p == '"') {
                instr = 1;
            } else if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (depth == 0) break;
                depth--;
            } else if (*p == ',' && depth == 0) {
                break;
            }
        }
        start[n] = s;
        len[n] = (size_t)(p - s);
        n++;
        if (*p == ',') p++;
    }
    return n;
}

/* Print which members differ between two JSON lines. */
static void explain(const char *what, size_t line, const char *got, const char *want)
{
    const char *gs[256], *ws[256];
    size_t gl[256], wl[256];
    size_t ng = members(got, gs, gl, 256), nw = members(want, ws, wl, 256);
    printf("  %s: mismatch at output line %zu\n", what, line + 1);
    size_t shown = 0;
    for (size_t i = 0; i < (ng > nw ? ng : nw) && shown < 6; i++) {
        int same = i < ng && i < nw && gl[i] == wl[i] && !memcmp(gs[i], ws[i], gl[i]);
        if (same) continue;
        printf("    member %zu: ours %.*s | gpsd %.*s\n", i + 1, i < ng ? (int)gl[i] : 6,
               i < ng ? gs[i] : "(none)", i < nw ? (int)wl[i] : 6, i < nw ? ws[i] : "(none)");
        shown++;
    }
}

/* Compare line lists; print the first few differences; return mismatches. */
static size_t compare(const char *what, const struct lines *got, const struct lines *want)
{
    size_t n = got->n > want->n ? got->n : want->n, bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *g = i < got->n ? got->v[i] : "";
        const char *w = i < want->n ? want->v[i] : "";
        if (strcmp(g, w) == 0) continue;
        if (bad < 3) explain(what, i, g, w);
        bad++;
    }
    printf("%s: %zu lines ours, %zu gpsd, %zu mismatches\n", what, got->n, want->n, bad);
    return bad;
}

/* ---- (1) gpsd's expected output ---- */

static void check_sample(const char *args, const char *chk)
{
    char *log = test_corpus_file("nmea/gpsd/sample.aivdm");
    char rel[256];
    snprintf(rel, sizeof rel, "nmea/gpsd/%s", chk);
    char *exp = test_corpus_file(rel);
    if (!log || !exp) {
        free(log);
        free(exp);
        return;
    }
    size_t n;
    struct lines want = split_lines(test_read_file(exp, &n));
    struct lines got = run_decode(args, log);
    char what[300];
    snprintf(what, sizeof what, "sample.aivdm %s vs %s", args, chk);
    ck_assert_uint_gt(want.n, 90);
    size_t bad = compare(what, &got, &want);
    ck_assert_msg(bad == 0, "%s: %zu mismatches", what, bad);
    free_lines(&want);
    free_lines(&got);
    free(log);
    free(exp);
}

START_TEST(sample_scaled)
{
    check_sample("", "sample.aivdm.js.chk");
}
END_TEST

START_TEST(sample_unscaled)
{
    check_sample("-u", "sample.aivdm.ju.chk");
}
END_TEST

START_TEST(sample_pipe)
{
    check_sample("-c", "sample.aivdm.chk");
}
END_TEST

static const char *const daemon_logs[] = {"ais-18-27.log", "ais-nmea-type6-fid55.log",
                                          "ais-nmea.log", "ais_unpack_sixbit.log"};

START_TEST(daemon_log)
{
    char rel[256];
    snprintf(rel, sizeof rel, "nmea/gpsd/%s", daemon_logs[_i]);
    char *log = test_corpus_file(rel);
    snprintf(rel, sizeof rel, "nmea/gpsd/%s.chk", daemon_logs[_i]);
    char *exp = test_corpus_file(rel);
    if (!log || !exp) {
        free(log);
        free(exp);
        return;
    }
    size_t n;
    struct lines chk = split_lines(test_read_file(exp, &n));
    /* Keep the AIS reports that follow an echoed AIS sentence. */
    struct lines want = {malloc((chk.n + 1) * sizeof(char *)), 0, NULL};
    char last = 0;
    size_t skipped_other = 0, skipped_repeat = 0;
    for (size_t i = 0; i < chk.n; i++) {
        const char *l = chk.v[i];
        if (l[0] == '!' || l[0] == '$') {
            last = l[0];
        } else if (strncmp(l, "{\"class\":\"AIS\"", 14) == 0) {
            if (last == '!')
                want.v[want.n++] = chk.v[i];
            else
                skipped_repeat++;
        } else if (l[0] == '{') {
            skipped_other++;
        }
    }
    printf("%s: %zu AIS reports expected (%zu non-AIS reports and %zu gpsd re-reports "
           "skipped)\n",
           daemon_logs[_i], want.n, skipped_other, skipped_repeat);
    struct lines got = run_decode("-u --device=", log);
    size_t bad = compare(daemon_logs[_i], &got, &want);
    ck_assert_uint_gt(want.n, 0);
    ck_assert_msg(bad == 0, "%s: %zu mismatches", daemon_logs[_i], bad);
    free(want.v);
    free_lines(&got);
    free_lines(&chk);
    free(log);
    free(exp);
}
END_TEST

/* ---- (2) libais tag blocks ---- */

/* Value of "key" in a flat JSON object (libais style "key": value), copied
 * into val without quotes; 0 if absent. */
static int json_get(const char *obj, const char *key, char *val, size_t max)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(obj, pat);
    if (!p) return 0;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    size_t n = 0;
    if (*p == '"') {
        p++;
        while (*p && *p != '"' && n + 1 < max)
            val[n++] = *p++;
    } else if (*p == '{') {
        while (*p && *p != '}' && n + 1 < max)
            val[n++] = *p++;
    } else {
        while (*p && *p != ',' && *p != '}' && *p != ' ' && n + 1 < max)
            val[n++] = *p++;
    }
    val[n] = '\0';
    return 1;
}

static void iso_time(int64_t ms, char *out, size_t max)
{
    int64_t days = ms / 86400000, rem = ms % 86400000;
    /* civil_from_days */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, max, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lld000Z", (long long)y, m, d,
             (long long)(rem / 3600000), (long long)(rem / 60000 % 60),
             (long long)(rem / 1000 % 60), (long long)(rem % 1000));
}

START_TEST(libais_tagblock)
{
    char *nm = test_corpus_file("nmea/libais/tagblock.nmea");
    char *js = test_corpus_file("nmea/libais/tagblock.json");
    if (!nm || !js) {
        free(nm);
        free(js);
        return;
    }
    size_t n;
    struct lines in = split_lines(test_read_file(nm, &n));
    struct lines want = split_lines(test_read_file(js, &n));
    struct nmea *p = nmea_create(NULL);
    ck_assert_ptr_nonnull(p);
    static const char *const keys[] = {
        "type",     "repeat",      "mmsi",         "status",        "speed",       "accuracy",
        "lon",      "lat",         "course",       "heading",       "second",      "maneuver",
        "raim",     "imo",         "callsign",     "shipname",      "shiptype",    "to_bow",
        "to_stern", "to_port",     "to_starboard", "epfd",          "destination", "dte",
        "draught",  "ais_version", "status_text",  "shiptype_text", "epfd_text",   "scaled"};
    size_t k = 0, compared = 0;
    for (size_t i = 0; i < in.n; i++) {
        struct nmea_msg m;
        enum nmea_reason why;
        int r = nmea_push_line(p, in.v[i], strlen(in.v[i]), 0, &m, &why);
        ck_assert_msg(r >= 0, "line %zu: %s", i + 1, nmea_reason_name(why));
        if (r != 1) continue;
        ck_assert_uint_lt(k, want.n);
        const char *w = want.v[k++];
        char v[256], ts[64];
        /* Tag-block fields. */
        ck_assert(json_get(w, "tagblock_station", v, sizeof v));
        ck_assert_str_eq(m.station, v);
        ck_assert_str_eq(m.tag.source, v);
        ck_assert(json_get(w, "tagblock_timestamp", v, sizeof v));
        ck_assert_int_eq(m.has_time, 1);
        iso_time(m.time_ms, ts, sizeof ts);
        ck_assert_str_eq(ts, v);
        if (json_get(w, "tagblock_group", v, sizeof v)) {
            char g[64];
            ck_assert(m.tag.fields & NMEA_TAG_GROUP);
            ck_assert(json_get(v, "groupsize", g, sizeof g) ||
                      json_get(w, "groupsize", g, sizeof g));
            ck_assert_uint_eq(m.tag.group_count, strtoul(g, NULL, 10));
            ck_assert(json_get(w, "id", g, sizeof g));
            ck_assert_uint_eq(m.tag.group_id, strtoul(g, NULL, 10));
            ck_assert(json_get(w, "sentence", g, sizeof g));
            ck_assert_uint_eq(m.tag.group_sentence, strtoul(g, NULL, 10));
        }
        /* Decoded values: every member both sides have. */
        struct ais_msg msg;
        ck_assert_int_eq(ais_decode(m.bytes, m.nbits, &msg), 0);
        char ours[4096];
        struct ais_json_opts o = {.scaled = 1, .device = "stdin"};
        ck_assert_int_gt(ais_json(&msg, &o, ours, sizeof ours), 0);
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
            char a[256], b[256];
            if (!json_get(w, keys[j], b, sizeof b) || !json_get(ours, keys[j], a, sizeof a))
                continue;
            char *ea, *eb;
            double x = strtod(a, &ea), y = strtod(b, &eb);
            if (*a && *b && !*ea && !*eb)
                ck_assert_msg(fabs(x - y) <= 1e-5 * (fabs(y) > 1 ? fabs(y) : 1),
                              "message %zu %s: ours %s libais %s", k, keys[j], a, b);
            else
                ck_assert_msg(strcmp(a, b) == 0, "message %zu %s: ours %s libais %s", k, keys[j], a,
                              b);
            compared++;
        }
    }
    ck_assert_uint_eq(k, want.n);
    printf("libais tagblock: %zu messages, %zu decoded values compared\n", k, compared);
    ck_assert_uint_ge(compared, 40);
    nmea_destroy(p);
    free_lines(&in);
    free_lines(&want);
    free(nm);
    free(js);
}
END_TEST

/* ---- (3) every other log: decodes, rejections for stated reasons ---- */

struct tally {
    struct nmea_stats st;
    size_t messages, decoded, timed;
    size_t msg_rejected[16]; /* by -aisd_err */
};

static struct tally decode_file(const char *rel, int need_time)
{
    struct tally t;
    memset(&t, 0, sizeof t);
    char *path = test_corpus_file(rel);
    if (!path) return t;
    size_t n;
    struct lines in = split_lines(test_read_file(path, &n));
    struct nmea *p = nmea_create(NULL);
    for (size_t i = 0; i < in.n; i++) {
        struct nmea_msg m;
        if (nmea_push_line(p, in.v[i], strlen(in.v[i]), 0, &m, NULL) != 1) continue;
        t.messages++;
        t.timed += m.has_time;
        if (need_time) ck_assert_msg(m.has_time, "%s line %zu: no time", rel, i + 1);
        struct ais_msg msg;
        int err = ais_decode(m.bytes, m.nbits, &msg);
        if (err == 0)
            t.decoded++;
        else if (-err < 16)
            t.msg_rejected[-err]++;
    }
    nmea_flush(p);
    t.st = *nmea_get_stats(p);
    nmea_destroy(p);
    free_lines(&in);
    free(path);
    printf("%s: %llu lines, %zu messages, %zu decoded\n", rel, (unsigned long long)t.st.lines,
           t.messages, t.decoded);
    for (int k = 1; k < NMEA_R_COUNT; k++)
        if (t.st.reason[k])
            printf("  %s %llu\n", nmea_reason_name((enum nmea_reason)k),
                   (unsigned long long)t.st.reason[k]);
    return t;
}

/* Count lines of a corpus file matching a predicate. */
static size_t count_lines(const char *rel, int (*pred)(const char *))
{
    char *path = test_corpus_file(rel);
    if (!path) return 0;
    size_t n, c = 0;
    struct lines in = split_lines(test_read_file(path, &n));
    for (size_t i = 0; i < in.n; i++)
        c += pred(in.v[i]) != 0;
    free_lines(&in);
    free(path);
    return c;
}

static int is_dollar(const char *l)
{
    return l[0] == '$';
}
static int is_bang(const char *l)
{
    return l[0] == '!';
}
static int is_empty_payload(const char *l)
{
    if (l[0] != '!') return 0;
    const char *p = l;
    for (int k = 0; k < 5 && p; k++)
        p = strchr(p + 1, ',');
    return p && p[1] == ',';
}
static int is_first_of_two(const char *l)
{
    return strncmp(l, "!AIVDM,2,1,", 11) == 0;
}
static int is_second_of_two(const char *l)
{
    return strncmp(l, "!AIVDM,2,2,", 11) == 0;
}
static int is_bad_tag(const char *l)
{
    return l[0] == '\\' && strstr(l, "*A\\");
}
static int is_text_garbage(const char *l)
{
    return l[0] && l[0] != '#' && l[0] != '!' && l[0] != '$' && l[0] != '\\';
}
static int is_no_start(const char *l)
{
    return strncmp(l, "AIVDM,", 6) == 0;
}
/* A message type over 27 in a single-sentence payload. */
static int is_bogus_type(const char *l)
{
    const char *p = strstr(l, "VDM,1,1,");
    if (!p || l[0] != '!') return 0;
    p = strchr(p + 8, ',');
    if (!p) return 0;
    p = strchr(p + 1, ',');
    return p && armour_value((unsigned char)p[1]) > 27;
}

/* $PGHP lines with a valid checksum directly followed by an AIS sentence. */
static size_t pghp_followed_by_ais(const char *rel)
{
    char *path = test_corpus_file(rel);
    if (!path) return 0;
    size_t n, c = 0;
    struct lines in = split_lines(test_read_file(path, &n));
    for (size_t i = 0; i + 1 < in.n; i++) {
        const char *l = in.v[i], *star = strchr(l, '*');
        if (strncmp(l, "$PGHP,", 6) != 0 || !star || in.v[i + 1][0] != '!') continue;
        unsigned sum = 0;
        for (const char *q = l + 1; q < star; q++)
            sum ^= (unsigned char)*q;
        c += strtoul(star + 1, NULL, 16) == sum;
    }
    free_lines(&in);
    free(path);
    return c;
}

START_TEST(other_logs)
{
    struct tally t;
    /* libais test.aivdm ("one of each comm state; some may be constructed"):
     * every line is a good sentence; at the message layer, types over 27
     * ('L' = 28) are unsupported and the "likely all junk" type 23 and
     * short type 26/27 payloads fail gpsd's length rules (malformed). */
    t = decode_file("nmea/libais/test.aivdm", 0);
    if (t.st.lines) {
        const char *f = "nmea/libais/test.aivdm";
        ck_assert_uint_eq(t.st.sentences, count_lines(f, is_bang));
        for (int k = 0; k < NMEA_R_COUNT; k++)
            if (nmea_reason_is_reject((enum nmea_reason)k)) ck_assert_uint_eq(t.st.reason[k], 0);
        ck_assert_uint_eq(t.msg_rejected[-AISD_E_UNSUPPORTED], count_lines(f, is_bogus_type));
        ck_assert_uint_gt(t.msg_rejected[-AISD_E_UNSUPPORTED], 0);
        printf("  message layer: %zu unsupported type, %zu malformed\n",
               t.msg_rejected[-AISD_E_UNSUPPORTED], t.msg_rejected[-AISD_E_FORMAT]);
        ck_assert_uint_eq(t.decoded + t.msg_rejected[-AISD_E_UNSUPPORTED] +
                              t.msg_rejected[-AISD_E_FORMAT],
                          t.messages);
    }
    /* noaadata: USCG suffix on every AIS line, its time is the message time;
     * $PAIS/$AIALR/... are not AIS. */
    t = decode_file("nmea/noaadata/test.ais", 1);
    if (t.st.lines) {
        ck_assert_uint_eq(t.st.reason[NMEA_R_NOT_AIS],
                          count_lines("nmea/noaadata/test.ais", is_dollar));
        ck_assert_uint_eq(t.st.sentences, count_lines("nmea/noaadata/test.ais", is_bang));
        ck_assert_uint_eq(t.timed, t.messages);
        ck_assert_uint_eq(t.decoded, t.messages);
    }
    /* pyais nmea_data_sample: "!AIVDM,1,1,,B,,0*25" lines are empty payloads;
     * first fragments of two without their second are dropped. */
    t = decode_file("nmea/pyais/nmea_data_sample.txt", 0);
    if (t.st.lines) {
        const char *f = "nmea/pyais/nmea_data_sample.txt";
        ck_assert_uint_eq(t.st.reason[NMEA_R_EMPTY], count_lines(f, is_empty_payload));
        ck_assert_uint_gt(t.st.reason[NMEA_R_EMPTY], 0);
        size_t lost = count_lines(f, is_first_of_two) - count_lines(f, is_second_of_two);
        ck_assert_uint_eq(t.st.reason[NMEA_R_INCOMPLETE] + t.st.reason[NMEA_R_TIMEOUT], lost);
        ck_assert_uint_eq(t.decoded, t.messages);
    }
    /* pyais mixed: other NMEA, plain text, three tag blocks with a bad "*A". */
    t = decode_file("nmea/pyais/mixed.txt", 0);
    if (t.st.lines) {
        const char *f = "nmea/pyais/mixed.txt";
        ck_assert_uint_eq(t.st.reason[NMEA_R_NOT_AIS], count_lines(f, is_dollar));
        ck_assert_uint_eq(t.st.reason[NMEA_R_NOT_NMEA], count_lines(f, is_text_garbage));
        ck_assert_uint_eq(t.st.reason[NMEA_R_TAG_CHECKSUM], count_lines(f, is_bad_tag));
        ck_assert_uint_eq(t.st.reason[NMEA_R_TAG_CHECKSUM], 3);
        ck_assert_uint_eq(t.decoded, t.messages);
    }
    /* pyais timestamped: every message gets the time of its $PGHP line. */
    t = decode_file("nmea/pyais/timestamped.ais", 0);
    if (t.st.lines) {
        const char *f = "nmea/pyais/timestamped.ais";
        ck_assert_uint_eq(t.st.reason[NMEA_R_NOT_AIS], count_lines(f, is_dollar));
        ck_assert_uint_eq(t.messages, count_lines(f, is_bang));
        ck_assert_uint_eq(t.decoded, t.messages);
        /* Only $PGHP lines with a good checksum count (the file's 2009 line
         * carries the 2008 line's checksum). */
        ck_assert_uint_eq(t.timed, pghp_followed_by_ais(f));
        ck_assert_uint_gt(t.timed, 0);
    }
    /* gpsd sample.aivdm: the fragment without its '!' (gpsd: "yields
     * nothing"); any message type over 27 rejected by the message layer. */
    t = decode_file("nmea/gpsd/sample.aivdm", 0);
    if (t.st.lines) {
        const char *f = "nmea/gpsd/sample.aivdm";
        ck_assert_uint_eq(t.st.reason[NMEA_R_NO_START], count_lines(f, is_no_start));
        ck_assert_uint_eq(t.st.reason[NMEA_R_NO_START], 1);
        for (int k = 0; k < NMEA_R_COUNT; k++)
            if (k != NMEA_R_NO_START && nmea_reason_is_reject((enum nmea_reason)k))
                ck_assert_msg(t.st.reason[k] == 0, "sample.aivdm: %s",
                              nmea_reason_name((enum nmea_reason)k));
        ck_assert_uint_eq(t.msg_rejected[-AISD_E_UNSUPPORTED], count_lines(f, is_bogus_type));
        ck_assert_uint_eq(t.decoded + t.msg_rejected[-AISD_E_UNSUPPORTED], t.messages);
    }
}
END_TEST

static Suite *corpus_suite(void)
{
    Suite *s = suite_create("gpsd_corpus");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sample_scaled);
    tcase_add_test(tc, sample_unscaled);
    tcase_add_test(tc, sample_pipe);
    tcase_add_loop_test(tc, daemon_log, 0, sizeof daemon_logs / sizeof daemon_logs[0]);
    tcase_add_test(tc, libais_tagblock);
    tcase_add_test(tc, other_logs);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(corpus_suite());
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
