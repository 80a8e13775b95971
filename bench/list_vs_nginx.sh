#!/usr/bin/env bash
# bench/list_vs_nginx.sh — the filtered list's cost per request beside
# nginx serving a file of the same bytes (issue #19: "within 5× of nginx"),
# measured two ways in one run:
#
#   1. instructions per request under valgrind's callgrind, which the load
#      of a shared machine does not move: `cadre serve` answering the 56
#      queries of bench/people_list.lua (bench/list_instructions.sh), and
#      nginx answering the same number of requests for one saved page of
#      that list (a page of 20 people, ~15 kB), both on one keep-alive
#      connection after a warm-up;
#   2. server CPU time per request (utime + stime of the server process
#      over a wrk run, divided by the requests it answered), cadre and nginx
#      alternately, ROUNDS times (default 2): wall-clock figures, which a
#      busy machine inflates, so quote the ratio of one round.
#
#   bench/list_vs_nginx.sh DB BIN
#
# DB: a database of `cadre demo --people N` (bench/gen.sh makes
# bench/data/people-100k.db). Needs valgrind, nginx (Debian nginx-light),
# wrk and curl: scripts/deps.sh bench installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  echo "用法: bench/list_vs_nginx.sh 数据库 程序" >&2
  exit 2
fi
db=$1
bin=$2
rounds=${ROUNDS:-2}
seconds=${SECONDS_PER_RUN:-10}
port=${BENCH_PORT:-18095}
nginx_port=$((port + 1))
work=$(mktemp -d)
server_pid=
nginx_pid=
cleanup() {
  for p in $server_pid $nginx_pid; do
    kill "$p" 2>/dev/null || true
  done
  for p in $server_pid $nginx_pid; do
    for _ in $(seq 60); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# ---- 1. instructions per request ----
cadre_line=$(bench/list_instructions.sh "$db" "$bin" | tail -n 1)
cadre_ir=$(sed -n 's/.* \([0-9]*\) per request$/\1/p' <<<"$cadre_line")
requests=$(sed -n 's/.*: \([0-9]*\) requests,.*/\1/p' <<<"$cadre_line")

# One page of the list, saved for nginx: the server on a copy of DB.
cp "$db" "$work/list.db"
"$bin" --db "$work/list.db" init >/dev/null 2>&1
printf 'Bench#2024password\n' |
  "$bin" --db "$work/list.db" user add bench --role personnel --password-stdin >/dev/null
token=$("$bin" --db "$work/list.db" token create bench --name bench 2>/dev/null | tail -1)
"$bin" --db "$work/list.db" serve --listen "127.0.0.1:$port" >"$work/cadre.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.2
done
mkdir -p "$work/www"
curl -fsS -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/people?rank=04&sort=strokes" -o "$work/www/page.json"
bytes=$(stat -c %s "$work/www/page.json")

cat >"$work/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work;
  proxy_temp_path $work;
  fastcgi_temp_path $work;
  uwsgi_temp_path $work;
  scgi_temp_path $work;
  keepalive_requests 1000000;
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
EOF
nginx_url="http://127.0.0.1:$nginx_port/page.json"
urls() {
  for _ in $(seq "$1"); do printf -- '-o\n/dev/null\n%s\n' "$nginx_url"; done
}
valgrind --tool=callgrind --callgrind-out-file="$work/nginx.callgrind.%p" \
  nginx -c "$work/nginx.conf" -p "$work" >"$work/nginx.vg" 2>&1 &
nginx_pid=$!
for _ in $(seq 600); do
  curl -fsS "$nginx_url" -o /dev/null 2>/dev/null && break
  sleep 0.2
done
urls 56 | xargs -d '\n' curl -fsS
callgrind_control --zero "$nginx_pid" >/dev/null
urls "$requests" | xargs -d '\n' curl -fsS
callgrind_control --dump="measured" "$nginx_pid" >/dev/null
nginx_total=0
for f in "$work"/nginx.callgrind.*; do
  grep -q '^desc: Trigger:.*measured' "$f" || continue
  nginx_total=$((nginx_total + $(awk '/^summary:/ { print $2 }' "$f")))
done
kill "$nginx_pid"
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=
nginx_ir=$((nginx_total / requests))
echo "instructions per request: cadre $cadre_ir, nginx $nginx_ir ($bytes bytes)," \
  "ratio $(awk -v a="$cadre_ir" -v b="$nginx_ir" 'BEGIN { printf "%.1f", a / b }')"

# ---- 2. server CPU per request under wrk ----
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# cpu_per_request PID URL LUA: µs of the process's CPU per request answered.
cpu_per_request() {
  local pid=$1 url=$2 script=$3 before after out n
  before=$(cpu_ticks "$pid")
  out=$(CADRE_TOKEN=$token wrk -t1 -c4 -d"${seconds}s" ${script:+-s "$script"} "$url")
  after=$(cpu_ticks "$pid")
  n=$(awk '/requests in/ { print $1 }' <<<"$out")
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$n" \
    'BEGIN { printf "%.0f", t / hz * 1e6 / n }'
}
nginx -c "$work/nginx.conf" -p "$work" >/dev/null 2>&1 &
nginx_pid=$!
for _ in $(seq 100); do
  curl -fsS "$nginx_url" -o /dev/null 2>/dev/null && break
  sleep 0.1
done
for r in $(seq "$rounds"); do
  c=$(cpu_per_request "$server_pid" "http://127.0.0.1:$port" bench/people_list.lua)
  n=$(cpu_per_request "$nginx_pid" "$nginx_url" "")
  echo "round $r: CPU per request: cadre $c µs, nginx $n µs," \
    "ratio $(awk -v a="$c" -v b="$n" 'BEGIN { printf "%.1f", a / b }')"
done
