#include "traffic/allocator.h"

#include <dlfcn.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace traffic {
namespace {

// jemalloc's control interface. Looked up at run time rather than linked,
// so that this code (and its tests) build without jemalloc and still tell
// a process that has it, however it came in.
using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

Mallctl find_mallctl() {
  return reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
}

}  // namespace

std::string jemalloc_version() {
  const Mallctl mallctl = find_mallctl();
  if (mallctl == nullptr) return {};
  const char* version = nullptr;
  std::size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) != 0 ||
      version == nullptr) {
    return "unknown version";
  }
  return version;
}

int limit_malloc_arenas(const char* malloc_arena_max_env) {
  if (malloc_arena_max_env != nullptr && *malloc_arena_max_env != '\0') {
    return 0;
  }
  if (!jemalloc_version().empty()) return 0;
#if defined(__GLIBC__)
  return mallopt(M_ARENA_MAX, kMallocArenas) == 1 ? kMallocArenas : 0;
#else
  return 0;
#endif
}

std::string set_up_allocator(const char* malloc_arena_max_env) {
  const int cap = limit_malloc_arenas(malloc_arena_max_env);
  if (std::string version = jemalloc_version(); !version.empty()) {
    std::string description = "jemalloc " + version;
    ssize_t decay_ms = 0;
    std::size_t size = sizeof decay_ms;
    if (find_mallctl()("opt.dirty_decay_ms", &decay_ms, &size, nullptr, 0) ==
        0) {
      description += ", dirty_decay_ms " + std::to_string(decay_ms);
    }
    return description;
  }
#if defined(__GLIBC__)
  if (cap > 0) return "glibc malloc, " + std::to_string(cap) + " arenas";
  if (malloc_arena_max_env != nullptr && *malloc_arena_max_env != '\0') {
    return std::string("glibc malloc, MALLOC_ARENA_MAX=") +
           malloc_arena_max_env;
  }
  return "glibc malloc";
#else
  return "the C library's malloc";
#endif
}

}  // namespace traffic
