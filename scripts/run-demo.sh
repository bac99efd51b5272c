#!/usr/bin/env bash
# Installs what is missing, builds a release, and runs the main job: the
# traffic app (apps/traffic) on an embedded Kafka cluster, fed a simulated
# morning rush, with a summary at the end. Arguments go to the job (try
# --help; --brokers HOST:PORT runs it against a real cluster).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh --runtime
cmake --preset release -DSLUICE_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release --target traffic-demo
exec build/release/apps/traffic/traffic-demo "$@"
