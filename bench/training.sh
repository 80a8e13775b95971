#!/usr/bin/env bash
# bench/training.sh — training (#12, docs/training.md) on 100,000 people:
#  1. compliance: five years of classes for everyone — 500 classes of 10
#     sessions, each person in 10 of them (1,000,000 enrolments, 10,000,000
#     attendance rows) — then `cadre training compliance --json` of the whole
#     registry, beside the time `cadre sql` takes merely to read the
#     attendance rows. Compliance reads the credits kept on the enrolments
#     (recomputed by the store whenever a mark changes), not the marks.
#  2. import: a 培训登记表 of 100,000 rows (one per person, from the roster
#     export's ID numbers and names) through `cadre training import`.
# Target: each under 5 s. Medians of BENCH_RUNS (default 3) runs.
#
#   bench/training.sh [DB]      # default bench/data/people-100k.db (bench/gen.sh)
#   BENCH_BIN=/path/to/cadre bench/training.sh
#
# Run under the shared lock: flock /tmp/cadre-bench.lock bench/training.sh
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-bench/data/people-100k.db}
[ -f "$src" ] || { echo "bench/training.sh: 缺少 $src（先运行 bench/gen.sh）" >&2; exit 2; }
bin=${BENCH_BIN:-build/cadre}
[ -n "${BENCH_BIN:-}" ] || make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
runs=${BENCH_RUNS:-3}
mkdir -p bench/out
db=bench/out/training-100k.db
rm -f "$db" "$db-wal" "$db-shm"
cp "$src" "$db"
"$bin" --db "$db" init >/dev/null 2>&1

# ---- data: classes, sessions, enrolments, marks, credits (SQL, setup only) --
start=$(date +%s.%N)
"$bin" --db "$db" sql exec --checkpoint <<'SQL'
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499)
INSERT INTO training_classes (id, name, category, start_date, end_date, recognised)
SELECT 1000000 + i, '基准班' || i, 'inservice',
       printf('%d-%02d-01', 2022 + i / 100, 1 + (i % 100) / 10),
       printf('%d-%02d-10', 2022 + i / 100, 1 + (i % 100) / 10), 1
FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
INSERT INTO training_sessions (class_id, day, hours)
SELECT c.id, c.start_date, 4 FROM training_classes c, n WHERE c.id >= 1000000;
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
INSERT INTO training_enrolments (class_id, person_id, status)
SELECT 1000000 + k.j * 50 + p.id % 50, p.id, 'completed' FROM people p, k;
INSERT INTO training_attendance (session_id, person_id, mark)
SELECT s.id, e.person_id, CASE WHEN (s.id + e.person_id) % 23 = 0 THEN 'leave' ELSE 'present' END
FROM training_enrolments e JOIN training_sessions s ON s.class_id = e.class_id;
-- What the store's recompute keeps on each enrolment (core/training.c:
-- leave over 1/7 of 40 学时 credits nothing).
-- One pass over the leave marks (a correlated subquery per enrolment took
-- longer than 25 minutes under load).
UPDATE training_enrolments SET missed = x.m
FROM (SELECT s.class_id AS c, a.person_id AS p, 4 * count(*) AS m
      FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
      WHERE a.mark = 'leave' GROUP BY s.class_id, a.person_id) x
WHERE x.c = training_enrolments.class_id AND x.p = training_enrolments.person_id;
UPDATE training_enrolments SET passed = CASE WHEN missed * 7 <= 40 THEN 1 ELSE 0 END,
  credited = CASE WHEN missed * 7 <= 40 THEN 40 - missed ELSE 0 END;
COMMIT;
SQL
gen=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
rows=$("$bin" --db "$db" sql query "SELECT count(*) FROM training_attendance")
echo "数据：$rows 条考勤，生成 ${gen} 秒"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # prints seconds of "$@" (output discarded)
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
}

read_t=$(for _ in $(seq "$runs"); do
  timeit "$bin" --db "$db" sql query \
    "SELECT a.person_id, a.mark, s.hours FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id"
done | median)
comp_t=$(for _ in $(seq "$runs"); do
  timeit "$bin" --db "$db" training compliance --as-of 2026-12-31 --json
done | median)
short=$("$bin" --db "$db" training compliance --as-of 2026-12-31 --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "读出考勤行：${read_t} 秒；学时达标名单（全部在职干部）：${comp_t} 秒；学时不足 ${short} 人次"

# ---- import of a 100,000-row 培训登记表 --------------------------------
roster=bench/out/training-roster.csv
sheet=bench/out/training-sheet.csv
"$bin" --db "$db" export roster --format csv -o "$roster" >/dev/null
python3 - "$roster" "$sheet" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
head = rows[0]
ni, nn = head.index('身份证号'), head.index('姓名')
with open(dst, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(['身份证号', '姓名', '培训班名称', '主办单位', '培训类别', '开始日期', '结束日期', '学时', '请假学时'])
    for i, r in enumerate(rows[1:]):
        if not r[ni]:
            continue
        w.writerow([r[ni], r[nn], f'导入基准班{i % 200}', '市委组织部', '在职培训',
                    '2026-05-01', '2026-05-10', 40, (i % 9)])
PY
lines=$(($(wc -l <"$sheet") - 1))
imp_t=$(for _ in $(seq "$runs"); do
  timeit "$bin" --db "$db" training import "$sheet"
done | median)
echo "导入培训登记表 ${lines} 行：${imp_t} 秒（第二次起为更新）"
