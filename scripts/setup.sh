#!/usr/bin/env bash
# Installs everything Edgeplane needs on a fresh Debian machine (run as root),
# then builds. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
need=()
command -v node >/dev/null || need+=(nodejs npm)
command -v npm >/dev/null || need+=(npm)
# real kubectl drives the API in the compatibility tests; Debian ships it as kubernetes-client
command -v kubectl >/dev/null || need+=(kubernetes-client)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: the server needs Node.js 20 or newer (found $(node --version))" >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit --loglevel=error
fi
npm run --silent build
