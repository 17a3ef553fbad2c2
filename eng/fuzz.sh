#!/usr/bin/env bash
# The long fuzz run (docs/reliability.md, "Fuzzing"): builds tests/TypedAmqp.Fuzzing and runs its targets over the
# checked-in corpus, at the lowest CPU priority (nice 19) so a shared machine keeps working.
#
#   DECODER_INPUTS         decoder inputs (default 10000000), one process, seed SEED
#   AMQP10_DECODER_INPUTS  AMQP 1.0 decoder inputs (default 10000000), one process after the decoder, seed SEED
#   AMQP10_CONNECTION_INPUTS  AMQP 1.0 connection inputs (default 10000000), one process after the 1.0 decoder, seed
#                          SEED: each input is a whole 1.0 connection over in-memory pipes, several thousand a second
#   CONNECTION_INPUTS      connection inputs (default 10000000), split evenly over CONNECTION_PROCESSES processes
#                          (default: one per core) with seeds SEED+1, SEED+2, ...: each input is a whole connection,
#                          about a thousand a second per core, so 10 million take about 90 minutes on 2 idle cores
#   CONNECTION_TIME_LIMIT  stop each connection process after this (default: none), e.g. 20m for a shorter run
#   SEED                   the first mutation seed (default 1)
#   TARGETS                "decoder amqp10-decoder amqp10-connection connection" (default), or some of them
#
# The connection processes run with DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0: each input starts and ends a
# connection, and idle pool threads spinning for work cost a fifth of the CPU without testing anything.
# Logs go to artifacts/fuzz/<target>[-<seed>].log, failing inputs to artifacts/fuzz/findings (replay one with
# tests/TypedAmqp.Fuzzing/bin/Release/net10.0/TypedAmqp.Fuzzing --target <target> --replay FILE).
# Prints one RESULT line per process; exits non-zero when any found anything.
set -uo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DECODER_INPUTS="${DECODER_INPUTS:-10000000}"
AMQP10_DECODER_INPUTS="${AMQP10_DECODER_INPUTS:-10000000}"
AMQP10_CONNECTION_INPUTS="${AMQP10_CONNECTION_INPUTS:-10000000}"
CONNECTION_INPUTS="${CONNECTION_INPUTS:-10000000}"
CONNECTION_PROCESSES="${CONNECTION_PROCESSES:-$(nproc)}"
CONNECTION_TIME_LIMIT="${CONNECTION_TIME_LIMIT:-}"
SEED="${SEED:-1}"
TARGETS="${TARGETS:-decoder amqp10-decoder amqp10-connection connection}"
OUT=artifacts/fuzz
mkdir -p "$OUT"

dotnet build tests/TypedAmqp.Fuzzing -c Release -nologo -clp:ErrorsOnly -nodeReuse:false </dev/null || exit 2
# Run from a copy, so that builds during the run (which take a while) do not change the program under it.
rm -rf "$OUT/fuzzer"
cp -r tests/TypedAmqp.Fuzzing/bin/Release/net10.0 "$OUT/fuzzer"
FUZZER="$OUT/fuzzer/TypedAmqp.Fuzzing"

run() { # log name, target, seed, extra options...
  local name=$1 target=$2 seed=$3
  shift 3
  echo "$(date -u +%FT%TZ) starting $name: seed $seed $*" >&2
  nice -n 19 "$FUZZER" --target "$target" --seed "$seed" --findings "$OUT/findings" "$@" >"$OUT/$name.log" 2>&1
  local status=$?
  echo "$(date -u +%FT%TZ) $name ended (exit $status)" >&2
  return $status
}

started=$(date -u +%FT%TZ)
commit=$(git rev-parse --short HEAD) # the code that was built, even if commits land during the run
pids=()
logs=()
if [[ " $TARGETS " == *" decoder "* ]]; then
  run decoder decoder "$SEED" --inputs "$DECODER_INPUTS" &
  pids+=($!)
  logs+=("$OUT/decoder.log")
  [[ " $TARGETS " == *" connection "* ]] && wait "${pids[-1]}" # the decoders first, then the cores go to the connections
fi
if [[ " $TARGETS " == *" amqp10-decoder "* ]]; then
  [ ${#pids[@]} -gt 0 ] && wait "${pids[-1]}" # one decoder at a time
  run amqp10-decoder amqp10-decoder "$SEED" --inputs "$AMQP10_DECODER_INPUTS" &
  pids+=($!)
  logs+=("$OUT/amqp10-decoder.log")
  [[ " $TARGETS " == *" connection "* ]] && wait "${pids[-1]}"
fi
if [[ " $TARGETS " == *" amqp10-connection "* ]]; then
  [ ${#pids[@]} -gt 0 ] && wait "${pids[-1]}"
  DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 run amqp10-connection amqp10-connection "$SEED" --inputs "$AMQP10_CONNECTION_INPUTS" &
  pids+=($!)
  logs+=("$OUT/amqp10-connection.log")
  [[ " $TARGETS " == *" connection "* ]] && wait "${pids[-1]}"
fi
if [[ " $TARGETS " == *" connection "* ]]; then
  limit=()
  [ -n "$CONNECTION_TIME_LIMIT" ] && limit=(--time-limit "$CONNECTION_TIME_LIMIT")
  for ((i = 1; i <= CONNECTION_PROCESSES; i++)); do
    seed=$((SEED + i))
    share=$((CONNECTION_INPUTS / CONNECTION_PROCESSES + (i <= CONNECTION_INPUTS % CONNECTION_PROCESSES ? 1 : 0)))
    DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 run "connection-$seed" connection "$seed" --inputs "$share" "${limit[@]}" &
    pids+=($!)
    logs+=("$OUT/connection-$seed.log")
  done
fi

failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done

echo "started $started, ended $(date -u +%FT%TZ), machine: $(nproc) cores, $(dotnet --version) SDK, commit $commit"
for log in "${logs[@]}"; do
  grep -h '^RESULT' "$log" || { echo "error: $log has no RESULT line"; failed=1; }
done
exit $failed
