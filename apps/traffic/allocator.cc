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

// Reads jemalloc's `name` into *out; false when it has no such value.
template <typename T>
bool read_mallctl(Mallctl mallctl, const char* name, T* out) {
  std::size_t size = sizeof *out;
  return mallctl(name, out, &size, nullptr, 0) == 0;
}

std::string version_of(Mallctl mallctl) {
  const char* version = nullptr;
  if (!read_mallctl(mallctl, "version", &version) || version == nullptr) {
    return "unknown version";
  }
  return version;
}

bool is_set(const char* env) { return env != nullptr && *env != '\0'; }

// The glibc part of limit_malloc_arenas, for a process known not to run on
// jemalloc.
int cap_glibc_arenas(const char* malloc_arena_max_env) {
  if (is_set(malloc_arena_max_env)) return 0;
#if defined(__GLIBC__)
  return mallopt(M_ARENA_MAX, kMallocArenas) == 1 ? kMallocArenas : 0;
#else
  return 0;
#endif
}

}  // namespace

std::string jemalloc_version() {
  const Mallctl mallctl = find_mallctl();
  return mallctl == nullptr ? std::string() : version_of(mallctl);
}

int limit_malloc_arenas(const char* malloc_arena_max_env) {
  if (find_mallctl() != nullptr) return 0;
  return cap_glibc_arenas(malloc_arena_max_env);
}

std::string set_up_allocator(const char* malloc_arena_max_env) {
  if (const Mallctl mallctl = find_mallctl(); mallctl != nullptr) {
    std::string description = "jemalloc " + version_of(mallctl);
    if (ssize_t decay_ms = 0;
        read_mallctl(mallctl, "opt.dirty_decay_ms", &decay_ms)) {
      description += ", dirty_decay_ms " + std::to_string(decay_ms);
    }
    return description;
  }
  const int cap = cap_glibc_arenas(malloc_arena_max_env);
#if defined(__GLIBC__)
  if (cap > 0) return "glibc malloc, " + std::to_string(cap) + " arenas";
  if (is_set(malloc_arena_max_env)) {
    return std::string("glibc malloc, MALLOC_ARENA_MAX=") +
           malloc_arena_max_env;
  }
  return "glibc malloc";
#else
  (void)cap;
  return "the C library's malloc";
#endif
}

}  // namespace traffic
