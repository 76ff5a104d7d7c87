import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from '../generated/lookup.js';
import { InternalError } from '../errors.js';

/** proto-loader options; the generated types in src/generated assume exactly these. */
export const PROTO_OPTIONS: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/** Finds proto/NAME.proto by walking up from this module (works from src and dist). */
export function protoFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'proto', `${name}.proto`);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new InternalError(`proto/${name}.proto not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Loads a proto file; returns its package definition (for reflection) and the gRPC object. */
export function loadProto<T>(name: string): { definition: protoLoader.PackageDefinition; grpcObject: T } {
  const definition = protoLoader.loadSync(protoFile(name), PROTO_OPTIONS);
  return { definition, grpcObject: grpc.loadPackageDefinition(definition) as unknown as T };
}

let lookupProto: { definition: protoLoader.PackageDefinition; grpcObject: ProtoGrpcType } | undefined;

/** The lama.lookup.v1 package, loaded once. */
export function lookupPackage(): { definition: protoLoader.PackageDefinition; grpcObject: ProtoGrpcType } {
  lookupProto ??= loadProto<ProtoGrpcType>('lookup');
  return lookupProto;
}
