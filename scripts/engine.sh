#!/usr/bin/env bash
# Starts or stops a throwaway Docker Engine for tests and benchmarks.
# It has its own data root, exec root, pidfile and socket, so the containers
# and images of an engine the user already runs are never touched.
#
#   scripts/engine.sh start   # prints DOCKER_HOST=unix://... on stdout
#   scripts/engine.sh stop
#   scripts/engine.sh purge   # stop, then delete the engine's folder and everything in it
#   scripts/engine.sh env     # the DOCKER_HOST line only, if it is running
#
# DOCKDASH_ENGINE_ROOT picks another folder (and so another engine);
# DOCKDASH_ENGINE_ARGS adds dockerd flags (tests use --live-restore).
set -euo pipefail

ROOT="${DOCKDASH_ENGINE_ROOT:-/tmp/dockdash-engine}"
SOCK="$ROOT/docker.sock"
PIDFILE="$ROOT/dockerd.pid"
LOG="$ROOT/dockerd.log"

log() { echo "engine: $*" >&2; }

# Everything the tests drive for real: the engine, the fixture shell, the
# terminal, a registry for pull tests, sshd and openssl for remote engines.
install_missing() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
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

is_running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && [ -S "$SOCK" ]
}

start() {
  install_missing
  if is_running; then
    log "throwaway engine already running at unix://$SOCK"
    echo "DOCKER_HOST=unix://$SOCK"
    return
  fi
  mkdir -p "$ROOT/data" "$ROOT/exec"
  # --bridge none: the default docker0 bridge cannot be created on every
  # machine; tests that need a network make their own user-defined one.
  setsid dockerd \
    --host "unix://$SOCK" \
    --data-root "$ROOT/data" \
    --exec-root "$ROOT/exec" \
    --pidfile "$PIDFILE" \
    --bridge none --iptables=false --ip6tables=false \
    --storage-driver overlay2 \
    ${DOCKDASH_ENGINE_ARGS:-} \
    >"$LOG" 2>&1 < /dev/null &
  for _ in $(seq 1 150); do
    if DOCKER_HOST="unix://$SOCK" docker version >/dev/null 2>&1; then
      log "throwaway engine started at unix://$SOCK (log: $LOG)"
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
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
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
  start) start ;;
  stop) stop ;;
  purge) purge ;;
  env) is_running && echo "DOCKER_HOST=unix://$SOCK" ;;
  *) echo "usage: $0 deps|start|stop|purge|env" >&2; exit 2 ;;
esac
