#!/bin/bash
# Tests docker/healthcheck.sh, the image's HEALTHCHECK command.
#
# Usage: healthcheck_test.sh HEALTHCHECK_SH TRAFFIC_PROCESSOR
#
#   - nothing listening on the port          -> unhealthy (exit 1)
#   - a server answering 200 / 503           -> healthy / unhealthy
#   - a server that accepts and never answers -> unhealthy within the timeout
#   - the real traffic-processor, starting (its broker does not answer, so it
#     stays in CREATED; /health is 200 then)  -> healthy
# The stub server is perl (perl-base is Essential in Debian).
set -euo pipefail

(($# == 2)) || { echo "usage: $0 HEALTHCHECK_SH TRAFFIC_PROCESSOR" >&2; exit 2; }
check=$1
processor=$2
# shellcheck source=../ops/ops_lib.sh
source "$(dirname "$0")/../ops/ops_lib.sh"  # wait_for, has_http_port
work=$(mktemp -d "${TMPDIR:-/tmp}/healthcheck-test.XXXXXX")
pids=()
# SIGKILL: traffic-processor honours SIGTERM only once start() returned,
# which here would take its 30 s startup timeout.
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
failures=0

# expect NAME WANT_RC PORT: runs the healthcheck and compares its exit code.
expect() {
  local name=$1 want=$2 port=$3 rc=0 start end
  start=$(date +%s%N)
  HEALTHCHECK_TIMEOUT=1 "$check" "$port" 2>"$work/stderr" || rc=$?
  end=$(date +%s%N)
  if [[ $rc == "$want" ]]; then
    printf 'ok   %-40s exit %s in %d ms %s\n' "$name" "$rc" $(((end - start) / 1000000)) \
      "$(head -c 120 "$work/stderr")"
  else
    printf 'FAIL %-40s exit %s, want %s; stderr: %s\n' "$name" "$rc" "$want" "$(cat "$work/stderr")"
    failures=$((failures + 1))
  fi
}

# stub MODE: starts a one-connection HTTP server on a free port and sets
# STUB_PORT. MODE is a status code to answer with, or "silent" (never answers).
stub() {
  local portfile="$work/port.$1"
  perl -MIO::Socket::INET -e '
    my ($mode, $portfile) = @ARGV;
    my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0,
                                  Listen => 1, ReuseAddr => 1) or die "listen: $!";
    open(my $f, ">", "$portfile.tmp") or die; print $f $s->sockport; close $f;
    rename("$portfile.tmp", $portfile);
    my $c = $s->accept or die;
    while (my $l = <$c>) { last if $l =~ /^\r?\n$/ }
    if ($mode eq "silent") { sleep 30; exit 0 }
    my $body = "{}";
    print $c "HTTP/1.1 $mode X\r\nContent-Length: " . length($body) .
             "\r\nConnection: close\r\n\r\n$body";
    close $c;' "$1" "$portfile" >/dev/null 2>"$work/stub.$1.err" &
  pids+=($!)
  for _ in $(seq 100); do
    [[ -s $portfile ]] && { STUB_PORT=$(<"$portfile"); return; }
    sleep 0.05
  done
  echo "stub server $1 did not start: $(cat "$work/stub.$1.err")" >&2
  exit 1
}

# A port nobody listens on: bind one, note it, close it.
free_port=$(perl -MIO::Socket::INET -e \
  'print IO::Socket::INET->new(LocalAddr=>"127.0.0.1",LocalPort=>0,Listen=>1)->sockport')
expect "nothing listening" 1 "$free_port"
stub 200 && expect "/health answers 200" 0 "$STUB_PORT"
stub 503 && expect "/health answers 503" 1 "$STUB_PORT"
stub silent && expect "accepts, never answers" 1 "$STUB_PORT"

# The real processor: HTTP on a free port, broker unreachable (it keeps trying
# for its startup timeout, 30 s, with /health 200 and state CREATED).
KAFKA_BROKERS=127.0.0.1:1 HEALTH_PORT=0 HTTP_HOST=0.0.0.0 \
  STATE_DIR="$work/state" "$processor" </dev/null >"$work/processor.log" 2>&1 &
pids+=($!)
# Up to 15 s: sanitizer builds start slower.
if ! wait_for 15 has_http_port "$work/processor.log"; then
  echo "FAIL traffic-processor logged no HTTP port:"
  cat "$work/processor.log"
  exit 1
fi
port=$(http_port_of "$work/processor.log")
expect "traffic-processor starting (HTTP_HOST=0.0.0.0)" 0 "$port"

if ((failures)); then
  echo "FAIL: $failures case(s)"
  exit 1
fi
echo "PASS"
