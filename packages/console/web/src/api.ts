import type { SessionInfo } from './feed-types.js';

/** The signed-in session, or the server's reason why there is none. */
export async function loadSession(): Promise<SessionInfo | string> {
  const res = await fetch('/api/session', { credentials: 'same-origin' });
  const body = (await res.json()) as SessionInfo | { error: string };
  return res.ok ? (body as SessionInfo) : (body as { error: string }).error;
}

/** A POST with the session's CSRF token; resolves to the server's message (refusals included). */
export async function post(session: SessionInfo, path: string, body: unknown = {}): Promise<{ ok: boolean; message: string }> {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-lama-csrf': session.csrf },
    body: JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => ({}))) as { error?: string };
  return { ok: res.ok, message: res.ok ? 'done' : `${res.status}: ${answer.error ?? res.statusText}` };
}
