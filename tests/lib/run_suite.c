/* run_suite.c: test_run_suite() (see testutil.h), apart from testutil.c so
 * that programs without Check (the benchmarks) can link the other helpers. */
#include "tests/lib/testutil.h"

int test_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed;
}
