#!/usr/bin/env bash
# bench/import_errors.sh — a roster of 100,000 rows, every one with a wrong
# ID check character: the API's 422 answer (size, time; its error list is
# capped at 1,000 with errors_total/errors_omitted) and the CLI's report
# (first 100 lines, and --json --max-errors 0: every error), release build,
# three runs each. Hold the lock: flock /tmp/cadre-bench.lock bench/import_errors.sh
set -euo pipefail
cd "$(dirname "$0")/.."
make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
BIN=$PWD/build/cadre
out=bench/out/import-errors
rm -rf "$out"
mkdir -p "$out"
python3 - "$out/bad100k.csv" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
check = '10X98765432'
lines = ['姓名,性别,出生年月,身份证号']
for i in range(100000):
    y, m, d = 1960 + i % 30, 1 + i % 9, 10 + i % 10
    head = f"110101{y}{m:02d}{d:02d}{i % 999:03d}"
    good = check[sum(int(head[k]) * w[k] for k in range(17)) % 11]
    lines.append(f"错行{i},男,{y}-{m:02d}-{d},{head}{'1' if good == '0' else '0'}")
open(sys.argv[1], 'w').write('\n'.join(lines) + '\n')
PY
db=$out/b.db
"$BIN" --db "$db" init >/dev/null 2>&1
echo 'Bench#2024pass' | "$BIN" --db "$db" user add bench --role personnel --password-stdin >/dev/null
token=$("$BIN" --db "$db" token create bench | tail -1)
port=${BENCH_PORT:-18080}
"$BIN" --db "$db" serve --listen 127.0.0.1:$port --threads 2 >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$port/api/v1/health && break; sleep 0.1; done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in 1 2 3; do
    curl -s -o "$out/answer.json" -w 'api: status %{http_code}, %{size_download} bytes, %{time_total} s\n' \
        -H "Authorization: Bearer $token" -F "file=@$out/bad100k.csv;type=text/csv" \
        http://127.0.0.1:$port/api/v1/imports/roster
done
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('api errors listed', len(d['errors']), 'errors_total', d['errors_total'], 'errors_omitted', d['errors_omitted'])" "$out/answer.json"
for _ in 1 2 3; do
    /usr/bin/time -o "$out/time.txt" -f 'cli (first 100 printed): %e s, %M KB' \
        "$BIN" --db "$db" import roster "$out/bad100k.csv" >/dev/null 2>"$out/cli.txt" || true
    grep -v "^Command exited" "$out/time.txt"
done
for _ in 1 2 3; do
    /usr/bin/time -o "$out/time.txt" -f 'cli --json --max-errors 0 (every error): %e s, %M KB' \
        "$BIN" --db "$db" import roster "$out/bad100k.csv" --json --max-errors 0 >"$out/all.json" 2>/dev/null || true
    grep -v "^Command exited" "$out/time.txt"
done
echo "every error as JSON: $(stat -c %s "$out/all.json") bytes"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
