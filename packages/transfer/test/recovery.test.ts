import { expect } from 'chai';
import { closeSync, mkdirSync, openSync, readdirSync, symlinkSync, writeSync } from 'node:fs';
import { sign } from 'node:crypto';
import { join } from 'node:path';
import { CredentialVerifier, createPoolKey, issueCredential, revoke } from '@lama/lookup';
import { SourceChangedError, TransferSender, buildManifest, decodePacket, encodeSlice, packManifest, scanDirectory, type TransferReceiver } from '../src/index.js';
import { encodePacket, endMessage } from '../src/wire/packet-codec.js';
import { LAYOUT, MemoryNetwork, START, VirtualClock, makePool, memoryReceiver, memorySender, runUntil } from './helpers/session.js';
import { tempDirs, treeDigest, writeTree } from './helpers/trees.js';

const targetOf = (r: TransferReceiver) => (r as unknown as { o: { target: string } }).o.target;

describe('transfer protocol: failures, restarts and hostile manifests (virtual time)', function () {
  this.timeout(60_000);
  const { temp, cleanup } = tempDirs();
  afterEach(cleanup);

  function world() {
    const clock = new VirtualClock(START);
    const net = new MemoryNetwork(clock);
    const { credential, member } = makePool(clock);
    const src = temp();
    writeTree(src);
    return { clock, net, credential, member, src };
  }

  it('one receiver losing everything: best effort stops after K rounds and says what each lacks', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 3, maxRounds: 3 });
    const rs = [0, 1, 2].map((i) => memoryReceiver(net, clock, member, temp(), `node-${i}`, {}, i + 1));
    sender.on('receiver', () => {
      // The third goes dark once it has registered: it hears nothing more.
      if (sender['receivers'].size === 3) rs[2].node.down = true;
    });
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(false);
    expect(result.reason).to.equal('rounds');
    const dark = result.receivers.find((r) => r.name === 'node-2')!;
    expect(dark.complete).to.equal(false);
    expect(dark.reported).to.equal(false);
    expect(dark.lacking.length).to.equal(scanDirectory(src).length);
    for (const name of ['node-0', 'node-1']) {
      const r = result.receivers.find((x) => x.name === name)!;
      expect(r.complete).to.equal(true);
      expect(r.lacking).to.deep.equal([]);
    }
    expect(treeDigest(targetOf(rs[0].receiver))).to.deep.equal(treeDigest(src));
  });

  it('best effort with a lossy receiver: the final report names the files it lacks, and the receiver knows them too', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1, maxRounds: 0 });
    const { receiver, node } = memoryReceiver(net, clock, member, temp(), 'lossy', {}, 3);
    let n = 0;
    const handler = node.handler;
    // Drops every 10th data packet of the only pass.
    node.handler = (d, from) => {
      if (d[3] === 3 && ++n % 10 === 0) return;
      handler(d, from);
    };
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(false);
    const out = result.receivers[0];
    expect(out.reported).to.equal(true);
    expect(out.lacking.length).to.be.greaterThan(0);
    const own = await runUntil(clock, receiver.done);
    expect(own.complete).to.equal(false);
    expect(own.reason).to.equal('rounds');
    // The sender's list (from packet ranges) covers every file the receiver lacks.
    expect(out.lacking).to.include.members(own.lacking);
  });

  it('a late receiver picks up the cycle and completes', async () => {
    const { clock, net, credential, member, src } = world();
    // 5 Mbit/s: the pass lasts about 0.6 s, long enough for a join on the way.
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1, rateBps: 5e6 });
    memoryReceiver(net, clock, member, temp(), 'early', {}, 1);
    sender.start();
    let late: TransferReceiver | undefined;
    sender.on('progress', () => undefined);
    clock.setTimer(() => { late = memoryReceiver(net, clock, member, temp(), 'late', {}, 2).receiver; }, 150);
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(true);
    expect(result.receivers.map((r) => r.name)).to.have.members(['early', 'late']);
    expect((await late!.done).complete).to.equal(true);
    expect(treeDigest(targetOf(late!))).to.deep.equal(treeDigest(src));
  });

  it('a receiver killed and restarted resumes from its part files: verified blocks are not asked for again', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 2 });
    const target = temp();
    memoryReceiver(net, clock, member, temp(), 'steady', {}, 1);
    const first = memoryReceiver(net, clock, member, target, 'restarts', {}, 2);
    sender.start();
    // Killed mid-pass: it leaves the network without a word.
    clock.setTimer(() => first.node.detach(), 150);
    let second: TransferReceiver | undefined;
    clock.setTimer(() => { second = memoryReceiver(net, clock, member, target, 'restarts', {}, 3).receiver; }, 400);
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(true);
    expect(result.receivers).to.have.length(2);
    const r2 = second!;
    expect(r2.stats.blocksRecovered + r2.stats.filesRecovered).to.be.greaterThan(0);
    const total = sender['source'].layout.packets as number;
    expect(result.stats.repairPackets).to.be.lessThan(total);
    expect(treeDigest(target)).to.deep.equal(treeDigest(src));
  });

  it('a sender killed and restarted (new session, same files): receivers follow the new session and finish', async () => {
    const { clock, net, credential, member, src } = world();
    const a = memorySender(net, clock, credential, src, { receivers: 2 });
    const rs = [0, 1].map((i) => memoryReceiver(net, clock, member, temp(), `node-${i}`, { sessionIdleMs: 300 }, i + 1));
    a.sender.start();
    await runUntil(clock, new Promise<void>((resolve) => clock.setTimer(resolve, 150)));
    // Killed: no END; its timers stop with it.
    a.node.detach();
    a.sender['stopTimers']();
    a.sender['phase'] = 'done';
    await runUntil(clock, new Promise<void>((resolve) => clock.setTimer(resolve, 500)));
    const b = memorySender(net, clock, credential, src, { receivers: 2 });
    b.sender.start();
    const result = await runUntil(clock, b.sender.done);
    expect(result.complete).to.equal(true);
    for (const { receiver } of rs) {
      expect(receiver.stats.blocksRecovered + receiver.stats.filesRecovered).to.be.greaterThan(0);
      expect(treeDigest(targetOf(receiver))).to.deep.equal(treeDigest(src));
    }
  });

  it('a changed block (forged data) is dropped by its hash and asked for again', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1 });
    const { receiver, node } = memoryReceiver(net, clock, member, temp(), 'victim', {}, 1);
    const handler = node.handler;
    let forged = 0;
    node.handler = (d, from) => {
      if (d[3] === 3 && forged < 3) {
        const p = decodePacket(d);
        if (p.type === 'data' && p.index % 17 === 5) {
          forged++;
          return handler(encodeSlice('data', p.session, p.index, Buffer.alloc(p.data.length, 0x41)), from);
        }
      }
      handler(d, from);
    };
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(true);
    expect(forged).to.equal(3);
    expect(receiver.stats.blocksRejected).to.equal(3);
    expect(receiver.stats.drops['block-hash']).to.equal(3);
    expect(treeDigest(targetOf(receiver))).to.deep.equal(treeDigest(src));
  });

  it('a source file changed after the manifest: the sender stops with SourceChangedError, never sends bad data', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1 });
    const { receiver } = memoryReceiver(net, clock, member, temp(), 'r', {}, 1);
    const fd = openSync(join(src, 'big.bin'), 'r+');
    writeSync(fd, Buffer.from('changed'), 0, 7, 100_000);
    closeSync(fd);
    sender.start();
    let error: unknown;
    await runUntil(clock, sender.done).catch((e) => { error = e; });
    expect(error).to.be.instanceOf(SourceChangedError);
    expect((error as SourceChangedError).code).to.equal('ERR_TRANSFER_SOURCE_CHANGED');
    const r = await runUntil(clock, receiver.done);
    expect(r.reason).to.equal('aborted');
    expect(r.complete).to.equal(false);
  });

  it('receivers that never hear their register-ack still end the session complete: registering again does not undo a completion', async () => {
    const { clock, net, credential, member, src } = world();
    // Announces every 100 ms: a receiver that has no ack registers again at each, after its completion too.
    const { sender } = memorySender(net, clock, credential, src, { receivers: 3, announceIntervalMs: 100 });
    const rs = [0, 1, 2].map((i) => memoryReceiver(net, clock, member, temp(), `deaf-${i}`, {}, i + 1));
    let n = 0;
    rs.forEach(({ node, receiver }, i) => {
      // Deaf to acks (on one host, a unicast ack to the shared group port reached one socket only);
      // the third also loses every 10th data packet, so repair rounds go on after the others completed.
      const handler = node.handler;
      node.handler = (d, from) => {
        if (d[3] === 7 || (i === 2 && d[3] === 3 && ++n % 10 === 0)) return;
        handler(d, from);
        // Complete, it leaves (as receiveOverUdp does when it hears no END), its last word the
        // registration an announce made it send.
        if (d[3] === 1 && receiver.complete) receiver.stop();
      };
    });
    sender.start();
    const result = await runUntil(clock, sender.done, 60_000);
    expect(result.complete).to.equal(true);
    expect(result.receivers.map((r) => r.complete)).to.deep.equal([true, true, true]);
  });

  it('a manifest signed in another pool is refused and nothing is written', async () => {
    const { clock, net, member, src } = world();
    const stranger = issueCredential(createPoolKey(), { name: 'cache-source', roles: ['agent'], now: START - 1000 });
    const { sender } = memorySender(net, clock, stranger, src, { receivers: 1, maxRounds: 1 });
    const target = temp();
    const { receiver } = memoryReceiver(net, clock, member, target, 'r', {}, 1);
    const refused: Error[] = [];
    receiver.on('refused', (e: Error) => refused.push(e));
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(false);
    expect(refused).to.have.length(1);
    expect(refused[0].message).to.match(/another pool/);
    expect(readdirSync(target)).to.deep.equal([]);
    expect(receiver.stats.drops['session']).to.be.greaterThan(0);
  });

  it("a manifest signed by a revoked member is refused by a receiver whose verifier follows the pool's revocations, and nothing is written", async () => {
    const clock = new VirtualClock(START);
    const net = new MemoryNetwork(clock);
    const pool = createPoolKey();
    const source = issueCredential(pool, { name: 'cache-source', roles: ['agent'], now: START - 1000 });
    const member = issueCredential(pool, { name: 'new-server', roles: ['agent'], now: START - 1000 });
    const src = temp();
    writeTree(src);
    // The agent hands the transfer its own verifier, whose revocation set follows the lookup services.
    const verifier = new CredentialVerifier(pool.publicKey, clock);
    verifier.revocations.update(revoke(pool, undefined, [source.certificate.serial]));
    const { sender } = memorySender(net, clock, source, src, { receivers: 1, maxRounds: 1 });
    const target = temp();
    const { receiver } = memoryReceiver(net, clock, member, target, 'r', { verifier }, 1);
    const refused: Error[] = [];
    receiver.on('refused', (e: Error) => refused.push(e));
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(false);
    expect(refused.map((e) => e.message).join()).to.match(/revoked/);
    expect(readdirSync(target)).to.deep.equal([]);
  });

  for (const [label, path] of [['an absolute path', '/etc/evil'], ["a '..' path", 'd0/../../evil']] as const) {
    it(`a signed manifest with ${label} is refused and nothing is written`, async () => {
      const { clock, net, credential, member, src } = world();
      const built = buildManifest(scanDirectory(src), LAYOUT);
      built.manifest.files[0].path = path;
      const wire = packManifest(credential, built.manifest, clock.now());
      const node = net.attach((d, from) => sender.receive(d, from), '10.0.0.100');
      const sender: TransferSender = new TransferSender({ clock, built, wire, verifier: new CredentialVerifier(credential.poolPublicKey, clock), credential, send: node.send, group: { address: '239.255.77.14', port: 17140 }, rateBps: 20e6, receivers: 1, maxRounds: 1 });
      const target = temp();
      const { receiver } = memoryReceiver(net, clock, member, target, 'r', {}, 1);
      const refused: Error[] = [];
      receiver.on('refused', (e: Error) => refused.push(e));
      sender.start();
      await runUntil(clock, sender.done);
      expect(refused.map((e) => (e as { code?: string }).code)).to.deep.equal(['ERR_TRANSFER_UNSAFE_PATH']);
      expect(readdirSync(target)).to.deep.equal([]);
    });
  }

  it('a manifest path through a symlink out of the target is refused and nothing is written', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1, maxRounds: 1 });
    const target = temp();
    const outside = temp();
    symlinkSync(outside, join(target, 'd1'));
    mkdirSync(join(target, 'd2'));
    const { receiver } = memoryReceiver(net, clock, member, target, 'r', {}, 1);
    const refused: Error[] = [];
    receiver.on('refused', (e: Error) => refused.push(e));
    sender.start();
    await runUntil(clock, sender.done);
    expect(refused).to.have.length(1);
    expect(refused[0].message).to.match(/'d1' under the target is a symlink/);
    expect(readdirSync(target).sort()).to.deep.equal(['d1', 'd2']);
    expect(readdirSync(join(target, 'd2'))).to.deep.equal([]);
    expect(readdirSync(outside)).to.deep.equal([]);
  });

  it('a forged END (signed by another pool member, or not at all) is dropped: the receiver follows the session to the end', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1 });
    const { receiver, node } = memoryReceiver(net, clock, member, temp(), 'victim', {}, 1);
    const handler = node.handler;
    // The hostile member hears the group, so it knows the session; it ends it as soon as data flows.
    let injected = false;
    node.handler = (d, from) => {
      if (!injected && d[3] === 3) {
        injected = true;
        const session = decodePacket(d).session;
        handler(encodePacket({ type: 'end', session, reason: 'complete', signature: Buffer.from(sign(null, endMessage(session, 'complete'), member.signingKey)) }), from);
        handler(encodePacket({ type: 'end', session, reason: 'aborted', signature: Buffer.alloc(64) }), from);
      }
      handler(d, from);
    };
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(injected).to.equal(true);
    expect(result.complete).to.equal(true);
    expect(receiver.stats.drops['signature']).to.equal(2);
    const done = await runUntil(clock, receiver.done);
    // Ended by the sender's own END, with everything there.
    expect([done.complete, done.reason]).to.deep.equal([true, 'complete']);
    expect(treeDigest(targetOf(receiver))).to.deep.equal(treeDigest(src));
  });

  it('a registration with a credential of another pool is refused: the sender neither acks nor waits for it', async () => {
    const { clock, net, credential, member, src } = world();
    const { sender } = memorySender(net, clock, credential, src, { receivers: 2, registerTimeoutMs: 300 });
    const stranger = issueCredential(createPoolKey(), { name: 'new-server', roles: ['agent'], now: START - 1000 });
    memoryReceiver(net, clock, member, temp(), 'member', {}, 1);
    const intruder = memoryReceiver(net, clock, stranger, temp(), 'intruder', {}, 2);
    sender.start();
    const result = await runUntil(clock, sender.done);
    // Two were expected and one registered: the member has everything, the session says who is missing.
    expect(result.complete).to.equal(false);
    expect(result.missingReceivers).to.equal(1);
    expect(result.receivers.map((r) => [r.name, r.complete])).to.deep.equal([['member', true]]);
    expect(result.stats.drops['credential']).to.be.greaterThan(0);
    // The intruder still hears the group, but its own pool key refuses this pool's manifest.
    expect(intruder.receiver.stats.filesLanded).to.equal(0);
  });
});
