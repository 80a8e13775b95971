#!/usr/bin/env bash
# bench/gen.sh — builds the release binary and generates the benchmark
# databases with `cadre demo` (seed 7): bench/data/people-100k.db always,
# bench/data/people-1m.db with --1m (or BENCH_1M=1). An existing database is
# kept; delete it to regenerate. Prints the time and peak memory of each run.
set -euo pipefail
cd "$(dirname "$0")/.."

want_1m=${BENCH_1M:-0}
for arg in "$@"; do
  case $arg in
    --1m) want_1m=1 ;;
    -h | --help)
      echo "用法: bench/gen.sh [--1m]"
      exit 0
      ;;
    *)
      echo "bench/gen.sh: 未知参数 $arg" >&2
      exit 2
      ;;
  esac
done

# The release binary: `make build` (as `make bench` does); when some other
# target of the tree does not build yet, the binary alone is enough here.
if ! make build >/dev/null 2>&1; then
  echo "bench/gen.sh: make build 未全部成功，只构建 build/cadre" >&2
  ninja -C build cadre >/dev/null
fi
mkdir -p bench/data

# generate PEOPLE FILE: writes into FILE.tmp and renames on success, so an
# interrupted run never leaves a half-filled database under the real name.
generate() {
  local people=$1 db=$2
  if [ -f "$db" ]; then
    echo "已存在 $db（删除后可重新生成）"
    return
  fi
  local tmp=$db.tmp
  rm -f "$tmp" "$tmp-wal" "$tmp-shm"
  echo "生成 $db（$people 人，种子 7）……"
  /usr/bin/time -f "GEN people=$people seconds=%e max_rss_kib=%M" \
    build/cadre --db "$tmp" demo --people "$people" --seed 7 >"${db%.db}.passwords"
  mv "$tmp" "$db"
  echo "$db: $(du -h "$db" | cut -f1)"
}

generate 100000 bench/data/people-100k.db
if [ "$want_1m" = 1 ]; then
  generate 1000000 bench/data/people-1m.db
fi
