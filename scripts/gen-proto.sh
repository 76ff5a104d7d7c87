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
# deploy.proto's types in one module, @lama/agent/deploy-wire: types only, so importing it
# loads nothing of the agent.
wire=packages/agent/src/generated/deploy-wire.ts
{
  echo "// deploy.proto's types (lama.deploy.v1), types only: @lama/agent/deploy-wire. Written by scripts/gen-proto.sh."
  echo "export type { ProtoGrpcType as DeployerProto } from './deploy.js';"
  for f in packages/agent/src/generated/lama/deploy/v1/*.ts; do
    echo "export type * from './lama/deploy/v1/$(basename "$f" .ts).js';"
  done
} > "$wire"
# grand.proto imports deploy.proto (a deployment's step timings). The generator writes the
# deploy types again for it; the grand agent takes them from @lama/agent/deploy-wire instead
# (every such import is `import type`: nothing of the agent loads).
gen grand-agent grand.proto
rm -rf packages/grand-agent/src/generated/lama/deploy packages/grand-agent/src/generated/deploy.ts
find packages/grand-agent/src/generated -name '*.ts' -print0 \
  | xargs -0 sed -i -E "s#from '(\./|(\.\./)+)lama/deploy/v1/[A-Za-z]+\.js';#from '@lama/agent/deploy-wire';#"
if grep -rn "lama/deploy/v1/" packages/grand-agent/src/generated; then
  echo "gen-proto: the grand agent's generated types still import deploy.proto's files (above)" >&2
  exit 1
fi
