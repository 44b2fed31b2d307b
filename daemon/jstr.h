/* jstr.h: pulling one member's value out of a flat-enough JSON object for
 * display in aisctl (not a general parser; JSON is written with decode/jsonw). */
#ifndef AISD_JSTR_H
#define AISD_JSTR_H

#include <stddef.h>

/* Copy the value of the first member named key (string unescaped, or the raw
 * text of a number/literal/object) into out. 0 if found, -1 if not. */
int jstr_get(const char *json, const char *key, char *out, size_t max);

#endif
