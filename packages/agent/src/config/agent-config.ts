import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { GROUP, isHostPort } from '@lama/lookup';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A HOST:PORT key of a config (the vocabulary's HOST:PORT). */
export const hostPortSchema = z.string().refine(isHostPort, 'must be HOST:PORT');
/** A discovery group name key of a config. */
export const groupSchema = z.string().regex(GROUP, 'a lowercase DNS label');

/** Where a daemon multicasts for discovery (the agent's and the grand agent's `multicast` key). */
export const multicastSchema = z.strictObject({
  enabled: z.boolean().default(true),
  interface: z.ipv4().optional(),
  port: z.number().int().min(1).max(65535).default(5353),
  group: z.ipv4().default('224.0.0.251'),
  ttl: z.number().int().min(1).max(255).optional(),
}).prefault({});

/**
 * Where a daemon serves Prometheus metrics (the agent's and the grand agent's `prometheus`
 * key; `--prometheus HOST:PORT`). Absent: no metrics endpoint, and prom-client is not loaded.
 * Named apart from the agent's `metrics` key, which is its node sampling.
 */
export const prometheusSchema = z.strictObject({
  /** HOST:PORT of GET /metrics; any address the operator gives, 127.0.0.1 in the examples. */
  listen: hostPortSchema,
}).optional();

/** The agent's configuration (a JSON or YAML file, and/or flags); examples/agent.yaml shows every key. */
export const agentConfigSchema = z.strictObject({
  name: z.string().regex(NAME, '1-64 letters, digits, ".", "_" or "-"'),
  credential: z.string().min(1, 'path of a credential with role agent'),
  groups: z.array(groupSchema).default([]),
  lookups: z.array(hostPortSchema).default([]),
  multicast: multicastSchema,
  listen: hostPortSchema.default('0.0.0.0:4170'),
  advertiseHost: z.string().min(1).optional(),
  leaseMs: z.number().int().min(100).max(3_600_000).default(10_000),
  capacity: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name like networkMbps'), z.number().nonnegative()).default({}),
  metrics: z.strictObject({
    intervalMs: z.number().int().min(100).default(2000),
    interfaces: z.array(z.string().min(1)).optional(),
    disks: z.array(z.string().min(1)).default(['/']),
  }).prefault({}),
  adapters: z.array(z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'),
    module: z.string().min(1, 'a built-in name ("process"), a path or a package'),
    options: z.unknown().optional(),
    autostart: z.boolean().default(false),
  })).default([]),
  attributes: z.array(z.strictObject({ type: z.string().min(1), fields: z.record(z.string(), z.string()).default({}) })).default([]),
  stateDir: z.string().optional(),
  /** Where deployed sites go on this node (Khnum): see docs/deployment.md. */
  deploy: z.strictObject({
    /** Every `local` path of a site's mapping is taken under this directory ('/': as written). */
    root: z.string().regex(/^\//, 'must be an absolute path').default('/'),
    /** Where the mapper may write (absolute); default: [root]. */
    allowedRoots: z.array(z.string().regex(/^\//, 'must be an absolute path')).min(1).optional(),
    /** Bytes the node cache of site objects may hold (default: no limit). */
    cacheLimitBytes: z.number().int().positive().optional(),
    /** Cache multicast (seed 000 §3.3): what a request leaves open. */
    multicast: z.strictObject({
      /** IPv4 address of the interface sessions run on (default: the discovery interface, multicast.interface). */
      interface: z.ipv4().optional(),
      /** Sending rate of a snapshot, bits/s. */
      rateBitsPerSec: z.number().int().positive().default(100_000_000),
      /** How long a snapshot session may run before it ends best effort. */
      deadlineMs: z.number().int().positive().default(120_000),
      /** How long a receiver follows a session before the rest comes from the store. */
      receiveTimeoutMs: z.number().int().positive().default(120_000),
    }).prefault({}),
  }).prefault({}),
  prometheus: prometheusSchema,
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type AgentConfig = z.output<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;


function keyPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

/** A ConfigError that names every key a schema refused, and why. */
export function configErrorOf(error: z.ZodError, source: string): ConfigError {
  const lines = error.issues.map((i) => {
    const key = keyPath(i.path);
    if (i.code === 'unrecognized_keys') return `${key === '(top level)' ? '' : `${key}: `}unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`;
    return `${key}: ${i.message}`;
  });
  return new ConfigError(`${source}: ${lines.join('; ')}`);
}

/** Validates a raw config object; throws ConfigError naming every bad key. */
export function parseAgentConfig(raw: unknown, source = 'config'): AgentConfig {
  const r = agentConfigSchema.safeParse(raw);
  if (!r.success) throw configErrorOf(r.error, source);
  const names = r.data.adapters.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ConfigError(`${source}: adapters: the name '${dup}' is used twice`);
  return r.data;
}

/** Reads a JSON or YAML config file (by extension; .yml/.yaml are YAML) without validating it. */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const yaml = ['.yml', '.yaml'].includes(extname(path));
  let value: unknown;
  try {
    // yaml only for a YAML file: loaded, it stays resident (~3 MB), and a daemon run from flags or JSON never needs it.
    value = yaml ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config ${path} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`config ${path} must hold an object`);
  return value as Record<string, unknown>;
}
