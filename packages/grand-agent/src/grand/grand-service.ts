import { AuthGuard, type CredentialVerifier, type RejectionHandler, type Role, type RoleTable } from '@lama/lookup';
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

const READ: readonly Role[] = ['controller', 'monitor'];

/** Roles per Grand method: every call needs controller or monitor. */
export const GRAND_ROLES: RoleTable<keyof GrandHandlers & string> = { ListAlerts: READ, ListDecisions: READ, Pool: READ, WatchAlerts: READ };

/** Handlers of lama.grand.v1.Grand, guarded by GRAND_ROLES. */
export function grandHandlers(target: GrandTarget, verifier: CredentialVerifier, onRejected?: RejectionHandler): GrandHandlers {
  const guard = new AuthGuard(GRAND_ROLES, verifier, onRejected);
  return {
    ListAlerts: guard.unary('ListAlerts', (_p, req) => ({ alerts: target.alerts().filter((a) => a.id > req.afterId).map(alertToWire) })),
    ListDecisions: guard.unary('ListDecisions', (_p, req) => ({
      decisions: target.decisions()
        .filter((d) => (!req.service || d.service === req.service) && d.at >= req.sinceMs && (!req.actionsOnly || d.action !== 'hold' || d.intended !== undefined))
        .map(decisionToWire),
    })),
    Pool: guard.unary('Pool', () => target.pool()),
    WatchAlerts: guard.stream('WatchAlerts', (_p, call) => {
      if (call.request.afterId >= 0) for (const a of target.alerts()) if (a.id > call.request.afterId) call.write(alertToWire(a));
      const sub = target.alertStream().subscribe({ next: (a) => call.write(alertToWire(a)), complete: () => call.end() });
      call.on('cancelled', () => sub.unsubscribe());
      call.on('close', () => sub.unsubscribe());
    }),
  };
}
