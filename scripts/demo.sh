#!/usr/bin/env bash
# The main job on a fresh machine: install, build, then `lama demo` (arguments pass through,
# e.g. npm run demo -- --duration 120 --mode sim). Loopback only; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=warn
fi
npm run build >/dev/null
exec node packages/cli/bin/lama.js demo "$@"
