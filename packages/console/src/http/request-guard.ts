import { parseSiteRef } from '@lama/agent';
import type { IncomingMessage } from 'node:http';
import { ConsoleForbiddenError, ConsoleRequestError } from '../errors.js';

/** Largest request body the console reads. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The name of the cookie that carries the session id. Browsers keep cookies per host, not per
 * port: two consoles on 127.0.0.1 would overwrite each other's sessions under one name.
 */
export function sessionCookieName(port: number): string {
  return `lama_console_${port}`;
}

/** The value of the named session cookie, if any. */
export function sessionCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * Refuses a Host the console does not serve as (a DNS-rebinding page would send its own name)
 * and, for a request that changes something, any origin but the console's own.
 */
export function checkOrigin(req: IncomingMessage, hosts: ReadonlySet<string>, changing: boolean): void {
  const host = req.headers.host ?? '';
  if (!hosts.has(host)) throw new ConsoleForbiddenError(`Host '${host}' is not this console's address (${[...hosts].join(', ')})`);
  if (!changing) return;
  const origin = req.headers.origin;
  if (origin !== `http://${host}`) throw new ConsoleForbiddenError(`a request that changes something must come from this console's page (Origin ${origin ?? 'missing'})`);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new ConsoleForbiddenError(`a request that changes something must be same-origin (Sec-Fetch-Site ${String(site)})`);
}

/** Reads a JSON object body of at most MAX_BODY_BYTES (an empty body is {}). */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ConsoleRequestError(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  if (size === 0) return {};
  if (!type.startsWith('application/json')) throw new ConsoleRequestError(`the request body must be application/json, not '${type}'`);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new ConsoleRequestError(`the request body is not JSON: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConsoleRequestError('the request body must be a JSON object');
  return v as Record<string, unknown>;
}

/** A map of string to string (Set's parameters), or a 400 naming the field. */
export function stringMap(v: unknown, field: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConsoleRequestError(`'${field}' must be an object of strings`);
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw new ConsoleRequestError(`'${field}.${k}' must be a string`);
  return v as Record<string, string>;
}

/** The nodes of a deploy or clean: a non-empty list of node names, or a 400 that says so. */
export function nodeList(v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x === '')) throw new ConsoleRequestError("'nodes' must be a non-empty list of node names");
  return v as string[];
}

/** SITE or SITE@VERSION (version 0: the store's newest), as `lama deploy` reads it, or a 400 that says what is wrong. */
export function siteVersion(v: unknown): { site: string; version: number } {
  if (typeof v !== 'string') throw new ConsoleRequestError("'site' must be SITE or SITE@VERSION");
  try {
    const { site, version } = parseSiteRef(v);
    return { site, version: version ?? 0 };
  } catch (err) {
    throw new ConsoleRequestError(`'site': ${(err as Error).message}`);
  }
}
