/* jstr.h: the little JSON text handling the daemon and its aisctl commands
 * need: escaping a string into a buffer, and pulling one member's value out of
 * a flat-enough object for display (not a general parser). */
#ifndef AISD_JSTR_H
#define AISD_JSTR_H

#include <stddef.h>

/* Write s as a JSON string literal (with quotes) at out; returns the length
 * written (truncated safely; always NUL-terminated when max > 0). */
size_t jstr_quote(char *out, size_t max, const char *s);
/* Copy the value of the first member named key (string unescaped, or the raw
 * text of a number/literal/object) into out. 0 if found, -1 if not. */
int jstr_get(const char *json, const char *key, char *out, size_t max);

#endif
