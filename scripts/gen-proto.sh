#!/usr/bin/env bash
# Regenerates the TypeScript types of the wire contracts from proto/*.proto.
# proto-loader-gen-types writes extension-less relative imports; NodeNext needs ".js".
set -euo pipefail
cd "$(dirname "$0")/.."
gen() { # package-dir proto...
  local out="packages/$1/src/generated"
  shift
  local files=()
  for p in "$@"; do files+=("proto/$p.proto"); done
  rm -rf "$out"
  npx --no-install proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs \
    --grpcLib=@grpc/grpc-js --outDir="$out" "${files[@]}"
  find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\.[^']*)';#\1.js';#"
}
gen lookup lookup
gen agent agent
# The grand agent is the client of deploy.proto (its deployment manager).
gen grand-agent grand deploy
