#!/usr/bin/env bash
# bench/load.sh — the load test of issue 6 (docs/reliability.md): the
# release server over a copy of bench/data/people-100k.db, wrk with
# bench/mixed.lua (lists, reads, creates, updates) at LOAD_CONNECTIONS (256)
# connections for LOAD_DURATION (60 s). Samples the server's resident set
# every second and compares the mean of the first and the last 10 s.
# Passes when wrk saw no error and no non-2xx answer, the server is alive,
# the file passes integrity_check, and the RSS growth, less what the people
# created during the run legitimately add to the in-memory roster index
# (LOAD_BYTES_PER_PERSON, 300 bytes each), is at most LOAD_RSS_SLACK_KIB
# (4096). Results in bench/out/load.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${LOAD_CONNECTIONS:-256}
duration=${LOAD_DURATION:-60}
port=${LOAD_PORT:-18090}
slack=${LOAD_RSS_SLACK_KIB:-4096}
per_person=${LOAD_BYTES_PER_PERSON:-300}
bin=${LOAD_BIN:-build/cadre}
out=bench/out
mkdir -p "$out"
[ -f bench/data/people-100k.db ] || bench/gen.sh
db=$out/load.db
rm -f "$db" "$db-wal" "$db-shm"
cp bench/data/people-100k.db "$db"
$bin --db "$db" init >/dev/null 2>&1
people_before=$(sqlite3 "$db" 'SELECT count(*) FROM people')
printf 'Load#2024password\n' | $bin --db "$db" user add load --role personnel --password-stdin >/dev/null
token=$($bin --db "$db" token create load 2>/dev/null | tail -1)
$bin --db "$db" serve --listen "127.0.0.1:$port" >"$out/load-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; kill $sampler 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
(while kill -0 $pid 2>/dev/null; do awk '/VmRSS/{print $2}' /proc/$pid/status; sleep 1; done) >"$out/load-rss.txt" &
sampler=$!
CADRE_TOKEN=$token wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency -s bench/mixed.lua \
  "http://127.0.0.1:$port" | tee "$out/load-wrk.txt"
kill $sampler 2>/dev/null || true
alive=yes
kill -0 $pid 2>/dev/null || alive=no
mapfile -t rss <"$out/load-rss.txt"
n=${#rss[@]}
first=$(printf '%s\n' "${rss[@]:1:10}" | awk '{s+=$1} END {printf "%d", s/NR}')
last=$(printf '%s\n' "${rss[@]:$((n > 11 ? n - 11 : 0)):10}" | awk '{s+=$1} END {printf "%d", s/NR}')
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
kill $pid
wait $pid || true
integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
result=$(grep '^RESULT' "$out/load-wrk.txt")
people=$(sqlite3 "$db" 'SELECT count(*) FROM people')
added=$((people - people_before))
allowed=$((slack + added * per_person / 1024))
{
  echo "date: $(date -u +%F)  connections: $conns  duration: ${duration}s  cores: $(nproc)"
  echo "$result"
  echo "rss_kib first10s=$first last10s=$last growth=$((last - first)) allowed=$allowed ($slack KiB + $added added x $per_person B) peak=$peak  alive=$alive  integrity=$integrity  people_after=$people"
} | tee "$out/load.txt"
non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$result")
errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$result")
ok=yes
[ "$non2xx" = 0 ] && [ "$errors" = 0 ] || ok=no
[ "$alive" = yes ] && [ "$integrity" = ok ] || ok=no
[ $((last - first)) -le "$allowed" ] || ok=no
echo "load: $ok"
[ $ok = yes ]
