#!/usr/bin/env bash
# Builds the fixture images the tests use, locally (no registry is reachable).
# Idempotent: an image that exists is kept.
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }
if ! have dockdash-test/busybox:latest; then
  dir=$(mktemp -d)
  cp /bin/busybox "$dir/busybox"
  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
LABEL dockdash.fixture=busybox
CMD ["sh"]
DOCKERFILE
  docker build -q -t dockdash-test/busybox:latest "$dir" >/dev/null
  rm -rf "$dir"
  echo "fixtures: built dockdash-test/busybox:latest"
fi
