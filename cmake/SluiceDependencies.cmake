# Third-party dependencies: Debian's packages (scripts/install-deps.sh), and
# librdkafka, which scripts/build-librdkafka.sh builds into the cache.
find_package(PkgConfig REQUIRED)
include(SluiceRdKafka)

# librdkafka >= 2.8, linked statically from the project's own build: Debian
# 12's 2.0.2 spins its main thread during transactions (README.md,
# "Building by hand").
# SLUICE_RDKAFKA_ROOT is searched first; CMAKE_PREFIX_PATH and PKG_CONFIG_PATH
# can supply another build of 2.8 or newer.
set(SLUICE_RDKAFKA_MIN_VERSION 2.8)
# Where the build script puts its build: it owns the version and the cache's
# place (SLUICE_CACHE_DIR, else ~/.cache/sluice).
if(NOT DEFINED SLUICE_RDKAFKA_ROOT)
  execute_process(
    COMMAND "${PROJECT_SOURCE_DIR}/scripts/build-librdkafka.sh" --print-prefix
    OUTPUT_VARIABLE _sluice_rdkafka_prefix
    ERROR_VARIABLE _sluice_rdkafka_error
    OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _sluice_rdkafka_rc)
  if(NOT _sluice_rdkafka_rc EQUAL 0)
    message(FATAL_ERROR "scripts/build-librdkafka.sh --print-prefix failed "
      "(${_sluice_rdkafka_rc}): ${_sluice_rdkafka_error}Pass "
      "-DSLUICE_RDKAFKA_ROOT=<prefix of a librdkafka build>.")
  endif()
  set(SLUICE_RDKAFKA_ROOT "${_sluice_rdkafka_prefix}" CACHE PATH
      "Prefix of the librdkafka build to link (scripts/build-librdkafka.sh --print-prefix)")
  unset(_sluice_rdkafka_prefix)
  unset(_sluice_rdkafka_error)
  unset(_sluice_rdkafka_rc)
endif()
sluice_find_rdkafka(${SLUICE_RDKAFKA_MIN_VERSION} "${SLUICE_RDKAFKA_ROOT}")
if(NOT SLUICE_RDKAFKA_FOUND)
  message(FATAL_ERROR
    "librdkafka >= ${SLUICE_RDKAFKA_MIN_VERSION} (pkg-config module "
    "rdkafka-static) was found neither in ${SLUICE_RDKAFKA_ROOT} nor on the "
    "pkg-config path. Run scripts/install-deps.sh (it builds librdkafka 2.8.0 "
    "there), or pass -DSLUICE_RDKAFKA_ROOT=<prefix> of another build.")
endif()
message(STATUS "librdkafka ${SLUICE_RDKAFKA_VERSION}, static: ${SLUICE_RDKAFKA_LIBRARY}")

find_package(RocksDB QUIET CONFIG)
if(NOT TARGET RocksDB::rocksdb)
  pkg_check_modules(ROCKSDB REQUIRED IMPORTED_TARGET rocksdb)
  add_library(RocksDB::rocksdb ALIAS PkgConfig::ROCKSDB)
endif()
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
