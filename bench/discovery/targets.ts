import type { InProcessResult } from './in-process.js';
import type { RestartResult, SingleResult, StartResult } from './scenarios.js';

/** One target of the issue, with what was measured. */
export interface Target {
  name: string;
  target: string;
  measured: number | null;
  met: boolean;
}

function atMost(name: string, limitMs: number, measured: number | null, strict = false): Target {
  const met = measured !== null && (strict ? measured < limitMs : measured <= limitMs);
  return { name, target: `${strict ? '<' : '<='} ${limitMs} ms`, measured, met };
}

/** Issue 10's targets for n joiners started together in one process. */
export function inProcessTargets(r: InProcessResult): Target[] {
  return [
    atMost(`p99 discovery, ${r.joiners} in-process joiners, from start()`, 500, r.discoveredMs.p99, true),
    atMost(`all ${r.joiners} in-process joiners registered within 2 s of start()`, 2000, r.allRegisteredWithinMs, true),
  ];
}

/**
 * The targets. Raw numbers count from spawn and so include node's start-up, which on
 * a small machine with 100 processes starting at once dominates; the net numbers count from
 * each joiner's first log line. Both are listed; neither is hidden.
 */
export function targets(single: SingleResult, hundred: StartResult, inProcess: InProcessResult, restart: RestartResult, renewalIntervalMs: number): Target[] {
  return [
    atMost(`p99 discovery, ${hundred.joiners} joiners, from process start (raw)`, 250, hundred.discoveredMs.p99, true),
    atMost(`p99 discovery, ${hundred.joiners} joiners, from first log line (net of node boot)`, 250, hundred.netDiscoveryMs.p99, true),
    atMost('p99 discovery, 1 joiner, from process start (raw)', 250, single.discoveredMs.p99, true),
    atMost('p99 discovery, 1 joiner, from first log line (net)', 250, single.netDiscoveryMs.p99, true),
    atMost(`all ${hundred.joiners} registered within 2 s of starting: first spawn -> last registration (raw)`, 2000, hundred.allRegisteredWithinMs),
    atMost(`all ${hundred.joiners} registered within 2 s of starting: slowest joiner from its first log line (net)`, 2000, hundred.allRegisteredNetMs),
    atMost(`(supplementary) p99 discovery, ${inProcess.joiners} in-process joiners, from start()`, 250, inProcess.discoveredMs.p99, true),
    atMost(`(supplementary) all ${inProcess.joiners} in-process joiners registered within 2 s of start()`, 2000, inProcess.allRegisteredWithinMs),
    atMost(`restart: all ${hundred.joiners} held again within one renewal interval (lease/3), from the new 'listening' log`, renewalIntervalMs, restart.recoveryMs),
  ];
}
