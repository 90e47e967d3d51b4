#!/usr/bin/env bash
# Runs the built demo N times in a row (default 50) on the current node, or on the Node version given
# (installed by scripts/node-version.sh), and prints how many runs passed. Exits 1 if any failed.
# Usage: npm run build && scripts/demo-loop.sh [runs] [node version]
set -uo pipefail
runs=${1:-50}
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${2:-}" ]; then PATH="$("$root/scripts/node-version.sh" "$2"):$PATH"; fi
passed=0
for i in $(seq 1 "$runs"); do
  if out=$(node "$root/dist/demo.js" 2>&1) && grep -q 'orders ported in the sandbox' <<<"$out"; then
    passed=$((passed + 1))
  else
    echo "run $i failed:" >&2
    tail -n 5 <<<"$out" >&2
  fi
done
echo "demo on node $(node --version): $passed/$runs passed"
[ "$passed" -eq "$runs" ]
