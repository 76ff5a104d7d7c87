/** What the grand agent pages an operator about. */
export type AlertKind = 'lease-expired' | 'partition' | 'partition-cleared' | 'deployment-failed';

/** One alert, as delivered to the log, `lama alerts --json`, webhooks and the rxjs stream. */
export interface Alert {
  /** Increasing per grand agent. */
  id: number;
  kind: AlertKind;
  /** ISO time of the event (the lease's end for lease-expired). */
  at: string;
  /** ISO time the alert was raised: `at` plus the settle window for lease-expired. */
  raisedAt: string;
  message: string;
  /** lease-expired: the node whose lease ran out. */
  node?: string;
  serviceId?: string;
  roles?: string[];
  endpoint?: string;
  /** The node's last status the grand agent saw, if any. */
  lastStatus?: unknown;
  /** partition / partition-cleared: the nodes involved; deployment-failed: the nodes that failed or timed out. */
  nodes?: string[];
  /** deployment-failed: which deployment, of which site and version (0: the store's newest). */
  deploymentId?: string;
  site?: string;
  version?: number;
}
