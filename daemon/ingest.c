/* ingest.c: per-item work of the main thread: NMEA parse or encode, message
 * decoding, gpsd JSON, and the outputs. See ingest.h. */
#include "daemon/ingest.h"

#include "decode/ais_json.h"
#include "decode/ais_msg.h"
#include "decode/err.h"
#include "decode/jsonw.h"
#include "decode/log.h"
#include "decode/nmea.h"
#include "decode/nmea_encode.h"

#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INGEST_JSON_MAX 8192

struct ingest {
    struct ingest_config c;
    char station[64];
    char iq_dir[600], iq_ext[8];
    struct nmea *nmea;
    struct nmea_encoder *enc;
    struct ais_t24_queue t24;
    struct ais_msg msg;
    struct nmea_msg nm;
    struct ingest_stats st;
    uint32_t logged; /* bit r: a line with nmea reason r was logged */
    char json[INGEST_JSON_MAX];
    char out[INGEST_JSON_MAX + 1024];
    char sentences[NMEA_ENCODE_OUT_MAX];
};

struct ingest *ingest_create(const struct ingest_config *c)
{
    struct ingest *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->c = *c;
    snprintf(g->station, sizeof g->station, "%s", c->station ? c->station : "aisd");
    g->c.station = g->station;
    if (c->snipq && c->iq_dir) {
        snprintf(g->iq_dir, sizeof g->iq_dir, "%s", c->iq_dir);
        snprintf(g->iq_ext, sizeof g->iq_ext, "%s", c->iq_ext ? c->iq_ext : "raw");
        if (mkdir(g->iq_dir, 0755) && errno != EEXIST)
            log_warn("iq-snippets: %s: %s", g->iq_dir, strerror(errno));
    }
    struct nmea_config nc = nmea_config_default();
    nc.timeout_ms = 10000;
    g->nmea = nmea_create(&nc);
    struct nmea_encoder_config ec = nmea_encoder_config_default();
    ec.tag_time = 1;
    snprintf(ec.station, sizeof ec.station, "%.31s", g->station);
    g->enc = nmea_encoder_create(&ec);
    ais_decode_t24_init(&g->t24);
    if (!g->nmea || !g->enc) {
        ingest_destroy(g);
        return NULL;
    }
    return g;
}

void ingest_destroy(struct ingest *g)
{
    if (!g) return;
    nmea_destroy(g->nmea);
    nmea_encoder_destroy(g->enc);
    free(g);
}

size_t ingest_tag(char *out, size_t max, const char *station, double t, const char *sentence)
{
    char body[128];
    snprintf(body, sizeof body, "s:%s,c:%lld", station, (long long)(t * 1000.0 + 0.5));
    unsigned ck = 0;
    for (const char *s = body; *s; s++)
        ck ^= (unsigned char)*s;
    int n = snprintf(out, max, "\\%s*%02X\\%s", body, ck, sentence);
    return n < 0 ? 0 : (size_t)n < max ? (size_t)n : max - 1;
}

/* The frame's signal metadata as one JSON member ("signal":{...}, with the
 * IQ snippet's file name when there is one), or "" for NMEA input. */
static void signal_member(const struct itemq_item *it, const char *iq_file, char *out, size_t max)
{
    out[0] = 0;
    if (it->kind != ITEMQ_FRAME) return;
    const struct itemq_frame *f = &it->u.f;
    char ch[2] = {f->channel ? f->channel : '?', 0};
    struct jsonw w;
    jsonw_init(&w, out, max);
    jsonw_obj_begin(&w, "signal");
    jsonw_str_utf8(&w, "channel", ch);
    jsonw_double(&w, "level_dbfs", f->level_dbfs, 1);
    jsonw_double(&w, "snr_db", f->snr_db, 1);
    jsonw_double(&w, "freq_hz", f->freq_hz, 0);
    jsonw_uint(&w, "corrected_bits", f->corrected_bits);
    jsonw_uint(&w, "sample", f->sample);
    if (iq_file && *iq_file) jsonw_str_utf8(&w, "iq_file", iq_file);
    jsonw_obj_end(&w);
    if (jsonw_finish(&w) < 0) out[0] = 0;
}

static void publish_sentence(struct ingest *g, double t, const char *tagged, const char *plain,
                             const char *signal)
{
    struct jsonw w;
    jsonw_init(&w, g->out, sizeof g->out);
    jsonw_obj_begin(&w, NULL);
    jsonw_double(&w, "time", t, 3);
    jsonw_str_utf8(&w, "nmea", tagged);
    if (*signal) {
        jsonw_key(&w, NULL);
        jsonw_raw(&w, signal);
    }
    jsonw_obj_end(&w);
    if (g->c.pub && jsonw_finish(&w) >= 0) pub_send(g->c.pub, "nmea", g->out);
    if (g->c.rawlog) {
        char meta[512];
        snprintf(meta, sizeof meta, "{%s}", signal);
        if (rawlog_write(g->c.rawlog, t, tagged, *signal ? meta : NULL)) g->st.rawlog_errors++;
    }
    if (g->c.nmeaout) nmeaout_send(g->c.nmeaout, plain);
    g->st.sentences++;
}

static void on_message(struct ingest *g, const uint8_t *bytes, size_t nbits, double t, char channel,
                       double level, const char *station, const char *signal)
{
    int rc = ais_decode(bytes, nbits, &g->msg);
    if (rc) {
        g->st.rejected++;
        g->st.undecodable++;
        return;
    }
    if (!ais_decode_t24_pair(&g->t24, &g->msg)) return; /* a type 24 part A waiting for its B */
    unsigned type = g->msg.type;
    struct ais_json_opts jo = {1, NULL};
    int n = ais_json(&g->msg, &jo, g->json, sizeof g->json);
    if (n > 1 && g->c.pub) {
        char ch[2] = {channel, 0};
        struct jsonw w;
        jsonw_init(&w, g->out, sizeof g->out);
        jsonw_rawn(&w, g->json, (size_t)n - 1); /* without the closing brace: add our members */
        jsonw_double(&w, "time", t, 3);
        jsonw_str_utf8(&w, "channel", ch);
        jsonw_str_utf8(&w, "station", station && *station ? station : g->station);
        if (*signal) {
            jsonw_key(&w, NULL);
            jsonw_raw(&w, signal);
        }
        jsonw_obj_end(&w);
        char topic[16];
        snprintf(topic, sizeof topic, "ais.%u", type);
        if (jsonw_finish(&w) >= 0) pub_send(g->c.pub, topic, g->out);
    }
    g->st.messages++;
    if (type < INGEST_TYPES) g->st.per_type[type]++;
    if (g->c.on_message) g->c.on_message(g->c.ctx, &g->msg, t, channel, level, station);
}

/* Log the first line of a kind of bad input (reason why); line may be NULL. */
static void log_first(struct ingest *g, enum nmea_reason why, const char *line, size_t len)
{
    if ((unsigned)why >= NMEA_R_COUNT || (g->logged & (1u << why))) return;
    g->logged |= 1u << why;
    char shown[96];
    size_t n = 0;
    for (; line && n < len && n < 80; n++) /* printable, cut short: it may be binary */
        shown[n] = line[n] >= 0x20 && line[n] < 0x7f ? line[n] : '?';
    shown[n] = 0;
    log_warn("nmea input: %s%s%s%s (the first; all are counted in the status: nmea_rejects.%s)",
             nmea_reason_text(why), line ? ": '" : "", shown, line ? (n < len ? "...'" : "'") : "",
             nmea_reason_name(why));
}

/* Dropped partial messages are counted by the NMEA layer when they go. */
static void log_dropped_partials(struct ingest *g)
{
    const struct nmea_stats *ns = nmea_get_stats(g->nmea);
    static const enum nmea_reason drops[] = {NMEA_R_INCOMPLETE, NMEA_R_TIMEOUT, NMEA_R_EVICTED};
    for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++)
        if (ns->reason[drops[i]]) log_first(g, drops[i], NULL, 0);
}

static void on_sentence(struct ingest *g, const struct itemq_item *it)
{
    const char *line = it->u.line;
    enum nmea_reason why;
    int64_t now_ms = (int64_t)(it->time * 1000.0);
    size_t len = it->line_len < ITEMQ_LINE_MAX ? it->line_len : ITEMQ_LINE_MAX - 1;
    int rc = nmea_push_line(g->nmea, line, len, now_ms, &g->nm, &why);
    log_dropped_partials(g);
    if (rc < 0) {
        if (why == NMEA_R_NOT_NMEA || nmea_reason_is_reject(why)) log_first(g, why, line, len);
        if (rc == AISD_E_NOTTHIS)
            g->st.skipped++;
        else
            g->st.rejected++;
        return;
    }
    if (why != NMEA_OK) return; /* a blank line, a comment, a $PGHP time */
    /* Publish the sentence as it came (with a tag block of ours if it had none). */
    const char *plain = line;
    if (line[0] == '\\') {
        const char *end = strchr(line + 1, '\\');
        plain = end ? end + 1 : line;
    }
    char tagged[ITEMQ_LINE_MAX + 64];
    if (line[0] != '\\') {
        ingest_tag(tagged, sizeof tagged, g->station, it->time, line);
        line = tagged;
    }
    publish_sentence(g, it->time, line, plain, "");
    if (rc == 1) {
        double t = g->nm.has_time ? (double)g->nm.time_ms / 1000.0 : it->time;
        on_message(g, g->nm.bytes, g->nm.nbits, t, g->nm.channel, NAN,
                   g->nm.station[0] ? g->nm.station : NULL, "");
    }
}

/* The snippet file's times: the capture time of its last sample, as for any
 * capture (written at its end), so that its modification time less its length
 * is the capture time of its first sample: what `aisctl rx --meta` takes as
 * START by default. Not the time the main thread happened to write it, which
 * lags the samples by the queues' latency (and for a file input is not on the
 * sample clock at all). */
static void stamp_snippet(struct ingest *g, FILE *fp, const struct itemq_item *it, size_t len)
{
    const struct itemq_frame *f = &it->u.f;
    if (it->time <= 0 || g->c.rate <= 0 || !g->c.bytes_per_sample) return;
    double first = it->time - (double)(f->sample - f->snip_sample0) / g->c.rate;
    double last = first + (double)(len / g->c.bytes_per_sample) / g->c.rate;
    if (last < 0) return;
    struct timespec ts[2];
    ts[0].tv_sec = (time_t)last;
    ts[0].tv_nsec = (long)((last - (double)ts[0].tv_sec) * 1e9);
    if (ts[0].tv_nsec > 999999999) ts[0].tv_nsec = 999999999;
    ts[1] = ts[0];
    fflush(fp);
    if (futimens(fileno(fp), ts)) log_warn("iq-snippets: setting its time: %s", strerror(errno));
}

/* Write the frame's IQ snippet (and release its slot); the file name goes
 * into name ("" when none). */
static void write_snippet(struct ingest *g, const struct itemq_item *it, char *name, size_t max)
{
    const struct itemq_frame *f = &it->u.f;
    name[0] = 0;
    if (f->snip < 0 || !g->c.snipq) return;
    struct snipq_slot *slot = snipq_get(g->c.snipq, f->snip);
    if (slot && g->iq_dir[0]) {
        time_t secs = (time_t)it->time;
        struct tm tm;
        gmtime_r(&secs, &tm);
        char ts[32];
        strftime(ts, sizeof ts, "%Y%m%d-%H%M%S", &tm);
        int ms = (int)((it->time - (double)secs) * 1000.0);
        snprintf(name, max, "%s/aisd-%s.%03d-%c-%llu-%.0f.%s", g->iq_dir, ts, ms,
                 f->channel ? f->channel : 'X', (unsigned long long)f->snip_sample0, g->c.rate,
                 g->iq_ext);
        FILE *fp = fopen(name, "wb");
        if (!fp || fwrite(slot->data, 1, slot->len, fp) != slot->len) {
            log_warn("iq-snippets: %s: %s", name, strerror(errno));
            name[0] = 0;
        } else {
            stamp_snippet(g, fp, it, slot->len);
            g->st.snippets++;
        }
        if (fp) fclose(fp);
    }
    snipq_release(g->c.snipq);
}

static void on_frame(struct ingest *g, const struct itemq_item *it)
{
    const struct itemq_frame *f = &it->u.f;
    char signal[1200], file[700];
    write_snippet(g, it, file, sizeof file);
    signal_member(it, file, signal, sizeof signal);
    size_t nbits = (size_t)f->frame.nbytes * 8;
    unsigned ns = 0;
    int n = nmea_encoder_encode(g->enc, f->frame.bytes, nbits, f->channel,
                                (int64_t)(it->time * 1000.0 + 0.5), g->sentences,
                                sizeof g->sentences, &ns);
    if (n < 0) {
        g->st.rejected++;
        g->st.undecodable++;
        return;
    }
    for (char *s = g->sentences; *s;) {
        char *eol = strstr(s, "\r\n");
        if (eol) *eol = 0;
        const char *plain = s;
        if (s[0] == '\\') {
            const char *end = strchr(s + 1, '\\');
            plain = end ? end + 1 : s;
        }
        publish_sentence(g, it->time, s, plain, signal);
        if (!eol) break;
        s = eol + 2;
    }
    on_message(g, f->frame.bytes, nbits, it->time, f->channel, f->level_dbfs, NULL, signal);
}

void ingest_item(struct ingest *g, const struct itemq_item *it)
{
    if (it->time > g->st.last_time) g->st.last_time = it->time;
    if (it->kind == ITEMQ_TICK) return; /* the clock only: the loop ticks the engine */
    if (it->kind == ITEMQ_SENTENCE)
        on_sentence(g, it);
    else if (it->kind == ITEMQ_FRAME)
        on_frame(g, it);
    g->st.last_latency_ms = (itemq_now_ns() - it->mono_ns) / 1e6;
}

void ingest_flush(struct ingest *g)
{
    nmea_flush(g->nmea);
    log_dropped_partials(g);
}

void ingest_stats(const struct ingest *g, struct ingest_stats *s)
{
    *s = g->st;
    const struct nmea_stats *ns = nmea_get_stats(g->nmea);
    memcpy(s->nmea, ns->reason, sizeof s->nmea);
}
