import type { AdapterView } from '@lama/adapters';
import { currentLimits, AuthGuard, InvalidArgumentError, toServiceError, type CredentialVerifier, type RejectionHandler, type Role, type RoleTable } from '@lama/lookup';
import type { AgentHandlers } from '../generated/lama/agent/v1/Agent.js';
import type { AdapterStatus } from '../generated/lama/agent/v1/AdapterStatus.js';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';
import { formatSpec } from './status-mapping.js';

/** What the control service needs from the agent. */
export interface ControlTarget {
  readonly node: string;
  status(maxAgeMs?: number): Promise<NodeStatus>;
  adapterNames(): string[];
  startAdapter(adapter: string): Promise<AdapterView>;
  stopAdapter(adapter: string): Promise<AdapterView>;
  setAdapter(adapter: string, params: Record<string, string>): Promise<AdapterView>;
  /** Default WatchStatus interval. */
  readonly intervalMs: number;
}

/** Maps an adapter view to the wire. */
export function adapterToWire(v: AdapterView): AdapterStatus {
  return {
    name: v.name, state: v.state, roles: v.roles, metrics: v.metrics, params: v.params, message: v.message, restarts: v.restarts,
    stateSinceMs: v.stateSince, paramSpecs: v.paramSpecs.map(({ name, spec }) => formatSpec(name, spec)),
  };
}

const READ: readonly Role[] = ['controller', 'monitor'];
const WRITE: readonly Role[] = ['controller'];

/** Roles per Agent method: the verbs need controller; status, controller or monitor. */
export const AGENT_ROLES: RoleTable<keyof AgentHandlers & string> = { Status: READ, WatchStatus: READ, Start: WRITE, Stop: WRITE, Set: WRITE };

/** The handlers of lama.agent.v1.Agent, guarded by AGENT_ROLES. */
export function agentHandlers(target: ControlTarget, verifier: CredentialVerifier, onRejected?: RejectionHandler): AgentHandlers {
  const guard = new AuthGuard(AGENT_ROLES, verifier, { serverName: target.node, onRejected });
  const minIntervalMs = currentLimits().minWatchIntervalMs;
  return {
    Status: guard.unary('Status', () => target.status()),
    WatchStatus: guard.stream('WatchStatus', (_p, call) => {
      const requested = call.request.intervalMs || target.intervalMs;
      if (requested < minIntervalMs) throw new InvalidArgumentError(`interval_ms ${requested} is below the minimum ${minIntervalMs}`);
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const tick = (): void => {
        // Watchers on the same interval share one status computed at most once per half interval.
        target.status(requested / 2).then((s) => {
          if (closed) return;
          // A reader that does not read gets no more until it drains: statuses are dropped, not queued.
          if (call.write(s)) timer = setTimeout(tick, requested);
          else call.once('drain', () => { if (!closed) timer = setTimeout(tick, requested); });
        }, (err: unknown) => {
          if (!closed) call.emit('error', toServiceError(err));
        });
      };
      const close = (): void => { closed = true; if (timer) clearTimeout(timer); };
      call.on('cancelled', close);
      call.on('close', close);
      call.on('error', close);
      tick();
    }),
    Start: guard.unary('Start', async (_p, r) => adapterToWire(await target.startAdapter(r.adapter))),
    Stop: guard.unary('Stop', async (_p, r) => adapterToWire(await target.stopAdapter(r.adapter))),
    Set: guard.unary('Set', async (_p, r) => adapterToWire(await target.setAdapter(r.adapter, r.params ?? {}))),
  };
}
