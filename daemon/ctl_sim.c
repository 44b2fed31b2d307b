/* ctl_sim.c: `aisctl sim`, the IQ signal simulator. Plans a list of bursts
 * (random but valid class A vessels sending types 1 and 5 on both channels in
 * free slots, or a sweep of Eb/N0 levels, or nothing for a noise file), adds
 * the requested collisions and wrong-FCS bursts, renders them through
 * dsp/iq_sim and writes IQ plus a ground-truth JSON lines file in the corpus
 * format (sample, channel, ebn0_db, freq_hz, payload, fill, bits) with extra
 * fields (start, mmsi, type, collision, role, power_diff_db, bad_fcs). */
#include "daemon/ctl.h"
#include "daemon/ctl_sim_common.h"

#include "decode/ais_encode.h"
#include "decode/armour.h"
#include "decode/err.h"
#include "decode/rng.h"
#include "dsp/iq_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum sim_mode { MODE_TRAFFIC, MODE_SWEEP, MODE_NOISE };

struct sim_opts {
    const char *output, *truth;
    enum iq_sim_format format;
    double rate, duration;
    uint64_t seed;
    enum sim_mode mode;
    unsigned vessels;
    double ebn0_lo, ebn0_hi;
    double sweep_lo, sweep_hi, sweep_step;
    unsigned per_level;
    double noise_counts;
    double ppm, tx_offset, timing_bits;
    double collide_frac, collision_db, coll_lo, coll_hi; /* weaker start - stronger start, bits */
    double bad_fcs_frac;
    int polarity; /* 0: level 1 = +deviation (ours), 1: inverted (the corpus'), 2: random */
    double dc_i, dc_q, iq_gain_db, iq_phase_deg;
    char channels[3];
    int realtime;
    int format_given; /* -f given: the output's name does not choose */
    double lat, lon;  /* traffic centre */
};

struct burst {
    double start; /* samples */
    char channel;
    double ebn0_db, freq_hz;
    struct ais_frame frame;
    size_t nbits;
    unsigned type, mmsi;
    uint16_t fcs_xor;
    int inverted;  /* levels flipped: the NRZI started from the other level */
    int collision; /* pair id + 1, 0 none */
    int stronger;
    double power_diff_db;
};

struct plan {
    struct burst *b;
    size_t n, cap;
};

struct vessel {
    unsigned mmsi, imo, shiptype;
    char name[21], callsign[8], dest[21];
    double lat, lon, sog, cog;
    double interval, next, next_static;
    double ebn0_db; /* traffic: each vessel is heard at its own level */
    int chan;       /* alternates A/B */
};

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: aisctl sim [OPTIONS]\n"
        "Simulated AIS IQ (GMSK bursts of real message encodings in white noise).\n"
        "  -o, --output FILE        IQ output, '-' for stdout (default -)\n"
        "  -t, --truth FILE         ground truth JSON lines (default OUTPUT.truth.jsonl;\n"
        "                           none when writing to stdout unless given)\n"
        "  -f, --format F           cu8, cs8, cs16, cf32 (default: the output file's\n"
        "                           extension, else cu8)\n"
        "  -r, --rate HZ            sample rate (default 288000; any rate > 19200)\n"
        "  -d, --duration S         seconds (traffic and noise; default 10)\n"
        "  -s, --seed N             random seed (default 1)\n"
        "  -m, --mode M             traffic (default), sweep, noise\n"
        "  -n, --vessels N          traffic: vessels (default 20)\n"
        "  -e, --ebn0 DB|LO:HI      traffic: each vessel's Eb/N0, fixed or uniform (default 6:30)\n"
        "      --sweep LO:HI:STEP   sweep: Eb/N0 levels (default 0:14:1)\n"
        "      --per-level N        sweep: bursts per level (default 20)\n"
        "      --noise COUNTS       noise rms per axis in cu8 counts (default 12)\n"
        "      --ppm P              tuner error, ppm of 162 MHz (default 0)\n"
        "      --tx-offset HZ       transmitter offsets uniform in +-HZ (default 300)\n"
        "      --timing BITS        start offsets uniform in [0, BITS) bits after the\n"
        "                           slot (traffic) or nominal start (sweep) (default 2)\n"
        "      --collide FRAC       fraction of bursts hit by a weaker burst on the same\n"
        "                           channel (default 0)\n"
        "      --collision-db DB    stronger minus weaker (default 4)\n"
        "      --collision-offset BITS|LO:HI  the weaker starts -BITS..BITS or LO..HI\n"
        "                           bits after the stronger (negative: first; default 12)\n"
        "      --bad-fcs FRAC       fraction of bursts sent with a wrong FCS (default 0)\n"
        "      --dc I,Q             DC offset in cu8 counts\n"
        "      --iq-imbalance DB,DEG  Q gain and phase error\n"
        "      --channels A|B|AB    channels used (default AB)\n"
        "      --realtime           pace the output at the sample rate\n"
        "      --polarity P         pos: line level 1 = +2400 Hz (default), neg: -2400 Hz\n"
        "                           (the corpus' synthesizer), random: per burst (a\n"
        "                           transmitter's NRZI may start from either level)\n"
        "Eb/N0 = A^2 / (Rb N0), N0 = noise power per complex sample / sample rate.\n\n");
    ctl_sim_nmea_usage(out);
}

static struct burst *plan_add(struct plan *p)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 256;
        struct burst *b = realloc(p->b, cap * sizeof *b);
        if (!b) return NULL;
        p->b = b;
        p->cap = cap;
    }
    struct burst *b = &p->b[p->n++];
    memset(b, 0, sizeof *b);
    return b;
}

static const unsigned mids[] = {211, 219, 230, 235, 244, 248, 257, 273, 308, 311, 338, 351,
                                355, 370, 412, 422, 431, 440, 477, 503, 525, 538, 563, 636};
static const char *const words1[] = {"NORDIC", "CASPIAN", "VOLGA",   "OCEAN",  "SEA",  "GOLDEN",
                                     "ARCTIC", "BALTIC",  "EASTERN", "SILVER", "BLUE", "GRAND"};
static const char *const words2[] = {"STAR",    "SPIRIT",  "TRADER", "PIONEER", "WIND",  "QUEEN",
                                     "HORIZON", "EXPRESS", "GLORY",  "VENTURE", "PRIDE", "LINK"};
static const char *const ports[] = {"ASTRAKHAN", "ANZALI",  "AKTAU",     "BAKU",     "MAKHACHKALA",
                                    "ROTTERDAM", "HAMBURG", "SINGAPORE", "NOWSHAHR", "OLYA"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void vessel_random(struct vessel *v, struct rng *r, const struct sim_opts *o)
{
    memset(v, 0, sizeof *v);
    unsigned mid = mids[rng_below(r, NELEM(mids))]; /* in this order: see rng.h */
    v->mmsi = mid * 1000000u + (unsigned)rng_below(r, 1000000);
    v->imo = 9000000u + (unsigned)rng_below(r, 999999);
    v->shiptype =
        rng_below(r, 3) ? 70u + (unsigned)rng_below(r, 10) : 80u + (unsigned)rng_below(r, 10);
    unsigned name_n = (unsigned)rng_below(r, 99) + 1; /* in this order: see rng.h */
    const char *second = words2[rng_below(r, NELEM(words2))];
    const char *first = words1[rng_below(r, NELEM(words1))];
    snprintf(v->name, sizeof v->name, "%s %s %u", first, second, name_n);
    for (int i = 0; i < 7; i++)
        v->callsign[i] = (char)(i < 2 ? 'A' + rng_below(r, 26) : '0' + rng_below(r, 10));
    snprintf(v->dest, sizeof v->dest, "%s", ports[rng_below(r, NELEM(ports))]);
    v->lat = o->lat + rng_range(r, -0.4, 0.4);
    v->lon = o->lon + rng_range(r, -0.6, 0.6);
    v->sog = rng_below(r, 5) ? rng_range(r, 3.0, 22.0) : rng_range(r, 0.0, 0.3);
    v->cog = rng_range(r, 0, 360);
    /* ITU-R M.1371 class A: 10 s below 14 kn, 6 s below 23 kn, else 2 s. */
    v->interval = v->sog > 23 ? 2.0 : v->sog > 14 ? 6.0 : 10.0;
    v->next = rng_range(r, 0, v->interval);
    v->next_static = rng_range(r, 0, 360.0);
    v->chan = (int)rng_below(r, 2);
}

static int to_min10000(double deg)
{
    return (int)lround(deg * 600000.0);
}

static void msg_position(const struct vessel *v, double t, unsigned second, struct ais_msg *m)
{
    memset(m, 0, sizeof *m);
    m->type = 1;
    m->mmsi = v->mmsi;
    double d_nm = v->sog * t / 3600.0;
    double lat = v->lat + d_nm / 60.0 * cos(v->cog * M_PI / 180.0);
    double lon = v->lon + d_nm / 60.0 * sin(v->cog * M_PI / 180.0) / cos(lat * M_PI / 180.0);
    struct ais_type1 *p = &m->type1;
    p->status = v->sog < 0.5 ? 5 : 0;
    p->turn = 0;
    p->speed = (unsigned)lround(v->sog * 10);
    p->accuracy = 1;
    p->lon = to_min10000(lon);
    p->lat = to_min10000(lat);
    p->course = (unsigned)lround(v->cog * 10) % 3600;
    p->heading = (unsigned)lround(v->cog) % 360;
    p->second = second;
    p->radio = (unsigned)(v->mmsi * 2654435761u) & 0x7FFFF;
}

static void msg_static(const struct vessel *v, struct ais_msg *m)
{
    memset(m, 0, sizeof *m);
    m->type = 5;
    m->mmsi = v->mmsi;
    struct ais_type5 *p = &m->type5;
    p->imo = v->imo;
    snprintf(p->callsign, sizeof p->callsign, "%s", v->callsign);
    snprintf(p->shipname, sizeof p->shipname, "%s", v->name);
    p->shiptype = v->shiptype;
    p->to_bow = 80 + v->mmsi % 60;
    p->to_stern = 20 + v->mmsi % 15;
    p->to_port = 8 + v->mmsi % 6;
    p->to_starboard = 8 + v->mmsi % 7;
    p->epfd = 1;
    p->month = 1 + v->mmsi % 12;
    p->day = 1 + v->mmsi % 28;
    p->hour = v->mmsi % 24;
    p->minute = v->mmsi % 60;
    p->draught = 50 + v->mmsi % 80;
    snprintf(p->destination, sizeof p->destination, "%s", v->dest);
}

static double pick_ebn0(struct rng *r, const struct sim_opts *o)
{
    return sim_pick_ebn0(r, o->ebn0_lo, o->ebn0_hi);
}

static char pick_channel(struct rng *r, const struct sim_opts *o)
{
    size_t n = strlen(o->channels);
    return o->channels[rng_below(r, n)];
}

static double burst_freq(struct rng *r, const struct sim_opts *o, char ch)
{
    return sim_burst_freq(r, o->ppm, o->tx_offset, ch);
}

static int fill_burst(struct burst *b, const struct ais_msg *m)
{
    int rc = ais_encode(m, &b->frame);
    if (rc) return rc;
    size_t nbits = 0;
    uint8_t tmp[AIS_FRAME_MAX_BYTES];
    ais_encode_bits(m, tmp, sizeof tmp, &nbits);
    b->nbits = nbits;
    b->type = m->type;
    b->mmsi = m->mmsi;
    return 0;
}

/* A 16-bit XOR of weight >= 3, so no correction of up to two bits can restore
 * the transmitted message. */
static uint16_t bad_fcs_pattern(struct rng *r)
{
    for (;;) {
        uint16_t x = (uint16_t)rng_next(r);
        if (__builtin_popcount(x) >= 3) return x;
    }
}

/* Slot occupancy per channel, so that traffic does not collide by accident. */
struct slots {
    uint8_t *used[2];
    size_t n;
};

static long slot_take(struct slots *s, int ch, long want)
{
    for (long k = want; k < (long)s->n; k++)
        if (!s->used[ch][k] && (k + 1 >= (long)s->n || !s->used[ch][k + 1])) {
            s->used[ch][k] = 1;
            if (k + 1 < (long)s->n) s->used[ch][k + 1] = 1; /* room for a two-slot message */
            return k;
        }
    return -1;
}

static int plan_traffic(struct plan *p, struct rng *r, const struct sim_opts *o)
{
    struct slots sl = {{NULL, NULL}, (size_t)(o->duration / SLOT_S) + 2};
    sl.used[0] = calloc(sl.n, 1);
    sl.used[1] = calloc(sl.n, 1);
    struct vessel *vs = calloc(o->vessels ? o->vessels : 1, sizeof *vs);
    int rc = AISD_E_NOMEM;
    if (!sl.used[0] || !sl.used[1] || !vs) goto out;
    for (unsigned i = 0; i < o->vessels; i++) {
        vessel_random(&vs[i], r, o);
        /* short files still get each vessel's static report */
        if (vs[i].next_static > o->duration) vs[i].next_static = rng_range(r, 0, o->duration);
        vs[i].ebn0_db = pick_ebn0(r, o);
    }
    double spb = o->rate / BIT_RATE;
    for (unsigned i = 0; i < o->vessels; i++) {
        struct vessel *v = &vs[i];
        for (int kind = 0; kind < 2; kind++) {
            double t = kind == 0 ? v->next : v->next_static;
            double step = kind == 0 ? v->interval : 360.0;
            for (; t < o->duration - 0.2; t += step) {
                int ch = strlen(o->channels) == 2 ? v->chan : o->channels[0] == 'B';
                v->chan ^= 1;
                long slot = slot_take(&sl, ch, (long)(t / SLOT_S));
                if (slot < 0) continue;
                double tslot = (double)slot * SLOT_S;
                struct ais_msg m;
                if (kind == 0)
                    msg_position(v, tslot, (unsigned)fmod(tslot, 60.0), &m);
                else
                    msg_static(v, &m);
                struct burst *b = plan_add(p);
                if (!b) goto out;
                rc = fill_burst(b, &m);
                if (rc) goto out;
                b->channel = ch ? 'B' : 'A';
                b->start = tslot * o->rate + rng_range(r, 0, o->timing_bits) * spb;
                b->ebn0_db = v->ebn0_db;
                b->freq_hz = burst_freq(r, o, b->channel);
            }
        }
    }
    rc = 0;
out:
    free(sl.used[0]);
    free(sl.used[1]);
    free(vs);
    return rc;
}

static int plan_sweep(struct plan *p, struct rng *r, const struct sim_opts *o, double *duration)
{
    size_t nlev = (size_t)floor((o->sweep_hi - o->sweep_lo) / o->sweep_step + 1e-9) + 1;
    size_t total = nlev * o->per_level;
    double *lev = malloc(total * sizeof *lev);
    if (!lev) return AISD_E_NOMEM;
    for (size_t i = 0; i < total; i++)
        lev[i] = o->sweep_lo + o->sweep_step * (double)(i / o->per_level);
    for (size_t i = total; i > 1; i--) { /* shuffle the order of levels */
        size_t j = (size_t)rng_below(r, i);
        double t = lev[i - 1];
        lev[i - 1] = lev[j];
        lev[j] = t;
    }
    double spb = o->rate / BIT_RATE;
    double t = 0.005 * o->rate + fmax(0, -o->coll_lo) * spb; /* room for a weaker one first */
    for (size_t i = 0; i < total; i++) {
        struct vessel v;
        vessel_random(&v, r, o);
        struct ais_msg m;
        if (rng_below(r, 5) == 0)
            msg_static(&v, &m);
        else
            msg_position(&v, 0, (unsigned)rng_below(r, 60), &m);
        struct burst *b = plan_add(p);
        if (!b) {
            free(lev);
            return AISD_E_NOMEM;
        }
        int rc = fill_burst(b, &m);
        if (rc) {
            free(lev);
            return rc;
        }
        b->channel = pick_channel(r, o);
        b->start = t + rng_range(r, 0, o->timing_bits) * spb;
        b->ebn0_db = lev[i];
        b->freq_hz = burst_freq(r, o, b->channel);
        /* next burst: after this one (stuffing, ramps and a collider's offset
         * included) and a gap */
        double bits =
            (double)b->frame.nbytes * 8 * 1.2 + 80 + fmax(fabs(o->coll_lo), fabs(o->coll_hi));
        t += bits * spb + rng_range(r, 0.005, 0.03) * o->rate;
    }
    free(lev);
    *duration = t / o->rate + 0.01;
    return 0;
}

/* Mark bursts bad and add weaker colliders, after planning. */
static int plan_impair(struct plan *p, struct rng *r, const struct sim_opts *o)
{
    size_t n0 = p->n;
    int pair = 0;
    double spb = o->rate / BIT_RATE;
    for (size_t i = 0; i < n0; i++) {
        if (o->bad_fcs_frac > 0 && rng_uniform(r) < o->bad_fcs_frac)
            p->b[i].fcs_xor = bad_fcs_pattern(r);
        if (o->collide_frac > 0 && rng_uniform(r) < o->collide_frac) {
            struct vessel v;
            vessel_random(&v, r, o);
            struct ais_msg m;
            msg_position(&v, 0, (unsigned)rng_below(r, 60), &m);
            struct burst *w = plan_add(p);
            if (!w) return AISD_E_NOMEM;
            struct burst *s = &p->b[i]; /* after plan_add: p->b may move */
            int rc = fill_burst(w, &m);
            if (rc) return rc;
            pair++;
            s->collision = w->collision = pair;
            s->stronger = 1;
            s->power_diff_db = w->power_diff_db = o->collision_db;
            w->channel = s->channel;
            w->ebn0_db = s->ebn0_db - o->collision_db;
            w->freq_hz = burst_freq(r, o, w->channel);
            double d = rng_range(r, o->coll_lo, o->coll_hi) * spb;
            w->start = s->start + d;
            if (w->start < 0) w->start = 0;
        }
    }
    return 0;
}

static int cmp_burst(const void *a, const void *b)
{
    const struct burst *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

static void write_truth(FILE *f, const struct burst *b)
{
    char payload[AIS_FRAME_MAX_BYTES * 8 / 6 + 2];
    unsigned fill = 0;
    armour_encode(b->frame.bytes, b->nbits, payload, sizeof payload, &fill);
    fprintf(f,
            "{\"sample\": %llu, \"channel\": \"%c\", \"ebn0_db\": %.2f, \"freq_hz\": %.1f, "
            "\"payload\": \"%s\", \"fill\": %u, \"bits\": %zu, \"start\": %.3f, \"type\": %u, "
            "\"mmsi\": %u",
            (unsigned long long)floor(b->start), b->channel, b->ebn0_db, b->freq_hz, payload, fill,
            b->nbits, b->start, b->type, b->mmsi);
    if (b->collision)
        fprintf(f, ", \"collision\": %d, \"role\": \"%s\", \"power_diff_db\": %.2f", b->collision,
                b->stronger ? "stronger" : "weaker", b->power_diff_db);
    if (b->fcs_xor) fprintf(f, ", \"bad_fcs\": true, \"fcs_xor\": %u", b->fcs_xor);
    if (b->inverted) fputs(", \"inverted\": true", f);
    fputs("}\n", f);
}

static int run(const struct sim_opts *o)
{
    struct rng r;
    rng_seed(&r, o->seed);
    struct plan p = {0};
    double duration = o->duration;
    int rc = 0;
    if (o->mode == MODE_TRAFFIC)
        rc = plan_traffic(&p, &r, o);
    else if (o->mode == MODE_SWEEP)
        rc = plan_sweep(&p, &r, o, &duration);
    if (!rc) rc = plan_impair(&p, &r, o);
    if (rc) {
        fprintf(stderr, "aisctl sim: planning failed: %s\n", aisd_strerror(rc));
        free(p.b);
        return 1;
    }
    if (p.n) qsort(p.b, p.n, sizeof *p.b, cmp_burst);

    struct iq_sim_config c = sim_iq_config(o->rate, o->noise_counts, o->format, o->seed);
    c.dc_i = o->dc_i / 127.5;
    c.dc_q = o->dc_q / 127.5;
    c.iq_gain_db = o->iq_gain_db;
    c.iq_phase_deg = o->iq_phase_deg;
    struct iq_sim *s = iq_sim_create(&c);
    FILE *out = NULL, *truth = NULL;
    void *buf = NULL;
    if (!s) goto fail;
    if (!(out = sim_open_output(o->output, 1))) goto fail;
    char tpath[4096];
    const char *tp = o->truth;
    if (!tp && strcmp(o->output, "-")) {
        snprintf(tpath, sizeof tpath, "%s.truth.jsonl", o->output);
        tp = tpath;
    }
    if (tp && !(truth = fopen(tp, "w"))) {
        fprintf(stderr, "aisctl sim: %s: %s\n", tp, strerror(errno));
        goto fail;
    }
    uint64_t total = (uint64_t)llround(duration * o->rate);
    const size_t block = 65536;
    buf = malloc(block * iq_sim_sample_bytes(o->format));
    if (!buf) goto fail;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t next = 0;
    uint8_t levels[MAX_LEVELS];
    for (uint64_t pos = 0; pos < total;) {
        size_t n = total - pos < block ? (size_t)(total - pos) : block;
        while (next < p.n && p.b[next].start < (double)(pos + n)) {
            struct burst *b = &p.b[next++];
            int nl = iq_sim_levels(&b->frame, b->fcs_xor, levels, sizeof levels);
            if (nl < 0) {
                fprintf(stderr, "aisctl sim: burst encoding failed: %s\n", aisd_strerror(nl));
                goto fail;
            }
            b->inverted = o->polarity == 1 || (o->polarity == 2 && (rng_next(&r) & 1));
            for (int k = 0; b->inverted && k < nl; k++)
                levels[k] ^= 1;
            struct iq_sim_burst ib = {levels,     (size_t)nl,
                                      b->start,   iq_sim_amplitude(s, b->ebn0_db),
                                      b->freq_hz, rng_range(&r, 0, 2 * M_PI)};
            if ((rc = iq_sim_add(s, &ib)) < 0) {
                fprintf(stderr, "aisctl sim: %s\n", aisd_strerror(rc));
                goto fail;
            }
            if (truth) write_truth(truth, b);
        }
        iq_sim_render(s, n, buf);
        if (sim_write(out, buf, n, o->format)) goto fail;
        pos += n;
        if (o->realtime) {
            fflush(out);
            ctl_sleep_until(&t0, (double)pos / o->rate);
        }
    }
    struct iq_sim_stats st = iq_sim_stats(s);
    sim_summary_start(&st, o->rate);
    fprintf(stderr, "%llu bursts, %llu values clipped\n", (unsigned long long)st.bursts,
            (unsigned long long)st.clipped);
    rc = sim_close_output(out);
    if (truth && fclose(truth)) rc = 1;
    free(buf);
    free(p.b);
    iq_sim_destroy(s);
    return rc;
fail:
    if (out && out != stdout) fclose(out);
    if (truth) fclose(truth);
    free(buf);
    free(p.b);
    iq_sim_destroy(s);
    return 1;
}

int ctl_sim(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], "--from-nmea", 11)) return ctl_sim_nmea(argc, argv);
    struct sim_opts o = {
        .output = "-",
        .format = IQ_SIM_CU8,
        .rate = 288000,
        .duration = 10,
        .seed = 1,
        .mode = MODE_TRAFFIC,
        .vessels = 20,
        .ebn0_lo = 6,
        .ebn0_hi = 30,
        .sweep_lo = 0,
        .sweep_hi = 14,
        .sweep_step = 1,
        .per_level = 20,
        .noise_counts = 12,
        .tx_offset = 300,
        .timing_bits = 2,
        .collision_db = 4,
        .coll_lo = -12,
        .coll_hi = 12,
        .channels = "AB",
        .lat = 45.9,
        .lon = 48.6,
    };
    const struct sim_common_opts co = {&o.output,    &o.format,   &o.rate,         &o.seed,
                                       &o.ebn0_lo,   &o.ebn0_hi,  &o.noise_counts, &o.ppm,
                                       &o.tx_offset, &o.realtime, &o.format_given};
    enum {
        O_SWEEP = 256,
        O_PER_LEVEL,
        O_TIMING,
        O_COLLIDE,
        O_COLL_DB,
        O_COLL_OFF,
        O_BAD_FCS,
        O_DC,
        O_IQ,
        O_CHANNELS,
        O_POLARITY,
    };
    static const struct option lo[] = {
        SIM_COMMON_LONG_OPTS,
        {"truth", required_argument, 0, 't'},
        {"duration", required_argument, 0, 'd'},
        {"mode", required_argument, 0, 'm'},
        {"vessels", required_argument, 0, 'n'},
        {"sweep", required_argument, 0, O_SWEEP},
        {"per-level", required_argument, 0, O_PER_LEVEL},
        {"timing", required_argument, 0, O_TIMING},
        {"collide", required_argument, 0, O_COLLIDE},
        {"collision-db", required_argument, 0, O_COLL_DB},
        {"collision-offset", required_argument, 0, O_COLL_OFF},
        {"bad-fcs", required_argument, 0, O_BAD_FCS},
        {"dc", required_argument, 0, O_DC},
        {"iq-imbalance", required_argument, 0, O_IQ},
        {"channels", required_argument, 0, O_CHANNELS},
        {"polarity", required_argument, 0, O_POLARITY},
        {0, 0, 0, 0},
    };
    optind = 1;
    int ch;
    double v;
    while ((ch = getopt_long(argc, argv, SIM_COMMON_SHORT_OPTS "t:d:m:n:", lo, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case 't':
            o.truth = optarg;
            break;
        case 'd':
            bad = parse_num(optarg, &o.duration) || !(o.duration > 0);
            break;
        case 'm':
            if (!strcmp(optarg, "traffic"))
                o.mode = MODE_TRAFFIC;
            else if (!strcmp(optarg, "sweep"))
                o.mode = MODE_SWEEP;
            else if (!strcmp(optarg, "noise"))
                o.mode = MODE_NOISE;
            else
                bad = 1;
            break;
        case 'n':
            bad = parse_num(optarg, &v) || v < 0 || v > 100000;
            o.vessels = (unsigned)v;
            break;
        case O_SWEEP: {
            char *e1, *e2, *e3;
            o.sweep_lo = strtod(optarg, &e1);
            bad = *e1 != ':';
            if (!bad) {
                o.sweep_hi = strtod(e1 + 1, &e2);
                bad = *e2 != ':';
            }
            if (!bad) {
                o.sweep_step = strtod(e2 + 1, &e3);
                bad = *e3 || !(o.sweep_step > 0) || o.sweep_hi < o.sweep_lo;
            }
            o.mode = MODE_SWEEP;
            break;
        }
        case O_PER_LEVEL:
            bad = parse_num(optarg, &v) || v < 1;
            o.per_level = (unsigned)v;
            break;
        case O_TIMING:
            bad = parse_num(optarg, &o.timing_bits) || o.timing_bits < 0;
            break;
        case O_COLLIDE:
            bad = parse_num(optarg, &o.collide_frac) || o.collide_frac < 0 || o.collide_frac > 1;
            break;
        case O_COLL_DB:
            bad = parse_num(optarg, &o.collision_db);
            break;
        case O_COLL_OFF:
            /* BITS: -BITS..BITS; LO:HI: that range (negative: the weaker first) */
            switch (parse_pair(optarg, &o.coll_lo, &o.coll_hi, ':')) {
            case 1:
                bad = o.coll_lo < 0;
                o.coll_lo = -o.coll_hi;
                break;
            case 2:
                bad = o.coll_hi < o.coll_lo;
                break;
            default:
                bad = 1;
            }
            /* each burst is planned that many bits apart: bounded, or a typo fills the disk */
            if (fabs(o.coll_lo) > 10000 || fabs(o.coll_hi) > 10000) bad = 1;
            break;
        case O_BAD_FCS:
            bad = parse_num(optarg, &o.bad_fcs_frac) || o.bad_fcs_frac < 0 || o.bad_fcs_frac > 1;
            break;
        case O_DC:
            bad = parse_pair(optarg, &o.dc_i, &o.dc_q, ',') != 2;
            break;
        case O_IQ:
            bad = parse_pair(optarg, &o.iq_gain_db, &o.iq_phase_deg, ',') != 2;
            break;
        case O_CHANNELS:
            if (!strcmp(optarg, "A") || !strcmp(optarg, "B") || !strcmp(optarg, "AB"))
                snprintf(o.channels, sizeof o.channels, "%s", optarg);
            else
                bad = 1;
            break;
        case O_POLARITY:
            if (!strcmp(optarg, "pos"))
                o.polarity = 0;
            else if (!strcmp(optarg, "neg"))
                o.polarity = 1;
            else if (!strcmp(optarg, "random"))
                o.polarity = 2;
            else
                bad = 1;
            break;
        case 'h':
        case SIM_O_HELP:
            usage(stdout);
            return 0;
        default:
            if (sim_common_option(ch, optarg, &co, &bad)) break;
            usage(stderr);
            return EXIT_USAGE;
        }
        if (bad) return sim_bad_value(argv);
    }
    if (sim_extra_argument(argc, argv)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (sim_format_from_output(&co)) return EXIT_USAGE;
    return run(&o);
}
