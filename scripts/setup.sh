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
# Pods run on real containerd + runc with the standard CNI plugins; Debian's
# plugins (1.1.x) program portmap/ipMasq through iptables. busybox-static is
# the test image's only binary (test/helpers/image.ts).
command -v containerd >/dev/null || need+=(containerd)
command -v runc >/dev/null || need+=(runc)
[ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
command -v nft >/dev/null || need+=(nftables)
command -v ip >/dev/null || need+=(iproute2)
command -v iptables >/dev/null || need+=(iptables)
# Debian's docker-registry (CNCF distribution) serves the pull tests on 127.0.0.1.
[ -x /usr/bin/docker-registry ] || need+=(docker-registry)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# containerd must be running for the runtime tests. CI machines have no
# systemd, so start the daemon directly when nothing answers on the socket.
containerd_up() { ctr --connect-timeout 1s version >/dev/null 2>&1; }
if ! containerd_up; then
  nohup containerd >/var/log/containerd.log 2>&1 &
  for _ in $(seq 1 30); do
    [ -S /run/containerd/containerd.sock ] && containerd_up && break
    sleep 0.5
  done
  if ! containerd_up; then
    echo "setup: containerd did not start (see /var/log/containerd.log)" >&2
    exit 1
  fi
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
