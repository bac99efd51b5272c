// allocator: the memory allocator the traffic programs run on.
//
// traffic-processor and traffic-demo are linked with jemalloc (CMake option
// SLUICE_JEMALLOC, on by default, off in sanitizer builds). Both halves of
// the process free memory in patterns glibc's malloc keeps: librdkafka
// allocates messages on its broker threads and frees them on the stream
// thread, and RocksDB frees whole memtables of 512 KiB blocks. At 50,000
// readings/s under exactly_once_v2 glibc's malloc held 84-89 MB resident
// with ~45 MB of it free inside its arenas; jemalloc 60-73 MB and mimalloc
// 63-66 MB, both at less CPU per reading (docs/performance.md).
//
// jemalloc keeps freed pages for dirty_decay_ms before it gives them back;
// its default, 10 s, let RSS swing between 60 and 87 MB at 50,000
// readings/s (steady 60-73 MB), 1 s held it at 52-58 MB for ~4% more CPU.
// The programs are built with 1 s (SLUICE_JEMALLOC_CONF in
// cmake/SluiceAllocator.cmake); MALLOC_CONF in the environment overrides it.
//
// On glibc (a build without jemalloc) the programs cap its arenas instead:
// glibc gives each thread that contends for malloc an arena of its own, up
// to 8 per core, and memory freed into one arena is not reused by another.
// At 20,000 readings/s that cap took steady RSS from 71.7 to 61.8 MB.
#ifndef TRAFFIC_ALLOCATOR_H_
#define TRAFFIC_ALLOCATOR_H_

#include <string>

namespace traffic {

// The glibc arena cap the traffic programs use unless MALLOC_ARENA_MAX says
// otherwise.
inline constexpr int kMallocArenas = 2;

// The version of the jemalloc that malloc resolves to in this process
// (linked or preloaded), e.g. "5.3.0-0-g54eaed1d...", or "" when malloc is
// not jemalloc's.
std::string jemalloc_version();

// With glibc's malloc, caps its arenas at kMallocArenas unless
// `malloc_arena_max_env` (the value of MALLOC_ARENA_MAX, or nullptr) is set
// and non-empty, in which case glibc has already applied it. Returns the
// cap this call applied, or 0 when it left the setting alone (the variable
// is set, malloc is jemalloc's, or the C library is not glibc).
int limit_malloc_arenas(const char* malloc_arena_max_env);

// The start-up step of the traffic programs: limit_malloc_arenas, then a
// description of the allocator for the start-up log ("jemalloc 5.3.0-...,
// dirty_decay_ms 1000", "glibc malloc, 2 arenas", "glibc malloc,
// MALLOC_ARENA_MAX=8"). Call first thing in main(), before any thread
// starts.
std::string set_up_allocator(const char* malloc_arena_max_env);

}  // namespace traffic

#endif  // TRAFFIC_ALLOCATOR_H_
