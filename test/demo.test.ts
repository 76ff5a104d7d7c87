import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect } from 'chai';
import { LamaProcess, startLama } from './helpers/lama-process.js';

// This file's own loopback group and port (the demo refuses anything but 239.x and binds 127.0.0.1).
const MDNS = ['--mdns-group', '239.255.76.151', '--mdns-port', '15751'];

/** Processes whose command line mentions the demo's directory (its lookup, grand agent and agents). */
function leftovers(dir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(dir) && !l.includes('ps -eo'));
}

/** PIDs of every icecast2 process on the machine. */
function icecasts(): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,comm='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.trim().endsWith(' icecast2')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

const lines = (p: LamaProcess): string[] => p.logs.map((l) => String(l.msg));

/** What the demo could leave: a process, its directory, a mount under it, a link into it from the temp directory. */
function remains(dir: string): string[] {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').filter((l) => l.includes(dir));
  // find's status is not read: a directory of another program may vanish while it walks.
  const links = spawnSync('find', [tmpdir(), '-maxdepth', '2', '-lname', `${dir}*`], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l !== '');
  return [...leftovers(dir).map((l) => `process ${l}`), ...(existsSync(dir) ? [`directory ${dir}`] : []), ...mounts.map((m) => `mount ${m}`), ...links.map((l) => `link ${l}`)];
}

// A deployment line of the demo: one per node per deployment, from the grand agent's stream.
const DEPLOYED = /^ {5}deploy radio@1 -> (stream-\d): stop \d+\.\ds manifest \d+\.\ds .*start \d+\.\ds = \d+\.\ds$/;

describe('lama demo (system: the whole pool as processes on loopback, simulated and real icecast2 streaming)', function () {
  this.timeout(150_000);
  const runs: LamaProcess[] = [];
  const dirs: string[] = [];
  const dirOf = async (demo: LamaProcess): Promise<string> => {
    const dir = String((await demo.waitForLog((l) => String(l.msg).startsWith('lama demo: a throwaway pool in '), 20_000)).msg).match(/in (\S+);/)![1];
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    // A failed test: ask the demo to stop (it stops its pool), then make sure nothing of it is left.
    await Promise.all(runs.map((p) => p.stop('SIGINT', 20_000)));
    for (const dir of dirs) {
      for (const line of leftovers(dir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    }
  });

  it('--duration: the pool comes up, the load adds nodes, then everything stops by itself and leaves nothing behind', async () => {
    // 60 s: the pool's start-up under a loaded CI machine eats into the workload's ramp.
    const demo = startLama(['demo', '--mode', 'sim', '--duration', '60', '--nodes', '3', '--peak', '16', ...MDNS]);
    runs.push(demo);
    const dir = await dirOf(demo);
    expect(await demo.waitForLog((l) => String(l.msg).includes('streaming servers: SIMULATED'))).to.be.ok;
    await demo.waitForLog((l) => String(l.msg).startsWith('pool up:'), 60_000);
    const code = await demo.exit();
    const out = lines(demo);
    console.log(out.filter((l) => l.includes('->') || l.startsWith('demo over')).map((l) => `    ${l}`).join('\n'));
    expect(code, demo.stderr).to.equal(0);
    expect(out.some((l) => /-> ADD stream-\d: N = 0 is below minNodes 1/.test(l))).to.equal(true);
    // Every add was deployed first: the first from the demo's store, a later one with the first node's cache by multicast.
    const deployed = out.filter((l) => DEPLOYED.test(l));
    expect(deployed.length, out.join('\n')).to.be.at.least(2);
    expect(deployed[0]).to.match(/ fetch \d+\.\ds \((\d+) files from the store\) /);
    expect(deployed[0]).to.not.match(/ cache /);
    const multicast = deployed.slice(1).map((l) => / cache \d+\.\ds \((\d+) files by multicast from stream-\d\) /.exec(l)).find((m) => m !== null);
    expect(multicast, deployed.join('\n')).to.not.equal(undefined);
    expect(Number(multicast![1])).to.be.greaterThan(0);
    // The ramp to 16 listeners (C = 10) must add a second node because of the load, not the minimum.
    expect(out.some((l) => /-> ADD stream-\d: forecast [\d.]+ > 0\.9 × 10 = 9/.test(l)), out.join('\n')).to.equal(true);
    const status = out.filter((l) => /^\d:\d\d {2}listeners/.test(l));
    expect(status.length).to.be.greaterThan(10);
    expect(status.some((l) => / N 2 \[stream-\d stream-\d\]/.test(l))).to.equal(true);
    const summary = out.find((l) => l.startsWith('demo over after'));
    expect(summary).to.match(/\(sim\): [2-9] adds, \d+ releases, at most [2-3] nodes serving, 1[0-6] listeners at the peak, 0 alerts/);
    expect(summary).to.match(/, [2-9] deployments \([1-9] with the cache by multicast\), \d+ cleanings$/);
    expect(remains(dir)).to.deep.equal([]);
  });

  it('--mode icecast: real icecast2 relays fed by a live source carry the listeners; nothing is left behind', async () => {
    if (!existsSync('/usr/bin/icecast2')) throw new Error('/usr/bin/icecast2 is missing (install the Debian package icecast2; scripts/test.sh does)');
    const icecastsBefore = icecasts();
    const demo = startLama(['demo', '--mode', 'icecast', '--duration', '65', '--nodes', '3', '--peak', '14', ...MDNS]);
    runs.push(demo);
    const dir = await dirOf(demo);
    await demo.waitForLog((l) => String(l.msg).startsWith("streaming servers: Debian's icecast2"));
    await demo.waitForLog((l) => String(l.msg).startsWith('live source: 16 kbit/s'), 60_000);
    // While it runs, the relays are icecast2 processes started for this pool.
    const add = await demo.waitForLog((l) => /-> ADD stream-\d: forecast/.test(String(l.msg)), 60_000);
    // The node the load added runs its relay once the site is deployed onto it.
    const added = /-> ADD (stream-\d)/.exec(String(add.msg))![1];
    await demo.waitForLog((l) => DEPLOYED.exec(String(l.msg))?.[1] === added, 30_000, `the deployment of ${added}`);
    // The source node and at least two relays run real icecast2 for this pool.
    const running = icecasts().filter((pid) => !icecastsBefore.includes(pid));
    expect(running.length).to.be.at.least(3);
    const code = await demo.exit();
    const out = lines(demo);
    console.log(out.filter((l) => l.includes('->') || l.startsWith('demo over')).map((l) => `    ${l}`).join('\n'));
    expect(code, demo.stderr).to.equal(0);
    expect(out.find((l) => l.startsWith('demo over after'))).to.match(/\(icecast\): [2-9] adds, \d+ releases, at most [2-3] nodes serving, 1[0-4] listeners at the peak, 0 alerts/);
    // The relays came with the site: its icecast2 configuration deployed onto each added node.
    expect(out.filter((l) => DEPLOYED.test(l)).length, out.join('\n')).to.be.at.least(2);
    expect(remains(dir)).to.deep.equal([]);
    expect(icecasts().filter((pid) => running.includes(pid))).to.deep.equal([]);
  });

  it('kill -9 of the demo itself: its lookup service, grand agent and agents notice and stop by themselves', async () => {
    const demo = startLama(['demo', '--mode', 'sim', '--nodes', '2', ...MDNS]);
    runs.push(demo);
    const dir = await dirOf(demo);
    await demo.waitForLog((l) => String(l.msg).startsWith('pool up:'), 60_000);
    expect(leftovers(dir).length).to.be.at.least(4);
    demo.child.kill('SIGKILL');
    await demo.exit();
    const t0 = Date.now();
    while (leftovers(dir).length > 0 && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 200));
    console.log(`    the orphaned pool was gone ${Date.now() - t0} ms after the demo died`);
    expect(leftovers(dir)).to.deep.equal([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C (SIGINT) stops listeners, agents, grand agent and lookup service cleanly', async () => {
    const demo = startLama(['demo', '--mode', 'sim', '--nodes', '2', ...MDNS]);
    runs.push(demo);
    const dir = await dirOf(demo);
    await demo.waitForLog((l) => DEPLOYED.test(String(l.msg)), 60_000);
    expect(leftovers(dir).length).to.be.greaterThan(3);
    const t0 = Date.now();
    demo.child.kill('SIGINT');
    const code = await demo.exit();
    console.log(`    stopped ${Date.now() - t0} ms after SIGINT`);
    expect(code, demo.stderr).to.equal(0);
    expect(lines(demo).some((l) => l.startsWith('stopping: listeners, then agents'))).to.equal(true);
    expect(lines(demo).find((l) => l.startsWith('demo over after'))).to.match(/0 alerts/);
    expect(remains(dir)).to.deep.equal([]);
  });
});
