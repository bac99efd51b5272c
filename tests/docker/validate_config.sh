#!/bin/bash
# Validates the deployment files of docker/ with the tools that exist here
# (there is no Docker engine: nothing is built or started).
#
# Usage: validate_config.sh compose    docker/docker-compose.yml
#        validate_config.sh prometheus docker/prometheus/prometheus.yml
#
# compose:    `docker-compose config -q` (Compose v1, Debian's package), or
#             `docker compose config -q` (v2) when only that exists; any
#             warning (e.g. an unescaped $VAR) fails too. Then every bind-mount
#             source and build Dockerfile the resolved file names must exist.
# prometheus: `promtool check config`.
# Exit codes: 0 pass, 1 fail, 77 skipped (the tool is not installed;
# scripts/install-deps.sh --all installs docker-compose and prometheus).
set -euo pipefail
readonly SKIP=77

# Prints the first line of a command's output (the tool's version), without
# a pipe to head: its early exit would SIGPIPE the command under pipefail.
first_line() {
  local out
  out=$("$@" 2>&1) || true
  echo "${out%%$'\n'*}"
}

(($# == 2)) || { echo "usage: $0 compose|prometheus FILE" >&2; exit 2; }
mode=$1
file=$2
[[ -r $file ]] || { echo "FAIL: cannot read $file"; exit 1; }

case "$mode" in
  compose)
    if command -v docker-compose >/dev/null; then
      compose=(docker-compose)
    elif command -v docker >/dev/null && docker compose version >/dev/null 2>&1; then
      compose=(docker compose)
    else
      echo "SKIP: neither docker-compose nor 'docker compose' is installed"
      exit "$SKIP"
    fi
    first_line "${compose[@]}" version
    err=$(mktemp)
    trap 'rm -f "$err"' EXIT
    rc=0
    "${compose[@]}" -f "$file" config -q 2>"$err" || rc=$?
    if ((rc != 0)) || [[ -s $err ]]; then
      echo "FAIL: ${compose[*]} -f $file config -q: exit $rc"
      cat "$err"
      exit 1
    fi
    echo "ok   ${compose[*]} -f $file config -q: valid, no warnings"
    # Paths the resolved file refers to: "- /src:/dst[:mode]" (v1) or
    # "source: /src" (v2) for bind mounts; "context:" + "dockerfile:" builds.
    resolved=$("${compose[@]}" -f "$file" config 2>/dev/null)
    missing=0
    while read -r path; do
      if [[ -e $path ]]; then
        echo "ok   bind mount source $path exists"
      else
        echo "FAIL: bind mount source $path does not exist"
        missing=1
      fi
    done < <(sed -n -e 's/^ *- \(\/[^:]*\):.*/\1/p' -e 's/^ *source: \(\/.*\)$/\1/p' \
               <<<"$resolved" | sort -u)
    while read -r context dockerfile; do
      if [[ -f $context/$dockerfile ]]; then
        echo "ok   build $context/$dockerfile exists"
      else
        echo "FAIL: build file $context/$dockerfile does not exist"
        missing=1
      fi
    done < <(awk '/^ *context:/ {c=$2} /^ *dockerfile:/ {print c, $2}' <<<"$resolved" | sort -u)
    exit "$missing"
    ;;
  prometheus)
    command -v promtool >/dev/null || {
      echo "SKIP: promtool is not installed (Debian package prometheus)"
      exit "$SKIP"
    }
    first_line promtool --version
    promtool check config "$file"
    ;;
  *)
    echo "usage: $0 compose|prometheus FILE" >&2
    exit 2
    ;;
esac
