// What the console server sends its browsers over Server-Sent Events (and the page reads).
// The node side imports these types too, so both ends agree on one shape.

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

export interface FeedNode {
  node: string;
  endpoint: string;
  roles: string[];
  lastStatusMs: number;
  cpuUtilization: number;
  rxBitsPerSec: number;
  txBitsPerSec: number;
  adapters: Record<string, string>;
  loads: Record<string, number>;
  serving: string;
  pending: string;
  samples: number;
}

export interface FeedService {
  name: string;
  role: string;
  metric: string;
  predictor: string;
  capacityPerNode: number;
  n: number;
  serving: string[];
  sum: number;
  hasForecast: boolean;
  level: number;
  forecast: number;
  upperBound: number;
  lowerBound: number;
  holdReason: string;
  dryRun: boolean;
}

export interface FeedPool {
  grand: string;
  atMs: number;
  nodes: FeedNode[];
  services: FeedService[];
  lookups: string[];
}

export interface FeedAlert {
  id: number;
  kind: string;
  at: string;
  raisedAt?: string;
  message: string;
  node?: string;
  roles?: string[];
  nodes?: string[];
  endpoint?: string;
}

export interface FeedDecision {
  at: string;
  service: string;
  action: string;
  node?: string;
  reason: string;
  dryRun?: true;
  intended?: string;
  outcome?: string;
  inputs: Record<string, number | string>;
}

/** The state a browser starts from. */
export interface FeedSnapshot {
  pool: FeedPool | null;
  history: Record<string, ServicePoint[]>;
  alerts: FeedAlert[];
  decisions: FeedDecision[];
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
  | { type: 'ack'; id: number }
  | { type: 'link'; link: FeedLink };

/** GET /api/session. */
export interface SessionInfo {
  roles: string[];
  csrf: string;
  expiresAt: number;
  credential: string;
}
