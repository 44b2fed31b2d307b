/* fuzz_nmea.c: libFuzzer target for the NMEA input path as aisctl decode runs
 * it: bounded line reader -> parser + reassembly -> message decoder -> gpsd
 * JSON (scaled, unscaled) and pipe dump. Every complete message is also
 * encoded back to sentences and re-parsed, which must give the same bits, and
 * every parsed tag block that formats must parse again. */
#include "decode/ais_dump.h"
#include "decode/ais_json.h"
#include "decode/ais_msg.h"
#include "decode/nmea.h"
#include "decode/nmea_encode.h"
#include "decode/nmea_reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_ctx {
    struct nmea *p;
    struct nmea *check;
    struct ais_t24_queue t24;
    int64_t now;
};

static void roundtrip(struct fuzz_ctx *c, const struct nmea_msg *m)
{
    char out[NMEA_ENCODE_OUT_MAX];
    struct nmea_encode_opts o = {.talker = m->talker,
                                 .vdo = m->vdo,
                                 .channel = m->channel,
                                 .seqid = 3,
                                 .tag = m->has_tag ? &m->tag : NULL,
                                 .group_id = 42};
    unsigned ns = 0;
    int n = nmea_encode(m->bytes, m->nbits, &o, out, sizeof out, &ns);
    if (n <= 0) return; /* e.g. an empty message, or a tag string the encoder refuses */
    struct nmea_msg back;
    int got = 0;
    char *line = out;
    for (unsigned k = 0; k < ns; k++) {
        char *crlf = strstr(line, "\r\n");
        if (!crlf) abort();
        int r = nmea_push_line(c->check, line, (size_t)(crlf - line), 0, &back, NULL);
        if (r < 0) abort();
        got += r == 1;
        line = crlf + 2;
    }
    if (got != 1 || back.nbits != m->nbits || memcmp(back.bytes, m->bytes, (m->nbits + 7) / 8))
        abort();
}

static void on_line(void *ctx, const char *line, size_t len, int too_long)
{
    struct fuzz_ctx *c = ctx;
    struct nmea_msg m;
    c->now += 10;
    if (too_long) {
        nmea_note(c->p, NMEA_R_TOO_LONG);
        return;
    }
    if (nmea_push_line(c->p, line, len, c->now, &m, NULL) != 1) return;
    roundtrip(c, &m);
    struct ais_msg msg;
    if (ais_decode(m.bytes, m.nbits, &msg) != 0) return;
    char buf[8192];
    struct ais_json_opts o = {.scaled = 1, .device = "stdin"};
    if (ais_json(&msg, &o, buf, sizeof buf) < 0) abort();
    o.scaled = 0;
    o.device = NULL;
    if (ais_json(&msg, &o, buf, sizeof buf) < 0) abort();
    if (ais_dump(&msg, buf, sizeof buf) < 0) abort();
    ais_decode_t24_pair(&c->t24, &msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nmea_config nc = nmea_config_default();
    nc.slots = 4; /* small, so eviction is reached */
    nc.timeout_ms = 200;
    struct fuzz_ctx c = {.p = nmea_create(&nc), .check = nmea_create(NULL)};
    struct nmea_reader_config rc = {.max_line = 512};
    struct nmea_reader *r = nmea_reader_create(&rc);
    if (!c.p || !c.check || !r) abort();
    ais_decode_t24_init(&c.t24);
    /* Two pushes so that lines split across blocks are exercised. */
    size_t half = size / 2;
    nmea_reader_push(r, (const char *)data, half, on_line, &c);
    nmea_reader_push(r, (const char *)data + half, size - half, on_line, &c);
    nmea_reader_finish(r, on_line, &c);
    nmea_expire(c.p, c.now + 1000);
    nmea_flush(c.p);
    nmea_reader_destroy(r);
    nmea_destroy(c.p);
    nmea_destroy(c.check);
    return 0;
}
