#!/usr/bin/env bash
# Starts or stops a throwaway Docker Engine for tests and benchmarks.
# It has its own data root, exec root, pidfile and socket, so the containers
# and images of an engine the user already runs are never touched.
#
#   scripts/engine.sh start   # prints DOCKER_HOST=unix://... on stdout
#   scripts/engine.sh stop
#   scripts/engine.sh purge   # stop, then delete the engine's folder and everything in it
#   scripts/engine.sh env     # the DOCKER_HOST line only, if it is running
#   scripts/engine.sh fetch   # download and unpack the engine of DOCKDASH_ENGINE_KIND (start does it too)
#   scripts/engine.sh plugins DIR   # link that engine's buildx and compose into DIR/cli-plugins ($DOCKER_CONFIG)
#   scripts/engine.sh sid-unpack DIR PKG…   # download PKGs from Debian unstable, unpack into DIR/root (never installed)
#
# DOCKDASH_ENGINE_KIND picks the engine (issue 12), one of:
#   20.10          Docker 20.10 from bookworm's docker.io, overlay2 (the default)
#   28             Docker 28.5 from Debian unstable, classic overlay2 image store
#   28-containerd  the same with the containerd image store ("containerd-snapshotter")
# e.g.  DOCKDASH_ENGINE_KIND=28-containerd DOCKDASH_ENGINE_ROOT=/tmp/my-engine bash scripts/engine.sh start
# The 28 kinds are never installed: `apt-get download` from a private sources list
# (sid, the machine's own Debian mirror) and `dpkg-deb -x` into DOCKDASH_ENGINE_CACHE
# (default /tmp/dockdash-engines), once; bookworm's runc and tini serve them.
# DOCKDASH_SID_SOURCE replaces that sources line (e.g. a snapshot.debian.org one
# when sid has moved past Docker 28).
#
# DOCKDASH_ENGINE_ROOT picks another folder (and so another engine; default
# /tmp/dockdash-engine, or /tmp/dockdash-engine-KIND for a 28 kind);
# DOCKDASH_ENGINE_ARGS adds dockerd flags (tests use --live-restore).
set -euo pipefail

KIND="${DOCKDASH_ENGINE_KIND:-20.10}"
case "$KIND" in
  20.10) ROOT="${DOCKDASH_ENGINE_ROOT:-/tmp/dockdash-engine}" ;;
  28 | 28-containerd) ROOT="${DOCKDASH_ENGINE_ROOT:-/tmp/dockdash-engine-$KIND}" ;;
  *) echo "engine: unknown DOCKDASH_ENGINE_KIND=$KIND (20.10, 28 or 28-containerd)" >&2; exit 2 ;;
esac
SOCK="$ROOT/docker.sock"
PIDFILE="$ROOT/dockerd.pid"
LOG="$ROOT/dockerd.log"
CACHE="${DOCKDASH_ENGINE_CACHE:-/tmp/dockdash-engines}"
# The unpacked Docker 28 (dockerd, its containerd, buildx, compose) and bin/, the links dockerd runs from.
DOCKER28="$CACHE/28"

log() { echo "engine: $*" >&2; }

# Everything the tests drive for real: the engine, the fixture shell, the
# terminal, a registry for pull tests, sshd and openssl for remote engines.
install_missing() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  [ -x /usr/bin/tini-static ] || need+=(tini)  # docker-init of every engine kind
  [ -x /bin/busybox ] || need+=(busybox-static)
  command -v tmux >/dev/null 2>&1 || need+=(tmux)
  command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  command -v podman >/dev/null 2>&1 || need+=(podman)  # test/docker/podman.test.ts
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing ${need[*]}: install them (apt-get install -y ${need[*]}) or run as root"
      exit 1
    fi
    log "installing ${need[*]} from Debian's packages"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
}

# The Debian mirror the machine's own apt uses (comments and the security archive aside).
debian_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ') || true
  echo "${uri:-http://deb.debian.org/debian}"
}

# Downloads PACKAGES from Debian unstable with a private sources list and unpacks them into WORK/root:
# nothing is installed, the machine's apt sources and state are not touched. WORK/VERSIONS lists the
# .deb files. Also used by scripts/fuzz.sh (the glibc jazzer.js needs).
sid_unpack() {
  local work="$1" source apt deb
  shift
  source="${DOCKDASH_SID_SOURCE:-deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) sid main}"
  echo "$source" >"$work/sources.list"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root"
  apt=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
  if ! { apt-get "${apt[@]}" update && (cd "$work/debs" && apt-get "${apt[@]}" download "$@"); } >"$work/apt.log" 2>&1; then
    log "could not download $* from Debian unstable ($source): $(grep -E '^(E|W):' "$work/apt.log" | head -n 1) (log: $work/apt.log)"
    exit 1
  fi
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  ls "$work/debs" >"$work/VERSIONS"
  rm -rf "$work/lists" "$work/cache" "$work/debs"
}

# Downloads Debian unstable's Docker 28 and unpacks it into $DOCKER28, once: nothing is
# installed, the machine's apt sources and state are not touched (private lists and cache).
fetch() {
  [ "$KIND" = 20.10 ] && return 0
  [ -f "$DOCKER28/.complete" ] && return 0
  mkdir -p "$CACHE"
  # Two test runs may start at once: one fetches, the other waits for it.
  exec 9>"$CACHE/.lock"
  flock 9
  if [ -f "$DOCKER28/.complete" ]; then flock -u 9; return 0; fi
  local work
  work=$(mktemp -d "$CACHE/.fetch-XXXXXX")
  chmod 755 "$work"
  log "fetching Docker 28 from Debian unstable into $DOCKER28"
  sid_unpack "$work" docker.io containerd docker-buildx docker-compose
  local version
  version=$("$work/root/usr/sbin/dockerd" --version 2>/dev/null || true)
  case "$version" in
    "Docker version 28."*) ;;
    *) log "Debian unstable now has ${version:-no dockerd}, not Docker 28: set DOCKDASH_SID_SOURCE to a snapshot.debian.org sources line"; exit 1 ;;
  esac
  # dockerd finds containerd, its shim, runc, docker-init and docker-proxy on its PATH: this bin/
  # goes first. Unstable's runc needs a newer glibc than bookworm's, so bookworm's runc serves.
  mkdir -p "$work/bin" "$work/cli-plugins"
  ln -s ../root/usr/sbin/dockerd ../root/usr/sbin/docker-proxy ../root/usr/bin/containerd ../root/usr/bin/containerd-shim-runc-v2 "$work/bin/"
  ln -s /usr/sbin/runc "$work/bin/runc"
  ln -s /usr/bin/tini-static "$work/bin/docker-init"
  ln -s ../root/usr/libexec/docker/cli-plugins/docker-buildx ../root/usr/libexec/docker/cli-plugins/docker-compose "$work/cli-plugins/"
  rm -rf "$DOCKER28"
  mv "$work" "$DOCKER28"
  touch "$DOCKER28/.complete"
  flock -u 9
  log "$version ready in $DOCKER28"
}

# Links the 28 engine's docker-buildx and docker-compose into DIR/cli-plugins, where the
# docker CLI looks when DOCKER_CONFIG=DIR: a test's own config folder, never the machine's.
plugins() {
  local dir="${1:?usage: engine.sh plugins DIR}"
  KIND=28 fetch
  mkdir -p "$dir/cli-plugins"
  ln -sf "$DOCKER28/cli-plugins/docker-buildx" "$DOCKER28/cli-plugins/docker-compose" "$dir/cli-plugins/"
}

# Whether a process is alive. Not `kill -0`: a killed dockerd stays a zombie until its parent (here pid 1, which can
# take seconds under load) reaps it, and kill -0 succeeds on a zombie: start would then say "already running" and
# leave the engine down (issue 14: multi-engine-down's restart after SIGKILL).
is_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

is_running() {
  [ -f "$PIDFILE" ] && is_alive "$(cat "$PIDFILE")" && [ -S "$SOCK" ]
}

start() {
  install_missing
  if is_running; then
    local running
    running=$(cat "$ROOT/kind" 2>/dev/null || echo 20.10)
    if [ "$running" != "$KIND" ]; then
      log "the engine at $ROOT is a $running engine, not $KIND: stop it first (engine.sh stop)"
      exit 1
    fi
    log "throwaway engine already running at unix://$SOCK"
    echo "DOCKER_HOST=unix://$SOCK"
    return
  fi
  fetch
  # A dead daemon's pidfile (SIGKILL leaves it): dockerd refuses to start while its pid still has a /proc entry.
  if [ -f "$PIDFILE" ] && ! is_alive "$(cat "$PIDFILE")"; then rm -f "$PIDFILE"; fi
  # Its containerd died with it (and may be a zombie too): dockerd would take that pid for a live containerd and
  # wait on its socket until "timeout waiting for containerd to start".
  local containerd_pid="$ROOT/exec/containerd/containerd.pid"
  if [ -f "$containerd_pid" ] && ! is_alive "$(cat "$containerd_pid")"; then rm -f "$containerd_pid"; fi
  mkdir -p "$ROOT/data" "$ROOT/exec"
  echo "$KIND" >"$ROOT/kind"
  local dockerd=dockerd path="$PATH" store=(--storage-driver overlay2)
  if [ "$KIND" != 20.10 ]; then
    dockerd="$DOCKER28/bin/dockerd"
    path="$DOCKER28/bin:$PATH"
    # Its own config file, so the machine's /etc/docker/daemon.json never applies.
    if [ "$KIND" = 28-containerd ]; then
      echo '{"features":{"containerd-snapshotter":true}}' >"$ROOT/daemon.json"
      store=()  # the containerd store picks its snapshotter (overlayfs) itself
    else
      echo '{}' >"$ROOT/daemon.json"
    fi
    store+=(--config-file "$ROOT/daemon.json")
  fi
  # --bridge none: the default docker0 bridge cannot be created on every
  # machine; tests that need a network make their own user-defined one.
  # --default-address-pool: the default pools give 31 networks, and a whole
  # suite's networks (each file's, and compose's, removed only at its end)
  # outnumber that; /24s out of one /16 give 256.
  PATH="$path" setsid "$dockerd" \
    --host "unix://$SOCK" \
    --data-root "$ROOT/data" \
    --exec-root "$ROOT/exec" \
    --pidfile "$PIDFILE" \
    --bridge none --iptables=false --ip6tables=false \
    --default-address-pool base=10.213.0.0/16,size=24 \
    "${store[@]}" \
    ${DOCKDASH_ENGINE_ARGS:-} \
    >"$LOG" 2>&1 < /dev/null &
  for _ in $(seq 1 150); do
    if DOCKER_HOST="unix://$SOCK" docker version >/dev/null 2>&1; then
      log "throwaway $KIND engine started at unix://$SOCK (log: $LOG)"
      echo "DOCKER_HOST=unix://$SOCK"
      return
    fi
    sleep 0.2
  done
  log "dockerd did not come up in 30 s; last lines of $LOG:"
  tail -n 20 "$LOG" >&2
  exit 1
}

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid
    pid=$(cat "$PIDFILE")
    if is_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do is_alive "$pid" || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
  fi
  # dockerd normally takes its containerd down with it; make sure.
  pkill -f "containerd --config $ROOT/exec" 2>/dev/null || true
  log "throwaway engine stopped"
}

# Stops the engine and deletes its folder, containers, images and all: for
# private engines that tests start, so nothing a test did outlives it.
purge() {
  stop
  # overlay and shm mounts of the engine's containers must go before the folder can.
  awk -v root="$ROOT" 'index($2, root "/") == 1 {print $2}' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$ROOT"
  log "throwaway engine at $ROOT deleted"
}

case "${1:-}" in
  deps) install_missing ;;
  fetch) fetch ;;
  plugins) plugins "${2:-}" ;;
  sid-unpack) shift; sid_unpack "$@" ;;
  start) start ;;
  stop) stop ;;
  purge) purge ;;
  env) is_running && echo "DOCKER_HOST=unix://$SOCK" ;;
  *) echo "usage: $0 deps|fetch|plugins DIR|start|stop|purge|env" >&2; exit 2 ;;
esac
