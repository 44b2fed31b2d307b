/* nmea_reason.c: names and descriptions of the NMEA outcome reasons. */
#include "decode/nmea_reason.h"

static const struct {
    const char *name, *text;
} reasons[NMEA_R_COUNT] = {
    [NMEA_OK] = {"ok", "accepted"},
    [NMEA_R_BLANK] = {"blank", "blank line or comment"},
    [NMEA_R_NOT_AIS] = {"not_ais", "not AIS: another NMEA sentence"},
    [NMEA_R_NOT_NMEA] = {"not_nmea", "not NMEA: text or binary garbage"},
    [NMEA_R_TOO_LONG] = {"too_long", "line too long"},
    [NMEA_R_NUL] = {"nul", "NUL byte in the line (binary data)"},
    [NMEA_R_NO_START] = {"no_start", "AIS sentence without its start character"},
    [NMEA_R_NO_CHECKSUM] = {"no_checksum", "checksum missing or malformed"},
    [NMEA_R_CHECKSUM] = {"checksum", "checksum mismatch"},
    [NMEA_R_FIELDS] = {"fields", "malformed sentence fields"},
    [NMEA_R_EMPTY] = {"empty", "empty payload"},
    [NMEA_R_ARMOUR] = {"armour", "invalid six-bit armour character"},
    [NMEA_R_FILL] = {"fill", "invalid fill bits"},
    [NMEA_R_OVERSIZE] = {"oversize", "payload too long for an AIS message"},
    [NMEA_R_TAG_CHECKSUM] = {"tag_checksum", "tag block checksum mismatch or missing"},
    [NMEA_R_TAG_FORMAT] = {"tag_format", "malformed tag block"},
    [NMEA_R_ORPHAN] = {"orphan", "fragment without its first part"},
    [NMEA_R_DUPLICATE] = {"duplicate", "duplicate fragment"},
    [NMEA_R_INCOMPLETE] = {"incomplete", "partial message replaced by a new one"},
    [NMEA_R_TIMEOUT] = {"timeout", "partial message timed out"},
    [NMEA_R_EVICTED] = {"evicted", "partial message dropped: reassembly pool full"},
};

const char *nmea_reason_name(enum nmea_reason r)
{
    return (unsigned)r < NMEA_R_COUNT ? reasons[r].name : "unknown";
}

const char *nmea_reason_text(enum nmea_reason r)
{
    return (unsigned)r < NMEA_R_COUNT ? reasons[r].text : "unknown reason";
}

int nmea_reason_is_reject(enum nmea_reason r)
{
    return r >= NMEA_R_TOO_LONG && r <= NMEA_R_DUPLICATE;
}
