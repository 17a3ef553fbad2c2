#!/usr/bin/env bash
# A RabbitMQ cluster on loopback for TypedAmqp's tests: TYPEDAMQP_CLUSTER_SIZE nodes (default 3) of the RabbitMQ
# that TYPEDAMQP_BROKER_VERSION selects (3.10 or 4.0, see eng/broker.sh), each started through eng/broker.sh with its
# own node name, AMQP port, inter-node port and data folder, all with one Erlang cookie, joined to the first.
#
#   eng/cluster.sh start     start the nodes that are not running and join them; idempotent
#   eng/cluster.sh stop      stop every node
#   eng/cluster.sh status    exit 0 if every node runs and the first sees all of them in its cluster
#
# Node i (1-based) is typedamqp-cI-VERSION@localhost (dots removed from VERSION) on 127.0.0.1:(TYPEDAMQP_CLUSTER_PORT + i - 1);
# TYPEDAMQP_CLUSTER_PORT defaults to 5700 for 3.10 and 5710 for 4.0. eng/broker.sh stop/start with a node's
# TYPEDAMQP_BROKER_* variables (printed by `env I`) stops or restarts one member, as chaos tests do.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
VERSION="${TYPEDAMQP_BROKER_VERSION:-3.10}"
SIZE="${TYPEDAMQP_CLUSTER_SIZE:-3}"
TAG="${VERSION//./}"
case "$VERSION" in
  3.10) BASE_PORT="${TYPEDAMQP_CLUSTER_PORT:-5700}"; DIR_BASE=/tmp/typedamqp-cluster ;;
  4.0) BASE_PORT="${TYPEDAMQP_CLUSTER_PORT:-5710}"; DIR_BASE=/var/lib/typedamqp/cluster ;;
  *) echo "TYPEDAMQP_BROKER_VERSION is '$VERSION'; use 3.10 or 4.0" >&2; exit 2 ;;
esac
# One cookie for the whole cluster, fixed per port range so a restarted member still belongs.
COOKIE="TYPEDAMQPCLUSTER${TAG}X${BASE_PORT}"

log() { echo "[cluster] $*" >&2; }

node_name() { echo "typedamqp-c$1-$TAG@localhost"; }

# The eng/broker.sh variables of node $1, one per line.
node_env() {
  local port=$((BASE_PORT + $1 - 1))
  cat <<ENV
TYPEDAMQP_BROKER_VERSION=$VERSION
TYPEDAMQP_BROKER_NODE=$(node_name "$1")
TYPEDAMQP_BROKER_DIR=$DIR_BASE-$TAG-$1
TYPEDAMQP_BROKER_PORT=$port
TYPEDAMQP_BROKER_TLS_PORT=$((port + 100))
TYPEDAMQP_BROKER_COOKIE=$COOKIE
TYPEDAMQP_BROKER_MANAGEMENT=0
ENV
}

broker() { local node=$1; shift; env $(node_env "$node") bash "$HERE/broker.sh" "$@"; }

running_nodes() { broker 1 ctl cluster_status --formatter json 2>/dev/null | tr -d ' \n' | sed -n 's/.*"running_nodes":\[\([^]]*\)\].*/\1/p'; }

members_running() {
  local running i
  running=$(running_nodes) || return 1
  for i in $(seq 1 "$SIZE"); do
    case ",$running," in *"\"$(node_name "$i")\""*) ;; *) return 1 ;; esac
  done
}

start() {
  local i
  for i in $(seq 1 "$SIZE"); do broker "$i" start; done
  for i in $(seq 2 "$SIZE"); do
    if broker 1 ctl cluster_status --formatter json 2>/dev/null | grep -q "\"$(node_name "$i")\""; then continue; fi
    log "joining $(node_name "$i") to $(node_name 1)"
    broker "$i" ctl stop_app >/dev/null
    broker "$i" ctl join_cluster "$(node_name 1)" >/dev/null
    broker "$i" ctl start_app >/dev/null
  done
  local deadline=$((SECONDS + 60))
  until members_running; do
    if [ $SECONDS -ge $deadline ]; then log "the cluster did not form: running nodes $(running_nodes || true)"; return 1; fi
    sleep 1
  done
  log "cluster of $SIZE RabbitMQ $VERSION nodes is up on 127.0.0.1:$BASE_PORT-$((BASE_PORT + SIZE - 1))"
}

stop() {
  local i
  for i in $(seq "$SIZE" -1 1); do broker "$i" stop || true; done
}

status() {
  if members_running; then log "cluster of $SIZE RabbitMQ $VERSION nodes is running"; return 0; fi
  log "cluster is not (fully) running"; return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) node_env "${2:?node number}" ;;
  *) echo "usage: $0 start|stop|status|env N" >&2; exit 2 ;;
esac
