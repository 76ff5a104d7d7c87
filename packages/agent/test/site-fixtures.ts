import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialVerifier, createPoolKey, issueCredential, type Credential } from '@lama/lookup';

/** A pool with a controller (publisher) and an agent credential, and a verifier of its key. */
export function makePool(): { controller: Credential; agent: Credential; verifier: CredentialVerifier } {
  const pool = createPoolKey();
  return {
    controller: issueCredential(pool, { name: 'publisher', roles: ['controller'] }),
    agent: issueCredential(pool, { name: 'node-1', roles: ['agent'] }),
    verifier: new CredentialVerifier(pool.publicKey),
  };
}

/** A fresh temporary directory; remove it with rm. */
export function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `lama-${label}-`));
}

/** Writes a small site tree: html, an executable script, a symlink, a nested directory, duplicate content. */
export async function writeSiteTree(dir: string, seed = 'v1'): Promise<void> {
  await mkdir(join(dir, 'htdocs/img'), { recursive: true });
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(join(dir, 'htdocs/index.html'), `<h1>site ${seed}</h1>\n`);
  await writeFile(join(dir, 'htdocs/img/logo.bin'), Buffer.alloc(200_000, 7));
  await writeFile(join(dir, 'htdocs/copy.bin'), Buffer.alloc(200_000, 7));
  await writeFile(join(dir, 'bin/setup.sh'), '#!/bin/sh\necho mapped\n');
  await chmod(join(dir, 'bin/setup.sh'), 0o755);
  await symlink('htdocs/index.html', join(dir, 'index.html'));
}

/** Every path of a tree with what it is: file content hash and mode, symlink target, directory. */
export async function describeTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = await lstat(p);
      if (st.isDirectory()) {
        out[rel] = 'dir';
        await walk(p, rel);
      } else if (st.isSymbolicLink()) out[rel] = `-> ${await readlink(p)}`;
      else out[rel] = `${createHash('sha256').update(await readFile(p)).digest('hex').slice(0, 12)} x=${(st.mode & 0o111) !== 0}`;
    }
  };
  await walk(dir, '');
  return out;
}

/** How the faulty server misbehaves, per request to an object (data/...). */
export interface Faults {
  /** Answer 500 to the first N object requests. */
  fail500?: number;
  /** Answer 404 to every object request. */
  always404?: boolean;
  /** Send half the body of the first N object requests, then cut the connection. */
  cutFirst?: number;
  /** Send nothing for the first N object requests (the client times out). */
  hangFirst?: number;
  /** Flip a byte in every object served. */
  corrupt?: boolean;
}

/** A store server with injected faults (the product's serveStore has none); counts object requests and Range requests. */
export async function faultyStore(root: string, faults: Faults): Promise<{ url: string; objectRequests: number; rangeRequests: number; close(): Promise<void> }> {
  const state = { url: '', objectRequests: 0, rangeRequests: 0, close: async () => undefined as void };
  let failed = 0;
  let cut = 0;
  let hung = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const file = join(root, path);
    const isObject = path.startsWith('/data/');
    if (isObject) state.objectRequests++;
    void (async () => {
      const st = await lstat(file).catch(() => undefined);
      if (!st || !st.isFile() || path.includes('..')) return res.writeHead(404).end();
      if (isObject && faults.always404) return res.writeHead(404).end();
      if (isObject && failed < (faults.fail500 ?? 0)) {
        failed++;
        return res.writeHead(500).end();
      }
      if (isObject && hung < (faults.hangFirst ?? 0)) {
        hung++;
        return; // never answers
      }
      let start = 0;
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (m) {
        state.rangeRequests++;
        start = Number(m[1]);
      }
      let body = (await readFile(file)).subarray(start);
      if (isObject && faults.corrupt && body.length) {
        body = Buffer.from(body);
        body[0] = (body[0] as number) ^ 0xff;
      }
      res.writeHead(m ? 206 : 200, { 'content-length': body.length, ...(m ? { 'content-range': `bytes ${start}-${st.size - 1}/${st.size}` } : {}) });
      if (isObject && cut < (faults.cutFirst ?? 0) && body.length > 1) {
        cut++;
        // The half arrives well before the cut, so the client has it on disk when the connection drops.
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.destroy(), 100));
        return;
      }
      res.end(body);
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  state.close = () => new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
  return state;
}

