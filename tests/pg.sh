#!/usr/bin/env bash
# tests/pg.sh — runs API test files against PostgreSQL: starts a throwaway
# cluster (tests/lib/pgcluster.sh), prepares the migrated template, runs
# `node --test` with CADRE_TEST_PG on the given files (all of tests/api/
# when none), and removes the cluster whatever happens.
#   CADRE_BIN=build-test/cadre tests/pg.sh [node --test arguments...]
set -u
cd "$(dirname "$0")/.."
export CADRE_BIN=${CADRE_BIN:-$PWD/build-test/cadre}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cadre-pg.XXXXXX")
cluster=$tmp/cluster
trap 'tests/lib/pgcluster.sh stop "$cluster"; rm -rf "$tmp"' EXIT
tests/lib/pgcluster.sh start "$cluster" >/dev/null || exit $?
tests/lib/pgcluster.sh template "$cluster" "$CADRE_BIN" || exit 1
[ $# -eq 0 ] && set -- tests/api/
CADRE_TEST_PG=$cluster node --test "$@"
