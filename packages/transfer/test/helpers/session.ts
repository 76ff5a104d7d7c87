import { CredentialVerifier, VirtualClock, createPoolKey, issueCredential, type Credential } from '@lama/lookup';
import {
  TransferReceiver, TransferSender, buildManifest, packManifest, scanDirectory, seededRandom, type BuiltManifest, type ReceiverOptions, type SenderOptions,
} from '../../src/index.js';
import { MemoryNetwork, type MemoryNode } from './memory-network.js';

export const START = Date.UTC(2026, 5, 1);

/** A pool with a sender credential and a receivers' credential (both role agent). */
export function makePool(_clock?: VirtualClock): { credential: Credential; member: Credential } {
  const pool = createPoolKey();
  const credential = issueCredential(pool, { name: 'cache-source', roles: ['agent'], now: START - 1000 });
  const member = issueCredential(pool, { name: 'new-server', roles: ['agent'], now: START - 1000 });
  return { credential, member };
}

/** Small packets and blocks so a small tree still spans many blocks. */
export const LAYOUT = { packetSize: 512, packetsPerBlock: 8 };

/** A sender on the memory network for the tree under src. */
export function memorySender(net: MemoryNetwork, clock: VirtualClock, credential: Credential, src: string, o: Partial<SenderOptions> = {}): { sender: TransferSender; node: MemoryNode; built: BuiltManifest } {
  const built = buildManifest(scanDirectory(src), LAYOUT);
  const wire = packManifest(credential, built.manifest, clock.now());
  let sender!: TransferSender;
  const node = net.attach((d, from) => sender.receive(d, from), '10.0.0.100');
  sender = new TransferSender({
    clock, built, wire, verifier: new CredentialVerifier(credential.poolPublicKey, clock), credential, send: node.send, group: { address: '239.255.77.14', port: 17140 }, rateBps: 20_000_000, receivers: 0, registerTimeoutMs: 500, ...o,
  });
  return { sender, node, built };
}

/** A receiver on the memory network writing under target. */
export function memoryReceiver(net: MemoryNetwork, clock: VirtualClock, credential: Credential, target: string, name: string, o: Partial<ReceiverOptions> = {}, seed = 1): { receiver: TransferReceiver; node: MemoryNode } {
  let receiver!: TransferReceiver;
  const node = net.attach((d, from) => receiver.receive(d, from));
  receiver = new TransferReceiver({ clock, credential, target, name, send: node.send, random: seededRandom(seed), ...o });
  return { receiver, node };
}

/** Advances virtual time in steps until p settles or limitMs passes; returns its value. */
export async function runUntil<T>(clock: VirtualClock, p: Promise<T>, limitMs = 120_000, stepMs = 5): Promise<T> {
  let settled = false;
  let value: T | undefined;
  let error: unknown;
  p.then((v) => { settled = true; value = v; }, (e) => { settled = true; error = e; });
  for (let t = 0; t < limitMs && !settled; t += stepMs) {
    clock.advance(stepMs);
    await Promise.resolve();
  }
  await Promise.resolve();
  if (!settled) throw new Error(`not settled within ${limitMs} ms of virtual time`);
  if (error) throw error;
  return value as T;
}

export { MemoryNetwork, VirtualClock };
