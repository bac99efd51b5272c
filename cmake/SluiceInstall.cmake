# Install rules and package files for the sluice library.
#
# Installs libsluice, the public headers (framework/include/sluice/**.h), a
# CMake package (find_package(sluice) -> sluice::sluice) and a pkg-config file
# (sluice.pc). Included once, at the end of the top-level CMakeLists.txt, so
# that every target_link_libraries(sluice ...) has been seen.
#
#   cmake --install build/release --prefix /opt/sluice
#   find_package(sluice REQUIRED)    # CMAKE_PREFIX_PATH=/opt/sluice
#   pkg-config --cflags --libs sluice  # PKG_CONFIG_PATH=/opt/sluice/lib/pkgconfig
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SLUICE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/sluice"
    CACHE STRING "Where sluiceConfig.cmake is installed, relative to the prefix")
mark_as_advanced(SLUICE_INSTALL_CMAKEDIR)

get_target_property(_sluice_type sluice TYPE)
if(_sluice_type STREQUAL "STATIC_LIBRARY")
  set(SLUICE_STATIC ON)
else()
  set(SLUICE_STATIC OFF)
endif()

# --- the dependencies a consumer must find ----------------------------------
# The exported link interface holds the public dependencies and, for a static
# library, the private ones as $<LINK_ONLY:...>. sluiceConfig.cmake.in finds
# nlohmann_json, Threads, librdkafka (cmake/SluiceRdKafka.cmake, installed
# beside it) and RocksDB by name; anything else that
# is added to the library later is found by the code generated here, so that
# the package keeps working without an edit of this file.
set(_sluice_known_deps nlohmann_json::nlohmann_json Threads::Threads
    RdKafka::rdkafka RocksDB::rocksdb PkgConfig::ROCKSDB)
set(SLUICE_EXTRA_DEPENDENCIES "")
set(_sluice_first_party "")
set(_sluice_seen "")
set(_sluice_pc_modules "")
set(_sluice_queue sluice)
while(_sluice_queue)
  list(POP_FRONT _sluice_queue _target)
  get_target_property(_links "${_target}" INTERFACE_LINK_LIBRARIES)
  if(NOT _links)
    continue()
  endif()
  foreach(_lib IN LISTS _links)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" _lib "${_lib}")
    if(_lib MATCHES "\\$<")
      continue()
    endif()
    # Imported targets found in a subdirectory are not visible here: a name
    # with "::" that is no target in this scope is taken as imported.
    set(_imported TRUE)
    if(TARGET "${_lib}")
      get_target_property(_aliased "${_lib}" ALIASED_TARGET)
      if(_aliased)
        set(_lib "${_aliased}")
      endif()
      get_target_property(_imported "${_lib}" IMPORTED)
    elseif(NOT _lib MATCHES "::")
      continue()  # a plain library name, path or flag is exported verbatim
    endif()
    if(_lib IN_LIST _sluice_known_deps OR _lib IN_LIST _sluice_seen)
      continue()
    endif()
    list(APPEND _sluice_seen "${_lib}")
    if(NOT _imported)
      # A first-party library (static helper, object library) joins the
      # export set, and its own dependencies are scanned in turn.
      list(APPEND _sluice_first_party "${_lib}")
      list(APPEND _sluice_queue "${_lib}")
    elseif(_lib MATCHES "^PkgConfig::(.+)$")
      set(_prefix "${CMAKE_MATCH_1}")
      set(_module "${${_prefix}_MODULE_NAME}")
      if(NOT _module)
        string(TOLOWER "${_prefix}" _module)
      endif()
      string(APPEND SLUICE_EXTRA_DEPENDENCIES
        "  _sluice_pkg_config(${_prefix} ${_module})\n")
      list(APPEND _sluice_pc_modules "${_module}")
    elseif(_lib MATCHES "^([^:]+)::")
      set(_package "${CMAKE_MATCH_1}")
      if(NOT "package:${_package}" IN_LIST _sluice_seen)
        list(APPEND _sluice_seen "package:${_package}")
        string(APPEND SLUICE_EXTRA_DEPENDENCIES
          "  find_dependency(${_package})\n")
      endif()
    endif()
  endforeach()
endwhile()

# The export references the real name of an aliased RocksDB::rocksdb (the
# pkg-config fallback in SluiceDependencies.cmake): then the config file must
# create PkgConfig::ROCKSDB rather than take RocksDB's CMake package.
set(SLUICE_ROCKSDB_VIA_PKGCONFIG OFF)
if(TARGET RocksDB::rocksdb)
  get_target_property(_aliased RocksDB::rocksdb ALIASED_TARGET)
  if(_aliased STREQUAL "PkgConfig::ROCKSDB")
    set(SLUICE_ROCKSDB_VIA_PKGCONFIG ON)
  endif()
endif()

# --- the library, its headers and the CMake package --------------------------
install(TARGETS sluice ${_sluice_first_party}
  EXPORT sluiceTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  OBJECTS DESTINATION "${CMAKE_INSTALL_LIBDIR}/sluice-objects"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/framework/include/sluice/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/sluice"
  FILES_MATCHING PATTERN "*.h")
install(EXPORT sluiceTargets
  NAMESPACE sluice::
  FILE sluiceTargets.cmake
  DESTINATION "${SLUICE_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/sluiceConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/sluiceConfig.cmake"
  INSTALL_DESTINATION "${SLUICE_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/sluiceConfig.cmake"
  "${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/SluiceRdKafka.cmake"
  DESTINATION "${SLUICE_INSTALL_CMAKEDIR}")

# --- pkg-config ----------------------------------------------------------------
# Relocatable: the prefix is found from the .pc file's own directory, so a
# `cmake --install --prefix` anywhere gives a working file.
set(_sluice_pcdir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${_sluice_pcdir}")
  set(SLUICE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _sluice_up "/sluice-root/${_sluice_pcdir}" "/sluice-root")
  string(REGEX REPLACE "/$" "" _sluice_up "${_sluice_up}")
  set(SLUICE_PC_PREFIX "\${pcfiledir}/${_sluice_up}")
endif()
foreach(_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
    set(SLUICE_PC_${_dir} "${CMAKE_INSTALL_${_dir}}")
  else()
    set(SLUICE_PC_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
  endif()
endforeach()
# A static libsluice needs its private dependencies on the link line too.
# Dependencies found with pkg_check_modules are added by themselves; add the
# module names of new CMake-package dependencies (spdlog, fmt, ...) here.
# librdkafka's module (rdkafka-static) lives in the prefix of its build, which
# a consumer's PKG_CONFIG_PATH need not hold: its flags are written out.
set(SLUICE_PC_REQUIRES "nlohmann_json")
set(SLUICE_PC_PRIVATE_REQUIRES "rocksdb")
set(SLUICE_PC_LIBS_PRIVATE "${SLUICE_RDKAFKA_LINK_FLAGS}")
if(SLUICE_STATIC)
  set(SLUICE_PC_REQUIRES "${SLUICE_PC_PRIVATE_REQUIRES} ${SLUICE_PC_REQUIRES}")
  set(SLUICE_PC_PRIVATE_REQUIRES "")
  set(SLUICE_PC_LIBS "${SLUICE_PC_LIBS_PRIVATE}")
  set(SLUICE_PC_LIBS_PRIVATE "")
endif()
list(REMOVE_DUPLICATES _sluice_pc_modules)
foreach(_module IN LISTS _sluice_pc_modules)
  string(APPEND SLUICE_PC_REQUIRES " ${_module}")
endforeach()
configure_file("${PROJECT_SOURCE_DIR}/cmake/sluice.pc.in"
               "${PROJECT_BINARY_DIR}/sluice.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/sluice.pc" DESTINATION "${_sluice_pcdir}")

unset(_sluice_type)
unset(_sluice_queue)
unset(_sluice_known_deps)
unset(_sluice_seen)
unset(_sluice_pc_modules)
