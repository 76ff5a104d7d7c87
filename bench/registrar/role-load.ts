import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LamaProcess } from '@lama/testkit/process';
import type { WindowedResult } from '../lib/load.js';
import { CpuWindow, type CpuCores } from '../lib/proc.js';
import { progress } from '../lib/progress.js';
import { transportEnv } from '../lib/transport.js';
import type { RoleClientJob } from './role-client.js';

const CLIENT = fileURLToPath(new URL('./role-client.js', import.meta.url));

/** One step of the ramp: `clients` processes at once. */
export interface RoleStep {
  clients: number;
  perSecond: number;
  failures: number;
  errors: string[];
  latencyMs: { p50: number; p99: number };
  cpuCores: CpuCores;
  serverCpuUsPerOp?: number;
}

export interface SaturatedLookups extends RoleStep {
  /** Every step of the ramp; the figure above is the step with the most lookups/s. */
  steps: RoleStep[];
  method: string;
}

/** Runs `clients` role-client processes together and sums what they did. */
async function step(serverPid: number, clients: number, job: Omit<RoleClientJob, 'startAt'>): Promise<RoleStep> {
  const startAt = Date.now() + 1500;
  let cpu: CpuWindow | undefined;
  const timer = setTimeout(() => (cpu = new CpuWindow(serverPid)), startAt - Date.now());
  const results = await Promise.all(Array.from({ length: clients }, async () => {
    const child = LamaProcess.spawn(process.execPath, [CLIENT, JSON.stringify({ ...job, startAt })], { name: 'role client', ...(job.transport ? { env: transportEnv(job.transport) } : {}) });
    // 'close' (not 'exit', which can come first) once its stdout has been read to the end.
    await once(child.child, 'close');
    const code = child.child.exitCode;
    // Its one stdout line, the WindowedResult, arrives parsed as a log line.
    const [result] = child.logs;
    if (code !== 0 || !result) throw new Error(`role client exited ${code}: ${child.stderr.slice(-500)}`);
    return result as unknown as WindowedResult;
  }));
  clearTimeout(timer);
  const cores = (cpu ?? new CpuWindow(serverPid)).finish();
  const ok = results.reduce((n, r) => n + r.ops - r.failures, 0);
  const perSecond = Math.round(results.reduce((n, r) => n + r.perSecond, 0));
  const seconds = job.durationMs / 1000;
  const worst = (f: (r: WindowedResult) => number): number => Math.max(...results.map(f));
  return {
    clients,
    perSecond,
    failures: results.reduce((n, r) => n + r.failures, 0),
    errors: [...new Set(results.flatMap((r) => r.errors))].slice(0, 3),
    latencyMs: { p50: worst((r) => r.latencyMs.p50), p99: worst((r) => r.latencyMs.p99) },
    cpuCores: cores,
    serverCpuUsPerOp: ok ? Math.round((cores.server * seconds * 1e6) / ok) : undefined,
  };
}

/**
 * Lookups by role with more and more client processes, until two more clients in a row do
 * not raise the server's throughput by `minGain` over the best step (or `maxClients` is reached).
 */
export async function saturateRoleLookups(label: string, serverPid: number, job: Omit<RoleClientJob, 'startAt'>, maxClients: number, minGain = 0.05): Promise<SaturatedLookups> {
  const steps: RoleStep[] = [];
  let best: RoleStep | undefined;
  let flat = 0;
  for (let clients = 1; clients <= maxClients; clients++) {
    const s = await step(serverPid, clients, job);
    steps.push(s);
    progress(`${label}: by role, ${clients} client processes: ${s.perSecond}/s, server ${s.cpuCores.server} cores, p99 ${s.latencyMs.p99} ms, failures ${s.failures}`);
    // Two steps in a row without a new best end the ramp: one step can dip when other work
    // on the machine takes the cores for a moment.
    if (!best || s.perSecond > best.perSecond * (1 + minGain)) {
      best = s;
      flat = 0;
    } else if (++flat === 2) break;
  }
  const method = `1..${maxClients} client processes (stopping after two steps that add < ${minGain * 100}% over the best), each ${job.concurrency} calls in flight for ${job.durationMs} ms, raw gRPC with items counted in the response bytes`;
  return { ...(best as RoleStep), steps, method };
}
