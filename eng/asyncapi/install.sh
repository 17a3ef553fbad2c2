#!/usr/bin/env bash
# Installs the AsyncAPI parser the integration tests validate documents with (@asyncapi/parser, pinned with all
# its dependencies in package.json and package-lock.json beside this script) into $TYPEDAMQP_ASYNCAPI_DIR (default /tmp/typedamqp-asyncapi), once: later
# runs find it there and return at once. Prints the node_modules folder to set as NODE_PATH for validate.cjs.
# Needs node and npm (eng/test-dependencies.sh installs them from Debian's packages).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${TYPEDAMQP_ASYNCAPI_DIR:-/tmp/typedamqp-asyncapi}"
want="$(sed -n 's/.*"@asyncapi\/parser": "\([^"]*\)".*/\1/p' "$here/package.json")"
installed="$dir/node_modules/@asyncapi/parser/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$want\"" "$installed" && cmp -s "$here/package-lock.json" "$dir/package-lock.json"; then
  echo "$dir/node_modules"
  exit 0
fi
command -v npm >/dev/null || { echo "[asyncapi] npm is missing; run eng/test-dependencies.sh" >&2; exit 1; }
echo "[asyncapi] installing @asyncapi/parser $want into $dir" >&2
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$dir/"
# npm's output goes to stderr: stdout carries only the folder.
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null >&2)
echo "$dir/node_modules"
