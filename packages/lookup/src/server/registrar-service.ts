import * as grpc from '@grpc/grpc-js';
import type { RegistrarHandlers } from '../generated/lama/lookup/v1/Registrar.js';
import type { WatchEvent as WireWatchEvent } from '../generated/lama/lookup/v1/WatchEvent.js';
import type { RenewResult } from '../generated/lama/lookup/v1/RenewResult.js';
import type { Role } from '../credentials/certificate.js';
import type { CredentialVerifier } from '../credentials/verifier.js';
import type { RevocationSet, SignedRevocations } from '../credentials/revocation.js';
import type { RevocationList } from '../generated/lama/lookup/v1/RevocationList.js';
import { InvalidArgumentError, LamaError } from '../errors.js';
import { normalizeTemplate } from '../registry/item.js';
import type { Registrar } from '../registry/registrar.js';
import { TRANSITIONS, WatchSession, type Transition, type WatchEvent } from '../registry/watch-session.js';
import { AuthGuard, type RoleTable } from '../rpc/auth-guard.js';
import { toServiceError } from '../rpc/wire-errors.js';

/** Hooks the server reports through (the daemon logs them; tests count them). */
export interface RegistrarServiceHooks {
  /** The lookup service's credential name (the audience of plaintext call proofs). */
  serverName: string;
  onRejected?(method: string, err: Error): void;
  /** Called with a newer revocation list a controller published (the lookup service keeps it). */
  onRevocations?(signed: SignedRevocations): void;
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

// The list the registrar holds, when it is newer than what the caller has.
function revocationsAnswer(set: RevocationSet, haveVersion: number): RevocationList {
  const signed = set.signed;
  if (!signed || set.version <= haveVersion) return { version: set.version, list: '', signature: '' };
  return { version: set.version, list: signed.list, signature: signed.signature };
}

function renewResult(leaseId: string, fn: () => number): RenewResult {
  try {
    return { leaseId, durationMs: fn(), code: grpc.status.OK, message: '' };
  } catch (err) {
    const s = toServiceError(err);
    return { leaseId, durationMs: 0, code: s.code, message: s.details, errorCode: err instanceof LamaError ? err.code : '' };
  }
}

// Nodes register their items; so may a lookup service (a grand agent registers itself).
const OWNER: readonly Role[] = ['agent', 'lookup'];

/** Roles per Registrar method: writes need an owner role; reads and Discover admit any pool member. */
export const REGISTRAR_ROLES: RoleTable<keyof RegistrarHandlers & string> = {
  Register: OWNER, Renew: OWNER, RenewBatch: OWNER, KeepAlive: OWNER, Cancel: OWNER,
  AddAttributes: OWNER, SetAttributes: OWNER, ModifyAttributes: OWNER,
  Lookup: [], Watch: [], Discover: [], Revocations: [], PublishRevocations: ['controller'],
};

/** The gRPC handlers of lama.lookup.v1.Registrar over a Registrar. */
export function registrarHandlers(registrar: Registrar, verifier: CredentialVerifier, hooks: RegistrarServiceHooks): RegistrarHandlers {
  const guard = new AuthGuard(REGISTRAR_ROLES, verifier, { serverName: hooks.serverName, onRejected: hooks.onRejected, anyServer: ['Discover'] });
  return {
    Register: guard.unary('Register', (p, req) => {
      const { serviceId, lease } = registrar.register(p, req.item, req.leaseMs);
      return { serviceId, lease: { leaseId: lease.leaseId, durationMs: lease.durationMs } };
    }),
    Renew: guard.unary('Renew', (p, req) => ({ durationMs: registrar.renew(p, req.leaseId, req.durationMs) })),
    RenewBatch: guard.unary('RenewBatch', (p, req) => ({
      results: req.renewals.map((r) => renewResult(r.leaseId, () => registrar.renew(p, r.leaseId, r.durationMs))),
    })),
    Cancel: guard.unary('Cancel', (p, req) => {
      registrar.cancel(p, req.leaseId);
      return {};
    }),
    Lookup: guard.unary('Lookup', (_p, req) => {
      return registrar.lookupWithLeases(normalizeTemplate(req.template), req.maxMatches);
    }),
    AddAttributes: guard.unary('AddAttributes', (p, req) => ({ item: registrar.addAttributes(p, req.serviceId, req.attributes) })),
    SetAttributes: guard.unary('SetAttributes', (p, req) => ({ item: registrar.setAttributes(p, req.serviceId, req.attributes) })),
    ModifyAttributes: guard.unary('ModifyAttributes', (p, req) => ({
      item: registrar.modifyAttributes(p, req.serviceId, req.templates, req.changes),
    })),
    Discover: guard.unary('Discover', (_p, req) => {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(req.nonce)) throw new InvalidArgumentError('nonce must be 16-64 base64url characters');
      if (!hooks.discover) throw new InvalidArgumentError('this registrar does not answer Discover');
      return { fields: hooks.discover(req.nonce) };
    }),
    Revocations: guard.unary('Revocations', (_p, req) => revocationsAnswer(verifier.revocations, req.haveVersion)),
    PublishRevocations: guard.unary('PublishRevocations', (_p, req) => {
      const signed: SignedRevocations = { type: 'lama-revocations', list: req.list, signature: req.signature };
      if (verifier.revocations.update(signed)) hooks.onRevocations?.(signed);
      return revocationsAnswer(verifier.revocations, 0);
    }),
    KeepAlive: guard.stream('KeepAlive', (p, call) => {
      call.on('data', (req: { leaseId: string; durationMs: number }) => {
        try {
          // A stream outlives many renewals: its credential is checked again on each.
          guard.recheck(p);
        } catch (err) {
          call.emit('error', toServiceError(err));
          return;
        }
        call.write(renewResult(req.leaseId, () => registrar.renew(p, req.leaseId, req.durationMs)));
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    }),
    Watch: guard.stream('Watch', (_p, call) => {
      const req = call.request;
      const transitions = req.transitions.filter((t): t is Transition => (TRANSITIONS as readonly string[]).includes(t));
      const session = new WatchSession(registrar, { write: (e) => call.write(toWire(e)) }, {
        template: normalizeTemplate(req.template),
        transitions,
        resume: req.resumeRegistrarId ? { registrarId: req.resumeRegistrarId, revision: req.resumeAfterRevision } : undefined,
        leaseRenewals: req.leaseRenewals,
      });
      call.on('drain', () => session.drained());
      call.on('cancelled', () => session.close());
      call.on('close', () => session.close());
      call.on('error', () => session.close());
      session.start();
    }),
  };
}
