#!/usr/bin/env bash
# Builds the web UI into web/dist for embedding. Installs the npm packages
# from the committed lock file on first use; rebuilds only when a source
# file is newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/../web" 2>/dev/null || exit 0
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "cadre: 未找到 npm，网页界面不会被构建（API 与命令行不受影响）" >&2
  exit 0
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
stamp=dist/index.html
if [ -f "$stamp" ] && [ -z "$(find src index.html package.json vite.config.* public -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
  exit 0
fi
npm run build --silent
