#!/usr/bin/env bash
# bench/list_instructions.sh — the filtered list's cost in instructions per
# request, counted by valgrind's callgrind: a figure the load of a shared
# machine does not move, to compare two binaries (before/after a change)
# where requests a second are too noisy to tell a few per cent apart.
#
#   bench/list_instructions.sh DB BIN [BIN ...]
#
# For each BIN: a copy of DB (a database made by the oldest BIN, so every
# binary reads the same people; a newer one migrates its copy), the server
# under callgrind, one warm-up pass over the requests of bench/people_list.lua
# (56 queries), the counters zeroed, then BENCH_PASSES passes (default 3)
# over the same queries on one keep-alive connection, and the counters
# dumped. Prints instructions per request (all threads) and the top
# functions. CADRE_LIST_EXTRA is appended to every query, as in
# people_list.lua. Needs valgrind and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
  echo "用法: bench/list_instructions.sh 数据库 程序 [程序 ...]" >&2
  exit 2
fi
db=$1
shift
passes=${BENCH_PASSES:-3}
port=${BENCH_PORT:-18090}
extra=${CADRE_LIST_EXTRA:-}
out=bench/out/callgrind
mkdir -p "$out"

# The queries of people_list.lua, in its order.
paths=()
add() {
  local q=$1
  [ -n "$extra" ] && q="$q&$extra"
  paths+=("/api/v1/people?$q")
}
ranks=(04 06 08 10 11)
initials=(wj zh lj cx wl zy ly hm)
age_lo=(25 30 45 50)
age_hi=(35 40 55 60)
for i in $(seq 1 8); do
  unit=$(((i * 5) % 21 + 1))
  a=$(((i - 1) % 4))
  add "unit_id=$unit&include_sub=true&sort=strokes"
  add "rank=${ranks[$(((i - 1) % 5))]}&sort=strokes"
  add "age_min=${age_lo[$a]}&age_max=${age_hi[$a]}&page=$i"
  add "q=${initials[$((i - 1))]}"
  add "q=${initials[$((i - 1))]}&sort=strokes"
  add "unit_id=$unit&include_sub=true&rank=${ranks[$(((i + 1) % 5))]}&sort=strokes"
  add "unit_id=1&include_sub=true&age_min=${age_lo[$a]}&age_max=${age_hi[$a]}&sort=strokes&page=$i"
done

# urls N: the queries N times over, as curl arguments.
urls() {
  local n=$1 k p
  for k in $(seq "$n"); do
    for p in "${paths[@]}"; do
      printf -- '-o\n/dev/null\n%s\n' "http://127.0.0.1:$port$p"
    done
  done
}

server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    # The measured dump is written already: do not wait long for valgrind.
    for _ in $(seq 60); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

for bin in "$@"; do
  tag=$(basename "$(dirname "$bin")")-$(basename "$bin")${extra:+-${extra//[^a-z0-9]/_}}
  copy=$out/$tag.db
  rm -f "$copy" "$copy-wal" "$copy-shm" "$out/$tag".callgrind.*
  cp "$db" "$copy"
  "$bin" --db "$copy" init >/dev/null 2>&1
  printf 'Bench#2024password\n' |
    "$bin" --db "$copy" user add bench --role personnel --password-stdin >/dev/null
  token=$("$bin" --db "$copy" token create bench --name bench 2>/dev/null | tail -1)
  valgrind --tool=callgrind --callgrind-out-file="$out/$tag.callgrind.%p" \
    "$bin" --db "$copy" serve --listen "127.0.0.1:$port" >"$out/$tag.server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1200); do
    curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  auth=(-H "Authorization: Bearer $token")
  # Warm-up: statement caches, the page cache, first-touch allocations.
  urls 1 | xargs -d '\n' curl -fsS "${auth[@]}"
  callgrind_control --zero "$server_pid" >/dev/null
  n=$((passes * ${#paths[@]}))
  urls "$passes" | xargs -d '\n' curl -fsS "${auth[@]}"
  callgrind_control --dump="measured" "$server_pid" >/dev/null
  cleanup
  server_pid=
  # The dump after zeroing holds only the measured requests.
  total=0
  for f in "$out/$tag".callgrind.*; do
    case $f in *.top) continue ;; esac
    grep -q '^desc: Trigger:.*measured' "$f" || continue
    ir=$(awk '/^summary:/ { print $2 }' "$f")
    total=$((total + ir))
    callgrind_annotate "$f" 2>/dev/null | sed -n '/file:function/,$p' | head -30 >"$out/$tag.top"
  done
  echo "$bin: $n requests, $total instructions, $((total / n)) per request"
done
