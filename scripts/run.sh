#!/usr/bin/env bash
# Quick start, command 1: set up, start the server, apply the sample app and show it.
# The server keeps running in the foreground (Ctrl-C stops it); state lives in
# ${EDGEPLANE_DATA_DIR:-/var/lib/edgeplane/server}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

data_dir=${EDGEPLANE_DATA_DIR:-/var/lib/edgeplane/server}
port=${EDGEPLANE_HTTP_PORT:-6443}
node --max-semi-space-size=4 dist/bin/edgeplane.js server --data-dir "$data_dir" --http-port "$port" --bind-address 127.0.0.1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM

for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
export KUBECONFIG="$data_dir/admin.kubeconfig"
edgectl() { node dist/bin/edgectl.js "$@"; }
edgectl version
edgectl apply -f examples/hello.yaml
edgectl get all -n default 2>/dev/null || edgectl get deployments,services,configmaps
echo
echo "Edgeplane is running. In another shell:"
echo "  export KUBECONFIG=$KUBECONFIG"
echo "  node $(pwd)/dist/bin/edgectl.js get deployments -w      # or: kubectl get deployments -w"
wait $server
