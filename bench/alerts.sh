#!/usr/bin/env bash
# bench/alerts.sh — GET /api/v1/alerts (the dashboard's 提醒) on the release
# server over a copy of a benchmark database: the first call after a write
# (every person in the query evaluated again, record checks included) and
# the call after it (the cached list). BENCH_RUNS times (default 3), each
# after a PATCH of one person's notes; prints every time and the medians,
# and the load average before and after.
#
#   flock /tmp/cadre-bench.lock bench/alerts.sh [DB]   # default bench/data/people-100k.db
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
port=${BENCH_PORT:-18081}
src=${1:-bench/data/people-100k.db}
bin=${BENCH_BIN:-build/cadre} # BENCH_BIN: another build, to compare
[ -f "$src" ] || { echo "bench/alerts.sh: 缺少 $src（先运行 bench/gen.sh）" >&2; exit 2; }
make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
mkdir -p bench/out
db=bench/out/alerts.db
rm -f "$db" "$db-wal" "$db-shm"
cp "$src" "$db"
$bin --db "$db" init >/dev/null 2>&1
printf 'Bench#2024password\n' | $bin --db "$db" user add bench --role personnel --password-stdin >/dev/null
token=$($bin --db "$db" token create bench --name bench 2>/dev/null | tail -1)
$bin --db "$db" serve --listen "127.0.0.1:$port" >bench/out/alerts-server.log 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
call() {
  curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/alerts?per_page=20"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
after_write=() cached=()
for i in $(seq "$runs"); do
  curl -fsS -o /dev/null -X PATCH -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"notes\":\"bench $i\"}" \
    "http://127.0.0.1:$port/api/v1/people/1"
  after_write+=("$(call)")
  cached+=("$(call)")
done
echo "alerts, first call after a write: ${after_write[*]} s, median $(median "${after_write[@]}") s"
echo "alerts, the call after it (cached): ${cached[*]} s, median $(median "${cached[@]}") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
