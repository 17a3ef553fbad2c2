#!/usr/bin/env bash
# Adds every public API that is not yet declared to the PublicAPI.Unshipped.txt of each shipped assembly, and drops
# the ones that are gone (the analyzers' own code fixes, RS0016 and RS0017, applied by dotnet format).
# Review the diff: it is the change to the public API.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
for project in src/Attributes/TypedAmqp.Attributes.csproj src/Runtime/TypedAmqp.csproj src/Hosting/TypedAmqp.Hosting.csproj \
               src/Generators/TypedAmqp.Generators.csproj src/CodeFixes/TypedAmqp.CodeFixes.csproj src/Tool/TypedAmqp.Tool.csproj "$@"; do
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity info
done
