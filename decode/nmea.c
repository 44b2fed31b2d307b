/* nmea.c: NMEA lines -> complete AIS messages: parsing, de-armouring and
 * multi-sentence reassembly in a fixed pool (see nmea.h). */
#include "decode/nmea.h"

#include "decode/armour.h"
#include "decode/err.h"
#include "decode/log.h"
#include "decode/nmea_sentence.h"

#include <stdlib.h>
#include <string.h>

struct slot {
    int used;
    char channel;
    int seqid;
    unsigned count;
    unsigned next;      /* the fragment number expected next */
    int64_t t0_ms;      /* now_ms at the first fragment */
    uint64_t s0;        /* sentence counter at the first fragment */
    uint32_t last_hash; /* of the last fragment taken (duplicate detection) */
    struct nmea_msg msg;
};

struct nmea {
    struct nmea_config cfg;
    struct nmea_stats stats;
    int has_pghp;
    int64_t pghp_ms;
    /* The last message completed from fragments, to tell a repeated last
     * fragment (duplicate) from an orphan. */
    int done_valid;
    char done_channel;
    int done_seqid;
    unsigned done_count;
    uint32_t done_hash;
    struct slot *slots;
};

struct nmea_config nmea_config_default(void)
{
    struct nmea_config c = {.slots = 16, .timeout_ms = 10000, .timeout_sentences = 100};
    return c;
}

struct nmea *nmea_create(const struct nmea_config *cfg)
{
    struct nmea_config c = cfg ? *cfg : nmea_config_default();
    if (c.slots == 0 || c.slots > 4096) {
        log_error("nmea: slots must be 1..4096 (got %u)", c.slots);
        return NULL;
    }
    if (c.timeout_ms < 0) {
        log_error("nmea: timeout_ms must be >= 0");
        return NULL;
    }
    struct nmea *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->slots = calloc(c.slots, sizeof *p->slots);
    if (!p->slots) {
        free(p);
        return NULL;
    }
    p->cfg = c;
    return p;
}

void nmea_destroy(struct nmea *p)
{
    if (!p) return;
    free(p->slots);
    free(p);
}

void nmea_reset(struct nmea *p)
{
    for (unsigned i = 0; i < p->cfg.slots; i++)
        p->slots[i].used = 0;
    p->has_pghp = 0;
    p->done_valid = 0;
}

const struct nmea_stats *nmea_get_stats(const struct nmea *p)
{
    return &p->stats;
}

void nmea_note(struct nmea *p, enum nmea_reason r)
{
    p->stats.lines++;
    if ((unsigned)r < NMEA_R_COUNT) p->stats.reason[r]++;
}

static void drop(struct nmea *p, struct slot *s, enum nmea_reason r)
{
    s->used = 0;
    p->stats.reason[r]++;
}

static int timed_out(const struct nmea *p, const struct slot *s, int64_t now_ms)
{
    if (p->cfg.timeout_ms > 0 && now_ms - s->t0_ms > p->cfg.timeout_ms) return 1;
    if (p->cfg.timeout_sentences > 0 && p->stats.sentences - s->s0 > p->cfg.timeout_sentences)
        return 1;
    return 0;
}

void nmea_expire(struct nmea *p, int64_t now_ms)
{
    for (unsigned i = 0; i < p->cfg.slots; i++)
        if (p->slots[i].used && timed_out(p, &p->slots[i], now_ms))
            drop(p, &p->slots[i], NMEA_R_TIMEOUT);
}

void nmea_flush(struct nmea *p)
{
    for (unsigned i = 0; i < p->cfg.slots; i++)
        if (p->slots[i].used) drop(p, &p->slots[i], NMEA_R_INCOMPLETE);
}

static uint32_t hash_payload(const struct nmea_sentence *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < s->payload_len; i++)
        h = (h ^ (unsigned char)s->payload[i]) * 16777619u;
    return (h ^ s->fill ^ (s->number << 8)) * 16777619u;
}

/* Append n bits (MSB first) from src to the message. */
static void append_bits(struct nmea_msg *m, const uint8_t *src, size_t n)
{
    size_t pos = m->nbits;
    if (pos % 8 == 0) {
        memcpy(m->bytes + pos / 8, src, (n + 7) / 8);
    } else {
        unsigned sh = pos % 8;
        uint8_t *d = m->bytes + pos / 8;
        size_t nb = (n + 7) / 8;
        d[0] = (uint8_t)(d[0] & (0xFF00u >> sh));
        for (size_t i = 0; i < nb; i++) {
            d[i] |= (uint8_t)(src[i] >> sh);
            if (pos / 8 + i + 1 < NMEA_MAX_BYTES) d[i + 1] = (uint8_t)(src[i] << (8 - sh));
        }
    }
    m->nbits = pos + n;
    /* Keep the bits after the end zero. */
    size_t end = m->nbits;
    if (end % 8) m->bytes[end / 8] &= (uint8_t)(0xFF00u >> (end % 8));
}

/* The message fields a first fragment (or single sentence) sets. */
static void start_msg(struct nmea *p, struct nmea_msg *m, const struct nmea_sentence *s)
{
    m->nbits = 0;
    memcpy(m->talker, s->talker, sizeof m->talker);
    m->vdo = s->vdo;
    m->channel = s->channel;
    m->seqid = s->seqid;
    m->nsentences = 0;
    m->has_tag = s->has_tag;
    if (s->has_tag) {
        m->tag = s->tag;
    } else {
        m->tag.fields = 0; /* the other members only count when flagged */
        m->tag.unknown = 0;
    }
    m->has_time = 0;
    m->time_ms = 0;
    if (s->has_suffix_time) {
        m->has_time = 1;
        m->time_ms = s->suffix_time_ms;
    } else if (p->has_pghp) {
        m->has_time = 1;
        m->time_ms = p->pghp_ms;
    }
    memcpy(m->station, s->station, strlen(s->station) + 1);
}

/* Tag time and station win over the other sources of the same facts. */
static void finish_msg(struct nmea_msg *m)
{
    if (m->tag.fields & NMEA_TAG_TIME) {
        m->has_time = 1;
        m->time_ms = m->tag.time_ms;
    }
    if (m->tag.fields & NMEA_TAG_SOURCE) memcpy(m->station, m->tag.source, sizeof m->station);
}

static enum nmea_reason armour_reason(int err)
{
    if (err == AISD_E_FORMAT) return NMEA_R_ARMOUR;
    if (err == AISD_E_RANGE) return NMEA_R_FILL;
    return NMEA_R_OVERSIZE;
}

static struct slot *find_slot(struct nmea *p, const struct nmea_sentence *s)
{
    for (unsigned i = 0; i < p->cfg.slots; i++) {
        struct slot *sl = &p->slots[i];
        if (sl->used && sl->channel == s->channel && sl->seqid == s->seqid && sl->count == s->count)
            return sl;
    }
    return NULL;
}

static struct slot *free_slot(struct nmea *p)
{
    struct slot *oldest = NULL;
    for (unsigned i = 0; i < p->cfg.slots; i++) {
        struct slot *sl = &p->slots[i];
        if (!sl->used) return sl;
        if (!oldest || sl->s0 < oldest->s0) oldest = sl;
    }
    drop(p, oldest, NMEA_R_EVICTED);
    return oldest;
}

/* A fragment of a multi-sentence message. Returns 1 when complete, 0 when
 * stored, or a rejection reason (negated). */
static int push_fragment(struct nmea *p, const struct nmea_sentence *s, int64_t now_ms,
                         struct nmea_msg *out, enum nmea_reason *why)
{
    uint8_t tmp[NMEA_MAX_BYTES];
    size_t nbits;
    int err = armour_decode(s->payload, s->payload_len, s->fill, tmp, sizeof tmp, &nbits);
    struct slot *sl = find_slot(p, s);
    if (err) {
        *why = armour_reason(err);
        return -1;
    }
    uint32_t h = hash_payload(s);
    if (s->number == 1) {
        if (sl)
            drop(p, sl, NMEA_R_INCOMPLETE);
        else
            sl = free_slot(p);
        sl->used = 1;
        sl->channel = s->channel;
        sl->seqid = s->seqid;
        sl->count = s->count;
        sl->next = 2;
        sl->t0_ms = now_ms;
        sl->s0 = p->stats.sentences;
        sl->last_hash = h;
        start_msg(p, &sl->msg, s);
        append_bits(&sl->msg, tmp, nbits);
        sl->msg.nsentences = 1;
        *why = NMEA_OK;
        return 0;
    }
    if (!sl) {
        if (p->done_valid && p->done_channel == s->channel && p->done_seqid == s->seqid &&
            p->done_count == s->count && p->done_hash == h)
            *why = NMEA_R_DUPLICATE;
        else
            *why = NMEA_R_ORPHAN;
        return -1;
    }
    if (s->number != sl->next) {
        if (s->number + 1 == sl->next && h == sl->last_hash) {
            *why = NMEA_R_DUPLICATE;
            return -1;
        }
        /* A gap: a fragment was lost. */
        drop(p, sl, NMEA_R_INCOMPLETE);
        *why = NMEA_R_ORPHAN;
        return -1;
    }
    if (sl->msg.nbits + nbits > NMEA_MAX_BITS) {
        drop(p, sl, NMEA_R_INCOMPLETE);
        *why = NMEA_R_OVERSIZE;
        return -1;
    }
    append_bits(&sl->msg, tmp, nbits);
    sl->msg.nsentences++;
    sl->last_hash = h;
    sl->next++;
    if (s->has_tag) {
        if (sl->msg.has_tag)
            nmea_tag_merge(&sl->msg.tag, &s->tag);
        else
            sl->msg.tag = s->tag;
        sl->msg.has_tag = 1;
    }
    if (!sl->msg.has_time && s->has_suffix_time) {
        sl->msg.has_time = 1;
        sl->msg.time_ms = s->suffix_time_ms;
    }
    if (!sl->msg.station[0] && s->station[0])
        memcpy(sl->msg.station, s->station, sizeof sl->msg.station);
    *why = NMEA_OK;
    if (s->number < s->count) return 0;
    *out = sl->msg;
    sl->used = 0;
    p->done_valid = 1;
    p->done_channel = s->channel;
    p->done_seqid = s->seqid;
    p->done_count = s->count;
    p->done_hash = h;
    finish_msg(out);
    return 1;
}

static int reject_code(enum nmea_reason r)
{
    switch (r) {
    case NMEA_R_BLANK:
        return 0;
    case NMEA_R_NOT_AIS:
    case NMEA_R_NOT_NMEA:
        return AISD_E_NOTTHIS;
    case NMEA_R_CHECKSUM:
    case NMEA_R_TAG_CHECKSUM:
    case NMEA_R_NO_CHECKSUM:
        return AISD_E_CHECKSUM;
    default:
        return AISD_E_FORMAT;
    }
}

int nmea_push_line(struct nmea *p, const char *line, size_t len, int64_t now_ms,
                   struct nmea_msg *out, enum nmea_reason *why)
{
    enum nmea_reason dummy;
    if (!why) why = &dummy;
    p->stats.lines++;
    struct nmea_sentence s;
    enum nmea_reason r = nmea_sentence_parse(line, len, &s);
    if (r == NMEA_R_NOT_AIS) {
        int64_t t;
        if (nmea_sentence_pghp(line, len, &t)) {
            p->has_pghp = 1;
            p->pghp_ms = t;
            p->stats.reason[r]++;
            *why = r;
            return 0;
        }
    }
    if (r != NMEA_OK) {
        p->stats.reason[r]++;
        *why = r;
        return reject_code(r);
    }
    p->stats.sentences++;
    int ret;
    if (s.count == 1) {
        size_t nbits;
        int err =
            armour_decode(s.payload, s.payload_len, s.fill, out->bytes, sizeof out->bytes, &nbits);
        if (err) {
            *why = armour_reason(err);
            ret = -1;
        } else {
            start_msg(p, out, &s);
            out->nbits = nbits;
            out->nsentences = 1;
            finish_msg(out);
            *why = NMEA_OK;
            ret = 1;
        }
    } else {
        nmea_expire(p, now_ms);
        ret = push_fragment(p, &s, now_ms, out, why);
    }
    /* A $PGHP time belongs to the one AIS sentence after it. */
    p->has_pghp = 0;
    p->stats.reason[*why]++;
    if (ret < 0) return reject_code(*why);
    if (ret == 1) p->stats.messages++;
    return ret;
}
