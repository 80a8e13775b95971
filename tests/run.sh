#!/usr/bin/env bash
# tests/run.sh — what `make test` runs after building build-test (ASan +
# UBSan): the cmocka unit tests through meson, then the API tests against a
# real server (node:test), the store unit tests and the API tests again on a
# throwaway PostgreSQL cluster, the fault tests (tests/fault/: SIGKILL rounds,
# full and read-only disks, old and new schemas, abusive clients), a
# clang-format check of every C file, and a short run of every libFuzzer
# target (fuzz/run.sh, FUZZ_TEST_SECONDS each, default 30; 0 skips it).
# Prints each suite's summary and ends with exactly one line "N passed, N
# failed", counting individual test cases; exits non-zero when anything
# failed or could not run. Needs no TTY.
set -u
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build-test}
export CADRE_BIN=${CADRE_BIN:-$PWD/$BUILD/cadre}
# A leak, a heap error or undefined behaviour ends the process with a failure.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp} # cairo's and fontconfig's caches
export NO_COLOR=1 FORCE_COLOR=0

logdir=$(mktemp -d "${TMPDIR:-/tmp}/cadre-tests.XXXXXX")
trap 'rm -rf "$logdir"' EXIT

total_pass=0
total_fail=0

# Runs `meson test` with the arguments given and counts its TAP lines into
# $count_pass and $count_fail; its log into $1.
run_unit() {
    local log=$1
    shift
    rm -f "$BUILD/meson-logs/testlog.json"
    meson test -C "$BUILD" --print-errorlogs "$@" >"$log" 2>&1
    local meson_rc=$?
    count_pass=0
    count_fail=0
    if [ -f "$BUILD/meson-logs/testlog.json" ]; then
        # One JSON object per test program: count its TAP lines; a program
        # that failed without any "not ok" (a crash, an abort under ASan, a
        # timeout) or printed fewer results than its plan counts as failures.
        read -r count_pass count_fail < <(node -e '
            const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
            let pass = 0, fail = 0;
            for (const line of lines) {
              const t = JSON.parse(line);
              const out = (t.stdout || "") + "\n" + (t.stderr || "");
              const ok = (out.match(/^ok \d+/gm) || []).length;
              const notOk = (out.match(/^not ok \d+/gm) || []).length;
              const plan = out.match(/^1\.\.(\d+)/m);
              const missing = plan ? Math.max(0, Number(plan[1]) - ok - notOk) : 0;
              pass += ok;
              let f = notOk + missing;
              if (t.result !== "OK" && t.result !== "EXPECTEDFAIL" && t.result !== "SKIP" && f === 0) f = 1;
              if (t.result === "OK" && ok + notOk === 0) pass += 1; /* a program without TAP output */
              fail += f;
              if (t.result !== "OK") console.error(`unit: ${t.name}: ${t.result}`);
            }
            console.log(pass, fail);
        ' "$BUILD/meson-logs/testlog.json" 2>>"$log")
        count_pass=${count_pass:-0}
        count_fail=${count_fail:-1} # no count at all: the log could not be read
    else
        count_fail=1
    fi
    if [ "$meson_rc" -ne 0 ] && [ "$count_fail" -eq 0 ]; then
        count_fail=1 # meson failed without a failing test case: count it
    fi
}

# Runs node --test on tests/api/ (TAP into $1) and counts into $count_pass
# and $count_fail.
run_api() {
    local tap=$1
    node --test --test-reporter=tap tests/api/ >"$tap" 2>&1
    local node_rc=$?
    count_pass=$(grep -E '^# pass [0-9]+' "$tap" | tail -n 1 | awk '{print $3}')
    local failed cancelled
    failed=$(grep -E '^# fail [0-9]+' "$tap" | tail -n 1 | awk '{print $3}')
    cancelled=$(grep -E '^# cancelled [0-9]+' "$tap" | tail -n 1 | awk '{print $3}')
    count_pass=${count_pass:-0}
    count_fail=$((${failed:-0} + ${cancelled:-0}))
    # A failed hook or a file that could not load fails no test case but
    # makes node exit non-zero: count it.
    if [ "$node_rc" -ne 0 ] && [ "$count_fail" -eq 0 ]; then
        count_fail=1
    fi
    if [ "$count_fail" -ne 0 ]; then
        # The failures with their messages, not the whole TAP stream.
        awk '/^ *not ok /{show=40} show>0{print; show--}' "$tap" | head -n 400
    fi
}

# ---- unit tests (cmocka, TAP per test case) --------------------------------
unit_pass=0
unit_fail=0
if [ ! -f "$BUILD/build.ninja" ]; then
    echo "unit: $BUILD is not configured (run 'make build-test')" >&2
    unit_fail=1
else
    run_unit "$logdir/unit.log" --suite unit
    unit_pass=$count_pass
    unit_fail=$count_fail
    if [ "$unit_fail" -ne 0 ]; then
        grep -v '^\s*$' "$logdir/unit.log" | tail -n 60
    fi
fi
echo "unit: $unit_pass passed, $unit_fail failed"
total_pass=$((total_pass + unit_pass))
total_fail=$((total_fail + unit_fail))

# ---- API tests (node:test against a real server) ---------------------------
api_pass=0
api_fail=0
if ! command -v node >/dev/null 2>&1; then
    echo "api: node is not installed" >&2
    api_fail=1
elif [ ! -x "$CADRE_BIN" ]; then
    echo "api: $CADRE_BIN not found" >&2
    api_fail=1
else
    if [ -f tests/api/package.json ] && [ ! -d tests/api/node_modules ]; then
        (cd tests/api && npm ci --no-audit --no-fund --silent) >"$logdir/npm.log" 2>&1 ||
            { cat "$logdir/npm.log"; api_fail=1; }
    fi
    run_api "$logdir/api.tap"
    api_pass=$count_pass
    api_fail=$((api_fail + count_fail))
fi
echo "api: $api_pass passed, $api_fail failed"
total_pass=$((total_pass + api_pass))
total_fail=$((total_fail + api_fail))

# ---- the store and API tests again on PostgreSQL ----------------------------
# A throwaway cluster (tests/lib/pgcluster.sh: initdb in a temporary folder,
# a loopback port, as the postgres user when root), removed afterwards;
# every store test fixture and every API test server gets its own database
# copied from a migrated template (CADRE_TEST_PG).
pg_unit_pass=0
pg_unit_fail=0
pg_api_pass=0
pg_api_fail=0
pg_cluster=$logdir/pg
tests/lib/pgcluster.sh start "$pg_cluster" >"$logdir/pg.log" 2>&1
pg_rc=$?
if [ "$pg_rc" -eq 0 ] && tests/lib/pgcluster.sh template "$pg_cluster" "$CADRE_BIN" >>"$logdir/pg.log" 2>&1; then
    # The store's tests: those listed in store_tests of src/store/meson.build.
    store_tests=$(python3 -c 'import re, sys
s = open("src/store/meson.build").read()
print(" ".join(re.findall(r"\x27(\w+)\x27", re.search(r"store_tests = \[(.*?)\]", s, re.S).group(1))))')
    # A round trip per statement: slower than SQLite in-process, so more time.
    CADRE_TEST_PG=$pg_cluster run_unit "$logdir/unit-pg.log" --suite unit --timeout-multiplier 6 $store_tests
    pg_unit_pass=$count_pass
    pg_unit_fail=$count_fail
    [ "$pg_unit_fail" -ne 0 ] && grep -v '^\s*$' "$logdir/unit-pg.log" | tail -n 60
    CADRE_TEST_PG=$pg_cluster run_api "$logdir/api-pg.tap"
    pg_api_pass=$count_pass
    pg_api_fail=$count_fail
else
    echo "pg: cannot start a PostgreSQL cluster (scripts/deps.sh test installs it):" >&2
    tail -n 20 "$logdir/pg.log" >&2
    pg_unit_fail=1
    pg_api_fail=1
fi
tests/lib/pgcluster.sh stop "$pg_cluster" >/dev/null 2>&1
echo "unit (PostgreSQL): $pg_unit_pass passed, $pg_unit_fail failed"
echo "api (PostgreSQL): $pg_api_pass passed, $pg_api_fail failed"
total_pass=$((total_pass + pg_unit_pass + pg_api_pass))
total_fail=$((total_fail + pg_unit_fail + pg_api_fail))

# ---- browser tests (tests/e2e: headless Debian chromium, the embedded UI) --
e2e_pass=0
e2e_fail=0
if [ -x /usr/bin/chromium ] && [ -f web/dist/index.html ]; then
    CADRE_BIN="$CADRE_BIN" tests/e2e/run.sh >"$logdir/e2e.tap" 2>&1
    e2e_rc=$?
    e2e_pass=$(grep -E '^# pass [0-9]+' "$logdir/e2e.tap" | tail -n 1 | awk '{print $3}')
    failed=$(grep -E '^# fail [0-9]+' "$logdir/e2e.tap" | tail -n 1 | awk '{print $3}')
    cancelled=$(grep -E '^# cancelled [0-9]+' "$logdir/e2e.tap" | tail -n 1 | awk '{print $3}')
    e2e_pass=${e2e_pass:-0}
    e2e_fail=$((${failed:-0} + ${cancelled:-0}))
    if [ "$e2e_rc" -ne 0 ] && [ "$e2e_fail" -eq 0 ]; then
        e2e_fail=1
    fi
    if [ "$e2e_fail" -ne 0 ]; then
        awk '/^ *not ok /{show=40} show>0{print; show--}' "$logdir/e2e.tap" | head -n 200
        tail -n 40 "$logdir/e2e.tap"
    fi
else
    echo "e2e: chromium or the built web UI is missing (scripts/deps.sh test, scripts/web.sh)" >&2
    e2e_fail=1
fi
echo "e2e: $e2e_pass passed, $e2e_fail failed (screenshots in $BUILD/e2e-screenshots/)"
total_pass=$((total_pass + e2e_pass))
total_fail=$((total_fail + e2e_fail))

# ---- fault tests (tests/fault/run.sh: one line "fault: N passed, N failed") -
fault_out=$(tests/fault/run.sh 2>&1)
echo "$fault_out" | grep -v '^fault: [0-9]* passed' | grep -E 'FAIL|not ok|^#' | head -n 80
read -r fault_pass fault_fail < <(echo "$fault_out" |
    sed -n 's/^fault: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
fault_pass=${fault_pass:-0}
fault_fail=${fault_fail:-1}
echo "fault: $fault_pass passed, $fault_fail failed"
total_pass=$((total_pass + fault_pass))
total_fail=$((total_fail + fault_fail))

# ---- format (clang-format: every C file as .clang-format says) -------------
# Style drift fails the suite instead of accumulating: one case per file,
# failed when `make format` would change it (the diff is shown).
format_pass=0
format_fail=0
if ! command -v clang-format >/dev/null 2>&1; then
    echo "format: clang-format is not installed (scripts/deps.sh test)" >&2
    format_fail=1
else
    while IFS= read -r f; do
        if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
            format_pass=$((format_pass + 1))
        else
            format_fail=$((format_fail + 1))
            echo "format: $f differs from .clang-format (make format):"
            clang-format "$f" | diff -u "$f" - | head -n 20
        fi
    done < <(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'fuzz/*.c' 'bench/*.c' 2>/dev/null ||
             find src tests fuzz bench -name '*.[ch]' -not -path '*/node_modules/*')
fi
echo "format: $format_pass passed, $format_fail failed"
total_pass=$((total_pass + format_pass))
total_fail=$((total_fail + format_fail))

# ---- fuzz (fuzz/run.sh: one pass or fail per target) ------------------------
FUZZ_TEST_SECONDS=${FUZZ_TEST_SECONDS:-30}
if [ "$FUZZ_TEST_SECONDS" -gt 0 ]; then
    fuzz_out=$(env -u ASAN_OPTIONS -u UBSAN_OPTIONS FUZZ_SECONDS="$FUZZ_TEST_SECONDS" fuzz/run.sh 2>&1)
    echo "$fuzz_out" | grep -v '^fuzz: [0-9]* passed'
    read -r fuzz_pass fuzz_fail < <(echo "$fuzz_out" |
        sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
    fuzz_pass=${fuzz_pass:-0}
    fuzz_fail=${fuzz_fail:-1}
    echo "fuzz: $fuzz_pass passed, $fuzz_fail failed"
    total_pass=$((total_pass + fuzz_pass))
    total_fail=$((total_fail + fuzz_fail))
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
