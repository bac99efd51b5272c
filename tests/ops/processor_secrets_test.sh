#!/usr/bin/env bash
# traffic-processor keeps secrets out of its log and /stats, and listens
# where it is told (label integration: the real binary, no broker).
#
# Usage: processor_secrets_test.sh TRAFFIC_PROCESSOR EXAMPLE_CONFIG_DIR
#
# 1. SASL settings from a --kafka-config file and KAFKA_SASL_* variables,
#    a broker address where nothing listens, --http-host ::1 (127.0.0.2
#    without IPv6): while the instance waits for the cluster, /stats (there
#    only, not on 127.0.0.1) shows the configuration with "[redacted]" secrets; it then
#    exits 1, and no log line contains a secret.
# 2. An address it cannot bind, and a secret with a control character:
#    exit code 2 and one line, without the secret.
# 3. The example files of apps/traffic/config are accepted.
set -euo pipefail

readonly PROCESSOR=$1 EXAMPLES=$2
# shellcheck source=ops_lib.sh
source "$(dirname "$0")/ops_lib.sh"

work=$(mktemp -d /tmp/ops-secrets.XXXXXX)
pid=""
cleanup() {
  local code=$?
  set +e  # clean up everything, whatever fails
  [[ -n "$pid" ]] && stop_pid "$pid"
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

failures=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    echo "ok: $what"
  else
    echo "FAIL: $what"
    failures=$((failures + 1))
  fi
}
contains() { [[ "$1" == *"$2"* ]]; }
lacks() { [[ "$1" != *"$2"* ]]; }

readonly FILE_SECRET=FileSecret-4711 ENV_SECRET=EnvSecret-0815
readonly KEY_SECRET=KeyPass-2342 USER=svc-traffic
cat >"$work/kafka.properties" <<EOF
# what an operator writes for a SASL cluster
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.username=$USER
sasl.password=$FILE_SECRET
ssl.key.password=$KEY_SECRET
startup.timeout.ms=4000
EOF

# --- 1. a running instance --------------------------------------------------
# ::1 where the machine has IPv6 (containers may not), else 127.0.0.2.
host=127.0.0.2
grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null && host=::1
KAFKA_SASL_PASSWORD=$ENV_SECRET KAFKA_CONFIG_FILE="$work/kafka.properties" \
  "$PROCESSOR" --brokers 127.0.0.1:1 --group-id "ops-secrets-$$" \
  --state-dir "$work/state" --http-host "$host" --health-port 0 \
  --log-format json >"$work/log" 2>&1 &
pid=$!
wait_for 20 has_http_port "$work/log" || {
  cat "$work/log"
  echo "FAIL: no HTTP line"
  exit 1
}
port=$(http_port_of "$work/log")
stats=$(http_body "$host" "$port" /stats)
echo "/stats: $stats"
check "/stats answers on $host" contains "$stats" '"messagesProcessed"'
check "/stats shows the configuration" \
  contains "$stats" '"security.protocol":"SASL_PLAINTEXT"'
check "/stats redacts sasl.password" \
  contains "$stats" '"sasl.password":"[redacted]"'
check "/stats redacts ssl.key.password" \
  contains "$stats" '"ssl.key.password":"[redacted]"'
for secret in "$FILE_SECRET" "$ENV_SECRET" "$KEY_SECRET" "$USER"; do
  check "/stats lacks $secret" lacks "$stats" "$secret"
done
check "nothing answers on 127.0.0.1:$port" \
  test "$(http_status 127.0.0.1 "$port" /health)" = 000

code=0
wait "$pid" || code=$?
pid=""
echo "exit code $code; log:"
cat "$work/log"
log=$(cat "$work/log")
check "no broker: exit code 1" test "$code" = 1
check "the log shows the configuration" \
  contains "$log" 'sasl.password=[redacted]'
for secret in "$FILE_SECRET" "$ENV_SECRET" "$KEY_SECRET" "$USER"; do
  check "the log lacks $secret" lacks "$log" "$secret"
done

# --- 2. configuration errors: exit code 2, one line --------------------------
run_to_end() {  # ARGS...: the program's output into $out; returns its code
  local rc=0
  out=$("$PROCESSOR" "$@" 2>&1) || rc=$?
  return "$rc"
}
out=""
rc=0
run_to_end --http-host 192.0.2.7 || rc=$?
echo "--http-host 192.0.2.7: $rc: $out"
check "unbindable address: exit code 2" test "$rc" = 2
check "unbindable address: one line naming HTTP_HOST" \
  test "$(wc -l <<<"$out")" = 1 -a -n "$(grep HTTP_HOST <<<"$out")"
rc=0
run_to_end --http-host 'no such host.invalid' || rc=$?
echo "--http-host 'no such host.invalid': $rc: $out"
check "unresolvable address: exit code 2" test "$rc" = 2

printf 'sasl.password=%s\\r\n' "$FILE_SECRET" >"$work/crlf.properties"
rc=0
run_to_end --kafka-config "$work/crlf.properties" || rc=$?
echo "secret with a CR: $rc: $out"
check "secret with a CR: exit code 2" test "$rc" = 2
check "secret with a CR: one line naming the key" \
  test "$(wc -l <<<"$out")" = 1 -a -n "$(grep "'sasl.password'" <<<"$out")"
check "secret with a CR: the secret is not shown" lacks "$out" "$FILE_SECRET"

# --- 3. the example configurations -------------------------------------------
for example in "$EXAMPLES"/*.properties; do
  rc=0
  run_to_end --kafka-config "$example" --print-topology || rc=$?
  check "$(basename "$example") is accepted" test "$rc" = 0
  [[ "$rc" == 0 ]] || echo "$out"
done

((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
echo PASS
