#!/usr/bin/env bash
# Builds the fixture images the tests use, locally (no registry is reachable).
# Idempotent: an image that exists is kept.
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }
if ! have dockdash-test/busybox:latest; then
  dir=$(mktemp -d)
  cp /bin/busybox "$dir/busybox"
  docker build -q -f "$(dirname "$0")/busybox.Dockerfile" -t dockdash-test/busybox:latest "$dir" >/dev/null
  rm -rf "$dir"
  echo "fixtures: built dockdash-test/busybox:latest"
fi
