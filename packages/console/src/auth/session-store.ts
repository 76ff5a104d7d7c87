import { createHash, randomBytes } from 'node:crypto';
import type { Clock, Role } from '@lama/lookup';
import { NoSessionError, SignInError } from '../errors.js';

/** A signed-in browser: the roles of the console's credential, until it expires. */
export interface Session {
  readonly id: string;
  /** Sent back in the X-Lama-Csrf header of every request that changes something. */
  readonly csrf: string;
  readonly roles: readonly Role[];
  readonly expiresAt: number;
}

export interface SessionStoreOptions {
  roles: readonly Role[];
  clock: Clock;
  /** How long a printed sign-in link stays valid (ms). */
  signInTtlMs?: number;
  /** How long a session lasts (ms). */
  sessionTtlMs?: number;
  /** Most live sessions; past it the oldest is signed out. */
  maxSessions?: number;
}

const token = (): string => randomBytes(32).toString('base64url');
// Secrets are kept by their hash: a heap dump or a timing probe of the map learns nothing usable.
const digest = (t: string): string => createHash('sha256').update(t).digest('base64url');

/**
 * One-time sign-in tokens and the sessions they open (Jupyter's model): whoever can read the
 * console's terminal holds its credential already, so a link printed there proves possession.
 */
export class SessionStore {
  private readonly signIns = new Map<string, number>();
  private readonly sessions = new Map<string, Session>();
  readonly signInTtlMs: number;
  readonly sessionTtlMs: number;
  private readonly maxSessions: number;

  constructor(private readonly o: SessionStoreOptions) {
    this.signInTtlMs = o.signInTtlMs ?? 5 * 60_000;
    this.sessionTtlMs = o.sessionTtlMs ?? 8 * 3_600_000;
    this.maxSessions = o.maxSessions ?? 1000;
  }

  /** A new single-use sign-in token, valid for signInTtlMs. */
  issueSignIn(): string {
    const t = token();
    const now = this.o.clock.now();
    for (const [k, exp] of this.signIns) if (exp <= now) this.signIns.delete(k);
    this.signIns.set(digest(t), now + this.signInTtlMs);
    return t;
  }

  /** Trades a sign-in token for a session; the token is spent whatever happens next. */
  redeem(signIn: string): Session {
    const key = digest(signIn);
    const expires = this.signIns.get(key);
    this.signIns.delete(key);
    const now = this.o.clock.now();
    if (expires === undefined) throw new SignInError('this sign-in link is unknown or was used already: run `lama console` again, or press Enter in its terminal, for a new one');
    if (expires <= now) throw new SignInError('this sign-in link has expired: press Enter in the terminal of `lama console` for a new one');
    const session: Session = { id: token(), csrf: token(), roles: this.o.roles, expiresAt: now + this.sessionTtlMs };
    this.sessions.set(digest(session.id), session);
    if (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }

  /** The live session of a cookie value; NoSessionError when there is none or it has expired. */
  session(id: string | undefined): Session {
    if (!id) throw new NoSessionError('not signed in: open the sign-in link that `lama console` printed');
    const key = digest(id);
    const s = this.sessions.get(key);
    if (!s) throw new NoSessionError('this session is unknown (the console restarted, or it was signed out): open a new sign-in link');
    if (s.expiresAt <= this.o.clock.now()) {
      this.sessions.delete(key);
      throw new NoSessionError('this session has expired: open a new sign-in link');
    }
    return s;
  }

  /** Ends a session (sign-out). */
  end(id: string): void {
    this.sessions.delete(digest(id));
  }

  get size(): number {
    return this.sessions.size;
  }
}
