#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: unit,
# integration (embedded cluster), system (a real Apache Kafka that the ctest
# fixture starts with scripts/kafka-local.sh) and lint.
#
#   scripts/run-tests.sh                 # everything (the CI command)
#   scripts/run-tests.sh -L unit         # extra arguments go to ctest
#   SLUICE_PRESET=dev scripts/run-tests.sh   # ASan+UBSan build instead
#   SLUICE_FUZZ=0 scripts/run-tests.sh       # without the fuzz stage
# The fuzz stage (clang-14 libFuzzer targets under ASan+UBSan, preset
# `fuzz`, ctest label fuzz) runs after the main suite, and only when no
# extra ctest arguments were given; any finding fails the script.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
preset=${SLUICE_PRESET:-ci}

scripts/install-deps.sh
echo "== configure ($preset)"
cmake --preset "$preset" >/dev/null
echo "== build"
cmake --build --preset "$preset"
echo "== test"
ctest --preset "$preset" "$@"

# ---- fuzz stage (tests/fuzz, docs/reliability.md "Fuzzing") ----
if [[ ${SLUICE_FUZZ:-1} != 0 && $# -eq 0 ]]; then
  echo "== fuzz: configure, build, run (preset fuzz)"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
  ctest --preset fuzz
fi
