# RdKafka::rdkafka: librdkafka, linked statically. Used by the build
# (cmake/SluiceDependencies.cmake) and installed beside sluiceConfig.cmake,
# which calls it again for a consumer of a static libsluice.
#
#   sluice_find_rdkafka(<min-version> <prefix>)
#
# Looks for pkg-config's rdkafka-static module (librdkafka's own `make
# install` writes it; Debian's librdkafka-dev does not), in <prefix> first,
# then on CMAKE_PREFIX_PATH and PKG_CONFIG_PATH. Sets SLUICE_RDKAFKA_FOUND,
# SLUICE_RDKAFKA_VERSION and SLUICE_RDKAFKA_LIBRARY (the archive) in the
# caller's scope, and SLUICE_RDKAFKA_LINK_FLAGS: what a pkg-config user links
# (the archive and the libraries it needs: OpenSSL, SASL, zlib, zstd, lz4).
#
# pkg_check_modules(IMPORTED_TARGET) is not used: it turns the archive's path
# into a link option, which comes before the objects that need it.
include_guard(GLOBAL)

function(sluice_find_rdkafka min_version prefix)
  set(SLUICE_RDKAFKA_FOUND FALSE PARENT_SCOPE)
  find_package(PkgConfig QUIET)
  if(NOT PKG_CONFIG_FOUND)
    return()
  endif()
  list(PREPEND CMAKE_PREFIX_PATH "${prefix}")  # this function's scope only
  pkg_check_modules(_rdk QUIET rdkafka-static>=${min_version})
  if(NOT _rdk_FOUND)
    return()
  endif()
  set(_archive "${_rdk_LIBDIR}/librdkafka.a")
  if(NOT EXISTS "${_archive}")
    message(WARNING "rdkafka-static.pc in ${_rdk_PREFIX} names no ${_archive}")
    return()
  endif()
  if(NOT TARGET RdKafka::rdkafka)
    add_library(RdKafka::rdkafka STATIC IMPORTED GLOBAL)
    set_target_properties(RdKafka::rdkafka PROPERTIES
      IMPORTED_LOCATION "${_archive}"
      INTERFACE_INCLUDE_DIRECTORIES "${_rdk_INCLUDE_DIRS}"
      INTERFACE_LINK_LIBRARIES "${_rdk_LINK_LIBRARIES}")
  endif()
  list(JOIN _rdk_LDFLAGS " " _flags)
  string(REPLACE "//" "/" _flags "${_flags}")
  set(SLUICE_RDKAFKA_FOUND TRUE PARENT_SCOPE)
  set(SLUICE_RDKAFKA_VERSION "${_rdk_VERSION}" PARENT_SCOPE)
  set(SLUICE_RDKAFKA_LIBRARY "${_archive}" PARENT_SCOPE)
  set(SLUICE_RDKAFKA_LINK_FLAGS "${_flags}" PARENT_SCOPE)
endfunction()
