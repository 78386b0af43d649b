#!/usr/bin/env bash
# Installs the project's dependencies (npm ci) unless node_modules already matches
# package-lock.json, then builds dist/. better-sqlite3 compiles from source here (no
# prebuilt binaries are reachable), which takes about a minute the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.install-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
  echo "$lock_sum" > "$stamp"
fi
npm run build --silent
