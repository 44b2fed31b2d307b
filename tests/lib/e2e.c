/* e2e.c: process, socket and subscriber helpers for end-to-end tests. See e2e.h. */
#include "tests/lib/e2e.h"
#include "tests/lib/testutil.h"

#include "decode/jparse.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

struct sockaddr_in e2e_loopback(int port)
{
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* One free port from the kernel (bind to port 0), released again. */
static int kernel_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = e2e_loopback(0);
    socklen_t l = sizeof a;
    int port = -1;
    if (!bind(fd, (struct sockaddr *)&a, sizeof a) && !getsockname(fd, (struct sockaddr *)&a, &l))
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

int e2e_free_port(void)
{
    /* The kernel may hand out a port it just released again: two endpoints
     * of one test got the same port (check_e2e nmea_udp_in_udp_tcp_out: the
     * query and the NMEA TCP server, "Address already in use"). The ports
     * given out lately are not given again (test-only state). */
    static int recent[64];
    static unsigned given;
    for (int tries = 0; tries < 100; tries++) {
        int port = kernel_free_port(), seen = 0;
        for (unsigned i = 0; i < given && i < 64; i++)
            seen |= recent[i] == port;
        if (port > 0 && !seen) {
            recent[given++ % 64] = port;
            return port;
        }
    }
    return -1;
}

/* Is TCP port p on 127.0.0.1 free to bind? */
static int tcp_port_free(int p)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = e2e_loopback(p);
    int ok = !bind(fd, (struct sockaddr *)&a, sizeof a);
    close(fd);
    return ok;
}

int e2e_free_port_block(int n)
{
    int lo = 32768; /* Linux's default, when the range cannot be read */
    FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
    if (f) {
        if (fscanf(f, "%d", &lo) != 1) lo = 32768;
        fclose(f);
    }
    if (lo - n <= 10000) return -1;
    /* start where this process's pid points, so parallel tests spread out */
    int span = lo - n - 10000, start = 10000 + (int)(getpid() * 7919L % span);
    for (int k = 0; k < span; k += n) {
        int p = 10000 + (start - 10000 + k) % span, all = 1;
        for (int i = 0; i < n && all; i++)
            all = tcp_port_free(p + i);
        if (all) return p;
    }
    return -1;
}

char *e2e_endpoint(void)
{
    char *s = malloc(64);
    if (s) snprintf(s, 64, "tcp://127.0.0.1:%d", e2e_free_port());
    return s;
}

void e2e_dump_log(const char *path)
{
    char *t = test_read_file(path, NULL);
    if (t) {
        fprintf(stderr, "---- %s\n%s----\n", path, t);
        free(t);
    }
}

pid_t e2e_spawn(char *const argv[], const char *log)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (log) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
    }
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) {
        dup2(devnull, 0);
        close(devnull);
    }
    execv(argv[0], argv);
    _exit(127);
}

double e2e_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void e2e_sleep(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

int e2e_wait(pid_t pid, double timeout_s)
{
    double end = e2e_now() + timeout_s;
    int st;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (r < 0) return -1;
        if (e2e_now() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        e2e_sleep(0.01);
    }
}

int e2e_stop(pid_t pid, double timeout_s)
{
    kill(pid, SIGTERM);
    return e2e_wait(pid, timeout_s);
}

int e2e_run(char *const argv[], char *out, size_t max, double timeout_s)
{
    int p[2];
    if (pipe(p)) return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    size_t n = 0;
    double end = e2e_now() + timeout_s;
    for (;;) {
        double left = end - e2e_now();
        if (left <= 0) break;
        struct pollfd pfd = {p[0], POLLIN, 0};
        if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0) continue;
        char tmp[4096];
        ssize_t r = read(p[0], tmp, sizeof tmp);
        if (r <= 0) break;
        for (ssize_t i = 0; i < r && out && n + 1 < max; i++)
            out[n++] = tmp[i];
    }
    if (out && max) out[n] = 0;
    close(p[0]);
    return e2e_wait(pid, end - e2e_now() > 0.1 ? end - e2e_now() : 0.1);
}

struct e2e_sub {
    void *ctx, *sock;
};

struct e2e_sub *e2e_sub_open(const char *endpoint, const char *prefix,
                             const unsigned char *server_pub, const unsigned char *client_pub,
                             const unsigned char *client_sec)
{
    struct e2e_sub *s = calloc(1, sizeof *s);
    s->ctx = zmq_ctx_new();
    s->sock = zmq_socket(s->ctx, ZMQ_SUB);
    int linger = 0;
    zmq_setsockopt(s->sock, ZMQ_LINGER, &linger, sizeof linger);
    if (server_pub) {
        zmq_setsockopt(s->sock, ZMQ_CURVE_SERVERKEY, server_pub, 32);
        zmq_setsockopt(s->sock, ZMQ_CURVE_PUBLICKEY, client_pub, 32);
        zmq_setsockopt(s->sock, ZMQ_CURVE_SECRETKEY, client_sec, 32);
    }
    zmq_setsockopt(s->sock, ZMQ_SUBSCRIBE, prefix, strlen(prefix));
    zmq_connect(s->sock, endpoint);
    return s;
}

int e2e_sub_recv(struct e2e_sub *s, struct e2e_msg *m, double timeout_s)
{
    zmq_pollitem_t pi = {s->sock, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&pi, 1, (long)(timeout_s * 1000)) <= 0) return 0;
    zmq_msg_t t, j;
    zmq_msg_init(&t);
    zmq_msg_init(&j);
    if (zmq_msg_recv(&t, s->sock, 0) < 0 || !zmq_msg_more(&t) || zmq_msg_recv(&j, s->sock, 0) < 0) {
        zmq_msg_close(&t);
        zmq_msg_close(&j);
        return 0;
    }
    size_t tl = zmq_msg_size(&t) < sizeof m->topic - 1 ? zmq_msg_size(&t) : sizeof m->topic - 1;
    memcpy(m->topic, zmq_msg_data(&t), tl);
    m->topic[tl] = 0;
    m->json = malloc(zmq_msg_size(&j) + 1);
    memcpy(m->json, zmq_msg_data(&j), zmq_msg_size(&j));
    m->json[zmq_msg_size(&j)] = 0;
    zmq_msg_close(&t);
    zmq_msg_close(&j);
    return 1;
}

void e2e_sub_close(struct e2e_sub *s)
{
    if (!s) return;
    zmq_close(s->sock);
    zmq_ctx_term(s->ctx);
    free(s);
}

char *e2e_query(const char *endpoint, const char *request, double timeout_s)
{
    void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_REQ);
    int linger = 0, ms = (int)(timeout_s * 1000);
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(s, ZMQ_RCVTIMEO, &ms, sizeof ms);
    zmq_setsockopt(s, ZMQ_SNDTIMEO, &ms, sizeof ms);
    char *reply = NULL;
    if (!zmq_connect(s, endpoint) && zmq_send(s, request, strlen(request), 0) >= 0) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, s, 0) >= 0) {
            reply = malloc(zmq_msg_size(&m) + 1);
            memcpy(reply, zmq_msg_data(&m), zmq_msg_size(&m));
            reply[zmq_msg_size(&m)] = 0;
        }
        zmq_msg_close(&m);
    }
    zmq_close(s);
    zmq_ctx_term(ctx);
    return reply;
}

double e2e_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double e2e_json_num(const char *json, const char *path)
{
    struct jparse_val *root = jparse(json, strlen(json), NULL, 0);
    const struct jparse_val *v = root;
    for (const char *p = path; v && *p;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)n, p);
        v = v->type == JP_OBJ ? jparse_get(v, key) : NULL;
        p += n + (dot != NULL);
    }
    double num = v && v->type == JP_NUM ? v->num : -1;
    jparse_free(root);
    return num;
}

double e2e_status_num(const char *qry, const char *key)
{
    char *r = e2e_query(qry, "status", 2);
    double v = r ? e2e_json_num(r, key) : -1;
    free(r);
    return v;
}

int e2e_wait_status(const char *qry, const char *key, double at_least, double timeout)
{
    double end = e2e_now() + timeout;
    while (e2e_now() < end) {
        if (e2e_status_num(qry, key) >= at_least) return 1;
        e2e_sleep(0.1);
    }
    return 0;
}
