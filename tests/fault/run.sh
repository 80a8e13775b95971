#!/usr/bin/env bash
# tests/fault/run.sh — the fault tests (node:test files in tests/fault/)
# against $CADRE_BIN (build-test/cadre by default). Prints failures and
# ends with "fault: N passed, N failed"; exits non-zero on a failure.
set -u
cd "$(dirname "$0")/../.."
export CADRE_BIN=${CADRE_BIN:-$PWD/build-test/cadre}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
node --test --test-concurrency=1 --test-reporter=tap tests/fault/ >"$out" 2>&1
rc=$?
pass=$(grep -E '^# pass [0-9]+' "$out" | tail -n 1 | awk '{print $3}')
fail=$(grep -E '^# fail [0-9]+' "$out" | tail -n 1 | awk '{print $3}')
cancelled=$(grep -E '^# cancelled [0-9]+' "$out" | tail -n 1 | awk '{print $3}')
fail=$(( ${fail:-0} + ${cancelled:-0} ))
[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
grep -E '^# (crash|storage|schema|abuse):' "$out"
[ "$fail" -ne 0 ] && awk '/^ *not ok /{show=40} show>0{print; show--}' "$out" | head -n 200
echo "fault: ${pass:-0} passed, $fail failed"
[ "$fail" -eq 0 ]
