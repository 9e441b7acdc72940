#!/usr/bin/env bash
# Removes everything carrying this run's test label (DOCKDASH_TEST_RUN).
set -u
label="dockdash.test=${DOCKDASH_TEST_RUN:?}"
ids=$(docker ps -aq --filter "label=$label")
[ -n "$ids" ] && docker rm -f -v $ids >/dev/null
ids=$(docker network ls -q --filter "label=$label")
[ -n "$ids" ] && docker network rm $ids >/dev/null
ids=$(docker volume ls -q --filter "label=$label")
[ -n "$ids" ] && docker volume rm -f $ids >/dev/null
ids=$(docker images -q --filter "label=$label" | sort -u)
[ -n "$ids" ] && docker rmi -f $ids >/dev/null
exit 0
