#!/usr/bin/env bash
# Installs rhea (npm; pinned with its dependencies in package.json and package-lock.json beside this script), the
# node AMQP 1.0 peer of the rhea interop tests, into $TYPEDAMQP_RHEA_DIR (default /tmp/typedamqp-rhea), once: later
# runs find it there and return at once. Prints the node_modules folder to set as NODE_PATH for the tests' rhea scripts.
# Needs node and npm (eng/test-dependencies.sh installs them from Debian's packages, then runs this script).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${TYPEDAMQP_RHEA_DIR:-/tmp/typedamqp-rhea}"
want="$(sed -n 's/.*"rhea": "\([^"]*\)".*/\1/p' "$here/package.json")"
installed="$dir/node_modules/rhea/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$want\"" "$installed" && cmp -s "$here/package-lock.json" "$dir/package-lock.json"; then
  echo "$dir/node_modules"
  exit 0
fi
command -v npm >/dev/null || { echo "[rhea] npm is missing; run eng/test-dependencies.sh" >&2; exit 1; }
echo "[rhea] installing rhea $want into $dir" >&2
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$dir/"
# npm's output goes to stderr: stdout carries only the folder.
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null >&2)
echo "$dir/node_modules"
