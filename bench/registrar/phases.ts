import { paced, windowed, type PacedResult, type WindowedResult } from '../lib/load.js';
import { memoryMb } from '@lama/testkit';
import { CpuWindow, type CpuCores } from '../lib/proc.js';
import { progress } from '../lib/progress.js';
import { CONFIG } from './config.js';
import { ROLES } from './items.js';
import type { BenchTarget } from './target.js';
import { saturateRoleLookups, type SaturatedLookups } from './role-load.js';
import { watchFanout, type FanoutResult } from './watch-fanout.js';

export type Measured<T> = T & {
  cpuCores: CpuCores;
  /** Server CPU per operation in µs: comparable even when the client, not the server, limits the rate. */
  serverCpuUsPerOp?: number;
  /** Set when this process used most of a core: the rate then says more about the client than the server. */
  limitedBy?: 'bench client';
};

export interface Memory {
  /** Which planned size this sample stands for; `items` is what the server actually held. */
  at: 'empty' | '10k' | '100k';
  items: number;
  rssMb: number;
  peakRssMb: number;
}

export interface TargetResults {
  register10k: Measured<WindowedResult>;
  renewSteady: Measured<PacedResult>;
  renewMax: Measured<WindowedResult>;
  lookupByName: Measured<WindowedResult>;
  lookupByRole: SaturatedLookups;
  watch: Measured<FanoutResult>;
  registerTo100k: Measured<WindowedResult>;
  memory: Memory[];
}

async function measured<T extends object>(t: BenchTarget, run: () => Promise<T>): Promise<Measured<T>> {
  const cpu = new CpuWindow(t.serverPid);
  const t0 = performance.now();
  const result = await run();
  const cores = cpu.finish();
  const seconds = (performance.now() - t0) / 1000;
  t.assertAlive();
  const out: Measured<T> = { ...result, cpuCores: cores };
  const ops = 'ops' in result && typeof result.ops === 'number' ? result.ops : 0;
  if (ops) out.serverCpuUsPerOp = Math.round((cores.server * seconds * 1e6) / ops);
  if (cores.benchClient >= 0.9) out.limitedBy = 'bench client';
  return out;
}

async function memory(t: BenchTarget, at: Memory['at'], items: number): Promise<Memory> {
  // A second for in-flight work to finish; no GC is forced, the RSS is what an operator would see.
  await new Promise((r) => setTimeout(r, 1000));
  return { at, items, ...memoryMb(t.serverPid) };
}

const brief = (r: { perSecond?: number; latencyMs?: { p50: number; p99: number }; failures?: number }): string =>
  `${r.perSecond ?? '-'}/s p50 ${r.latencyMs?.p50} ms p99 ${r.latencyMs?.p99} ms failures ${r.failures ?? 0}`;

/** The phases the TLS cost is measured on (both transports): registration of 10,000 agents, then their renewals. */
export type RenewalPhases = Pick<TargetResults, 'register10k' | 'renewSteady' | 'renewMax'>;

/**
 * Registers CONFIG.agents agents, renews them at a steady pace and then as fast as the server
 * goes, and leaves every lease extended to CONFIG.longLeaseMs with the keep-alive streams closed.
 */
export async function registerAndRenew(t: BenchTarget, out: Partial<RenewalPhases>): Promise<RenewalPhases> {
  const n = CONFIG.agents;
  progress(`${t.label}: registering ${n} agents (${CONFIG.shortLeaseMs} ms leases)`);
  const register10k = out.register10k = await measured(t, () => windowed({ concurrency: CONFIG.registerWindow, count: n, op: (i) => t.register(i, CONFIG.shortLeaseMs) }));
  progress(`${t.label}: registered ${brief(register10k)}`);

  // Straight into renewing: the 10 s leases granted above must not lapse.
  await t.openKeepAlive(CONFIG.keepAliveStreams);
  progress(`${t.label}: steady-state renewals, each lease every ${CONFIG.renewEveryMs} ms for ${CONFIG.steadyStateMs} ms`);
  const renewSteady = out.renewSteady = await measured(t, () => paced({ subjects: n, periodMs: CONFIG.renewEveryMs, durationMs: CONFIG.steadyStateMs, op: (i) => t.renew(i, CONFIG.shortLeaseMs) }));
  progress(`${t.label}: steady ${brief(renewSteady)} server ${renewSteady.cpuCores.server} cores`);

  progress(`${t.label}: max-throughput renewals (${CONFIG.maxRenewWindow} in flight, ${CONFIG.maxRenewMs} ms)`);
  const renewMax = out.renewMax = await measured(t, () => windowed({ concurrency: CONFIG.maxRenewWindow, durationMs: CONFIG.maxRenewMs, op: (k) => t.renew(k % n, CONFIG.longLeaseMs) }));
  progress(`${t.label}: max ${brief(renewMax)} server ${renewMax.cpuCores.server} cores`);
  // Every lease once more with a long duration, so items outlive the phases that follow (not measured).
  const extend = await windowed({ concurrency: CONFIG.maxRenewWindow, count: n, op: (i) => t.renew(i, CONFIG.longLeaseMs) });
  if (extend.failures) progress(`${t.label}: ${extend.failures} leases could not be extended: ${extend.errors.join('; ')}`);
  t.closeKeepAlive();
  return { register10k, renewSteady, renewMax };
}

/**
 * Runs every phase against one target, in an order that keeps each phase's items in place.
 * Results land in `out` as they come, so a phase that throws still leaves the earlier ones.
 */
export async function runPhases(t: BenchTarget, out: Partial<TargetResults>): Promise<void> {
  const n = CONFIG.agents;
  const mem: Memory[] = [await memory(t, 'empty', 0)];
  out.memory = mem;
  const { register10k } = await registerAndRenew(t, out);

  progress(`${t.label}: lookups by name`);
  const lookupByName = out.lookupByName = await measured(t, () => windowed({ concurrency: CONFIG.lookupWindow, durationMs: CONFIG.lookupMs, op: (k) => t.lookupByName((k * 7919) % n) }));
  progress(`${t.label}: by name ${brief(lookupByName)}`);
  const perRole = n / ROLES.length;
  // Separate client processes, added until the server's throughput stops rising: one Node
  // process decoding 1,000-item answers is slower than either server.
  if ((await windowed({ concurrency: 1, count: ROLES.length, op: (k) => t.lookupByRole(ROLES[k], perRole) })).failures) throw new Error(`${t.label}: lookup by role returned the wrong items`);
  const lookupByRole = out.lookupByRole = await saturateRoleLookups(t.label, t.serverPid, { ...t.roleClient, concurrency: CONFIG.roleWindow, durationMs: CONFIG.roleStepMs, expected: perRole }, CONFIG.roleClientsMax);
  t.assertAlive();
  progress(`${t.label}: by role (${perRole} matches) ${lookupByRole.perSecond}/s with ${lookupByRole.clients} client processes, server ${lookupByRole.cpuCores.server} cores`);

  mem.push(await memory(t, '10k', n - register10k.failures));

  progress(`${t.label}: watch fan-out, ${CONFIG.watchers} watchers × ${CONFIG.watchEvents} events`);
  const watch = out.watch = await measured(t, () => watchFanout(t, CONFIG.watchers, CONFIG.watchEvents, CONFIG.watchTimeoutMs));
  progress(`${t.label}: watch per delivery p50 ${watch.perDeliveryMs.p50} p99 ${watch.perDeliveryMs.p99} ms, all ${watch.watchers} p99 ${watch.allWatchersMs.p99} ms, missed ${watch.missedDeliveries}`);

  progress(`${t.label}: registering up to ${CONFIG.rssItems} items (long leases)`);
  const registerTo100k = out.registerTo100k = await measured(t, () => windowed({ concurrency: CONFIG.registerWindow, count: CONFIG.rssItems - n, op: (k) => t.register(n + k, CONFIG.longLeaseMs) }));
  progress(`${t.label}: registered ${brief(registerTo100k)}`);
  mem.push(await memory(t, '100k', n - register10k.failures + registerTo100k.ops - registerTo100k.failures));
  progress(`${t.label}: RSS ${mem.map((m) => `${m.items} items ${m.rssMb} MB`).join(', ')}`);
}
