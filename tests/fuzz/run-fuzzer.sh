#!/usr/bin/env bash
# Runs one fuzz target for a bounded time (ctest's fuzz.* entries).
#   run-fuzzer.sh <fuzzer> <work corpus dir> <seed corpus dir> [libFuzzer flags]
# The work directory is emptied first and receives the inputs libFuzzer finds;
# the seed corpus (checked in) is only read. Exits non-zero on any crash,
# sanitizer report, leak, timeout or out-of-memory, whose input libFuzzer
# saves under <work>/../artifacts-<name>/.
set -euo pipefail
fuzzer=$1 work=$2 seeds=$3
shift 3
artifacts="$(dirname "$work")/artifacts-$(basename "$work")"
rm -rf "$work"
mkdir -p "$work" "$artifacts"
exec "$fuzzer" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -max_len=4096 -artifact_prefix="$artifacts/" "$@" "$work" "$seeds"
