#!/usr/bin/env bash
# Runs samples/Quickstart end to end against a local RabbitMQ, starting (and installing) the broker if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/broker.sh status >/dev/null 2>&1 || eng/broker.sh start
dotnet run --project samples/Quickstart -c Release
