// Los Angeles local time, for time-of-day traffic profiles.

#ifndef TRAFFIC_CORE_LOCAL_TIME_H_
#define TRAFFIC_CORE_LOCAL_TIME_H_

#include <cstdint>

#include "traffic/core/iso8601.h"

namespace traffic {

// Returns the offset of America/Los_Angeles from UTC at `utc_ms`: -7 h
// during daylight saving time (from the second Sunday of March, 02:00
// local, to the first Sunday of November, 02:00 local; the US rule since
// 2007), else -8 h. Thread-safe.
std::int64_t los_angeles_offset_ms(std::int64_t utc_ms);

// Returns the Los Angeles wall-clock time at `utc_ms`. Thread-safe.
CivilTime los_angeles_time(std::int64_t utc_ms);

}  // namespace traffic

#endif  // TRAFFIC_CORE_LOCAL_TIME_H_
