#!/usr/bin/env bash
# Usage: scripts/fetch-node.sh <major> <dir>
# Unpacks the newest Node.js <major> for this platform into <dir> from the npm
# registry (the node-<platform>-<arch> packages hold the official binaries and
# headers; CI reaches the registry only) and prints the Node directory:
# put its bin/ first on PATH and set npm_config_nodedir to it, so native
# addons build against its headers.
set -euo pipefail
major=$1
dir=$2
package="node-$(node -p 'process.platform')-$(node -p 'process.arch')@$major"
mkdir -p "$dir"
tarball=$(cd "$dir" && npm pack --silent "$package")
tar -xzf "$dir/$tarball" -C "$dir"
echo "$dir/package"
