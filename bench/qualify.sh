#!/usr/bin/env bash
# bench/qualify.sh — the 资格名单 of a 1,000,000-person database: every
# cadre in service evaluated for every computed target (next 职级, next
# 职务层次) from the database to the finished list (`cadre qualify --list`
# into a file), beside the time `sqlite3` takes merely to read the same rows
# with the same queries. Runs each three times and prints the medians, with
# the peak memory of cadre and the load average before and after.
# Uses bench/data/people-1m.db (bench/gen.sh --1m), copied so that the
# migration `cadre init` applies does not touch it. Target: within 3× of
# the read and under 5 s.
#
#   bench/qualify.sh [DB]                    # cadre with --threads = online CPUs
#   THREADS="1 2" bench/qualify.sh [DB]      # one series per thread count
#   BENCH_BIN=/path/to/cadre bench/qualify.sh  # another binary (before/after)
#
# Run it under the shared lock so benchmarks do not overlap:
#   flock /tmp/cadre-bench.lock bench/qualify.sh
# Every series' list is compared byte for byte with the first one.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-bench/data/people-1m.db}
[ -f "$src" ] || { echo "bench/qualify.sh: 缺少 $src（先运行 bench/gen.sh --1m）" >&2; exit 2; }
threads=${THREADS:-$(nproc)}
# BENCH_BIN: another binary to measure (a baseline kept aside), as is.
bin=${BENCH_BIN:-build/cadre}
[ -n "${BENCH_BIN:-}" ] || make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
mkdir -p bench/out
db=bench/out/qualify-1m.db
cp "$src" "$db"
"$bin" --db "$db" init >/dev/null 2>&1
cat "$db" >/dev/null # warm the page cache for both runs alike

read_sql=$(cat <<'SQL'
SELECT p.id, p.name, p.gender, p.birth_date, p.party, p.party_join_date, p.work_start_date, p.id_number, coalesce(p.unit_id, 0), p.status, p.current_rank, p.current_post_level, p.current_post_title FROM people p ORDER BY p.id;
SELECT person_id, id, kind, coalesce(unit_id, 0), title, post_level, rank, start_date, end_date, concurrent, grassroots FROM career ORDER BY person_id, start_date, id;
SELECT person_id, id, kind, education, degree, start_date, end_date FROM education ORDER BY person_id, id;
SELECT person_id, id, year, grade FROM assessments ORDER BY person_id, year;
SELECT person_id, id, kind, decision_date, effect_months FROM punishments ORDER BY person_id, id;
SELECT person_id, id, relation, name, birth_date, id_number, status, work_unit FROM family ORDER BY person_id, id;
SELECT person_id, hours, start_date, end_date FROM training ORDER BY person_id, id;
SQL
)

median() { sort -n | sed -n 2p; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

first_sum=
for n in $threads; do
  q=(); cpu=(); mem=()
  for i in 1 2 3; do
    # elapsed, user + system CPU, peak RSS (KB)
    read -r e u s m < <( { /usr/bin/time -f '%e %U %S %M' "$bin" --db "$db" qualify --as-of 2025-06-01 --list --threads "$n" >bench/out/qualify-1m.tsv; } 2>&1 | tail -1)
    q+=("$e"); cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"); mem+=("$m")
  done
  sum=$(sha256sum <bench/out/qualify-1m.tsv | cut -d' ' -f1)
  : "${first_sum:=$sum}"
  [ "$sum" = "$first_sum" ] || { echo "bench/qualify.sh: --threads $n gives a different list" >&2; exit 1; }
  qm=$(printf '%s\n' "${q[@]}" | median)
  rows=$(wc -l <bench/out/qualify-1m.tsv)
  echo "qualify --threads $n (1M, every target, --list): runs ${q[*]} s, median $qm s; CPU ${cpu[*]} s; peak RSS $(printf '%s\n' "${mem[@]}" | sort -n | tail -1) KB; $rows rows, sha256 ${sum:0:16}"
  last_qm=$qm
done

r=()
for i in 1 2 3; do
  r+=("$( { /usr/bin/time -f %e sqlite3 "$db" "$read_sql" >/dev/null; } 2>&1 | tail -1)")
done
rm_=$(printf '%s\n' "${r[@]}" | median)
echo "sqlite3 read of the same rows:      runs ${r[*]} s, median $rm_ s"
awk -v q="$last_qm" -v r="$rm_" 'BEGIN { printf "last series: ratio %.2f× (target ≤ 3×), %s (target < 5 s)\n", q / r, (q < 5 ? "under 5 s" : "over 5 s") }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" --db "$db" qualify --as-of 2025-06-01
