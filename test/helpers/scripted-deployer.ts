import type * as grpc from '@grpc/grpc-js';
import { AuthGuard, CredentialVerifier, LamaError, NAME_ENTRY, PoolMember, RpcServer, loadProto, type Credential, type Entry } from '@lama/lookup';
import type { DeployerProto, DeployerHandlers, DeploymentProgress, PrepareCacheSnapshotRequest__Output, StartDeploymentRequest__Output } from '@lama/agent/deploy-wire';
import { LIFECYCLE_ENTRY, type DeployNode, type LifecycleStateName } from '@lama/grand-agent';

export const DEPLOY_STEPS = ['stop-services', 'fetch-manifest', 'receive-cache', 'fetch-missing', 'materialize', 'map', 'start-services'];
export const CLEAN_STEPS = ['stop-services', 'unmap', 'remove-instance-data', 'drop-cache'];

/** What a scripted node does after StartDeployment: finish, fail at a step, hang in a step, or die (its server goes away). */
export type Script = 'complete' | 'fail' | 'hang' | 'die';

/**
 * A node's lama.deploy.v1.Deployer served in process over the project's gRPC kit (mutual TLS,
 * auth guard), with scripted behaviour on real timers: the far side of the deployment manager.
 */
export class ScriptedDeployer {
  state: LifecycleStateName;
  site = '';
  version = 0;
  reason = '';
  deploymentId = '';
  script: Script = 'complete';
  killed = false;
  private extraFiles = 0;
  stepMs = 15;
  cpu = 0.5;
  readonly starts: { at: number; req: StartDeploymentRequest__Output }[] = [];
  readonly cleanings: { deploymentId: string; keepCache: boolean }[] = [];
  readonly snapshots: PrepareCacheSnapshotRequest__Output[] = [];
  private step = '';
  private steps: { step: string; seconds: number }[] = [];
  private readonly watchers = new Set<grpc.ServerWritableStream<unknown, DeploymentProgress>>();
  private server: RpcServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  endpoint = '';
  private member: PoolMember | undefined;

  /** `credential`: the node's, with role agent. */
  constructor(readonly name: string, readonly credential: Credential, initial: { state: LifecycleStateName; site?: string; version?: number }) {
    this.state = initial.state;
    this.site = initial.site ?? '';
    this.version = initial.version ?? 0;
  }

  /** The node as the manager's directory shows it. */
  view(): DeployNode {
    const attributes: Entry[] = [{ type: LIFECYCLE_ENTRY, fields: { state: this.state, site: this.site, version: String(this.version) } }];
    return { name: this.name, endpoint: this.endpoint, owner: this.name, attributes, cpuUtilization: this.cpu };
  }

  /** Registers the node as an agent item (its lama.Name and lama.Lifecycle) with a lookup service, updated at every state change. */
  async join(lookup: string, leaseMs = 2000): Promise<void> {
    this.member = new PoolMember({
      credential: this.credential, mdns: false, locators: [lookup], leaseMs,
      item: { serviceTypes: ['lama.agent.v1.Agent'], endpoint: this.endpoint, attributes: this.entries() },
    });
    await this.member.start();
  }

  private entries(): Entry[] {
    return [{ type: NAME_ENTRY, fields: { name: this.name } }, ...this.view().attributes];
  }

  async start(): Promise<void> {
    const { grpcObject } = loadProto<DeployerProto>('deploy');
    const controller = ['controller'] as const;
    const guard = new AuthGuard({ StartDeployment: controller, PrepareCacheSnapshot: controller, StartCleaning: controller, WatchDeployment: ['controller', 'monitor'] },
      new CredentialVerifier(this.credential.poolPublicKey), { serverName: this.name });
    const handlers: DeployerHandlers = {
      StartDeployment: guard.unary('StartDeployment', (_p, req) => {
        this.transition('FREE', 'DEPLOYING');
        this.starts.push({ at: Date.now(), req });
        Object.assign(this, { site: req.site, version: req.version || 1, deploymentId: req.deploymentId, reason: '', steps: [] });
        this.run(DEPLOY_STEPS, () => {
          if (this.script === 'complete') this.set('OPERATIONAL');
        });
        return this.lifecycle();
      }),
      PrepareCacheSnapshot: guard.unary('PrepareCacheSnapshot', (_p, req) => {
        if (this.state !== 'OPERATIONAL' || req.site !== this.site) throw new LamaError('ERR_LIFECYCLE', `${this.name} is ${this.state}, not OPERATIONAL with ${req.site}`);
        this.snapshots.push(req);
        return {
          // As a real agent does, the session names the interface address it chose (its own default when none was asked).
          session: { sessionId: `session-of-${this.name}`, group: req.group, interface: req.interface || '192.0.2.7', sourceNode: this.name, manifestDigest: 'ab'.repeat(32), senderEndpoint: '127.0.0.1:9' },
          files: 42, bytes: 4200,
        };
      }),
      StartCleaning: guard.unary('StartCleaning', (_p, req) => {
        if (this.state !== 'OPERATIONAL' && this.state !== 'FAILED') throw new LamaError('ERR_LIFECYCLE', `transition ${this.state} -> CLEANING is not allowed`);
        this.cleanings.push({ deploymentId: req.deploymentId, keepCache: req.keepCache });
        this.steps = [];
        this.set('CLEANING');
        this.run(CLEAN_STEPS, () => {
          Object.assign(this, { site: '', version: 0 });
          this.set('FREE');
        }, true);
        return this.lifecycle();
      }),
      WatchDeployment: guard.stream('WatchDeployment', (_p, call) => {
        this.watchers.add(call);
        call.write(this.progress());
        call.on('cancelled', () => this.watchers.delete(call));
        call.on('close', () => this.watchers.delete(call));
      }),
    };
    this.server = new RpcServer({ credential: this.credential, listen: '127.0.0.1:0', graceMs: 100, services: [{ name: 'lama.deploy.v1.Deployer', definition: grpcObject.lama.deploy.v1.Deployer.service, handlers: handlers as grpc.UntypedServiceImplementation }] });
    this.endpoint = await this.server.start();
  }

  /** Gone: the process died (its streams break, nothing answers). */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.destroy(new Error('killed'));
    this.watchers.clear();
    await this.server?.stop();
    this.server = undefined;
  }

  /** One more file received, in the same step (a counter-only progress report). */
  receivedFile(): void {
    this.extraFiles++;
    this.emit();
  }

  /** A hung deployment ends at last, FAILED. */
  giveUp(reason: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.reason = reason;
    this.set('FAILED');
  }

  private transition(from: LifecycleStateName, to: LifecycleStateName): void {
    if (this.state !== from) throw new LamaError('ERR_LIFECYCLE', `transition ${this.state} -> ${to} is not allowed`);
    this.set(to);
  }

  private run(steps: string[], done: () => void, cleaning = false): void {
    let i = 0;
    const next = (): void => {
      if (i > 0) this.steps.push({ step: this.step, seconds: this.stepMs / 1000 });
      if (!cleaning && this.script === 'fail' && i === 5) return this.fail(`map: '/var/www/index.html' exists and is not ours`);
      if (!cleaning && this.script === 'hang' && i === 3) return this.emit();
      if (!cleaning && this.script === 'die' && i === 2) return void this.kill();
      if (i === steps.length) {
        this.step = '';
        return done();
      }
      this.step = steps[i++];
      this.emit();
      this.timer = setTimeout(next, this.stepMs);
    };
    next();
  }

  private fail(reason: string): void {
    this.reason = reason;
    this.step = '';
    this.set('FAILED');
  }

  private set(state: LifecycleStateName): void {
    this.state = state;
    this.emit();
    void this.member?.setAttributes(this.entries()).catch(() => undefined);
  }

  /** Leaves the pool cleanly (its lease cancelled). */
  async leave(): Promise<void> {
    await this.member?.stop();
    this.member = undefined;
  }

  private lifecycle() {
    return { state: this.state, site: this.site, version: this.version, reason: this.reason, deploymentId: this.deploymentId, sinceMs: Date.now() };
  }

  private progress(): DeploymentProgress {
    const files = this.steps.length * 10 + this.extraFiles;
    return { lifecycle: this.lifecycle(), step: this.step, files, bytes: files * 100, seconds: this.steps.length * this.stepMs / 1000, steps: this.steps, filesFromCacheSource: files / 2, filesFromStore: files / 2 };
  }

  private emit(): void {
    for (const w of this.watchers) w.write(this.progress());
  }
}
