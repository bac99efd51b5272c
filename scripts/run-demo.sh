#!/usr/bin/env bash
# Installs what is missing, builds a release, and runs the main job on an
# embedded Kafka cluster. Arguments go to the job (try --help).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

scripts/install-deps.sh --runtime
cmake --preset release -DSLUICE_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release --target stateless_pipeline
exec build/release/examples/stateless_pipeline "$@"
