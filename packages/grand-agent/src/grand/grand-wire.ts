import type { Alert } from '../alerts/alert.js';
import type { Decision } from '../allocator/decision.js';
import type { Alert as WireAlert, Alert__Output } from '../generated/lama/grand/v1/Alert.js';
import type { Decision as WireDecision, Decision__Output } from '../generated/lama/grand/v1/Decision.js';

/** An alert on the wire (lastStatus as JSON text). */
export function alertToWire(a: Alert): WireAlert {
  return {
    id: a.id, kind: a.kind, at: a.at, raisedAt: a.raisedAt, message: a.message, node: a.node ?? '', serviceId: a.serviceId ?? '', roles: a.roles ?? [],
    endpoint: a.endpoint ?? '', lastStatusJson: a.lastStatus === undefined ? '' : JSON.stringify(a.lastStatus), nodes: a.nodes ?? [],
    deploymentId: a.deploymentId ?? '', site: a.site ?? '', version: a.version ?? 0,
  };
}

/** An alert back from the wire, as `lama alerts --json` prints it (empty fields left out). */
export function alertFromWire(w: Alert__Output): Alert {
  return {
    id: w.id, kind: w.kind as Alert['kind'], at: w.at, raisedAt: w.raisedAt, message: w.message,
    ...(w.node && { node: w.node }), ...(w.serviceId && { serviceId: w.serviceId }), ...(w.roles.length && { roles: w.roles }),
    ...(w.endpoint && { endpoint: w.endpoint }), ...(w.lastStatusJson && { lastStatus: JSON.parse(w.lastStatusJson) as unknown }),
    ...(w.nodes.length && { nodes: w.nodes }), ...(w.deploymentId && { deploymentId: w.deploymentId }), ...(w.site && { site: w.site }),
    ...(w.deploymentId && { version: w.version }),
  };
}

/** A decision on the wire: its numeric inputs as a map. */
export function decisionToWire(d: Decision): WireDecision {
  const inputs: Record<string, number> = {};
  for (const [k, v] of Object.entries(d.inputs)) if (typeof v === 'number' && Number.isFinite(v)) inputs[k] = v;
  return {
    atMs: d.at, service: d.service ?? '', action: d.action, node: d.node ?? '', reason: d.reason, dryRun: d.dryRun === true,
    intended: d.intended ?? '', outcome: d.outcome ?? '', inputs, holdReason: d.inputs.holdReason ?? '', tookSeconds: (d.tookMs ?? 0) / 1000,
    deployment: d.deployment ?? '',
  };
}

/** A decision as `lama decisions --json` prints it. */
export interface DecisionJson {
  at: string;
  service: string;
  action: string;
  node?: string;
  reason: string;
  dryRun?: true;
  intended?: string;
  outcome?: string;
  /** How long carrying it out took: for an add, the measured lead time. */
  tookSeconds?: number;
  /** The deployment or cleaning that carrying it out started. */
  deployment?: string;
  inputs: Record<string, number | string>;
}

export function decisionFromWire(w: Decision__Output): DecisionJson {
  return {
    at: new Date(w.atMs).toISOString(), service: w.service, action: w.action, ...(w.node && { node: w.node }), reason: w.reason,
    ...(w.dryRun && { dryRun: true as const }), ...(w.intended && { intended: w.intended }), ...(w.outcome && { outcome: w.outcome, tookSeconds: w.tookSeconds }),
    ...(w.deployment && { deployment: w.deployment }),
    inputs: { ...w.inputs, ...(w.holdReason && { holdReason: w.holdReason }) },
  };
}
