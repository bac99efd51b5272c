#!/usr/bin/env bash
# A real Apache Kafka cluster (KRaft mode) on 127.0.0.1 for sluice's system tests and
# local runs. Kafka's jars come from Maven Central through Maven (scripts/kafka/pom.xml)
# into a cache outside the source tree. Run with --help for commands and settings.
set -euo pipefail

PROG=${0##*/}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
POM="$SCRIPT_DIR/kafka/pom.xml"
HOST=127.0.0.1

DEFAULT_KAFKA_VERSION=4.4.0 # keep in step with kafka.version in kafka/pom.xml
KAFKA_VERSION=${SLUICE_KAFKA_VERSION:-$DEFAULT_KAFKA_VERSION}
CACHE_DIR=${SLUICE_CACHE_DIR:-${HOME:?HOME is not set: set SLUICE_CACHE_DIR}/.cache/sluice}
KAFKA_DIR=${SLUICE_KAFKA_DIR:-/tmp/sluice-kafka}
BASE_PORT=${SLUICE_KAFKA_PORT:-19092}
START_TIMEOUT=${SLUICE_KAFKA_START_TIMEOUT:-90}
STOP_TIMEOUT=${SLUICE_KAFKA_STOP_TIMEOUT:-30}
HEAP=${SLUICE_KAFKA_HEAP:-768m}
SEGMENT_BYTES=${SLUICE_KAFKA_SEGMENT_BYTES:-1048576}
EXTRA_JAVA_OPTS=${SLUICE_KAFKA_JAVA_OPTS:-}

KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME/libs"
MARKER="$KAFKA_HOME/.complete"
CONF="$KAFKA_DIR/cluster.conf"
DIR_MARKER="$KAFKA_DIR/.sluice-kafka"
JAVA=""
APT_UPDATED=0

usage() {
  cat <<EOF
Usage: $PROG COMMAND [OPTIONS]

Runs a real Apache Kafka $KAFKA_VERSION cluster (KRaft mode, no ZooKeeper) on $HOST only,
for sluice's system tests and local runs. Human-readable messages go to stderr.

Commands:
  fetch                   Install a Java 17+ runtime and Maven from Debian's packages if
                          missing, then download Kafka's jars from Maven Central with Maven
                          into the cache. Does nothing when the cache is already complete.
  start [--brokers 1|3]   Fetch if needed, format storage on first use and start the cluster
                          in the background; wait until it answers a metadata request.
                          1 (default): one combined broker+controller, PLAINTEXT on PORT,
                          controller on PORT+1. 3: three combined nodes (3-voter quorum),
                          brokers on PORT..PORT+2, controllers on PORT+3..PORT+5, internal
                          topics with replication factor 3 and min ISR 2.
                          Already running: says so and succeeds. Prints the bootstrap
                          servers on stdout as its last line. On failure prints the tail of
                          the broker log(s), stops what it started and exits non-zero.
  stop [--wipe]           SIGTERM, wait up to SLUICE_KAFKA_STOP_TIMEOUT s, then SIGKILL.
                          Keeps the data unless --wipe, which deletes SLUICE_KAFKA_DIR.
  status                  Exit 0 and print the bootstrap servers if every node runs and the
                          cluster answers; exit 1 otherwise.
  logs [-n N] [-f]        Last N (default 40) lines of each node's server.log; -f follows.
  bootstrap [--brokers N] Print the bootstrap servers (of the cluster in SLUICE_KAFKA_DIR if
                          one was started there, else for N brokers on SLUICE_KAFKA_PORT).
  batches TOPIC PARTITION Print one partition's record batches as stored on each node's disk
                          (Kafka's DumpLogSegments), a line each: offsets, record count,
                          producer id and epoch, sequence numbers, transactional or not, and
                          the marker (COMMIT or ABORT) of each control batch. For telling
                          how an exactly-once failure came about; works while it runs.
  help, -h, --help        This text.

Environment:
  SLUICE_KAFKA_VERSION        Kafka version to fetch and run (default $DEFAULT_KAFKA_VERSION)
  SLUICE_CACHE_DIR            jar cache (default \$HOME/.cache/sluice; jars go to
                              kafka-VERSION/libs inside it; Maven also keeps ~/.m2)
  SLUICE_KAFKA_DIR            data, configs, logs and pid files (default /tmp/sluice-kafka)
  SLUICE_KAFKA_PORT           first broker port (default 19092)
  SLUICE_KAFKA_START_TIMEOUT  seconds to wait for the cluster to answer (default 90)
  SLUICE_KAFKA_STOP_TIMEOUT   seconds to wait for exit after SIGTERM (default 30)
  SLUICE_KAFKA_HEAP           max heap of each broker JVM (default 768m)
  SLUICE_KAFKA_SEGMENT_BYTES  log.segment.bytes (default 1048576: small, for tests;
                              long benchmarks need more, or the broker runs out
                              of file descriptors)
  SLUICE_KAFKA_JAVA_OPTS      extra JVM options for the brokers
  JAVA_HOME                   Java to use, if it is 17 or newer

Example:
  BOOTSTRAP=\$($PROG start)    # e.g. $HOST:$BASE_PORT
  ...
  $PROG stop --wipe
EOF
}

# Seconds (one decimal) since a start time taken from $EPOCHREALTIME.
elapsed() {
  local now=${EPOCHREALTIME//[!0-9]/} then=${1//[!0-9]/}
  local tenths=$(((now - then) / 100000))
  printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { say "error: $*"; exit 1; }

validate_settings() {
  [[ $KAFKA_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "SLUICE_KAFKA_VERSION='$KAFKA_VERSION' is not a version like 4.4.0"
  local name value
  for name in SLUICE_KAFKA_PORT SLUICE_KAFKA_START_TIMEOUT SLUICE_KAFKA_STOP_TIMEOUT \
    SLUICE_KAFKA_SEGMENT_BYTES; do
    case $name in
      SLUICE_KAFKA_PORT) value=$BASE_PORT ;;
      SLUICE_KAFKA_SEGMENT_BYTES) value=$SEGMENT_BYTES ;;
      SLUICE_KAFKA_START_TIMEOUT) value=$START_TIMEOUT ;;
      *) value=$STOP_TIMEOUT ;;
    esac
    [[ $value =~ ^[0-9]+$ ]] || die "$name='$value' is not a whole number"
  done
  ((BASE_PORT >= 1024 && BASE_PORT + 5 <= 65535)) ||
    die "SLUICE_KAFKA_PORT=$BASE_PORT: need 1024 <= port and port+5 <= 65535"
  [[ $KAFKA_DIR == /* && $KAFKA_DIR != / ]] ||
    die "SLUICE_KAFKA_DIR='$KAFKA_DIR' must be an absolute path other than /"
}

# --- Tools: Java 17+ and Maven from Debian's packages ------------------------------------

apt_install() {
  ((EUID == 0)) || die "missing Debian package(s) $*: run 'sudo apt-get install $*'"
  if ((APT_UPDATED == 0)); then
    say "running apt-get update"
    apt-get update -qq >&2
    APT_UPDATED=1
  fi
  say "installing Debian package(s): $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

java_major() {
  "$1" -version 2>&1 | sed -n '1s/.* version "\([0-9]*\).*/\1/p'
}

# Sets JAVA to a java of version 17 or newer, installing openjdk-17-jre-headless if none.
need_java() {
  [[ -n $JAVA ]] && return 0
  local candidate major attempt
  local -a candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=("$(command -v java || true)" /usr/lib/jvm/java-17-openjdk-*/bin/java)
  for attempt in 1 2; do
    for candidate in "${candidates[@]}"; do
      [[ -n $candidate && -x $candidate ]] || continue
      major=$(java_major "$candidate")
      if [[ -n $major ]] && ((major >= 17)); then
        JAVA=$candidate
        return 0
      fi
    done
    ((attempt == 1)) || break
    say "no Java 17 or newer found"
    apt_install openjdk-17-jre-headless
    candidates=(/usr/lib/jvm/java-17-openjdk-*/bin/java)
  done
  die "could not find a Java 17+ runtime after installing openjdk-17-jre-headless"
}

need_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  say "Maven (mvn) not found"
  apt_install maven
  command -v mvn >/dev/null 2>&1 || die "installed Debian's maven, but mvn is still not on PATH"
}

# --- fetch --------------------------------------------------------------------------------

pom_digest() { sha256sum "$POM" | cut -d' ' -f1; }

cache_complete() {
  [[ -f $MARKER && -f $LIBS/kafka_2.13-$KAFKA_VERSION.jar ]] &&
    [[ $(<"$MARKER") == "$KAFKA_VERSION $(pom_digest)" ]]
}

cmd_fetch() {
  [[ -f $POM ]] || die "missing $POM"
  if cache_complete; then
    [[ ${1:-} == --quiet ]] || say "Kafka $KAFKA_VERSION is already in $LIBS"
    return 0
  fi
  need_java
  need_maven
  mkdir -p "$CACHE_DIR"
  exec 8>"$CACHE_DIR/.kafka-$KAFKA_VERSION.lock"
  flock -w 900 8 || die "timed out waiting for another fetch of Kafka $KAFKA_VERSION"
  if cache_complete; then # another process fetched it while we waited
    exec 8>&-
    return 0
  fi
  local tmp started=$EPOCHREALTIME
  tmp=$(mktemp -d "$CACHE_DIR/.kafka-$KAFKA_VERSION.XXXXXX")
  say "fetching Apache Kafka $KAFKA_VERSION from Maven Central with Maven into $LIBS"
  # -q: errors only. The sed drops the stray colour resets that Debian's Maven 3.8 prints
  # even in batch mode.
  if ! JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")") \
    mvn -B -q -Dstyle.color=never -f "$POM" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp/libs" 2>&1 |
    sed 's/\x1b\[[0-9;]*m//g' >&2; then
    rm -rf "$tmp"
    die "Maven could not fetch Kafka $KAFKA_VERSION (its errors are above)"
  fi
  [[ -f $tmp/libs/kafka_2.13-$KAFKA_VERSION.jar ]] || {
    rm -rf "$tmp"
    die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing"
  }
  rm -rf "$KAFKA_HOME"
  mv "$tmp" "$KAFKA_HOME"
  printf '%s %s\n' "$KAFKA_VERSION" "$(pom_digest)" >"$MARKER"
  say "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $(elapsed "$started")s"
  exec 8>&-
}

# --- Cluster layout -----------------------------------------------------------------------

# Ports: brokers on BASE..BASE+N-1, controllers right after them.
broker_port() { echo $((BASE_PORT + $1 - 1)); }
controller_port() { echo $((BASE_PORT + BROKERS + $1 - 1)); }
node_dir() { echo "$KAFKA_DIR/node-$1"; }

bootstrap_servers() {
  local n out=""
  for ((n = 1; n <= BROKERS; n++)); do
    out+="${out:+,}$HOST:$(broker_port "$n")"
  done
  echo "$out"
}

# Reads cluster.conf (written by start) into CONF_BROKERS, CONF_PORT, CONF_VERSION, CLUSTER_ID.
read_conf() {
  CONF_BROKERS="" CONF_PORT="" CONF_VERSION="" CLUSTER_ID=""
  [[ -f $CONF ]] || return 1
  local key value
  while IFS='=' read -r key value; do
    case $key in
      brokers) CONF_BROKERS=$value ;;
      port) CONF_PORT=$value ;;
      version) CONF_VERSION=$value ;;
      cluster_id) CLUSTER_ID=$value ;;
    esac
  done <"$CONF"
  [[ $CONF_BROKERS =~ ^[13]$ && $CONF_PORT =~ ^[0-9]+$ ]] || die "$CONF is damaged: run '$PROG stop --wipe'"
}

# Uses the cluster recorded in the data dir, if any, for commands that do not start one.
adopt_conf() {
  read_conf || return 1
  BROKERS=$CONF_BROKERS
  BASE_PORT=$CONF_PORT
  if [[ $CONF_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    KAFKA_VERSION=$CONF_VERSION
    KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
    LIBS="$KAFKA_HOME/libs"
  fi
}

# A Kafka cluster ID: 16 random bytes, URL-safe base64 without padding, not starting with '-'.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    [[ $id != -* ]] && break
  done
  echo "$id"
}

lock_dir() {
  mkdir -p "$(dirname "$KAFKA_DIR")"
  exec 9>"$KAFKA_DIR.lock"
  flock -w $((START_TIMEOUT + STOP_TIMEOUT + 120)) 9 || die "timed out waiting for another $PROG on $KAFKA_DIR"
}

# Creates the data dir, or checks that an existing one is ours (so --wipe never deletes a
# directory this script did not make).
claim_dir() {
  if [[ -d $KAFKA_DIR && ! -f $DIR_MARKER ]] && [[ -n $(ls -A "$KAFKA_DIR") ]]; then
    die "$KAFKA_DIR exists and was not made by $PROG: set SLUICE_KAFKA_DIR to another path"
  fi
  mkdir -p "$KAFKA_DIR"
  touch "$DIR_MARKER"
}

write_log_configs() {
  cat >"$KAFKA_DIR/log4j2.properties" <<'EOF'
# Broker logging: everything at INFO into <node>/logs/server.log, rolled at 20 MB.
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = warn
EOF
  cat >"$KAFKA_DIR/tools-log4j2.properties" <<'EOF'
# Command-line tools: warnings and errors only, on stderr.
status = warn
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.err.ref = err
EOF
}

write_server_properties() {
  local n=$1 dir rf isr voters="" i
  dir=$(node_dir "$n")
  if ((BROKERS == 1)); then rf=1 isr=1; else rf=3 isr=2; fi
  for ((i = 1; i <= BROKERS; i++)); do
    voters+="${voters:+,}$i@$HOST:$(controller_port "$i")"
  done
  cat >"$dir/server.properties" <<EOF
# Written by $PROG: node $n of a $BROKERS-node KRaft cluster on $HOST only.
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://$HOST:$(broker_port "$n"),CONTROLLER://$HOST:$(controller_port "$n")
advertised.listeners=PLAINTEXT://$HOST:$(broker_port "$n")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data

# Topics: created on first use, one partition unless asked.
num.partitions=1
auto.create.topics.enable=true
delete.topic.enable=true
default.replication.factor=$rf
min.insync.replicas=$isr

# Internal topics (consumer offsets, transactions, share groups) on this cluster's size.
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
group.initial.rebalance.delay.ms=0

# Small and light for tests on a 2-core machine.
log.segment.bytes=$SEGMENT_BYTES
log.retention.hours=24
log.retention.check.interval.ms=60000
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=8388608
num.network.threads=2
num.io.threads=4
num.replica.fetchers=1
num.recovery.threads.per.data.dir=1
background.threads=4
EOF
}

java_tool() {
  timeout 30 "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$KAFKA_DIR/tools-log4j2.properties" -cp "$LIBS/*" "$@"
}

format_storage() {
  local n=$1 dir
  dir=$(node_dir "$n")
  [[ -f $dir/data/meta.properties ]] && return 0
  say "node $n: formatting KRaft storage (cluster id $CLUSTER_ID)"
  local out
  if ! out=$(java_tool kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id "$CLUSTER_ID" --config "$dir/server.properties" 2>&1); then
    printf '%s\n' "$out" >&2
    die "node $n: formatting storage failed"
  fi
}

# --- Processes ----------------------------------------------------------------------------

regex_escape() { sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"; }

# True if pid is the broker JVM of node n.
is_node_process() {
  local pid=$1 n=$2 cmdline
  [[ -r /proc/$pid/cmdline ]] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"kafka.Kafka $(node_dir "$n")/server.properties "* ]]
}

# Prints the pid of node n's broker if it runs. A pid file whose process is gone (or is now
# some other process) is reported and removed; a broker whose pid file was lost is found.
node_pid() {
  local n=$1 pidfile pid
  pidfile="$(node_dir "$n")/kafka.pid"
  if [[ -f $pidfile ]]; then
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ ]] && is_node_process "$pid" "$n"; then
      echo "$pid"
      return 0
    fi
    say "node $n: removing stale pid file (process ${pid:-?} is not this broker any more)"
    rm -f "$pidfile"
  fi
  pid=$(pgrep -f -- "kafka\.Kafka $(regex_escape "$(node_dir "$n")/server.properties")\$" | head -n 1 || true)
  if [[ -n $pid ]]; then
    echo "$pid" >"$pidfile"
    echo "$pid"
    return 0
  fi
  return 1
}

# True if something accepts TCP connections on HOST:port.
port_accepts() {
  # shellcheck disable=SC2016 # $0 and $1 belong to the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Htln "( sport = :$1 )" 2>/dev/null) ]]
  else
    port_accepts "$1"
  fi
}

port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Htlnp "( sport = :$1 )" 2>/dev/null | sed -n 's/.*users:((\(.*\)))$/ (held by \1)/p' | head -n 1
}


check_ports_free() {
  local n port
  for n in "$@"; do
    for port in "$(broker_port "$n")" "$(controller_port "$n")"; do
      if port_in_use "$port"; then
        die "port $port is already in use by another process$(port_owner "$port"); stop it, or set SLUICE_KAFKA_PORT to a free range ($((BROKERS * 2)) ports from it)"
      fi
    done
  done
}

launch_node() {
  local n=$1 dir pid
  dir=$(node_dir "$n")
  mkdir -p "$dir/logs"
  [[ -f $dir/logs/server.log ]] && mv -f "$dir/logs/server.log" "$dir/logs/server.log.prev"
  local -a opts=(
    "-Xms256m" "-Xmx$HEAP"
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1
    -XX:CICompilerCount=2 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    "-Dkafka.logs.dir=$dir/logs"
    "-Dlog4j2.configurationFile=$KAFKA_DIR/log4j2.properties"
  )
  local -a extra=()
  [[ -n $EXTRA_JAVA_OPTS ]] && read -r -a extra <<<"$EXTRA_JAVA_OPTS"
  # setsid: the broker outlives this shell and its terminal; 8/9>&-: it must not hold our locks.
  setsid "$JAVA" "${opts[@]}" "${extra[@]}" -cp "$LIBS/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >"$dir/logs/stdout.log" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$dir/kafka.pid"
  say "node $n: started broker pid $pid (PLAINTEXT $HOST:$(broker_port "$n"), controller $HOST:$(controller_port "$n"))"
}

# Ends the given pids: SIGTERM, up to `grace` seconds, then SIGKILL.
terminate() {
  local grace=$1 pid deadline alive
  shift
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  deadline=$((SECONDS + grace))
  while :; do
    alive=()
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    ((${#alive[@]} == 0)) && return 0
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  say "pid(s) ${alive[*]} did not exit within ${grace}s of SIGTERM: sending SIGKILL"
  kill -KILL "${alive[@]}" 2>/dev/null || true
  deadline=$((SECONDS + 10))
  for pid in "${alive[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  done
}

# True if the cluster answers a metadata request listing all BROKERS brokers.
cluster_answers() {
  local out class=org.apache.kafka.tools.BrokerApiVersionsCommand
  [[ ${KAFKA_VERSION%%.*} -lt 4 ]] && class=kafka.admin.BrokerApiVersionsCommand
  out=$(java_tool "$class" --bootstrap-server "$(bootstrap_servers)" 2>/dev/null) || return 1
  [[ $(grep -c '^[^ ].* (id: [0-9]* rack: ' <<<"$out") -eq $BROKERS ]]
}

dump_logs() {
  local n dir f
  for n in "$@"; do
    dir=$(node_dir "$n")
    for f in "$dir/logs/server.log" "$dir/logs/stdout.log"; do
      [[ -s $f ]] || continue
      printf '%s: ---- node %s: last 40 lines of %s ----\n' "$PROG" "$n" "$f" >&2
      tail -n 40 "$f" >&2
    done
  done
}

# Reports a failed start with the tail of every node's log, then stops the nodes that this
# call launched (the arguments), so that no half-started broker is left behind.
fail_start() {
  local reason=$1 n pid
  shift
  say "error: $reason"
  local -a all=()
  for ((n = 1; n <= BROKERS; n++)); do all+=("$n"); done
  dump_logs "${all[@]}"
  local -a pids=()
  for n in "$@"; do
    pid=$(node_pid "$n" 2>/dev/null) && pids+=("$pid")
    rm -f "$(node_dir "$n")/kafka.pid"
  done
  if ((${#pids[@]} > 0)); then
    say "stopping the node(s) this start launched"
    terminate 10 "${pids[@]}"
  fi
  exit 1
}

# Waits until the nodes started by this call log that they started, their ports accept
# connections and the whole cluster answers a metadata request.
wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT)) n ready
  while :; do
    ready=1
    for n in "$@"; do
      node_pid "$n" >/dev/null 2>&1 || fail_start "node $n exited while starting" "$@"
      grep -q 'Kafka Server started' "$(node_dir "$n")/logs/server.log" 2>/dev/null || ready=0
      ((ready)) && { port_accepts "$(broker_port "$n")" || ready=0; }
    done
    ((ready)) && cluster_answers && return 0
    ((SECONDS >= deadline)) &&
      fail_start "the cluster did not answer within ${START_TIMEOUT}s (SLUICE_KAFKA_START_TIMEOUT)" "$@"
    sleep 0.5
  done
}

# --- Commands -----------------------------------------------------------------------------

parse_brokers() {
  BROKERS=1
  while (($# > 0)); do
    case $1 in
      --brokers) (($# >= 2)) || die "--brokers needs a value"; BROKERS=$2; shift 2 ;;
      --brokers=*) BROKERS=${1#*=}; shift ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done
  [[ $BROKERS == 1 || $BROKERS == 3 ]] || die "--brokers must be 1 or 3, not '$BROKERS'"
}

cmd_start() {
  parse_brokers "$@"
  local started=$EPOCHREALTIME n
  lock_dir
  claim_dir
  if read_conf; then
    if [[ $CONF_BROKERS != "$BROKERS" || $CONF_PORT != "$BASE_PORT" || $CONF_VERSION != "$KAFKA_VERSION" ]]; then
      die "$KAFKA_DIR holds a $CONF_BROKERS-broker Kafka $CONF_VERSION cluster on port $CONF_PORT, not the $BROKERS-broker Kafka $KAFKA_VERSION on port $BASE_PORT asked for: run '$PROG stop --wipe' first, or set SLUICE_KAFKA_DIR"
    fi
  else
    CLUSTER_ID=$(new_cluster_id)
  fi
  local -a to_start=()
  for ((n = 1; n <= BROKERS; n++)); do
    node_pid "$n" >/dev/null || to_start+=("$n")
  done
  cmd_fetch --quiet
  need_java
  if ((${#to_start[@]} == 0)); then
    say "already running: $BROKERS-broker Kafka $KAFKA_VERSION in $KAFKA_DIR"
    wait_ready
    bootstrap_servers
    return 0
  fi
  check_ports_free "${to_start[@]}"
  printf 'brokers=%s\nport=%s\nversion=%s\ncluster_id=%s\n' \
    "$BROKERS" "$BASE_PORT" "$KAFKA_VERSION" "$CLUSTER_ID" >"$CONF"
  write_log_configs
  for n in "${to_start[@]}"; do
    mkdir -p "$(node_dir "$n")"
    write_server_properties "$n"
    format_storage "$n"
  done
  for n in "${to_start[@]}"; do launch_node "$n"; done
  wait_ready "${to_start[@]}"
  say "Kafka $KAFKA_VERSION is up ($BROKERS broker(s), KRaft) after $(elapsed "$started")s; data and logs in $KAFKA_DIR"
  bootstrap_servers
}

cmd_stop() {
  local wipe=0 n pid
  while (($# > 0)); do
    case $1 in
      --wipe) wipe=1; shift ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done
  lock_dir
  local -a pids=() nodes=()
  if adopt_conf; then
    for ((n = 1; n <= BROKERS; n++)); do
      if pid=$(node_pid "$n"); then pids+=("$pid") nodes+=("$n"); fi
    done
  fi
  if ((${#pids[@]} == 0)); then
    say "not running"
  else
    local started=$EPOCHREALTIME
    say "stopping node(s) ${nodes[*]} (pid(s) ${pids[*]})"
    terminate "$STOP_TIMEOUT" "${pids[@]}"
    for n in "${nodes[@]}"; do rm -f "$(node_dir "$n")/kafka.pid"; done
    say "stopped in $(elapsed "$started")s"
  fi
  if ((wipe)) && [[ -d $KAFKA_DIR ]]; then
    [[ -f $DIR_MARKER ]] || die "refusing to delete $KAFKA_DIR: it was not made by $PROG"
    rm -rf "$KAFKA_DIR"
    say "deleted $KAFKA_DIR"
  fi
}

cmd_status() {
  (($# == 0)) || die "status takes no options"
  if ! adopt_conf; then
    say "not running (no cluster in $KAFKA_DIR)"
    return 1
  fi
  local n down=()
  for ((n = 1; n <= BROKERS; n++)); do
    node_pid "$n" >/dev/null || down+=("$n")
  done
  if ((${#down[@]} > 0)); then
    say "not running: node(s) ${down[*]} of $BROKERS down"
    return 1
  fi
  if [[ ! -d $LIBS ]]; then
    say "running, but Kafka $KAFKA_VERSION is not in $LIBS to ask it"
    return 1
  fi
  need_java
  if ! cluster_answers; then
    say "running but not answering on $(bootstrap_servers)"
    return 1
  fi
  bootstrap_servers
}

cmd_logs() {
  local lines=40 follow=0 n
  while (($# > 0)); do
    case $1 in
      -n | --lines) (($# >= 2)) || die "$1 needs a value"; lines=$2; shift 2 ;;
      -f | --follow) follow=1; shift ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done
  [[ $lines =~ ^[0-9]+$ ]] || die "-n needs a number"
  adopt_conf || die "no cluster in $KAFKA_DIR"
  local -a files=()
  for ((n = 1; n <= BROKERS; n++)); do
    [[ -f $(node_dir "$n")/logs/server.log ]] && files+=("$(node_dir "$n")/logs/server.log")
  done
  ((${#files[@]} > 0)) || die "no broker log in $KAFKA_DIR yet"
  if ((follow)); then
    exec tail -n "$lines" -F "${files[@]}"
  fi
  tail -n "$lines" "${files[@]}"
}

cmd_bootstrap() {
  parse_brokers "$@"
  adopt_conf || true
  bootstrap_servers
}

cmd_batches() {
  (($# == 2)) || die "batches takes a topic and a partition (see --help)"
  local topic=$1 partition=$2 n dir segment found=0
  [[ $partition =~ ^[0-9]+$ ]] || die "partition '$partition' is not a number"
  adopt_conf || die "no cluster in $KAFKA_DIR"
  need_java
  local class=org.apache.kafka.tools.DumpLogSegments
  [[ ${KAFKA_VERSION%%.*} -lt 4 ]] && class=kafka.tools.DumpLogSegments
  for ((n = 1; n <= BROKERS; n++)); do
    dir=$(node_dir "$n")/data/$topic-$partition
    [[ -d $dir ]] || continue
    for segment in "$dir"/*.log; do
      [[ -f $segment ]] || continue
      found=1
      echo "node $n: $segment"
      # A batch line carries its header; a control batch is followed by
      # its record, which names the marker.
      java_tool "$class" --print-data-log --files "$segment" | awk '
        /^baseOffset:/ {
          for (i = 1; i < NF; i += 2) f[$i] = $(i + 1)
          seq = f["baseSequence:"] == "-1" ? "" : \
            " seq " f["baseSequence:"] "-" f["lastSequence:"]
          printf "  %s-%s count %s pid %s epoch %s%s%s%s\n",
            f["baseOffset:"], f["lastOffset:"], f["count:"], f["producerId:"],
            f["producerEpoch:"], seq,
            f["isTransactional:"] == "true" ? " txn" : "",
            f["isControl:"] == "true" ? " control" : ""
          next
        }
        match($0, /endTxnMarker: [A-Z]+/) {
          print "    marker " substr($0, RSTART + 14, RLENGTH - 14)
        }'
    done
  done
  ((found)) || die "no data for $topic-$partition in $KAFKA_DIR"
}

main() {
  (($# > 0)) || { usage >&2; exit 2; }
  local cmd=$1
  shift
  case $cmd in
    help | -h | --help) usage; return 0 ;;
  esac
  validate_settings
  BROKERS=1
  case $cmd in
    fetch) (($# == 0)) || die "fetch takes no options"; cmd_fetch ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    logs) cmd_logs "$@" ;;
    bootstrap) cmd_bootstrap "$@" ;;
    batches) cmd_batches "$@" ;;
    *) say "unknown command '$cmd'"; usage >&2; exit 2 ;;
  esac
}

main "$@"
