#!/usr/bin/env bash
# bench/import_vs_sqlite.sh — `cadre import roster` of 100,000 CSV rows
# against sqlite3's own `.import` of the same file (issue 18: within 6×),
# side by side in one run. The file is the release binary's CSV export of
# the 100k demo (bench/gen.sh); each run starts from a fresh copy of a
# database holding only the demo's units (`cadre demo --people 0 --seed 7`):
# cadre creates the 100,000 people with every check and one audit record
# per person; sqlite3 loads the rows as text into a plain table. The two
# alternate BENCH_RUNS times each (default 5); medians of wall time and of
# CPU time (user + system: steadier on a machine others load) and their
# ratios. BENCH_BIN: another cadre binary (before/after in one sitting).
# Hold the lock when others use the machine:
#   flock /tmp/cadre-bench.lock bench/import_vs_sqlite.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
bin=${BENCH_BIN:-build/cadre}
out=bench/out/import-vs-sqlite
rm -rf "$out"
mkdir -p "$out"

command -v sqlite3 >/dev/null || {
  echo "bench/import_vs_sqlite.sh: 需要 sqlite3（Debian: apt-get install sqlite3）" >&2
  exit 1
}
bench/gen.sh >/dev/null
data=bench/data/people-100k.db

# The file, and the database holding only the units (a copy of which each
# run starts from).
csv=$out/roster-100k.csv
"$bin" --db "$data" export roster --format csv -o "$csv" >/dev/null 2>&1
units=$out/units.db
"$bin" --db "$units" demo --people 0 --seed 7 >/dev/null 2>&1
echo "file: $csv, $(($(wc -l <"$csv") - 1)) rows, $(du -k "$csv" | cut -f1) KB; binary: $bin"

# median VALUES...: the middle value (the lower middle for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# timed WHO COMMAND...: runs COMMAND on a fresh copy of the units database
# (its path replaces @DB), appends "wall cpu peak_kb" to $out/WHO.times.
timed() {
  local who=$1 db=$out/run.db
  shift
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$units" "$db"
  local args=()
  for a in "$@"; do args+=("${a//@DB/$db}"); done
  /usr/bin/time -o "$out/t.txt" -f '%e %U %S %M' "${args[@]}" >"$out/$who.log" 2>&1
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out/t.txt" >>"$out/$who.times"
  rm -f "$db" "$db-wal" "$db-shm"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  timed cadre "$bin" --db @DB import roster "$csv"
  grep -q '新增 100000 人' "$out/cadre.log" || {
    echo "bench/import_vs_sqlite.sh: 导入失败，见 $out/cadre.log" >&2
    exit 1
  }
  timed sqlite3 sqlite3 @DB ".import --csv $csv roster_import"
  echo "run $i: cadre $(tail -1 "$out/cadre.times"), sqlite3 $(tail -1 "$out/sqlite3.times") (wall s, CPU s, peak KB)"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

c_wall=$(median $(cut -d' ' -f1 "$out/cadre.times"))
c_cpu=$(median $(cut -d' ' -f2 "$out/cadre.times"))
s_wall=$(median $(cut -d' ' -f1 "$out/sqlite3.times"))
s_cpu=$(median $(cut -d' ' -f2 "$out/sqlite3.times"))
echo "median of $runs: cadre import roster $c_wall s wall, $c_cpu s CPU;" \
  "sqlite3 .import $s_wall s wall, $s_cpu s CPU"
awk -v cw="$c_wall" -v sw="$s_wall" -v cc="$c_cpu" -v sc="$s_cpu" 'BEGIN {
  printf "ratio: %.1f× wall, %.1f× CPU (target ≤ 6×)\n", cw / sw, cc / sc }'
