#!/usr/bin/env bash
# Runs the end-to-end comparison of TypedAmqp and RabbitMQ.Client against the local broker (starting it if needed)
# and writes docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks.svg. Extra arguments go to the tool,
# e.g. eng/compare.sh --rounds 7 --messages 100000
set -euo pipefail
cd "$(dirname "$0")/.."
eng/broker.sh status >/dev/null 2>&1 || eng/broker.sh start
dotnet run -c Release --project benchmarks/Compare -- --output docs "$@"
