# Use ccache when it is installed: rebuilds on 2 cores are dominated by
# recompiling unchanged translation units.
#
# base_dir makes the cache independent of where the tree is checked out:
# ccache rewrites absolute paths below the source root to relative ones
# before hashing, so a fresh clone in another folder (CI) reuses what a
# developer's tree compiled. hash_dir off keeps the build folder out of the
# hash of -g builds too (debug info then names the first tree's folder).
find_program(SLUICE_CCACHE ccache)
if(SLUICE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND};-E;env;CCACHE_BASEDIR=${CMAKE_SOURCE_DIR};CCACHE_NOHASHDIR=1;${SLUICE_CCACHE}")
endif()
