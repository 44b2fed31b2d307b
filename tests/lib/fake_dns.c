/* fake_dns.c: a slow name server on cue, because a real one that does not
 * answer cannot be had on loopback. Linked into the test build of aisd
 * (build/tests/aisd_fakertl, with the stand-in librtlsdr) so that its
 * getaddrinfo wins over the C library's; the normal aisd is untouched. A name
 * ending in ".slow.test" (RFC 6761 keeps .test for tests) resolves to
 * 127.0.0.1 after FAKE_DNS_DELAY_MS milliseconds: only the first
 * FAKE_DNS_SLOW_CALLS lookups of such names when that is set, later ones at
 * once. Every other name goes to the C library's getaddrinfo, so no query
 * for a .slow.test name leaves the machine. The lookup count lives in a
 * file-scope counter: it stands for the one name server of the machine. */
#include <dlfcn.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*getaddrinfo_fn)(const char *, const char *, const struct addrinfo *,
                              struct addrinfo **);

static _Atomic long slow_lookups;

static int is_slow_name(const char *node)
{
    static const char suffix[] = ".slow.test";
    size_t n = node ? strlen(node) : 0, k = sizeof suffix - 1;
    return n > k && strcmp(node + n - k, suffix) == 0;
}

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? atol(v) : dflt;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res)
{
    getaddrinfo_fn real = (getaddrinfo_fn)dlsym(RTLD_NEXT, "getaddrinfo");
    if (!real) return EAI_SYSTEM;
    if (!is_slow_name(node)) return real(node, service, hints, res);
    if (hints && (hints->ai_flags & AI_NUMERICHOST)) return EAI_NONAME; /* a name, not numeric */
    long n = atomic_fetch_add(&slow_lookups, 1);
    long slow_calls = env_long("FAKE_DNS_SLOW_CALLS", -1);
    if (slow_calls < 0 || n < slow_calls) sleep_ms(env_long("FAKE_DNS_DELAY_MS", 0));
    struct addrinfo h = hints ? *hints : (struct addrinfo){0};
    h.ai_flags |= AI_NUMERICHOST;
    return real("127.0.0.1", service, &h, res);
}
