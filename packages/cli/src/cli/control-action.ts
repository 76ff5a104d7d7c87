import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { AgentClient, type RemoteAdapterStatus, type RemoteNodeStatus } from '@lama/agent';
import { describeRemoteError, loadCredential } from '@lama/lookup';
import type { DiscoveryFlags } from './discovery-flags.js';
import { findAgent } from './find-pool.js';
import { table } from './text-table.js';

/** The flags of `lama status`, `start`, `stop` and `set`. */
export interface ControlFlags extends DiscoveryFlags {
  credential: string;
  agent?: string;
  waitMs: number;
  json: boolean;
}

async function withAgent<T>(node: string, f: ControlFlags, fn: (c: AgentClient) => Promise<T>): Promise<T> {
  const credential = loadCredential(resolve(f.credential));
  const endpoint = f.agent ?? (await findAgent(node, f, credential));
  // Whatever answers at that endpoint must hold node's certificate: nothing is sent to anyone else.
  const client = new AgentClient(endpoint, credential, 30_000, { node });
  try {
    return await fn(client);
  } catch (err) {
    // The agent's own message is the useful part ("role 'controller' required; ...", "parameter 'x': ...").
    const remote = describeRemoteError(err);
    if (remote) throw new Error(`${node}: ${remote}`);
    throw err;
  } finally {
    client.close();
  }
}

const mbit = (bps: number): string => `${(bps / 1e6).toFixed(2)} Mbit/s`;
const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;

function adapterLine(a: RemoteAdapterStatus): string[] {
  const metrics = Object.entries(a.metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`).join(' ');
  const params = Object.entries(a.params).map(([k, v]) => `${k}=${v}`).join(' ');
  return [a.name, a.state, a.roles.join(',') || '-', metrics || '-', params || '-', a.message || ''];
}

/** A readable status: L(t) first, then the adapters. */
export function formatStatus(s: RemoteNodeStatus): string {
  const lines = [
    `node ${s.node}  up ${(s.uptimeMs / 1000).toFixed(1)} s  version ${s.version}  (window ${s.intervalMs} ms)`,
    `cpu ${(s.cpuUtilization * 100).toFixed(1)}% of ${s.cpuCount} cores   load ${s.loadAverage.map((l) => l.toFixed(2)).join(' ')}   memory ${gib(s.memory?.usedBytes ?? 0)} used of ${gib(s.memory?.totalBytes ?? 0)}`,
    `network rx ${mbit(s.rxBitsPerSec)} tx ${mbit(s.txBitsPerSec)}` + (s.interfaces.length ? `   (${s.interfaces.map((i) => `${i.name} rx ${mbit(i.rxBitsPerSec)} tx ${mbit(i.txBitsPerSec)}`).join('; ')})` : ''),
    ...s.disks.map((d) => `disk ${d.path} ${gib(d.usedBytes)} used, ${gib(d.freeBytes)} free`),
    ...(Object.keys(s.capacity).length ? [`capacity ${Object.entries(s.capacity).map(([k, v]) => `${k}=${v}`).join(' ')}`] : []),
    ...(s.lifecycle ? [`lifecycle ${s.lifecycle.state}${s.lifecycle.site ? ` ${s.lifecycle.site}@${s.lifecycle.version}` : ''}${s.lifecycle.reason ? `  (${s.lifecycle.reason})` : ''}`] : []),
    ...s.problems.map((p) => `PROBLEM ${p.code} since ${new Date(p.sinceMs).toISOString()}: ${p.message}`),
  ];
  if (s.adapters.length) lines.push('', table([['ADAPTER', 'STATE', 'ROLES', 'METRICS', 'PARAMS', 'MESSAGE'], ...s.adapters.map(adapterLine)]));
  return lines.join('\n');
}

function printAdapter(a: RemoteAdapterStatus, json: boolean): void {
  console.log(json ? JSON.stringify(a, null, 2) : table([['ADAPTER', 'STATE', 'ROLES', 'METRICS', 'PARAMS', 'MESSAGE'], adapterLine(a)]));
}

function keyValues(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`'${p}' is not KEY=VALUE`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** `lama status NODE`. */
export async function runStatus(node: string, f: ControlFlags): Promise<void> {
  const s = await withAgent(node, f, (c) => c.status());
  console.log(f.json ? JSON.stringify(s, null, 2) : formatStatus(s));
}

/** `lama start NODE ADAPTER`. */
export async function runStart(node: string, adapter: string, f: ControlFlags): Promise<void> {
  printAdapter(await withAgent(node, f, (c) => c.start(adapter)), f.json);
}

/** `lama stop NODE ADAPTER`. */
export async function runStop(node: string, adapter: string, f: ControlFlags): Promise<void> {
  printAdapter(await withAgent(node, f, (c) => c.stop(adapter)), f.json);
}

/** `lama set NODE ADAPTER KEY=VALUE...`. */
export async function runSet(node: string, adapter: string, pairs: string[], f: ControlFlags): Promise<void> {
  const params = keyValues(pairs);
  printAdapter(await withAgent(node, f, (c) => c.set(adapter, params)), f.json);
}
