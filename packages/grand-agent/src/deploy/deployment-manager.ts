import { randomBytes } from 'node:crypto';
import { Subject, type Observable } from '@lama/lookup/rx';
import { delay, systemClock, type Clock, type Credential, type Startable, type Transport } from '@lama/lookup';
import { DeployerClient, checkSiteName, checkVersion, type RemoteCacheSnapshot as RemoteSnapshot, type RemoteDeploymentProgress as RemoteProgress } from '@lama/agent';
import { DeploymentRequestError, NotFreeError, UnknownNodeError } from '../errors.js';
import { chooseCacheSource, type DeployNode } from './cache-source.js';
import type { DeployConfig } from './deploy-config.js';
import type { CleanRequest, DeployRequest, Deployment, NodeDeployment } from './deployment.js';
import { describeLifecycle, lifecycleOf } from './lifecycle-entry.js';
import { followCleaning, followDeployment, followResumedDeployment, reasonOf, type FollowContext, type FollowOutcome } from './node-follower.js';
import type { DeploymentJournal } from '../state/deployment-journal.js';

/** Where the deployment manager finds nodes (the grand agent's monitor). */
export interface NodeDirectory {
  byName(name: string): DeployNode | undefined;
  list(): DeployNode[];
}

export interface DeploymentManagerOptions {
  /** A credential with role controller. */
  credential: Credential;
  directory: NodeDirectory;
  config: DeployConfig;
  clock?: Clock;
  /** Why deployments must wait now (the partition brake), if they must. */
  holdReason?: () => string | undefined;
  /** Told when a deployment ends with a node that failed or timed out (the grand agent alerts). */
  onFailed?: (d: Deployment) => void;
  transport?: Transport;
  /** Keeps the records durable; with it, start() resumes the deployments and cleanings a kill left open. */
  journal?: DeploymentJournal;
  /** After a restart, how long a node of an open deployment may take to be back in the pool (default 60 s). */
  resumeWaitMs?: number;
}

/** A deployment under way: its record now, and its end. */
export interface Started {
  deployment: Deployment;
  done: Promise<Deployment>;
}

const copy = (d: Deployment): Deployment => structuredClone(d);
const PROGRESS_EVERY_MS = 250;

/**
 * The Khnum manager (seed 000 §3.3, Fig. 3): picks a cache source among the site's OPERATIONAL
 * nodes, has it start a multicast session of its cache snapshot (INITIALIZE-CACHE), sends
 * StartDeployment to every new node at once (START-DEPLOYMENT) and follows each until
 * DEPLOYMENT-COMPLETE. A node that fails or times out is cleaned back to FREE and reported;
 * the others finish. Every deployment and cleaning is kept with its per-node step timings.
 */
export class DeploymentManager implements Startable {
  private readonly clock: Clock;
  private readonly kept: Deployment[] = [];
  private readonly subject = new Subject<Deployment>();
  /** Nodes in a deployment or cleaning under way, by deployment id. */
  private readonly busy = new Map<string, string>();
  private readonly clients = new Set<DeployerClient>();
  private stopped = false;
  private seq = 0;
  /** Deployments and cleanings ended, by kind and outcome (the kept list is bounded). */
  readonly ended = { deploy: { complete: 0, partial: 0, failed: 0 }, clean: { complete: 0, partial: 0, failed: 0 } };
  private readonly prefix = randomBytes(3).toString('hex');
  /** When each deployment's last progress change went out. */
  private readonly lastProgress = new Map<string, number>();
  /** The end of the deployment or cleaning under way on each node. */
  private readonly doneByNode = new Map<string, Promise<Deployment>>();

  constructor(private readonly o: DeploymentManagerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** A copy of each deployment every time it changes. */
  get changes(): Observable<Deployment> {
    return this.subject.asObservable();
  }

  /** The deployments and cleanings kept, oldest first. */
  list(): Deployment[] {
    return this.kept.map(copy);
  }

  /** Deployments and cleanings under way now. */
  get running(): number {
    return this.kept.filter((d) => d.endedAt === undefined).length;
  }

  /**
   * Takes the journal's records back and resumes each one a kill left open: its nodes are
   * followed to the end of what they were asked, never asked again (see followResumedDeployment).
   */
  async start(): Promise<void> {
    for (const d of this.o.journal?.loaded ?? []) {
      if (this.kept.some((k) => k.id === d.id)) continue;
      this.kept.push(structuredClone(d));
      if (d.endedAt === undefined) this.resume(this.kept[this.kept.length - 1]);
    }
  }

  /** The end of the deployment or cleaning under way on node, if there is one (an add resumed after a restart waits for it). */
  underWay(node: string): Promise<Deployment> | undefined {
    return this.doneByNode.get(node);
  }

  /** Ends every follow (what is under way on the nodes goes on there) and completes `changes`. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const c of this.clients) c.close();
    this.subject.complete();
  }

  private newRecord(kind: Deployment['kind'], site: string, version: number, nodes: string[], state: NodeDeployment['state']): Deployment {
    const d: Deployment = {
      id: `${kind === 'deploy' ? 'd' : 'c'}-${this.prefix}-${++this.seq}`, kind, site, version, state: 'preparing', createdAt: this.clock.now(), message: '',
      nodes: nodes.map((node) => ({ node, state, step: '', steps: [], files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 })),
    };
    this.kept.push(d);
    if (this.kept.length > this.o.config.keep) this.kept.splice(0, this.kept.length - this.o.config.keep);
    for (const n of nodes) this.busy.set(n, d.id);
    return d;
  }

  private emit(d: Deployment): void {
    if (this.stopped) return;
    // Written before anything acts on it: the record exists before StartDeployment goes out, and has ended before its alert.
    this.o.journal?.record(d);
    this.subject.next(copy(d));
  }

  private node(name: string): DeployNode {
    const n = this.o.directory.byName(name);
    if (!n) throw new UnknownNodeError(name);
    return n;
  }

  private checkNodes(nodes: readonly string[], what: string): void {
    if (nodes.length === 0) throw new DeploymentRequestError(`${what}: name at least one node`);
    const dup = nodes.find((n, i) => nodes.indexOf(n) !== i);
    if (dup) throw new DeploymentRequestError(`${what}: node '${dup}' is named twice`);
    for (const n of nodes) {
      this.node(n);
      const under = this.busy.get(n);
      if (under) throw new NotFreeError(n, `in ${under}, still under way`);
    }
  }

  /**
   * Deploys SITE[@VERSION] onto FREE nodes. Everything is checked before anything is sent:
   * an unknown node, a node that is not FREE, a bad site name or no store refuses the whole
   * request (a typed error) and changes nothing.
   */
  deploy(req: DeployRequest): Started {
    if (this.stopped) throw new DeploymentRequestError('the deployment manager is stopped');
    try {
      checkSiteName(req.site);
      if (req.version) checkVersion(req.version);
    } catch (err) {
      throw new DeploymentRequestError(`deploy: ${(err as Error).message}`);
    }
    const storeUrl = req.storeUrl || this.o.config.storeUrl;
    if (!storeUrl) throw new DeploymentRequestError('deploy: no site store: set deploy.storeUrl in the grand agent\'s config or pass --store URL');
    if (!/^https?:\/\/[^\s]+$/.test(storeUrl)) throw new DeploymentRequestError(`deploy: store URL '${storeUrl}' is not an http(s) URL`);
    this.checkNodes(req.nodes, 'deploy');
    for (const n of req.nodes) {
      const l = lifecycleOf(this.node(n).attributes);
      if (l?.state !== 'FREE') throw new NotFreeError(n, describeLifecycle(l));
    }
    const d = this.newRecord('deploy', req.site, req.version ?? 0, req.nodes, 'deploying');
    d.storeUrl = storeUrl;
    this.emit(d);
    const done = this.runDeployment(d, storeUrl).finally(() => this.release(d));
    this.track(d, done);
    return { deployment: copy(d), done };
  }

  /** Cleans nodes back to FREE (Stop the site's services, unmap, remove instance data, drop or keep the cache). */
  clean(req: CleanRequest): Started {
    if (this.stopped) throw new DeploymentRequestError('the deployment manager is stopped');
    this.checkNodes(req.nodes, 'clean');
    const sites = new Set(req.nodes.map((n) => lifecycleOf(this.node(n).attributes)?.site ?? ''));
    const site = sites.size === 1 ? [...sites][0] : '';
    const d = this.newRecord('clean', site, 0, req.nodes, 'cleaning');
    d.state = 'running';
    d.startedAt = this.clock.now();
    this.emit(d);
    const done = Promise.all(d.nodes.map(async (nd) => {
      nd.startedAt = this.clock.now();
      const o = await this.attempt(nd.node, (ctx) => followCleaning(ctx(nd), req.keepCache === true, this.o.config.cleanTimeoutMs));
      this.nodeEnded(d, nd, o, 'clean');
    })).then(() => this.finish(d)).finally(() => this.release(d));
    this.track(d, done);
    return { deployment: copy(d), done };
  }

  private track(d: Deployment, done: Promise<Deployment>): void {
    for (const n of d.nodes) this.doneByNode.set(n.node, done);
  }

  /** A record the previous grand agent left open: each node's end is judged by its own life cycle, and a failed one is cleaned. */
  private resume(d: Deployment): void {
    d.message = `${d.message ? `${d.message}; ` : ''}resumed after a restart of the grand agent`;
    const open = d.nodes.filter((nd) => nd.endedAt === undefined || nd.cleanup === 'cleaning');
    for (const nd of open) this.busy.set(nd.node, d.id);
    this.emit(d);
    const done = Promise.all(open.map(async (nd) => {
      const back = await this.nodeBack(nd.node);
      if (nd.endedAt !== undefined) return back ? this.cleanUp(d, nd) : undefined;
      const gone: FollowOutcome = { ok: false, timedOut: true, reason: `not back in the pool within ${this.resumeWaitMs / 1000} s of the grand agent's restart` };
      if (d.kind === 'clean') {
        this.nodeEnded(d, nd, back ? await this.attempt(nd.node, (ctx) => followCleaning(ctx(nd), false, this.o.config.cleanTimeoutMs)) : gone, 'clean');
        return undefined;
      }
      const o = back ? await this.attempt(nd.node, (ctx) => followResumedDeployment(ctx(nd), d.id, this.o.config.timeoutMs)) : gone;
      this.nodeEnded(d, nd, o, 'complete');
      if (!o.ok && back && !o.untouched) await this.cleanUp(d, nd);
      return undefined;
    })).then(() => this.finish(d)).finally(() => this.release(d));
    this.track(d, done);
  }

  private get resumeWaitMs(): number {
    return this.o.resumeWaitMs ?? 60_000;
  }

  /** Waits (bounded) until the node is registered again: after a restart the agents come back one renewal at a time. */
  private async nodeBack(name: string): Promise<boolean> {
    const until = this.clock.now() + this.resumeWaitMs;
    while (!this.stopped && !this.o.directory.byName(name)) {
      if (this.clock.now() >= until) return false;
      await delay(this.clock, this.o.config.retryMs);
    }
    return !this.stopped;
  }

  private release(d: Deployment): void {
    this.lastProgress.delete(d.id);
    for (const n of d.nodes) if (this.busy.get(n.node) === d.id) this.busy.delete(n.node);
    for (const n of d.nodes) if (this.doneByNode.get(n.node) && this.busy.get(n.node) === undefined) this.doneByNode.delete(n.node);
  }

  /** The partition brake: a deployment waits while allocation must hold. */
  private async waitForBrake(d: Deployment): Promise<void> {
    for (let hold = this.o.holdReason?.(); hold !== undefined && !this.stopped; hold = this.o.holdReason?.()) {
      if (d.state !== 'waiting') {
        d.state = 'waiting';
        d.message = `waiting: ${hold}`;
        this.emit(d);
      }
      await delay(this.clock, this.o.config.holdPollMs);
    }
  }

  private async runDeployment(d: Deployment, storeUrl: string): Promise<Deployment> {
    await this.waitForBrake(d);
    if (this.stopped) {
      // Stopped while it waited: nothing was sent to any node.
      for (const nd of d.nodes) this.nodeEnded(d, nd, { ok: false, timedOut: false, reason: 'the grand agent stopped before the deployment started' }, 'complete');
      return this.finish(d);
    }
    d.state = 'preparing';
    d.message = '';
    const cache = await this.prepareCache(d);
    d.state = 'running';
    d.startedAt = this.clock.now();
    this.emit(d);
    // START-DEPLOYMENT to every new node at once.
    await Promise.all(d.nodes.map(async (nd) => {
      nd.startedAt = this.clock.now();
      const o = await this.attempt(nd.node, (ctx) => followDeployment(ctx(nd), d.id, this.o.config.timeoutMs,
        () => ctx(nd).client.startDeployment({ deploymentId: d.id, site: d.site, version: d.version, storeUrl, ...(cache && { cache }) })));
      this.nodeEnded(d, nd, o, 'complete');
      if (!o.ok) await this.cleanUp(d, nd);
    }));
    return this.finish(d);
  }

  /** INITIALIZE-CACHE: the chosen source's snapshot session, or none (every object from the store). */
  private async prepareCache(d: Deployment): Promise<RemoteSnapshot['session'] | undefined> {
    const c = this.o.config;
    // Never a target, nor a node another deployment or cleaning is changing (its attribute may lag).
    const source = chooseCacheSource(this.o.directory.list(), d.site, d.version, new Set([...d.nodes.map((n) => n.node), ...this.busy.keys()]));
    if (!source) {
      d.message = `no OPERATIONAL node of ${d.site}: every object comes from the store`;
      return undefined;
    }
    if (!c.cacheGroup) {
      d.message = `no deploy.cacheGroup configured: every object comes from the store (${source.node.name} is OPERATIONAL)`;
      return undefined;
    }
    this.emit(d);
    try {
      const ready = await this.withClient(source.node.name, (ctx) => ctx().client.prepareCacheSnapshot({
        site: d.site, version: source.version, usedSinceMs: 0, group: c.cacheGroup, interface: c.cacheInterface,
        receivers: d.nodes.map((n) => n.node), rateBitsPerSec: c.rateBitsPerSec, deadlineMs: c.snapshotDeadlineMs,
      }));
      if (!ready.session) throw new Error('the source returned no session');
      d.cacheSource = source.node.name;
      d.sessionId = ready.session.sessionId;
      d.message = `cache source ${source.node.name}, ${source.why}: ${ready.files} files, ${ready.bytes} bytes by multicast on ${ready.session.group}; the rest from the store`;
      // The session names the source's own interface address; a receiver joins on the configured
      // one, or ('') on its own default: on separate hosts the source's address is not theirs.
      return { ...ready.session, interface: c.cacheInterface };
    } catch (err) {
      d.message = `cache source ${source.node.name} could not prepare a snapshot (${reasonOf(err)}): every object comes from the store`;
      return undefined;
    }
  }

  /** A node that failed or timed out is cleaned back to FREE; the outcome is kept beside its failure. */
  private async cleanUp(d: Deployment, nd: NodeDeployment): Promise<void> {
    nd.cleanup = 'cleaning';
    this.emit(d);
    const o = await this.attempt(nd.node, (ctx) => followCleaning(ctx(), false, this.o.config.cleanTimeoutMs));
    nd.cleanup = o.ok ? 'clean' : `failed: ${o.reason}`;
    this.emit(d);
  }

  private nodeEnded(d: Deployment, nd: NodeDeployment, o: FollowOutcome, success: NodeDeployment['state']): void {
    nd.endedAt = this.clock.now();
    nd.step = '';
    if (o.ok) nd.state = success;
    else Object.assign(nd, { state: o.timedOut ? 'timed-out' : 'failed', reason: o.reason });
    this.emit(d);
  }

  private finish(d: Deployment): Deployment {
    d.endedAt = Math.max(...d.nodes.map((n) => n.endedAt ?? 0));
    const ok = d.nodes.filter((n) => n.state === 'complete' || n.state === 'clean').length;
    const state = ok === d.nodes.length ? 'complete' : ok > 0 ? 'partial' : 'failed';
    d.state = state;
    this.ended[d.kind][state]++;
    if (d.state !== 'complete') {
      const bad = d.nodes.filter((n) => n.state !== 'complete' && n.state !== 'clean');
      d.message = `${d.message ? `${d.message}; ` : ''}${bad.map((n) => `${n.node} ${n.state}: ${n.reason}`).join('; ')}`;
    }
    this.emit(d);
    if (d.state !== 'complete' && !this.stopped) this.o.onFailed?.(copy(d));
    return copy(d);
  }

  /** Runs fn with a client of the node (closed afterwards) and a follow context bound to a node record; a node gone from the pool throws UnknownNodeError. */
  private async withClient<T>(name: string, fn: (ctx: (nd?: NodeDeployment) => FollowContext) => Promise<T>): Promise<T> {
    const n = this.node(name);
    const client = new DeployerClient(n.endpoint, this.o.credential, undefined, { node: n.owner, transport: this.o.transport });
    this.clients.add(client);
    try {
      return await fn((nd) => ({
        client, clock: this.clock, retryMs: this.o.config.retryMs,
        registered: () => !this.stopped && this.o.directory.byName(name) !== undefined,
        onProgress: (p) => {
          if (nd) this.progress(nd, p);
        },
      }));
    } finally {
      this.clients.delete(client);
      client.close();
    }
  }

  /** Follows one node; a node that cannot even be asked is a failure, never an exception. */
  private async attempt(name: string, fn: (ctx: (nd?: NodeDeployment) => FollowContext) => Promise<FollowOutcome>): Promise<FollowOutcome> {
    try {
      return await this.withClient(name, fn);
    } catch (err) {
      return { ok: false, timedOut: false, reason: reasonOf(err) };
    }
  }

  private progress(nd: NodeDeployment, p: RemoteProgress): void {
    const stepChanged = p.step !== nd.step || p.steps.length !== nd.steps.length;
    Object.assign(nd, {
      step: p.step, steps: p.steps.map((s) => ({ step: s.step, seconds: s.seconds, cpuSeconds: s.cpuSeconds })), files: p.files, bytes: p.bytes,
      filesFromCacheSource: p.filesFromCacheSource, filesFromStore: p.filesFromStore,
    });
    const d = this.kept.find((x) => x.nodes.includes(nd));
    if (!d) return;
    // A node may report every file it receives: counter-only reports go out at most every
    // PROGRESS_EVERY_MS per deployment (the next step or the end carries the latest figures).
    const now = this.clock.now();
    if (!stepChanged && now - (this.lastProgress.get(d.id) ?? -Infinity) < PROGRESS_EVERY_MS) return;
    this.lastProgress.set(d.id, now);
    this.emit(d);
  }
}
