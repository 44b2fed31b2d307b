/* mid.h: the ITU Maritime Identification Digits table (alerts/data/mid.def):
 * flag state of an MMSI, and whether an MMSI is a valid ship station
 * identity (ITU-R M.585: 9 digits, MID 201-775 in the first three). Read-only
 * static data; thread-safe. */
#ifndef AISD_MID_H
#define AISD_MID_H

#include <stdint.h>

struct mid_entry {
    uint16_t mid;
    char iso[3];
    const char *name;
};

/* The MID of a ship-station MMSI (first 3 of 9 digits), or 0. */
unsigned mid_of_mmsi(uint32_t mmsi);

/* Table entry for a MID, or NULL when the MID is not allocated. */
const struct mid_entry *mid_lookup(unsigned mid);

/* Flag (ISO alpha-2) of a ship MMSI, or NULL. */
const char *mid_flag(uint32_t mmsi);

/* 1 when mmsi is a plausible ship-station MMSI: 200000000..799999999 with an
 * allocated MID. 0 otherwise (0, 1xxxxxxxx test/SAR, 8xx handhelds, 9xx aids,
 * 00/0 coast/group forms, unallocated MID). */
int mid_valid_ship_mmsi(uint32_t mmsi);

#endif
