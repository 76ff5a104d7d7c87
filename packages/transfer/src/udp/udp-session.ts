import { CredentialVerifier, systemClock, type Clock, type Credential } from '@lama/lookup/trust';
import { buildManifest, packManifest, type LayoutOptions, type SnapshotEntry } from '../manifest/manifest.js';
import { scanDirectory } from '../manifest/scan-directory.js';
import { LossFilter, type LossSpec } from '../protocol/loss-filter.js';
import { TransferReceiver, type ReceiveResult, type ReceiverOptions } from '../protocol/receiver.js';
import { TransferSender, type SendResult, type SenderOptions } from '../protocol/sender.js';
import { UdpTransport, type UdpScope } from './udp-transport.js';

/** What to send: a directory, or a list of entries (a cache snapshot). */
export type SendSource = { dir: string } | { entries: readonly SnapshotEntry[] };

/** Options of a UDP send: the scope, the credential that signs the manifest, and the session's knobs. */
export interface UdpSendOptions extends UdpScope, LayoutOptions, Pick<SenderOptions, 'receivers' | 'registerTimeoutMs' | 'maxRounds' | 'deadlineMs' | 'reportWindowMs' | 'backoffMs' | 'announceIntervalMs' | 'burstBytes'> {
  source: SendSource;
  credential: Credential;
  /** Checks the receivers' registrations (default: one of the pool key alone); the agent passes its own, which follows the pool's revocations. */
  verifier?: CredentialVerifier;
  rateBps: number;
  clock?: Clock;
}

/** A running UDP send. */
export interface UdpSend {
  sender: TransferSender;
  transport: UdpTransport;
  /** Milliseconds spent reading and hashing the source for the manifest. */
  manifestMs: number;
  done: Promise<SendResult>;
  stop(): Promise<void>;
}

/** Builds and signs the manifest, opens the sockets and starts announcing. */
export async function sendOverUdp(o: UdpSendOptions): Promise<UdpSend> {
  const clock = o.clock ?? systemClock;
  const t0 = Date.now();
  const entries = 'dir' in o.source ? scanDirectory(o.source.dir) : o.source.entries;
  const built = buildManifest(entries, o);
  const wire = packManifest(o.credential, built.manifest, clock.now());
  const manifestMs = Date.now() - t0;
  const transport = new UdpTransport(o, 'sender');
  await transport.start();
  const sender = new TransferSender({
    clock, built, wire, verifier: o.verifier ?? new CredentialVerifier(o.credential.poolPublicKey, clock), credential: o.credential, send: transport.send,
    group: { address: o.group, port: o.port }, rateBps: o.rateBps, receivers: o.receivers, registerTimeoutMs: o.registerTimeoutMs,
    maxRounds: o.maxRounds, deadlineMs: o.deadlineMs, reportWindowMs: o.reportWindowMs, backoffMs: o.backoffMs, announceIntervalMs: o.announceIntervalMs, burstBytes: o.burstBytes,
  });
  transport.on('datagram', (d: Buffer, from) => sender.receive(d, from));
  sender.start();
  const stop = async () => {
    sender.stop();
    await transport.stop();
  };
  const done = sender.done.finally(() => transport.stop());
  return { sender, transport, manifestMs, done, stop };
}

/** Options of a UDP receive. */
export interface UdpReceiveOptions extends UdpScope, Pick<ReceiverOptions, 'sessionIdleMs' | 'idleTimeoutMs' | 'activeBlocks' | 'session' | 'accept' | 'verifier'> {
  credential: Credential;
  target: string;
  name: string;
  /** Drop datagrams on arrival (a test aid: netem is not everywhere). */
  simulateLoss?: LossSpec;
  /** After completing, wait this long for the sender's END before ending by itself (default 2 s). */
  lingerMs?: number;
  clock?: Clock;
}

/** A running UDP receive. */
export interface UdpReceive {
  receiver: TransferReceiver;
  transport: UdpTransport;
  done: Promise<ReceiveResult>;
  stop(): Promise<void>;
}

/** Joins the group and follows the first session announced on it. */
export async function receiveOverUdp(o: UdpReceiveOptions): Promise<UdpReceive> {
  const clock = o.clock ?? systemClock;
  const transport = new UdpTransport(o, 'receiver', o.simulateLoss ? new LossFilter(o.simulateLoss) : undefined);
  await transport.start();
  const receiver = new TransferReceiver({
    clock, credential: o.credential, target: o.target, name: o.name, send: transport.send,
    sessionIdleMs: o.sessionIdleMs, idleTimeoutMs: o.idleTimeoutMs, activeBlocks: o.activeBlocks, session: o.session, accept: o.accept, verifier: o.verifier,
  });
  transport.on('datagram', (d: Buffer, from) => receiver.receive(d, from));
  // Complete but no END heard (it can be lost too): stop after the linger time.
  receiver.on('complete', () => clock.setTimer(() => receiver.stop(), o.lingerMs ?? 2000));
  const done = receiver.done.then(async (r) => {
    await transport.stop();
    return r.complete && r.reason === 'stopped' ? { ...r, reason: 'complete' as const } : r;
  });
  return { receiver, transport, done, stop: async () => { receiver.stop(); await done; } };
}
