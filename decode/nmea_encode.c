/* nmea_encode.c: AIS message bits -> NMEA sentences with fragmentation and
 * optional tag blocks (see nmea_encode.h). */
#include "decode/nmea_encode.h"

#include "decode/armour.h"
#include "decode/err.h"
#include "decode/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_talker(const char *t)
{
    for (int i = 0; i < 2; i++)
        if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= '0' && t[i] <= '9'))) return 0;
    return t[2] == '\0';
}

int nmea_encode(const uint8_t *bytes, size_t nbits, const struct nmea_encode_opts *o, char *out,
                size_t max, unsigned *nsentences)
{
    const char *talker = o && o->talker ? o->talker : "AI";
    if (!bytes || !out || nbits == 0 || !valid_talker(talker) ||
        (o && (o->seqid < 0 || o->seqid > 9)))
        return AISD_E_INVAL;
    char chan = o ? o->channel : 0;
    if (chan && !((chan >= 'A' && chan <= 'Z') || (chan >= '0' && chan <= '9')))
        return AISD_E_INVAL;
    char armour[(NMEA_ENCODE_MAX_SENTENCES * NMEA_SENTENCE_MAX)];
    unsigned fill;
    size_t nch = armour_encode(bytes, nbits, armour, sizeof armour, &fill);
    if (nch == 0) return AISD_E_RANGE;
    /* Fixed characters: "!AIVDM," + "c,n,s,x," + "," + "f*hh" + CRLF. */
    size_t fixed_single = 7 + 4 + (chan ? 1 : 0) + 1 + 1 + 1 + 4 + 2;
    size_t fixed_multi = fixed_single + 1;
    size_t per_single = NMEA_SENTENCE_MAX - fixed_single;
    size_t per_multi = NMEA_SENTENCE_MAX - fixed_multi;
    unsigned count = nch <= per_single ? 1 : (unsigned)((nch + per_multi - 1) / per_multi);
    if (count > NMEA_ENCODE_MAX_SENTENCES) return AISD_E_RANGE;
    size_t per = count == 1 ? per_single : per_multi;
    size_t pos = 0;
    for (unsigned k = 0; k < count; k++) {
        if (o && o->tag && o->tag->fields) {
            struct nmea_tag t;
            if (k == 0) {
                t = *o->tag;
            } else {
                memset(&t, 0, sizeof t);
                t.fields = o->tag->fields & NMEA_TAG_LINE;
                t.line = o->tag->line + k;
            }
            if (k == 0 && (t.fields & NMEA_TAG_LINE)) t.line = o->tag->line;
            if (count > 1) {
                t.fields |= NMEA_TAG_GROUP;
                t.group_sentence = k + 1;
                t.group_count = count;
                t.group_id = o->group_id;
            } else {
                t.fields &= ~(unsigned)NMEA_TAG_GROUP;
            }
            size_t tl = nmea_tag_format(&t, out + pos, max - pos);
            if (tl == 0 && t.fields) return pos + 8 > max ? AISD_E_RANGE : AISD_E_INVAL;
            pos += tl;
        }
        size_t off = k * per;
        size_t n = nch - off < per ? nch - off : per;
        char seq[2] = {0, 0};
        if (count > 1) seq[0] = (char)('0' + (o ? o->seqid : 0));
        char chs[2] = {chan, 0};
        size_t start = pos;
        int w = snprintf(out + pos, max - pos, "!%sVD%c,%u,%u,%s,%s,%.*s,%u", talker,
                         o && o->vdo ? 'O' : 'M', count, k + 1, seq, chs, (int)n, armour + off,
                         k + 1 == count ? fill : 0);
        if (w < 0 || (size_t)w >= max - pos) return AISD_E_RANGE;
        pos += (size_t)w;
        unsigned sum = 0;
        for (size_t i = start + 1; i < pos; i++)
            sum ^= (unsigned char)out[i];
        w = snprintf(out + pos, max - pos, "*%02X\r\n", sum);
        if (w < 0 || (size_t)w >= max - pos) return AISD_E_RANGE;
        pos += (size_t)w;
    }
    if (nsentences) *nsentences = count;
    return (int)pos;
}

struct nmea_encoder {
    struct nmea_encoder_config cfg;
    char talker[3];
    unsigned next_seq;
    unsigned next_group;
    unsigned long line;
};

struct nmea_encoder_config nmea_encoder_config_default(void)
{
    struct nmea_encoder_config c;
    memset(&c, 0, sizeof c);
    c.talker = "AI";
    return c;
}

struct nmea_encoder *nmea_encoder_create(const struct nmea_encoder_config *cfg)
{
    struct nmea_encoder_config c = cfg ? *cfg : nmea_encoder_config_default();
    const char *talker = c.talker ? c.talker : "AI";
    if (!valid_talker(talker)) {
        log_error("nmea_encoder: talker must be two upper-case letters or digits");
        return NULL;
    }
    struct nmea_tag probe;
    memset(&probe, 0, sizeof probe);
    if (c.station[0]) {
        char tmp[NMEA_TAG_MAX_LEN];
        probe.fields = NMEA_TAG_SOURCE;
        memcpy(probe.source, c.station, sizeof probe.source);
        probe.source[sizeof probe.source - 1] = '\0';
        if (nmea_tag_format(&probe, tmp, sizeof tmp) == 0) {
            log_error("nmea_encoder: station holds a character a tag block cannot carry");
            return NULL;
        }
    }
    struct nmea_encoder *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->cfg = c;
    e->cfg.station[sizeof e->cfg.station - 1] = '\0';
    memcpy(e->talker, talker, 3);
    e->cfg.talker = e->talker;
    e->next_group = 1;
    e->line = 1;
    return e;
}

void nmea_encoder_destroy(struct nmea_encoder *e)
{
    free(e);
}

int nmea_encoder_encode(struct nmea_encoder *e, const uint8_t *bytes, size_t nbits, char channel,
                        int64_t time_ms, char *out, size_t max, unsigned *nsentences)
{
    struct nmea_tag tag;
    memset(&tag, 0, sizeof tag);
    if (e->cfg.tag_time && time_ms >= 0) {
        tag.fields |= NMEA_TAG_TIME;
        tag.time_ms = time_ms;
        tag.time_was_ms = 1;
    }
    if (e->cfg.station[0]) {
        tag.fields |= NMEA_TAG_SOURCE;
        memcpy(tag.source, e->cfg.station, sizeof tag.source);
    }
    if (e->cfg.tag_line) {
        tag.fields |= NMEA_TAG_LINE;
        tag.line = e->line;
    }
    struct nmea_encode_opts o = {
        .talker = e->talker,
        .vdo = e->cfg.vdo,
        .channel = channel,
        .seqid = (int)e->next_seq,
        .tag = tag.fields ? &tag : NULL,
        .group_id = e->next_group,
    };
    unsigned n = 0;
    int r = nmea_encode(bytes, nbits, &o, out, max, &n);
    if (r < 0) return r;
    if (n > 1) {
        e->next_seq = (e->next_seq + 1) % 10;
        e->next_group = e->next_group % 99999 + 1;
    }
    e->line += n;
    if (nsentences) *nsentences = n;
    return r;
}
