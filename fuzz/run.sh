#!/usr/bin/env bash
# fuzz/run.sh — builds the libFuzzer targets (build-fuzz: clang, ASan +
# UBSan + -fsanitize=fuzzer) and runs each for a bounded time.
#   fuzz/run.sh [target ...]        every target of fuzz/meson.build by default
#   FUZZ_SECONDS=60                 seconds per target
#   FUZZ_JOBS=$(nproc)              targets run side by side
# Each target first replays fuzz/regressions/<target>/* (every crash ever
# found: must pass), then fuzzes from fuzz/corpus/<target> (committed seeds)
# plus build-fuzz/corpus/<target> (what earlier runs grew; kept). A crash is
# saved as build-fuzz/crash/<target>/crash-*; copy it to fuzz/regressions/
# once fixed. Prints one line per target and ends with "fuzz: N passed, N
# failed"; exits non-zero when a target failed. Seconds fuzzed are added to
# build-fuzz/fuzz-seconds.log (target, seconds, runs, date) for
# docs/reliability.md.
set -u
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-$(nproc)}
B=build-fuzz

if [ ! -f "$B/build.ninja" ]; then
    # clang's warning set differs from gcc's (-Wformat-nonliteral under
    # -Wformat=2): the gcc builds keep -Werror, this one does not.
    CC=clang meson setup "$B" -Dfuzz=true -Dtests=false -Db_lundef=false \
        -Db_sanitize=address,undefined --buildtype=debugoptimized -Dwerror=false \
        >"${TMPDIR:-/tmp}/cadre-fuzz-setup.log" 2>&1 ||
        { cat "${TMPDIR:-/tmp}/cadre-fuzz-setup.log"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
fi
if ! ninja -C "$B" >"${TMPDIR:-/tmp}/cadre-fuzz-build.log" 2>&1; then
    tail -n 40 "${TMPDIR:-/tmp}/cadre-fuzz-build.log"
    echo "fuzz: 0 passed, 1 failed"
    exit 1
fi

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(sed -n "s/^  '\([a-z_]*\)': .*/\1/p" fuzz/meson.build)
fi

export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# One target: replay the regressions, then fuzz. Writes its verdict line to
# $B/log/<t>.result and the fuzzer's output to $B/log/<t>.log.
run_one() {
    local t=$1 exe="$B/fuzz/${1}_fuzz" log="$B/log/$1.log"
    mkdir -p "$B/corpus/$t" "$B/crash/$t" "$B/log"
    if [ ! -x "$exe" ]; then
        echo "fuzz $t: FAILED (no $exe)" >"$B/log/$t.result"
        return
    fi
    if [ -d "fuzz/regressions/$t" ] && [ -n "$(ls -A "fuzz/regressions/$t")" ]; then
        if ! "$exe" -runs=0 fuzz/regressions/"$t"/* >"$log.replay" 2>&1 &&
            ! "$exe" fuzz/regressions/"$t"/* >>"$log.replay" 2>&1; then
            echo "fuzz $t: FAILED (a regression input crashes again; see $log.replay)" >"$B/log/$t.result"
            return
        fi
    fi
    local start=$SECONDS
    "$exe" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2560 -max_len=262144 \
        -print_final_stats=1 -artifact_prefix="$B/crash/$t/" \
        "$B/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1
    local rc=$? took=$((SECONDS - start))
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    printf '%s\t%s\t%s\t%s\n' "$t" "$took" "${runs:-0}" "$(date -u +%FT%TZ)" >>"$B/fuzz-seconds.log"
    if [ $rc -eq 0 ]; then
        echo "fuzz $t: ok (${runs:-?} runs in ${took} s)" >"$B/log/$t.result"
    else
        echo "fuzz $t: FAILED after ${took} s; crash input in $B/crash/$t/" >"$B/log/$t.result"
        grep -E -A 30 '^==[0-9]+==ERROR|runtime error|Assertion|deadly signal' "$log" | head -n 40 \
            >>"$B/log/$t.result"
    fi
}

running=0
for t in "${targets[@]}"; do
    rm -f "$B/log/$t.result"
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$FUZZ_JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

pass=0
fail=0
for t in "${targets[@]}"; do
    if [ -f "$B/log/$t.result" ]; then
        cat "$B/log/$t.result"
        if head -n 1 "$B/log/$t.result" | grep -q ': ok'; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
        fi
    else
        echo "fuzz $t: FAILED (no result)"
        fail=$((fail + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
