# shellcheck shell=bash
# shellcheck disable=SC2034  # stopped_code is read by the sourcing scripts
# Shared by the tests/ops scripts and tests/docker/healthcheck_test.sh
# (sourced, not run). Bash only: no curl or jq needed.

# _http_get_raw HOST PORT PATH: the response of an HTTP/1.0 GET, as is.
_http_get_raw() {
  exec 3<>"/dev/tcp/$1/$2" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' \
    "$3" "$1" >&3
  cat <&3
}
export -f _http_get_raw

# http_get HOST PORT PATH: prints the status code on the first line and the
# body after it; fails when nothing answers within 5 s.
http_get() {
  local response status
  response=$(timeout 5 bash -c '_http_get_raw "$@"' _ "$@" 2>/dev/null) ||
    return 1
  [[ -n "$response" ]] || return 1
  status=${response%%$'\r'*}   # HTTP/1.1 200 OK
  status=${status#* }
  printf '%s\n%s\n' "${status%% *}" "${response#*$'\r\n\r\n'}"
}

# http_status HOST PORT PATH: the status code, or 000.
http_status() {
  local out
  out=$(http_get "$@") || { echo 000; return; }
  echo "${out%%$'\n'*}"
}

# http_body HOST PORT PATH: the body (empty when nothing answers).
http_body() {
  local out
  out=$(http_get "$@") || return 0
  echo "${out#*$'\n'}"
}

# wait_for SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds;
# fails after SECONDS. COMMAND is run anew each time: give a function (e.g.
# is_status), not a "$(...)" expanded once.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# is_status CODE HOST PORT PATH: true when GET PATH answers CODE.
is_status() {
  [[ "$(http_status "$2" "$3" "$4")" == "$1" ]]
}

# has_http_port FILE: true once traffic-processor logged its HTTP port.
has_http_port() {
  [[ -n "$(http_port_of "$1")" ]]
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# stop_pid PID: SIGTERM, up to 20 s, then SIGKILL; reaps it and sets
# stopped_code to its exit code. Call it directly, not in "$(...)": only
# this shell can reap its children.
stopped_code=""
stop_pid() {
  local pid=$1
  stopped_code=0
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || stopped_code=$?
}

# The port from traffic-processor's "HTTP on HOST:PORT" log line in FILE;
# empty while FILE does not exist yet (a background job opens its log only
# once it is scheduled).
http_port_of() {
  [[ -f $1 ]] || return 0
  sed -n 's/.*HTTP on .*:\([0-9][0-9]*\) (.*/\1/p' "$1" | head -n 1
}
