#!/bin/sh
# The e2e suite: builds web/dist if needed, then drives headless Debian
# chromium through the UI against a real `cadre serve` (see server.mjs).
# Screenshots land in build-test/e2e-screenshots/. Ends with a TAP summary.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
if [ ! -f "$root/web/dist/index.html" ]; then
  (cd "$root/web" && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } && npm run build >/dev/null)
fi
cd "$here"
exec node --test --test-reporter=tap --test-concurrency=1 ui.test.mjs assessment.test.mjs appointment.test.mjs
