/* err.h: the one error-code enum shared by every module of aisd.
 * Functions return 0 (AISD_OK) or a negative code from this enum; constructors
 * return NULL and log which constraint failed. aisd_strerror() names a code. */
#ifndef AISD_ERR_H
#define AISD_ERR_H

enum aisd_err {
    AISD_OK = 0,
    AISD_E_INVAL = -1,    /* invalid argument or configuration value */
    AISD_E_NOMEM = -2,    /* allocation failed */
    AISD_E_IO = -3,       /* read/write/socket failure (errno has more) */
    AISD_E_FORMAT = -4,   /* input is corrupt: recognised but malformed */
    AISD_E_NOTTHIS = -5,  /* input is not of this kind (e.g. not an AIS sentence) */
    AISD_E_CHECKSUM = -6, /* checksum or CRC mismatch */
    AISD_E_RANGE = -7,    /* a value or length out of its allowed range */
    AISD_E_AGAIN = -8,    /* nothing yet: more input needed */
    AISD_E_EOF = -9,      /* end of input */
    AISD_E_UNSUPPORTED = -10,
    AISD_E_DB = -11, /* SQLite error */
    AISD_E_TIMEOUT = -12,
};

const char *aisd_strerror(int err);

#endif
