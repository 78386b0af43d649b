#!/usr/bin/env bash
# The main job on the embedded default: install, build, start a local cluster (a master
# and 2 agents on loopback addresses), deploy the sample app and show it answering.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
dcos() { node bin/run.js "$@"; }
dcos cluster up --local --agents 2
if dcos marathon app show /hello --json >/dev/null 2>&1; then
  echo "/hello is already deployed"
else
  dcos marathon app add examples/hello-app.json
fi
echo "Waiting for /hello to run 2 healthy tasks..."
for _ in $(seq 1 300); do
  healthy=$(dcos marathon app show /hello --json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).tasksHealthy))")
  [ "$healthy" = "2" ] && break
  sleep 0.1
done
dcos marathon app list
dcos marathon task list /hello
task=$(dcos marathon task list /hello --json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const t=JSON.parse(s)[0];console.log(t.host+':'+t.ports[0])})")
echo "GET http://$task/ →"
node -e "fetch('http://$task/').then(r => r.text()).then(t => console.log(t))"
echo "Try: node bin/run.js service log /hello --follow   |   node bin/run.js cluster down"
