// What the console server sends its browsers over Server-Sent Events (and the page reads).
// The node side imports these types too, so both ends agree on one shape; the pool, alerts and
// decisions are the grand agent's own types (type-only: nothing of it reaches the bundle).
import type { Alert, DecisionJson, DeploymentJson, RemotePool } from '@lama/grand-agent';

/** One sample of a service, as the paper's Fig. 8 plots it. */
export interface ServicePoint {
  t: number;
  sum: number;
  n: number;
  capacity: number;
  upper: number;
  lower: number;
  forecast: number | null;
}

/** The grand agent's pool view, as WatchPool streams it. */
export type FeedPool = RemotePool;
export type FeedNode = RemotePool['nodes'][number];
export type FeedService = RemotePool['services'][number];
/** An alert, as `lama alerts --json` prints it. */
export type FeedAlert = Alert;
/** A decision, as `lama decisions --json` prints it. */
export type FeedDecision = DecisionJson;
/** A deployment or cleaning with its per-node steps, as `lama deployments --json` prints it. */
export type FeedDeployment = DeploymentJson;

/** The state a browser starts from. */
export interface FeedSnapshot {
  pool: FeedPool | null;
  history: Record<string, ServicePoint[]>;
  alerts: FeedAlert[];
  decisions: FeedDecision[];
  deployments: FeedDeployment[];
  acked: number[];
  link: FeedLink;
}

/** Whether the console's streams from the grand agent are up. */
export interface FeedLink {
  connected: boolean;
  error?: string;
}

/** One change after the snapshot (the SSE event name is its `type`). */
export type FeedEvent =
  | { type: 'pool'; pool: FeedPool; points: Record<string, ServicePoint> }
  | { type: 'alert'; alert: FeedAlert }
  | { type: 'decision'; decision: FeedDecision }
  | { type: 'deployment'; deployment: FeedDeployment }
  | { type: 'ack'; id: number }
  | { type: 'link'; link: FeedLink };

/** What the page carries when the server inlines its first view (a JSON data block, id lama-boot). */
export interface PageBoot {
  session: SessionInfo;
  snapshot: FeedSnapshot;
}

/** GET /api/session. */
export interface SessionInfo {
  roles: string[];
  csrf: string;
  expiresAt: number;
  credential: string;
}
