// `npm run bench -- discovery [--joiners N] [--in-process-joiners N,M] [--in-process-only] [--single-runs N] [--lease-ms N] [--announce-interval-ms N]`
// Real `lama lookup` and `lama join` processes discovering each other by signed multicast on
// loopback (TTL 1, group 239.255.76.141, port 15741; LAMA_MDNS_GROUP and LAMA_MDNS_PORT override them). One JSON document on stdout; progress on stderr.
// LAMA_BENCH_CPU_PROF=DIR writes CPU profiles of each in-process window and of the lookup service.
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { hundredInProcess, type InProcessResult } from './in-process.js';
import { BenchPool } from './pool.js';
import { freePort } from '@lama/testkit';
import { guardChildren, raiseOwnPriority, signalAll, type LamaChild } from './processes.js';
import { restart, single, together } from './scenarios.js';
import { Launcher, progress, type BenchConfig } from './setup.js';
import { inProcessTargets, targets } from './targets.js';

const { values } = parseArgs({
  options: {
    joiners: { type: 'string', default: '100' },
    /** Sizes of the in-process scenario, each run in turn. */
    'in-process-joiners': { type: 'string', default: '100,1000' },
    /** Only the in-process scenarios (a quick check: no joiner processes). */
    'in-process-only': { type: 'boolean', default: false },
    'single-runs': { type: 'string', default: '5' },
    'lease-ms': { type: 'string', default: '3000' },
    'announce-interval-ms': { type: 'string', default: '2000' },
  },
});

const config: BenchConfig = {
  joiners: Number(values.joiners),
  inProcessJoiners: values['in-process-joiners'].split(',').map(Number),
  singleRuns: Number(values['single-runs']),
  leaseMs: Number(values['lease-ms']),
  announceIntervalMs: Number(values['announce-interval-ms']),
  // LAMA_MDNS_PORT / LAMA_MDNS_GROUP let runs beside each other use their own group (the Launcher checks both).
  mdnsPort: Number(process.env.LAMA_MDNS_PORT ?? 15741),
  mdnsGroup: process.env.LAMA_MDNS_GROUP ?? '239.255.76.141',
};

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  freeMemoryGbAtStart: Math.round(freemem() / 2 ** 30),
  loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};

const definitions = {
  processStart: 'Date.now() in the benchmark right before spawn()',
  spawnSpreadMs: 'first spawn -> last spawn of the joiners started together (the harness runs at harnessPriority so that its spawn loop is not starved; every lama process runs at priority 0)',
  bootMs: "process start -> the joiner's first log line ('joining', logged once discovery runs), i.e. node start-up and module loading",
  discoveredMs: "process start -> 'lookup service discovered' (raw, includes boot)",
  registeredMs: "process start -> 'registered' (raw, includes boot)",
  netDiscoveryMs: "first log line -> 'lookup service discovered' (discovery itself, boot excluded)",
  netRegisteredMs: "first log line -> 'registered'",
  allRegisteredWithinMs: "first spawn -> the last joiner's 'registered' (raw)",
  allRegisteredNetMs: "max over joiners of first log line -> 'registered'",
  hundredInProcess: 'supplementary: N DiscoveryManager+JoinManager pairs inside the benchmark process, timed from their common start(); the discovery protocol and the lookup process under N joiners without N node start-ups on this machine',
  recoveryMs: "restarted lookup's 'lookup service listening' -> a Lookup call (polled every 20 ms) sees every item",
  renewalIntervalMs: 'leaseMs / 3 (LeaseRenewalManager renews at 1/3 of the granted lease)',
};

const harnessPriority = raiseOwnPriority();
const pool = new BenchPool();
let lookup: LamaChild | undefined;
let joiners: LamaChild[] = [];
guardChildren(() => pool.remove());

async function stopAll(): Promise<void> {
  // Joiners first (they cancel their leases with the lookup service), the lookup service last.
  await Promise.all(joiners.map((j) => j.stop('SIGTERM', 5000)));
  await lookup?.stop('SIGTERM', 5000);
}

async function main(): Promise<Record<string, unknown>> {
  const launch = new Launcher(config, pool, await freePort(), pool.issueFile('bench-lus', 'lookup'));
  const controller = pool.issue('bench-console', 'controller');
  progress(`lookup service on ${launch.endpoint}, multicast ${config.mdnsGroup}:${config.mdnsPort} on 127.0.0.1 ttl 1`);
  lookup = launch.lookup();
  await lookup.waitFor((l) => l.msg === 'lookup service listening', 30_000);

  const one = values['in-process-only'] ? undefined : (progress(`single joiner, ${config.singleRuns} runs`), await single(launch, config.singleRuns));

  const inProcessRuns: InProcessResult[] = [];
  for (const n of config.inProcessJoiners) {
    progress(`${n} in-process joiners starting together (supplementary: no node start-ups)`);
    if (lookup.child.pid === undefined) throw new Error('the lookup service has no pid');
    inProcessRuns.push(await hundredInProcess(launch, pool, lookup.child.pid, n, config.leaseMs, 60_000));
  }
  const inProcess = inProcessRuns[0];
  if (values['in-process-only']) {
    await stopAll();
    return { benchmark: 'discovery', machine, config, definitions, inProcess: inProcessRuns, targets: inProcessRuns.flatMap((r) => inProcessTargets(r)) };
  }

  if (!one) throw new Error('unreachable: the single-joiner runs are skipped only with --in-process-only');
  progress(`${config.joiners} joiner processes starting together`);
  const started = await together(launch, config.joiners, 180_000);
  joiners = started.joiners;
  const hundred = started.result;
  // A renewal or two in steady state before the crash, as in a running cluster.
  await new Promise((r) => setTimeout(r, config.leaseMs / 2));

  progress('SIGKILL the lookup service and start it again on the same port');
  const restarted = await restart(launch, lookup, joiners, controller, 60_000);
  lookup = restarted.lookup;
  const renewalIntervalMs = Math.round(config.leaseMs / 3);

  progress('stopping every process');
  await stopAll();
  progress('all stopped');
  return {
    benchmark: 'discovery',
    machine,
    config: { ...config, harnessPriority, childPriority: 0, multicast: `${config.mdnsGroup}:${config.mdnsPort} on 127.0.0.1 ttl 1`, lookupEndpoint: launch.endpoint },
    definitions,
    single: one,
    hundred,
    hundredInProcess: inProcess,
    inProcess: inProcessRuns,
    restart: { ...restarted.result, renewalIntervalMs },
    targets: [...targets(one, hundred, inProcess, restarted.result, renewalIntervalMs), ...inProcessRuns.slice(1).flatMap((r) => inProcessTargets(r))],
  };
}

let out: Record<string, unknown>;
try {
  out = await main();
} catch (err) {
  progress(`failed: ${(err as Error).stack ?? String(err)}`);
  out = { benchmark: 'discovery', machine, config, error: (err as Error).message };
  process.exitCode = 1;
} finally {
  signalAll('SIGKILL');
  pool.remove();
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
