#!/usr/bin/env bash
# Installs the Debian packages sluice needs, and only those that are missing,
# then builds librdkafka into the cache (scripts/build-librdkafka.sh).
#
# Usage: scripts/install-deps.sh [--runtime | --bench | --all] [--dry-run] [--list]
#
#   --runtime  what the library and the apps need to build and run
#              (configure with -DSLUICE_BUILD_TESTS=OFF: no GoogleTest)
#   --bench    --runtime plus Google Benchmark
#   --all      (default) everything needed to build and run every test:
#              GoogleTest, clang tools and sanitizer runtimes, promtool,
#              Java + Maven (a real Kafka for system tests), docker-compose
#   --dry-run  print the missing packages and the command, install nothing
#   --list     print the packages of the chosen group, one a line, and exit
#
# Idempotent: each package is checked with dpkg-query; when everything is
# present it prints "all dependencies present" and does not touch apt.
# When something is missing it runs `apt-get update` once, then one
# `apt-get install -y --no-install-recommends` with the missing packages.
# Runs as root, or through sudo when it exists. Targets Debian 12 (bookworm).
# librdkafka is built as the calling user, once: ~20 s of compiling on two
# cores the first time, nothing afterwards.
set -euo pipefail

# What the library and the apps need to build and run.
readonly RUNTIME_PACKAGES=(
  g++ make cmake pkg-config ccache
  librocksdb-dev nlohmann-json3-dev
  libcli11-dev libspdlog-dev libcpp-httplib-dev prometheus-cpp-dev
  libsimdjson-dev libjemalloc-dev
  # librdkafka, built from source by scripts/build-librdkafka.sh: its
  # download and the libraries its build uses (SSL, SASL, compression).
  curl ca-certificates libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev
)
# Micro-benchmarks (bench/, SLUICE_BUILD_BENCH=ON).
readonly BENCH_PACKAGES=(libbenchmark-dev)
# Everything else the test suites and the developer tooling use.
readonly TEST_PACKAGES=(
  git
  libgtest-dev libgmock-dev
  clang-14 libclang-rt-14-dev clang-tidy clang-format
  prometheus                               # promtool checks /metrics output
  openjdk-17-jre-headless maven            # a real Kafka (scripts/kafka-local.sh)
  docker-compose                           # validates docker/docker-compose.yml
)

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

group=all
dry_run=0
list_only=0
for arg in "$@"; do
  case "$arg" in
    --runtime) group=runtime ;;
    --bench) group=bench ;;
    --all) group=all ;;
    --dry-run|-n) dry_run=1 ;;
    --list) list_only=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-deps: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

packages=("${RUNTIME_PACKAGES[@]}")
case "$group" in
  bench) packages+=("${BENCH_PACKAGES[@]}") ;;
  all) packages+=("${BENCH_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
esac

if ((list_only)); then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  echo "install-deps: needs dpkg-query and apt-get (Debian 12); install by hand:" >&2
  printf '  %s\n' "${packages[@]}" >&2
  exit 1
fi

# One dpkg-query for all packages; unknown ones are reported on stderr only.
declare -A installed=()
while read -r name status; do
  [[ "$status" == ii* ]] && installed["$name"]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" \
           2>/dev/null || true)

missing=()
for p in "${packages[@]}"; do
  [[ -n "${installed[$p]:-}" ]] || missing+=("$p")
done

build_librdkafka="$(dirname "${BASH_SOURCE[0]}")/build-librdkafka.sh"

if ((${#missing[@]} == 0)); then
  echo "install-deps: all dependencies present (${group}: ${#packages[@]} packages)"
  if ((dry_run)); then
    echo "install-deps: would run: $build_librdkafka"
    exit 0
  fi
  exec "$build_librdkafka"
fi

echo "install-deps: missing (${group}): ${missing[*]}"
install_cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if ((dry_run)); then
  echo "install-deps: would run: apt-get update && ${install_cmd[*]}"
  echo "install-deps: would run: $build_librdkafka"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: not root and sudo is not installed; run as root:" >&2
    echo "  ${install_cmd[*]}" >&2
    exit 1
  fi
fi
as_root() { "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive "$@"; }

# Don't let package scripts start daemons (e.g. a prometheus server) on
# machines without a policy of their own (containers, CI).
policy=/usr/sbin/policy-rc.d
if [[ ! -e "$policy" ]]; then
  as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  trap 'as_root rm -f "$policy"' EXIT
fi

echo "install-deps: installing: ${missing[*]}"
as_root apt-get update -q
as_root "${install_cmd[@]}"
echo "install-deps: packages installed"
"$build_librdkafka"
echo "install-deps: done"
