#!/usr/bin/env bash
# bench/crypto.sh — what the row MACs of issue 16 (国密) cost: `cadre
# verify-data` over the 100k demo (every person's rows of every personnel
# table recomputed with HMAC-SM3 and compared), and the import of 100,000
# new people with row MACs (gm profile, key file present) against the same
# binary without them (no key file: rowmac is a no-op), interleaved,
# BENCH_RUNS times each (default 3). Wall and CPU time (user + system).
# Hold the lock:  flock /tmp/cadre-bench.lock bench/crypto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
out=bench/out/crypto
rm -rf "$out"
mkdir -p "$out"
make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
bench/gen.sh >/dev/null
bin=$PWD/build/cadre
timed() { # timed LABEL CMD...: runs CMD, prints LABEL and its times
  local label=$1
  shift
  /usr/bin/time -o "$out/t.txt" -f '%e %M %U %S' "$@" >"$out/last.txt" 2>&1 || true
  awk -v l="$label" '{ printf "%s: %s s wall, %.2f s CPU, %s KB peak\n", l, $1, $3 + $4, $2 }' "$out/t.txt"
}

# verify-data over the 100k demo: a copy switched to gm, its MACs sealed once.
db=$out/verify.db
cp bench/data/people-100k.db "$db"
"$bin" --db "$db" init >/dev/null 2>&1
"$bin" --db "$db" key init >/dev/null
"$bin" --db "$db" key profile gm >/dev/null
timed "verify-data --seal (first MACs of 100k people)" "$bin" --db "$db" verify-data --seal
echo "  row_macs: $("$bin" --db "$db" sql query 'SELECT count(*) FROM row_macs') groups"
for i in $(seq "$runs"); do timed "verify-data, run $i" "$bin" --db "$db" verify-data; done
tail -1 "$out/last.txt"

# The import of 100,000 new people, with and without row MACs.
"$bin" --db bench/data/people-100k.db export roster --format csv -o "$out/roster.csv" >/dev/null 2>&1
run() { # run with|without I
  local db=$out/import-$1-$2.db
  rm -f "$db"*
  "$bin" --db "$db" init >/dev/null 2>&1
  [ "$1" = with ] && "$bin" --db "$db" key init >/dev/null
  "$bin" --db "$db" demo --people 0 --seed 7 >/dev/null 2>&1
  timed "import 100k, $1 row MACs, run $2" "$bin" --db "$db" import roster "$out/roster.csv"
  rm -f "$db"*
}
for i in $(seq "$runs"); do
  run without "$i"
  run with "$i"
done
