import * as grpc from '@grpc/grpc-js';
import { CredentialVerifier, requireRole, toServiceError } from '@lama/lookup';
import type { GrandHandlers } from '../generated/lama/grand/v1/Grand.js';
import type { PoolView } from '../generated/lama/grand/v1/PoolView.js';
import type { Alert } from '../alerts/alert.js';
import type { Decision } from '../allocator/decision.js';
import { alertToWire, decisionToWire } from './grand-wire.js';
import type { Observable } from 'rxjs';

/** What the Grand API reads from the grand agent. */
export interface GrandTarget {
  alerts(): Alert[];
  alertStream(): Observable<Alert>;
  decisions(): Decision[];
  pool(): PoolView;
}

/** Handlers of lama.grand.v1.Grand: every call needs role controller or monitor. */
export function grandHandlers(target: GrandTarget, verifier: CredentialVerifier, onRejected?: (method: string, err: Error) => void): GrandHandlers {
  const auth = (method: string, md: grpc.Metadata): void => {
    try {
      const cert = md.get('lama-cert')[0];
      const proof = md.get('lama-proof')[0];
      requireRole(verifier.authenticate(typeof cert === 'string' ? cert : undefined, typeof proof === 'string' ? proof : undefined), 'controller', 'monitor');
    } catch (err) {
      onRejected?.(method, err as Error);
      throw err;
    }
  };
  const unary = <Req, Res>(method: string, fn: (req: Req) => Res): grpc.handleUnaryCall<Req, Res> => (call, cb) => {
    try {
      auth(method, call.metadata);
      cb(null, fn(call.request));
    } catch (err) {
      cb(toServiceError(err) as grpc.ServiceError);
    }
  };
  return {
    ListAlerts: unary('ListAlerts', (req) => ({ alerts: target.alerts().filter((a) => a.id > req.afterId).map(alertToWire) })),
    ListDecisions: unary('ListDecisions', (req) => ({
      decisions: target.decisions()
        .filter((d) => (!req.service || d.service === req.service) && d.at >= req.sinceMs && (!req.actionsOnly || d.action !== 'hold' || d.intended !== undefined))
        .map(decisionToWire),
    })),
    Pool: unary('Pool', () => target.pool()),
    WatchAlerts(call) {
      try {
        auth('WatchAlerts', call.metadata);
      } catch (err) {
        call.emit('error', toServiceError(err));
        return;
      }
      if (call.request.afterId >= 0) for (const a of target.alerts()) if (a.id > call.request.afterId) call.write(alertToWire(a));
      const sub = target.alertStream().subscribe({ next: (a) => call.write(alertToWire(a)), complete: () => call.end() });
      call.on('cancelled', () => sub.unsubscribe());
      call.on('close', () => sub.unsubscribe());
    },
  };
}
