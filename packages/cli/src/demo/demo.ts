import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPoolKey, issueCredential, loadCredential, writeCredential, writePoolKey, type Role } from '@lama/lookup';
import type { Subscription } from 'rxjs';
import { GrandClient, type Alert, type DecisionJson, type DeploymentJson, type RemotePool } from '@lama/grand-agent';
import { formatPool } from '../cli/format-pool.js';
import { LamaProcess } from '../process/lama-process.js';
import { DEMO_SITE, DEMO_SITE_VERSION, publishStreamingSite, type DemoStore } from './demo-site.js';
import { deploymentLines } from './deployment-line.js';
import { IcecastSource, ListenerPool, streamProfile } from './workload/index.js';

/** What `lama demo` runs. */
export interface DemoOptions {
  /** Stop by itself after this many seconds (undefined: until Ctrl-C). */
  durationS?: number;
  /** Streaming nodes the allocator may use. */
  nodes: number;
  /** icecast: Debian's icecast2; sim: the built-in simulated streaming adapter; auto: icecast2 when installed. */
  mode: 'auto' | 'icecast' | 'sim';
  /** Listeners at the peak of the workload. */
  peak: number;
  /** What one node carries at 100 % (listeners). */
  capacity: number;
  /** Loopback multicast group and port of this throwaway pool. */
  mdnsGroup: string;
  mdnsPort: number;
  /** The service's predictor kind (threshold, ar1, ar1-diff, holt). */
  predictor: 'threshold' | 'ar1' | 'ar1-diff' | 'holt';
  /** Keep the pool directory (keys, configs, logs) afterwards. */
  keep: boolean;
  /** Where each line of the display goes. */
  print: (line: string) => void;
}

export interface DemoSummary {
  mode: 'icecast' | 'sim';
  seconds: number;
  adds: number;
  releases: number;
  maxNodes: number;
  alerts: number;
  listenersPeak: number;
  failures: number;
  /** Deployments of the site onto added nodes, those of them with the cache by multicast, and cleanings of released nodes. */
  deployments: number;
  multicastDeployments: number;
  cleanings: number;
  dir: string;
}

const ICECAST = '/usr/bin/icecast2';
const MOUNT = '/live';
const BITS_PER_SEC = 16_000;

function freePort(host = '127.0.0.1', port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, host, () => {
      const { port: bound } = srv.address() as { port: number };
      srv.close(() => resolve(bound));
    });
  });
}

/** A port free on every one of hosts (and on the wildcard address): the streaming nodes' common port. */
async function commonFreePort(hosts: string[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort('0.0.0.0');
    try {
      for (const host of hosts) await freePort(host, port);
      return port;
    } catch (err) {
      if (attempt >= 20) throw err;
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const clock = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

/** A load bar: filled to the load, with the add threshold marked. */
function bar(load: number, total: number, upper: number, width = 24): string {
  if (total <= 0) return ''.padEnd(width, '·');
  const fill = Math.min(width, Math.round((load / total) * width));
  const mark = Math.min(width - 1, Math.round((upper / total) * width));
  return Array.from({ length: width }, (_, i) => (i < fill ? '█' : i === mark ? '|' : '·')).join('');
}

/**
 * `lama demo`: a throwaway pool on this machine, loopback only. Creates keys, starts a lookup
 * service, the grand agent (with its own embedded lookup service: two in the group) and
 * agents as processes: a dispatcher (the redirector), optionally an icecast2 source node,
 * and N streaming nodes the allocator adds and releases. Listeners follow the paper's
 * ramp-peak-descent through the dispatcher; the terminal shows the pool, the load, the
 * forecast, each decision and each alert as they happen.
 */
export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  if (o.nodes > 250) throw new Error(`--nodes ${o.nodes}: at most 250 (each streaming node gets its own address 127.0.0.2 ... 127.0.0.251)`);
  const mode = o.mode === 'auto' ? (existsSync(ICECAST) ? 'icecast' : 'sim') : o.mode;
  if (mode === 'icecast' && !existsSync(ICECAST)) throw new Error(`--mode icecast needs ${ICECAST} (apt-get install icecast2), or use --mode sim`);
  const dir = mkdtempSync(join(tmpdir(), 'lama-demo-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const print = o.print;
  const procs: LamaProcess[] = [];
  let listeners: ListenerPool | undefined;
  let source: IcecastSource | undefined;
  let grandClient: GrandClient | undefined;
  let store: DemoStore | undefined;
  let stopping = false;
  let wake: () => void = () => undefined;
  const interrupted = new Promise<void>((r) => { wake = r; });
  const onSignal = (): void => {
    if (stopping) {
      for (const p of procs) p.child.kill('SIGKILL');
      return;
    }
    stopping = true;
    print('');
    print('stopping: listeners, then agents (their leases are cancelled: no alerts), the grand agent and the lookup service...');
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const summary: DemoSummary = { mode, seconds: 0, adds: 0, releases: 0, maxNodes: 0, alerts: 0, listenersPeak: 0, failures: 0, deployments: 0, multicastDeployments: 0, cleanings: 0, dir };
  const started = Date.now();
  try {
    // A throwaway pool: a key pair and one credential per process.
    const poolDir = join(dir, 'pool');
    const poolKey = createPoolKey();
    writePoolKey(poolDir, poolKey);
    const cred = (name: string, roles: Role[]): string => {
      const file = join(dir, `${name}.cred`);
      writeCredential(file, issueCredential(poolKey, { name, roles, validDays: 1 }));
      return file;
    };
    const mdns = ['--mdns-interface', '127.0.0.1', '--mdns-group', o.mdnsGroup, '--mdns-port', String(o.mdnsPort)];
    const start = (name: string, args: string[]): LamaProcess => {
      // Each daemon stops by itself if this process dies without stopping it (SIGKILL).
      const p = LamaProcess.start([...args, ...mdns], { name, logFile: join(logs, `${name}.log`), keepLines: 500, env: { LAMA_EXIT_WITH_PARENT: '1' } });
      procs.push(p);
      return p;
    };
    print(`lama demo: a throwaway pool in ${dir}; multicast ${o.mdnsGroup}:${o.mdnsPort} on 127.0.0.1 only (TTL 1)`);
    print(mode === 'icecast'
      ? `streaming servers: Debian's icecast2 (${ICECAST}); a source on the dispatcher node, ${o.nodes} relay nodes`
      : `streaming servers: SIMULATED (the built-in sim-stream adapter: a node-internal HTTP stream, not icecast2${existsSync(ICECAST) ? '' : ', which is not installed'})`);

    // The daemons start side by side (each takes seconds to load on a busy machine); the site is published meanwhile.
    const lookup = start('lookup', ['lookup', '--credential', cred('lookup', ['lookup']), '--listen', '127.0.0.1:0', '--announce-interval-ms', '2000']);

    const dispatchPort = await freePort();
    const sourcePort = await freePort();
    const nodeNames = Array.from({ length: o.nodes }, (_, i) => `stream-${i + 1}`);
    // One signed site serves every node: each streaming node has its own loopback address, all the same port.
    const nodeAddresses = nodeNames.map((_, i) => `127.0.0.${i + 2}`);
    const streamPort = await commonFreePort(nodeAddresses);
    const sourcePassword = `demo-${Math.random().toString(36).slice(2, 10)}`;

    // The streaming site, published to a store this process serves (the agent's store code, in-process).
    store = await publishStreamingSite(join(dir, 'site'), join(dir, 'store'), loadCredential(cred('publisher', ['controller'])), {
      mode, port: streamPort, mount: MOUNT, bitsPerSec: BITS_PER_SEC, source: `127.0.0.1:${sourcePort}`,
    });
    const cacheGroup = `${o.mdnsGroup}:${o.mdnsPort + 1}`;
    print(`site ${DEMO_SITE}@${DEMO_SITE_VERSION}: ${mode === 'icecast' ? 'the relays\' icecast2 configuration' : 'the sim-stream server'} and a media set, ${store.files} files (${(store.bytes / 1024).toFixed(0)} KiB), in a store served at ${store.url}`);
    print(`each node the allocator adds is deployed with it first: the first from the store, later ones with a serving node's cache by multicast (${cacheGroup} on 127.0.0.1, TTL 1)`);

    const service = {
      name: 'radio', role: 'streaming-server', metric: 'stream.listeners', adapter: 'stream', capacityPerNode: o.capacity,
      minNodes: 1, maxNodes: o.nodes, periodMs: 2000, cooldownAddMs: 4000, cooldownReleaseMs: 12_000, leadTimeMs: 6000,
      // The demo's ramp is ~12x faster than the paper's: Holt smooths over seconds, not tens of seconds.
      predictor: o.predictor === 'holt' ? { kind: 'holt', alpha: 0.5, beta: 0.3, minSamples: 4 } : { kind: o.predictor },
      serverParams: { RelayFrom: `127.0.0.1:${sourcePort}${MOUNT}` },
      dispatcher: { node: 'dispatcher', adapter: 'dispatch', param: 'members', drainMs: 1000 },
      site: `${DEMO_SITE}@${DEMO_SITE_VERSION}`,
    };
    const grandConfig = join(dir, 'grand.json');
    writeFileSync(grandConfig, JSON.stringify({
      name: 'grand', credential: cred('grand', ['lookup', 'controller']), listen: '127.0.0.1:0', announceIntervalMs: 2000,
      monitor: { intervalMs: 2000 }, services: [service],
      // A released node is cleaned with its cache dropped, so that every add shows the whole procedure.
      deploy: { storeUrl: store.url, cacheGroup, cacheInterface: '127.0.0.1', releaseKeepsCache: false },
    }, null, 2));
    const grand = start('grand', ['grand', '--config', grandConfig]);

    const agent = (name: string, adapters: object[], extra: string[] = []): LamaProcess => start(name, [
      'agent', '--name', name, '--credential', cred(name, ['agent']), '--lease-ms', '4000', '--metrics-interval-ms', '2000',
      '--state-dir', join(dir, 'state', name), ...adapters.flatMap((a) => ['--adapter', JSON.stringify(a)]), ...extra,
    ]);
    const dispatcherAdapters: object[] = [{ name: 'dispatch', module: 'redirector', autostart: true, options: { listen: `127.0.0.1:${dispatchPort}` } }];
    // The source runs beside the dispatcher: a node of its own would be FREE, and the allocator would deploy the site over it.
    if (mode === 'icecast') dispatcherAdapters.push({ name: 'source', module: 'icecast', autostart: true, options: { listen: `127.0.0.1:${sourcePort}`, mounts: [MOUNT], sourcePassword } });
    const dispatcher = agent('dispatcher', dispatcherAdapters, ['--listen', '127.0.0.1:0']);
    const agents = [dispatcher];
    // Streaming nodes start FREE, with no adapter: the site brings it. Each says where its stream will answer.
    nodeNames.forEach((name, i) => {
      const endpoint = { type: 'lama.Endpoint', fields: { adapter: 'stream', endpoint: `${nodeAddresses[i]}:${streamPort}` } };
      agents.push(agent(name, [], ['--listen', `${nodeAddresses[i]}:0`, '--deploy-root', join(dir, 'nodes', name), '--attribute', JSON.stringify(endpoint)]));
    });
    const grandUp = await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000, 'grand agent running');
    grandClient = new GrandClient(String(grandUp.endpoint), loadCredential(cred('console', ['controller'])));
    if (mode === 'icecast') {
      // A relay deployed before the source is live pulls again 2 s later (the site's relayRetrySeconds).
      await dispatcher.waitForLog((l) => l.msg === 'adapter state' && l.adapter === 'source' && l.state === 'RUNNING', 30_000, 'icecast source running');
      source = new IcecastSource({ host: '127.0.0.1', port: sourcePort, mount: MOUNT, password: sourcePassword, bitsPerSec: BITS_PER_SEC, maxMs: (o.durationS ?? 86_400) * 1000 + 60_000 });
      await source.accepted;
      print(`live source: ${BITS_PER_SEC / 1000} kbit/s into the dispatcher node's icecast2 at 127.0.0.1:${sourcePort}${MOUNT}`);
    }
    await lookup.waitForLog((l) => l.msg === 'lookup service listening', 30_000, 'lookup service listening');
    await Promise.all(agents.map((a) => a.waitForLog((l) => l.msg === 'registered', 30_000, 'registered')));
    print(`pool up: lookup service, grand agent at ${String(grandUp.endpoint)}, dispatcher at http://127.0.0.1:${dispatchPort}${MOUNT}, ${agents.length} agents`);
    // What `lama pool` shows: wait until the grand agent has a status from every agent.
    for (let i = 0; i < 20; i++) {
      const p = await grandClient.pool();
      if (p.nodes.length >= agents.length && p.nodes.every((n) => n.lastStatusMs > 0)) break;
      await sleep(250);
    }
    print('');
    for (const line of formatPool(await grandClient.pool()).split('\n')) print(`  ${line}`);
    print('');

    const profile = streamProfile({ rampPerMinute: Math.max(1, o.peak * 1.25), peak: o.peak, holdMs: 30_000, warmupMs: 8000, base: 1 });
    const cycleMs = profile.durationMs + 10_000;
    print(`workload: the paper's shape scaled down: ${o.peak} listeners at the peak (C = ${o.capacity} per node), up at ${num(o.peak * 1.25)}/min, 30 s at the peak, down again; ${BITS_PER_SEC / 1000} kbit/s each`);
    print(`allocator: Algorithm 1 every 2 s, ${o.predictor} forecast ${service.leadTimeMs / 1000} s ahead; add above 0.9 · N · C, release below 0.8 · (N − 1) · C. Ctrl-C stops everything.`);
    print('');
    listeners = new ListenerPool({ url: `http://127.0.0.1:${dispatchPort}${MOUNT}`, maxAttemptsPerSec: 20, reopenDelayMs: 500 });

    const seen = new Map<string, string>();
    const sub = grandClient.watchAlerts(0).subscribe({
      next: (a: Alert) => {
        summary.alerts++;
        print(`  !! ALERT ${a.kind}${a.node ? ` ${a.node}` : ''}: ${a.message}`);
      },
      error: () => undefined,
    });
    // Each deployment and cleaning from the grand agent's stream (not from the agents), once it has
    // ended; shown after the decisions of the same round, so that an add reads before its deployment.
    const deploymentQueue: string[] = [];
    const showDeployments = (): void => {
      for (const line of deploymentQueue.splice(0)) print(`     ${line}`);
    };
    const shownDeployments = new Set<string>();
    let deployments: Subscription | undefined;
    const followDeployments = (client: GrandClient): void => {
      // Replayed on every (re)open: what ended while the stream was down is shown once, by its ID.
      deployments = client.watchDeployments(true).subscribe({
        next: (d: DeploymentJson) => {
          if (d.ended === undefined || shownDeployments.has(d.id)) return;
          shownDeployments.add(d.id);
          if (d.kind === 'deploy') {
            summary.deployments++;
            if (d.cacheSource && d.nodes.some((n) => n.filesFromCacheSource > 0)) summary.multicastDeployments++;
          } else summary.cleanings++;
          deploymentQueue.push(...deploymentLines(d));
        },
        error: (err: Error) => {
          deploymentQueue.push(`(the grand agent's deployment stream broke: ${err.message}; reopened)`);
          setTimeout(() => { if (deployments) followDeployments(client); }, 1000).unref();
        },
      });
    };
    followDeployments(grandClient);
    const t0 = Date.now();
    const endAt = o.durationS === undefined ? Infinity : started + o.durationS * 1000;
    while (!stopping && Date.now() < endAt) {
      const elapsed = Date.now() - t0;
      const target = Math.round(profile(elapsed % cycleMs));
      listeners.setTarget(target);
      const [p, decisions] = await Promise.all([grandClient.pool(), grandClient.decisions({ actionsOnly: true })]).catch(() => [undefined, []] as [undefined, DecisionJson[]]);
      for (const d of decisions) {
        const key = `${d.at} ${d.node}`;
        const shown = seen.get(key);
        if (shown === undefined) {
          if (d.action === 'add') summary.adds++;
          if (d.action === 'release') summary.releases++;
          print(`  -> ${d.action.toUpperCase()} ${d.node ?? ''}: ${d.reason}${d.outcome ? ` (${d.outcome})` : ''}`);
        } else if (d.outcome && shown === '') print(`  -> ${d.action} ${d.node ?? ''}: ${d.outcome}`);
        seen.set(key, d.outcome ?? '');
      }
      showDeployments();
      if (p) print(statusLine(elapsed, p, listeners.counts().connected, target, summary));
      summary.listenersPeak = Math.max(summary.listenersPeak, listeners.counts().connected);
      await Promise.race([sleep(2000), interrupted]);
    }
    sub.unsubscribe();
    deployments?.unsubscribe();
    deployments = undefined;
    showDeployments();
    const counts = listeners.counts();
    summary.failures = counts.failures;
    // Why listeners could not connect, when many could not (a busy machine, a node that does not answer).
    if (counts.failures > counts.connects && counts.lastError) print(`listeners: ${counts.failures} failed attempts against ${counts.connects} streams opened; the latest: ${counts.lastError}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await listeners?.stop();
    source?.stop();
    grandClient?.close();
    // Agents first (their leases are cancelled: no alerts), then the grand agent, then the lookup service.
    const [lookupP, grandP, ...agentPs] = procs;
    await Promise.all(agentPs.map((p) => p.stop('SIGTERM', 8000)));
    await grandP?.stop('SIGTERM', 8000);
    await lookupP?.stop('SIGTERM', 8000);
    await store?.close();
    summary.seconds = Math.round((Date.now() - started) / 1000);
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  return summary;
}

function statusLine(elapsed: number, p: RemotePool, connected: number, target: number, summary: DemoSummary): string {
  const s = p.services[0];
  if (!s) return `${clock(elapsed)} (no service)`;
  summary.maxNodes = Math.max(summary.maxNodes, s.serving.length);
  const total = s.serving.length * s.capacityPerNode;
  const fc = s.hasForecast ? num(s.forecast) : '-';
  const hold = s.holdReason ? `  HOLD ${s.holdReason}` : '';
  return `${clock(elapsed)}  listeners ${String(connected).padStart(3)}/${String(target).padEnd(3)} load ${bar(s.sum, total, s.upperBound)} ${num(s.sum).padStart(4)}/${total}  forecast ${fc.padStart(5)}  N ${s.n} [${s.serving.join(' ')}]${hold}`;
}
