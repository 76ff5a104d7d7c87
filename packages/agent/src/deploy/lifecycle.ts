// The server life cycle of seed 000's Fig. 2, kept durable in the agent's state directory so
// that an agent restarted half-way through a deployment or a cleaning knows where it was.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '@lama/lookup';
import { LifecycleError } from '../errors.js';

/** Fig. 2's states (the wire's LifecycleState names). */
export type LifecycleState = 'FREE' | 'DEPLOYING' | 'OPERATIONAL' | 'CLEANING' | 'FAILED';

/** Where each state may go: FAILED (with a reason) from DEPLOYING or CLEANING, left only by cleaning. */
export const LIFECYCLE_TRANSITIONS: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  FREE: ['DEPLOYING'],
  DEPLOYING: ['OPERATIONAL', 'FAILED'],
  OPERATIONAL: ['CLEANING'],
  CLEANING: ['FREE', 'FAILED'],
  FAILED: ['CLEANING'],
};

/** The node's life cycle as persisted and published (lama.Lifecycle, Status, WatchDeployment). */
export interface LifecycleRecord {
  state: LifecycleState;
  /** The site deployed or being deployed ('' when FREE). */
  site: string;
  version: number;
  /** What failed, in FAILED. */
  reason: string;
  deploymentId: string;
  sinceMs: number;
  /** The site's adapters this node added (cleaning stops and removes them). */
  services: string[];
  /** Cleaning keeps the site's objects in the cache. */
  keepCache: boolean;
}

/** A FREE node. */
export function freeRecord(sinceMs: number): LifecycleRecord {
  return { state: 'FREE', site: '', version: 0, reason: '', deploymentId: '', sinceMs, services: [], keepCache: false };
}

/** Throws LifecycleError, naming both states, when Fig. 2 does not allow from -> to. */
export function checkTransition(node: string, from: LifecycleState, to: LifecycleState): void {
  if (LIFECYCLE_TRANSITIONS[from].includes(to)) return;
  throw new LifecycleError(`node '${node}' is ${from}: the life cycle does not allow ${from} -> ${to} (from ${from} only ${LIFECYCLE_TRANSITIONS[from].join(' or ')})`);
}

const STATES = Object.keys(LIFECYCLE_TRANSITIONS);

/** The life cycle's file in the agent's state directory, replaced durably at every change. */
export class LifecycleFile {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, 'lifecycle.json');
  }

  /** The persisted record; FREE when there is none. A damaged file is an error, not a silent FREE. */
  load(now: number): LifecycleRecord {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return freeRecord(now);
      throw err;
    }
    const v = JSON.parse(text) as Partial<LifecycleRecord>;
    if (typeof v.state !== 'string' || !STATES.includes(v.state)) throw new LifecycleError(`${this.path}: '${String(v.state)}' is not a life-cycle state`);
    return { ...freeRecord(now), ...v, services: Array.isArray(v.services) ? v.services.filter((s) => typeof s === 'string') : [] };
  }

  save(record: LifecycleRecord): void {
    writeFileDurably(this.path, `${JSON.stringify(record)}\n`);
  }
}
