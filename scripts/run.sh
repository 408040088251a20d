#!/usr/bin/env bash
# Quick start, command 1: set up, start the server and a local agent, apply the
# sample app and show it running. Both keep running in the foreground (Ctrl-C
# stops them; the sample pods keep running, as they would on a device).
# State lives in ${EDGEPLANE_DATA_DIR:-/var/lib/edgeplane/server} and
# ${EDGEPLANE_AGENT_DIR:-/var/lib/edgeplane/agent}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

data_dir=${EDGEPLANE_DATA_DIR:-/var/lib/edgeplane/server}
agent_dir=${EDGEPLANE_AGENT_DIR:-/var/lib/edgeplane/agent}
port=${EDGEPLANE_HTTP_PORT:-6443}
mqtt_port=${EDGEPLANE_MQTT_PORT:-1883}
node --max-semi-space-size=4 dist/bin/edgeplane.js server --data-dir "$data_dir" --http-port "$port" --mqtt-port "$mqtt_port" --bind-address 127.0.0.1 &
server=$!
agent=
trap 'kill $agent $server 2>/dev/null; wait $agent $server 2>/dev/null' EXIT INT TERM

for _ in $(seq 300); do
  curl -fsSk "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
node scripts/sample-image.mjs edgeplane
node --max-semi-space-size=2 dist/bin/edgeplane.js agent --server "127.0.0.1:$mqtt_port" --token "$(cat "$data_dir/join-token")" \
  --data-dir "$agent_dir" &
agent=$!

export KUBECONFIG="$data_dir/admin.kubeconfig"
edgectl() { node dist/bin/edgectl.js "$@"; }
# `js EXPR`: evaluate EXPR over the JSON on stdin (bound to `o`)
js() { node -e "let d='';process.stdin.on('data',c=>d+=c).on('end',()=>{try{const o=JSON.parse(d);console.log(String($1))}catch{console.log('')}})"; }
edgectl version
for _ in $(seq 300); do
  [ "$(edgectl get nodes -o json 2>/dev/null | js "o.items[0]?.status?.conditions?.find(c=>c.type==='Ready')?.status")" = "True" ] && break
  sleep 0.2
done
edgectl get nodes -o wide
edgectl apply -f examples/hello.yaml
echo "waiting for the sample app's pods..."
for _ in $(seq 120); do
  ready=$(edgectl get pods -l app=hello -o json 2>/dev/null | js "o.items.filter(p=>p.status?.containerStatuses?.[0]?.ready).length")
  [ "${ready:-0}" -ge 2 ] && break
  sleep 1
done
edgectl get deployments,pods,services -o wide
ip=$(edgectl get pods -l app=hello -o json 2>/dev/null | js "o.items[0]?.status?.podIP ?? ''")
if [ -n "$ip" ]; then
  echo "GET http://$ip:8080/ (a hello pod):"
  curl -fsS --max-time 3 "http://$ip:8080/" || true
fi
echo
echo "Edgeplane is running (server + local agent). In another shell:"
echo "  export KUBECONFIG=$KUBECONFIG"
echo "  node $(pwd)/dist/bin/edgectl.js get pods -o wide      # or: kubectl get pods -o wide"
wait $server
