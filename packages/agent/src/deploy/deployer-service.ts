import { AuthGuard, type CredentialVerifier, type RejectionHandler, type Role, type RoleTable } from '@lama/lookup';
import type { DeployerHandlers } from '../generated/lama/deploy/v1/Deployer.js';
import type { DeploymentProgress } from '../generated/lama/deploy/v1/DeploymentProgress.js';
import type { Lifecycle } from '../generated/lama/deploy/v1/Lifecycle.js';
import type { DeployerProgress } from './deployer.js';
import type { DeployerSlot } from './deployer-slot.js';
import type { LifecycleRecord } from './lifecycle.js';

/** The service type the Deployer is served as, beside lama.agent.v1.Agent. */
export const DEPLOYER_SERVICE = 'lama.deploy.v1.Deployer';

const READ: readonly Role[] = ['controller', 'monitor'];
const WRITE: readonly Role[] = ['controller'];

/** Roles per Deployer method: the procedures need controller; watching, controller or monitor. */
export const DEPLOYER_ROLES: RoleTable<keyof DeployerHandlers & string> = { StartDeployment: WRITE, PrepareCacheSnapshot: WRITE, StartCleaning: WRITE, WatchDeployment: READ };

/** The life cycle on the wire (lama.deploy.v1.Lifecycle; NodeStatus.lifecycle). */
export function lifecycleToWire(r: LifecycleRecord): Lifecycle {
  return { state: r.state, site: r.site, version: r.version, reason: r.reason, deploymentId: r.deploymentId, sinceMs: r.sinceMs };
}

function progressToWire(p: DeployerProgress): DeploymentProgress {
  return {
    lifecycle: lifecycleToWire(p.lifecycle), step: p.step, files: p.files, bytes: p.bytes, seconds: p.seconds, steps: p.steps,
    filesFromCacheSource: p.filesFromCacheSource, filesFromStore: p.filesFromStore,
  };
}

/** The handlers of lama.deploy.v1.Deployer, guarded by DEPLOYER_ROLES; a procedure loads the node's Deployer, watching does not. */
export function deployerHandlers(node: string, slot: DeployerSlot, verifier: CredentialVerifier, onRejected?: RejectionHandler): DeployerHandlers {
  const guard = new AuthGuard(DEPLOYER_ROLES, verifier, { serverName: node, onRejected });
  return {
    StartDeployment: guard.unary('StartDeployment', async (_p, r) => lifecycleToWire((await slot.deployer()).startDeployment({
      deploymentId: r.deploymentId, site: r.site, version: r.version, storeUrl: r.storeUrl, cache: r.cache ? { sessionId: r.cache.sessionId, sourceNode: r.cache.sourceNode, group: r.cache.group, interface: r.cache.interface } : null,
    }))),
    PrepareCacheSnapshot: guard.unary('PrepareCacheSnapshot', async (_p, r) => {
      const s = await (await slot.deployer()).prepareCacheSnapshot({
        site: r.site, version: r.version, usedSinceMs: r.usedSinceMs, group: r.group, interface: r.interface, receivers: r.receivers, rateBitsPerSec: r.rateBitsPerSec, deadlineMs: r.deadlineMs,
      });
      // The transfer manifest's digest and the sender's endpoint stay with @lama/transfer's announcement: receivers follow the session ID and check the signer.
      return { session: { sessionId: s.sessionId, group: s.group, interface: s.interface, sourceNode: node, manifestDigest: '', senderEndpoint: '' }, files: s.files, bytes: s.bytes };
    }),
    StartCleaning: guard.unary('StartCleaning', async (_p, r) => lifecycleToWire((await slot.deployer()).startCleaning({ deploymentId: r.deploymentId, keepCache: r.keepCache }))),
    WatchDeployment: guard.stream('WatchDeployment', (_p, call) => {
      let closed = false;
      let queued = false;
      // Changes that come while the reader is slow fold into the next write: the latest progress, never a backlog.
      const send = (): void => {
        if (closed) return;
        if (queued) return;
        if (!call.write(progressToWire(slot.progress()))) {
          queued = true;
          call.once('drain', () => {
            queued = false;
            send();
          });
        }
      };
      const close = (): void => {
        if (closed) return;
        closed = true;
        slot.off('change', send);
      };
      slot.on('change', send);
      call.on('cancelled', close);
      call.on('close', close);
      call.on('error', close);
      send();
    }),
  };
}
