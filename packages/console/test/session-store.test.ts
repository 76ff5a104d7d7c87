import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { NoSessionError, SessionStore, SignInError } from '../src/index.js';

describe('SessionStore: one-time sign-in links and expiring sessions (virtual time)', () => {
  const setup = () => {
    const clock = new VirtualClock();
    return { clock, store: new SessionStore({ roles: ['monitor'], clock, signInTtlMs: 60_000, sessionTtlMs: 3_600_000, maxSessions: 2 }) };
  };

  it('a link opens one session with the credential roles and a CSRF token; the same link is refused the second time', () => {
    const { store } = setup();
    const link = store.issueSignIn();
    const s = store.redeem(link);
    expect(s.roles).to.deep.equal(['monitor']);
    expect(s.csrf).to.have.length(43);
    expect(s.csrf).not.to.equal(s.id);
    expect(store.session(s.id)).to.equal(s);
    expect(() => store.redeem(link)).to.throw(SignInError, 'unknown or was used already');
  });

  it('a link past its expiry is refused and spent', () => {
    const { clock, store } = setup();
    const link = store.issueSignIn();
    clock.advance(60_000);
    expect(() => store.redeem(link)).to.throw(SignInError, 'expired');
    expect(() => store.redeem(link)).to.throw(SignInError, 'unknown');
  });

  it('a session expires, a forged or missing cookie is no session, and sign-out ends it', () => {
    const { clock, store } = setup();
    const s = store.redeem(store.issueSignIn());
    expect(() => store.session(undefined)).to.throw(NoSessionError, 'not signed in');
    expect(() => store.session('forged')).to.throw(NoSessionError, 'unknown');
    clock.advance(3_599_999);
    expect(store.session(s.id).id).to.equal(s.id);
    clock.advance(1);
    expect(() => store.session(s.id)).to.throw(NoSessionError, 'expired');
    const t = store.redeem(store.issueSignIn());
    store.end(t.id);
    expect(() => store.session(t.id)).to.throw(NoSessionError, 'unknown');
  });

  it('keeps at most maxSessions: the oldest is signed out', () => {
    const { store } = setup();
    const [a, b, c] = [0, 1, 2].map(() => store.redeem(store.issueSignIn()));
    expect(store.size).to.equal(2);
    expect(() => store.session(a.id)).to.throw(NoSessionError);
    expect(store.session(b.id).id).to.equal(b.id);
    expect(store.session(c.id).id).to.equal(c.id);
  });
});
