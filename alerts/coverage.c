/* coverage.c: learned ring x sector reception model (see coverage.h). */
#include "alerts/coverage.h"

#include "alerts/geo.h"
#include "alerts/jbuf.h"
#include "decode/log.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Upper edges (s) of the loss-run histogram bins; the last bin is open. */
static const float run_edges[COVERAGE_RUN_BINS] = {10,  20,  30,  45,  60,   90,   120,
                                                   150, 180, 210, 240, 270,  300,  360,
                                                   420, 480, 600, 900, 1200, 1800, 1e9};

/* Runs beyond this bin's lower edge (30 s: three missed 10 s reports in a
 * row) are fades, not chance misses. */
#define FADE_BIN 3

struct coverage {
    struct coverage_config cfg;
    int ready;
    double lat0, lon0;
    double kx; /* nm per degree of longitude at the station */
    double est_lat, est_lon, est_w;
    int est_n;
    struct coverage_cell *cells; /* rings * sectors, index ring * sectors + sector */
    int *outer;                  /* per sector: outermost ring with a hit, -1 none */
    float *edge50;               /* per sector: cached working edge (nm), 0 unknown */
    float global_runs[COVERAGE_RUN_BINS];
    float class_runs[COVERAGE_CLASSES][COVERAGE_RUN_BINS];
    float class_trans[COVERAGE_CLASSES];
    /* the same, counting only transitions that began after a regular
     * lead-in (the vessel heard at every expected report, at its normal
     * level, just before the run) */
    float lead_runs[COVERAGE_CLASSES][COVERAGE_RUN_BINS];
    float lead_trans[COVERAGE_CLASSES];
    double class_t0; /* event time of the first transition counted, 0 none */
    /* reception estimates are asked for many times between two changes of
     * the counts (every vessel's cell, each health tick): each cell keeps
     * its last answers, valid while the counts have not changed since
     * (epoch: bumped by every change of hits, misses or the outer rings) */
    uint64_t epoch;
    struct p_cache *cache; /* per cell */
};

struct p_cache {
    uint64_t epoch_p, epoch_mean; /* epoch the value was computed at, 0 none */
    double p, mean;
};

struct coverage_config coverage_config_default(void)
{
    return (struct coverage_config){
        .station_lat = NAN,
        .station_lon = NAN,
        .estimate_n = 200,
        .ring_nm = 2.0,
        .rings = 50,
        .sectors = 12,
        .prior_k = 20.0,
    };
}

struct coverage *coverage_create(const struct coverage_config *cfg)
{
    struct coverage_config d = coverage_config_default();
    if (!cfg) cfg = &d;
    if (cfg->rings < 1 || cfg->rings > 1000 || cfg->sectors < 1 || cfg->sectors > 360 ||
        !(cfg->ring_nm > 0)) {
        log_error("coverage_create(): rings 1..1000, sectors 1..360, ring_nm > 0");
        return NULL;
    }
    struct coverage *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cfg = *cfg;
    c->cells = calloc((size_t)cfg->rings * (size_t)cfg->sectors, sizeof *c->cells);
    c->outer = malloc(sizeof(int) * (size_t)cfg->sectors);
    c->edge50 = calloc((size_t)cfg->sectors, sizeof(float));
    c->cache = calloc((size_t)cfg->rings * (size_t)cfg->sectors, sizeof *c->cache);
    c->epoch = 1;
    if (!c->cells || !c->outer || !c->edge50 || !c->cache) {
        free(c->cells);
        free(c->outer);
        free(c->edge50);
        free(c->cache);
        free(c);
        return NULL;
    }
    for (int s = 0; s < cfg->sectors; s++)
        c->outer[s] = -1;
    if (geo_valid_position(cfg->station_lat, cfg->station_lon)) {
        c->lat0 = cfg->station_lat;
        c->lon0 = cfg->station_lon;
        c->kx = 60.0 * cos(c->lat0 * M_PI / 180.0);
        c->ready = 1;
    }
    return c;
}

void coverage_destroy(struct coverage *c)
{
    if (!c) return;
    free(c->cells);
    free(c->outer);
    free(c->edge50);
    free(c->cache);
    free(c);
}

int coverage_ready(const struct coverage *c)
{
    return c->ready;
}

void coverage_station(const struct coverage *c, double *lat, double *lon)
{
    *lat = c->ready ? c->lat0 : NAN;
    *lon = c->ready ? c->lon0 : NAN;
}

void coverage_feed_position(struct coverage *c, double lat, double lon, double level_dbfs)
{
    if (c->ready) return;
    /* stronger signals pull harder: the station is where reception is best */
    double w = isfinite(level_dbfs) ? pow(10.0, fmax(-60.0, fmin(0.0, level_dbfs)) / 20.0) : 1.0;
    c->est_lat += w * lat;
    c->est_lon += w * lon;
    c->est_w += w;
    if (++c->est_n >= c->cfg.estimate_n && c->est_w > 0) {
        c->lat0 = c->est_lat / c->est_w;
        c->lon0 = c->est_lon / c->est_w;
        c->kx = 60.0 * cos(c->lat0 * M_PI / 180.0);
        c->ready = 1;
        log_info("coverage: station position estimated at %.4f %.4f from %d positions", c->lat0,
                 c->lon0, c->est_n);
    }
}

int coverage_sectors(const struct coverage *c)
{
    return c->cfg.sectors;
}

/* Local flat projection around the station (nm east, nm north): the cells
 * are a few nm wide, so its error (well under 1% within 100 nm) is far below
 * a cell, and it keeps inverse trigonometry off the per-message path. */
static void project(const struct coverage *c, double lat, double lon, double *x, double *y)
{
    double dlon = lon - c->lon0;
    if (dlon > 180)
        dlon -= 360;
    else if (dlon < -180)
        dlon += 360;
    *x = dlon * c->kx;
    *y = (lat - c->lat0) * 60.0;
}

double coverage_range_nm(const struct coverage *c, double lat, double lon)
{
    if (!c->ready) return NAN;
    double x, y;
    project(c, lat, lon, &x, &y);
    return sqrt(x * x + y * y);
}

int coverage_cell_of(const struct coverage *c, double lat, double lon)
{
    if (!c->ready || !isfinite(lat) || !isfinite(lon)) return -1;
    double x, y;
    project(c, lat, lon, &x, &y);
    double r = sqrt(x * x + y * y);
    int ring = (int)(r / c->cfg.ring_nm);
    if (ring >= c->cfg.rings) return -1;
    double b = atan2(x, y) * (180.0 / M_PI);
    if (b < 0) b += 360.0;
    int sector = (int)(b * c->cfg.sectors / 360.0);
    if (sector >= c->cfg.sectors) sector = c->cfg.sectors - 1;
    if (sector < 0) sector = 0;
    return ring * c->cfg.sectors + sector;
}

int coverage_sector_of_cell(const struct coverage *c, int cell)
{
    return cell < 0 ? -1 : cell % c->cfg.sectors;
}

int coverage_ring_of_cell(const struct coverage *c, int cell)
{
    return cell < 0 ? -1 : cell / c->cfg.sectors;
}

void coverage_hit(struct coverage *c, double lat, double lon, double level_dbfs)
{
    coverage_hit_cell(c, coverage_cell_of(c, lat, lon), level_dbfs);
}

void coverage_hit_cell(struct coverage *c, int cell, double level_dbfs)
{
    if (cell < 0) return;
    struct coverage_cell *k = &c->cells[cell];
    k->hits += 1;
    c->epoch++;
    int ring = cell / c->cfg.sectors, sec = cell % c->cfg.sectors;
    if (ring > c->outer[sec]) c->outer[sec] = ring;
    if (isfinite(level_dbfs)) {
        k->level_sum += (float)level_dbfs;
        k->level_n += 1;
    }
}

static int run_bin(double run_s)
{
    int b = 0;
    while (b < COVERAGE_RUN_BINS - 1 && run_s > run_edges[b])
        b++;
    return b;
}

void coverage_miss_path(struct coverage *c, double lat1, double lon1, double lat2, double lon2,
                        int n, double run_s, int station_wide, int frequent)
{
    if (!c->ready) return;
    for (int i = 1; i <= n; i++) {
        double f = (double)i / (n + 1);
        int cell = coverage_cell_of(c, lat1 + f * (lat2 - lat1), lon1 + f * (lon2 - lon1));
        if (cell >= 0) c->cells[cell].misses += 1;
    }
    if (n > 0) c->epoch++;
    int b = run_bin(run_s);
    int cell = coverage_cell_of(c, lat1, lon1);
    if (cell >= 0 && frequent) c->cells[cell].runs[b] += 1;
    if (station_wide) c->global_runs[b] += 1;
}

static double reception_lower(const struct coverage *c, int cell);
static double reception_mean(const struct coverage *c, int cell);

/* Sum of hits/misses over the cell and its ring neighbours in the sector. */
static void pooled(const struct coverage *c, int cell, double *h, double *m)
{
    int S = c->cfg.sectors, ring = cell / S, sec = cell % S;
    *h = *m = 0;
    for (int r = ring - 1; r <= ring + 1; r++) {
        if (r < 0 || r >= c->cfg.rings) continue;
        const struct coverage_cell *k = &c->cells[r * S + sec];
        *h += k->hits;
        *m += k->misses;
    }
}

/* Outermost ring of the sector where anything was heard. */
static int outer_ring(const struct coverage *c, int sec)
{
    return c->outer[sec];
}

static void recompute_outer(struct coverage *c)
{
    int S = c->cfg.sectors;
    for (int s = 0; s < S; s++) {
        c->outer[s] = -1;
        for (int r = c->cfg.rings - 1; r >= 0; r--)
            if (c->cells[r * S + s].hits > 0) {
                c->outer[s] = r;
                break;
            }
    }
}

double coverage_p(const struct coverage *c, int cell)
{
    if (cell < 0 || !c->ready) return 0;
    struct p_cache *pc = &c->cache[cell];
    if (pc->epoch_p == c->epoch) return pc->p;
    pc->epoch_p = c->epoch;
    return pc->p = reception_lower(c, cell);
}

/* coverage_p, computed */
static double reception_lower(const struct coverage *c, int cell)
{
    int S = c->cfg.sectors, ring = cell / S, sec = cell % S;
    if (ring > outer_ring(c, sec)) return 0;
    double ph, pm;
    pooled(c, cell, &ph, &pm);
    double prior = (ph + 1) / (ph + pm + 2);
    const struct coverage_cell *k = &c->cells[cell];
    double n = k->hits + k->misses, K = c->cfg.prior_k;
    double p = (k->hits + K * prior) / (n + K);
    /* conservative: lower bound on reception (upper bound on misses) */
    double eff = n + fmin(K, ph + pm);
    double lo = p - 2.0 * sqrt(p * (1 - p) / (eff + 1)) - 1.0 / (eff + 1);
    return lo < 0 ? 0 : lo;
}

double coverage_p_mean(const struct coverage *c, int cell)
{
    if (cell < 0 || !c->ready) return -1;
    struct p_cache *pc = &c->cache[cell];
    if (pc->epoch_mean == c->epoch) return pc->mean;
    pc->epoch_mean = c->epoch;
    return pc->mean = reception_mean(c, cell);
}

/* coverage_p_mean, computed */
static double reception_mean(const struct coverage *c, int cell)
{
    double ph, pm;
    pooled(c, cell, &ph, &pm);
    if (ph + pm <= 0) return -1;
    double prior = (ph + 1) / (ph + pm + 2);
    const struct coverage_cell *k = &c->cells[cell];
    double K = c->cfg.prior_k;
    return (k->hits + K * prior) / (k->hits + k->misses + K);
}

double coverage_samples(const struct coverage *c, int cell)
{
    if (cell < 0) return 0;
    double h, m;
    pooled(c, cell, &h, &m);
    return h + m;
}

double coverage_level(const struct coverage *c, int cell)
{
    if (cell < 0) return NAN;
    int S = c->cfg.sectors, ring = cell / S, sec = cell % S;
    double s = 0, n = 0;
    for (int r = ring - 1; r <= ring + 1; r++) {
        if (r < 0 || r >= c->cfg.rings) continue;
        s += c->cells[r * S + sec].level_sum;
        n += c->cells[r * S + sec].level_n;
    }
    return n > 0 ? s / n : NAN;
}

static double quantile(const float *h, double q, double *n_out)
{
    double n = 0;
    for (int b = 0; b < COVERAGE_RUN_BINS; b++)
        n += h[b];
    *n_out = n;
    if (n <= 0) return 0;
    double acc = 0;
    for (int b = 0; b < COVERAGE_RUN_BINS; b++) {
        acc += h[b];
        if (acc >= q * n) return b == COVERAGE_RUN_BINS - 1 ? run_edges[b - 1] * 2 : run_edges[b];
    }
    return run_edges[COVERAGE_RUN_BINS - 2] * 2;
}

double coverage_local_run_quantile(const struct coverage *c, int cell, double q, double *nruns)
{
    *nruns = 0;
    if (cell < 0) return 0;
    float h[COVERAGE_RUN_BINS] = {0};
    int S = c->cfg.sectors, ring = cell / S, sec = cell % S;
    for (int r = ring - 1; r <= ring + 1; r++)
        for (int s = sec - 1; s <= sec + 1; s++) {
            if (r < 0 || r >= c->cfg.rings) continue;
            const struct coverage_cell *k = &c->cells[r * S + (s + S) % S];
            for (int b = 0; b < COVERAGE_RUN_BINS; b++)
                h[b] += k->runs[b];
        }
    return quantile(h, q, nruns);
}

double coverage_run_quantile(const struct coverage *c, int cell, double q, double min_runs,
                             double *nruns)
{
    double gn;
    double g = quantile(c->global_runs, q, &gn);
    double best = g, bn = gn;
    if (cell >= 0) {
        double ln;
        double l = coverage_local_run_quantile(c, cell, q, &ln);
        /* the local figure counts when it rests on enough runs; a local tail
         * longer than the station's always counts (a fading spot). */
        if (ln >= min_runs || l > g) {
            best = fmax(l, ln >= min_runs ? 0 : g);
            bn = ln;
        }
    }
    if (nruns) *nruns = bn;
    return best;
}

double coverage_edge50_nm(const struct coverage *c, int cell, double min_samples)
{
    if (cell < 0) return 0;
    int S = c->cfg.sectors, sec = cell % S;
    /* pool the sector with its two neighbours, ring by ring outward; the
     * edge is the inner side of the first ring heard less than half the
     * time (with enough samples), or past the last ring heard at all */
    int outer = -1;
    for (int d = -1; d <= 1; d++)
        if (c->outer[(sec + d + S) % S] > outer) outer = c->outer[(sec + d + S) % S];
    for (int r = 0; r <= outer; r++) {
        double h = 0, m = 0;
        for (int d = -1; d <= 1; d++) {
            const struct coverage_cell *k = &c->cells[r * S + (sec + d + S) % S];
            h += k->hits;
            m += k->misses;
        }
        if (h + m >= min_samples && h / (h + m) < 0.5) return r * c->cfg.ring_nm;
    }
    /* never below half: a hard edge (or the traffic ends there) */
    return (outer + 1) * c->cfg.ring_nm;
}

void coverage_refresh_edges(struct coverage *c, double min_samples)
{
    for (int s = 0; s < c->cfg.sectors; s++)
        c->edge50[s] = (float)coverage_edge50_nm(c, s, min_samples);
}

int coverage_class_of(const struct coverage *c, double lat, double lon)
{
    return coverage_class_at(c, coverage_cell_of(c, lat, lon), lat, lon);
}

int coverage_class_at(const struct coverage *c, int cell, double lat, double lon)
{
    if (cell < 0) return -1;
    double edge = c->edge50[cell % c->cfg.sectors];
    if (!(edge > 0)) return -1;
    int k = (int)(10.0 * coverage_range_nm(c, lat, lon) / edge);
    return k < COVERAGE_CLASSES ? k : COVERAGE_CLASSES - 1;
}

void coverage_class_transition(struct coverage *c, int cls, double run_s, double t, int regular)
{
    if (cls < 0 || cls >= COVERAGE_CLASSES) return;
    if (!(c->class_t0 > 0)) c->class_t0 = t;
    c->class_trans[cls] += 1;
    if (run_s > 0) c->class_runs[cls][run_bin(run_s)] += 1;
    if (!regular) return;
    c->lead_trans[cls] += 1;
    if (run_s > 0) c->lead_runs[cls][run_bin(run_s)] += 1;
}

static double class_tail(const struct coverage *c, const float (*runs)[COVERAGE_RUN_BINS],
                         const float *trans, int lo, int cls, double tail, double min_trans,
                         double now, double min_age_s, double *ntrans);

double coverage_class_tail(const struct coverage *c, int cls, double tail, double min_trans,
                           double now, double min_age_s, double *ntrans)
{
    return coverage_class_tail_from(c, 0, cls, tail, min_trans, now, min_age_s, ntrans);
}

double coverage_class_tail_from(const struct coverage *c, int lo, int cls, double tail,
                                double min_trans, double now, double min_age_s, double *ntrans)
{
    return class_tail(c, c->class_runs, c->class_trans, lo, cls, tail, min_trans, now, min_age_s,
                      ntrans);
}

double coverage_lead_tail(const struct coverage *c, int cls, double tail, double min_trans,
                          double now, double min_age_s, double *ntrans)
{
    return class_tail(c, c->lead_runs, c->lead_trans, 0, cls, tail, min_trans, now, min_age_s,
                      ntrans);
}

static double class_tail(const struct coverage *c, const float (*runs)[COVERAGE_RUN_BINS],
                         const float *trans, int lo, int cls, double tail, double min_trans,
                         double now, double min_age_s, double *ntrans)
{
    if (ntrans) *ntrans = 0;
    if (cls < 0 || !(c->class_t0 > 0) || now - c->class_t0 < min_age_s) return -1;
    if (cls >= COVERAGE_CLASSES) cls = COVERAGE_CLASSES - 1;
    /* pooled with every class inside it: the margin only grows inward, so
     * inner water can only have fewer long runs, and the pool has more
     * transitions behind it and a tail no shorter than the class's own */
    if (lo < 0) lo = 0;
    if (lo > cls) lo = cls;
    double n = 0;
    for (int k = lo; k <= cls; k++)
        n += trans[k];
    if (ntrans) *ntrans = n;
    if (n < min_trans) return -1;
    /* walk down from the longest runs: the first edge above which more
     * than tail x n runs lie ends the tail */
    double above = 0;
    for (int b = COVERAGE_RUN_BINS - 1; b >= 1; b--) {
        for (int k = lo; k <= cls; k++)
            above += runs[k][b];
        if (above > tail * n)
            return b == COVERAGE_RUN_BINS - 1 ? 2 * run_edges[b - 1] : run_edges[b];
    }
    return run_edges[0];
}

double coverage_lead_share(const struct coverage *c, int cls, double *fades)
{
    double n = 0, nl = 0, f = 0, fl = 0;
    if (cls >= COVERAGE_CLASSES) cls = COVERAGE_CLASSES - 1;
    for (int k = 0; k <= cls; k++) {
        n += c->class_trans[k];
        nl += c->lead_trans[k];
        for (int b = FADE_BIN; b < COVERAGE_RUN_BINS; b++) {
            f += c->class_runs[k][b];
            fl += c->lead_runs[k][b];
        }
    }
    if (fades) *fades = f;
    if (!(nl > 0) || !(n > 0)) return 1;
    /* fades per transition after regular lead-ins against all, one fade
     * added to each side (no fades seen is no evidence of a difference) */
    return fmin(1, ((fl + 1) / nl) / ((f + 1) / n));
}

double coverage_class_fades(const struct coverage *c, int lo, int cls, double *ntrans)
{
    double n = 0, fades = 0;
    if (cls >= COVERAGE_CLASSES) cls = COVERAGE_CLASSES - 1;
    for (int k = lo < 0 ? 0 : lo; k <= cls; k++) {
        n += c->class_trans[k];
        for (int b = FADE_BIN; b < COVERAGE_RUN_BINS; b++)
            fades += c->class_runs[k][b];
    }
    if (ntrans) *ntrans = n;
    return fades;
}

double coverage_edge_nm(const struct coverage *c, int cell)
{
    if (cell < 0) return 0;
    int S = c->cfg.sectors, sec = cell % S;
    int r = outer_ring(c, sec);
    return (r + 1) * c->cfg.ring_nm;
}

#define BLOB_MAGIC 0x41564333u /* "AVC3" */

struct blob_head {
    uint32_t magic, rings, sectors, ready;
    double ring_nm, lat0, lon0;
    float global_runs[COVERAGE_RUN_BINS];
    float class_runs[COVERAGE_CLASSES][COVERAGE_RUN_BINS];
    float class_trans[COVERAGE_CLASSES];
    float lead_runs[COVERAGE_CLASSES][COVERAGE_RUN_BINS];
    float lead_trans[COVERAGE_CLASSES];
    double class_t0;
};

size_t coverage_blob_size(const struct coverage *c)
{
    return sizeof(struct blob_head) +
           (size_t)c->cfg.rings * (size_t)c->cfg.sectors * sizeof(struct coverage_cell);
}

void coverage_blob_write(const struct coverage *c, void *buf)
{
    struct blob_head h = {BLOB_MAGIC,
                          (uint32_t)c->cfg.rings,
                          (uint32_t)c->cfg.sectors,
                          (uint32_t)c->ready,
                          c->cfg.ring_nm,
                          c->lat0,
                          c->lon0,
                          {0},
                          {{0}},
                          {0},
                          {{0}},
                          {0},
                          c->class_t0};
    memcpy(h.global_runs, c->global_runs, sizeof h.global_runs);
    memcpy(h.class_runs, c->class_runs, sizeof h.class_runs);
    memcpy(h.class_trans, c->class_trans, sizeof h.class_trans);
    memcpy(h.lead_runs, c->lead_runs, sizeof h.lead_runs);
    memcpy(h.lead_trans, c->lead_trans, sizeof h.lead_trans);
    memcpy(buf, &h, sizeof h);
    memcpy((char *)buf + sizeof h, c->cells,
           (size_t)c->cfg.rings * (size_t)c->cfg.sectors * sizeof(struct coverage_cell));
}

int coverage_blob_read(struct coverage *c, const void *buf, size_t len)
{
    struct blob_head h;
    if (len != coverage_blob_size(c)) return -1;
    memcpy(&h, buf, sizeof h);
    if (h.magic != BLOB_MAGIC || h.rings != (uint32_t)c->cfg.rings ||
        h.sectors != (uint32_t)c->cfg.sectors || h.ring_nm != c->cfg.ring_nm)
        return -1;
    /* a configured station position that moved invalidates the learning */
    if (c->ready && h.ready && geo_distance_nm(c->lat0, c->lon0, h.lat0, h.lon0) > 0.5) return -1;
    if (!c->ready && h.ready) {
        c->lat0 = h.lat0;
        c->lon0 = h.lon0;
        c->kx = 60.0 * cos(c->lat0 * M_PI / 180.0);
        c->ready = 1;
    }
    memcpy(c->global_runs, h.global_runs, sizeof h.global_runs);
    memcpy(c->class_runs, h.class_runs, sizeof h.class_runs);
    memcpy(c->class_trans, h.class_trans, sizeof h.class_trans);
    memcpy(c->lead_runs, h.lead_runs, sizeof h.lead_runs);
    memcpy(c->lead_trans, h.lead_trans, sizeof h.lead_trans);
    c->class_t0 = h.class_t0;
    memcpy(c->cells, (const char *)buf + sizeof h,
           (size_t)c->cfg.rings * (size_t)c->cfg.sectors * sizeof(struct coverage_cell));
    recompute_outer(c);
    c->epoch++;
    return 0;
}

void coverage_json(const struct coverage *c, struct jbuf *b)
{
    jbuf_open(b, '{');
    jbuf_bool(b, "ready", c->ready);
    if (c->ready) {
        jbuf_num(b, "station_lat", c->lat0, 5);
        jbuf_num(b, "station_lon", c->lon0, 5);
    }
    jbuf_num(b, "ring_nm", c->cfg.ring_nm, 2);
    jbuf_key(b, "sectors");
    jbuf_open(b, '[');
    int S = c->cfg.sectors;
    for (int s = 0; s < S; s++) {
        double h = 0, m = 0, ls = 0, ln = 0;
        for (int r = 0; r < c->cfg.rings; r++) {
            h += c->cells[r * S + s].hits;
            m += c->cells[r * S + s].misses;
            ls += c->cells[r * S + s].level_sum;
            ln += c->cells[r * S + s].level_n;
        }
        jbuf_key(b, NULL);
        jbuf_open(b, '{');
        jbuf_num(b, "bearing_from", 360.0 * s / S, 1);
        jbuf_num(b, "bearing_to", 360.0 * (s + 1) / S, 1);
        jbuf_num(b, "edge_nm", (outer_ring(c, s) + 1) * c->cfg.ring_nm, 1);
        jbuf_num(b, "heard", h, 0);
        jbuf_num(b, "missed", m, 0);
        jbuf_num(b, "p_rx", h + m > 0 ? h / (h + m) : NAN, 3);
        jbuf_num(b, "level_dbfs", ln > 0 ? ls / ln : NAN, 1);
        jbuf_close(b, '}');
    }
    jbuf_close(b, ']');
    /* loss runs per transition by relative range (tenths of the edge) */
    jbuf_key(b, "range_classes");
    jbuf_open(b, '[');
    for (int k = 0; k < COVERAGE_CLASSES; k++) {
        double runs = 0, long_runs = 0;
        for (int r = 0; r < COVERAGE_RUN_BINS; r++) {
            runs += c->class_runs[k][r];
            long_runs += r >= 5 ? c->class_runs[k][r] : 0; /* beyond 60 s */
        }
        jbuf_key(b, NULL);
        jbuf_open(b, '{');
        jbuf_num(b, "edge_frac", k / 10.0, 1);
        jbuf_num(b, "transitions", c->class_trans[k], 0);
        jbuf_num(b, "runs", runs, 0);
        jbuf_num(b, "runs_over_60s", long_runs, 0);
        jbuf_num(b, "tail_s", coverage_class_tail(c, k, 1e-5, 0, 0, -INFINITY, NULL), 0);
        jbuf_num(b, "lead_share", coverage_lead_share(c, k, NULL), 3);
        jbuf_close(b, '}');
    }
    jbuf_close(b, ']');
    jbuf_close(b, '}');
}
