/* dirs.h: the directories the configuration names (state-dir, rawlog-dir):
 * checked by --check-config without creating anything, and created with their
 * missing parents (mkdir -p) at start, so that a path aisd cannot write is a
 * configuration error (exit 64, which systemd does not restart) rather than a
 * failure at start (exit 1, restarted every RestartSec for ever). */
#ifndef AISD_DIRS_H
#define AISD_DIRS_H

#include <stddef.h>
#include <sys/types.h>

/* 0 if path is a directory this process can write into, or could be created
 * (every missing component) under one it can; else -1 with the reason in why
 * (e.g. "/etc/passwd is not a directory", "/sys: Read-only file system"). */
int dirs_check(const char *path, char *why, size_t whylen);

/* Create path and its missing parents (mode for each new one); an existing
 * writable directory is fine. 0, or -1 with the reason in why. */
int dirs_make(const char *path, mode_t mode, char *why, size_t whylen);

#endif
