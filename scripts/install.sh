#!/usr/bin/env bash
# Installs what the project needs: openssh-server for the SSH test hosts (as root,
# with apt-get), the npm dependencies (npm ci) unless node_modules already matches
# package-lock.json; then builds dist/. better-sqlite3 compiles from source here (no
# prebuilt binaries are reachable), which takes about a minute the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

# The end-to-end tests provision real OpenSSH test hosts (DESIGN.md section 5).
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing openssh-server (for the SSH test hosts)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client >/dev/null
  else
    echo "warning: openssh-server is not installed; the SSH end-to-end tests need it (apt-get install openssh-server)" >&2
  fi
fi
stamp=node_modules/.install-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
  echo "$lock_sum" > "$stamp"
fi
npm run build --silent
