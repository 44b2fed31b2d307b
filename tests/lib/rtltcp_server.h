/* rtltcp_server.h: a small server speaking the rtl_tcp protocol, standing in
 * for a networked dongle in the end-to-end tests: it sends the 12-byte "RTL0"
 * greeting (tuner R820T, 29 gains), then streams cu8 samples from a buffer in
 * a loop, paced at a rate, and records the 5-byte commands it receives. One
 * client at a time. Meant to run in a child process the test can kill -9. */
#ifndef AISD_RTLTCP_SERVER_H
#define AISD_RTLTCP_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct rtltcp_server_config {
    int port;               /* on 127.0.0.1 */
    const uint8_t *samples; /* cu8 I/Q bytes, streamed in a loop */
    size_t len;
    double rate;         /* complex samples per second; 0: as fast as the socket takes */
    double run_seconds;  /* stop after this long (a bound for tests); 0: 60 s */
    const char *cmd_log; /* append "cmd param" lines here, or NULL */
};

/* Listen and serve; returns 0 when run_seconds is over, -1 if it cannot listen. */
int rtltcp_server_run(const struct rtltcp_server_config *c);

#endif
