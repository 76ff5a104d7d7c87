// Bad input: at least 10,000 random and mutated mDNS packets at a `lama lookup` process, an
// in-process joiner and a `lama join` process, then proof that both sides still discover and
// register, and that every rejection was counted by reason. Every packet stays on this machine:
// multicast on 127.0.0.1 with TTL 1 to a test-only group and port, or unicast to 127.0.0.1.
// LAMA_FUZZ_SEED repeats a run's mix; LAMA_FUZZ_PACKETS changes its size.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import dnsPacket from 'dns-packet';
import {
  RegistrarClient, createPoolKey, issueCredential, lookupFieldsOf, loopbackMdns, readPoolKey, type Credential, type RejectReason,
} from '@lama/lookup';
import { AnnouncementCapture } from './helpers/announcement-capture.js';
import { editCertificate } from './helpers/forged-credentials.js';
import { flood } from './helpers/flood.js';
import { FuzzFactory } from './helpers/fuzz-packets.js';
import { FuzzTally, delta, reasonsOf, total, type ReasonCounts, type Receiver } from './helpers/fuzz-tally.js';
import { InProcessJoiner } from './helpers/in-process-joiner.js';
import { LamaProcess, startLama, startLookup } from './helpers/lama-process.js';
import { LoopbackSender } from './helpers/loopback-sender.js';
import { TestPool } from './helpers/pool.js';
import { rssMb } from '@lama/testkit';
import { udpDropsByInode, udpDropsByProcess, udpPortsOf } from './helpers/proc-net-udp.js';
import { SeededRandom } from './helpers/seeded-random.js';

// A group and port of its own, so the flood reaches no other test's sockets.
const MDNS = loopbackMdns(15731, '239.255.76.131');
const MDNS_FLAGS = ['--mdns-interface', '127.0.0.1', '--mdns-port', String(MDNS.port), '--mdns-group', MDNS.group];
const PACKETS = Number(process.env.LAMA_FUZZ_PACKETS ?? 12_000);
const SEED = Number(process.env.LAMA_FUZZ_SEED ?? Date.now() % 0x7fffffff);
// Paced so three receivers on two cores keep up: a burst larger than a socket's receive
// buffer would only measure the kernel dropping packets, not the code handling them.
const BATCH = 40;
const PAUSE_MS = 15;
const LEASE_MS = 3000;
const WITHIN_MS = 5000;
// Genuine packets a receiver drops unread besides the flood's (announcements, joiners' queries): a handful in these few seconds.
const GENUINE_SLACK = 50;

const LOOKUP_REASONS: RejectReason[] = ['malformed', 'credential', 'signature', 'replay', 'stale', 'group'];
const JOINER_REASONS: RejectReason[] = ['malformed', 'credential', 'role', 'signature', 'replay', 'stale', 'unsolicited'];

function countByReason(logs: LamaProcess['logs'], msg: string): ReasonCounts {
  const out: ReasonCounts = {};
  for (const l of logs) if (l.msg === msg && typeof l.reason === 'string') out[l.reason as RejectReason] = (out[l.reason as RejectReason] ?? 0) + 1;
  return out;
}

function alive(p: LamaProcess | undefined): boolean {
  return p !== undefined && p.child.exitCode === null && p.child.signalCode === null;
}

describe('discovery under bad input (fuzz: random and mutated mDNS packets at a lookup service and joiners)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const rng = new SeededRandom(SEED);
  let tally: FuzzTally;
  let lookup: LamaProcess | undefined;
  let lookupId = '';
  let endpoint = '';
  let joinProc: LamaProcess | undefined;
  let joiner: InProcessJoiner | undefined;
  let fresh: InProcessJoiner | undefined;
  let capture: AnnouncementCapture | undefined;
  let sender: LoopbackSender | undefined;
  let controller: RegistrarClient | undefined;
  let joinerBefore: ReasonCounts = {};
  let joinerAfter: ReasonCounts = {};
  let joinerIgnored = 0;
  let joinProcCounts: ReasonCounts = {};
  const observed: Record<Receiver, ReasonCounts> = { lookup: {}, joiner: {}, joinProcess: {} };
  let floodMs = 0;
  let drops: Record<string, number> = {};
  let rss: { before?: number; after?: number } = {};
  let credentials: { member: Credential; joinerB: Credential; fresh: Credential; console: Credential };

  before(async () => {
    const poolKey = readPoolKey(pool.poolDir);
    const issue = (name: string, role: string): Credential => issueCredential(poolKey, { name, roles: [role] });
    credentials = { member: issue('fuzz-member', 'agent'), joinerB: issue('joiner-b', 'agent'), fresh: issue('fresh-joiner', 'agent'), console: issue('fuzz-console', 'controller') };
    const stranger = createPoolKey();

    const started = await startLookup(pool.issue('fuzz-lus', 'lookup'), [...MDNS_FLAGS, '--announce-interval-ms', '2000']);
    lookup = started.proc;
    endpoint = started.endpoint;
    lookupId = String(lookup.logs.find((l) => l.msg === 'lookup service listening')?.serviceId);
    capture = await AnnouncementCapture.open(MDNS);
    controller = new RegistrarClient({ endpoint, credential: credentials.console });

    joiner = new InProcessJoiner(credentials.joinerB, MDNS, 'joiner-b', LEASE_MS);
    joinProc = startLama(['join', '--credential', pool.issue('fuzz-join', 'agent'), ...MDNS_FLAGS, '--lease-ms', String(LEASE_MS), '--log-level', 'debug']);
    await Promise.all([joiner.start(10_000), joinProc.waitForLog((l) => l.msg === 'registered')]);
    await capture.waitFor(2, 10_000);

    const factory = new FuzzFactory(rng, {
      member: credentials.member,
      stranger: issueCredential(stranger, { name: 'stranger', roles: ['agent'] }),
      // Same name as the genuine lookup service: an impersonation, not just a stranger.
      strangerLookup: issueCredential(stranger, { name: 'fuzz-lus', roles: ['lookup'] }),
      forgedAgent: editCertificate(issue('mallory', 'agent'), (c) => ({ ...c, roles: ['agent', 'controller'] })),
      forgedLookup: editCertificate(issue('mallory-2', 'agent'), (c) => ({ ...c, name: 'fuzz-lus', roles: ['lookup'] })),
    }, { lookupId, instance: 'fuzz-lus', endpoint, groups: ['default'] }, capture, joiner.queryPort !== undefined);
    sender = await LoopbackSender.open((msg, rinfo) => {
      if (rinfo.port !== MDNS.port) return;
      try {
        if (lookupFieldsOf(dnsPacket.decode(msg))[0]?.k === 'answer') factory.noteAnswer(msg);
      } catch {
        // Not an answer; nothing to keep.
      }
    });

    joinerBefore = reasonsOf(joiner.discovery.stats);
    const ignoredBefore = joiner.discovery.stats.ignoredQueries;
    const dropsNow = (): Record<string, number> => ({
      ...udpDropsByProcess(MDNS.port, { lookup: lookup?.child.pid, 'lama join': joinProc?.child.pid, 'this process (capture, joiner group socket)': process.pid }),
      'all sockets on the group port': [...udpDropsByInode(MDNS.port).values()].reduce((a, b) => a + b, 0),
      ...(joiner?.queryPort ? udpDropsByProcess(joiner.queryPort, { "joiner's query port": process.pid }) : {}),
    });
    const dropsBefore = dropsNow();
    rss.before = rssMb(lookup.child.pid);
    // Unicast targets: the in-process joiner's query port, and the `lama join` process's, found through /proc.
    const unicast = [joiner.queryPort, ...udpPortsOf(joinProc.child.pid ?? -1).filter((p) => p !== MDNS.port)]
      .filter((p): p is number => p !== undefined).map((port) => ({ address: '127.0.0.1', port }));
    tally = new FuzzTally(unicast.length === 2);
    console.log(`      unicast targets: ${unicast.map((u) => u.port).join(', ')}`);
    floodMs = await flood(factory, tally, sender, { packets: PACKETS, batch: BATCH, pauseMs: PAUSE_MS, group: { address: MDNS.group, port: MDNS.port }, unicast });
    // Let every receiver drain its socket before the counters are read.
    await sleep(1500);
    joinerAfter = reasonsOf(joiner.discovery.stats);
    joinerIgnored = joiner.discovery.stats.ignoredQueries - ignoredBefore;
    joinProcCounts = countByReason(joinProc.logs, 'discovery packet rejected');
    drops = Object.fromEntries(Object.entries(dropsNow()).map(([k, v]) => [k, v - (dropsBefore[k] ?? 0)]));
    rss.after = rssMb(lookup.child.pid);
    console.log(`      seed ${SEED}: ${tally.sent} packets, ${sender.sent} datagrams sent (${sender.sendErrors} send errors) in ${floodMs} ms; lookup RSS ${rss.before} -> ${rss.after} MB`);
    console.log(`      kernel receive-buffer drops: ${JSON.stringify(drops)}`);
    console.log(`      by category: ${[...tally.byCategory].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  });

  after(async () => {
    // Everything this suite started is stopped here too, whatever failed above.
    const steps: (() => Promise<unknown> | void)[] = [
      () => joiner?.stop(), () => fresh?.stop(), () => controller?.close(), () => sender?.close(), () => capture?.close(),
      () => joinProc?.stop(), () => lookup?.stop(),
    ];
    for (const step of steps) await Promise.resolve().then(step).catch(() => undefined);
    pool.remove();
  });

  it(`sends at least 10,000 packets of every kind and nothing crashes`, () => {
    expect(tally.sent).to.be.at.least(Math.min(PACKETS, 10_000));
    expect(sender?.sent).to.equal(tally.datagrams);
    expect(tally.byCategory.size).to.be.at.least(25);
    expect(alive(lookup), `lookup exited: ${lookup?.stderr.slice(-500)}`).to.equal(true);
    expect(alive(joinProc), `lama join exited: ${joinProc?.stderr.slice(-500)}`).to.equal(true);
    expect(lookup?.stderr).to.equal('');
    expect(joinProc?.stderr).to.equal('');
  });

  it('the joiners counted the rejections by reason, and nothing forged got in', () => {
    observed.joiner = delta(joinerAfter, joinerBefore);
    observed.joinProcess = joinProcCounts;
    for (const [name, counts, receiver] of [['in-process joiner', observed.joiner, 'joiner'], ['lama join', joinProcCounts, 'joinProcess']] as const) {
      for (const reason of JOINER_REASONS) expect(counts[reason] ?? 0, `${name}: ${reason}`).to.be.greaterThan(0);
      // Most packets were really processed (not dropped by the kernel), and none was counted twice
      // (that would add thousands); a few genuine announcements reordered by the flood may count too.
      const expected = tally.expectedTotal(receiver);
      expect(total(counts), name).to.be.within(0.9 * expected, expected + tally.unknown[receiver] + GENUINE_SLACK);
    }
    // Queries (QR bit 0) are dropped undecoded at a joiner and counted as ignored, not lost from
    // the books; the few extra are genuine queries (the joiners' own) heard during the flood.
    console.log(`      in-process joiner ignored ${joinerIgnored} queries (${tally.ignored.joiner} in the flood)`);
    expect(joinerIgnored).to.be.within(0.9 * tally.ignored.joiner, tally.ignored.joiner + GENUINE_SLACK);
    // Forged goodbyes, tampered endpoints, impersonations: the joiner never lost or re-pointed its lookup service.
    const j = joiner as InProcessJoiner;
    expect(j.events.map((e) => `${e.type}:${e.lookup.endpoint}`)).to.deep.equal([`discovered:${endpoint}`]);
    expect(j.lost).to.deep.equal([]);
    expect(joinProc?.logs.filter((l) => l.msg === 'registration lost' || l.msg === 'lookup service discarded')).to.deep.equal([]);
    const internals = j.internals();
    console.log(`      in-process joiner state after the flood: ${JSON.stringify(internals)}`);
    // Only the genuine lookup service left state behind; nonces are only our own queries'.
    expect(internals.known).to.equal(1);
    expect(internals.lastSeq).to.equal(1);
    expect(internals.nonces).to.be.below(10);
    expect(internals.verifiedCertificates).to.be.at.most(3);
  });

  it('a fresh joiner discovers the lookup service and registers within a few seconds', async () => {
    fresh = new InProcessJoiner(credentials.fresh, MDNS, 'fresh-joiner', LEASE_MS);
    const ms = await fresh.start(WITHIN_MS);
    console.log(`      fresh joiner registered ${ms} ms after start`);
    const found = await (controller as RegistrarClient).lookup({ attributes: [{ type: 'lama.Name', fields: { name: 'fresh-joiner' } }] });
    expect(found.total).to.equal(1);
  });

  it('the fuzzed joiner still discovers: dropped on purpose, it finds the lookup service again and re-registers', async () => {
    const j = joiner as InProcessJoiner;
    const t0 = Date.now();
    const registered = j.nextRegistration(WITHIN_MS);
    j.discovery.discard(lookupId, 'dropped by the test');
    await registered;
    console.log(`      fuzzed joiner re-registered ${Date.now() - t0} ms after the discard`);
    expect(j.events.map((e) => e.type).slice(-2)).to.deep.equal(['discarded', 'discovered']);
    const items = await (controller as RegistrarClient).lookup({ serviceTypes: ['lama.FuzzTarget'] });
    expect(items.items.map((i) => i.owner).sort()).to.deep.equal(['fresh-joiner', 'joiner-b']);
    const all = await (controller as RegistrarClient).lookup({});
    expect(all.items.map((i) => i.owner)).to.include('fuzz-join');
  });

  it('the lookup service counted the rejections by reason, logged them, and stops cleanly', async () => {
    const proc = lookup as LamaProcess;
    const firstLogged = new Set(proc.logs.filter((l) => l.msg === 'discovery packet rejected').map((l) => String(l.reason)));
    await (joiner as InProcessJoiner).stop();
    await (fresh as InProcessJoiner).stop();
    expect(await joinProc?.stop()).to.equal(0);
    expect(await proc.stop('SIGTERM')).to.equal(0);
    const line = await proc.waitForLog((l) => l.msg === 'discovery counters', 1000);
    const stats = line.discovery as Record<string, number>;
    observed.lookup = reasonsOf(stats);
    console.log(`      lookup service counters: ${JSON.stringify(stats)}`);
    console.log(tally.report(observed).replace(/^/gm, '      '));
    for (const reason of LOOKUP_REASONS) {
      expect(observed.lookup[reason] ?? 0, reason).to.be.greaterThan(0);
      expect(firstLogged, `first '${reason}' rejection logged at once`).to.include(reason);
    }
    expect(total(observed.lookup)).to.be.within(0.9 * tally.expectedTotal('lookup'), tally.expectedTotal('lookup') + tally.unknown.lookup);
    // Responses are dropped undecoded at the lookup service and counted as ignored; the few extra
    // are its own announcements, heard back on loopback.
    expect(stats.ignoredResponses).to.be.within(0.9 * tally.ignored.lookup, tally.ignored.lookup + GENUINE_SLACK);
  });
});
