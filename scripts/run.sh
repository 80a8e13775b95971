#!/usr/bin/env bash
# `make run`: creates the demo database on first use, then serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${CADRE_DB:-cadre.db}
listen=${CADRE_LISTEN:-127.0.0.1:8080}
if [ ! -f "$db" ]; then
  echo "首次运行：正在创建演示数据库 $db ……"
  build/cadre --db "$db" init >/dev/null
  build/cadre --db "$db" demo
  echo
  echo "请记下上面的一次性密码（只显示这一次），登录后需修改密码。"
fi
exec build/cadre --db "$db" serve --listen "$listen"
