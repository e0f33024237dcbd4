#!/usr/bin/env bash
# Prepare a fresh machine (Debian, Node 20) for Tessera, idempotently:
#   pnpm 12.4.2, the workspace's dependencies (frozen lockfile), and with --test what the tests
#   need from Debian: Chromium (browser tests) and nginx (the load balancer of the multi-replica
#   tests). Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "usage: scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]; then
  echo "setup: installing pnpm 12.4.2"
  npm install -g --allow-scripts=pnpm pnpm@12.4.2 >/dev/null
fi

if [ "$want_test" = 1 ]; then
  missing=""
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
  # Chinese, Japanese and Korean glyphs for the widget's layout tests of those locales.
  fc-list :lang=ja 2>/dev/null | grep -q . || missing="$missing fonts-noto-cjk"
  if [ -n "$missing" ]; then
    echo "setup: installing from Debian:$missing (Chromium and the CJK fonts take about 3 minutes)"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi

echo "setup: installing dependencies"
pnpm install --frozen-lockfile --reporter=silent
echo "setup: building"
pnpm -r --if-present build >/dev/null
echo "setup: done"
