/* version.h: the one version string of aisd and aisctl (both print it with
 * --version). */
#ifndef AISD_VERSION_H
#define AISD_VERSION_H

#define AISD_VERSION "0.1"

#endif
