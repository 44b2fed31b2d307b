/* netsock.c: host:port parsing and socket opening (see netsock.h). */
#include "daemon/netsock.h"

#include <netdb.h>
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
    if (getaddrinfo(hn, port, &hints, &res)) return -1;
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
