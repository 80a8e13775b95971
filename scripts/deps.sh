#!/usr/bin/env bash
# Installs the Debian packages that `cadre` needs and that are missing.
#   deps.sh run    what building and running needs
#   deps.sh test   that, plus what the test suites need
#   deps.sh bench  that, plus what bench/ needs (valgrind, nginx, hyperfine)
set -euo pipefail
mode=${1:-run}

run_pkgs=(meson ninja-build pkg-config gcc python3 libmicrohttpd-dev libjansson-dev
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev liboath-dev libqrencode-dev libxlsxwriter-dev libzip-dev libxml2-dev libcsv-dev
  libjpeg-dev libpng-dev libpango1.0-dev libcairo2-dev fonts-noto-cjk
  unicode-data rime-data-stroke)
test_pkgs=(libcmocka-dev sqlite3 postgresql wrk clang-format poppler-utils
  clang libclang-rt-14-dev llvm) # libFuzzer targets (fuzz/), llvm-symbolizer for their traces

bench_pkgs=(valgrind nginx-light hyperfine curl)

pkgs=("${run_pkgs[@]}")
[ "$mode" = test ] || [ "$mode" = bench ] && pkgs+=("${test_pkgs[@]}")
[ "$mode" = bench ] && pkgs+=("${bench_pkgs[@]}")
# Node.js builds the web UI and runs the API and browser tests; any installed
# node >= 18 will do (a NodeSource one included), else Debian's with npm.
if ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi
# Chromium and a CJK font for the browser tests.
[ "$mode" = test ] || [ "$mode" = bench ] && pkgs+=(chromium fonts-noto-cjk)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "正在安装缺少的软件包: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
