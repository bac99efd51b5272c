#!/usr/bin/env bash
# A real Prometheus scrapes a running traffic-processor (label system).
#
# Usage: prometheus_system_test.sh TRAFFIC_PROCESSOR TRAFFIC_GEN CREATE_TOPICS
# Needs SLUICE_TEST_BOOTSTRAP (the broker of the `kafka` ctest fixture).
#
# Creates its own topics, starts traffic-processor (exactly_once_v2, HTTP on
# a free port), produces N readings with traffic-gen, starts Prometheus
# (scrape interval 1 s, its own port and storage dir) and polls
# /api/v1/query?query=sum(traffic_readings_total) until it answers N; any
# other final value, or none within 60 s, fails. Every process it starts is
# stopped on exit (trap). Exit code 77 (ctest: skipped) only when the
# prometheus binary is missing.
set -euo pipefail

readonly PROCESSOR=$1 GEN=$2 CREATE_TOPICS=$3
readonly PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}
readonly N=${OPS_READINGS:-500}
readonly BOOTSTRAP=${SLUICE_TEST_BOOTSTRAP:?set SLUICE_TEST_BOOTSTRAP}
# shellcheck source=ops_lib.sh
source "$(dirname "$0")/ops_lib.sh"

if [[ ! -x "$PROMETHEUS" ]]; then
  echo "SKIP: $PROMETHEUS is missing (Debian package prometheus;" \
    "scripts/install-deps.sh --all installs it)"
  exit 77
fi

say() { echo "[$(date -u +%H:%M:%S)] $*"; }
fail() {
  say "FAIL: $*"
  for f in processor.log prometheus.log; do
    [[ -s "$work/$f" ]] && { echo "--- $f (tail)"; tail -n 30 "$work/$f"; }
  done
  exit 1
}

work=$(mktemp -d /tmp/ops-prometheus.XXXXXX)
processor_pid="" prometheus_pid=""
cleanup() {
  local code=$?
  set +e  # clean up everything, whatever fails
  [[ -n "$prometheus_pid" ]] && stop_pid "$prometheus_pid"
  [[ -n "$processor_pid" ]] && stop_pid "$processor_pid"
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

id="ops-prom-$$-$RANDOM"
say "topics $id-{raw,events,dlq,aggregates} on $BOOTSTRAP"
"$CREATE_TOPICS" "$BOOTSTRAP" 2 "$id-raw" "$id-events" "$id-dlq" \
  "$id-aggregates" || fail "cannot create topics"

"$PROCESSOR" --brokers "$BOOTSTRAP" --group-id "$id" --client-id "$id" \
  --input-topic "$id-raw" --output-topic "$id-events" \
  --dlq-topic "$id-dlq" --agg-topic "$id-aggregates" \
  --processing-guarantee exactly_once_v2 --state-dir "$work/state" \
  --http-host 127.0.0.1 --health-port 0 >"$work/processor.log" 2>&1 &
processor_pid=$!
wait_for 30 has_http_port "$work/processor.log" ||
  fail "traffic-processor did not log its HTTP port"
app_port=$(http_port_of "$work/processor.log")
wait_for 60 is_status 200 127.0.0.1 "$app_port" /ready ||
  fail "traffic-processor not ready on port $app_port"
say "traffic-processor RUNNING, HTTP on 127.0.0.1:$app_port"

prom_port=$(free_port) || fail "no free port for Prometheus"
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: traffic-processor
    static_configs:
      - targets: ['127.0.0.1:$app_port']
EOF
"$PROMETHEUS" --config.file="$work/prometheus.yml" \
  --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" \
  --log.level=warn >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
wait_for 30 is_status 200 127.0.0.1 "$prom_port" /-/ready ||
  fail "Prometheus not ready on port $prom_port"
say "Prometheus ready on 127.0.0.1:$prom_port"

say "producing $N readings"
"$GEN" --brokers "$BOOTSTRAP" --topic "$id-raw" --max "$N" --rate 0 \
  --seed 11 --quiet >"$work/gen.log" 2>&1 || {
  cat "$work/gen.log"
  fail "traffic-gen failed"
}

# The value of the instant query `sum(traffic_readings_total)`, or "".
query_value() {
  http_body 127.0.0.1 "$prom_port" \
    "/api/v1/query?query=sum%28traffic_readings_total%29" |
    sed -n 's/.*"value":\[[0-9.e+]*,"\([^"]*\)"\].*/\1/p'
}
value=""
deadline=$((SECONDS + 60))
while ((SECONDS < deadline)); do
  value=$(query_value)
  [[ "$value" == "$N" ]] && break
  sleep 0.5
done
up=$(http_body 127.0.0.1 "$prom_port" "/api/v1/query?query=up" |
  sed -n 's/.*"value":\[[0-9.e+]*,"\([^"]*\)"\].*/\1/p')
own=$(http_body 127.0.0.1 "$app_port" /metrics |
  sed -n 's/^traffic_readings_total \([0-9.e+]*\)$/\1/p')
say "Prometheus: sum(traffic_readings_total) = ${value:-<none>}," \
  "up = ${up:-<none>}; the instance's /metrics: ${own:-<none>}"
[[ "$up" == 1 ]] || fail "the scrape target is not up"
[[ "$value" == "$N" ]] ||
  fail "expected $N processed readings, Prometheus says '${value}'"
[[ "$own" == "$N" ]] || fail "the instance's own count is '${own}', not $N"

stop_pid "$processor_pid"
processor_pid=""
[[ "$stopped_code" == 0 ]] ||
  fail "traffic-processor exited with $stopped_code after SIGTERM"
say "PASS"
