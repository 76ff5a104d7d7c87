import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import { childPids, freePort, sleep } from '@lama/testkit';
import { IcecastSource } from './helpers/icecast-source.js';
import { stopAgentsAndIcecasts } from './helpers/icecast-teardown.js';
import { LAMA_BIN, LOOPBACK_MDNS_ENV, LamaProcess, startLama } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { StreamListener } from './helpers/stream-listener.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.121', '--mdns-port', '16121'];
const SOURCE_BPS = 64_000;
const MOUNT = '/live';
const RELAYS = ['relay-b', 'relay-c'];

interface AdapterJson { name: string; state: string; metrics: Record<string, number> }

/** `lama ARGS` without blocking the event loop (the source client and listeners live in this process). */
function lama(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LAMA_BIN, ...args, ...MDNS], { env: { ...process.env, ...LOOPBACK_MDNS_ENV }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** True when a listener of http://127.0.0.1:PORT/live gets 200 and stream bytes within 1.5 s. */
async function carries(port: number): Promise<boolean> {
  const l = new StreamListener('127.0.0.1', port, MOUNT, 1500, 4096);
  const status = await l.connected.catch(() => 0);
  await l.ended;
  return status === 200 && l.bytes > 0;
}

/** Where the dispatcher sends a listener now (its 302's Location port), or 0. */
function redirectPort(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: MOUNT, agent: false }, (res) => {
      res.resume();
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\//.exec(res.headers.location ?? '');
      resolve(res.statusCode === 302 && m ? Number(m[1]) : 0);
    });
    req.once('error', () => resolve(0));
  });
}

describe('a lost source (system: icecast2 source node A, two relays, a redirector dispatcher; A\'s icecast2 killed and back)', function () {
  this.timeout(90_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const agents: Record<string, LamaProcess> = {};
  const ports: Record<string, number> = {};
  const sourcePassword = randomBytes(12).toString('hex');
  const sources: IcecastSource[] = [];
  let controller: string;

  const icecastOf = async (node: string): Promise<AdapterJson | undefined> => {
    const r = await lama('status', node, '--credential', controller, '--json');
    if (r.code !== 0) return undefined;
    return (JSON.parse(r.stdout) as { adapters: AdapterJson[] }).adapters.find((x) => x.name === 'icecast');
  };

  /** Feeds A (retrying, as an encoder does, until A's icecast accepts it); bounded by ms. */
  const feedA = async (ms: number): Promise<IcecastSource> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = new IcecastSource({ host: '127.0.0.1', port: ports['source-a'], mount: MOUNT, password: sourcePassword, bitsPerSec: SOURCE_BPS, maxMs: 80_000 });
      sources.push(s);
      try {
        await s.accepted;
        return s;
      } catch (err) {
        s.stop();
        if (Date.now() > deadline) throw new Error(`A's icecast2 did not accept the source within ${ms} ms: ${(err as Error).message}`);
        await sleep(300);
      }
    }
  };

  /** Ms until every relay carries the stream (bounded by ms); throws naming the relays that do not. */
  const relaysCarry = async (ms: number): Promise<number> => {
    const t0 = Date.now();
    const pending = new Set(RELAYS);
    while (pending.size && Date.now() - t0 < ms) {
      for (const r of [...pending]) if (await carries(ports[r])) pending.delete(r);
      if (pending.size) await sleep(250);
    }
    if (pending.size) throw new Error(`${[...pending].join(', ')} did not carry the stream within ${ms} ms`);
    return Date.now() - t0;
  };

  before(async () => {
    if (!existsSync('/usr/bin/icecast2')) throw new Error('/usr/bin/icecast2 is missing (install the Debian package icecast2; scripts/test.sh does)');
    controller = pool.issue('console', 'controller');
    for (const n of ['source-a', ...RELAYS, 'dispatcher']) ports[n] = await freePort();
    const lookup = startLama(['lookup', '--credential', pool.issue('lus', 'lookup'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000', ...MDNS]);
    procs.push(lookup);
    await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    const adapters: Record<string, object> = {
      'source-a': { name: 'icecast', module: 'icecast', autostart: true, options: { listen: `127.0.0.1:${ports['source-a']}`, mounts: [MOUNT], sourcePassword } },
      dispatcher: { name: 'dispatcher', module: 'redirector', autostart: true, options: { listen: `127.0.0.1:${ports.dispatcher}`, members: RELAYS.map((r) => `127.0.0.1:${ports[r]}`) } },
    };
    for (const r of RELAYS) {
      adapters[r] = { name: 'icecast', module: 'icecast', autostart: true, options: { listen: `127.0.0.1:${ports[r]}`, mounts: [MOUNT], relayFrom: `127.0.0.1:${ports['source-a']}${MOUNT}` } };
    }
    for (const [name, adapter] of Object.entries(adapters)) {
      const p = startLama(['agent', '--name', name, '--credential', pool.issue(name, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '2000',
        '--metrics-interval-ms', '1000', '--state-dir', join(pool.dir, `state-${name}`), '--adapter', JSON.stringify(adapter), ...MDNS]);
      procs.push(p);
      agents[name] = p;
    }
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    for (const s of sources) s.stop();
    try {
      await stopAgentsAndIcecasts(Object.values(agents), procs);
    } finally {
      pool.remove();
    }
  });

  it('A gets a source; both relays carry it, and the dispatcher sends listeners to them', async () => {
    await feedA(20_000);
    await relaysCarry(20_000);
    const via = await redirectPort(ports.dispatcher);
    expect(RELAYS.map((r) => ports[r])).to.include(via);
  });

  it('A\'s icecast2 killed (-9), back under its supervisor, the source reconnects: every relay carries the stream within 10 s; listeners through the dispatcher reconnect', async () => {
    const listener = new StreamListener('127.0.0.1', await redirectPort(ports.dispatcher), MOUNT, 60_000);
    expect(await listener.connected).to.equal(200);
    for (let i = 0; i < 40 && listener.bytes === 0; i++) await sleep(100);
    const heard = listener.bytes;
    expect(heard, 'bytes through the dispatcher before the kill').to.be.greaterThan(0);
    const [pid] = childPids(agents['source-a'].child.pid, 'icecast2');
    expect(pid, "A's icecast2").to.be.a('number');
    process.kill(pid, 'SIGKILL');
    // The relays lose their source: icecast2 ends their listeners' streams.
    await Promise.race([listener.ended, sleep(15_000)]);
    listener.stop();
    // The relays retry while A is down; the encoder comes back a little after A's icecast2.
    await agents['source-a'].waitForLog((l) => l.adapter === 'icecast' && /RUNNING/.test(JSON.stringify(l)), 20_000).catch(() => undefined);
    await sleep(3000);
    const a = await icecastOf('source-a');
    expect(a?.state).to.equal('RUNNING');
    expect(a?.metrics.pid).to.not.equal(pid);
    await feedA(15_000);
    const ms = await relaysCarry(10_000);
    console.log(`      lost source: A's icecast2 restarted by its supervisor; every relay carried the stream again ${(ms / 1000).toFixed(1)} s after the source came back (relayRetrySeconds 2)`);
    // A player reconnects through the dispatcher: each relay it is sent to streams.
    for (let i = 0; i < RELAYS.length; i++) {
      const port = await redirectPort(ports.dispatcher);
      expect(RELAYS.map((r) => ports[r])).to.include(port);
      const again = new StreamListener('127.0.0.1', port, MOUNT, 2000, 8192);
      expect(await again.connected).to.equal(200);
      await again.ended;
      expect(again.bytes, `listener on ${port} after the restart`).to.be.greaterThan(0);
    }
  });
});
