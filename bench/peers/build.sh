#!/usr/bin/env bash
# Builds the benchmark peers out of the source tree (idempotent) and prints
# where the runnables are:
#   kafka-streams: Maven package -> <out>/kafka-streams/traffic-kafka-streams.jar
#   kafkajs:       sources + `npm ci` -> <out>/kafkajs/index.js
# <out> is $SLUICE_PEERS_BUILD_DIR, default ~/.cache/sluice/peers.
# Needs java 17+, mvn and node 18+/npm (Maven Central and the npm registry).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${SLUICE_PEERS_BUILD_DIR:-$HOME/.cache/sluice/peers}

for tool in java mvn node npm; do
  command -v "$tool" >/dev/null || {
    echo "build.sh: $tool not found" >&2
    exit 1
  }
done

mkdir -p "$out/kafka-streams" "$out/kafkajs"

# Kafka Streams: target/ is redirected by the pom's peers.build.dir.
mvn -B -q -Dstyle.color=never -f "$here/kafka-streams/pom.xml" \
  -Dpeers.build.dir="$out/kafka-streams" package

# KafkaJS: node_modules lives next to a copy of the sources.
cp "$here"/kafkajs/{package.json,package-lock.json,*.js} \
  "$out/kafkajs/"
(cd "$out/kafkajs" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo "kafka-streams: $out/kafka-streams/traffic-kafka-streams.jar (run: $here/run-kafka-streams.sh)"
echo "kafkajs:       $out/kafkajs/index.js (run: $here/run-kafkajs.sh)"
