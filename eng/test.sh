#!/usr/bin/env bash
# Runs TypedAmqp's whole test suite: starts the local RabbitMQ (installing it if needed), builds Release, runs
# every test project, and ends with the line "N passed, N failed" summed over all projects' TRX results.
# Exits non-zero on any failure, including a build failure or a test host that crashed without results.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS_DIR=artifacts/test-results
rm -rf "$RESULTS_DIR"

# No build processes may outlive the run: a lingering MSBuild node or compiler server that inherited this script's
# output would keep it open after the count has been printed.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1


started_broker=0
if ! eng/broker.sh status >/dev/null 2>&1; then
  if eng/broker.sh start; then
    started_broker=1
  else
    echo "error: could not start RabbitMQ; broker tests will fail" >&2
  fi
fi
# Native AOT publishes need clang; the decimal interop test needs pika. Installed before the clusters start, so the
# 4.0 root's build (which installs mmdebstrap) is never refused dpkg's lock by this install.
if ! eng/test-dependencies.sh; then
  echo "error: could not install the test dependencies (clang, zlib1g-dev, python3-pika, node, npm, the AsyncAPI parser); the tests needing them will fail" >&2
fi

# The three-node clusters of RabbitMQ 3.10 and 4.0 (the cluster tests would start them too): started in the
# background while the build runs, and stopped at the end if this run started them.
started_clusters=()
for version in 3.10 4.0; do
  if ! TYPEDAMQP_BROKER_VERSION=$version eng/cluster.sh status >/dev/null 2>&1; then started_clusters+=("$version"); fi
done
(
  for version in "${started_clusters[@]}"; do
    TYPEDAMQP_BROKER_VERSION=$version eng/cluster.sh start </dev/null >&2 || echo "error: could not start the RabbitMQ $version cluster; cluster tests will fail" >&2
  done
) &
clusters_starting=$!

stop_broker() {
  wait "$clusters_starting" 2>/dev/null || true
  for version in "${started_clusters[@]}"; do
    TYPEDAMQP_BROKER_VERSION=$version eng/cluster.sh stop </dev/null >&2 || true
  done
  started_clusters=()
  if [ "$started_broker" = 1 ]; then
    started_broker=0
    eng/broker.sh stop >&2 || true
  fi
}
# Safety net for an interrupted run; a normal run stops the broker before printing the count.
trap stop_broker EXIT

# The count must be the very last line of the run, so the broker and the build servers are stopped first, and
# nothing is left to run after it.
summary() {
  stop_broker
  dotnet build-server shutdown </dev/null >/dev/null 2>&1 || true
  trap - EXIT
  echo "$1 passed, $2 failed"
}

if ! dotnet build TypedAmqp.sln -c Release -nologo -clp:ErrorsOnly -nodeReuse:false </dev/null; then
  echo "error: the Release build failed" >&2
  summary 0 1
  exit 1
fi

wait "$clusters_starting" 2>/dev/null || true

# One test project at a time: on a 2-core machine the unit tests' CPU load beside the broker tests delayed heartbeats
# by over a second, and a few minutes more are a fair price for timings that hold. A hung test is failed by the blame
# collector after 10 minutes, and the whole run is cut off at 60, so the run always gets to its count (a cut-off run
# counts as a failure below: its test hosts leave no or partial results).
test_exit=0
run_deadline=$((SECONDS + 3600))
for project in tests/*.Tests; do
  left=$((run_deadline - SECONDS))
  if [ "$left" -le 0 ]; then echo "error: the 60-minute limit was reached before $project ran" >&2; test_exit=1; break; fi
  timeout --kill-after=30s "${left}s" dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 10m --blame-hang-dump-type none </dev/null
  project_exit=$?
  if [ "$test_exit" -eq 0 ]; then test_exit=$project_exit; fi
done

# The integration suite again, against RabbitMQ 4.0 (a node on 127.0.0.1:5692, TLS 5693): everything but the
# Shipping tests (package and Native AOT builds, which do not depend on the broker) and the cluster tests (which
# already cover both versions). Private nodes that tests start are 4.0 nodes too.
rabbitmq4=(env TYPEDAMQP_BROKER_VERSION=4.0 TYPEDAMQP_BROKER_PORT=5692 TYPEDAMQP_BROKER_TLS_PORT=5693)
started_rabbitmq4=0
if ! "${rabbitmq4[@]}" eng/broker.sh status >/dev/null 2>&1; then
  if "${rabbitmq4[@]}" eng/broker.sh start; then started_rabbitmq4=1; else echo "error: could not start RabbitMQ 4.0; its tests will fail" >&2; fi
fi
"${rabbitmq4[@]}" TYPEDAMQP_TEST_URI=amqp://guest:guest@127.0.0.1:5692/ TYPEDAMQP_TEST_TLS_PORT=5693 \
  TYPEDAMQP_TLS_DIR=/tmp/typedamqp-rabbitmq4-root/var/lib/typedamqp/broker/tls \
  timeout --kill-after=30s 30m dotnet test tests/TypedAmqp.Integration.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName!~.Shipping.&FullyQualifiedName!~.Clusters." \
  --logger "trx;LogFileName=TypedAmqp.Integration.Tests.rabbitmq4.trx" \
  --blame-hang-timeout 10m --blame-hang-dump-type none </dev/null
rabbitmq4_exit=$?
if [ "$started_rabbitmq4" = 1 ]; then "${rabbitmq4[@]}" eng/broker.sh stop >&2 || true; fi
if [ "$test_exit" -eq 0 ]; then test_exit=$rabbitmq4_exit; fi

passed=0
failed=0
files=0
for trx in "$RESULTS_DIR"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
done

if [ "$files" -eq 0 ]; then
  echo "error: no TRX results were written" >&2
  failed=$((failed + 1))
elif [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "error: dotnet test failed (exit $test_exit) but no test failure was counted; a test host probably crashed" >&2
  failed=1
fi

summary "$passed" "$failed"
if [ "$failed" -ne 0 ] || [ "$test_exit" -ne 0 ]; then exit 1; fi
exit 0
