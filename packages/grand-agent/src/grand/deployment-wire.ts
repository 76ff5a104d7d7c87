import type { Deployment as WireDeployment, Deployment__Output } from '../generated/lama/grand/v1/Deployment.js';
import { nodeSeconds, totalSeconds, type Deployment, type NodeDeployment } from '../deploy/deployment.js';

/** A deployment as `lama deploy`, `lama deployments --json` and `lama clean` print it: ISO times, seconds. */
export interface DeploymentJson {
  id: string;
  kind: Deployment['kind'];
  site: string;
  version: number;
  state: Deployment['state'];
  cacheSource?: string;
  sessionId?: string;
  storeUrl?: string;
  created: string;
  started?: string;
  ended?: string;
  /** First StartDeployment to last DEPLOYMENT-COMPLETE (or failure). */
  seconds?: number;
  message: string;
  nodes: (Omit<NodeDeployment, 'startedAt' | 'endedAt' | 'reason' | 'cleanup'> & { seconds?: number; reason?: string; cleanup?: string })[];
}

/** A kept deployment on the wire. */
export function deploymentToWire(d: Deployment): WireDeployment {
  return {
    id: d.id, kind: d.kind, site: d.site, version: d.version, state: d.state, cacheSource: d.cacheSource ?? '', sessionId: d.sessionId ?? '',
    storeUrl: d.storeUrl ?? '', createdMs: d.createdAt, startedMs: d.startedAt ?? 0, endedMs: d.endedAt ?? 0, seconds: totalSeconds(d) ?? 0, message: d.message,
    nodes: d.nodes.map((n) => ({
      node: n.node, state: n.state, reason: n.reason ?? '', step: n.step, steps: n.steps, files: n.files, bytes: n.bytes,
      filesFromCacheSource: n.filesFromCacheSource, filesFromStore: n.filesFromStore, seconds: nodeSeconds(n) ?? 0, cleanup: n.cleanup ?? '',
    })),
  };
}

const iso = (ms: number): string | undefined => (ms ? new Date(ms).toISOString() : undefined);

/** A deployment back from the wire (empty fields left out). */
export function deploymentFromWire(w: Deployment__Output): DeploymentJson {
  const ended = w.endedMs > 0;
  return {
    id: w.id, kind: w.kind as Deployment['kind'], site: w.site, version: w.version, state: w.state as Deployment['state'],
    ...(w.cacheSource && { cacheSource: w.cacheSource }), ...(w.sessionId && { sessionId: w.sessionId }), ...(w.storeUrl && { storeUrl: w.storeUrl }),
    created: iso(w.createdMs) ?? '', ...(w.startedMs && { started: iso(w.startedMs) }), ...(ended && { ended: iso(w.endedMs), seconds: w.seconds }),
    message: w.message,
    nodes: w.nodes.map((n) => ({
      node: n.node, state: n.state as NodeDeployment['state'], ...(n.reason && { reason: n.reason }), step: n.step,
      steps: n.steps.map((s) => ({ step: s.step, seconds: s.seconds, cpuSeconds: s.cpuSeconds })), files: n.files, bytes: n.bytes,
      filesFromCacheSource: n.filesFromCacheSource, filesFromStore: n.filesFromStore,
      ...(n.state !== 'deploying' && n.state !== 'cleaning' && { seconds: n.seconds }), ...(n.cleanup && { cleanup: n.cleanup }),
    })),
  };
}
