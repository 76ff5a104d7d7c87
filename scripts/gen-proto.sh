#!/usr/bin/env bash
# Regenerates the TypeScript types of the wire contracts from proto/*.proto.
# proto-loader-gen-types writes extension-less relative imports; NodeNext needs ".js".
set -euo pipefail
cd "$(dirname "$0")/.."
gen() { # proto package-dir
  local out="packages/$2/src/generated"
  rm -rf "$out"
  npx --no-install proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs \
    --grpcLib=@grpc/grpc-js --outDir="$out" "proto/$1.proto"
  find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\.[^']*)';#\1.js';#"
}
gen lookup lookup
gen agent agent
gen grand grand-agent
