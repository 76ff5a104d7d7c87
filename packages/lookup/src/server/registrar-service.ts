import * as grpc from '@grpc/grpc-js';
import type { RegistrarHandlers } from '../generated/lama/lookup/v1/Registrar.js';
import type { WatchEvent as WireWatchEvent } from '../generated/lama/lookup/v1/WatchEvent.js';
import type { RenewResult } from '../generated/lama/lookup/v1/RenewResult.js';
import { requireRole, type CredentialVerifier, type Principal } from '../credentials/verifier.js';
import { InvalidArgumentError } from '../errors.js';
import { normalizeTemplate } from '../registry/item.js';
import type { Registrar } from '../registry/registrar.js';
import { TRANSITIONS, WatchSession, type Transition, type WatchEvent } from '../registry/watch-session.js';
import { authenticate, toServiceError } from '../wire/auth.js';

/** Hooks the server reports through (the daemon logs them; tests count them). */
export interface RegistrarServiceHooks {
  onRejected?(method: string, err: Error): void;
  /** Signed fields answering a unicast Discover call bound to nonce. */
  discover?(nonce: string): Record<string, string>;
}

function toWire(e: WatchEvent): WireWatchEvent {
  return {
    kind: e.kind,
    sequence: e.sequence,
    revision: e.revision,
    registrarId: e.registrarId,
    transition: e.transition ?? 'TRANSITION_UNSPECIFIED',
    serviceId: e.serviceId ?? '',
    item: e.item ?? null,
    reason: e.reason ?? 'REASON_UNSPECIFIED',
    leaseRemainingMs: e.leaseRemainingMs,
  };
}

function renewResult(leaseId: string, fn: () => number): RenewResult {
  try {
    return { leaseId, durationMs: fn(), code: grpc.status.OK, message: '' };
  } catch (err) {
    const s = toServiceError(err);
    return { leaseId, durationMs: 0, code: s.code, message: s.details };
  }
}

/** The gRPC handlers of lama.lookup.v1.Registrar over a Registrar. */
export function registrarHandlers(registrar: Registrar, verifier: CredentialVerifier, hooks: RegistrarServiceHooks = {}): RegistrarHandlers {
  const auth = (method: string, metadata: grpc.Metadata, role?: 'agent'): Principal => {
    try {
      const p = authenticate(verifier, metadata);
      // Nodes register their items; so may a lookup service (a grand agent registers itself).
      if (role) requireRole(p, role, 'lookup');
      return p;
    } catch (err) {
      hooks.onRejected?.(method, err as Error);
      throw err;
    }
  };
  // Every unary handler: authenticate, run, map errors to a status; the registrar keeps serving.
  function unary<Req, Res>(method: string, role: 'agent' | undefined, fn: (p: Principal, req: Req) => Res): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      try {
        const p = auth(method, call.metadata, role);
        callback(null, fn(p, call.request));
      } catch (err) {
        callback(toServiceError(err) as grpc.ServiceError);
      }
    };
  }
  return {
    Register: unary('Register', 'agent', (p, req) => {
      const { serviceId, lease } = registrar.register(p.name, req.item, req.leaseMs);
      return { serviceId, lease: { leaseId: lease.leaseId, durationMs: lease.durationMs } };
    }),
    Renew: unary('Renew', 'agent', (p, req) => ({ durationMs: registrar.renew(p.name, req.leaseId, req.durationMs) })),
    RenewBatch: unary('RenewBatch', 'agent', (p, req) => ({
      results: req.renewals.map((r) => renewResult(r.leaseId, () => registrar.renew(p.name, r.leaseId, r.durationMs))),
    })),
    Cancel: unary('Cancel', 'agent', (p, req) => {
      registrar.cancel(p.name, req.leaseId);
      return {};
    }),
    Lookup: unary('Lookup', undefined, (_p, req) => {
      return registrar.lookupWithLeases(normalizeTemplate(req.template), req.maxMatches);
    }),
    AddAttributes: unary('AddAttributes', 'agent', (p, req) => ({ item: registrar.addAttributes(p.name, req.serviceId, req.attributes) })),
    SetAttributes: unary('SetAttributes', 'agent', (p, req) => ({ item: registrar.setAttributes(p.name, req.serviceId, req.attributes) })),
    ModifyAttributes: unary('ModifyAttributes', 'agent', (p, req) => ({
      item: registrar.modifyAttributes(p.name, req.serviceId, req.templates, req.changes),
    })),
    Discover: unary('Discover', undefined, (_p, req) => {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(req.nonce)) throw new InvalidArgumentError('nonce must be 16-64 base64url characters');
      if (!hooks.discover) throw new InvalidArgumentError('this registrar does not answer Discover');
      return { fields: hooks.discover(req.nonce) };
    }),
    KeepAlive(call) {
      let p: Principal;
      try {
        p = auth('KeepAlive', call.metadata, 'agent');
      } catch (err) {
        call.emit('error', toServiceError(err));
        return;
      }
      call.on('data', (req: { leaseId: string; durationMs: number }) => {
        call.write(renewResult(req.leaseId, () => registrar.renew(p.name, req.leaseId, req.durationMs)));
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
    Watch(call) {
      let session: WatchSession;
      try {
        auth('Watch', call.metadata);
        const req = call.request;
        const transitions = req.transitions.filter((t): t is Transition => (TRANSITIONS as readonly string[]).includes(t));
        session = new WatchSession(registrar, { write: (e) => call.write(toWire(e)) }, {
          template: normalizeTemplate(req.template),
          transitions,
          resume: req.resumeRegistrarId ? { registrarId: req.resumeRegistrarId, revision: req.resumeAfterRevision } : undefined,
        });
      } catch (err) {
        call.emit('error', toServiceError(err));
        return;
      }
      call.on('drain', () => session.drained());
      call.on('cancelled', () => session.close());
      call.on('close', () => session.close());
      call.on('error', () => session.close());
      session.start();
    },
  };
}

