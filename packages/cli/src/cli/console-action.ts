import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadCredential, systemClock } from '@lama/lookup';
import { GrandClient } from '@lama/grand-agent';
import { ConsoleActions, ConsoleFeed, ConsoleServer, GrandDeployments, SessionStore } from '@lama/console';
import { createLogger } from '../daemon/logger.js';
import { onShutdown } from '../daemon/shutdown.js';
import { findGrand, type QueryFlags } from './grand-queries-action.js';

/** The flags of `lama console`. */
export interface ConsoleFlags extends QueryFlags {
  listen: string;
  intervalMs: number;
  signInTtlMs: number;
  sessionTtlMs: number;
  inlineFirstView: boolean;
  logLevel: string;
}

/** Runs `lama console`: one set of streams from the grand agent, served to browsers. */
export async function runConsole(o: ConsoleFlags): Promise<void> {
  // --json: stdout carries only the sign-in lines, for a script to read; the log goes to stderr.
  const log = createLogger('lama-console', o.logLevel, o.json ? 2 : 1);
  const credential = loadCredential(resolve(o.credential));
  const grand = await findGrand(o, credential);
  // The peer must be the grand agent that registered the item (or, with --grand, hold role lookup).
  const client = new GrandClient(grand.endpoint, credential, 10_000, grand.owner);
  const feed = new ConsoleFeed({ grand: client, intervalMs: o.intervalMs });
  const sessions = new SessionStore({ roles: credential.certificate.roles, clock: systemClock, signInTtlMs: o.signInTtlMs, sessionTtlMs: o.sessionTtlMs });
  const server = new ConsoleServer({
    listen: o.listen, feed, sessions, actions: new ConsoleActions(credential, feed), deployments: new GrandDeployments(client),
    credentialName: credential.certificate.name, inlineFirstView: o.inlineFirstView,
  });
  let linkState = '';
  feed.listen((e) => {
    if (e.type !== 'link') return;
    const state = e.link.connected ? 'up' : `down: ${e.link.error ?? ''}`;
    if (state === linkState) return;
    linkState = state;
    if (e.link.connected) log.info({ grand: grand.endpoint }, 'streams from the grand agent are up');
    else log.warn({ grand: grand.endpoint, err: e.link.error }, 'streams from the grand agent are down; reopening');
  });
  onShutdown(log, async () => {
    await server.stop();
    await feed.stop();
    client.close();
  });
  await server.start();
  await feed.start();
  const printLink = (): void => {
    const url = server.signInUrl();
    if (o.json) process.stdout.write(`${JSON.stringify({ console: server.url, signIn: url, validMs: o.signInTtlMs, grand: grand.endpoint, roles: credential.certificate.roles })}\n`);
    log.info({ url, validMs: o.signInTtlMs }, `open ${url} to sign in (one use, valid ${Math.round(o.signInTtlMs / 1000)} s); press Enter for another link`);
  };
  log.info({ url: server.url, grand: grand.endpoint, roles: credential.certificate.roles }, 'console running');
  printLink();
  // Enter on the console's terminal (or a line on its stdin) prints a fresh link: a link is single-use.
  if (!process.stdin.destroyed) createInterface({ input: process.stdin }).on('line', printLink);
}
