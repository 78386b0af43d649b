#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs dependencies when they are
# missing or stale, builds, checks types and import directions, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npm test
