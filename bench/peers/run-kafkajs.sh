#!/usr/bin/env bash
# Runs the KafkaJS peer in this process (exec: the caller's child PID is
# node's, for /proc CPU/RSS sampling). Build it first with build.sh.
#
# Environment (see README.md): BOOTSTRAP, APPLICATION_ID, INPUT_TOPIC,
# OUTPUT_TOPIC, DLQ_TOPIC, AGG_TOPIC, GUARANTEE, COMMIT_INTERVAL_MS,
# NUM_STREAM_THREADS (must be 1), CLIENT_ID, STATS_INTERVAL_MS, LOG_LEVEL
# (KafkaJS's: error|warn|info|debug, default warn); PEER_NODE_OPTS adds
# node flags (default: none).
# Stop with SIGTERM (or SIGINT): exit 0 after a clean disconnect, with one
# JSON line of counts on stdout. Exit 1: crashed; 2: bad config.
set -euo pipefail

out=${SLUICE_PEERS_BUILD_DIR:-$HOME/.cache/sluice/peers}
main=$out/kafkajs/index.js
if [[ ! -f $main || ! -d $out/kafkajs/node_modules/kafkajs ]]; then
  echo "run-kafkajs.sh: $main missing: run bench/peers/build.sh" >&2
  exit 2
fi
# shellcheck disable=SC2086  # PEER_NODE_OPTS is a list of flags
exec node ${PEER_NODE_OPTS:-} "$main" "$@"
