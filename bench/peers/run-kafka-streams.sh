#!/usr/bin/env bash
# Runs the Kafka Streams peer in this process (exec: the caller's child PID
# is the JVM's, for /proc CPU/RSS sampling). Build it first with build.sh.
#
# Environment (see README.md): BOOTSTRAP, APPLICATION_ID, INPUT_TOPIC,
# OUTPUT_TOPIC, DLQ_TOPIC, AGG_TOPIC, GUARANTEE, COMMIT_INTERVAL_MS,
# NUM_STREAM_THREADS, STATE_DIR, CLIENT_ID, STATS_INTERVAL_MS, LOG_LEVEL;
# PEER_JAVA_OPTS replaces the JVM flags (default: none, i.e. the JVM's own
# ergonomics: G1, max heap 1/4 of RAM).
# Stop with SIGTERM (or SIGINT): exit 0 after a clean close, with one JSON
# line of counts on stdout. Exit 1: the instance failed; 2: bad config.
set -euo pipefail

out=${SLUICE_PEERS_BUILD_DIR:-$HOME/.cache/sluice/peers}
jar=$out/kafka-streams/traffic-kafka-streams.jar
if [[ ! -f $jar ]]; then
  echo "run-kafka-streams.sh: $jar missing: run bench/peers/build.sh" >&2
  exit 2
fi
level=${LOG_LEVEL:-info}
# Kafka Streams logs one WARN line per reading too late for its window
# ("Skipping record for expired window"); sluice logs no line per record
# (both count them in a metric), so that one logger is kept to errors.
# shellcheck disable=SC2086  # PEER_JAVA_OPTS is a list of flags
exec java ${PEER_JAVA_OPTS:-} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="$level" \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.kstream.internals.KStreamWindowAggregate=error \
  -Dorg.slf4j.simpleLogger.logFile=System.err \
  -jar "$jar" "$@"
