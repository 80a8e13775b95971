#!/usr/bin/env bash
# bench/crypto_callgrind.sh — the row MACs' cost on a roster import in
# instructions, not seconds: valgrind's callgrind counts the instructions
# the release binary executes, which the machine's load does not change
# (bench/crypto.sh's wall and CPU times were within the noise of a shared
# machine). The import of an N-person CSV roster (default 2,000; BENCH_PEOPLE)
# into a units-only database, once with row MACs (gm, key file present) and
# once without (no key file: every rowmac_touch returns at once); the
# difference per person, and the inclusive count of rowmac_touch in the run
# with MACs.  Needs valgrind (Debian package of that name).
set -euo pipefail
cd "$(dirname "$0")/.."
people=${BENCH_PEOPLE:-2000}
out=bench/out/crypto_callgrind
rm -rf "$out"
mkdir -p "$out"
make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
bin=$PWD/build/cadre

# The roster to import: the demo's N people, exported as CSV.
src=$out/source.db
"$bin" --db "$src" demo --people "$people" --seed 7 >/dev/null 2>&1
"$bin" --db "$src" export roster --format csv -o "$out/roster.csv" >/dev/null 2>&1

count() { # count with|without: instructions of the import, and of rowmac_touch
  local db=$out/import-$1.db
  rm -f "$db"*
  "$bin" --db "$db" init >/dev/null 2>&1
  [ "$1" = with ] && "$bin" --db "$db" key init >/dev/null
  "$bin" --db "$db" demo --people 0 --seed 7 >/dev/null 2>&1
  valgrind --tool=callgrind --callgrind-out-file="$out/$1.cg" \
    "$bin" --db "$db" import roster "$out/roster.csv" >/dev/null 2>"$out/$1.log"
  local total touch
  total=$(callgrind_annotate "$out/$1.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
  touch=$(callgrind_annotate --inclusive=yes "$out/$1.cg" 2>/dev/null |
    awk '/rowmac_touch/ { gsub(",", "", $1); print $1; exit }')
  echo "$1 ${total:-0} ${touch:-0}"
}
without=$(count without)
with=$(count with)
echo "$without"
echo "$with"
awk -v n="$people" -v a="$without" -v b="$with" 'BEGIN {
  split(a, x, " "); split(b, y, " ");
  printf "import of %d people: %.3f G instructions without row MACs, %.3f G with (+%.1f %%)\n",
    n, x[2] / 1e9, y[2] / 1e9, 100 * (y[2] - x[2]) / x[2];
  printf "row MACs: %.0f instructions per person (difference); rowmac_touch inclusive %.0f per person\n",
    (y[2] - x[2]) / n, y[3] / n;
}'
