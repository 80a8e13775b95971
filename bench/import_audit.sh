#!/usr/bin/env bash
# bench/import_audit.sh — what the per-person audit records of a roster
# import cost (issue 18): 100,000 rows imported as new people into a
# database holding only the demo's units, then the same file with every
# person's 籍贯 changed (100,000 updates, each with its before → after
# record), by this tree's release binary and by BASE's (default: main;
# built in a temporary worktree), interleaved in one run, BENCH_RUNS times
# each (default 3). Each binary imports its own export of the 100k demo
# (their roster layouts differ). Wall time and CPU time (user + system:
# steadier than wall time on a machine others load) of each. Hold the lock:
#   flock /tmp/cadre-bench.lock bench/import_audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
base=${BASE:-main}
out=bench/out/import-audit
rm -rf "$out"
mkdir -p "$out"

make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
bench/gen.sh >/dev/null
data=bench/data/people-100k.db

# The base binary, release, from a temporary worktree (the web UI copied
# in: an import does not use it, and npm is not needed).
base_dir=$(mktemp -d /tmp/cadre-bench-base.XXXXXX)
cleanup() { git worktree remove --force "$base_dir" >/dev/null 2>&1 || rm -rf "$base_dir"; }
trap cleanup EXIT
git worktree add --detach "$base_dir" "$base" >/dev/null 2>&1
[ -d web/dist ] && cp -r web/dist "$base_dir/web/"
(cd "$base_dir" && meson setup build --buildtype=release -Db_pie=true -Dhardened=true -Dtests=false >/dev/null &&
  ninja -C build cadre >/dev/null)

declare -A bin=([base]="$base_dir/build/cadre" [this]="$PWD/build/cadre")
echo "base: $base ($(git rev-parse --short "$base")), this: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + changes')"

for who in base this; do
  # Each binary's own export, and the same with every 籍贯 changed.
  "${bin[$who]}" --db "$data" export roster --format csv -o "$out/$who.csv" >/dev/null 2>&1
  python3 - "$out/$who.csv" "$out/$who-changed.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
col = rows[0].index('籍贯')
for r in rows[1:]:
    r[col] = (r[col] or '') + '县'
w = csv.writer(open(sys.argv[2], 'w', encoding='utf-8-sig', newline=''), lineterminator='\r\n')
w.writerows(rows)
PY
done

# run WHO RUN: a fresh units-only database, the import, then the changed file.
run() {
  local who=$1 i=$2 db=$out/$1-$2.db
  rm -f "$db"*
  "${bin[$who]}" --db "$db" init >/dev/null 2>&1
  "${bin[$who]}" --db "$db" demo --people 0 --seed 7 >/dev/null 2>&1
  /usr/bin/time -o "$out/t.txt" -f '%e %M %U %S' "${bin[$who]}" --db "$db" import roster "$out/$who.csv" >"$out/$who-$i.txt" 2>/dev/null
  local created; created=$(awk '{ printf "%s s wall, %.2f s CPU, %s KB peak", $1, $3 + $4, $2 }' "$out/t.txt")
  /usr/bin/time -o "$out/t.txt" -f '%e %M %U %S' "${bin[$who]}" --db "$db" import roster "$out/$who-changed.csv" >>"$out/$who-$i.txt" 2>/dev/null
  local updated; updated=$(awk '{ printf "%s s wall, %.2f s CPU, %s KB peak", $1, $3 + $4, $2 }' "$out/t.txt")
  local audit; audit=$(sqlite3 "$db" "SELECT count(*) FROM audit_log")
  local size; size=$(du -k "$db" | cut -f1)
  echo "$who run $i: create 100k: $created; update 100k: $updated; audit records $audit, db ${size} KB"
  rm -f "$db"*
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  run base "$i"
  run this "$i"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
