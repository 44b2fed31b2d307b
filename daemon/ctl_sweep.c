/* ctl_sweep.c: `aisctl sweep`: receiver sensitivity against ground truth.
 * Either files with a .truth.jsonl beside them (the corpus synthetic cu8 files:
 * a burst counts when its payload appears in our output), or a fresh
 * simulation (dsp/iq_sim) of bursts at a grid of Eb/N0 levels, with options
 * for tuner error, per-burst offsets, I/Q imbalance, wrong-FCS bursts (counts
 * false frames) and same-channel overlaps (counts the stronger decoded).
 * Prints PER per level and the Eb/N0 interpolated at PER 20 % and 1 %. */
#include "daemon/ctl.h"
#include "daemon/ctl_rx.h"
#include "decode/jparse.h"
#include "decode/ais_encode.h"
#include "decode/armour.h"

#include "decode/rng.h"
#include "dsp/dispatch.h"
#include "dsp/iq_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXLEV 64

struct level {
    double ebn0;
    int n, ok, false_frames;
};

struct tally {
    struct level lev[MAXLEV];
    int nlev;
    int false_frames, corrected, frames;
    int untabled, untabled_ok; /* bursts at levels beyond the MAXLEV the table holds */
};

static struct level *level_of(struct tally *t, double eb)
{
    for (int i = 0; i < t->nlev; i++)
        if (fabs(t->lev[i].ebn0 - eb) < 1e-6) return &t->lev[i];
    if (t->nlev == MAXLEV) return NULL;
    int i = t->nlev++;
    while (i > 0 && t->lev[i - 1].ebn0 > eb) {
        t->lev[i] = t->lev[i - 1];
        i--;
    }
    t->lev[i] = (struct level){eb, 0, 0, 0};
    return &t->lev[i];
}

/* PER <= p, counted in bursts: 1.0 - 198.0 / 200 is a hair above 0.01 in
 * doubles, and 2 lost of 200 is PER 1 %. */
static int per_at_most(const struct level *l, double p)
{
    return l->n && (double)(l->n - l->ok) <= p * l->n + 1e-9;
}

/* Lowest Eb/N0 from which PER stays <= p, interpolated linearly. */
static double crossing(const struct tally *t, double p)
{
    int k = t->nlev;
    while (k > 0 && per_at_most(&t->lev[k - 1], p))
        k--;
    if (k == t->nlev) return NAN; /* never reached */
    if (k == 0) return -INFINITY; /* reached at the lowest level */
    const struct level *a = &t->lev[k - 1], *b = &t->lev[k];
    double pa = 1.0 - (double)a->ok / a->n, pb = 1.0 - (double)b->ok / b->n;
    if (pa == pb) return b->ebn0;
    return a->ebn0 + (pa - p) / (pa - pb) * (b->ebn0 - a->ebn0);
}

static void report(const char *what, const struct tally *t)
{
    printf("%s\n  Eb/N0  bursts  decoded  PER     false\n", what);
    for (int i = 0; i < t->nlev; i++)
        printf("  %5.1f  %6d  %7d  %5.1f%%  %5d\n", t->lev[i].ebn0, t->lev[i].n, t->lev[i].ok,
               t->lev[i].n ? 100.0 * (1.0 - (double)t->lev[i].ok / t->lev[i].n) : 0.0,
               t->lev[i].false_frames);
    double a = crossing(t, 0.20), b = crossing(t, 0.01);
    printf("  PER 20%% at %s%.2f dB, PER 1%% at %s%.2f dB; frames %d (corrected %d), false %d\n",
           isinf(a) ? "<=" : "", isinf(a) ? t->lev[0].ebn0 : a, isinf(b) ? "<=" : "",
           isinf(b) ? t->lev[0].ebn0 : b, t->frames, t->corrected, t->false_frames);
    if (t->untabled)
        printf("  %d bursts at levels beyond the %d the table holds: %d decoded (not in the PER "
               "figures)\n",
               t->untabled, MAXLEV, t->untabled_ok);
}

/* ---- files with truth ---- */

struct fcol {
    char (*pay)[200];
    int n, cap, corrected;
};

static void fcol_cb(void *ctx, const struct rx_frame *f)
{
    struct fcol *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->pay = realloc(c->pay, (size_t)c->cap * sizeof *c->pay);
    }
    unsigned fill;
    armour_encode(f->frame.bytes, (size_t)f->frame.nbytes * 8, c->pay[c->n], 200, &fill);
    c->n++;
    c->corrected += f->corrected_bits != 0;
}

static int sweep_file(const struct rx_opts *o, const char *path, struct tally *t)
{
    char tpath[4096];
    snprintf(tpath, sizeof tpath, "%s.truth.jsonl", path);
    FILE *tf = fopen(tpath, "r");
    if (!tf) {
        fprintf(stderr, "aisctl sweep: no truth file %s\n", tpath);
        return 1;
    }
    struct fcol c = {0};
    struct receiver_stats st;
    double secs, wall;
    int rc = rx_run_file(o, path, fcol_cb, &c, &st, &secs, &wall);
    if (rc) {
        fclose(tf);
        free(c.pay);
        return rc;
    }
    char *used = calloc((size_t)c.n + 1, 1);
    char line[2048];
    int coll[4] = {0, 0, 0, 0}; /* stronger: bursts, decoded; weaker: bursts, decoded */
    while (fgets(line, sizeof line, tf)) {
        struct jparse_val *tl = jparse(line, strlen(line), NULL, 0);
        const char *p = jparse_str(tl, "payload");
        const struct jparse_val *e = jparse_get(tl, "ebn0_db");
        if (!p || !e || e->type != JP_NUM) {
            jparse_free(tl);
            continue;
        }
        size_t n = strlen(p);
        /* Collisions (aisctl sim --collide): only the stronger is scored. */
        const char *role = jparse_str(tl, "role");
        int weaker = role && !strcmp(role, "weaker");
        int stronger = role && !strcmp(role, "stronger");
        struct level *lv = weaker ? NULL : level_of(t, e->num);
        int untabled = !lv && !weaker;
        if (lv) lv->n++;
        int hit = 0;
        for (int i = 0; i < c.n; i++)
            if (strlen(c.pay[i]) == n && !memcmp(c.pay[i], p, n)) {
                hit = 1;
                used[i] = 1;
                break;
            }
        if (lv) lv->ok += hit;
        t->untabled += untabled;
        t->untabled_ok += untabled && hit;
        if (stronger) {
            coll[0]++;
            coll[1] += hit;
        } else if (weaker) {
            coll[2]++;
            coll[3] += hit;
        }
        jparse_free(tl);
    }
    fclose(tf);
    for (int i = 0; i < c.n; i++)
        if (!used[i]) {
            /* A duplicate of a matched payload is not a false frame. */
            int dup = 0;
            for (int k = 0; k < c.n; k++)
                if (k != i && used[k] && !strcmp(c.pay[k], c.pay[i])) dup = 1;
            t->false_frames += !dup;
        }
    t->frames += c.n;
    t->corrected += c.corrected;
    if (coll[0] + coll[2])
        fprintf(
            stderr,
            "aisctl sweep: %s: collisions: stronger decoded %d of %d (%.1f %%), weaker %d of %d "
            "(weaker bursts not in the table)\n",
            path, coll[1], coll[0], coll[0] ? 100.0 * coll[1] / coll[0] : 0.0, coll[3], coll[2]);
    fprintf(stderr, "aisctl sweep: %s: %.1f s in %.2f s CPU (%.0fx), tuner %+.0f Hz (%+.2f ppm)\n",
            path, secs, wall, wall > 0 ? secs / wall : 0, st.offset_hz, st.ppm);
    fprintf(stderr,
            "aisctl sweep: %s: correction candidates %llu, overlap retries %llu with %llu CRC "
            "checks (expected false passes %.2f)\n",
            path, (unsigned long long)st.fix_tried, (unsigned long long)st.overlap_retries,
            (unsigned long long)st.overlap_checked,
            (double)(st.fix_tried + st.overlap_checked) / 65536.0);
    free(used);
    free(c.pay);
    return 0;
}

/* ---- simulation ---- */

struct simopt {
    double lo, hi, step;
    int per_level;
    double rate, ppm, jitter, type5;
    double iq_gain, iq_phase;
    double noise;      /* noise rms per axis in cu8 counts; 0: the corpus' 28 */
    double dc_i, dc_q; /* DC offset, cu8 counts */
    enum iq_sim_format fmt;
    int wrong_fcs;
    double overlap_db;   /* > 0: each event is a stronger burst over a weaker one */
    double ov_lo, ov_hi; /* weaker start minus stronger start, bits */
    int list_lost;
    int shape_ours;   /* our own burst shape instead of the corpus synthesizer's */
    int random_bytes; /* random message bytes instead of plausible messages */
    uint64_t seed;
};

struct truth {
    struct ais_frame f;
    double ebn0, start, freq;
    double snr_db; /* the demodulator's soft-value SNR of the decoded frame */
    int hit, wrong;
};

/* Overlap cases by the weaker burst's start relative to the stronger's, in
 * bits (the preamble is the first 40 bits: ramp 8, training 24, flag 8). */
#define NCASE 6
static const char *const case_name[NCASE] = {
    "weaker first, > 40 bits ahead",    "weaker first, 8..40 bits ahead",  "starts within 8 bits",
    "stronger first, 8..40 bits ahead", "stronger first, > 40 bits ahead", "no overlap"};

static int overlap_case(double d_bits, double len_s, double len_w)
{
    if (d_bits >= len_s || -d_bits >= len_w) return 5;
    if (d_bits < -40) return 0;
    if (d_bits < -8) return 1;
    if (d_bits <= 8) return 2;
    if (d_bits <= 40) return 3;
    return 4;
}

struct scol {
    struct truth *t;
    int nt;
    int first; /* truth entries before this are finished (window) */
    struct tally *tally;
    int verbose; /* print false frames */
};

static void scol_cb(void *ctx, const struct rx_frame *f)
{
    struct scol *c = ctx;
    c->tally->frames++;
    c->tally->corrected += f->corrected_bits != 0;
    for (int i = 0; i < c->nt; i++) {
        struct truth *t = &c->t[i];
        if (!t->wrong && t->f.nbytes == f->frame.nbytes &&
            !memcmp(t->f.bytes, f->frame.bytes, t->f.nbytes)) {
            t->hit = 1;
            t->snr_db = f->snr_db;
            return;
        }
    }
    c->tally->false_frames++;
    /* Attribute it to the level of the burst it came from. */
    int best = -1;
    double bd = 0;
    for (int i = 0; i < c->nt; i++) {
        double dd = fabs(c->t[i].start - (double)f->sample);
        if (best < 0 || dd < bd) {
            best = i;
            bd = dd;
        }
    }
    if (best >= 0) {
        struct level *lv = level_of(c->tally, c->t[best].ebn0);
        if (lv) lv->false_frames++;
        if (c->verbose) {
            const struct truth *t = &c->t[best];
            int sent = t->f.nbytes == f->frame.nbytes &&
                       !memcmp(t->f.bytes, f->frame.bytes, f->frame.nbytes);
            fprintf(stderr, "false: %.1f dB, type %u, %u bytes, corrected %u, snr %.1f dB%s\n",
                    t->ebn0, (unsigned)(f->frame.bytes[0] >> 2), (unsigned)f->frame.nbytes,
                    (unsigned)f->corrected_bits, f->snr_db,
                    sent ? ", the message sent (only its FCS was wrong)" : "");
        }
    }
}

static void random_text(struct rng *r, char *out, size_t n)
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
    size_t len = 1 + rng_below(r, n - 1);
    for (size_t i = 0; i < len; i++)
        out[i] = set[rng_below(r, sizeof set - 1)];
    out[len] = 0;
}

/* A plausible message of type 1 or 5 (the corpus' synthesizer sends such, with
 * every field in its range), fields drawn at random. */
static void random_message(struct rng *r, int type5, struct ais_frame *f)
{
    struct ais_msg m;
    memset(&m, 0, sizeof m);
    m.mmsi = 200000000u + (unsigned)rng_below(r, 576000000);
    if (type5) {
        struct ais_type5 *p = &m.type5;
        m.type = 5;
        p->imo = (unsigned)rng_below(r, 10000000);
        random_text(r, p->callsign, sizeof p->callsign);
        random_text(r, p->shipname, sizeof p->shipname);
        random_text(r, p->destination, sizeof p->destination);
        p->shiptype = 20 + (unsigned)rng_below(r, 80);
        p->to_bow = (unsigned)rng_below(r, 300);
        p->to_stern = (unsigned)rng_below(r, 100);
        p->to_port = (unsigned)rng_below(r, 40);
        p->to_starboard = (unsigned)rng_below(r, 40);
        p->epfd = 1 + (unsigned)rng_below(r, 8);
        p->month = 1 + (unsigned)rng_below(r, 12);
        p->day = 1 + (unsigned)rng_below(r, 31);
        p->hour = (unsigned)rng_below(r, 24);
        p->minute = (unsigned)rng_below(r, 60);
        p->draught = (unsigned)rng_below(r, 250);
    } else {
        struct ais_type1 *p = &m.type1;
        m.type = 1 + (unsigned)rng_below(r, 3);
        p->status = (unsigned)rng_below(r, 16);
        p->turn = (int)rng_below(r, 256) - 128;
        p->speed = (unsigned)rng_below(r, 1024);
        p->accuracy = rng_below(r, 2);
        p->lon = (int)lround(rng_range(r, -180, 180) * 600000.0);
        p->lat = (int)lround(rng_range(r, -90, 90) * 600000.0);
        p->course = (unsigned)rng_below(r, 3600);
        p->heading = rng_below(r, 8) ? (unsigned)rng_below(r, 360) : 511;
        p->second = (unsigned)rng_below(r, 60);
        p->radio = (unsigned)rng_below(r, 1u << 19);
    }
    ais_encode(&m, f);
}

static int sweep_sim(const struct rx_opts *o, const struct simopt *so, struct tally *t)
{
    int nlev = (int)floor((so->hi - so->lo) / so->step + 1e-6) + 1;
    if (nlev < 1 || nlev > MAXLEV || so->per_level < 1) {
        fprintf(stderr, "aisctl sweep: bad level grid\n");
        return EXIT_USAGE;
    }
    int per_event = so->overlap_db > 0 ? 2 : 1;
    int nev = nlev * so->per_level;
    struct truth *tr = calloc((size_t)nev * per_event, sizeof *tr);
    struct rng r;
    rng_seed(&r, so->seed);
    struct iq_sim_config sc = iq_sim_config_default();
    sc.sample_rate = so->rate;
    sc.iq_gain_db = so->iq_gain;
    sc.iq_phase_deg = so->iq_phase;
    sc.seed = so->seed;
    sc.format = so->fmt;
    sc.dc_i = so->dc_i / 127.5;
    sc.dc_q = so->dc_q / 127.5;
    if (!so->shape_ours) {
        iq_sim_corpus_shape(&sc);
        sc.noise_rms = 28.0 / 127.5; /* its sweep_288k noise level */
    }
    if (so->noise > 0) sc.noise_rms = so->noise / 127.5;
    static const enum kern_format kfmt[] = {KERN_CU8, KERN_CS8, KERN_CS16, KERN_CF32};
    enum kern_format kf = kfmt[so->fmt];
    unsigned trailer = so->shape_ours ? 0 : IQ_SIM_CORPUS_TRAILER;
    struct iq_sim *sim = iq_sim_create(&sc);
    struct receiver_config rc;
    rx_config_from_opts(o, so->rate, &rc);
    struct scol col = {tr, 0, 0, t, so->list_lost};
    rc.on_frame = scol_cb;
    rc.ctx = &col;
    struct receiver *rx = receiver_create(&rc);
    if (!sim || !rx || !tr) {
        iq_sim_destroy(sim);
        receiver_destroy(rx);
        free(tr);
        return 1;
    }
    double tuner = so->ppm * 1e-6 * o->centre;
    double spacing = so->rate * 0.06; /* 60 ms between events */
    double ov_max = fmax(fabs(so->ov_lo), fabs(so->ov_hi));
    int cs_n[NCASE][2] = {{0}}, cs_ok[NCASE][2] = {{0}}; /* [case][type 5] */
    double *dbits = calloc((size_t)nev, sizeof *dbits);
    double *lbits = calloc((size_t)nev * per_event, sizeof *lbits);
    size_t chunk = (size_t)spacing;
    uint8_t *buf = malloc(chunk * iq_sim_sample_bytes(so->fmt));
    uint8_t(*lev)[2000] = malloc((size_t)per_event * sizeof *lev);
    double pos = so->rate * 0.5;
    int idx = 0;
    for (int e = 0; e < nev; e++) {
        double eb = so->lo + so->step * (e % nlev);
        /* Shuffle levels in time: event e uses level e % nlev. */
        /* Channel B or A, as far from the tuner's centre as they are. */
        double ch = (rng_below(&r, 2) ? 162.025e6 : 161.975e6) - o->centre;
        for (int k = 0; k < per_event; k++) {
            struct truth *x = &tr[idx];
            int type5 = rng_uniform(&r) < so->type5;
            if (so->random_bytes) {
                x->f.nbytes = type5 ? 53 : 21;
                for (int i = 0; i < x->f.nbytes; i++)
                    x->f.bytes[i] = (uint8_t)rng_below(&r, 256);
                x->f.bytes[0] = (uint8_t)((type5 ? 5 : 1) << 2 | (x->f.bytes[0] & 3));
            } else
                random_message(&r, type5, &x->f);
            x->ebn0 = k == 0 ? eb : eb - so->overlap_db;
            x->wrong = so->wrong_fcs;
            uint16_t fx = so->wrong_fcs ? (uint16_t)(1 + rng_below(&r, 65535)) : 0;
            int nl = iq_sim_levels_trailer(&x->f, fx, trailer, lev[k], sizeof lev[k]);
            for (int i = 0; !so->shape_ours && i < nl; i++)
                lev[k][i] = (uint8_t)!lev[k][i]; /* its level 1 is -2400 Hz */
            double start = pos + rng_range(&r, 0, 200);
            double spb = so->rate / 9600;
            if (k == 1) { /* the weaker starts ov_lo..ov_hi bits after the stronger */
                double d = rng_range(&r, so->ov_lo, so->ov_hi);
                start = pos + ov_max * spb + d * spb;
                dbits[e] = d;
            } else if (per_event == 2)
                start = pos + ov_max * spb;
            lbits[idx] = nl > 0 ? nl : 0;
            x->start = start;
            x->freq = rng_range(&r, -so->jitter, so->jitter);
            struct iq_sim_burst b = {lev[k],
                                     (size_t)nl,
                                     start,
                                     iq_sim_amplitude(sim, x->ebn0),
                                     ch + tuner + x->freq,
                                     rng_range(&r, 0, 2 * M_PI)};
            iq_sim_add(sim, &b);
            idx++;
        }
        col.nt = idx;
        /* Render up to the next event. */
        pos += spacing + (per_event == 2 ? 2 * ov_max * so->rate / 9600 : 0);
        while ((double)iq_sim_position(sim) + (double)chunk < pos) {
            iq_sim_render(sim, chunk, buf);
            receiver_execute(rx, kf, buf, chunk);
        }
    }
    for (int k = 0; k < 4; k++) {
        iq_sim_render(sim, chunk, buf);
        receiver_execute(rx, kf, buf, chunk);
    }
    receiver_flush(rx);
    struct receiver_stats st;
    receiver_get_stats(rx, &st);
    for (int i = 0; i < idx; i++) {
        if (per_event == 2 && (i & 1)) continue; /* only the stronger of a pair is scored */
        struct level *lv = level_of(t, tr[i].ebn0);
        if (!lv) continue;
        lv->n++;
        lv->ok += tr[i].hit;
        int t5 = tr[i].f.nbytes > 21;
        if (per_event == 2) {
            int c = overlap_case(dbits[i / 2], lbits[i], lbits[i + 1]);
            cs_n[c][t5]++;
            cs_ok[c][t5] += tr[i].hit;
        }
        if (!tr[i].hit && so->list_lost)
            fprintf(stderr, "lost: %.1f dB, %.6f s, type %u, offset %+.0f Hz\n", tr[i].ebn0,
                    tr[i].start / so->rate, (unsigned)(tr[i].f.bytes[0] >> 2), tr[i].freq);
        if (!tr[i].hit && so->list_lost && per_event == 2)
            fprintf(stderr, "  weaker %+.1f bits (%u bits long, weaker %u), weaker %s\n",
                    dbits[i / 2], (unsigned)lbits[i], (unsigned)lbits[i + 1],
                    tr[i + 1].hit ? "decoded" : "lost");
    }
    /* The demodulator's SNR per level (mean over the decoded bursts): an
     * implementation loss anywhere before it (front end, resampler, format,
     * DC removal) shows here to a few hundredths of a dB. */
    for (int l = 0; l < t->nlev; l++) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < idx; i += per_event)
            if (tr[i].hit && level_of(t, tr[i].ebn0) == &t->lev[l]) {
                sum += tr[i].snr_db;
                n++;
            }
        if (n)
            fprintf(stderr, "aisctl sweep: %.1f dB: demodulator SNR %.2f dB (mean of %d)\n",
                    t->lev[l].ebn0, sum / n, n);
    }
    fprintf(stderr,
            "aisctl sweep: simulated %d bursts at %.0f S/s; tuner %+.0f Hz (%+.2f ppm); "
            "corrections searched %llu, gated %llu, ambiguous %llu; candidates %llu, overlap "
            "retries %llu with %llu CRC checks (expected false passes %.2f); plain decodes "
            "failing the CRC %llu distinct frames (at most %.2f more: each burst's own frame is "
            "among them)\n",
            idx, so->rate, st.offset_hz, st.ppm, (unsigned long long)st.fix_searches,
            (unsigned long long)st.fix_gated, (unsigned long long)st.fix_ambiguous,
            (unsigned long long)st.fix_tried, (unsigned long long)st.overlap_retries,
            (unsigned long long)st.overlap_checked,
            (double)(st.fix_tried + st.overlap_checked) / 65536.0,
            (unsigned long long)st.plain_failed, (double)st.plain_failed / 65536.0);
    if (per_event == 2) {
        printf("overlap cases (weaker starts %+.0f..%+.0f bits after the stronger), stronger "
               "decoded:\n  case                               type 1         type 5\n",
               so->ov_lo, so->ov_hi);
        for (int c = 0; c < NCASE; c++)
            if (cs_n[c][0] + cs_n[c][1])
                printf("  %-33s %4d/%-4d %5.1f%%  %4d/%-4d %5.1f%%\n", case_name[c], cs_ok[c][0],
                       cs_n[c][0], cs_n[c][0] ? 100.0 * cs_ok[c][0] / cs_n[c][0] : 0.0, cs_ok[c][1],
                       cs_n[c][1], cs_n[c][1] ? 100.0 * cs_ok[c][1] / cs_n[c][1] : 0.0);
        int wk = 0;
        for (int i = 1; i < idx; i += 2)
            wk += tr[i].hit;
        printf("  weaker decoded as well: %d of %d\n", wk, idx / 2);
    }
    receiver_destroy(rx);
    iq_sim_destroy(sim);
    free(buf);
    free(lev);
    free(tr);
    free(dbits);
    free(lbits);
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: aisctl sweep [rx options] FILE...          (each FILE has FILE.truth.jsonl)\n"
            "       aisctl sweep --sim [--levels LO:HI:STEP] [--bursts N] [--rate HZ] "
            "[--tuner-ppm P]\n"
            "                    [--jitter HZ] [--type5 FRAC] [--iq DB,DEG] [--wrong-fcs]\n"
            "                    [--overlap DB [--overlap-offset LO:HI]] [--seed N] [--list-lost]\n"
            "                    [--shape corpus|ours] [--random-bytes] [--format F]\n"
            "                    [--noise COUNTS] [--dc I,Q] [--centre HZ] [rx options]\n"
            "  --format cu8|cs8|cs16|cf32 (default cu8); --noise: rms per axis in cu8\n"
            "  counts (default 28, the corpus'; full scale is 1.0 in every format);\n"
            "  --dc: DC offset in cu8 counts; --centre: tuner centre (channels stay at\n"
            "  161.975 / 162.025 MHz)\n"
            "  --shape: burst ramps, trailer and polarity of the corpus' synthesizer (default)\n"
            "  or of our own simulator; messages are plausible types 1-3 and 5 with random\n"
            "  fields unless --random-bytes\n"
            "  --overlap DB: every event is a pair on one channel, the scored one DB stronger;\n"
            "  the weaker starts LO..HI bits after it (default -100:100; negative: before);\n"
            "  prints the stronger's decoded rate per case (who starts first, by how much)\n"
            "  --tuner-ppm P: the simulated tuner's error (the receiver acquires it unless\n"
            "  told with --ppm)\n"
            "rx options: --no-acquire --no-correct --no-pass2 --ppm P (configured correction);\n"
            "  tuning the receiver: --threshold R --gate E --cost C --score S --flips K\n"
            "  --max-flips N --cands N (aisctl rx --help says what each does)\n"
            "Prints PER per Eb/N0 level and the Eb/N0 at PER 20%% and 1%%.\n");
}

/* A whole number in [lo, hi] (nan, inf, trailing text refused): 0, or -1. */
static int sweep_num(const char *s, double lo, double hi, double *v)
{
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end || !isfinite(x) || x < lo || x > hi) return -1;
    *v = x;
    return 0;
}

/* "A:B:C" or "A,B" (n numbers, each in [lo, hi]): 0, or -1. */
static int sweep_nums(const char *s, char sep, int n, double lo, double hi, double *v)
{
    char buf[128];
    if (strlen(s) >= sizeof buf) return -1;
    strcpy(buf, s);
    char *p = buf;
    for (int k = 0; k < n; k++) {
        char *q = k + 1 < n ? strchr(p, sep) : NULL;
        if (k + 1 < n && !q) return -1;
        if (q) *q = 0;
        if (sweep_num(p, lo, hi, &v[k]) != 0) return -1;
        p = q ? q + 1 : p;
    }
    return 0;
}

int ctl_sweep(int argc, char **argv)
{
    struct rx_opts o;
    rx_opts_default(&o);
    struct simopt so = {.lo = 3,
                        .hi = 9,
                        .step = 0.5,
                        .per_level = 100,
                        .rate = 288000,
                        .jitter = 300,
                        .type5 = 0.2,
                        .ov_lo = -100,
                        .ov_hi = 100,
                        .seed = 1};
    int sim = 0, nfiles = 0, bad = 0;
    /* --sim anywhere: --rate and --format then describe the simulation */
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--sim")) sim = 1;
    char **files = calloc((size_t)argc, sizeof *files);
    const char *bad_opt = "", *bad_val = "";
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        double nv[3] = {0, 0, 0};
        bad_opt = a; /* named if its value is refused */
        bad_val = more ? argv[i + 1] : "";
        if (!strcmp(a, "--sim"))
            continue;
        else if (!strcmp(a, "--levels") && more) {
            bad = sweep_nums(argv[++i], ':', 3, -50, 100, nv) || !(nv[2] > 0) || nv[1] < nv[0] ||
                  (nv[1] - nv[0]) / nv[2] > 1000;
            so.lo = nv[0], so.hi = nv[1], so.step = nv[2];
        } else if (!strcmp(a, "--bursts") && more) {
            bad = sweep_num(argv[++i], 1, 1e6, nv) || nv[0] != floor(nv[0]);
            so.per_level = (int)nv[0];
        } else if (!strcmp(a, "--rate") && more && sim) {
            bad = sweep_num(argv[++i], 240000, 3.2e6, &so.rate);
        } else if (!strcmp(a, "--tuner-ppm") && more)
            bad = sweep_num(argv[++i], -200, 200, &so.ppm);
        else if (!strcmp(a, "--jitter") && more)
            bad = sweep_num(argv[++i], 0, 5000, &so.jitter);
        else if (!strcmp(a, "--type5") && more)
            bad = sweep_num(argv[++i], 0, 1, &so.type5);
        else if (!strcmp(a, "--iq") && more) {
            bad = sweep_nums(argv[++i], ',', 2, -90, 90, nv);
            so.iq_gain = nv[0], so.iq_phase = nv[1];
        } else if (!strcmp(a, "--noise") && more)
            bad = sweep_num(argv[++i], 0, 127, &so.noise);
        else if (!strcmp(a, "--dc") && more) {
            bad = sweep_nums(argv[++i], ',', 2, -127, 127, nv);
            so.dc_i = nv[0], so.dc_q = nv[1];
        } else if (!strcmp(a, "--format") && sim && more)
            bad = iq_sim_format_parse(argv[++i], &so.fmt) != 0;
        else if (!strcmp(a, "--list-lost"))
            so.list_lost = 1;
        else if (!strcmp(a, "--shape") && more) {
            const char *v = argv[++i];
            bad = strcmp(v, "corpus") && strcmp(v, "ours");
            so.shape_ours = !strcmp(v, "ours");
        } else if (!strcmp(a, "--random-bytes"))
            so.random_bytes = 1;
        else if (!strcmp(a, "--wrong-fcs"))
            so.wrong_fcs = 1;
        else if (!strcmp(a, "--overlap") && more)
            bad = sweep_num(argv[++i], 0, 60, &so.overlap_db);
        else if (!strcmp(a, "--overlap-offset") && more)
            bad = sscanf(argv[++i], "%lf:%lf", &so.ov_lo, &so.ov_hi) != 2 || so.ov_hi < so.ov_lo ||
                  fabs(so.ov_lo) > 2000 || fabs(so.ov_hi) > 2000;
        else if (!strcmp(a, "--seed") && more) {
            bad = sweep_num(argv[++i], 0, 9007199254740992.0, nv) || nv[0] != floor(nv[0]);
            so.seed = (uint64_t)nv[0];
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(files);
            return 0;
        } else {
            int k = rx_parse_common(argc, argv, &i, &o);
            if (k == 0 && a[0] == '-') { /* the whole usage said nothing of it */
                static const char valued[] = " --levels --bursts --tuner-ppm --jitter --type5 --iq "
                                             "--noise --dc --format --shape --overlap "
                                             "--overlap-offset --seed ";
                char word[64];
                snprintf(word, sizeof word, " %s ", a);
                fprintf(stderr, "aisctl sweep: %s '%s' (see aisctl sweep --help)\n",
                        strstr(valued, word) ? "a value is missing after" : "unknown option", a);
                free(files);
                return EXIT_USAGE;
            }
            if (k < 0) {
                usage(stderr);
                free(files);
                return EXIT_USAGE;
            }
            if (k == 0) files[nfiles++] = argv[i];
        }
    }
    if (bad) {
        fprintf(stderr, "aisctl sweep: bad value for %s: '%s' (see aisctl sweep --help)\n", bad_opt,
                bad_val);
        free(files);
        return EXIT_USAGE;
    }
    dispatch_init();
    struct tally t;
    memset(&t, 0, sizeof t);
    int rc = 0;
    if (sim) {
        rc = sweep_sim(&o, &so, &t);
        if (!rc) {
            char what[256];
            snprintf(what, sizeof what,
                     "simulated: %.0f S/s, centre %.3f MHz, tuner %+.1f ppm, jitter +-%.0f Hz, "
                     "type5 %.0f%%, I/Q %.1f dB/%.1f deg%s%s",
                     so.rate, o.centre / 1e6, so.ppm, so.jitter, so.type5 * 100, so.iq_gain,
                     so.iq_phase, so.wrong_fcs ? ", wrong FCS (every frame is false)" : "",
                     so.overlap_db > 0 ? ", overlaps (PER of the stronger)" : "");
            report(what, &t);
        }
    } else if (nfiles == 0) {
        usage(stderr);
        rc = EXIT_USAGE;
    } else {
        for (int i = 0; i < nfiles && !rc; i++)
            rc = sweep_file(&o, files[i], &t);
        if (!rc) report(nfiles == 1 ? files[0] : "files", &t);
    }
    free(files);
    return rc;
}
