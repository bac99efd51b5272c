// malloc_arenas: caps glibc's malloc arenas for the traffic programs.
//
// glibc gives each thread that contends for malloc an arena of its own, up
// to 8 per core, and memory freed into one arena is not reused by another.
// librdkafka allocates messages on its broker threads and they are freed on
// the stream thread, so every arena keeps its own free memory: at 20,000
// readings/s traffic-processor's steady RSS was 71.7 MB with glibc's
// default and 61.8 MB with 2 arenas, at the same CPU per record
// (docs/performance.md).
#ifndef TRAFFIC_MALLOC_ARENAS_H_
#define TRAFFIC_MALLOC_ARENAS_H_

namespace traffic {

// The arena cap the traffic programs use unless MALLOC_ARENA_MAX says
// otherwise.
inline constexpr int kMallocArenas = 2;

// Caps the arenas at kMallocArenas unless `malloc_arena_max_env` (the
// value of MALLOC_ARENA_MAX, or nullptr) is set and non-empty, in which
// case glibc has already applied it. Returns the cap this call applied, or
// 0 when it left the setting alone (the variable is set, or the C library
// is not glibc). Call first thing in main(), before any thread starts.
int limit_malloc_arenas(const char* malloc_arena_max_env);

}  // namespace traffic

#endif  // TRAFFIC_MALLOC_ARENAS_H_
