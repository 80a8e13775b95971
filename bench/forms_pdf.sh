#!/usr/bin/env bash
# bench/forms_pdf.sh — the 干部任免审批表 of 1,000 cadres as one PDF through
# the command line (issue 14): load each person's records, write the 简历,
# lay out and draw every form with cairo + pango. Release build; figures in
# bench/README.md.
#
# Environment: BENCH_BIN (default build/cadre), BENCH_PEOPLE (1000).
# Output also in bench/out/forms_pdf.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${BENCH_BIN:-build/cadre}
people=${BENCH_PEOPLE:-1000}
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/forms.db

[ -x "$bin" ] || { echo "bench/forms_pdf.sh: $bin not built (make build)" >&2; exit 1; }
"$bin" --db "$db" demo --people "$people" --seed 11 >/dev/null
mapfile -t ids < <("$bin" --db "$db" sql query "SELECT id FROM people ORDER BY id")
start=$(date +%s.%N)
"$bin" --db "$db" form pdf "${ids[@]}" -o "$work/forms.pdf" >/dev/null
end=$(date +%s.%N)
pages=$(pdfinfo "$work/forms.pdf" | awk '/^Pages:/ {print $2}')
printf 'forms_pdf: %d people, %d pages, %.2f s (target < 30 s)\n' "${#ids[@]}" "$pages" \
  "$(echo "$end - $start" | bc)" | tee "$out/forms_pdf.txt"
