/* jstr.c: JSON string quoting and member lookup for display. See jstr.h. */
#include "daemon/jstr.h"

#include <stdio.h>
#include <string.h>

size_t jstr_quote(char *out, size_t max, const char *s)
{
    size_t n = 0;
    if (!max) return 0;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (n + 1 < max) out[n++] = (c);                                                           \
    } while (0)
    PUT('"');
    for (; *s && n + 8 < max; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            PUT('\\');
            PUT((char)c);
        } else if (c < 0x20) {
            n += (size_t)snprintf(out + n, max - n, "\\u%04x", c);
        } else
            PUT((char)c);
    }
    PUT('"');
#undef PUT
    out[n < max ? n : max - 1] = 0;
    return n;
}

int jstr_get(const char *json, const char *key, char *out, size_t max)
{
    size_t kl = strlen(key);
    for (const char *s = json; (s = strchr(s, '"')); s++) {
        if (strncmp(s + 1, key, kl) || s[1 + kl] != '"') continue;
        const char *v = s + 2 + kl;
        while (*v == ' ')
            v++;
        if (*v != ':') continue;
        v++;
        while (*v == ' ')
            v++;
        size_t n = 0;
        if (*v == '"') {
            for (v++; *v && *v != '"' && n + 1 < max; v++) {
                if (*v == '\\' && v[1]) {
                    v++;
                    char c = *v == 'n' ? '\n' : *v == 't' ? '\t' : *v;
                    out[n++] = c;
                } else
                    out[n++] = *v;
            }
        } else {
            int depth = 0;
            for (; *v && n + 1 < max; v++) {
                if (*v == '{' || *v == '[')
                    depth++;
                else if (*v == '}' || *v == ']') {
                    if (!depth) break;
                    depth--;
                } else if (*v == ',' && !depth)
                    break;
                out[n++] = *v;
            }
        }
        if (max) out[n] = 0;
        return 0;
    }
    return -1;
}
