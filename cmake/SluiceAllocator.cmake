# The allocator of the programs that run on Kafka for long: traffic-processor,
# traffic-demo and the benchmarks' passthrough (the ceiling they are compared
# with runs on the same allocator). apps/traffic/allocator.h says why
# jemalloc; docs/performance.md has the measurements.
#
#   SLUICE_JEMALLOC  ON (default): link those programs with jemalloc; a
#                    missing jemalloc is a configure error. Sanitizer builds
#                    keep the sanitizer's allocator regardless.
#   SLUICE_JEMALLOC_CONF  the jemalloc options compiled into those programs
#                    (MALLOC_CONF overrides them at run time). Default
#                    dirty_decay_ms:1000: freed pages go back to the system
#                    after 1 s instead of jemalloc's 10 s.
#
# sluice_link_allocator(<target>) links <target> with it when it applies.
# The library sluice::sluice itself never picks an allocator: that is the
# application's choice.
option(SLUICE_JEMALLOC
  "Link the traffic programs and the benchmark passthrough with jemalloc" ON)

set(SLUICE_JEMALLOC_CONF "dirty_decay_ms:1000" CACHE STRING
  "jemalloc options of the programs linked with jemalloc (its malloc_conf)")

set(SLUICE_USE_JEMALLOC OFF)
if(SLUICE_JEMALLOC)
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*(address|thread|memory)")
    message(STATUS "sluice: sanitizer build, the programs keep its allocator")
  else()
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(JEMALLOC IMPORTED_TARGET GLOBAL jemalloc)
    if(NOT JEMALLOC_FOUND)
      message(FATAL_ERROR
        "jemalloc not found. Install it (Debian: libjemalloc-dev; "
        "scripts/install-deps.sh does) or configure with -DSLUICE_JEMALLOC=OFF.")
    endif()
    set(SLUICE_USE_JEMALLOC ON)
    configure_file("${CMAKE_CURRENT_LIST_DIR}/jemalloc_conf.cc.in"
      "${PROJECT_BINARY_DIR}/generated/jemalloc_conf.cc" @ONLY)
  endif()
endif()

function(sluice_link_allocator target)
  if(SLUICE_USE_JEMALLOC)
    target_sources(${target} PRIVATE
      "${PROJECT_BINARY_DIR}/generated/jemalloc_conf.cc")
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()
