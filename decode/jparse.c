/* jparse.c: recursive-descent JSON reader (see jparse.h). */
#include "decode/jparse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

struct ps {
    const char *s;
    size_t len, pos;
    char *err;
    size_t errlen;
    int failed;
};

static void fail(struct ps *p, const char *what)
{
    if (!p->failed && p->err && p->errlen)
        snprintf(p->err, p->errlen, "JSON: %s at offset %zu", what, p->pos);
    p->failed = 1;
}

static void ws(struct ps *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

static void free_children(struct jparse_val *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free_children(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
}

void jparse_free(struct jparse_val *v)
{
    if (!v) return;
    free_children(v);
    free(v);
}

static void put_utf8(char *out, size_t *n, unsigned cp)
{
    if (cp < 0x80) {
        out[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*n)++] = (char)(0xC0 | (cp >> 6));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*n)++] = (char)(0xE0 | (cp >> 12));
        out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static char *parse_string(struct ps *p)
{
    if (p->pos >= p->len || p->s[p->pos] != '"') {
        fail(p, "expected string");
        return NULL;
    }
    p->pos++;
    size_t start = p->pos;
    while (p->pos < p->len && p->s[p->pos] != '"') {
        if (p->s[p->pos] == '\\') p->pos++;
        p->pos++;
    }
    if (p->pos >= p->len) {
        fail(p, "unterminated string");
        return NULL;
    }
    size_t end = p->pos++;
    char *out = malloc(end - start + 1);
    if (!out) {
        fail(p, "out of memory");
        return NULL;
    }
    size_t n = 0;
    for (size_t i = start; i < end; i++) {
        char c = p->s[i];
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        c = p->s[++i];
        switch (c) {
        case 'n':
            out[n++] = '\n';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'u': {
            unsigned cp = 0;
            if (i + 4 >= end) {
                free(out);
                fail(p, "bad \\u escape");
                return NULL;
            }
            for (int k = 1; k <= 4; k++) {
                char h = p->s[i + (size_t)k];
                cp <<= 4;
                if (h >= '0' && h <= '9')
                    cp |= (unsigned)(h - '0');
                else if (h >= 'a' && h <= 'f')
                    cp |= (unsigned)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F')
                    cp |= (unsigned)(h - 'A' + 10);
                else {
                    free(out);
                    fail(p, "bad \\u escape");
                    return NULL;
                }
            }
            i += 4;
            put_utf8(out, &n, cp); /* up to 3 bytes; the escape took 6 */
            break;
        }
        default:
            out[n++] = c;
            break;
        }
    }
    out[n] = 0;
    return out;
}

static int parse_value(struct ps *p, struct jparse_val *v, int depth);
static int parse_element(struct ps *p, struct jparse_val *v, int depth);

static int add_child(struct ps *p, struct jparse_val *v, size_t *cap, int with_keys)
{
    if (v->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        struct jparse_val *items = realloc(v->items, nc * sizeof *items);
        if (!items) {
            fail(p, "out of memory");
            return -1;
        }
        v->items = items;
        if (with_keys) {
            char **keys = realloc(v->keys, nc * sizeof *keys);
            if (!keys) {
                fail(p, "out of memory");
                return -1;
            }
            v->keys = keys;
        }
        *cap = nc;
    }
    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
    if (with_keys) v->keys[v->n] = NULL;
    v->n++;
    return 0;
}

static int parse_element(struct ps *p, struct jparse_val *v, int depth)
{
    ws(p);
    if (depth > MAX_DEPTH) {
        fail(p, "too deep");
        return -1;
    }
    if (p->pos >= p->len) {
        fail(p, "unexpected end");
        return -1;
    }
    char c = p->s[p->pos];
    if (c == '{' || c == '[') {
        int obj = c == '{';
        v->type = obj ? JP_OBJ : JP_ARR;
        p->pos++;
        size_t cap = 0;
        ws(p);
        if (p->pos < p->len && p->s[p->pos] == (obj ? '}' : ']')) {
            p->pos++;
            return 0;
        }
        for (;;) {
            if (add_child(p, v, &cap, obj)) return -1;
            if (obj) {
                ws(p);
                char *k = parse_string(p);
                if (!k) return -1;
                v->keys[v->n - 1] = k;
                ws(p);
                if (p->pos >= p->len || p->s[p->pos] != ':') {
                    fail(p, "expected ':'");
                    return -1;
                }
                p->pos++;
            }
            if (parse_value(p, &v->items[v->n - 1], depth + 1)) return -1;
            ws(p);
            if (p->pos < p->len && p->s[p->pos] == ',') {
                p->pos++;
                continue;
            }
            if (p->pos < p->len && p->s[p->pos] == (obj ? '}' : ']')) {
                p->pos++;
                return 0;
            }
            fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
            return -1;
        }
    }
    if (c == '"') {
        v->type = JP_STR;
        v->str = parse_string(p);
        return v->str ? 0 : -1;
    }
    if (p->len - p->pos >= 4 && !strncmp(p->s + p->pos, "true", 4)) {
        v->type = JP_BOOL;
        v->num = 1;
        p->pos += 4;
        return 0;
    }
    if (p->len - p->pos >= 5 && !strncmp(p->s + p->pos, "false", 5)) {
        v->type = JP_BOOL;
        p->pos += 5;
        return 0;
    }
    if (p->len - p->pos >= 4 && !strncmp(p->s + p->pos, "null", 4)) {
        v->type = JP_NULL;
        p->pos += 4;
        return 0;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        char buf[64];
        size_t n = 0;
        while (p->pos < p->len && n < sizeof buf - 1 && strchr("+-0123456789.eE", p->s[p->pos]))
            buf[n++] = p->s[p->pos++];
        buf[n] = 0;
        char *end;
        v->type = JP_NUM;
        v->num = strtod(buf, &end);
        if (*end || !isfinite(v->num)) {
            fail(p, "bad number");
            return -1;
        }
        return 0;
    }
    fail(p, "unexpected character");
    return -1;
}

/* A value with the span of its text. */
static int parse_value(struct ps *p, struct jparse_val *v, int depth)
{
    ws(p);
    v->at = p->pos;
    int rc = parse_element(p, v, depth);
    v->len = p->pos - v->at;
    return rc;
}

struct jparse_val *jparse(const char *text, size_t len, char *err, size_t errlen)
{
    struct ps p = {text, len, 0, err, errlen, 0};
    struct jparse_val *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    if (parse_value(&p, v, 0) == 0) {
        ws(&p);
        if (p.pos == p.len) return v;
        fail(&p, "trailing characters");
    }
    jparse_free(v);
    return NULL;
}

const struct jparse_val *jparse_get(const struct jparse_val *obj, const char *key)
{
    if (!obj || obj->type != JP_OBJ) return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (obj->keys[i] && !strcmp(obj->keys[i], key)) return &obj->items[i];
    return NULL;
}

double jparse_num(const struct jparse_val *obj, const char *key, double def)
{
    const struct jparse_val *v = jparse_get(obj, key);
    return v && (v->type == JP_NUM || v->type == JP_BOOL) ? v->num : def;
}

const char *jparse_str(const struct jparse_val *obj, const char *key)
{
    const struct jparse_val *v = jparse_get(obj, key);
    return v && v->type == JP_STR ? v->str : NULL;
}

const struct jparse_val *jparse_find(const struct jparse_val *v, const char *key)
{
    if (!v || (v->type != JP_OBJ && v->type != JP_ARR)) return NULL;
    for (size_t i = 0; i < v->n; i++) {
        if (v->keys && v->keys[i] && !strcmp(v->keys[i], key)) return &v->items[i];
        const struct jparse_val *in = jparse_find(&v->items[i], key);
        if (in) return in;
    }
    return NULL;
}

int jparse_text(const char *text, const struct jparse_val *v, char *out, size_t max)
{
    if (!v) return -1;
    if (!max) return 0;
    if (v->type == JP_STR)
        snprintf(out, max, "%s", v->str);
    else
        snprintf(out, max, "%.*s", (int)(v->len < max ? v->len : max - 1), text + v->at);
    return 0;
}
