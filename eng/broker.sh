#!/usr/bin/env bash
# Starts, stops or reports on a private RabbitMQ node for TypedAmqp's tests and samples.
#
# The node listens on 127.0.0.1 only and keeps its data, logs and Erlang cookie under
# $TYPEDAMQP_BROKER_DIR (default: /tmp/typedamqp-broker). It is started from the binaries in
# /usr/lib/rabbitmq/bin because the /usr/sbin wrappers switch to the rabbitmq user, which has a
# different cookie and needs systemd-style set-up that these machines do not have.
#
#   eng/broker.sh start    install rabbitmq-server if missing, start the node, wait until it serves
#   eng/broker.sh stop     stop the node, only if this script started it
#   eng/broker.sh status   exit 0 if the node answers, 1 otherwise
#   eng/broker.sh ctl ...  run rabbitmqctl against the node
#
# TYPEDAMQP_BROKER_DIR, _NODE, _PORT, _TLS_PORT and _MANAGEMENT_PORT select another node, so tests can run a
# second, private broker that they may stop and start without disturbing the shared one.
#
# The management plugin (HTTP API, which `typedamqp diff` reads) listens on 127.0.0.1:$MANAGEMENT_PORT, by default
# the AMQP port plus 10000 (15672 for the shared node). It is enabled in the node's own enabled_plugins file before
# the node starts; a node already running from before that keeps running as it is, without it, until restarted.
# TYPEDAMQP_BROKER_MANAGEMENT=0 leaves it out (private nodes that only test recovery need not start it).
set -euo pipefail

BROKER_DIR="${TYPEDAMQP_BROKER_DIR:-/tmp/typedamqp-broker}"
RABBIT_BIN=/usr/lib/rabbitmq/bin
NODE="${TYPEDAMQP_BROKER_NODE:-rabbit@localhost}"
PORT="${TYPEDAMQP_BROKER_PORT:-5672}"
TLS_PORT="${TYPEDAMQP_BROKER_TLS_PORT:-5671}"
MANAGEMENT="${TYPEDAMQP_BROKER_MANAGEMENT:-1}"
MANAGEMENT_PORT="${TYPEDAMQP_BROKER_MANAGEMENT_PORT:-$((PORT + 10000))}"
TLS_DIR="$BROKER_DIR/tls"

export HOME="$BROKER_DIR/home"
export RABBITMQ_NODENAME="$NODE"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$PORT"
export RABBITMQ_MNESIA_BASE="$BROKER_DIR/mnesia"
export RABBITMQ_LOG_BASE="$BROKER_DIR/log"
export RABBITMQ_PID_FILE="$BROKER_DIR/rabbit.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$BROKER_DIR/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$BROKER_DIR/rabbitmq"
export RABBITMQ_CONF_ENV_FILE="$BROKER_DIR/rabbitmq-env.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$BROKER_DIR/advanced.config"
export ERL_EPMD_ADDRESS=127.0.0.1
# Erlang writes crash dumps to the working directory by default; keep them with the node's data.
export ERL_CRASH_DUMP="$BROKER_DIR/erl_crash.dump"

log() { echo "[broker] $*" >&2; }

ctl() { "$RABBIT_BIN/rabbitmqctl" -n "$NODE" "$@" </dev/null; }

is_running() { [ -x "$RABBIT_BIN/rabbitmqctl" ] && ctl status >/dev/null 2>&1; }

install_if_missing() {
  if [ -x "$RABBIT_BIN/rabbitmq-server" ] && command -v openssl >/dev/null; then return; fi
  log "installing rabbitmq-server from Debian's packages"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  # The package would start a system node through its init script, as the rabbitmq user, holding port 5672 (and
  # whatever output it inherited). A policy-rc.d that refuses service starts keeps it from doing so.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    created_policy=1
  fi
  # Package manager output goes to stderr: stdout belongs to the caller (eng/test.sh ends it with the count).
  local status=0
  $SUDO apt-get update -qq </dev/null >&2 || status=$?
  if [ "$status" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rabbitmq-server openssl </dev/null >&2 || status=$?
  fi
  if [ "$created_policy" = 1 ]; then $SUDO rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then log "installing rabbitmq-server failed (apt-get exit $status)"; return 1; fi
  # Should a node have been started anyway, ours must own the port.
  $SUDO /usr/sbin/rabbitmqctl stop </dev/null >/dev/null 2>&1 || true
}

# A private CA, a server certificate for localhost/127.0.0.1 and a client certificate whose CN is "guest",
# so tests can check TLS (server validation on by default) and SASL EXTERNAL against the real broker.
write_certificates() {
  [ -f "$TLS_DIR/client.pfx" ] && return
  mkdir -p "$TLS_DIR"
  (
    cd "$TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=TypedAmqp Test CA" -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
    printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=guest" -keyout client.key -out client.csr 2>/dev/null
    printf "extendedKeyUsage=clientAuth\n" > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile client.ext -out client.pem 2>/dev/null
    openssl pkcs12 -export -in client.pem -inkey client.key -passout pass: -out client.pfx 2>/dev/null
    chmod 644 ./*
  )
}

write_config() {
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  write_certificates
  # Loopback only: the AMQP listeners, the inter-node port and epmd.
  cat > "$BROKER_DIR/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$PORT
listeners.ssl.1 = 127.0.0.1:$TLS_PORT
ssl_options.cacertfile = $TLS_DIR/ca.pem
ssl_options.certfile = $TLS_DIR/server.pem
ssl_options.keyfile = $TLS_DIR/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
auth_mechanisms.1 = PLAIN
auth_mechanisms.2 = AMQPLAIN
auth_mechanisms.3 = EXTERNAL
ssl_cert_login_from = common_name
loopback_users.guest = true
log.console = false
log.file.level = warning
CONF
  local plugins="rabbitmq_amqp1_0,rabbitmq_auth_mechanism_ssl"
  if [ "$MANAGEMENT" = 1 ]; then
    printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$MANAGEMENT_PORT" >> "$BROKER_DIR/rabbitmq.conf"
    plugins="$plugins,rabbitmq_management"
  fi
  echo "[]." > "$RABBITMQ_ADVANCED_CONFIG_FILE"
  : > "$RABBITMQ_CONF_ENV_FILE"
  echo "[$plugins]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  export RABBITMQ_DIST_PORT=$((PORT + 20000))
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start() {
  install_if_missing
  if is_running; then
    log "node $NODE already running"
    if [ "$MANAGEMENT" = 1 ] && ! grep -q rabbitmq_management "$RABBITMQ_ENABLED_PLUGINS_FILE" 2>/dev/null; then
      log "it was started without the management API (port $MANAGEMENT_PORT); restart it to have it: $0 stop; $0 start"
    fi
    return 0
  fi
  write_config
  log "starting $NODE on 127.0.0.1:$PORT (data in $BROKER_DIR)"
  # Detached from this script's input and output: the node (and the epmd it starts) outlive the script and must
  # neither write into nor hold open the output of whoever called it (CI reads that to its end).
  # Started from its own folder: the node spawns helper processes in its working directory, so a caller's folder
  # that is deleted later (a CI clone, a git worktree) would leave a node that serves AMQP but fails rabbitmqctl.
  (cd "$BROKER_DIR" && "$RABBIT_BIN/rabbitmq-server" -detached </dev/null >>"$RABBITMQ_LOG_BASE/console.log" 2>&1)
  touch "$BROKER_DIR/started-by-script"
  # await_startup gives up at once while the Erlang node is not yet registered, so retry it.
  local deadline=$((SECONDS + 120))
  until ctl await_startup >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then break; fi
    sleep 1
  done
  if ! is_running; then
    log "node did not start; last log lines:"
    tail -n 40 "$RABBITMQ_LOG_BASE"/*.log >&2 2>/dev/null || true
    return 1
  fi
  if [ "$MANAGEMENT" = 1 ]; then log "node $NODE is up (management API on 127.0.0.1:$MANAGEMENT_PORT)"; else log "node $NODE is up"; fi
}

stop() {
  if [ ! -f "$BROKER_DIR/started-by-script" ]; then log "no node started by this script"; return 0; fi
  if is_running; then
    log "stopping $NODE"
    # With the pid file, rabbitmqctl stop returns only once the Erlang VM has exited.
    ctl stop "$RABBITMQ_PID_FILE" </dev/null >/dev/null 2>&1 || ctl stop </dev/null >/dev/null 2>&1 || true
  fi
  rm -f "$BROKER_DIR/started-by-script"
}

status() {
  if is_running; then log "node $NODE is running on 127.0.0.1:$PORT"; return 0; fi
  log "node $NODE is not running"; return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  ctl) shift; ctl "$@" ;;
  *) echo "usage: $0 start|stop|status|ctl <rabbitmqctl args>" >&2; exit 2 ;;
esac
