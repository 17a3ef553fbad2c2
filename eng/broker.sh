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
#   eng/broker.sh import F import a definitions file (copied where a node in a root file system can read it)
#   eng/broker.sh cluster start|stop|status
#                          a cluster of TYPEDAMQP_CLUSTER_SIZE (3) nodes on loopback: typedamqp-cN-VERSION@localhost
#                          on ports TYPEDAMQP_CLUSTER_PORT (5700 for 3.10, 5710 for 4.0) and up, one Erlang cookie
#
# TYPEDAMQP_BROKER_DIR, _NODE, _PORT, _TLS_PORT and _MANAGEMENT_PORT select another node, so tests can run a
# second, private broker that they may stop and start without disturbing the shared one.
#
# The management plugin (HTTP API, which `typedamqp diff` reads) listens on 127.0.0.1:$MANAGEMENT_PORT, by default
# the AMQP port plus 10000 (15672 for the shared node). It is enabled in the node's own enabled_plugins file before
# the node starts; a node already running from before that keeps running as it is, without it, until restarted.
# TYPEDAMQP_BROKER_MANAGEMENT=0 leaves it out (private nodes that only test recovery need not start it).
#
# TYPEDAMQP_BROKER_VERSION selects the RabbitMQ: 3.10 (default; Debian 12's package) or 4.0 (Debian 13's 4.0.5, which
# needs a newer libc than this system's: it runs in a Debian 13 root file system that eng/rabbitmq4-root.sh builds once
# under /tmp/typedamqp-rabbitmq4-root, sharing the host's loopback; its paths below are inside that root).
set -euo pipefail

VERSION="${TYPEDAMQP_BROKER_VERSION:-3.10}"
case "$VERSION" in
  3.10) ROOT= ; DEFAULT_DIR=/tmp/typedamqp-broker; DEFAULT_NODE=rabbit@localhost ;;
  4.0)
    ROOT="${TYPEDAMQP_RABBITMQ4_ROOT:-/tmp/typedamqp-rabbitmq4-root}"
    DEFAULT_DIR=/var/lib/typedamqp/broker
    DEFAULT_NODE=rabbit4@localhost
    # The 4.0 nodes get an epmd of their own: two Erlang versions must not share one.
    export ERL_EPMD_PORT=4370
    ;;
  *) echo "TYPEDAMQP_BROKER_VERSION is '$VERSION'; use 3.10 or 4.0" >&2; exit 2 ;;
esac
BROKER_DIR="${TYPEDAMQP_BROKER_DIR:-$DEFAULT_DIR}"
HOST_DIR="$ROOT$BROKER_DIR" # the same folder, as seen from this script
RABBIT_BIN=/usr/lib/rabbitmq/bin
NODE="${TYPEDAMQP_BROKER_NODE:-$DEFAULT_NODE}"
PORT="${TYPEDAMQP_BROKER_PORT:-5672}"
TLS_PORT="${TYPEDAMQP_BROKER_TLS_PORT:-5671}"
MANAGEMENT="${TYPEDAMQP_BROKER_MANAGEMENT:-1}"
MANAGEMENT_PORT="${TYPEDAMQP_BROKER_MANAGEMENT_PORT:-$((PORT + 10000))}"
TLS_DIR="$BROKER_DIR/tls"
HOST_TLS_DIR="$HOST_DIR/tls"

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

# Runs a RabbitMQ program: directly for 3.10, inside the Debian 13 root for 4.0 (chroot keeps the environment).
in_root() {
  if [ -n "$ROOT" ]; then chroot "$ROOT" "$@"; else "$@"; fi
}

# Every rabbitmqctl call gets at most two minutes: a node that stops answering fails the step instead of hanging it.
ctl() { timeout --kill-after=10s 120s ${ROOT:+chroot "$ROOT"} "$RABBIT_BIN/rabbitmqctl" -n "$NODE" "$@" </dev/null; }

is_running() { [ -x "$ROOT$RABBIT_BIN/rabbitmqctl" ] && ctl status >/dev/null 2>&1; }

install_if_missing() {
  if [ -n "$ROOT" ]; then
    bash "$(dirname "$0")/rabbitmq4-root.sh" "$ROOT"
    # Erlang reads /proc; mounted once, kept for the root's later nodes.
    mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
    command -v openssl >/dev/null || { apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >&2; DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq openssl </dev/null >&2; }
    return
  fi
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
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >&2 || status=$?
  if [ "$status" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq rabbitmq-server openssl </dev/null >&2 || status=$?
  fi
  if [ "$created_policy" = 1 ]; then $SUDO rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then log "installing rabbitmq-server failed (apt-get exit $status)"; return 1; fi
  # Should a node have been started anyway, ours must own the port.
  $SUDO /usr/sbin/rabbitmqctl stop </dev/null >/dev/null 2>&1 || true
}

# A private CA, a server certificate for localhost/127.0.0.1 and a client certificate whose CN is "guest",
# so tests can check TLS (server validation on by default) and SASL EXTERNAL against the real broker.
write_certificates() {
  [ -f "$HOST_TLS_DIR/client.pfx" ] && return
  mkdir -p "$HOST_TLS_DIR"
  (
    cd "$HOST_TLS_DIR"
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
  mkdir -p "$ROOT$HOME" "$ROOT$RABBITMQ_MNESIA_BASE" "$ROOT$RABBITMQ_LOG_BASE"
  write_certificates
  # Cluster members must share one Erlang cookie; a single node makes up its own.
  if [ -n "${TYPEDAMQP_BROKER_COOKIE:-}" ]; then
    (umask 077 && printf '%s' "$TYPEDAMQP_BROKER_COOKIE" > "$ROOT$HOME/.erlang.cookie")
  fi
  # Loopback only: the AMQP listeners, the inter-node port and epmd.
  cat > "$HOST_DIR/rabbitmq.conf" <<CONF
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
  # RabbitMQ 4 speaks AMQP 1.0 without a plugin (and has none of that name).
  local plugins="rabbitmq_auth_mechanism_ssl"
  if [ "$VERSION" = 3.10 ]; then plugins="rabbitmq_amqp1_0,$plugins"; fi
  if [ "$MANAGEMENT" = 1 ]; then
    printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$MANAGEMENT_PORT" >> "$HOST_DIR/rabbitmq.conf"
    plugins="$plugins,rabbitmq_management"
  fi
  echo "[]." > "$ROOT$RABBITMQ_ADVANCED_CONFIG_FILE"
  : > "$ROOT$RABBITMQ_CONF_ENV_FILE"
  echo "[$plugins]." > "$ROOT$RABBITMQ_ENABLED_PLUGINS_FILE"
  export RABBITMQ_DIST_PORT=$((PORT + 20000))
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start() {
  install_if_missing
  if is_running; then
    log "node $NODE already running"
    if [ "$MANAGEMENT" = 1 ] && ! grep -q rabbitmq_management "$ROOT$RABBITMQ_ENABLED_PLUGINS_FILE" 2>/dev/null; then
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
  if [ -n "$ROOT" ]; then
    chroot "$ROOT" /bin/sh -c "cd '$BROKER_DIR' && exec '$RABBIT_BIN/rabbitmq-server' -detached" </dev/null >>"$ROOT$RABBITMQ_LOG_BASE/console.log" 2>&1
  else
    (cd "$BROKER_DIR" && "$RABBIT_BIN/rabbitmq-server" -detached </dev/null >>"$RABBITMQ_LOG_BASE/console.log" 2>&1)
  fi
  touch "$HOST_DIR/started-by-script"
  # await_startup gives up at once while the Erlang node is not yet registered, so retry it.
  local deadline=$((SECONDS + 120))
  until ctl await_startup >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then break; fi
    sleep 1
  done
  if ! is_running; then
    log "node did not start; last log lines:"
    tail -n 40 "$ROOT$RABBITMQ_LOG_BASE"/*.log >&2 2>/dev/null || true
    return 1
  fi
  if [ "$MANAGEMENT" = 1 ]; then log "node $NODE is up (management API on 127.0.0.1:$MANAGEMENT_PORT)"; else log "node $NODE is up"; fi
}

stop() {
  if [ ! -f "$HOST_DIR/started-by-script" ]; then log "no node started by this script"; return 0; fi
  if is_running; then
    log "stopping $NODE"
    # With the pid file, rabbitmqctl stop returns only once the Erlang VM has exited.
    ctl stop "$RABBITMQ_PID_FILE" </dev/null >/dev/null 2>&1 || ctl stop </dev/null >/dev/null 2>&1 || true
  fi
  rm -f "$HOST_DIR/started-by-script"
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
  import) cp "${2:?definitions file}" "$HOST_DIR/import.json"; ctl import_definitions "$BROKER_DIR/import.json" ;;
  cluster) shift; exec bash "$(dirname "$0")/cluster.sh" "$@" ;;
  *) echo "usage: $0 start|stop|status|ctl <rabbitmqctl args>|cluster start|stop|status" >&2; exit 2 ;;
esac
