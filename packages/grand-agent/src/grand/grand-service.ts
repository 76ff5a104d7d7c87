import { AuthGuard, InvalidArgumentError, type Clock, type CredentialVerifier, type RejectionHandler, type Role, type RoleTable } from '@lama/lookup';
import type { GrandHandlers } from '../generated/lama/grand/v1/Grand.js';
import type { PoolView } from '../generated/lama/grand/v1/PoolView.js';
import type { Alert } from '../alerts/alert.js';
import type { Decision } from '../allocator/decision.js';
import { alertToWire, decisionToWire } from './grand-wire.js';
import type { Observable } from 'rxjs';
import type { Deployment } from '../deploy/deployment.js';
import type { DeploymentManager, Started } from '../deploy/deployment-manager.js';
import type { Deployment as WireDeployment } from '../generated/lama/grand/v1/Deployment.js';
import { deploymentToWire } from './deployment-wire.js';

/** What the Grand API reads from the grand agent. */
export interface GrandTarget {
  alerts(): Alert[];
  alertStream(): Observable<Alert>;
  decisions(): Decision[];
  decisionStream(): Observable<Decision>;
  pool(): PoolView;
  clock: Clock;
  deployments: Pick<DeploymentManager, 'deploy' | 'clean' | 'list' | 'changes'>;
}

const READ: readonly Role[] = ['controller', 'monitor'];
const WRITE: readonly Role[] = ['controller'];
/** WatchPool's interval when the request gives none, and the shortest it grants. */
const POOL_INTERVAL_MS = 2000;
const MIN_POOL_INTERVAL_MS = 250;

/** Roles per Grand method: reading needs controller or monitor; deploying and cleaning, controller. */
export const GRAND_ROLES: RoleTable<keyof GrandHandlers & string> = {
  ListAlerts: READ, ListDecisions: READ, Pool: READ, WatchAlerts: READ, WatchPool: READ, WatchDecisions: READ, Deploy: WRITE, Clean: WRITE, ListDeployments: READ,
  WatchDeployments: READ,
};

/** Streams one deployment to the caller at every change until it ends; the deployment goes on if the caller leaves. */
function streamDeployment(target: GrandTarget, start: () => Started, call: { write(d: WireDeployment): boolean; end(): void; on(e: string, f: () => void): unknown }): void {
  // Subscribed before it starts, so no change is missed; its own changes only.
  let id: string | undefined;
  const early: Deployment[] = [];
  const sub = target.deployments.changes.subscribe((d) => {
    if (id === undefined) early.push(d);
    else if (d.id === id) call.write(deploymentToWire(d));
  });
  let started: Started;
  try {
    started = start();
  } catch (err) {
    sub.unsubscribe();
    throw err;
  }
  id = started.deployment.id;
  call.write(deploymentToWire(started.deployment));
  for (const d of early) if (d.id === id) call.write(deploymentToWire(d));
  const close = (): void => sub.unsubscribe();
  call.on('cancelled', close);
  call.on('close', close);
  started.done.then((d) => {
    sub.unsubscribe();
    call.write(deploymentToWire(d));
    call.end();
  }, () => {
    sub.unsubscribe();
    call.end();
  });
}

/** Handlers of lama.grand.v1.Grand, guarded by GRAND_ROLES. */
export function grandHandlers(target: GrandTarget, verifier: CredentialVerifier, serverName: string, onRejected?: RejectionHandler): GrandHandlers {
  const guard = new AuthGuard(GRAND_ROLES, verifier, { serverName, onRejected });
  return {
    ListAlerts: guard.unary('ListAlerts', (_p, req) => ({ alerts: target.alerts().filter((a) => a.id > req.afterId).map(alertToWire) })),
    ListDecisions: guard.unary('ListDecisions', (_p, req) => ({
      decisions: target.decisions()
        .filter((d) => (!req.service || d.service === req.service) && d.at >= req.sinceMs && (!req.actionsOnly || d.action !== 'hold' || d.intended !== undefined))
        .map(decisionToWire),
    })),
    Pool: guard.unary('Pool', () => target.pool()),
    Deploy: guard.stream('Deploy', (_p, call) => streamDeployment(target, () => target.deployments.deploy({
      site: call.request.site, version: call.request.version, nodes: call.request.nodes, storeUrl: call.request.storeUrl,
    }), call)),
    Clean: guard.stream('Clean', (_p, call) => streamDeployment(target, () => target.deployments.clean({ nodes: call.request.nodes, keepCache: call.request.keepCache }), call)),
    ListDeployments: guard.unary('ListDeployments', (_p, req) => ({
      deployments: target.deployments.list().filter((d) => !req.site || d.site === req.site).map(deploymentToWire),
    })),
    WatchAlerts: guard.stream('WatchAlerts', (_p, call) => {
      if (call.request.afterId >= 0) for (const a of target.alerts()) if (a.id > call.request.afterId) call.write(alertToWire(a));
      const sub = target.alertStream().subscribe({ next: (a) => call.write(alertToWire(a)), complete: () => call.end() });
      call.on('cancelled', () => sub.unsubscribe());
      call.on('close', () => sub.unsubscribe());
    }),
    WatchPool: guard.stream('WatchPool', (_p, call) => {
      const interval = call.request.intervalMs === 0 ? POOL_INTERVAL_MS : call.request.intervalMs;
      if (interval < MIN_POOL_INTERVAL_MS) throw new InvalidArgumentError(`interval_ms ${interval} is below the minimum ${MIN_POOL_INTERVAL_MS}`);
      let timer: { cancel(): void } | undefined;
      // A reader that does not drain gets the next view only when it has (no queue grows).
      const tick = (): void => {
        if (call.write(target.pool())) timer = target.clock.setTimer(tick, interval);
        else call.once('drain', () => { timer = target.clock.setTimer(tick, interval); });
      };
      tick();
      const done = (): void => timer?.cancel();
      call.on('cancelled', done);
      call.on('close', done);
    }),
    WatchDeployments: guard.stream('WatchDeployments', (_p, call) => {
      // The replay and the subscription happen in one turn: no change falls between them.
      if (call.request.replay) for (const d of target.deployments.list()) call.write(deploymentToWire(d));
      const sub = target.deployments.changes.subscribe({ next: (d) => call.write(deploymentToWire(d)), complete: () => call.end() });
      call.on('cancelled', () => sub.unsubscribe());
      call.on('close', () => sub.unsubscribe());
    }),
    WatchDecisions: guard.stream('WatchDecisions', (_p, call) => {
      if (call.request.sinceMs >= 0) for (const d of target.decisions()) if (d.at >= call.request.sinceMs) call.write(decisionToWire(d));
      const sub = target.decisionStream().subscribe({ next: (d) => call.write(decisionToWire(d)), complete: () => call.end() });
      call.on('cancelled', () => sub.unsubscribe());
      call.on('close', () => sub.unsubscribe());
    }),
  };
}
