#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages, beyond the broker (eng/broker.sh installs that):
# clang and zlib's headers for the Native AOT publishes, python3-pika, the peer of the decimal interop test,
# python3-qpid-proton, the independent AMQP 1.0 codec the Amqp10 type-system tests cross-check against, and
# node with npm, which install and run the AsyncAPI parser (eng/asyncapi/install.sh) and rhea, the node AMQP 1.0 peer
# of the rhea interop tests (eng/rhea/install.sh); both run at the end.
# Idempotent: installs only what is missing, after one apt-get update.
set -euo pipefail
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
/usr/bin/python3 -c "import pika" >/dev/null 2>&1 || missing+=(python3-pika)
/usr/bin/python3 -c "import proton" >/dev/null 2>&1 || missing+=(python3-qpid-proton)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "[test-dependencies] installing ${missing[*]}" >&2
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" </dev/null >/dev/null
fi
"$(dirname "$0")/asyncapi/install.sh" >/dev/null
"$(dirname "$0")/rhea/install.sh" >/dev/null
