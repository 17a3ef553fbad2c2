#!/usr/bin/env bash
# Runs the end-to-end comparison of TypedAmqp with RabbitMQ.Client and MassTransit against the local broker (starting it if needed)
# and writes docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks.svg; then TypedAmqp's AMQP 1.0 client beside
# AMQPNetLite against a RabbitMQ 4 node on port 5692 (started if needed), written to docs/benchmarks-amqp10.md. Extra arguments go to the tool,
# e.g. eng/compare.sh --rounds 7 --messages 100000
#
# The headline run uses .NET's default settings, as users run them. With COMPARE_SPIN_OFF=1 a second run follows with
# thread-pool spin-waiting off for the benchmark process (a tuned configuration: on a 2-core machine shared with the
# broker, idle workers spinning before they sleep is much of the CPU either client shows), written to docs/spin-off.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DOTNET_ThreadPool_UnfairSemaphoreSpinLimit
eng/broker.sh status >/dev/null 2>&1 || eng/broker.sh start
dotnet run -c Release --project benchmarks/Compare -- --output docs "$@"
# AMQP 1.0: TypedAmqp's client beside AMQPNetLite on a RabbitMQ 4 node (docs/benchmarks-amqp10.md).
AMQP10_PORT="${TYPEDAMQP_AMQP10_PORT:-5692}"
export TYPEDAMQP_AMQP10_URI="${TYPEDAMQP_AMQP10_URI:-amqp://guest:guest@127.0.0.1:$AMQP10_PORT/}"
TYPEDAMQP_BROKER_VERSION=4.0 TYPEDAMQP_BROKER_PORT="$AMQP10_PORT" eng/broker.sh status >/dev/null 2>&1 \
  || TYPEDAMQP_BROKER_VERSION=4.0 TYPEDAMQP_BROKER_PORT="$AMQP10_PORT" TYPEDAMQP_BROKER_TLS_PORT=$((AMQP10_PORT + 1)) eng/broker.sh start
dotnet run -c Release --project benchmarks/Compare -- --amqp10 --output docs "$@"
if [ "${COMPARE_SPIN_OFF:-0}" = 1 ]; then
  mkdir -p docs/spin-off
  DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet run -c Release --project benchmarks/Compare -- --output docs/spin-off "$@"
fi
