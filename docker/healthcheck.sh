#!/bin/bash
# The container's HEALTHCHECK: exit 0 if and only if GET /health on this
# container's HTTP port answers "200" within the timeout.
#
# Usage: healthcheck.sh [PORT]   (default: $HEALTH_PORT, else 3001)
#
# bash's /dev/tcp is used instead of curl or wget so that the runtime image
# needs no HTTP client (curl alone would add libcurl4 and a dozen libraries
# the processor never links). traffic-processor answers 503 on /health once
# the instance is in ERROR or stopped, and nothing at all before its HTTP
# server is up: both are "unhealthy" here. The processor must listen on
# 127.0.0.1 too, i.e. HTTP_HOST is 0.0.0.0 (the image's default) or 127.0.0.1.
set -u
port=${1:-${HEALTH_PORT:-3001}}
timeout_s=${HEALTHCHECK_TIMEOUT:-4}

{ exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || {
  echo "healthcheck: nothing listens on 127.0.0.1:${port}" >&2
  exit 1
}
printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
if ! IFS=' ' read -r -t "$timeout_s" _ status _ <&3; then
  echo "healthcheck: no answer from 127.0.0.1:${port} in ${timeout_s}s" >&2
  exit 1
fi
exec 3<&-
if [[ $status != 200 ]]; then
  echo "healthcheck: /health answered ${status:-nothing}" >&2
  exit 1
fi
