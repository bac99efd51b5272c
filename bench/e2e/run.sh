#!/usr/bin/env bash
# The end-to-end benchmark, in one command:
#
#   bench/e2e/run.sh [--quick] [--soak] [--brokers HOST:PORT] [--no-peers]
#                    [--no-docs] [--results-dir DIR] [-- DRIVER-OPTIONS...]
#
# Installs what is missing (scripts/install-deps.sh --bench), builds the
# release binaries (traffic-processor, e2e-passthrough, sluice-e2e), starts a
# local real Kafka (scripts/kafka-local.sh) unless --brokers names one, builds
# the peers (bench/peers/build.sh) when they exist, warms the broker up with
# one unreported passthrough scenario (not with --quick), and runs every
# scenario:
# traffic-processor, the librdkafka passthrough (the ceiling), the same
# program doing the traffic topology's Kafka I/O without its work (the
# io-ceiling), Kafka Streams and KafkaJS, under exactly_once_v2 and
# at_least_once, on the real broker and (sluice and the two ceilings) on the
# embedded mock cluster. Prints a table,
# writes results.json, report.txt and the contenders' logs to the results
# directory, and regenerates the "End to end" section of docs/performance.md.
#
#   --quick        small N, short phases, real broker only, no peers unless
#                  --peers, docs untouched unless --docs: about a minute
#   --soak         also 10 minutes of sluice at 50,000 records/s, RSS every 10 s,
#                  then 2 minutes of the passthrough at that rate (its ceiling)
#   --peers        run the peers in a quick run too
#   --no-peers     do not build or run the peers
#   --no-docs      leave docs/performance.md alone (the default with --quick)
#   --docs         regenerate it also after a --quick run
#   --brokers H:P  use this broker instead of starting one
#   --results-dir  default /tmp/sluice-bench-e2e/<UTC time>
#   -- ...         passed to sluice-e2e (see `sluice-e2e --help`), e.g.
#                  -- --records 500000 --only sluice --only passthrough
#
# Environment: SLUICE_BENCH_BUILD_DIR (default build/bench, the `bench`
# preset's directory), SLUICE_KAFKA_PORT (default 19292), SLUICE_KAFKA_DIR
# (default /tmp/sluice-bench-kafka) and SLUICE_KAFKA_SEGMENT_BYTES (default
# 128 MiB) for the broker it starts, which it stops and wipes at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${SLUICE_BENCH_BUILD_DIR:-$ROOT/build/bench}
export SLUICE_KAFKA_PORT=${SLUICE_KAFKA_PORT:-19292}
export SLUICE_KAFKA_DIR=${SLUICE_KAFKA_DIR:-/tmp/sluice-bench-kafka}
# 1 MiB segments (the test default) would need tens of thousands of files
# for the soak's ~10 GB: more than the broker's descriptor limit.
export SLUICE_KAFKA_SEGMENT_BYTES=${SLUICE_KAFKA_SEGMENT_BYTES:-134217728}

quick=0 soak=0 peers=auto docs=auto brokers="" results=""
driver_args=()
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --soak) soak=1 ;;
    --peers) peers=1 ;;
    --no-peers) peers=0 ;;
    --no-docs) docs=0 ;;
    --docs) docs=1 ;;
    --brokers) brokers=${2:?--brokers needs HOST:PORT}; shift ;;
    --results-dir) results=${2:?--results-dir needs a directory}; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    --) shift; driver_args=("$@"); break ;;
    *) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $peers == auto ]] && peers=$((quick ? 0 : 1))
[[ $docs == auto ]] && docs=$((quick ? 0 : 1))
results=${results:-/tmp/sluice-bench-e2e/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"

say() { echo "run.sh: $*" >&2; }

"$ROOT/scripts/install-deps.sh" --bench

say "building release binaries in $BUILD_DIR"
if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DSLUICE_BUILD_BENCH=ON -DSLUICE_BUILD_TESTS=OFF >"$results/cmake.log"
fi
cmake --build "$BUILD_DIR" -j2 \
  --target traffic-processor e2e-passthrough sluice-e2e >"$results/build.log" ||
  { tail -30 "$results/build.log" >&2; exit 1; }

KAFKA="$ROOT/scripts/kafka-local.sh"
if [[ -z $brokers ]]; then
  if "$KAFKA" status >/dev/null 2>&1; then
    say "a broker already runs in $SLUICE_KAFKA_DIR: using it (not stopping it)"
    brokers=$("$KAFKA" status | tail -1)
  else
    brokers=$("$KAFKA" start | tail -1)
    trap '"$KAFKA" stop --wipe >/dev/null 2>&1 || true' EXIT
  fi
fi
kafka_version=$(sed -n 's/^DEFAULT_KAFKA_VERSION=\([^ ]*\).*/\1/p' "$KAFKA")
broker="Apache Kafka ${SLUICE_KAFKA_VERSION:-$kafka_version} (KRaft, 1 broker on the same machine)"

peer_args=()
PEERS="$ROOT/bench/peers"
if ((peers)); then
  if [[ -x $PEERS/build.sh ]]; then
    say "building the peers (bench/peers/build.sh; log in $results/peers-build.log)"
    if "$PEERS/build.sh" >"$results/peers-build.log" 2>&1; then
      built=1
    else
      built=0
      say "the peers did not build: see $results/peers-build.log"
    fi
  else
    built=0
  fi
  for peer in kafka-streams kafkajs; do
    script="$PEERS/run-$peer.sh"
    if ((built)) && [[ -x $script ]]; then
      peer_args+=(--peer "$peer=$script")
    elif [[ -x $script ]]; then
      peer_args+=(--peer-unavailable "$peer=bench/peers/build.sh failed")
    fi
  done
else
  peer_args+=(--only passthrough --only io-ceiling --only sluice)
fi

mode_args=()
((quick)) && mode_args+=(--quick)
((soak)) && mode_args+=(--soak)
((docs)) && mode_args+=(--docs "$ROOT/docs/performance.md")
command="bench/e2e/run.sh"
((quick)) && command+=" --quick"
((soak)) && command+=" --soak"
((${#driver_args[@]})) && command+=" -- ${driver_args[*]}"

"$BUILD_DIR/bench/e2e/sluice-e2e" \
  --brokers "$brokers" --broker-version "$broker" \
  --processor "$BUILD_DIR/apps/traffic/traffic-processor" \
  --passthrough "$BUILD_DIR/bench/e2e/e2e-passthrough" \
  --results-dir "$results" --command "$command" \
  "${mode_args[@]}" "${peer_args[@]}" "${driver_args[@]}"
