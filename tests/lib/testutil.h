/* testutil.h: helpers shared by the Check suites: running a suite, locating
 * the shared corpus (skipping cleanly when it is absent), temporary
 * directories, and the paths of the built programs for tests that start real
 * processes. */
#ifndef AISD_TESTUTIL_H
#define AISD_TESTUTIL_H

#include <check.h>
#include <complex.h>
#include <stddef.h>

struct rng; /* decode/rng.h */

/* Run every test of s (CK_NORMAL output) and free it: the number that failed. */
int test_run_suite(Suite *s);

/* Full path of a file under the corpus ($AISD_CORPUS, default
 * ../shared/corpus), or NULL after printing "SKIP: ..." when it is missing.
 * The string is malloc'd; free it. */
char *test_corpus_file(const char *relative);

/* Path of a built program ($AISD_BUILD, default build) such as "aisctl";
 * malloc'd. */
char *test_build_program(const char *name);

/* dir/name (malloc'd). */
char *test_path(const char *dir, const char *name);

/* A fresh directory under $TMPDIR (malloc'd path); test_rmdir_r removes it. */
char *test_tmpdir(void);
void test_rmdir_r(const char *path);

/* Whole file into a malloc'd, NUL-terminated buffer; NULL on error. */
char *test_read_file(const char *path, size_t *len);

/* Complex white noise, sigma * (N(0,1) + i N(0,1)). The imaginary part is
 * drawn first, the order in which gcc evaluated the suites' former
 * one-expression draws, so their data stays the same from every compiler
 * (decode/rng.h). */
float complex test_cnoise(struct rng *r, double sigma);

#endif
