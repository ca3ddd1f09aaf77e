#!/usr/bin/env bash
# Serve Backprop Lab to a classroom: N `streamlit run app.py` replicas on consecutive local ports
# and HAProxy in front of them (deploy/haproxy.cfg.tmpl: WebSockets, sticky sessions, health
# checks on /_stcore/health). Runs in the foreground; Ctrl-C or SIGTERM stops every process it
# started. A replica that dies is not restarted: its visitors move to the others.
#
# Settings, from the environment (`make serve REPLICAS=N PORT=P` sets the first two):
#   REPLICAS      how many Streamlit processes (default: one per core)
#   PORT          where the balancer listens (default 8501)
#   ADDRESS       the balancer's address (default 0.0.0.0, every interface; 127.0.0.1 = this machine)
#   REPLICA_PORT  the first replica's port; the others follow it (default PORT + 1)
#   STATS_PORT    HAProxy's stats page on 127.0.0.1 (default REPLICA_PORT + REPLICAS)
#   RUN_DIR       where the rendered config, logs and pid files go (default: a new temp dir)
#   PY            the Python that has Streamlit (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
REPLICAS=${REPLICAS:-$cores}
PORT=${PORT:-8501}
ADDRESS=${ADDRESS:-0.0.0.0}
REPLICA_PORT=${REPLICA_PORT:-$((PORT + 1))}
STATS_PORT=${STATS_PORT:-$((REPLICA_PORT + REPLICAS))}
RUN_DIR=${RUN_DIR:-$(mktemp -d -t backprop-serve.XXXXXX)}
PY=${PY:-.venv/bin/python}

fail() { echo "serve: $*" >&2; exit 1; }
[[ $REPLICAS =~ ^[1-9][0-9]*$ ]] || fail "REPLICAS must be a whole number ≥ 1, not '$REPLICAS'"
for p in "$PORT" "$REPLICA_PORT" "$STATS_PORT"; do
  [[ $p =~ ^[0-9]+$ ]] && ((p > 0 && p < 65536)) || fail "'$p' is not a port"
done
command -v haproxy >/dev/null || fail "haproxy is not installed (make serve installs it)"
"$PY" -c "import streamlit" 2>/dev/null || fail "$PY has no streamlit (make serve installs it)"
mkdir -p "$RUN_DIR"
# A port something already listens on fails here, at once (Streamlit would wait on it a while).
for p in "$PORT" "$STATS_PORT" $(seq "$REPLICA_PORT" $((REPLICA_PORT + REPLICAS - 1))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then fail "port $p is already in use"; fi
done

pids=()
stop() {
  trap - INT TERM EXIT
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "serve: stopped"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# Identical replicas sign cookies with one secret, so a visitor moved to another replica keeps
# a valid XSRF cookie (file uploads check it). A new one each start; never written to disk.
STREAMLIT_SERVER_COOKIE_SECRET=$("$PY" -c "import secrets; print(secrets.token_hex(32))")
export STREAMLIT_SERVER_COOKIE_SECRET

servers=""
for i in $(seq 1 "$REPLICAS"); do
  servers+="    server r$i 127.0.0.1:$((REPLICA_PORT + i - 1)) cookie r$i"$'\n'
done
cfg="$RUN_DIR/haproxy.cfg"
while IFS= read -r line; do
  if [[ $line == "@SERVERS@" ]]; then
    printf '%s' "$servers"
  else
    line=${line//@BIND@/$ADDRESS}
    line=${line//@PORT@/$PORT}
    line=${line//@STATS_PORT@/$STATS_PORT}
    printf '%s\n' "$line"
  fi
done <deploy/haproxy.cfg.tmpl >"$cfg"
haproxy -c -q -f "$cfg" || fail "invalid HAProxy config $cfg"

for i in $(seq 1 "$REPLICAS"); do
  "$PY" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
    --server.port "$((REPLICA_PORT + i - 1))" --browser.gatherUsageStats false \
    --server.fileWatcherType none >"$RUN_DIR/replica-$i.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN_DIR/replica-$i.pid"
done

# wait_healthy URL PID WHAT: until URL answers 200, failing if PID exits or 60 s pass.
wait_healthy() {
  for _ in $(seq 600); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || fail "$3 exited; see $RUN_DIR"
    sleep 0.1
  done
  fail "$3 is not healthy after 60 s; see $RUN_DIR"
}
# The balancer starts once every replica is healthy, so it never marks a starting one down.
for i in $(seq 1 "$REPLICAS"); do
  wait_healthy "http://127.0.0.1:$((REPLICA_PORT + i - 1))/_stcore/health" "${pids[$((i - 1))]}" \
    "replica $i"
done
haproxy -db -f "$cfg" &
balancer=$!
pids+=("$balancer")
echo "$balancer" >"$RUN_DIR/haproxy.pid"
wait_healthy "http://127.0.0.1:$STATS_PORT/stats" "$balancer" "haproxy"

shown=$ADDRESS
[[ $shown == 0.0.0.0 ]] && shown=localhost
echo "serve: http://$shown:$PORT with $REPLICAS replicas on ports $REPLICA_PORT-$((REPLICA_PORT + REPLICAS - 1));" \
  "stats http://127.0.0.1:$STATS_PORT/stats; logs in $RUN_DIR"
touch "$RUN_DIR/ready"

wait "$balancer" || true
echo "serve: the balancer exited; stopping the replicas" >&2
