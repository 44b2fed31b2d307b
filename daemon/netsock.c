/* netsock.c: host:port parsing and socket opening (see netsock.h). */
#include "daemon/netsock.h"
#include "daemon/lookup.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int netsock_split(const char *hostport, char *host, size_t hl, char *port, size_t pl)
{
    const char *colon = strrchr(hostport, ':');
    const char *h = colon ? hostport : "";
    size_t n = colon ? (size_t)(colon - hostport) : 0;
    const char *pt = colon ? colon + 1 : hostport;
    if (n >= hl || !*pt || strlen(pt) >= pl) return -1;
    memcpy(host, h, n);
    host[n] = 0;
    if (host[0] == '[' && n >= 2 && host[n - 1] == ']') {
        memmove(host, host + 1, n - 2);
        host[n - 2] = 0;
    }
    strcpy(port, pt);
    return 0;
}

int netsock_open(const char *hostport, int type, enum netsock_mode mode, int nonblock)
{
    char host[256], port[16];
    if (netsock_split(hostport, host, sizeof host, port, sizeof port)) return -1;
    int binding = mode != NETSOCK_CONNECT;
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = type;
    hints.ai_flags = binding ? AI_PASSIVE : 0;
    const char *hn = *host && strcmp(host, "*") ? host : (binding ? NULL : "127.0.0.1");
    int lr = lookup_addr(hn, port, &hints, NETSOCK_LOOKUP_MS, NULL, NULL, &res);
    if (lr) {
        errno = lr; /* ENXIO: the name does not resolve; ETIME: the lookup took too long */
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd =
            socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
        if (fd < 0) continue;
        int ok;
        if (binding) {
            int one = 1;
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            ok = bind(fd, a->ai_addr, a->ai_addrlen) == 0 &&
                 (mode != NETSOCK_LISTEN || listen(fd, 8) == 0);
        } else {
            ok = connect(fd, a->ai_addr, a->ai_addrlen) == 0;
        }
        if (ok) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

const char *netsock_strerror(int e)
{
    if (e == ENXIO) return "the host name does not resolve";
    if (e == ETIME) return "the host name lookup timed out: name server slow or unreachable";
    if (e == EBUSY)
        return "not looked up: earlier lookups of the host name still wait for the name server";
    return strerror(e);
}

/* Wait for a non-blocking connect on fd: 0 once connected, -1 with errno. */
static int connect_wait(int fd, int timeout_ms, const _Atomic int *stop)
{
    for (int waited = 0;; waited += 100) {
        if (stop && atomic_load(stop)) {
            errno = EINTR;
            return -1;
        }
        if (waited >= timeout_ms) {
            errno = ETIMEDOUT;
            return -1;
        }
        struct pollfd pfd = {fd, POLLOUT, 0};
        int pr = poll(&pfd, 1, 100);
        if (pr < 0 && errno != EINTR) return -1;
        if (pr > 0) {
            int err = 0;
            socklen_t len = sizeof err;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)) return -1;
            if (err) {
                errno = err;
                return -1;
            }
            return 0;
        }
    }
}

int netsock_connect(const char *hostport, int timeout_ms, const _Atomic int *stop,
                    struct lookup_cap *lookups)
{
    char host[256], port[16];
    if (netsock_split(hostport, host, sizeof host, port, sizeof port)) return -1;
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    int lr = lookup_addr(*host && strcmp(host, "*") ? host : "127.0.0.1", port, &hints,
                         NETSOCK_LOOKUP_MS, stop, lookups, &res);
    if (lr) {
        errno = lr;
        return -1;
    }
    int fd = -1, err = ECONNREFUSED;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0 ||
            (errno == EINPROGRESS && connect_wait(fd, timeout_ms, stop) == 0)) {
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            break;
        }
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) errno = err;
    return fd;
}

/* A numeric IPv4/IPv6 address into a, or 0. */
static int numeric_addr(const char *host, struct sockaddr_storage *a)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(host, NULL, &hints, &res) || !res) return 0;
    memcpy(a, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 1;
}

static int addr_equal(const struct sockaddr *x, const struct sockaddr *y)
{
    if (x->sa_family != y->sa_family) return 0;
    if (x->sa_family == AF_INET)
        return ((const struct sockaddr_in *)x)->sin_addr.s_addr ==
               ((const struct sockaddr_in *)y)->sin_addr.s_addr;
    if (x->sa_family == AF_INET6)
        return !memcmp(&((const struct sockaddr_in6 *)x)->sin6_addr,
                       &((const struct sockaddr_in6 *)y)->sin6_addr, sizeof(struct in6_addr));
    return 0;
}

static int is_loopback(const struct sockaddr *a)
{
    if (a->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
    if (a->sa_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)a)->sin6_addr);
    return 0;
}

static int is_wildcard(const char *host)
{
    return !*host || !strcmp(host, "*") || !strcmp(host, "0.0.0.0") || !strcmp(host, "::");
}

static int is_local(const struct sockaddr *a)
{
    struct ifaddrs *ifs = NULL;
    if (getifaddrs(&ifs)) return 0;
    int found = 0;
    for (struct ifaddrs *i = ifs; i && !found; i = i->ifa_next)
        found = i->ifa_addr && addr_equal(i->ifa_addr, a);
    freeifaddrs(ifs);
    return found;
}

int netsock_reaches_bound(const char *bind_hostport, const char *dst_hostport)
{
    char bh[256], bp[16], dh[256], dp[16];
    if (netsock_split(bind_hostport, bh, sizeof bh, bp, sizeof bp) ||
        netsock_split(dst_hostport, dh, sizeof dh, dp, sizeof dp) || atoi(bp) != atoi(dp))
        return 0;
    if (!*dh || !strcmp(dh, "localhost") || !strcmp(dh, bh)) return 1; /* empty: 127.0.0.1 */
    struct sockaddr_storage d, b;
    if (!numeric_addr(dh, &d)) return 0;
    if (is_loopback((struct sockaddr *)&d))
        return is_wildcard(bh) || !numeric_addr(bh, &b) || is_loopback((struct sockaddr *)&b);
    if (is_wildcard(bh)) return is_local((struct sockaddr *)&d);
    return numeric_addr(bh, &b) && addr_equal((struct sockaddr *)&b, (struct sockaddr *)&d);
}
