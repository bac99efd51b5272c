#!/bin/sh
# Builds main.cc with nothing but a compiler and pkg-config, then runs it.
#
#   PKG_CONFIG_PATH=/opt/sluice/lib/pkgconfig \
#     examples/consumer/build-with-pkg-config.sh [output-dir]
#
# CXX (default c++) and CXXFLAGS are honoured; a libsluice built with
# sanitizers needs the same -fsanitize flags in CXXFLAGS.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-.}
mkdir -p "$out"
flags=$(pkg-config --cflags --libs sluice)
echo "pkg-config --cflags --libs sluice: $flags"
# A shared libsluice outside the loader's path is found through the rpath.
rpath="-Wl,-rpath,$(pkg-config --variable=libdir sluice)"
# shellcheck disable=SC2086  # CXXFLAGS and flags are lists of words
${CXX:-c++} -std=c++20 ${CXXFLAGS:-} "$here/main.cc" -o "$out/consumer-pkg-config" \
  $flags "$rpath"
"$out/consumer-pkg-config"
