/* main_aisd.c: aisd, the AIS receiver daemon (entry point; the pipeline is
 * being built in daemon/). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: aisd [OPTIONS]\n");
        return 0;
    }
    fprintf(stderr, "aisd: the pipeline is not assembled yet\n");
    return 1;
}
