/* jstr.c: JSON member lookup for display. See jstr.h. */
#include "daemon/jstr.h"

#include <string.h>

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
