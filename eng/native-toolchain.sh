#!/usr/bin/env bash
# Installs what Native AOT publishing needs on Debian (clang and zlib's headers), if missing. Idempotent.
set -euo pipefail
if command -v clang >/dev/null 2>&1 && [ -f /usr/include/zlib.h ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang zlib1g-dev >/dev/null
