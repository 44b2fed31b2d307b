/* ingest.c: per-item work of the main thread: tag blocks, decoding, outputs.
 * See ingest.h. */
#include "daemon/ingest.h"

#include "daemon/jstr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ingest {
    struct ingest_config c;
    char station[64];
    struct ingest_stats st;
};

struct ingest *ingest_create(const struct ingest_config *c)
{
    struct ingest *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->c = *c;
    snprintf(g->station, sizeof g->station, "%s", c->station ? c->station : "aisd");
    g->c.station = g->station;
    return g;
}

void ingest_destroy(struct ingest *g)
{
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

static void publish_sentence(struct ingest *g, double t, const char *line, const char *meta)
{
    char json[1024], q[700];
    jstr_quote(q, sizeof q, line);
    snprintf(json, sizeof json, "{\"time\":%.3f,\"nmea\":%s%s%s}", t, q, meta ? "," : "",
             meta ? meta : "");
    if (g->c.pub) pub_send(g->c.pub, "nmea", json);
    if (g->c.nmeaout) nmeaout_send(g->c.nmeaout, line);
    g->st.sentences++;
}

static void on_sentence(struct ingest *g, const struct itemq_item *it)
{
    const char *line = it->u.line;
    const char *bang = line[0] == '\\' ? strchr(line + 1, '\\') : NULL;
    const char *nmea = bang ? bang + 1 : line;
    if (nmea[0] != '!' || strncmp(nmea + 3, "VD", 2)) {
        g->st.bad++;
        return; /* not an AIS sentence (GPS lines, $PGHP, comments) */
    }
    char tagged[ITEMQ_LINE_MAX + 64];
    if (!bang) {
        ingest_tag(tagged, sizeof tagged, g->station, it->time, line);
        line = tagged;
    }
    if (g->c.rawlog) rawlog_write(g->c.rawlog, it->time, line, NULL);
    publish_sentence(g, it->time, line, NULL);
}

void ingest_item(struct ingest *g, const struct itemq_item *it)
{
    if (it->time > g->st.last_time) g->st.last_time = it->time;
    if (it->kind == ITEMQ_SENTENCE) on_sentence(g, it);
    g->st.last_latency_ms = (itemq_now_ns() - it->mono_ns) / 1e6;
}

void ingest_stats(const struct ingest *g, struct ingest_stats *s)
{
    *s = g->st;
}
