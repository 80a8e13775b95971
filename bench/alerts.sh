#!/usr/bin/env bash
# bench/alerts.sh — GET /api/v1/alerts (the dashboard's 提醒) on the release
# server over a copy of a benchmark database: the first call (every person
# in the query evaluated, record checks included), then BENCH_RUNS times
# (default 3) a write and the first call after it (since issue 19 a merge:
# only the people the write touched are evaluated again) and the call
# after that (the cached list). The writes alternate: a PATCH of one
# person's notes, a family record added to another. Prints every time, the
# medians, the Server-Timing of each call (how the list was had and how
# many people were evaluated) and the load average before and after.
#
#   flock /tmp/cadre-bench.lock bench/alerts.sh [DB]   # default bench/data/people-100k.db
#   DB may be a postgresql:// URL of a database holding the same data
#   (`cadre migrate-db`): it is used in place, and its key file is CADRE_KEY.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
port=${BENCH_PORT:-18081}
src=${1:-bench/data/people-100k.db}
bin=${BENCH_BIN:-build/cadre} # BENCH_BIN: another build, to compare
[[ $src == postgres* ]] || [ -f "$src" ] || { echo "bench/alerts.sh: 缺少 $src（先运行 bench/gen.sh）" >&2; exit 2; }
[ -n "${BENCH_BIN:-}" ] || make build >/dev/null 2>&1 || ninja -C build cadre >/dev/null
mkdir -p bench/out
if [[ $src == postgres* ]]; then
  db=$src
else
  db=bench/out/alerts.db
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$src" "$db"
fi
$bin --db "$db" init >/dev/null 2>&1
printf 'Bench#2024password\n' | $bin --db "$db" user add "bench$$" --role personnel --password-stdin >/dev/null
token=$($bin --db "$db" token create "bench$$" --name bench 2>/dev/null | tail -1)
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
# Prints the call's time in seconds; its Server-Timing goes to stderr.
call() {
  local out
  out=$(curl -fsS -o /dev/null -D - -w 'time=%{time_total}\n' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/alerts?per_page=20")
  grep -i '^server-timing' <<<"$out" | tr -d '\r' >&2
  sed -n 's/^time=//p' <<<"$out"
}
write() {
  if (($1 % 2)); then
    curl -fsS -o /dev/null -X PATCH -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"notes\":\"bench $1\"}" \
      "http://127.0.0.1:$port/api/v1/people/1"
  else
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"relation\":\"父亲\",\"name\":\"基准$1\",\"birth_date\":\"1950-01-01\"}" \
      "http://127.0.0.1:$port/api/v1/people/2/family"
  fi
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "alerts, first call (everyone evaluated): $(call) s"
after_write=() cached=()
for i in $(seq "$runs"); do
  write "$i"
  after_write+=("$(call)")
  cached+=("$(call)")
done
echo "alerts, first call after a write: ${after_write[*]} s, median $(median "${after_write[@]}") s"
echo "alerts, the call after it (cached): ${cached[*]} s, median $(median "${cached[@]}") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
