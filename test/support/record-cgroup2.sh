#!/usr/bin/env bash
# Records the cgroup v2 files of running containers on a cgroup v2 Docker host
# (the VM of ../shared/cgroup2-vm), beside `docker stats --no-stream` taken at the
# same moment, into test/fixtures/cgroup2/NAME/: the unit tests of the v2 reader
# replay these real trees.
#
#   DOCKER_HOST=tcp://127.0.0.1:23760 test/support/record-cgroup2.sh NAME CONTAINER... 
# Needs an image with busybox on that engine (cg2/busybox, built by vm.sh smoke).
set -euo pipefail
name=$1; shift
out="$(dirname "$0")/../fixtures/cgroup2/$name"
rm -rf "$out"; mkdir -p "$out"
files="cgroup.procs cpu.stat memory.current memory.max memory.stat io.stat pids.current"
script='cat /hostcg/cgroup.controllers > /out/cgroup.controllers; head -n 1 /proc/stat > /out/proc-stat'
for container in "$@"; do
	id=$(docker inspect -f '{{.Id}}' "$container")
	pid=$(docker inspect -f '{{.State.Pid}}' "$container")
	echo "$id $pid $container" >> "$out/containers"
	script="$script; mkdir -p /out/cg/docker/$id /out/proc/$pid; cat /proc/$pid/cgroup > /out/proc/$pid/cgroup"
	for file in $files; do script="$script; cat /hostcg/docker/$id/$file > /out/cg/docker/$id/$file"; done
done
# One helper container reads every file in the host's cgroup and PID namespaces; the tar
# carries them out. docker stats runs at the same moment.
docker run --rm --privileged --pid=host --cgroupns=host -v /sys/fs/cgroup:/hostcg:ro cg2/busybox \
	sh -c "mkdir /out; $script; tar -C /out -cf - ." > "$out/tree.tar" &
docker stats --no-stream --format '{{.ID}} {{.CPUPerc}} {{.MemUsage}} {{.BlockIO}} {{.PIDs}}' "$@" > "$out/docker-stats"
wait
tar -C "$out" -xf "$out/tree.tar" && rm "$out/tree.tar"
mv "$out/cg" "$out/sys-fs-cgroup"
echo "recorded $(wc -l < "$out/containers") containers into $out"
