import * as grpc from '@grpc/grpc-js';
import type { AdapterView } from '@lama/adapters';
import { currentLimits, AuthGuard, InvalidArgumentError, toServiceError, type Clock, type CredentialVerifier, type RejectionHandler, type Role, type RoleTable } from '@lama/lookup';
import type { AgentHandlers } from '../generated/lama/agent/v1/Agent.js';
import type { AdapterStatus } from '../generated/lama/agent/v1/AdapterStatus.js';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';
import { formatSpec } from './status-mapping.js';
import { checkEarlyMetrics, decisionChange } from './decision-change.js';
import { DEFAULT_WATCH_MIN_INTERVAL_MS, StatusStream } from './status-stream.js';
import type { ControlStats, Verb } from './control-stats.js';

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
  /** The clock WatchStatus streams time their sends on. */
  readonly clock: Clock;
  /** Calls listener whenever something a status holds may have changed; returns the unsubscribe. */
  onStatusChange(listener: () => void): () => void;
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

// Counts a unary call by the status it ends with, refusals by the guard included.
function counted<Req, Res>(stats: ControlStats, verb: Verb, handler: grpc.handleUnaryCall<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => handler(call, (err, value) => {
    stats.count(verb, err ? grpc.status[err.code ?? grpc.status.UNKNOWN] : 'OK');
    callback(err, value);
  });
}

/** The handlers of lama.agent.v1.Agent, guarded by AGENT_ROLES; what they serve is counted in stats. */
export function agentHandlers(target: ControlTarget, verifier: CredentialVerifier, stats: ControlStats, onRejected?: RejectionHandler): AgentHandlers {
  const guard = new AuthGuard(AGENT_ROLES, verifier, { serverName: target.node, onRejected });
  const minIntervalMs = currentLimits().minWatchIntervalMs;
  return {
    Status: counted(stats, 'Status', guard.unary('Status', () => target.status())),
    WatchStatus: guard.stream('WatchStatus', (_p, call) => {
      const requested = call.request.intervalMs || target.intervalMs;
      if (requested < minIntervalMs) throw new InvalidArgumentError(`interval_ms ${requested} is below the minimum ${minIntervalMs}`);
      const soonest = call.request.minIntervalMs || DEFAULT_WATCH_MIN_INTERVAL_MS;
      if (soonest < minIntervalMs) throw new InvalidArgumentError(`min_interval_ms ${soonest} is below the minimum ${minIntervalMs}`);
      const early = checkEarlyMetrics(call.request.earlyMetrics ?? []);
      const gap = Math.min(soonest, requested);
      const stream = new StatusStream({
        clock: target.clock, intervalMs: requested, minIntervalMs: gap,
        // Watchers share one status computed at most once per half of the shorter interval; any change invalidates it.
        read: () => target.status(gap / 2),
        changed: (sent, next) => decisionChange(sent, next, early) !== undefined,
        write: (s) => call.write(s),
        fail: (err) => call.emit('error', toServiceError(err)),
      });
      stats.watchers++;
      const unsubscribe = target.onStatusChange(() => stream.changed());
      let closed = false;
      const close = (): void => {
        if (closed) return;
        closed = true;
        stats.watchers--;
        unsubscribe();
        stream.close();
      };
      call.on('drain', () => stream.drained());
      call.on('cancelled', close);
      call.on('close', close);
      call.on('error', close);
      stream.start();
    }),
    Start: counted(stats, 'Start', guard.unary('Start', async (_p, r) => adapterToWire(await target.startAdapter(r.adapter)))),
    Stop: counted(stats, 'Stop', guard.unary('Stop', async (_p, r) => adapterToWire(await target.stopAdapter(r.adapter)))),
    Set: counted(stats, 'Set', guard.unary('Set', async (_p, r) => adapterToWire(await target.setAdapter(r.adapter, r.params ?? {})))),
  };
}
