import { resolve } from 'node:path';
import { CredentialVerifier, loadCredential, parseHostPort } from '@lama/lookup';
import {
  INDEX_KEY, SiteNode, SiteStore, StoreClient, parseSiteDefinition, parseSiteRef, readConfigFile, serveStore, type StoreIndex,
} from '@lama/agent';
import { createLogger } from '../daemon/logger.js';
import { onShutdown } from '../daemon/shutdown.js';
import type { PublishFlags, PullFlags } from './site.js';

const MB = 1024 * 1024;

// A pending retry backoff holds no handle of its own: keep the process alive until the command ends.
async function held<T>(run: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => undefined, 1 << 30);
  try {
    return await run();
  } finally {
    clearInterval(hold);
  }
}

/** `lama site publish`. */
export async function publish(dir: string, ref: string, o: PublishFlags): Promise<void> {
  const { site, version } = parseSiteRef(ref);
  const credential = loadCredential(resolve(o.credential));
  const definition = o.definition ? parseSiteDefinition(await readConfigFile(resolve(o.definition)), o.definition) : undefined;
  const r = await new SiteStore(resolve(o.store)).publish(resolve(dir), site, credential, { version, definition });
  if (o.json) console.log(JSON.stringify(r));
  else console.log(`published ${r.site}@${r.version}: ${r.files} files, ${(r.bytes / MB).toFixed(1)} MB; wrote ${r.objectsWritten} new objects (${(r.bytesWritten / MB).toFixed(1)} MB) in ${r.seconds.toFixed(2)} s`);
}

/** `lama site ls`. */
export async function list(o: { store: string; json: boolean }): Promise<void> {
  let index: StoreIndex;
  if (/^https?:\/\//.test(o.store)) {
    const client = new StoreClient({ url: o.store, attempts: 2 });
    try {
      index = JSON.parse(await held(() => client.text(INDEX_KEY, 16 * MB))) as StoreIndex;
    } finally {
      client.close();
    }
  } else {
    index = await new SiteStore(resolve(o.store)).index();
  }
  if (o.json) return console.log(JSON.stringify(index, null, 2));
  const sites = Object.entries(index.sites ?? {});
  if (sites.length === 0) return console.log('no sites');
  for (const [site, versions] of sites) {
    for (const v of versions) console.log(`${site}@${v.version}\t${v.files} files\t${(v.bytes / MB).toFixed(1)} MB\t${v.signedAt}\tby ${v.signer}`);
  }
}

/** `lama site gc`. */
export async function gc(o: { store: string; keep?: number; json: boolean }): Promise<void> {
  const r = await new SiteStore(resolve(o.store)).gc({ keep: o.keep });
  if (o.json) return console.log(JSON.stringify(r));
  console.log(`removed ${r.objectsRemoved} objects (${(r.bytesRemoved / MB).toFixed(1)} MB)${r.manifestsRemoved.length ? ` and versions ${r.manifestsRemoved.join(', ')}` : ''}; ${r.objectsKept} objects kept`);
}

/** `lama site serve`: runs until SIGTERM. */
export async function serve(store: string, o: { listen: string }): Promise<void> {
  const log = createLogger('lama-site-serve');
  const listen = parseHostPort(o.listen);
  if (!listen) throw new Error(`--listen '${o.listen}' is not HOST:PORT`);
  const server = await serveStore(resolve(store), listen);
  log.info({ url: server.url, store: resolve(store) }, 'serving the site store');
  onShutdown(log, async () => {
    await server.close();
    log.info(server.stats, 'served');
  });
}

/** `lama site pull`: prints the replica's path (or the whole result with --json). */
export async function pull(ref: string, o: PullFlags): Promise<void> {
  const { site, version } = parseSiteRef(ref);
  const credential = loadCredential(resolve(o.credential));
  const node = await SiteNode.open({
    dir: resolve(o.cache), verifier: new CredentialVerifier(credential.poolPublicKey),
    cacheLimitBytes: o.cacheLimitMb === undefined ? undefined : Math.floor(o.cacheLimitMb * MB), fsync: o.fsync,
  });
  try {
    const r = await held(() => node.pull({ url: o.store, concurrency: o.concurrency, timeoutMs: o.timeoutMs, attempts: o.attempts }, site, version));
    console.log(o.json ? JSON.stringify(r) : r.path);
  } finally {
    await node.close();
  }
}
