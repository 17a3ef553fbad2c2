#!/usr/bin/env bash
# Builds, once, a Debian 13 (trixie) root file system holding RabbitMQ 4.0 (Debian 13's rabbitmq-server 4.0.5), for
# eng/broker.sh to run RabbitMQ 4 nodes in with chroot: Debian 12 ships only 3.10, and 4.0's Erlang 27 needs Debian 13's
# libc. It takes about 20 s and 240 MB, from the same Debian mirror apt already uses.
#
#   eng/rabbitmq4-root.sh [DIR]    (default /tmp/typedamqp-rabbitmq4-root; nothing to do if DIR is complete)
set -euo pipefail

ROOT="${1:-/tmp/typedamqp-rabbitmq4-root}"
log() { echo "[rabbitmq4-root] $*" >&2; }

[ -x "$ROOT/usr/lib/rabbitmq/bin/rabbitmq-server" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then log "building and entering the root needs root (chroot)"; exit 1; fi

if ! command -v mmdebstrap >/dev/null; then
  log "installing mmdebstrap"
  apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq mmdebstrap </dev/null >&2
fi

mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n 1)
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
fi
mirror="${mirror:-http://deb.debian.org/debian}"

log "building a Debian 13 root with rabbitmq-server in $ROOT (mirror $mirror)"
# Built beside its final place and moved in only when complete, so an interrupted build is never taken for a root.
rm -rf "$ROOT.partial"
mmdebstrap --quiet --variant=minbase --include=rabbitmq-server trixie "$ROOT.partial" "$mirror" </dev/null >&2
rm -rf "$ROOT"
mv "$ROOT.partial" "$ROOT"
log "RabbitMQ $(cat "$ROOT/usr/lib/rabbitmq/lib/"rabbitmq_server-*/ebin/rabbit.app 2>/dev/null | sed -n 's/.*{vsn,"\([^"]*\)".*/\1/p' | head -n 1) is in $ROOT"
