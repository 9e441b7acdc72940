#!/usr/bin/env bash
# Coverage-guided fuzzing of dockdash's parsers of outside bytes with @jazzer.js/core (issue 17).
#
#   scripts/fuzz.sh fetch                   # the private glibc jazzer's addon needs (once, cached)
#   scripts/fuzz.sh run [TARGET…]           # every target (or those named) for DOCKDASH_FUZZ_SECONDS each
#   scripts/fuzz.sh list                    # the targets
#   DOCKDASH_FUZZ_SECONDS=600 scripts/fuzz.sh run tar   # one target, longer
#
# A target is test/fuzz/NAME.fuzz.ts exporting `fuzz(data: Buffer)`, which throws when an
# invariant breaks. Each is bundled with esbuild into a temporary folder (jazzer instruments
# the JavaScript it loads; node_modules would be left out), and run from its seed corpus
# test/fuzz/corpus/NAME/ copied to a working folder, so the checked-in seeds stay as written.
# A finding is written to DOCKDASH_FUZZ_FINDINGS (default /tmp/dockdash-fuzz-findings) as
# NAME-crash-…, the run fails, and the input belongs in test/fuzz/regressions.test.ts.
#
# jazzer.js 4's prebuilt addon needs glibc 2.38; bookworm has 2.36. So libc6, libstdc++6 and
# libgcc-s1 are downloaded from Debian unstable with a private sources list (as scripts/engine.sh
# fetches Docker 28), unpacked with dpkg-deb into DOCKDASH_ENGINE_CACHE (default
# /tmp/dockdash-engines)/fuzz-libc, never installed, and node runs under that glibc's own
# loader. DOCKDASH_SID_SOURCE replaces the sources line, as for the engines.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${DOCKDASH_ENGINE_CACHE:-/tmp/dockdash-engines}"
LIBC="$CACHE/fuzz-libc"
LIBDIR="$LIBC/root/usr/lib/x86_64-linux-gnu"
SECONDS_EACH="${DOCKDASH_FUZZ_SECONDS:-15}"
FINDINGS="${DOCKDASH_FUZZ_FINDINGS:-/tmp/dockdash-fuzz-findings}"

log() { echo "fuzz: $*" >&2; }

fetch() {
  [ -f "$LIBC/.complete" ] && return 0
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.fuzz-lock"
  flock 9
  if [ -f "$LIBC/.complete" ]; then flock -u 9; return 0; fi
  local work
  work=$(mktemp -d "$CACHE/.fuzz-fetch-XXXXXX")
  chmod 755 "$work"
  log "fetching glibc, libstdc++ and libgcc from Debian unstable into $LIBC"
  bash scripts/engine.sh sid-unpack "$work" libc6 libstdc++6 libgcc-s1
  if [ ! -x "$work/root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]; then
    log "no loader in the unpacked libc6 (log: $work/apt.log)"
    exit 1
  fi
  rm -rf "$LIBC"
  mv "$work" "$LIBC"
  touch "$LIBC/.complete"
  flock -u 9
  log "$(tr '\n' ' ' <"$LIBC/VERSIONS")ready in $LIBC"
}

targets() {
  local file
  for file in test/fuzz/*.fuzz.ts; do basename "$file" .fuzz.ts; done
}

# Runs one target for SECONDS_EACH; returns non-zero on a finding.
run_one() {
  local name="$1" src="test/fuzz/$1.fuzz.ts" dir status
  [ -f "$src" ] || { log "no target $name (test/fuzz/$name.fuzz.ts); targets: $(targets | tr '\n' ' ')"; return 2; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/dockdash-fuzz-$name-XXXXXX")
  mkdir -p "$dir/corpus" "$FINDINGS"
  [ -d "test/fuzz/corpus/$name" ] && cp -r "test/fuzz/corpus/$name/." "$dir/corpus/"
  node_modules/.bin/esbuild "$src" --bundle --platform=node --format=cjs --target=node20 \
    --log-level=warning --outfile="$dir/$name.fuzz.js"
  # jazzer's synchronous mode is faster; a target that awaits (the tar reader) runs in its asynchronous one.
  local mode=--sync
  grep -q 'export async function fuzz' "$src" && mode=--sync=false
  log "$name: ${SECONDS_EACH}s from $(ls "$dir/corpus" | wc -l) seeds"
  set +e
  # includes: the bundle is the only code instrumented; -rss_limit_mb: a memory blow-up is a finding too.
  (cd "$dir" && "$LIBDIR/ld-linux-x86-64.so.2" --library-path "$LIBDIR" "$(command -v node)" \
    "$OLDPWD/node_modules/@jazzer.js/core/dist/cli.js" "./$name.fuzz.js" corpus \
    --includes "$name.fuzz.js" "$mode" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$FINDINGS/$name-") >"$dir/log" 2>&1
  status=$?
  set -e
  grep -E 'stat::number_of_executed_units|stat::new_units_added' "$dir/log" | sed "s/^/fuzz: $name: /" >&2 || true
  if [ $status -ne 0 ]; then
    log "$name: FINDING (exit $status); input in $FINDINGS/, log $dir/log:"
    grep -vE '^#[0-9]+' "$dir/log" | tail -n 30 >&2
    return 1
  fi
  rm -rf "$dir"
}

case "${1:-run}" in
  fetch) fetch ;;
  list) targets ;;
  run)
    shift || true
    fetch
    names=("$@")
    [ ${#names[@]} -eq 0 ] && mapfile -t names < <(targets)
    failed=()
    start=$SECONDS
    for name in "${names[@]}"; do run_one "$name" || failed+=("$name"); done
    if [ ${#failed[@]} -gt 0 ]; then log "findings in: ${failed[*]} ($((SECONDS - start)) s)"; exit 1; fi
    log "${#names[@]} targets, no finding, $((SECONDS - start)) s"
    ;;
  *) echo "usage: scripts/fuzz.sh fetch | list | run [TARGET…]" >&2; exit 2 ;;
esac
