/* jparse.h: the project's one JSON reader (RFC 8259), building a tree: the
 * zones GeoJSON file, vessel state restored from the store, scenario truth and
 * alert logs (alerts/eval, aisctl sweep), aisd's feed shown by aisctl sub.
 * Depth and size are bounded; errors say where. Not for the per-message path
 * of the daemon. The writer is decode/jsonw. */
#ifndef AISD_JPARSE_H
#define AISD_JPARSE_H

#include <stddef.h>

enum jparse_type { JP_NULL, JP_BOOL, JP_NUM, JP_STR, JP_ARR, JP_OBJ };

struct jparse_val {
    enum jparse_type type;
    double num;               /* JP_NUM, JP_BOOL (0/1) */
    char *str;                /* JP_STR */
    size_t n;                 /* JP_ARR / JP_OBJ: children */
    struct jparse_val *items; /* children */
    char **keys;              /* JP_OBJ: key of each child */
    size_t at, len;           /* where the value stands in the parsed text */
};

/* Parse text[0..len). NULL on error with a message in err. Free with
 * jparse_free. */
struct jparse_val *jparse(const char *text, size_t len, char *err, size_t errlen);
void jparse_free(struct jparse_val *v);
/* Member of an object by key, or NULL. */
const struct jparse_val *jparse_get(const struct jparse_val *obj, const char *key);
/* Convenience: number member (def when absent or not a number), string member. */
double jparse_num(const struct jparse_val *obj, const char *key, double def);
const char *jparse_str(const struct jparse_val *obj, const char *key);
/* The first member named key at any depth, in the order of the text, or NULL. */
const struct jparse_val *jparse_find(const struct jparse_val *v, const char *key);
/* v as text into out (cut to max - 1 bytes): a string's value, anything else
 * as it stands in text (the text given to jparse). -1 when v is NULL. */
int jparse_text(const char *text, const struct jparse_val *v, char *out, size_t max);

#endif
