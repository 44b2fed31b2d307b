/* fuzz_quiet.h: for the libFuzzer targets whose code under test logs every
 * rejection to stderr: called from LLVMFuzzerInitialize, it adds
 * -close_fd_mask=2 to libFuzzer's arguments (unless FUZZ_VERBOSE is set), so
 * the target's stderr is discarded while libFuzzer's own lines and sanitizer
 * reports still print. */
#ifndef AISD_FUZZ_QUIET_H
#define AISD_FUZZ_QUIET_H

#include <stdlib.h>
#include <string.h>

static inline void fuzz_quiet(int *argc, char ***argv)
{
    if (getenv("FUZZ_VERBOSE")) return;
    for (int i = 1; i < *argc; i++)
        if (!strncmp((*argv)[i], "-close_fd_mask=", 15)) return;
    char **nv = calloc((size_t)*argc + 2, sizeof *nv); /* lives as long as the process */
    if (!nv) return;
    memcpy(nv, *argv, (size_t)*argc * sizeof *nv);
    nv[(*argc)++] = "-close_fd_mask=2";
    nv[*argc] = NULL;
    *argv = nv;
}

#endif
