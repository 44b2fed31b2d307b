/* jparse.h: a small JSON reader (RFC 8259) building a tree, for the zones
 * GeoJSON file and for restoring vessel state from the store. Depth and size
 * are bounded; errors say where. Not for the per-message path. */
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

#endif
