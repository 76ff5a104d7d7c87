/** One node's part in a deployment or a cleaning. */
export interface NodeDeployment {
  node: string;
  state: 'deploying' | 'complete' | 'cleaning' | 'clean' | 'failed' | 'timed-out';
  /** Why it failed or timed out. */
  reason?: string;
  /** The step in progress, as the node reports it ('' once ended). */
  step: string;
  /** Completed steps with their seconds and CPU seconds, as the node measured them. */
  steps: { step: string; seconds: number; cpuSeconds: number }[];
  files: number;
  bytes: number;
  filesFromCacheSource: number;
  filesFromStore: number;
  /** Manager clock: the request and the node's terminal state. */
  startedAt?: number;
  endedAt?: number;
  /** A node that failed or timed out is cleaned: 'cleaning', 'clean' or 'failed: ...'. */
  cleanup?: string;
}

export type DeploymentState = 'waiting' | 'preparing' | 'running' | 'complete' | 'partial' | 'failed';

/** A deployment (or a cleaning) as the deployment manager keeps it: `lama deployments`. */
export interface Deployment {
  id: string;
  kind: 'deploy' | 'clean';
  site: string;
  /** 0: the newest in the store. */
  version: number;
  state: DeploymentState;
  /** The OPERATIONAL node whose cache was multicast; absent: every object from the store. */
  cacheSource?: string;
  sessionId?: string;
  storeUrl?: string;
  createdAt: number;
  /** The first StartDeployment (StartCleaning). */
  startedAt?: number;
  /** The last node's DEPLOYMENT-COMPLETE (or failure). */
  endedAt?: number;
  nodes: NodeDeployment[];
  /** Why this cache source (or none), why it waited, what failed. */
  message: string;
}

/** What `lama deploy` asks. */
export interface DeployRequest {
  site: string;
  /** 0 or absent: the newest version in the store. */
  version?: number;
  nodes: string[];
  /** The site store's base URL; absent: the configured deploy.storeUrl. */
  storeUrl?: string;
}

/** What `lama clean` asks. */
export interface CleanRequest {
  nodes: string[];
  keepCache?: boolean;
}

/** Total time of a deployment in seconds: first StartDeployment to last DEPLOYMENT-COMPLETE (or failure). */
export function totalSeconds(d: Deployment): number | undefined {
  return d.startedAt !== undefined && d.endedAt !== undefined ? (d.endedAt - d.startedAt) / 1000 : undefined;
}

/** A node's seconds from its request to its terminal state. */
export function nodeSeconds(n: NodeDeployment): number | undefined {
  return n.startedAt !== undefined && n.endedAt !== undefined ? (n.endedAt - n.startedAt) / 1000 : undefined;
}
