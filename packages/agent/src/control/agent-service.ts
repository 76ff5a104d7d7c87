import * as grpc from '@grpc/grpc-js';
import { AdapterError, AdapterFailedError, AdapterTimeoutError, InvalidParamError, UnknownParamError, type AdapterView } from '@lama/adapters';
import { CredentialVerifier, requireRole, toServiceError, type Principal } from '@lama/lookup';
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

/** An adapter name the node does not have. */
export class UnknownAdapterError extends Error {
  constructor(node: string, adapter: string, known: string[]) {
    super(`node '${node}' has no adapter '${adapter}' (adapters: ${known.join(', ') || 'none'})`);
  }
}

/** The gRPC status for an error from an adapter operation. */
export function adapterStatusError(err: unknown): Partial<grpc.StatusObject> {
  const details = err instanceof Error ? err.message : String(err);
  if (err instanceof UnknownAdapterError) return { code: grpc.status.NOT_FOUND, details };
  if (err instanceof UnknownParamError || err instanceof InvalidParamError) return { code: grpc.status.INVALID_ARGUMENT, details };
  if (err instanceof AdapterTimeoutError) return { code: grpc.status.DEADLINE_EXCEEDED, details };
  if (err instanceof AdapterFailedError || err instanceof AdapterError) return { code: grpc.status.FAILED_PRECONDITION, details };
  return toServiceError(err);
}

/** Maps an adapter view to the wire. */
export function adapterToWire(v: AdapterView): AdapterStatus {
  return {
    name: v.name, state: v.state, roles: v.roles, metrics: v.metrics, params: v.params, message: v.message, restarts: v.restarts,
    stateSinceMs: v.stateSince, paramSpecs: v.paramSpecs.map(({ name, spec }) => formatSpec(name, spec)),
  };
}

/** The handlers of lama.agent.v1.Agent: controller for the verbs, controller or monitor for status. */
export function agentHandlers(target: ControlTarget, verifier: CredentialVerifier, onRejected?: (method: string, err: Error) => void): AgentHandlers {
  const auth = (method: string, md: grpc.Metadata, write: boolean): Principal => {
    try {
      const cert = md.get('lama-cert')[0];
      const proof = md.get('lama-proof')[0];
      const p = verifier.authenticate(typeof cert === 'string' ? cert : undefined, typeof proof === 'string' ? proof : undefined);
      if (write) requireRole(p, 'controller');
      else requireRole(p, 'controller', 'monitor');
      return p;
    } catch (err) {
      onRejected?.(method, err as Error);
      throw err;
    }
  };
  const verb = (method: string, fn: (req: { adapter: string; params?: Record<string, string> }) => Promise<AdapterView>): grpc.handleUnaryCall<{ adapter: string; params?: Record<string, string> }, AdapterStatus> =>
    (call, cb) => {
      try {
        auth(method, call.metadata, true);
      } catch (err) {
        cb(toServiceError(err) as grpc.ServiceError);
        return;
      }
      fn(call.request).then((v) => cb(null, adapterToWire(v)), (err: unknown) => cb(adapterStatusError(err) as grpc.ServiceError));
    };
  return {
    Status(call, cb) {
      try {
        auth('Status', call.metadata, false);
      } catch (err) {
        cb(toServiceError(err) as grpc.ServiceError);
        return;
      }
      target.status().then((s) => cb(null, s), (err: unknown) => cb(toServiceError(err) as grpc.ServiceError));
    },
    WatchStatus(call) {
      try {
        auth('WatchStatus', call.metadata, false);
      } catch (err) {
        call.emit('error', toServiceError(err));
        return;
      }
      const requested = call.request.intervalMs || target.intervalMs;
      if (requested < 100) {
        call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: `interval_ms ${requested} is below the minimum 100` });
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const tick = (): void => {
        // Watchers on the same interval share one status computed at most once per half interval.
        target.status(requested / 2).then((s) => {
          if (closed) return;
          call.write(s);
          timer = setTimeout(tick, requested);
        }, (err: unknown) => {
          if (!closed) call.emit('error', toServiceError(err));
        });
      };
      const close = (): void => { closed = true; if (timer) clearTimeout(timer); };
      call.on('cancelled', close);
      call.on('close', close);
      call.on('error', close);
      tick();
    },
    Start: verb('Start', (r) => target.startAdapter(r.adapter)),
    Stop: verb('Stop', (r) => target.stopAdapter(r.adapter)),
    Set: verb('Set', (r) => target.setAdapter(r.adapter, r.params ?? {})),
  };
}
