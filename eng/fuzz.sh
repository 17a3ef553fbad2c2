#!/usr/bin/env bash
# The long fuzz run (docs/reliability.md, "Fuzzing"): builds tests/TypedAmqp.Fuzzing and runs both targets with one
# seed over the checked-in corpus, at low CPU priority (nice 10) so a shared machine keeps working.
#
#   DECODER_INPUTS      decoder inputs (default 10000000)
#   CONNECTION_INPUTS   connection inputs (default 10000000, but see CONNECTION_TIME_LIMIT)
#   CONNECTION_TIME_LIMIT  the connection target stops after this (default 20m): each input is a whole connection,
#                       hundreds per second, so 10 million would take most of a day
#   SEED                the mutation seed (default 1)
#   FUZZ_PARALLEL=1     run both targets at once (one core each) instead of one after the other
#
# Logs go to artifacts/fuzz/<target>.log, failing inputs to artifacts/fuzz/findings (replay one with
# tests/TypedAmqp.Fuzzing/bin/Release/net10.0/TypedAmqp.Fuzzing --target <target> --replay FILE).
# Prints one RESULT line per target; exits non-zero when either found anything.
set -uo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DECODER_INPUTS="${DECODER_INPUTS:-10000000}"
CONNECTION_INPUTS="${CONNECTION_INPUTS:-10000000}"
CONNECTION_TIME_LIMIT="${CONNECTION_TIME_LIMIT:-20m}"
SEED="${SEED:-1}"
OUT=artifacts/fuzz
mkdir -p "$OUT"

dotnet build tests/TypedAmqp.Fuzzing -c Release -nologo -clp:ErrorsOnly -nodeReuse:false </dev/null || exit 2
# Run from a copy, so that builds during the run (which take a while) do not change the program under it.
rm -rf "$OUT/fuzzer"
cp -r tests/TypedAmqp.Fuzzing/bin/Release/net10.0 "$OUT/fuzzer"
FUZZER="$OUT/fuzzer/TypedAmqp.Fuzzing"

run() { # target, extra options...
  local target=$1
  shift
  echo "$(date -u +%FT%TZ) starting $target: $*" >&2
  nice -n 10 "$FUZZER" --target "$target" --seed "$SEED" --findings "$OUT/findings" "$@" >"$OUT/$target.log" 2>&1
  local status=$?
  echo "$(date -u +%FT%TZ) $target ended (exit $status)" >&2
  return $status
}

started=$(date -u +%FT%TZ)
commit=$(git rev-parse --short HEAD) # the code that was built, even if commits land during the run
if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
  run decoder --inputs "$DECODER_INPUTS" &
  decoder=$!
  run connection --inputs "$CONNECTION_INPUTS" --time-limit "$CONNECTION_TIME_LIMIT" &
  connection=$!
  wait "$decoder"; decoder_status=$?
  wait "$connection"; connection_status=$?
else
  run decoder --inputs "$DECODER_INPUTS"; decoder_status=$?
  run connection --inputs "$CONNECTION_INPUTS" --time-limit "$CONNECTION_TIME_LIMIT"; connection_status=$?
fi

echo "started $started, ended $(date -u +%FT%TZ), machine: $(nproc) cores, $(dotnet --version) SDK, commit $commit"
grep -h '^RESULT' "$OUT/decoder.log" "$OUT/connection.log" || echo "error: a target ended without its RESULT line (see $OUT/*.log)"
if [ "$decoder_status" -ne 0 ] || [ "$connection_status" -ne 0 ]; then exit 1; fi
exit 0
