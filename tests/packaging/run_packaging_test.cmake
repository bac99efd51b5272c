# One step of the packaging test; see CMakeLists.txt beside this file.
#
#   cmake -DMODE=<install|cmake_consumer|pkg_config_consumer>
#         -DSOURCE_DIR=<repo> -DBUILD_DIR=<build tree> -DWORK_DIR=<scratch>
#         [-DCONFIG=<cfg>] [-DCXX_COMPILER=...] [-DCXX_COMPILER_LAUNCHER=...]
#         [-DCXX_FLAGS=...] [-DEXE_LINKER_FLAGS=...]
#         -P run_packaging_test.cmake
cmake_minimum_required(VERSION 3.25)

foreach(_var MODE SOURCE_DIR BUILD_DIR WORK_DIR)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_packaging_test.cmake: -D${_var}=... is required")
  endif()
endforeach()
set(_prefix "${WORK_DIR}/prefix")

# Runs a command, echoing it; fails the test when it fails.
function(run)
  cmake_parse_arguments(ARG "" "WORKING_DIRECTORY" "" ${ARGN})
  list(JOIN ARG_UNPARSED_ARGUMENTS " " _line)
  message(STATUS "$ ${_line}")
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY "${WORK_DIR}")
  endif()
  execute_process(COMMAND ${ARG_UNPARSED_ARGUMENTS}
    WORKING_DIRECTORY "${ARG_WORKING_DIRECTORY}"
    RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "command failed (${_rc}): ${_line}")
  endif()
endfunction()

function(require_exists)
  foreach(_path IN LISTS ARGN)
    if(NOT EXISTS "${_prefix}/${_path}")
      message(FATAL_ERROR "not installed: ${_prefix}/${_path}")
    endif()
  endforeach()
endfunction()

# The first installed file whose path under the prefix matches `regex`; the
# library directory is lib/ or lib/<multiarch>/ (GNUInstallDirs).
function(find_installed out_var regex)
  file(GLOB_RECURSE _files LIST_DIRECTORIES false RELATIVE "${_prefix}"
       "${_prefix}/*")
  list(FILTER _files INCLUDE REGEX "^${regex}$")
  if(NOT _files)
    message(FATAL_ERROR "not installed: ${_prefix}/${regex}")
  endif()
  list(GET _files 0 _first)
  set(${out_var} "${_prefix}/${_first}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(MAKE_DIRECTORY "${WORK_DIR}")
  set(_config_args "")
  if(CONFIG)
    set(_config_args --config "${CONFIG}")
  endif()
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${_prefix}"
      ${_config_args})
  require_exists(include/sluice/status.h)
  find_installed(_config "lib[^/]*(/[^/]+)?/cmake/sluice/sluiceConfig\\.cmake")
  find_installed(_version
    "lib[^/]*(/[^/]+)?/cmake/sluice/sluiceConfigVersion\\.cmake")
  find_installed(_targets "lib[^/]*(/[^/]+)?/cmake/sluice/sluiceTargets\\.cmake")
  find_installed(_pc "lib[^/]*(/[^/]+)?/pkgconfig/sluice\\.pc")
  find_installed(_lib "lib[^/]*(/[^/]+)?/libsluice\\.(a|so)")
  message(STATUS "installed ${_lib}, ${_config}, ${_pc}")

elseif(MODE STREQUAL "cmake_consumer")
  set(_build "${WORK_DIR}/cmake-consumer")
  file(REMOVE_RECURSE "${_build}")
  set(_cache_args
    "-DCMAKE_PREFIX_PATH=${_prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    "-DCMAKE_BUILD_TYPE=${CONFIG}"
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}")
  if(CXX_COMPILER)
    list(APPEND _cache_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
  endif()
  if(CXX_COMPILER_LAUNCHER)
    list(APPEND _cache_args
      "-DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER}")
  endif()
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/consumer" -B "${_build}"
      ${_cache_args})
  # The package must come from the fresh install, not from the system.
  file(STRINGS "${_build}/CMakeCache.txt" _dir REGEX "^sluice_DIR:")
  string(REGEX REPLACE "^sluice_DIR:[A-Z]*=" "" _dir "${_dir}")
  string(FIND "${_dir}" "${_prefix}/" _at)
  if(NOT _at EQUAL 0)
    message(FATAL_ERROR "find_package(sluice) used ${_dir}, not ${_prefix}")
  endif()
  run("${CMAKE_COMMAND}" --build "${_build}")
  run("${_build}/consumer")

elseif(MODE STREQUAL "pkg_config_consumer")
  find_installed(_pc "lib[^/]*(/[^/]+)?/pkgconfig/sluice\\.pc")
  get_filename_component(_pcdir "${_pc}" DIRECTORY)
  set(_out "${WORK_DIR}/pkg-config-consumer")
  file(REMOVE_RECURSE "${_out}")
  set(ENV{PKG_CONFIG_PATH} "${_pcdir}")
  set(ENV{CXX} "${CXX_COMPILER}")
  set(ENV{CXXFLAGS} "${CXX_FLAGS} ${EXE_LINKER_FLAGS}")
  execute_process(COMMAND pkg-config --cflags sluice
    OUTPUT_VARIABLE _cflags OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _rc)
  string(FIND "${_cflags}" "${_prefix}/" _at)
  if(NOT _rc EQUAL 0 OR _at EQUAL -1)
    message(FATAL_ERROR "pkg-config --cflags sluice gave '${_cflags}' "
                        "(exit ${_rc}); expected a path under ${_prefix}")
  endif()
  run(sh "${SOURCE_DIR}/examples/consumer/build-with-pkg-config.sh" "${_out}")

else()
  message(FATAL_ERROR "run_packaging_test.cmake: unknown MODE '${MODE}'")
endif()
