/* ais_fields.c: the per-type field tables (see ais_fields.h). */
#include "decode/ais_fields.h"

#include <stddef.h>

/* A field of struct T (defined before each table). */
// clang-format off
#define KEY(key, m, kind) {key, NULL, (uint16_t)offsetof(struct T, m), 0, kind, 0, sizeof key - 1, 0}
#define FLD(m, kind) KEY(#m, m, kind)
#define LEGEND(m, kind, legend) \
    {#m, #m "_text", (uint16_t)offsetof(struct T, m), 0, kind, legend, sizeof #m - 1, \
     sizeof #m "_text" - 1}
#define LEG(m, legend) LEGEND(m, AF_LEGEND, legend)
#define ACC_LONLAT \
    {"accuracy", NULL, (uint16_t)offsetof(struct T, accuracy), (uint16_t)offsetof(struct T, lon), \
     AF_ACC_LONLAT, 0, 8, 0}
#define END {NULL, NULL, 0, 0, 0, 0, 0, 0}
// clang-format on

#define T ais_type1
static const struct ais_field type1[] = {
    LEG(status, AL_NAV_STATUS), FLD(turn, AF_TURN),   FLD(speed, AF_SPEED),
    FLD(accuracy, AF_BOOL),     FLD(lon, AF_LONLAT),  FLD(course, AF_TENTHS),
    FLD(heading, AF_UINT),      FLD(second, AF_UINT), FLD(maneuver, AF_HEX),
    FLD(raim, AF_BOOL),         FLD(radio, AF_HEX),   END};
#undef T

#define T ais_type4
static const struct ais_field type4[] = {KEY("timestamp", year, AF_DATETIME),
                                         FLD(accuracy, AF_BOOL),
                                         FLD(lon, AF_LONLAT),
                                         FLD(epfd, AF_EPFD),
                                         FLD(raim, AF_BOOL),
                                         FLD(radio, AF_HEX),
                                         END};
#undef T

#define T ais_type5
static const struct ais_field type5[] = {
    FLD(imo, AF_UINT),        FLD(ais_version, AF_UINT),  FLD(callsign, AF_STR),
    FLD(shipname, AF_STR),    LEG(shiptype, AL_SHIPTYPE), FLD(to_bow, AF_DIMS),
    FLD(epfd, AF_EPFD),       KEY("eta", month, AF_ETA),  FLD(draught, AF_TENTHS),
    FLD(destination, AF_STR), FLD(dte, AF_UINT),          END};
#undef T

#define T ais_type6
const struct ais_field ais_fields_type6[] = {FLD(seqno, AF_UINT),      FLD(dest_mmsi, AF_UINT),
                                             FLD(retransmit, AF_BOOL), FLD(dac, AF_UINT),
                                             FLD(fid, AF_UINT),        END};
#undef T

#define T ais_type7
static const struct ais_field type7[] = {FLD(mmsi1, AF_UINT), FLD(mmsi2, AF_UINT),
                                         FLD(mmsi3, AF_UINT), FLD(mmsi4, AF_UINT), END};
#undef T

#define T ais_type8
const struct ais_field ais_fields_type8[] = {FLD(dac, AF_UINT), FLD(fid, AF_UINT), END};
#undef T

#define T ais_type9
static const struct ais_field type9[] = {FLD(alt, AF_ALT9),
                                         FLD(speed, AF_SPEED9),
                                         FLD(accuracy, AF_BOOL),
                                         FLD(lon, AF_LONLAT),
                                         FLD(course, AF_TENTHS),
                                         FLD(second, AF_UINT),
                                         FLD(regional, AF_HEX),
                                         FLD(dte, AF_UINT),
                                         FLD(raim, AF_BOOL),
                                         FLD(radio, AF_HEX),
                                         END};
#undef T

#define T ais_type10
static const struct ais_field type10[] = {FLD(dest_mmsi, AF_UINT), END};
#undef T

#define T ais_type12
static const struct ais_field type12[] = {FLD(seqno, AF_UINT), FLD(dest_mmsi, AF_UINT),
                                          FLD(retransmit, AF_BOOL), FLD(text, AF_STR), END};
#undef T

#define T ais_type14
static const struct ais_field type14[] = {FLD(text, AF_STR), END};
#undef T

#define T ais_type15
static const struct ais_field type15[] = {
    FLD(mmsi1, AF_UINT),   FLD(type1_1, AF_UINT),   FLD(offset1_1, AF_UINT),
    FLD(type1_2, AF_UINT), FLD(offset1_2, AF_UINT), FLD(mmsi2, AF_UINT),
    FLD(type2_1, AF_UINT), FLD(offset2_1, AF_UINT), END};
#undef T

#define T ais_type16
static const struct ais_field type16[] = {FLD(mmsi1, AF_UINT),
                                          FLD(offset1, AF_UINT),
                                          FLD(increment1, AF_UINT),
                                          FLD(mmsi2, AF_UINT),
                                          FLD(offset2, AF_UINT),
                                          FLD(increment2, AF_UINT),
                                          END};
#undef T

#define T ais_type17
const struct ais_field ais_fields_type17[] = {FLD(lon, AF_LONLAT_1), END};
#undef T

#define T ais_type18
static const struct ais_field type18[] = {
    FLD(reserved, AF_UINT), FLD(speed, AF_TENTHS), FLD(accuracy, AF_BOOL), FLD(lon, AF_LONLAT),
    FLD(course, AF_TENTHS), FLD(heading, AF_UINT), FLD(second, AF_UINT),   FLD(regional, AF_HEX),
    FLD(cs, AF_BOOL),       FLD(display, AF_BOOL), FLD(dsc, AF_BOOL),      FLD(band, AF_BOOL),
    FLD(msg22, AF_BOOL),    FLD(raim, AF_BOOL),    FLD(radio, AF_HEX),     END};
#undef T

#define T ais_type19
static const struct ais_field type19[] = {FLD(reserved, AF_UINT), FLD(speed, AF_TENTHS),
                                          FLD(accuracy, AF_BOOL), FLD(lon, AF_LONLAT),
                                          FLD(course, AF_TENTHS), FLD(heading, AF_UINT),
                                          FLD(second, AF_UINT),   FLD(regional, AF_HEX),
                                          FLD(shipname, AF_STR),  LEG(shiptype, AL_SHIPTYPE),
                                          FLD(to_bow, AF_DIMS),   FLD(epfd, AF_EPFD),
                                          FLD(raim, AF_BOOL),     FLD(dte, AF_UINT),
                                          FLD(assigned, AF_BOOL), END};
#undef T

#define T ais_type20
static const struct ais_field type20[] = {FLD(offset1, AF_UINT),
                                          FLD(number1, AF_UINT),
                                          FLD(timeout1, AF_UINT),
                                          FLD(increment1, AF_UINT),
                                          FLD(offset2, AF_UINT),
                                          FLD(number2, AF_UINT),
                                          FLD(timeout2, AF_UINT),
                                          FLD(increment2, AF_UINT),
                                          FLD(offset3, AF_UINT),
                                          FLD(number3, AF_UINT),
                                          FLD(timeout3, AF_UINT),
                                          FLD(increment3, AF_UINT),
                                          FLD(offset4, AF_UINT),
                                          FLD(number4, AF_UINT),
                                          FLD(timeout4, AF_UINT),
                                          FLD(increment4, AF_UINT),
                                          END};
#undef T

#define T ais_type21
static const struct ais_field type21[] = {LEG(aid_type, AL_NAVAID_TYPE),
                                          FLD(name, AF_STR),
                                          ACC_LONLAT,
                                          FLD(to_bow, AF_DIMS),
                                          FLD(epfd, AF_EPFD),
                                          FLD(second, AF_UINT),
                                          FLD(regional, AF_UINT),
                                          FLD(off_position, AF_BOOL_HEX),
                                          FLD(raim, AF_BOOL),
                                          FLD(virtual_aid, AF_BOOL),
                                          END};
#undef T

#define T ais_type22
const struct ais_field ais_fields_type22[] = {FLD(channel_a, AF_UINT), FLD(channel_b, AF_UINT),
                                              FLD(txrx, AF_UINT), FLD(power, AF_UBOOL), END};
const struct ais_field ais_fields_type22_addressed[] = {FLD(dest1, AF_UINT), FLD(dest2, AF_UINT),
                                                        END};
const struct ais_field ais_fields_type22_area[] = {FLD(ne_lon, AF_AREA), FLD(ne_lat, AF_AREA),
                                                   FLD(sw_lon, AF_AREA), FLD(sw_lat, AF_AREA), END};
const struct ais_field ais_fields_type22_tail[] = {FLD(addressed, AF_UBOOL), FLD(band_a, AF_UBOOL),
                                                   FLD(band_b, AF_UBOOL), FLD(zonesize, AF_UINT),
                                                   END};
#undef T

#define T ais_type23
static const struct ais_field type23[] = {FLD(ne_lon, AF_AREA),
                                          FLD(ne_lat, AF_AREA),
                                          FLD(sw_lon, AF_AREA),
                                          FLD(sw_lat, AF_AREA),
                                          LEG(stationtype, AL_STATION_TYPE),
                                          LEG(shiptype, AL_SHIPTYPE),
                                          FLD(txrx, AF_DUMP_ONLY),
                                          FLD(interval, AF_UINT),
                                          FLD(quiet, AF_UINT),
                                          END};
#undef T

#define T ais_type24
const struct ais_field ais_fields_type24_b[] = {LEG(shiptype, AL_SHIPTYPE), FLD(vendorid, AF_STR),
                                                FLD(model, AF_UINT),        FLD(serial, AF_UINT),
                                                FLD(callsign, AF_STR),      END};
const struct ais_field ais_fields_type24_dims[] = {FLD(to_bow, AF_DIMS), END};
const struct ais_field ais_fields_type24_mother[] = {FLD(mothership_mmsi, AF_UINT), END};
#undef T

#define T ais_type25
const struct ais_field ais_fields_binslot[] = {FLD(addressed, AF_BOOL), FLD(structured, AF_BOOL),
                                               FLD(dest_mmsi, AF_UINT), FLD(app_id, AF_UINT), END};
#undef T

#define T ais_type27
static const struct ais_field type27[] = {LEGEND(status, AF_LEGEND_SCALED, AL_NAV_STATUS),
                                          FLD(accuracy, AF_BOOL),
                                          FLD(lon, AF_LONLAT_4),
                                          FLD(speed, AF_UINT),
                                          FLD(course, AF_UINT),
                                          FLD(raim, AF_BOOL),
                                          FLD(gnss, AF_BOOL),
                                          END};
#undef T

const struct ais_field *ais_fields_of(unsigned type)
{
    static const struct ais_field *const by_type[28] = {
        [1] = type1,   [2] = type1,   [3] = type1,   [4] = type4,   [5] = type5,
        [7] = type7,   [9] = type9,   [10] = type10, [11] = type4,  [12] = type12,
        [13] = type7,  [14] = type14, [15] = type15, [16] = type16, [18] = type18,
        [19] = type19, [20] = type20, [21] = type21, [23] = type23, [27] = type27,
    };
    return type < 28 ? by_type[type] : NULL;
}

void ais_fields_put_time(struct jsonw *w, const unsigned *t, int with_year_seconds)
{
    if (with_year_seconds) {
        jsonw_put_uint_pad(w, *t++, 4);
        jsonw_put_char(w, '-');
    }
    jsonw_put_uint_pad(w, t[0], 2);
    jsonw_put_char(w, '-');
    jsonw_put_uint_pad(w, t[1], 2);
    jsonw_put_char(w, 'T');
    jsonw_put_uint_pad(w, t[2], 2);
    jsonw_put_char(w, ':');
    jsonw_put_uint_pad(w, t[3], 2);
    if (with_year_seconds) {
        jsonw_put_char(w, ':');
        jsonw_put_uint_pad(w, t[4], 2);
    }
    jsonw_put_char(w, 'Z');
}
