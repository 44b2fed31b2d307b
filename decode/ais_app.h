/* ais_app.h: binary application messages carried by AIS types 6 and 8
 * (keyed by DAC/FID): typed structs and their gpsd JSON fields.
 * PLACEHOLDER landed by wt-msg so that ais_msg.h builds: the interface below
 * is the TEAM.md contract; wt-app owns this file and replaces it wholesale. */
#ifndef AISD_AIS_APP_H
#define AISD_AIS_APP_H

#include <stddef.h>
#include <stdint.h>

struct jsonw;

/* Tagged union keyed by (msgtype, dac, fid); filled by ais_app_decode(). */
struct ais_app {
    int msgtype; /* 6 or 8 */
    unsigned dac, fid;
};

/* Decode the application payload of a type 6/8 message. bytes holds the whole
 * message (MSB first), bitpos is where the application data starts (88 for
 * type 6, 56 for type 8) and nbits is the length of the whole message, so
 * gpsd's absolute bit offsets apply. Returns 0 when decoded (structured),
 * AISD_E_NOTTHIS when this DAC/FID (or this length) is not one we decode: the
 * caller then reports the raw data. */
int ais_app_decode(int msgtype, unsigned dac, unsigned fid, const uint8_t *bytes, size_t bitpos,
                   size_t nbits, struct ais_app *out);

/* Append the application fields (after "fid") to the open JSON object. */
void ais_app_json(const struct ais_app *a, int scaled, struct jsonw *w);

/* gpsd's pipe-separated dump (gpsdecode -c) after "dac|fid" for a decoded
 * application. snprintf-style return (length the full text needs). */
size_t ais_app_dump(const struct ais_app *a, char *buf, size_t len);

#endif
