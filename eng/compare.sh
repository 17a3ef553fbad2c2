#!/usr/bin/env bash
# Runs the end-to-end comparison of TypedAmqp with RabbitMQ.Client and MassTransit against the local broker (starting it if needed)
# and writes docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks.svg. Extra arguments go to the tool,
# e.g. eng/compare.sh --rounds 7 --messages 100000
#
# Thread-pool spin-waiting is turned off for the benchmark process (both clients run in it): on a 2-core machine
# shared with the broker, idle .NET workers spinning before they sleep is most of the CPU time either client shows,
# and it takes CPU from the broker. To measure with the .NET default instead:
#   DOTNET_ThreadPool_UnfairSemaphoreSpinLimit= eng/compare.sh --output docs/default-thread-pool
set -euo pipefail
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit="${DOTNET_ThreadPool_UnfairSemaphoreSpinLimit-0}"
cd "$(dirname "$0")/.."
eng/broker.sh status >/dev/null 2>&1 || eng/broker.sh start
dotnet run -c Release --project benchmarks/Compare -- --output docs "$@"
