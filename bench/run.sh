#!/usr/bin/env bash
# bench/run.sh — what `make bench` runs: the benchmarks of bench/README.md on
# the 100,000-person database, with a summary at the end.
#
#   1. data: bench/gen.sh (release build, people-100k.db when missing)
#   2. list: the release server on 127.0.0.1:18080 over a copy of the data,
#      wrk -t2 -c64 -d20s with bench/people_list.lua (rotating roster
#      filters, bearer token), BENCH_RUNS times; the median run is reported
#   3. memory: the server's peak resident set (VmHWM) after the wrk runs
#   4. import: `cadre export roster` of the 100,000 people to CSV and XLSX,
#      then `cadre import roster` of each into a fresh database holding only
#      the demo's units (BENCH_RUNS times, median) — skipped, with a note,
#      while those commands are not in the binary
#
# Environment: BENCH_RUNS (default 3), BENCH_DURATION (default 20s),
# BENCH_PORT (default 18080), BENCH_BIN (default build/cadre: another binary,
# such as a baseline kept aside, for before/after figures in one sitting).
# Results also go to bench/out/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-3}
duration=${BENCH_DURATION:-20s}
port=${BENCH_PORT:-18080}
bin=${BENCH_BIN:-build/cadre} # BENCH_BIN: another binary (before/after)
data=bench/data/people-100k.db
out=bench/out
mkdir -p "$out"

for tool in wrk curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench/run.sh: 需要 $tool（Debian: apt-get install $tool）" >&2
    exit 1
  fi
done

bench/gen.sh

# median VALUES...: the middle value (the lower middle for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# timed LOGFILE COMMAND...: runs COMMAND, appends "seconds max_rss_kib" to
# LOGFILE; fails when COMMAND fails.
timed() {
  local log=$1
  shift
  local rc=0
  /usr/bin/time -o "$log.time" -f "%e %M" "$@" || rc=$?
  # GNU time puts "Command exited with non-zero status N" before the figures.
  tail -1 "$log.time" >>"$log"
  return $rc
}

summary=()
note() {
  summary+=("$1")
}

server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# ---- list: wrk against the release server ----
serve_db=$out/serve.db
rm -f "$serve_db" "$serve_db-wal" "$serve_db-shm"
cp "$data" "$serve_db"
# The demo accounts hold one-time passwords (the API refuses them until
# changed): the benchmark uses an account of its own.
$bin --db "$serve_db" init >/dev/null 2>&1
printf 'Bench#2024password\n' | $bin --db "$serve_db" user add bench --role personnel --password-stdin >/dev/null
token=$($bin --db "$serve_db" token create bench --name bench 2>/dev/null | tail -1)
if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
  echo "bench/run.sh: 端口 $port 已被占用（另一个服务？），请用 BENCH_PORT 指定其他端口" >&2
  exit 1
fi
$bin --db "$serve_db" serve --listen "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! curl -fsS -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/people?per_page=1" >/dev/null; then
  echo "bench/run.sh: 服务未就绪，见 $out/server.log" >&2
  exit 1
fi

export CADRE_TOKEN=$token
# Warm the page cache and the statement caches before measuring.
wrk -t2 -c64 -d3s -s bench/people_list.lua "http://127.0.0.1:$port" >/dev/null
rps=() p99=() p50=() bad=0
for i in $(seq "$runs"); do
  wrk -t2 -c64 -d"$duration" --latency -s bench/people_list.lua \
    "http://127.0.0.1:$port" | tee "$out/wrk-$i.txt"
  line=$(grep '^RESULT' "$out/wrk-$i.txt")
  rps+=("$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")")
  p50+=("$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$line")")
  p99+=("$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$line")")
  n=$(sed -E 's/.*non2xx=([0-9]+) errors=([0-9]+).*/\1 + \2/' <<<"$line")
  bad=$((bad + n))
done
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
cleanup
server_pid=

note "列表 GET /api/v1/people（wrk -t2 -c64 -d$duration，$runs 次取中位数）: $(median "${rps[@]}") 次/秒，p50 $(median "${p50[@]}") ms，p99 $(median "${p99[@]}") ms（目标 ≥ 5000 次/秒，p99 < 20 ms）"
if [ "$bad" -ne 0 ]; then
  note "  注意：共有 $bad 个非 2xx 响应或连接错误，结果无效"
fi
note "服务峰值常驻内存 VmHWM: $((hwm / 1024)) MiB（$hwm KiB；目标 < 64 MiB）"

# ---- import: export the roster, import it into the demo's bare units ----
has_command() {
  # A command that is still the placeholder prints no usage.
  $bin "$1" --help 2>/dev/null | grep -q "用法"
}
if has_command export && has_command import; then
  units_db=$out/units-only.db
  rm -f "$units_db" "$units_db-wal" "$units_db-shm"
  $bin --db "$units_db" demo --people 0 --seed 7 >/dev/null
  for format in csv xlsx; do
    file=$out/roster-100k.$format
    rm -f "$file"
    : >"$out/export-$format.log"
    if ! timed "$out/export-$format.log" $bin --db "$data" export roster --format "$format" \
      -o "$file" 2>"$out/export-$format.err"; then
      note "花名册 ${format^^} 导出失败: $(tail -1 "$out/export-$format.err")"
      continue
    fi
    : >"$out/import-$format.log"
    failed=false message=
    for i in $(seq "$runs"); do
      db=$out/import-$format.db
      rm -f "$db" "$db-wal" "$db-shm"
      cp "$units_db" "$db"
      if ! timed "$out/import-$format.log" $bin --db "$db" import roster "$file" \
        >"$out/import-$format.err" 2>&1; then
        failed=true
        message=$(grep -v -e '^共' -e ' info ' "$out/import-$format.err" | head -1)
        break
      fi
    done
    exp=$(cut -d' ' -f1 "$out/export-$format.log")
    if $failed; then
      note "花名册 ${format^^} 导入 100,000 行: 失败（$message）；导出 $exp s"
      continue
    fi
    secs=$(median $(cut -d' ' -f1 "$out/import-$format.log"))
    rss=$(median $(cut -d' ' -f2 "$out/import-$format.log"))
    target=""
    [ "$format" = csv ] && target="（目标 < 5 s）"
    note "花名册 ${format^^} 导入 100,000 行: $secs s，峰值内存 $((rss / 1024)) MiB$target；导出 $exp s"
  done
else
  note "花名册导入导出: 未测（cadre export/import roster 尚未实现）"
fi

{
  echo "== cadre 基准 $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) 核 $(uname -m) =="
  printf '%s\n' "${summary[@]}"
} | tee "$out/summary.txt"
