#!/usr/bin/env bash
# bench/assess.sh — a 年度 round of 10,000 people rated by 30 raters each
# (300,000 ratings) through the command line (issue 11): the score sheet
# imported (parse, check every cell, write), then compute (load the
# ratings, composites, trimmed means, ranking, overrides and quota, save),
# beside the time to merely read the ratings back (`cadre sql query`
# of the scores column). Release build; figures in bench/README.md.
#
# Environment: BENCH_BIN (default build/cadre), BENCH_PEOPLE (10000),
# BENCH_RATERS (30). Output also in bench/out/assess.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${BENCH_BIN:-build/cadre}
people=${BENCH_PEOPLE:-10000}
raters=${BENCH_RATERS:-30}
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/assess.db

[ -x "$bin" ] || { echo "bench/assess.sh: $bin not built (make build)" >&2; exit 1; }

# Data: the demo department of $people cadres, and a round over its root.
"$bin" --db "$db" demo --people "$people" --seed 11 >/dev/null
root=$("$bin" --db "$db" sql query "SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1" | head -1)
round=$("$bin" --db "$db" assess round create --year 2025 --kind 年度 --unit "$root" --include-sub | tail -1)
"$bin" --db "$db" assess sheet "$round" -o "$work/blank.csv" >/dev/null

# The filled sheet: per person, $raters rating rows spread over the four
# groups and one 考试 row; scores drawn reproducibly.
python3 - "$work/blank.csv" "$work/filled.csv" "$raters" <<'EOF'
import csv, random, sys
blank, filled, raters = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(7)
with open(blank, encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
header = rows[0]
exam = [i for i, h in enumerate(header) if '考试（' in h]
level = [i for i, h in enumerate(header) if h.split('（')[0] in ('综合素质', '工作作风', '廉洁自律')]
people = []
for r in rows[1:]:
    if not people or people[-1][0] != r[0]:
        people.append((r[0], r[1]))
groups = ['领导'] * 5 + ['同级'] * 15 + ['下级'] * 9 + ['本人']
with open(filled, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(header)
    for idn, name in people:
        base = random.uniform(70, 95)
        for k in range(raters):
            cells = [idn, name, groups[k % len(groups)]]
            for i in range(3, len(header)):
                if i in exam:
                    cells.append('')
                elif i in level:
                    cells.append(random.choice('优良良中'))
                else:
                    cells.append('%.1f' % min(100, max(0, random.gauss(base, 5))))
            w.writerow(cells)
        w.writerow([idn, name, '考试'] + ['%.0f' % random.uniform(60, 100) if i in exam else '' for i in range(3, len(header))])
EOF
rows=$(($(wc -l < "$work/filled.csv") - 1))
size=$(du -h "$work/filled.csv" | cut -f1)

timed() { # label, command...: wall and CPU seconds via /usr/bin/time
    local label=$1; shift
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null
    read -r wall user sys < "$work/t"
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    printf '%-34s wall %6.2f s  cpu %6.2f s\n' "$label" "$wall" "$cpu"
    eval "${label//[^a-z]/_}_cpu=$cpu; ${label//[^a-z]/_}_wall=$wall"
}

{
echo "assessment round: $people people x $raters raters ($rows sheet rows, $size CSV), $(nproc) cores, $bin"
timed import "$bin" --db "$db" assess import "$round" "$work/filled.csv"
timed compute "$bin" --db "$db" assess compute "$round" --json
timed readback "$bin" --db "$db" sql query "SELECT person_id, group_position, scores FROM assessment_ratings"
n=$("$bin" --db "$db" sql query "SELECT count(*) FROM assessment_ratings" | head -1)
python3 - "$n" "$import_wall" "$compute_wall" "$import_cpu" "$compute_cpu" "$readback_cpu" <<'EOF'
import sys
n = int(sys.argv[1]); iw, cw, ic, cc, rc = map(float, sys.argv[2:])
print(f"ratings stored: {n}")
print(f"import + compute (ranking and quota included): {iw + cw:.2f} s wall (target < 10 s)")
print(f"CPU per rating: import {ic / n * 1e6:.1f} us, compute {cc / n * 1e6:.1f} us, "
      f"reading back only {rc / n * 1e6:.1f} us")
EOF
} | tee "$out/assess.txt"
