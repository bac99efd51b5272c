#include "traffic/malloc_arenas.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace traffic {

int limit_malloc_arenas(const char* malloc_arena_max_env) {
  if (malloc_arena_max_env != nullptr && *malloc_arena_max_env != '\0') {
    return 0;
  }
#if defined(__GLIBC__)
  return mallopt(M_ARENA_MAX, kMallocArenas) == 1 ? kMallocArenas : 0;
#else
  return 0;
#endif
}

}  // namespace traffic
