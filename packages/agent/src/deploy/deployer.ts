import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AdapterFactory, ProcessGroupLedger } from '@lama/adapters';
import type { MapperLog } from '@lama/adapters/afs-mapper';
import { parseHostPort, type Clock, type Credential, type CredentialVerifier, type Timer } from '@lama/lookup';
import type { AgentLog } from '../daemon/agent.js';
import { CacheSourceError, SiteManifestError } from '../errors.js';
import { receiveSnapshot, sendSnapshot, type Received, type SnapshotSession } from './cache-multicast.js';
import type { SiteNode } from '../site/site-node.js';
import { checkSiteName } from '../site/site-manifest.js';
import { StoreClient, type StoreClientOptions } from '../site/store-client.js';
import { checkTransition, LifecycleFile, type LifecycleRecord, type LifecycleState } from './lifecycle.js';
import { mapSite, removeInstanceData, unmapSite, type MappingPlace } from './site-mapping.js';
import { siteAdapterOptions, type SiteVariables } from './site-services.js';
import { loadSiteAdapter } from './site-module.js';
import type { Replica } from '../site/replica-set.js';
import type { SiteManifest } from '../site/site-manifest.js';
import { StepTracker, type StepProgress } from './step-tracker.js';

// How long stop() waits for a procedure to reach a step boundary.
const CLOSE_WAIT_MS = 5000;

/** What the deployer needs of the agent: its adapters. */
export interface DeployerHost {
  readonly node: string;
  /** The node's own host address, `${address}` in a site's adapter options. */
  readonly address: string;
  /** Stops the node's own adapters that run (deployment step 1); returns their names. */
  stopNodeServices(): Promise<string[]>;
  /** Adds an adapter at run time (one of a site's): a module name, or a factory the site brought; its runtime files under stateDir. */
  addAdapter(name: string, module: string | AdapterFactory, options: unknown, stateDir: string): Promise<void>;
  startAdapter(name: string): Promise<unknown>;
  /** Stops and removes an adapter added at run time (none of that name: nothing). */
  removeAdapter(name: string): Promise<void>;
}

/** How a deployer is set up. */
export interface DeployerOptions {
  host: DeployerHost;
  site: SiteNode;
  place: MappingPlace;
  clock: Clock;
  log: AgentLog;
  /** The agent's ledger of process groups (post-mapping scripts are recorded in it). */
  processGroups?: ProcessGroupLedger;
  /** The node's credential: it signs the snapshots it multicasts and registers with a source's sessions. */
  credential: Credential;
  /** Checks the other end of a cache session (the agent's own verifier: it follows the pool's revocations). */
  verifier?: CredentialVerifier;
  /** Defaults of the cache multicast. */
  multicast: { interface?: string; rateBitsPerSec: number; deadlineMs: number; receiveTimeoutMs: number };
  /** Store client settings besides the URL (timeouts, retries, concurrency). */
  store?: Omit<StoreClientOptions, 'url' | 'clock'>;
}

/** A StartDeployment request (the wire's, without the wire). */
export interface DeploymentRequest {
  deploymentId: string;
  site: string;
  /** 0: the store's newest. */
  version: number;
  storeUrl: string;
  /** The cache source's multicast session, when there is one. */
  cache?: { sessionId: string; sourceNode: string; group: string; interface: string } | null;
}

/** The node's progress: its life cycle and the steps of the procedure under way (or the last one). */
export interface DeployerProgress extends StepProgress {
  lifecycle: LifecycleRecord;
}

/**
 * The node's side of Khnum (seed 000 §3.1): the server life cycle of Fig. 2, persisted, and
 * the deployment and cleaning procedures, timed step by step. A deployment runs: stop the
 * node's services, fetch and verify the site manifest, receive the cache source's snapshot,
 * fetch what is missing from the store, materialize the replica, map it with the afs-mapper
 * (post-mapping scripts included), start the site's adapters. Cleaning: stop them, unmap,
 * remove the instance data, drop the site's cache unless asked to keep it.
 */
export class Deployer extends EventEmitter<{ change: [] }> {
  readonly tracker: StepTracker;
  private record: LifecycleRecord;
  private readonly file: LifecycleFile;
  private running: Promise<void> | undefined;
  private readonly sessions = new Set<SnapshotSession>();
  private closed = false;
  /** The record changed but could not be written (a full disk). */
  private unsaved = false;

  constructor(private readonly o: DeployerOptions) {
    super();
    mkdirSync(o.place.dir, { recursive: true });
    this.file = new LifecycleFile(o.place.dir);
    this.record = this.file.load(o.clock.now());
    this.tracker = new StepTracker(o.clock);
    this.tracker.on('change', () => this.emit('change'));
  }

  /** The life cycle now. */
  lifecycle(): LifecycleRecord {
    return { ...this.record, services: [...this.record.services] };
  }

  progress(): DeployerProgress {
    return { lifecycle: this.lifecycle(), ...this.tracker.view() };
  }

  /**
   * Brings a restarted agent back to a whole state: a deployment it was in is rolled back
   * (FAILED, then cleaned to FREE), a cleaning is finished, an OPERATIONAL site gets its
   * services back. Runs before the agent serves anything.
   */
  async recover(): Promise<void> {
    const r = this.record;
    if (r.state === 'DEPLOYING') {
      this.o.log.warn({ site: r.site, deploymentId: r.deploymentId }, 'the agent restarted during a deployment: rolling it back to FREE');
      this.transition('FAILED', { reason: 'the agent restarted during the deployment', keepCache: true });
      this.transition('CLEANING', {});
      await this.clean();
    } else if (r.state === 'CLEANING') {
      this.o.log.warn({ site: r.site }, 'the agent restarted during a cleaning: finishing it');
      await this.clean();
    } else if (r.state === 'OPERATIONAL') {
      // A node that cannot bring its services back still starts: it stays OPERATIONAL, and cleaning (allowed from there) repairs it.
      try {
        const manifest = await this.o.site.cache.manifest(r.site, r.version);
        const replica = await this.o.site.current(r.site);
        if (!replica) throw new SiteManifestError(`no replica of ${r.site}@${r.version} on this node`);
        this.record.services = [];
        await this.addServices(manifest, replica);
      } catch (err) {
        this.o.log.error({ site: r.site, version: r.version, err: (err as Error).message }, 'the site\'s services could not be restored; clean the node');
        return;
      }
      for (const name of this.record.services) {
        this.o.host.startAdapter(name).catch((err: Error) => this.o.log.error({ adapter: name, err: err.message }, 'a site service did not start again'));
      }
    }
  }

  /** FREE -> DEPLOYING, then the procedure in the background; refused (nothing changed) when not FREE or the request is bad. */
  startDeployment(req: DeploymentRequest): LifecycleRecord {
    checkSiteName(req.site);
    if (!Number.isSafeInteger(req.version) || req.version < 0) throw new SiteManifestError(`version ${req.version} must be 0 (the newest) or a positive integer`);
    // A bad URL is refused here, before the life cycle moves.
    const client = new StoreClient({ ...this.o.store, url: req.storeUrl, clock: this.o.clock });
    try {
      this.transition('DEPLOYING', { site: req.site, version: req.version, deploymentId: req.deploymentId || randomUUID(), reason: '', services: [], keepCache: false });
    } catch (err) {
      client.close();
      throw err;
    }
    this.run(() => this.deploy(req, client).finally(() => client.close()));
    return this.lifecycle();
  }

  /** OPERATIONAL or FAILED -> CLEANING, then the procedure in the background. */
  startCleaning(req: { deploymentId: string; keepCache: boolean }): LifecycleRecord {
    this.transition('CLEANING', { keepCache: req.keepCache, ...(req.deploymentId ? { deploymentId: req.deploymentId } : {}) });
    this.run(() => this.clean());
    return this.lifecycle();
  }

  /**
   * On a node OPERATIONAL for the site: snapshots its cache (objects used since usedSinceMs, or
   * all) and starts multicasting it; resolves once the session announces itself.
   */
  async prepareCacheSnapshot(req: CacheSnapshotRequest): Promise<{ sessionId: string; group: string; interface: string; files: number; bytes: number }> {
    const r = this.record;
    if (r.state !== 'OPERATIONAL' || r.site !== req.site || (req.version && r.version !== req.version)) {
      throw new CacheSourceError(`node '${this.o.host.node}' is ${r.state}${r.site ? ` for ${r.site}@${r.version}` : ''}: only a node OPERATIONAL for ${req.site}${req.version ? `@${req.version}` : ''} can be its cache source`);
    }
    const m = this.o.multicast;
    const scope = multicastScope(req.group, req.interface || m.interface, this.o.host.node);
    const snapshot = await this.o.site.snapshot(req.site, req.usedSinceMs ? { since: req.usedSinceMs } : {});
    const session = await sendSnapshot(snapshot, { ...scope, rateBitsPerSec: req.rateBitsPerSec || m.rateBitsPerSec }, {
      credential: this.o.credential, verifier: this.o.verifier, receivers: req.receivers.length, deadlineMs: req.deadlineMs || m.deadlineMs, clock: this.o.clock,
    });
    this.sessions.add(session);
    this.o.log.info({ session: session.sessionId, group: req.group, files: session.files, bytes: session.bytes, receivers: req.receivers }, 'cache snapshot session started');
    session.done.then(
      (res) => this.o.log.info({ session: session.sessionId, complete: res.complete, reason: res.reason, elapsedMs: res.elapsedMs, missingReceivers: res.missingReceivers }, 'cache snapshot session ended'),
      (err: Error) => this.o.log.warn({ session: session.sessionId, err: err.message }, 'cache snapshot session failed'),
    ).finally(() => this.sessions.delete(session));
    return { sessionId: session.sessionId, group: req.group, interface: scope.interface, files: session.files, bytes: session.bytes };
  }

  /**
   * Stops the procedure under way at its next step boundary (the file keeps where it was; the
   * next start recovers), waiting for that at most CLOSE_WAIT_MS: a long download does not
   * hold up a SIGTERM.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.sessions].map((s) => s.stop()));
    if (!this.running) return;
    let timer: Timer | undefined;
    await Promise.race([this.running.catch(() => undefined), new Promise<void>((r) => { timer = this.o.clock.setTimer(r, CLOSE_WAIT_MS); })]);
    timer?.cancel();
  }

  private run(procedure: () => Promise<void>): void {
    const p = procedure().catch((err: Error) => this.o.log.error({ err: err.message }, 'deployer procedure failed unexpectedly'));
    this.running = p.finally(() => {
      if (this.running === p) this.running = undefined;
    });
  }

  // Each step checks that the agent is not stopping: a stopped agent leaves the file as it was, and the next start recovers.
  private step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AgentStopping());
    return this.tracker.step(name, fn);
  }

  private async deploy(req: DeploymentRequest, client: StoreClient): Promise<void> {
    const log = this.o.log;
    this.tracker.begin();
    try {
      const stopped = await this.step('stop-services', () => this.o.host.stopNodeServices());
      if (stopped.length) log.info({ adapters: stopped }, 'deployment: stopped the node\'s services');
      const manifest = await this.step('fetch-manifest', () => this.o.site.fetchManifest(client, req.site, req.version || undefined));
      this.update({ version: manifest.version });
      const cache = req.cache;
      if (cache) {
        await this.step('receive-cache', async () => {
          const got = await this.receiveCache(cache, manifest);
          if (got.refused) log.warn({ session: cache.sessionId, source: cache.sourceNode, objects: got.objects }, `cache snapshot: ${got.refused}; the rest comes from the store`);
        });
      }
      await this.step('fetch-missing', () => this.o.site.fetchObjects(client, manifest, (size) => this.tracker.count(1, size, 'store')));
      const replica = await this.step('materialize', () => this.o.site.materializeManifest(manifest));
      await this.step('map', () => mapSite(manifest.definition.mapping, replica, this.o.place, { site: manifest.site, node: this.o.host.node }, this.o.clock, this.mapperLog(), this.o.processGroups));
      await this.step('start-services', async () => {
        await this.addServices(manifest, replica);
        for (const name of this.record.services) await this.o.host.startAdapter(name);
      });
      await this.o.site.cache.flush();
      this.tracker.end();
      this.transition('OPERATIONAL', {});
      log.info({ site: manifest.site, version: manifest.version, steps: this.tracker.view().steps }, 'DEPLOYMENT-COMPLETE');
    } catch (err) {
      const step = this.tracker.view().step;
      this.tracker.end();
      if (err instanceof AgentStopping) return;
      log.warn({ site: req.site, step, err: (err as Error).message }, 'deployment failed');
      this.transition('FAILED', { reason: `${step || 'deployment'}: ${(err as Error).message}` });
    }
  }

  // The cache source's session; one this node cannot take part in (no interface, a group it cannot join) is refused, never a failure.
  private async receiveCache(cache: NonNullable<DeploymentRequest['cache']>, manifest: SiteManifest): Promise<Received> {
    let scope: ReturnType<typeof multicastScope>;
    try {
      scope = multicastScope(cache.group, cache.interface || this.o.multicast.interface, this.o.host.node);
    } catch (err) {
      if (err instanceof CacheSourceError) return { objects: 0, bytes: 0, refused: err.message };
      throw err;
    }
    return receiveSnapshot(cache, scope, {
      credential: this.o.credential, verifier: this.o.verifier, node: this.o.host.node, manifest, cache: this.o.site.cache,
      timeoutMs: this.o.multicast.receiveTimeoutMs, clock: this.o.clock, onObject: (size) => this.tracker.count(1, size, 'cache-source'),
    });
  }

  private async clean(): Promise<void> {
    const log = this.o.log;
    const site = this.record.site;
    this.tracker.begin();
    try {
      await this.step('stop-services', async () => {
        for (const name of [...this.record.services].reverse()) await this.o.host.removeAdapter(name);
        this.update({ services: [] });
        rmSync(join(this.o.place.dir, 'services'), { recursive: true, force: true });
      });
      const unmapped = await this.step('unmap', async () => unmapSite(this.o.place));
      for (const k of unmapped.clean.kept) log.info({ path: k.path, reason: k.reason }, 'unmap kept a path');
      const instance = await this.step('remove-instance-data', async () => removeInstanceData(this.o.place));
      for (const path of instance.kept) log.warn({ path }, 'cleaning left a path of an unconfirmed mapping batch (maybe not the mapper\'s)');
      await this.step('drop-cache', async () => (this.record.keepCache || !site ? undefined : this.o.site.drop(site, this.record.version)));
      this.tracker.end();
      this.transition('FREE', { site: '', version: 0, reason: '', services: [], keepCache: false });
      log.info({ site, steps: this.tracker.view().steps }, 'CLEANING-COMPLETE');
    } catch (err) {
      const step = this.tracker.view().step;
      this.tracker.end();
      if (err instanceof AgentStopping) return;
      log.warn({ site, step, err: (err as Error).message }, 'cleaning failed');
      this.transition('FAILED', { reason: `cleaning, ${step}: ${(err as Error).message}` });
    }
  }

  // The site's adapters, added (not started); a module the site brings is loaded from its verified replica.
  private async addServices(manifest: SiteManifest, replica: Replica): Promise<void> {
    for (const a of manifest.definition.adapters) {
      const module = a.module ? await loadSiteAdapter(manifest, replica, a.module, a.type) : a.type;
      const dir = join(this.o.place.dir, 'services', a.name);
      mkdirSync(dir, { recursive: true });
      // Listed before it exists: cleaning removes it whatever happens next.
      this.record.services.push(a.name);
      this.save();
      await this.o.host.addAdapter(a.name, module, siteAdapterOptions(a, this.vars(manifest.site, manifest.version, replica.path)), dir);
    }
  }

  private vars(site: string, version: number, replica: string): SiteVariables {
    return { node: this.o.host.node, address: this.o.host.address, site, version, replica, root: this.o.place.root };
  }

  private mapperLog(): MapperLog {
    return { info: (m, d) => this.o.log.info({ mapper: true, ...d }, m), warn: (m, d) => this.o.log.warn({ mapper: true, ...d }, m) };
  }

  private transition(to: LifecycleState, change: Partial<LifecycleRecord>): void {
    checkTransition(this.o.host.node, this.record.state, to);
    this.record = { ...this.record, ...change, state: to, sinceMs: this.o.clock.now() };
    this.save();
  }

  private update(change: Partial<LifecycleRecord>): void {
    this.record = { ...this.record, ...change };
    this.save();
  }

  // A full disk must not stop the life cycle: the state is published and kept in memory, and the
  // file keeps the last state written (a restart recovers from it: DEPLOYING rolls back) until a
  // later save finds space again, e.g. once cleaning has dropped what filled the disk.
  private save(): void {
    try {
      this.file.save(this.record);
      if (this.unsaved) this.o.log.info({ state: this.record.state }, 'life cycle written again');
      this.unsaved = false;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOSPC' && code !== 'EDQUOT') throw err;
      if (!this.unsaved) this.o.log.error({ state: this.record.state, path: this.file.path, err: (err as Error).message }, 'the life cycle cannot be written (the disk is full): kept in memory until it can');
      this.unsaved = true;
    }
    this.emit('change');
  }
}

/** A PrepareCacheSnapshot request (the wire's). */
export interface CacheSnapshotRequest {
  site: string;
  version: number;
  usedSinceMs: number;
  /** HOST:PORT of the multicast group. */
  group: string;
  interface: string;
  receivers: string[];
  rateBitsPerSec: number;
  deadlineMs: number;
}

// The group and interface of a session: a multicast HOST:PORT, and an interface address this node has been told.
function multicastScope(group: string, iface: string | undefined, node: string): { group: string; port: number; interface: string } {
  const g = parseHostPort(group);
  if (!g) throw new CacheSourceError(`multicast group '${group}' is not HOST:PORT`);
  if (!iface) throw new CacheSourceError(`node '${node}' has no multicast interface for the cache session: give one in the request or deploy.multicast.interface`);
  return { group: g.host, port: g.port, interface: iface };
}

// Thrown between steps once the agent stops: not a failure of the deployment.
class AgentStopping extends Error {
  constructor() {
    super('the agent is stopping');
  }
}

