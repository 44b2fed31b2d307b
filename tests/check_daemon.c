/* check_daemon.c: unit tests of the daemon's own parts: configuration (file,
 * options, validation), the block queue (drops and discontinuity flags), the
 * item ring, tag blocks, JSON helpers, host:port sockets, aisctl's pacing,
 * the NMEA TCP server's client limit, the raw-frame log, key files. */
#include "daemon/blockq.h"
#include "daemon/conf.h"
#include "daemon/ctl.h"
#include "daemon/ingest.h"
#include "daemon/itemq.h"
#include "daemon/lookup.h"
#include "daemon/netsock.h"
#include "daemon/nmeaout.h"
#include "daemon/rawlog.h"
#include "daemon/sub_watch.h"
#include "daemon/zkeys.h"
#include "decode/err.h"
#include "tests/lib/testutil.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *write_tmp(const char *dir, const char *name, const char *text)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

START_TEST(conf_file_then_options)
{
    char *dir = test_tmpdir();
    char *path = write_tmp(dir, "a.conf",
                           "# comment\ninput = nmea:/dev/null\nrate = 2.4M\npublish = tcp://*:1\n"
                           "publish = tcp://*:2\nbias-tee = yes\nstation = \"north\"\n");
    struct conf c;
    conf_default(&c);
    ck_assert_int_eq(conf_load_file(&c, path), 0);
    ck_assert_str_eq(c.input, "nmea:/dev/null");
    ck_assert(c.rate == 2400000);
    ck_assert_int_eq(c.npublish, 2);
    ck_assert_str_eq(c.publish[1], "tcp://*:2");
    ck_assert_int_eq(c.bias_tee, 1);
    ck_assert_str_eq(c.station, "north");
    char *argv[] = {
        "aisd", "--publish", "tcp://127.0.0.1:9", "--no-bias-tee", "--rate=288000", "--config",
        path,   NULL};
    ck_assert_int_eq(conf_apply_cli(&c, 7, argv), 0);
    ck_assert_int_eq(c.npublish, 1); /* the command line replaces a list */
    ck_assert_str_eq(c.publish[0], "tcp://127.0.0.1:9");
    ck_assert_int_eq(c.bias_tee, 0);
    ck_assert(c.rate == 288000);
    ck_assert_int_eq(conf_validate(&c), 0);
    ck_assert_int_eq(c.input_kind, CONF_IN_NMEA);
    test_rmdir_r(dir);
    free(path);
    free(dir);
}
END_TEST

START_TEST(conf_rejects)
{
    char *dir = test_tmpdir();
    char *path = write_tmp(dir, "b.conf", "nosuchkey = 1\n");
    struct conf c;
    conf_default(&c);
    ck_assert_int_eq(conf_load_file(&c, path), -1);
    conf_default(&c);
    char *a1[] = {"aisd", "--rate", "fast", NULL};
    ck_assert_int_eq(conf_apply_cli(&c, 3, a1), -1);
    char *a2[] = {"aisd", "--bogus", NULL};
    ck_assert_int_eq(conf_apply_cli(&c, 2, a2), -1);
    conf_default(&c);
    strcpy(c.input, "rtltcp://nohost");
    ck_assert_int_eq(conf_validate(&c), -1);
    conf_default(&c);
    c.rate = 500000; /* not a rate an RTL-SDR can do */
    ck_assert_int_eq(conf_validate(&c), -1);
    conf_default(&c);
    strcpy(c.input, "x.cu8");
    strcpy(c.format, "mp3");
    ck_assert_int_eq(conf_validate(&c), -1);
    conf_default(&c);
    memset(c.udp[0], 'h', 300); /* a host name longer than any the sockets take */
    strcpy(c.udp[0] + 300, ":10110");
    c.nudp = 1;
    ck_assert_int_eq(conf_validate(&c), -1);
    conf_default(&c);
    strcpy(c.device, ""); /* `device =`: not a serial number to look for for ever */
    ck_assert_int_eq(conf_validate(&c), -1);
    /* nor are these, which were looked up as serial numbers and retried for ever */
    static const char *const no_device[] = {
        "-1", "-0", "+2", " 1", "0 ", "ab\tc", "\xc3\xa9t\xc3\xa9"};
    for (size_t i = 0; i < sizeof no_device / sizeof *no_device; i++) {
        conf_default(&c);
        strcpy(c.device, no_device[i]);
        ck_assert_msg(conf_validate(&c) == -1, "device '%s' accepted", no_device[i]);
    }
    /* indexes and serial numbers as dongles have them (rtl_eeprom's default
     * 00000001, letters, dashes, inner spaces) */
    static const char *const devices[] = {"0", "12", "999", "00000001", "SDR-A1", "1x", "AIS 2"};
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
        conf_default(&c);
        strcpy(c.device, devices[i]);
        ck_assert_msg(conf_validate(&c) == 0, "device '%s' refused", devices[i]);
    }
    ck_assert_int_eq(conf_device_index("7"), 7);
    ck_assert_int_eq(conf_device_index("00000001"), -1); /* a serial number */
    conf_default(&c);
    strcpy(c.input, "rtltcp://127.0.0.1:1234");
    ck_assert_int_eq(conf_validate(&c), 0);
    ck_assert_int_eq(c.input_kind, CONF_IN_RTLTCP);
    test_rmdir_r(dir);
    free(path);
    free(dir);
}
END_TEST

START_TEST(blockq_drops_and_discontinuity)
{
    struct blockq_config bc = {4, 16};
    struct blockq *q = blockq_create(&bc);
    ck_assert_ptr_nonnull(q);
    uint8_t data[16] = {1, 2, 3};
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(blockq_push(q, data, 16, (uint64_t)i * 8, i), 0);
    ck_assert_int_eq(blockq_push(q, data, 16, 32, 4), AISD_E_AGAIN); /* full: dropped */
    ck_assert_int_eq(blockq_drops(q), 1);
    struct blockq_block *b = blockq_peek(q);
    ck_assert_int_eq(b->discont, 0);
    ck_assert_int_eq(b->data[2], 3);
    blockq_release(q);
    ck_assert_int_eq(blockq_push(q, data, 16, 40, 5), 0);
    for (int i = 0; i < 3; i++) {
        b = blockq_peek(q);
        ck_assert_int_eq(b->discont, 0);
        blockq_release(q);
    }
    b = blockq_peek(q);
    ck_assert_int_eq(b->sample0, 40);
    ck_assert_int_eq(b->discont, 1); /* first block after the drop */
    blockq_release(q);
    ck_assert_ptr_null(blockq_peek(q));
    ck_assert_int_eq(blockq_wait(q, 10), 0);
    blockq_close(q);
    ck_assert_int_eq(blockq_eof(q), 1);
    blockq_destroy(q);
    blockq_destroy(NULL);
}
END_TEST

struct prod_arg {
    struct blockq *q;
    int n;
};

static void *producer(void *arg)
{
    struct prod_arg *a = arg;
    uint8_t buf[64];
    for (int i = 0; i < a->n; i++) {
        memset(buf, i & 0xff, sizeof buf);
        blockq_push_wait(a->q, buf, sizeof buf, (uint64_t)i, 0, NULL, 5000);
    }
    blockq_close(a->q);
    return NULL;
}

START_TEST(blockq_threads_in_order)
{
    struct blockq_config bc = {8, 64};
    struct blockq *q = blockq_create(&bc);
    struct prod_arg a = {q, 20000};
    pthread_t t;
    pthread_create(&t, NULL, producer, &a);
    int expect = 0;
    while (!blockq_eof(q)) {
        if (!blockq_wait(q, 1000)) continue;
        struct blockq_block *b;
        while ((b = blockq_peek(q))) {
            ck_assert_int_eq(b->sample0, (uint64_t)expect);
            ck_assert_int_eq(b->data[63], expect & 0xff);
            expect++;
            blockq_release(q);
        }
    }
    pthread_join(t, NULL);
    ck_assert_int_eq(expect, 20000);
    ck_assert_int_eq(blockq_drops(q), 0);
    blockq_destroy(q);
}
END_TEST

START_TEST(itemq_ring)
{
    struct itemq *q = itemq_create(2);
    struct itemq_item it = {.kind = ITEMQ_SENTENCE, .time = 5};
    strcpy(it.u.line, "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24");
    it.line_len = (uint32_t)strlen(it.u.line);
    ck_assert_int_eq(itemq_push(q, &it), 0);
    it.kind = ITEMQ_FRAME;
    it.u.f.channel = 'B';
    ck_assert_int_eq(itemq_push(q, &it), 0);
    ck_assert_int_eq(itemq_push(q, &it), AISD_E_AGAIN);
    ck_assert_int_eq(itemq_drops(q), 1);
    struct itemq_item out;
    ck_assert_int_eq(itemq_pop(q, &out), 1);
    ck_assert_int_eq(out.kind, ITEMQ_SENTENCE);
    ck_assert_str_eq(out.u.line, "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24");
    ck_assert_int_eq(itemq_pop(q, &out), 1);
    ck_assert_int_eq(out.u.f.channel, 'B');
    ck_assert_int_eq(itemq_pop(q, &out), 0);
    itemq_destroy(q);
}
END_TEST

START_TEST(tag_block)
{
    char out[256];
    ingest_tag(out, sizeof out, "aisd", 1700000000.25, "!AIVDM,1,1,,A,x,0*00");
    /* checksum: XOR of "s:aisd,c:1700000000250" */
    unsigned ck = 0;
    for (const char *s = "s:aisd,c:1700000000250"; *s; s++)
        ck ^= (unsigned char)*s;
    char expect[128];
    snprintf(expect, sizeof expect, "\\s:aisd,c:1700000000250*%02X\\!AIVDM,1,1,,A,x,0*00", ck);
    ck_assert_str_eq(out, expect);
}
END_TEST

START_TEST(netsock_addresses_and_sockets)
{
    char h[16], p[8];
    ck_assert_int_eq(netsock_split("example.org:10110", h, sizeof h, p, sizeof p), 0);
    ck_assert_str_eq(h, "example.org");
    ck_assert_str_eq(p, "10110");
    ck_assert_int_eq(netsock_split("[::1]:2947", h, sizeof h, p, sizeof p), 0);
    ck_assert_str_eq(h, "::1");
    ck_assert_str_eq(p, "2947");
    ck_assert_int_eq(netsock_split("10110", h, sizeof h, p, sizeof p), 0);
    ck_assert_str_eq(h, "");
    ck_assert_str_eq(p, "10110");
    ck_assert_int_eq(netsock_split("host:", h, sizeof h, p, sizeof p), -1);
    ck_assert_int_eq(netsock_split("a-host-name-too-long:1", h, sizeof h, p, sizeof p), -1);
    ck_assert_int_eq(netsock_split("h:123456789", h, sizeof h, p, sizeof p), -1);
    ck_assert_int_eq(netsock_open("nohostport:", SOCK_STREAM, NETSOCK_CONNECT, 0), -1);

    /* a TCP server on a port the kernel picks, reached as ":PORT" (127.0.0.1) */
    int ls = netsock_open("127.0.0.1:0", SOCK_STREAM, NETSOCK_LISTEN, 1);
    ck_assert_int_ge(ls, 0);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    ck_assert_int_eq(getsockname(ls, (struct sockaddr *)&a, &al), 0);
    char where[32];
    snprintf(where, sizeof where, ":%u", (unsigned)ntohs(a.sin_port));
    int c = netsock_open(where, SOCK_STREAM, NETSOCK_CONNECT, 0);
    ck_assert_int_ge(c, 0);
    ck_assert_int_eq(write(c, "x", 1), 1);
    int sv = -1;
    for (int i = 0; i < 100 && sv < 0; i++) {
        sv = accept(ls, NULL, NULL);
        if (sv < 0) usleep(10000);
    }
    ck_assert_int_ge(sv, 0);
    char b = 0;
    ck_assert_int_eq(read(sv, &b, 1), 1);
    ck_assert_int_eq(b, 'x');
    close(sv);
    close(c);
    close(ls);

    /* UDP: a receiver bound on every address, a sender set to 127.0.0.1 */
    int rx = netsock_open("*:0", SOCK_DGRAM, NETSOCK_BIND, 0);
    ck_assert_int_ge(rx, 0);
    al = sizeof a;
    ck_assert_int_eq(getsockname(rx, (struct sockaddr *)&a, &al), 0);
    snprintf(where, sizeof where, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    int tx = netsock_open(where, SOCK_DGRAM, NETSOCK_CONNECT, 1);
    ck_assert_int_ge(tx, 0);
    ck_assert_int_eq(send(tx, "!AIVDM", 6, 0), 6);
    char got[16];
    ck_assert_int_eq(recv(rx, got, sizeof got, 0), 6);
    ck_assert(!memcmp(got, "!AIVDM", 6));
    close(tx);
    close(rx);
}
END_TEST

/* aisctl's real-time pacing sleeps until the time after t0, never less. */
/* The cap on a caller's host name lookups: a lookup beyond it starts no
 * thread (EBUSY, said as such); numeric addresses need none and pass; a
 * lookup that ends gives its place back. (check_daemon_ops
 * rtltcp_lookups_capped: aisd under a name server that never answers.) */
START_TEST(lookups_capped)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    struct lookup_cap *none = lookup_cap_create(0);
    ck_assert_ptr_nonnull(none);
    ck_assert_int_eq(lookup_addr("localhost", "80", &hints, 5000, NULL, none, &res), EBUSY);
    ck_assert_ptr_null(res);
    ck_assert_int_eq(lookup_addr("127.0.0.1", "80", &hints, 5000, NULL, none, &res), 0);
    freeaddrinfo(res);
    errno = 0;
    ck_assert_int_eq(netsock_connect("localhost:1", 1000, NULL, none), -1);
    ck_assert_int_eq(errno, EBUSY);
    ck_assert_ptr_nonnull(strstr(netsock_strerror(errno), "not looked up"));
    ck_assert_int_eq(lookup_cap_running(none), 0);
    lookup_cap_release(none);
    struct lookup_cap *one = lookup_cap_create(1);
    for (int i = 0; i < 3; i++) { /* each gives its place back */
        res = NULL;
        ck_assert_int_eq(lookup_addr("localhost", "80", &hints, 5000, NULL, one, &res), 0);
        ck_assert_ptr_nonnull(res);
        freeaddrinfo(res);
        ck_assert_int_eq(lookup_cap_running(one), 0);
    }
    lookup_cap_release(one);
    /* the owner lets go while its lookup still runs (a caller told to stop):
     * the lookup's thread keeps the cap until it ends (ASan: no use after free) */
    _Atomic int stop = 1;
    struct lookup_cap *left = lookup_cap_create(1);
    res = NULL;
    int rc = lookup_addr("localhost", "80", &hints, 5000, &stop, left, &res);
    ck_assert_msg(rc == EINTR || rc == 0, "rc %d", rc);
    if (res) freeaddrinfo(res);
    lookup_cap_release(left);
    usleep(200000);
}
END_TEST

START_TEST(pace_sleeps_until)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ctl_sleep_until(&t0, 0.15);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double el = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    ck_assert(el >= 0.15);
    ctl_sleep_until(&t0, 0.1); /* already past: returns */
    ctl_sleep_until(&t0, -1);
}
END_TEST

/* The NMEA TCP server takes NMEAOUT_MAX_CLIENTS clients and counts (and
 * closes) each one more; a line nobody can take is counted as dropped. */
START_TEST(nmeaout_counts_refused_clients)
{
    struct nmeaout_config nc = {NULL, 0, "127.0.0.1:0"};
    struct nmeaout *o = nmeaout_create(&nc);
    ck_assert_ptr_nonnull(o);
    char where[32];
    snprintf(where, sizeof where, "127.0.0.1:%d", nmeaout_tcp_port(o));
    int fds[NMEAOUT_MAX_CLIENTS + 1], lfd, wr;
    ck_assert_int_eq(nmeaout_fds(o, &lfd, &wr, 1), 1);
    ck_assert_int_eq(wr, 0);
    for (int i = 0; i <= NMEAOUT_MAX_CLIENTS; i++) {
        fds[i] = netsock_open(where, SOCK_STREAM, NETSOCK_CONNECT, 0);
        ck_assert_int_ge(fds[i], 0);
        nmeaout_handle(o, lfd, 1, 0); /* accept it (loopback: already queued) */
    }
    ck_assert_int_eq(nmeaout_clients(o), NMEAOUT_MAX_CLIENTS);
    ck_assert_uint_eq(nmeaout_refused(o), 1);
    char huge[1100];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = 0;
    nmeaout_send(o, huge);
    ck_assert_uint_eq(nmeaout_dropped(o), 1);
    nmeaout_send(o, "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24");
    ck_assert_uint_eq(nmeaout_dropped(o), 1);
    for (int i = 0; i <= NMEAOUT_MAX_CLIENTS; i++)
        close(fds[i]);
    nmeaout_destroy(o);
}
END_TEST

START_TEST(rawlog_rotates)
{
    char *dir = test_tmpdir();
    char logdir[600];
    snprintf(logdir, sizeof logdir, "%s/raw", dir);
    struct rawlog_config rc = {logdir, 100};
    struct rawlog *r = rawlog_create(&rc);
    ck_assert_ptr_nonnull(r);
    double day1 = 1700000000; /* 2023-11-14 */
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(
            rawlog_write(r, day1, "\\s:a,c:1*00\\!AIVDM,1,1,,A,0123456789,0*00", "{\"ch\":\"A\"}"),
            0);
    ck_assert_int_eq(rawlog_write(r, day1 + 86400, "!AIVDM,next-day", NULL), 0);
    rawlog_destroy(r);
    char p[700];
    struct stat st;
    snprintf(p, sizeof p, "%s/aisd-20231114.0.log", logdir);
    ck_assert_int_eq(stat(p, &st), 0);
    snprintf(p, sizeof p, "%s/aisd-20231114.1.log", logdir);
    ck_assert_int_eq(stat(p, &st), 0); /* over 100 bytes: a second part */
    snprintf(p, sizeof p, "%s/aisd-20231115.0.log", logdir);
    char *text = test_read_file(p, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text, "!AIVDM,next-day\n");
    free(text);
    snprintf(p, sizeof p, "%s/aisd-20231114.0.log", logdir);
    text = test_read_file(p, NULL);
    ck_assert_ptr_nonnull(strstr(text, "0*00\t{\"ch\":\"A\"}\n"));
    free(text);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

/* aisctl sub's watch (daemon/sub_watch): heartbeats every 10 s say nothing; a
 * silence of more than 3 intervals is said once; the same aisd coming back is
 * told from a restart, which its message numbers (pub_seq) starting over, its
 * uptime going back, or an uptime shorter than the silence all show. */
START_TEST(sub_watch_restarts_and_silences)
{
    struct sub_watch w = {0};
    char out[320];
    double t = 1000, up = 50;
    unsigned long long seq = 100;
    for (int i = 0; i < 5; i++, t += 10, up += 10) {
        sub_watch_seq(&w, t, seq++, out, sizeof out);
        ck_assert_str_eq(out, "");
        sub_watch_status(&w, t, up, 10, out, sizeof out);
        ck_assert_str_eq(out, "");
        sub_watch_idle(&w, t + 9, out, sizeof out);
        ck_assert_str_eq(out, "");
    }
    t -= 10, up -= 10; /* the last heartbeat */
    /* silent: said once, after 3 intervals */
    sub_watch_idle(&w, t + 29, out, sizeof out);
    ck_assert_str_eq(out, "");
    sub_watch_idle(&w, t + 31, out, sizeof out);
    ck_assert_ptr_nonnull(strstr(out, "no heartbeat from aisd for 31 s"));
    sub_watch_idle(&w, t + 35, out, sizeof out);
    ck_assert_str_eq(out, "");
    /* back, the same aisd: its uptime went on */
    t += 40, up += 40;
    sub_watch_seq(&w, t, seq++, out, sizeof out);
    ck_assert_str_eq(out, "");
    sub_watch_status(&w, t, up, 10, out, sizeof out);
    ck_assert_ptr_nonnull(strstr(out, "heartbeats back after 40 s of silence from the same aisd"));
    /* restarted: numbers start over */
    t += 2;
    sub_watch_seq(&w, t, 1, out, sizeof out);
    ck_assert_ptr_nonnull(strstr(out, "aisd restarted (its message numbers started over: 1 after"));
    sub_watch_status(&w, t, 0.5, 10, out, sizeof out); /* the new baseline: said once */
    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(w.restarts, 1);
    /* restarted, seen by the uptime alone (its numbers already past ours) */
    seq = 2;
    t += 10;
    sub_watch_seq(&w, t, seq++, out, sizeof out);
    sub_watch_status(&w, t, 10.5, 10, out, sizeof out);
    ck_assert_str_eq(out, "");
    t += 10;
    sub_watch_seq(&w, t, 500, out, sizeof out);
    ck_assert_str_eq(out, "");
    sub_watch_status(&w, t, 3, 10, out, sizeof out);
    ck_assert_ptr_nonnull(strstr(out, "aisd restarted (up 3 s, was 10 s"));
    /* restarted after a silence longer than its new uptime */
    t += 100;
    sub_watch_seq(&w, t, 900, out, sizeof out);
    sub_watch_status(&w, t, 40, 10, out, sizeof out);
    ck_assert_ptr_nonnull(strstr(out, "aisd restarted (up 40 s, 100 s after the last heartbeat"));
    ck_assert_uint_eq(w.restarts, 3);
}
END_TEST

START_TEST(key_files)
{
    char *dir = test_tmpdir();
    char base[600];
    snprintf(base, sizeof base, "%s/k", dir);
    const char *pz = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID",
               *sz = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";
    ck_assert_int_eq(zkeys_write(base, pz, sz, 0), 0);
    errno = 0; /* an existing pair is kept unless replaced */
    ck_assert_int_eq(zkeys_write(base, sz, pz, 0), -1);
    ck_assert_int_eq(errno, EEXIST);
    uint8_t pk[32], sk[32];
    char p[700];
    snprintf(p, sizeof p, "%s.key", base);
    ck_assert_int_eq(zkeys_load(p, pk, sk), 3);
    struct stat st;
    stat(p, &st);
    ck_assert_int_eq(st.st_mode & 077, 0);
    snprintf(p, sizeof p, "%s.pub", base);
    ck_assert_int_eq(zkeys_load(p, pk, sk), 1);
    ck_assert_int_eq(zkeys_load("/nonexistent/x", pk, sk), -1);
    test_rmdir_r(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("daemon");
    TCase *tc = tcase_create("units");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, conf_file_then_options);
    tcase_add_test(tc, conf_rejects);
    tcase_add_test(tc, blockq_drops_and_discontinuity);
    tcase_add_test(tc, blockq_threads_in_order);
    tcase_add_test(tc, itemq_ring);
    tcase_add_test(tc, tag_block);
    tcase_add_test(tc, sub_watch_restarts_and_silences);
    tcase_add_test(tc, netsock_addresses_and_sockets);
    tcase_add_test(tc, lookups_capped);
    tcase_add_test(tc, pace_sleeps_until);
    tcase_add_test(tc, nmeaout_counts_refused_clients);
    tcase_add_test(tc, rawlog_rotates);
    tcase_add_test(tc, key_files);
    suite_add_tcase(s, tc);
    int failed = test_run_suite(s);
    return failed ? 1 : 0;
}
