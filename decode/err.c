/* err.c: names for the aisd_err codes. */
#include "decode/err.h"

const char *aisd_strerror(int err)
{
    switch (err) {
    case AISD_OK:
        return "success";
    case AISD_E_INVAL:
        return "invalid argument";
    case AISD_E_NOMEM:
        return "out of memory";
    case AISD_E_IO:
        return "I/O error";
    case AISD_E_FORMAT:
        return "malformed input";
    case AISD_E_NOTTHIS:
        return "not this kind of input";
    case AISD_E_CHECKSUM:
        return "checksum mismatch";
    case AISD_E_RANGE:
        return "value out of range";
    case AISD_E_AGAIN:
        return "more input needed";
    case AISD_E_EOF:
        return "end of input";
    case AISD_E_UNSUPPORTED:
        return "not supported";
    case AISD_E_DB:
        return "database error";
    case AISD_E_TIMEOUT:
        return "timed out";
    }
    return "unknown error";
}
