import { setTimeout as sleep } from 'node:timers/promises';
import { RegistrarClient, type Credential } from '@lama/lookup';
import type { LamaChild } from './processes.js';
import { column, joinerTimes, progress, type JoinerTimes, type Launcher } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface StartResult {
  joiners: number;
  registered: number;
  /** First spawn -> last spawn: how "together" the joiners really started. */
  spawnSpreadMs: number;
  bootMs: Summary;
  discoveredMs: Summary;
  registeredMs: Summary;
  netDiscoveryMs: Summary;
  netRegisteredMs: Summary;
  /** First spawn -> last 'registered' log line (null unless all registered). */
  allRegisteredWithinMs: number | null;
  /** The slowest joiner, from its own first log line to 'registered' (null unless all registered). */
  allRegisteredNetMs: number | null;
}

function startResult(joiners: LamaChild[], times: JoinerTimes[]): StartResult {
  const spawns = joiners.map((j) => j.spawnAt);
  const registered = column(times, 'registeredMs');
  const lastRegistration = Math.max(...joiners.map((j) => j.timeOf('registered') ?? Infinity));
  const all = registered.length === joiners.length;
  return {
    joiners: joiners.length,
    registered: registered.length,
    spawnSpreadMs: Math.max(...spawns) - Math.min(...spawns),
    bootMs: summarize(column(times, 'bootMs')),
    discoveredMs: summarize(column(times, 'discoveredMs')),
    registeredMs: summarize(registered),
    netDiscoveryMs: summarize(column(times, 'netDiscoveryMs')),
    netRegisteredMs: summarize(column(times, 'netRegisteredMs')),
    allRegisteredWithinMs: all ? lastRegistration - Math.min(...spawns) : null,
    allRegisteredNetMs: all ? Math.max(...column(times, 'netRegisteredMs')) : null,
  };
}

/** A sequential run's fields: the "all registered" and spread fields only mean something for joiners started together. */
export type SingleResult = Omit<StartResult, 'spawnSpreadMs' | 'allRegisteredWithinMs' | 'allRegisteredNetMs'> & { samples: JoinerTimes[] };

/** One joiner at a time, `runs` times: latency without contention. */
export async function single(launch: Launcher, runs: number): Promise<SingleResult> {
  const joiners: LamaChild[] = [];
  for (let i = 0; i < runs; i++) {
    const j = launch.join(launch.credentialFile(`single-${i}`));
    joiners.push(j);
    await j.waitFor((l) => l.msg === 'registered', 30_000);
    // SIGTERM: the joiner cancels its lease, so the next run starts from an empty registrar.
    await j.stop('SIGTERM');
    await sleep(200);
  }
  const samples = joiners.map(joinerTimes);
  progress(`single: ${samples.map((s) => `${s.discoveredMs}/${s.registeredMs} ms`).join(', ')} (discovered/registered from spawn)`);
  const { spawnSpreadMs: _spread, allRegisteredWithinMs: _all, allRegisteredNetMs: _net, ...result } = startResult(joiners, samples);
  return { ...result, samples };
}

/** n joiners spawned back to back; waits until all registered (or the timeout). */
export async function together(launch: Launcher, n: number, timeoutMs: number): Promise<{ joiners: LamaChild[]; result: StartResult }> {
  const files = Array.from({ length: n }, (_, i) => launch.credentialFile(`joiner-${String(i).padStart(3, '0')}`));
  const joiners = files.map((f) => launch.join(f));
  const outcomes = await Promise.allSettled(joiners.map((j) => j.waitFor((l) => l.msg === 'registered', timeoutMs)));
  const failed = outcomes.filter((o) => o.status === 'rejected').length;
  if (failed) progress(`${failed} of ${n} joiners did not register within ${timeoutMs} ms`);
  const result = startResult(joiners, joiners.map(joinerTimes));
  progress(`${n} together: all registered ${result.allRegisteredWithinMs} ms after the first spawn; boot p50 ${result.bootMs.p50} ms, max ${result.bootMs.max} ms`);
  return { joiners, result };
}

export interface RestartResult {
  /** SIGKILL -> the new process logs 'lookup service listening'. */
  killToListeningMs: number;
  /** 'lookup service listening' (new process) -> the registrar holds every item again (polled); null if never. */
  recoveryMs: number | null;
  /** SIGKILL -> every item held again. */
  outageMs: number | null;
  itemsHeld: number;
  /** Per joiner: new 'listening' -> its next 'registered' log line. */
  reRegisteredMs: Summary;
  /** Per joiner: new 'listening' -> it logs 'lookup service restarted' (or 'discovered' again): how fast discovery saw the restart. */
  rediscoveredMs: Summary;
  /** Joiners that logged 'registration lost' between the SIGKILL and the new 'listening' (their lease ran out locally first). */
  lostBeforeListening: number;
  /** Registration attempts that failed after the restart (joiners log them at debug level), and why. */
  failedAttempts: { joiners: number; total: number; errors: string[] };
  pollIntervalMs: number;
}

/** Counts the items a lookup service holds; a new client per attempt, so no reconnect backoff is measured as recovery. */
async function countItems(endpoint: string, credential: Credential): Promise<number> {
  const c = new RegistrarClient({ endpoint, credential, timeoutMs: 1000 });
  try {
    return (await c.lookup({}, 1)).total;
  } catch {
    return -1;
  } finally {
    c.close();
  }
}

/**
 * SIGKILLs the lookup service (no goodbye: a crash), starts it again on the same port with
 * the same credential, and polls until it holds every joiner's item again.
 */
export async function restart(launch: Launcher, old: LamaChild, joiners: LamaChild[], controller: Credential, timeoutMs: number): Promise<{ lookup: LamaChild; result: RestartResult }> {
  const pollIntervalMs = 20;
  const killedAt = Date.now();
  old.child.kill('SIGKILL');
  await old.exited;
  const lookup = launch.lookup();
  const listening = (await lookup.waitFor((l) => l.msg === 'lookup service listening', 30_000)).time ?? Date.now();
  let held = 0;
  let allAt: number | undefined;
  const client = new RegistrarClient({ endpoint: launch.endpoint, credential: controller, timeoutMs: 1000 });
  try {
    while (Date.now() - listening < timeoutMs) {
      const at = Date.now();
      held = await client.lookup({}, 1).then((r) => r.total, () => -1);
      if (held < 0) held = await countItems(launch.endpoint, controller);
      if (held >= joiners.length) {
        // The answer's arrival: an upper bound on when the last item came back.
        allAt = Date.now();
        break;
      }
      await sleep(Math.max(0, pollIntervalMs - (Date.now() - at)));
    }
  } finally {
    client.close();
  }
  const again = joiners.map((j) => j.timeOf('registered', listening)).filter((t): t is number => t !== undefined).map((t) => t - listening);
  const seen = joiners.map((j) => j.logs.find((l) => (l.msg === 'lookup service restarted' || l.msg === 'lookup service discovered') && (l.time ?? 0) >= killedAt)?.time)
    .filter((t): t is number => t !== undefined).map((t) => t - listening);
  const lostEarly = joiners.filter((j) => j.logs.some((l) => l.msg === 'registration lost' && (l.time ?? 0) >= killedAt && (l.time ?? 0) < listening)).length;
  const failures = joiners.map((j) => j.logs.filter((l) => l.msg === 'registration attempt failed' && (l.time ?? 0) >= killedAt));
  const result: RestartResult = {
    killToListeningMs: listening - killedAt,
    recoveryMs: allAt === undefined ? null : Math.max(0, allAt - listening),
    outageMs: allAt === undefined ? null : allAt - killedAt,
    itemsHeld: held,
    reRegisteredMs: summarize(again),
    rediscoveredMs: summarize(seen),
    lostBeforeListening: lostEarly,
    failedAttempts: {
      joiners: failures.filter((f) => f.length > 0).length,
      total: failures.reduce((s, f) => s + f.length, 0),
      errors: [...new Set(failures.flat().map((l) => String(l.err).slice(0, 120)))].slice(0, 5),
    },
    pollIntervalMs,
  };
  progress(`restart: listening ${result.killToListeningMs} ms after SIGKILL, all ${joiners.length} held again ${result.recoveryMs} ms after listening`);
  return { lookup, result };
}
