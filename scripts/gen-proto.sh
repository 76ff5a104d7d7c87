#!/usr/bin/env bash
# Regenerates the TypeScript types of the wire contracts from proto/*.proto.
# proto-loader-gen-types writes extension-less relative imports; NodeNext needs ".js".
set -euo pipefail
cd "$(dirname "$0")/.."
gen() { # package-dir proto...
  local out="packages/$1/src/generated"
  shift
  rm -rf "$out"
  npx --no-install proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs \
    --grpcLib=@grpc/grpc-js --includeDirs=proto --outDir="$out" "$@"
  find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\.[^']*)';#\1.js';#"
}
gen lookup lookup.proto
# agent.proto imports deploy.proto (NodeStatus carries the Lifecycle): one run writes both.
gen agent agent.proto deploy.proto
# grand.proto imports deploy.proto (a deployment's step timings): one run writes both.
gen grand-agent grand.proto deploy.proto
