import { status } from '@grpc/grpc-js';
import { describeRemoteError, type Clock, type Timer } from '@lama/lookup';
import type { Subscription } from 'rxjs';
import type { DeployerClient, RemoteDeploymentProgress as RemoteProgress } from '@lama/agent';

/** How one node is followed: its client, the manager's clock, and whether it is still registered. */
export interface FollowContext {
  client: DeployerClient;
  clock: Clock;
  /** False once the node's item left the pool (its lease expired): a lost stream is then final. */
  registered: () => boolean;
  /** A lost progress stream is reopened after this long while the node is registered. */
  retryMs: number;
  /** Every progress report, as it comes. */
  onProgress: (p: RemoteProgress) => void;
}

/** How following a node ended; `untouched`: the node holds nothing of this deployment (nothing to clean). */
export type FollowOutcome = { ok: true } | { ok: false; timedOut: boolean; reason: string; untouched?: boolean };

/** The text of an error from an agent (its own message when it sent one). */
export function reasonOf(err: unknown): string {
  return describeRemoteError(err) ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Watches a node's progress until `judge` says it is over (or the deadline passes, or the node
 * leaves the pool). A progress stream that breaks while the node is still registered is
 * reopened: an agent restarting, or a network hiccup, is not yet a failure.
 */
function follow(c: FollowContext, timeoutMs: number, what: string, judge: (p: RemoteProgress, end: (o: FollowOutcome) => void) => FollowOutcome | undefined, begin?: () => Promise<unknown>): Promise<FollowOutcome> {
  return new Promise((resolve) => {
    let ended = false;
    let sub: Subscription | undefined;
    let retry: Timer | undefined;
    let last = '';
    const end = (o: FollowOutcome): void => {
      if (ended) return;
      ended = true;
      deadline.cancel();
      retry?.cancel();
      sub?.unsubscribe();
      resolve(o);
    };
    const deadline = c.clock.setTimer(() => end({ ok: false, timedOut: true, reason: `no ${what} within ${timeoutMs / 1000} s${last && ` (last seen: ${last})`}` }), timeoutMs);
    const lost = (err: unknown): void => {
      if (ended) return;
      sub?.unsubscribe();
      if (!c.registered()) return end({ ok: false, timedOut: false, reason: `the node left the pool (${reasonOf(err)})` });
      retry = c.clock.setTimer(watch, c.retryMs);
    };
    const watch = (): void => {
      if (ended) return;
      sub = c.client.watch().subscribe({
        next: (p) => {
          if (ended) return;
          last = p.step ? `${p.lifecycle?.state} in ${p.step}` : String(p.lifecycle?.state);
          c.onProgress(p);
          const o = judge(p, end);
          if (o) end(o);
        },
        error: lost,
        complete: () => lost(new Error('progress stream ended')),
      });
    };
    if (!begin) return watch();
    begin().then(watch, (err: unknown) => end({ ok: false, timedOut: false, reason: reasonOf(err) }));
  });
}

type Lifecycle = NonNullable<RemoteProgress['lifecycle']>;

// A node's life cycle in this deployment: over (how) or still under way (undefined).
function deploymentOutcome(l: Lifecycle): FollowOutcome | undefined {
  if (l.state === 'OPERATIONAL') return { ok: true };
  if (l.state === 'FAILED') return { ok: false, timedOut: false, reason: l.reason || 'FAILED' };
  if (l.state === 'FREE' || l.state === 'CLEANING') return { ok: false, timedOut: false, reason: 'the node rolled back to FREE' };
  return undefined;
}

/** StartDeployment, then follow the node until DEPLOYMENT-COMPLETE (OPERATIONAL), FAILED, a roll back to FREE, or the deadline. */
export function followDeployment(c: FollowContext, deploymentId: string, timeoutMs: number, start: () => Promise<unknown>): Promise<FollowOutcome> {
  return follow(c, timeoutMs, 'DEPLOYMENT-COMPLETE', (p) => {
    const l = p.lifecycle;
    // A report of an earlier deployment (or none yet) says nothing about this one.
    if (!l || (l.deploymentId && l.deploymentId !== deploymentId)) return undefined;
    return l.state === 'CLEANING' ? undefined : deploymentOutcome(l);
  }, start);
}

/**
 * After a restart of the grand agent: follows a node of a deployment that was open when the
 * previous one died, without asking anything. The node's own life cycle says how far it got:
 * this deployment's id there means it took StartDeployment (follow it to its end); a FREE node
 * with another id never took it (nothing to finish or clean: never sent twice).
 */
export function followResumedDeployment(c: FollowContext, deploymentId: string, timeoutMs: number): Promise<FollowOutcome> {
  return follow(c, timeoutMs, 'DEPLOYMENT-COMPLETE', (p) => {
    const l = p.lifecycle;
    if (!l) return undefined;
    if (l.deploymentId !== deploymentId) {
      const reason = l.state === 'FREE' ? 'not started: the grand agent was killed before the node took StartDeployment' : `the node is ${l.state} in another deployment (${l.deploymentId || 'none'})`;
      return { ok: false, timedOut: false, reason, untouched: true };
    }
    return deploymentOutcome(l);
  });
}

/**
 * Cleans a node back to FREE: asks StartCleaning as soon as the node is OPERATIONAL or FAILED
 * (a node still DEPLOYING, e.g. one that timed out, is cleaned once its procedure ends) and
 * follows it until FREE. A node already FREE is clean.
 */
export function followCleaning(c: FollowContext, keepCache: boolean, timeoutMs: number): Promise<FollowOutcome> {
  let asked = false;
  return follow(c, timeoutMs, 'CLEANING-COMPLETE (FREE)', (p, end) => {
    const l = p.lifecycle;
    if (!l) return undefined;
    if (l.state === 'FREE') return { ok: true };
    if ((l.state === 'OPERATIONAL' || l.state === 'FAILED') && !asked) {
      asked = true;
      c.client.startCleaning(l.deploymentId, keepCache).catch((err: unknown) => {
        // Refused because the state moved on meanwhile: the next report decides again; any other refusal is final.
        if ((err as { status?: number }).status === status.FAILED_PRECONDITION) asked = false;
        else end({ ok: false, timedOut: false, reason: `StartCleaning refused: ${reasonOf(err)}` });
      });
    }
    return undefined;
  });
}
